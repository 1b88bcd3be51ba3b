//! Limits on the narrative (正文) that `jixiao check` enforces before anything is rendered, so that a
//! narrative that passes the check also typesets: the PDF template renders the Markdown block tree
//! recursively, and Typst stops at a nesting depth of its own (blockquotes nested 16 deep already
//! fail there, lists about 40 deep, with messages about Typst internals). A report needs a few levels.
//!
//! The depth is measured during the one reading of the narrative ([`super::read`]).

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use pulldown_cmark::Event;

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
}

impl Depth {
    /// Counts one event that starts at byte `at`.
    pub(crate) fn event(&mut self, event: &Event<'_>, at: usize) {
        match event {
            Event::Start(_) => {
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
