use super::*;

fn codes(front: &str) -> Vec<(&'static str, String)> {
    mistakes(front, 0, front.len())
        .diags
        .into_iter()
        .map(|d| {
            let s = d.span.unwrap();
            (d.code, front[s.start..s.end].to_string())
        })
        .collect()
}

#[test]
fn full_width_colon_and_missing_space_after_a_field_name() {
    assert_eq!(
        codes("year:2024\nsignoff:\n  filler：陈晓红\n"),
        [
            ("no-space-after-colon", ":".to_string()),
            ("full-width-colon", "：".to_string())
        ]
    );
    let front = "signoff:\n  filler：陈晓红\n";
    let m = mistakes(front, 0, front.len());
    assert!(m.diags[0].hint.as_ref().unwrap().contains("filler: 陈晓红"));
}

#[test]
fn what_is_not_a_mistake() {
    for ok in [
        "basis:\n  - https://www.gz.gov.cn/a\n",
        "goals:\n  - 主要内容：推进科技创新\n",
        "completion: |\n  note:这是多行文字的一部分\n  filler：也是\nunit: a\n",
        "note: >-\n  a:b\n",
        "# year:2024 in a comment\n",
        "rows:\n  - {name: 培训, target: 不少于5场，每场50人, actual: '5场'}\n",
        "rows:\n  - {name: 培训, reason: '原因：未完成， weight: 文字'}\n",
        "total: {budget: 1435, spent: 1033.48}\n",
        "actual: 10:30\n",
    ] {
        assert_eq!(codes(ok), [], "{ok}");
    }
}

#[test]
fn a_block_scalar_ends_where_its_indentation_does() {
    assert_eq!(
        codes("completion: |\n  a:b\nyear:2024\n"),
        [("no-space-after-colon", ":".to_string())]
    );
}

#[test]
fn full_width_comma_and_colon_inside_braces_show_the_multi_line_form() {
    let front = "rows:\n  - {name: 培训场次， weight: 40, evidence: 制度健全, 严格执行}\n  - {name: 合规, actual：合规}\n";
    let m = mistakes(front, 0, front.len());
    let got: Vec<&str> = m.diags.iter().map(|d| d.code).collect();
    // The text cut by a comma in the same braces is told too (the parser would stop at the first).
    assert_eq!(
        got,
        ["full-width-comma", "split-by-comma", "full-width-colon"]
    );
    let hint = m.diags[0].hint.as_deref().unwrap();
    assert!(
        hint.ends_with("- name: 培训场次\n  weight: 40\n  evidence: 制度健全, 严格执行"),
        "{hint}"
    );
    assert!(
        m.diags[2]
            .hint
            .as_deref()
            .unwrap()
            .ends_with("- name: 合规\n  actual: 合规")
    );
    let total = "total: {budget：1435, spent: 1033.48}\n";
    let m = mistakes(total, 0, total.len());
    assert!(
        m.diags[0]
            .hint
            .as_deref()
            .unwrap()
            .ends_with("total:\n  budget: 1435\n  spent: 1033.48")
    );
}

#[test]
fn what_a_mistake_explains_is_dropped() {
    let front = "signoff:\n  filler：陈晓红\nunit: a\n";
    let m = mistakes(front, 0, front.len());
    let inside = Diagnostic::error("wrong-type", Some(Span::new(11, 14)), "x", "x");
    let elsewhere = Diagnostic::error("x", Some(Span::new(30, 31)), "y", "y");
    let kept = m.keep(vec![inside, elsewhere]);
    let got: Vec<&str> = kept.iter().map(|d| d.code).collect();
    assert_eq!(got, ["x", "full-width-colon"]);
}

#[test]
fn spans_are_offsets_in_the_whole_file() {
    let text = "---\nyear:2024\n---\n";
    let m = mistakes(text, 4, 14);
    assert_eq!(m.diags[0].span, Some(Span::new(8, 9)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Whatever the text, the mistakes are found without a panic, each placed on characters of the
    /// text; and the YAML hints for any place of it too.
    #[test]
    fn any_text_is_scanned_without_a_panic(
        text in r"([ \-:：，,{}\[\]'\x22#|>\na-z中文0-9]{0,12}\n?){0,12}"
    ) {
        let m = mistakes(&text, 0, text.len());
        for d in &m.diags {
            let s = d.span.unwrap();
            proptest::prop_assert!(s.start <= s.end && s.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        for (at, _) in text.char_indices() {
            if let Some(d) = crate::load::hints::explain(&text, 0, at) {
                let s = d.span.unwrap();
                proptest::prop_assert!(s.end <= text.len() && text.is_char_boundary(s.start));
            }
        }
    }
}
