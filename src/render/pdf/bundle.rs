//! Many PDFs from one typst process (打包排版): typst 0.15's experimental bundle export. Each report
//! gets a folder of its own in one staging folder (`r0001/report.typ`, `r0001/report.json` and the
//! rest of the theme's files), and `bundle.typ` includes each as a document:
//!
//! ```typst
//! #document("r0001.pdf")[#include "r0001/report.typ"]
//! ```
//!
//! One process then finds and loads the fonts once for all of them.
//!
//! **Off by default; `JIXIAO_PDF_BUNDLE=1` turns it on.** With typst 0.15.1 the bundled PDFs of the
//! five sample reports are byte for byte the ones of a process per report (tested,
//! `tests/it/pdf_bundle.rs`), but not for every report: for the `guangzhou-gxj/2023-report` fixture
//! of `tests/it/pdf_build.rs` — even alone in a bundle — typst adds a `/Dests` name tree (named
//! destinations for labelled elements, which a bundle may link to across documents; the narrative's
//! footnotes carry labels) and the object numbers shift: the same pages and text, other bytes. So a
//! PDF would depend on whether it was bundled, which "the same commit gives the same bytes" forbids.
//! Making it the default needs a template without labels, or a typst that leaves them out of a
//! bundled PDF no other document links to. Bundles are used only with the typst versions listed in [`VERSIONS`] and only for
//! templates that read no absolute path (in a bundle the root is the bundle's folder, not the
//! report's). A bundle that fails or warns in any way is not used: its reports are typeset one
//! process each, which names the failing report with typst's message exactly as without bundles.

use super::PdfOptions;
use super::run::{self, Mode, typst_command, write_file};
use super::tools::{self, Tools};

/// The bundle's main file.
pub(crate) const MAIN: &str = "bundle.typ";

/// The typst versions whose bundle export was checked (on the sample reports) to give the same bytes
/// as single runs.
pub(crate) const VERSIONS: &[&str] = &["0.15.1"];

/// At most this many reports in one typst process (its memory grows with the bundle).
pub(crate) const MAX_REPORTS: usize = 50;

/// The one line typst always prints in bundle mode.
const EXPERIMENTAL: &str = "warning: bundle export is experimental";

/// Whether bundles are asked for (`JIXIAO_PDF_BUNDLE=1`) and may be used with the pinned typst and
/// this theme.
pub(crate) fn usable(files: &[(String, Vec<u8>)]) -> bool {
    if !std::env::var("JIXIAO_PDF_BUNDLE").is_ok_and(|v| v.trim() == "1") {
        return false;
    }
    VERSIONS.contains(&tools::typst_version())
        && files
            .iter()
            .filter(|(rel, _)| rel.ends_with(".typ"))
            .all(|(_, b)| !String::from_utf8_lossy(b).contains("\"/"))
}

/// The folder of the `k`-th report of a bundle.
fn member(k: usize) -> String {
    format!("r{:04}", k + 1)
}

/// Typesets the reports of `jsons` in one typst process; their PDFs in the same order, or why the
/// bundle could not be used (then typeset them one by one).
pub(super) fn compile(
    files: &[(String, Vec<u8>)],
    jsons: &[&[u8]],
    tools: &Tools,
    opts: &PdfOptions,
    jobs: usize,
) -> Result<Vec<Vec<u8>>, String> {
    let stage = tempfile::Builder::new()
        .prefix("jixiao-pdf-bundle-")
        .tempdir()
        .map_err(|e| format!("无法创建临时文件夹（cannot create a temporary folder）：{e}"))?;
    let dir = stage.path();
    let mut main = String::new();
    for (k, json) in jsons.iter().enumerate() {
        let m = member(k);
        for (rel, bytes) in files {
            write_file(dir, &format!("{m}/{rel}"), bytes)?;
        }
        write_file(dir, &format!("{m}/{}", super::DATA), json)?;
        main.push_str(&format!(
            "#document(\"{m}.pdf\")[#include \"{m}/{}\"]\n",
            super::MAIN
        ));
    }
    write_file(dir, MAIN, main.as_bytes())?;
    let out = dir.join("out");
    let output = run::run_limited(
        typst_command(tools, dir, &out, opts, jobs, Mode::Bundle),
        tools,
        opts,
    )?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let other: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != EXPERIMENTAL)
        .collect();
    if !output.status.success() || !other.is_empty() {
        return Err(run::typst_messages(&other.join("\n"), dir));
    }
    (0..jsons.len())
        .map(|k| {
            std::fs::read(out.join(format!("{}.pdf", member(k))))
                .map_err(|e| format!("typst 没有写出 PDF（no PDF written）：{e}"))
        })
        .collect()
}
