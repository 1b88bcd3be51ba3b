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
mod applicable;
mod budget;
pub mod codes;
mod coefficient;
mod columns;
mod deadline;
mod engine;
mod funds;
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
use crate::model::{Direction, Report, Row, Rule};
use crate::number;
use crate::score::engine::Engine;
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
    /// 指标性质 and 度量单位 as written in their own columns (the target above has them joined in).
    pub op: Option<String>,
    pub unit: Option<String>,
    /// The direction the figures were compared in (定量 rows): higher, lower or equal is better.
    pub direction: Option<Direction>,
    /// 核心指标 (★).
    pub core: bool,
    /// 复核分 (the finance bureau's review score), rounded, within the weight.
    pub review: Option<Decimal>,
    /// 不适用: shown, not counted (its `weight` is the nominal one, its score 0).
    pub not_applicable: bool,
    /// The 得分系数 used (coefficient rows).
    pub coefficient: Option<Decimal>,
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
    /// Points of 不适用 rows under this group not available (policy `exclude`: `weight` is already
    /// without them), or the whole weight when every row under it is 不适用.
    pub not_applicable_weight: Decimal,
    /// Every row under it is 不适用.
    pub not_applicable: bool,
    /// 复核分 of the group: its rows' review scores (their self scores where a row has none), when
    /// any row under it has one.
    pub review: Option<Decimal>,
    /// Scored from the 项目资金 grid (预算执行率), not from rows.
    pub from_funds: bool,
    /// How the score was made when it is not the plain sum (pro-rata redistribution, the grid).
    pub formula: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A checked line of the 项目资金（万元） grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredFundsLine {
    pub key: String,
    pub label: String,
    pub initial: Option<Decimal>,
    pub budget: Option<Decimal>,
    pub spent: Option<Decimal>,
    /// spent / budget in percent, two decimals.
    pub rate: Option<Decimal>,
    pub stated_rate: Option<Decimal>,
}

