//! The HTML site (网站): `index.html`, a page per unit (`<unit>/index.html`) and a page per report
//! (`<slug>.html`), rendered with the theme's tera templates, plus the theme's `static/` files.
//!
//! Rust prepares data only (the [`ReportView`], the page's relative root, chart geometry, which grid
//! columns have content); every tag is in the templates. Links are relative (`../static/style.css`,
//! `2023-report.pdf`), so the output works under any sub-path and from `file://`. The output depends
//! on the site alone: no clock, no hash-map order.

use super::Theme;
use super::chart::{self, Chart};
mod check;
mod grid;
mod lists;
pub mod narrative;
mod pages;
use super::view::ReportView;
use super::{Batch, Listing, RenderContext, RenderError, Renderer};
use crate::pipeline::Site;
use crate::write::{Stage, WriteError};
use grid::{BudgetHead, GridCols, GridLine, ItemsTable, Note, Tables, budget_head};
pub(crate) use pages::{Pages, Plan, SiteCtx, Unit, listed_name, report_name};
pub use pages::{base_url, href, root_of};

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `&`, `<`, `>`, `"` and `'` escaped, for text or an attribute value of HTML or XML (the feeds);
/// a C0 control character, which XML 1.0 cannot carry, becomes U+FFFD (content with one is
/// refused before this, see `narrative::limits`; a theme's or config's text may still have one).
pub(crate) fn escape_markup(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

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
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            HtmlError::Write(_) => 2,
            HtmlError::Theme(_) | HtmlError::Content(_) => 1,
        }
    }
}

/// The HTML renderer: the theme's templates compiled once in [`Renderer::prepare`], with the slug
/// of every report (a narrative may link another report's page).
#[derive(Default)]
pub(crate) struct Html {
    tera: Option<tera::Tera>,
    slugs: BTreeSet<String>,
    /// What the templates are (their sources, and this jixiao, whose filters and functions they
    /// call), as part of each report page's key ([`page_key`]); `None` when it cannot be told.
    templates_id: Option<String>,
}

/// What made the templates of `theme`: this jixiao ([`crate::pipeline::this_jixiao`]) and every
/// template's path and bytes.
fn templates_id(theme: &Theme) -> Option<String> {
    let mut f = crate::load::fingerprint::Fingerprint::new();
    f.field("jixiao", crate::pipeline::this_jixiao()?.as_bytes());
    for rel in theme.files("templates") {
        f.field("template", rel.as_bytes());
        f.field("bytes", &theme.get(&rel)?);
    }
    Some(f.finish())
}

/// The key of a report page ([`crate::write::Stage::keep_made`]): the templates, the one the page
/// is rendered with and the page's whole context — or, in a build that has one, the report's key
/// ([`ReportView::key`]), which stands for everything the context is made from and costs nothing
/// to take (serialising and hashing the context is about a tenth of rendering the page). A page
/// is a function of these alone.
fn page_key(templates: &str, name: &str, page: &ReportPage<'_>) -> Option<String> {
    let mut f = crate::load::fingerprint::Fingerprint::new();
    f.field("templates", templates.as_bytes());
    f.field("name", name.as_bytes());
    if let Some(key) = &page.report.key {
        f.field("report", key.as_bytes());
        return Some(f.finish());
    }
    // Buffered: serde writes a token at a time, and the hash is fastest fed in blocks.
    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
    serde_json::to_writer(&mut w, page).ok()?;
    Some(w.into_inner().ok()?.finish())
}

/// The templates a renderer compiled in [`Renderer::prepare`], or compiled now with `compile` (a
/// renderer run without being prepared).
pub(crate) fn kept_or<'a>(
    kept: &'a Option<tera::Tera>,
    compile: impl FnOnce() -> Result<tera::Tera, HtmlError>,
) -> Result<std::borrow::Cow<'a, tera::Tera>, HtmlError> {
    Ok(match kept {
        Some(t) => std::borrow::Cow::Borrowed(t),
        None => std::borrow::Cow::Owned(compile()?),
    })
}

