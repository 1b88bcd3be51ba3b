//! Limits on the narrative (正文) that `jixiao check` enforces before anything is rendered, so that a
//! narrative that passes the check also typesets: the PDF template renders the Markdown block tree
//! recursively, and Typst stops at a nesting depth of its own (blockquotes nested 16 deep already
//! fail there, lists about 40 deep, with messages about Typst internals). A report needs a few levels.
//!
//! The depth is measured during the one reading of the narrative ([`super::read`]).

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use pulldown_cmark::{Event, Tag};

/// Most cells in one table of the narrative. Typst's time and memory grow with the cells of a table
/// (a 600×600 table took 23–53 s and 3.9 GB); the seed reports' largest narrative table has a few
/// dozen. A longer table belongs in an attachment (xlsx, PDF).
pub(crate) const MAX_TABLE_CELLS: usize = 5_000;

/// Most bytes of one narrative (正文): 256 KiB, about 85,000 Chinese characters; the seed reports'
/// longest has about 50 KB.
pub(crate) const MAX_NARRATIVE_BYTES: usize = 256 * 1024;

/// Whether a character may not stand in a text field or the narrative: control characters (other
/// than tab and line breaks), which YAML escapes (`"\0"`, `"\e"`) let an author write, and the
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make the published
/// text read differently from what was reviewed.
pub(crate) fn forbidden_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How a forbidden character is named in messages: `U+202E`.
pub(crate) fn char_name(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The error for a forbidden character ([`forbidden_char`]) at `span`.
pub(crate) fn control_diagnostic(c: char, span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(
        "control-char",
        Some(span),
        format!("{what}含有控制字符 {}，已拒绝", char_name(c)),
        "a control or bidirectional-override character",
    )
    .with_hint("删去这个字符（多由复制粘贴或 YAML 转义如 \"\\0\"、\"\\e\" 带入）；文字方向控制符会让公开的文字与审核的不同")
}

/// The first forbidden character of the narrative `md` (starting at byte `offset`), as an error.
pub(crate) fn control_chars(md: &str, offset: usize) -> Option<Diagnostic> {
    let (at, c) = md.char_indices().find(|&(_, c)| forbidden_char(c))?;
    Some(control_diagnostic(
        c,
        Span::new(offset + at, offset + at + c.len_utf8()),
        "正文",
    ))
}

/// The narrative's size: an error at its start when it is longer than [`MAX_NARRATIVE_BYTES`].
pub(crate) fn size(md: &str, offset: usize) -> Option<Diagnostic> {
    (md.len() > MAX_NARRATIVE_BYTES).then(|| {
        let len = md.chars().next().map_or(0, char::len_utf8);
        Diagnostic::error(
            "narrative-too-long",
            Some(Span::new(offset, offset + len)),
            format!(
                "正文有 {} KB，超过 {} KB 的上限",
                md.len() / 1024,
                MAX_NARRATIVE_BYTES / 1024
            ),
            "the narrative is longer than the limit",
        )
        .with_hint("把长篇材料（明细表、原始数据）作为附件（PDF、xlsx）链接，正文只写说明和结论")
    })
}

/// Most quotes, lists, list items and emphasis open inside each other at any point of the narrative.
pub const MAX_DEPTH: usize = 12;

/// The nesting of the narrative, measured event by event.
#[derive(Debug, Default)]
pub(crate) struct Depth {
    depth: usize,
    /// Where the nesting first went deeper than [`MAX_DEPTH`] (byte in the narrative).
    first: Option<usize>,
    /// How many places do.
    places: usize,
    /// Cells of the table being read, and where it starts.
    cells: usize,
    table_at: usize,
    /// The first table with more than [`MAX_TABLE_CELLS`] cells: (byte, cells).
    big_table: Option<(usize, usize)>,
    big_tables: usize,
}

impl Depth {
    /// Counts one event that starts at byte `at`.
    pub(crate) fn event(&mut self, event: &Event<'_>, at: usize) {
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Table(_) => {
                        self.cells = 0;
                        self.table_at = at;
                    }
                    Tag::TableCell => {
                        self.cells += 1;
                        if self.cells == MAX_TABLE_CELLS + 1 {
                            self.big_tables += 1;
                            self.big_table.get_or_insert((self.table_at, 0));
                        }
                        if let Some((start, n)) = &mut self.big_table
                            && *start == self.table_at
                        {
                            *n = self.cells;
                        }
                    }
                    _ => {}
                }
                self.depth += 1;
                if self.depth == MAX_DEPTH + 1 {
                    self.places += 1;
                    self.first.get_or_insert(at);
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// An error at the first table of the narrative with more than [`MAX_TABLE_CELLS`] cells.
    pub(crate) fn table_diagnostic(&self, md: &str, offset: usize) -> Option<Diagnostic> {
        let (at, cells) = self.big_table?;
        let len = md[at..].chars().next().map_or(0, char::len_utf8);
        Some(
            Diagnostic::error(
                "table-too-large",
                Some(Span::new(offset + at, offset + at + len)),
                format!(
                    "正文中的表格有 {cells} 个单元格，超过 {MAX_TABLE_CELLS} 个的上限（共 {} 个这样的表格）",
                    self.big_tables
                ),
                format!("a narrative table has more than {MAX_TABLE_CELLS} cells"),
            )
            .with_hint("把大表格作为附件（xlsx 或 PDF）链接，正文中只列汇总行"),
        )
    }

    /// An error at the first place the narrative (Markdown `md`, starting at byte `offset` of its
    /// file) nests deeper than [`MAX_DEPTH`], with how many places do.
    pub(crate) fn diagnostic(&self, md: &str, offset: usize) -> Option<Diagnostic> {
        let at = self.first?;
        let places = self.places;
        let len = md[at..].chars().next().map_or(0, char::len_utf8);
        Some(
            Diagnostic::error(
                "narrative-too-deep",
                Some(Span::new(offset + at, offset + at + len)),
                format!("正文中引用（>）、列表或强调的嵌套超过 {MAX_DEPTH} 层（共 {places} 处）"),
                format!("the narrative nests quotes, lists or emphasis more than {MAX_DEPTH} deep"),
            )
            .with_hint(
                "减少行首的 > 或列表的缩进层次；公文正文一般不超过三级（一、（一）1.（1））",
            ),
        )
    }
}

/// The nesting error of a narrative (Markdown starting at byte `offset` of its file), if any: what
/// [`super::read`] reports, for callers that want this check alone (tests, fuzzing).
pub fn check_nesting(markdown: &str, offset: usize) -> Option<Diagnostic> {
    let (_, diags) = super::read(markdown, offset, None);
    diags.into_iter().find(|d| d.code == "narrative-too-deep")
}

#[cfg(test)]
mod tests;
