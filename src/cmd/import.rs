//! `jixiao import FILE.xlsx`: a 自评表 workbook → a report file in jixiao's format.
//!
//! The file is written only when it reads back: it is loaded, modelled and scored like any report
//! before it is put in place (atomically), so a workbook never leaves a half-written report behind.

use super::print_stdout;
use crate::diag::{Problem, Severity};
use crate::import::{self, Imported, Options, emit};
use crate::load;
use crate::model::config;
use crate::model::entry;
use crate::model::system::{self, System};
use crate::score;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `jixiao import` was asked to do.
pub struct Args {
    pub file: PathBuf,
    pub site: PathBuf,
    /// `--out PATH`, `-` for stdout.
    pub out: Option<PathBuf>,
    pub force: bool,
    pub opts: Options,
}

/// The built-in systems and the site's own (`systems:` in jixiao.yaml), as `check` would load them.
pub fn site_systems(root: &Path) -> (Vec<System>, Vec<Problem>) {
    let mut problems = Vec::new();
    let text = match load::site_file(root, config::CONFIG_FILE) {
        Ok(t) => t,
        Err(p) => {
            problems.push(*p);
            None
        }
    };
    let (cfg, ps) = config::read(text.as_deref());
    problems.extend(ps);
    let mut systems = system::builtin();
    for rel in &cfg.systems {
        let added = load::site_file(root, rel)
            .and_then(|text| system::add_site_system(&mut systems, rel, text.as_deref()));
        if let Err(p) = added {
            problems.push(*p);
        }
    }
    (systems, problems)
}

/// A file or folder name made of the text: path separators, control and reserved characters removed.
fn file_part(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_control() && !r#"/\:*?"<>|"#.contains(*c) && !c.is_whitespace())
        .collect();
    let cleaned = cleaned.trim_matches('.').to_string();
    if cleaned.is_empty() {
        "report".into()
    } else {
        cleaned.chars().take(40).collect()
    }
}

/// The folder under `content/` of the unit: one that already holds a report of it, else its name.
fn unit_dir(site: &Path, unit: &str) -> String {
    let content = site.join("content");
    let wanted = format!("unit: {}", emit::scalar(unit));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&content)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .map(|x| x.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        let holds = files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .any(|f| {
                std::fs::read_to_string(f).is_ok_and(|t| t.lines().any(|l| l.trim_end() == wanted))
            });
        if holds && let Some(name) = d.file_name() {
            return name.to_string_lossy().into_owned();
        }
    }
    file_part(unit)
}

/// `content/<unit>/<year>-部门整体支出绩效自评表.md` or `…/<year>-<项目名称>.md`: the names `jixiao new`
/// gives (the file name is the page's address, so in the unit's words).
pub(crate) fn default_path(site: &Path, r: &Imported) -> PathBuf {
    let name = match (r.kind, &r.project.name) {
        ("department", _) => format!("{}-部门整体支出绩效自评表.md", r.year),
        (_, Some(p)) => format!("{}-{}.md", r.year, file_part(p)),
        _ => format!("{}-项目支出绩效自评表.md", r.year),
    };
    site.join("content")
        .join(unit_dir(site, &r.unit))
        .join(name)
}

/// What `check` says about the written text, without touching the site: `(computed total, errors,
/// warnings)`, or the problems that keep it from being read at all.
pub(crate) fn verify(
    text: &str,
    systems: &[System],
) -> Result<(String, usize, usize), Vec<Problem>> {
    let dir = tempfile::tempdir().map_err(|e| vec![io_problem(&e)])?;
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).map_err(|e| vec![io_problem(&e)])?;
    let path = content.join("import.md");
    std::fs::write(&path, text).map_err(|e| vec![io_problem(&e)])?;
    let source = load::report(&path, "content/import.md")?;
    let read = entry::read(source, systems)?;
    let scored = score::score(&read.report, &systems[read.system]);
    let count = |s: Severity| scored.findings.iter().filter(|d| d.severity == s).count();
    Ok((
        scored.total.to_string(),
        count(Severity::Error),
        count(Severity::Warning),
    ))
}

fn io_problem(e: &std::io::Error) -> Problem {
    let d = crate::diag::Diagnostic::error(
        "io",
        None,
        "无法写入临时文件",
        format!("cannot write a temporary file: {e}"),
    );
    Problem::new(&d, "import", None)
}

/// Runs `jixiao import`.
pub fn run(args: &Args) -> ExitCode {
    let (systems, problems) = site_systems(&args.site);
    for p in &problems {
        eprintln!("{}", p.rendered);
    }
    let imported = match import::import(&args.file, &args.opts, &systems) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            if let Some(h) = e.hint() {
                eprintln!("提示（hint）：{h}");
            }
            eprintln!("未写入任何文件（nothing was written）。");
            return ExitCode::from(e.exit_code());
        }
    };
    let text = emit::report(&imported);
    let (total, errors, warnings) = match verify(&text, &systems) {
        Ok(v) => v,
        Err(ps) => {
            for p in &ps {
                eprintln!("{}", p.rendered);
            }
            eprintln!(
                "错误：导入的结果无法作为报告读取，未写入任何文件（the imported report does not read back; nothing was written）。"
            );
            return ExitCode::from(1);
        }
    };
    let stated = imported
        .stated_total
        .map_or_else(|| "—".into(), |t| crate::number::fixed(t, 2));
    let summary = format!(
        "工作表“{}”（{}，指标体系 {}）：表上总分 {stated}，按规则计算 {total}；{errors} 个错误、{warnings} 个警告（运行 jixiao check 查看）",
        imported.sheet,
        imported.form.zh(),
        imported.system
    );
    if args.out.as_deref() == Some(Path::new("-")) {
        print_stdout(&text);
        eprintln!("{summary}");
        return ExitCode::SUCCESS;
    }
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| default_path(&args.site, &imported));
    match write_new(&path, &text, args.force) {
        Ok(()) => {
            eprintln!("已导入 → {}\n{summary}", path.display());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, refusing to replace an
/// existing file unless `force`.
fn write_new(path: &Path, text: &str, force: bool) -> Result<(), String> {
    let shown = crate::diag::printable(&path.display().to_string());
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(format!(
            "{shown} 已存在，未覆盖（the file exists）；用 --force 覆盖，或用 --out 另选路径"
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| format!("无法在 {} 中写入：{e}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())
        .map_err(|e| format!("无法写入 {shown}：{e}"))?;
    // A report file like any other (the temporary file is created private).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    let kept = if force {
        tmp.persist(path).map(|_| ())
    } else {
        tmp.persist_noclobber(path).map(|_| ())
    };
    kept.map_err(|e| format!("无法写入 {shown}：{}", e.error))
}
