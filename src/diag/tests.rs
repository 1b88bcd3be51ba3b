use super::*;

#[test]
fn line_col_counts_characters() {
    let t = "a: 1\n单位: 广州\n";
    let idx = LineIndex::new(t);
    let off = t.find("广州").unwrap();
    assert_eq!(idx.line_col(off), LineCol { line: 2, column: 5 });
    assert_eq!(idx.line_text(2), "单位: 广州");
}

#[test]
fn render_points_a_caret_under_wide_text() {
    let t = "---\n单位: 广州\n";
    let off = t.find("广州").unwrap();
    let d = Diagnostic::error("x", Some(Span::new(off, off + "广州".len())), "错", "wrong");
    let r = render(&d, "content/a.md", Some(t));
    assert!(r.contains("content/a.md:2:5"), "{r}");
    assert!(r.contains("2 | 单位: 广州\n  |       ^^^^\n"), "{r}");
}

#[test]
fn display_width_counts_wide_forms_twice() {
    // 汉字, full-width digits and punctuation take two columns; ASCII, Latin letters one.
    for (c, w) in [
        ('广', 2),
        ('３', 2),
        ('，', 2),
        ('％', 2),
        ('가', 2),
        ('a', 1),
        ('é', 1),
        ('\t', 4),
    ] {
        assert_eq!(super::render::display_width(c), w, "{c:?}");
    }
}
