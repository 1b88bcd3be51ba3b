//! Limits on the narrative (正文) that `jixiao check` enforces before anything is rendered, so that a
//! narrative that passes the check also typesets: the PDF template renders the Markdown block tree
//! recursively, and Typst stops at a nesting depth of its own (blockquotes nested 16 deep already
//! fail there, lists about 40 deep, with messages about Typst internals). A report needs a few levels.

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use pulldown_cmark::{Event, Options, Parser};

/// Most quotes, lists, list items and emphasis open inside each other at any point of the narrative.
pub const MAX_DEPTH: usize = 12;

/// The Markdown options of the renderers.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// An error at the first place the narrative (Markdown starting at byte `offset` of its file) nests
/// deeper than [`MAX_DEPTH`], with how many places do.
pub fn check_nesting(markdown: &str, offset: usize) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut first: Option<usize> = None;
    let mut places = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth == MAX_DEPTH + 1 {
                    places += 1;
                    first.get_or_insert(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let at = first?;
    let len = markdown[at..].chars().next().map_or(0, char::len_utf8);
    Some(
        Diagnostic::error(
            "narrative-too-deep",
            Some(Span::new(offset + at, offset + at + len)),
            format!("正文中引用（>）、列表或强调的嵌套超过 {MAX_DEPTH} 层（共 {places} 处）"),
            format!("the narrative nests quotes, lists or emphasis more than {MAX_DEPTH} deep"),
        )
        .with_hint("减少行首的 > 或列表的缩进层次；公文正文一般不超过三级（一、（一）1.（1））"),
    )
}

#[cfg(test)]
mod tests {
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
}
