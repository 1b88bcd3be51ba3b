//! The built site in headless Chromium: every page loads with no console error, no exception and no
//! failed request; every internal link resolves (files and `#fragments`); every page is reachable
//! from the index; the page never scrolls sideways on a phone (the indicator grid is laid out as
//! cards that fit, see tests/tables_browser.rs); visible text meets the WCAG 2.1 AA contrast ratio; and screenshots of the index and a
//! report page are saved at desktop and phone widths into `target/screenshots/`.
//!
//! The site is checked from `file://` and from a local HTTP server under a sub-path
//! (`/sub/path/`), as a webmaster would publish it.
//!
//! Chromium: `$CHROMIUM`, or `chromium` on `PATH`, or installed with apt-get (Debian's `chromium`)
//! when missing and running as root. Without it the test is skipped, except in CI (`CI=true`), where
//! it fails.
//!
//! Run: `cargo test --test it browser:: -- --nocapture` (screenshots: `target/screenshots/*.png`).

use crate::support::cdp::{self, Browser, chromium_or_skip, screenshot_dir};
use crate::support::http::{percent_decode, serve};
use crate::support::{build_html, files_with_extension, fixture_site, repo};
use jixiao::pipeline::Site;
use jixiao::pipeline::{BuildOptions, build};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the built site is served from.
#[derive(Clone)]
enum Origin {
    File(PathBuf),
    /// `http://127.0.0.1:PORT/sub/path/` → the output folder.
    Http(String),
}

impl Origin {
    fn url(&self, rel: &str) -> String {
        match self {
            Origin::File(dir) => format!("file://{}/{}", dir.display(), rel),
            Origin::Http(base) => format!("{base}{rel}"),
        }
    }
    /// The path of a URL relative to the site root, if it is inside the site.
    fn rel(&self, url: &str) -> Option<String> {
        let base = match self {
            Origin::File(dir) => format!("file://{}/", dir.display()),
            Origin::Http(base) => base.clone(),
        };
        url.strip_prefix(&base).map(percent_decode)
    }
}

/// What the page reports about itself after loading.
const PROBE: &str = r#"(() => {
  const links = [...document.querySelectorAll('a[href]')].map(a => ({raw: a.getAttribute('href'), abs: a.href}));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const boxes = [...document.querySelectorAll('.table-scroll')].map(b => ({cls: b.firstElementChild ? b.firstElementChild.className : '', scroll: b.scrollWidth, client: b.clientWidth}));
  // WCAG 2.1 contrast of every visible text against its effective background.
  const lum = c => { const m = c.match(/[\d.]+/g); if (!m) return null; const a = m.length > 3 ? +m[3] : 1;
    return {rgb: m.slice(0, 3).map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }), a}; };
  const L = c => 0.2126 * c.rgb[0] + 0.7152 * c.rgb[1] + 0.0722 * c.rgb[2];
  const bg = el => { for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const b = lum(getComputedStyle(e).backgroundColor); if (b && b.a > 0.5) return b; } return lum('rgb(255,255,255)'); };
  const low = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement; const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (el.closest('.sr-only, .skip-link')) continue;
    const inSvg = el instanceof SVGElement;
    const fg = lum(inSvg ? cs.fill : cs.color); if (!fg) continue;
    const b = bg(inSvg ? el.closest('svg') : el);
    const l1 = L(fg), l2 = L(b); const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(cs.fontSize); const bold = parseInt(cs.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) low.push(`${n.textContent.trim().slice(0, 20)} (${ratio.toFixed(2)} < ${need}, ${cs.color} on ${getComputedStyle(el).backgroundColor})`);
  }
  return {links, ids, boxes, low, lang: document.documentElement.lang,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          title: document.title, h1: [...document.querySelectorAll('h1')].length};
})()"#;

struct Visit {
    probe: Value,
    problems: Vec<String>,
}

/// Loads `url` at `width` and returns what the page reports, with every console error, exception
/// and failed request as a problem.
fn visit(b: &mut Browser, session: &str, url: &str, width: u32, phone: bool) -> Visit {
    let nav = b.navigate_at(session, url, width, phone);
    let mut problems = Vec::new();
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        problems.push(format!("navigation failed: {e}"));
    }
    if let Err(e) = b.wait_event(session, "Page.loadEventFired", Duration::from_secs(30)) {
        problems.push(e);
    }
    b.drain(Duration::from_millis(150));
    let probe = b.evaluate(session, PROBE);
    for ev in &b.events {
        if ev["sessionId"] != session {
            continue;
        }
        let p = &ev["params"];
        match ev["method"].as_str().unwrap_or("") {
            "Runtime.exceptionThrown" => {
                problems.push(format!("exception: {}", p["exceptionDetails"]))
            }
            "Runtime.consoleAPICalled"
                if matches!(p["type"].as_str(), Some("error" | "assert")) =>
            {
                problems.push(format!(
                    "console.{}: {}",
                    p["type"].as_str().unwrap_or(""),
                    p["args"]
                ))
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => problems.push(format!(
                "log error: {} {}",
                p["entry"]["text"], p["entry"]["url"]
            )),
            "Network.loadingFailed" => problems.push(format!(
                "failed request: {} {}",
                p["errorText"], p["requestId"]
            )),
            "Network.responseReceived" if p["response"]["status"].as_u64().unwrap_or(0) >= 400 => {
                problems.push(format!(
                    "HTTP {} for {}",
                    p["response"]["status"], p["response"]["url"]
                ))
            }
            _ => {}
        }
    }
    Visit { probe, problems }
}

