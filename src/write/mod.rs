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

pub mod memo;
pub mod record;

use std::path::{Component, Path, PathBuf};

/// Why an output folder is refused or a write failed (both exit code 2: usage or IO).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An output folder (or a path inside it) that would lose data or leave the output.
    #[error("{0}")]
    Refused(String),
    /// The file system said no.
    #[error("{action} {}：{source}", .path.display())]
    Io {
        /// 无法创建 / 无法写入 / 无法清理 …
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// `p` as an absolute path with `.`/`..` folded and every symbolic link of the part that exists
/// resolved, so that `--out link/build` through a link into `content/` is seen for what it is.
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
    // The longest existing ancestor, resolved; the rest appended as written.
    let mut rest = Vec::new();
    let mut base = out.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            let mut resolved = real;
            for part in rest.iter().rev() {
                resolved.push(part);
            }
            return resolved;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return out,
        }
    }
}

/// The file every build writes at the top of its output folder: an existing non-empty folder without
/// it is not a jixiao build and is never replaced.
pub const MARKER: &str = ".jixiao-build";

/// Refuses an output folder that would destroy something: `/`, the home folder or a folder that
/// contains it, the site itself or a folder that contains it, a folder of the site's sources, a file,
/// or a non-empty folder that is not a previous build.
pub(crate) fn check_out_dir(site: &Path, out: &Path) -> Result<PathBuf, WriteError> {
    let site = absolute(site);
    let out = absolute(out);
    let homes = ["HOME", "USERPROFILE"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|h| absolute(Path::new(&h)));
    if out.parent().is_none() {
        return Err(WriteError::Refused(format!(
            "拒绝把根目录 {} 用作输出目录（refusing `/` as output）",
            out.display()
        )));
    }
    for home in homes {
        if home.starts_with(&out) {
            return Err(WriteError::Refused(format!(
                "拒绝把主目录或其上级 {} 用作输出目录（refusing the home folder or a parent of it as output）",
                out.display()
            )));
        }
    }
    if site.starts_with(&out) {
        return Err(WriteError::Refused(format!(
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
            return Err(WriteError::Refused(format!(
                "拒绝输出到 {}：它在站点的 {protected}/ 中（refusing an output folder inside {protected}/）",
                out.display()
            )));
        }
    }
    match std::fs::symlink_metadata(&out) {
        Ok(m) if !m.is_dir() => Err(WriteError::Refused(format!(
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
                Err(WriteError::Refused(format!(
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

/// A staging folder that becomes the output folder on [`Stage::commit`]. While it lives it holds a
/// lock on the output folder's parent, so a second build of the same output waits for the first
/// (and says so) instead of failing halfway through the swap.
pub struct Stage {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
    _lock: std::fs::File,
    /// What the previous build made its files from (its record), empty without one.
    previous: Made,
    /// What this build made its files from: output path → key ([`Stage::keep_made`]).
    made: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
}

/// Which files of an output were made from inputs with which key (a PDF's build-cache key), with
/// each file's stat as the build left it: read from the previous build's [`record`], so that a
/// file made from the same key and untouched since is kept without reading it.
#[derive(Clone, Debug, Default)]
pub struct Made(std::collections::HashMap<String, (String, record::Stamp)>);

/// Locks the folder that holds the output (`flock` on the folder itself: no lock file left behind).
/// A build that has to wait says so on stderr.
fn lock_parent(parent: &Path, out: &Path) -> Result<std::fs::File, WriteError> {
    let f = std::fs::File::open(parent).map_err(io("无法打开", parent))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "另一个 jixiao build 正在写入 {}，等待其完成……（another build is writing this output; waiting）",
                out.display()
            );
            f.lock().map_err(io("无法锁定", parent))?;
            Ok(f)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(io("无法锁定", parent)(e)),
    }
}

/// The output folder's permission bits (mode with setgid/sticky) and group, carried over to the new
/// output: a web server may depend on them.
#[cfg(unix)]
fn carry_permissions(from: &Path, to: &Path) -> Result<(), WriteError> {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let Ok(meta) = std::fs::metadata(from) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Ok(());
    }
    // The group first: changing it may clear setgid, which the mode then sets again.
    if std::fs::metadata(to).is_ok_and(|m| m.gid() != meta.gid())
        && let Err(e) = std::os::unix::fs::chown(to, None, Some(meta.gid()))
    {
        // Not a member of that group: the build goes on, and says what it could not keep.
        eprintln!(
            "警告：无法把新输出目录的属组设为 {}（cannot keep the output folder's group）：{e}",
            meta.gid()
        );
    }
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(meta.mode() & 0o7777))
        .map_err(io("无法设置权限", to))
}

#[cfg(not(unix))]
fn carry_permissions(_from: &Path, _to: &Path) -> Result<(), WriteError> {
    Ok(())
}

impl Stage {
    /// Creates an empty staging folder beside `out` (same file system, so the swap is a rename).
    pub fn new(out: &Path) -> Result<Stage, WriteError> {
        let parent = out.parent().ok_or_else(|| {
            WriteError::Refused("输出目录没有上级目录（the output folder has no parent）".into())
        })?;
        std::fs::create_dir_all(parent).map_err(io("无法创建", parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "build".into());
        let lock = lock_parent(parent, out)?;
        recover(out, parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io("无法清理", &dir))?;
        }
        std::fs::create_dir(&dir).map_err(io("无法创建", &dir))?;
        carry_permissions(out, &dir)?;
        let stage = Stage {
            out: out.to_path_buf(),
            dir,
            committed: false,
            _lock: lock,
            previous: Made::default(),
            made: Default::default(),
        };
        stage.write(
            MARKER,
            b"jixiao build output: this folder is replaced as a whole by every build\n",
        )?;
        Ok(stage)
    }

    /// The stage of a build whose previous build into the same folder made its files as `previous`
    /// says (see [`Stage::keep_made`]).
    pub(crate) fn with_previous(mut self, previous: Made) -> Stage {
        self.previous = previous;
        self
    }

    /// The files this build made from a key (output path → key), for its record.
    pub(crate) fn made(&self) -> std::collections::BTreeMap<String, String> {
        self.made.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The key `rel` was made from in this build, when it was noted ([`Stage::keep_made`]).
    pub(crate) fn made_key(&self, rel: &str) -> Option<String> {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            .cloned()
    }

    /// Notes that `rel` is made from inputs with the hash `key`, and, when the previous build made
    /// its `rel` from the same key and that file is still exactly as the build left it (size,
    /// time, inode: [`record`]), links the stage's `rel` to it without reading either: `true`.
    /// `false` leaves the file to the caller ([`Stage::write`], [`Stage::copy_in`]).
    pub(crate) fn keep_made(&self, rel: &str, key: &str) -> Result<bool, WriteError> {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), key.to_string());
        let unchanged = self.previous.0.get(rel).is_some_and(|(k, stamp)| {
            k == key
                && self.previous(rel).is_some()
                && record::Stamp::of(&self.out.join(rel)).as_ref() == Some(stamp)
        });
        if !unchanged {
            return Ok(false);
        }
        let path = self.fresh(rel)?;
        Ok(std::fs::hard_link(self.out.join(rel), &path).is_ok())
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
            return Err(WriteError::Refused(format!(
                "拒绝写入输出目录之外的路径 {rel}（refusing a path outside the output）"
            )));
        }
        Ok(self.dir.join(p))
    }

    /// Writes a file into the stage, creating folders as needed. A file the previous output has with
    /// exactly these bytes is not re-created: the stage gets a hard link to it, so after the swap it
    /// is the same file (same inode and modification time; deploy tools see no change) and the old
    /// output is never written to.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.fresh(rel)?;
        if self.same_as_before(rel, bytes) && std::fs::hard_link(self.out.join(rel), &path).is_ok()
        {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(io("无法写入", &path))
    }

    /// The stage's path for `rel`, its folders made and nothing there: a file written twice may be a
    /// link to the previous output, never written through.
    fn fresh(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io("无法创建", parent))?;
        }
        let _ = std::fs::remove_file(&path);
        Ok(path)
    }

    /// Starts a file of the stage written piece by piece: a site-wide data file that would be large
    /// in memory. [`StagedFile::finish`] keeps [`Stage::write`]'s promise: a file with the previous
    /// output's bytes becomes a hard link to it.
    pub(crate) fn create(&self, rel: &str) -> Result<StagedFile<'_>, WriteError> {
        let path = self.fresh(rel)?;
        let file = std::fs::File::create(&path).map_err(io("无法写入", &path))?;
        Ok(StagedFile {
            stage: self,
            rel: rel.to_string(),
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            path,
        })
    }

    /// The previous output's regular file at `rel` (already checked to stay inside), with its
    /// length, when no folder on the way is a link.
    fn previous(&self, rel: &str) -> Option<(PathBuf, u64)> {
        let old = self.out.join(rel);
        // The previous output's folders must be real folders too: a link there leads outside it.
        let mut at = self.out.clone();
        for part in Path::new(rel).components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        match std::fs::symlink_metadata(&old) {
            Ok(m) if m.is_file() => Some((old, m.len())),
            _ => None,
        }
    }

    /// Whether the previous output has a regular file at `rel` with exactly `bytes` (read in
    /// blocks: reading each file whole into memory cost a rebuild more than rendering it).
    fn same_as_before(&self, rel: &str, bytes: &[u8]) -> bool {
        match self.previous(rel) {
            Some((old, len)) if len == bytes.len() as u64 => {
                std::fs::File::open(&old).is_ok_and(|f| same_content(f, bytes, len))
            }
            _ => false,
        }
    }

    /// Copies the file `src` (outside the output: the build cache's PDF) into the stage as `rel`,
    /// file to file; as [`Stage::write`], a file the previous output has with the same bytes becomes a
    /// hard link to it.
    pub(crate) fn copy_in(&self, rel: &str, src: &Path) -> Result<(), WriteError> {
        let path = self.fresh(rel)?;
        let len = std::fs::metadata(src).map_err(io("无法读取", src))?.len();
        if let Some((old, old_len)) = self.previous(rel)
            && old_len == len
            && same_bytes(&old, src, len)
            && std::fs::hard_link(&old, &path).is_ok()
        {
            return Ok(());
        }
        // The bytes only (`std::io::copy`, in the kernel where it can): not `fs::copy`, which
        // would give the published file the cache's private mode (0600).
        let mut from = std::fs::File::open(src).map_err(io("无法读取", src))?;
        let mut to = std::fs::File::create(&path).map_err(io("无法写入", &path))?;
        std::io::copy(&mut from, &mut to).map_err(io("无法写入", &path))?;
        Ok(())
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
            std::fs::rename(&self.out, &old).map_err(io("无法移开旧的输出目录", &self.out))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(WriteError::Refused(format!("无法启用新的输出目录：{e}")));
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

/// A file of the stage being written piece by piece ([`Stage::create`]).
pub(crate) struct StagedFile<'a> {
    stage: &'a Stage,
    rel: String,
    path: PathBuf,
    out: std::io::BufWriter<std::fs::File>,
}

impl StagedFile<'_> {
    /// Appends `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        use std::io::Write;
        self.out
            .write_all(bytes)
            .map_err(io("无法写入", &self.path))
    }

    /// Completes the file; when it has exactly the previous output's bytes, the stage keeps a hard
    /// link to that file instead (as [`Stage::write`] does).
    pub(crate) fn finish(self) -> Result<(), WriteError> {
        use std::io::Write;
        let StagedFile {
            stage,
            rel,
            path,
            mut out,
        } = self;
        out.flush().map_err(io("无法写入", &path))?;
        drop(out);
        let len = std::fs::metadata(&path)
            .map_err(io("无法写入", &path))?
            .len();
        if let Some((old, old_len)) = stage.previous(&rel)
            && old_len == len
            && same_bytes(&old, &path, len)
        {
            let _ = std::fs::remove_file(&path);
            if std::fs::hard_link(&old, &path).is_err() {
                // The link failed: write the bytes again (the file was just removed).
                std::fs::copy(&old, &path).map_err(io("无法写入", &path))?;
            }
        }
        Ok(())
    }
}

/// Whether two files of `len` bytes each have the same bytes, read in blocks.
fn same_bytes(a: &Path, b: &Path, len: u64) -> bool {
    match (std::fs::File::open(a), std::fs::File::open(b)) {
        (Ok(fa), Ok(fb)) => same_content(fa, fb, len),
        _ => false,
    }
}

/// Whether `a` and `b` both hold exactly `len` bytes, the same ones, read in blocks (never whole
/// in memory: a rebuild compares every file of the site).
fn same_content(mut a: impl std::io::Read, mut b: impl std::io::Read, len: u64) -> bool {
    let (mut ba, mut bb) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    let mut left = len;
    while left > 0 {
        let n = left.min(ba.len() as u64) as usize;
        if a.read_exact(&mut ba[..n]).is_err() || b.read_exact(&mut bb[..n]).is_err() {
            return false;
        }
        if ba[..n] != bb[..n] {
            return false;
        }
        left -= n as u64;
    }
    // Nothing beyond `len` in either (a file that grew since it was measured is not the same).
    matches!(a.read(&mut ba[..1]), Ok(0)) && matches!(b.read(&mut bb[..1]), Ok(0))
}

#[cfg(test)]
mod tests;
