//! Authoring (起草): what `jixiao init` and `jixiao new` write.
//!
//! The files are templates in `scaffold/`, compiled in: `scaffold/site/` is a new site, written as
//! it is ([`site`]); `scaffold/new/` holds the report skeleton (`report.md`, `row.md`) and the
//! narrative outlines (`narrative/<system id>.md`, else `narrative/<kind>.md`), rendered with the
//! groups, rows and weights of the indicator system ([`skeleton`]).
//!
//! The templates use tera with `[% %]`, `[[ ]]` and `[# #]` as delimiters, so that the narrative's
//! own placeholders (`{{ total }}`) pass through; `«#` marks a comment to align with the others.

pub mod site;
pub mod skeleton;

use include_dir::{Dir, include_dir};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// The scaffold templates, compiled into the binary.
static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// A scaffold template as text (`new/report.md`); they are tested to exist.
fn template(rel: &str) -> Option<&'static str> {
    SCAFFOLD.get_file(rel).and_then(|f| f.contents_utf8())
}

/// A template could not be rendered: a defect of jixiao's own templates (tested), reported, never
/// a panic.
#[derive(Debug, thiserror::Error)]
#[error("模板 scaffold/{name} 有误（template error）：{message}")]
pub(crate) struct TemplateError {
    pub name: String,
    pub message: String,
}

/// Renders the scaffold template `rel` with `ctx`.
fn render(rel: &str, ctx: &serde_json::Value) -> Result<String, TemplateError> {
    let err = |message: String| TemplateError {
        name: rel.to_string(),
        message,
    };
    let source = template(rel).ok_or_else(|| err("missing".into()))?;
    let mut tera = tera::Tera::new();
    tera.set_delimiters(tera::Delimiters {
        block_start: "[%".into(),
        block_end: "%]".into(),
        variable_start: "[[".into(),
        variable_end: "]]".into(),
        comment_start: "[#".into(),
        comment_end: "#]".into(),
    })
    .map_err(|e| err(e.to_string()))?;
    tera.register_filter("yaml", |s: &str, _: tera::Kwargs, _: &tera::State| {
        yaml_text(s)
    });
    tera.register_filter("zh_number", |n: i64, _: tera::Kwargs, _: &tera::State| {
        zh_number(n)
    });
    tera.add_raw_template(rel, source)
        .map_err(|e| err(format!("{e:?}")))?;
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| err(e.to_string()))?;
    tera.render(rel, &ctx).map_err(|e| err(format!("{e:?}")))
}

/// `s` as a YAML value after `key: `: as written when YAML reads it back as the same text, else
/// double-quoted.
pub(crate) fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(char::is_control)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "~" | "on" | "off"
        );
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// 一 … 十九 for section numbers (（二）履职效能分析).
pub(crate) fn zh_number(n: i64) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        20..=99 => {
            let (t, u) = (n / 10, n % 10);
            format!(
                "{}十{}",
                D[t as usize],
                if u == 0 { "" } else { D[u as usize] }
            )
        }
        _ => n.to_string(),
    }
}

/// Widest a line may be before its comment and still have the comment aligned with the others.
const COMMENT_COLUMN_MAX: usize = 48;

/// Aligns the comments marked `«#` (turned into `# `): in each run of consecutive marked lines, at
/// two columns past the widest line, or two spaces after a line wider than [`COMMENT_COLUMN_MAX`].
pub(crate) fn align_comments(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut i = 0;
    while i < lines.len() {
        // A run goes on through comment lines of its own (`# - {name: …}` examples).
        let run_end = lines[i..]
            .iter()
            .position(|l| !l.contains("«#") && !l.trim_start().starts_with('#'))
            .map_or(lines.len(), |n| i + n);
        let run_end = if lines[i].contains("«#") { run_end } else { i };
        if run_end == i {
            out.push_str(lines[i]);
            i += 1;
            if i < lines.len() {
                out.push('\n');
            }
            continue;
        }
        let width = |l: &str| l.split("«#").next().unwrap_or("").trim_end().width();
        let col = lines[i..run_end]
            .iter()
            .filter(|l| l.contains("«#"))
            .map(|l| width(l))
            .filter(|w| *w <= COMMENT_COLUMN_MAX)
            .max()
            .unwrap_or(0)
            + 2;
        for l in &lines[i..run_end] {
            let Some((code, comment)) = l.split_once("«#") else {
                out.push_str(l);
                out.push('\n');
                continue;
            };
            let code = code.trim_end();
            let pad = col.saturating_sub(code.width()).max(2);
            let _ = write!(out, "{code}{}#{}", " ".repeat(pad), comment.trim_end());
            out.push('\n');
        }
        i = run_end;
        if i == lines.len() {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests;
