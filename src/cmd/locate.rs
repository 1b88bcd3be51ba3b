//! Where a path given on the command line belongs: the site whose `content/` holds it, and which of
//! the site's reports it names (`jixiao check content/x/y.md`, `jixiao check content/x`, or the site).

use std::path::{Component, Path, PathBuf};

/// A path on the command line, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    /// The site root, in the form the path was given (`.` for a path that starts with `content/`).
    pub root: PathBuf,
    /// The reports it names, relative to the site root (`content/x/y.md`, or `content/x/` for a
    /// folder); `None` for the whole site.
    pub only: Option<String>,
}

/// Why a path names no site or report (exit code 2).
#[derive(Debug, thiserror::Error)]
pub(crate) enum LocateError {
    #[error("找不到 {}（no such file or folder）", .0.display())]
    Missing(PathBuf),
    #[error(
        "{} 不是报告文件：报告是 content/ 下的 .md 文件（not a report: reports are .md files under content/）",
        .0.display()
    )]
    NotReport(PathBuf),
    #[error(
        "{} 不在任何站点的 content/ 文件夹中（not inside the content/ folder of a site）；请把报告放进站点的 content/，或在站点目录中用 jixiao new 创建",
        .0.display()
    )]
    Outside(PathBuf),
    #[error(
        "找不到内容目录 {}（content directory not found）；请在站点根目录运行，或给出站点路径",
        .0.display()
    )]
    NoContent(PathBuf),
}

/// Locates `path`: a site folder (it has `content/`), or a report file or folder inside the
/// `content/` of a site above it.
pub fn locate(path: &Path) -> Result<Located, LocateError> {
    let meta = std::fs::metadata(path).map_err(|_| LocateError::Missing(path.to_path_buf()))?;
    if meta.is_dir() && path.join("content").is_dir() {
        return Ok(Located {
            root: path.to_path_buf(),
            only: None,
        });
    }
    if meta.is_file() && path.extension().is_none_or(|e| e != "md") {
        return Err(LocateError::NotReport(path.to_path_buf()));
    }
    let abs = std::path::absolute(path).map_err(|_| LocateError::Missing(path.to_path_buf()))?;
    let abs = normalize(&abs);
    // The nearest folder above whose `content/` holds the path (not a `content` folder itself, for
    // `content/content/x.md`).
    for (up, dir) in abs.ancestors().enumerate().skip(1) {
        let content = dir.join("content");
        if dir.file_name().is_some_and(|n| n == "content") || !content.is_dir() {
            continue;
        }
        let Ok(rest) = abs.strip_prefix(&content) else {
            continue;
        };
        let mut rel = std::iter::once("content".to_string())
            .chain(
                rest.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            )
            .collect::<Vec<_>>()
            .join("/");
        if meta.is_dir() {
            rel.push('/');
        }
        return Ok(Located {
            root: root_in_given_form(path, &abs, dir, up),
            only: Some(rel),
        });
    }
    if meta.is_dir() {
        Err(LocateError::NoContent(path.join("content")))
    } else {
        Err(LocateError::Outside(path.to_path_buf()))
    }
}

/// The site root `dir`, `up` levels above `abs`, written the way the user wrote `path` when that
/// path can simply be cut (`content/x/y.md` → `.`), else absolute.
fn root_in_given_form(path: &Path, abs: &Path, dir: &Path, up: usize) -> PathBuf {
    let plain = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if plain
        && path
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
            >= up
    {
        let mut p = path.to_path_buf();
        for _ in 0..up {
            p.pop();
        }
        if p.as_os_str().is_empty() {
            return PathBuf::from(".");
        }
        return p;
    }
    let _ = abs;
    dir.to_path_buf()
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the report or file at `rel` (relative to the site root) is one `only` names.
pub fn named(only: &str, rel: &str) -> bool {
    if only.ends_with('/') {
        rel.starts_with(only)
    } else {
        rel == only
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_a_folder_and_a_site() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        std::fs::create_dir_all(site.join("content/a")).unwrap();
        std::fs::write(site.join("content/a/r.md"), "").unwrap();
        std::fs::write(site.join("content/a/r.txt"), "").unwrap();
        assert_eq!(
            locate(&site).unwrap(),
            Located {
                root: site.clone(),
                only: None
            }
        );
        assert_eq!(
            locate(&site.join("content/a/r.md")).unwrap(),
            Located {
                root: site.clone(),
                only: Some("content/a/r.md".into())
            }
        );
        assert_eq!(
            locate(&site.join("content/a")).unwrap().only.as_deref(),
            Some("content/a/")
        );
        assert!(matches!(
            locate(&site.join("content/a/r.txt")),
            Err(LocateError::NotReport(_))
        ));
        assert!(matches!(
            locate(&site.join("content/a/none.md")),
            Err(LocateError::Missing(_))
        ));
        std::fs::write(t.path().join("loose.md"), "").unwrap();
        assert!(matches!(
            locate(&t.path().join("loose.md")),
            Err(LocateError::Outside(_))
        ));
        assert!(matches!(locate(t.path()), Err(LocateError::NoContent(_))));
        assert!(named("content/a/", "content/a/r.md"));
        assert!(!named("content/a/r.md", "content/a/r.md.bak"));
    }

    #[test]
    fn the_root_keeps_the_form_it_was_given_in() {
        let abs = Path::new("/s/content/a/r.md");
        assert_eq!(
            root_in_given_form(Path::new("content/a/r.md"), abs, Path::new("/s"), 3),
            PathBuf::from(".")
        );
        assert_eq!(
            root_in_given_form(Path::new("s/content/a/r.md"), abs, Path::new("/s"), 3),
            PathBuf::from("s")
        );
        assert_eq!(
            root_in_given_form(Path::new("../s/content/r.md"), abs, Path::new("/s"), 2),
            PathBuf::from("/s")
        );
    }
}
