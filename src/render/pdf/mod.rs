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

use super::Theme;
pub mod coverage;
pub mod fonts;
pub mod limits;
pub mod tools;

use super::view::ReportView;
use super::{RenderContext, RenderError, Renderer};
use crate::diag::Diagnostic;
use crate::pipeline::Site;
use crate::write::Stage;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tools::{Tools, ToolsError};

/// The template the theme must have; it reads `report.json` from its own folder.
pub const MAIN: &str = "report.typ";
/// The data file next to it.
pub const DATA: &str = "report.json";

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
    pub fn exit_code(&self) -> u8 {
        1
    }
}

/// The PDF renderer: finds the pinned tools in [`Renderer::prepare`], before any output is written.
#[derive(Default)]
pub struct Pdf {
    tools: Option<Tools>,
}

impl Renderer for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn prepare(&mut self, site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        if !site.entries.is_empty() {
            self.tools = Some(check_tools(site)?);
        }
        Ok(())
    }
    fn render(&self, ctx: &RenderContext<'_>) -> Result<(), RenderError> {
        if ctx.views.is_empty() {
            return Ok(());
        }
        let tools = match &self.tools {
            Some(t) => t.clone(),
            None => check_tools(ctx.site)?,
        };
        let jobs: Vec<PdfJob<'_>> = ctx
            .views
            .iter()
            .zip(&ctx.site.entries)
            .map(|(view, e)| PdfJob {
                view,
                source_text: Some(&e.text),
            })
            .collect();
        let opts = PdfOptions {
            epoch: ctx.epoch,
            progress: ctx.progress,
            standard: ctx.site.config.pdf_standard.clone(),
            limits: limits::Limits::of(&ctx.site.config),
        };
        let info = SiteInfo::of(ctx.site);
        Ok(render_jobs(
            &jobs, &info, ctx.theme, &tools, ctx.stage, &opts,
        )?)
    }
    /// Every character of a report's PDF data that the pinned fonts cannot print (typst would draw
    /// an empty box), at its first place in the report file.
    fn check(&self, site: &Site, views: &[ReportView]) -> Vec<(usize, Diagnostic)> {
        let info = SiteInfo::of(site);
        let coverage = coverage::Coverage::pinned();
        let mut out = Vec::new();
        for (i, (view, entry)) in views.iter().zip(&site.entries).enumerate() {
            let mut chars = BTreeSet::new();
            json_chars(&report_json(view, &info), &mut chars);
            for c in chars.into_iter().filter(|&c| !coverage.prints(c)) {
                let span = entry
                    .text
                    .char_indices()
                    .find(|&(_, x)| x == c)
                    .map(|(at, _)| crate::load::yaml::Span::new(at, at + c.len_utf8()));
                out.push((
                    i,
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
    pub view: &'a ReportView,
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
pub fn check_tools(site: &Site) -> Result<Tools, PdfError> {
    Ok(tools::locate(&site.root, &tools::Lookup::from_env())?)
}

/// The data the template reads: the report view (its narrative the block tree, read when the report
/// was loaded), the site.
pub fn report_json(view: &ReportView, site: &SiteInfo) -> serde_json::Value {
    let mut v = serde_json::to_value(view).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "site".into(),
            serde_json::json!({"name": site.name, "show_findings": site.show_findings}),
        );
    }
    v
}

/// Every character of every string value (not the keys) of the data.
fn json_chars(v: &serde_json::Value, out: &mut BTreeSet<char>) {
    match v {
        serde_json::Value::String(s) => out.extend(s.chars()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_chars(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_chars(x, out)),
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

/// Compiles the given reports into `stage` with the given tools. Every failure is collected; the error
/// lists them all, in report order.
pub fn render_jobs(
    jobs: &[PdfJob<'_>],
    site: &SiteInfo,
    theme: &Theme,
    tools: &Tools,
    stage: &Stage,
    opts: &PdfOptions,
) -> Result<(), PdfError> {
    if jobs.is_empty() {
        return Ok(());
    }
    let files = theme_files(theme)?;
    let data: Vec<serde_json::Value> = jobs.iter().map(|j| report_json(j.view, site)).collect();

    // Font coverage, for the template's own text and every report's data, in one pass over the fonts.
    let mut report_chars: Vec<BTreeSet<char>> = Vec::with_capacity(jobs.len());
    let mut all = BTreeSet::new();
    for d in &data {
        let mut set = BTreeSet::new();
        json_chars(d, &mut set);
        all.extend(set.iter().copied());
        report_chars.push(set);
    }
    let mut template_chars = BTreeSet::new();
    for (rel, bytes) in &files {
        if rel.ends_with(".typ") {
            template_chars.extend(String::from_utf8_lossy(bytes).chars());
        }
    }
    all.extend(template_chars.iter().copied());
    let missing = fonts::uncovered(&tools.fonts, &all)?;
    let template_missing: Vec<String> = missing
        .iter()
        .filter(|c| template_chars.contains(c))
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
    if !template_missing.is_empty() {
        return Err(PdfError::Template(format!(
            "PDF 模板不能排版（the Typst template cannot be typeset）:\n{}",
            template_missing.join("\n")
        )));
    }

    let mut failures: Vec<Option<String>> = vec![None; jobs.len()];
    let mut todo = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let bad: Vec<char> = report_chars[i]
            .iter()
            .copied()
            .filter(|c| missing.contains(c))
            .collect();
        if bad.is_empty() {
            todo.push(i);
            continue;
        }
        let lines: Vec<String> = bad
            .iter()
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
            .collect();
        failures[i] = Some(lines.join("\n"));
    }

    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let workers = cores.min(todo.len()).max(1);
    let typst_jobs = (cores / workers).max(1);
    let bar = opts.progress.then(|| {
        let b = indicatif::ProgressBar::new(todo.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("PDF {bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = todo.get(k) else { break };
                    let view = &jobs[i].view;
                    if let Some(b) = &bar {
                        b.set_message(view.slug.clone());
                    }
                    let json = serde_json::to_vec_pretty(&data[i]).unwrap_or_default();
                    let outcome = compile(&files, &json, tools, opts, typst_jobs).and_then(|pdf| {
                        stage
                            .write(&format!("{}.pdf", view.slug), &pdf)
                            .map_err(|e| e.to_string())
                    });
                    if let Err(e) = outcome {
                        results
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push((i, format!("{}: {e}", view.source)));
                    }
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                }
            });
        }
    });
    if let Some(b) = bar {
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

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// Runs typst on one report in a fresh staging folder; returns the PDF's bytes or typst's message.
fn compile(
    files: &[(String, Vec<u8>)],
    json: &[u8],
    tools: &Tools,
    opts: &PdfOptions,
    jobs: usize,
) -> Result<Vec<u8>, String> {
    // Unpredictable name, mode 0700, removed on every way out (tempfile).
    let stage = tempfile::Builder::new()
        .prefix("jixiao-pdf-")
        .tempdir()
        .map_err(|e| format!("无法创建临时文件夹（cannot create a temporary folder）：{e}"))?;
    let dir = stage.path();
    for (rel, bytes) in files {
        write_file(dir, rel, bytes)?;
    }
    write_file(dir, DATA, json)?;
    let out = dir.join("out.pdf");
    let mut typst = Command::new(&tools.typst);
    typst
        .env_clear()
        .current_dir(dir)
        .arg("compile")
        .arg("--root")
        .arg(dir)
        .arg("--ignore-system-fonts")
        .arg("--ignore-embedded-fonts")
        .arg("--font-path")
        .arg(&tools.fonts)
        .args(["--diagnostic-format", "short"])
        .arg("--creation-timestamp")
        .arg(opts.epoch.max(0).to_string())
        .args(
            opts.standard
                .iter()
                .flat_map(|std| ["--pdf-standard", std.as_str()]),
        )
        .arg("--jobs")
        .arg(jobs.to_string())
        .arg(dir.join(MAIN))
        .arg(&out);
    let output = limits::output(typst, opts.limits).map_err(|e| match e {
        limits::Stopped::Spawn(e) => format!("无法运行 typst {}：{e}", tools.typst.display()),
        limits::Stopped::Timeout(t) => format!(
            "typst 排版超过 {} 秒，已停止（typst ran longer than the limit）\n  提示（hint）: 缩短正文或把大表格改为附件；确需更长时间时由站点管理员调高 jixiao.yaml 的 pdf_timeout_secs",
            t.as_secs()
        ),
    })?;
    let messages = typst_messages(&String::from_utf8_lossy(&output.stderr), dir);
    if !output.status.success() && limits::out_of_memory(&output) {
        return Err(format!(
            "typst 排版超过内存上限 {} MB，已停止（typst ran out of its memory limit）:\n{}\n  提示（hint）: 缩短正文或把大表格改为附件；确需更多内存时由站点管理员调高 jixiao.yaml 的 pdf_memory_mb",
            opts.limits.memory >> 20,
            indent(&messages)
        ));
    }
    if !output.status.success() {
        return Err(format!(
            "typst 排版失败（typst failed）:\n{}",
            indent(&messages)
        ));
    }
    if !messages.trim().is_empty() {
        // Warnings (an unknown font family, a missing glyph …) would mean a PDF other than intended.
        return Err(format!(
            "typst 警告（typst warned; fix the template）:\n{}",
            indent(&messages)
        ));
    }
    std::fs::read(&out).map_err(|e| format!("typst 没有写出 PDF（no PDF written）：{e}"))
}

/// typst's messages with the staging folder replaced by the theme folder the file came from: typst
/// names files relative to the root (`report.typ:3:7: error: …`) or, rarely, by absolute path.
fn typst_messages(stderr: &str, dir: &Path) -> String {
    let mut prefixes = vec![format!("{}/", dir.display())];
    if let Ok(c) = dir.canonicalize() {
        prefixes.push(format!("{}/", c.display()));
    }
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut l = l.to_string();
            for p in &prefixes {
                if let Some(rest) = l.strip_prefix(p.as_str()) {
                    l = rest.to_string();
                }
                l = l.replace(p.as_str(), "");
            }
            match l.split_once(':') {
                Some((file, rest))
                    if !file.is_empty() && !file.starts_with('/') && dir.join(file).is_file() =>
                {
                    format!("typst/{file}:{rest}")
                }
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests;
