//! typst's bundle export (打包排版): several reports typeset by one typst process give byte for byte
//! the PDFs of one process per report, and a report that fails in a bundle is named with its own
//! message while the others of its bundle are still made.

use crate::support::pdf::tools_or_skip;
use crate::support::site::{SiteBuilder, SiteDir};
use crate::support::{files, repo, tree};
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

fn build(site: &SiteDir, typst: &Path, fonts: &Path, bundle: bool) -> (bool, String) {
    let mut c = site.command("build");
    c.args(["--no-cache", "--no-search"])
        .env("JIXIAO_TYPST", typst)
        .env("JIXIAO_FONTS", fonts)
        .env("JIXIAO_PDF_BUNDLE", if bundle { "1" } else { "0" });
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

#[test]
fn bundled_pdfs_are_the_bytes_of_one_process_per_report() {
    let Some(tools) = tools_or_skip("bundled_pdfs_are_the_bytes_of_one_process_per_report") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (typst, log) = wrapper(tmp.path(), &tools.typst);
    let site = SiteBuilder::sample().build();
    let (ok, err) = build(&site, &typst, &tools.fonts, false);
    assert!(ok, "{err}");
    let single = pdfs(&site);
    assert_eq!(single.len(), 5);
    assert!(runs(&log).iter().all(|r| r == "single"));
    let (ok, err) = build(&site, &typst, &tools.fonts, true);
    assert!(ok, "{err}");
    let modes = runs(&log);
    assert!(modes.iter().all(|r| r == "bundle"), "{modes:?}");
    assert!(modes.len() < 5, "{modes:?}");
    assert_eq!(pdfs(&site), single, "bundled PDFs differ from single runs");
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
    let (ok, err) = build(&site, &typst, &tools.fonts, true);
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
