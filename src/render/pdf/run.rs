//! One typst run: the report's staging folder, the command (made in one place, [`typst_command`])
//! and typst's messages in the theme's terms.

use super::fonts::{Faces, SUBSET_DIR, faces_for};
use super::tools::Tools;
use super::{DATA, MAIN, PdfOptions, limits};
use std::path::Path;
use std::process::Command;

pub(super) fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
    }
    std::fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// The flags of a typst run that can change its output (the cache keys on them, see [`super::cache`]).
pub fn typst_flags(opts: &PdfOptions) -> Vec<String> {
    let mut out: Vec<String> = [
        "--ignore-system-fonts",
        "--ignore-embedded-fonts",
        "--diagnostic-format",
        "short",
        "--creation-timestamp",
    ]
    .map(String::from)
    .into();
    out.push(opts.epoch.max(0).to_string());
    if let Some(std) = &opts.standard {
        out.push("--pdf-standard".into());
        out.push(std.clone());
    }
    out
}

/// What one typst run makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// One PDF: `dir/report.typ` → `out`.
    Single,
    /// typst's (experimental) bundle export: `dir/bundle.typ` → the folder `out`
    /// (see [`super::bundle`]).
    Bundle,
}

/// The one place a typst command is made: `typst compile` of `dir/report.typ` (or `dir/bundle.typ`)
/// into `out`, with an empty environment, the pinned fonts (`faces`: all of them, only their
/// subsets or only the full faces, the theme told so by `--input jixiao-fonts=…`) and
/// [`typst_flags`].
pub(super) fn typst_command(
    tools: &Tools,
    dir: &Path,
    out: &Path,
    opts: &PdfOptions,
    jobs: usize,
    mode: Mode,
    faces: Faces,
) -> Command {
    let mut c = Command::new(&tools.typst);
    c.env_clear()
        .current_dir(dir)
        .arg("compile")
        .arg("--root")
        .arg(dir)
        .arg("--font-path");
    match faces {
        Faces::All => c.arg(&tools.fonts),
        Faces::Subsets => c
            .arg(tools.fonts.join(SUBSET_DIR))
            .args(["--input", "jixiao-fonts=subset"]),
        Faces::Full => c.arg(&tools.fonts).args(["--input", "jixiao-fonts=full"]),
    };
    c.args(typst_flags(opts))
        .arg("--jobs")
        .arg(jobs.to_string());
    match mode {
        Mode::Single => c.arg(dir.join(MAIN)),
        Mode::Bundle => c
            .args(["--features", "bundle", "--format", "bundle"])
            .arg(dir.join(super::bundle::MAIN)),
    };
    c.arg(out);
    c
}

/// Runs a typst command within the site's time and memory limits ([`limits`]): its output, or why
/// it could not run or was stopped, in the user's terms.
pub(super) fn run_limited(
    cmd: Command,
    tools: &Tools,
    opts: &PdfOptions,
) -> Result<std::process::Output, String> {
    limits::output(cmd, opts.limits).map_err(|e| match e {
        limits::Stopped::Spawn(e) => format!("无法运行 typst {}：{e}", tools.typst.display()),
        limits::Stopped::Timeout(t) => format!(
            "typst 排版超过 {} 秒，已停止（typst ran longer than the limit）\n  提示（hint）: 缩短正文或把大表格改为附件；确需更长时间时由站点管理员调高 jixiao.yaml 的 pdf_timeout_secs",
            t.as_secs()
        ),
    })
}

/// Runs typst on one report in a fresh staging folder (`builtin`: the theme's files are the built-in
/// ones, see [`faces_for`]); returns the PDF's bytes or typst's message.
pub(super) fn compile(
    files: &[(String, Vec<u8>)],
    builtin: bool,
    json: &[u8],
    tools: &Tools,
    opts: &PdfOptions,
    jobs: usize,
) -> Result<Vec<u8>, String> {
    let texts = files.iter().map(|(_, b)| b.as_slice());
    let faces = faces_for(&tools.fonts, builtin, texts.chain([json]));
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
    let output = run_limited(
        typst_command(tools, dir, &out, opts, jobs, Mode::Single, faces),
        tools,
        opts,
    )?;
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
pub(super) fn typst_messages(stderr: &str, dir: &Path) -> String {
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
