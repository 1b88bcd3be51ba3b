//! Not a test of its own: `JIXIAO_DUMP=DIR cargo test --test it pdf_dump::` writes the fixtures'
//! report.json files into DIR, for working on the Typst template by hand
//! (`typst watch DIR/x/report.typ`).

use crate::support::{pdf, repo, seed_views};
use jixiao::render::pdf::{SiteInfo, report_json};
use jixiao::render::view::ReportView;
use std::path::Path;

/// Writes the data typst gets for `v` into `<dir>/<prefix><slug>/report.json`.
fn dump(dir: &Path, prefix: &str, v: &ReportView, info: &SiteInfo) {
    let d = dir.join(format!("{prefix}{}", v.slug.replace('/', "_")));
    std::fs::create_dir_all(&d).unwrap();
    let json = report_json(v, info).unwrap();
    std::fs::write(
        d.join("report.json"),
        serde_json::to_vec_pretty(&json).unwrap(),
    )
    .unwrap();
}

#[test]
fn dump_fixture_data() {
    let Some(dir) = std::env::var_os("JIXIAO_DUMP") else {
        return;
    };
    for v in [
        seed_views::seed000(),
        seed_views::seed003(),
        seed_views::seed001(),
    ] {
        dump(Path::new(&dir), "", &v, &pdf::info());
    }
}

#[test]
fn dump_sample_site_data() {
    let Some(dir) = std::env::var_os("JIXIAO_DUMP") else {
        return;
    };
    let site = jixiao::pipeline::Site::load(repo()).unwrap();
    let info = SiteInfo::of(&site);
    for e in &site.entries {
        dump(Path::new(&dir), "site_", &ReportView::new(&site, e), &info);
    }
}
