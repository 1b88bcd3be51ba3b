//! The HTML site (网站): `index.html`, a page per unit (`<unit>/index.html`) and a page per report
//! (`<slug>.html`), rendered with the theme's tera templates, plus the theme's `static/` files.
//!
//! Rust prepares data only (the [`ReportView`], the page's relative root, chart geometry, which grid
//! columns have content); every tag is in the templates. Links are relative (`../static/style.css`,
//! `2023-report.pdf`), so the output works under any sub-path and from `file://`. The output depends
//! on the site alone: no clock, no hash-map order.

use super::Theme;
use super::chart::{self, Chart, TotalItem};
mod check;
pub mod narrative;
use super::view::{GridRow, ReportView};
use super::{RenderContext, RenderError, Renderer};
use crate::pipeline::Site;
use crate::write::{Stage, WriteError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Why the HTML could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// The theme: a template missing, unreadable or wrong.
    #[error("{0}")]
    Theme(String),
    /// The content: an attachment that cannot be published.
    #[error("{0}")]
    Content(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl HtmlError {
    /// 2 for IO trouble, 1 for what the theme or the content must fix.
    pub fn exit_code(&self) -> u8 {
        match self {
            HtmlError::Write(_) => 2,
            HtmlError::Theme(_) | HtmlError::Content(_) => 1,
        }
    }
}

/// The HTML renderer: the theme's templates compiled once in [`Renderer::prepare`].
#[derive(Default)]
pub struct Html {
    tera: Option<tera::Tera>,
}

impl Renderer for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn prepare(&mut self, _site: &Site, theme: &Theme) -> Result<(), RenderError> {
        self.tera = Some(templates(theme)?);
        Ok(())
    }
    /// Output paths that collide (two reports, a unit page, an attachment), and attachments that
    /// cannot be read or are larger than `max_attachment_mb`, each at its report.
    fn check(&self, site: &Site, views: &[ReportView]) -> Vec<(usize, crate::diag::Diagnostic)> {
        check::problems(site, views)
    }
    fn render(&self, ctx: &RenderContext<'_>) -> Result<(), RenderError> {
        let tera = match &self.tera {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => std::borrow::Cow::Owned(templates(ctx.theme)?),
        };
        Ok(render_site(ctx, &tera)?)
    }
}

/// The templates every theme must have.
pub const TEMPLATES: [&str; 3] = ["index.html", "unit.html", "report.html"];

/// Renders `index.html`, a page per unit and a page per report, plus the theme's static files, on its
/// own (the build runs it as [`Html`] with the other renderers).
pub fn render(site: &Site, theme: &Theme, stage: &Stage) -> Result<(), HtmlError> {
    render_with(site, theme, stage, true)
}

/// As [`render`]; `with_pdf` says whether PDFs are built beside the pages (`build --no-pdf` leaves
/// them out, and then no page links to one).
pub fn render_with(
    site: &Site,
    theme: &Theme,
    stage: &Stage,
    with_pdf: bool,
) -> Result<(), HtmlError> {
    let views = super::views(site);
    let ctx = RenderContext {
        site,
        theme,
        views: &views,
        stage,
        epoch: 0,
        progress: false,
        with_pdf,
    };
    render_site(&ctx, &templates(theme)?)
}

/// Every page of the site, from the views of the context.
fn render_site(ctx: &RenderContext<'_>, tera: &tera::Tera) -> Result<(), HtmlError> {
    let (site, theme, stage) = (ctx.site, ctx.theme, ctx.stage);
    let mut pages = Pages::new(ctx.views)?;
    pages.with_pdf = ctx.with_pdf;
    for rel in theme.files("static") {
        let bytes = theme.get(&rel).ok_or_else(|| {
            HtmlError::Theme(format!("无法读取主题文件 {rel}（cannot read theme file）"))
        })?;
        write(stage, &rel, &bytes)?;
    }
    let site_ctx = SiteCtx {
        name: &site.config.name,
        show_findings: site.config.show_findings,
        base_url: base_url(&site.config.base_path),
    };
    // Files the narratives refer to (images, attachments), resolved when the reports were read,
    // copied once each: output path → source.
    let mut copies: BTreeMap<&str, &Path> = BTreeMap::new();
    for view in pages.views {
        copies.extend(view.narrative.files());
    }
    let slugs: BTreeSet<String> = pages.views.iter().map(|v| v.slug.clone()).collect();
    for (i, view) in pages.views.iter().enumerate() {
        let unit = &pages.units[pages.unit_of[i]];
        let ctx = report_context(&site_ctx, view, unit, &pages, &slugs);
        write(
            stage,
            &format!("{}.html", view.slug),
            render_page(tera, "report.html", &ctx)?.as_bytes(),
        )?;
    }
    for (&rel, path) in &copies {
        if rel.starts_with("static/") || pages.paths.contains(rel) {
            return Err(HtmlError::Content(format!(
                "附件 content/{rel} 与生成的页面或文件同名（an attachment collides with a generated file）：请给它换个名字"
            )));
        }
        check::copy_file(stage, rel, path, site.config.max_attachment_mb)?;
    }
    for unit in &pages.units {
        let root = root_of(&unit.path);
        let reports = pages.summaries(&unit.reports, &root);
        let years: Vec<String> = reports
            .iter()
            .map(|r| format!("{}年度{}分（{}）", r.year, r.total, r.grade))
            .collect();
        let ctx = UnitPage {
            site: &site_ctx,
            root: &root,
            page_title: &unit.name,
            canonical: site_ctx.canonical(&unit.path),
            description: format!("{}预算绩效自评报告：{}。", unit.name, years.join("，")),
            unit: UnitCtx {
                name: &unit.name,
                href: String::new(),
                reports,
                compare: compare(pages.views, &unit.reports),
            },
            chart: totals_chart(
                &format!("{}历年自评总分", unit.name),
                &pages,
                &unit.reports,
                false,
            ),
        };
        write(
            stage,
            &unit.path,
            render_page(tera, "unit.html", &ctx)?.as_bytes(),
        )?;
    }
    let all: Vec<usize> = pages
        .units
        .iter()
        .flat_map(|u| u.reports.iter().copied())
        .collect();
    let units: Vec<UnitCtx<'_>> = pages
        .units
        .iter()
        .map(|u| UnitCtx {
            name: &u.name,
            href: href(&u.path),
            reports: pages.summaries(&u.reports, ""),
            compare: Compare::default(),
        })
        .collect();
    let findings = if site.config.show_findings {
        pages.views.iter().map(|v| v.findings.len()).sum()
    } else {
        0
    };
    let names: Vec<&str> = pages.units.iter().map(|u| u.name.as_str()).collect();
    let ctx = IndexPage {
        site: &site_ctx,
        root: "",
        page_title: &site.config.name,
        canonical: site_ctx.canonical("index.html"),
        description: format!(
            "{}：{} 份预算绩效自评报告（{}）。",
            site.config.name,
            pages.views.len(),
            names.join("、")
        ),
        units,
        report_count: pages.views.len(),
        findings,
        chart: totals_chart("各报告自评总分", &pages, &all, true),
    };
    write(
        stage,
        "index.html",
        render_page(tera, "index.html", &ctx)?.as_bytes(),
    )
}

fn write(stage: &Stage, rel: &str, bytes: &[u8]) -> Result<(), HtmlError> {
    Ok(stage.write(rel, bytes)?)
}

/// Loads every template of the theme (site overrides first), with autoescape on for `.html`.
pub fn templates(theme: &Theme) -> Result<tera::Tera, HtmlError> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    let mut sources = Vec::new();
    for rel in theme.files("templates") {
        let Some(name) = rel.strip_prefix("templates/") else {
            continue;
        };
        let text = theme.get_text(&rel).ok_or_else(|| {
            HtmlError::Theme(format!("无法读取模板 {rel}（cannot read template）"))
        })?;
        sources.push((name.to_string(), text));
    }
    for t in TEMPLATES {
        if !sources.iter().any(|(n, _)| n == t) {
            return Err(HtmlError::Theme(format!(
                "主题“{}”缺少模板 templates/{t}（template missing）",
                theme.name
            )));
        }
    }
    tera.add_raw_templates(sources).map_err(|e| {
        HtmlError::Theme(format!("模板有误（template error）：{}", error_chain(&e)))
    })?;
    Ok(tera)
}

