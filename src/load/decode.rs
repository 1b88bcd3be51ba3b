//! Decoding a file's bytes to text: UTF-8 with or without BOM accepted; GBK, UTF-16, binary and
//! stray bytes named with the command that converts them.

use super::LoadError;
use crate::diag::Diagnostic;
use crate::load::yaml::Span;

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
