//! The pipeline, stage by stage (读取 → 建模 → 计分 → 展开 → 渲染 → 写出):
//!
//! ```text
//! content/**/*.md ─load─▶ Source ─model─▶ ReadReport ─score─▶ Scored ─expand─▶ Entry ─▶ Facts  (Site::load_with)
//! Site ─render::render_all─▶ Entry, ReportView (a batch at a time) ─Renderer (html, pdf)─▶ Stage ─write─▶ build/  (build)
//! ```
//!
//! [`Site::load_with`] never stops at the first bad file: every problem of every file is collected,
//! sorted by file and line, in [`Site::errors`] (files that could not be processed) and in each
//! report's [`Facts::findings`] (what a processed report says that does not add up). A build keeps
//! only the facts of each report and makes its [`Entry`] again, a batch at a time, to render it
//! ([`Site::entries_of`]) — unless its reports' files come to at most [`Load::keep`] bytes, when it
//! keeps the entries from the check; `check` and the preview hold the entries ([`Load::hold`]).

use crate::diag::{LineIndex, Problem, Severity};
use crate::load;
use crate::model::config::{self, CONFIG_FILE, SiteConfig, StatedMismatch};
use crate::model::entry::{self, ReadReport};
use crate::model::system::{self, System};
use crate::model::{Report, ReportKind};
use crate::narrative::{Narrative, placeholders};
use crate::render::{self, RenderContext, Theme};
use crate::score::{self, Scored};
use crate::write::{self, Stage};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One report, fully processed.
#[derive(Clone, Debug)]
pub struct Entry {
    pub report: Report,
    pub scored: Scored,
    /// Index into `Site::systems`.
    pub system: usize,
    /// The file's text (spans are offsets into it).
    pub text: String,
    /// Output path stem relative to the output root, `/`-separated, no extension
    /// (`guangzhou-gxj/2023-report` for `content/guangzhou-gxj/2023-report.md`).
    pub slug: String,
    /// The narrative as a block tree, read once when the report was loaded, with every placeholder
    /// replaced by its computed value and every link and image resolved.
    pub narrative: Narrative,
    /// Findings of the scoring engine and placeholder expansion, placed.
    pub findings: Vec<Problem>,
}

/// What the site as a whole needs of one report — what orders and places it, what other reports
/// take from it, the files it links to, its findings — a few hundred bytes, kept for every report
/// of the site. The rest of the report (its [`Entry`]) is made again from its file, a batch at a
/// time, when its pages are rendered (see [`Site::entries_of`]).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Facts {
    /// The report file (`content/…md`).
    pub source: String,
    /// Output path stem (see [`Entry::slug`]).
    pub slug: String,
    pub unit: String,
    pub year: i32,
    pub kind: ReportKind,
    /// 项目名称 (project reports that give one).
    pub project: Option<String>,
    pub title: String,
    /// jixiao's total: what a department report citing this one takes.
    pub total: rust_decimal::Decimal,
    /// It takes project scores from other reports (and so cannot be cited itself).
    pub cites: bool,
    /// Where its unit is written (a duplicate report is named there).
    unit_span: crate::load::yaml::Span,
    /// The files its narrative links to or shows, in order.
    pub attachments: Vec<Attachment>,
    /// Every finding, placed and in file order: the same as its entry's.
    #[serde(with = "crate::write::memo::problems")]
    pub findings: Vec<Problem>,
    /// The SHA-256 of its text: the file read again for rendering must be the one checked, and a
    /// later build takes these facts from the memo only for this text.
    text_hash: [u8; 32],
}

/// A file a report's narrative links to or shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// Its path in the output (below the output root, as below `content/`).
    pub rel: String,
    /// The file.
    pub path: PathBuf,
    /// Where the report first writes its name.
    pub span: crate::load::yaml::Span,
}

impl Facts {
    /// What the site needs of `e`, as it is.
    pub fn of(e: &Entry) -> Facts {
        let r = &e.report;
        Facts {
            source: r.source.clone(),
            slug: e.slug.clone(),
            unit: r.unit.value.clone(),
            year: r.year.value,
            kind: r.kind,
            project: r
                .project
                .as_ref()
                .and_then(|p| p.name.as_ref())
                .map(|n| n.value.clone()),
            title: r.title.value.clone(),
            total: e.scored.total,
            cites: entry::cites(r),
            unit_span: r.unit.span,
            attachments: e
                .narrative
                .files()
                .into_iter()
                .map(|(rel, path)| {
                    let name = rel.rsplit('/').next().unwrap_or(rel);
                    Attachment {
                        rel: rel.to_string(),
                        path: path.to_path_buf(),
                        span: first_place(&e.text, name),
                    }
                })
                .collect(),
            findings: e.findings.clone(),
            text_hash: text_hash(&e.text),
        }
    }
}

