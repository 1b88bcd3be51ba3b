//! The funds grids of the forms (资金): 年度部门预算情况 of the 广东 department form, 资金情况 of the
//! 广东 project form and 项目资金（万元） of the 财政部 national form, read into the report's budget lines
//! or its `funds:` grid.

use super::fields::{Found, below, col_of, labelled, row_of};
use super::grid::number;
use super::header::{Header, fold};
use super::sheet::{Sheet, a1};
use super::{BudgetCell, FundsCells, ImportError, ImportedFunds};
use crate::model::system::System;
use rust_decimal::Decimal;

pub(super) fn amount(sheet: &Sheet, f: &Found, what: &str) -> Result<Option<Decimal>, ImportError> {
    if f.value.is_empty() {
        return Ok(None);
    }
    crate::number::parse_decimal(&f.value)
        .map(Some)
        .map_err(|e| ImportError::BadCell {
            cell: format!("{}!{}", sheet.name, a1(f.row, f.col)),
            what: what.to_string(),
            text: crate::diag::excerpt(&f.value),
            why: e.zh().to_string(),
        })
}

/// The value cell to the right of a label: its position, for messages.
pub(super) fn labelled_value(
    sheet: &Sheet,
    labels: &[&str],
    rows: std::ops::Range<usize>,
) -> Option<Found> {
    let f = labelled(sheet, labels, rows)?;
    // Find the cell that holds the value (for the cell name in messages).
    let col = (f.col..sheet.width())
        .find(|&c| c > f.col && sheet.text(f.row, c) == f.value)
        .unwrap_or(f.col);
    Some(Found { col, ..f })
}

/// 年度部门预算情况: the column titles with their figures below.
pub(super) fn department_budget(
    sheet: &Sheet,
    head: &Header,
) -> Result<Vec<BudgetCell>, ImportError> {
    let mut out = Vec::new();
    for (key, labels) in [
        ("total", &["总预算", "年度预算总额", "预算总额"][..]),
        ("basic", &["基本支出"]),
        ("project", &["项目支出"]),
        ("special", &["专项资金"]),
        ("other", &["其他事业发展支出"]),
        ("city", &["市本级资金", "本级资金"]),
        ("transfer", &["对下转移支付"]),
    ] {
        if let Some(f) = below(sheet, labels, 0..head.row, 3)
            && let Some(v) = amount(sheet, &f, labels[0])?
        {
            out.push(BudgetCell {
                key,
                budget: v,
                spent: None,
                rate: None,
            });
        }
    }
    Ok(out)
}

/// 资金情况 of the 广东 project form: 预算计划安排; 实际分配下达 and 实际支出金额, each 市本级 | 转移支付至下级.
pub(super) fn gd_project_budget(
    sheet: &Sheet,
    head: &Header,
) -> Result<Vec<BudgetCell>, ImportError> {
    let above = 0..head.row;
    let mut out = Vec::new();
    if let Some(f) = labelled_value(sheet, &["预算计划安排"], above.clone())
        && let Some(v) = amount(sheet, &f, "预算计划安排")?
    {
        out.push(BudgetCell {
            key: "initial",
            budget: v,
            spent: None,
            rate: None,
        });
    }
    let pair = |label: &str| -> Result<(Option<Decimal>, Option<Decimal>), ImportError> {
        let Some(r) = row_of(sheet, &[label], above.clone()) else {
            return Ok((None, None));
        };
        let city = match labelled_value(sheet, &["市本级", "本级"], r..r + 1) {
            Some(f) => amount(sheet, &f, "市本级")?,
            None => None,
        };
        let transfer = match labelled_value(sheet, &["转移支付至下级", "转移支付"], r..r + 1)
        {
            Some(f) => amount(sheet, &f, "转移支付至下级")?,
            None => None,
        };
        Ok((city, transfer))
    };
    let (city_b, transfer_b) = pair("实际分配下达")?;
    let (city_s, transfer_s) = pair("实际支出金额")?;
    let add = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    };
    if let Some(b) = add(city_b, transfer_b) {
        out.push(BudgetCell {
            key: "total",
            budget: b,
            spent: add(city_s, transfer_s),
            rate: None,
        });
    }
    for (key, b, s) in [
        ("city", city_b, city_s),
        ("transfer", transfer_b, transfer_s),
    ] {
        if let Some(b) = b {
            let zero = b.is_zero() && s.is_none_or(|s| s.is_zero());
            out.push(BudgetCell {
                key,
                budget: b,
                spent: if zero { None } else { s },
                rate: None,
            });
        }
    }
    Ok(out)
}

