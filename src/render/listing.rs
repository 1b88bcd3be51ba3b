//! 报告条目 (listing): what the files about the whole site — the index, the unit pages, the review
//! page, the feeds, the review workbook — need of one report. A build makes a report's view, writes
//! the report's own files from it, keeps its listing and drops the view
//! ([`crate::pipeline`]'s `render_into`): the site's files are made from the listings, so a build
//! never holds every report's view at once.
//!
//! Every figure is the view's text ([`ReportView`]), copied: the lists print what the report's page
//! prints.

use super::data::Deductions;
use super::view::ReportView;
use crate::diag::Severity;
use crate::model::ReportKind;
use crate::number::fixed;
use crate::pipeline::Entry;

/// One report as the site's lists show it (kept in the report memo, `write::memo`, too).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Listing {
    /// Output path stem (`guangzhou-gxj/2023-report`).
    pub slug: String,
    /// The report file, relative to the site (`content/…md`).
    pub source: String,
    pub unit: String,
    pub year: i32,
    pub kind: ReportKind,
    /// 部门整体支出绩效自评 / 项目支出绩效自评.
    pub kind_zh: String,
    pub title: String,
    /// The title already names the year.
    pub year_in_title: bool,
    /// 项目名称 (project reports that name one).
    pub project: Option<String>,
    /// 草稿.
    pub draft: bool,
    pub system_id: String,
    /// 总分 as published (the stated total where there is one).
    pub total: String,
    /// jixiao's total where it differs from the published one.
    pub computed_total: Option<String>,
    /// 自评总分 as the view prints the stated one.
    pub stated_total: Option<String>,
    /// The grade of the published total.
    pub grade: String,
    /// The grade of jixiao's total where it differs.
    pub computed_grade: Option<String>,
    /// The 一级 and 二级 groups, as on the page (the unit page compares them year by year).
    pub groups: Vec<ListedGroup>,
    /// Findings by severity, and all of them.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub findings: usize,
    /// Another report of the site has the same unit, year and project (`duplicate-report`).
    pub duplicate: bool,
    /// Deductions the report gives no reason for (`deduction-needs-reason` findings).
    pub no_reason: usize,
    /// Lines of the indicator grid that lost points.
    pub grid_deductions: usize,
    /// The open data's figures (docs/data.md): 自评总分 as stated at the system's decimals, the
    /// grade of the computed total, the deductions.
    pub data: ListedData,
}

/// A 一级 or 二级 group of a listed report.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ListedGroup {
    pub name: String,
    pub level: u8,
    pub score: String,
    pub weight: String,
}

/// The figures of a report's open data that the review page shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ListedData {
    pub stated_total: Option<String>,
    pub grade: String,
    /// weight_total − total, two decimals.
    pub deduction_points: String,
    pub deductions: Deductions,
}

/// The finding code of a deduction without a reason.
const NO_REASON: &str = "deduction-needs-reason";

impl Listing {
    /// The listing of the report `e`, whose view is `v`.
    pub fn of(site: &crate::pipeline::Site, e: &Entry, v: &ReportView) -> Listing {
        let sc = &e.scored;
        let dp = crate::score::round::decimals(&site.systems[e.system].rules);
        let count = |s: Severity| v.findings.iter().filter(|f| f.severity == s).count();
        Listing {
            slug: v.slug.clone(),
            source: v.source.clone(),
            unit: v.unit.clone(),
            year: v.year,
            kind: v.kind,
            kind_zh: v.kind_zh.clone(),
            title: v.title.clone(),
            year_in_title: v.year_in_title,
            project: v.project.as_ref().and_then(|p| p.name.clone()),
            draft: v.draft,
            system_id: v.system_id.clone(),
            total: v.total.clone(),
            computed_total: v.computed_total.clone(),
            stated_total: v.stated_total.clone(),
            grade: v.grade.clone(),
            computed_grade: v.computed_grade.clone(),
            groups: v
                .groups
                .iter()
                .map(|g| ListedGroup {
                    name: g.name.clone(),
                    level: g.level,
                    score: g.score.clone(),
                    weight: g.weight.clone(),
                })
                .collect(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            findings: v.findings.len(),
            duplicate: v.findings.iter().any(|f| f.code == "duplicate-report"),
            no_reason: v.findings.iter().filter(|f| f.code == NO_REASON).count(),
            grid_deductions: v
                .grid
                .iter()
                .filter(|g| {
                    !g.name.is_empty() && super::xlsx::figure(&g.deduction).is_some_and(|d| d > 0.0)
                })
                .count(),
            data: ListedData {
                stated_total: e
                    .report
                    .stated_total
                    .as_ref()
                    .map(|t| crate::score::round::show(t.value, dp)),
                grade: sc.grade.zh().to_string(),
                deduction_points: fixed(sc.weight_total - sc.total, 2),
                deductions: Deductions::of(sc),
            },
        }
    }

    /// 项目名称, when the report names its project.
    pub fn project_name(&self) -> Option<&str> {
        self.project.as_deref()
    }
}
