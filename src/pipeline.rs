//! A site (站点): its config (`jixiao.yaml`), its indicator systems, and every report under
//! `content/`, loaded, validated, scored and with the narrative placeholders expanded.
//!
//! `Site::load` never stops at the first bad file: every problem of every file is collected, sorted
//! by file and line, in `Site::problems`.

use crate::diag::{self, Diagnostic, LineIndex, Severity};
use crate::load::{self, yaml};
use crate::model::system::{self, System};
use crate::model::{self, Body, Fields, Group, Reader, Report, ReportKind, Row, Sp};
use crate::narrative::{self, Narrative, placeholders as expand};
use crate::score::{self, Scored};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The site config file name, at the site root.
pub const CONFIG_FILE: &str = "jixiao.yaml";

/// 站点配置.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// 站点名称, shown in the header of every page.
    pub name: String,
    /// Theme folder name under `themes/` (the site's own `themes/` first, then jixiao's).
    pub theme: String,
    /// Where the site is published (used for canonical links only; all links are relative).
    pub base_path: String,
    /// Indicator system files the site adds, relative to the site root.
    pub systems: Vec<String>,
    /// Show findings on the published pages (draft mode). Findings always show in `check`.
    pub show_findings: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "预算绩效信息公开".into(),
            theme: "default".into(),
            base_path: "/".into(),
            systems: Vec::new(),
            show_findings: true,
        }
    }
}

/// A problem, placed: the file, line and column, ready for the terminal or JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub source: String,
    pub severity: Severity,
    pub code: &'static str,
    /// "中文（English）".
    pub message: String,
    pub hint: Option<String>,
    /// 1-based; a problem about a whole file (too large, unreadable) is placed at 1:1.
    pub line: usize,
    pub column: usize,
    /// A second place that explains this one (where a duplicate first appeared).
    pub related: Option<Place>,
    /// The rustc-style rendering with the offending line and a caret.
    #[serde(skip)]
    pub rendered: String,
}

/// A second place of a problem in the same file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub label: String,
}

impl Problem {
    pub fn new(d: &Diagnostic, source: &str, text: Option<&str>) -> Problem {
        Problem::placed(d, source, text.map(LineIndex::new).as_ref())
    }

    /// [`Problem::new`] with the file's line index built once for all its problems (a file with
    /// thousands of findings must not be scanned once per finding).
    pub fn placed(d: &Diagnostic, source: &str, idx: Option<&LineIndex<'_>>) -> Problem {
        let place = |span: yaml::Span| match idx {
            Some(idx) => {
                let lc = idx.line_col(span.start);
                (lc.line, lc.column)
            }
            None => (1, 1),
        };
        let (line, column) = d.span.map(place).unwrap_or((1, 1));
        Problem {
            source: source.to_string(),
            severity: d.severity,
            code: d.code,
            message: d.message(),
            hint: d.hint.clone(),
            line,
            column,
            related: d.related.as_ref().filter(|_| idx.is_some()).map(|r| {
                let (line, column) = place(r.span);
                Place {
                    line,
                    column,
                    label: r.label.clone(),
                }
            }),
            rendered: diag::render_at(d, source, idx),
        }
    }
}

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

