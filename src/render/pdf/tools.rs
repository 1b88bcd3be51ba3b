//! The pinned PDF toolchain (工具链): the typst CLI and the fonts, both pinned in `tools/versions`
//! and installed by `scripts/install-tools.sh` into a tools cache.
//!
//! Where jixiao looks, first match wins:
//! - typst: `$JIXIAO_TYPST` (a binary) if set; else `<cache>/typst-<version>/bin/typst`;
//! - fonts: `$JIXIAO_FONTS` (a folder) if set; else `<cache>/<FONTS_DIR>/`;
//!
//! where the caches are `$JIXIAO_CACHE` if set, else `<site>/.cache`, then the `.cache` of the
//! jixiao source tree it was built from. typst must report exactly the pinned version and the font
//! folder must carry the `.pin` stamp the installer writes after checking the packages' sha256;
//! anything else stops the build before any PDF is compiled, with the command that installs them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tools/versions`, compiled in.
pub(crate) const VERSIONS: &str = include_str!("../../../tools/versions");

/// A value of `tools/versions` (`TYPST_VERSION`, `FONTS_DIR` …); empty when absent.
pub(crate) fn pin(key: &str) -> &'static str {
    VERSIONS
        .lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

/// The pinned typst version (`0.15.1`).
pub(crate) fn typst_version() -> &'static str {
    pin("TYPST_VERSION")
}

/// What the `.pin` stamp of a complete font folder says (written by `scripts/install-tools.sh`): the
/// two font packages and the subsets made from them (`subset/`).
pub(crate) fn font_stamp() -> String {
    format!(
        "{}={} {}\n{}={} {}\nsubset {}={} {}",
        pin("NOTO_CJK_DEB"),
        pin("NOTO_CJK_VERSION"),
        pin("NOTO_CJK_SHA256"),
        pin("LXGW_WENKAI_DEB"),
        pin("LXGW_WENKAI_VERSION"),
        pin("LXGW_WENKAI_SHA256"),
        pin("FONTTOOLS_DEB"),
        pin("FONTTOOLS_VERSION"),
        pin("FONT_SUBSET_SHA256")
    )
}

/// The located, checked tools.
#[derive(Clone, Debug)]
pub struct Tools {
    pub typst: PathBuf,
    pub fonts: PathBuf,
}

/// The environment the lookup reads (separate so tests need not touch the process environment).
#[derive(Clone, Debug, Default)]
pub struct Lookup {
    pub typst: Option<PathBuf>,
    pub fonts: Option<PathBuf>,
    pub cache: Option<PathBuf>,
    /// The search index's tool ([`crate::render::search::locate`]).
    pub pagefind: Option<PathBuf>,
}

impl Lookup {
    /// `JIXIAO_TYPST`, `JIXIAO_FONTS`, `JIXIAO_CACHE`, `JIXIAO_PAGEFIND` from the environment (empty
    /// values ignored).
    pub fn from_env() -> Lookup {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Lookup {
            typst: var("JIXIAO_TYPST"),
            fonts: var("JIXIAO_FONTS"),
            cache: var("JIXIAO_CACHE"),
            pagefind: var("JIXIAO_PAGEFIND"),
        }
    }

    /// The tools caches searched, in order.
    pub(crate) fn caches(&self, site_root: &Path) -> Vec<PathBuf> {
        if let Some(c) = &self.cache {
            return vec![c.clone()];
        }
        let mut out = vec![site_root.join(".cache")];
        let own = Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache");
        let same = |a: &Path, b: &Path| {
            a == b
                || a.canonicalize()
                    .ok()
                    .is_some_and(|x| b.canonicalize().ok() == Some(x))
        };
        if !same(&out[0], &own) {
            out.push(own);
        }
        out
    }
}

/// The command that installs every pinned tool into `cache`: `scripts/install-tools.sh`, with
/// `JIXIAO_CACHE=…` unless `cache` is the source tree's own `.cache`.
pub(crate) fn install_command(cache: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-tools.sh");
    let default_cache = Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache");
    if cache == default_cache {
        script.display().to_string()
    } else {
        format!("JIXIAO_CACHE={} {}", cache.display(), script.display())
    }
}