/// The first place `needle` is written in `text` (the start of the file when it is not).
fn first_place(text: &str, needle: &str) -> crate::load::yaml::Span {
    use crate::load::yaml::Span;
    match text.find(needle).filter(|_| !needle.is_empty()) {
        Some(at) => Span::new(at, at + needle.len()),
        None => Span::new(0, 0),
    }
}

fn text_hash(text: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).into()
}

/// A loaded site.
#[derive(Clone, Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub systems: Vec<System>,
    /// What the site needs of each report that could be processed, sorted by source path.
    pub facts: Vec<Facts>,
    /// The reports themselves, as `facts`, when the site was loaded to hold them ([`Site::load`],
    /// [`Load::hold`]); empty when a build makes them again a batch at a time.
    pub entries: Vec<Entry>,
    /// In a build, the entries kept from the check for the render ([`Load::keep`]), by index into
    /// `facts`; the others (`None`: taken from the memo, or none kept) are made again from their
    /// files.
    pub kept: Vec<Option<Entry>>,
    /// Errors that kept a file (or the config) from being processed, sorted by file and line.
    pub errors: Vec<Problem>,
}

/// Trouble that is not about content: the site folder cannot be read at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(
        "找不到内容目录 {}（content directory not found）；请在站点根目录运行，或给出站点路径",
        .0.display()
    )]
    NoContent(PathBuf),
    #[error("无法遍历 {}：{source}（cannot walk content）", .path.display())]
    Walk {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How a site is loaded.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    /// Keep every report's [`Entry`] (`check`, `serve`, `export`, tests); a build keeps only each
    /// one's [`Facts`], so that its memory does not grow with the reports' text, model and scores.
    pub hold: bool,
    /// Without `hold`: a build keeps every report's entry from the check for the render, instead
    /// of making it again from its file, when the reports' files come to at most this many bytes
    /// together ([`keep_budget`]); 0 for never.
    pub keep: usize,
    /// Also find what the renderers of a build would refuse ([`Renderer::check`]), with PDFs
    /// (`Some(true)`) or without: added to each report's findings, so that `check` finds it before
    /// `build` and `build` refuses before writing anything.
    pub outputs: Option<bool>,
}

/// Up to how many bytes of report files a build without PDFs keeps the reports' entries from the
/// check for the render ([`Load::keep`]): `JIXIAO_KEEP_MB` (0 for never), by default 32 MB —
/// about 1,200 reports of the usual size, an entry taking about five times its text in memory
/// (about 150 MB more at 1,000 reports). Making the entries again is a fifth of a build without
/// PDFs; with PDFs it is nothing beside typst, and the memory is left to typst.
pub fn keep_budget() -> usize {
    std::env::var("JIXIAO_KEEP_MB")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(KEEP_MB)
        .saturating_mul(1 << 20)
}

const KEEP_MB: usize = 32;

/// A report file changed (or went) between the check and the rendering of its pages.
#[derive(Debug, thiserror::Error)]
#[error("{file} 在生成过程中被修改或删除（the file changed while the site was built）：请重新生成")]
pub struct Changed {
    pub file: String,
}

