//! A build makes the reports' views a batch at a time and drops them (`render::render_all`): the
//! output is byte for byte the same whatever the batch (`JIXIAO_BATCH`), and what fails in several
//! batches is said together at the end.

use crate::support::pdf::tools_or_skip;
use crate::support::site::{SiteBuilder, SiteDir, run};
use crate::support::tree;
use jixiao::pipeline::{Load, Site};

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
    // By default a build without PDFs keeps every report of this site from the check for the
    // render; with no room to keep any, every one is made again from its file: the same output.
    let mut c = site.command("build");
    c.args(["--out", &site.path("none-kept").display().to_string()])
        .args(["--no-search", "--no-pdf", "--xlsx"])
        .env("JIXIAO_KEEP_MB", "0");
    run(&mut c).success();
    same_trees(&site, "default", "none-kept");
}

#[test]
fn the_pdfs_are_the_same_whatever_the_batch_or_the_bundle() {
    if tools_or_skip("the_pdfs_are_the_same_whatever_the_batch_or_the_bundle").is_none() {
        return;
    }
    let site = sample();
    build(&site, "default", None, &["--no-cache"]);
    build(&site, "two", Some(2), &["--no-cache"]);
    // Bundles of at most 2 reports a typst process (5 reports: 3 bundles).
    let mut c = site.command("build");
    c.args(["--out", &site.path("small").display().to_string()])
        .args(["--no-search", "--no-cache"])
        .env("JIXIAO_PDF_BUNDLE_SIZE", "2");
    run(&mut c).success();
    same_trees(&site, "default", "small");
    // Memory for no typst process at all: one process at a time, bundles of 2, and it says so.
    let mut c = site.command("build");
    c.args(["--out", &site.path("little").display().to_string()])
        .args(["--no-search", "--no-cache"])
        .env("JIXIAO_MEMORY_MB", "1");
    let r = run(&mut c).success();
    assert!(
        r.stderr.contains("同时 1 个 typst 进程，每个至多 2 份报告"),
        "{}",
        r.stderr
    );
    same_trees(&site, "default", "little");
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

/// A site loaded as a build loads it (each report's facts and findings only) and one that holds
/// its reports: the sample site, a report that takes a project report's total, and a copy of a
/// report (a `duplicate-report` finding, about the site as a whole, on both copies).
fn held_and_streamed() -> (SiteDir, Site, Site) {
    let copy = std::fs::read_to_string(
        crate::support::repo().join("content/guangzhou-gxj/2023-department-report.md"),
    )
    .unwrap();
    let t = SiteBuilder::sample()
        .report("p/2023-project.md", crate::project_links::PROJECT)
        .report(
            "dept.md",
            &crate::project_links::department(
                "              - {name: 工业发展专项, report: content/p/2023-project.md, score: 99}",
            ),
        )
        .report("zz-copy/2023-department-report.md", &copy)
        .build();
    let load = |hold| {
        Site::load_with(
            t.root(),
            Load {
                hold,
                keep: 0,
                outputs: Some(true),
            },
        )
        .unwrap()
    };
    let (held, streamed) = (load(true), load(false));
    (t, held, streamed)
}

/// Each of `made` is, by its whole `Debug`, the entry `held` holds at the same place.
fn assert_held_entries(held: &Site, made: &[std::borrow::Cow<'_, jixiao::pipeline::Entry>]) {
    for (h, m) in held.entries.iter().zip(made) {
        assert_eq!(
            format!("{h:?}"),
            format!("{:?}", m.as_ref()),
            "{}",
            h.report.source
        );
    }
}

#[test]
fn a_report_made_again_for_its_pages_is_the_one_that_was_checked() {
    let (_t, held, streamed) = held_and_streamed();
    assert_eq!(held.facts.len(), 8);
    assert!(streamed.entries.is_empty(), "a build holds no report");
    assert_eq!(format!("{:?}", held.facts), format!("{:?}", streamed.facts));
    // The findings about the site as a whole and about a cited report are in both.
    let codes: Vec<&str> = held.findings().map(|f| f.code).collect();
    for code in ["duplicate-report", "project-score-mismatch"] {
        assert_eq!(
            codes.iter().filter(|&&c| c == code).count(),
            if code == "duplicate-report" { 2 } else { 1 },
            "{code} in {codes:?}"
        );
    }
    let all: Vec<usize> = (0..held.facts.len()).collect();
    let made = streamed.entries_of(&all).unwrap();
    assert_held_entries(&held, &made);
    // The department report scored with the project report's total (98/100 × 20).
    let dept = made
        .iter()
        .find(|e| e.report.source == "content/dept.md")
        .unwrap();
    assert_eq!(
        dept.scored.groups[0].groups[0].rows[0].score.to_string(),
        "19.60"
    );
}

#[test]
fn a_build_keeps_the_reports_when_their_files_fit_and_makes_them_again_when_not() {
    let (t, held, _) = held_and_streamed();
    // The reports' files together (every `.md` below `content/`).
    let room: usize = walkdir::WalkDir::new(t.path("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum();
    let load = |keep| {
        Site::load_with(
            t.root(),
            Load {
                hold: false,
                keep,
                outputs: Some(true),
            },
        )
        .unwrap()
    };
    // One byte short: none kept; every entry is made again from its file.
    let short = load(room - 1);
    assert!(short.kept.iter().all(Option::is_none));
    // Room for all: every entry kept, with the findings about the site as a whole (the duplicate
    // pair) and the totals of cited reports (the department report citing a project report).
    let site = load(room);
    assert!(site.entries.is_empty(), "a build holds no site");
    assert_eq!(site.kept.len(), 8);
    assert!(site.kept.iter().all(Option::is_some));
    let twin = site
        .kept
        .iter()
        .flatten()
        .find(|e| e.report.source == "content/zz-copy/2023-department-report.md")
        .unwrap();
    assert!(
        twin.findings.iter().any(|f| f.code == "duplicate-report"),
        "a kept report has the findings about the site as a whole"
    );
    // Kept or made again, each entry is the one a site holding them all has.
    let all: Vec<usize> = (0..site.facts.len()).collect();
    for made in [
        site.entries_of(&all).unwrap(),
        short.entries_of(&all).unwrap(),
    ] {
        assert_eq!(made.len(), held.entries.len());
        assert_held_entries(&held, &made);
    }
    // A kept report is not read again: its file changed now changes nothing of what is published
    // (what was checked); made again, it is refused.
    t.write("content/baiyun-kgsx/2023-department-report.md", "不是报告");
    assert!(site.entries_of(&[0]).is_ok());
    assert!(short.entries_of(&[0]).is_err());
}

#[test]
fn a_report_changed_or_gone_after_the_check_is_refused() {
    let (t, _held, streamed) = held_and_streamed();
    let at = |source: &str| {
        streamed
            .facts
            .iter()
            .position(|f| f.source == source)
            .unwrap()
    };
    let changed = at("content/guangzhou-gxj/2022-department-table.md");
    let rel = "content/guangzhou-gxj/2022-department-table.md";
    let text = std::fs::read_to_string(t.path(rel)).unwrap();
    t.write(rel, text.replace("year: 2022", "year: 2021"));
    let err = streamed.entries_of(&[changed]).unwrap_err();
    assert!(err.to_string().contains(rel), "{err}");
    assert!(err.to_string().contains("请重新生成"), "{err}");
    // The others are made as before; a report deleted since is refused too.
    assert!(streamed.entries_of(&[at("content/dept.md")]).is_ok());
    std::fs::remove_file(t.path("content/dept.md")).unwrap();
    let err = streamed.entries_of(&[at("content/dept.md")]).unwrap_err();
    assert!(err.to_string().contains("content/dept.md"), "{err}");
}
