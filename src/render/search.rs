//! 站内搜索 (full-text search of the published site): a Pagefind index of the report pages, made
//! after every page is written and before the output is committed, so that the index always
//! describes exactly the pages beside it.
//!
//! Pagefind's extended build segments Chinese (分词) at indexing time; the pinned binary
//! (`PAGEFIND_VERSION` in `tools/versions`) is installed by `scripts/install-tools.sh` into the
//! tools cache, or named by `$JIXIAO_PAGEFIND`. Only the report pages are indexed: they carry
//! `data-pagefind-body` (themes/default/templates/report.html), with the report's full name, unit,
//! year and kind as metadata and filters. The index goes to [`BUNDLE`]`/` at the site's root, in
//! bundles of at most [`BATCH`] pages (see [`bundles`]); the theme's `static/search.js` mounts the
//! search box on every page, relative to the page, so the site works under any sub-path. Pagefind
//! fetches its index, so search needs the site served over HTTP: from `file://` the box says so.
//!
//! Pagefind runs with an empty environment in an empty working folder: no `pagefind.yml` or
//! `PAGEFIND_*` variable (nor anything an author put in the output) can change what it does. Its
//! output is deterministic: the same pages give the same bytes.

use super::pdf::tools::{Lookup, install_command, pin};
use crate::write::Stage;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the search bundle at the site's root (a path no report or unit may take).
pub(crate) const BUNDLE: &str = "pagefind";

/// At most this many report pages in one Pagefind run (one bundle). Pagefind holds a whole index in
/// memory until it writes it, about 2.3 MiB a page of the sample's size (measured: 469 MiB for 200
/// pages, 2.29 GiB for 1,000), so a larger site is indexed in bundles of this many pages, which the
/// search box reads as one (Pagefind's `mergeIndex`). `JIXIAO_SEARCH_BATCH` sets another size (tests,
/// or a machine with less memory).
pub(crate) const BATCH: usize = 400;

/// The number of report pages in one bundle: [`BATCH`], or `JIXIAO_SEARCH_BATCH` (at least 1).
pub(crate) fn batch_size() -> usize {
    std::env::var("JIXIAO_SEARCH_BATCH")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(BATCH)
}

/// The folders of the bundles of a site of `pages` report pages, relative to its root: the first
/// is [`BUNDLE`]`/` (it has the search box's script), the others `pagefind/more/2/`, … merged into
/// it by the box. None for a site without report pages.
pub fn bundles(pages: usize) -> Vec<String> {
    let n = pages.div_ceil(batch_size());
    (0..n)
        .map(|k| {
            if k == 0 {
                format!("{BUNDLE}/")
            } else {
                format!("{BUNDLE}/more/{}/", k + 1)
            }
        })
        .collect()
}

/// The pinned Pagefind version (`1.6.0`).
pub fn version() -> &'static str {
    pin("PAGEFIND_VERSION")
}

/// A located Pagefind of the pinned version.
#[derive(Clone, Debug)]
pub struct Pagefind {
    bin: PathBuf,
}

impl Pagefind {
    /// The located executable.
    pub(crate) fn binary(&self) -> &Path {
        &self.bin
    }
}

/// Pagefind could not be found or run, or failed: what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(
        "找不到 pagefind {version}（site search: pagefind {version} not found in {looked}）\n安装（install）: {hint}\n  或生成不带站内搜索的网站（or build without search）: jixiao build --no-search"
    )]
    Missing {
        version: &'static str,
        looked: String,
        hint: String,
    },
    #[error(
        "{} 不是 pagefind {version}（reports “{found}”）：请重新运行 scripts/install-tools.sh",
        bin.display()
    )]
    WrongVersion {
        bin: PathBuf,
        version: &'static str,
        found: String,
    },
    #[error("无法运行 pagefind {}：{source}", bin.display())]
    Run {
        bin: PathBuf,
        source: std::io::Error,
    },
    #[error("建立站内搜索索引失败（pagefind failed, {status}）：\n{stderr}")]
    Failed { status: String, stderr: String },
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
}

