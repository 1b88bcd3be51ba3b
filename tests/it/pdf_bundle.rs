//! typst's bundle export (打包排版), on by default: several reports typeset by one typst process give
//! byte for byte the PDFs of one process per report — every sample report, the footnote fixture
//! (and two reports with several footnotes, repeated and unreferenced ones, in one bundle) and a
//! grid running over many pages with （续） labels — so a PDF does not depend on whether it was
//! bundled; `JIXIAO_PDF_BUNDLE=0` turns bundles off, a template the site changed is not bundled
//! unless asked, and a report that fails in a bundle is named with its own message while the others
//! of its bundle are still made.

use crate::support::pdf::{info, job, site as empty_site_of, theme, tools_or_skip};
use crate::support::seed_views::{self, NARRATIVE_003, row, seed001, seed003};
use crate::support::site::{SiteBuilder, SiteDir};
use crate::support::{files, repo, tree};
use jixiao::render::pdf::{self, PdfJob, PdfOptions, tools::Tools};
use jixiao::render::view::ReportView;
use jixiao::write::Stage;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A wrapper around typst that logs each `compile` with its mode.
fn wrapper(dir: &Path, real: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("typst.log");
    let path = dir.join("typst");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = compile ]; then case \"$*\" in *--format\\ bundle*) echo bundle;; *) echo single;; esac >> '{}'; fi\nexec '{}' \"$@\"\n",
            log.display(),
            real.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    (path, log)
}

/// `jixiao build` of `site` with `bundle` as `JIXIAO_PDF_BUNDLE` (unset: the default).
fn build(site: &SiteDir, typst: &Path, fonts: &Path, bundle: Option<&str>) -> (bool, String) {
    let mut c = site.command("build");
    c.args(["--no-cache", "--no-search"])
        .env("JIXIAO_TYPST", typst)
        .env("JIXIAO_FONTS", fonts)
        .env_remove("JIXIAO_PDF_BUNDLE");
    if let Some(b) = bundle {
        c.env("JIXIAO_PDF_BUNDLE", b);
    }
    let out = c.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn pdfs(site: &SiteDir) -> BTreeMap<String, Vec<u8>> {
    tree(&site.out())
        .into_iter()
        .filter(|(k, _)| k.ends_with(".pdf"))
        .collect()
}

fn runs(log: &Path) -> Vec<String> {
    let r = std::fs::read_to_string(log).unwrap_or_default();
    let _ = std::fs::remove_file(log);
    r.lines().map(String::from).collect()
}

/// Asserts that typst ran, and that every run since the last look was a `mode` one.
fn only(log: &Path, mode: &str) {
    let modes = runs(log);
    assert!(
        !modes.is_empty() && modes.iter().all(|r| r == mode),
        "{mode} expected: {modes:?}"
    );
}

#[test]
fn bundled_pdfs_are_the_bytes_of_one_process_per_report() {
    let Some(tools) = tools_or_skip("bundled_pdfs_are_the_bytes_of_one_process_per_report") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (typst, log) = wrapper(tmp.path(), &tools.typst);
    let site = SiteBuilder::sample().build();
    let (ok, err) = build(&site, &typst, &tools.fonts, Some("0"));
    assert!(ok, "{err}");
    let single = pdfs(&site);
    assert_eq!(single.len(), 5);
    only(&log, "single");
    // Bundles are the default.
    let (ok, err) = build(&site, &typst, &tools.fonts, None);
    assert!(ok, "{err}");
    only(&log, "bundle");
    assert_eq!(pdfs(&site), single, "bundled PDFs differ from single runs");
}

/// Seed 003 (footnote 1, referenced once) as another unit's report with more footnotes: one
/// referenced three times, one never (printed after the text).
fn more_footnotes(slug: &str) -> ReportView<'static> {
    let mut v = seed003();
    v.slug = slug.into();
    v.source = format!("content/{slug}.md");
    let text = NARRATIVE_003
        .replace(
            "二是部分绩效指标未达标。",
            "二是部分绩效指标未达标[^2]，见前注[^1]。",
        )
        .replace("一是规范绩效目标", "一是按期拨付资金[^2]；规范绩效目标")
        .replace("执行率 94.91%。", "执行率 94.91%[^2]。")
        + "[^2]: 资金到位后即拨付，2024 年 3 月前付清。\n[^3]: 未被引用的脚注，印在正文之后。\n";
    v.narrative = seed_views::narrative(text.as_str());
    v
}

