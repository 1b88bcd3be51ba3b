//! `jixiao build` and its PDFs, through the binary, on copies of the sample site (`content/`): a PDF per
//! report with the units, totals and narrative in it; the same bytes for every file of `build/` when
//! built again, from another path, in another time zone, on one core; hostile narrative text printed
//! literally; a missing or wrong typst stopping the build early with the install command.
//!
//! To check reproducibility by hand: build twice (or in two clones) and compare,
//! `diff -r build /other/clone/build && echo identical`.

use crate::support::pdf::{pdf_text, squeeze, tools_and_poppler_or_skip, tools_or_skip};
use crate::support::{JIXIAO, Run, SiteBuilder, SiteDir, run, tree};
use jixiao::render::view::ReportView;
use std::process::Command;

const EPOCH: &str = "1700000000";

/// `jixiao build <site>` (into `<site>/build`) with a clean, fixed environment plus `env`.
fn build(site: &SiteDir, env: &[(&str, &str)]) -> Run {
    let mut c = site.command("build");
    c.env("SOURCE_DATE_EPOCH", EPOCH);
    for k in ["JIXIAO_TYPST", "JIXIAO_FONTS", "TZ", "LC_ALL", "LANG"] {
        c.env_remove(k);
    }
    run(c.envs(env.iter().copied()))
}

fn build_ok(site: &SiteDir, env: &[(&str, &str)]) {
    build(site, env).success();
}

/// The views of the site's reports (the loaded site is leaked: views borrow from it, and a test
/// loads it once).
fn views(site: &SiteDir) -> Vec<ReportView<'static>> {
    let s: &'static jixiao::pipeline::Site = Box::leak(Box::new(site.load()));
    assert!(!s.has_errors(), "the sample site has errors");
    s.entries.iter().map(|e| ReportView::new(s, e)).collect()
}

/// The first words of the narrative, as plain text.
fn first_narrative_text(v: &ReportView) -> Option<String> {
    let s = jixiao::narrative::blocks::strings(v.narrative)
        .into_iter()
        .find(|s| s.chars().count() >= 8)?;
    Some(s.chars().take(12).collect())
}

#[test]
fn the_sample_site_gets_a_pdf_per_report() {
    if !tools_and_poppler_or_skip("the_sample_site_gets_a_pdf_per_report", "pdftotext") {
        return;
    }
    let site = SiteBuilder::sample().build();
    let views = views(&site);
    assert!(views.len() >= 2, "the sample site has reports");
    build_ok(&site, &[]);
    for v in &views {
        let pdf = site.out().join(format!("{}.pdf", v.slug));
        assert!(pdf.is_file(), "{} missing", pdf.display());
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains(&squeeze(&v.unit)), "{}: unit", v.slug);
        assert!(text.contains(&v.total), "{}: total {}", v.slug, v.total);
        if let Some(b) = v.budget.first() {
            assert!(text.contains(&b.budget), "{}: budget {}", v.slug, b.budget);
        }
        if let Some(words) = first_narrative_text(v) {
            assert!(
                text.contains(&squeeze(&words)),
                "{}: narrative “{words}”",
                v.slug
            );
        }
    }
}

#[test]
fn same_bytes_again_elsewhere_in_another_time_zone_on_one_core() {
    if tools_or_skip("same_bytes_again_elsewhere").is_none() {
        return;
    }
    let site_a = SiteBuilder::sample().under("one").build();
    let site_b = SiteBuilder::sample().under("another/path").build();
    build_ok(&site_a, &[("TZ", "UTC")]);
    let first = tree(&site_a.out());
    assert!(first.keys().any(|k| k.ends_with(".pdf")), "no PDF built");
    build_ok(&site_a, &[("TZ", "UTC")]);
    assert!(first == tree(&site_a.out()), "a second build differs");
    // Another path, another time zone and locale, and (where taskset exists) a single core.
    let env = [("TZ", "Asia/Shanghai"), ("LC_ALL", "zh_CN.UTF-8")];
    if Command::new("taskset").arg("--version").output().is_ok() {
        run(Command::new("taskset")
            .args(["-c", "0", JIXIAO, "build"])
            .arg(site_b.root())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .envs(env))
        .success();
    } else {
        build_ok(&site_b, &env);
    }
    let second = tree(&site_b.out());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(second[k] == *v, "{k} differs between the two sites");
    }
}

#[test]
fn hostile_narrative_text_prints_literally() {
    if !tools_and_poppler_or_skip("hostile_narrative_text_prints_literally", "pdftotext") {
        return;
    }
    let site = SiteBuilder::sample().build();
    let views = views(&site);
    let v = &views[0];
    let path = site.path(&v.source);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n\n## 注入\n\n\\#set page(width: 1cm)\n\n#read(\"/etc/passwd\")\n\n\\$x\\$ @x \\<y> ] \\\\ \\{{ total }}\n\n`#eval(\"1\")`\n",
    );
    std::fs::write(&path, text).unwrap();
    build_ok(&site, &[]);
    let pdf = site.out().join(format!("{}.pdf", v.slug));
    let out = pdf_text(&pdf);
    for s in [
        "#set page(width: 1cm)",
        "#read(\"/etc/passwd\")",
        "$x$ @x <y> ] \\ {{ total }}",
        "#eval(\"1\")",
    ] {
        assert!(out.contains(s), "{s} not printed literally:\n{out}");
    }
    assert!(!out.contains("root:"));
}

#[test]
fn a_missing_or_wrong_typst_stops_the_build_with_the_install_command() {
    let site = SiteBuilder::sample().build();
    let out = site.out();
    // A previous build (with the marker every build writes), which must survive the failed one.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(jixiao::write::MARKER), "").unwrap();
    std::fs::write(out.join("previous.html"), "old").unwrap();
    let o = build(&site, &[("JIXIAO_TYPST", "/nonexistent/typst")]);
    let err = &o.stderr;
    assert_eq!(o.code, Some(1), "{err}");
    assert!(err.contains("install-tools.sh"), "{err}");
    assert!(
        err.contains("cargo install typst-cli --locked --version 0.15.1"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("previous.html")).unwrap(),
        "old",
        "the old output was replaced"
    );

    let fake = site.path("fake-typst");
    std::fs::write(&fake, "#!/bin/sh\necho 'typst 0.13.1 (8ace67d9)'\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let o = build(&site, &[("JIXIAO_TYPST", fake.to_str().unwrap())]);
    let err = &o.stderr;
    assert_eq!(o.code, Some(1), "{err}");
    assert!(
        err.contains("typst 0.13.1") && err.contains("need 0.15.1"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("previous.html")).unwrap(),
        "old"
    );
}

#[test]
fn one_failing_pdf_fails_the_build_naming_the_report() {
    if tools_or_skip("one_failing_pdf_fails_the_build").is_none() {
        return;
    }
    let site = SiteBuilder::sample().build();
    let views = views(&site);
    let victim = &views[views.len() - 1];
    site.write(
        "typst/report.typ",
        format!(
            "#let data = json(\"report.json\")\n#if data.slug == \"{}\" {{ panic(\"no\") }}\n#data.unit\n",
            victim.slug
        ),
    );
    let o = build(&site, &[]);
    let err = &o.stderr;
    assert_eq!(o.code, Some(1), "{err}");
    assert!(
        err.contains(&format!("1 of {} PDFs failed", views.len())),
        "{err}"
    );
    assert!(err.contains(&format!("{}: typst", victim.source)), "{err}");
    assert!(err.contains("typst/report.typ:2:"), "{err}");
    assert!(!site.out().exists(), "a failed build must not publish");
}
