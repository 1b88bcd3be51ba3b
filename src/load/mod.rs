//! Loading (读取): walk `content/`, read each Markdown file, detect its encoding, split the
//! front-matter from the narrative and parse the front-matter into a spanned tree.
//!
//! This module and `write` are the only ones that touch the file system for content.

pub mod yaml;

use crate::diag::Diagnostic;
use crate::load::yaml::{Node, Span, YamlErrorKind};
use std::path::{Path, PathBuf};

/// Largest report file accepted (a report is a few hundred KiB at most; 8 MiB leaves room).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A source file as read from disk, decoded to UTF-8 with line endings kept.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated (`content/2023/x.md`).
    pub rel: String,
    pub path: PathBuf,
    /// The text (UTF-8, BOM removed). Spans are byte offsets in this text.
    pub text: String,
}

/// The parts of a report file.
#[derive(Clone, Debug)]
pub struct Split {
    /// The front-matter text and its byte offset in the file.
    pub front: Option<(usize, usize)>,
    /// The body (narrative) byte offset.
    pub body_start: usize,
}

/// Lists every `.md` file below `content_dir`, sorted by path (deterministic on every machine).
/// Symbolic links named `*.md` and links to folders are listed too, so that [`read`] refuses them by
/// name instead of skipping them in silence; they are never followed.
pub fn walk(content_dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = entry.map_err(std::io::Error::other)?;
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        let is_md = entry.path().extension().is_some_and(|e| e == "md");
        let ft = entry.file_type();
        if (ft.is_file() && is_md) || (ft.is_symlink() && (is_md || entry.path().is_dir())) {
            out.push(entry.into_path());
        }
    }
    out.sort();
    Ok(out)
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

fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        None,
        format!("无法读取文件 {}", crate::diag::printable(rel)),
        format!("cannot read the file: {e}"),
    )
}

fn iconv_hint(from: &str, rel: &str) -> String {
    let q = shell_quote(rel);
    format!(
        "用记事本或 WPS 打开，“另存为”时编码选 UTF-8；或运行（or run）：iconv -f {from} -t UTF-8 {q} > {q}.utf8 && mv {q}.utf8 {q}"
    )
}

/// A path quoted for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", crate::diag::printable(s).replace('\'', r"'\''"))
}