impl Site {
    /// Loads, validates and scores every report of the site at `root`, holding them all.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        Site::load_with(
            root,
            Load {
                hold: true,
                keep: 0,
                outputs: None,
            },
        )
    }

    /// Loads, validates and scores every report of the site at `root` a batch at a time: the
    /// reports that stand alone, then those that take project scores from others (with the
    /// totals of the first), then what is about the site as a whole (duplicates, output paths,
    /// attachments). Each report's findings are final when this returns.
    pub fn load_with(root: &Path, how: Load) -> Result<Site, SiteError> {
        Site::load_memo(root, how, None, None)
    }

    /// As [`Site::load_with`]; a report whose file has the bytes it had when `previous` noted it
    /// (and that cites no other report) takes its facts from there instead of being read, unless
    /// the site is loaded to hold its reports. `next` notes every report's facts for the next build.
    pub(crate) fn load_memo(
        root: &Path,
        how: Load,
        previous: Option<&mut write::memo::Memo>,
        next: Option<&mut write::memo::Notes>,
    ) -> Result<Site, SiteError> {
        let mut previous = previous.filter(|_| !how.hold);
        let content = root.join("content");
        if !content.is_dir() {
            return Err(SiteError::NoContent(content));
        }
        let mut errors = Vec::new();
        let config = read_config(root, &mut errors);
        let systems = read_systems(root, &config, &mut errors);
        let walk = load::walk(&content).map_err(|source| SiteError::Walk {
            path: content.clone(),
            source,
        })?;
        for (path, e) in &walk.unreadable {
            errors.push(load::unreadable(&load::rel_path(root, path), e));
        }
        // In the order of their source paths, which is the site's file order.
        let mut files: Vec<(String, PathBuf)> = walk
            .files
            .into_iter()
            .map(|p| (load::rel_path(root, &p), p))
            .collect();
        files.sort();
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            systems,
            facts: Vec::new(),
            entries: Vec::new(),
            kept: Vec::new(),
            errors,
        };
        let renderers = how.outputs.map(render::renderers).unwrap_or_default();
        // A build keeps the entries from the check for the render when the reports' files come
        // to at most `how.keep` bytes together, else none: a site a little larger than that would
        // hold the most memory for little time (at 5,000 reports, keeping the first 1,200 doubled
        // the peak and saved nothing measurable).
        let keep = how.hold || {
            let mut total: u64 = 0;
            how.keep > 0
                && files.iter().all(|(_, p)| {
                    let len = std::fs::metadata(p).map_or(u64::MAX, |m| m.len());
                    total = total.saturating_add(len);
                    total <= how.keep as u64
                })
        };
        let mut done: Vec<Option<(Facts, Option<Entry>)>> = Vec::new();
        done.resize_with(files.len(), || None);
        // First the reports that stand alone; then those citing them.
        let mut later = Vec::new();
        for chunk in (0..files.len())
            .collect::<Vec<_>>()
            .chunks(render::batch_size())
        {
            // Each file read once: one whose text is the text the memo's facts were learnt from
            // takes them, the others are modelled.
            let known = previous.as_deref();
            let read: Vec<(usize, Result<Read, Vec<Problem>>)> = chunk
                .par_iter()
                .map(|&i| {
                    let (rel, path) = &files[i];
                    let read = load::read_placed(path, rel).and_then(|file| {
                        let memoed = known
                            .and_then(|m| m.facts(rel))
                            .is_some_and(|f| !f.cites && f.text_hash == text_hash(&file.text));
                        if memoed {
                            return Ok(Read::Known(file));
                        }
                        let source = load::report_of(file)?;
                        entry::read(source, &site.systems).map(|r| Read::Report(Box::new(r)))
                    });
                    (i, read)
                })
                .collect();
            let mut now = Vec::with_capacity(chunk.len());
            for (i, r) in read {
                let r = match r {
                    Ok(Read::Known(file)) => {
                        match previous
                            .as_deref_mut()
                            .and_then(|m| m.take_facts(&file.rel))
                        {
                            Some(f) => {
                                done[i] = Some((f, None));
                                continue;
                            }
                            None => load::report_of(file)
                                .and_then(|source| entry::read(source, &site.systems)),
                        }
                    }
                    Ok(Read::Report(r)) => Ok(*r),
                    Err(ps) => Err(ps),
                };
                match r {
                    Ok(r) if r.has_references() => later.push(i),
                    Ok(r) => now.push((i, r)),
                    Err(ps) => site.errors.extend(ps),
                }
            }
            for (i, f, e) in site.finish(now, &|_| None, &renderers, keep) {
                done[i] = Some((f, e));
            }
        }
        if !later.is_empty() {
            let totals = cited_totals(done.iter().flatten().map(|(f, _)| f));
            let cited = |s: &str| totals.get(s).copied();
            let mut more = Vec::new();
            for chunk in later.chunks(render::batch_size()) {
                let mut now = Vec::with_capacity(chunk.len());
                for (i, r) in read_reports(&files, chunk, &site.systems) {
                    match r {
                        Ok(r) => now.push((i, r)),
                        Err(ps) => site.errors.extend(ps),
                    }
                }
                more.extend(site.finish(now, &cited, &renderers, keep));
            }
            drop(totals);
            for (i, f, e) in more {
                done[i] = Some((f, e));
            }
        }
        if let Some(next) = next {
            let facts: Vec<&Facts> = done.iter().flatten().map(|(f, _)| f).collect();
            next.note_all(&facts);
        }
        let (facts, entries): (Vec<Facts>, Vec<Option<Entry>>) = done.into_iter().flatten().unzip();
        site.facts = facts;
        if how.hold {
            site.entries = entries.into_iter().flatten().collect();
        } else if keep {
            site.kept = entries;
        }
        site.site_findings(&renderers);
        site.errors
            .sort_by(|a, b| (&a.source, a.line, a.column).cmp(&(&b.source, b.line, b.column)));
        Ok(site)
    }

    /// Scores, expands and checks the reports `read` (file index, report): each one's facts, and
    /// its entry with `keep`.
    fn finish(
        &self,
        read: Vec<(usize, ReadReport)>,
        cited: &Cited<'_>,
        renderers: &[Box<dyn render::Renderer>],
        keep: bool,
    ) -> Vec<(usize, Facts, Option<Entry>)> {
        let mut entries: Vec<(usize, Entry)> = read
            .into_par_iter()
            .map(|(i, r)| (i, self.scored_entry(r, cited)))
            .collect();
        if renderers.iter().any(|r| r.checks_reports()) {
            let views: Vec<(usize, render::view::ReportView<'_>)> = entries
                .par_iter()
                .enumerate()
                .map(|(k, (_, e))| (k, render::view::ReportView::new(self, e)))
                .collect();
            let mut found: Vec<(usize, crate::diag::Diagnostic)> = Vec::new();
            for r in renderers {
                found.extend(r.check(self, &views));
            }
            drop(views);
            found.sort_by_key(|(k, _)| *k);
            for (k, d) in found {
                let e = &mut entries[k].1;
                let idx = LineIndex::new(&e.text);
                e.findings
                    .push(Problem::placed(&d, &e.report.source, Some(&idx)));
                e.findings.sort_by_key(|p| (p.line, p.column));
            }
        }
        entries
            .into_par_iter()
            .map(|(i, e)| (i, Facts::of(&e), keep.then_some(e)))
            .collect()
    }

    /// score + expand: the entry of a report read from its file, with `cited` the totals of the
    /// reports it takes project scores from. The same for the check and for a report made again
    /// to be rendered ([`Site::entries_of`]).
    fn scored_entry(&self, r: ReadReport, cited: &Cited<'_>) -> Entry {
        let (r, s) = score::site::score_one(r, &self.systems, cited);
        expand(r, s, self.config.archive)
    }

    /// The findings about the site as a whole, each at its report: the same report twice
    /// (`duplicate-report`), and what the renderers find about the site (two outputs on one path,
    /// attachments).
    fn site_findings(&mut self, renderers: &[Box<dyn render::Renderer>]) {
        let ids: Vec<_> = self
            .facts
            .iter()
            .map(|f| {
                let id =
                    score::site::identity(&f.unit, f.year, f.kind, f.project.as_deref(), &f.title);
                (id, f.source.as_str(), f.unit_span)
            })
            .collect();
        let mut found = score::site::duplicates(&ids);
        drop(ids);
        for r in renderers {
            found.extend(r.check_site(self));
        }
        // One report at a time, its findings in the order they were found.
        found.sort_by_key(|(i, _)| *i);
        for one in found.chunk_by(|a, b| a.0 == b.0) {
            self.place_late(one[0].0, one);
        }
    }

    /// Adds `found` to the findings of report `i`, placed in its text (read again when the site
    /// does not hold it) and sorted by place.
    fn place_late(&mut self, i: usize, found: &[(usize, crate::diag::Diagnostic)]) {
        let source = self.facts[i].source.clone();
        let read;
        let held = self
            .entries
            .get(i)
            .or(self.kept.get(i).and_then(Option::as_ref));
        let text = match held {
            Some(e) => Some(e.text.as_str()),
            None => {
                read = load::report(&self.root.join(&source), &source).ok();
                read.as_ref().map(|s| s.text.as_str())
            }
        };
        let idx = text.map(LineIndex::new);
        let placed: Vec<Problem> = found
            .iter()
            .map(|(_, d)| Problem::placed(d, &source, idx.as_ref()))
            .collect();
        let mut lists = vec![&mut self.facts[i].findings];
        if let Some(e) = self.entries.get_mut(i) {
            lists.push(&mut e.findings);
        }
        if let Some(Some(e)) = self.kept.get_mut(i) {
            lists.push(&mut e.findings);
        }
        for list in lists {
            list.extend(placed.iter().cloned());
            list.sort_by_key(|p| (p.line, p.column));
        }
    }

    /// The entries of the reports `indices` (into `facts`): the held or kept ones, or made again
    /// from their files, in parallel — with the findings the load found, including those about the site
    /// as a whole. A file that changed since it was loaded is refused.
    pub fn entries_of(
        &self,
        indices: &[usize],
    ) -> Result<Vec<std::borrow::Cow<'_, Entry>>, Changed> {
        use std::borrow::Cow;
        if self.entries.len() == self.facts.len() {
            return Ok(indices
                .iter()
                .map(|&i| Cow::Borrowed(&self.entries[i]))
                .collect());
        }
        let kept = |i: usize| matches!(self.kept.get(i), Some(Some(_)));
        let totals = if indices.iter().any(|&i| self.facts[i].cites && !kept(i)) {
            cited_totals(self.facts.iter())
        } else {
            Default::default()
        };
        let cited = |s: &str| totals.get(s).copied();
        indices
            .par_iter()
            .map(|&i| {
                if let Some(Some(e)) = self.kept.get(i) {
                    return Ok(Cow::Borrowed(e));
                }
                let f = &self.facts[i];
                let changed = || Changed {
                    file: f.source.clone(),
                };
                let source =
                    load::report(&self.root.join(&f.source), &f.source).map_err(|_| changed())?;
                if text_hash(&source.text) != f.text_hash {
                    return Err(changed());
                }
                let r = entry::read(source, &self.systems).map_err(|_| changed())?;
                let mut e = self.scored_entry(r, &cited);
                e.findings.clone_from(&f.findings);
                Ok(Cow::Owned(e))
            })
            .collect()
    }

    /// Any error at all: a file that could not be processed or an error-severity finding.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.findings().any(|f| f.severity == Severity::Error)
    }

    /// Any warning-severity finding (`--strict` refuses to pass or publish with one).
    pub(crate) fn has_warnings(&self) -> bool {
        self.findings().any(|f| f.severity == Severity::Warning)
    }

    /// Every finding of every report, in the site's file order.
    pub fn findings(&self) -> impl Iterator<Item = &Problem> {
        self.facts.iter().flat_map(|f| &f.findings)
    }

    /// Keeps only the reports `keep` says yes to (by source path).
    pub(crate) fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        if !self.kept.is_empty() {
            let mut kept = std::mem::take(&mut self.kept).into_iter();
            self.kept = self
                .facts
                .iter()
                .map(|f| (keep(&f.source), kept.next().flatten()))
                .filter_map(|(yes, e)| yes.then_some(e))
                .collect();
        }
        self.facts.retain(|f| keep(&f.source));
        self.entries.retain(|e| keep(&e.report.source));
    }
}

