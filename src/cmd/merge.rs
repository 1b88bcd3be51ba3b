//! `jixiao merge`: the outputs of `build --shard K/N` (one per CI job) assembled into one site, with
//! the index, unit pages and static files written once: the same bytes as a single `build`.

use super::build::{checked_site, report};
use crate::pipeline::{self, BuildOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao merge SITE [--out DIR] [--no-pdf] [--strict] [--xlsx] --shard DIR…`.
pub fn run(
    root: &Path,
    out: Option<&Path>,
    no_pdf: bool,
    strict: bool,
    xlsx: bool,
    shards: &[PathBuf],
) -> ExitCode {
    let site = match checked_site(root, !no_pdf, strict) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let out = out.map_or_else(|| root.join("build"), Path::to_path_buf);
    let opts = BuildOptions {
        pdf: !no_pdf,
        xlsx,
        progress: std::io::stderr().is_terminal(),
    };
    let result = pipeline::merge(&site, &out, &opts, shards);
    let what = format!(
        "{} 份报告（{} 片合并，merged）",
        site.entries.len(),
        shards.len()
    );
    report(result, &what, &out)
}
