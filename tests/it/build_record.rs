//! The build record (生成记录): a build whose inputs are those of the last build into the same
//! folder, which is as that build left it, does nothing and says so; changing any input — a report,
//! an attachment, the config, a theme file, an option, the timestamp, the environment that changes
//! the output, typst, jixiao itself — or touching the output makes it build again.
//!
//! The tests tell a build that ran from one that did nothing by what it says (“输出未变”) and check
//! that the output is then left alone (the same files, inodes and times).

use crate::support::pdf::tools_or_skip;
use crate::support::site::{Run, SiteBuilder, SiteDir, run};
use crate::support::{JIXIAO, repo, tree};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const NOTHING: &str = "输出未变";
const A: &str = "jiangmen-gxj/2023-project-industry-management.md";
const B: &str = "baiyun-kgsx/2023-department-report.md";

/// A site with two seed reports and a build cache (where the record is kept) of its own.
struct Fixture {
    site: SiteDir,
    cache: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let seeds = repo().join("content");
        let site = SiteBuilder::new()
            .report(A, &std::fs::read_to_string(seeds.join(A)).unwrap())
            .report(B, &std::fs::read_to_string(seeds.join(B)).unwrap())
            .config("name: 记录测试\n")
            .build();
        Fixture {
            site,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    /// `jixiao build --no-pdf --no-search <args>` (or `exe`'s) with this fixture's cache; whether
    /// it did nothing, and its stderr. The build must succeed.
    fn build_with(&self, exe: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
        let mut c = Command::new(exe);
        c.arg("build")
            .arg(self.site.root())
            .args(["--no-pdf", "--no-search"])
            .args(args)
            .env("SOURCE_DATE_EPOCH", "0")
            .env("NO_COLOR", "1")
            .env("JIXIAO_CACHE", self.cache.path());
        for (k, v) in env {
            c.env(k, v);
        }
        let r = run(&mut c).success();
        (r.stderr.contains(NOTHING), r.stderr)
    }

    fn build(&self, args: &[&str]) -> (bool, String) {
        self.build_with(Path::new(JIXIAO), args, &[])
    }

    /// Builds twice: the first must run, the second must do nothing.
    fn runs_then_rests(&self, what: &str, args: &[&str]) {
        let (nothing, err) = self.build(args);
        assert!(!nothing, "{what}: the build did not run\n{err}");
        let (nothing, err) = self.build(args);
        assert!(nothing, "{what}: the build after it ran again\n{err}");
    }
}

/// `jixiao build --no-pdf --no-search` of the site at `root` at time 0, into `out` (the site's
/// `build/` when `None`), with the build cache in `cache`, or `--no-cache` without one.
fn build_html(root: &Path, out: Option<&Path>, cache: Option<&Path>) -> Run {
    let mut c = Command::new(JIXIAO);
    c.arg("build")
        .arg(root)
        .args(["--no-pdf", "--no-search"])
        .env("SOURCE_DATE_EPOCH", "0")
        .env("NO_COLOR", "1");
    if let Some(out) = out {
        c.arg("--out").arg(out);
    }
    match cache {
        Some(dir) => c.env("JIXIAO_CACHE", dir),
        None => c.arg("--no-cache"),
    };
    run(&mut c)
}

/// What a build from nothing (no cache, a new folder) makes of the site at `root`; it must say
/// it built.
fn from_nothing(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let r = build_html(root, Some(&out.path().join("o")), None).success();
    assert!(r.stderr.contains("已生成"), "{}", r.stderr);
    tree(&out.path().join("o"))
}

/// Every entry of `dir` with its inode and modification time.
fn stats(dir: &Path) -> Vec<(PathBuf, u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (e.path().to_path_buf(), m.ino(), m.mtime(), m.mtime_nsec())
        })
        .collect()
}

