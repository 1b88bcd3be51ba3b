//! Rendering (渲染): every output is a [`Renderer`] reading the same [`RenderContext`] — the site,
//! its theme, and one [`ReportView`] per report, built once by [`views`] — and writing into the
//! build's [`Stage`]. HTML ([`html::Html`]: tera templates) and PDF ([`pdf::Pdf`]: a Typst template fed
//! with JSON data) are two implementations, so both print the same figures; a new output (JSON data,
//! XLSX, a search index) is one more.

pub mod chart;
pub mod html;
pub mod pdf;
mod theme;
pub mod view;

pub use theme::{Theme, ThemeError};

use crate::diag::Diagnostic;
use crate::pipeline::Site;
use crate::write::{Stage, WriteError};
use view::ReportView;

/// What every renderer reads: built once per build, before any renderer runs.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// One view per report, in the order of `site.entries`.
    pub views: &'a [ReportView],
    pub stage: &'a Stage,
    /// The build's one timestamp (see [`crate::pipeline::source_epoch`]).
    pub epoch: i64,
    /// Show progress on the terminal.
    pub progress: bool,
    /// Whether PDFs are made beside the pages (pages link to them only then).
    pub with_pdf: bool,
    /// Reuse and store outputs in the build cache (`--no-cache` turns it off; see
    /// [`pdf::cache`]).
    pub cache: bool,
    /// Which part of the site to write (all of it but for `build --shard` and `merge`).
    pub part: Part,
}

/// Which part of the site a build writes: all of it, one shard's reports (`build --shard K/N`), or
/// the pages about the whole site (`merge`, which adds the shards' files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Part {
    #[default]
    All,
    /// The pages and PDFs of these reports only (indices into `site.entries`).
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
    pub fn site_pages(&self) -> bool {
        !matches!(self, Part::Reports(_))
    }
}

/// One output of the build, in the spirit of mdBook's `Renderer`.
pub trait Renderer {
    /// A short name for messages (`html`, `pdf`).
    fn name(&self) -> &'static str;
    /// Checks everything the renderer needs (templates compile, tools are installed) before the
    /// build writes anything, so that a missing tool fails the build at once.
    fn prepare(&mut self, site: &Site, theme: &Theme) -> Result<(), RenderError>;
    /// Writes this renderer's files into `ctx.stage`.
    fn render(&self, ctx: &RenderContext<'_>) -> Result<(), RenderError>;
    /// What this renderer would refuse in the content, found without writing anything or needing a
    /// tool, so that `jixiao check` finds it before `build` does: `(index of the report in
    /// site.entries, the problem with its span in that report's text)`.
    fn check(&self, _site: &Site, _views: &[ReportView]) -> Vec<(usize, Diagnostic)> {
        Vec::new()
    }
}

/// The renderers of a build, in the order they run: HTML, then (unless `--no-pdf`) PDF.
pub fn renderers(with_pdf: bool) -> Vec<Box<dyn Renderer>> {
    let mut out: Vec<Box<dyn Renderer>> = vec![Box::new(html::Html::default())];
    if with_pdf {
        out.push(Box::new(pdf::Pdf::default()));
    }
    out
}

/// The view of every report, built once for every renderer.
pub fn views(site: &Site) -> Vec<ReportView> {
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
    Write(#[from] WriteError),
}

impl RenderError {
    /// 2 for usage and IO trouble (a missing tool, a write that failed), 1 for what the content or the
    /// theme must fix.
    pub fn exit_code(&self) -> u8 {
        match self {
            RenderError::Write(_) => 2,
            RenderError::Pdf(e) => e.exit_code(),
            RenderError::Html(e) => e.exit_code(),
            RenderError::Theme(_) => 1,
        }
    }
}

#[cfg(test)]
mod tests;
