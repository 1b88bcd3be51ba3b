//! `jixiao merge`: the outputs of `build --shard K/N` (one per CI job) assembled into one site, with
//! the index, unit pages and static files written once: the same bytes as a single `build`.

use super::build::{Publish, prepare, report};
use crate::pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `jixiao merge SITE [--out DIR] [--no-pdf] [--strict] [--xlsx] [--no-search] --shard DIR…`
/// (the options of the shards' builds).
pub fn run(root: &Path, publish: &Publish, shards: &[PathBuf]) -> ExitCode {
    let (site, out, opts) = match prepare(root, publish) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let result = pipeline::merge(&site, &out, &opts, shards);
    let what = format!(
        "{} 份报告（{} 片合并，merged）",
        site.facts.len(),
        shards.len()
    );
    report(result, &what, &out)
}
