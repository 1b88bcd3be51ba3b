//! `jixiao merge`: the outputs of `build --shard K/N` (one per CI job) assembled into one site, with
//! the index, unit pages and static files written once: the same bytes as a single `build`.

use super::build::{Flags, checked_site, report};
use crate::pipeline::{self, BuildOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao merge SITE [--out DIR] [--no-pdf] [--strict] [--xlsx] [--no-search] --shard DIR…`
/// (of `flags`, the ones of the shards' builds: `no_cache` and `shard` are not used).
pub fn run(root: &Path, out: Option<&Path>, flags: Flags, shards: &[PathBuf]) -> ExitCode {
    let site = match checked_site(root, !flags.no_pdf, flags.strict) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let out = out.map_or_else(|| root.join("build"), Path::to_path_buf);
    let opts = BuildOptions {
        pdf: !flags.no_pdf,
        xlsx: flags.xlsx,
        search: !flags.no_search,
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
