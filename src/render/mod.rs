//! Rendering (渲染): every output is a [`Renderer`] reading the same [`RenderContext`] — the site,
//! its theme, the plan of its pages — and writing into the build's [`Stage`] in two phases: the
//! reports' own files ([`Renderer::render_reports`]), from one [`ReportView`] per report, made for a
//! batch of reports at a time and dropped after it; then the files about the whole site
//! ([`Renderer::render_site`]), from each report's [`Listing`]. HTML ([`html::Html`]: tera templates)
//! and PDF ([`pdf::Pdf`]: a Typst template fed with JSON data) are two implementations, so both print
//! the same figures; a new output (JSON data, XLSX, a search index) is one more.

pub mod chart;
pub mod data;
pub mod feeds;
pub mod html;
pub(crate) mod listing;
pub mod order;
pub mod pdf;
pub mod review;
pub mod search;
mod theme;
pub mod view;
pub mod xlsx;

pub use theme::{Theme, ThemeError};

use crate::diag::Diagnostic;
use crate::pipeline::{Entry, Site};
use crate::write::{Stage, WriteError};
pub(crate) use listing::Listing;
use view::ReportView;

/// What every renderer reads: built once per build, before any renderer runs.
pub(crate) struct RenderContext<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// Where every page goes (units, output paths), planned from the reports.
    pub plan: &'a html::Plan,
    pub stage: &'a Stage,
    /// The build's one timestamp (see [`crate::pipeline::source_epoch`]).
    pub epoch: i64,
    /// Show progress on the terminal.
    pub progress: bool,
    /// Whether PDFs are made beside the pages (pages link to them only then).
    pub with_pdf: bool,
    /// Whether the site gets a search index (pages show the search box only then).
    pub with_search: bool,
    /// Reuse and store outputs in the build cache (`--no-cache` turns it off; see
    /// [`pdf::cache`]).
    pub cache: bool,
    /// Which part of the site to write (all of it but for `build --shard` and `merge`).
    pub part: Part,
    /// The report memo: reports whose files the previous build made from the same inputs are kept
    /// without being read (a whole build with the build cache; see [`render_all`]).
    pub memo: Option<&'a RenderMemo<'a>>,
}

/// What a build takes from and notes in the report memo ([`crate::write::memo`]) while it renders.
pub(crate) struct RenderMemo<'a> {
    /// The hash of what every report's files are made from besides the report itself and the
    /// site's plan: the memo's load key and every input of the build but `content/`
    /// (`pipeline::render_inputs`).
    pub base: String,
    /// The memo of the previous build into the same folder.
    pub previous: Option<&'a crate::write::memo::Memo>,
    /// What this build made of each report (by source; as JSON), for the next.
    pub noted: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl RenderContext<'_> {
    /// Whether the report `site.facts[i]` has its own files (page, PDF, JSON, workbook) written by
    /// this build: every renderer asks this, so that the shards and the merge split the files alike.
    pub(crate) fn writes_report(&self, i: usize) -> bool {
        self.part.reports(self.site.facts.len()).contains(&i)
    }
    /// Whether the files about the whole site (index, unit pages, review page, open data, feeds)
    /// are written by this build.
    pub(crate) fn writes_site(&self) -> bool {
        self.part.site_pages()
    }
}

/// The views of a batch of reports: (index in `site.facts`, view), in the site's file order. Each
/// view holds its report ([`ReportView::entry`]) for as long as the batch lasts.
pub(crate) type Batch<'a> = [(usize, ReportView<'a>)];

/// Which part of the site a build writes: all of it, one shard's reports (`build --shard K/N`), or
/// the pages about the whole site (`merge`, which adds the shards' files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Part {
    #[default]
    All,
    /// The pages and PDFs of these reports only (indices into `site.facts`).
    Reports(std::ops::Range<usize>),
    /// Everything but the reports' pages and PDFs: the index, unit pages, static files, attachments.
    Site,
}