/// The site's config and its indicator systems (the built-in ones and its own), with the problems
/// of its `jixiao.yaml` and system files: what `jixiao new` and `jixiao systems` need of a site.
pub fn site_systems(root: &Path) -> (SiteConfig, Vec<System>, Vec<Problem>) {
    let mut errors = Vec::new();
    let config = read_config(root, &mut errors);
    let systems = read_systems(root, &config, &mut errors);
    (config, systems, errors)
}

/// load + model: `jixiao.yaml`, or the defaults when the site has none.
fn read_config(root: &Path, errors: &mut Vec<Problem>) -> SiteConfig {
    let text = match load::site_file(root, CONFIG_FILE) {
        Ok(t) => t,
        Err(p) => {
            errors.push(*p);
            return SiteConfig::default();
        }
    };
    let (config, problems) = config::read(text.as_deref());
    errors.extend(problems);
    config
}

/// load + model: the built-in systems and the site's own.
fn read_systems(root: &Path, config: &SiteConfig, errors: &mut Vec<Problem>) -> Vec<System> {
    let mut systems = system::builtin();
    for rel in &config.systems {
        let added = load::site_file(root, rel)
            .and_then(|text| system::add_site_system(&mut systems, rel, text.as_deref()));
        if let Err(p) = added {
            errors.push(*p);
        }
    }
    systems
}

