//! `jixiao export --xlsx [SITE] [--out DIR]`: each report's 自评表 as `<slug>.xlsx` and the site's
//! `review.xlsx`, without the HTML and PDF of a build.

use super::{print_stderr, site_or_exit};
use crate::cmd::check;
use crate::pipeline;
use crate::write::WriteError;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao export --xlsx SITE [--out DIR] [--strict]`.
pub fn run(root: &Path, xlsx: bool, out: Option<&Path>, strict: bool) -> ExitCode {
    if !xlsx {
        eprintln!(
            "错误：请指定导出格式（choose an export format）：jixiao export --xlsx [SITE] [--out DIR]"
        );
        return ExitCode::from(2);
    }
    let how = pipeline::Load {
        hold: true,
        keep: 0,
        outputs: None,
    };
    let site = match site_or_exit(root, how) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if site.has_errors() || (strict && site.has_warnings()) {
        print_stderr(&check::text(&site));
        eprintln!("内容有错误，未导出任何文件（content errors: nothing was written）。");
        return ExitCode::from(1);
    }
    let out = out.map_or_else(|| root.join("xlsx"), Path::to_path_buf);
    match pipeline::export_xlsx(&site, &out, std::io::stderr().is_terminal()) {
        Ok(()) => {
            eprintln!(
                "已导出 {} 份自评表和汇总表 {} → {}",
                site.facts.len(),
                crate::render::xlsx::REVIEW_FILE,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            if let pipeline::BuildError::Write(WriteError::Refused(_)) = e {
                eprintln!(
                    "请用 --out 指定一个新的或空的文件夹，或上次导出的文件夹（use --out with a new, empty or previous output folder）。"
                );
            }
            ExitCode::from(e.exit_code())
        }
    }
}
