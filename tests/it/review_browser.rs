//! The review page, the index and a unit page of a generated 300-report site (tests/support/
//! synthetic.rs: 100 units × 3 reports, plus one duplicated report) in headless Chromium, from
//! `file://` and from a local HTTP server under a sub-path: the review table sorts (header buttons and
//! the sort menu) and filters (text, year, kind, grade, "needs attention"), the duplicate is marked,
//! the search box finds the one unit whose narrative has a two-character word (荔枝),
//! no console error, exception or failed request, WCAG AA contrast, no sideways scrolling at 390 px.
//! Screenshots go to `target/screenshots/review-*.png`.
//!
//! Chromium as in tests/browser.rs (`$CHROMIUM`, `PATH`, or apt-get as root); skipped without it
//! except in CI.

use crate::search_browser;
use crate::support::cdp::{self, Browser, chromium_or_skip};
use crate::support::http::serve;
use crate::support::synthetic;
use jixiao::pipeline::{BuildOptions, Site, build};
use serde_json::{Value, json};
use std::time::Duration;

/// Contrast of every visible text (WCAG 2.1: 4.5:1, 3:1 for large text), sideways scrolling, and the
/// page's title, as in tests/browser.rs.
const PROBE: &str = r#"(() => {
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
    if (ratio < need) low.push(`${n.textContent.trim().slice(0, 20)} (${ratio.toFixed(2)} < ${need})`);
  }
  return {low, scrollWidth: document.documentElement.scrollWidth, title: document.title};
})()"#;

/// Loads `url` at `width` (a phone when `phone`) and returns the problems the browser reported:
/// console errors, exceptions, failed requests, HTTP errors.
pub(crate) fn open(
    b: &mut Browser,
    session: &str,
    url: &str,
    width: u32,
    phone: bool,
) -> Vec<String> {
    let nav = b.navigate_at(session, url, width, phone);
    let mut problems = Vec::new();
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        problems.push(format!("navigation failed: {e}"));
    }
    if let Err(e) = b.wait_event(session, "Page.loadEventFired", Duration::from_secs(30)) {
        problems.push(e);
    }
    b.drain(Duration::from_millis(150));
    problems.extend(browser_problems(b, session));
    problems
}

fn browser_problems(b: &Browser, session: &str) -> Vec<String> {
    let mut problems = Vec::new();
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
                if matches!(p["type"].as_str(), Some("error" | "assert" | "warning")) =>
            {
                problems.push(format!("console.{}: {}", p["type"], p["args"]))
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => problems.push(format!(
                "log error: {} {}",
                p["entry"]["text"], p["entry"]["url"]
            )),
            "Network.loadingFailed" => problems.push(format!("failed request: {}", p["errorText"])),
            "Network.responseReceived" if p["response"]["status"].as_u64().unwrap_or(0) >= 400 => {
                problems.push(format!(
                    "HTTP {} for {}",
                    p["response"]["status"], p["response"]["url"]
                ))
            }
            _ => {}
        }
    }
    problems
}

/// Contrast and sideways scrolling of the page now loaded.
fn layout_problems(b: &mut Browser, session: &str, at: &str, width: u32) -> Vec<String> {
    let p = b.evaluate(session, PROBE);
    let mut out: Vec<String> = p["low"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| format!("{at}: low contrast: {}", l.as_str().unwrap_or("")))
        .collect();
    let sw = p["scrollWidth"].as_i64().unwrap_or(0);
    if sw > i64::from(width) {
        out.push(format!(
            "{at}: the page scrolls sideways ({sw} > {width} px)"
        ));
    }
    out
}

pub(crate) fn screenshot(b: &mut Browser, session: &str, name: &str) {
    let dir = cdp::screenshot_dir();
    let m = b
        .call(Some(session), "Page.getLayoutMetrics", json!({}))
        .unwrap();
    let w = m["cssContentSize"]["width"].as_f64().unwrap();
    let h = m["cssContentSize"]["height"].as_f64().unwrap().min(6000.0);
    let shot = b
        .call(
            Some(session),
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true, "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}),
        )
        .unwrap();
    let png = cdp::base64_decode(shot["data"].as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(dir.join(format!("review-{name}.png")), png).unwrap();
}

/// The visible rows' value of `data-<key>`, in the order shown.
fn column(b: &mut Browser, session: &str, key: &str) -> Vec<String> {
    let v = b.evaluate(
        session,
        &format!(
            "[...document.querySelectorAll('#review tbody tr')].filter(r => !r.hidden).map(r => r.getAttribute('data-{key}'))"
        ),
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect()
}

fn numbers(v: &[String]) -> Vec<f64> {
    v.iter().map(|s| s.parse::<f64>().unwrap()).collect()
}

fn click_header(b: &mut Browser, session: &str, key: &str) {
    b.evaluate(
        session,
        &format!("document.querySelector('#review th[data-key=\"{key}\"] button').click()"),
    );
}

/// Sets a control's value and fires the event the page listens to.
fn set_control(b: &mut Browser, session: &str, id: &str, value: &str) {
    b.evaluate(
        session,
        &format!(
            "(() => {{ const e = document.getElementById('{id}');
               if (e.type === 'checkbox') {{ e.checked = {value:?} === 'on'; e.dispatchEvent(new Event('change')); }}
               else {{ e.value = {value:?}; e.dispatchEvent(new Event(e.tagName === 'INPUT' ? 'input' : 'change')); }} }})()"
        ),
    );
}

