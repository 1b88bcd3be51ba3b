//! The hostile report's pages opened in a real browser (headless Chromium over the DevTools
//! protocol): with `alert`, `confirm` and `prompt` replaced by a recorder before any page script
//! could run, the page is loaded, every element gets the events the vectors hook (mouseover, focus,
//! click-free ones, error, load, toggle …), and then nothing may have fired, no element may carry an
//! event handler, and no link, image or form may point at a script, data or file URL as the browser
//! itself parsed it. Skipped without Chromium, except in CI.

use crate::support::cdp::{Browser, chromium_or_skip};
use crate::support::{files_with_extension, hostile_site};
use serde_json::{Value, json};
use std::time::Duration;

const RECORDER: &str = r#"
window.__fired = [];
for (const f of ["alert", "confirm", "prompt", "print", "open"]) {
  window[f] = (...a) => { window.__fired.push(f + "(" + a.join(",") + ")"); };
}
"#;

const PROBE: &str = r#"(() => {
  const events = ["mouseover", "mouseenter", "mousemove", "focus", "blur", "error", "load", "toggle",
                  "animationstart", "transitionend", "input", "change", "pointerover", "wheel"];
  for (const el of document.querySelectorAll("*")) {
    for (const t of events) { try { el.dispatchEvent(new Event(t)); } catch (e) {} }
  }
  const handlers = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith("on")) handlers.push(el.tagName + " " + a.name);
    }
  }
  const urls = [];
  const bad = /^(javascript|vbscript|data|livescript):/i;
  for (const el of document.querySelectorAll("[href],[src],[action],[formaction],[background],[data],[poster]")) {
    for (const n of ["href", "src", "action", "formaction", "background", "data", "poster"]) {
      const v = el.getAttribute(n);
      if (v === null) continue;
      let proto = "";
      try { proto = new URL(v, document.baseURI).protocol; } catch (e) { proto = v; }
      // The scheme as the browser resolved it; `file:` only when written (the pages are file: URLs).
      const written = v.replace(/[\s\x00-\x1f]/g, "");
      if (bad.test(proto) || /^file:/i.test(written)) urls.push(el.tagName + " " + n + "=" + v);
    }
  }
  // The theme's own: the review page's controls and its one script, each grid row's 详情 disclosure,
  // The search box's two scripts on every page (from file:// the box mounts nothing).
  const search = e => e.tagName === "SCRIPT" && !e.textContent &&
    /^(\.\.\/)*(pagefind\/pagefind-ui\.js|static\/search\.js)$/.test(e.getAttribute("src") || "");
  const ours = e => e.matches(".row-detail > td > details") || search(e) || (location.pathname.endsWith("/review.html") && (
    e.closest("main > form#review-controls") || e.matches('#review > thead > tr > th > button') ||
    (e.tagName === "SCRIPT" && e.getAttribute("src") === "static/review.js" && !e.textContent)));
  const foreign = [...document.querySelectorAll(
    "script,iframe,frame,frameset,object,embed,applet,base,form,input,button,textarea,style,meta[http-equiv],math,details,noscript,template,bgsound"
  )].filter(e => !ours(e)).map(e => e.outerHTML.slice(0, 80));
  return { fired: window.__fired, handlers, urls, foreign, base: document.baseURI,
           text: document.body ? document.body.innerText.length : 0 };
})()"#;

/// Navigates the page of `session` to `url`, waits for its load event and collects what follows
/// within 200 ms.
fn open(b: &mut Browser, session: &str, url: &str) {
    b.call(Some(session), "Page.navigate", json!({"url": url}))
        .unwrap();
    b.wait_event(session, "Page.loadEventFired", Duration::from_secs(30))
        .unwrap();
    b.drain(Duration::from_millis(200));
}

#[test]
fn hostile_pages_do_nothing_in_a_browser() {
    let Some(chromium) = chromium_or_skip("hostile_pages_do_nothing_in_a_browser") else {
        return;
    };
    let site = hostile_site(&["--no-pdf"]);
    let out = site.out();

    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    b.call(
        Some(&session),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": RECORDER}),
    )
    .unwrap();
    let pages = files_with_extension(&out, &["html"]);
    assert!(pages.len() >= 2);
    // First a canary the probe must catch, so that a probe that sees nothing proves something.
    let canary = site.path("canary.html");
    std::fs::write(&canary, "<p>x</p><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">y</a><div onmouseover=alert(3)>z</div>").unwrap();
    open(&mut b, &session, &format!("file://{}", canary.display()));
    let r = b.evaluate(&session, PROBE);
    assert_eq!(r["handlers"].as_array().map(Vec::len), Some(2), "{r}");
    assert_eq!(r["urls"].as_array().map(Vec::len), Some(1), "{r}");
    let fired = b.evaluate(&session, "window.__fired");
    assert!(
        fired
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "alert(3)")),
        "the recorder missed the canary: {fired}"
    );
    for page in &pages {
        b.events.clear();
        let url = format!("file://{}", page.display());
        open(&mut b, &session, &url);
        let r = b.evaluate(&session, PROBE);
        b.drain(Duration::from_millis(200));
        let fired = b.evaluate(&session, "window.__fired");
        let name = page.strip_prefix(&out).unwrap().display().to_string();
        assert_eq!(
            r["base"].as_str(),
            Some(url.as_str()),
            "{name}: the page's base URL was changed"
        );
        assert!(r["text"].as_u64().unwrap_or(0) > 0, "{name}: empty page");
        for key in ["handlers", "urls", "foreign"] {
            assert_eq!(r[key], json!([]), "{name}: {key}");
        }
        assert_eq!(fired, json!([]), "{name}: a script ran");
        // Nothing tried to load a script, a frame or a stylesheet from the vectors' hosts.
        let fetched: Vec<&Value> = b
            .events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .is_some_and(|u| u.contains("xss") || !u.starts_with("file://"))
            })
            .collect();
        assert!(fetched.is_empty(), "{name}: requests {fetched:#?}");
    }
}
