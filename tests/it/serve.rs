//! `jixiao serve` end to end: the server is started on a free local port, the report page is loaded
//! in headless Chromium, the report is edited and the page reloads by itself with the new 总分; a
//! broken file brings up the overlay naming file:line (escaped: the content is untrusted) while the
//! last good page stays; fixing it takes the overlay away. The published build never contains the
//! live-reload client. With the pinned typst and fonts, the PDF made in the background is served
//! and the page reloads with its link.

use crate::support::cdp::{Browser, chromium_or_skip};
use crate::support::{SiteBuilder, SiteDir, files, pdf, repo};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The sample report with no warning (total 94.31 as stated).
const REPORT: &str = "guangzhou-gxj/2022-department-table.md";
const PAGE: &str = "guangzhou-gxj/2022-department-table.html";

fn report_text() -> String {
    std::fs::read_to_string(repo().join("content").join(REPORT)).unwrap()
}

fn site() -> SiteDir {
    SiteBuilder::new().report(REPORT, &report_text()).build()
}

/// A running `jixiao serve`, killed when dropped; its stderr collected.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &SiteDir, args: &[&str]) -> Server {
        let port = free_port();
        let mut child = site
            .command("serve")
            .args(["--port", &port.to_string()])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jixiao serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let server = Server {
            child,
            port,
            stderr,
        };
        let up = poll(Duration::from_secs(20), || {
            get(port, "/__jixiao/status").filter(|(code, _)| *code == 200)
        });
        assert!(up.is_some(), "serve did not start:\n{}", server.stderr());
        server
    }

    fn url(&self, rel: &str) -> String {
        format!("http://127.0.0.1:{}/{rel}", self.port)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn status(&self) -> Value {
        let (_, body) = get(self.port, "/__jixiao/status").expect("status");
        serde_json::from_str(&body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.0 GET on 127.0.0.1: (status code, body), or `None` when nothing answers.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    get_with_host(port, path, &format!("127.0.0.1:{port}"))
}

fn get_with_host(port: u16, path: &str, host: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let code = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((code, body.to_string()))
}

/// Calls `f` every 100 ms until it gives something or `limit` has passed.
fn poll<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Evaluates `js` in the page; `None` while the page is between two documents (a reload).
fn eval(b: &mut Browser, session: &str, js: &str) -> Option<Value> {
    let r = b
        .call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true}),
        )
        .ok()?;
    if r.get("exceptionDetails").is_some() {
        return None;
    }
    Some(r["result"]["value"].clone())
}

/// Waits (10 s at most) until `js` is true in the page.
fn wait_for(b: &mut Browser, session: &str, js: &str, what: &str, server: &Server) {
    let ok = poll(Duration::from_secs(10), || {
        (eval(b, session, js) == Some(json!(true))).then_some(())
    });
    assert!(
        ok.is_some(),
        "{what} (within 10 s)\nserver:\n{}",
        server.stderr()
    );
}

const OVERLAY_ERRORS: &str = "(() => { const o = document.getElementById('__jixiao_overlay'); \
     return o ? Number(o.getAttribute('data-errors')) : 0; })()";

#[test]
fn serve_reloads_on_save_and_shows_errors_in_an_overlay() {
    let Some(chromium) = chromium_or_skip("serve_reloads_on_save_and_shows_errors_in_an_overlay")
    else {
        return;
    };
    let site = site();
    let server = Server::start(&site, &["--no-pdf"]);
    let mut b = Browser::launch(&chromium);
    let s = b.new_page();
    b.call(Some(&s), "Page.navigate", json!({"url": server.url(PAGE)}))
        .unwrap();
    wait_for(
        &mut b,
        &s,
        "document.readyState === 'complete' && document.body.innerText.includes('94.31')",
        "the report page shows its 总分 94.31",
        &server,
    );
    assert_eq!(
        eval(&mut b, &s, "document.body.innerText.includes('95.31')"),
        Some(json!(false))
    );
    wait_for(
        &mut b,
        &s,
        "typeof EventSource === 'function' && !!document.querySelector('script[src=\"/__jixiao/client.js\"]')",
        "the live-reload client is in the page",
        &server,
    );
    // Give the event stream a moment to connect, then mark this document: a reload forgets it.
    std::thread::sleep(Duration::from_millis(300));
    eval(&mut b, &s, "window.__before_edit = true").unwrap();

    // 1. An edit of the front-matter: one row one point higher, the stated total with it.
    let good = report_text()
        .replacen("score: 8.95", "score: 9.95", 1)
        .replacen("stated_total: 94.31", "stated_total: 95.31", 1);
    site.write(format!("content/{REPORT}"), &good);
    wait_for(
        &mut b,
        &s,
        "window.__before_edit === undefined && document.readyState === 'complete' \
         && document.body.innerText.includes('95.31') && !document.body.innerText.includes('94.31')",
        "the page reloads with the new 总分 95.31",
        &server,
    );
    assert_eq!(eval(&mut b, &s, OVERLAY_ERRORS), Some(json!(0)));

    // 2. A broken file: an unknown field (with markup in its name) where `year:` was.
    let year_line = good.lines().position(|l| l == "year: 2022").unwrap() + 1;
    let broken = good.replacen("year: 2022", "yaer<b>x</b>: 2022", 1);
    site.write(format!("content/{REPORT}"), &broken);
    wait_for(
        &mut b,
        &s,
        &format!("{OVERLAY_ERRORS} > 0"),
        "the overlay appears for the broken file",
        &server,
    );
    let place = format!("content/{REPORT}:{year_line}:1");
    let overlay_text = eval(
        &mut b,
        &s,
        "document.getElementById('__jixiao_overlay').textContent",
    )
    .unwrap();
    let overlay_text = overlay_text.as_str().unwrap();
    assert!(overlay_text.contains(&place), "{place} in {overlay_text}");
    assert!(overlay_text.contains("yaer<b>x</b>"), "{overlay_text}");
    // The content's markup is text, not elements.
    assert_eq!(
        eval(
            &mut b,
            &s,
            "document.querySelectorAll('#__jixiao_overlay b').length"
        ),
        Some(json!(0))
    );
    // The last good page stays under it.
    assert_eq!(
        eval(&mut b, &s, "document.body.innerText.includes('95.31')"),
        Some(json!(true))
    );
    // The terminal says it too, at the same place.
    let said = poll(Duration::from_secs(5), || {
        server.stderr().contains(&place).then_some(())
    });
    assert!(said.is_some(), "terminal:\n{}", server.stderr());

    // 3. Fixed: the overlay goes (the page reloads with the good build).
    eval(&mut b, &s, "window.__before_fix = true").unwrap();
    site.write(format!("content/{REPORT}"), &good);
    wait_for(
        &mut b,
        &s,
        "window.__before_fix === undefined && document.readyState === 'complete' \
         && !document.getElementById('__jixiao_overlay') && document.body.innerText.includes('95.31')",
        "the overlay disappears when the file is fixed",
        &server,
    );
    drop(b);
    drop(server);
}

