use super::*;

#[test]
fn whitespace_and_format_characters_need_no_glyph() {
    for c in [
        ' ', '\n', '\t', '\u{3000}', '\u{200B}', '\u{FE0F}', '\u{FEFF}', '\u{1}',
    ] {
        assert!(!needs_glyph(c), "{c:?}");
    }
    for c in ['a', '中', '😀', '—', '％'] {
        assert!(needs_glyph(c), "{c:?}");
    }
}

#[test]
fn empty_font_folder_is_an_error() {
    let t = tempfile::tempdir().unwrap();
    assert!(uncovered(t.path(), &BTreeSet::from(['a'])).is_err());
}

/// The pinned font folder, when installed (else the tests below skip; CI has it).
fn pinned_fonts() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tools =
        crate::render::pdf::tools::locate(root, &crate::render::pdf::tools::Lookup::from_env());
    match tools {
        Ok(t) => Some(t.fonts),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {e}");
            None
        }
        Err(e) => panic!("CI must have the pinned fonts: {e}"),
    }
}

#[test]
fn the_subsets_have_gb2312_and_the_usual_symbols_and_nothing_rare() {
    let Some(fonts) = pinned_fonts() else {
        return;
    };
    let common = subset_chars(&fonts).expect("the pinned folder has subsets");
    // Each of these is in tools/font-subset.txt (GB 2312 or a listed range) and in every face.
    for c in [
        '一', '龄', '。', '（', 'A', '①', '㉑', '℃', '‰', '≥', '÷', '￥', 'é',
    ] {
        assert!(common.prints(c), "{c} missing from the subsets");
    }
    // Outside GB 2312 and the listed ranges.
    for c in ['喆', '堃', '镕', '㐀', '𠀀'] {
        assert!(!common.prints(c), "{c} in the subsets");
    }
}

#[test]
fn typst_gets_the_subsets_alone_only_when_they_have_every_character() {
    let Some(fonts) = pinned_fonts() else {
        return;
    };
    let plain = "{\"unit\":\"广州市白云区\",\"total\":\"98.57\"}".as_bytes();
    let rare = "{\"unit\":\"负责人张喆\"}".as_bytes();
    assert_eq!(faces_for(&fonts, true, [plain]), Faces::Subsets);
    // One rare character anywhere: the whole folder.
    assert_eq!(faces_for(&fonts, true, [plain, rare]), Faces::All);
    // Whitespace and format characters are drawn by no face: they do not count.
    assert_eq!(
        faces_for(&fonts, true, ["甲\u{200B}乙\u{3000}".as_bytes()]),
        Faces::Subsets
    );
    // A theme of the site's own may name the full families: the whole folder.
    assert_eq!(faces_for(&fonts, false, [plain]), Faces::All);
    // A font folder without subsets (a site's own fonts): its full faces alone, whatever the theme.
    let t = tempfile::tempdir().unwrap();
    assert_eq!(faces_for(t.path(), true, [plain]), Faces::Full);
    assert_eq!(faces_for(t.path(), false, [plain]), Faces::Full);
}
