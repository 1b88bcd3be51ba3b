//! The terminal rendering of a diagnostic, rustc style, with the source line and a caret.

use super::{Diagnostic, LineIndex};
use crate::load::yaml::Span;
use std::fmt::Write as _;

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
        // A hint of several lines (a multi-line form to copy) keeps its lines, indented alike.
        for (i, l) in h.split('\n').enumerate() {
            let lead = if i == 0 {
                "   = 提示（hint）: "
            } else {
                "       "
            };
            let _ = writeln!(out, "{lead}{}", printable(l));
        }
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
        let w = push_visible(&mut shown, c);
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

/// Appends how a character of a source line is shown in a terminal to `out`; returns its width
/// there. (No allocation: it runs for every character of every quoted line.)
fn push_visible(out: &mut String, c: char) -> usize {
    match c {
        '\t' => {
            out.push_str("    ");
            4
        }
        '\u{0}'..='\u{1f}' => {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'));
            1
        }
        '\u{7f}' => {
            out.push('\u{2421}');
            1
        }
        '\u{80}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => {
            out.push('\u{fffd}');
            1
        }
        _ => {
            out.push(c);
            display_width(c)
        }
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

/// A suggested rewrite shown in a hint, cut to its first `max` lines: a `{ }` of hundreds of
/// fields would otherwise be printed again under each of its mistakes.
pub fn clip_lines(form: &str, max: usize) -> String {
    let total = form.lines().count();
    if total <= max {
        return form.to_string();
    }
    let head: Vec<&str> = form.lines().take(max).collect();
    format!(
        "{}\n  ……（共 {total} 行，只列出前 {max} 行：其余照此写）",
        head.join("\n")
    )
}

/// Most lines of a suggested rewrite shown in a hint ([`clip_lines`]).
pub const HINT_LINES: usize = 12;

/// Author text inside a message (a field name, a figure as written) with control characters made
/// visible, so that no message can drive the terminal.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else {
            push_visible(&mut out, c);
        }
    }
    out
}

/// Terminal width of a character (East Asian wide and full-width forms take two columns), as
/// `unicode-width` measures it; a tab is four.
pub(super) fn display_width(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
    }
}
