//! 开放数据 (open data): every figure jixiao computed for a report — its groups, rows, formulas, the
//! values the report states, its findings — as one serialisable model with a version.
//!
//! One model, one document type, one JSON Schema (`docs/data.schema.json`, described in
//! `docs/data.md`): `jixiao check --format json` prints it for the whole site, the build writes it as
//! `data/reports.json` (every report) and as `<slug>.json` beside each report page (that report
//! alone), and `data/reports.csv` is its one-line-per-report summary ([`csv`]).
//!
//! Figures are exact decimal strings (`"4.75"`, `"96.19"`), never binary floats: a score keeps the
//! decimals of its indicator system, a weight or stated value the decimals it was written with.

pub mod csv;
mod files;

pub use files::{DataFiles, REPORTS_CSV, REPORTS_JSON};

use crate::diag::{Place, Problem, Severity};
use crate::model::Direction;
use crate::model::{Layout, ReportKind, Rule, budget_label};
use crate::number::fixed;
use crate::pipeline::{Entry, Site};
use crate::score::{ScoredGroup, ScoredRow, round};
use rust_decimal::Decimal;
use serde::Serialize;

/// The version of the document's schema: the major number changes when a key is removed or changes
/// meaning, the minor number when keys are added.
pub const SCHEMA_VERSION: &str = "1.0";

/// A data document: `check --format json`, `data/reports.json`, `<slug>.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    pub schema_version: &'static str,
    pub site: SiteInfo,
    /// Whether `findings` (and their counts) are given. `check` always gives them; a build only in
    /// draft mode (`show_findings: true`), so that the data publishes what the pages publish.
    pub findings_included: bool,
    /// The reports: by source path in `check`, in the order of the site's pages in a build.
    pub reports: Vec<ReportData>,
    /// Files that could not be processed (`check` only; a build has none).
    pub errors: Vec<Finding>,
}

/// A [`Document`] of one report, as [`Document::single`] gives it: serialised with the same keys.
#[derive(Serialize)]
pub struct Single<'a> {
    pub schema_version: &'static str,
    pub site: &'a SiteInfo,
    pub findings_included: bool,
    pub reports: &'a [ReportData],
    pub errors: &'a [Finding],
}

/// A problem, placed: where (file, 1-based line and column), what (stable `code`, "中文（English）"
/// message), and what to do (`hint`); `related` is a second place in the same file.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    pub related: Option<Place>,
}

