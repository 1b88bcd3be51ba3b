//! Diagnostics: every problem found in the content, pointing at file:line:column.
//!
//! Both load/validation errors (the report cannot be processed) and findings of the scoring engine
//! (the report can be processed but says something wrong) end up as [`Diagnostic`]s, rendered for the
//! terminal with the offending line and a caret, or as JSON.

use crate::load::yaml::Span;
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
    pub fn with_span(mut self, span: Span) -> Self {
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
        let column = self.text[start..upto].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
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
    render_at(d, path, text.map(LineIndex::new).as_ref())
}

/// [`render`] with the line index of the file built once for all its diagnostics.
pub fn render_at(d: &Diagnostic, path: &str, idx: Option<&LineIndex<'_>>) -> String {
    // A file name can hold control characters too.
    let path = printable(path);
    let path = path.as_str();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        d.severity.zh(),
        d.code,
        printable(&d.message())
    );
    match (d.span, idx) {
        (Some(span), Some(idx)) => {
            let lc = idx.line_col(span.start);
            let gutter = match &d.related {
                Some(r) => lc.line.max(idx.line_col(r.span.start).line),
                None => lc.line,
            }
            .to_string()
            .len();
            let _ = writeln!(
                out,
                "{}--> {}:{}:{}",
                " ".repeat(gutter + 1),
                path,
                lc.line,
                lc.column
            );
            snippet(&mut out, idx, span, gutter, "");
            if let Some(r) = &d.related {
                let rl = idx.line_col(r.span.start);
                let _ = writeln!(
                    out,
                    "{}::: {}:{}:{} {}",
                    " ".repeat(gutter + 1),
                    path,
                    rl.line,
                    rl.column,
                    printable(&r.label)
                );
                snippet(&mut out, idx, r.span, gutter, "");
            }
        }
        _ => {
            let _ = writeln!(out, "  --> {path}:1:1");
        }
    }
    if let Some(h) = &d.hint {
        let _ = writeln!(out, "   = 提示（hint）: {}", printable(h));
    }
    out
}

/// Characters of a source line shown around the caret; longer lines are cut with `…`.
const SNIPPET_CHARS: usize = 160;

/// The line of `span` with a caret under it. Control characters (an escape sequence in a file must
/// not drive the terminal) are shown as visible symbols, tabs as spaces, and a very long line is cut
/// to a window around the caret.
fn snippet(out: &mut String, idx: &LineIndex<'_>, span: Span, gutter: usize, label: &str) {
    let lc = idx.line_col(span.start);
    let chars: Vec<char> = idx.line_text(lc.line).chars().collect();
    let col = (lc.column - 1).min(chars.len());
    let end_lc = idx.line_col(span.end.max(span.start));
    let end = if end_lc.line == lc.line && span.end > span.start {
        (end_lc.column - 1).min(chars.len())
    } else {
        col
    };
    let (from, to) = if chars.len() <= SNIPPET_CHARS {
        (0, chars.len())
    } else {
        let from = col.saturating_sub(SNIPPET_CHARS / 3);
        (from, (from + SNIPPET_CHARS).min(chars.len()))
    };
    let mut shown = String::new();
    let mut prefix = 0;
    let mut len = 0;
    if from > 0 {
        shown.push('…');
        prefix += 1;
    }
    for (i, &c) in chars.iter().enumerate().take(to).skip(from) {
        let (text, w) = visible(c);
        shown.push_str(&text);
        if i < col {
            prefix += w;
        } else if i < end.min(to) {
            len += w;
        }
    }
    if to < chars.len() {
        shown.push('…');
    }
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{:>gutter$} | {}", lc.line, shown);
    let _ = writeln!(
        out,
        "{pad} | {}{}{}",
        " ".repeat(prefix),
        "^".repeat(len.max(1)),
        label
    );
}

/// How a character of a source line is shown in a terminal, and its width there.
fn visible(c: char) -> (String, usize) {
    match c {
        '\t' => ("    ".into(), 4),
        '\u{0}'..='\u{1f}' => (
            char::from_u32(0x2400 + c as u32).unwrap_or('?').to_string(),
            1,
        ),
        '\u{7f}' => ("\u{2421}".into(), 1),
        '\u{80}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => ("\u{fffd}".into(), 1),
        _ => (c.to_string(), display_width(c)),
    }
}

/// Author text quoted in a message: made printable and cut to 40 characters.
pub fn excerpt(s: &str) -> String {
    let p = printable(s.trim());
    if p.chars().count() > 40 {
        format!("{}…", p.chars().take(40).collect::<String>())
    } else {
        p
    }
}

/// Author text inside a message (a field name, a figure as written) with control characters made
/// visible, so that no message can drive the terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\t' { " ".into() } else { visible(c).0 })
        .collect()
}

/// Terminal width of a character: CJK and full-width forms take two columns.
fn display_width(c: char) -> usize {
    let cp = c as u32;
    let wide = matches!(cp,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 |
        0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if c == '\t' {
        4
    } else if wide {
        2
    } else {
        1
    }
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
