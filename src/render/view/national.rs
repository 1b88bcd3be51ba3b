//! The national 项目支出绩效自评表's own parts, as the templates (`report-national.html`,
//! `typst/national.typ`) print them: the header (项目名称, 主管部门, 实施单位, 项目负责人, 联系电话),
//! the 项目资金（万元） grid with its 分值 / 执行率 / 得分 on the total line, and 年度总体目标 beside
//! 实际完成情况. Every figure is already text.

use super::{Points, rate_differs};
use crate::model::{Layout, Report};
use crate::number::{money, plain};
use crate::score::round::{self, PERCENT_DECIMALS};
use crate::score::{Scored, ScoredFundsLine};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct NationalView {
    /// 项目名称.
    pub project: Option<String>,
    /// 主管部门 (the unit when not given).
    pub department: String,
    /// 实施单位 (the unit when not given).
    pub implementer: String,
    /// 项目负责人.
    pub manager: Option<String>,
    /// 联系电话 (the project's, else the sign-off's).
    pub phone: Option<String>,
    /// 财务负责人 (some local forms).
    pub finance_lead: Option<String>,
    /// 项目实施内容及过程概述 (some local forms).
    pub summary: Option<String>,
    pub funds: Option<FundsView>,
    /// 年度总体目标: 预期目标 (one text) and 实际完成情况.
    pub goal: String,
    pub completion: String,
    /// Optional columns of the indicator table that have content.
    pub cols: NationalCols,
    /// The indicator table's column titles, as the system's form prints them.
    pub heads: crate::model::system::TableLabels,
}

