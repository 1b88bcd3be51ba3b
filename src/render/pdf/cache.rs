//! The PDF build cache (PDF 缓存): a report's PDF is typeset once and reused for as long as nothing
//! that made it has changed.
//!
//! The cache is content-addressed: an entry's name is the SHA-256 of everything typst sees —
//!
//! - the report's `report.json` bytes (its view and the site's name, as the template reads them);
//! - every file of the theme's `typst/` folder (path and bytes);
//! - the typst binary: its `--version` output, its size and modification time;
//! - `tools/versions` (the pins compiled into jixiao) and the font set's id: the font folder's `.pin`
//!   stamp and every font file's path, size and modification time;
//! - the flags of the run that change the output ([`super::typst_flags`]: the timestamp, the PDF
//!   standard …).
//!
//! Changing any of them gives a new name, so an entry is never stale: at worst an unchanged PDF is
//! typeset again (a font file touched, typst reinstalled). One report's entry depends on nothing of
//! the other reports: adding a report invalidates no other entry. Entries are written atomically
//! (a temporary file renamed into place), so concurrent builds sharing a cache see either no entry
//! or a whole one.
//!
//! Where: `<tools cache>/pdf/` — `$JIXIAO_CACHE/pdf/` when set, else `<site>/.cache/pdf/`
//! ([`super::tools::Lookup::caches`]). `jixiao build --no-cache` neither reads nor writes it.
//!
//! For `jixiao serve`: [`PdfCache::for_site`] opens it, [`KeyBase::new`] hashes the inputs shared by
//! all reports once, [`KeyBase::key`] names one report's entry, [`PdfCache::get`] / [`PdfCache::put`]
//! read and store; [`super::compile_one`] typesets one report through the cache.

use super::fonts::FontError;
use super::tools::{Lookup, Tools};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Bump when the key's recipe changes (old entries are then simply never found).
const FORMAT: &str = "jixiao-pdf-cache-1";

/// The cache's folder.
#[derive(Clone, Debug)]
pub struct PdfCache {
    dir: PathBuf,
}

/// The name of one cache entry (hex SHA-256).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(String);

impl Key {
    pub fn hex(&self) -> &str {
        &self.0
    }
}

/// Everything a PDF depends on besides its report's data, hashed once per build.
#[derive(Clone)]
pub(crate) struct KeyBase {
    state: Sha256,
}

/// The inputs shared by every report of a build (see the module documentation).
#[derive(Clone, Debug, Default)]
pub(crate) struct Inputs {
    /// `typst --version` output.
    pub typst_version: String,
    /// Size and modification time (ns since the epoch) of the typst binary.
    pub typst_binary: (u64, i128),
    /// `tools/versions`.
    pub pins: String,
    /// [`fonts_id`] of the font folder.
    pub fonts: String,
    /// The theme's Typst files: path relative to `typst/`, bytes.
    pub theme: Vec<(String, Vec<u8>)>,
    /// [`super::typst_flags`].
    pub flags: Vec<String>,
}

impl Inputs {
    /// The inputs of the located tools, the theme's files and the run's flags.
    pub fn of(tools: &Tools, theme: &[(String, Vec<u8>)], flags: Vec<String>) -> Inputs {
        Inputs {
            typst_version: typst_version(&tools.typst),
            typst_binary: file_stamp(&tools.typst),
            pins: super::tools::VERSIONS.to_string(),
            fonts: fonts_id(&tools.fonts),
            theme: theme.to_vec(),
            flags,
        }
    }
}

