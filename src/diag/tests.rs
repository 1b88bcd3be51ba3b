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

#[test]
fn place_all_lists_a_hundred_and_counts_the_rest_at_its_severest() {
    let text = "x\n".repeat(200);
    let idx = LineIndex::new(&text);
    let at = |line: usize| Some(Span::new(line * 2, line * 2 + 1));
    let mut diags: Vec<Diagnostic> = (0..100)
        .map(|i| Diagnostic::error("unknown-field", at(i), "甲", "a"))
        .collect();
    // Exactly the limit: all listed, nothing added.
    let placed = place_all(&diags, "content/a.md", &idx);
    assert_eq!(placed.len(), 100);
    assert!(placed.iter().all(|p| p.code == "unknown-field"));
    // Three warnings and an info past it: one warning says so, at the first left out (line 101).
    diags.extend((100..103).map(|i| Diagnostic::warning("w", at(i), "乙", "b")));
    diags.push(Diagnostic::info("i", at(103), "丙", "c"));
    let placed = place_all(&diags, "content/a.md", &idx);
    assert_eq!(placed.len(), 101);
    let last = &placed[100];
    assert_eq!(last.code, TOO_MANY);
    assert_eq!(last.severity, Severity::Warning);
    assert_eq!((last.line, last.column), (101, 1));
    assert!(
        last.message
            .starts_with("本文件还有 4 个问题未列出（其中 0 个错误、3 个警告）"),
        "{}",
        last.message
    );
    // An error among those left out makes the summary an error.
    diags.push(Diagnostic::error("e", at(104), "丁", "d"));
    let placed = place_all(&diags, "content/a.md", &idx);
    assert_eq!(placed[100].severity, Severity::Error);
}

#[test]
fn a_long_rewrite_in_a_hint_is_cut_to_its_first_lines() {
    let form: Vec<String> = (0..30).map(|i| format!("  f{i}: x")).collect();
    let form = form.join("\n");
    let cut = clip_lines(&form, 12);
    let lines: Vec<&str> = cut.lines().collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(lines[0], "  f0: x");
    assert_eq!(lines[11], "  f11: x");
    assert_eq!(lines[12], "  ……（共 30 行，只列出前 12 行：其余照此写）");
    // Twelve lines or fewer: as it is.
    let short = "a\nb";
    assert_eq!(clip_lines(short, 12), short);
}
