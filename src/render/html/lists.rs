//! The index (`index.html`: every unit and its reports, the distribution of the totals) and the unit
//! pages (`<unit>/index.html`: the unit's history — the department total by year, each project by
//! year — and its groups year by year).

use super::pages::{Pages, SiteCtx, Summary, href, kind_short, root_of};
use super::{HtmlError, render_page, write};
use crate::model::ReportKind;
use crate::render::Listing;
use crate::render::chart::{self, Dots, Histogram, Scored, Series};
use crate::render::order::PinyinKey;
use crate::render::{RenderContext, data, feeds, review};
use serde::Serialize;

#[derive(Serialize)]
struct UnitCtx<'a> {
    name: &'a str,
    /// Link to the unit page, relative to the index.
    href: String,
    reports: Vec<Summary>,
    compare: Compare,
    history: History,
}

/// The unit page's year-by-year table: one column per report, one row per group.
#[derive(Default, Serialize)]
struct Compare {
    /// The reports compared (the unit's department reports when it has any, else all).
    reports: Vec<Summary>,
    rows: Vec<CompareRow>,
}

#[derive(Serialize)]
struct CompareRow {
    name: String,
    level: u8,
    /// One cell per report, in the order of the columns: `score / weight` or empty.
    cells: Vec<Option<String>>,
}

fn compare(pages: &Pages<'_>, reports: &[usize], root: &str) -> Compare {
    let listings = pages.listings;
    let department: Vec<usize> = reports
        .iter()
        .copied()
        .filter(|&i| listings[i].kind == ReportKind::Department)
        .collect();
    let cols = if department.is_empty() {
        reports.to_vec()
    } else {
        department
    };
    let mut rows: Vec<CompareRow> = Vec::new();
    for (col, &i) in cols.iter().enumerate() {
        for g in &listings[i].groups {
            let pos = match rows
                .iter()
                .position(|r| r.name == g.name && r.level == g.level)
            {
                Some(p) => p,
                None => {
                    rows.push(CompareRow {
                        name: g.name.clone(),
                        level: g.level,
                        cells: vec![None; cols.len()],
                    });
                    rows.len() - 1
                }
            };
            rows[pos].cells[col] = Some(format!("{} / {}", g.score, g.weight));
        }
    }
    Compare {
        reports: pages.summaries(&cols, root),
        rows,
    }
}

/// 历年总分: one row per series (部门整体, then each project), one column per year, newest first.
#[derive(Default, Serialize)]
struct History {
    years: Vec<i32>,
    rows: Vec<HistoryRow>,
}

#[derive(Serialize)]
struct HistoryRow {
    /// 部门整体支出, or the project's name.
    name: String,
    kind_short: String,
    /// Per year: the series' reports of that year (two when a report is duplicated).
    cells: Vec<Vec<HistoryCell>>,
}

#[derive(Serialize)]
struct HistoryCell {
    href: String,
    total: String,
    grade: String,
}

/// The series of a unit's reports: (name, reports newest first).
fn series(listings: &[Listing], reports: &[usize]) -> Vec<(String, bool, Vec<usize>)> {
    let mut out: Vec<(String, bool, Vec<usize>)> = Vec::new();
    for &i in reports {
        let v = &listings[i];
        let (name, project) = match v.kind {
            ReportKind::Department => ("部门整体支出".to_string(), false),
            ReportKind::Project => (v.project_name().unwrap_or(&v.title).to_string(), true),
        };
        match out.iter_mut().find(|(n, p, _)| *n == name && *p == project) {
            Some((_, _, rs)) => rs.push(i),
            None => out.push((name, project, vec![i])),
        }
    }
    out.sort_by_cached_key(|(n, p, _)| (*p, PinyinKey::of(n)));
    out
}

