//! Many PDFs from one typst process (打包排版): typst 0.15's experimental bundle export. Each report
//! gets a folder of its own in one staging folder (`r0001/report.typ`, `r0001/report.json` and the
//! rest of the theme's files), and `bundle.typ` includes each as a document:
//!
//! ```typst
//! #counter(footnote).update(0)
//! #document("r0001.pdf")[#include "r0001/report.typ"]
//! ```
//!
//! One process then finds and loads the fonts once for all of them: a full build of 100 sample
//! reports on 2 cores takes 0.6 of the time (and CPU) of a process per report (docs/scale.md).
//!
//! With the built-in theme unchanged, its helper modules (every file but `report.typ`) are staged
//! once, in `theme/`, and each report's folder holds its `report.typ`, its `report.json` and, for
//! each helper `.typ`, a one-line module that re-exports the shared one (`#import "../theme/grids.typ": *`).
//! typst then parses and evaluates the helpers once a bundle instead of once a report (their regexes
//! compiled once), and content the theme makes alike in every report (headers, labels, legends) is
//! laid out once: the same PDFs, about 7% less CPU a report (20 reports of distinct data; more when
//! reports share texts). Only for the built-in theme, whose helpers read no per-report file and are
//! never `#include`d: a stub of an included file would print nothing.
//!
//! **On by default; `JIXIAO_PDF_BUNDLE=0` turns it off.** A bundled PDF is byte for byte the PDF of
//! a process per report — tested for every sample report and the fixtures with footnotes and with a
//! grid over many pages (`tests/it/pdf_bundle.rs`) — so the build cache's entries are the same
//! either way. What it takes, found on typst 0.15.1:
//!
//! - No link may point at an element (`Destination::Location`): bundle export writes a named
//!   destination (a `/Dests` name tree, which shifts every object number) for every element a link
//!   points at, so that other documents of the bundle may link to it; a single run writes the link's
//!   page and position instead. typst's own footnotes link number and note to each other that way;
//!   the default template's footnotes (`style.typ`) link to the same page positions instead.
//!   Labels do not matter (a single run writes named destinations only for labelled headings).
//! - A bundle shares its counters (other than the page counter), states, labels and queries
//!   between its documents: `bundle.typ` resets the footnote counter before each report, and the
//!   template's labels carry the report's slug.
//!
//! A template a site has changed may keep state between documents (a counter, a `state`, a query
//! of all headings) and so is typeset one process per report unless `JIXIAO_PDF_BUNDLE=1` says its
//! author checked that it gives the same bytes bundled. Bundles are used only with the typst
//! versions listed in [`VERSIONS`] and only for templates that read no absolute path (in a bundle
//! the root is the bundle's folder, not the report's). A bundle that fails or warns in any way is not
//! used: its reports are typeset one process each, which names the failing report with typst's
//! message exactly as without bundles.

use super::fonts;
use super::run::{self, Mode, typst_command, write_file};
use super::tools::{self, Tools};
use super::{PdfOptions, Theme};

/// The bundle's main file.
pub(crate) const MAIN: &str = "bundle.typ";

/// The typst versions whose bundle export was checked (`tests/it/pdf_bundle.rs`) to give the same
/// bytes as single runs.
pub(crate) const VERSIONS: &[&str] = &["0.15.1"];

/// At most this many reports in one typst process by default: its memory grows by about 15 MB a
/// report (all documents are kept until the bundle is written) from about 67 MB (typst itself and
/// the font subsets): 245 MB for 12 generated reports, 358 MB for 20, 208 MB for 10. Each process
/// costs 0.15-0.25 CPU-s of its own (the theme evaluated, the fonts loaded), so smaller bundles cost
/// time: 1,000 reports on 2 cores took 53.5-53.7 s in bundles of 12 against 47.5-50.4 s in bundles
/// of 20 (5,000: 10 took 1.13× the time of 20). 12 keeps a process within 250 MB.
/// `JIXIAO_PDF_BUNDLE_SIZE` sets another (2 to 100; the PDFs are the same), and the memory the
/// build may use makes bundles smaller ([`super::processes`]).
const MAX_REPORTS: usize = 12;