fn render_page(tera: &tera::Tera, name: &str, ctx: &impl Serialize) -> Result<String, HtmlError> {
    let ctx = tera::Context::from_serialize(ctx)
        .map_err(|e| HtmlError::Theme(format!("模板数据有误：{}", error_chain(&e))))?;
    tera.render(name, &ctx).map_err(|e| {
        HtmlError::Theme(format!(
            "渲染 {name} 失败（template error）：{}",
            error_chain(&e)
        ))
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// `../` once per folder of an output path (`a/b/c.html` → `../../`).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A path as a URL: every byte outside the unreserved set, `/` and non-ASCII text is percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/') || !c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", c as u32));
        }
    }
    out
}

/// A unit (单位) of the site: its reports, newest first, and its page.
struct Unit {
    pub(super) name: String,
    /// `guangzhou-gxj/index.html`.
    path: String,
    reports: Vec<usize>,
}

/// Every page of the site, planned: views, units and output paths, checked for collisions.
struct Pages<'v> {
    views: &'v [ReportView],
    units: Vec<Unit>,
    /// views[i] belongs to units[unit_of[i]].
    unit_of: Vec<usize>,
    /// Every output path the renderers write (pages and PDFs), to keep copied files off them.
    paths: BTreeSet<String>,
    /// PDFs are built beside the pages, so pages link to them.
    with_pdf: bool,
}

