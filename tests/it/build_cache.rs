//! The build cache (构建缓存): a PDF whose inputs are unchanged is not typeset again, its bytes are
//! the same as an uncached build's, and changing any input — the report, a template, the fonts,
//! typst, the timestamp — gives a new PDF. HTML files whose bytes are unchanged are not re-created.
//!
//! typst is run through a small wrapper script that logs every `compile`, so the tests count the
//! typst runs instead of timing anything.

use crate::support::pdf::tools_or_skip;
use crate::support::site::{SiteBuilder, SiteDir};
use crate::support::{repo, tree};
use std::path::{Path, PathBuf};

const A: &str = "jiangmen-gxj/2023-project-industry-management.md";
const B: &str = "baiyun-kgsx/2023-department-report.md";

/// A site with two seed reports, a private build cache and a logging typst wrapper.
struct Fixture {
    site: SiteDir,
    cache: tempfile::TempDir,
    typst: PathBuf,
    fonts: PathBuf,
    log: PathBuf,
}

/// A shell script that logs to `log` a line per report typst `compile`s (one, or each
/// `#document` of a bundle) and runs the real typst; `salt` makes another file (a different typst
/// binary to the cache).
fn wrapper(dir: &Path, name: &str, real: &Path, log: &Path, salt: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\n# {salt}\nif [ \"$1\" = compile ]; then\n  n=1\n  for a in \"$@\"; do case \"$a\" in *.typ) [ \"${{a##*/}}\" = bundle.typ ] && n=$(grep -c '^#document(' \"$a\");; esac; done\n  while [ \"$n\" -gt 0 ]; do echo run >> '{}'; n=$((n - 1)); done\nfi\nexec '{}' \"$@\"\n",
            log.display(),
            real.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

impl Fixture {
    fn new(test: &str) -> Option<Fixture> {
        let tools = tools_or_skip(test)?;
        let seeds = repo().join("content");
        let site = SiteBuilder::new()
            .report(A, &std::fs::read_to_string(seeds.join(A)).unwrap())
            .report(B, &std::fs::read_to_string(seeds.join(B)).unwrap())
            .build();
        let cache = tempfile::tempdir().unwrap();
        let log = cache.path().join("typst.log");
        let typst = wrapper(cache.path(), "typst", &tools.typst, &log, "one");
        Some(Fixture {
            site,
            typst,
            fonts: tools.fonts,
            log,
            cache,
        })
    }

    /// `jixiao build` with this fixture's cache and tools; the number of typst runs it made.
    fn build(&self, args: &[&str], env: &[(&str, &Path)]) -> usize {
        let before = self.runs();
        let mut c = self.site.command("build");
        // (No search index: its tool is not in this fixture's cache, and it is not the subject.)
        c.args(args)
            .arg("--no-search")
            .env("JIXIAO_CACHE", self.cache.path().join("c"))
            .env("JIXIAO_TYPST", &self.typst)
            .env("JIXIAO_FONTS", &self.fonts);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.runs() - before
    }

    /// Sets the report `rel` to its seed's text with a note after it (an edit of the report).
    fn annotate(&self, rel: &str, note: &str) {
        let seed = std::fs::read_to_string(repo().join("content").join(rel)).unwrap();
        self.site.write(
            format!("content/{rel}"),
            format!("{seed}\n\n附注：{note}\n"),
        );
    }

    fn runs(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .map(|s| s.lines().count())
            .unwrap_or(0)
    }

    fn pdfs(&self) -> Vec<(String, Vec<u8>)> {
        tree(&self.site.out())
            .into_iter()
            .filter(|(k, _)| k.ends_with(".pdf"))
            .collect()
    }

    fn pdf(&self, rel: &str) -> Vec<u8> {
        let slug = rel.strip_suffix(".md").unwrap();
        std::fs::read(self.site.out().join(format!("{slug}.pdf"))).unwrap()
    }
}

#[test]
fn cached_pdfs_are_the_bytes_of_an_uncached_build_and_typst_is_not_run_again() {
    let Some(f) = Fixture::new("cached_pdfs_are_the_bytes_of_an_uncached_build") else {
        return;
    };
    assert_eq!(f.build(&["--no-cache"], &[]), 2);
    let uncached = f.pdfs();
    assert_eq!(uncached.len(), 2);
    assert_eq!(f.build(&[], &[]), 2, "the first cached build typesets both");
    assert_eq!(f.pdfs(), uncached);
    assert_eq!(f.build(&[], &[]), 0, "a no-op rebuild runs no typst");
    assert_eq!(f.pdfs(), uncached, "PDFs from the cache are byte-identical");
    assert_eq!(
        f.build(&["--no-cache"], &[]),
        2,
        "--no-cache typesets again"
    );
    assert_eq!(f.pdfs(), uncached);
}

#[test]
fn a_changed_report_is_typeset_again_and_only_it() {
    let Some(f) = Fixture::new("a_changed_report_is_typeset_again_and_only_it") else {
        return;
    };
    assert_eq!(f.build(&[], &[]), 2);
    let (a, b) = (f.pdf(A), f.pdf(B));
    f.annotate(A, "已复核。");
    assert_eq!(f.build(&[], &[]), 1, "only the edited report is typeset");
    assert_ne!(f.pdf(A), a);
    assert_eq!(f.pdf(B), b);
    // Adding a report does not invalidate the others' entries (one of another unit: a second copy
    // of B's would be a duplicate-report finding in B, which changes B).
    let copy = std::fs::read_to_string(repo().join("content").join(B)).unwrap();
    f.site.write(
        "content/extra/2023-department-report.md",
        copy.replacen("unit: ", "unit: 另一", 1),
    );
    assert_eq!(f.build(&[], &[]), 1, "only the new report is typeset");
}

/// A PDF the previous build made from the same key, untouched since, is kept from the output even
/// when the cache no longer has it; one edited by hand in the output is made again.
#[cfg(unix)]
#[test]
fn unchanged_pdfs_are_kept_from_the_previous_output_and_edited_ones_made_again() {
    use std::os::unix::fs::MetadataExt as _;
    let Some(f) = Fixture::new("unchanged_pdfs_are_kept_from_the_previous_output") else {
        return;
    };
    assert_eq!(f.build(&[], &[]), 2);
    let (a, b) = (f.pdf(A), f.pdf(B));
    let b_path = f.site.out().join(B.replace(".md", ".pdf"));
    let b_inode = std::fs::metadata(&b_path).unwrap().ino();
    // The cache's PDFs are gone (its build record stays); A is edited.
    std::fs::remove_dir_all(f.cache.path().join("c/pdf")).unwrap();
    f.annotate(A, "已复核。");
    assert_eq!(f.build(&[], &[]), 1, "only the edited report is typeset");
    assert_ne!(f.pdf(A), a);
    assert_eq!(f.pdf(B), b);
    assert_eq!(
        std::fs::metadata(&b_path).unwrap().ino(),
        b_inode,
        "B kept as it was"
    );

    // B's PDF edited by hand in the output (same length): not trusted, typeset again.
    let mut bad = b.clone();
    let n = bad.len();
    bad[n / 2] ^= 1;
    std::fs::write(&b_path, &bad).unwrap();
    f.annotate(A, "再次复核。");
    assert_eq!(f.build(&[], &[]), 2, "A edited, B touched: both typeset");
    assert_eq!(f.pdf(B), b);
}

#[test]
fn a_changed_template_typesets_every_report_again() {
    let Some(f) = Fixture::new("a_changed_template_typesets_every_report_again") else {
        return;
    };
    assert_eq!(f.build(&[], &[]), 2);
    let a = f.pdf(A);
    // A theme of the site's own: the default one with a changed template.
    let theme = repo().join("themes/default");
    for file in crate::support::files(&theme) {
        let rel = file
            .strip_prefix(&theme)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        f.site.write(
            format!("themes/default/{rel}"),
            std::fs::read(&file).unwrap(),
        );
    }
    let typ = f.site.path("themes/default/typst/report.typ");
    let mut text = std::fs::read_to_string(&typ).unwrap();
    text.push_str("\n#pagebreak()\nCACHE-TEST-PAGE\n");
    std::fs::write(&typ, text).unwrap();
    assert_eq!(
        f.build(&[], &[]),
        2,
        "a template change typesets every report"
    );
    assert_ne!(f.pdf(A), a);
}

#[test]
fn other_fonts_typst_or_timestamp_typeset_every_report_again() {
    let Some(f) = Fixture::new("other_fonts_typst_or_timestamp_typeset_every_report_again") else {
        return;
    };
    assert_eq!(f.build(&[], &[]), 2);
    assert_eq!(f.build(&[], &[]), 0);

    // Another font set: the pinned fonts plus one more file (a link to one of them).
    let fonts = f.cache.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    for e in std::fs::read_dir(&f.fonts).unwrap() {
        let e = e.unwrap();
        std::os::unix::fs::symlink(e.path(), fonts.join(e.file_name())).unwrap();
    }
    let first = crate::support::files_with_extension(&f.fonts, &["ttc", "ttf", "otf"])
        .into_iter()
        .next();
    assert_eq!(
        f.build(&[], &[("JIXIAO_FONTS", &fonts)]),
        0,
        "the same set elsewhere"
    );
    let first = first.expect("a font file");
    let ext = first.extension().unwrap().to_string_lossy().into_owned();
    std::os::unix::fs::symlink(&first, fonts.join(format!("zz-extra.{ext}"))).unwrap();
    assert_eq!(f.build(&[], &[("JIXIAO_FONTS", &fonts)]), 2, "a font added");

    // Another typst binary (same version, other file).
    let tools = tools_or_skip("other typst").unwrap();
    let other = wrapper(f.cache.path(), "typst2", &tools.typst, &f.log, "two");
    assert_eq!(
        f.build(&[], &[("JIXIAO_TYPST", &other)]),
        2,
        "another typst"
    );
    assert_eq!(f.build(&[], &[("JIXIAO_TYPST", &other)]), 0);

    // Another build timestamp.
    let mut c = f.site.command("build");
    c.arg("--no-search")
        .env("SOURCE_DATE_EPOCH", "86400")
        .env("JIXIAO_CACHE", f.cache.path().join("c"))
        .env("JIXIAO_TYPST", &f.typst)
        .env("JIXIAO_FONTS", &f.fonts);
    let before = f.runs();
    assert!(c.output().unwrap().status.success());
    assert_eq!(f.runs() - before, 2, "another timestamp");
}

/// A rebuild of unchanged content re-creates no file of the output: every file keeps its inode.
#[test]
fn a_no_op_html_rebuild_re_creates_no_file() {
    use std::os::unix::fs::MetadataExt as _;
    let site = SiteBuilder::sample().build();
    site.build(&["--no-pdf"]).success();
    let inodes = |dir: &Path| -> Vec<(String, u64)> {
        crate::support::files(dir)
            .into_iter()
            .map(|p| {
                let ino = std::fs::metadata(&p).unwrap().ino();
                (p.strip_prefix(dir).unwrap().display().to_string(), ino)
            })
            .collect()
    };
    let before = inodes(&site.out());
    assert!(before.len() > 5);
    site.build(&["--no-pdf"]).success();
    assert_eq!(inodes(&site.out()), before);
}

/// `compile_one` (for `jixiao serve`) gives the bytes of the build's PDF, and from the cache the
/// second time.
#[test]
fn compile_one_gives_the_builds_bytes_through_the_cache() {
    use jixiao::render::pdf::{self, PdfJob, PdfOptions, SiteInfo, cache::PdfCache};
    let Some(f) = Fixture::new("compile_one_gives_the_builds_bytes_through_the_cache") else {
        return;
    };
    assert_eq!(f.build(&["--no-cache"], &[]), 2);
    let built = f.pdf(A);
    let site = f.site.load();
    let theme = jixiao::render::Theme::for_site(&site).unwrap();
    let views = jixiao::render::views(&site);
    let i = site
        .entries
        .iter()
        .position(|e| e.report.source == format!("content/{A}"))
        .unwrap();
    let tools = jixiao::render::pdf::tools::Tools {
        typst: f.typst.clone(),
        fonts: f.fonts.clone(),
    };
    let opts = PdfOptions {
        epoch: 0,
        progress: false,
        standard: site.config.pdf_standard.clone(),
        limits: jixiao::render::pdf::limits::Limits::of(&site.config),
    };
    let job = PdfJob {
        view: &views[i],
        source_text: Some(&site.entries[i].text),
    };
    let cache = PdfCache::new(f.cache.path().join("one"));
    let before = f.runs();
    let one = pdf::compile_one(
        &job,
        &SiteInfo::of(&site),
        &theme,
        &tools,
        &opts,
        Some(&cache),
    )
    .unwrap();
    assert_eq!(f.runs() - before, 1);
    assert!(one == built, "compile_one differs from the build");
    let again = pdf::compile_one(
        &job,
        &SiteInfo::of(&site),
        &theme,
        &tools,
        &opts,
        Some(&cache),
    )
    .unwrap();
    assert_eq!(f.runs() - before, 1, "the second time comes from the cache");
    assert!(again == built);
}
