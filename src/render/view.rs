//! The report as the templates see it: plain, serialisable data with every figure already formatted
//! as text (scores and weights with the system's decimals, 万元 with thousands separators). The HTML
//! templates get it as tera context, the Typst template as `report.json`; neither computes anything.
//!
//! The view publishes what the unit signed: a figure the report states (a score, the total, an
//! execution rate) is the figure shown, and where jixiao computes another one it comes beside it as
//! a note (`computed`, “经核算为 …”), never in its place. Figures the transcriber estimated carry
//! `reconstructed`.

use crate::diag::Problem;
use crate::model::{Group, Layout, ReportKind, Row, budget_label};
use crate::narrative::Narrative;
use crate::number::{money, plain};
use crate::pipeline::{Entry, Site};
use crate::score::round::{self, PERCENT_DECIMALS};
use crate::score::{Grade, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;
use serde::Serialize;

mod grid;
mod national;
use grid::{cell, group_view, push_rows};
pub use national::{FundsLineView, FundsView, NationalView};

/// Borrows what it shows as is (the findings, the narrative) from the report's [`Entry`]: a view
/// is built for every report of a build, and copies of these were a sixth of a build's memory.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView<'a> {
    /// The report it shows (`None` for a view made by hand): what a renderer needs beyond the
    /// view (the report's text, its data) comes from here, in the batch that holds the report.
    #[serde(skip)]
    pub entry: Option<&'a Entry>,
    /// The key of everything the report's files are made from, when the build has one (the
    /// report memo's, `render::report_key`): a renderer may key a file by it instead of by the
    /// file's own inputs (`None` for a view made outside a whole build).
    #[serde(skip)]
    pub key: Option<String>,
    /// Output path stem (`guangzhou-gxj/2023-report`).
    pub slug: String,
    pub source: String,
    pub kind: ReportKind,
    /// 部门整体支出绩效自评 / 项目支出绩效自评.
    pub kind_zh: String,
    pub layout: Layout,
    /// Which published form the grid follows: `department` (部门整体, 000), `project` (广东项目表,
    /// 001) or `national` (财预〔2020〕10号项目支出绩效自评表); it names the columns.
    pub form: String,
    pub system_id: String,
    pub system_name: String,
    pub unit: String,
    pub year: i32,
    pub title: String,
    /// 草稿 (`draft: true`): the page and the PDF say that the report is not final.
    pub draft: bool,
    /// The title already names the year (`2024年度…`): no “（2024年度）” after it.
    pub year_in_title: bool,
    pub sub_units: Option<u32>,
    pub project: Option<ProjectView>,
    pub signoff: Vec<Field>,
    pub goals: Vec<String>,
    /// The narrative already states the goals (a 自评报告 quotes its 绩效目标): print them once.
    pub goals_in_narrative: bool,
    pub completion: Option<String>,
    pub shortfall: Option<String>,
    /// 总分 as published: the stated total when the report gives one, else the computed one.
    pub total: String,
    /// jixiao's total where it differs from the stated one (a note: “经核算为 81.83”).
    pub computed_total: Option<String>,
    pub weight_total: String,
    pub stated_total: Option<String>,
    /// 优/良/中/差, of the published total.
    pub grade: String,
    /// The grade of jixiao's total where it differs from `grade`.
    pub computed_grade: Option<String>,
    /// The 评价等级 checkbox line: the four grades, exactly one `checked`.
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
    pub findings: &'a [Problem],
    /// The narrative (正文) as a block tree, placeholders replaced, links resolved: the HTML renderer
    /// writes it (the page's tera context gets the HTML, not the tree), the PDF's `report.json`
    /// holds it ([`crate::narrative::json`], added by `pdf::report_json`).
    #[serde(skip)]
    pub narrative: &'a Narrative,
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
    /// 执行率 as published: the stated one when the report gives one (`92.13%`), else the computed one.
    pub rate: Option<String>,
    /// jixiao's 执行率 (spent / budget) where it differs from the stated one (`96.19%`).
    pub computed_rate: Option<String>,
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
    /// The group's figures were estimated by the transcriber (推算): what, in words.
    pub reconstructed: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GridRow {
    /// 一级 cell, on the first row of the 一级 group only.
    pub l1: Option<SpanCell>,
    /// 二级 cell, on the first row of the 二级 group only.
    pub l2: Option<SpanCell>,
    pub name: String,
    pub weight: String,
    /// 得分 as published: the stated score when the report gives one, else the computed one.
    pub score: String,
    /// jixiao's score where it differs from the stated one (a note: “经核算为 9.61”).
    pub computed: Option<String>,
    /// weight − the published score.
    pub deduction: String,
    /// The published score is below the weight.
    pub deducted: bool,
    pub stated: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub completion: Option<String>,
    /// jixiao's computation as the forms print it (`90.00%×5=4.50`); never part of the unit's text.
    pub formula: Option<String>,
    pub halved: bool,
    pub rule: String,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    /// The row's figures were estimated by the transcriber (推算): what, in words.
    pub reconstructed: Option<String>,
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
    /// As published (the stated score when given).
    pub score: String,
    /// jixiao's score where it differs from the stated one.
    pub computed: Option<String>,
    pub deduction: String,
    /// score / weight in percent, two decimals (for bar lengths).
    pub percent: String,
    /// The group's figures were estimated by the transcriber (推算).
    pub reconstructed: Option<String>,
}

/// A percentage as printed (two decimals, the forms' convention), without the `%`.
fn pct(d: Decimal) -> String {
    round::fixed(d, PERCENT_DECIMALS)
}

/// What the page says of a figure marked `reconstructed: true` without words of its own.
pub(crate) const RECONSTRUCTED: &str = "原报告未公布，由整理者推算";

/// jixiao's formula as the forms print it: `96.06%×10=9.61`, not `96.06%*10=9.61`.
pub(crate) fn print_formula(f: &str) -> String {
    f.replace('*', "×")
}

/// How figures are printed: scores rounded to the report's system decimals (`dp`); a weight with
/// more decimals keeps them all, so it is never shown rounded; a score the author stated is shown
/// as it is, with at least as many decimals, as the engine's findings show it.
#[derive(Clone, Copy)]
pub(crate) struct Points {
    pub(crate) dp: u32,
}

impl Points {
    pub(crate) fn score(self, d: Decimal) -> String {
        round::fixed(d, self.dp)
    }
    /// A published figure: as the unit wrote it where it states one (`4.5` stays `4.5` on a
    /// whole-point form), at least with the system's decimals (computed figures have exactly those).
    pub(crate) fn exact(self, d: Decimal) -> String {
        round::show(d, self.dp)
    }
    fn weight(self, d: Decimal) -> String {
        round::fixed(d, self.dp.max(d.normalize().scale()))
    }
    /// The published score (stated, else computed) and jixiao's where it differs.
    fn published(self, computed: Decimal, stated: Option<Decimal>) -> (Decimal, Option<String>) {
        match stated {
            Some(st) if st != computed => (st, Some(self.score(computed))),
            Some(st) => (st, None),
            None => (computed, None),
        }
    }
    /// A group's published score and jixiao's where it differs: see [`published_group`].
    fn group(self, g: &ScoredGroup) -> (Decimal, Option<String>) {
        self.published(g.score, Some(published_group(g)))
    }
}

/// The score a group has on the published page: its stated score, else the sum of what its rows
/// and sub-groups show (each row's stated score where it states one), so that the figures of a
/// group add up on the page; the computed score for a group with neither.
fn published_group(g: &ScoredGroup) -> Decimal {
    if let Some(s) = g.stated {
        return s;
    }
    if g.rows.is_empty() && g.groups.is_empty() {
        return g.score;
    }
    let rows: Decimal = g
        .rows
        .iter()
        .filter(|r| !r.not_applicable)
        .map(|r| r.stated.unwrap_or(r.score))
        .sum();
    rows + g.groups.iter().map(published_group).sum::<Decimal>()
}

fn opt(o: &Option<crate::model::Sp<String>>) -> Option<String> {
    o.as_ref().map(|v| v.value.clone())
}

fn reconstructed(o: &Option<crate::model::Sp<String>>) -> Option<String> {
    o.as_ref().map(|v| {
        if v.value.trim().is_empty() {
            RECONSTRUCTED.to_string()
        } else {
            v.value.clone()
        }
    })
}

/// The model's group or row at `i` among its siblings, if it is the one of that name (the scored
/// report keeps the order of the source; a hand-built one may not).
fn nth<'a, T>(xs: &'a [T], i: usize, name: &str, key: fn(&T) -> &str) -> Option<&'a T> {
    xs.get(i).filter(|x| key(x) == name)
}