fn status(b: &mut Browser, session: &str) -> String {
    b.evaluate(
        session,
        "document.getElementById('review-count').textContent",
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// The review table's behaviour, on the page loaded at `url`.
fn check_review_table(b: &mut Browser, session: &str, url: &str, reports: usize) {
    let problems = open(b, session, url, 1280, false);
    assert!(problems.is_empty(), "{url}: {problems:?}");
    assert_eq!(column(b, session, "order").len(), reports);
    assert_eq!(status(b, session), format!("共 {reports} 份报告"));
    // The controls appear only with the script (the table alone works without it).
    assert_eq!(
        b.evaluate(session, "document.getElementById('review-controls').hidden"),
        false
    );

    // Default order: units in pinyin order (佛 fo < 广 guang < … < 珠 zhu; 财 cai < … < 住 zhu),
    // not by code point (广 U+5E7F would come after 佛 U+4F5B but 住 U+4F4F before 财 U+8D22).
    let first = b.evaluate(
        session,
        "document.querySelector('#review tbody tr td a').textContent",
    );
    assert_eq!(first, "佛山市财政局");
    let last = b.evaluate(
        session,
        "[...document.querySelectorAll('#review tbody tr td:first-child a')].pop().textContent",
    );
    assert_eq!(last, "珠海市住房和城乡建设局");

    // Sorting by the header buttons: 总分 ascending, then descending; aria-sort follows.
    click_header(b, session, "total");
    let up = numbers(&column(b, session, "total"));
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "ascending: {up:?}");
    assert!(up[0] < up[up.len() - 1]);
    assert_eq!(
        b.evaluate(
            session,
            "document.querySelector('#review th[data-key=\"total\"]').getAttribute('aria-sort')"
        ),
        "ascending"
    );
    click_header(b, session, "total");
    let down = numbers(&column(b, session, "total"));
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "descending");
    assert_eq!(
        b.evaluate(
            session,
            "document.querySelector('#review th[data-key=\"unit\"]').getAttribute('aria-sort')"
        ),
        "none"
    );
    // Ties keep the site's order.
    let orders = numbers(&column(b, session, "order"));
    for (w, o) in down.windows(2).zip(orders.windows(2)) {
        if w[0] == w[1] {
            assert!(o[0] < o[1], "ties keep the site's order");
        }
    }
    // The sort menu (for phones) sorts too: 年度, earliest first.
    set_control(b, session, "f-sort", "year:asc");
    let years = numbers(&column(b, session, "year"));
    assert!(years.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(years[0], 2022.0);
    click_header(b, session, "unit");
    assert_eq!(
        numbers(&column(b, session, "order")),
        (0..reports).map(|i| i as f64).collect::<Vec<_>>(),
        "sorting by unit restores the site's order"
    );

    // Filtering: text, year, kind, grade, attention; the status line says how many are shown.
    set_control(b, session, "f-text", "江门市");
    assert_eq!(column(b, session, "order").len(), 30);
    assert_eq!(
        status(b, session),
        format!("显示 30 份，共 {reports} 份报告")
    );
    set_control(b, session, "f-kind", "project");
    assert_eq!(column(b, session, "order").len(), 10);
    assert!(column(b, session, "kind").iter().all(|k| k == "project"));
    set_control(b, session, "f-text", "江门市 数字化");
    assert_eq!(
        column(b, session, "order").len(),
        3,
        "two words, both must match: units 91, 95, 99"
    );
    set_control(b, session, "f-text", "");
    set_control(b, session, "f-kind", "");
    set_control(b, session, "f-year", "2022");
    assert_eq!(column(b, session, "order").len(), 100);
    set_control(b, session, "f-grade", "良");
    assert_eq!(
        column(b, session, "order").len(),
        0,
        "every 2022 report is 优"
    );
    assert_eq!(
        b.evaluate(session, "document.getElementById('review-empty').hidden"),
        false
    );
    set_control(b, session, "f-year", "");
    set_control(b, session, "f-grade", "");
    set_control(b, session, "f-attention", "on");
    let attention = column(b, session, "attention");
    assert!(!attention.is_empty() && attention.len() < reports);
    assert!(attention.iter().all(|a| a == "1"));
    set_control(b, session, "f-attention", "off");
    assert_eq!(column(b, session, "order").len(), reports);

    // The duplicated report: both copies are marked.
    let marked = b.evaluate(
        session,
        "[...document.querySelectorAll('#review tbody tr')].filter(r => r.textContent.includes('重复')).map(r => r.querySelector('td a').textContent + '|' + r.getAttribute('data-kind'))",
    );
    assert_eq!(
        marked,
        json!(["广州市财政局|project", "广州市财政局|project"])
    );
    let problems = browser_problems(b, session);
    assert!(problems.is_empty(), "after interaction: {problems:?}");
}

#[test]
fn review_page_of_300_reports_sorts_filters_and_reads_on_a_phone() {
    let Some(chromium) =
        chromium_or_skip("review_page_of_300_reports_sorts_filters_and_reads_on_a_phone")
    else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    let reports = synthetic::write_site(&root, 100, true, "/");
    assert_eq!(reports, 301);
    // A two-character word found in one unit's narrative only (江门市财政局, u090).
    let one = root.join("content/u090/2023-department.md");
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(!text.contains("荔枝"));
    std::fs::write(
        &one,
        format!(
            "{}

本年度还支持了荔枝种植示范。
",
            text.trim_end()
        ),
    )
    .unwrap();
    let search = search_browser::pagefind_or_skip(
        "review_page_of_300_reports_sorts_filters_and_reads_on_a_phone (search)",
        &root,
    );
    let site = Site::load(&root).expect("load");
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    assert_eq!(site.entries.len(), reports);
    let out = t.path().join("out");
    build(
        &site,
        &out,
        &BuildOptions {
            pdf: false,
            xlsx: false,
            search,
            progress: false,
        },
    )
    .expect("build");

    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    let file = |rel: &str| format!("file://{}/{rel}", out.display());
    check_review_table(&mut b, &session, &file("review.html"), reports);
    let http = serve(out.clone());
    check_review_table(&mut b, &session, &format!("{http}review.html"), reports);

    // Search finds the unit by the word, from another unit's page, under the sub-path.
    if search {
        let url = format!("{http}u003/index.html?q=%E8%8D%94%E6%9E%9D");
        let problems = open(&mut b, &session, &url, 390, true);
        assert!(problems.is_empty(), "{problems:?}");
        let v = search_browser::results(&mut b, &session);
        let rs = v["results"].as_array().expect("results");
        assert_eq!(rs.len(), 1, "{v}");
        assert_eq!(rs[0]["href"], "/sub/path/u090/2023-department.html", "{v}");
        assert_eq!(
            rs[0]["title"], "江门市财政局2023年度部门整体支出绩效自评报告",
            "{v}"
        );
        assert!(
            rs[0]["excerptHtml"]
                .as_str()
                .is_some_and(|e| e.contains("<mark>荔枝</mark>")),
            "{v}"
        );
    }

    // Every kind of page of the large site, on a desktop and on a phone.
    let mut problems = Vec::new();
    for rel in [
        "review.html",
        "index.html",
        "u090/index.html",
        "u090/2023-project.html",
    ] {
        for (width, phone) in [(1280, false), (390, true)] {
            for url in [file(rel), format!("{http}{rel}")] {
                let at = format!("{url} @{width}px");
                problems.extend(
                    open(&mut b, &session, &url, width, phone)
                        .into_iter()
                        .map(|p| format!("{at}: {p}")),
                );
                problems.extend(layout_problems(&mut b, &session, &at, width));
            }
            let name = format!(
                "{}-{}",
                rel.replace(['/', '.'], "-"),
                if phone { "phone" } else { "desktop" }
            );
            open(&mut b, &session, &file(rel), width, phone);
            screenshot(&mut b, &session, &name);
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );

    // On a phone the review table is a list of cards: one per report, each cell labelled, within
    // the screen.
    open(&mut b, &session, &file("review.html"), 390, true);
    let card = b.evaluate(
        &session,
        "(() => { const r = document.querySelector('#review tbody tr'); const td = r.cells[1];
           return {display: getComputedStyle(r).display, label: getComputedStyle(td, '::before').content,
                   right: r.getBoundingClientRect().right}; })()",
    );
    assert_eq!(card["display"], "block");
    assert_eq!(card["label"], "\"年度\"");
    assert!(card["right"].as_f64().unwrap() <= 390.0, "{card}");
}
