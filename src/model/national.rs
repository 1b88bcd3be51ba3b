//! What the national 项目支出绩效自评表 (财预〔2020〕10号) and the local forms add to a report: the
//! 项目资金（万元） grid, amounts declared in 元, and the row columns of real forms (不适用 weights,
//! 指标性质 and 度量单位 in their own columns, 指标方向, ★ 核心指标, 复核分, 得分系数).

use super::reader::*;
use super::types::*;
use crate::diag::Diagnostic;
use crate::load::yaml::{Node, Span, Value};
use crate::number;
use rust_decimal::Decimal;

const FUNDS_FIELDS: [&str; 3] = ["unit", "weight", "total"];
const FUNDS_LINE_FIELDS: [&str; 6] = ["initial", "budget", "spent", "rate", "score", "label"];

/// Words a form writes for 不适用 in a weight or score cell.
pub(crate) const NOT_APPLICABLE: [&str; 7] = ["/", "／", "不适用", "—", "-", "无", "N/A"];

/// Money units an amount may be declared in, with their size in 万元.
const MONEY_UNITS: [(&str, &str); 4] = [
    ("万元", "1"),
    ("元", "0.0001"),
    ("千元", "0.1"),
    ("亿元", "10000"),
];

/// The size in 万元 of a declared amount unit (`unit: 元` → 0.0001), or an error at it.
pub(crate) fn money_unit(r: &mut Reader<'_>, n: &Node) -> Option<(Sp<String>, Decimal)> {
    let s = r.text(n)?;
    let v = s
        .value
        .trim()
        .trim_start_matches('（')
        .trim_start_matches('(');
    let v = v
        .trim_end_matches('）')
        .trim_end_matches(')')
        .trim_start_matches("单位：");
    match MONEY_UNITS.iter().find(|(u, _)| *u == v) {
        Some((u, f)) => Some((
            Sp::new((*u).to_string(), s.span),
            Decimal::from_str_exact(f).unwrap_or(Decimal::ONE),
        )),
        None => {
            r.err(
                Diagnostic::error(
                    "bad-amount-unit",
                    Some(s.span),
                    format!("金额单位“{}”无法识别", crate::diag::excerpt(&s.value)),
                    "unknown amount unit",
                )
                .with_hint("unit 只能是 万元、元、千元 或 亿元；元 的金额读入时折算为万元"),
            );
            None
        }
    }
}

/// An amount in 万元: a figure, optionally followed by `万元`. A figure in `元` is refused with a hint
/// (never silently read as 万元); with a declared `unit`, the figure is multiplied by `factor`.
pub fn amount(r: &mut Reader<'_>, n: &Node, what_zh: &str, factor: Decimal) -> Option<Sp<Decimal>> {
    if let Some(s) = n.as_str() {
        let norm = number::normalize(s);
        if let Some((_, rest)) = number::split_number(norm.trim())
            && matches!(rest.trim(), "元" | "千元" | "亿元")
        {
            r.err(
                Diagnostic::error(
                    "amount-in-yuan",
                    Some(n.span),
                    format!(
                        "{what_zh}“{}”以{}为单位，而本表金额以万元计",
                        crate::diag::excerpt(s),
                        rest.trim()
                    ),
                    "an amount in another unit where the grid is in 万元",
                )
                .with_hint(
                    "写成万元（如 43.2），或在该表中写 unit: 元，所有金额按元读入并折算为万元",
                ),
            );
            return None;
        }
    }
    let d = r.decimal(n, what_zh)?;
    if factor == Decimal::ONE {
        return Some(d);
    }
    match d.value.checked_mul(factor) {
        Some(v) => Some(Sp::new(v.normalize(), d.span)),
        None => Some(d),
    }
}

fn opt_amount(
    r: &mut Reader<'_>,
    f: &mut Fields<'_>,
    key: &str,
    what_zh: &str,
    factor: Decimal,
) -> Option<Sp<Decimal>> {
    let n = f.take(key)?;
    amount(r, n, what_zh, factor)
}

/// Reads `funds:` (项目资金（万元）): `unit`, `weight`, `total` and the 其中 lines by key, each
/// `{initial, budget, spent}` (the total line also `rate` and `score` as stated).
pub(crate) fn read_funds(r: &mut Reader<'_>, n: &Node) -> Option<Funds> {
    let Value::Map(entries) = &n.value else {
        r.err(type_error(
            n,
            "项目资金（funds）应为键值表",
            "funds must be a mapping",
        ));
        return None;
    };
    let mut f = r.fields(n, "项目资金", "funds")?;
    let unit = f.take("unit").and_then(|u| money_unit(r, u));
    let factor = unit.as_ref().map_or(Decimal::ONE, |(_, x)| *x);
    let weight = r.opt_decimal(&mut f, "weight", "分值");
    let total = f
        .take("total")
        .and_then(|t| read_funds_line(r, t, "total", factor));
    let mut lines = Vec::new();
    for (k, v) in entries {
        let Some(key) = k.as_str() else { continue };
        if FUNDS_FIELDS.contains(&key) {
            continue;
        }
        f.take(key);
        if matches!(v.value, Value::Null) {
            continue;
        }
        if let Some(l) = read_funds_line(r, v, key, factor) {
            lines.push(FundsLine {
                key: Sp::new(key.to_string(), k.span),
                ..l
            });
        }
    }
    r.finish(f, &FUNDS_FIELDS, "项目资金");
    Some(Funds {
        unit: unit.map(|(u, _)| u),
        weight,
        total,
        lines,
        span: n.span,
    })
}

