use super::*;

type Change = Box<dyn Fn(&mut Inputs)>;

fn inputs() -> Inputs {
    Inputs {
        typst_version: "typst 0.15.1 (abcdef)\n".into(),
        typst_binary: (1000, 42),
        pins: "TYPST_VERSION=0.15.1\n".into(),
        fonts: "pin\nNotoSerifCJK.ttc 100 7\n".into(),
        theme: vec![
            ("report.typ".into(), b"#let x = 1".to_vec()),
            ("lib.typ".into(), b"#let y = 2".to_vec()),
        ],
        flags: vec!["--creation-timestamp".into(), "0".into()],
    }
}

const JSON: &[u8] = r#"{"title":"2023年度部门整体支出绩效自评报告"}"#.as_bytes();

#[test]
fn same_inputs_give_the_same_key() {
    let a = KeyBase::new(&inputs()).key(JSON);
    let b = KeyBase::new(&inputs()).key(JSON);
    assert_eq!(a, b);
    assert_eq!(a.hex().len(), 64);
    assert!(a.hex().bytes().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn theme_file_order_does_not_matter() {
    let mut other = inputs();
    other.theme.reverse();
    assert_eq!(
        KeyBase::new(&inputs()).key(JSON),
        KeyBase::new(&other).key(JSON)
    );
}

/// Every kind of input changes the key: a changed template, font set, typst, pin, flag or report is
/// never served from an old entry.
#[test]
fn every_input_changes_the_key() {
    let base = KeyBase::new(&inputs()).key(JSON);
    let changes: Vec<(&str, Change)> = vec![
        (
            "typst version",
            Box::new(|i| i.typst_version = "typst 0.15.2\n".into()),
        ),
        ("typst binary size", Box::new(|i| i.typst_binary.0 = 1001)),
        ("typst binary mtime", Box::new(|i| i.typst_binary.1 = 43)),
        (
            "pins",
            Box::new(|i| i.pins.push_str("NOTO_CJK_VERSION=2\n")),
        ),
        ("fonts", Box::new(|i| i.fonts.push_str("extra.ttf 1 1\n"))),
        ("template bytes", Box::new(|i| i.theme[0].1.push(b' '))),
        (
            "template path",
            Box::new(|i| i.theme[1].0 = "lib2.typ".into()),
        ),
        (
            "template added",
            Box::new(|i| i.theme.push(("x.typ".into(), Vec::new()))),
        ),
        ("flag", Box::new(|i| i.flags[1] = "1".into())),
        (
            "flag added",
            Box::new(|i| i.flags.push("--pdf-standard".into())),
        ),
    ];
    for (what, change) in changes {
        let mut i = inputs();
        change(&mut i);
        assert_ne!(
            KeyBase::new(&i).key(JSON),
            base,
            "{what} did not change the key"
        );
    }
    let kb = KeyBase::new(&inputs());
    assert_ne!(kb.key(b"{}"), base, "report.json did not change the key");
}

/// Fields are length-prefixed: moving bytes from one field to the next is a different key.
#[test]
fn fields_do_not_run_together() {
    let mut a = inputs();
    a.flags = vec!["ab".into(), "c".into()];
    let mut b = inputs();
    b.flags = vec!["a".into(), "bc".into()];
    assert_ne!(KeyBase::new(&a).key(JSON), KeyBase::new(&b).key(JSON));
}

#[test]
fn put_then_get_and_a_missing_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = PdfCache::new(dir.path().join("pdf"));
    let kb = KeyBase::new(&inputs());
    let k = kb.key(JSON);
    assert_eq!(cache.get(&k), None);
    cache.put(&k, b"%PDF-1.7 one").unwrap();
    assert_eq!(cache.get(&k).as_deref(), Some(&b"%PDF-1.7 one"[..]));
    // Replacing an entry is atomic and leaves no temporary file behind.
    cache.put(&k, b"%PDF-1.7 two").unwrap();
    assert_eq!(cache.get(&k).as_deref(), Some(&b"%PDF-1.7 two"[..]));
    let shard = dir.path().join("pdf").join(&k.hex()[..2]);
    let names: Vec<String> = std::fs::read_dir(shard)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![format!("{}.pdf", k.hex())]);
    assert_eq!(cache.get(&kb.key(b"{}")), None);
}

#[test]
fn fonts_id_follows_the_font_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".pin"), "stamp").unwrap();
    std::fs::write(dir.path().join("a.ttf"), b"font").unwrap();
    let one = fonts_id(dir.path());
    assert!(one.starts_with("stamp\n"), "{one}");
    assert!(one.contains("a.ttf 4 "), "{one}");
    std::fs::write(dir.path().join("b.otf"), b"font2").unwrap();
    let two = fonts_id(dir.path());
    assert_ne!(one, two);
    std::fs::write(dir.path().join("a.ttf"), b"fonts").unwrap();
    std::fs::write(dir.path().join(".pin"), "other").unwrap();
    assert_ne!(fonts_id(dir.path()), two);
}