fn dir_of(slug: &str) -> &str {
    slug.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// FNV-1a, for a stable folder name when a unit has no folder of its own.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The units of the site and their page paths; `unit_of[i]` is the unit of `views[i]`.
fn plan(views: &[ReportView]) -> (Vec<Unit>, Vec<usize>) {
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, v) in views.iter().enumerate() {
        by_unit.entry(v.unit.as_str()).or_default().push(i);
    }
    // A unit's folder is the folder its reports are in, when it holds all of them and no other
    // unit's; otherwise a name derived from the unit's name.
    let mut units: Vec<Unit> = by_unit
        .into_iter()
        .map(|(name, mut reports)| {
            reports.sort_by(|&a, &b| {
                let (x, y) = (&views[a], &views[b]);
                (
                    y.year,
                    x.kind_zh.as_str(),
                    x.title.as_str(),
                    x.slug.as_str(),
                )
                    .cmp(&(
                        x.year,
                        y.kind_zh.as_str(),
                        y.title.as_str(),
                        y.slug.as_str(),
                    ))
            });
            let first = dir_of(&views[reports[0]].slug);
            let own = !first.is_empty()
                && reports.iter().all(|&i| dir_of(&views[i].slug) == first)
                && views
                    .iter()
                    .all(|v| dir_of(&v.slug) != first || v.unit == name);
            let folder = if own {
                first.to_string()
            } else {
                format!("unit-{:08x}", fnv(name) >> 32)
            };
            Unit {
                name: name.to_string(),
                path: format!("{folder}/index.html"),
                reports,
            }
        })
        .collect();
    units.sort_by(|a, b| {
        let (ya, yb) = (views[a.reports[0]].year, views[b.reports[0]].year);
        (yb, &a.name).cmp(&(ya, &b.name))
    });
    let mut unit_of = vec![0; views.len()];
    for (u, unit) in units.iter().enumerate() {
        for &i in &unit.reports {
            unit_of[i] = u;
        }
    }
    (units, unit_of)
}