/// The byte offset of the first character of `text` for which `pred` holds (0 if none).
fn first_offset(text: &str, pred: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .find(|(_, c)| pred(*c))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// The span of the one character at byte `at` of `text` (empty at the end).
fn char_span(text: &str, at: usize) -> Option<Span> {
    let at = at.min(text.len());
    Some(Span::new(
        at,
        at + text[at..].chars().next().map_or(0, char::len_utf8),
    ))
}

/// Decodes a file to text. UTF-8 with or without a BOM is accepted, with any line endings. Anything
/// else is named, pointing at the first character that is not UTF-8 and with the command to convert:
/// GBK/GB18030 (what Chinese Windows editors save as "ANSI"), UTF-16 (Windows "Unicode"), binary
/// files; a file that is UTF-8 but for some bad bytes is told so at the first of them.
pub fn decode(bytes: &[u8], rel: &str) -> Result<String, Box<LoadError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(le) = utf16(bytes) {
        let enc = if le {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let body = bytes
            .strip_prefix(if le { b"\xFF\xFE" } else { b"\xFE\xFF" })
            .unwrap_or(bytes);
        let (text, _) = enc.decode_without_bom_handling(body);
        return Err(Box::new(LoadError {
            diag: Diagnostic::error(
                "utf16",
                Some(Span::new(0, 0)),
                "文件是 UTF-16 编码（Windows 的“Unicode”），需要 UTF-8",
                "file is UTF-16; UTF-8 expected",
            )
            .with_hint(iconv_hint("UTF-16", rel)),
            text: Some(text.into_owned()),
        }));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if s.contains('\0') => {
            let at = first_offset(s, |c| c == '\0');
            Err(Box::new(LoadError {
                diag: Diagnostic::error(
                    "binary",
                    char_span(s, at),
                    "文件含有空字符，不是文本文件",
                    "file contains NUL bytes; not a text file",
                )
                .with_hint(
                    "content/ 下的 .md 文件应是纯文本报告；Word、PDF 等文件请另存为 Markdown",
                ),
                text: Some(s.to_string()),
            }))
        }
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes);
            let bad = lossy.matches('\u{fffd}').count();
            let good_wide = lossy
                .chars()
                .filter(|c| !c.is_ascii() && *c != '\u{fffd}')
                .count();
            let (gb, gb_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            let cjk = gb
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count();
            if !gb_errors && cjk > 0 && good_wide < bad && !bytes.contains(&0) {
                let at = first_offset(&gb, |c| !c.is_ascii());
                Err(Box::new(LoadError {
                    diag: Diagnostic::error(
                        "gbk-encoding",
                        char_span(&gb, at),
                        "文件是 GBK/GB18030 编码（中文 Windows 记事本的“ANSI”），需要 UTF-8",
                        "file is encoded in GBK/GB18030; UTF-8 expected",
                    )
                    .with_hint(iconv_hint("GB18030", rel)),
                    text: Some(gb.into_owned()),
                }))
            } else if bytes.contains(&0) {
                let at = first_offset(&lossy, |c| c == '\0');
                Err(Box::new(LoadError {
                    diag: Diagnostic::error(
                        "binary",
                        char_span(&lossy, at),
                        "文件含有空字符，不是文本文件",
                        "file contains NUL bytes; not a text file",
                    )
                    .with_hint(
                        "content/ 下的 .md 文件应是纯文本报告；Word、PDF 等文件请另存为 Markdown",
                    ),
                    text: Some(lossy.into_owned()),
                }))
            } else {
                let at = e.valid_up_to();
                Err(Box::new(LoadError {
                    diag: Diagnostic::error(
                        "not-utf8",
                        char_span(&lossy, at),
                        format!(
                            "文件不是有效的 UTF-8 文本（从第 {} 字节起无法识别，共 {bad} 处）",
                            at + 1
                        ),
                        "file is not valid UTF-8",
                    )
                    .with_hint(
                        "这里的字符可能是从别的编码的文件粘贴来的：删掉后重新输入，再以 UTF-8 保存",
                    ),
                    text: Some(lossy.into_owned()),
                }))
            }
        }
    }
}

/// `Some(little_endian)` when the bytes look like UTF-16: a BOM, or (without one) NUL bytes on every
/// other position, as ASCII text in UTF-16 has.
fn utf16(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(true);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(false);
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 >= pairs * 6 && even * 10 <= pairs {
        Some(true)
    } else if even * 10 >= pairs * 6 && odd * 10 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Splits `---` front-matter from the body. The opening `---` must be the first line; the closing
/// `---` (or `...`) a line of its own. CRLF line endings are accepted.
#[allow(clippy::result_large_err)] // one per file, on the error path only
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_end].trim_end_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            "empty-file",
            Some(Span::new(0, 0)),
            "文件是空的",
            "file is empty",
        )
        .with_hint("报告以 --- 开头的 YAML 数据块开始，见 docs/format.md"));
    }
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "no-front-matter",
            Some(Span::new(0, first.len())),
            "文件开头缺少 --- 数据块（front-matter）",
            "file does not start with `---` front-matter",
        )
        .with_hint("第一行写 ---，然后是报告数据，再写一行 --- 结束，之后才是正文"));
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Ok(Split {
                front: Some((first_end, pos)),
                body_start: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        Some(Span::new(0, first.len())),
        "数据块（front-matter）没有结束的 --- 行",
        "front-matter is never closed",
    )
    .with_hint("在数据之后、正文之前加一行 ---"))
}

