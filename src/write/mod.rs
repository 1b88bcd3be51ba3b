//! Output (输出): the build is written into a fresh staging folder next to the output folder and
//! swapped in only when complete. A failed or interrupted build leaves the previous output as it was.
//!
//! - The staging folder is `.<out>.staging-<pid>` beside the output folder (same file system, so the
//!   swap is two renames). A build killed midway leaves it behind; the next build removes the
//!   staging folders of processes that no longer run.
//! - The swap moves the old output to `.<out>.old-<pid>`, the stage to `<out>`, then removes the old
//!   one. A build killed between the two renames leaves no `<out>` but the old output intact in
//!   `.<out>.old-<pid>`: the next build puts it back first.
//! - Every build holds a marker file, [`MARKER`]. An existing folder that is not empty and has no
//!   marker is not a previous build and is never replaced (`--out ~/Documents` must not empty it).

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
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
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

/// The file every build writes at the top of its output folder: an existing non-empty folder without
/// it is not a jixiao build and is never replaced.
pub const MARKER: &str = ".jixiao-build";

/// Refuses an output folder that would destroy something: `/`, the home folder or a folder that
/// contains it, the site itself or a folder that contains it, a folder of the site's sources, a file,
/// or a non-empty folder that is not a previous build.
pub fn check_out_dir(site: &Path, out: &Path) -> Result<PathBuf, WriteError> {
    let site = absolute(site);
    let out = absolute(out);
    let homes = ["HOME", "USERPROFILE"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|h| absolute(Path::new(&h)));
    if out.parent().is_none() {
        return Err(WriteError(format!(
            "拒绝把根目录 {} 用作输出目录（refusing `/` as output）",
            out.display()
        )));
    }
    for home in homes {
        if home.starts_with(&out) {
            return Err(WriteError(format!(
                "拒绝把主目录或其上级 {} 用作输出目录（refusing the home folder or a parent of it as output）",
                out.display()
            )));
        }
    }
    if site.starts_with(&out) {
        return Err(WriteError(format!(
            "拒绝输出到 {}：它是站点目录本身或其上级（refusing an output folder that contains the site）",
            out.display()
        )));
    }
    for protected in [
        "content",
        "themes",
        "templates",
        "systems",
        "static",
        "typst",
        ".git",
    ] {
        if out.starts_with(site.join(protected)) {
            return Err(WriteError(format!(
                "拒绝输出到 {}：它在站点的 {protected}/ 中（refusing an output folder inside {protected}/）",
                out.display()
            )));
        }
    }
    match std::fs::symlink_metadata(&out) {
        Ok(m) if !m.is_dir() => Err(WriteError(format!(
            "拒绝输出到 {}：它已存在且不是文件夹（refusing an output path that is not a folder）",
            out.display()
        ))),
        Ok(_) => {
            let empty = std::fs::read_dir(&out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out.join(MARKER).is_file() {
                Ok(out)
            } else {
                Err(WriteError(format!(
                    "拒绝输出到 {}：该文件夹不是空的，也不是 jixiao 生成的（没有 {MARKER}），生成时会整个替换它（refusing to replace a non-empty folder that is not a previous build）",
                    out.display()
                )))
            }
        }
        Err(_) => Ok(out),
    }
}

/// Whether a process of this id is running. Without a way to tell (no `/proc`), every process is
/// taken to be running, so nothing of a live build is ever removed.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_fs = Path::new("/proc/self");
    if proc_fs.exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Cleans what builds killed midway left beside `out`: puts back a previous output that was moved
/// aside when the swap was cut short, and removes staging and old folders of processes gone.
fn recover(out: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = if let Some(p) = file.strip_prefix(&old) {
            (true, p)
        } else if let Some(p) = file.strip_prefix(&staging) {
            (false, p)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if alive(pid) && pid != std::process::id() {
            continue;
        }
        let path = e.path();
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        if is_old && !out.exists() && std::fs::rename(&path, out).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
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
        let parent = out
            .parent()
            .ok_or_else(|| WriteError("输出目录没有上级目录".into()))?;
        std::fs::create_dir_all(parent)
            .map_err(|e| WriteError(format!("无法创建 {}：{e}", parent.display())))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "build".into());
        recover(out, parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| WriteError(format!("无法清理 {}：{e}", dir.display())))?;
        }
        std::fs::create_dir(&dir)
            .map_err(|e| WriteError(format!("无法创建 {}：{e}", dir.display())))?;
        let stage = Stage {
            out: out.to_path_buf(),
            dir,
            committed: false,
        };
        stage.write(
            MARKER,
            b"jixiao build output: this folder is replaced as a whole by every build\n",
        )?;
        Ok(stage)
    }

    /// The staging folder (renderers that run external tools write here).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Resolves a `/`-separated relative path inside the stage, refusing anything that would leave it.
    pub fn path(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let p = Path::new(rel);
        if rel.is_empty()
            || p.is_absolute()
            || p.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(WriteError(format!(
                "拒绝写入输出目录之外的路径 {rel}（refusing a path outside the output）"
            )));
        }
        Ok(self.dir.join(p))
    }

    /// Writes a file into the stage, creating folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| WriteError(format!("无法创建 {}：{e}", parent.display())))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| WriteError(format!("无法写入 {}：{e}", path.display())))
    }

    /// Swaps the stage in place of the output folder. The old output is removed only after the new one
    /// is in place.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)
                .map_err(|e| WriteError(format!("无法移开旧的输出目录：{e}")))?;
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
        assert_eq!(
            std::fs::read_dir(t.path()).unwrap().count(),
            1,
            "staging folder left behind"
        );
        let s = Stage::new(&out).unwrap();
        s.write("a/new.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/new.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_home_and_its_parents_and_folders_that_are_not_builds() {
        let t = tempfile::tempdir().unwrap();
        let site = t.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            assert!(check_out_dir(&site, &home).is_err());
            if let Some(parent) = home.parent() {
                assert!(check_out_dir(&site, parent).is_err());
            }
        }
        let docs = t.path().join("Documents");
        std::fs::create_dir_all(&docs).unwrap();
        assert!(
            check_out_dir(&site, &docs).is_ok(),
            "an empty folder may be used"
        );
        std::fs::write(docs.join("工作总结.docx"), "x").unwrap();
        let e = check_out_dir(&site, &docs).unwrap_err();
        assert!(e.0.contains(MARKER), "{e}");
        std::fs::write(docs.join(MARKER), "").unwrap();
        assert!(
            check_out_dir(&site, &docs).is_ok(),
            "a previous build may be replaced"
        );
        let file = t.path().join("out.html");
        std::fs::write(&file, "x").unwrap();
        assert!(check_out_dir(&site, &file).is_err());
    }

    #[test]
    fn every_build_carries_the_marker() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("build");
        Stage::new(&out).unwrap().commit().unwrap();
        assert!(out.join(MARKER).is_file());
        let site = t.path().join("site");
        assert!(check_out_dir(&site, &out).is_ok());
    }

    /// The id of a process that has exited.
    fn dead_pid() -> u32 {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        let pid = c.id();
        c.wait().unwrap();
        pid
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_killed_builds_are_cleaned_and_a_half_swapped_output_put_back() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("build");
        let pid = dead_pid();
        // Killed while staging: the staging folder is left beside the output.
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "previous").unwrap();
        let litter = t.path().join(format!(".build.staging-{pid}"));
        std::fs::create_dir_all(litter.join("a")).unwrap();
        // A live process's staging folder is left alone.
        let live = t.path().join(format!(
            ".build.staging-{}",
            std::os::unix::process::parent_id()
        ));
        std::fs::create_dir_all(&live).unwrap();
        drop(Stage::new(&out).unwrap());
        assert!(!litter.exists());
        assert!(live.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        // Killed between the two renames of the swap: no output, the previous one aside.
        let aside = t.path().join(format!(".build.old-{pid}"));
        std::fs::rename(&out, &aside).unwrap();
        drop(Stage::new(&out).unwrap());
        assert!(!aside.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
    }
}
