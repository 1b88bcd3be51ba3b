//! The fingerprint (输入指纹) of what a build reads from the site: every file below `content/`
//! (reports and attachments), `jixiao.yaml`, the site's indicator systems and its theme folders —
//! each by path and bytes, in sorted order. `build` records it with its output
//! ([`crate::write::record`]) and does nothing when it and the output are as the last build left
//! them.
//!
//! It reads more than a build needs rather than less: a file that does not matter only costs a
//! rebuild, a file left out would leave the output stale.

use sha2::{Digest, Sha256};
use std::io::Read as _;
use std::path::Path;

/// The site's folders a build reads from besides `content/`: the theme's own files (a site's
/// `templates/`, `static/`, `typst/` override the theme's, `themes/<name>/` is a theme of the site)
/// and `systems/`, where site systems usually live.
const SITE_FOLDERS: [&str; 6] = [
    "content",
    "templates",
    "static",
    "typst",
    "themes",
    "systems",
];

/// A SHA-256 over length-prefixed fields: no two different inputs hash alike.
pub struct Fingerprint {
    hash: Sha256,
}

/// Bytes written into a fingerprint are hashed as they come (a value serialised straight into it,
/// never whole in memory); after them, [`Fingerprint::field`] tags what follows as usual.
impl std::io::Write for Fingerprint {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint::new()
    }
}

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint {
            hash: Sha256::new(),
        }
    }

    /// Adds one named value.
    pub fn field(&mut self, tag: &str, bytes: &[u8]) {
        self.hash.update(tag.as_bytes());
        self.hash.update([0]);
        self.hash.update((bytes.len() as u64).to_le_bytes());
        self.hash.update(bytes);
    }

    /// Adds the site's inputs: `jixiao.yaml`, the system files it names (`systems:`, relative to
    /// the site) and [`SITE_FOLDERS`] (`content/` only with `content`), walked in sorted order.
    /// `None` when any of them cannot be read: the build then runs and says what is wrong.
    pub fn site(&mut self, root: &Path, systems: &[String], content: bool) -> Option<()> {
        self.file(root, crate::model::config::CONFIG_FILE)?;
        for rel in systems {
            self.file(root, rel)?;
        }
        for folder in SITE_FOLDERS
            .into_iter()
            .filter(|&f| content || f != "content")
        {
            self.tree(root, folder)?;
        }
        Some(())
    }

    /// A file by its path relative to `root` and its bytes (or that it is not there).
    fn file(&mut self, root: &Path, rel: &str) -> Option<()> {
        let path = root.join(rel);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.field("absent", rel.as_bytes());
                Some(())
            }
            Err(_) => None,
            Ok(m) if m.is_dir() => self.tree(root, rel),
            Ok(m) if m.file_type().is_symlink() => {
                self.field("link", rel.as_bytes());
                self.field(
                    "to",
                    std::fs::read_link(&path)
                        .ok()?
                        .as_os_str()
                        .as_encoded_bytes(),
                );
                Some(())
            }
            Ok(m) => {
                self.field("file", rel.as_bytes());
                self.hash.update(m.len().to_le_bytes());
                self.bytes(&path, m.len())
            }
        }
    }

    /// Streams a file's bytes in (an attachment may be large), checking its length.
    fn bytes(&mut self, path: &Path, len: u64) -> Option<()> {
        let mut f = std::fs::File::open(path).ok()?;
        let mut buf = vec![0u8; 64 * 1024];
        let mut seen = 0u64;
        loop {
            let n = f.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            seen += n as u64;
            self.hash.update(&buf[..n]);
        }
        // A file that changed while it was read: no fingerprint (the build runs).
        (seen == len).then_some(())
    }

    /// Every entry below `root/rel` (folders, files, links — never followed), sorted by name.
    fn tree(&mut self, root: &Path, rel: &str) -> Option<()> {
        let dir = root.join(rel);
        match std::fs::symlink_metadata(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.field("absent", rel.as_bytes());
                return Some(());
            }
            Err(_) => return None,
            Ok(m) if !m.is_dir() => return self.file(root, rel),
            Ok(_) => {}
        }
        // Walked in order; the files' bytes hashed on every core, each file's digest then taken
        // in that order (a content folder of a thousand reports is 25 MB).
        let mut entries = Vec::new();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .follow_links(false)
        {
            let entry = entry.ok()?;
            let name = entry
                .path()
                .strip_prefix(root)
                .ok()?
                .as_os_str()
                .as_encoded_bytes()
                .to_vec();
            entries.push((name, entry));
        }
        use rayon::prelude::*;
        // Per entry: a file's length and digest; Some(None) for a folder or a link; None for a
        // file that could not be read whole.
        type Digest = (u64, [u8; 32]);
        let digests: Vec<Option<Option<Digest>>> = entries
            .par_iter()
            .map(|(_, entry)| {
                let ft = entry.file_type();
                if ft.is_dir() || ft.is_symlink() {
                    return Some(None);
                }
                let len = entry.metadata().ok()?.len();
                let mut one = Fingerprint::new();
                one.bytes(entry.path(), len)?;
                Some(Some((len, one.hash.finalize().into())))
            })
            .collect();
        for ((name, entry), digest) in entries.iter().zip(digests) {
            let ft = entry.file_type();
            if ft.is_dir() {
                self.field("dir", name);
            } else if ft.is_symlink() {
                self.field("link", name);
                self.field(
                    "to",
                    std::fs::read_link(entry.path())
                        .ok()?
                        .as_os_str()
                        .as_encoded_bytes(),
                );
            } else {
                let (len, digest) = digest??;
                self.field("file", name);
                self.hash.update(len.to_le_bytes());
                self.hash.update(digest);
            }
        }
        Some(())
    }

    /// The fingerprint of one value, as 64 hex digits.
    pub fn of_bytes(bytes: &[u8]) -> String {
        let mut f = Fingerprint::new();
        f.field("bytes", bytes);
        f.finish()
    }

    /// The fingerprint as 64 hex digits.
    pub fn finish(self) -> String {
        self.hash
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
