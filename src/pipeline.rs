//! The pipeline, stage by stage (读取 → 建模 → 计分 → 展开 → 渲染 → 写出):
//!
//! ```text
//! content/**/*.md ─load─▶ Source ─model─▶ ReadReport ─score─▶ Scored ─expand─▶ Entry   (Site::load)
//! Site ─render::views─▶ ReportView (once) ─Renderer (html, pdf)─▶ Stage ─write─▶ build/  (build)
//! ```
//!
//! [`Site::load`] never stops at the first bad file: every problem of every file is collected, sorted
//! by file and line, in [`Site::errors`] (files that could not be processed) and in each
//! [`Entry::findings`] (what a processed report says that does not add up).

use crate::diag::{LineIndex, Problem, Severity};
use crate::load;
use crate::model::Report;
use crate::model::config::{self, CONFIG_FILE, SiteConfig, StatedMismatch};
use crate::model::entry::{self, ReadReport};
use crate::model::system::{self, System};
use crate::narrative::placeholders;
use crate::render::{self, RenderContext, Theme};
use crate::score::{self, Scored};
use crate::write::{self, Stage};
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
    /// The narrative Markdown with every placeholder replaced by its computed value.
    pub narrative: String,
    /// Findings of the scoring engine and placeholder expansion, placed.
    pub findings: Vec<Problem>,
}

/// A loaded site.
#[derive(Clone, Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub systems: Vec<System>,
    /// Reports that could be processed, sorted by source path.
    pub entries: Vec<Entry>,
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

impl Site {
    /// Loads, validates and scores every report of the site at `root`.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        let content = root.join("content");
        if !content.is_dir() {
            return Err(SiteError::NoContent(content));
        }
        let mut errors = Vec::new();
        let config = read_config(root, &mut errors);
        let systems = read_systems(root, &config, &mut errors);
        let files = load::walk(&content).map_err(|source| SiteError::Walk {
            path: content.clone(),
            source,
        })?;
        let reports = read_reports(root, &files, &systems, &mut errors);
        let scored = score::site::score_all(reports, &systems);
        let entries = scored.into_iter().map(|(r, s)| expand(r, s)).collect();
        errors.sort_by(|a, b| (&a.source, a.line, a.column).cmp(&(&b.source, b.line, b.column)));
        Ok(Site {
            root: root.to_path_buf(),
            config,
            systems,
            entries,
            errors,
        })
    }

    /// Any error at all: a file that could not be processed or an error-severity finding.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.findings().any(|f| f.severity == Severity::Error)
    }

    /// Any warning-severity finding (`--strict` refuses to pass or publish with one).
    pub fn has_warnings(&self) -> bool {
        self.findings().any(|f| f.severity == Severity::Warning)
    }

    fn findings(&self) -> impl Iterator<Item = &Problem> {
        self.entries.iter().flat_map(|e| &e.findings)
    }
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

/// load + model for every report file: what can be scored, and the problems of what cannot.
fn read_reports(
    root: &Path,
    files: &[PathBuf],
    systems: &[System],
    errors: &mut Vec<Problem>,
) -> Vec<ReadReport> {
    let mut out = Vec::new();
    for path in files {
        let rel = load::rel_path(root, path);
        let read = load::report(path, &rel)
            .map_err(|p| vec![*p])
            .and_then(|source| entry::read(source, systems));
        match read {
            Ok(r) => out.push(r),
            Err(ps) => errors.extend(ps),
        }
    }
    out
}

/// expand: the narrative's placeholders filled from the scores; every finding placed.
fn expand(read: ReadReport, scored: Scored) -> Entry {
    let ReadReport {
        report,
        system,
        text,
        extra,
    } = read;
    let mut found = scored.findings.clone();
    found.extend(extra);
    let narrative = placeholders::expand(&report, &scored, &mut found);
    found.sort_by_key(|d| d.span.map(|s| s.start));
    let idx = LineIndex::new(&text);
    let rel = report.source.as_str();
    let findings = found
        .iter()
        .map(|d| Problem::placed(d, rel, Some(&idx)))
        .collect();
    let slug = rel
        .strip_prefix("content/")
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .to_string();
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

/// What the build was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub pdf: bool,
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
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Write(_) => 2,
            BuildError::Render(e) => e.exit_code(),
            BuildError::StatedDiffers(_) => 1,
        }
    }
}

/// The finding codes of a figure the report states that differs from the one jixiao computes: a
/// score (row, sub-indicator, group, project), the total, a budget line's execution rate.
pub const STATED_DIFFERS: [&str; 3] = ["score-mismatch", "total-mismatch", "rate-mismatch"];

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
    if site.config.stated_mismatch == StatedMismatch::Refuse {
        let differ: Vec<String> = site
            .stated_differs()
            .map(|p| p.rendered.trim_end().to_string())
            .collect();
        if !differ.is_empty() {
            return Err(BuildError::StatedDiffers(differ));
        }
    }
    let out = write::check_out_dir(&site.root, out)?;
    let theme = Theme::for_site(site).map_err(render::RenderError::from)?;
    let mut renderers = render::renderers(opts.pdf);
    for r in renderers.iter_mut() {
        r.prepare(site, &theme)?;
    }
    let views = render::views(site);
    let stage = Stage::new(&out)?;
    let ctx = RenderContext {
        site,
        theme: &theme,
        views: &views,
        stage: &stage,
        epoch: source_epoch(&site.root),
        progress: opts.progress,
        with_pdf: opts.pdf,
    };
    for r in &renderers {
        r.render(&ctx)?;
    }
    stage.commit()?;
    Ok(())
}

/// The build's one timestamp: `SOURCE_DATE_EPOCH` when set, else the site's last git commit time,
/// else 0 (1970-01-01). Never the wall clock.
pub fn source_epoch(root: &Path) -> i64 {
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