#[allow(clippy::result_large_err)] // one per file, on the error path only
/// Parses the front-matter of a split file into a tree whose spans are offsets in the whole file.
pub fn parse_front(text: &str, split: &Split) -> Result<Node, Diagnostic> {
    let (start, end) = split.front.unwrap_or((0, 0));
    // CRLF: the YAML parser handles it, offsets stay those of the file.
    yaml::parse(&text[start..end], start).map_err(|e| yaml_diag(&e, text, start))
}

/// A YAML error in the author's terms, placed in the file.
pub fn yaml_diag(e: &yaml::YamlError, text: &str, front_start: usize) -> Diagnostic {
    let at = e.offset.unwrap_or(front_start).min(text.len());
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    let span = Some(Span::new(at, at + len));
    let (zh, hint) = match e.kind {
        YamlErrorKind::Limit => (
            "数据块中的引用（&、*）、条目或文字超出上限，已拒绝".to_string(),
            format!(
                "报告数据不需要 YAML 的引用（& 与 *）；请把内容直接写出来。条目上限约 {} 个，嵌套上限 {} 层",
                yaml::MAX_EVENTS / 2,
                yaml::MAX_DEPTH
            ),
        ),
        YamlErrorKind::Depth => (
            format!("嵌套层次过深（超过 {} 层），已拒绝", yaml::MAX_DEPTH),
            "检查括号 [ ] { } 是否配对、缩进是否一级比一级多两个空格".to_string(),
        ),
        YamlErrorKind::Tab => ("不能用 Tab 键缩进".to_string(), "把行首的 Tab 换成空格，每级两个空格（indent with spaces）".to_string()),
        YamlErrorKind::Quote => (
            "引号没有配对".to_string(),
            "在这段文字末尾补上同样的引号；文字里本身有引号时，外面换用另一种引号（\" 或 '）".to_string(),
        ),
        YamlErrorKind::Special => (
            "这段文字以 YAML 的特殊符号开头".to_string(),
            "以 > | * & ! % @ ` [ { 开头的文字请加引号，如 actual: '>100次'（quote text that starts with a special character）"
                .to_string(),
        ),
        YamlErrorKind::Bracket => (
            "括号没有配对".to_string(),
            "补上对应的 ] 或 }；如果 [ 或 { 是文字的一部分，给整段文字加引号".to_string(),
        ),
        YamlErrorKind::Key => (
            "字段名无法识别".to_string(),
            "字段名应是简单的文字，如 name:；行首的 ? [ { 等符号请去掉或给整段加引号".to_string(),
        ),
        YamlErrorKind::Indent => (
            "缩进或冒号位置不对".to_string(),
            "检查这一行及上一行的缩进（每级两个空格）；文字中含“: ”时给整段加引号，如 actual: '>100次'".to_string(),
        ),
        YamlErrorKind::Syntax => (
            "无法解析".to_string(),
            "检查这一行及上一行的缩进（每级两个空格）、冒号后的空格和引号是否配对；以 ' \" * & ! % @ ` > | [ { 开头的文字请加引号"
                .to_string(),
        ),
    };
    Diagnostic::error(
        "yaml-syntax",
        span,
        format!("YAML 格式错误：{zh}"),
        e.message.clone(),
    )
    .with_hint(hint)
}

