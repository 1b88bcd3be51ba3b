use super::*;

#[test]
fn ordinary_narratives_pass() {
    let md = "一、基本情况\n\n> 引用 **加粗 _斜体 [链接](https://a.cn)_**\n\n- 一级\n  - 二级\n    - 三级\n      1. 四级\n\n| a | b |\n|---|---|\n| *x* | y |\n";
    assert!(check_nesting(md, 0).is_none());
}

#[test]
fn deep_quotes_lists_and_emphasis_are_refused_at_the_first_place() {
    let md = format!("第一段\n\n{} 深\n", ">".repeat(40));
    let d = check_nesting(&md, 10).unwrap();
    assert_eq!(d.code, "narrative-too-deep");
    assert_eq!(d.span.unwrap().start, 10 + "第一段\n\n".len() + MAX_DEPTH);
    let mut list = String::new();
    for i in 0..20 {
        list.push_str(&format!("{}- 层\n", "  ".repeat(i)));
    }
    assert!(check_nesting(&list, 0).is_some());
    let emph = format!("{}x{}", "*a _b ".repeat(20), "_ c* ".repeat(20));
    assert!(check_nesting(&emph, 0).is_some());
    assert!(check_nesting(&">".repeat(MAX_DEPTH - 1), 0).is_none());
}
