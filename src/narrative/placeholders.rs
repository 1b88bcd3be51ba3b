//! Narrative placeholders (占位符): `{{ total }}`, `{{ sentence: 整体效能 }}`, … replaced by the
//! computed values before rendering, so the HTML and the PDF say the same thing and no figure is
//! retyped. An unknown placeholder or name is an error at its line.
//!
//! The narrative is read once, before it is scored ([`super::read`]): [`scan`] finds every `{{` in
//! the text, and the tree keeps where each of its strings was written. Once the report is scored,
//! [`expand`] puts each value into the string it was written in — as text, never read as Markdown
//! (a formula's `*` stays a `*`) — and finishes the tree. `\{{` shows `{{`: in text Markdown drops
//! the backslash itself, in code and raw HTML it is dropped here.

use super::Draft;
use super::blocks::{self, Inline, Narrative, Src};
use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use crate::number::{fixed, plain};
use crate::score::{Scored, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;

/// The placeholder kinds, for messages and suggestions.
pub(crate) const KINDS: [&str; 8] = [
    "total",
    "grade",
    "score",
    "weight",
    "deduction",
    "sentence",
    "formula",
    "rate",
];

/// A `{{` of the narrative, found by [`scan`]; offsets are bytes of the narrative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `\{{` at the backslash: literal braces.
    Escape { at: usize },
    /// `{{` with no `}}` on its line.
    Unclosed { at: usize },
    /// `{{ … }}` from `start` to `end` (after the `}}`), and what is between the braces.
    Placeholder {
        start: usize,
        end: usize,
        inner: String,
    },
}

/// Every `{{` of the narrative text, in order.
pub(crate) fn scan(md: &str) -> Vec<Mark> {
    let mut out = Vec::new();
    let mut rest = md;
    let mut pos = 0usize;
    while let Some(i) = rest.find("{{") {
        if i > 0 && rest.as_bytes()[i - 1] == b'\\' {
            out.push(Mark::Escape { at: pos + i - 1 });
            rest = &rest[i + 2..];
            pos += i + 2;
            continue;
        }
        let start = pos + i;
        let after = &rest[i + 2..];
        let Some(close) = after.find("}}").filter(|c| !after[..*c].contains('\n')) else {
            out.push(Mark::Unclosed { at: start });
            rest = after;
            pos = start + 2;
            continue;
        };
        let end = start + 2 + close + 2;
        out.push(Mark::Placeholder {
            start,
            end,
            inner: after[..close].to_string(),
        });
        rest = &after[close + 2..];
        pos = end;
    }
    out
}

/// One replacement: the bytes `start..end` of the narrative, written `raw`, become `value`.
struct Sub {
    start: usize,
    end: usize,
    raw: String,
    value: String,
    /// A placeholder (an escape that Markdown already handled needs no place).
    placeholder: bool,
}

/// Replaces every placeholder of the read narrative by its value and finishes the tree. Problems are
/// pushed to `diags` with spans in the file; an unresolved placeholder is left as written.
pub fn expand(draft: Draft, scored: &Scored, diags: &mut Vec<Diagnostic>) -> Narrative {
    expand_with(draft, &|inner| resolve(inner, scored), diags)
}

/// [`expand`] with the values of `value(what is between the braces)`.
fn expand_with(
    draft: Draft,
    value: &dyn Fn(&str) -> Result<String, Miss>,
    diags: &mut Vec<Diagnostic>,
) -> Narrative {
    let Draft {
        mut tree,
        marks,
        offset,
    } = draft;
    let span = |start: usize, end: usize| Span::new(offset + start, offset + end);
    let mut subs = Vec::new();
    for m in marks {
        match m {
            Mark::Escape { at } => subs.push(Sub {
                start: at,
                end: at + 3,
                raw: "\\{{".into(),
                value: "{{".into(),
                placeholder: false,
            }),
            Mark::Unclosed { at } => diags.push(
                Diagnostic::error(
                    "unclosed-placeholder",
                    Some(span(at, at + 2)),
                    "占位符 {{ 没有对应的 }}",
                    "placeholder `{{` is not closed on its line",
                )
                .with_hint("写成 {{ total }}；若要显示 {{ 本身，写 \\{{"),
            ),
            Mark::Placeholder { start, end, inner } => match value(&inner) {
                Ok(value) => subs.push(Sub {
                    start,
                    end,
                    raw: format!("{{{{{inner}}}}}"),
                    value,
                    placeholder: true,
                }),
                Err((zh, en, hint)) => diags.push(
                    Diagnostic::error("bad-placeholder", Some(span(start, end)), zh, en)
                        .with_hint(hint),
                ),
            },
        }
    }
    let placed = substitute(&mut tree, &subs);
    for (s, placed) in subs.iter().zip(placed) {
        if s.placeholder && !placed {
            diags.push(
                Diagnostic::error(
                    "placeholder-in-markup",
                    Some(span(s.start, s.end)),
                    format!("占位符“{}”写在链接地址、标题或 Markdown 转义之中，无法替换", s.raw),
                    "a placeholder inside a link address, a title or escaped markup cannot be replaced",
                )
                .with_hint("把占位符写在正文文字、表格或代码中，如：自评得分 {{ total }} 分"),
            );
        }
    }
    blocks::finish(&mut tree);
    tree
}