impl<'v> Pages<'v> {
    fn new(views: &'v [ReportView]) -> Result<Pages<'v>, HtmlError> {
        let (units, unit_of) = plan(views);
        let (paths, collisions) = check::claim_paths(views, &units);
        if let Some(c) = collisions.first() {
            return Err(HtmlError::Content(c.message()));
        }
        Ok(Pages {
            views,
            units,
            unit_of,
            paths,
            with_pdf: true,
        })
    }

    /// The reports of a unit (newest first) as listed, the first of each year carrying the number
    /// of that year's reports (for a merged year cell).
    fn summaries(&self, reports: &[usize], root: &str) -> Vec<Summary> {
        let mut out: Vec<Summary> = reports.iter().map(|&i| self.summary(i, root)).collect();
        let mut start = 0;
        while start < out.len() {
            let year = out[start].year;
            let n = out[start..].iter().take_while(|s| s.year == year).count();
            out[start].year_rows = n;
            start += n;
        }
        out
    }

    fn summary(&self, i: usize, root: &str) -> Summary {
        let v = &self.views[i];
        let page = format!("{}.html", v.slug);
        Summary {
            href: format!("{root}{}", href(&page)),
            pdf: self
                .with_pdf
                .then(|| format!("{root}{}", href(&format!("{}.pdf", v.slug)))),
            title: v.title.clone(),
            unit: v.unit.clone(),
            year: v.year,
            year_rows: 0,
            kind_zh: v.kind_zh.clone(),
            kind_short: kind_short(&v.kind_zh),
            total: v.total.clone(),
            grade: v.grade.clone(),
            errors: count(v, "error"),
            warnings: count(v, "warning"),
            infos: count(v, "info"),
        }
    }
}

fn kind_short(kind_zh: &str) -> String {
    if kind_zh.contains("部门") {
        "部门整体".into()
    } else {
        "项目".into()
    }
}

fn count(v: &ReportView, severity: &str) -> usize {
    v.findings
        .iter()
        .filter(|f| f.severity.en() == severity)
        .count()
}

fn totals_chart(title: &str, pages: &Pages, reports: &[usize], with_unit: bool) -> Chart {
    let labels: Vec<String> = reports
        .iter()
        .map(|&i| {
            let v = &pages.views[i];
            if with_unit {
                format!("{} {}年 {}", v.unit, v.year, kind_short(&v.kind_zh))
            } else {
                format!("{}年 {}", v.year, v.title)
            }
        })
        .collect();
    let items: Vec<TotalItem<'_>> = reports
        .iter()
        .zip(&labels)
        .map(|(&i, label)| TotalItem {
            label,
            total: &pages.views[i].total,
            grade: &pages.views[i].grade,
        })
        .collect();
    chart::totals(title, &items)
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    name: &'a str,
    show_findings: bool,
    /// `base_path` when it is an absolute URL (`https://…/`), for canonical links; else none.
    #[serde(skip)]
    base_url: Option<String>,
}

impl SiteCtx<'_> {
    /// The canonical URL of an output page, when the site's address is known.
    fn canonical(&self, page: &str) -> Option<String> {
        let base = self.base_url.as_ref()?;
        Some(if page == "index.html" {
            base.clone()
        } else {
            format!("{base}{}", href(page))
        })
    }
}

/// `base_path` as an absolute URL ending in `/`, if it is one.
fn base_url(base_path: &str) -> Option<String> {
    let b = base_path.trim();
    let lower = b.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || b.contains(['"', '<', '>', ' '])
    {
        return None;
    }
    Some(if b.ends_with('/') {
        b.to_string()
    } else {
        format!("{b}/")
    })
}

/// A report as listed on the index and unit pages.
#[derive(Serialize)]
struct Summary {
    href: String,
    /// None when the build makes no PDFs.
    pdf: Option<String>,
    title: String,
    unit: String,
    year: i32,
    /// On the first report of a year in a unit's list: how many reports that year has; else 0.
    year_rows: usize,
    kind_zh: String,
    kind_short: String,
    total: String,
    grade: String,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct UnitCtx<'a> {
    name: &'a str,
    /// Link to the unit page, relative to the index.
    href: String,
    reports: Vec<Summary>,
    compare: Compare,
}

/// The unit page's year-by-year table: one column per report, one row per group.
#[derive(Default, Serialize)]
struct Compare {
    rows: Vec<CompareRow>,
}

#[derive(Serialize)]
struct CompareRow {
    name: String,
    level: u8,
    /// One cell per report, in the order of the columns: `score / weight` or empty.
    cells: Vec<Option<String>>,
}

fn compare(views: &[ReportView], reports: &[usize]) -> Compare {
    let mut rows: Vec<CompareRow> = Vec::new();
    for (col, &i) in reports.iter().enumerate() {
        for g in &views[i].groups {
            let pos = match rows
                .iter()
                .position(|r| r.name == g.name && r.level == g.level)
            {
                Some(p) => p,
                None => {
                    rows.push(CompareRow {
                        name: g.name.clone(),
                        level: g.level,
                        cells: vec![None; reports.len()],
                    });
                    rows.len() - 1
                }
            };
            rows[pos].cells[col] = Some(format!("{} / {}", g.score, g.weight));
        }
    }
    Compare { rows }
}

#[derive(Serialize)]
struct IndexPage<'a> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    page_title: &'a str,
    canonical: Option<String>,
    description: String,
    units: Vec<UnitCtx<'a>>,
    report_count: usize,
    findings: usize,
    chart: Chart,
}

#[derive(Serialize)]
struct UnitPage<'a> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    page_title: &'a str,
    canonical: Option<String>,
    description: String,
    unit: UnitCtx<'a>,
    chart: Chart,
}