/// Seed 001 with its rows four times over and one reason longer than a page: a grid over many
/// pages, its 一级/二级 groups continued （续） on the next, a row set as several.
fn long_grid() -> ReportView<'static> {
    let mut v = seed001();
    v.slug = "jiangmen-gxj/2023-project-long".into();
    v.source = format!("content/{}.md", v.slug);
    let rows = v.grid.clone();
    v.grid = (0..4).flat_map(|_| rows.clone()).collect();
    let mut tall = row("资金支出率（补）", "0.00", "0.00");
    tall.reason =
        Some("受财政库款紧张影响，项目实际支付低于预算，待付项目将在下一年度完成支付；".repeat(60));
    v.grid.insert(5, tall);
    v
}

#[test]
fn footnotes_and_a_long_grid_are_the_same_bytes_bundled_and_alone() {
    let Some(real) = tools_or_skip("footnotes_and_a_long_grid_are_the_same_bytes") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (typst, log) = wrapper(tmp.path(), &real.typst);
    let wrapped = Tools {
        typst,
        fonts: real.fonts.clone(),
    };
    // The first two share a bundle (at least two to a bundle): their footnote counters and labels
    // must not meet.
    let views = [
        more_footnotes("baiyun-kgsx/2023-report"),
        more_footnotes("panyu-kgsx/2023-report"),
        seed003(),
        long_grid(),
    ];
    let jobs: Vec<PdfJob> = views.iter().map(job).collect();
    let t = SiteBuilder::new().build();
    let site = empty_site_of(t.root());
    let theme = theme(&site);
    let opts = PdfOptions {
        epoch: 1_700_000_000,
        progress: false,
        standard: Some("a-2b".into()),
        limits: Default::default(),
    };
    let stage = Stage::new(&t.out()).unwrap();
    pdf::render_jobs(&jobs, &info(), &theme, &wrapped, &stage, &opts).unwrap();
    only(&log, "bundle");
    for j in &jobs {
        let bundled = std::fs::read(stage.dir().join(format!("{}.pdf", j.view.slug))).unwrap();
        let alone = pdf::compile_one(j, &info(), &theme, &wrapped, &opts, None).unwrap();
        assert!(
            bundled == alone,
            "{}: bundled ({} bytes) differs from alone ({} bytes)",
            j.view.slug,
            bundled.len(),
            alone.len()
        );
    }
    assert_eq!(runs(&log), vec!["single"; jobs.len()]);
}

#[test]
fn a_template_the_site_changed_is_not_bundled_unless_asked() {
    let Some(tools) = tools_or_skip("a_template_the_site_changed_is_not_bundled") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (typst, log) = wrapper(tmp.path(), &tools.typst);
    let mut style = std::fs::read_to_string(repo().join("themes/default/typst/style.typ")).unwrap();
    style.push_str("\n// the site's own\n");
    let site = SiteBuilder::sample().file("typst/style.typ", style).build();
    let (ok, err) = build(&site, &typst, &tools.fonts, None);
    assert!(ok, "{err}");
    only(&log, "single");
    let (ok, err) = build(&site, &typst, &tools.fonts, Some("1"));
    assert!(ok, "{err}");
    only(&log, "bundle");
}

#[test]
fn a_report_failing_in_a_bundle_is_named_and_the_others_are_made() {
    let Some(tools) = tools_or_skip("a_report_failing_in_a_bundle_is_named") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (typst, log) = wrapper(tmp.path(), &tools.typst);
    let mut b = SiteBuilder::sample();
    // A theme of the site's own whose template fails for one report only.
    let theme = repo().join("themes/default");
    for file in files(&theme) {
        let rel = file
            .strip_prefix(&theme)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut bytes = std::fs::read(&file).unwrap();
        if rel == "typst/report.typ" {
            bytes.extend_from_slice(
                b"\n#if data.slug.starts-with(\"jiangmen\") { panic(\"JIANGMEN-FAILS\") }\n",
            );
        }
        b = b.file(&format!("themes/default/{rel}"), bytes);
    }
    let site = b.build();
    let (ok, err) = build(&site, &typst, &tools.fonts, Some("1"));
    assert!(!ok);
    assert!(err.contains("JIANGMEN-FAILS"), "{err}");
    assert!(
        err.contains("content/jiangmen-gxj/2023-project-industry-management.md: "),
        "{err}"
    );
    assert!(err.contains("1 of 5 PDFs failed"), "{err}");
    let modes = runs(&log);
    assert!(modes.contains(&"bundle".to_string()), "{modes:?}");
    assert!(modes.contains(&"single".to_string()), "{modes:?}");
}
