//! The PDFs (Typst template of the theme, compiled by the pinned typst CLI). Being written.

use super::Theme;
use crate::site::Site;
use crate::write::Stage;

/// Settings of the PDF run.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// The build timestamp (`--creation-timestamp`).
    pub epoch: i64,
    pub progress: bool,
}

/// Why PDFs could not be made (every failed report named).
#[derive(Debug)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Compiles one PDF per report next to its HTML page.
pub fn render(site: &Site, theme: &Theme, stage: &Stage, opts: &PdfOptions) -> Result<(), PdfError> {
    let _ = (site, theme, stage, opts);
    Ok(())
}
