//! Shared by the integration tests that run the `jixiao` binary on small sites built in a
//! temporary directory (the hostile-input tests) and that compare build outputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const JIXIAO: &str = env!("CARGO_BIN_EXE_jixiao");

/// A file of the repository's `tests/` directory (`hostile/xss-and-typst.md`).
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}

/// The hostile report (`tests/hostile/xss-and-typst.md`).
pub fn hostile_fixture() -> PathBuf {
    fixture("hostile/xss-and-typst.md")
}

/// `jixiao build <site> --out <out> <extra…>` with `SOURCE_DATE_EPOCH=0`; it must succeed.
pub fn build_ok(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = Command::new(JIXIAO)
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A site whose only report is the hostile one (`content/unit/report.md`), built into
/// `<site>/public` with `extra` arguments. Returns the site (removed when dropped) and `public`.
pub fn build_hostile_site(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("content/unit")).unwrap();
    std::fs::copy(
        hostile_fixture(),
        site.path().join("content/unit/report.md"),
    )
    .unwrap();
    let out = site.path().join("public");
    build_ok(site.path(), &out, extra);
    (site, out)
}

/// The vector markers of the hostile fixture (`XSS00`, `TYP00` …), in source order.
pub fn hostile_markers(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| (w.starts_with("XSS") || w.starts_with("TYP")) && w.len() == 5)
        .collect()
}

/// Every file below `dir` whose extension is one of `exts`, sorted by path.
pub fn files_with_extension(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| exts.iter().any(|want| x == *want))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
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