/// Every key written twice in one map of the front-matter, as an error at the second occurrence
/// that shows the first.
pub fn duplicate_keys(tree: &Node) -> Vec<Diagnostic> {
    yaml::duplicates(tree)
        .into_iter()
        .map(|d| {
            let key = crate::diag::excerpt(&d.key);
            Diagnostic::error(
                "duplicate-key",
                Some(d.span),
                format!("字段“{key}”重复出现"),
                format!("duplicate key `{key}`"),
            )
            .with_related(d.first, "首次出现在这里（first written here）")
            .with_hint("同一层中每个字段只能写一次：删除一处，或把两处的内容合并")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf_and_bom() {
        let bytes = b"\xEF\xBB\xBF---\r\nunit: a\r\n---\r\nbody\r\n";
        let text = decode(bytes, "x.md").unwrap();
        let s = split(&text).unwrap();
        let (a, b) = s.front.unwrap();
        assert_eq!(&text[a..b], "unit: a\r\n");
        assert_eq!(&text[s.body_start..], "body\r\n");
        let tree = parse_front(&text, &s).unwrap();
        let crate::load::yaml::Value::Map(m) = tree.value else {
            panic!()
        };
        assert_eq!(m[0].1.as_str(), Some("a"));
        assert_eq!(&text[m[0].1.span.start..m[0].1.span.end], "a");
    }

    #[test]
    fn front_matter_problems() {
        assert_eq!(split("").unwrap_err().code, "empty-file");
        assert_eq!(split("  \r\n\n").unwrap_err().code, "empty-file");
        assert_eq!(split("# 标题\n").unwrap_err().code, "no-front-matter");
        assert_eq!(
            split("---\nunit: a\n").unwrap_err().code,
            "unclosed-front-matter"
        );
    }

    #[test]
    fn names_gbk_and_points_at_its_first_chinese_character() {
        let (bytes, _, _) = encoding_rs::GBK.encode("---\nunit: 广州市工业和信息化局\n---\n");
        let e = decode(&bytes, "content/a.md").unwrap_err();
        assert_eq!(e.diag.code, "gbk-encoding");
        let text = e.text.unwrap();
        assert_eq!(
            &text[e.diag.span.unwrap().start..],
            "广州市工业和信息化局\n---\n"
        );
        assert!(
            e.diag
                .hint
                .unwrap()
                .contains("iconv -f GB18030 -t UTF-8 'content/a.md'")
        );
    }

    #[test]
    fn utf8_with_a_stray_byte_is_not_called_gbk() {
        let mut bytes = "---\nunit: 广州市工业和信息化局\ntitle: "
            .as_bytes()
            .to_vec();
        bytes.push(0xB9);
        bytes.extend_from_slice("报告\n---\n".as_bytes());
        let e = decode(&bytes, "a.md").unwrap_err();
        assert_eq!(e.diag.code, "not-utf8");
        let text = e.text.unwrap();
        assert!(text[e.diag.span.unwrap().start..].starts_with('\u{fffd}'));
    }

    #[test]
    fn names_utf16_and_binary() {
        let utf16le: Vec<u8> = "---\nunit: a\n---\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&utf16le, "a.md").unwrap_err().diag.code, "utf16");
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&utf16le);
        let e = decode(&with_bom, "a.md").unwrap_err();
        assert_eq!(e.diag.code, "utf16");
        assert!(e.diag.hint.unwrap().contains("iconv -f UTF-16"));
        assert_eq!(e.text.as_deref(), Some("---\nunit: a\n---\n"));
        assert_eq!(
            decode(b"\x00\x01\xff\xfe\x00", "a.md")
                .unwrap_err()
                .diag
                .code,
            "binary"
        );
        assert_eq!(
            decode(b"---\nx: 1\x00\n", "a.md").unwrap_err().diag.span,
            Some(Span::new(8, 9))
        );
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        let text = "---\nunit: a\nyear: [2023\n---\n";
        let s = split(text).unwrap();
        let d = parse_front(text, &s).unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.span.unwrap().start >= 4, "{d:?}");
    }

    #[test]
    fn refuses_oversized_files_without_reading_them_whole() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("big.md");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(
            read(&p, "content/big.md").unwrap_err().diag.code,
            "file-too-large"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("real.md"), "---\nunit: a\n---\n").unwrap();
        std::os::unix::fs::symlink(t.path().join("real.md"), t.path().join("link.md")).unwrap();
        std::os::unix::fs::symlink("/etc", t.path().join("etc")).unwrap();
        let listed = walk(t.path()).unwrap();
        assert_eq!(listed.len(), 3, "{listed:?}");
        assert_eq!(
            read(&t.path().join("link.md"), "content/link.md")
                .unwrap_err()
                .diag
                .code,
            "symlink"
        );
        assert_eq!(
            read(&t.path().join("etc"), "content/etc")
                .unwrap_err()
                .diag
                .code,
            "symlink"
        );
    }
}