/// Trouble that is not about content: the site folder cannot be read at all.
#[derive(Debug)]
pub struct SiteError(pub String);

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Site {
    /// Loads, validates and scores every report of the site at `root`.
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        let content = root.join("content");
        if !content.is_dir() {
            return Err(SiteError(format!(
                "找不到内容目录 {}（content directory not found）；请在站点根目录运行，或给出站点路径",
                content.display()
            )));
        }
        let mut errors = Vec::new();
        let config = load_config(root, &mut errors);
        let mut systems = system::builtin();
        for rel in &config.systems {
            load_system(root, rel, &mut systems, &mut errors);
        }
        let files = load::walk(&content).map_err(|e| {
            SiteError(format!(
                "无法遍历 {}：{e}（cannot walk content）",
                content.display()
            ))
        })?;
        let mut parsed = Vec::new();
        for path in files {
            let rel = rel_path(root, &path);
            if let Some(p) = load_entry(&path, &rel, &systems, &mut errors) {
                parsed.push(p);
            }
        }
        let entries = score_all(parsed, &systems);
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
        !self.errors.is_empty()
            || self
                .entries
                .iter()
                .any(|e| e.findings.iter().any(|f| f.severity == Severity::Error))
    }

    /// Any warning-severity finding (`--strict` refuses to pass or publish with one).
    pub fn has_warnings(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.findings.iter().any(|f| f.severity == Severity::Warning))
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_config(root: &Path, errors: &mut Vec<Problem>) -> SiteConfig {
    let path = root.join(CONFIG_FILE);
    let mut config = SiteConfig::default();
    let Ok(bytes) = std::fs::read(&path) else {
        return config;
    };
    let text = match load::decode(&bytes, CONFIG_FILE) {
        Ok(t) => t,
        Err(e) => {
            errors.push(Problem::new(&e.diag, CONFIG_FILE, e.text.as_deref()));
            return config;
        }
    };
    let tree = match yaml::parse(&text, 0) {
        Ok(t) => t,
        Err(e) => {
            errors.push(Problem::new(
                &load::yaml_diag(&e, &text, 0),
                CONFIG_FILE,
                Some(&text),
            ));
            return config;
        }
    };
    let mut diags = load::duplicate_keys(&tree);
    {
        let mut r = Reader { diags: &mut diags };
        if let Some(mut f) = r.fields(&tree, "站点配置", "site config") {
            read_config_fields(&mut r, &mut f, &mut config);
            r.finish(
                f,
                &["name", "theme", "base_path", "systems", "show_findings"],
                "站点配置",
            );
        }
    }
    errors.extend(
        diags
            .iter()
            .map(|d| Problem::new(d, CONFIG_FILE, Some(&text))),
    );
    config
}

fn read_config_fields(r: &mut Reader<'_>, f: &mut Fields<'_>, c: &mut SiteConfig) {
    if let Some(v) = r.opt_text(f, "name") {
        c.name = v.value;
    }
    if let Some(v) = r.opt_text(f, "theme") {
        if v.value.is_empty() || v.value.contains(['/', '\\']) || v.value.starts_with('.') {
            r.err(Diagnostic::error(
                "bad-theme",
                Some(v.span),
                "主题名只能是 themes/ 下的一个文件夹名",
                "theme must be a folder name",
            ));
        } else {
            c.theme = v.value;
        }
    }
    if let Some(v) = r.opt_text(f, "base_path") {
        c.base_path = v.value;
    }
    if let Some(n) = f.take("systems") {
        c.systems = r
            .list(n, "systems")
            .iter()
            .filter_map(|s| r.text(s))
            .map(|s| s.value)
            .collect();
    }
    if let Some(n) = f.take("show_findings") {
        match n.as_str() {
            Some("true" | "yes") => c.show_findings = true,
            Some("false" | "no") => c.show_findings = false,
            _ => r.err(Diagnostic::error(
                "wrong-type",
                Some(n.span),
                "show_findings 只能是 true 或 false",
                "expected true or false",
            )),
        }
    }
}

fn load_system(root: &Path, rel: &str, systems: &mut Vec<System>, errors: &mut Vec<Problem>) {
    let path = root.join(rel);
    let inside = path
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .is_some_and(|(p, r)| p.starts_with(r));
    let text = match std::fs::read(&path)
        .ok()
        .filter(|_| inside)
        .map(|b| load::decode(&b, rel))
    {
        Some(Ok(t)) => t,
        Some(Err(e)) => return errors.push(Problem::new(&e.diag, rel, e.text.as_deref())),
        None => {
            let d = Diagnostic::error(
                "missing-system",
                None,
                format!("找不到指标体系文件 {rel}（须在站点目录内）"),
                "indicator system file not found inside the site",
            )
            .with_hint("检查 jixiao.yaml 中 systems: 下的路径");
            return errors.push(Problem::new(&d, CONFIG_FILE, None));
        }
    };
    match system::parse(&text) {
        Ok(s) => {
            systems.retain(|x| x.id != s.id);
            systems.push(s);
        }
        Err(e) => {
            let d = Diagnostic::error(
                "bad-system",
                e.location()
                    .and_then(|l| l.span().byte_offset())
                    .map(|o| yaml::Span::new(o as usize, o as usize + 1)),
                "指标体系文件有误",
                e.to_string().lines().next().unwrap_or("").to_string(),
            );
            errors.push(Problem::new(&d, rel, Some(&text)));
        }
    }
}