fn screenshot(b: &mut Browser, session: &str, path: &Path) {
    let m = b
        .call(Some(session), "Page.getLayoutMetrics", json!({}))
        .unwrap();
    let w = m["cssContentSize"]["width"].as_f64().unwrap();
    let h = m["cssContentSize"]["height"].as_f64().unwrap().min(16000.0);
    let shot = b
        .call(
            Some(session),
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}),
        )
        .unwrap();
    let png = cdp::base64_decode(shot["data"].as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    std::fs::write(path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Every `.html` file of the output, by relative path.
fn html_files(out: &Path) -> BTreeSet<String> {
    files_with_extension(out, &["html"])
        .iter()
        .map(|p| {
            p.strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Crawls the site from `index.html` at desktop and phone widths and checks every page. Returns the
/// problems found, one line each.
fn crawl(
    b: &mut Browser,
    session: &str,
    origin: &Origin,
    out: &Path,
    pdf_built: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    let mut ids_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragment_links: Vec<(String, String, String)> = Vec::new();
    while let Some(rel) = queue.pop_front() {
        if !seen.insert(rel.clone()) {
            continue;
        }
        for (width, phone) in [(1280, false), (390, true)] {
            let url = origin.url(&rel);
            let v = visit(b, session, &url, width, phone);
            let at = format!("{rel} @{width}px");
            problems.extend(v.problems.iter().map(|p| format!("{at}: {p}")));
            let p = &v.probe;
            if p["lang"] != "zh-CN" {
                problems.push(format!("{at}: lang is {}", p["lang"]));
            }
            if p["h1"] != 1 {
                problems.push(format!("{at}: {} <h1> elements", p["h1"]));
            }
            // Against the device width: on a phone the layout viewport grows to fit what overflows.
            let sw = p["scrollWidth"].as_i64().unwrap_or(0);
            if sw > i64::from(width) {
                problems.push(format!(
                    "{at}: the page scrolls sideways ({sw} > {width} px)"
                ));
            }
            for low in p["low"].as_array().into_iter().flatten() {
                problems.push(format!(
                    "{at}: low contrast: {}",
                    low.as_str().unwrap_or("")
                ));
            }
            if phone {
                for bx in p["boxes"].as_array().into_iter().flatten() {
                    let cls = bx["cls"].as_str().unwrap_or("");
                    if cls.contains("indicator-grid")
                        && bx["scroll"].as_i64() > bx["client"].as_i64()
                    {
                        problems.push(format!(
                            "{at}: the indicator grid is wider than a phone (it should be cards): {bx}"
                        ));
                    }
                }
            }
            if width != 1280 {
                continue;
            }
            ids_of.insert(
                rel.clone(),
                p["ids"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect(),
            );
            for link in p["links"].as_array().into_iter().flatten() {
                let raw = link["raw"].as_str().unwrap_or("");
                let abs = link["abs"].as_str().unwrap_or("");
                if raw.starts_with('/') || raw.contains("://") {
                    problems.push(format!("{at}: link is not relative: {raw}"));
                    continue;
                }
                let Some(target) = origin.rel(abs) else {
                    problems.push(format!("{at}: link leaves the site: {raw} → {abs}"));
                    continue;
                };
                let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
                if !fragment.is_empty() {
                    fragment_links.push((rel.clone(), path.to_string(), fragment.to_string()));
                }
                if path.ends_with(".pdf") {
                    let exists = out.join(path).is_file();
                    let beside = path
                        .strip_suffix(".pdf")
                        .is_some_and(|stem| out.join(format!("{stem}.html")).is_file());
                    if pdf_built && !exists {
                        problems.push(format!("{at}: PDF link {raw} → {path} does not exist"));
                    } else if !pdf_built && !beside {
                        problems.push(format!(
                            "{at}: PDF link {raw} is not beside its report page"
                        ));
                    }
                    continue;
                }
                if !out.join(path).is_file() {
                    problems.push(format!("{at}: broken link {raw} → {path}"));
                } else if path.ends_with(".html") {
                    queue.push_back(path.to_string());
                }
            }
        }
    }
    for (from, path, fragment) in fragment_links {
        match ids_of.get(&path) {
            Some(ids) if ids.contains(&fragment) => {}
            _ => problems.push(format!("{from}: link to {path}#{fragment}: no such id")),
        }
    }
    let all = html_files(out);
    for unreached in all.difference(&seen) {
        problems.push(format!(
            "{unreached}: not reachable by links from index.html"
        ));
    }
    problems
}

fn take_screenshots(
    b: &mut Browser,
    session: &str,
    origin: &Origin,
    prefix: &str,
    pages: &[(&str, &str)],
) -> Vec<PathBuf> {
    let dir = screenshot_dir();
    let mut saved = Vec::new();
    for (name, rel) in pages {
        for (width, label, phone) in [(1280, "desktop", false), (390, "phone", true)] {
            let v = visit(b, session, &origin.url(rel), width, phone);
            assert!(v.problems.is_empty(), "{rel}: {:?}", v.problems);
            let path = dir.join(format!("{prefix}-{name}-{label}.png"));
            screenshot(b, session, &path);
            saved.push(path);
        }
    }
    saved
}

fn check_site(test: &str, site: &Site, prefix: &str, report_page: &str) {
    let Some(chromium) = chromium_or_skip(test) else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("site");
    // PDFs when the typst toolchain works, else HTML only (PDF links are then checked for their place).
    let with_pdf = build(
        site,
        &out,
        &BuildOptions {
            pdf: true,
            xlsx: false,
            search: false,
            progress: false,
        },
    )
    .map_err(|e| eprintln!("PDF build failed ({e}); checking the HTML only"))
    .is_ok();
    if !with_pdf {
        build_html(site, &out);
    }
    let pdf_built = with_pdf
        && site
            .entries
            .iter()
            .all(|e| out.join(format!("{}.pdf", e.slug)).is_file());
    if with_pdf && !pdf_built {
        eprintln!("the build wrote no PDFs; PDF links are checked for their place only");
    }
    let started = Instant::now();
    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    let origin = Origin::File(out.clone());
    let mut problems = crawl(&mut b, &session, &origin, &out, pdf_built);
    let http = Origin::Http(serve(out.clone()));
    problems.extend(
        crawl(&mut b, &session, &http, &out, pdf_built)
            .into_iter()
            .map(|p| format!("[http] {p}")),
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    let shots = take_screenshots(
        &mut b,
        &session,
        &origin,
        prefix,
        &[("index", "index.html"), ("report", report_page)],
    );
    assert_eq!(shots.len(), 4);
    eprintln!(
        "{prefix}: {} pages checked twice (file:// and http) in {:?}",
        html_files(&out).len(),
        started.elapsed()
    );
}

/// The hand-made fixture site (`support/fixture_site.rs`): every feature of a page, with a hostile
/// narrative.
#[test]
fn fixture_site_in_chromium() {
    let (_t, site) = fixture_site::new(true);
    check_site(
        "fixture_site_in_chromium",
        &site,
        "fixture",
        "gz-gxj/2023-report.html",
    );
}

/// The sample site of the repository (content/ and jixiao.yaml): the five published reports.
#[test]
fn sample_site_in_chromium() {
    let site = Site::load(repo()).expect("load the sample site");
    assert!(!site.has_errors(), "the sample site has errors");
    let report = site
        .entries
        .iter()
        .find(|e| {
            e.report.layout == jixiao::model::Layout::Table
                && e.report.kind == jixiao::model::ReportKind::Department
        })
        .or(site.entries.first())
        .map(|e| format!("{}.html", e.slug))
        .expect("the sample site has reports");
    check_site("sample_site_in_chromium", &site, "sample", &report);
}

/// The checks themselves: a page with a broken link, a missing fragment, a missing image, a console
/// error, low-contrast text and an element wider than a phone is reported on each count.
#[test]
fn the_checks_catch_a_broken_page() {
    let Some(chromium) = chromium_or_skip("the_checks_catch_a_broken_page") else {
        return;
    };
    let t = fixture_site::builder()
        .file(
            "templates/narrative.html",
            r##"<section id="narrative"><p style="color:#bbbbbb">浅灰色的字</p><a href="missing.html">坏链接</a>
<a href="#nowhere">坏锚点</a><img src="missing.png" alt="缺图"><script>console.error("boom")</script>
<div style="width:2000px">很宽</div></section>"##,
        )
        .build();
    let site = fixture_site::site(t.root(), true);
    let out = t.path("site");
    build_html(&site, &out);
    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    let problems = crawl(&mut b, &session, &Origin::File(out.clone()), &out, false).join("\n");
    for expected in [
        "broken link missing.html",
        "#nowhere: no such id",
        "missing.png",
        "console.error",
        "low contrast: 浅灰色的字",
        "the page scrolls sideways",
    ] {
        assert!(
            problems.contains(expected),
            "not reported: {expected}\n{problems}"
        );
    }
}