/// Puts each replacement into the string it was written in; whether each found its place.
fn substitute(tree: &mut Narrative, subs: &[Sub]) -> Vec<bool> {
    let mut placed = vec![false; subs.len()];
    if !subs.is_empty() {
        tree.each_part_mut(&mut |part| match part {
            blocks::Part::Inlines(c) => inlines(c, subs, &mut placed),
            blocks::Part::Code(text, src) => apply(text, src, subs, &mut placed),
        });
    }
    placed
}

/// Replaces in an inline list; adjacent texts are taken together (a placeholder may have been read
/// as several texts, as around a lone `*`).
fn inlines(c: &mut Vec<Inline>, subs: &[Sub], placed: &mut [bool]) {
    let mut out = Vec::with_capacity(c.len());
    let mut run: Option<(String, Src)> = None;
    let flush = |run: &mut Option<(String, Src)>, out: &mut Vec<Inline>, placed: &mut [bool]| {
        if let Some((mut s, src)) = run.take() {
            apply(&mut s, &src, subs, placed);
            out.push(Inline::text(s));
        }
    };
    for mut i in c.drain(..) {
        if let Inline::Text { s, src } = i {
            match &mut run {
                Some((text, more)) => {
                    let len = text.len();
                    text.push_str(&s);
                    more.append(src, len);
                }
                None => run = Some((s, src)),
            }
            continue;
        }
        flush(&mut run, &mut out, placed);
        match &mut i {
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Image { c, .. } => inlines(c, subs, placed),
            Inline::Code { s, src } => apply(s, src, subs, placed),
            _ => {}
        }
        out.push(i);
    }
    flush(&mut run, &mut out, placed);
    *c = out;
}

/// Replaces in one string whatever lies wholly inside one of its verbatim pieces.
fn apply(s: &mut String, src: &Src, subs: &[Sub], placed: &mut [bool]) {
    let mut edits: Vec<(usize, usize, usize)> = Vec::new();
    for &(at, from, len) in &src.0 {
        let first = subs.partition_point(|x| x.start < from);
        for (k, x) in subs.iter().enumerate().skip(first) {
            if x.start >= from + len {
                break;
            }
            let pos = at + (x.start - from);
            let n = x.end - x.start;
            if x.end <= from + len && s.get(pos..pos + n) == Some(x.raw.as_str()) {
                edits.push((pos, n, k));
            }
        }
    }
    if edits.is_empty() {
        return;
    }
    edits.sort_unstable();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (pos, n, k) in edits {
        if pos < last {
            continue;
        }
        out.push_str(&s[last..pos]);
        out.push_str(&subs[k].value);
        last = pos + n;
        placed[k] = true;
    }
    out.push_str(&s[last..]);
    *s = out;
}

type Miss = (String, String, String);

