//! Hostile or unlucky sites that used to slip through or stop everything (the "nothing an author
//! writes can attack the site" issue): each test failed before its fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::JIXIAO;

/// A site in a temporary folder with the given seed reports of the sample site copied in.
fn site_with(t: &Path, files: &[(&str, &str)]) -> PathBuf {
    let site = t.join("site");
    for (from, to) in files {
        let dst = site.join(to);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), dst).unwrap();
    }
    site
}

fn check_json(site: &Path, as_nobody: bool) -> (Output, serde_json::Value) {
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            JIXIAO,
        ]);
        c
    } else {
        Command::new(JIXIAO)
    };
    let o = cmd
        .args(["check", "--format", "json"])
        .arg(site)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o, v)
}

#[test]
fn a_report_saved_as_dot_md_in_capitals_is_checked_not_skipped() {
    let t = tempfile::tempdir().unwrap();
    let site = site_with(
        t.path(),
        &[(
            "content/guangzhou-gxj/2023-department-report.md",
            "content/unit/2023-REPORT.MD",
        )],
    );
    let (o, v) = check_json(&site, false);
    assert_eq!(o.status.code(), Some(0), "{v}");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{v}");
    assert_eq!(reports[0]["source"], "content/unit/2023-REPORT.MD");
    // The published 自评总分 of that report (stated_total: 90.74).
    assert_eq!(reports[0]["total"], "90.74");
}

/// The current user is root (as in CI): a folder with mode 000 is readable to root, so the check runs
/// as `nobody` through `setpriv`.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_one_error_and_the_other_reports_are_still_checked() {
    use std::os::unix::fs::PermissionsExt as _;
    let t = tempfile::tempdir().unwrap();
    let site = site_with(
        t.path(),
        &[
            (
                "content/guangzhou-gxj/2023-department-report.md",
                "content/a/report.md",
            ),
            (
                "content/baiyun-kgsx/2023-department-report.md",
                "content/b/report.md",
            ),
        ],
    );
    let open = std::fs::Permissions::from_mode(0o755);
    for p in [
        t.path(),
        &site,
        &site.join("content"),
        &site.join("content/a"),
    ] {
        std::fs::set_permissions(p, open.clone()).unwrap();
    }
    std::fs::set_permissions(
        site.join("content/a/report.md"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(
        site.join("content/b"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let (o, v) = check_json(&site, is_root());
    std::fs::set_permissions(site.join("content/b"), open).unwrap();
    assert_eq!(o.status.code(), Some(1), "{v}");
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{v}");
    assert_eq!(reports[0]["source"], "content/a/report.md");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["code"], "io");
    assert_eq!(errors[0]["source"], "content/b");
}

#[test]
fn check_refuses_a_character_the_pdf_cannot_print_at_its_place_and_build_no_pdf_still_works() {
    let t = tempfile::tempdir().unwrap();
    let site = site_with(
        t.path(),
        &[(
            "content/guangzhou-gxj/2023-department-report.md",
            "content/unit/report.md",
        )],
    );
    let path = site.join("content/unit/report.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n预算执行情况良好 😀。\n");
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().count();
    let (o, v) = check_json(&site, false);
    assert_eq!(o.status.code(), Some(1), "{v}");
    let findings = v["reports"][0]["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["code"] == "no-glyph")
        .unwrap_or_else(|| panic!("no no-glyph finding: {v}"));
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], line);
    assert_eq!(f["column"], 10, "{f}");
    assert!(f["message"].as_str().unwrap().contains("U+1F600"), "{f}");
    // The HTML can show it: an HTML-only build is not refused.
    let o = Command::new(JIXIAO)
        .args(["build", "--no-pdf"])
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A full build refuses before writing anything (no tool needed to know).
    let o = Command::new(JIXIAO)
        .args(["build", "--out"])
        .arg(t.path().join("out"))
        .arg(&site)
        .env("SOURCE_DATE_EPOCH", "0")
        .env("JIXIAO_TYPST", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-glyph"));
    assert!(!t.path().join("out").exists());
}