/// The 项目资金（万元） grid, checked and scored: 执行率 × 分值, never above it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredFunds {
    /// The amount unit the report declared (amounts are in 万元 here), if any.
    pub unit: Option<String>,
    /// 年度资金总额 as computed (the sum of its lines where they are given).
    pub total: ScoredFundsLine,
    /// 年度资金总额 as the report wrote it, where it differs from the sum of its lines.
    pub stated_total: Option<ScoredFundsLine>,
    pub lines: Vec<ScoredFundsLine>,
    /// 分值.
    pub weight: Decimal,
    /// 得分.
    pub score: Option<Decimal>,
    pub stated_score: Option<Decimal>,
    pub formula: Option<String>,
    /// Column labels (年初预算数, 全年预算数, 全年执行数) from the system.
    pub columns: [String; 3],
    /// The group the grid scores (预算执行率), when the system has one.
    pub group: Option<String>,
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
    /// The 项目资金（万元） grid of the national form.
    pub funds: Option<ScoredFunds>,
    /// 复核总分 and its grade, when any row has a review score.
    pub review_total: Option<Decimal>,
    pub review_grade: Option<Grade>,
    /// Points of 不适用 rows left out (policy `exclude`): the total is out of `weight_total`.
    pub not_applicable_weight: Decimal,
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
    let mut e = Engine::new(system, report.year.value);
    let funds = e.funds_of(report);
    let funds_group = funds
        .as_ref()
        .and_then(|(_, g)| g.as_ref().map(|g| g.name.clone()));
    let mut groups: Vec<ScoredGroup> = Vec::new();
    for g in &report.groups {
        if let Some(fg) = &funds_group
            && e.is_group(fg, &g.name.value)
        {
            e.push(
                Code::FundsGroupListed
                    .finding(
                        Some(g.name.span),
                        format!("“{fg}”由项目资金表（funds）计算，此处另列的指标不计"),
                        format!("`{fg}` is scored from the funds grid; this group is ignored"),
                    )
                    .with_hint("删去该指标组；执行率得分由 funds 的执行数/全年预算数×分值计算"),
            );
            continue;
        }
        let sys = e.find_group(&system.groups, &g.name.value);
        if sys.is_none() && !system.groups.is_empty() {
            e.unknown_group(g, system.groups.iter().map(|s| s.name.as_str()));
        }
        groups.push(e.group(g, sys, 1));
    }
    let (funds, funds_group) = match funds {
        Some((f, g)) => (Some(f), g),
        None => (None, None),
    };
    if let Some(g) = funds_group {
        // The grid's group goes where the system lists it (预算执行率 first in the national form).
        let at = system
            .groups
            .iter()
            .position(|s| same(&s.name, &g.name))
            .map_or(groups.len(), |p| {
                groups
                    .iter()
                    .take_while(|x| {
                        system
                            .groups
                            .iter()
                            .position(|s| e.is_group(&s.name, &x.name))
                            .is_some_and(|q| q < p)
                    })
                    .count()
            });
        groups.insert(at, g);
    }
    for sg in &system.groups {
        let listed = groups.iter().any(|g| e.is_group(&sg.name, &g.name));
        if !listed && !sg.optional {
            let w = sg
                .weight
                .map(|w| format!("（{} 分）", number::plain(w)))
                .unwrap_or_default();
            e.push(
                Code::MissingFromReport
                    .finding(
                        report.groups.first().map(|g| g.name.span),
                        format!("指标体系中的一级指标“{}”{w}未在报告中列出", sg.name),
                        format!("the system's group `{}` is not in the report", sg.name),
                    )
                    .with_hint("在 indicators 中补上该一级指标，或检查名称是否与指标体系一致"),
            );
        }
    }

    let weight_total = e.sum(groups.iter().map(|g| g.weight), None);
    let na = e.sum(groups.iter().map(|g| g.not_applicable_weight), None);
    let full_total = e.sum(groups.iter().map(|g| g.weight), None)
        + if e.excludes() { na } else { Decimal::ZERO };
    let sum = e.sum(groups.iter().map(|g| g.score), None);
    let (total, _) = e.scaled(
        sum,
        full_total,
        na,
        report.groups.first().map(|g| g.name.span),
    );
    let weight_total = if e.excludes() {
        weight_total
    } else {
        full_total
    };
    if !groups.is_empty() && full_total != Decimal::ONE_HUNDRED {
        e.push(
            Code::WeightsNot100
                .finding(
                    report.groups.first().map(|g| g.name.span),
                    format!(
                        "一级指标分值合计 {}，不等于 100 分",
                        number::plain(full_total)
                    ),
                    format!(
                        "the 一级 weights add up to {}, not 100",
                        number::plain(full_total)
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
    let grade = e.grade(total, full_total, report);
    let review_total = e.review_total(&groups);
    let review_grade = review_total.map(|t| e.grade_of(t, full_total));
    let budget = report.budget.iter().map(|l| e.budget_line(l)).collect();
    e.amount_unit(report.budget_unit.as_ref());
    let excluded = if e.excludes() { na } else { Decimal::ZERO };
    let mut findings = e.findings;
    if let Some(at) = report.draft {
        draft(&mut findings, at);
    }
    findings.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    Scored {
        total,
        weight_total,
        grade,
        groups,
        budget,
        funds,
        review_total,
        review_grade,
        not_applicable_weight: excluded,
        findings,
    }
}

fn same(a: &str, b: &str) -> bool {
    engine::same_name(a, b)
}

/// The rule of a row that names none (format.md): items → aggregate, projects → projects,
/// rate/spent → rate, a target with a figure → quantitative, a target without → qualitative,
/// otherwise judged.
pub(crate) fn infer(row: &Row) -> Rule {
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
        Some(Target::Bound(_) | Target::Decrease | Target::Compound(_) | Target::Deadline(_)) => {
            Rule::Quantitative
        }
        Some(Target::Qualitative(_) | Target::Comparative(_)) => Rule::Qualitative,
        Some(Target::Empty) | None => Rule::Judged,
    }
}

#[cfg(test)]
mod tests;

/// A draft (`draft: true`): the rows still without data are warnings (the skeleton of `jixiao new`
/// builds, for a preview), and the draft is said at its key, a warning that `--strict` refuses.
fn draft(findings: &mut Vec<Diagnostic>, at: Span) {
    let empty = [Code::MissingScore.name(), Code::JudgedNeedsScore.name()];
    let mut open = 0;
    for f in findings.iter_mut().filter(|f| empty.contains(&f.code)) {
        f.code = Code::DraftRowEmpty.name();
        f.severity = Code::DraftRowEmpty.severity();
        open += 1;
    }
    findings.push(
        Code::Draft
            .finding(
                Some(at),
                format!("本报告是草稿（draft: true），还有 {open} 个指标缺少数据；页面标为草稿"),
                format!("a draft: {open} rows still without data; the pages say so"),
            )
            .with_hint("填完数据后删去 draft: true 这一行再发布"),
    );
}
