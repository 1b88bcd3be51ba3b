//! The report as the templates see it: plain, serialisable data with every figure already formatted
//! as text (scores with the system's decimals, percentages with two, 万元 with thousands
//! separators). The HTML templates get it as tera context, the Typst template as `report.json`;
//! neither computes anything.

use crate::diag::Problem;
use crate::model::{Layout, ReportKind, budget_label};
use crate::narrative::Narrative;
use crate::number::{money, plain};
use crate::pipeline::{Entry, Site};
use crate::score::round::{self, PERCENT_DECIMALS};
use crate::score::{Grade, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;
use serde::Serialize;

mod national;
pub use national::{FundsLineView, FundsView, NationalView};

#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    /// Output path stem (`guangzhou-gxj/2023-report`).
    pub slug: String,
    pub source: String,
    pub kind: ReportKind,
    /// 部门整体支出绩效自评 / 项目支出绩效自评.
    pub kind_zh: String,
    pub layout: Layout,
    pub system_id: String,
    pub system_name: String,
    pub unit: String,
    pub year: i32,
    pub title: String,
    /// 草稿 (`draft: true`): the page and the PDF say that the report is not final.
    pub draft: bool,
    pub sub_units: Option<u32>,
    pub project: Option<ProjectView>,
    pub signoff: Vec<Field>,
    pub goals: Vec<String>,
    pub completion: Option<String>,
    pub shortfall: Option<String>,
    /// 总分, with the system's decimals.
    pub total: String,
    pub weight_total: String,
    pub stated_total: Option<String>,
    /// 优/良/中/差.
    pub grade: String,
    /// The 评价等级 checkbox line: the four grades, exactly one `checked` (none when not graded).
    pub grades: Vec<GradeBox>,
    /// The stated 自评总分 differs in value from the computed one (`90.7` ≠ `90.74`; `90.740` = `90.74`).
    pub stated_total_differs: bool,
    /// 复核总分 and its grade, when any row has a review score.
    pub review_total: Option<String>,
    pub review_grade: Option<String>,
    /// Points of 不适用 rows left out of the total (`0` when none).
    pub not_applicable_weight: String,
    /// The national form's parts (header, 项目资金 grid); present for every report with a funds grid
    /// or a national layout.
    pub national: Option<NationalView>,
    pub budget: Vec<BudgetView>,
    /// The indicator grid, one line per 三级指标, with 一级/二级 cells to merge down.
    pub grid: Vec<GridRow>,
    /// Per 一级 and 二级 group: weight, score, deduction (for the chart and the analysis).
    pub groups: Vec<GroupView>,
    pub findings: Vec<Problem>,
    /// The narrative (正文) as a block tree, placeholders replaced, links resolved: the HTML renderer
    /// writes it, the PDF's `report.json` holds it ([`crate::narrative::json`]).
    pub narrative: Narrative,
}

