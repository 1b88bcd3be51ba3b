//! Images and attachments (图片与附件) a report refers to: every reference resolves inside the site's
//! `content/` folder, or is refused with an error the author can act on.
//!
//! The Markdown renderers call [`resolve_link`] for a link and [`resolve_asset`] for an image or an
//! attachment to copy, then use only what they return: a web address kept as written, an anchor in
//! the page, or a file that is certainly inside `content/` (after `..`, percent-encoding, backslashes
//! and symbolic links have all been looked through) with its path relative to `content/`.
//!
//! The returned [`Diagnostic`] has no place: the caller adds the span of the reference
//! (`Diagnostic::with_span`).

// A diagnostic per refused reference, on the error path only.
#![allow(clippy::result_large_err)]

use crate::diag::{Diagnostic, excerpt};
use std::path::{Component, Path, PathBuf};

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// An `http:`/`https:` address (or, for links, `mailto:`/`tel:`), as written.
    Web(String),
    /// `#…`: a place in the same page.
    Anchor(String),
    /// A file inside `content/`: its real path, and its path relative to `content/` with `/`
    /// separators (where it goes in the output).
    File { path: PathBuf, rel: String },
}

/// Resolves the target of a link in a report's narrative or front-matter: a web address, an anchor,
/// or a file inside `content/` (an attachment). Anything else is refused.
pub fn resolve_link(content: &Path, report_dir: &Path, url: &str) -> Result<Resolved, Diagnostic> {
    resolve(
        content,
        report_dir,
        url,
        &["http", "https", "mailto", "tel"],
    )
}

/// Resolves an image or attachment to a file inside `content/` (or an `http(s)` address, which the
/// caller may refuse for the PDF). `..` leading out of `content/`, absolute paths, other schemes
/// (`file:`, `javascript:`, `data:` …) and symbolic links leading outside are refused.
pub fn resolve_asset(content: &Path, report_dir: &Path, url: &str) -> Result<Resolved, Diagnostic> {
    match resolve(content, report_dir, url, &["http", "https"])? {
        Resolved::Anchor(_) => Err(refused("asset-anchor", url, "不是文件", "not a file")
            .with_hint("图片或附件应写文件路径，如 images/图1.png（relative to the report）")),
        other => Ok(other),
    }
}

/// A reference that holds control characters, before or after percent-decoding.
fn control_refused(url: &str) -> Diagnostic {
    refused(
        "asset-control",
        url,
        "含有控制字符",
        "control characters in a reference",
    )
    .with_hint(LOCAL_HINT)
}

fn refused(code: &'static str, url: &str, zh: &str, en: &str) -> Diagnostic {
    Diagnostic::error(
        code,
        None,
        format!("引用“{}”{zh}，已拒绝", excerpt(url)),
        format!("reference refused: {en}"),
    )
}

const LOCAL_HINT: &str = "把图片或附件放在 content/ 中（如与报告同一文件夹下的 images/），用相对路径引用，如 images/图1.png";