impl Part {
    /// Shard `k` of `n` (1-based) of `total` reports: a contiguous run of the reports in path order.
    pub fn shard(k: usize, n: usize, total: usize) -> Part {
        Part::Reports(total * (k - 1) / n..total * k / n)
    }
    /// The reports whose pages and PDFs are written, of `total`.
    pub fn reports(&self, total: usize) -> std::ops::Range<usize> {
        match self {
            Part::All => 0..total,
            Part::Reports(r) => r.start.min(total)..r.end.min(total),
            Part::Site => 0..0,
        }
    }
    /// Whether the pages about the whole site (index, units, static files, attachments) are written.
    pub(crate) fn site_pages(&self) -> bool {
        !matches!(self, Part::Reports(_))
    }
}

/// One output of the build, in the spirit of mdBook's `Renderer`.
pub(crate) trait Renderer {
    /// A short name for messages (`html`, `pdf`).
    fn name(&self) -> &'static str;
    /// Checks everything the renderer needs (templates compile, tools are installed) before the
    /// build writes anything, so that a missing tool fails the build at once.
    fn prepare(&mut self, site: &Site, theme: &Theme) -> Result<(), RenderError>;
    /// Writes the files of the reports of `batch` that this build writes (see
    /// [`RenderContext::writes_report`]) into `ctx.stage`. Called once per batch, in file order.
    fn render_reports(
        &self,
        _ctx: &RenderContext<'_>,
        _batch: &Batch<'_>,
    ) -> Result<(), RenderError> {
        Ok(())
    }
    /// After every batch: writes this renderer's files about the whole site, from the listing of
    /// every report (in the order of `site.facts`), and says what the batches left to say.
    fn render_site(
        &self,
        _ctx: &RenderContext<'_>,
        _listings: &[Listing],
    ) -> Result<(), RenderError> {
        Ok(())
    }
    /// What this renderer would refuse in the reports of `batch`, found without writing anything
    /// or needing a tool, so that `jixiao check` finds it before `build` does: `(index of the
    /// report in the batch, the problem with its span in that report's text)`.
    fn check(&self, _site: &Site, _batch: &Batch<'_>) -> Vec<(usize, Diagnostic)> {
        Vec::new()
    }
    /// Whether [`Renderer::check`] looks at the reports (else no view is made for it).
    fn checks_reports(&self) -> bool {
        false
    }
    /// As [`Renderer::check`], for what is about the site as a whole (two outputs on one path).
    fn check_site(&self, _site: &Site) -> Vec<(usize, Diagnostic)> {
        Vec::new()
    }
    /// What this renderer keeps of report `i` (rendered in this build) for the site's files, to be
    /// given back to [`Renderer::kept`] by a later build that keeps the report's files.
    fn note(&self, _i: usize) -> Option<String> {
        None
    }
    /// Whether [`Renderer::kept`] needs what [`Renderer::note`] said (a report noted without it is
    /// rendered again).
    fn needs_note(&self, _ctx: &RenderContext<'_>) -> bool {
        false
    }
    /// Report `i`'s files were kept from the previous build without being rendered; `note` is what
    /// [`Renderer::note`] said of it then.
    fn kept(
        &self,
        _ctx: &RenderContext<'_>,
        _i: usize,
        _note: Option<&str>,
    ) -> Result<(), RenderError> {
        Ok(())
    }
}

/// The renderers of a build, in the order they run: HTML, the data files, the review page, the
/// sitemap and feed, then (unless `--no-pdf`) PDF.
pub(crate) fn renderers(with_pdf: bool) -> Vec<Box<dyn Renderer>> {
    let mut out: Vec<Box<dyn Renderer>> = vec![
        Box::new(html::Html::default()),
        Box::new(data::DataFiles::default()),
        Box::new(review::Review::default()),
        Box::new(feeds::Feeds),
    ];
    if with_pdf {
        out.push(Box::new(pdf::Pdf::default()));
    }
    out
}