impl Renderer for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn prepare(&mut self, site: &Site, theme: &Theme) -> Result<(), RenderError> {
        self.tera = Some(templates(theme)?);
        self.templates_id = templates_id(theme);
        self.slugs = site.facts.iter().map(|f| f.slug.clone()).collect();
        Ok(())
    }
    /// Output paths that collide (two reports, a unit page, an attachment), and attachments that
    /// cannot be read or are larger than `max_attachment_mb`, each at its report.
    fn check_site(&self, site: &Site) -> Vec<(usize, crate::diag::Diagnostic)> {
        check::problems(site)
    }
    /// The report pages, in parallel; the first error in report order is the one reported.
    fn render_reports(
        &self,
        ctx: &RenderContext<'_>,
        batch: &Batch<'_>,
    ) -> Result<(), RenderError> {
        use rayon::prelude::*;
        let tera = kept_or(&self.tera, || templates(ctx.theme))?;
        let site_ctx = SiteCtx::of(ctx.site, ctx.with_search);
        let results: Vec<Result<(), HtmlError>> = batch
            .par_iter()
            .filter(|(i, _)| ctx.writes_report(*i))
            .map(|(i, view)| {
                let unit = &ctx.plan.units[ctx.plan.unit_of[*i]];
                let page = report_context(&site_ctx, view, unit, ctx.with_pdf, &self.slugs);
                let rel = format!("{}.html", view.slug);
                let name = report_template(&tera, view);
                // A page the previous build made from the same templates and context is kept.
                if let Some(key) = self
                    .templates_id
                    .as_deref()
                    .and_then(|t| page_key(t, name, &page))
                    && ctx.stage.keep_made(&rel, &key).map_err(HtmlError::from)?
                {
                    return Ok(());
                }
                write(ctx.stage, &rel, render_page(&tera, name, &page)?.as_bytes())
            })
            .collect();
        Ok(results.into_iter().collect::<Result<(), HtmlError>>()?)
    }
    fn render_site(
        &self,
        ctx: &RenderContext<'_>,
        listings: &[Listing],
    ) -> Result<(), RenderError> {
        let tera = kept_or(&self.tera, || templates(ctx.theme))?;
        Ok(render_site(ctx, &tera, listings)?)
    }
}

/// The templates every theme must have.
pub(crate) const TEMPLATES: [&str; 3] = ["index.html", "unit.html", "report.html"];

/// Renders the site as a build does but without typst: `index.html`, a page per unit and a page per
/// report, the theme's static files, and what the pages link to (the review page, the data files,
/// the feeds) — every renderer but the PDF's.
pub fn render(site: &Site, theme: &Theme, stage: &Stage) -> Result<(), RenderError> {
    render_with(site, theme, stage, true)
}

/// As [`render`]; `with_pdf` says whether PDFs are built beside the pages (`build --no-pdf` leaves
/// them out, and then no page links to one).
pub fn render_with(
    site: &Site,
    theme: &Theme,
    stage: &Stage,
    with_pdf: bool,
) -> Result<(), RenderError> {
    let plan = Plan::of(site)?;
    let ctx = RenderContext {
        site,
        theme,
        plan: &plan,
        stage,
        epoch: 0,
        progress: false,
        with_pdf,
        with_search: false,
        cache: false,
        part: super::Part::All,
        memo: None,
    };
    let mut renderers = super::renderers(false);
    for r in renderers.iter_mut() {
        r.prepare(site, theme)?;
    }
    super::render_all(&ctx, &renderers)
}

