//! `jixiao init`: a new site from `scaffold/site/` — `jixiao.yaml` with the publishing defaults, an
//! example report, a README for the unit, and CI files that check and publish it.

use super::SCAFFOLD;
use include_dir::{Dir, DirEntry};
use std::path::{Path, PathBuf};

/// What happened to one file of the scaffold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// The folder already had a file of that name (`--force`): it is kept as it was.
    Kept,
}

/// Why no site was made (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "文件夹 {} 不是空的（the folder is not empty: {}）；请换一个新的或空的文件夹，或加 --force 在其中创建（已有的同名文件保留不动）",
        .dir.display(),
        .entries.join(", ")
    )]
    NotEmpty { dir: PathBuf, entries: Vec<String> },
    #[error("{} 已存在且不是文件夹（exists and is not a folder）", .0.display())]
    NotAFolder(PathBuf),
    #[error("无法写入 {}：{source}（cannot write）", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Every file of the new site, `/`-separated, sorted.
pub fn files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    collect(
        SCAFFOLD
            .get_dir("site")
            .expect("scaffold/site is compiled in"),
        &mut out,
    );
    out.sort();
    out
}

fn collect(d: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for e in d.entries() {
        match e {
            DirEntry::Dir(sub) => collect(sub, out),
            DirEntry::File(f) => {
                let rel = f.path().strip_prefix("site").unwrap_or(f.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, f.contents()));
            }
        }
    }
}

/// Writes a new site into `dir` (made when missing). A folder with anything in it but `.git` is
/// refused unless `force`; then files that exist are kept. Returns each file and what happened.
pub fn init(dir: &Path, force: bool) -> Result<Vec<(String, Outcome)>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(InitError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {
            let mut entries: Vec<String> = std::fs::read_dir(dir)
                .map_err(io(dir))?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".git")
                .collect();
            entries.sort();
            if !entries.is_empty() && !force {
                entries.truncate(5);
                return Err(InitError::NotEmpty {
                    dir: dir.to_path_buf(),
                    entries,
                });
            }
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(io(dir))?,
    }
    let mut out = Vec::new();
    for (rel, bytes) in files() {
        let path = dir.join(&rel);
        if std::fs::symlink_metadata(&path).is_ok() {
            out.push((rel, Outcome::Kept));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
        #[cfg(unix)]
        if rel.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(io(&path))?;
        }
        out.push((rel, Outcome::Created));
    }
    Ok(out)
}
