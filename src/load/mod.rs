//! Loading (读取): walk `content/`, read each Markdown file, detect its encoding, split the
//! front-matter from the narrative and parse the front-matter into a spanned tree.
//!
//! This module and `write` are the only ones that touch the file system for content.

mod decode;
pub mod fingerprint;
mod front_matter;
pub(crate) mod hints;
pub mod keyboard;
pub mod yaml;

pub use decode::decode;
pub use front_matter::{Split, control_chars, duplicate_keys, parse_front, split, yaml_diag};

use crate::diag::{Diagnostic, Problem};
use crate::load::yaml::{Node, Span};
use std::path::{Path, PathBuf};

/// Largest report file accepted (a report is a few hundred KiB at most; 8 MiB leaves room).
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A source file as read from disk, decoded to UTF-8 with line endings kept.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated (`content/2023/x.md`).
    pub rel: String,
    pub path: PathBuf,
    /// The text (UTF-8, BOM removed). Spans are byte offsets in this text.
    pub text: String,
}

/// What [`walk`] found below `content/`.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every report file, sorted by path.
    pub files: Vec<PathBuf>,
    /// Folders (or entries) that could not be listed: each an `io` error at that path, so one
    /// unreadable folder does not hide the other reports.
    pub unreadable: Vec<(PathBuf, std::io::Error)>,
}

/// Whether a file name is a report's: `.md` in any case (`报告.MD` saved by a Windows editor).
pub(crate) fn is_report_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Lists every `.md` file below `content_dir`, sorted by path (deterministic on every machine).
/// Symbolic links named `*.md` and links to folders are listed too, so that [`read`] refuses them by
/// name instead of skipping them in silence; they are never followed. Only `content_dir` itself
/// being unreadable is an error; a folder below it that cannot be listed is reported in
/// [`Walk::unreadable`] and the walk goes on.
pub fn walk(content_dir: &Path) -> Result<Walk, std::io::Error> {
    std::fs::read_dir(content_dir)?;
    let mut out = Walk::default();
    for entry in walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_path_buf();
                out.unreadable.push((path, std::io::Error::other(e)));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        let is_md = is_report_name(entry.path());
        let ft = entry.file_type();
        if (ft.is_file() && is_md) || (ft.is_symlink() && (is_md || entry.path().is_dir())) {
            out.files.push(entry.into_path());
        }
    }
    out.files.sort();
    Ok(out)
}

/// The `io` problem of a folder below `content/` that could not be listed.
pub fn unreadable(rel: &str, e: &std::io::Error) -> Problem {
    Problem::new(
        &io_diag(rel, e).with_hint(
            "检查该文件夹的读取权限（chmod -R a+rX）；其他报告照常检查（check the folder's permissions）",
        ),
        rel,
        None,
    )
}

/// A file that could not be read as a report: the problem, and the text to show its place in (the
/// file decoded as well as it could be, e.g. as GBK), when there is one.
#[derive(Clone, Debug)]
pub struct LoadError {
    pub diag: Diagnostic,
    pub text: Option<String>,
}

impl From<Diagnostic> for Box<LoadError> {
    fn from(diag: Diagnostic) -> Self {
        Box::new(LoadError { diag, text: None })
    }
}

/// Reads one report file: refuses links, special files and files over [`MAX_FILE_BYTES`] (without
/// reading more than that), then decodes it.
pub fn read(path: &Path, rel: &str) -> Result<SourceFile, Box<LoadError>> {
    use std::io::Read as _;
    let meta = std::fs::symlink_metadata(path).map_err(|e| io_diag(rel, &e))?;
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::error(
            "symlink",
            None,
            "报告文件或文件夹是符号链接，已拒绝",
            "report file or folder is a symbolic link; refused",
        )
        .with_hint("请把文件本身放在 content/ 目录下，不要用链接（put the file itself under content/, not a link）")
        .into());
    }
    if !meta.is_file() {
        return Err(
            Diagnostic::error("not-a-file", None, "不是普通文件", "not a regular file").into(),
        );
    }
    let too_large = |len: u64| {
        Diagnostic::error(
            "file-too-large",
            Some(Span::new(0, 0)),
            format!("文件过大（{len} 字节以上，上限 {MAX_FILE_BYTES} 字节）"),
            format!("file too large ({MAX_FILE_BYTES} bytes at most)"),
        )
        .with_hint(
            "一份报告不应超过几百 KB；请检查是否误粘贴了大段内容或图片数据，图片请另存为文件再引用",
        )
    };
    // The beginning of a file refused for its size, to show where it is.
    let head = || {
        let mut b = Vec::new();
        let _ = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut b));
        Some(String::from_utf8_lossy(&b).into_owned())
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(Box::new(LoadError {
            diag: too_large(meta.len()),
            text: head(),
        }));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io_diag(rel, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(LoadError {
            diag: too_large(bytes.len() as u64),
            text: head(),
        }));
    }
    let text = decode(&bytes, rel)?;
    Ok(SourceFile {
        rel: rel.to_string(),
        path: path.to_path_buf(),
        text,
    })
}