fn load_entry(
    path: &Path,
    rel: &str,
    systems: &[System],
    errors: &mut Vec<Problem>,
) -> Option<Parsed> {
    let file = match load::read(path, rel) {
        Ok(f) => f,
        Err(e) => {
            errors.push(Problem::new(&e.diag, rel, e.text.as_deref()));
            return None;
        }
    };
    let text = file.text;
    let fail = |ds: &[Diagnostic], errors: &mut Vec<Problem>| {
        let idx = LineIndex::new(&text);
        errors.extend(ds.iter().map(|d| Problem::placed(d, rel, Some(&idx))));
    };
    let split = match load::split(&text) {
        Ok(s) => s,
        Err(d) => {
            fail(&[d], errors);
            return None;
        }
    };
    let tree = match load::parse_front(&text, &split) {
        Ok(t) => t,
        Err(d) => {
            fail(&[d], errors);
            return None;
        }
    };
    let body = Body {
        text: text[split.body_start..].to_string(),
        offset: split.body_start,
    };
    let mut diags = load::duplicate_keys(&tree);
    let report = model::read_report(&tree, rel, body, &mut diags);
    // The narrative, read once: images and attachments must resolve inside content/, links must be
    // web addresses or files, the nesting must stay within the limit.
    let narrative = report.as_ref().map(|r| {
        let mut root = path.to_path_buf();
        for _ in rel.split('/') {
            root.pop();
        }
        let content = root.join("content");
        let place = narrative::Place {
            content: &content,
            report_dir: path.parent().unwrap_or(&root),
        };
        let (draft, problems) = narrative::read(&r.body.text, r.body.offset, Some(&place));
        diags.extend(problems);
        draft
    });
    let sys_index = report.as_ref().and_then(|r| {
        let i = systems.iter().position(|s| s.id == r.system.value);
        if i.is_none() {
            let ids: Vec<&str> = systems.iter().map(|s| s.id.as_str()).collect();
            let mut d = Diagnostic::error(
                "unknown-system",
                Some(r.system.span),
                format!("未知的指标体系“{}”", diag::excerpt(&r.system.value)),
                "unknown indicator system",
            );
            d = match model::suggest(&r.system.value, &ids) {
                Some(s) => d.with_hint(format!("是否应为“{s}”？可用：{}", ids.join(", "))),
                None => d.with_hint(format!("可用（available）: {}", ids.join(", "))),
            };
            diags.push(d);
        } else if let Some(i) = i
            && systems[i].kind != r.kind
        {
            diags.push(Diagnostic::error(
                "system-kind-mismatch",
                Some(r.system.span),
                format!(
                    "指标体系“{}”用于{}，与报告类型{}不符",
                    systems[i].id,
                    systems[i].kind.zh(),
                    r.kind.zh()
                ),
                "the indicator system is for another kind of report",
            ));
        }
        i
    });
    if !diags.is_empty() {
        diags.sort_by_key(|d| d.span.map(|s| s.start));
        fail(&diags, errors);
        return None;
    }
    Some(Parsed {
        report: report?,
        system: sys_index?,
        text,
        narrative: narrative?,
        extra: Vec::new(),
    })
}

/// A report read and validated, not yet scored.
struct Parsed {
    report: Report,
    system: usize,
    text: String,
    /// The narrative as read, placeholders not yet replaced.
    narrative: narrative::Draft,
    /// Problems found between reading and scoring (project references).
    extra: Vec<Diagnostic>,
}

