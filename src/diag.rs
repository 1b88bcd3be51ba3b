//! Diagnostics: every problem found in the content, pointing at file:line:column.
//!
//! Both load/validation errors (the report cannot be processed) and findings of the scoring engine
//! (the report can be processed but says something wrong) end up as [`Diagnostic`]s, rendered for the
//! terminal with the offending line and a caret, or as JSON.

use crate::yaml::Span;
use serde::Serialize;
use std::fmt::Write as _;

/// 严重程度.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    pub fn en(self) -> &'static str {
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
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Option<Span>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, code, zh: zh.into(), en: en.into(), hint: None, span }
    }
    pub fn warning(code: &'static str, span: Option<Span>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, code, zh: zh.into(), en: en.into(), hint: None, span }
    }
    pub fn info(code: &'static str, span: Option<Span>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Info, code, zh: zh.into(), en: en.into(), hint: None, span }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// "中文（English）", the form used in every output.
    pub fn message(&self) -> String {
        if self.en.is_empty() { self.zh.clone() } else { format!("{}（{}）", self.zh, self.en) }
    }
}

/// A 1-based line and column (in characters) in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets of one file to line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut upto = offset;
        while !self.text.is_char_boundary(upto) {
            upto -= 1;
        }
        let column = self.text[start..upto].chars().filter(|&c| c != '\u{feff}').count() + 1;
        LineCol { line: line + 1, column }
    }
    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts.get(line - 1).copied().unwrap_or(self.text.len());
        let end = self.starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// Renders one diagnostic for a terminal, rustc style:
///
/// ```text
/// 错误[score-mismatch]: 自评分与计算结果不符（stated score differs from the computed one）
///   --> content/2023/x.md:47:12
///    |
/// 47 |     score: 9.40
///    |            ^^^^
///    = 提示: …
/// ```
pub fn render(d: &Diagnostic, path: &str, text: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity.zh(), d.code, d.message());
    match (d.span, text) {
        (Some(span), Some(text)) => {
            let idx = LineIndex::new(text);
            let lc = idx.line_col(span.start);
            let _ = writeln!(out, "  --> {}:{}:{}", path, lc.line, lc.column);
            let line = idx.line_text(lc.line);
            let gutter = lc.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {}", lc.line, line);
            let prefix: usize = line.chars().take(lc.column - 1).map(display_width).sum();
            let end_lc = idx.line_col(span.end.max(span.start));
            let len: usize = if end_lc.line == lc.line && span.end > span.start {
                line.chars().skip(lc.column - 1).take(end_lc.column - lc.column).map(display_width).sum()
            } else {
                1
            };
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(prefix), "^".repeat(len.max(1)));
        }
        _ => {
            let _ = writeln!(out, "  --> {path}");
        }
    }
    if let Some(h) = &d.hint {
        let _ = writeln!(out, "   = 提示（hint）: {h}");
    }
    out
}

/// Terminal width of a character: CJK and full-width forms take two columns.
fn display_width(c: char) -> usize {
    let cp = c as u32;
    let wide = matches!(cp,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 |
        0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if c == '\t' { 4 } else if wide { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "a: 1\n单位: 广州\n";
        let idx = LineIndex::new(t);
        let off = t.find("广州").unwrap();
        assert_eq!(idx.line_col(off), LineCol { line: 2, column: 5 });
        assert_eq!(idx.line_text(2), "单位: 广州");
    }

    #[test]
    fn render_points_a_caret_under_wide_text() {
        let t = "---\n单位: 广州\n";
        let off = t.find("广州").unwrap();
        let d = Diagnostic::error("x", Some(Span::new(off, off + "广州".len())), "错", "wrong");
        let r = render(&d, "content/a.md", Some(t));
        assert!(r.contains("content/a.md:2:5"), "{r}");
        assert!(r.contains("2 | 单位: 广州\n  |       ^^^^\n"), "{r}");
    }
}