fn resolve(
    content: &Path,
    report_dir: &Path,
    url: &str,
    schemes: &[&str],
) -> Result<Resolved, Diagnostic> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err(refused("asset-empty", url, "是空的", "empty reference").with_hint(LOCAL_HINT));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(control_refused(url));
    }
    if let Some(frag) = trimmed.strip_prefix('#') {
        return Ok(Resolved::Anchor(frag.to_string()));
    }
    // A scheme, as a browser reads it: letters first, ignoring whitespace and control characters
    // inside (`java\tscript:`), case-insensitive.
    let squeezed: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some((scheme, _)) = squeezed.split_once(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        let scheme = scheme.to_ascii_lowercase();
        if scheme.len() == 1 {
            return Err(
                refused("asset-absolute", url, "是绝对路径", "absolute path").with_hint(LOCAL_HINT),
            );
        }
        if schemes.contains(&scheme.as_str()) {
            return Ok(Resolved::Web(trimmed.to_string()));
        }
        return Err(refused(
            "asset-scheme",
            url,
            &format!("使用了不允许的协议“{scheme}:”"),
            "scheme not allowed",
        )
        .with_hint(format!(
            "网址只能以 {} 开头；本地文件请放在 content/ 中用相对路径引用",
            schemes
                .iter()
                .map(|s| format!("{s}:"))
                .collect::<Vec<_>>()
                .join("、")
        )));
    }
    // A local path: no query or fragment, percent-decoded, `\` taken as `/` (Windows authors).
    let path_part = trimmed.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part).ok_or_else(|| {
        refused(
            "asset-encoding",
            url,
            "的百分号编码无效",
            "bad percent-encoding",
        )
        .with_hint(LOCAL_HINT)
    })?;
    let decoded = decoded.replace('\\', "/");
    if decoded.starts_with('/') || decoded.starts_with('~') || Path::new(&decoded).is_absolute() {
        return Err(
            refused("asset-absolute", url, "是绝对路径", "absolute path").with_hint(LOCAL_HINT),
        );
    }
    if decoded.chars().any(|c| c.is_control()) {
        return Err(control_refused(url));
    }
    let content_real = content.canonicalize().map_err(|e| {
        refused(
            "asset-missing",
            url,
            "无法解析（content/ 不可读）",
            &e.to_string(),
        )
    })?;
    // Lexically inside content/ first: `..` may climb within content/ but never out of it.
    let mut lexical = report_dir
        .strip_prefix(content)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(p) => lexical.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !lexical.pop() {
                    return Err(refused(
                        "asset-outside",
                        url,
                        "指向 content/ 之外",
                        "leads outside content/",
                    )
                    .with_hint(LOCAL_HINT));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(
                    refused("asset-absolute", url, "是绝对路径", "absolute path")
                        .with_hint(LOCAL_HINT),
                );
            }
        }
    }
    if lexical.as_os_str().is_empty() {
        return Err(refused("asset-empty", url, "不是文件", "not a file").with_hint(LOCAL_HINT));
    }
    let candidate = content.join(&lexical);
    let real = candidate.canonicalize().map_err(|_| {
        refused("asset-missing", url, "找不到文件", "file not found").with_hint(format!(
            "检查文件名（区分大小写）和路径：应在 content/{}",
            lexical.to_string_lossy().replace('\\', "/")
        ))
    })?;
    // Symbolic links are looked through: the real file must be inside content/ too.
    if !real.starts_with(&content_real) {
        return Err(refused(
            "asset-outside",
            url,
            "经符号链接指向 content/ 之外",
            "a symbolic link leads outside content/",
        )
        .with_hint(LOCAL_HINT));
    }
    if !real.is_file() {
        return Err(refused("asset-not-file", url, "不是文件", "not a file").with_hint(LOCAL_HINT));
    }
    let rel = real
        .strip_prefix(&content_real)
        .unwrap_or(&lexical)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Resolved::File { path: real, rel })
}

/// Every link and image of a narrative (Markdown starting at byte `offset` of its file) that does not
/// resolve: an error at the reference, so that `jixiao check` names what the renderers would drop.
pub fn check_narrative(
    content: &Path,
    report_dir: &Path,
    markdown: &str,
    offset: usize,
) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let (url, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let result = if image {
            resolve_asset(content, report_dir, url)
        } else {
            resolve_link(content, report_dir, url)
        };
        if let Err(d) = result {
            // Point at the address inside `[text](address)` when it is written there as is.
            let written = &markdown[range.clone()];
            let at = written
                .rfind(url.as_ref())
                .filter(|_| !url.is_empty())
                .map_or(range.start, |i| range.start + i);
            let len = if at == range.start {
                written.len()
            } else {
                url.len()
            };
            let kind = if image { "图片" } else { "链接" };
            let mut d = d.with_span(crate::load::yaml::Span::new(offset + at, offset + at + len));
            d.zh = format!("{kind}{}", d.zh);
            out.push(d);
        }
    }
    out
}

