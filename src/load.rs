//! Loading (读取): walk `content/`, read each Markdown file, detect its encoding, split the
//! front-matter from the narrative and parse the front-matter into a spanned tree.
//!
//! This module and `write` are the only ones that touch the file system for content.

use crate::diag::Diagnostic;
use crate::yaml::{self, Node, Span};
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
pub fn walk(content_dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(std::io::Error::other)?;
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            out.push(entry.into_path());
        }
    }
    out.sort();
    Ok(out)
}

/// Why a file could not be read as text.
pub fn read(path: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| io_diag(rel, &e))?;
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::error(
            "symlink",
            None,
            "报告文件是符号链接，已拒绝",
            "report file is a symbolic link; refused",
        )
        .with_hint("请把文件本身放在 content/ 目录下（put the file itself under content/）"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "file-too-large",
            None,
            format!("文件过大（{} 字节，上限 {} 字节）", meta.len(), MAX_FILE_BYTES),
            "file too large",
        )
        .with_hint("一份报告不应超过几百 KB；请检查是否误粘贴了大段内容或二进制文件"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_diag(rel, &e))?;
    let text = decode(&bytes).map_err(|d| d.with_hint(convert_hint(rel)))?;
    Ok(SourceFile { rel: rel.to_string(), path: path.to_path_buf(), text })
}

fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", None, format!("无法读取文件 {rel}"), e.to_string())
}

fn convert_hint(rel: &str) -> String {
    format!("用编辑器“另存为 UTF-8”，或运行：iconv -f GB18030 -t UTF-8 '{rel}' -o '{rel}.utf8' && mv '{rel}.utf8' '{rel}'")
}

/// Decodes UTF-8 (with or without BOM). A file that is not UTF-8 but decodes cleanly as GB18030 (what
/// Chinese Windows editors save as "ANSI") is named as such; anything else is reported as binary or
/// unknown, with the byte offset of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error("utf16", None, "文件是 UTF-16 编码，需要 UTF-8", "file is UTF-16; UTF-8 expected"));
    }
    if bytes.contains(&0) {
        return Err(Diagnostic::error("binary", None, "文件含有空字符，不是文本文件", "file contains NUL bytes; not text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let (decoded, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            let cjk = decoded.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
            if !had_errors && cjk > 0 {
                Err(Diagnostic::error(
                    "gbk-encoding",
                    None,
                    "文件是 GBK/GB18030 编码（中文 Windows 记事本的“ANSI”），需要 UTF-8",
                    "file is encoded in GBK/GB18030; UTF-8 expected",
                ))
            } else {
                Err(Diagnostic::error(
                    "not-utf8",
                    None,
                    format!("文件不是 UTF-8 文本（第 {} 字节无法识别）", e.valid_up_to()),
                    "file is not valid UTF-8",
                ))
            }
        }
    }
}

/// Splits `---` front-matter from the body. The opening `---` must be the first line; the closing
/// `---` (or `...`) a line of its own. CRLF line endings are accepted.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_end].trim_end_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", Some(Span::new(0, 0)), "文件是空的", "file is empty")
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
        let end = text[pos..].find('\n').map(|i| pos + i + 1).unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Ok(Split { front: Some((first_end, pos)), body_start: end });
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

/// Parses the front-matter of a split file into a tree whose spans are offsets in the whole file.
pub fn parse_front(text: &str, split: &Split) -> Result<Node, Diagnostic> {
    let (start, end) = split.front.unwrap_or((0, 0));
    let front = &text[start..end];
    // CRLF: the YAML parser handles it, offsets stay those of the file.
    yaml::parse(front, start).map_err(|e| {
        let span = e.offset.map(|o| Span::new(o, o + 1)).or_else(|| {
            // Fall back to the reported line/column within the front-matter.
            let line = e.line? as usize;
            let col = e.column.unwrap_or(1) as usize;
            let line_start: usize = front.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
            let l = front[line_start..].lines().next().unwrap_or("");
            let off: usize = l.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
            Some(Span::new(start + line_start + off, start + line_start + off + 1))
        });
        Diagnostic::error("yaml-syntax", span, format!("YAML 格式错误：{}", yaml_zh(&e.message)), e.message.clone())
            .with_hint(yaml_hint(&e.message))
    })
}

fn yaml_zh(msg: &str) -> &'static str {
    let m = msg.to_lowercase();
    if m.contains("duplicate") {
        "同一字段出现了两次"
    } else if m.contains("alias") || m.contains("anchor") || m.contains("budget") {
        "引用（& 与 *）过多或过深，已拒绝"
    } else if m.contains("nesting") || m.contains("depth") {
        "嵌套层次过深"
    } else if m.contains("indent") || m.contains("mapping values") {
        "缩进或冒号位置不对"
    } else if m.contains("tab") {
        "不能用 Tab 缩进"
    } else if m.contains("quote") || m.contains("quoted") {
        "引号没有配对"
    } else {
        "无法解析"
    }
}

fn yaml_hint(msg: &str) -> String {
    let m = msg.to_lowercase();
    if m.contains("duplicate") {
        "删除或合并重复的字段（remove the duplicate key）".into()
    } else if m.contains("tab") {
        "用空格缩进，每级两个空格（indent with spaces）".into()
    } else {
        "检查这一行及上一行的缩进（每级两个空格）、冒号后的空格和引号是否配对；含冒号的文字请加引号".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_crlf_and_bom() {
        let bytes = b"\xEF\xBB\xBF---\r\nunit: a\r\n---\r\nbody\r\n";
        let text = decode(bytes).unwrap();
        let s = split(&text).unwrap();
        let (a, b) = s.front.unwrap();
        assert_eq!(&text[a..b], "unit: a\r\n");
        assert_eq!(&text[s.body_start..], "body\r\n");
        let tree = parse_front(&text, &s).unwrap();
        let crate::yaml::Value::Map(m) = tree.value else { panic!() };
        assert_eq!(m[0].1.as_str(), Some("a"));
        assert_eq!(&text[m[0].1.span.start..m[0].1.span.end], "a");
    }

    #[test]
    fn front_matter_problems() {
        assert_eq!(split("").unwrap_err().code, "empty-file");
        assert_eq!(split("# 标题\n").unwrap_err().code, "no-front-matter");
        assert_eq!(split("---\nunit: a\n").unwrap_err().code, "unclosed-front-matter");
    }

    #[test]
    fn names_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode("---\nunit: 广州市工业和信息化局\n---\n");
        let d = decode(&bytes).unwrap_err();
        assert_eq!(d.code, "gbk-encoding");
        assert_eq!(decode(b"\x00\x01\xff\xfe\x00").unwrap_err().code, "binary");
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        let text = "---\nunit: a\nyear: [2023\n---\n";
        let s = split(text).unwrap();
        let d = parse_front(text, &s).unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.span.unwrap().start >= 4, "{d:?}");
    }
}