fn history(pages: &Pages<'_>, reports: &[usize], root: &str) -> History {
    let listings = pages.listings;
    let mut years: Vec<i32> = reports.iter().map(|&i| listings[i].year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let rows = series(listings, reports)
        .into_iter()
        .map(|(name, project, rs)| HistoryRow {
            name,
            kind_short: if project { "项目" } else { "部门整体" }.into(),
            cells: years
                .iter()
                .map(|y| {
                    rs.iter()
                        .filter(|&&i| listings[i].year == *y)
                        .map(|&i| {
                            let s = pages.summary(i, root);
                            HistoryCell {
                                href: s.href,
                                total: s.total,
                                grade: s.grade,
                            }
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    History { years, rows }
}

fn unit_chart(pages: &Pages<'_>, name: &str, reports: &[usize]) -> Dots {
    let listings = pages.listings;
    let groups = series(listings, reports);
    let labels: Vec<Vec<String>> = groups
        .iter()
        .map(|(_, _, rs)| {
            rs.iter()
                .map(|&i| format!("{}年", listings[i].year))
                .collect()
        })
        .collect();
    let series: Vec<Series<'_>> = groups
        .iter()
        .zip(&labels)
        .map(|((n, _, rs), ls)| Series {
            name: n,
            items: rs
                .iter()
                .zip(ls)
                .map(|(&i, l)| Scored {
                    name: l,
                    total: &listings[i].total,
                    grade: &listings[i].grade,
                })
                .collect(),
        })
        .collect();
    chart::dots(&format!("{name}历年自评总分"), &series)
}

#[derive(Serialize)]
struct UnitPage<'a> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    page_title: &'a str,
    canonical: Option<String>,
    description: String,
    unit: UnitCtx<'a>,
    chart: Dots,
}

/// Every unit's page.
pub(super) fn render_units(
    ctx: &RenderContext<'_>,
    tera: &tera::Tera,
    pages: &Pages<'_>,
    site_ctx: &SiteCtx<'_>,
) -> Result<(), HtmlError> {
    for unit in pages.units {
        let root = root_of(&unit.path);
        let reports = pages.summaries(&unit.reports, &root);
        let years: Vec<String> = reports
            .iter()
            .map(|r| match &r.project {
                Some(p) => format!("{}年度{}{}分（{}）", r.year, p, r.total, r.grade),
                None => format!("{}年度{}分（{}）", r.year, r.total, r.grade),
            })
            .collect();
        let page = UnitPage {
            site: site_ctx,
            root: &root,
            page_title: &unit.name,
            canonical: site_ctx.canonical(&unit.path),
            description: format!("{}预算绩效自评报告：{}。", unit.name, years.join("，")),
            unit: UnitCtx {
                name: &unit.name,
                href: String::new(),
                reports,
                compare: compare(pages, &unit.reports, &root),
                history: history(pages, &unit.reports, &root),
            },
            chart: unit_chart(pages, &unit.name, &unit.reports),
        };
        write(
            ctx.stage,
            &unit.path,
            render_page(tera, "unit.html", &page)?.as_bytes(),
        )?;
    }
    Ok(())
}

/// Where the index links to beyond the reports: the review page and the open data.
#[derive(Serialize)]
struct SiteLinks {
    review: &'static str,
    json: &'static str,
    csv: &'static str,
    feed: Option<&'static str>,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    site: &'a SiteCtx<'a>,
    root: &'a str,
    page_title: &'a str,
    canonical: Option<String>,
    description: String,
    units: Vec<UnitCtx<'a>>,
    report_count: usize,
    findings: usize,
    chart: Histogram,
    links: SiteLinks,
}

/// `index.html`.
pub(super) fn render_index(
    ctx: &RenderContext<'_>,
    tera: &tera::Tera,
    pages: &Pages<'_>,
    site_ctx: &SiteCtx<'_>,
) -> Result<(), HtmlError> {
    let site = ctx.site;
    let names: Vec<String> = pages
        .units
        .iter()
        .flat_map(|u| u.reports.iter())
        .map(|&i| {
            let v = &pages.listings[i];
            let what = v
                .project_name()
                .map_or_else(|| kind_short(&v.kind_zh), String::from);
            format!("{} {}年 {}", v.unit, v.year, what)
        })
        .collect();
    let items: Vec<Scored<'_>> = pages
        .units
        .iter()
        .flat_map(|u| u.reports.iter())
        .zip(&names)
        .map(|(&i, name)| Scored {
            name,
            total: &pages.listings[i].total,
            grade: &pages.listings[i].grade,
        })
        .collect();
    let units: Vec<UnitCtx<'_>> = pages
        .units
        .iter()
        .map(|u| UnitCtx {
            name: &u.name,
            href: href(&u.path),
            reports: pages.summaries(&u.reports, ""),
            compare: Compare::default(),
            history: History::default(),
        })
        .collect();
    let findings = if site.config.show_findings {
        pages.listings.iter().map(|v| v.findings).sum()
    } else {
        0
    };
    let unit_names: Vec<&str> = pages.units.iter().map(|u| u.name.as_str()).collect();
    let page = IndexPage {
        site: site_ctx,
        root: "",
        page_title: &site.config.name,
        canonical: site_ctx.canonical("index.html"),
        description: format!(
            "{}：{} 份预算绩效自评报告（{}）。",
            site.config.name,
            pages.listings.len(),
            unit_names.join("、")
        ),
        units,
        report_count: pages.listings.len(),
        findings,
        chart: chart::histogram("各报告自评总分分布", &items),
        links: SiteLinks {
            review: review::PAGE,
            json: data::REPORTS_JSON,
            csv: data::REPORTS_CSV,
            feed: site_ctx.feed.map(|_| feeds::FEED),
        },
    };
    write(
        ctx.stage,
        "index.html",
        render_page(tera, "index.html", &page)?.as_bytes(),
    )
}
