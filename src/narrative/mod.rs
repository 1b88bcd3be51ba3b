//! The narrative (报告正文): Markdown read once into a block tree, with its links and images
//! resolved, its placeholders, and its limits. Both renderers draw the same tree.
//!
//! When a report is loaded, [`read`] parses its Markdown — the only parse of it — into a [`Draft`]:
//! the tree ([`blocks`]), every link and image already resolved to its [`Target`] ([`assets`]), and
//! the problems `jixiao check` reports (references refused, nesting too deep, [`limits`]). Once the
//! report is scored, [`placeholders::expand`] puts the computed values in and finishes the tree
//! (soft breaks, [`markdown::joins_across_line_break`]). The HTML renderer writes it as HTML
//! (`render::html::narrative`), the PDF hands it to Typst as JSON ([`json`]).

pub mod assets;
pub mod blocks;
pub mod json;
pub mod limits;
pub mod markdown;
pub mod placeholders;
mod read;

pub use assets::Target;
pub use blocks::{Block, Footnote, Inline, Narrative};

use crate::diag::Diagnostic;
use std::path::Path;

/// Where a report is, for resolving what its narrative refers to.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// The site's `content/` folder: every local reference must stay inside it.
    pub content: &'a Path,
    /// The folder of the report file: relative references start there.
    pub report_dir: &'a Path,
}

/// A narrative that has been read but whose placeholders are not replaced yet (that needs the scores).
#[derive(Clone, Debug)]
pub struct Draft {
    tree: Narrative,
    marks: Vec<placeholders::Mark>,
    /// Where the narrative starts in its file (for the places of problems).
    offset: usize,
}

impl Draft {
    /// The finished tree with every placeholder left as written (for a narrative without scores).
    pub fn finish(self) -> Narrative {
        let mut tree = self.tree;
        blocks::finish(&mut tree);
        tree
    }
}

/// Reads the narrative `markdown` (starting at byte `offset` of its file), resolving its links and
/// images against `place` (None: no site; local references are then refused, without an error).
/// Returns the draft and the problems, placed in the file.
pub fn read(markdown: &str, offset: usize, place: Option<&Place<'_>>) -> (Draft, Vec<Diagnostic>) {
    let (tree, diags) = read::read(markdown, offset, place);
    let draft = Draft {
        tree,
        marks: placeholders::scan(markdown),
        offset,
    };
    (draft, diags)
}

/// What `jixiao new` writes where the author is to write a section: `（填写：……）`.
pub const PROMPT: &str = "（填写：";

/// A warning at each prompt `jixiao new` left in the narrative (`（填写：部门的主要职责……）`):
/// published, it would be the skeleton's instructions on the unit's page, so `check --strict` and
/// `build --strict` refuse it and `build` lists it.
pub fn unfilled_prompts(markdown: &str, offset: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = markdown[from..].find(PROMPT).map(|i| from + i) {
        let line_end = markdown[i..].find('\n').map_or(markdown.len(), |n| i + n);
        let end = markdown[i..line_end]
            .rfind('）')
            .map_or(line_end, |n| i + n + '）'.len_utf8());
        let what = crate::diag::excerpt(&markdown[i..end]);
        out.push(
            Diagnostic::warning(
                "unfilled-prompt",
                Some(crate::load::yaml::Span::new(offset + i, offset + end)),
                format!(
                    "正文中还留着 jixiao new 的填写提示{what}，发布后会原样出现在页面和 PDF 上"
                ),
                "a prompt of the skeleton is still in the narrative",
            )
            .with_hint(
                "在这里写上这一节的内容，把整个括号连同“填写：”删去；这一节没有内容时写“无”",
            ),
        );
        from = end.max(i + PROMPT.len());
    }
    out
}

/// The tree of a narrative on its own, without a site or scores: web links and anchors kept, local
/// references text only, placeholders as written. For tests, fuzzing and tools.
pub fn parse(markdown: &str) -> Narrative {
    read(markdown, 0, None).0.finish()
}

/// The tree of a narrative in a site, without scores: as [`parse`], with local references resolved.
pub fn parse_in(markdown: &str, place: &Place<'_>) -> Narrative {
    read(markdown, 0, Some(place)).0.finish()
}

impl From<&str> for Narrative {
    /// [`parse`].
    fn from(markdown: &str) -> Narrative {
        parse(markdown)
    }
}

impl From<String> for Narrative {
    /// [`parse`].
    fn from(markdown: String) -> Narrative {
        parse(&markdown)
    }
}

#[cfg(test)]
mod tests;