/// The command that installs the pinned PDF tools into `cache`, and typst alone.
pub(crate) fn install_hint(cache: &Path) -> String {
    let v = typst_version();
    format!(
        "安装（install）: {}\n  或只装 typst（typst only）: cargo install typst-cli --locked --version {v} --root {}",
        install_command(cache),
        cache.join(format!("typst-{v}")).display(),
    )
}

/// The pinned tools are missing or not the pinned versions: what was found, and the command that
/// installs them.
#[derive(Debug, thiserror::Error)]
#[error("{problem}\n{hint}")]
pub struct ToolsError {
    pub problem: String,
    pub hint: String,
}

/// Finds typst and the fonts and checks their versions.
pub fn locate(site_root: &Path, lookup: &Lookup) -> Result<Tools, ToolsError> {
    let caches = lookup.caches(site_root);
    let first = caches[0].clone();
    let v = typst_version();
    let typst = match &lookup.typst {
        Some(t) => in_path(t),
        None => caches
            .iter()
            .map(|c| c.join(format!("typst-{v}")).join("bin").join("typst"))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                let looked: Vec<String> = caches.iter().map(|c| c.display().to_string()).collect();
                ToolsError {
                    problem: format!(
                        "找不到 typst {v}（typst {v} not found in {}）",
                        looked.join(", ")
                    ),
                    hint: install_hint(&first),
                }
            })?,
    };
    // typst runs in the staging folder: every path handed to it must be absolute.
    let typst = typst.canonicalize().unwrap_or(typst);
    check_typst(&typst, &first)?;
    let stamp = font_stamp();
    let has_stamp =
        |d: &Path| std::fs::read_to_string(d.join(".pin")).is_ok_and(|s| s.trim() == stamp.trim());
    let fonts = match &lookup.fonts {
        Some(f) if f.is_dir() => f.clone(),
        Some(f) => {
            return Err(ToolsError {
                problem: format!("JIXIAO_FONTS={} 不是文件夹（not a folder）", f.display()),
                hint: install_hint(&first),
            });
        }
        None => caches
            .iter()
            .map(|c| c.join(pin("FONTS_DIR")))
            .find(|d| has_stamp(d))
            .ok_or_else(|| ToolsError {
                problem: format!(
                    "找不到固定版本的字体 {}（pinned fonts not found or not complete in {}）",
                    pin("FONTS_DIR"),
                    caches
                        .iter()
                        .map(|c| c.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                hint: install_hint(&first),
            })?,
    };
    let fonts = fonts.canonicalize().unwrap_or(fonts);
    Ok(Tools { typst, fonts })
}

/// A bare program name (`JIXIAO_TYPST=typst`) looked up in `PATH`.
fn in_path(p: &Path) -> PathBuf {
    if p.components().count() != 1 || p.exists() {
        return p.to_path_buf();
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(p))
                .find(|c| c.is_file())
        })
        .unwrap_or_else(|| p.to_path_buf())
}

/// Runs `typst --version` and insists on the pinned version.
pub(crate) fn check_typst(typst: &Path, cache: &Path) -> Result<(), ToolsError> {
    let v = typst_version();
    let run = || Command::new(typst).arg("--version").env_clear().output();
    let mut result = run();
    // A binary written a moment ago can be busy while another thread forks (ETXTBSY): try again.
    for _ in 0..5 {
        match &result {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                result = run();
            }
            _ => break,
        }
    }
    let out = result.map_err(|e| ToolsError {
        problem: format!(
            "无法运行 typst {}：{e}（cannot run typst）",
            typst.display()
        ),
        hint: install_hint(cache),
    })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let found = text.split_whitespace().nth(1).unwrap_or("");
    if !out.status.success() || !text.starts_with("typst ") || found != v {
        return Err(ToolsError {
            problem: format!(
                "{} 的版本是“{}”，需要 typst {v}（typst version mismatch: need {v}）",
                typst.display(),
                text.trim()
            ),
            hint: install_hint(cache),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