/// At most this many reports in one typst process: [`MAX_REPORTS`], or `JIXIAO_PDF_BUNDLE_SIZE`.
pub(crate) fn max_reports() -> usize {
    std::env::var("JIXIAO_PDF_BUNDLE_SIZE")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (2..=100).contains(n))
        .unwrap_or(MAX_REPORTS)
}

/// The one line typst always prints in bundle mode.
const EXPERIMENTAL: &str = "warning: bundle export is experimental";

/// Whether bundles are used: not with `JIXIAO_PDF_BUNDLE=0`; with `=1` for any template; by default
/// when the template is the built-in theme's, unchanged. Always only with a typst of [`VERSIONS`]
/// and a template that reads no absolute path.
pub(crate) fn usable(files: &[(String, Vec<u8>)], theme: &Theme) -> bool {
    let wanted = match std::env::var("JIXIAO_PDF_BUNDLE").as_deref().map(str::trim) {
        Ok("0") => false,
        Ok("1") => true,
        _ => builtin(files, theme),
    };
    wanted
        && VERSIONS.contains(&tools::typst_version())
        && files
            .iter()
            .filter(|(rel, _)| rel.ends_with(".typ"))
            .all(|(_, b)| !String::from_utf8_lossy(b).contains("\"/"))
}

/// Whether `files` are the built-in theme's, unchanged: then bundles are used by default and the
/// helper modules are shared by the reports of a bundle.
pub(crate) fn builtin(files: &[(String, Vec<u8>)], theme: &Theme) -> bool {
    files
        .iter()
        .all(|(rel, b)| theme.builtin(&format!("typst/{rel}")) == Some(b.as_slice()))
}

/// The folder of a bundle's shared helper modules (see the module's comment).
const SHARED: &str = "theme";

/// A report folder's module that re-exports the shared helper `rel` (a `.typ` file of the theme
/// other than its main file).
fn stub(rel: &str) -> String {
    let up = "../".repeat(rel.matches('/').count() + 1);
    format!("#import \"{up}{SHARED}/{rel}\": *\n")
}

/// The folder of the `k`-th report of a bundle.
fn member(k: usize) -> String {
    format!("r{:04}", k + 1)
}

/// Typesets the reports of `jsons` in one typst process; their PDFs in the same order, or why the
/// bundle could not be used (then typeset them one by one). `share`: the helper modules are staged
/// once for all reports ([`builtin`] themes only); typst gets only the font subsets when every
/// report of the bundle and the theme can have them ([`fonts::faces_for`]).
pub(super) fn compile(
    files: &[(String, Vec<u8>)],
    share: bool,
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
    let shared = |rel: &str| share && rel != super::MAIN && rel.ends_with(".typ");
    for (rel, bytes) in files {
        if shared(rel) {
            write_file(dir, &format!("{SHARED}/{rel}"), bytes)?;
        }
    }
    let mut main = String::new();
    for (k, json) in jsons.iter().enumerate() {
        let m = member(k);
        for (rel, bytes) in files {
            if shared(rel) {
                write_file(dir, &format!("{m}/{rel}"), stub(rel).as_bytes())?;
            } else {
                write_file(dir, &format!("{m}/{rel}"), bytes)?;
            }
        }
        write_file(dir, &format!("{m}/{}", super::DATA), json)?;
        // A bundle's documents share the footnote counter: each report's starts at 0, as alone.
        main.push_str(&format!(
            "#counter(footnote).update(0)\n#document(\"{m}.pdf\")[#include \"{m}/{}\"]\n",
            super::MAIN
        ));
    }
    write_file(dir, MAIN, main.as_bytes())?;
    let out = dir.join("out");
    let texts = files.iter().map(|(_, b)| b.as_slice());
    let faces = fonts::faces_for(&tools.fonts, share, texts.chain(jsons.iter().copied()));
    let output = run::run_limited(
        typst_command(tools, dir, &out, opts, jobs, Mode::Bundle, faces),
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

#[cfg(test)]
mod tests {
    use super::stub;

    #[test]
    fn a_report_folder_stub_imports_the_shared_module_from_its_own_depth() {
        // r0001/grids.typ → bundle/theme/grids.typ; r0001/parts/x.typ → bundle/theme/parts/x.typ.
        assert_eq!(stub("grids.typ"), "#import \"../theme/grids.typ\": *\n");
        assert_eq!(
            stub("parts/x.typ"),
            "#import \"../../theme/parts/x.typ\": *\n"
        );
    }
}