#[derive(Clone, Debug, Serialize)]
pub struct NationalCols {
    /// 复核分 beside 自评分.
    pub review: bool,
    /// A ★ column note (some row is a 核心指标).
    pub core: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct FundsView {
    /// 年初预算数, 全年预算数, 全年执行数 (the system's labels).
    pub columns: Vec<String>,
    /// 年度资金总额 first, then the 其中 lines.
    pub lines: Vec<FundsLineView>,
    /// The amount unit the report declared (converted to 万元), when not 万元.
    pub declared_unit: Option<String>,
    /// The formula of the score as the forms print it ("37.24/43.2=86.20%；86.20%×10=8.62").
    pub formula: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FundsLineView {
    pub label: String,
    pub initial: String,
    pub budget: String,
    pub spent: String,
    /// 分值 on the total line, `—` on the others.
    pub weight: String,
    /// 执行率 as published: the stated one where the report states one, else the computed one
    /// (`86.20%`).
    pub rate: String,
    /// jixiao's 执行率 where the stated one differs (“经核算为 …”).
    pub computed_rate: Option<String>,
    /// 得分 on the total line as published (the stated one where stated), `—` on the others.
    pub score: String,
    /// jixiao's 得分 where the stated one differs.
    pub computed_score: Option<String>,
    /// As the report states them, where they differ from the computed ones.
    pub stated_rate: Option<String>,
    pub rate_differs: bool,
    pub stated_score: Option<String>,
    pub score_differs: bool,
    /// The total as written, where it differs from the sum of its lines ("0.00 / 0.00 / 0.00").
    pub stated_amounts: Option<String>,
    pub total: bool,
}

/// A 万元 amount as the form prints it: thousands separators, at least two decimals, and every
/// decimal the report gave (`89.974`).
fn amount(d: Option<Decimal>) -> String {
    d.map(|d| {
        let extra = d.normalize().scale().saturating_sub(2);
        if extra == 0 {
            money(d)
        } else {
            let two = money(d.trunc_with_scale(2));
            let digits = d.normalize().to_string();
            let tail = &digits[digits.len() - extra as usize..];
            format!("{two}{tail}")
        }
    })
    .unwrap_or_default()
}

fn line(l: &ScoredFundsLine, total: bool) -> FundsLineView {
    // Publish what was signed: the stated rate, jixiao's beside it where they differ.
    let computed = l
        .rate
        .map(|r| format!("{}%", round::fixed(r, PERCENT_DECIMALS)));
    let stated_rate = l.stated_rate.map(|x| format!("{}%", plain(x)));
    let differs = rate_differs(l.stated_rate, l.spent, l.budget) && stated_rate.is_some();
    FundsLineView {
        label: l.label.clone(),
        initial: amount(l.initial),
        budget: amount(l.budget),
        spent: amount(l.spent),
        weight: "—".into(),
        rate: if differs {
            stated_rate.clone().unwrap_or_default()
        } else {
            computed.clone().unwrap_or_default()
        },
        computed_rate: if differs { computed } else { None },
        score: "—".into(),
        computed_score: None,
        stated_rate,
        rate_differs: differs,
        stated_score: None,
        score_differs: false,
        stated_amounts: None,
        total,
    }
}

/// The national parts of a report: for the national layout, and for any report with a funds grid.
pub fn view(
    r: &Report,
    sc: &Scored,
    dp: u32,
    heads: &crate::model::system::TableLabels,
) -> Option<NationalView> {
    if r.layout != Layout::National && sc.funds.is_none() {
        return None;
    }
    let pts = Points { dp };
    let p = r.project.as_ref();
    let text = |o: Option<&crate::model::Sp<String>>| o.map(|s| s.value.clone());
    let funds = sc.funds.as_ref().map(|f| {
        let mut total = line(&f.total, true);
        // A grid that scores no group (its form has no 分值 / 得分 there) keeps its dashes.
        let scored = f.group.is_some();
        if scored {
            total.weight = plain(f.weight);
        }
        let computed = f.score.map(|s| pts.score(s));
        total.stated_score = f.stated_score.map(|s| pts.exact(s));
        total.score_differs = matches!((f.stated_score, f.score), (Some(a), Some(b)) if a != b);
        // The stated 得分, jixiao's beside it where they differ.
        if total.score_differs {
            total.score = total.stated_score.clone().unwrap_or_default();
            total.computed_score = computed;
        } else if scored {
            total.score = computed.unwrap_or_default();
        }
        total.stated_amounts = f.stated_total.as_ref().map(|t| {
            [t.initial, t.budget, t.spent]
                .iter()
                .map(|x| x.map(money).unwrap_or_else(|| "—".into()))
                .collect::<Vec<_>>()
                .join(" / ")
        });
        let mut lines = vec![total];
        lines.extend(f.lines.iter().map(|l| line(l, false)));
        FundsView {
            columns: f.columns.to_vec(),
            lines,
            declared_unit: f.unit.clone().filter(|u| u != "万元"),
            formula: f.formula.as_deref().map(super::print_formula),
        }
    });
    let any_row = |f: fn(&crate::score::ScoredRow) -> bool| {
        fn walk(gs: &[crate::score::ScoredGroup], f: fn(&crate::score::ScoredRow) -> bool) -> bool {
            gs.iter()
                .any(|g| g.rows.iter().any(f) || walk(&g.groups, f))
        }
        walk(&sc.groups, f)
    };
    Some(NationalView {
        project: text(p.and_then(|p| p.name.as_ref())),
        department: text(p.and_then(|p| p.department.as_ref()))
            .unwrap_or_else(|| r.unit.value.clone()),
        implementer: text(p.and_then(|p| p.implementer.as_ref()))
            .unwrap_or_else(|| r.unit.value.clone()),
        manager: text(p.and_then(|p| p.manager.as_ref())),
        phone: text(p.and_then(|p| p.phone.as_ref())).or_else(|| text(r.signoff.phone.as_ref())),
        finance_lead: text(p.and_then(|p| p.finance_lead.as_ref())),
        summary: text(p.and_then(|p| p.summary.as_ref())),
        funds,
        goal: r
            .goals
            .iter()
            .map(|g| g.value.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        completion: text(r.completion.as_ref()).unwrap_or_default(),
        cols: NationalCols {
            review: sc.review_total.is_some(),
            core: any_row(|r| r.core),
        },
        heads: heads.clone(),
    })
}