#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// The label as on the form (填报人, 联系电话 …).
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProjectView {
    pub name: Option<String>,
    pub level: Option<String>,
    pub amount: Option<String>,
    pub basis: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GradeBox {
    pub grade: String,
    pub range: String,
    pub checked: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct BudgetView {
    pub key: String,
    pub label: String,
    /// 预算数 in 万元, `303,054.14`.
    pub budget: String,
    pub spent: Option<String>,
    /// Computed 执行率, `96.19%`.
    pub rate: Option<String>,
    /// 执行率 as the report states it, `92.13%`.
    pub stated_rate: Option<String>,
    /// The stated rate differs in value from the computed one at its own decimals.
    pub rate_differs: bool,
}

/// A cell that spans several grid rows: present on the first row of its span only.
#[derive(Clone, Debug, Serialize)]
pub struct SpanCell {
    pub name: String,
    pub weight: String,
    pub score: String,
    /// Number of grid rows it covers (HTML rowspan, Typst rowspan).
    pub rowspan: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct GridRow {
    /// 一级 cell, on the first row of the 一级 group only.
    pub l1: Option<SpanCell>,
    /// 二级 cell, on the first row of the 二级 group only.
    pub l2: Option<SpanCell>,
    pub name: String,
    pub weight: String,
    pub score: String,
    pub deduction: String,
    pub stated: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub completion: Option<String>,
    pub formula: Option<String>,
    pub halved: bool,
    pub rule: String,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    /// Sub-indicators of an aggregate row.
    pub items: Vec<GridRow>,
    /// 核心指标 (★).
    pub core: bool,
    /// 复核分, with the system's decimals.
    pub review: Option<String>,
    /// 不适用: shown, not counted.
    pub not_applicable: bool,
    /// The stated score differs in value from the computed one (`9.4` = `9.40`).
    pub stated_differs: bool,
    /// Points were deducted (score below the weight), whatever the decimals print.
    pub deducted: bool,
    /// `higher`, `lower`, `equal` for 定量 rows.
    pub direction: Option<String>,
    /// The 得分系数 used.
    pub coefficient: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupView {
    pub name: String,
    /// 1 or 2.
    pub level: u8,
    pub weight: String,
    pub score: String,
    pub deduction: String,
    /// score / weight in percent, two decimals (for bar lengths).
    pub percent: String,
}

/// A percentage as printed (two decimals, the forms' convention), without the `%`.
fn pct(d: Decimal) -> String {
    round::fixed(d, PERCENT_DECIMALS)
}

/// How scores are printed: rounded to the report's system decimals (`dp`). A score the author
/// stated and a deduction (weight − score, exact) are shown as they are, with at least as many
/// decimals, as the engine's findings show them.
#[derive(Clone, Copy)]
pub(crate) struct Points {
    pub(crate) dp: u32,
}

impl Points {
    pub(crate) fn score(self, d: Decimal) -> String {
        round::fixed(d, self.dp)
    }
    pub(crate) fn exact(self, d: Decimal) -> String {
        round::show(d, self.dp)
    }
}

fn opt(o: &Option<crate::model::Sp<String>>) -> Option<String> {
    o.as_ref().map(|v| v.value.clone())
}

impl ReportView {
    pub fn new(site: &Site, e: &Entry) -> ReportView {
        let r = &e.report;
        let sc = &e.scored;
        let system = &site.systems[e.system];
        let pts = Points {
            dp: round::decimals(&system.rules),
        };
        let mut signoff = Vec::new();
        let so = &r.signoff;
        for (label, v) in [
            ("填报单位", &so.unit),
            ("填报人", &so.filler),
            ("联系人", &so.contact),
            ("联系电话", &so.phone),
            ("联系邮箱", &so.email),
            ("填报日期", &so.date),
        ] {
            if let Some(v) = v {
                signoff.push(Field {
                    label: label.into(),
                    value: v.value.clone(),
                });
            }
        }
        let grades = Grade::ALL
            .iter()
            .map(|g| GradeBox {
                grade: g.zh().into(),
                range: g.range_with(&system.rules.grades),
                checked: *g == sc.grade,
            })
            .collect();
        let budget = sc
            .budget
            .iter()
            .map(|b| BudgetView {
                key: b.key.clone(),
                // A project form calls the total 全年预算数 (财预〔2020〕10号).
                label: match (r.kind, b.key.as_str()) {
                    (ReportKind::Project, "total") => "全年预算数".into(),
                    _ if b.label.is_empty() => budget_label(&b.key).into(),
                    _ => b.label.clone(),
                },
                budget: money(b.budget),
                spent: b.spent.map(money),
                rate: b.rate.map(|x| format!("{}%", pct(x))),
                stated_rate: b.stated_rate.map(|x| format!("{}%", plain(x))),
                rate_differs: rate_differs(b.stated_rate, b.spent, Some(b.budget)),
            })
            .collect();
        let mut grid = Vec::new();
        let mut groups = Vec::new();
        for g1 in &sc.groups {
            groups.push(group_view(g1, 1, pts));
            let start = grid.len();
            if g1.groups.is_empty() {
                push_rows(&mut grid, g1, pts);
            }
            for g2 in &g1.groups {
                groups.push(group_view(g2, 2, pts));
                let s2 = grid.len();
                push_rows(&mut grid, g2, pts);
                let n = grid.len() - s2;
                if let Some(first) = grid.get_mut(s2) {
                    first.l2 = Some(cell(g2, n, pts));
                }
            }
            let n = grid.len() - start;
            if let Some(first) = grid.get_mut(start) {
                first.l1 = Some(cell(g1, n, pts));
            }
        }
        ReportView {
            slug: e.slug.clone(),
            source: r.source.clone(),
            kind: r.kind,
            kind_zh: r.kind.zh().into(),
            layout: r.layout,
            system_id: system.id.clone(),
            system_name: system.name.clone(),
            unit: r.unit.value.clone(),
            year: r.year.value,
            title: r.title.value.clone(),
            draft: r.draft.is_some(),
            sub_units: r.sub_units.as_ref().map(|v| v.value),
            project: r.project.as_ref().map(|p| ProjectView {
                name: opt(&p.name),
                level: opt(&p.level),
                amount: p.amount.as_ref().map(|a| plain(a.value)),
                basis: p.basis.iter().map(|b| b.value.clone()).collect(),
            }),
            signoff,
            goals: r.goals.iter().map(|g| g.value.clone()).collect(),
            completion: opt(&r.completion),
            shortfall: opt(&r.shortfall),
            total: pts.score(sc.total),
            weight_total: plain(sc.weight_total),
            stated_total: r.stated_total.as_ref().map(|t| pts.exact(t.value)),
            stated_total_differs: r.stated_total.as_ref().is_some_and(|t| t.value != sc.total),
            review_total: sc.review_total.map(|t| pts.score(t)),
            review_grade: sc.review_grade.map(|g| g.zh().to_string()),
            not_applicable_weight: plain(sc.not_applicable_weight),
            national: national::view(r, sc, pts.dp),
            grade: sc.grade.zh().into(),
            grades,
            budget,
            grid,
            groups,
            findings: e.findings.clone(),
            narrative: e.narrative.clone(),
        }
    }
}

fn group_view(g: &ScoredGroup, level: u8, pts: Points) -> GroupView {
    let percent = if g.weight > Decimal::ZERO {
        g.score * Decimal::from(100) / g.weight
    } else {
        Decimal::ZERO
    };
    GroupView {
        name: g.name.clone(),
        level,
        weight: plain(g.weight),
        score: pts.score(g.score),
        deduction: pts.exact(g.deduction),
        percent: pct(percent),
    }
}

fn cell(g: &ScoredGroup, rowspan: usize, pts: Points) -> SpanCell {
    SpanCell {
        name: g.name.clone(),
        weight: plain(g.weight),
        score: pts.score(g.score),
        rowspan: rowspan.max(1),
    }
}

/// Rows of a group; a group whose rows are not published (stated score only) gets one line of its own.
fn push_rows(grid: &mut Vec<GridRow>, g: &ScoredGroup, pts: Points) {
    if g.rows.is_empty() {
        grid.push(GridRow {
            l1: None,
            l2: None,
            name: if g.from_funds {
                "项目资金执行率".into()
            } else {
                String::new()
            },
            weight: plain(g.weight),
            score: pts.score(g.score),
            deduction: pts.exact(g.deduction),
            stated: g.stated.map(|x| pts.exact(x)),
            target: None,
            actual: None,
            completion: None,
            formula: g.formula.clone(),
            halved: false,
            rule: if g.from_funds { "funds" } else { "stated" }.into(),
            explanation: None,
            criteria: None,
            reason: g.reason.clone(),
            improvement: g.improvement.clone(),
            evidence: None,
            items: Vec::new(),
            core: false,
            review: g.review.map(|x| pts.score(x)),
            // A 二级 line the form leaves without any indicator.
            not_applicable: g.not_applicable
                || (!g.from_funds && g.weight.is_zero() && g.stated.is_none()),
            stated_differs: g.stated.is_some_and(|x| x != g.score),
            deducted: g.score < g.weight,
            direction: None,
            coefficient: None,
        });
    }
    for r in &g.rows {
        grid.push(row_view(r, pts));
    }
}

fn row_view(r: &ScoredRow, pts: Points) -> GridRow {
    GridRow {
        l1: None,
        l2: None,
        name: r.name.clone(),
        weight: plain(r.weight),
        score: pts.score(r.score),
        deduction: pts.exact(r.deduction),
        stated: r.stated.map(|x| pts.exact(x)),
        target: r.target.clone(),
        actual: r.actual.clone(),
        completion: r.completion.map(|c| format!("{}%", pct(c))),
        formula: r.formula.clone(),
        halved: r.halved,
        rule: format!("{:?}", r.rule).to_lowercase(),
        explanation: r.explanation.clone(),
        criteria: r.criteria.clone(),
        reason: r.reason.clone(),
        improvement: r.improvement.clone(),
        evidence: r.evidence.clone(),
        items: r.items.iter().map(|i| row_view(i, pts)).collect(),
        core: r.core,
        review: r.review.map(|x| pts.score(x)),
        not_applicable: r.not_applicable,
        stated_differs: r.stated.is_some_and(|x| x != r.score),
        deducted: !r.not_applicable && r.score < r.weight,
        direction: r.direction.map(|d| format!("{d:?}").to_lowercase()),
        coefficient: r.coefficient.map(plain),
    }
}

/// Whether a stated 执行率 differs from spent / budget at the stated decimals (`86%` = 86.2037…%,
/// `100%` = `100.00%`).
pub(crate) fn rate_differs(
    stated: Option<Decimal>,
    spent: Option<Decimal>,
    budget: Option<Decimal>,
) -> bool {
    match (stated, spent, budget) {
        (Some(st), Some(s), Some(b)) if b > Decimal::ZERO => {
            let exact = s * Decimal::ONE_HUNDRED / b;
            round::round(exact, st.scale().min(2)) != st
        }
        _ => false,
    }
}