#[test]
fn serve_answers_only_inside_its_output_and_only_to_local_hosts() {
    let site = site();
    site.write("secret.txt", "not to be served");
    let server = Server::start(&site, &["--no-pdf"]);
    let (code, page) = get(server.port, &format!("/{PAGE}")).unwrap();
    assert_eq!(code, 200);
    assert!(page.contains("/__jixiao/client.js"), "client injected");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/content/guangzhou-gxj/2022-department-table.md",
        "/jixiao.yaml",
        "/__jixiao/nothing",
    ] {
        let (code, body) = get(server.port, path).unwrap();
        assert_eq!(code, 404, "{path}: {body}");
        assert!(!body.contains("not to be served"), "{path}");
    }
    // A page of another site pointing its own name at 127.0.0.1 (DNS rebinding) gets nothing.
    let (code, _) = get_with_host(server.port, "/", "evil.example:80").unwrap();
    assert_eq!(code, 403);
    let (code, _) = get_with_host(server.port, "/", &format!("localhost:{}", server.port)).unwrap();
    assert_eq!(code, 200);
    assert_eq!(server.status()["version"], json!(1));
}

#[test]
fn the_published_build_has_no_live_reload_client() {
    let site = site();
    site.build(&["--no-pdf"]).success();
    let out = site.out();
    let built = files(&out);
    assert!(built.iter().any(|p| p.ends_with(PAGE)), "{built:?}");
    for f in &built {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__jixiao") && !text.contains("EventSource"),
            "{} carries the preview client",
            f.display()
        );
        let rel = f.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
        assert!(!rel.contains("serve/"), "{rel} published");
    }
}

#[test]
fn serve_makes_the_pdf_in_the_background_and_reloads_with_it() {
    if pdf::tools_or_skip("serve_makes_the_pdf_in_the_background_and_reloads_with_it").is_none() {
        return;
    }
    let site = site();
    let server = Server::start(&site, &[]);
    let pdf_path = format!("/{}", PAGE.replace(".html", ".pdf"));
    // The HTML comes first; the PDF, and the page linking it, follow when typst is done.
    let served = poll(Duration::from_secs(120), || {
        let (code, body) = get(server.port, &pdf_path)?;
        (code == 200 && body.starts_with("%PDF")).then_some(())
    });
    assert!(served.is_some(), "no PDF served:\n{}", server.stderr());
    let status = server.status();
    assert_eq!(status["pdf_pending"], json!(false), "{status}");
    assert!(status["version"].as_u64().unwrap() >= 2, "{status}");
    let (_, page) = get(server.port, &format!("/{PAGE}")).unwrap();
    assert!(page.contains("2022-department-table.pdf"), "PDF link");
}

#[test]
fn a_site_broken_from_the_start_shows_the_overlay_then_the_page() {
    let Some(chromium) =
        chromium_or_skip("a_site_broken_from_the_start_shows_the_overlay_then_the_page")
    else {
        return;
    };
    let text = report_text();
    let site = SiteBuilder::new()
        .report(REPORT, &text.replacen("year: 2022", "year: 二〇二二年", 1))
        .build();
    let server = Server::start(&site, &["--no-pdf"]);
    let mut b = Browser::launch(&chromium);
    let s = b.new_page();
    b.call(Some(&s), "Page.navigate", json!({"url": server.url(PAGE)}))
        .unwrap();
    wait_for(
        &mut b,
        &s,
        &format!("{OVERLAY_ERRORS} > 0"),
        "a page never built shows the overlay",
        &server,
    );
    let year_line = text.lines().position(|l| l == "year: 2022").unwrap() + 1;
    let place = format!("content/{REPORT}:{year_line}:");
    assert_eq!(
        eval(
            &mut b,
            &s,
            &format!("document.getElementById('__jixiao_overlay').textContent.includes({place:?})")
        ),
        Some(json!(true)),
        "{place}"
    );
    site.write(format!("content/{REPORT}"), &text);
    wait_for(
        &mut b,
        &s,
        "document.readyState === 'complete' && document.body.innerText.includes('94.31') \
         && !document.getElementById('__jixiao_overlay')",
        "the page appears once the file is fixed",
        &server,
    );
}