/// The files of the site as a whole, with what they are: no report, unit folder or attachment may
/// take their place.
pub(crate) const SITE_FILES: [(&str, &str); 6] = [
    ("index.html", "首页"),
    (review::PAGE, "审阅总览"),
    (data::REPORTS_JSON, "开放数据"),
    (data::REPORTS_CSV, "开放数据"),
    (feeds::SITEMAP, "站点地图"),
    (feeds::FEED, "订阅源"),
];

/// The folders of the site as a whole (theme files, the search index), with what they are: nothing
/// of a report or unit may be written under them.
pub(crate) const RESERVED_DIRS: [(&str, &str); 2] =
    [("static/", "主题的静态文件"), ("pagefind/", "站内搜索索引")];

/// What takes `rel` when it lies under one of the [`RESERVED_DIRS`].
pub(crate) fn reserved(rel: &str) -> Option<&'static str> {
    RESERVED_DIRS
        .iter()
        .find(|(dir, _)| rel.starts_with(dir))
        .map(|(_, what)| *what)
}

/// What every report gets beside `<slug>`: its page, its PDF, its data.
pub(crate) const REPORT_FILES: [&str; 3] = ["html", "pdf", "json"];

/// What orders and places each report of the site (unit, year, kind, project, title, slug), in the
/// order of `site.facts`.
pub(crate) fn listed(site: &Site) -> Vec<order::Listed<'_>> {
    site.facts
        .iter()
        .map(|f| order::Listed {
            unit: &f.unit,
            year: f.year,
            kind: f.kind,
            project: f.project.as_deref(),
            title: &f.title,
            slug: &f.slug,
            source: &f.source,
        })
        .collect()
}

/// The order of the site's reports (indices into `site.facts`) on every page and in every file:
/// see [`order::report_order`].
pub(crate) fn site_order(site: &Site) -> Vec<usize> {
    order::report_order(&site.config.units, &listed(site))
}

/// Reports whose views are made at a time (on every core), written by every renderer, then
/// dropped: a multiple of the PDF bundles two cores make (168: seven bundles of 12 a core, see
/// `pdf::bundle`). `JIXIAO_BATCH` sets another (the output is the same; the tests build with
/// batches of one and two).
pub(crate) fn batch_size() -> usize {
    std::env::var("JIXIAO_BATCH")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(BATCH)
}

const BATCH: usize = 168;

/// The views of the reports `indices` (into `site.facts`) of `entries` (theirs, in that order),
/// each with its report key (`keys`, in that order too), in parallel.
pub(crate) fn batch_views<'a>(
    site: &'a Site,
    indices: &[usize],
    entries: &'a [std::borrow::Cow<'a, Entry>],
    keys: Vec<Option<String>>,
) -> Vec<(usize, ReportView<'a>)> {
    use rayon::prelude::*;
    indices
        .par_iter()
        .zip(entries)
        .zip(keys)
        .map(|((&i, e), key)| {
            let mut v = ReportView::new(site, e);
            v.key = key;
            (i, v)
        })
        .collect()
}