/// A report file read for the first pass: its text is the one the memo knows, or its report.
enum Read {
    Known(load::SourceFile),
    Report(Box<ReadReport>),
}

/// The kind and computed total of a cited report, by its source path (see [`cited_totals`]).
type Cited<'a> = dyn Fn(&str) -> Option<(ReportKind, rust_decimal::Decimal)> + Sync + 'a;

/// The kind and computed total of every report of `facts` that cites no other, by source path:
/// what a report citing them takes.
fn cited_totals<'a>(
    facts: impl Iterator<Item = &'a Facts>,
) -> std::collections::HashMap<&'a str, (ReportKind, rust_decimal::Decimal)> {
    facts
        .filter(|f| !f.cites)
        .map(|f| (f.source.as_str(), (f.kind, f.total)))
        .collect()
}

/// load + model for the report files `chunk` (indices into `files`), in parallel: each one's
/// report, or the problems that keep it from being scored.
fn read_reports(
    files: &[(String, PathBuf)],
    chunk: &[usize],
    systems: &[System],
) -> Vec<(usize, Result<ReadReport, Vec<Problem>>)> {
    chunk
        .par_iter()
        .map(|&i| {
            let (rel, path) = &files[i];
            (
                i,
                load::report(path, rel).and_then(|source| entry::read(source, systems)),
            )
        })
        .collect()
}

/// expand: the narrative's placeholders filled from the scores; every finding placed. In an
/// `archive` site (forms transcribed as published), a deduction the form gives no reason for is the
/// form's finding, a warning, not an error that stops the build.
fn expand(read: ReadReport, scored: Scored, archive: bool) -> Entry {
    let ReadReport {
        report,
        system,
        text,
        narrative,
        extra,
    } = read;
    let mut found = scored.findings.clone();
    if archive {
        for d in &mut found {
            if d.code == score::codes::Code::DeductionNeedsReason.name() {
                d.severity = Severity::Warning;
            }
        }
    }
    found.extend(extra);
    let narrative = placeholders::expand(narrative, &scored, &mut found);
    found.sort_by_key(|d| d.span.map(|s| s.start));
    let findings = crate::diag::place_all(&found, &report.source, &LineIndex::new(&text));
    let rel = report.source.as_str();
    let slug = slug_of(rel);
    Entry {
        report,
        scored,
        system,
        text,
        slug,
        narrative,
        findings,
    }
}