#[test]
fn a_build_with_nothing_changed_does_nothing_and_says_the_same() {
    let f = Fixture::new();
    let (nothing, first) = f.build(&[]);
    assert!(!nothing, "{first}");
    let before = stats(&f.site.out());
    let bytes = tree(&f.site.out());
    let (nothing, again) = f.build(&[]);
    assert!(nothing, "{again}");
    assert_eq!(stats(&f.site.out()), before, "the output was touched");
    assert_eq!(tree(&f.site.out()), bytes);
    // The warnings are said again, word for word, then where the output is.
    let warnings = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("已生成"))
            .map(str::to_string)
            .collect()
    };
    assert!(first.contains("警告"), "the fixture has warnings: {first}");
    assert_eq!(warnings(&again), warnings(&first));
    assert!(again.contains("已生成 2 份报告 →"), "{again}");
    // The record is in the build cache, not in the output.
    assert!(f.cache.path().join("builds").is_dir());
    assert!(!tree(&f.site.out()).keys().any(|k| k.contains("record")));
}

#[test]
fn every_input_and_every_touch_of_the_output_makes_it_build_again() {
    let f = Fixture::new();
    f.runs_then_rests("first build", &[]);
    // A report.
    let a = f.site.path(&format!("content/{A}"));
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, text.replace("江门市", "江门市 ")).unwrap();
    f.runs_then_rests("a report edited", &[]);
    // A new file below content/ (an attachment, linked or not).
    f.site
        .write("content/jiangmen-gxj/f/附件.pdf", b"%PDF-1.4\n");
    f.runs_then_rests("an attachment added", &[]);
    // The same bytes again after an edit and its undo: the record is of bytes, not of times.
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, text.clone() + " ").unwrap();
    f.runs_then_rests("an edit", &[]);
    std::fs::write(&a, &text).unwrap();
    f.runs_then_rests("the edit undone", &[]);
    // The config.
    f.site.write("jixiao.yaml", "name: 记录测试站\n");
    f.runs_then_rests("jixiao.yaml", &[]);
    // A theme file of the site (a stylesheet of its own).
    f.site.write("static/extra.css", "body{}\n");
    f.runs_then_rests("static/extra.css", &[]);
    f.site.write("templates/nothing.html", "x");
    f.runs_then_rests("templates/", &[]);
    // An option.
    f.runs_then_rests("--xlsx", &["--xlsx"]);
    f.runs_then_rests("no option", &[]);
    // The timestamp, and the environment that changes the output.
    let (nothing, _) = f.build_with(Path::new(JIXIAO), &[], &[("SOURCE_DATE_EPOCH", "86400")]);
    assert!(!nothing, "another SOURCE_DATE_EPOCH");
    let (nothing, _) = f.build_with(Path::new(JIXIAO), &[], &[("SOURCE_DATE_EPOCH", "86400")]);
    assert!(nothing);
    let (nothing, _) = f.build_with(Path::new(JIXIAO), &[], &[("JIXIAO_PDF_BUNDLE", "0")]);
    assert!(!nothing, "JIXIAO_PDF_BUNDLE");
    f.runs_then_rests("back to the plain environment", &[]);
    // The output: a file edited (same size), removed, or added; a folder added.
    let index = f.site.out().join("index.html");
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&index, &bytes).unwrap();
    f.runs_then_rests("index.html edited", &[]);
    std::fs::remove_file(&index).unwrap();
    f.runs_then_rests("index.html removed", &[]);
    std::fs::write(f.site.out().join("extra.html"), "x").unwrap();
    f.runs_then_rests("a file added to the output", &[]);
    std::fs::create_dir(f.site.out().join("extra")).unwrap();
    f.runs_then_rests("a folder added to the output", &[]);
    assert!(!f.site.out().join("extra").exists());
    // --no-cache always builds (and leaves a record the next build may use).
    let (nothing, _) = f.build(&["--no-cache"]);
    assert!(!nothing, "--no-cache");
    // Another jixiao (here: the same bytes, another file) builds again.
    let other = f.cache.path().join("jixiao-copy");
    std::fs::copy(JIXIAO, &other).unwrap();
    let (nothing, _) = f.build_with(&other, &[], &[]);
    assert!(!nothing, "another jixiao executable");
    let (nothing, _) = f.build_with(&other, &[], &[]);
    assert!(nothing);
}