impl Parsed {
    /// Takes project scores from other reports of the site (专项资金绩效完成情况 `report:`).
    fn has_references(&self) -> bool {
        fn rows(rs: &[Row]) -> bool {
            rs.iter()
                .any(|r| r.projects.iter().any(|p| p.report.is_some()))
        }
        fn groups(gs: &[Group]) -> bool {
            gs.iter().any(|g| groups(&g.groups) || rows(&g.rows))
        }
        groups(&self.report.groups)
    }
}

/// Scores every report: first those that stand alone, then those that take project scores from
/// other reports of the site, with each referenced report's computed total filled in.
fn score_all(parsed: Vec<Parsed>, systems: &[System]) -> Vec<Entry> {
    let (mut later, first): (Vec<Parsed>, Vec<Parsed>) =
        parsed.into_iter().partition(Parsed::has_references);
    let mut entries: Vec<Entry> = first
        .into_iter()
        .map(|p| finish_entry(p, systems))
        .collect();
    for p in &mut later {
        resolve_projects(p, &entries);
    }
    entries.extend(later.into_iter().map(|p| finish_entry(p, systems)));
    entries.sort_by(|a, b| a.report.source.cmp(&b.report.source));
    entries
}

/// Fills each `projects: - report: …` score from that report's computed total.
fn resolve_projects(p: &mut Parsed, done: &[Entry]) {
    let mut extra = Vec::new();
    let mut fill = |rows: &mut Vec<Row>| {
        for row in rows.iter_mut() {
            for ps in row.projects.iter_mut() {
                let Some(rep) = &ps.report else { continue };
                let wanted = rep.value.trim().trim_start_matches("./");
                let target = done.iter().find(|e| {
                    e.report.source == wanted || e.report.source == format!("content/{wanted}")
                });
                match target {
                    Some(e) if e.report.kind == ReportKind::Project => {
                        ps.score = Sp::new(e.scored.total, rep.span);
                        if let Some(st) = &ps.stated
                            && st.value != e.scored.total
                        {
                            extra.push(
                                Diagnostic::warning(
                                    "project-score-mismatch",
                                    Some(st.span),
                                    format!(
                                        "项目“{}”填报得分 {} 与其自评报告计算的总分 {} 不符",
                                        ps.name.value, st.value, e.scored.total
                                    ),
                                    format!(
                                        "stated {}, the project report computes {}",
                                        st.value, e.scored.total
                                    ),
                                )
                                .with_hint(format!("删去 score，或改为 {}", e.scored.total)),
                            );
                        }
                    }
                    found => {
                        let (zh, en) = match found {
                            Some(_) => (
                                format!("“{}”不是项目支出绩效自评报告", rep.value),
                                "the referenced report is not a project report",
                            ),
                            None => (
                                format!("找不到本站的项目自评报告“{}”", rep.value),
                                "no such project report in this site",
                            ),
                        };
                        extra.push(
                            Diagnostic::error("bad-project-report", Some(rep.span), zh, en)
                                .with_hint("写 content/ 下报告文件的路径，如 content/jiangmen-gxj/2023-project.md；被引用的报告自身不能再引用其他报告"),
                        );
                    }
                }
            }
        }
    };
    fn walk(gs: &mut [Group], f: &mut dyn FnMut(&mut Vec<Row>)) {
        for g in gs {
            walk(&mut g.groups, f);
            f(&mut g.rows);
        }
    }
    walk(&mut p.report.groups, &mut fill);
    p.extra.extend(extra);
}

fn finish_entry(p: Parsed, systems: &[System]) -> Entry {
    let Parsed {
        report,
        system: si,
        text,
        narrative,
        extra,
    } = p;
    let rel = report.source.clone();
    let rel = rel.as_str();
    let scored = score::score(&report, &systems[si]);
    let mut found = scored.findings.clone();
    found.extend(extra);
    let narrative = expand::expand(narrative, &scored, &mut found);
    found.sort_by_key(|d| d.span.map(|s| s.start));
    let idx = LineIndex::new(&text);
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
        system: si,
        text,
        slug,
        narrative,
        findings,
    }
}
