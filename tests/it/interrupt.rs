//! A build killed midway (SIGKILL, no chance to clean up) leaves the previous output exactly as it
//! was, never a half-written one; the next build removes what the killed one left beside it and
//! completes.

use crate::support::{SiteBuilder, SiteDir, files_with_extension, repo, tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A site with the repository's reports copied into many units, so that a build takes a while.
fn big_site(copies: usize) -> SiteDir {
    let content = repo().join("content");
    let reports = files_with_extension(&content, &["md"]);
    assert!(!reports.is_empty(), "no reports under content/");
    let mut b = SiteBuilder::new();
    for i in 0..copies {
        for r in &reports {
            let rel = r.strip_prefix(&content).unwrap().to_string_lossy();
            b = b.report(
                &format!("unit-{i:03}/{rel}"),
                &std::fs::read_to_string(r).unwrap(),
            );
        }
    }
    b.build()
}

/// Every file below `dir` with its bytes (nothing when `dir` does not exist).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    tree(dir)
}

/// `jixiao build <site> --out <out> --no-pdf`.
fn build(site: &SiteDir, out: &Path) -> Command {
    let mut c = site.command("build");
    c.arg("--out").arg(out).arg("--no-pdf");
    c
}

/// Folders a build leaves beside the output while it runs.
fn litter(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let site = big_site(10);
    let work = tempfile::tempdir().unwrap();

    // What a complete build of this site looks like.
    let reference = work.path().join("reference");
    let o = build(&site, &reference).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let complete = snapshot(&reference);
    assert!(
        complete.len() > 40,
        "the build wrote {} files",
        complete.len()
    );

    // The previous output: a build of an earlier version of the site.
    let out = work.path().join("public");
    let previous = |out: &Path| {
        let _ = std::fs::remove_dir_all(out);
        std::fs::create_dir_all(out.join("old-unit")).unwrap();
        std::fs::write(out.join(".jixiao-build"), "jixiao build output\n").unwrap();
        std::fs::write(out.join("index.html"), "<h1>上一版</h1>").unwrap();
        std::fs::write(out.join("old-unit/2022-report.html"), "<p>上一版报告</p>").unwrap();
        snapshot(out)
    };
    let before = previous(&out);

    let mut killed_midway = 0;
    // Kill as soon as the build has started writing (its staging folder appears), then a little
    // later each time, so that kills land at different points of the writing.
    for delay_ms in [0u64, 2, 10, 30, 80] {
        let mut child = build(&site, &out).spawn().unwrap();
        let started = std::time::Instant::now();
        while litter(&out).is_empty() && started.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = snapshot(&out);
        if status.success() {
            // Finished before the kill: the complete new output.
            assert_eq!(
                now, complete,
                "a finished build's output differs from the reference"
            );
            previous(&out);
            continue;
        }
        // Killed: the previous output, byte for byte, or (killed after the swap) the complete new one.
        if now == complete {
            previous(&out);
            continue;
        }
        if now.is_empty() {
            // Killed between the two renames of the swap: the previous output waits beside it and
            // the next build puts it back (checked below).
            assert!(
                litter(&out).iter().any(|n| n.starts_with(".public.old-")),
                "{:?}",
                litter(&out)
            );
        } else {
            assert_eq!(
                now, before,
                "a killed build (after {delay_ms} ms) changed the previous output"
            );
        }
        if !litter(&out).is_empty() {
            killed_midway += 1;
        }
        // The next build is not hindered by what the killed one left, and cleans it up.
        let o = build(&site, &out).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(snapshot(&out), complete);
        assert!(
            litter(&out).is_empty(),
            "left beside the output: {:?}",
            litter(&out)
        );
        previous(&out);
    }
    assert!(
        killed_midway > 0,
        "no kill landed while a build was writing: make the site bigger"
    );
}

#[test]
fn a_build_that_fails_leaves_the_previous_output_intact() {
    let site = big_site(1);
    // A report with an error: nothing is written, the previous output stays.
    site.write("content/broken.md", "---\nkind: project\n---\n");
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".jixiao-build"), "").unwrap();
    std::fs::write(out.join("index.html"), "上一版").unwrap();
    let before = snapshot(&out);
    let o = build(&site, &out).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    assert!(litter(&out).is_empty());
}

#[test]
fn refuses_output_folders_that_would_lose_data() {
    let site = big_site(1);
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("Documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("工作总结.docx"), "mine").unwrap();
    let cases: [(&Path, &str); 5] = [
        (site.root(), "站点目录本身或其上级"),
        (site.root().parent().unwrap(), "站点目录本身或其上级"),
        (Path::new("/"), "根目录"),
        (&site.path("content"), "content/"),
        (&docs, "不是 jixiao 生成的"),
    ];
    for (out, why) in cases {
        let before = snapshot(&docs);
        let o = build(&site, out).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", out.display());
        assert!(err.contains(why), "{}: {err}", out.display());
        assert_eq!(snapshot(&docs), before);
    }
    assert!(site.path("content").is_dir());
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"));
    let o = build(&site, &home).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("主目录"));
}
