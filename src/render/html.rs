//! The HTML site (tera templates of the theme). Being written.

use super::Theme;
use crate::site::Site;
use crate::write::Stage;

/// Why the HTML could not be rendered.
#[derive(Debug)]
pub struct HtmlError(pub String);

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Renders `index.html`, a page per unit and a page per report, plus the theme's static files.
pub fn render(site: &Site, theme: &Theme, stage: &Stage) -> Result<(), HtmlError> {
    let _ = (site, theme, stage);
    Ok(())
}
