//! What the HTML renderer would refuse, found by `jixiao check` at the report's place
//! ([`super::super::Renderer::check`]): two things that would be written to one output path (two
//! reports, a report and a unit page, an attachment and a page), and attachments that cannot be read
//! or are larger than the site's `max_attachment_mb`. The build refuses the same, with the same
//! planning ([`claim_paths`]), so one cannot pass where the other fails.

use super::HtmlError;
use super::pages::{Plan, Unit};
use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use crate::pipeline::Site;
use crate::render::order::Listed;
use crate::write::{Stage, WriteError};
use std::collections::BTreeMap;
use std::path::Path;

/// An output path claimed twice.
pub(super) struct Collision {
    pub path: String,
    /// What claimed it the second time (a unit's name, a report's source).
    pub what: String,
    /// What holds it already (the home page, a theme file, another report).
    pub other: String,
    /// The report that claimed it (for a unit page: the unit's first report).
    pub report: Option<usize>,
}

impl Collision {
    pub fn message(&self) -> String {
        format!(
            "输出路径 {} 冲突（{} 与 {}）：请给 content/ 下的文件或文件夹换个名字（output path collision）",
            self.path, self.what, self.other
        )
    }
}

/// Every output path the renderers write (the site's own pages, unit pages, each report's files),
/// each with what is written there, and the paths claimed twice or under `static/` (the theme's
/// files).
pub(super) fn claim_paths(
    reports: &[Listed],
    units: &[Unit],
) -> (BTreeMap<String, String>, Vec<Collision>) {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut collisions = Vec::new();
    let mut claim = |p: String, what: &str, report: Option<usize>| {
        let taken = match crate::render::reserved(&p) {
            Some(what) => Some(what.to_string()),
            None => owners.get(&p).cloned(),
        };
        match taken {
            Some(other) => collisions.push(Collision {
                path: p,
                what: what.to_string(),
                other,
                report,
            }),
            None => {
                owners.insert(p, what.to_string());
            }
        }
    };
    for (p, what) in crate::render::SITE_FILES {
        claim(p.to_string(), what, None);
    }
    for u in units {
        claim(u.path.clone(), &u.name, u.reports.first().copied());
    }
    for (i, r) in reports.iter().enumerate() {
        for ext in crate::render::REPORT_FILES {
            claim(format!("{}.{ext}", r.slug), r.source, Some(i));
        }
    }
    (owners, collisions)
}

/// The problems of [`super::Html`]'s check, each with the index of its report.
pub(super) fn problems(site: &Site) -> Vec<(usize, Diagnostic)> {
    let mut out = Vec::new();
    let (plan, collisions) = Plan::with_collisions(site);
    for c in collisions {
        let Some(i) = c.report else { continue };
        // The file's name is the problem: 1:1 of the report.
        out.push((
            i,
            Diagnostic::error(
                "output-collision",
                Some(Span::new(0, 0)),
                format!(
                    "本报告的输出路径 {} 已被“{}”占用（{} 的输出与之同名）",
                    c.path, c.other, c.what
                ),
                "two outputs would be written to the same path",
            )
            .with_hint(
                "给 content/ 下的报告文件或文件夹换个名字（不要命名为 index.md；static/ 和 pagefind/ 是网站自用的文件夹），或让同一单位的报告放在同一文件夹",
            ),
        ));
    }
    let max = site.config.max_attachment_mb;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, f) in site.facts.iter().enumerate() {
        for a in &f.attachments {
            let (rel, path) = (a.rel.as_str(), &a.path);
            if seen.insert(rel, i).is_some() {
                continue;
            }
            let span = Some(a.span);
            if crate::render::reserved(rel).is_some() || plan.paths.contains(rel) {
                out.push((
                    i,
                    Diagnostic::error(
                        "attachment-collision",
                        span,
                        format!("附件 content/{rel} 与生成的页面或文件同名"),
                        "an attachment collides with a generated file",
                    )
                    .with_hint("给附件换个名字"),
                ));
                continue;
            }
            let opened = std::fs::File::open(path).and_then(|f| f.metadata());
            match opened {
                Err(e) => out.push((
                    i,
                    Diagnostic::error(
                        "attachment-unreadable",
                        span,
                        format!("无法读取附件 content/{rel}：{e}"),
                        "cannot read the attachment",
                    )
                    .with_hint("检查文件的读取权限（chmod a+r），或重新放入这个文件"),
                )),
                Ok(m) if m.len() > max.saturating_mul(1 << 20) => out.push((
                    i,
                    Diagnostic::error(
                        "attachment-too-large",
                        span,
                        format!(
                            "附件 content/{rel} 有 {} MB，超过站点设置的 {max} MB（max_attachment_mb）",
                            m.len().div_ceil(1 << 20)
                        ),
                        "the attachment is larger than max_attachment_mb",
                    )
                    .with_hint("压缩或拆分附件；确需发布时由站点管理员在 jixiao.yaml 中调高 max_attachment_mb"),
                )),
                Ok(_) => {}
            }
        }
    }
    out
}

/// Copies an attachment into the stage as a stream (never whole in memory), refusing one larger
/// than `max_mb`: the check has said so already, this keeps the build from publishing a file that
/// grew in between.
pub(super) fn copy_file(
    stage: &Stage,
    rel: &str,
    src: &Path,
    max_mb: u64,
) -> Result<(), HtmlError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        HtmlError::Content(format!(
            "无法读取附件 content/{rel}：{e}（cannot read attachment）"
        ))
    };
    let file = std::fs::File::open(src).map_err(cannot)?;
    let limit = max_mb.saturating_mul(1 << 20);
    let dst = stage.path(rel)?;
    if let Some(parent) = dst.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            HtmlError::Write(WriteError::Io {
                action: "无法创建",
                path: parent.to_path_buf(),
                source: e,
            })
        })?;
    }
    let mut out = std::fs::File::create(&dst).map_err(|e| {
        HtmlError::Write(WriteError::Io {
            action: "无法写入",
            path: dst.clone(),
            source: e,
        })
    })?;
    let copied = std::io::copy(&mut file.take(limit + 1), &mut out).map_err(cannot)?;
    if copied > limit {
        return Err(HtmlError::Content(format!(
            "附件 content/{rel} 超过 {max_mb} MB（max_attachment_mb）（attachment too large）"
        )));
    }
    Ok(())
}