fn group_name(g: &Group) -> &str {
    &g.name.value
}

fn row_name(r: &Row) -> &str {
    &r.name.value
}

impl<'a> ReportView<'a> {
    pub fn new(site: &'a Site, e: &'a Entry) -> ReportView<'a> {
        let r = &e.report;
        let sc = &e.scored;
        let system = &site.systems[e.system];
        let f = Points {
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
            if let Some(v) = v
                && !v.value.trim().is_empty()
            {
                signoff.push(Field {
                    label: label.into(),
                    value: v.value.clone(),
                });
            }
        }
        // 总分 as published: the stated total, else what the groups add up to on the page.
        let shown_total = r
            .stated_total
            .as_ref()
            .map(|t| t.value)
            .unwrap_or_else(|| sc.groups.iter().map(published_group).sum());
        let (total, computed_total) = f.published(sc.total, Some(shown_total));
        // The grade of the published total, with the system's bands; never one when the weights
        // add up to more than 100 (the engine says so).
        let grade = if sc.grade == Grade::Ungraded || total > Decimal::ONE_HUNDRED {
            Grade::Ungraded
        } else {
            Grade::of_bands(total, &system.rules.grades)
        };
        let grades = Grade::ALL
            .iter()
            .map(|g| GradeBox {
                grade: g.zh().into(),
                range: g.range_with(&system.rules.grades),
                checked: *g == grade,
            })
            .collect();
        let budget = sc
            .budget
            .iter()
            .map(|b| {
                let computed = b.rate.map(|x| format!("{}%", pct(x)));
                let stated = b.stated_rate.map(|x| format!("{}%", plain(x)));
                let differs = rate_differs(b.stated_rate, b.spent, Some(b.budget));
                BudgetView {
                    key: b.key.clone(),
                    // A project form calls the total 全年预算数 (财预〔2020〕10号).
                    label: match (r.kind, b.key.as_str()) {
                        (ReportKind::Project, "total") => "全年预算数".into(),
                        _ if b.label.is_empty() => budget_label(&b.key).into(),
                        _ => b.label.clone(),
                    },
                    budget: money(b.budget),
                    spent: b.spent.map(money),
                    rate: stated.clone().or_else(|| computed.clone()),
                    computed_rate: if differs { computed } else { None },
                    stated_rate: stated,
                    rate_differs: differs,
                }
            })
            .collect();
        let mut grid = Vec::new();
        let mut groups = Vec::new();
        // The report's own 一级 groups, in order; the group the funds grid scores is not one of them
        // (it comes first in the scored report), so the two are matched past it.
        let mut i1 = 0;
        for g1 in &sc.groups {
            let m1 = if g1.from_funds {
                None
            } else {
                let m = nth(&r.groups, i1, &g1.name, group_name)
                    .or_else(|| r.groups.iter().find(|m| m.name.value == g1.name));
                i1 += 1;
                m
            };
            groups.push(group_view(f, g1, m1, 1));
            let start = grid.len();
            if g1.groups.is_empty() {
                push_rows(f, &mut grid, g1, m1);
            }
            for (i2, g2) in g1.groups.iter().enumerate() {
                let m2 = m1.and_then(|m| nth(&m.groups, i2, &g2.name, group_name));
                groups.push(group_view(f, g2, m2, 2));
                let s2 = grid.len();
                push_rows(f, &mut grid, g2, m2);
                let n = grid.len() - s2;
                if let Some(first) = grid.get_mut(s2) {
                    first.l2 = Some(cell(f, g2, m2, n));
                }
            }
            let n = grid.len() - start;
            if let Some(first) = grid.get_mut(start) {
                first.l1 = Some(cell(f, g1, m1, n));
            }
        }
        let year = r.year.value;
        ReportView {
            entry: Some(e),
            key: None,
            slug: e.slug.clone(),
            source: r.source.clone(),
            kind: r.kind,
            kind_zh: r.kind.zh().into(),
            layout: r.layout,
            form: form_of(r.kind, &system.id).into(),
            system_id: system.id.clone(),
            system_name: system.name.clone(),
            unit: r.unit.value.clone(),
            year,
            year_in_title: r.title.value.contains(&year.to_string()),
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
            goals_in_narrative: quoted_in(&r.goals, &r.body.text),
            completion: opt(&r.completion),
            shortfall: opt(&r.shortfall),
            total: f.exact(total),
            computed_grade: computed_total
                .as_ref()
                .map(|_| sc.grade)
                .filter(|g| *g != grade)
                .map(|g| g.zh().to_string()),
            computed_total,
            weight_total: f.weight(sc.weight_total),
            stated_total: r.stated_total.as_ref().map(|t| f.exact(t.value)),
            stated_total_differs: r.stated_total.as_ref().is_some_and(|t| t.value != sc.total),
            review_total: sc.review_total.map(|t| f.score(t)),
            review_grade: sc.review_grade.map(|g| g.zh().to_string()),
            not_applicable_weight: plain(sc.not_applicable_weight),
            national: national::view(r, sc, f.dp, &system.table),
            grade: grade.zh().into(),
            grades,
            budget,
            grid,
            groups,
            findings: &e.findings,
            narrative: &e.narrative,
        }
    }
}

/// Whether every one of `texts` is quoted in the narrative (compared without spaces and line breaks,
/// which Markdown and the front-matter place differently).
fn quoted_in(texts: &[crate::model::Sp<String>], narrative: &str) -> bool {
    if texts.is_empty() {
        return false;
    }
    let squeeze = |s: &str| {
        let mut out = String::with_capacity(s.len());
        out.extend(s.chars().filter(|c| !c.is_whitespace()));
        out
    };
    let body = squeeze(narrative);
    texts.iter().all(|t| {
        let t = squeeze(&t.value);
        !t.is_empty() && body.contains(&t)
    })
}

/// The form a report's grid follows (its column names): the national 项目支出绩效自评表 for the
/// national systems, else Guangdong's department or project form.
fn form_of(kind: ReportKind, system_id: &str) -> &'static str {
    match kind {
        ReportKind::Department => "department",
        ReportKind::Project if system_id.starts_with("national") => "national",
        ReportKind::Project => "project",
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

#[cfg(test)]
mod tests;