fn read_funds_line(r: &mut Reader<'_>, n: &Node, key: &str, factor: Decimal) -> Option<FundsLine> {
    let mut f = r.fields(n, "项目资金行", "funds line")?;
    let line = FundsLine {
        key: Sp::new(key.to_string(), n.span),
        initial: opt_amount(r, &mut f, "initial", "年初预算数", factor),
        budget: opt_amount(r, &mut f, "budget", "全年预算数", factor),
        spent: opt_amount(r, &mut f, "spent", "全年执行数", factor),
        stated_rate: r.opt_percent(&mut f, "rate", "执行率"),
        stated_score: r.opt_decimal(&mut f, "score", "得分"),
        label: r.opt_text(&mut f, "label"),
    };
    r.finish(f, &FUNDS_LINE_FIELDS, "项目资金行");
    Some(line)
}

/// A row's weight: a figure, or 不适用 (`/`, `不适用`, left blank), whose span is returned.
pub(crate) fn read_row_weight(
    r: &mut Reader<'_>,
    f: &mut Fields<'_>,
) -> (Option<Sp<Decimal>>, Option<Span>) {
    let present = f.key_present("weight");
    match f.take("weight") {
        None => (None, present),
        Some(n) => match n.as_str().map(str::trim) {
            Some(s) if s.is_empty() || NOT_APPLICABLE.contains(&s) => (None, Some(n.span)),
            _ => (r.decimal(n, "权重"), None),
        },
    }
}

/// A score that may be written `/` on a 不适用 row (then there is none).
pub(crate) fn read_score(
    r: &mut Reader<'_>,
    f: &mut Fields<'_>,
    key: &str,
    what_zh: &str,
    na: bool,
) -> Option<Sp<Decimal>> {
    let n = f.take(key)?;
    if na
        && n.as_str()
            .is_some_and(|s| NOT_APPLICABLE.contains(&s.trim()))
    {
        return None;
    }
    r.decimal(n, what_zh)
}

/// `direction: lower | higher | equal` (also 反向 / 正向 / 等值, 越低越好 / 越高越好).
pub(crate) fn read_direction(r: &mut Reader<'_>, n: &Node) -> Option<Sp<Direction>> {
    let s = n.as_str().unwrap_or("").trim();
    let d = match s {
        "lower" | "反向" | "逆向" | "越低越好" | "越小越好" => Direction::Lower,
        "higher" | "正向" | "越高越好" | "越大越好" => Direction::Higher,
        "equal" | "等值" | "等于" => Direction::Equal,
        _ => {
            r.err(
                Diagnostic::error(
                    "bad-direction",
                    Some(n.span),
                    "指标方向无法识别",
                    "unknown direction",
                )
                .with_hint(
                    "direction 只能是 lower（反向，越低越好）、higher（正向）或 equal（等值）",
                ),
            );
            return None;
        }
    };
    Some(Sp::new(d, n.span))
}

/// `core: true` (also `是`, `★`).
pub(crate) fn read_core(r: &mut Reader<'_>, n: &Node) -> bool {
    match n.as_str().map(str::trim) {
        Some("true" | "yes" | "是" | "★" | "核心") => true,
        Some("false" | "no" | "否" | "") => false,
        _ => {
            r.err(
                Diagnostic::error(
                    "bad-core",
                    Some(n.span),
                    "核心指标（core）应为 true 或 false",
                    "core must be true or false",
                )
                .with_hint("core: true 表示核心指标（★）"),
            );
            false
        }
    }
}

/// A name written with ★ (核心指标) before or after it: the name without the star, and whether
/// there was one.
pub(crate) fn strip_core_mark(name: Sp<String>) -> (Sp<String>, bool) {
    let stars: &[char] = &['★', '☆', '*'];
    let t = name.value.trim();
    let stripped = t.trim_start_matches(stars).trim_end_matches(stars).trim();
    if stripped.len() != t.len()
        && !stripped.is_empty()
        && (t.starts_with(['★', '☆']) || t.ends_with(['★', '☆']))
    {
        (Sp::new(stripped.to_string(), name.span), true)
    } else {
        (name, false)
    }
}
