//! `jixiao build`: load and score the site; refuse to publish content errors; render and write.

use super::{print_stderr, site_or_exit};
use crate::cmd::check;
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::write::WriteError;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao build SITE [--out DIR] [--no-pdf] [--strict] [--no-cache]`.
pub fn run(
    root: &Path,
    out: Option<&Path>,
    no_pdf: bool,
    strict: bool,
    no_cache: bool,
) -> ExitCode {
    let mut site = match site_or_exit(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    pipeline::check_outputs(&mut site, !no_pdf);
    if site.has_errors() || (strict && site.has_warnings()) {
        print_stderr(&check::text(&site));
        eprintln!(
            "内容有错误，未生成任何文件；原有输出保持不变（content errors: nothing was written）。"
        );
        return ExitCode::from(1);
    }
    let out = out.map_or_else(|| root.join("build"), Path::to_path_buf);
    let opts = BuildOptions {
        pdf: !no_pdf,
        progress: std::io::stderr().is_terminal(),
    };
    match pipeline::build_cached(&site, &out, &opts, !no_cache) {
        Ok(()) => {
            eprintln!("已生成 {} 份报告 → {}", site.entries.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            if let BuildError::Write(WriteError::Refused(_)) = e {
                // An output folder that would lose data is refused before anything runs.
                eprintln!(
                    "请用 --out 指定一个新的或空的文件夹，或上次生成的输出文件夹（use --out with a new, empty or previous output folder）。"
                );
            } else {
                eprintln!("原有输出保持不变（the previous output is untouched）。");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
