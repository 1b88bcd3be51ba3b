//! The PDFs (PDF 版): one per report, typeset by the pinned typst CLI from the theme's Typst template.
//!
//! For each report jixiao makes a staging folder of its own (in the system's temp folder), copies the
//! theme's `typst/` files into it (never links) together with `report.json` — the report's
//! [`ReportView`], whose narrative is the block tree as JSON ([`crate::narrative::json`]) — and runs
//!
//! ```text
//! typst compile --root STAGE --ignore-system-fonts --ignore-embedded-fonts --font-path FONTS
//!   --diagnostic-format short --creation-timestamp EPOCH --jobs N STAGE/report.typ STAGE/out.pdf
//! ```
//!
//! with an empty environment, so the PDF depends on nothing but the data, the template, the pinned
//! typst and fonts and the build's one timestamp: the same commit gives the same bytes anywhere.
//! Reports compile in parallel (as many at once as there are cores); one report that fails does not
//! stop the others, and the error names every failed report with typst's message.
//!
//! Before anything is compiled, every character that goes into a PDF is checked against the pinned
//! fonts ([`fonts`]): typst would silently draw a missing one as an empty box.
//!
//! A PDF whose inputs are unchanged is not typeset again: it comes from the build cache ([`cache`],
//! byte for byte what typst would make). [`compile_one`] typesets a single report through the cache
//! (for `jixiao serve`); [`bundle`] is typst's bundle export, which a build uses by default (many
//! reports to a typst process, the same bytes as one process each); the typst command is made in
//! one place, `run.rs`.

use super::Theme;
pub mod bundle;
pub mod cache;
pub mod coverage;
pub mod fonts;
pub mod limits;
mod one;
pub(crate) mod processes;
mod run;
pub mod tools;

pub use one::compile_one;
use run::compile;
pub use run::typst_flags;

use super::view::ReportView;
use super::{Batch, Listing, RenderContext, RenderError, Renderer};
use crate::diag::Diagnostic;
use crate::pipeline::Site;
use crate::write::Stage;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tools::{Tools, ToolsError};

/// The template the theme must have; it reads `report.json` from its own folder.
pub(crate) const MAIN: &str = "report.typ";
/// The data file next to it.
pub(crate) const DATA: &str = "report.json";

/// Settings of the PDF run.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// The build timestamp (`--creation-timestamp`).
    pub epoch: i64,
    pub progress: bool,
    /// `--pdf-standard` (`a-2b` …), from the site config.
    pub standard: Option<String>,
    /// Time and memory limits of each typst process (from the site config).
    pub limits: limits::Limits,
}

/// Why PDFs could not be made (every failed report named).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// typst or the fonts are missing or not the pinned versions.
    #[error(transparent)]
    Tools(#[from] ToolsError),
    #[error(transparent)]
    Fonts(#[from] fonts::FontError),
    /// The theme's Typst files cannot be used.
    #[error("{0}")]
    Template(String),
    /// Some reports could not be typeset; the others were.
    #[error(
        "{total} 份报告中有 {} 份的 PDF 未能生成（{} of {total} PDFs failed）:\n{}",
        .failures.len(),
        .failures.len(),
        .failures.join("\n")
    )]
    Reports {
        total: usize,
        /// One message per failed report, in report order, starting with its source path.
        failures: Vec<String>,
    },
}

impl PdfError {
    /// Every PDF failure is exit code 1: the build could not publish (a missing tool names the
    /// command that installs it).
    pub(crate) fn exit_code(&self) -> u8 {
        1
    }
}

/// The PDF renderer: finds the pinned tools in [`Renderer::prepare`], before any output is written.
/// The reports that fail are gathered over the batches and named together at the end.
#[derive(Default)]
pub(crate) struct Pdf {
    tools: Option<Tools>,
    /// Reports typeset (or taken from the cache) so far, and the messages of those that failed.
    failed: Mutex<(usize, Vec<String>)>,
    /// The progress bar over every batch (on a terminal).
    bar: std::sync::OnceLock<Option<indicatif::ProgressBar>>,
}

