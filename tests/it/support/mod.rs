//! What the integration tests share: site folders built in a temporary directory and the `jixiao`
//! binary run on them (`site`), the hand-made scored site of the HTML tests (`fixture_site`), the
//! PDF tools (`pdf`) and report views shaped like the seeds (`seed_views`), a Chrome DevTools
//! Protocol driver (`cdp`), and the helpers below (fixture files, file trees, skipping a test whose
//! tool is missing).

pub mod cdp;
pub mod fixture_site;
pub mod http;
pub mod pdf;
pub mod seed_views;
pub mod site;
pub mod synthetic;

pub use site::{JIXIAO, Run, SiteBuilder, SiteDir, jixiao, run};

use jixiao::pipeline::Site;
use jixiao::pipeline::{BuildOptions, build};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository (the sample site: `content/`, `jixiao.yaml`).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository's `tests/` directory (`hostile/xss-and-typst.md`).
pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests").join(rel)
}

/// A fixture file's text.
pub fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The hostile report (`tests/hostile/xss-and-typst.md`).
pub const HOSTILE: &str = "hostile/xss-and-typst.md";

/// A site whose only report is the hostile one (`content/unit/report.md`), built with `build_args`
/// into `out()`; the build must succeed.
pub fn hostile_site(build_args: &[&str]) -> SiteDir {
    let site = SiteBuilder::new()
        .report("unit/report.md", &fixture_text(HOSTILE))
        .build();
    site.build(build_args).success();
    site
}

/// The vector markers of the hostile fixture (`XSS00`, `TYP00` …), in source order.
pub fn hostile_markers(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| (w.starts_with("XSS") || w.starts_with("TYP")) && w.len() == 5)
        .collect()
}

/// Every file below `dir`, sorted by path.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file below `dir` whose extension is one of `exts`, sorted by path.
pub fn files_with_extension(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|x| exts.iter().any(|want| x == *want))
        })
        .collect()
}

/// Every file below `dir` with its bytes, by relative path (`/`-separated).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Builds a loaded site into `out` as `jixiao build --no-pdf` does; it must succeed.
pub fn build_html(site: &Site, out: &Path) {
    build(
        site,
        out,
        &BuildOptions {
            pdf: false,
            xlsx: false,
            search: false,
            progress: false,
        },
    )
    .expect("build --no-pdf");
}

/// Whether this is CI (`CI=true` or `CI=1`), where a missing tool fails a test instead of skipping it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Says that `test` is skipped because of `why` (a missing tool); in CI, fails it instead.
pub fn skip(test: &str, why: &str) {
    if in_ci() {
        panic!("{test}: CI is set, and {why}");
    }
    eprintln!("SKIPPED {test}: {why}");
}

/// Runs `run` on every input saved for the fuzz target `target` (`tests/fuzz_regressions/<target>/`)
/// and returns how many there were; a panic fails the test, naming the input.
pub fn replay(target: &str, run: fn(&[u8])) -> usize {
    let Ok(entries) = std::fs::read_dir(fixture("fuzz_regressions").join(target)) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in &paths {
        let data = std::fs::read(p).unwrap();
        assert!(
            std::panic::catch_unwind(|| run(&data)).is_ok(),
            "{} still fails",
            p.display()
        );
    }
    paths.len()
}
