//! The data files of a build: `<slug>.json` beside every report page, `data/reports.json` and
//! `data/reports.csv` for the whole site.

use super::{Document, ReportData, csv};
use crate::pipeline::Site;
use crate::render::{Batch, Listing, RenderContext, RenderError, Renderer, Theme, html};
use crate::write::WriteError;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// The site-wide data files.
pub const REPORTS_JSON: &str = "data/reports.json";
pub const REPORTS_CSV: &str = "data/reports.csv";

/// Writes the open data of the site (docs/data.md): each report's `<slug>.json` with its batch,
/// and the site's files after the batches, in the site's order, from what each report left.
#[derive(Default)]
pub struct DataFiles {
    /// What the site's files take of each report (by index into `site.facts`), as its batch left
    /// it.
    left: Mutex<BTreeMap<usize, Left>>,
    /// The document without its reports, and the site's file around them: made once a build.
    head: OnceLock<(Document, SiteJson)>,
}

impl DataFiles {
    /// The document without its reports (what every data file shares) and the site's file
    /// around them.
    fn head(&self, site: &Site) -> Result<&(Document, SiteJson), RenderError> {
        if let Some(h) = self.head.get() {
            return Ok(h);
        }
        let head = Document::head(site, site.config.show_findings);
        let parts = SiteJson::new(&head)?;
        Ok(self.head.get_or_init(|| (head, parts)))
    }
}

/// What the site's files take of a report: its element of `data/reports.json` (cut out of its own
/// `<slug>.json` in the stage when the site's file is written, or made here when this build does
/// not write that file) and its CSV line.
struct Left {
    element: Element,
    csv: String,
}

enum Element {
    /// In the report's own file, at this path of the stage.
    InFile(String),
    Made(Vec<u8>),
}

impl Renderer for DataFiles {
    fn name(&self) -> &'static str {
        "data"
    }
    fn prepare(&mut self, _site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        Ok(())
    }
    /// Each report's own file, and what the site's files take of it (a path in the stage and a
    /// CSV line: the report's data does not stay in memory).
    fn render_reports(
        &self,
        ctx: &RenderContext<'_>,
        batch: &Batch<'_>,
    ) -> Result<(), RenderError> {
        use rayon::prelude::*;
        let site = ctx.site;
        let findings = site.config.show_findings;
        let whole = ctx.writes_site();
        let (head, parts) = self.head(site)?;
        let parts = whole.then_some(parts);
        let base = html::base_url(&site.config.base_path).unwrap_or_default();
        let links = csv::Links {
            base: &base,
            pdf: ctx.with_pdf,
        };
        let done: Vec<Result<Option<(usize, Left)>, RenderError>> = batch
            .par_iter()
            .map(|(i, view)| {
                let mine = ctx.writes_report(*i);
                let Some(entry) = view.entry.filter(|_| mine || whole) else {
                    return Ok(None);
                };
                let r = ReportData::new(site, entry, findings);
                let rel = format!("{}.json", r.slug);
                let single = if mine {
                    let bytes = to_json(&head.single(&r))?;
                    // Keyed by its bytes: a later build that keeps the report keeps this file.
                    let key = crate::load::fingerprint::Fingerprint::of_bytes(&bytes);
                    if !ctx.stage.keep_made(&rel, &key)? {
                        ctx.stage.write(&rel, &bytes)?;
                    }
                    Some(bytes)
                } else {
                    None
                };
                let Some(parts) = parts else {
                    return Ok(None);
                };
                // The report's element of the site's file is in its own file already.
                let element = match single.as_deref().and_then(|b| parts.element_in(b)) {
                    Some(_) => Element::InFile(rel),
                    None => Element::Made(element(&r)?),
                };
                let csv = csv::row(&r, &links);
                Ok(Some((*i, Left { element, csv })))
            })
            .collect();
        let mut left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        for d in done {
            left.extend(d?);
        }
        Ok(())
    }
    /// A report's CSV line.
    fn note(&self, i: usize) -> Option<String> {
        let left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        left.get(&i).map(|l| l.csv.clone())
    }
    fn needs_note(&self, ctx: &RenderContext<'_>) -> bool {
        ctx.writes_site()
    }
    /// A report kept from the previous build: its element of the site's file is in its own file,
    /// its CSV line is the one noted.
    fn kept(
        &self,
        ctx: &RenderContext<'_>,
        i: usize,
        note: Option<&str>,
    ) -> Result<(), RenderError> {
        if let (true, Some(csv)) = (ctx.writes_site(), note) {
            let rel = format!("{}.json", ctx.site.facts[i].slug);
            let mut left = self.left.lock().unwrap_or_else(|p| p.into_inner());
            left.insert(
                i,
                Left {
                    element: Element::InFile(rel),
                    csv: csv.to_string(),
                },
            );
        }
        Ok(())
    }
    /// The site's files, in the site's order, from what each report left: written as they go, so
    /// memory does not grow with the number of reports.
    fn render_site(&self, ctx: &RenderContext<'_>, _: &[Listing]) -> Result<(), RenderError> {
        if !ctx.writes_site() {
            return Ok(());
        }
        let site = ctx.site;
        let left = std::mem::take(&mut *self.left.lock().unwrap_or_else(|p| p.into_inner()));
        let (_, parts) = self.head(site)?;
        let mut f = ctx.stage.create(REPORTS_JSON)?;
        f.write(&parts.before)?;
        let mut table = csv::head();
        let mut first = true;
        for i in crate::render::site_order(site) {
            let Some(l) = left.get(&i) else { continue };
            f.write(separator(first))?;
            match &l.element {
                Element::Made(bytes) => f.write(bytes)?,
                Element::InFile(rel) => {
                    let path = ctx.stage.path(rel)?;
                    let single = std::fs::read(&path).map_err(|source| WriteError::Io {
                        action: "无法读取",
                        path,
                        source,
                    })?;
                    let Some(bytes) = parts.element_in(&single) else {
                        return Err(WriteError::Refused(format!(
                            "{rel} 在生成过程中被改动（changed while the site was built）"
                        ))
                        .into());
                    };
                    f.write(bytes)?;
                }
            }
            table.push_str(&l.csv);
            first = false;
        }
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