/// What a build lends the PDF runs of its batches: its cache (PDFs whose inputs are unchanged) and
/// its progress bar.
#[derive(Clone, Copy, Default)]
pub(crate) struct Shared<'a> {
    pub cache: Option<&'a cache::PdfCache>,
    pub bar: Option<&'a indicatif::ProgressBar>,
}

/// `PDF ━━━━━━ 120/1000 <slug>`.
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len as u64);
    b.set_style(
        indicatif::ProgressStyle::with_template("PDF {bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

impl Pdf {
    /// The build's PDF bar (on a terminal), over every report whose PDF this build writes.
    fn bar(&self, ctx: &RenderContext<'_>) -> &Option<indicatif::ProgressBar> {
        self.bar.get_or_init(|| {
            let n = ctx.part.reports(ctx.site.facts.len()).len();
            ctx.progress.then(|| progress_bar(n))
        })
    }
}

impl Renderer for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn prepare(&mut self, site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        if !site.facts.is_empty() {
            self.tools = Some(check_tools(site)?);
        }
        Ok(())
    }
    fn render_reports(
        &self,
        ctx: &RenderContext<'_>,
        batch: &Batch<'_>,
    ) -> Result<(), RenderError> {
        let jobs: Vec<PdfJob<'_>> = batch
            .iter()
            .filter(|(i, _)| ctx.writes_report(*i))
            .map(|(_, view)| PdfJob {
                view,
                source_text: view.entry.map(|e| e.text.as_str()),
            })
            .collect();
        if jobs.is_empty() {
            return Ok(());
        }
        let tools = match &self.tools {
            Some(t) => t.clone(),
            None => check_tools(ctx.site)?,
        };
        let opts = PdfOptions {
            epoch: ctx.epoch,
            progress: ctx.progress,
            standard: ctx.site.config.pdf_standard.clone(),
            limits: limits::Limits::of(&ctx.site.config),
        };
        let info = SiteInfo::of(ctx.site);
        let cache = ctx.cache.then(|| cache::PdfCache::for_site(&ctx.site.root));
        let bar = self.bar(ctx);
        let done = render_jobs_cached(
            &jobs,
            &info,
            ctx.theme,
            &tools,
            ctx.stage,
            &opts,
            Shared {
                cache: cache.as_ref(),
                bar: bar.as_ref(),
            },
        );
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        failed.0 += jobs.len();
        match done {
            Ok(()) => Ok(()),
            Err(PdfError::Reports { failures, .. }) => {
                failed.1.extend(failures);
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }
    fn render_site(
        &self,
        _ctx: &RenderContext<'_>,
        _listings: &[Listing],
    ) -> Result<(), RenderError> {
        if let Some(Some(b)) = self.bar.get() {
            b.finish_and_clear();
        }
        let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        let (total, failures) = std::mem::take(&mut *failed);
        if failures.is_empty() {
            return Ok(());
        }
        Err(PdfError::Reports { total, failures }.into())
    }
    fn checks_reports(&self) -> bool {
        true
    }
    /// A report whose PDF was kept from the previous build counts among the build's PDFs.
    fn kept(&self, ctx: &RenderContext<'_>, _i: usize, _: Option<&str>) -> Result<(), RenderError> {
        let bar = self.bar(ctx);
        if let Some(b) = bar {
            b.inc(1);
        }
        self.failed.lock().unwrap_or_else(|p| p.into_inner()).0 += 1;
        Ok(())
    }
    /// Every character of a report's PDF data that the pinned fonts cannot print (typst would draw
    /// an empty box), at its first place in the report file.
    fn check(&self, site: &Site, batch: &Batch<'_>) -> Vec<(usize, Diagnostic)> {
        let info = SiteInfo::of(site);
        let coverage = coverage::Coverage::pinned();
        use rayon::prelude::*;
        let missing: Vec<BTreeSet<char>> = batch
            .par_iter()
            .map(|(_, view)| {
                let mut missing = BTreeSet::new();
                // A view that cannot be serialised fails its PDF at build time, named there.
                if let Ok(v) = report_json(view, &info) {
                    unprinted(&v, coverage, &mut missing);
                }
                missing
            })
            .collect();
        let mut out = Vec::new();
        for ((i, view), missing) in batch.iter().zip(missing) {
            let text = view.entry.map_or("", |e| e.text.as_str());
            for c in missing {
                let span = text
                    .char_indices()
                    .find(|&(_, x)| x == c)
                    .map(|(at, _)| crate::load::yaml::Span::new(at, at + c.len_utf8()));
                out.push((
                    *i,
                    Diagnostic::error(
                        "no-glyph",
                        span,
                        format!(
                            "字符{}没有任何固定字体支持，PDF 中会显示为空框",
                            describe(c)
                        ),
                        "no pinned font has this character; the PDF would print an empty box",
                    )
                    .with_hint("换成常用字符（表情符号、生僻字请用文字说明或改写），或删去它"),
                ));
            }
        }
        out
    }
}

/// One report to typeset.
#[derive(Clone, Debug)]
pub struct PdfJob<'a> {
    pub view: &'a ReportView<'a>,
    /// The report file's text, to give the line of a character no font has.
    pub source_text: Option<&'a str>,
}

/// What the template learns about the site.
#[derive(Clone, Debug)]
pub struct SiteInfo {
    pub name: String,
    pub show_findings: bool,
}

impl SiteInfo {
    pub fn of(site: &Site) -> SiteInfo {
        SiteInfo {
            name: site.config.name.clone(),
            show_findings: site.config.show_findings,
        }
    }
}

/// Checks that the pinned typst and fonts are there (call it early to fail before any other work).
pub(crate) fn check_tools(site: &Site) -> Result<Tools, PdfError> {
    Ok(tools::locate(&site.root, &tools::Lookup::from_env())?)
}

/// The data the template reads: the report view (its narrative the block tree, read when the report
/// was loaded), the site. An error (a view that does not serialise: a bug) fails that report, named.
pub fn report_json(view: &ReportView, site: &SiteInfo) -> Result<serde_json::Value, String> {
    let mut v = serde_json::to_value(view).map_err(|e| data_error(&e))?;
    if let Some(obj) = v.as_object_mut() {
        // The narrative's tree is Typst's alone (the HTML pages get it as HTML), after the view's
        // other fields as it always was.
        obj.insert(
            "narrative".into(),
            serde_json::to_value(view.narrative).map_err(|e| data_error(&e))?,
        );
        obj.insert(
            "site".into(),
            serde_json::json!({"name": site.name, "show_findings": site.show_findings}),
        );
    }
    Ok(v)
}

/// The template's data as the bytes typst reads (`report.json`).
fn report_bytes(v: &serde_json::Value) -> Result<Vec<u8>, String> {
    serde_json::to_vec_pretty(v).map_err(|e| data_error(&e))
}

fn data_error(e: &serde_json::Error) -> String {
    format!("报告数据不能写成 JSON（the report's data could not be serialised: {e}）")
}

/// Every character of every string value (not the keys) of the data.
fn json_chars(v: &serde_json::Value, out: &mut CharSet) {
    match v {
        serde_json::Value::String(s) => out.extend(s.chars()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_chars(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_chars(x, out)),
        _ => {}
    }
}

/// A set of characters that is cheap to fill with every character of a thousand reports: a bit
/// for each character of the Basic Multilingual Plane (8 KiB), an ordered set for the rest.
struct CharSet {
    bmp: Vec<u64>,
    astral: BTreeSet<char>,
}

impl CharSet {
    fn new() -> CharSet {
        CharSet {
            bmp: vec![0; 0x10000 / 64],
            astral: BTreeSet::new(),
        }
    }

    fn insert(&mut self, c: char) {
        let cp = c as usize;
        match self.bmp.get_mut(cp / 64) {
            Some(word) => *word |= 1 << (cp % 64),
            None => {
                self.astral.insert(c);
            }
        }
    }

    fn union(mut self, other: CharSet) -> CharSet {
        for (a, b) in self.bmp.iter_mut().zip(other.bmp) {
            *a |= b;
        }
        self.astral.extend(other.astral);
        self
    }

    /// The characters in order.
    fn into_set(self) -> BTreeSet<char> {
        let bmp = self.bmp.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .filter_map(move |b| char::from_u32((w * 64 + b) as u32))
        });
        bmp.chain(self.astral).collect()
    }
}

impl Extend<char> for CharSet {
    fn extend<I: IntoIterator<Item = char>>(&mut self, chars: I) {
        chars.into_iter().for_each(|c| self.insert(c));
    }
}

/// Every character of the string values (not the keys) of the data that no pinned font prints.
/// ASCII is skipped unlooked (the pinned fonts have it all; `coverage` tests say so), the rest is
/// looked up: a report has ~10,000 characters, a set of all of them cost a third of `check`.
fn unprinted(v: &serde_json::Value, coverage: &coverage::Coverage, out: &mut BTreeSet<char>) {
    match v {
        serde_json::Value::String(s) if !s.is_ascii() => {
            out.extend(s.chars().filter(|&c| !c.is_ascii() && !coverage.prints(c)))
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| unprinted(x, coverage, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| unprinted(x, coverage, out)),
        _ => {}
    }
}

/// `file:line` of the first line of `text` holding `c`.
fn line_of(text: &str, c: char) -> Option<usize> {
    text.lines().position(|l| l.contains(c)).map(|i| i + 1)
}

fn describe(c: char) -> String {
    format!("“{c}”（U+{:04X}）", c as u32)
}

/// The theme's Typst files, relative to the `typst/` folder, with their bytes.
fn theme_files(theme: &Theme) -> Result<Vec<(String, Vec<u8>)>, PdfError> {
    let mut out = Vec::new();
    for rel in theme.files("typst") {
        let Some(inner) = rel.strip_prefix("typst/") else {
            continue;
        };
        if inner == DATA {
            continue;
        }
        if let Some(bytes) = theme.get(&rel) {
            out.push((inner.to_string(), bytes.into_owned()));
        }
    }
    if !out.iter().any(|(p, _)| p == MAIN) {
        return Err(PdfError::Template(format!(
            "主题“{}”没有 typst/{MAIN}（the theme has no Typst template typst/{MAIN}）",
            theme.name
        )));
    }
    Ok(out)
}

/// Compiles the given reports into `stage` with the given tools, without the cache. Every failure
/// is collected; the error lists them all, in report order.
pub fn render_jobs(
    jobs: &[PdfJob<'_>],
    site: &SiteInfo,
    theme: &Theme,
    tools: &Tools,
    stage: &Stage,
    opts: &PdfOptions,
) -> Result<(), PdfError> {
    render_jobs_cached(jobs, site, theme, tools, stage, opts, Shared::default())
}

/// The template's characters no pinned font has, each at its first place in the theme.
fn check_template(files: &[(String, Vec<u8>)], missing: &BTreeSet<char>) -> Result<(), PdfError> {
    let template_missing: Vec<String> = missing
        .iter()
        .filter(|&&c| {
            files
                .iter()
                .any(|(rel, b)| rel.ends_with(".typ") && String::from_utf8_lossy(b).contains(c))
        })
        .map(|&c| {
            let place = files
                .iter()
                .filter(|(rel, _)| rel.ends_with(".typ"))
                .find_map(|(rel, b)| {
                    line_of(&String::from_utf8_lossy(b), c).map(|l| format!("typst/{rel}:{l}"))
                })
                .unwrap_or_else(|| "typst/".into());
            format!(
                "{place}: 模板中的字符{}没有任何固定字体支持（no pinned font has this character）",
                describe(c)
            )
        })
        .collect();
    if template_missing.is_empty() {
        return Ok(());
    }
    Err(PdfError::Template(format!(
        "PDF 模板不能排版（the Typst template cannot be typeset）:\n{}",
        template_missing.join("\n")
    )))
}

/// The message for a report with characters no pinned font has.
fn no_glyph_message(job: &PdfJob<'_>, bad: &[char]) -> String {
    bad.iter()
        .map(|&c| {
            let place = match job.source_text.and_then(|t| line_of(t, c)) {
                Some(l) => format!("{}:{l}", job.view.source),
                None => job.view.source.clone(),
            };
            format!(
                "{place}: 字符{}没有任何固定字体支持，PDF 中会显示为空框（no pinned font has this character; it would print as an empty box）",
                describe(c)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The characters of the data and the template that no pinned font has (remembered in the cache).
fn missing_chars(
    tools: &Tools,
    cache: Option<&cache::PdfCache>,
    all: &BTreeSet<char>,
) -> Result<BTreeSet<char>, PdfError> {
    // What this process has learnt of the fonts: a build asks once per batch of reports, and
    // the fonts are read only for the characters no earlier batch had.
    /// Per fonts folder: the characters found in its fonts, those found in none.
    type Learnt = (BTreeSet<char>, BTreeSet<char>);
    static KNOWN: Mutex<BTreeMap<String, Learnt>> = Mutex::new(BTreeMap::new());
    let id = cache::fonts_id(&tools.fonts);
    let memo = format!("{}\n{id}", tools.fonts.display());
    let (mut missing, unknown): (BTreeSet<char>, BTreeSet<char>) = {
        let known = KNOWN.lock().unwrap_or_else(|p| p.into_inner());
        let (covered, missing) = known.get(&memo).cloned().unwrap_or_default();
        let unknown = all
            .iter()
            .filter(|c| !covered.contains(c) && !missing.contains(c))
            .copied()
            .collect();
        (all.intersection(&missing).copied().collect(), unknown)
    };
    if unknown.is_empty() {
        return Ok(missing);
    }
    let found = match cache {
        Some(c) => c.uncovered(&id, &unknown, || fonts::uncovered(&tools.fonts, &unknown))?,
        None => fonts::uncovered(&tools.fonts, &unknown)?,
    };
    let mut known = KNOWN.lock().unwrap_or_else(|p| p.into_inner());
    let (covered, absent) = known.entry(memo).or_default();
    for &c in &unknown {
        if found.contains(&c) {
            absent.insert(c);
        } else {
            covered.insert(c);
        }
    }
    missing.extend(found);
    Ok(missing)
}

/// As [`render_jobs`], reusing the PDFs of `cache` whose inputs are unchanged and storing the new
/// ones (see [`cache`]); the bytes are the same either way.
pub(crate) fn render_jobs_cached(
    jobs: &[PdfJob<'_>],
    site: &SiteInfo,
    theme: &Theme,
    tools: &Tools,
    stage: &Stage,
    opts: &PdfOptions,
    shared: Shared<'_>,
) -> Result<(), PdfError> {
    use rayon::prelude::*;
    if jobs.is_empty() {
        return Ok(());
    }
    let Shared {
        cache,
        bar: shared_bar,
    } = shared;
    let files = theme_files(theme)?;
    // Each report's data and the characters in it, in parallel.
    // Memory stays small per report: one pass over the reports keeps the union of their characters
    // and each one's cache key, not its data (made again for the few that are typeset).
    let keys =
        cache.map(|_| cache::KeyBase::new(&cache::Inputs::of(tools, &files, typst_flags(opts))));
    let json_of = |i: usize| report_json(jobs[i].view, site).and_then(|v| report_bytes(&v));
    let chars_of = |i: usize| {
        let mut set = CharSet::new();
        if let Ok(v) = report_json(jobs[i].view, site) {
            json_chars(&v, &mut set);
        }
        set.into_set()
    };
    type Keyed = Vec<(usize, Result<Option<cache::Key>, String>)>;
    type Pass = (CharSet, Keyed);
    let (mut all, mut keyed): Pass = (0..jobs.len())
        .into_par_iter()
        .fold(
            || (CharSet::new(), Vec::new()),
            |(mut all, mut keyed): Pass, i| {
                let key = report_json(jobs[i].view, site).and_then(|v| {
                    json_chars(&v, &mut all);
                    match &keys {
                        Some(k) => Ok(Some(k.key(&report_bytes(&v)?))),
                        None => Ok(None),
                    }
                });
                keyed.push((i, key));
                (all, keyed)
            },
        )
        .reduce(
            || (CharSet::new(), Vec::new()),
            |(a, mut ka), (b, kb)| {
                ka.extend(kb);
                (a.union(b), ka)
            },
        );
    keyed.sort_by_key(|(i, _)| *i);
    let mut failures: Vec<Option<String>> = vec![None; jobs.len()];
    let mut keyed: Vec<(usize, Option<cache::Key>)> = keyed
        .into_iter()
        .filter_map(|(i, key)| match key {
            Ok(key) => Some((i, key)),
            Err(e) => {
                failures[i] = Some(format!("{}: {e}", jobs[i].view.source));
                None
            }
        })
        .collect();
    keyed.sort_by_key(|(i, _)| *i);

    // Font coverage, for the template's own text and every report's data, in one pass over the fonts.
    for (rel, bytes) in &files {
        if rel.ends_with(".typ") {
            all.extend(String::from_utf8_lossy(bytes).chars());
        }
    }
    let missing = missing_chars(tools, cache, &all.into_set())?;
    check_template(&files, &missing)?;

    if !missing.is_empty() {
        let bad: Vec<Vec<char>> = (0..jobs.len())
            .into_par_iter()
            .map(|i| {
                chars_of(i)
                    .into_iter()
                    .filter(|c| missing.contains(c))
                    .collect()
            })
            .collect();
        for (i, bad) in bad.into_iter().enumerate() {
            if !bad.is_empty() {
                failures[i] = Some(no_glyph_message(&jobs[i], &bad));
            }
        }
        keyed.retain(|(i, _)| failures[*i].is_none());
    }

    // A PDF the previous build made from the same key, untouched since, is kept as it is; one
    // the cache has is copied; the others are typeset and stored.
    let looked: Vec<(usize, Option<cache::Key>, Result<bool, String>)> = keyed
        .into_par_iter()
        .map(|(i, key)| {
            let rel = format!("{}.pdf", jobs[i].view.slug);
            let done = match (cache, &key) {
                (Some(c), Some(k)) => match stage.keep_made(&rel, k.hex()) {
                    Ok(false) => match c.file(k) {
                        Some(pdf) => stage.copy_in(&rel, &pdf).map(|()| true),
                        None => Ok(false),
                    },
                    kept => kept,
                }
                .map_err(|e| e.to_string()),
                _ => Ok(false),
            };
            (i, key, done)
        })
        .collect();
    let mut compile_list: Vec<(usize, Option<cache::Key>)> = Vec::new();
    for (i, key, done) in looked {
        match done {
            Ok(true) => {}
            Ok(false) => compile_list.push((i, key)),
            Err(e) => failures[i] = Some(format!("{}: {e}", jobs[i].view.source)),
        }
    }

    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    // Bundles of reports per typst process where typst can (see [`bundle`]), one process a core,
    // within the memory the build may use ([`processes`]); else one report per process.
    let use_bundles = bundle::usable(&files, theme);
    let builtin = bundle::builtin(&files, theme);
    let share = use_bundles && builtin;
    let plan = processes::for_machine(compile_list.len(), use_bundles);
    let (workers, per) = (plan.workers, plan.per);
    if let (Some(mb), false) = (plan.limited_by, compile_list.is_empty()) {
        processes::say_once(mb, plan);
    }
    let typst_jobs = (cores / workers).max(1);
    // The reports whose every character the font subsets have are bundled apart from those that
    // need a full face (喆, 堃 …), so that their processes get the subsets alone ([`fonts::Faces`]).
    let template = files.iter().map(|(_, b)| b.as_slice());
    let mut split = 0;
    if use_bundles && fonts::faces_for(&tools.fonts, builtin, template) == fonts::Faces::Subsets {
        let light: Vec<bool> = compile_list
            .par_iter()
            .map(|(i, _)| {
                json_of(*i).is_ok_and(|json| {
                    fonts::faces_for(&tools.fonts, builtin, [json.as_slice()])
                        == fonts::Faces::Subsets
                })
            })
            .collect();
        let (first, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut compile_list)
            .into_iter()
            .zip(light)
            .partition(|(_, light)| *light);
        split = first.len();
        compile_list = first.into_iter().chain(rest).map(|(job, _)| job).collect();
    }
    let (light, full) = compile_list.split_at(split);
    let chunks: Vec<&[(usize, Option<cache::Key>)]> =
        light.chunks(per).chain(full.chunks(per)).collect();
    // The build's bar counts every report (those the cache has, and those that failed early, at
    // once); a bar of its own counts the PDFs typeset.
    let own = (shared_bar.is_none() && opts.progress && !compile_list.is_empty())
        .then(|| progress_bar(compile_list.len()));
    let bar = shared_bar.or(own.as_ref());
    if let Some(b) = shared_bar {
        b.inc((jobs.len() - compile_list.len()) as u64);
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    // Stores a made PDF: into the cache (a cache that cannot be written only costs time on the next
    // build) and the stage.
    let keep = |i: usize, key: &Option<cache::Key>, pdf: &[u8]| -> Result<(), String> {
        if let (Some(c), Some(key)) = (cache, key) {
            let _ = c.put(key, pdf);
        }
        stage
            .write(&format!("{}.pdf", jobs[i].view.slug), pdf)
            .map_err(|e| e.to_string())
    };
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(chunk) = chunks.get(k) else {
                        break;
                    };
                    if let Some(b) = &bar {
                        b.set_message(jobs[chunk[0].0].view.slug.clone());
                    }
                    let mut outcomes: Vec<(usize, Result<(), String>)> = Vec::new();
                    let bundled = use_bundles
                        .then(|| {
                            let owned: Result<Vec<Vec<u8>>, String> =
                                chunk.iter().map(|(i, _)| json_of(*i)).collect();
                            let owned = owned.ok()?;
                            let jsons: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
                            bundle::compile(&files, share, &jsons, tools, opts, typst_jobs).ok()
                        })
                        .flatten();
                    match bundled {
                        Some(pdfs) => {
                            for ((i, key), pdf) in chunk.iter().zip(pdfs) {
                                outcomes.push((*i, keep(*i, key, &pdf)));
                            }
                        }
                        // One process per report: also what a failed bundle falls back to, so
                        // that every failure is named with its own report.
                        None => {
                            for (i, key) in chunk.iter() {
                                let r = json_of(*i)
                                    .and_then(|json| {
                                        compile(&files, builtin, &json, tools, opts, typst_jobs)
                                    })
                                    .and_then(|pdf| keep(*i, key, &pdf));
                                outcomes.push((*i, r));
                            }
                        }
                    }
                    for (i, r) in outcomes {
                        if let Err(e) = r {
                            results
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .push((i, format!("{}: {e}", jobs[i].view.source)));
                        }
                    }
                    if let Some(b) = &bar {
                        b.inc(chunk.len() as u64);
                    }
                }
            });
        }
    });
    if let Some(b) = own {
        b.finish_and_clear();
    }
    for (i, e) in results.into_inner().unwrap_or_else(|p| p.into_inner()) {
        failures[i] = Some(e);
    }
    let failed: Vec<String> = failures.into_iter().flatten().collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(PdfError::Reports {
        total: jobs.len(),
        failures: failed,
    })
}

#[cfg(test)]
mod tests;
