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
