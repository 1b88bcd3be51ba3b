//! Shared by the PDF tests: the pinned tools and poppler (skipped locally when absent, a failure in
//! CI), an empty site with the default theme, and the text of a PDF.

use super::skip;
use jixiao::model::config::SiteConfig;
use jixiao::pipeline::Site;
use jixiao::render::Theme;
use jixiao::render::pdf::tools::{self, Tools};
use jixiao::render::pdf::{PdfJob, SiteInfo};
use jixiao::render::view::ReportView;
use std::path::Path;
use std::process::Command;

/// The pinned tools, or None (with the reason printed) when they are not installed and this is not CI.
pub fn tools_or_skip(test: &str) -> Option<Tools> {
    match tools::locate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &tools::Lookup::from_env(),
    ) {
        Ok(t) => Some(t),
        Err(e) => {
            skip(
                test,
                &format!(
                    "the pinned typst/fonts are not installed (scripts/install-tools.sh): {e}"
                ),
            );
            None
        }
    }
}

/// Whether a poppler tool is there; in CI its absence is a failure.
pub fn poppler_or_skip(test: &str, tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        skip(
            test,
            &format!("{tool} (poppler-utils) not installed (apt-get install poppler-utils)"),
        );
    }
    ok
}

/// Whether both the pinned tools and the poppler `tool` are there (each skipping or failing as above).
pub fn tools_and_poppler_or_skip(test: &str, tool: &str) -> bool {
    tools_or_skip(test).is_some() && poppler_or_skip(test, tool)
}

/// The site at `root` (a folder with `content/`, made by a `SiteBuilder`) with no reports: the
/// default theme plus whatever the folder has under `typst/`.
pub fn site(root: &Path) -> Site {
    Site {
        root: root.to_path_buf(),
        config: SiteConfig::default(),
        systems: Vec::new(),
        facts: Vec::new(),
        entries: Vec::new(),
        kept: Vec::new(),
        errors: Vec::new(),
    }
}

pub fn theme(site: &Site) -> Theme {
    Theme::for_site(site).unwrap()
}

pub fn info() -> SiteInfo {
    SiteInfo {
        name: "预算绩效信息公开".into(),
        show_findings: false,
    }
}

pub fn job<'a>(view: &'a ReportView<'a>) -> PdfJob<'a> {
    PdfJob {
        view,
        source_text: None,
    }
}

/// `pdftotext` of a PDF (UTF-8, pages separated by form feeds).
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text with all whitespace removed, for contains() checks across line breaks.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