/// The output path stem of a report: its path below `content/` without the `.md` (in any case).
pub(crate) fn slug_of(rel: &str) -> String {
    let rel = rel.strip_prefix("content/").unwrap_or(rel);
    match rel.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("md") => stem.to_string(),
        _ => rel.to_string(),
    }
}

/// What the build was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub pdf: bool,
    /// Also write each report's 自评表 as `<slug>.xlsx` and the site's `review.xlsx` (`--xlsx`).
    pub xlsx: bool,
    /// Index the report pages for the site's search box (Pagefind; `--no-search` turns it off).
    pub search: bool,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// Why a build failed, already in the user's terms. [`BuildError::exit_code`] says which exit code
/// it is (docs/errors.md): 2 for usage and IO, 1 for what the content or the theme must fix.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Write(#[from] write::WriteError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// `stated_mismatch: refuse` and some stated figures differ from the computed ones.
    #[error(
        "{} 处所填数字与核算结果不符，按站点设置 stated_mismatch: refuse 不予生成（stated figures differ from the computed ones）。改正数字或数据后再生成，或改用 stated_mismatch: note（照录所填数字并注明核算结果）：\n{}",
        .0.len(),
        .0.join("\n")
    )]
    StatedDiffers(Vec<String>),
}

impl BuildError {
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            BuildError::Write(_) => 2,
            BuildError::Render(e) => e.exit_code(),
            BuildError::StatedDiffers(_) => 1,
        }
    }
}

/// The finding codes of a figure the report states that differs from the one jixiao computes: a
/// score (row, sub-indicator, group, project), the total, a budget line's execution rate.
pub(crate) const STATED_DIFFERS: [&str; 3] = ["score-mismatch", "total-mismatch", "rate-mismatch"];

impl Site {
    /// Every finding of a stated figure that differs from the computed one, in report order.
    pub fn stated_differs(&self) -> impl Iterator<Item = &Problem> {
        self.findings().filter(|f| STATED_DIFFERS.contains(&f.code))
    }
}

/// Renders the whole site into `out` (render → write). The previous output stays untouched unless
/// the build completes; every renderer checks what it needs (templates, typst, fonts) before anything
/// is written.
pub fn build(site: &Site, out: &Path, opts: &BuildOptions) -> Result<(), BuildError> {
    build_cached(site, out, opts, false)
}

/// As [`build`]; with `cache`, PDFs whose inputs are unchanged come from the build cache
/// ([`render::pdf::cache`]) instead of typst — the same bytes either way.
pub(crate) fn build_cached(
    site: &Site,
    out: &Path,
    opts: &BuildOptions,
    cache: bool,
) -> Result<(), BuildError> {
    build_part(site, out, opts, cache, render::Part::All, Before::default()).map(|_| ())
}

/// Writes only the workbooks (`jixiao export --xlsx`): `<slug>.xlsx` per report and `review.xlsx`,
/// with the same staged output as a build.
pub fn export_xlsx(site: &Site, out: &Path, progress: bool) -> Result<(), BuildError> {
    let opts = BuildOptions {
        pdf: false,
        xlsx: true,
        search: false,
        progress,
    };
    let out = write::check_out_dir(&site.root, out)?;
    let renderers: Vec<Box<dyn render::Renderer>> = vec![Box::new(render::xlsx::Xlsx)];
    let stage = render_into(
        site,
        &out,
        &opts,
        false,
        render::Part::All,
        renderers,
        Before::default(),
    )?;
    stage.commit()?;
    Ok(())
}

/// What the last build into the output folder leaves the next to go on.
#[derive(Default)]
pub(crate) struct Before<'a> {
    /// What it made its files from (its record): a file made from the same key is kept.
    pub made: write::Made,
    /// The report memo: the reports whose files it made from the same inputs are kept without
    /// being read.
    pub memo: Option<&'a render::RenderMemo<'a>>,
}

/// The renderers a build of `part` runs: HTML and the data files always, PDF with `opts.pdf` (the
/// site's own pages need no PDF tools: they only link to the shards' PDFs), the workbooks with
/// `opts.xlsx`.
fn renderers_for(opts: &BuildOptions, part: &render::Part) -> Vec<Box<dyn render::Renderer>> {
    let mut renderers = render::renderers(opts.pdf && *part != render::Part::Site);
    if opts.xlsx {
        renderers.push(Box::new(render::xlsx::Xlsx));
    }
    renderers
}

