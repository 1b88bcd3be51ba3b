use super::*;

fn explained(front: &str, line: usize) -> Option<Diagnostic> {
    let at: usize = front
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    explain(front, 0, at)
}

const ROWS: &str = "indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - name: a\n            weight: 1\n";

#[test]
fn a_dash_between_two_lists_names_both() {
    let front = format!("{ROWS}       - name: b\n");
    let d = explained(&front, 8).unwrap();
    assert_eq!(d.code, "list-indent");
    assert!(
        d.zh.contains("它在第 8 列，rows 下的三级指标在第 11 列"),
        "{}",
        d.zh
    );
    let hint = d.hint.unwrap();
    assert!(hint.contains("第 5 行 rows: 下的三级指标，应与第 6 行的“- ”对齐（第 11 列）：这一项各行行首再加 3 个空格"), "{hint}");
    assert!(hint.contains("第 3 行 groups: 下的二级指标，应与第 4 行的“- ”对齐（第 7 列）：这一项各行行首删去 1 个空格"), "{hint}");
}

#[test]
fn a_dash_where_its_list_is_is_left_to_the_parser() {
    let front = format!("{ROWS}          - name: b: c\n");
    assert!(explained(&front, 8).is_none());
}

#[test]
fn a_chinese_label_with_a_full_width_colon_is_named() {
    let d = explained("unit: a\n年度：2024\ntitle: t\n", 2).unwrap();
    assert_eq!(d.code, "full-width-colon");
    assert!(d.hint.unwrap().contains("year: 2024"));
    // The line before, when it is a sibling of the line the parser stopped at.
    let d = explained("signoff:\n  填报人：陈晓红\n  phone: '1'\n", 3).unwrap();
    assert!(d.hint.unwrap().contains("filler: 陈晓红"));
    // Not a continuation line of a text above.
    assert!(explained("goals: 一\n  说明：见附件\nx: - a: b\n", 3).is_none());
}
