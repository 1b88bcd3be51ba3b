use super::*;

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
