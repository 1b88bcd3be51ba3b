//! Archival PDF (PDF/A): `pdf_standard` in jixiao.yaml is passed to typst's `--pdf-standard`; the
//! PDF declares it (XMP `pdfaid`) and passes `qpdf --check`. veraPDF cannot be installed here (its
//! home is Maven Central, which this machine does not reach), so conformance rests on typst's own
//! enforcement (it refuses to write a PDF/A that breaks the standard) plus these checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{JIXIAO, skip};

/// Whether `tool` is installed; skipped without it, except in CI.
fn tool_or_skip(tool: &str) -> bool {
    let ok = Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        skip(tool, "not installed (scripts/install-tools.sh --test-deps)");
    }
    ok
}

fn site(t: &Path, config: Option<&str>) -> PathBuf {
    let site = t.join("site");
    std::fs::create_dir_all(site.join("content/unit")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/baiyun-kgsx/2023-department-report.md"),
        site.join("content/unit/report.md"),
    )
    .unwrap();
    if let Some(c) = config {
        std::fs::write(site.join("jixiao.yaml"), c).unwrap();
    }
    site
}

fn run(args: &[&str], site: &Path) -> Output {
    Command::new(JIXIAO)
        .args(args)
        .arg(site)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap()
}

fn built_pdf(site: &Path) -> Vec<u8> {
    let o = run(&["build"], site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(site.join("build/unit/report.pdf")).unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_pdf_is_pdf_a_2b_by_default_and_passes_qpdf() {
    let test = "the_pdf_is_pdf_a_2b_by_default_and_passes_qpdf";
    if crate::support::pdf::tools_or_skip(test).is_none()
        || !tool_or_skip("qpdf")
        || !crate::support::pdf::poppler_or_skip(test, "pdfinfo")
    {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let site = site(t.path(), None);
    let pdf = built_pdf(&site);
    // XMP metadata is stored uncompressed: the declaration is readable in the bytes.
    assert!(contains(&pdf, "<pdfaid:part>2</pdfaid:part>"));
    assert!(contains(&pdf, "<pdfaid:conformance>B</pdfaid:conformance>"));
    let q = Command::new("qpdf")
        .arg("--check")
        .arg(site.join("build/unit/report.pdf"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&q.stdout);
    assert!(q.status.success(), "{out}");
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );

    // poppler's "Syntax Error: Suspects object is wrong type (boolean)": the PDF's /MarkInfo has
    // `/Suspects false`, a valid boolean; poppler 22.12 (Catalog::getMarkInfo) reports every value
    // but `true` as a wrong type. It is poppler's message, not a fault of the file: pdfinfo itself
    // reads the value ("Suspects: no"), and nothing else is reported.
    let qdf = t.path().join("q.pdf");
    let q = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(site.join("build/unit/report.pdf"))
        .arg(&qdf)
        .output()
        .unwrap();
    assert!(q.status.success());
    let qdf = std::fs::read(&qdf).unwrap();
    assert!(contains(&qdf, "/Suspects false"));
    let info = Command::new("pdfinfo")
        .arg(site.join("build/unit/report.pdf"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert!(stdout.contains("Suspects:        no"), "{stdout}");
    for line in String::from_utf8_lossy(&info.stderr).lines() {
        assert_eq!(
            line, "Syntax Error: Suspects object is wrong type (boolean)",
            "pdfinfo reported something else"
        );
    }
}

#[test]
fn pdf_standard_none_makes_a_plain_pdf_and_an_unknown_standard_is_refused_at_its_place() {
    let test = "pdf_standard_none_makes_a_plain_pdf";
    if crate::support::pdf::tools_or_skip(test).is_none() {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let site = site(t.path(), Some("pdf_standard: none\n"));
    let pdf = built_pdf(&site);
    assert!(!contains(&pdf, "pdfaid:part"));

    std::fs::write(site.join("jixiao.yaml"), "name: x\npdf_standard: a-9z\n").unwrap();
    let o = run(&["check"], &site);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("bad-pdf-standard"), "{out}");
    assert!(out.contains("jixiao.yaml:2:15"), "{out}");
    assert!(out.contains("a-2b"), "the hint lists the standards: {out}");
}