/// Runs `renderers` (prepared) over the site: the reports' own files a batch at a time — the
/// batch's views made, written by every renderer, kept as listings, dropped — then the files about
/// the whole site from the listings. A build that writes no site pages (a shard) makes the views of
/// its own reports only.
pub(crate) fn render_all(
    ctx: &RenderContext<'_>,
    renderers: &[Box<dyn Renderer>],
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    let site = ctx.site;
    let n = site.facts.len();
    let wanted: Vec<usize> = if ctx.writes_site() {
        (0..n).collect()
    } else {
        ctx.part.reports(n).collect()
    };
    // The memo is used for whole builds only (they list every report).
    let memo = ctx.memo.filter(|_| ctx.part == Part::All);
    let site_key = memo.map(|m| site_key(ctx, &m.base));
    let mut listings: Vec<Option<Listing>> = Vec::new();
    if ctx.writes_site() {
        listings.resize_with(n, || None);
    }
    // Whether a report's memo holds what every renderer needs to keep it.
    let noted = |r: &crate::write::memo::Rendered| {
        renderers
            .iter()
            .all(|x| !x.needs_note(ctx) || r.notes.contains_key(x.name()))
    };
    for chunk in wanted.chunks(batch_size()) {
        // The reports whose files the previous build made from the same inputs, kept as they are.
        let keys: Vec<Option<String>> = chunk
            .par_iter()
            .map(|&i| report_key(site_key.as_deref(), &site.facts[i]))
            .collect();
        let mut made = Vec::new();
        let mut kept = Vec::new();
        for (&i, key) in chunk.iter().zip(keys) {
            let previous = memo
                .and_then(|m| m.previous)
                .zip(key.as_deref())
                .and_then(|(p, k)| p.rendered(&site.facts[i].source, k));
            match previous {
                Some(r) if noted(r) && keep_files(ctx, r)? => kept.push((i, r)),
                _ => made.push((i, key)),
            }
        }
        for (i, r) in &kept {
            for x in renderers {
                x.kept(ctx, *i, r.notes.get(x.name()).map(String::as_str))?;
            }
            if let Some(slot) = listings.get_mut(*i) {
                *slot = Some(r.listing.clone());
            }
        }
        // The others: made again from their files unless the site holds them, and rendered.
        let indices: Vec<usize> = made.iter().map(|(i, _)| *i).collect();
        let entries = site.entries_of(&indices)?;
        let keys = made.iter().map(|(_, k)| k.clone()).collect();
        let views = batch_views(site, &indices, &entries, keys);
        for r in renderers {
            r.render_reports(ctx, &views)?;
        }
        let made_listings: Vec<Listing> = views
            .par_iter()
            .zip(&entries)
            .map(|((_, v), e)| Listing::of(site, e, v))
            .collect();
        if let Some(m) = memo {
            let mut noted = m.noted.lock().unwrap_or_else(|e| e.into_inner());
            let json = |r: &crate::write::memo::Rendered| serde_json::to_vec(r).ok();
            for (i, r) in &kept {
                noted.extend(json(r).map(|j| (site.facts[*i].source.clone(), j)));
            }
            for ((i, key), listing) in made.iter().zip(&made_listings) {
                if let Some(r) = rendered(ctx, renderers, *i, key.as_deref(), listing) {
                    noted.extend(json(&r).map(|j| (site.facts[*i].source.clone(), j)));
                }
            }
        }
        for ((i, _), listing) in made.into_iter().zip(made_listings) {
            if let Some(slot) = listings.get_mut(i) {
                *slot = Some(listing);
            }
        }
    }
    let listings: Vec<Listing> = listings.into_iter().flatten().collect();
    for r in renderers {
        r.render_site(ctx, &listings)?;
    }
    Ok(())
}

/// The files a build makes of the report `slug`: its page, its PDF (with `pdf`), its data, its
/// workbook (with `xlsx`).
pub(crate) fn report_files(slug: &str, pdf: bool, xlsx: bool) -> Vec<String> {
    REPORT_FILES
        .iter()
        .filter(|&&ext| pdf || ext != "pdf")
        .chain(xlsx.then_some(&"xlsx"))
        .map(|ext| format!("{slug}.{ext}"))
        .collect()
}