/// As [`build_cached`], writing only `part` of the site (`build --shard K/N`: one shard's report
/// pages and PDFs; [`merge`] writes the rest). `before`: what the last build into `out` made its
/// files from (its record) and its report memo; returns what this one made them from, for the next.
pub(crate) fn build_part(
    site: &Site,
    out: &Path,
    opts: &BuildOptions,
    cache: bool,
    part: render::Part,
    before: Before<'_>,
) -> Result<std::collections::BTreeMap<String, String>, BuildError> {
    refuse_stated_differences(site)?;
    let out = write::check_out_dir(&site.root, out)?;
    // A shard's pages show the search box; `merge` indexes the assembled site.
    let search = search_tool(site, opts, part == render::Part::All)?;
    let renderers = renderers_for(opts, &part);
    let stage = render_into(site, &out, opts, cache, part, renderers, before)?;
    if let Some(s) = &search {
        s.index(&stage, &report_pages(site))
            .map_err(render::RenderError::from)?;
    }
    let made = stage.made();
    stage.commit()?;
    Ok(made)
}

/// The report pages of the site, in its order (what the search index reads).
fn report_pages(site: &Site) -> Vec<String> {
    site.facts
        .iter()
        .map(|f| format!("{}.html", f.slug))
        .collect()
}

/// Pagefind, located before anything is rendered, when this build indexes the site.
fn search_tool(
    site: &Site,
    opts: &BuildOptions,
    indexes: bool,
) -> Result<Option<render::search::Pagefind>, BuildError> {
    if !(opts.search && indexes) {
        return Ok(None);
    }
    let lookup = render::pdf::tools::Lookup::from_env();
    Ok(Some(
        render::search::locate(&site.root, &lookup).map_err(render::RenderError::from)?,
    ))
}

/// With `stated_mismatch: refuse`, a build refuses (nothing written) while any stated figure differs
/// from jixiao's, and lists them.
fn refuse_stated_differences(site: &Site) -> Result<(), BuildError> {
    if site.config.stated_mismatch == StatedMismatch::Refuse {
        let differ: Vec<String> = site
            .stated_differs()
            .map(|p| p.rendered.trim_end().to_string())
            .collect();
        if !differ.is_empty() {
            return Err(BuildError::StatedDiffers(differ));
        }
    }
    Ok(())
}

/// Renders `part` of the site into a new stage for `out` (not yet committed).
fn render_into(
    site: &Site,
    out: &Path,
    opts: &BuildOptions,
    cache: bool,
    part: render::Part,
    mut renderers: Vec<Box<dyn render::Renderer>>,
    before: Before<'_>,
) -> Result<Stage, BuildError> {
    let theme = Theme::for_site(site).map_err(render::RenderError::from)?;
    for r in renderers.iter_mut() {
        r.prepare(site, &theme)?;
    }
    let plan = render::html::Plan::of(site).map_err(render::RenderError::from)?;
    let stage = Stage::new(out)?.with_previous(before.made);
    let ctx = RenderContext {
        site,
        theme: &theme,
        plan: &plan,
        stage: &stage,
        epoch: source_epoch(&site.root),
        progress: opts.progress,
        with_pdf: opts.pdf,
        with_search: opts.search,
        cache,
        part,
        memo: before.memo,
    };
    if opts.progress {
        let names: Vec<&str> = renderers.iter().map(|r| r.name()).collect();
        eprintln!("正在生成 {}…（rendering）", names.join("、"));
    }
    render::render_all(&ctx, &renderers)?;
    Ok(stage)
}

/// `jixiao merge`: the pages about the whole site (index, units, static files, attachments) and
/// every file of the shards' outputs (`build --shard K/N` into each of `shards`), as one output —
/// byte for byte what one `build` makes. Every report's page (and PDF, with `opts.pdf`) must come
/// from a shard, and a file two shards both have must have the same bytes.
pub fn merge(
    site: &Site,
    out: &Path,
    opts: &BuildOptions,
    shards: &[PathBuf],
) -> Result<(), BuildError> {
    refuse_stated_differences(site)?;
    let out = write::check_out_dir(&site.root, out)?;
    let refused = |m: String| BuildError::Write(write::WriteError::Refused(m));
    // Output path → the shard file it comes from (read one at a time: the shards may be large).
    let mut seen: std::collections::BTreeMap<String, PathBuf> = Default::default();
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| {
            BuildError::Write(write::WriteError::Io {
                action: "无法读取",
                path: p.to_path_buf(),
                source,
            })
        })
    };
    for dir in shards {
        if !dir.join(write::MARKER).is_file() {
            return Err(refused(format!(
                "{} 不是 jixiao build --shard 的输出（not a shard's output: no {}）",
                dir.display(),
                write::MARKER
            )));
        }
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.map_err(|e| refused(format!("无法读取分片 {}：{e}", dir.display())))?;
            if !e.file_type().is_file() {
                continue;
            }
            let rel = load::rel_path(dir, e.path());
            if rel == write::MARKER {
                continue;
            }
            match seen.get(&rel) {
                Some(first) => {
                    if read(first)? != read(e.path())? {
                        return Err(refused(format!(
                            "分片中的 {rel} 内容不一致（two shards have different {rel}）：请用同一提交重新生成"
                        )));
                    }
                }
                None => {
                    seen.insert(rel, e.path().to_path_buf());
                }
            }
        }
    }
    let mut missing = Vec::new();
    for e in &site.facts {
        let want = render::report_files(&e.slug, opts.pdf, opts.xlsx);
        missing.extend(want.into_iter().filter(|w| !seen.contains_key(w)));
    }
    if !missing.is_empty() {
        return Err(refused(format!(
            "分片不全，缺少（the shards lack）：{}；请生成全部 N 个分片（build --shard K/N, K = 1…N）",
            missing.join("、")
        )));
    }
    let search = search_tool(site, opts, true)?;
    let part = render::Part::Site;
    let renderers = renderers_for(opts, &part);
    let stage = render_into(site, &out, opts, false, part, renderers, Before::default())?;
    for (rel, from) in &seen {
        if stage.path(rel)?.exists() {
            return Err(refused(format!(
                "分片中的 {rel} 与站点页面同名（a shard's file collides with a site page）"
            )));
        }
        stage.write(rel, &read(from)?)?;
    }
    if let Some(s) = &search {
        s.index(&stage, &report_pages(site))
            .map_err(render::RenderError::from)?;
    }
    stage.commit()?;
    Ok(())
}

