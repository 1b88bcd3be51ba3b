//! The plan of the site's pages: which units there are and in which order, where each page goes,
//! and what a report looks like in a list. Shared by the HTML pages, the review page and the feeds.

use super::HtmlError;
use crate::render::listing::Listing;
use crate::render::order::{self, Listed};
use crate::render::view::ReportView;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// `../` once per folder of an output path (`a/b/c.html` → `../../`).
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A path as a URL: every byte outside the unreserved set, `/` and non-ASCII text is percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/') || !c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", c as u32));
        }
    }
    out
}

/// A unit (单位) of the site: its reports, newest first, and its page.
#[derive(Debug)]
pub struct Unit {
    pub name: String,
    /// `guangzhou-gxj/index.html`.
    pub path: String,
    pub reports: Vec<usize>,
}

/// Where every page of the site goes: the units in the site's order, the unit of each report, every
/// output path. Planned from the reports before anything is rendered (a report's page links its
/// unit's page), the same for the build and the check.
#[derive(Debug)]
pub(crate) struct Plan {
    /// In the site's order: the `units:` of `jixiao.yaml`, then pinyin order.
    pub units: Vec<Unit>,
    /// Report i (of `site.facts`) belongs to units[unit_of[i]].
    pub unit_of: Vec<usize>,
    /// Every output path the renderers write (pages, PDFs, data files, review page, feeds), to keep
    /// copied files off them.
    pub paths: BTreeSet<String>,
}

impl Plan {
    /// The plan of the site's pages; two outputs on one path are an error (`check` has said so
    /// at the reports' places: [`super::check::problems`]).
    pub fn of(site: &crate::pipeline::Site) -> Result<Plan, HtmlError> {
        let (plan, collisions) = Plan::with_collisions(site);
        match collisions.first() {
            Some(c) => Err(HtmlError::Content(c.message())),
            None => Ok(plan),
        }
    }

    /// The plan with the output paths claimed twice (each kept by its first claimant).
    pub(super) fn with_collisions(
        site: &crate::pipeline::Site,
    ) -> (Plan, Vec<super::check::Collision>) {
        let listed = crate::render::listed(site);
        let (units, unit_of) = plan(&listed, &site.config.units);
        let (owners, collisions) = super::check::claim_paths(&listed, &units);
        let plan = Plan {
            units,
            unit_of,
            paths: owners.into_keys().collect(),
        };
        (plan, collisions)
    }
}

/// The pages about the whole site: the plan and every report's [`Listing`].
pub(crate) struct Pages<'l> {
    /// One per report, in the order of `site.facts`.
    pub listings: &'l [Listing],
    pub units: &'l [Unit],
    /// PDFs are built beside the pages, so pages link to them.
    pub with_pdf: bool,
}

fn dir_of(slug: &str) -> &str {
    slug.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// FNV-1a, for a stable folder name when a unit has no folder of its own.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The units of the site in the site's order (`configured`: the `units:` of `jixiao.yaml`, then
/// pinyin order) with their page paths; `unit_of[i]` is the unit of `reports[i]`. The build and the
/// check plan with this one function, so they agree on every path.
pub(super) fn plan(reports: &[Listed], configured: &[String]) -> (Vec<Unit>, Vec<usize>) {
    // Reports in the site's order; a unit's reports are consecutive in it.
    let mut by_unit: Vec<(&str, Vec<usize>)> = Vec::new();
    for i in order::report_order(configured, reports) {
        match by_unit.last_mut() {
            Some((name, rs)) if *name == reports[i].unit => rs.push(i),
            _ => by_unit.push((reports[i].unit, vec![i])),
        }
    }
    // A unit's folder is the folder its reports are in, when it holds all of them and no other
    // unit's; otherwise a name derived from the unit's name. Which unit each folder holds (None:
    // several) is found once, not for each unit over every report.
    let mut held: HashMap<&str, Option<&str>> = HashMap::new();
    for r in reports {
        held.entry(dir_of(r.slug))
            .and_modify(|u| {
                if *u != Some(r.unit) {
                    *u = None;
                }
            })
            .or_insert(Some(r.unit));
    }
    let units: Vec<Unit> = by_unit
        .into_iter()
        .map(|(name, rs)| {
            let first = dir_of(reports[rs[0]].slug);
            let own = !first.is_empty()
                && rs.iter().all(|&i| dir_of(reports[i].slug) == first)
                && held.get(first) == Some(&Some(name));
            let folder = if own {
                first.to_string()
            } else {
                format!("unit-{:08x}", fnv(name) >> 32)
            };
            Unit {
                name: name.to_string(),
                path: format!("{folder}/index.html"),
                reports: rs,
            }
        })
        .collect();
    let mut unit_of = vec![0; reports.len()];
    for (u, unit) in units.iter().enumerate() {
        for &i in &unit.reports {
            unit_of[i] = u;
        }
    }
    (units, unit_of)
}

impl<'l> Pages<'l> {
    /// The pages about the whole site, from its plan and its listings.
    pub fn new(plan: &'l Plan, listings: &'l [Listing], with_pdf: bool) -> Pages<'l> {
        Pages {
            listings,
            units: &plan.units,
            with_pdf,
        }
    }

    /// The reports of a unit (newest first) as listed, the first of each year carrying the number
    /// of that year's reports (for a merged year cell).
    pub(crate) fn summaries(&self, reports: &[usize], root: &str) -> Vec<Summary> {
        let mut out: Vec<Summary> = reports.iter().map(|&i| self.summary(i, root)).collect();
        let mut start = 0;
        while start < out.len() {
            let year = out[start].year;
            let n = out[start..].iter().take_while(|s| s.year == year).count();
            out[start].year_rows = n;
            start += n;
        }
        out
    }

    pub fn summary(&self, i: usize, root: &str) -> Summary {
        let v = &self.listings[i];
        let page = format!("{}.html", v.slug);
        Summary {
            href: format!("{root}{}", href(&page)),
            pdf: self
                .with_pdf
                .then(|| format!("{root}{}", href(&format!("{}.pdf", v.slug)))),
            title: v.title.clone(),
            project: v.project.clone(),
            unit: v.unit.clone(),
            year: v.year,
            year_rows: 0,
            kind_zh: v.kind_zh.clone(),
            kind_short: kind_short(&v.kind_zh),
            total: v.total.clone(),
            computed_total: v.computed_total.clone(),
            grade: v.grade.clone(),
            errors: v.errors,
            warnings: v.warnings,
            infos: v.infos,
            draft: v.draft,
        }
    }
}

