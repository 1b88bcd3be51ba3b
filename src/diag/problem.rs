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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// Most problems listed for one file. A file of garbage (or one early mistake that every line
/// after it repeats) gives thousands — 1,365 from 15 KB found by fuzzing, 8.7 MB on the terminal —
/// which help no one: the first ones are listed and one more problem says how many are not.
pub const MAX_PER_FILE: usize = 100;

/// Places the diagnostics of one file (sorted by place), the first [`MAX_PER_FILE`] of them; when
/// there are more, one `too-many-problems` at the first left out says how many, as severe as the
/// most severe of them (an error left out still fails the check).
pub fn place_all(diags: &[Diagnostic], source: &str, idx: &LineIndex<'_>) -> Vec<Problem> {
    let (listed, rest) = diags.split_at(diags.len().min(MAX_PER_FILE));
    let mut out: Vec<Problem> = listed
        .iter()
        .map(|d| Problem::placed(d, source, Some(idx)))
        .collect();
    if let Some(first) = rest.first() {
        let count = |s: Severity| rest.iter().filter(|d| d.severity == s).count();
        let severity = rest
            .iter()
            .map(|d| d.severity)
            .min()
            .unwrap_or(Severity::Error);
        let d = Diagnostic::new(
            severity,
            TOO_MANY,
            first.span,
            format!(
                "本文件还有 {} 个问题未列出（其中 {} 个错误、{} 个警告），从这里开始",
                rest.len(),
                count(Severity::Error),
                count(Severity::Warning)
            ),
            format!("{} more problems in this file are not listed", rest.len()),
        )
        .with_hint("先改正以上列出的问题（一处错误常常引出后面许多问题），再运行 jixiao check 查看其余问题");
        out.push(Problem::placed(&d, source, Some(idx)));
    }
    out
}

/// The code of the problem that stands for the ones [`place_all`] leaves out.
pub const TOO_MANY: &str = "too-many-problems";