/// Which optional columns of the indicator grid have content in this report.
#[derive(Serialize)]
struct GridCols {
    explanation: bool,
    target: bool,
    actual: bool,
    basis: bool,
    reason: bool,
    improvement: bool,
    criteria: bool,
    evidence: bool,
    /// Optional columns between 三级分值 and 得分, and after 得分 (for the 总分 row's cells).
    before_score: usize,
    after_score: usize,
}

impl GridCols {
    fn of(grid: &[GridRow]) -> GridCols {
        let any = |f: fn(&GridRow) -> bool| grid.iter().any(f);
        let (explanation, target, actual) = (
            any(|r| r.explanation.is_some()),
            any(|r| r.target.is_some()),
            any(|r| r.actual.is_some()),
        );
        let basis = any(|r| r.formula.is_some() || r.completion.is_some());
        let (reason, improvement) = (
            any(|r| r.reason.is_some()),
            any(|r| r.improvement.is_some()),
        );
        let (criteria, evidence) = (any(|r| r.criteria.is_some()), any(|r| r.evidence.is_some()));
        let n = |cols: &[bool]| cols.iter().filter(|b| **b).count();
        GridCols {
            explanation,
            target,
            actual,
            basis,
            reason,
            improvement,
            criteria,
            evidence,
            before_score: n(&[explanation, target, actual]),
            after_score: n(&[basis, reason, improvement, criteria, evidence]),
        }
    }
}

/// One line of the indicator grid as the template draws it.
#[derive(Serialize)]
struct GridLine<'a> {
    #[serde(flatten)]
    row: &'a GridRow,
    /// An empty 二级 cell spanning this many lines (a 一级 group without 二级 groups).
    l2_blank: Option<usize>,
    /// The id of this row's sub-indicator table (aggregate rows).
    items_id: Option<String>,
}

/// A sub-indicator table of an aggregate row (部门整体产出/效益指标明细).
#[derive(Serialize)]
struct ItemsTable<'a> {
    id: String,
    name: &'a str,
    weight: &'a str,
    score: &'a str,
    items: &'a [GridRow],
    target: bool,
    actual: bool,
    basis: bool,
    reason: bool,
}

/// The budget grid's header: lines grouped under 部门预算 / 事业发展支出 / 按预算级次划分.
#[derive(Serialize)]
struct BudgetHead {
    groups: Vec<BudgetGroup>,
    /// Whether a second header row is needed.
    nested: bool,
    spent: bool,
    rate: bool,
    stated_rate: bool,
}

#[derive(Serialize)]
struct BudgetGroup {
    label: Option<&'static str>,
    lines: Vec<usize>,
}

fn budget_parent(key: &str) -> Option<&'static str> {
    match key {
        "basic" | "project" => Some("部门预算"),
        "special" | "other" => Some("事业发展支出"),
        "city" | "transfer" => Some("按预算级次划分"),
        _ => None,
    }
}

fn budget_head(v: &ReportView) -> BudgetHead {
    let mut groups: Vec<BudgetGroup> = Vec::new();
    for (i, b) in v.budget.iter().enumerate() {
        let parent = budget_parent(&b.key);
        match groups.last_mut() {
            Some(g) if parent.is_some() && g.label == parent => g.lines.push(i),
            _ => groups.push(BudgetGroup {
                label: parent,
                lines: vec![i],
            }),
        }
    }
    BudgetHead {
        nested: groups.iter().any(|g| g.label.is_some()),
        groups,
        spent: v.budget.iter().any(|b| b.spent.is_some()),
        rate: v.budget.iter().any(|b| b.rate.is_some()),
        stated_rate: v.budget.iter().any(|b| b.stated_rate.is_some()),
    }
}

#[derive(Serialize)]
struct ReportPage<'a> {
    site: &'a SiteCtx<'a>,
    root: String,
    page_title: String,
    canonical: Option<String>,
    description: String,
    report: &'a ReportView,
    unit: UnitLink<'a>,
    /// The PDF, relative to the page; None when the build makes no PDFs.
    pdf: Option<String>,
    narrative_html: String,
    grid: Vec<GridLine<'a>>,
    cols: GridCols,
    items: Vec<ItemsTable<'a>>,
    budget_head: BudgetHead,
    chart: Chart,
    findings: FindingCounts,
}

#[derive(Serialize)]
struct UnitLink<'a> {
    name: &'a str,
    href: String,
}

