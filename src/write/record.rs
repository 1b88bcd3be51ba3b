//! The build record (生成记录): what the last build into an output folder read (the fingerprint
//! of its inputs, [`crate::load::fingerprint`]) and what it left there (every entry of the folder
//! with its size, modification time and inode). A build whose inputs have the same fingerprint,
//! into a folder still exactly as the record says, has nothing to do: it says what it said last
//! time and leaves the folder alone (a no-op rebuild of 1,000 reports with PDFs in a few
//! hundredths of a second instead of seconds).
//!
//! The record lives in the build cache (`$JIXIAO_CACHE/builds/` or `<site>/.cache/builds/`), named by
//! the output folder's absolute path, never in the output: the output's bytes stay the same on
//! every machine. Anything else — another fingerprint, a file of the output edited, added or
//! removed, a record that cannot be read — and the build runs as usual.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped when the record's meaning changes: an older record is then simply not used.
const FORMAT: u32 = 2;

/// One entry of the output folder as the build left it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stat {
    /// `/`-separated, relative to the output folder.
    path: String,
    /// `d` folder, `f` file, `l` link.
    kind: char,
    size: u64,
    mtime_ns: i128,
    inode: u64,
}

impl Stat {
    /// A file's stamp as the build left it.
    fn stamp(&self) -> Stamp {
        Stamp {
            size: self.size,
            mtime_ns: self.mtime_ns,
            inode: self.inode,
        }
    }
}

/// What a successful build read and wrote.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Record {
    format: u32,
    /// The fingerprint of the inputs, taken before the build read them.
    pub inputs: String,
    /// What the build said on stderr about the content (its warnings), said again by a no-op.
    pub said: String,
    /// What was built (`1000 份报告`), for the closing line.
    pub what: String,
    entries: Vec<Stat>,
    /// What the build made files from (output path → key, [`super::Stage::keep_made`]).
    made: std::collections::BTreeMap<String, String>,
}

/// A regular file's size, modification time and inode: a file still so was not written since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    mtime_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of the regular file at `path` (not followed if a link); `None` for anything else,
    /// or without inodes.
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        m.is_file().then(|| Stamp::of_meta(&m))
    }

    /// The stamp of what `m` describes (the record's entries take theirs from here too).
    #[cfg(unix)]
    fn of_meta(m: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt as _;
        Stamp {
            size: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            inode: m.ino(),
        }
    }

    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }
}

/// Records not written for this long are removed (their output folders are likely gone: CI
/// machines and tests build into fresh temporary folders).
const KEEP: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Removes the records older than [`KEEP`] from `dir`.
fn prune(dir: &Path) {
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in list.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > KEEP);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Where the record of the output folder `out` lives in `cache`.
pub fn path_in(cache: &Path, out: &Path) -> PathBuf {
    let abs = super::absolute(out);
    let name = crate::load::fingerprint::Fingerprint::of_bytes(abs.as_os_str().as_encoded_bytes());
    cache.join("builds").join(format!("{name}.json"))
}

/// Every entry below `out` (not `out` itself), sorted, with its stat; `None` when the folder
/// cannot be walked.
#[cfg(unix)]
fn entries(out: &Path) -> Option<Vec<Stat>> {
    let mut stats = Vec::new();
    for e in walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .follow_links(false)
    {
        let e = e.ok()?;
        let m = e.metadata().ok()?;
        let ft = e.file_type();
        let kind = if ft.is_dir() {
            'd'
        } else if ft.is_symlink() {
            'l'
        } else {
            'f'
        };
        let rel = e.path().strip_prefix(out).ok()?;
        let stamp = Stamp::of_meta(&m);
        // A folder's size and time change with what is in it, which the entries already say.
        let folder = kind == 'd';
        stats.push(Stat {
            path: rel.to_string_lossy().replace('\\', "/"),
            kind,
            size: if folder { 0 } else { stamp.size },
            mtime_ns: if folder { 0 } else { stamp.mtime_ns },
            inode: stamp.inode,
        });
    }
    Some(stats)
}

/// Without inodes there is no telling an output file from a copy of it: no record, no shortcut.
#[cfg(not(unix))]
fn entries(_out: &Path) -> Option<Vec<Stat>> {
    None
}

impl Record {
    /// The record of a build that just wrote `out` from inputs with the fingerprint `inputs`.
    /// `made`: what it made files from ([`super::Stage::made`]).
    pub fn of(
        out: &Path,
        inputs: String,
        said: String,
        what: String,
        made: std::collections::BTreeMap<String, String>,
    ) -> Option<Record> {
        Some(Record {
            format: FORMAT,
            inputs,
            said,
            what,
            entries: entries(out)?,
            made,
        })
    }

    /// What this build made files from, with each file's stamp as it left it: what the next build
    /// into the same folder may keep without reading ([`super::Stage::with_previous`]).
    pub fn made(&self) -> super::Made {
        let stamps: std::collections::HashMap<&str, &Stat> = self
            .entries
            .iter()
            .filter(|e| e.kind == 'f')
            .map(|e| (e.path.as_str(), e))
            .collect();
        super::Made(
            self.made
                .iter()
                .filter_map(|(rel, key)| {
                    let e = stamps.get(rel.as_str())?;
                    Some((rel.clone(), (key.clone(), e.stamp())))
                })
                .collect(),
        )
    }

    /// The record at `path`, if there is a readable one of this format.
    pub fn read(path: &Path) -> Option<Record> {
        let bytes = std::fs::read(path).ok()?;
        let r: Record = serde_json::from_slice(&bytes).ok()?;
        (r.format == FORMAT).then_some(r)
    }

    /// Whether a build from inputs with the fingerprint `inputs` into `out` has nothing to do: the
    /// same inputs, and `out` exactly as this build left it.
    pub fn still_holds(&self, inputs: &str, out: &Path) -> bool {
        self.inputs == inputs
            && out.join(super::MARKER).is_file()
            && entries(out).is_some_and(|now| now == self.entries)
    }

    /// Writes the record (a temporary file renamed into place: a reader never sees half of one).
    /// A record that cannot be written only costs the next build its shortcut.
    pub fn write(&self, path: &Path) {
        let Some(dir) = path.parent() else { return };
        let Ok(bytes) = serde_json::to_vec(self) else {
            return;
        };
        let tmp = dir.join(format!(".record-{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, &bytes))
            .and_then(|()| std::fs::rename(&tmp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        prune(dir);
    }

    /// Removes the record of `out` (a build that failed or was refused leaves none behind).
    pub fn forget(path: &Path) {
        let _ = std::fs::remove_file(path);
    }
}
