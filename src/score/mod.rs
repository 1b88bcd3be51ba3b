//! The scoring engine (评分): pure, exact, no IO.
//!
//! `score(report, system)` computes every 三级 score from its inputs under the rules of the report's
//! indicator system, sums the groups, grades the total, and records each formula the way the forms
//! print it ("专项资金支出进度=92.31%*5=4.62") together with the findings: where a stated score,
//! weight, count or rate differs from what the data gives.
//!
//! All arithmetic is `rust_decimal`; every printed figure is rounded 四舍五入 (half away from zero)
//! by [`round`] to the system's decimals, and a percentage that is printed is the one multiplied.
//!
//! The files of this module, one job each: [`grade`] (评价等级), [`codes`] (the finding codes),
//! [`round`] (the one rounding), [`target`] (reading targets and actuals), `engine.rs` (the engine's
//! state and shared helpers), and one file per rule family: `groups.rs`, `quantitative.rs`,
//! `qualitative.rs`, `rate.rs`, `aggregate.rs`, `projects.rs`, `budget.rs`.

mod aggregate;
mod budget;
pub mod codes;
mod engine;
pub mod grade;
mod groups;
mod projects;
mod qualitative;
mod quantitative;
mod rate;
pub mod round;
pub mod site;
pub mod target;

pub use codes::Code;
pub use grade::Grade;

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use crate::model::system::System;
use crate::model::{Report, Row, Rule};
use crate::number;
use crate::score::engine::{Engine, find_group, same_name};
use crate::score::target::Target;
use rust_decimal::Decimal;
use serde::Serialize;

/// A scored 三级指标 (or a sub-indicator of an aggregate row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredRow {
    pub name: String,
    pub rule: Rule,
    pub weight: Decimal,
    /// The computed score, rounded to the system's decimals.
    pub score: Decimal,
    /// weight − score.
    pub deduction: Decimal,
    /// The score the author stated, if any.
    pub stated: Option<Decimal>,
    /// Completion (完成率) or execution rate in percent, rounded to two decimals, where one exists.
    pub completion: Option<Decimal>,
    /// Halved for completion above 150%.
    pub halved: bool,
    /// The formula as printed ("(1033.48+100.63)/(1435-300)*12=11.99"); None for entered scores.
    pub formula: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    /// 未达标原因 / 扣分原因, as written.
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub items: Vec<ScoredRow>,
    #[serde(skip)]
    pub span: Span,
}

/// A scored 一级 or 二级 group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredGroup {
    pub name: String,
    pub weight: Decimal,
    pub score: Decimal,
    pub deduction: Decimal,
    /// A score stated for the whole group when its rows are not published.
    pub stated: Option<Decimal>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub groups: Vec<ScoredGroup>,
    pub rows: Vec<ScoredRow>,
    #[serde(skip)]
    pub span: Span,
}

/// A checked budget line: the rate computed from its amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredBudgetLine {
    pub key: String,
    pub label: String,
    pub budget: Decimal,
    pub spent: Option<Decimal>,
    /// spent / budget in percent, two decimals.
    pub rate: Option<Decimal>,
    pub stated_rate: Option<Decimal>,
}

/// The result of scoring one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// 总分: the sum of the group scores.
    pub total: Decimal,
    /// The sum of the 一级 weights (100 for a complete report).
    pub weight_total: Decimal,
    pub grade: Grade,
    pub groups: Vec<ScoredGroup>,
    pub budget: Vec<ScoredBudgetLine>,
    /// Every problem found, in source order.
    #[serde(skip)]
    pub findings: Vec<Diagnostic>,
}

/// Scores a report under its indicator system. Pure: no IO, no clock, deterministic.
///
/// Every rule of `docs/format.md` and the domain notes is applied here; what does not add up is
/// returned in [`Scored::findings`] (sorted by position in the file), never as a panic. The finding
/// codes are listed in [`Code`].
pub fn score(report: &Report, system: &System) -> Scored {
    let mut e = Engine::new(&system.rules);
    let groups: Vec<ScoredGroup> = report
        .groups
        .iter()
        .map(|g| {
            let sys = find_group(&system.groups, &g.name.value);
            if sys.is_none() && !system.groups.is_empty() {
                e.unknown_group(g, system.groups.iter().map(|s| s.name.as_str()));
            }
            e.group(g, sys, 1)
        })
        .collect();
    for sg in &system.groups {
        if !report
            .groups
            .iter()
            .any(|g| same_name(&g.name.value, &sg.name))
        {
            e.push(
                Code::MissingFromReport
                    .finding(
                        report.groups.first().map(|g| g.name.span),
                        format!(
                            "指标体系中的一级指标“{}”（{} 分）未在报告中列出",
                            sg.name,
                            number::plain(sg.weight)
                        ),
                        format!("the system's group `{}` is not in the report", sg.name),
                    )
                    .with_hint("在 indicators 中补上该一级指标，或检查名称是否与指标体系一致"),
            );
        }
    }

    let weight_total = e.sum(groups.iter().map(|g| g.weight), None);
    let total = e.sum(groups.iter().map(|g| g.score), None);
    let total = e.round(total);
    if !groups.is_empty() && weight_total != Decimal::ONE_HUNDRED {
        e.push(
            Code::WeightsNot100
                .finding(
                    report.groups.first().map(|g| g.name.span),
                    format!(
                        "一级指标分值合计 {}，不等于 100 分",
                        number::plain(weight_total)
                    ),
                    format!(
                        "the 一级 weights add up to {}, not 100",
                        number::plain(weight_total)
                    ),
                )
                .with_hint("检查各一级指标的分值（weight）"),
        );
    }
    if let Some(st) = &report.stated_total
        && st.value != total
    {
        let (s, c) = (e.show(st.value), e.show(total));
        e.push(
            Code::TotalMismatch
                .finding(
                    Some(st.span),
                    format!("自评总分 {s} 与各指标得分合计 {c} 不符"),
                    format!("stated total {s}, computed {c}"),
                )
                .with_hint(format!("改为 stated_total: {c}，或检查各指标得分")),
        );
    }
    let budget = report.budget.iter().map(|l| e.budget_line(l)).collect();
    let mut findings = e.findings;
    findings.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    Scored {
        total,
        weight_total,
        grade: Grade::of(total),
        groups,
        budget,
        findings,
    }
}

/// The rule of a row that names none (format.md): items → aggregate, projects → projects,
/// rate/spent → rate, a target with a figure → quantitative, a target without → qualitative,
/// otherwise judged.
pub fn infer(row: &Row) -> Rule {
    if !row.items.is_empty() {
        return Rule::Aggregate;
    }
    if !row.projects.is_empty() {
        return Rule::Projects;
    }
    if row.rate.is_some() || row.spent.is_some() {
        return Rule::Rate;
    }
    match row.target.as_ref().map(|t| target::parse_target(&t.value)) {
        Some(Target::Bound(_) | Target::Decrease | Target::Compound(_)) => Rule::Quantitative,
        Some(Target::Qualitative(_) | Target::Comparative(_)) => Rule::Qualitative,
        Some(Target::Empty) | None => Rule::Judged,
    }
}

#[cfg(test)]
mod tests;
