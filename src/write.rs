//! Output (输出): the build is written into a fresh staging folder next to the output folder and
//! swapped in only when complete. A failed or interrupted build leaves the previous output as it was.

use std::path::{Component, Path, PathBuf};

/// Why an output folder is refused or a write failed.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Lexical normalisation (the output folder may not exist yet).
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.canonicalize().unwrap_or(out)
}

/// Refuses an output folder that would destroy something: `/`, the home folder, the site itself or a
/// folder that contains it, or the content folder or anything inside it.
pub fn check_out_dir(site: &Path, out: &Path) -> Result<PathBuf, WriteError> {
    let site = absolute(site);
    let out = absolute(out);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    if out.parent().is_none() {
        return Err(WriteError(format!("拒绝把根目录 {} 用作输出目录（refusing `/` as output）", out.display())));
    }
    if home.as_ref().is_some_and(|h| *h == out) {
        return Err(WriteError(format!("拒绝把主目录 {} 用作输出目录（refusing the home folder as output）", out.display())));
    }
    if site.starts_with(&out) {
        return Err(WriteError(format!(
            "拒绝输出到 {}：它是站点目录本身或其上级（refusing an output folder that contains the site）",
            out.display()
        )));
    }
    for protected in ["content", "themes", "templates", "systems", "static", ".git"] {
        if out.starts_with(site.join(protected)) {
            return Err(WriteError(format!(
                "拒绝输出到 {}：它在站点的 {protected}/ 中（refusing an output folder inside {protected}/）",
                out.display()
            )));
        }
    }
    Ok(out)
}

/// A staging folder that becomes the output folder on [`Stage::commit`].
pub struct Stage {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Stage {
    /// Creates an empty staging folder beside `out` (same file system, so the swap is a rename).
    pub fn new(out: &Path) -> Result<Stage, WriteError> {
        let parent = out.parent().ok_or_else(|| WriteError("输出目录没有上级目录".into()))?;
        std::fs::create_dir_all(parent).map_err(|e| WriteError(format!("无法创建 {}：{e}", parent.display())))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "build".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| WriteError(format!("无法清理 {}：{e}", dir.display())))?;
        }
        std::fs::create_dir(&dir).map_err(|e| WriteError(format!("无法创建 {}：{e}", dir.display())))?;
        Ok(Stage { out: out.to_path_buf(), dir, committed: false })
    }

    /// The staging folder (renderers that run external tools write here).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Resolves a `/`-separated relative path inside the stage, refusing anything that would leave it.
    pub fn path(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if rel.is_empty() || p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(WriteError(format!("拒绝写入输出目录之外的路径 {rel}（refusing a path outside the output）")));
        }
        Ok(self.dir.join(p))
    }

    /// Writes a file into the stage, creating folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| WriteError(format!("无法创建 {}：{e}", parent.display())))?;
        }
        std::fs::write(&path, bytes).map_err(|e| WriteError(format!("无法写入 {}：{e}", path.display())))
    }

    /// Swaps the stage in place of the output folder. The old output is removed only after the new one
    /// is in place.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| WriteError(format!("无法移开旧的输出目录：{e}")))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(WriteError(format!("无法启用新的输出目录：{e}")));
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_folders() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_out_dir(&site, &site).is_err());
        assert!(check_out_dir(&site, t.path()).is_err());
        assert!(check_out_dir(&site, Path::new("/")).is_err());
        assert!(check_out_dir(&site, &site.join("content/out")).is_err());
        assert!(check_out_dir(&site, &site.join("build/../content")).is_err());
        assert!(check_out_dir(&site, &site.join("build")).is_ok());
        assert!(check_out_dir(&site, &t.path().join("elsewhere")).is_ok());
    }

    #[test]
    fn stage_swaps_in_only_on_commit() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("build");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        {
            let s = Stage::new(&out).unwrap();
            s.write("a/new.html", b"new").unwrap();
            assert!(s.write("../escape", b"x").is_err());
            // dropped without commit
        }
        assert!(out.join("old.html").exists());
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1, "staging folder left behind");
        let s = Stage::new(&out).unwrap();
        s.write("a/new.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/new.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
    }
}
