use super::*;
use run::typst_messages;
use std::path::Path;

#[test]
fn typst_paths_point_at_the_theme() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("report.typ"), "").unwrap();
    let abs = format!(
        "{}/report.typ:3:7: error: unknown variable: x\n\n",
        t.path().display()
    );
    assert_eq!(
        typst_messages(&abs, t.path()),
        "typst/report.typ:3:7: error: unknown variable: x"
    );
    let rel = "report.typ:2:30: error: panicked with: a\nwarning: unknown font family: x";
    assert_eq!(
        typst_messages(rel, t.path()),
        "typst/report.typ:2:30: error: panicked with: a\nwarning: unknown font family: x"
    );
}

#[test]
fn line_of_finds_the_first_line() {
    assert_eq!(line_of("a\nb😀\n😀", '😀'), Some(2));
    assert_eq!(line_of("a", 'b'), None);
}

/// The compiled-in coverage table is the pinned fonts' (rewritten with JIXIAO_UPDATE_COVERAGE=1).
#[test]
fn coverage_table_matches_the_pinned_fonts() {
    let Ok(tools) = tools::locate(Path::new("."), &tools::Lookup::from_env()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the pinned fonts must be installed in CI"
        );
        return;
    };
    let made = super::coverage::Coverage::of_fonts(&tools.fonts).unwrap();
    let table = made.to_table(tools::pin("FONTS_DIR"));
    if std::env::var_os("JIXIAO_UPDATE_COVERAGE").is_some() {
        std::fs::write(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/font-coverage.txt"),
            &table,
        )
        .unwrap();
        return;
    }
    assert!(
        super::coverage::TABLE == table,
        "tools/font-coverage.txt is not the pinned fonts' coverage: JIXIAO_UPDATE_COVERAGE=1 cargo test coverage"
    );
    // Spot checks, independent of the table: 汉字, full-width forms and a rare ideograph print, an
    // emoji does not.
    let c = super::coverage::Coverage::pinned();
    for ch in ['绩', '效', '％', '（', 'A', '①'] {
        assert!(c.prints(ch), "{ch}");
    }
    assert!(!c.prints('😀'));
    assert!(c.prints('\u{200B}'), "a zero-width space needs no glyph");
    // The no-glyph check skips ASCII unlooked: every ASCII character must print.
    for ch in (0u8..0x80).map(char::from) {
        assert!(c.prints(ch), "U+{:04X}", ch as u32);
    }
}

#[test]
fn char_set_keeps_every_character_once_in_order() {
    let mut a = super::CharSet::new();
    a.extend("效绩A\u{0}".chars());
    let mut b = super::CharSet::new();
    b.extend(['\u{FFFF}', '😀', '\u{10000}', 'A', '\u{3F}', '\u{40}']);
    let set = a.union(b).into_set();
    let want: Vec<char> = vec![
        '\u{0}',
        '\u{3F}',
        '\u{40}',
        'A',
        '绩',
        '效',
        '\u{FFFF}',
        '\u{10000}',
        '😀',
    ];
    let mut want = want;
    want.sort();
    assert_eq!(set.into_iter().collect::<Vec<_>>(), want);
}
