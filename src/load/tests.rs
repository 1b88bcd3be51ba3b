use super::*;

#[test]
fn splits_front_matter_with_crlf_and_bom() {
    let bytes = b"\xEF\xBB\xBF---\r\nunit: a\r\n---\r\nbody\r\n";
    let text = decode(bytes, "x.md").unwrap();
    let s = split(&text).unwrap();
    let (a, b) = s.front.unwrap();
    assert_eq!(&text[a..b], "unit: a\r\n");
    assert_eq!(&text[s.body_start..], "body\r\n");
    let tree = parse_front(&text, &s).unwrap();
    let crate::load::yaml::Value::Map(m) = tree.value else {
        panic!()
    };
    assert_eq!(m[0].1.as_str(), Some("a"));
    assert_eq!(&text[m[0].1.span.start..m[0].1.span.end], "a");
}

#[test]
fn front_matter_problems() {
    assert_eq!(split("").unwrap_err().code, "empty-file");
    assert_eq!(split("  \r\n\n").unwrap_err().code, "empty-file");
    assert_eq!(split("# 标题\n").unwrap_err().code, "no-front-matter");
    assert_eq!(
        split("---\nunit: a\n").unwrap_err().code,
        "unclosed-front-matter"
    );
}

#[test]
fn names_gbk_and_points_at_its_first_chinese_character() {
    let (bytes, _, _) = encoding_rs::GBK.encode("---\nunit: 广州市工业和信息化局\n---\n");
    let e = decode(&bytes, "content/a.md").unwrap_err();
    assert_eq!(e.diag.code, "gbk-encoding");
    let text = e.text.unwrap();
    assert_eq!(
        &text[e.diag.span.unwrap().start..],
        "广州市工业和信息化局\n---\n"
    );
    assert!(
        e.diag
            .hint
            .unwrap()
            .contains("iconv -f GB18030 -t UTF-8 'content/a.md'")
    );
}

#[test]
fn utf8_with_a_stray_byte_is_not_called_gbk() {
    let mut bytes = "---\nunit: 广州市工业和信息化局\ntitle: "
        .as_bytes()
        .to_vec();
    bytes.push(0xB9);
    bytes.extend_from_slice("报告\n---\n".as_bytes());
    let e = decode(&bytes, "a.md").unwrap_err();
    assert_eq!(e.diag.code, "not-utf8");
    let text = e.text.unwrap();
    assert!(text[e.diag.span.unwrap().start..].starts_with('\u{fffd}'));
}

#[test]
fn names_utf16_and_binary() {
    let utf16le: Vec<u8> = "---\nunit: a\n---\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(decode(&utf16le, "a.md").unwrap_err().diag.code, "utf16");
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend_from_slice(&utf16le);
    let e = decode(&with_bom, "a.md").unwrap_err();
    assert_eq!(e.diag.code, "utf16");
    assert!(e.diag.hint.unwrap().contains("iconv -f UTF-16"));
    assert_eq!(e.text.as_deref(), Some("---\nunit: a\n---\n"));
    assert_eq!(
        decode(b"\x00\x01\xff\xfe\x00", "a.md")
            .unwrap_err()
            .diag
            .code,
        "binary"
    );
    assert_eq!(
        decode(b"---\nx: 1\x00\n", "a.md").unwrap_err().diag.span,
        Some(Span::new(8, 9))
    );
}

#[test]
fn yaml_error_points_into_the_file() {
    let text = "---\nunit: a\nyear: [2023\n---\n";
    let s = split(text).unwrap();
    let d = parse_front(text, &s).unwrap_err();
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.span.unwrap().start >= 4, "{d:?}");
}

#[test]
fn refuses_oversized_files_without_reading_them_whole() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("big.md");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    assert_eq!(
        read(&p, "content/big.md").unwrap_err().diag.code,
        "file-too-large"
    );
}

#[cfg(unix)]
#[test]
fn refuses_symlinks() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("real.md"), "---\nunit: a\n---\n").unwrap();
    std::os::unix::fs::symlink(t.path().join("real.md"), t.path().join("link.md")).unwrap();
    std::os::unix::fs::symlink("/etc", t.path().join("etc")).unwrap();
    let listed = walk(t.path()).unwrap().files;
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(
        read(&t.path().join("link.md"), "content/link.md")
            .unwrap_err()
            .diag
            .code,
        "symlink"
    );
    assert_eq!(
        read(&t.path().join("etc"), "content/etc")
            .unwrap_err()
            .diag
            .code,
        "symlink"
    );
}
