//! Not a test of its own: `JIXIAO_DUMP=DIR cargo test --test pdf_dump` writes the fixtures' report.json
//! files into DIR, for working on the Typst template by hand (`typst watch DIR/x/report.typ`).
mod pdf_support;

#[test]
fn dump_fixture_data() {
    let Some(dir) = std::env::var_os("JIXIAO_DUMP") else {
        return;
    };
    for v in [
        pdf_support::seed000(),
        pdf_support::seed003(),
        pdf_support::seed001(),
    ] {
        let d = std::path::Path::new(&dir).join(v.slug.replace('/', "_"));
        std::fs::create_dir_all(&d).unwrap();
        let json = jixiao::render::pdf::report_json(&v, &pdf_support::info());
        std::fs::write(
            d.join("report.json"),
            serde_json::to_vec_pretty(&json).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn dump_sample_site_data() {
    let Some(dir) = std::env::var_os("JIXIAO_DUMP") else {
        return;
    };
    let site =
        jixiao::pipeline::Site::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let info = jixiao::render::pdf::SiteInfo::of(&site);
    for e in &site.entries {
        let v = jixiao::render::view::ReportView::new(&site, e);
        let d = std::path::Path::new(&dir).join(format!("site_{}", v.slug.replace('/', "_")));
        std::fs::create_dir_all(&d).unwrap();
        let json = jixiao::render::pdf::report_json(&v, &info);
        std::fs::write(
            d.join("report.json"),
            serde_json::to_vec_pretty(&json).unwrap(),
        )
        .unwrap();
    }
}