/// The labels of the national grid's columns: the system's own first, then the usual variants.
fn funds_labels<'a>(own: Option<&'a str>, usual: &[&'a str]) -> Vec<&'a str> {
    own.into_iter().chain(usual.iter().copied()).collect()
}

/// 其中：本年财政拨款 → 本年财政拨款: a line's label without its 其中 prefix, folded.
fn line_label(t: &str) -> String {
    let f = fold(t);
    f.strip_prefix("其中:")
        .or_else(|| f.strip_prefix("其中"))
        .unwrap_or(&f)
        .to_string()
}

/// The report key of a funds line labelled `label` under `system`'s grid (`appropriation` for
/// 本年财政拨款 / 当年财政拨款 in the 财政部 form), with the system's label of it, or None.
fn line_key(system: &System, label: &str) -> Option<(String, String)> {
    let want = line_label(label);
    if want.is_empty() {
        return None;
    }
    let spec = system.funds.as_ref()?;
    let found = spec.lines.iter().find(|l| {
        let have = line_label(&l.label);
        have == want || have.contains(&want) || want.contains(&have)
    });
    let found = found.or_else(|| {
        // 本年财政拨款 and 当年财政拨款, 上年结转 and 上年结转资金: the same line.
        [
            "财政拨款",
            "上年结转",
            "其他资金",
            "财政资金",
            "单位资金",
            "财政专户",
        ]
        .iter()
        .find(|w| want.contains(*w))
        .and_then(|w| spec.lines.iter().find(|l| l.label.contains(w)))
    });
    found.map(|l| (l.key.clone(), l.label.clone()))
}

/// 项目资金（万元） of the national form, in the labels of `system`'s grid: 年初预算数 | 全年预算数(A)
/// | 全年执行数(B) | 分值 | 执行率 | 得分 by 年度资金总额 and its 其中 lines. A line the system does not
/// have is kept as a note (the report file has no field for it).
pub(super) fn national_funds(
    sheet: &Sheet,
    head: &Header,
    system: &System,
) -> Result<(Option<ImportedFunds>, Vec<String>), ImportError> {
    let mut notes = Vec::new();
    let spec = system.funds.as_ref();
    let cols = spec.map(|s| &s.columns);
    let budget_labels = funds_labels(
        cols.map(|c| c.budget.as_str()),
        &["全年预算数", "调整后预算数", "调整预算数", "预算数"],
    );
    let Some(hr) = row_of(sheet, &budget_labels, 0..head.row) else {
        return Ok((None, notes));
    };
    let col = |labels: &[&str]| col_of(sheet, hr, labels);
    let (initial, planned, spent) = (
        col(&funds_labels(
            cols.map(|c| c.initial.as_str()),
            &["年初预算数", "年初预算"],
        )),
        col(&budget_labels),
        col(&funds_labels(
            cols.map(|c| c.spent.as_str()),
            &["全年执行数", "预算执行数", "执行数"],
        )),
    );
    let (weight, rate, score) = (
        col(&["分值", "权重"]),
        col(&["执行率", "预算执行率"]),
        col(&["得分"]),
    );
    let first = [initial, planned, spent]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(0);
    let num = |r: usize, c: Option<usize>, what: &str| match c {
        Some(c) => number(sheet, r, c, what),
        None => Ok(None),
    };
    let total_label = spec.map_or("年度资金总额", |s| s.total.as_str());
    let mut funds = ImportedFunds::default();
    for r in hr + 1..(hr + 9).min(head.row) {
        let label = (0..first)
            .map(|c| sheet.text(r, c))
            .rfind(|t| !t.is_empty())
            .unwrap_or_default();
        let f = fold(label);
        let stop = (0..first).any(|c| {
            let t = fold(sheet.text(r, c));
            [
                "年度总体目标",
                "绩效指标",
                "一级指标",
                "项目年度目标",
                "年度绩效目标",
            ]
            .iter()
            .any(|w| t.starts_with(w))
        });
        if stop {
            break;
        }
        let key = if f.contains("资金总额") || f == fold(total_label) || f == "合计" || f == "总额"
        {
            Some(("total".to_string(), total_label.to_string()))
        } else {
            line_key(system, label)
        };
        let (i, a, b) = (
            num(r, initial, "年初预算数")?,
            num(r, planned, "全年预算数")?,
            num(r, spent, "全年执行数")?,
        );
        let Some((key, system_label)) = key else {
            if !f.is_empty()
                && !f.starts_with("项目资金")
                && (i.is_some() || a.is_some() || b.is_some())
            {
                let vals: Vec<String> = [i, a, b]
                    .iter()
                    .map(|x| x.map(super::emit::num).unwrap_or_default())
                    .collect();
                notes.push(format!(
                    "{label}（{}）：{}（指标体系的项目资金表无此行）",
                    "年初预算数 / 全年预算数 / 全年执行数",
                    vals.join(" / ")
                ));
            }
            continue;
        };
        let mut line = FundsCells {
            key,
            // The form's own wording of the line, kept where it is not the system's.
            label: (fold(label) != fold(&system_label)).then(|| label.trim().to_string()),
            initial: i,
            budget: a,
            spent: b,
            ..FundsCells::default()
        };
        if line.key == "total" {
            line.rate = match rate {
                Some(c) if !super::grid::blank(sheet.text(r, c)) => {
                    let t = sheet.text(r, c);
                    let p = crate::number::parse_percent(t).map_err(|e| ImportError::BadCell {
                        cell: format!("{}!{}", sheet.name, a1(r, c)),
                        what: "执行率".into(),
                        text: crate::diag::excerpt(t),
                        why: e.zh().to_string(),
                    })?;
                    // A rate stored as a fraction (0.9231) in a cell without a percent format.
                    let numeric = sheet.cell(r, c).is_some_and(|x| x.numeric);
                    Some(if numeric && !t.contains('%') && p <= Decimal::new(15, 1) {
                        p * Decimal::ONE_HUNDRED
                    } else {
                        p
                    })
                }
                _ => None,
            };
            funds.weight = num(r, weight, "预算执行率分值")?;
            line.score = num(r, score, "预算执行率得分")?;
        }
        let empty = line.initial.is_none()
            && line.budget.is_none()
            && line.spent.is_none()
            && line.rate.is_none()
            && line.score.is_none();
        if !empty && !funds.lines.iter().any(|l| l.key == line.key) {
            funds.lines.push(line);
        }
    }
    funds.lines.sort_by_key(|l| usize::from(l.key != "total"));
    Ok(((!funds.lines.is_empty()).then_some(funds), notes))
}