/// Keeps the files the previous build made of a report (`r`), when it made every file this build
/// makes of it and each is still as the build left it; else the report is rendered (a file kept
/// already is then made again).
fn keep_files(
    ctx: &RenderContext<'_>,
    r: &crate::write::memo::Rendered,
) -> Result<bool, RenderError> {
    let wanted = report_files(&r.listing.slug, ctx.with_pdf, false);
    if r.files.iter().map(|(rel, _)| rel).ne(wanted.iter()) {
        return Ok(false);
    }
    for (rel, key) in &r.files {
        if !ctx.stage.keep_made(rel, key)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// What this build made of report `i` (rendered, its key `key`), for the memo: `None` when it
/// has no key (it takes totals from other reports) or a file of it was not made from a key.
fn rendered(
    ctx: &RenderContext<'_>,
    renderers: &[Box<dyn Renderer>],
    i: usize,
    key: Option<&str>,
    listing: &Listing,
) -> Option<crate::write::memo::Rendered> {
    let files = report_files(&listing.slug, ctx.with_pdf, false)
        .into_iter()
        .map(|rel| {
            let key = ctx.stage.made_key(&rel)?;
            Some((rel, key))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(crate::write::memo::Rendered {
        key: key?.to_string(),
        files,
        listing: listing.clone(),
        notes: renderers
            .iter()
            .filter_map(|r| Some((r.name().to_string(), r.note(i)?)))
            .collect(),
    })
}

/// The hash of what every report's files are made from besides the report itself: `base` (the
/// build's inputs but `content/`, see [`RenderMemo::base`]), the build's timestamp and options, and
/// what a report's files show of the others: how many there are (the search box), every report's
/// output path (links between reports), the plan of the units (a page links its unit's page) and
/// the files that could not be processed (in every `<slug>.json`).
fn site_key(ctx: &RenderContext<'_>, base: &str) -> String {
    let mut fp = crate::load::fingerprint::Fingerprint::new();
    fp.field("base", base.as_bytes());
    fp.field(
        "build",
        format!(
            "epoch={} pdf={} search={} part={:?} reports={}",
            ctx.epoch,
            ctx.with_pdf,
            ctx.with_search,
            ctx.part,
            ctx.site.facts.len()
        )
        .as_bytes(),
    );
    for f in &ctx.site.facts {
        fp.field("slug", f.slug.as_bytes());
    }
    fp.field("plan", format!("{:?}", ctx.plan).as_bytes());
    for e in &ctx.site.errors {
        fp.field("error", e.rendered.as_bytes());
    }
    fp.finish()
}

/// The key of a report's files: the site's key and everything the site knows of the report — its
/// text's hash, its place, its total, its findings ([`crate::pipeline::Facts`]). `None` for a
/// report that takes totals from others (they are in no key) or without a site key.
fn report_key(site_key: Option<&str>, facts: &crate::pipeline::Facts) -> Option<String> {
    let site_key = site_key.filter(|_| !facts.cites)?;
    let mut fp = crate::load::fingerprint::Fingerprint::new();
    fp.field("site", site_key.as_bytes());
    fp.field("facts", &serde_json::to_vec(facts).ok()?);
    Some(fp.finish())
}

/// The view of every report the site holds ([`crate::pipeline::Load::hold`]).
pub fn views(site: &Site) -> Vec<ReportView<'_>> {
    use rayon::prelude::*;
    site.entries
        .par_iter()
        .map(|e| ReportView::new(site, e))
        .collect()
}

/// Why an output could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error(transparent)]
    Html(#[from] html::HtmlError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Xlsx(#[from] xlsx::XlsxRenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    /// A report file changed while the site was built.
    #[error(transparent)]
    Changed(#[from] crate::pipeline::Changed),
    /// A data file (`<slug>.json`, `data/reports.json`) could not be serialised.
    #[error("数据文件不能写成 JSON（a data file could not be serialised）: {0}")]
    Data(#[from] serde_json::Error),
}

impl RenderError {
    /// 2 for usage and IO trouble (a missing tool, a write that failed), 1 for what the content or the
    /// theme must fix.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            RenderError::Write(_) => 2,
            RenderError::Pdf(e) => e.exit_code(),
            RenderError::Html(e) => e.exit_code(),
            RenderError::Theme(_) => 1,
            RenderError::Xlsx(_) => 2,
            RenderError::Search(_) => 2,
            RenderError::Data(_) => 2,
            RenderError::Changed(_) => 2,
        }
    }
}

#[cfg(test)]
mod tests;
