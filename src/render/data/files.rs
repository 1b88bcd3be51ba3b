//! The data files of a build: `<slug>.json` beside every report page, `data/reports.json` and
//! `data/reports.csv` for the whole site.

use super::{Document, ReportData, csv};
use crate::pipeline::Site;
use crate::render::{Listing, RenderContext, RenderError, Renderer, Theme, html};

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
    /// The reports are made, written and dropped a batch at a time, in the site's order: the
    /// site's files are streamed, so memory does not grow with the number of reports.
    fn render_site(&self, ctx: &RenderContext<'_>, _: &[Listing]) -> Result<(), RenderError> {
        use rayon::prelude::*;
        let site = ctx.site;
        let findings = site.config.show_findings;
        let order = crate::render::site_order(site);
        let head = Document::head(site, findings);
        let base = html::base_url(&site.config.base_path).unwrap_or_default();
        let links = csv::Links {
            base: &base,
            pdf: ctx.with_pdf,
        };
        let whole = ctx.writes_site();
        // The site's file, opened with what comes before its reports, and what comes after them.
        let parts = if whole {
            Some(SiteJson::new(&head)?)
        } else {
            None
        };
        let mut json = match &parts {
            Some(parts) => {
                let mut f = ctx.stage.create(REPORTS_JSON)?;
                f.write(&parts.before)?;
                Some(f)
            }
            None => None,
        };
        let mut table = csv::head();
        let mut first = true;
        for batch in order.chunks(BATCH) {
            // (the report in the site's file, its CSV line), or the first error.
            let done: Vec<Result<Option<Listed>, RenderError>> = batch
                .par_iter()
                .map(|&i| {
                    let mine = ctx.writes_report(i);
                    if !mine && !whole {
                        return Ok(None);
                    }
                    let r = ReportData::new(site, &site.entries[i], findings);
                    let single = if mine {
                        let bytes = to_json(&head.single(&r))?;
                        ctx.stage.write(&format!("{}.json", r.slug), &bytes)?;
                        Some(bytes)
                    } else {
                        None
                    };
                    let Some(parts) = &parts else {
                        return Ok(None);
                    };
                    // The report's element of the site's file is in its own file already.
                    let element = match single.as_deref().and_then(|b| parts.element_in(b)) {
                        Some(e) => e.to_vec(),
                        None => element(&r)?,
                    };
                    Ok(Some((element, csv::row(&r, &links))))
                })
                .collect();
            for d in done {
                let (Some(f), Some((bytes, line))) = (json.as_mut(), d?) else {
                    continue;
                };
                f.write(separator(first))?;
                f.write(&bytes)?;
                table.push_str(&line);
                first = false;
            }
        }
        let (Some(mut f), Some(parts)) = (json, parts) else {
            return Ok(());
        };
        f.write(list_end(first))?;
        f.write(&parts.after)?;
        f.finish()?;
        ctx.stage.write(REPORTS_CSV, table.as_bytes())?;
        Ok(())
    }
}

/// What comes before a report in the site's list.
pub(super) fn separator(first: bool) -> &'static [u8] {
    if first { b"\n" } else { b",\n" }
}

/// The end of the site's list: of nothing, or after its last report.
pub(super) fn list_end(empty: bool) -> &'static [u8] {
    if empty { b"]" } else { b"\n  ]" }
}

/// A report as the site's files list it: its element of `data/reports.json`, its CSV line.
type Listed = (Vec<u8>, String);

/// Reports made at a time (on every core) before they are written and dropped.
const BATCH: usize = 64;

/// The site's `data/reports.json` around its reports: the pretty JSON of the document without
/// reports, cut where its empty list is.
pub(super) struct SiteJson {
    /// Up to and with the reports list's `[` (`… "reports": [`).
    pub before: Vec<u8>,
    /// From the list's end on (`,` `"errors"` … and the final newline).
    pub after: Vec<u8>,
}

impl SiteJson {
    pub fn new(head: &Document) -> Result<SiteJson, serde_json::Error> {
        let whole = to_json(head)?;
        const EMPTY: &[u8] = b"\"reports\": []";
        let Some(at) = whole.windows(EMPTY.len()).position(|w| w == EMPTY) else {
            return Err(serde::ser::Error::custom("no reports list in the document"));
        };
        Ok(SiteJson {
            before: whole[..at + EMPTY.len() - 1].to_vec(),
            after: whole[at + EMPTY.len()..].to_vec(),
        })
    }

    /// The element of the site's list that `single` — a report's `<slug>.json`, this document
    /// around that one report — holds: the bytes [`element`] makes, cut out instead of made again.
    /// `None` when `single` is not this document around one report.
    pub fn element_in<'b>(&self, single: &'b [u8]) -> Option<&'b [u8]> {
        single
            .strip_prefix(self.before.as_slice())?
            .strip_prefix(separator(true))?
            .strip_suffix(self.after.as_slice())?
            .strip_suffix(list_end(false))
    }
}

/// One report as an element of the site's list: its pretty JSON indented two levels, as
/// `serde_json::to_vec_pretty` writes it inside the whole document (a newline inside a JSON string is
/// escaped, so every line break of the output is between tokens).
pub(super) fn element(r: &ReportData) -> Result<Vec<u8>, serde_json::Error> {
    let alone = serde_json::to_vec_pretty(r)?;
    let mut out = Vec::with_capacity(alone.len() + alone.len() / 8);
    out.extend_from_slice(b"    ");
    for &b in &alone {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    Ok(out)
}

/// Pretty JSON with a final newline.
pub(crate) fn to_json(doc: &impl serde::Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = serde_json::to_vec_pretty(doc)?;
    out.push(b'\n');
    Ok(out)
}
