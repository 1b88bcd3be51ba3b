//! Narrative placeholders (占位符): `{{ total }}`, `{{ sentence: 整体效能 }}`, … replaced by the
//! computed values before rendering, so the HTML and the PDF say the same thing and no figure is
//! retyped. An unknown placeholder or name is an error at its line.

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use crate::model::Report;
use crate::number::{fixed, plain};
use crate::score::{Scored, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;

/// The placeholder kinds, for messages and suggestions.
pub const KINDS: [&str; 8] = [
    "total",
    "grade",
    "score",
    "weight",
    "deduction",
    "sentence",
    "formula",
    "rate",
];

/// Expands every placeholder of the report's narrative. Problems are pushed to `diags` with spans
/// in the file; an unresolved placeholder is left as written.
pub fn expand(report: &Report, scored: &Scored, diags: &mut Vec<Diagnostic>) -> String {
    let body = &report.body.text;
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    let mut pos = 0usize;
    while let Some(i) = rest.find("{{") {
        if i > 0 && rest.as_bytes()[i - 1] == b'\\' {
            out.push_str(&rest[..i - 1]);
            out.push_str("{{");
            rest = &rest[i + 2..];
            pos += i + 2;
            continue;
        }
        out.push_str(&rest[..i]);
        let start = pos + i;
        let after = &rest[i + 2..];
        let Some(close) = after.find("}}").filter(|c| !after[..*c].contains('\n')) else {
            diags.push(
                Diagnostic::error(
                    "unclosed-placeholder",
                    Some(span(report, start, start + 2)),
                    "占位符 {{ 没有对应的 }}",
                    "placeholder `{{` is not closed on its line",
                )
                .with_hint("写成 {{ total }}；若要显示 {{ 本身，写 \\{{"),
            );
            out.push_str("{{");
            rest = after;
            pos = start + 2;
            continue;
        };
        let inner = &after[..close];
        let end = start + 2 + close + 2;
        match resolve(inner, scored) {
            Ok(v) => out.push_str(&v),
            Err((zh, en, hint)) => {
                diags.push(
                    Diagnostic::error("bad-placeholder", Some(span(report, start, end)), zh, en)
                        .with_hint(hint),
                );
                out.push_str(&body[start..end]);
            }
        }
        rest = &after[close + 2..];
        pos = end;
    }
    out.push_str(rest);
    out
}

fn span(report: &Report, start: usize, end: usize) -> Span {
    Span::new(report.body.offset + start, report.body.offset + end)
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
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert_eq!(
            sentence(d("10"), d("9.35")),
            "分值 10 分，自评得 9.35 分，扣 0.65 分。"
        );
        assert_eq!(sentence(d("5.00"), d("5.00")), "分值 5 分，自评得 5 分。");
        assert_eq!(
            sentence(d("10"), d("5.13")),
            "分值 10 分，自评得 5.13 分，扣 4.87 分。"
        );
    }
}