/// Finds the pinned Pagefind: `lookup.pagefind` (`$JIXIAO_PAGEFIND`) when set, else
/// `<cache>/pagefind-<version>/pagefind_extended` in the tools caches of [`Lookup::caches`]; and
/// checks that it reports the pinned version.
pub fn locate(site_root: &Path, lookup: &Lookup) -> Result<Pagefind, SearchError> {
    let v = version();
    let bin = match &lookup.pagefind {
        Some(b) => b.clone(),
        None => {
            let caches = lookup.caches(site_root);
            let found = caches
                .iter()
                .map(|c| c.join(format!("pagefind-{v}")).join("pagefind_extended"))
                .find(|p| p.is_file());
            match found {
                Some(p) => p,
                None => {
                    let looked: Vec<String> =
                        caches.iter().map(|c| c.display().to_string()).collect();
                    return Err(SearchError::Missing {
                        version: v,
                        looked: looked.join(", "),
                        hint: install_command(&caches[0]),
                    });
                }
            }
        }
    };
    let out = Command::new(&bin)
        .arg("--version")
        .env_clear()
        .output()
        .map_err(|source| SearchError::Run {
            bin: bin.clone(),
            source,
        })?;
    let found = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if found != format!("pagefind {v}") {
        return Err(SearchError::WrongVersion {
            bin,
            version: v,
            found,
        });
    }
    Ok(Pagefind { bin })
}

impl Pagefind {
    /// Indexes the report pages `pages` (paths relative to the stage, in the site's order) into the
    /// bundles of [`bundles`]: each batch of [`batch_size`] pages is linked into a folder of its own
    /// (so that nothing else of the stage, and no glob of author-named paths, is involved), indexed
    /// there, and every file of its bundle goes through [`Stage::write`], so that a rebuild of the
    /// same pages re-creates none of them.
    pub fn index(&self, stage: &Stage, pages: &[String]) -> Result<(), SearchError> {
        let run_err = |source| SearchError::Run {
            bin: self.bin.clone(),
            source,
        };
        let folders = bundles(pages.len());
        for (chunk, folder) in pages.chunks(batch_size()).zip(&folders) {
            // Beside the stage (same file system: hard links), away from its contents.
            let work = tempfile::Builder::new()
                .prefix(".jixiao-search-")
                .tempdir_in(stage.dir().parent().unwrap_or(stage.dir()))
                .map_err(run_err)?;
            let site = work.path().join("site");
            for rel in chunk {
                let from = stage.path(rel)?;
                let to = site.join(rel);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(run_err)?;
                }
                if std::fs::hard_link(&from, &to).is_err() {
                    std::fs::copy(&from, &to).map_err(run_err)?;
                }
            }
            // An empty working folder: Pagefind reads `pagefind.{toml,yml,yaml,json}` from there.
            let cwd = work.path().join("cwd");
            std::fs::create_dir_all(&cwd).map_err(run_err)?;
            let bundle = work.path().join("bundle");
            let out = Command::new(&self.bin)
                .env_clear()
                .current_dir(&cwd)
                .arg("--site")
                .arg(&site)
                .arg("--output-path")
                .arg(&bundle)
                .arg("--silent")
                .output()
                .map_err(run_err)?;
            if !out.status.success() {
                return Err(SearchError::Failed {
                    status: out.status.to_string(),
                    stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
                });
            }
            for e in walkdir::WalkDir::new(&bundle).sort_by_file_name() {
                let e = e.map_err(|e| run_err(e.into()))?;
                if !e.file_type().is_file() {
                    continue;
                }
                let rel = crate::load::rel_path(&bundle, e.path());
                let bytes = std::fs::read(e.path()).map_err(run_err)?;
                stage.write(&format!("{folder}{rel}"), &bytes)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_pagefind_says_where_it_looked_and_how_to_go_on() {
        let t = tempfile::tempdir().unwrap();
        let lookup = Lookup {
            cache: Some(t.path().join("empty-cache")),
            ..Default::default()
        };
        let e = locate(t.path(), &lookup).unwrap_err().to_string();
        assert!(e.contains("找不到 pagefind 1.6.0"), "{e}");
        assert!(e.contains("empty-cache"), "{e}");
        assert!(e.contains("scripts/install-tools.sh"), "{e}");
        assert!(e.contains("--no-search"), "{e}");
    }

    #[test]
    fn a_binary_of_another_version_is_refused() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join(format!("pagefind-{}", version()));
        std::fs::create_dir_all(&dir).unwrap();
        let bin = dir.join("pagefind_extended");
        std::fs::write(&bin, "#!/bin/sh\necho 'pagefind 0.9.0'\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let lookup = Lookup {
            cache: Some(t.path().to_path_buf()),
            ..Default::default()
        };
        let e = locate(t.path(), &lookup).unwrap_err().to_string();
        assert!(e.contains("不是 pagefind 1.6.0"), "{e}");
        assert!(e.contains("pagefind 0.9.0"), "{e}");
    }
}
