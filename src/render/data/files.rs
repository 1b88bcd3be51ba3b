//! The data files of a build: `<slug>.json` beside every report page, `data/reports.json` and
//! `data/reports.csv` for the whole site.

use super::{Document, csv};
use crate::pipeline::Site;
use crate::render::{RenderContext, RenderError, Renderer, Theme, html};

/// The site-wide data files.
pub const REPORTS_JSON: &str = "data/reports.json";
pub const REPORTS_CSV: &str = "data/reports.csv";

/// Writes the open data of the site (docs/data.md).
#[derive(Default)]
pub struct DataFiles;

impl Renderer for DataFiles {
    fn name(&self) -> &'static str {
        "data"
    }
    fn prepare(&mut self, _site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        Ok(())
    }
    fn render(&self, ctx: &RenderContext<'_>) -> Result<(), RenderError> {
        let order = crate::render::site_order(ctx.site);
        let doc = Document::of_site(ctx.site, ctx.site.config.show_findings, &order);
        let mine: std::collections::BTreeSet<&str> = (0..ctx.views.len())
            .filter(|&i| ctx.writes_report(i))
            .map(|i| ctx.views[i].slug.as_str())
            .collect();
        for r in doc
            .reports
            .iter()
            .filter(|r| mine.contains(r.slug.as_str()))
        {
            ctx.stage
                .write(&format!("{}.json", r.slug), &to_json(&doc.single(r))?)?;
        }
        if !ctx.writes_site() {
            return Ok(());
        }
        ctx.stage.write(REPORTS_JSON, &to_json(&doc)?)?;
        let base = html::base_url(&ctx.site.config.base_path).unwrap_or_default();
        let links = csv::Links {
            base: &base,
            pdf: ctx.with_pdf,
        };
        ctx.stage
            .write(REPORTS_CSV, csv::write(&doc, &links).as_bytes())?;
        Ok(())
    }
}

/// Pretty JSON with a final newline.
pub(crate) fn to_json(doc: &Document) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = serde_json::to_vec_pretty(doc)?;
    out.push(b'\n');
    Ok(out)
}