/// `%E5%9B%BE` → `图`; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let content = t.path().join("content");
        let dir = content.join("guangzhou-gxj");
        std::fs::create_dir_all(dir.join("images")).unwrap();
        std::fs::write(dir.join("images/图1.png"), b"png").unwrap();
        std::fs::write(content.join("共用.pdf"), b"pdf").unwrap();
        std::fs::write(t.path().join("jixiao.yaml"), b"secret: x").unwrap();
        (t, content, dir)
    }

    fn code(r: Result<Resolved, Diagnostic>) -> &'static str {
        r.expect_err("should be refused").code
    }

    #[test]
    fn files_inside_content_resolve() {
        let (_t, content, dir) = site();
        for url in [
            "images/图1.png",
            "./images/图1.png",
            "images/%E5%9B%BE1.png",
            "images\\图1.png",
            "images/图1.png?v=2#x",
        ] {
            match resolve_asset(&content, &dir, url).unwrap() {
                Resolved::File { rel, path } => {
                    assert_eq!(rel, "guangzhou-gxj/images/图1.png", "{url}");
                    assert!(path.is_file());
                }
                other => panic!("{url}: {other:?}"),
            }
        }
        // `..` may climb inside content/.
        let r = resolve_asset(&content, &dir, "../共用.pdf").unwrap();
        assert!(
            matches!(r, Resolved::File { ref rel, .. } if rel == "共用.pdf"),
            "{r:?}"
        );
        assert_eq!(
            resolve_link(&content, &dir, "https://czj.gz.gov.cn/x").unwrap(),
            Resolved::Web("https://czj.gz.gov.cn/x".into())
        );
        assert_eq!(
            resolve_link(&content, &dir, "#附件1").unwrap(),
            Resolved::Anchor("附件1".into())
        );
    }

    #[test]
    fn escapes_are_refused() {
        let (_t, content, dir) = site();
        let refused: [(&str, &[&str]); 8] = [
            (
                "asset-outside",
                &[
                    "../../jixiao.yaml",
                    "../..//jixiao.yaml",
                    "images/../../../jixiao.yaml",
                    "%2e%2e/%2e%2e/jixiao.yaml",
                    "..\\..\\jixiao.yaml",
                    "%2E%2E%5C%2E%2E%5Cjixiao.yaml",
                ],
            ),
            (
                "asset-absolute",
                &[
                    "/etc/passwd",
                    "\\etc\\passwd",
                    "C:\\Windows\\win.ini",
                    "c:/x.png",
                    "~/x.png",
                    "%2fetc%2fpasswd",
                ],
            ),
            ("asset-scheme", &["mailto:a@b.c"]),
            ("asset-missing", &["images/没有.png"]),
            ("asset-not-file", &["images"]),
            ("asset-encoding", &["images/%ZZ.png"]),
            ("asset-empty", &[""]),
            ("asset-anchor", &["#x"]),
        ];
        for (want, urls) in refused {
            for url in urls {
                assert_eq!(code(resolve_asset(&content, &dir, url)), want, "{url}");
            }
        }
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:image/png;base64,AAAA",
            "vbscript:x",
            "//evil.example/x.png",
        ] {
            let c = code(resolve_link(&content, &dir, url));
            assert!(
                matches!(c, "asset-scheme" | "asset-absolute" | "asset-control"),
                "{url}: {c}"
            );
        }
        let d = resolve_asset(&content, &dir, "../../jixiao.yaml").unwrap_err();
        assert!(
            d.message().contains("content/ 之外") && d.hint.is_some(),
            "{d:?}"
        );
    }

    #[test]
    fn narrative_references_are_checked_in_place() {
        let (_t, content, dir) = site();
        let md = "正文 ![图](images/图1.png) [附件](../../jixiao.yaml)\n\n[点击](javascript:alert(1)) ![缺](images/没有.png) [网](https://a.cn)\n";
        let d = check_narrative(&content, &dir, md, 100);
        let got: Vec<(&str, usize)> = d
            .iter()
            .map(|d| (d.code, d.span.unwrap().start - 100))
            .collect();
        assert_eq!(
            got,
            [
                ("asset-outside", md.find("../../").unwrap()),
                ("asset-scheme", md.find("javascript").unwrap()),
                ("asset-missing", md.find("images/没有").unwrap()),
            ]
        );
        assert!(d[0].zh.starts_with("链接引用"), "{}", d[0].zh);
        assert!(d[2].zh.starts_with("图片引用"), "{}", d[2].zh);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leading_outside_are_refused() {
        let (t, content, dir) = site();
        std::os::unix::fs::symlink(t.path().join("jixiao.yaml"), dir.join("images/link.png"))
            .unwrap();
        std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
        std::os::unix::fs::symlink(dir.join("images/图1.png"), dir.join("inside.png")).unwrap();
        assert_eq!(
            code(resolve_asset(&content, &dir, "images/link.png")),
            "asset-outside"
        );
        assert_eq!(
            code(resolve_asset(&content, &dir, "etc/passwd")),
            "asset-outside"
        );
        // A link that stays inside content/ resolves to the real file.
        let r = resolve_asset(&content, &dir, "inside.png").unwrap();
        assert!(
            matches!(r, Resolved::File { ref rel, .. } if rel == "guangzhou-gxj/images/图1.png"),
            "{r:?}"
        );
    }
}