/// A report file read, decoded, split and its front-matter parsed: what the model stage reads.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the site root, `/`-separated (`content/2023/x.md`).
    pub rel: String,
    pub path: PathBuf,
    /// The text (UTF-8, BOM removed). Spans are byte offsets in this text.
    pub text: String,
    /// Byte offset of the narrative (after the closing `---`).
    pub body_start: usize,
    /// The front-matter tree, spans shifted to the whole file.
    pub tree: Node,
    /// Keyboard mistakes found in the front-matter's text (a full-width colon…): the file is not
    /// processed when there is one, and what the reader says about their places is dropped.
    pub mistakes: keyboard::Mistakes,
}

/// Reads one report file up to its front-matter tree. A file that cannot get that far gets its
/// placed problems: the one that stopped it, or every keyboard mistake that explains a YAML error
/// (the file as well as it could be decoded is used to show the place).
pub fn report(path: &Path, rel: &str) -> Result<Source, Vec<Problem>> {
    report_of(read_placed(path, rel)?)
}

/// [`read`], its problem placed.
pub fn read_placed(path: &Path, rel: &str) -> Result<SourceFile, Vec<Problem>> {
    read(path, rel).map_err(|e| vec![Problem::new(&e.diag, rel, e.text.as_deref())])
}

/// As [`report`], for a file already read ([`read_placed`]).
pub fn report_of(file: SourceFile) -> Result<Source, Vec<Problem>> {
    let rel = file.rel.as_str();
    let placed = |ds: Vec<Diagnostic>| {
        let idx = crate::diag::LineIndex::new(&file.text);
        ds.iter()
            .map(|d| Problem::placed(d, rel, Some(&idx)))
            .collect::<Vec<_>>()
    };
    let split = split(&file.text).map_err(|d| placed(vec![d]))?;
    let (start, end) = split.front.unwrap_or((0, 0));
    let mistakes = keyboard::mistakes(&file.text, start, end);
    let tree = parse_front(&file.text, &split).map_err(|d| {
        let mut ds = mistakes.keep(vec![d]);
        ds.sort_by_key(|d| d.span.map(|s| s.start));
        placed(ds)
    })?;
    Ok(Source {
        rel: file.rel,
        path: file.path,
        body_start: split.body_start,
        text: file.text,
        tree,
        mistakes,
    })
}

/// A file of the site itself (`jixiao.yaml`, a system file named there), decoded. `Ok(None)` when it
/// does not exist or lies outside the site (through `..` or a link): the caller says what that means.
pub(crate) fn site_file(root: &Path, rel: &str) -> Result<Option<String>, Box<Problem>> {
    let path = root.join(rel);
    let inside = path
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .is_some_and(|(p, r)| p.starts_with(r));
    match std::fs::read(&path) {
        Ok(bytes) if inside => decode(&bytes, rel)
            .map(Some)
            .map_err(|e| Box::new(Problem::new(&e.diag, rel, e.text.as_deref()))),
        _ => Ok(None),
    }
}

/// `path` relative to `root`, `/`-separated, whatever the platform.
pub(crate) fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        None,
        format!("无法读取文件 {}", crate::diag::printable(rel)),
        format!("cannot read the file: {e}"),
    )
}

#[cfg(test)]
mod tests;