#[test]
fn a_failed_build_leaves_the_output_and_the_next_build_runs() {
    let f = Fixture::new();
    f.runs_then_rests("first build", &[]);
    let before = tree(&f.site.out());
    let a = f.site.path(&format!("content/{A}"));
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, text.replacen("year:", "year: [", 1)).unwrap();
    let mut c = f.site.command("build");
    c.args(["--no-pdf", "--no-search"])
        .env("JIXIAO_CACHE", f.cache.path());
    let failed = run(&mut c);
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    assert_eq!(tree(&f.site.out()), before, "the output was changed");
    std::fs::write(&a, &text).unwrap();
    f.runs_then_rests("the error mended", &[]);
    assert_eq!(tree(&f.site.out()), before);
}

#[test]
fn another_typst_makes_it_build_again() {
    let Some(tools) = tools_or_skip("another_typst_makes_it_build_again") else {
        return;
    };
    let f = Fixture::new();
    let typst = f.cache.path().join("typst");
    std::fs::copy(&tools.typst, &typst).unwrap();
    let typst = typst.to_string_lossy().into_owned();
    let fonts = tools.fonts.to_string_lossy().into_owned();
    let with_pdf = |typst: &str| {
        let mut c = f.site.command("build");
        c.arg("--no-search")
            .env("JIXIAO_CACHE", f.cache.path())
            .env("JIXIAO_TYPST", typst)
            .env("JIXIAO_FONTS", &fonts);
        run(&mut c).success().stderr.contains(NOTHING)
    };
    assert!(!with_pdf(&typst));
    assert!(with_pdf(&typst), "nothing changed");
    // Another typst binary (the same bytes, a newer file).
    let newer = f.cache.path().join("typst-newer");
    std::fs::copy(&typst, &newer).unwrap();
    let newer = newer.to_string_lossy().into_owned();
    assert!(!with_pdf(&newer), "another typst");
    assert!(with_pdf(&newer));
    // Without PDFs the tools do not count, and the PDFs go from the output.
    let (nothing, _) = f.build(&[]);
    assert!(!nothing, "--no-pdf after a build with PDFs");
    assert!(!tree(&f.site.out()).keys().any(|k| k.ends_with(".pdf")));
}

/// A report page (or PDF) the previous build made from the same key — for a page, the templates
/// and its whole context — and that nobody touched since is kept without being made again. The
/// output is always byte for byte what a build from nothing makes: after an edit of another
/// report, a template of the site, the config, and a page edited by hand in the output.
#[test]
fn kept_pages_are_always_what_a_build_from_nothing_makes() {
    let f = Fixture::new();
    let fresh = |what: &str| {
        assert_eq!(
            tree(&f.site.out()),
            from_nothing(f.site.root()),
            "{what}: not what a fresh build makes"
        );
    };
    let page = |rel: &str| f.site.out().join(rel.replace(".md", ".html"));
    f.runs_then_rests("first build", &[]);
    let b_inode = std::fs::metadata(page(B)).unwrap().ino();

    let a = f.site.path(&format!("content/{A}"));
    let text = std::fs::read_to_string(&a).unwrap();
    std::fs::write(&a, format!("{text}\n\n附注：已复核。\n")).unwrap();
    f.runs_then_rests("report A edited", &[]);
    fresh("report A edited");
    assert_eq!(std::fs::metadata(page(B)).unwrap().ino(), b_inode);

    let template = std::fs::read_to_string(repo().join("themes/default/templates/report.html"))
        .unwrap()
        .replacen("</h1>", "</h1><p>模板已改</p>", 1);
    f.site.write("templates/report.html", &template);
    f.runs_then_rests("a template of the site", &[]);
    fresh("a template of the site");
    assert!(
        String::from_utf8(std::fs::read(page(B)).unwrap())
            .unwrap()
            .contains("模板已改")
    );

    f.site.write("jixiao.yaml", "name: 记录测试站（改）\n");
    f.runs_then_rests("the config", &[]);
    fresh("the config");

    // B's page edited by hand (same length, so only its time tells), then A edited again.
    let mut bytes = std::fs::read(page(B)).unwrap();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b' ' { b'\t' } else { b' ' };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(page(B), &bytes).unwrap();
    std::fs::write(&a, format!("{text}\n\n附注：再次复核。\n")).unwrap();
    f.runs_then_rests("B's page touched, A edited", &[]);
    fresh("B's page touched, A edited");
}

