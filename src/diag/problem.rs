//! A diagnostic placed in its file: line and column, ready for the terminal or JSON.

use super::{Diagnostic, LineIndex, Severity, render_at};
use crate::load::yaml;
use serde::Serialize;

/// A problem, placed: the file, line and column, ready for the terminal or JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub source: String,
    pub severity: Severity,
    pub code: &'static str,
    /// "中文（English）".
    pub message: String,
    pub hint: Option<String>,
    /// 1-based; a problem about a whole file (too large, unreadable) is placed at 1:1.
    pub line: usize,
    pub column: usize,
    /// A second place that explains this one (where a duplicate first appeared).
    pub related: Option<Place>,
    /// The rustc-style rendering with the offending line and a caret.
    #[serde(skip)]
    pub rendered: String,
}

/// A second place of a problem in the same file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub label: String,
}

impl Problem {
    pub fn new(d: &Diagnostic, source: &str, text: Option<&str>) -> Problem {
        Problem::placed(d, source, text.map(LineIndex::new).as_ref())
    }

    /// [`Problem::new`] with the file's line index built once for all its problems (a file with
    /// thousands of findings must not be scanned once per finding).
    pub fn placed(d: &Diagnostic, source: &str, idx: Option<&LineIndex<'_>>) -> Problem {
        let place = |span: yaml::Span| match idx {
            Some(idx) => {
                let lc = idx.line_col(span.start);
                (lc.line, lc.column)
            }
            None => (1, 1),
        };
        let (line, column) = d.span.map(place).unwrap_or((1, 1));
        Problem {
            source: source.to_string(),
            severity: d.severity,
            code: d.code,
            message: d.message(),
            hint: d.hint.clone(),
            line,
            column,
            related: d.related.as_ref().filter(|_| idx.is_some()).map(|r| {
                let (line, column) = place(r.span);
                Place {
                    line,
                    column,
                    label: r.label.clone(),
                }
            }),
            rendered: render_at(d, source, idx),
        }
    }
}