/// This jixiao, as what it makes depends on it: its version, and its executable's path, size and
/// time. `None` when the executable cannot be found.
pub(crate) fn this_jixiao() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let (size, mtime) = render::pdf::cache::file_stamp(&exe);
    Some(format!(
        "{} {} {size} {mtime}",
        env!("CARGO_PKG_VERSION"),
        exe.display()
    ))
}

/// The fingerprint of everything a build with `opts` (and `extra`: the flags that are not
/// options, such as a shard) reads: this jixiao (its version, and the executable's size and time),
/// the options, the build's timestamp, the environment that changes the output, the tools (as the
/// build locates them, by path, size and time, with the fonts' id) and the site's files
/// ([`load::fingerprint`]). `None` when any of it cannot be known: then the build runs.
pub(crate) fn inputs_fingerprint(root: &Path, opts: &BuildOptions, extra: &str) -> Option<String> {
    fingerprint_of(root, opts, extra, true)
}

/// As [`inputs_fingerprint`] without the files of `content/`: what every report's files are made
/// from besides the reports (the report memo's key, with the plan and each report's facts).
pub(crate) fn render_inputs(root: &Path, opts: &BuildOptions, extra: &str) -> Option<String> {
    fingerprint_of(root, opts, extra, false)
}

fn fingerprint_of(root: &Path, opts: &BuildOptions, extra: &str, content: bool) -> Option<String> {
    use crate::render::pdf::{cache, tools};
    let mut fp = load::fingerprint::Fingerprint::new();
    fp.field("jixiao", this_jixiao()?.as_bytes());
    fp.field(
        "options",
        format!(
            "pdf={} xlsx={} search={} {extra}",
            opts.pdf, opts.xlsx, opts.search
        )
        .as_bytes(),
    );
    fp.field("epoch", source_epoch(root).to_string().as_bytes());
    for var in ["JIXIAO_PDF_BUNDLE", "JIXIAO_SEARCH_BATCH"] {
        let value = std::env::var_os(var).unwrap_or_default();
        fp.field(var, value.as_encoded_bytes());
    }
    let lookup = tools::Lookup::from_env();
    if opts.pdf {
        let t = tools::locate(root, &lookup).ok()?;
        let (size, mtime) = cache::file_stamp(&t.typst);
        fp.field(
            "typst",
            format!("{} {size} {mtime}", t.typst.display()).as_bytes(),
        );
        fp.field("pins", tools::VERSIONS.as_bytes());
        fp.field("fonts", cache::fonts_id(&t.fonts).as_bytes());
    }
    if opts.search {
        let bin = render::search::locate(root, &lookup)
            .ok()?
            .binary()
            .to_path_buf();
        let (size, mtime) = cache::file_stamp(&bin);
        fp.field(
            "pagefind",
            format!("{} {size} {mtime}", bin.display()).as_bytes(),
        );
    }
    let text = load::site_file(root, CONFIG_FILE).ok()?;
    let (config, _) = config::read(text.as_deref());
    fp.site(root, &config.systems, content)?;
    Some(fp.finish())
}

/// The build's one timestamp: `SOURCE_DATE_EPOCH` when set, else the site's last git commit time,
/// else 0 (1970-01-01). Never the wall clock.
pub(crate) fn source_epoch(root: &Path) -> i64 {
    if let Some(v) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return v;
    }
    std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "-1", "--format=%ct"])
        .env("TZ", "UTC")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<i64>()
                .ok()
        })
        .unwrap_or(0)
}
