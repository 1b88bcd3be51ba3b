//! Diagnostics: every problem found in the content, pointing at file:line:column.
//!
//! Both load/validation errors (the report cannot be processed) and findings of the scoring engine
//! (the report can be processed but says something wrong) end up as [`Diagnostic`]s, rendered for the
//! terminal with the offending line and a caret, or as JSON.

use crate::load::yaml::Span;
use serde::Serialize;

/// 严重程度.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
    pub(crate) fn en(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A problem with a place in the source: the stable `code`, a Chinese message with its English gloss,
/// and a hint saying what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub zh: String,
    pub en: String,
    pub hint: Option<String>,
    pub span: Option<Span>,
    /// A second place that explains the first: where a duplicated key or name first appeared.
    pub related: Option<Box<Related>>,
}

/// A second place shown with a diagnostic ("首次出现在这里").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    /// "中文（English）" label of that place.
    pub label: String,
}

impl Diagnostic {
    /// A diagnostic of the given severity, with no hint and no related place yet.
    pub fn new(
        severity: Severity,
        code: &'static str,
        span: Option<Span>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            zh: zh.into(),
            en: en.into(),
            hint: None,
            span,
            related: None,
        }
    }
    pub fn error(
        code: &'static str,
        span: Option<Span>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, span, zh, en)
    }
    pub fn warning(
        code: &'static str,
        span: Option<Span>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, span, zh, en)
    }
    pub fn info(
        code: &'static str,
        span: Option<Span>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Info, code, span, zh, en)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// Places the diagnostic.
    pub(crate) fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Adds a second place, e.g. the first occurrence of something duplicated.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some(Box::new(Related {
            span,
            label: label.into(),
        }));
        self
    }
    /// "中文（English）", the form used in every output.
    pub fn message(&self) -> String {
        if self.en.is_empty() {
            self.zh.clone()
        } else {
            format!("{}（{}）", self.zh, self.en)
        }
    }
}

mod lines;
mod problem;
pub(crate) mod render;

pub use lines::{LineCol, LineIndex};
pub use problem::{MAX_PER_FILE, Place, Problem, TOO_MANY, place_all};
pub use render::{HINT_LINES, clip_lines, excerpt, printable, render, render_at};

#[cfg(test)]
mod tests;
