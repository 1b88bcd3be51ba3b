//! Images and attachments (图片与附件) a report refers to: every reference resolves inside the site's
//! `content/` folder, or is refused with an error the author can act on.
//!
//! Every link and image of a narrative is resolved once, when the report is read ([`target`], called
//! by [`super::read`]): the [`Target`] is kept in the tree and both renderers use only it — a web
//! address kept as written, an anchor in the page, another report of the site, or a file that is
//! certainly inside `content/` (after `..`, percent-encoding, backslashes and symbolic links have all
//! been looked through) with the path it is copied to in the output. A refused reference is text only,
//! and `jixiao check` names it.
//!
//! The returned [`Diagnostic`] has no place: the caller adds the span of the reference
//! (`Diagnostic::with_span`).

// A diagnostic per refused reference, on the error path only.
#![allow(clippy::result_large_err)]

use super::Place;
use super::markdown::{IMAGE_SCHEMES, LINK_SCHEMES, UrlKind, url_kind};
use crate::diag::{Diagnostic, excerpt};
use std::path::{Component, Path, PathBuf};

mod types;

/// Where a link or image of the narrative goes, decided once when the report is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A web address (`http:`/`https:`, for links also `mailto:`/`tel:`), as written.
    Web(String),
    /// `#…`: a place in the same page (the part after `#`).
    Anchor(String),
    /// Another report of the site (a `.md` file under `content/`): its slug
    /// (`gz-gxj/2022-table`) and the `#…` written after the path (empty if none).
    Report { slug: String, fragment: String },
    /// A file inside `content/`, copied into the output: its real path, its path in the output
    /// (relative to the output root, `/`-separated: its path relative to `content/`), and the `#…`
    /// written after it (links only; empty if none).
    File {
        source: PathBuf,
        output: String,
        fragment: String,
    },
    /// Refused (`jixiao check` says why), or local while no site is known: shown as text only.
    Refused,
}

/// Resolves a link (`image` false) or an image of the narrative to its [`Target`], with the reason
/// when it is refused. Without a site (`place` None) local references are refused silently.
pub fn target(place: Option<&Place<'_>>, url: &str, image: bool) -> (Target, Option<Diagnostic>) {
    let resolved = match place {
        Some(p) if image => resolve_asset(p.content, p.report_dir, url),
        Some(p) => resolve_link(p.content, p.report_dir, url),
        None => match url_kind(url) {
            UrlKind::Path => return (Target::Refused, None),
            _ => resolve(Path::new(""), Path::new(""), url, schemes(image)),
        },
    };
    let fragment = || {
        url.split_once('#')
            .filter(|_| !image)
            .map(|(_, f)| format!("#{f}"))
            .unwrap_or_default()
    };
    match resolved {
        // An image from another site would be fetched by every reader's browser: tracking, mixed
        // content, a picture swapped after review. Refused; a link to it is fine.
        Ok(Resolved::Web(_)) if image => (
            Target::Refused,
            Some(
                refused(
                    "image-external",
                    url,
                    "是其他网站上的图片",
                    "an image from another site",
                )
                .with_hint(
                    "把图片下载后放在 content/ 中（如 images/图1.png）用相对路径引用；或改写成链接 [图片说明](https://…)",
                ),
            ),
        ),
        Ok(Resolved::Web(u)) => (Target::Web(u), None),
        Ok(Resolved::Anchor(a)) if !image => (Target::Anchor(a), None),
        Ok(Resolved::Anchor(_)) => (Target::Refused, None),
        Ok(Resolved::File { path, rel }) => {
            // Every `.md` file under content/ is read as a report (`load::walk`): link to its page.
            if !image && Path::new(&rel).extension().is_some_and(|e| e == "md") {
                let slug = rel.trim_end_matches(".md").to_string();
                return (
                    Target::Report {
                        slug,
                        fragment: fragment(),
                    },
                    None,
                );
            }
            if let Err(why) = types::check(&path, image) {
                return (Target::Refused, Some(type_refused(url, image, why)));
            }
            (
                Target::File {
                    source: path,
                    output: rel,
                    fragment: fragment(),
                },
                None,
            )
        }
        Err(d) => (Target::Refused, Some(d)),
    }
}

/// The error for a file whose kind may not be published.
fn type_refused(url: &str, image: bool, why: types::Refusal) -> Diagnostic {
    let list = if image {
        types::IMAGE_LIST
    } else {
        types::ATTACHMENT_LIST
    };
    match why {
        types::Refusal::Kind(ext) => {
            let shown = if ext.is_empty() {
                "没有扩展名".to_string()
            } else {
                format!("是 .{} 文件", excerpt(&ext))
            };
            refused(
                if image {
                    "image-type"
                } else {
                    "attachment-type"
                },
                url,
                &format!(
                    "{shown}，不能作为{}发布",
                    if image { "图片" } else { "附件" }
                ),
                "this kind of file may not be published",
            )
            .with_hint(format!(
                "{}只能是 {list}；网页、SVG、脚本等请转成 PDF 或 PNG 再引用",
                if image { "图片" } else { "附件" }
            ))
        }
        types::Refusal::Content(ext) => refused(
            "attachment-content",
            url,
            &format!("的内容不是 .{} 文件", excerpt(&ext)),
            "the file's content does not match its extension",
        )
        .with_hint(format!(
            "用原程序重新导出为 .{} 文件（文件名的扩展名须与内容一致）",
            excerpt(&ext)
        )),
    }
}

fn schemes(image: bool) -> &'static [&'static str] {
    if image { &IMAGE_SCHEMES } else { &LINK_SCHEMES }
}

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
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
pub(crate) fn resolve_link(
    content: &Path,
    report_dir: &Path,
    url: &str,
) -> Result<Resolved, Diagnostic> {
    resolve(content, report_dir, url, &LINK_SCHEMES)
}

/// Resolves an image or attachment to a file inside `content/` (or an `http(s)` address, which the
/// caller may refuse for the PDF). `..` leading out of `content/`, absolute paths, other schemes
/// (`file:`, `javascript:`, `data:` …) and symbolic links leading outside are refused.
pub(crate) fn resolve_asset(
    content: &Path,
    report_dir: &Path,
    url: &str,
) -> Result<Resolved, Diagnostic> {
    match resolve(content, report_dir, url, &IMAGE_SCHEMES)? {
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
    match url_kind(trimmed) {
        UrlKind::Fragment(frag) => return Ok(Resolved::Anchor(frag.to_string())),
        // `C:\…`, `c:/…`: a Windows drive.
        UrlKind::Scheme(scheme) if scheme.len() == 1 => {
            return Err(
                refused("asset-absolute", url, "是绝对路径", "absolute path").with_hint(LOCAL_HINT),
            );
        }
        UrlKind::Scheme(scheme) if schemes.contains(&scheme.as_str()) => {
            return Ok(Resolved::Web(trimmed.to_string()));
        }
        UrlKind::Scheme(scheme) => {
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
        UrlKind::Path => {}
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

/// `%E5%9B%BE` → `图`; `None` for a malformed escape or bytes that are not UTF-8. (Also the
/// preview server's URL paths.)
pub(crate) fn percent_decode(s: &str) -> Option<String> {
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
mod tests;