/// What the last build learnt of each report (its facts and findings, `write::memo`, noted even
/// when the content has errors) is taken again only while the report's file and everything its
/// reading depends on are as they were. A report's links resolve against the files of `content/`:
/// the file it links to missing, the build refuses as a build from nothing does; put there, it
/// builds what a build from nothing builds; removed again, it refuses again.
#[test]
fn what_the_last_build_learnt_of_a_report_is_not_taken_when_a_file_it_links_to_comes_or_goes() {
    let f = Fixture::new();
    let b = f.site.path(&format!("content/{B}"));
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, format!("{text}\n\n[原件](原件.pdf)\n")).unwrap();
    let linked = f.site.path("content/baiyun-kgsx/原件.pdf");
    let refuses = |what: &str| {
        let memo = build_html(f.site.root(), None, Some(f.cache.path()));
        let nothing = build_html(f.site.root(), None, None);
        assert_eq!(memo.code, Some(1), "{what}: {}", memo.stderr);
        assert!(
            memo.stderr.contains("asset-missing"),
            "{what}: {}",
            memo.stderr
        );
        assert_eq!(memo.stderr, nothing.stderr, "{what}");
    };
    refuses("the linked file missing");

    std::fs::write(&linked, "%PDF-1.4").unwrap();
    f.runs_then_rests("the linked file there", &[]);
    let page = std::fs::read_to_string(f.site.out().join(B.replace(".md", ".html"))).unwrap();
    assert!(
        page.contains("<a href=\"../baiyun-kgsx/%E5%8E%9F%E4%BB%B6.pdf\">原件</a>"),
        "the link is published"
    );
    assert_eq!(tree(&f.site.out()), from_nothing(f.site.root()));

    std::fs::remove_file(&linked).unwrap();
    refuses("the linked file removed");
}

/// A report's files are made again when what the site says of it changes though its file did not:
/// another report of its unit, renamed to its project, makes it a duplicate (`duplicate-report` on
/// both; the units, their reports and every output path stay as they were). Its page, its data and
/// the review page's counts are then what a build from nothing makes.
#[test]
fn a_report_is_made_again_when_another_makes_it_a_duplicate() {
    let text = std::fs::read_to_string(repo().join("content").join(A)).unwrap();
    let name = "  name: 工业发展管理经费";
    assert!(text.contains(name), "the seed names its project");
    let (first, second) = ("jiangmen-gxj/2023-a.md", "jiangmen-gxj/2023-b.md");
    let site = SiteBuilder::new()
        .report(first, &text)
        .report(
            second,
            &text.replace(name, "  name: 工业发展管理经费（二）"),
        )
        .config("name: 重复测试\nshow_findings: true\n")
        .build();
    let cache = tempfile::tempdir().unwrap();
    let build = || build_html(site.root(), None, Some(cache.path())).success();
    build();
    let page = site.out().join(first.replace(".md", ".html"));
    assert!(!std::fs::read_to_string(&page).unwrap().contains("另见"));
    // The second report now names the first's project: the first's file is untouched.
    std::fs::write(site.path(&format!("content/{second}")), &text).unwrap();
    let r = build();
    assert!(r.stderr.contains("duplicate-report"), "{}", r.stderr);
    assert_eq!(tree(&site.out()), from_nothing(site.root()));
    assert!(std::fs::read_to_string(&page).unwrap().contains("另见"));
}
