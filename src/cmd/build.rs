//! `jixiao build`: load and score the site, render HTML and PDF into a staging folder, swap it in.

use crate::pipeline::Site;
use crate::render::{self, Theme};
use crate::write::{self, Stage};
use std::path::Path;

/// What the build was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub pdf: bool,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// Why a build failed, already in the user's terms.
#[derive(Debug)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The build's one timestamp: `SOURCE_DATE_EPOCH` when set, else the site's last git commit time,
/// else 0 (1970-01-01). Never the wall clock.
pub fn source_epoch(root: &Path) -> i64 {
    if let Some(v) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return v;
    }
    std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "-1", "--format=%ct"])
        .env("TZ", "UTC")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<i64>()
                .ok()
        })
        .unwrap_or(0)
}

/// Renders the whole site into `out`. The previous output stays untouched unless the build completes.
pub fn build(site: &Site, out: &Path, opts: &BuildOptions) -> Result<(), BuildError> {
    let out = write::check_out_dir(&site.root, out).map_err(|e| BuildError(e.0))?;
    let theme = Theme::for_site(site).map_err(|e| BuildError(e.0))?;
    let stage = Stage::new(&out).map_err(|e| BuildError(e.0))?;
    let epoch = source_epoch(&site.root);
    render::html::render_with(site, &theme, &stage, opts.pdf)
        .map_err(|e| BuildError(e.to_string()))?;
    if opts.pdf {
        let pdf_opts = render::pdf::PdfOptions {
            epoch,
            progress: opts.progress,
        };
        render::pdf::render(site, &theme, &stage, &pdf_opts)
            .map_err(|e| BuildError(e.to_string()))?;
    }
    stage.commit().map_err(|e| BuildError(e.0))
}