#[derive(Serialize)]
struct FindingCounts {
    total: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn report_context<'a>(
    site: &'a SiteCtx<'a>,
    v: &'a ReportView,
    unit: &'a Unit,
    pages: &Pages,
    slugs: &BTreeSet<String>,
) -> ReportPage<'a> {
    let page = format!("{}.html", v.slug);
    let root = root_of(&page);
    // The narrative sits under its own <h2>: its `#` headings become <h3>.
    let narrative_html = narrative::to_html(
        &v.narrative,
        &narrative::Page {
            top: 3,
            root: &root,
            reports: Some(slugs),
        },
    );
    let base = v.slug.rsplit('/').next().unwrap_or(&v.slug);
    let mut grid = Vec::with_capacity(v.grid.len());
    let mut items = Vec::new();
    for (i, row) in v.grid.iter().enumerate() {
        // A 一级 group whose lines carry no 二级 cell gets one empty cell spanning them.
        let l2_blank = row.l1.as_ref().and_then(|c| {
            let span = &v.grid[i..(i + c.rowspan).min(v.grid.len())];
            span.iter().all(|r| r.l2.is_none()).then_some(c.rowspan)
        });
        let items_id = (!row.items.is_empty()).then(|| format!("items-{}", items.len() + 1));
        if let Some(id) = &items_id {
            let any = |f: fn(&GridRow) -> bool| row.items.iter().any(f);
            items.push(ItemsTable {
                id: id.clone(),
                name: &row.name,
                weight: &row.weight,
                score: &row.score,
                items: &row.items,
                target: any(|r| r.target.is_some()),
                actual: any(|r| r.actual.is_some()),
                basis: any(|r| r.formula.is_some() || r.completion.is_some()),
                reason: any(|r| r.reason.is_some()),
            });
        }
        grid.push(GridLine {
            row,
            l2_blank,
            items_id,
        });
    }
    let count = |s: &str| v.findings.iter().filter(|f| f.severity.en() == s).count();
    ReportPage {
        site,
        page_title: format!("{}（{}年度）", v.title, v.year),
        canonical: site.canonical(&page),
        description: format!(
            "{}{}年度{}：自评总分 {} 分，评价等级{}。",
            v.unit, v.year, v.title, v.total, v.grade
        ),
        unit: UnitLink {
            name: &unit.name,
            href: format!("{root}{}", href(&unit.path)),
        },
        root,
        report: v,
        pdf: pages.with_pdf.then(|| href(&format!("{base}.pdf"))),
        narrative_html,
        cols: GridCols::of(&v.grid),
        grid,
        items,
        budget_head: budget_head(v),
        chart: chart::groups(
            &format!("{}（{}年度）各级指标得分", v.title, v.year),
            &v.groups,
        ),
        findings: FindingCounts {
            total: if site.show_findings {
                v.findings.len()
            } else {
                0
            },
            errors: count("error"),
            warnings: count("warning"),
            infos: count("info"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("gz/index.html"), "../");
        assert_eq!(root_of("a/b/2023.html"), "../../");
    }

    #[test]
    fn hrefs_are_percent_encoded_but_keep_chinese() {
        assert_eq!(href("gz-gxj/2023-report.html"), "gz-gxj/2023-report.html");
        assert_eq!(href("广州/2023 年#1.html"), "广州/2023%20年%231.html");
        assert_eq!(href("a?b%c\".html"), "a%3Fb%25c%22.html");
    }

    #[test]
    fn canonical_links_only_for_an_absolute_base() {
        assert_eq!(base_url("/"), None);
        assert_eq!(base_url("/jixiao/"), None);
        assert_eq!(
            base_url("https://czj.gz.gov.cn/jx"),
            Some("https://czj.gz.gov.cn/jx/".into())
        );
        assert_eq!(base_url("javascript:alert(1)//"), None);
        let site = SiteCtx {
            name: "",
            show_findings: false,
            base_url: base_url("https://a.gov.cn/jx/"),
        };
        assert_eq!(
            site.canonical("index.html").as_deref(),
            Some("https://a.gov.cn/jx/")
        );
        assert_eq!(
            site.canonical("gz/2023 年.html").as_deref(),
            Some("https://a.gov.cn/jx/gz/2023%20年.html")
        );
    }

    #[test]
    fn fnv_is_stable() {
        // Reference values of 64-bit FNV-1a.
        assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