/// A length-prefixed field, so that no two different inputs hash alike.
fn field(h: &mut Sha256, tag: &str, bytes: &[u8]) {
    h.update(tag.as_bytes());
    h.update([0]);
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

impl KeyBase {
    pub fn new(inputs: &Inputs) -> KeyBase {
        let mut h = Sha256::new();
        field(&mut h, "format", FORMAT.as_bytes());
        field(&mut h, "typst", inputs.typst_version.as_bytes());
        field(&mut h, "typst-size", &inputs.typst_binary.0.to_le_bytes());
        field(&mut h, "typst-mtime", &inputs.typst_binary.1.to_le_bytes());
        field(&mut h, "pins", inputs.pins.as_bytes());
        field(&mut h, "fonts", inputs.fonts.as_bytes());
        field(
            &mut h,
            "theme-files",
            &(inputs.theme.len() as u64).to_le_bytes(),
        );
        let mut theme: Vec<&(String, Vec<u8>)> = inputs.theme.iter().collect();
        theme.sort_by(|a, b| a.0.cmp(&b.0));
        for (rel, bytes) in theme {
            field(&mut h, "theme-path", rel.as_bytes());
            field(&mut h, "theme-bytes", bytes);
        }
        field(&mut h, "flags", &(inputs.flags.len() as u64).to_le_bytes());
        for f in &inputs.flags {
            field(&mut h, "flag", f.as_bytes());
        }
        KeyBase { state: h }
    }

    /// The key of one report's PDF: the shared inputs and its `report.json` bytes.
    pub fn key(&self, report_json: &[u8]) -> Key {
        let mut h = self.state.clone();
        field(&mut h, "report.json", report_json);
        let digest = h.finalize();
        let mut hex = String::with_capacity(64);
        for b in digest {
            hex.push_str(&format!("{b:02x}"));
        }
        Key(hex)
    }
}

/// `typst --version`'s output (empty when it cannot run: then the build fails anyway).
pub(crate) fn typst_version(typst: &Path) -> String {
    std::process::Command::new(typst)
        .arg("--version")
        .env_clear()
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Size and modification time of a file, (0, 0) when it cannot be read.
pub(crate) fn file_stamp(path: &Path) -> (u64, i128) {
    let Ok(m) = std::fs::metadata(path) else {
        return (0, 0);
    };
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128);
    (m.len(), mtime)
}

/// The font set's id: the folder's `.pin` stamp and every font file's path (relative to the folder),
/// size and modification time. Cheap (no font is read) and changed by any new, removed or rewritten
/// font file.
pub(crate) fn fonts_id(dir: &Path) -> String {
    let mut out = std::fs::read_to_string(dir.join(".pin")).unwrap_or_default();
    out.push('\n');
    for f in super::fonts::font_files(dir) {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        let (size, mtime) = file_stamp(&f);
        out.push_str(&format!("{} {size} {mtime}\n", rel.display()));
    }
    out
}

impl PdfCache {
    /// A cache in `dir` (created on the first [`PdfCache::put`]).
    pub fn new(dir: impl Into<PathBuf>) -> PdfCache {
        PdfCache { dir: dir.into() }
    }

    /// The cache of a site: `$JIXIAO_CACHE/pdf` when set, else `<site>/.cache/pdf`.
    pub fn for_site(site_root: &Path) -> PdfCache {
        let base = Lookup::from_env()
            .caches(site_root)
            .into_iter()
            .next()
            .unwrap_or_else(|| site_root.join(".cache"));
        PdfCache::new(base.join("pdf"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(&key.0[..2]).join(format!("{}.pdf", key.0))
    }

    /// The PDF stored under `key`, if any.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        std::fs::read(self.path(key)).ok()
    }

    /// The file of the PDF stored under `key`, if there is one (to be copied file to file).
    pub(crate) fn file(&self, key: &Key) -> Option<PathBuf> {
        let path = self.path(key);
        std::fs::metadata(&path)
            .is_ok_and(|m| m.is_file())
            .then_some(path)
    }

    /// Stores a PDF under `key`, atomically. A cache that cannot be written only costs time later:
    /// the error is returned for the caller to ignore or report.
    pub fn put(&self, key: &Key, pdf: &[u8]) -> std::io::Result<()> {
        self.put_file(&self.path(key), pdf)
    }

    /// The characters of `chars` that no font of the set `fonts_id` has, remembered per font set
    /// and character set (reading the fonts to find out takes most of a no-op build otherwise).
    pub(crate) fn uncovered(
        &self,
        fonts_id: &str,
        chars: &BTreeSet<char>,
        compute: impl FnOnce() -> Result<BTreeSet<char>, FontError>,
    ) -> Result<BTreeSet<char>, FontError> {
        let mut h = Sha256::new();
        field(&mut h, "format", FORMAT.as_bytes());
        field(&mut h, "fonts", fonts_id.as_bytes());
        let text: String = chars.iter().collect();
        field(&mut h, "chars", text.as_bytes());
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let path = self.dir.join("coverage").join(format!("{hex}.txt"));
        if let Ok(s) = std::fs::read_to_string(&path) {
            return Ok(s.chars().collect());
        }
        let missing = compute()?;
        let text: String = missing.iter().collect();
        let _ = self.put_file(&path, text.as_bytes());
        Ok(missing)
    }

    fn put_file(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(parent)?;
        tmp.write_all(bytes)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