/// 项目名称 of a project report.
pub(crate) fn project_name<'a>(v: &'a ReportView<'_>) -> Option<&'a str> {
    v.project.as_ref().and_then(|p| p.name.as_deref())
}

/// The name of a report wherever it stands alone (`<title>`, feed entries): unit, year and title,
/// and first the project's name, so that two projects of one unit, or two units' reports of one
/// year, never share a name: `广州市工业和信息化局2023年度部门整体支出绩效自评报告`,
/// `工业发展管理经费（江门市工业和信息化局2023年度项目绩效自评指标评分表）`.
pub(crate) fn report_name(v: &ReportView) -> String {
    name_of(&v.unit, v.year, v.year_in_title, &v.title, project_name(v))
}

/// [`report_name`] of a listed report.
pub(crate) fn listed_name(l: &Listing) -> String {
    name_of(&l.unit, l.year, l.year_in_title, &l.title, l.project_name())
}

fn name_of(
    unit: &str,
    year: i32,
    year_in_title: bool,
    title: &str,
    project: Option<&str>,
) -> String {
    // A title that names the year (`2024年度部门整体支出绩效自评表`) is not given it twice.
    let base = if year_in_title {
        format!("{unit}{title}")
    } else {
        format!("{unit}{year}年度{title}")
    };
    match project {
        Some(p) => format!("{p}（{base}）"),
        None => base,
    }
}

pub(crate) fn kind_short(kind_zh: &str) -> String {
    if kind_zh.contains("部门") {
        "部门整体".into()
    } else {
        "项目".into()
    }
}

#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    pub name: &'a str,
    pub show_findings: bool,
    /// `base_path` when it is an absolute URL (`https://…/`), for canonical links; else none.
    #[serde(skip)]
    pub base_url: Option<String>,
    /// The Atom feed is written (the site's address is known), relative to the root.
    pub feed: Option<&'static str>,
    /// The site has a search index ([`crate::render::search`]): every page shows the search box.
    pub search: bool,
    /// The index's bundles after the first, relative to the root (`pagefind/more/2/` …), which the
    /// box merges into the first.
    pub search_more: Vec<String>,
}

impl<'a> SiteCtx<'a> {
    pub fn of(site: &'a crate::pipeline::Site, search: bool) -> SiteCtx<'a> {
        let base_url = base_url(&site.config.base_path);
        // No box on a site without reports: there is nothing to index.
        let bundles = crate::render::search::bundles(site.facts.len());
        SiteCtx {
            name: &site.config.name,
            show_findings: site.config.show_findings,
            search: search && !bundles.is_empty(),
            search_more: bundles.into_iter().skip(1).collect(),
            feed: base_url.is_some().then_some(crate::render::feeds::FEED),
            base_url,
        }
    }

    /// The canonical URL of an output page, when the site's address is known.
    pub fn canonical(&self, page: &str) -> Option<String> {
        let base = self.base_url.as_ref()?;
        Some(if page == "index.html" {
            base.clone()
        } else {
            format!("{base}{}", href(page))
        })
    }
}

/// `base_path` as an absolute URL ending in `/`, if it is one.
pub fn base_url(base_path: &str) -> Option<String> {
    let b = base_path.trim();
    let lower = b.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || b.contains(['"', '<', '>', ' '])
    {
        return None;
    }
    Some(if b.ends_with('/') {
        b.to_string()
    } else {
        format!("{b}/")
    })
}

/// A report as listed on the index and unit pages.
#[derive(Serialize)]
pub(crate) struct Summary {
    pub href: String,
    /// None when the build makes no PDFs.
    pub pdf: Option<String>,
    pub title: String,
    /// 项目名称 (project reports).
    pub project: Option<String>,
    pub unit: String,
    pub year: i32,
    /// On the first report of a year in a unit's list: how many reports that year has; else 0.
    pub year_rows: usize,
    pub kind_zh: String,
    pub kind_short: String,
    pub total: String,
    /// jixiao's total where it differs from the stated one.
    pub computed_total: Option<String>,
    pub grade: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// 草稿 (`draft: true`): marked in the lists as on its page.
    pub draft: bool,
}

#[cfg(test)]
mod tests;
