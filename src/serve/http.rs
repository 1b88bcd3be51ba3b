//! The HTTP side: files of the served output folder (and nothing outside it), the live-reload
//! client injected into each HTML page, and the event stream.

use super::state::{Hub, Status};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server};

/// The live-reload client and the overlay's style: theme files, compiled in, sent only by the server.
const CLIENT_JS: &str = include_str!("../../themes/default/serve/client.js");
const OVERLAY_CSS: &str = include_str!("../../themes/default/serve/overlay.css");

/// The server's own paths start with this (no built file does: the build has no such folder).
pub(crate) const PREFIX: &str = "/__jixiao/";

/// How often an idle event stream sends a comment, so that a closed tab ends its thread.
const PING: Duration = Duration::from_secs(15);

/// Answers requests until the server stops, each on its own thread.
pub fn serve(server: Server, hub: Arc<Hub>) {
    let server = Arc::new(server);
    let local = server.server_addr().to_ip();
    for req in server.incoming_requests() {
        let hub = hub.clone();
        std::thread::spawn(move || handle(req, &hub, local));
    }
}

fn handle(req: Request, hub: &Hub, local: Option<std::net::SocketAddr>) {
    if !host_allowed(&req, local) {
        let _ = req.respond(text(403, "forbidden host"));
        return;
    }
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(text(405, "method not allowed"));
        return;
    }
    let path = req
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    match path.strip_prefix(PREFIX) {
        Some("events") => events(req, hub),
        Some("status") => {
            let (_, status) = hub.status();
            let body = status_json(&status);
            let _ = req.respond(with_type(Response::from_string(body), "application/json"));
        }
        Some("client.js") => {
            let _ = req.respond(with_type(
                Response::from_string(CLIENT_JS),
                "text/javascript; charset=utf-8",
            ));
        }
        Some("overlay.css") => {
            let _ = req.respond(with_type(
                Response::from_string(OVERLAY_CSS),
                "text/css; charset=utf-8",
            ));
        }
        Some(_) => {
            let _ = req.respond(text(404, "not found"));
        }
        None => file(req, &path, hub),
    }
}

/// When bound to a loopback address, only requests naming it (or `localhost`) in `Host` are
/// answered: a web page elsewhere cannot reach the preview through DNS rebinding.
fn host_allowed(req: &Request, local: Option<std::net::SocketAddr>) -> bool {
    let Some(local) = local else { return true };
    if !local.ip().is_loopback() {
        return true;
    }
    let Some(host) = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        Some((n, port)) if port.chars().all(|c| c.is_ascii_digit()) => n.to_string(),
        _ => host,
    };
    matches!(name.as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// The event stream: the status now, then each new one, as `data:` lines of JSON.
fn events(req: Request, hub: &Hub) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    let (mut seq, mut status) = hub.status();
    loop {
        let msg = event(&status);
        if w.write_all(msg.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
        loop {
            match hub.wait_newer(seq, PING) {
                Some((s, st)) => {
                    (seq, status) = (s, st);
                    break;
                }
                None => {
                    if w.write_all(b": ping\n\n").and_then(|()| w.flush()).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

fn event(status: &Status) -> String {
    format!("data: {}\n\n", status_json(status))
}

/// The status as JSON for the page's client; one that cannot be serialised is said as an error the
/// overlay shows, never an empty message.
fn status_json(status: &Status) -> String {
    serde_json::to_string(status).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("预览状态不能写成 JSON（status not serialisable）: {e}") })
            .to_string()
    })
}

/// A file of the served folder; an HTML page gets the live-reload client before `</body>`.
fn file(req: Request, url_path: &str, hub: &Hub) {
    let Some(rel) = safe_rel(url_path) else {
        let _ = req.respond(text(404, "not found"));
        return;
    };
    // A build swaps its folder in with two renames: a request that falls between them tries again.
    let mut found = None;
    for attempt in 0..3 {
        let (dir, version) = (hub.serving(), hub.status().1.version);
        if let Some(f) = resolve(&dir, &rel) {
            found = Some((f, version));
            break;
        }
        if attempt < 2 {
            std::thread::sleep(Duration::from_millis(40));
        }
    }
    let Some((path, version)) = found else {
        not_found(req, url_path, hub);
        return;
    };
    let Ok(bytes) = std::fs::read(&path) else {
        let _ = req.respond(text(404, "not found"));
        return;
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let body = if ext == "html" {
        inject(&String::from_utf8_lossy(&bytes), version).into_bytes()
    } else {
        bytes
    };
    let _ = req.respond(with_type(Response::from_data(body), content_type(&ext)));
}

/// A page that is not there (yet): for a page, a placeholder with the client, so that the overlay
/// shows why (a site that has never built) and the page appears when the content is fixed.
fn not_found(req: Request, url_path: &str, hub: &Hub) {
    let is_page = url_path.ends_with('/') || url_path.to_ascii_lowercase().ends_with(".html");
    if !is_page {
        let _ = req.respond(text(404, "not found"));
        return;
    }
    let version = hub.status().1.version;
    let page = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
                <title>jixiao serve</title></head><body><p>此页面尚未生成（this page has not been built）。\
                </p></body></html>";
    let body = inject(page, version);
    let _ = req.respond(
        with_type(Response::from_string(body), "text/html; charset=utf-8").with_status_code(404),
    );
}

/// The path below the served folder a URL path names: percent-decoded, `/`-separated, with no
/// empty, `.` or `..` part, no backslash and no NUL; `None` when it is not such a path.
pub(crate) fn safe_rel(url_path: &str) -> Option<PathBuf> {
    let decoded = crate::narrative::assets::percent_decode(url_path.strip_prefix('/')?)?;
    let mut rel = PathBuf::new();
    let mut parts: Vec<&str> = decoded.split('/').collect();
    let dir_index = parts.last() == Some(&"");
    if dir_index {
        parts.pop();
    }
    for p in parts {
        if p.is_empty() || p == "." || p == ".." || p.contains(['\\', '\0', ':']) {
            return None;
        }
        rel.push(p);
    }
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    if dir_index {
        rel.push("index.html");
    }
    Some(rel)
}

/// The file `rel` names in `dir` (a folder's `index.html`), only if it is inside `dir` once every
/// symbolic link is followed.
fn resolve(dir: &Path, rel: &Path) -> Option<PathBuf> {
    let base = dir.canonicalize().ok()?;
    let mut p = base.join(rel).canonicalize().ok()?;
    if p.is_dir() {
        p = p.join("index.html").canonicalize().ok()?;
    }
    (p.starts_with(&base) && p.is_file()).then_some(p)
}

/// The page with the client's style and script before its last `</body>` (or at its end).
pub(crate) fn inject(html: &str, version: u64) -> String {
    let tag = format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}overlay.css\">\
         <script src=\"{PREFIX}client.js\" data-version=\"{version}\"></script>"
    );
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn with_type<R: std::io::Read>(r: Response<R>, ctype: &str) -> Response<R> {
    r.with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(code: u16, msg: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(Response::from_string(msg), "text/plain; charset=utf-8").with_status_code(code)
}

#[cfg(test)]
mod tests;