fn resolve(inner: &str, scored: &Scored) -> Result<String, Miss> {
    let (kind, arg) = match inner.split_once([':', '：']) {
        Some((k, a)) => (k.trim(), Some(a.trim())),
        None => (inner.trim(), None),
    };
    match (kind, arg) {
        ("total", None) => Ok(scored.total.to_string()),
        ("grade", None) => Ok(scored.grade.zh().to_string()),
        ("rate", Some(key)) => scored
            .budget
            .iter()
            .find(|b| b.key == key || b.label == key)
            .and_then(|b| b.rate)
            .map(|r| format!("{}%", fixed(r, 2)))
            .ok_or_else(|| {
                let keys: Vec<&str> = scored
                    .budget
                    .iter()
                    .filter(|b| b.rate.is_some())
                    .map(|b| b.key.as_str())
                    .collect();
                (
                    format!("预算行“{key}”没有执行率（需要 budget 与 spent）"),
                    format!("budget line `{key}` has no execution rate"),
                    format!("可用（available）: {}", keys.join(", ")),
                )
            }),
        ("score" | "weight" | "deduction" | "sentence" | "formula", Some(name)) => {
            let item = find(scored, name).ok_or_else(|| {
                let names = all_names(scored);
                let hint = match crate::model::suggest(name, &names) {
                    Some(s) => format!("是否应为“{s}”？（did you mean `{s}`?）"),
                    None => "写指标的完整名称，与 indicators 中的 name 一致".to_string(),
                };
                (
                    format!("占位符中的指标“{name}”不存在"),
                    format!("no indicator named `{name}`"),
                    hint,
                )
            })?;
            let (weight, score, formula) = item;
            Ok(match kind {
                "score" => plain(score),
                "weight" => plain(weight),
                "deduction" => plain(weight - score),
                "sentence" => sentence(weight, score),
                _ => formula.ok_or_else(|| {
                    (
                        format!("指标“{name}”的得分是填报的，没有计算公式"),
                        format!("`{name}` has an entered score, no formula"),
                        "formula 只用于比率、定量等计算得出的指标".to_string(),
                    )
                })?,
            })
        }
        _ => {
            let hint = match crate::model::suggest(kind, &KINDS) {
                Some(s) if s != kind => format!("是否应为 {s}？可用：total, grade, score: 名称, weight: 名称, deduction: 名称, sentence: 名称, formula: 名称, rate: 预算行"),
                _ => "可用：total, grade, score: 名称, weight: 名称, deduction: 名称, sentence: 名称, formula: 名称, rate: 预算行".to_string(),
            };
            Err((
                format!("无法识别的占位符“{{{{{inner}}}}}”"),
                format!("unknown placeholder `{{{{{inner}}}}}`"),
                hint,
            ))
        }
    }
}

/// The fixed sentence of the 自评报告: "分值 10 分，自评得 9.35 分，扣 0.65 分。"
pub fn sentence(weight: Decimal, score: Decimal) -> String {
    let deduction = weight - score;
    if deduction > Decimal::ZERO {
        format!(
            "分值 {} 分，自评得 {} 分，扣 {} 分。",
            plain(weight),
            plain(score),
            plain(deduction)
        )
    } else {
        format!("分值 {} 分，自评得 {} 分。", plain(weight), plain(score))
    }
}

fn find(scored: &Scored, name: &str) -> Option<(Decimal, Decimal, Option<String>)> {
    fn rows(rs: &[ScoredRow], name: &str) -> Option<(Decimal, Decimal, Option<String>)> {
        rs.iter().find_map(|r| {
            if r.name == name {
                Some((r.weight, r.score, r.formula.clone()))
            } else {
                rows(&r.items, name)
            }
        })
    }
    fn groups(gs: &[ScoredGroup], name: &str) -> Option<(Decimal, Decimal, Option<String>)> {
        gs.iter().find_map(|g| {
            if g.name == name {
                Some((g.weight, g.score, None))
            } else {
                groups(&g.groups, name).or_else(|| rows(&g.rows, name))
            }
        })
    }
    groups(&scored.groups, name)
}

fn all_names(scored: &Scored) -> Vec<&str> {
    fn rows<'a>(rs: &'a [ScoredRow], out: &mut Vec<&'a str>) {
        for r in rs {
            out.push(&r.name);
            rows(&r.items, out);
        }
    }
    fn groups<'a>(gs: &'a [ScoredGroup], out: &mut Vec<&'a str>) {
        for g in gs {
            out.push(&g.name);
            groups(&g.groups, out);
            rows(&g.rows, out);
        }
    }
    let mut out = Vec::new();
    groups(&scored.groups, &mut out);
    out
}

#[cfg(test)]
mod tests;
