//! 站点配置 (`jixiao.yaml`): read with the same reader as the reports, every problem placed.

use super::reader::{Fields, Reader};
use crate::diag::{Diagnostic, Problem};
use crate::load::{self, yaml};
use serde::Serialize;

/// The site config file name, at the site root.
pub(crate) const CONFIG_FILE: &str = "jixiao.yaml";

/// 站点配置.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// 站点名称, shown in the header of every page.
    pub name: String,
    /// Theme folder name under `themes/` (the site's own `themes/` first, then jixiao's).
    pub theme: String,
    /// Where the site is published (used for canonical links only; all links are relative).
    pub base_path: String,
    /// Indicator system files the site adds, relative to the site root.
    pub systems: Vec<String>,
    /// Show findings on the published pages (草稿模式, draft mode: a 草稿 banner and the findings
    /// box on every page). Off unless `jixiao.yaml` says `show_findings: true`: a site publishes
    /// clean pages by default. Findings always show in `check` and `build`.
    pub show_findings: bool,
    /// PDF 标准: the archival standard typst enforces and declares (`--pdf-standard`), one of
    /// [`PDF_STANDARDS`]; `None` for a plain PDF. Default PDF/A-2b (archives keep the PDFs for
    /// decades: fonts embedded, colours defined, no external content).
    pub pdf_standard: Option<String>,
    /// 单位排列顺序: units listed first, in this order, on the index, the review page and in the
    /// data files; the others follow in pinyin order (see `render::order`).
    pub units: Vec<String>,
    /// 附件大小上限 (MB): an attachment larger than this is refused by `check` (default 100).
    pub max_attachment_mb: u64,
    /// Seconds one typst process may run before it is killed (default 120).
    pub pdf_timeout_secs: u64,
    /// Address space one typst process may use, in MB (default 2048; Linux only).
    pub pdf_memory_mb: u64,
    /// What to publish where a figure the report states (a score, the total, an execution rate)
    /// differs from the one jixiao computes.
    pub stated_mismatch: StatedMismatch,
    /// 照录已公开的自评表 (`archive: true`): the site republishes forms as their units published
    /// them (a transcription, like `examples/national`). A deduction the published form gives no
    /// reason for is then a warning (`deduction-needs-reason`), one of the form's findings, instead of
    /// the error that keeps a unit's own unexplained deduction from being published. Off by default.
    pub archive: bool,
}

/// 所填数字与核算不符时 (`stated_mismatch:`): what the pages do with a stated figure that differs
/// from jixiao's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatedMismatch {
    /// Publish the figure as the unit signed it, with jixiao's beside it as a marked note
    /// (“经核算为 96.19%”). The default.
    #[default]
    Note,
    /// Refuse to build while any stated figure differs (fix the figure or the data first).
    Refuse,
}

/// The values of `pdf_standard` (typst 0.15's PDF/A and PDF/UA conformance levels), and `none`.
pub(crate) const PDF_STANDARDS: [&str; 8] = [
    "a-1b", "a-2b", "a-2u", "a-3b", "a-3u", "a-4", "ua-1", "none",
];

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "预算绩效信息公开".into(),
            theme: "default".into(),
            base_path: "/".into(),
            systems: Vec::new(),
            show_findings: false,
            pdf_standard: Some("a-2b".into()),
            units: Vec::new(),
            max_attachment_mb: 100,
            pdf_timeout_secs: 120,
            pdf_memory_mb: 2048,
            stated_mismatch: StatedMismatch::Note,
            archive: false,
        }
    }
}

/// Reads the site config from the text of `jixiao.yaml` (`None`: the site has none, the defaults
/// apply). Every problem is returned placed in that file; the config is as good as could be read.
pub fn read(text: Option<&str>) -> (SiteConfig, Vec<Problem>) {
    let mut config = SiteConfig::default();
    let Some(text) = text else {
        return (config, Vec::new());
    };
    let mistakes = load::keyboard::mistakes(text, 0, text.len());
    let placed = |ds: Vec<Diagnostic>| -> Vec<Problem> {
        let mut ds = mistakes.keep(ds);
        ds.sort_by_key(|d| d.span.map(|s| s.start));
        let idx = crate::diag::LineIndex::new(text);
        ds.iter()
            .map(|d| Problem::placed(d, CONFIG_FILE, Some(&idx)))
            .collect()
    };
    let tree = match yaml::parse(text, 0) {
        Ok(t) => t,
        Err(e) => return (config, placed(vec![load::yaml_diag(&e, text, 0)])),
    };
    let mut diags = load::duplicate_keys(&tree);
    diags.extend(load::control_chars(&tree));
    {
        let mut r = Reader { diags: &mut diags };
        if let Some(mut f) = r.fields(&tree, "站点配置", "site config") {
            read_config_fields(&mut r, &mut f, &mut config);
            r.finish(f, &CONFIG_FIELDS, "站点配置");
        }
    }
    (config, placed(diags))
}