/// The pages about the whole site (the theme's static files, the attachments, the unit pages, the
/// index), from every report's listing.
fn render_site(
    ctx: &RenderContext<'_>,
    tera: &tera::Tera,
    listings: &[Listing],
) -> Result<(), HtmlError> {
    let (site, theme, stage) = (ctx.site, ctx.theme, ctx.stage);
    let site_pages = ctx.part.site_pages();
    for rel in theme.files("static").into_iter().filter(|_| site_pages) {
        let bytes = theme.get(&rel).ok_or_else(|| {
            HtmlError::Theme(format!("无法读取主题文件 {rel}（cannot read theme file）"))
        })?;
        write(stage, &rel, &bytes)?;
    }
    // Files the narratives refer to (images, attachments), resolved when the reports were read,
    // copied once each: output path → source.
    let mut copies: BTreeMap<&str, &Path> = BTreeMap::new();
    for f in &site.facts {
        copies.extend(
            f.attachments
                .iter()
                .map(|a| (a.rel.as_str(), a.path.as_path())),
        );
    }
    for (&rel, path) in &copies {
        if crate::render::reserved(rel).is_some() || ctx.plan.paths.contains(rel) {
            return Err(HtmlError::Content(format!(
                "附件 content/{rel} 与生成的页面或文件同名（an attachment collides with a generated file）：请给它换个名字"
            )));
        }
        if !site_pages {
            continue;
        }
        check::copy_file(stage, rel, path, site.config.max_attachment_mb)?;
    }
    if !site_pages {
        return Ok(());
    }
    let pages = Pages::new(ctx.plan, listings, ctx.with_pdf);
    let site_ctx = SiteCtx::of(site, ctx.with_search);
    lists::render_units(ctx, tera, &pages, &site_ctx)?;
    lists::render_index(ctx, tera, &pages, &site_ctx)
}

/// The template of a report page: `report-national.html` for the national layout (when the theme has
/// it), `report.html` otherwise.
fn report_template(tera: &tera::Tera, v: &ReportView) -> &'static str {
    if v.layout == crate::model::Layout::National && tera.contains_template(NATIONAL_TEMPLATE) {
        NATIONAL_TEMPLATE
    } else {
        "report.html"
    }
}

/// The page template of the national 项目支出绩效自评表 layout (optional in a theme).
pub(crate) const NATIONAL_TEMPLATE: &str = "report-national.html";

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

pub(crate) fn render_page(
    tera: &tera::Tera,
    name: &str,
    ctx: &impl Serialize,
) -> Result<String, HtmlError> {
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

#[derive(Serialize)]
struct ReportPage<'a> {
    site: &'a SiteCtx<'a>,
    root: String,
    page_title: String,
    canonical: Option<String>,
    description: String,
    report: &'a ReportView<'a>,
    unit: UnitLink<'a>,
    /// The PDF, relative to the page; None when the build makes no PDFs.
    pdf: Option<String>,
    /// The report's data (`<slug>.json`), relative to the page.
    data: String,
    narrative_html: String,
    grid: Vec<GridLine<'a>>,
    cols: GridCols,
    items: Vec<ItemsTable<'a>>,
    /// Notes under the tables: figures the transcriber estimated (推算).
    notes: Vec<Note>,
    /// Some figure on the page carries jixiao's different one (“经核算为 …”).
    computed: bool,
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
    with_pdf: bool,
    slugs: &BTreeSet<String>,
) -> ReportPage<'a> {
    let page = format!("{}.html", v.slug);
    let root = root_of(&page);
    // The narrative sits under its own <h2>: its `#` headings become <h3>.
    let narrative_html = narrative::to_html(
        v.narrative,
        &narrative::Page {
            top: 3,
            root: &root,
            reports: Some(slugs),
        },
    );
    let base = v.slug.rsplit('/').next().unwrap_or(&v.slug);
    let tables = Tables::of(v);
    let year = if v.year_in_title {
        String::new()
    } else {
        format!("（{}年度）", v.year)
    };
    let count = |s: &str| v.findings.iter().filter(|f| f.severity.en() == s).count();
    ReportPage {
        site,
        page_title: report_name(v),
        canonical: site.canonical(&page),
        description: format!(
            "{}{}{}：自评总分 {} 分，评价等级{}。",
            v.unit,
            if v.year_in_title {
                String::new()
            } else {
                format!("{}年度", v.year)
            },
            v.title,
            v.total,
            v.grade
        ),
        unit: UnitLink {
            name: &unit.name,
            href: format!("{root}{}", href(&unit.path)),
        },
        root,
        report: v,
        pdf: with_pdf.then(|| href(&format!("{base}.pdf"))),
        data: href(&format!("{base}.json")),
        narrative_html,
        cols: GridCols::of(&v.form, &v.grid, 2),
        grid: tables.grid,
        items: tables.items,
        notes: tables.notes,
        computed: tables.computed,
        budget_head: budget_head(v),
        chart: chart::groups(&format!("{}{year}各级指标得分", v.title), &v.groups),
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
