//! 审阅总览 (`review.html`): one row per report — unit, year, kind, project, computed and stated
//! total, grade, deductions, deductions without a reason, finding counts, links — for a finance
//! bureau reviewing hundreds of reports. The table is complete in the HTML (it works without
//! script); the theme's `static/review.js` sorts and filters it in the browser, from `file://` or
//! any sub-path, with no request of its own. Every sort key is computed here (pinyin ranks, grade
//! ranks, exact figures), so the script only compares numbers.

use super::html::{self, HtmlError, Pages, SiteCtx, href};
use super::order::PinyinKey;
use super::{Listing, RenderContext, RenderError, Renderer, Theme, data};
use crate::model::ReportKind;
use crate::pipeline::Site;
use serde::Serialize;

/// The page, at the site's root.
pub const PAGE: &str = "review.html";
/// Its template.
pub(crate) const TEMPLATE: &str = "review.html";

/// The review page's renderer: the theme's templates compiled once in [`Renderer::prepare`].
#[derive(Default)]
pub(crate) struct Review {
    tera: Option<tera::Tera>,
}

impl Renderer for Review {
    fn name(&self) -> &'static str {
        "review"
    }
    fn prepare(&mut self, _site: &Site, theme: &Theme) -> Result<(), RenderError> {
        self.tera = Some(templates(theme)?);
        Ok(())
    }
    fn render_site(
        &self,
        ctx: &RenderContext<'_>,
        listings: &[Listing],
    ) -> Result<(), RenderError> {
        if !ctx.writes_site() {
            return Ok(());
        }
        let tera = html::kept_or(&self.tera, || templates(ctx.theme))?;
        let site_ctx = SiteCtx::of(ctx.site, ctx.with_search);
        let page = page(ctx, &site_ctx, listings)?;
        let html = html::render_page(&tera, TEMPLATE, &page)?;
        Ok(ctx.stage.write(PAGE, html.as_bytes())?)
    }
}

fn templates(theme: &Theme) -> Result<tera::Tera, HtmlError> {
    if theme.get(&format!("templates/{TEMPLATE}")).is_none() {
        return Err(HtmlError::Theme(format!(
            "主题“{}”缺少模板 templates/{TEMPLATE}（template missing）",
            theme.name
        )));
    }
    html::templates(theme)
}

#[derive(Serialize)]
struct ReviewPage<'a> {
    site: &'a SiteCtx<'a>,
    root: &'static str,
    page_title: &'static str,
    canonical: Option<String>,
    description: String,
    rows: Vec<Row>,
    years: Vec<i32>,
    units: usize,
    /// Reports with something to look at (see [`Row::attention`]).
    attention: usize,
    duplicates: usize,
    csv: &'static str,
    json: &'static str,
}

/// One report in the table. Figures are as printed; `key_*` are the sort keys.
#[derive(Serialize)]
struct Row {
    /// Position in the site's order (the default order).
    order: usize,
    unit: String,
    unit_href: String,
    key_unit: usize,
    year: i32,
    /// department / project.
    kind: &'static str,
    kind_short: &'static str,
    project: Option<String>,
    key_project: usize,
    title: String,
    total: String,
    stated_total: Option<String>,
    /// The stated total differs from the computed one.
    differs: bool,
    grade: String,
    /// 优 0, 良 1, 中 2, 差 3.
    key_grade: u8,
    deduction_points: String,
    deduction_rows: usize,
    unexplained: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Another report of the site has the same unit, year and project (a `duplicate-report`).
    duplicate: bool,
    /// Anything a reviewer should look at: an error or warning, a deduction without a reason, a
    /// stated total that differs.
    attention: bool,
    href: String,
    pdf: Option<String>,
    data: String,
    /// Lower-cased unit, project and title, for the text filter.
    search: String,
}

fn page<'a>(
    ctx: &RenderContext<'a>,
    site_ctx: &'a SiteCtx<'a>,
    listings: &[Listing],
) -> Result<ReviewPage<'a>, HtmlError> {
    let site = ctx.site;
    let pages = Pages::new(ctx.plan, listings, ctx.with_pdf);
    let findings = site.config.show_findings;
    let mut projects: Vec<&str> = listings.iter().filter_map(Listing::project_name).collect();
    projects.sort_by_cached_key(|p| PinyinKey::of(p));
    projects.dedup();
    let mut rows = Vec::with_capacity(listings.len());
    for (u, unit) in pages.units.iter().enumerate() {
        for &i in &unit.reports {
            let v = &listings[i];
            let d = &v.data;
            let project = v.project.clone();
            let duplicate = findings && v.duplicate;
            let differs = d.stated_total.as_ref().is_some_and(|s| *s != v.total);
            let (errors, warnings, infos) = if findings {
                (v.errors, v.warnings, v.infos)
            } else {
                (0, 0, 0)
            };
            let unexplained = d.deductions.unexplained;
            rows.push(Row {
                order: rows.len(),
                unit_href: href(&unit.path),
                key_unit: u,
                year: v.year,
                kind: match v.kind {
                    ReportKind::Department => "department",
                    ReportKind::Project => "project",
                },
                kind_short: match v.kind {
                    ReportKind::Department => "部门整体",
                    ReportKind::Project => "项目",
                },
                key_project: project
                    .as_deref()
                    .and_then(|p| projects.iter().position(|q| *q == p))
                    .map_or(0, |k| k + 1),
                search: format!(
                    "{} {} {}",
                    v.unit,
                    project.as_deref().unwrap_or(""),
                    v.title
                )
                .to_lowercase(),
                project,
                title: v.title.clone(),
                total: v.total.clone(),
                stated_total: d.stated_total.clone(),
                differs,
                grade: d.grade.clone(),
                key_grade: ["优", "良", "中", "差"]
                    .iter()
                    .position(|g| *g == d.grade)
                    .unwrap_or(3) as u8,
                deduction_points: d.deduction_points.clone(),
                deduction_rows: d.deductions.rows,
                unexplained,
                errors,
                warnings,
                infos,
                duplicate,
                attention: errors + warnings > 0 || unexplained > 0 || differs || duplicate,
                href: href(&format!("{}.html", v.slug)),
                pdf: ctx.with_pdf.then(|| href(&format!("{}.pdf", v.slug))),
                data: href(&format!("{}.json", v.slug)),
                unit: v.unit.clone(),
            });
        }
    }
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(ReviewPage {
        canonical: site_ctx.canonical(PAGE),
        description: format!(
            "{}：{} 份预算绩效自评报告的审阅总览（单位、年度、总分、扣分{}）。",
            site.config.name,
            rows.len(),
            if findings { "、校验发现" } else { "" }
        ),
        attention: rows.iter().filter(|r| r.attention).count(),
        duplicates: rows.iter().filter(|r| r.duplicate).count(),
        units: pages.units.len(),
        rows,
        years,
        site: site_ctx,
        root: "",
        page_title: "审阅总览",
        csv: data::REPORTS_CSV,
        json: data::REPORTS_JSON,
    })
}
