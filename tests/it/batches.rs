//! A build makes the reports' views a batch at a time and drops them (`render::render_all`): the
//! output is byte for byte the same whatever the batch (`JIXIAO_BATCH`), and what fails in several
//! batches is said together at the end.

use crate::support::pdf::tools_or_skip;
use crate::support::site::{SiteBuilder, SiteDir, run};
use crate::support::tree;

/// The sample site with a web address (so that the sitemap and the feed are written too).
fn sample() -> SiteDir {
    let config = std::fs::read_to_string(crate::support::repo().join("jixiao.yaml")).unwrap();
    let config = config.replace(
        "base_path: /",
        "base_path: https://czj.example.gov.cn/jixiao/",
    );
    assert!(
        config.contains("https://czj"),
        "the sample config names base_path"
    );
    SiteBuilder::sample().config(&config).build()
}

/// Builds `site` into `out` with batches of `batch` reports (None: the default).
fn build(site: &SiteDir, out: &str, batch: Option<usize>, extra: &[&str]) {
    let mut c = site.command("build");
    c.args([
        "--out",
        &site.path(out).display().to_string(),
        "--no-search",
    ])
    .args(extra);
    if let Some(n) = batch {
        c.env("JIXIAO_BATCH", n.to_string());
    }
    run(&mut c).success();
}

fn same_trees(site: &SiteDir, a: &str, b: &str) {
    let (a, b) = (tree(&site.path(a)), tree(&site.path(b)));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs with another batch size");
    }
}

#[test]
fn the_pages_data_and_workbooks_are_the_same_whatever_the_batch() {
    let site = sample();
    let flags = ["--no-pdf", "--xlsx"];
    build(&site, "default", None, &flags);
    build(&site, "one", Some(1), &flags);
    build(&site, "two", Some(2), &flags);
    let files = tree(&site.path("default"));
    for f in [
        "index.html",
        "review.html",
        "review.xlsx",
        "sitemap.xml",
        "feed.xml",
    ] {
        assert!(files.contains_key(f), "{f} is written");
    }
    same_trees(&site, "default", "one");
    same_trees(&site, "default", "two");
}

#[test]
fn the_pdfs_are_the_same_whatever_the_batch() {
    if tools_or_skip("the_pdfs_are_the_same_whatever_the_batch").is_none() {
        return;
    }
    let site = sample();
    build(&site, "default", None, &["--no-cache"]);
    build(&site, "two", Some(2), &["--no-cache"]);
    assert_eq!(
        tree(&site.path("default"))
            .keys()
            .filter(|k| k.ends_with(".pdf"))
            .count(),
        5
    );
    same_trees(&site, "default", "two");
}

#[test]
fn pdf_failures_in_several_batches_are_named_together() {
    if tools_or_skip("pdf_failures_in_several_batches_are_named_together").is_none() {
        return;
    }
    // The site's own template (as a site may have) refuses two units: the first report of the
    // site and the last, each in a batch of its own.
    let site = SiteBuilder::sample()
        .file(
            "typst/report.typ",
            "#let data = json(\"report.json\")\n#if data.unit.contains(\"白云\") or data.unit.contains(\"番禺\") { panic(\"refused \" + data.unit) }\n#data.unit #data.total\n",
        )
        .build();
    let mut c = site.command("build");
    c.args(["--no-search", "--no-cache"])
        .env("JIXIAO_BATCH", "1");
    let r = run(&mut c);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("2 of 5 PDFs failed"), "{}", r.stderr);
    for source in [
        "content/baiyun-kgsx/2023-department-report.md",
        "content/panyu-kgsx/2024-department-statement.md",
    ] {
        assert!(r.stderr.contains(source), "{source} is named: {}", r.stderr);
    }
    assert!(
        !site.path("build").exists(),
        "nothing is published when a PDF fails"
    );
}