/// The fields of `jixiao.yaml`.
const CONFIG_FIELDS: [&str; 12] = [
    "name",
    "theme",
    "base_path",
    "systems",
    "show_findings",
    "pdf_standard",
    "units",
    "max_attachment_mb",
    "pdf_timeout_secs",
    "pdf_memory_mb",
    "stated_mismatch",
    "archive",
];

fn read_config_fields(r: &mut Reader<'_>, f: &mut Fields<'_>, c: &mut SiteConfig) {
    if let Some(v) = r.opt_text(f, "name") {
        c.name = v.value;
    }
    if let Some(v) = r.opt_text(f, "theme") {
        if v.value.is_empty() || v.value.contains(['/', '\\']) || v.value.starts_with('.') {
            r.err(Diagnostic::error(
                "bad-theme",
                Some(v.span),
                "主题名只能是 themes/ 下的一个文件夹名",
                "theme must be a folder name",
            ));
        } else {
            c.theme = v.value;
        }
    }
    if let Some(v) = r.opt_text(f, "base_path") {
        c.base_path = v.value;
    }
    if let Some(n) = f.take("systems") {
        c.systems = r
            .list(n, "systems")
            .iter()
            .filter_map(|s| r.text(s))
            .map(|s| s.value)
            .collect();
    }
    if let Some(v) = r.opt_text(f, "pdf_standard") {
        if !PDF_STANDARDS.contains(&v.value.as_str()) {
            r.err(
                Diagnostic::error(
                    "bad-pdf-standard",
                    Some(v.span),
                    format!("未知的 PDF 标准“{}”", crate::diag::excerpt(&v.value)),
                    "unknown PDF standard",
                )
                .with_hint(format!("可用（available）: {}", PDF_STANDARDS.join(", "))),
            );
        } else if v.value == "none" {
            c.pdf_standard = None;
        } else {
            c.pdf_standard = Some(v.value);
        }
    }
    if let Some(n) = f.take("units") {
        c.units = r
            .list(n, "units")
            .iter()
            .filter_map(|s| r.text(s))
            .map(|s| s.value.trim().to_string())
            .collect();
    }
    for (key, field) in [
        ("max_attachment_mb", &mut c.max_attachment_mb),
        ("pdf_timeout_secs", &mut c.pdf_timeout_secs),
        ("pdf_memory_mb", &mut c.pdf_memory_mb),
    ] {
        if let Some(n) = f.take(key) {
            match n.as_str().and_then(|t| t.trim().parse::<u64>().ok()) {
                Some(v) if v > 0 => *field = v,
                _ => r.err(Diagnostic::error(
                    "wrong-type",
                    Some(n.span),
                    format!("{key} 应是正整数"),
                    "expected a positive whole number",
                )),
            }
        }
    }
    if let Some(n) = f.take("show_findings") {
        match n.as_str() {
            Some("true" | "yes") => c.show_findings = true,
            Some("false" | "no") => c.show_findings = false,
            _ => r.err(Diagnostic::error(
                "wrong-type",
                Some(n.span),
                "show_findings 只能是 true 或 false",
                "expected true or false",
            )),
        }
    }
    if let Some(n) = f.take("archive") {
        match n.as_str() {
            Some("true" | "yes") => c.archive = true,
            Some("false" | "no") => c.archive = false,
            _ => r.err(
                Diagnostic::error(
                    "wrong-type",
                    Some(n.span),
                    "archive 只能是 true（照录已公开的自评表）或 false",
                    "expected true or false",
                )
                .with_hint("单位自己的站点不写 archive；见 docs/format.md"),
            ),
        }
    }
    if let Some(n) = f.take("stated_mismatch") {
        match n.as_str().map(str::trim) {
            Some("note") => c.stated_mismatch = StatedMismatch::Note,
            Some("refuse") => c.stated_mismatch = StatedMismatch::Refuse,
            _ => r.err(
                Diagnostic::error(
                    "wrong-type",
                    Some(n.span),
                    "stated_mismatch 只能是 note（照录所填数字并注明核算结果）或 refuse（拒绝生成）",
                    "expected note or refuse",
                )
                .with_hint("stated_mismatch: note 为默认值，见 docs/format.md"),
            ),
        }
    }
}

#[cfg(test)]
mod tests;