impl Finding {
    pub fn of(p: &Problem) -> Finding {
        Finding {
            source: p.source.clone(),
            line: p.line,
            column: p.column,
            severity: p.severity,
            code: p.code,
            message: p.message.clone(),
            hint: p.hint.clone(),
            related: p.related.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    /// 站点名称.
    pub name: String,
}

/// One report. The first nine keys are those of `check --format json` before the schema had a
/// version, with the same values.
#[derive(Clone, Debug, Serialize)]
pub struct ReportData {
    /// The source file, relative to the site (`content/…md`).
    pub source: String,
    pub kind: ReportKind,
    /// 部门名称 / 填报单位.
    pub unit: String,
    /// 评价年度.
    pub year: i32,
    pub title: String,
    /// 总分 as computed.
    pub total: String,
    /// 自评总分 as the report states it, two decimals.
    pub stated_total: Option<String>,
    /// 评价等级 of the computed total: 优/良/中/差.
    pub grade: &'static str,
    /// Findings, in source order; null when not included.
    pub findings: Option<Vec<Finding>>,
    /// Output path stem: the page is `<slug>.html`, the PDF `<slug>.pdf`, this data `<slug>.json`.
    pub slug: String,
    /// 部门整体支出绩效自评 / 项目支出绩效自评.
    pub kind_zh: &'static str,
    pub layout: Layout,
    pub system: SystemInfo,
    /// 项目基本情况 (project reports).
    pub project: Option<ProjectData>,
    /// 单位数.
    pub sub_units: Option<u32>,
    /// The sum of the 一级 weights (100 for a complete report).
    pub weight_total: String,
    pub deductions: Deductions,
    /// Findings by severity; null when findings are not included.
    pub finding_counts: Option<FindingCounts>,
    /// 预算情况 (万元).
    pub budget: Vec<BudgetData>,
    /// 一级指标, each with its 二级 groups and 三级 rows.
    pub groups: Vec<GroupData>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SystemInfo {
    pub id: String,
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProjectData {
    /// 项目名称.
    pub name: Option<String>,
    /// 项目级次.
    pub level: Option<String>,
    /// 评价金额 (万元).
    pub amount: Option<String>,
    /// 实施文件依据.
    pub basis: Vec<String>,
}

/// 扣分: what the report lost and whether it says why.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Deductions {
    /// weight_total − total.
    pub points: String,
    /// Rows (leaf 三级 rows and sub-indicators; groups scored as a whole) that lost points.
    pub rows: usize,
    /// Of those, the ones with no 扣分原因 written (a halved row's reason is the rule itself).
    pub unexplained: usize,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FindingCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct BudgetData {
    /// `total`, `basic`, … (docs/format.md).
    pub key: String,
    pub label: String,
    /// 预算数.
    pub budget: String,
    /// 执行数.
    pub spent: Option<String>,
    /// 执行率 computed from spent / budget, percent, two decimals.
    pub rate: Option<String>,
    /// 执行率 as the report states it, percent.
    pub stated_rate: Option<String>,
}

/// A 一级 (level 1) or 二级 (level 2) group.
#[derive(Clone, Debug, Serialize)]
pub struct GroupData {
    pub name: String,
    pub level: u8,
    pub weight: String,
    pub score: String,
    pub deduction: String,
    /// A score stated for the whole group (its rows are not published).
    pub stated: Option<String>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub groups: Vec<GroupData>,
    pub rows: Vec<RowData>,
}

/// A 三级 row or a sub-indicator of an aggregate row.
#[derive(Clone, Debug, Serialize)]
pub struct RowData {
    pub name: String,
    /// quantitative / qualitative / rate / judged / aggregate / projects.
    pub rule: Rule,
    /// 定量 / 定性 / 比率 / 评判 / 汇总 / 加权平均.
    pub rule_zh: &'static str,
    /// forward (more is better), reverse (less is better), equal; null unless the row is scored
    /// by a formula on its target.
    pub direction: Option<&'static str>,
    pub weight: String,
    /// The computed score.
    pub score: String,
    pub deduction: String,
    /// The score the report states.
    pub stated: Option<String>,
    /// 完成率 or 执行率 in percent, two decimals.
    pub completion: Option<String>,
    /// Halved for a completion above 150%.
    pub halved: bool,
    /// The formula as the forms print it; null for entered scores.
    pub formula: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub items: Vec<RowData>,
}

impl Document {
    /// The document of the site's reports in `order` (indices into `site.entries`), with the files
    /// that could not be processed; `findings` says whether findings are included.
    pub(crate) fn of_site(site: &Site, findings: bool, order: &[usize]) -> Document {
        let mut doc = Document::head(site, findings);
        doc.reports = order
            .iter()
            .map(|&i| ReportData::new(site, &site.entries[i], findings))
            .collect();
        doc
    }

    /// The document without its reports: what every `<slug>.json` and the site's file share.
    pub(crate) fn head(site: &Site, findings: bool) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            site: SiteInfo {
                name: site.config.name.clone(),
            },
            findings_included: findings,
            reports: Vec::new(),
            errors: site.errors.iter().map(Finding::of).collect(),
        }
    }

    /// The same document with one report only (a `<slug>.json` file), borrowed: the same keys in
    /// the same order as the whole document.
    pub fn single<'a>(&'a self, report: &'a ReportData) -> Single<'a> {
        Single {
            schema_version: self.schema_version,
            site: &self.site,
            findings_included: self.findings_included,
            reports: std::slice::from_ref(report),
            errors: &[],
        }
    }
}

fn s(d: Decimal) -> String {
    d.to_string()
}

fn text(o: &Option<crate::model::Sp<String>>) -> Option<String> {
    o.as_ref().map(|v| v.value.clone())
}

impl ReportData {
    pub fn new(site: &Site, e: &Entry, findings: bool) -> ReportData {
        let r = &e.report;
        let sc = &e.scored;
        let system = &site.systems[e.system];
        let dp = round::decimals(&system.rules);
        let deductions = Deductions::of(sc);
        let mut counts = FindingCounts::default();
        for f in &e.findings {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        ReportData {
            source: r.source.clone(),
            kind: r.kind,
            unit: r.unit.value.clone(),
            year: r.year.value,
            title: r.title.value.clone(),
            total: s(sc.total),
            stated_total: r.stated_total.as_ref().map(|t| round::show(t.value, dp)),
            grade: sc.grade.zh(),
            findings: findings.then(|| e.findings.iter().map(Finding::of).collect()),
            slug: e.slug.clone(),
            kind_zh: r.kind.zh(),
            layout: r.layout,
            system: SystemInfo {
                id: system.id.clone(),
                name: system.name.clone(),
                version: system.version.clone(),
            },
            project: r.project.as_ref().map(|p| ProjectData {
                name: text(&p.name),
                level: text(&p.level),
                amount: p.amount.as_ref().map(|a| s(a.value)),
                basis: p.basis.iter().map(|b| b.value.clone()).collect(),
            }),
            sub_units: r.sub_units.as_ref().map(|v| v.value),
            weight_total: s(sc.weight_total),
            deductions,
            finding_counts: findings.then_some(counts),
            budget: sc
                .budget
                .iter()
                .map(|b| BudgetData {
                    key: b.key.clone(),
                    // As on the page: a project form calls the total 全年预算数.
                    label: match (r.kind, b.key.as_str()) {
                        (ReportKind::Project, "total") => "全年预算数".to_string(),
                        _ if b.label.is_empty() => budget_label(&b.key).to_string(),
                        _ => b.label.clone(),
                    },
                    budget: s(b.budget),
                    spent: b.spent.map(s),
                    rate: b.rate.map(|x| fixed(x, 2)),
                    stated_rate: b.stated_rate.map(s),
                })
                .collect(),
            groups: sc.groups.iter().map(|g| group(g, 1)).collect(),
        }
    }

    /// 项目名称, when the report names its project.
    pub(crate) fn project_name(&self) -> Option<&str> {
        self.project.as_ref().and_then(|p| p.name.as_deref())
    }
}

fn group(g: &ScoredGroup, level: u8) -> GroupData {
    GroupData {
        name: g.name.clone(),
        level,
        weight: s(g.weight),
        score: s(g.score),
        deduction: s(g.deduction),
        stated: g.stated.map(s),
        reason: g.reason.clone(),
        improvement: g.improvement.clone(),
        groups: g.groups.iter().map(|c| group(c, level + 1)).collect(),
        rows: g.rows.iter().map(row).collect(),
    }
}

fn row(r: &ScoredRow) -> RowData {
    RowData {
        name: r.name.clone(),
        rule: r.rule,
        rule_zh: r.rule.zh(),
        direction: direction(r),
        weight: s(r.weight),
        score: s(r.score),
        deduction: s(r.deduction),
        stated: r.stated.map(s),
        completion: r.completion.map(|c| fixed(c, 2)),
        halved: r.halved,
        formula: r.formula.clone(),
        target: r.target.clone(),
        actual: r.actual.clone(),
        reason: r.reason.clone(),
        improvement: r.improvement.clone(),
        evidence: r.evidence.clone(),
        explanation: r.explanation.clone(),
        criteria: r.criteria.clone(),
        items: r.items.iter().map(row).collect(),
    }
}

/// 指标方向 of a row scored by a formula on its target: the direction the engine compared in.
fn direction(r: &ScoredRow) -> Option<&'static str> {
    if r.rule != Rule::Quantitative {
        return None;
    }
    Some(match r.direction? {
        Direction::Higher => "forward",
        Direction::Lower => "reverse",
        Direction::Equal => "equal",
    })
}

impl Deductions {
    /// The deductions of a scored report: the points, the rows with one, those without a reason.
    pub(crate) fn of(sc: &crate::score::Scored) -> Deductions {
        let mut d = Deductions {
            points: s(sc.weight_total - sc.total),
            rows: 0,
            unexplained: 0,
        };
        for g in &sc.groups {
            count_group(g, &mut d);
        }
        d
    }
}

/// A reason that says nothing (`/`, `无`) counts as none, as in the engine.
fn says_why(reason: &Option<String>) -> bool {
    reason
        .as_deref()
        .is_some_and(|r| !matches!(r.trim(), "" | "/" | "／" | "-" | "—" | "无" | "不适用"))
}

fn count_group(g: &ScoredGroup, d: &mut Deductions) {
    if g.rows.is_empty() && g.groups.is_empty() {
        if g.deduction > Decimal::ZERO {
            d.rows += 1;
            d.unexplained += usize::from(!says_why(&g.reason));
        }
        return;
    }
    for c in &g.groups {
        count_group(c, d);
    }
    for r in &g.rows {
        count_row(r, d);
    }
}

fn count_row(r: &ScoredRow, d: &mut Deductions) {
    if !r.items.is_empty() {
        for i in &r.items {
            count_row(i, d);
        }
        return;
    }
    if r.deduction > Decimal::ZERO {
        d.rows += 1;
        d.unexplained += usize::from(!r.halved && !says_why(&r.reason));
    }
}

#[cfg(test)]
mod tests;
