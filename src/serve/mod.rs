//! `jixiao serve`: a local preview (本地预览) with live reload.
//!
//! ```text
//! SITE/** ─notify─▶ debounce ─▶ Site::load_with (outputs checked) ─ok─▶ build (no PDF) into html/ ─▶ reload
//!                                      │                                  └─▶ PDF worker: build into full/ ─▶ reload
//!                                      └─errors─▶ keep the last good page, overlay lists them
//! ```
//!
//! - The site is built with the normal pipeline ([`pipeline::build`]) into a temporary folder
//!   (`$TMPDIR/jixiao-serve-<pid>-…`): first a fast pass without PDFs, then, in the background, a full
//!   build with the PDFs. The server serves whichever of the two is newest for the last good content.
//!   A content error never stops the server nor blanks the page: the last good page stays, with the
//!   overlay listing every error and warning at file:line:column.
//! - The live-reload client (`themes/default/serve/client.js`) and its overlay style are compiled in
//!   and injected by the server into the HTML it sends; the published build never contains them.
//! - The browser learns of changes through one server-sent-events stream (`/__jixiao/events`): each
//!   event is the whole [`Status`] (output version + problems).
//! - Only files inside the output folder are served; the socket binds 127.0.0.1 unless `--bind` says
//!   otherwise.
//!
//! Where the PDF cache plugs in: the PDF worker calls `pipeline::build` with `pdf: true` for every
//! pass; a per-report PDF cache inside the PDF renderer makes that pass re-make only the PDFs whose
//! report changed, with no change here.

mod http;
mod state;
mod watch;

pub use state::{Hub, Status, StatusProblem};

use crate::diag::Severity;
use crate::pipeline::{self, BuildOptions, Site};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

/// What `jixiao serve` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: the default port, or any free one when it is taken.
    pub port: Option<u16>,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Also make the PDFs (in the background).
    pub pdf: bool,
}

/// The port tried when `--port` is not given.
pub(crate) const DEFAULT_PORT: u16 = 4040;

/// Why the server could not start (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Site(#[from] pipeline::SiteError),
    #[error("无法监听 {addr}（cannot listen）：{reason}；请用 --port 换一个端口")]
    Bind { addr: SocketAddr, reason: String },
    #[error("无法创建临时输出目录（cannot create the temporary output folder）：{0}")]
    Temp(std::io::Error),
    #[error("无法监视站点文件（cannot watch the site's files）：{0}")]
    Watch(#[from] notify::Error),
}

/// Runs the preview server until the process is ended (Ctrl+C).
pub fn run(opts: &Options) -> Result<(), ServeError> {
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    // A first load, so that a folder that is no site is refused before anything listens.
    Site::load(&root)?;
    remove_stale_temp_dirs();
    let tmp = tempfile::Builder::new()
        .prefix(&format!("jixiao-serve-{}-", std::process::id()))
        .tempdir()
        .map_err(ServeError::Temp)?;
    let server = bind(opts)?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| ServeError::Bind {
            addr: SocketAddr::new(opts.bind, opts.port.unwrap_or(DEFAULT_PORT)),
            reason: "not an IP socket".into(),
        })?;
    let hub = Arc::new(Hub::new(tmp.path().join("html").join("out")));
    let builder = Arc::new(Builder::new(&root, tmp.path(), opts.pdf, hub.clone()));
    builder.rebuild(Instant::now());
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = watch::start(&root, tx)?;
    {
        let builder = builder.clone();
        std::thread::spawn(move || {
            for changed in watch::debounced(rx) {
                builder.rebuild(changed);
            }
        });
    }
    if opts.pdf {
        let builder = builder.clone();
        std::thread::spawn(move || builder.pdf_worker());
    }
    let url = format!("http://{addr}/");
    eprintln!("预览 {url}  （Ctrl+C 结束；preview server, Ctrl+C to stop）");
    if opts.open {
        open_browser(&url);
    }
    http::serve(server, hub);
    drop(tmp);
    Ok(())
}

fn bind(opts: &Options) -> Result<tiny_http::Server, ServeError> {
    let port = opts.port.unwrap_or(DEFAULT_PORT);
    let addr = SocketAddr::new(opts.bind, port);
    match tiny_http::Server::http(addr) {
        Ok(s) => Ok(s),
        // The default port taken: any free one will do (an explicit --port is kept to).
        Err(_) if opts.port.is_none() => tiny_http::Server::http(SocketAddr::new(opts.bind, 0))
            .map_err(|e| ServeError::Bind {
                addr,
                reason: e.to_string(),
            }),
        Err(e) => Err(ServeError::Bind {
            addr,
            reason: e.to_string(),
        }),
    }
}

/// Builds the site on demand: the fast HTML pass on the calling thread, the PDF pass handed to the
/// PDF worker.
struct Builder {
    root: PathBuf,
    html_out: PathBuf,
    full_out: PathBuf,
    pdf: bool,
    hub: Arc<Hub>,
    /// One HTML pass at a time (the watcher thread and the first build).
    html_lock: Mutex<()>,
    /// The content the PDF worker should build next: (generation, site).
    pdf_wanted: Mutex<Option<(u64, Site)>>,
    pdf_signal: Condvar,
}

impl Builder {
    fn new(root: &Path, tmp: &Path, pdf: bool, hub: Arc<Hub>) -> Builder {
        Builder {
            root: root.to_path_buf(),
            // Separate parents: each build locks its output's parent folder.
            html_out: tmp.join("html").join("out"),
            full_out: tmp.join("full").join("out"),
            pdf,
            hub,
            html_lock: Mutex::new(()),
            pdf_wanted: Mutex::new(None),
            pdf_signal: Condvar::new(),
        }
    }

    /// Loads and checks the site; when it has no error, renders the HTML and asks for the PDFs.
    /// `changed`: when the change was seen (the time printed is from there).
    fn rebuild(&self, changed: Instant) {
        let _one = self.html_lock.lock().unwrap_or_else(|e| e.into_inner());
        let how = pipeline::Load {
            hold: true,
            keep: 0,
            outputs: Some(self.pdf),
        };
        let site = match Site::load_with(&self.root, how) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("错误：{e}");
                self.hub.set_problems(Vec::new(), vec![e.to_string()]);
                return;
            }
        };
        let problems = state::problems(&site);
        print_problems(&site);
        if site.has_errors() {
            eprintln!("内容有错误：页面保持上次的结果（content errors: the last good page stays）");
            self.hub.set_problems(problems, Vec::new());
            return;
        }
        let opts = BuildOptions {
            xlsx: false,
            pdf: false,
            // The preview has no search index (it would be rebuilt on every save).
            search: false,
            progress: false,
        };
        match pipeline::build(&site, &self.html_out, &opts) {
            Ok(()) => {
                let generation = self.hub.published(&self.html_out, problems);
                eprintln!(
                    "已更新 {} 份报告（{} ms；updated）",
                    site.facts.len(),
                    changed.elapsed().as_millis()
                );
                if self.pdf {
                    *self.pdf_wanted.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some((generation, site));
                    self.pdf_signal.notify_one();
                }
            }
            Err(e) => {
                eprintln!("错误：{e}");
                self.hub.set_problems(problems, vec![e.to_string()]);
            }
        }
    }

    /// Builds the PDFs of the newest good content, one pass at a time, forever; a pass whose content
    /// is still the served one replaces the served folder by the full build (HTML with PDF links).
    fn pdf_worker(&self) {
        loop {
            let (generation, site) = {
                let mut wanted = self.pdf_wanted.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(w) = wanted.take() {
                        break w;
                    }
                    wanted = self
                        .pdf_signal
                        .wait(wanted)
                        .unwrap_or_else(|e| e.into_inner());
                }
            };
            let started = Instant::now();
            let opts = BuildOptions {
                xlsx: false,
                pdf: true,
                search: false,
                progress: false,
            };
            match pipeline::build(&site, &self.full_out, &opts) {
                Ok(()) => {
                    if self.hub.pdf_ready(generation, &self.full_out) {
                        eprintln!("PDF 已更新（{} ms）", started.elapsed().as_millis());
                    }
                }
                Err(e) => {
                    eprintln!("PDF 未能生成（the PDFs could not be made）：{e}");
                    self.hub.pdf_failed(generation, e.to_string());
                }
            }
        }
    }
}

/// Every error and warning in the terminal, as `check` shows them.
fn print_problems(site: &Site) {
    let mut out = String::new();
    for p in &site.errors {
        out.push_str(&p.rendered);
        out.push('\n');
    }
    for p in site.findings() {
        if p.severity != Severity::Info {
            out.push_str(&p.rendered);
            out.push('\n');
        }
    }
    if !out.is_empty() {
        crate::cmd::print_stderr(&out);
    }
}

fn open_browser(url: &str) {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(cmd)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("无法打开浏览器（cannot open a browser）：请手动访问 {url}");
    }
}

/// Removes the temporary folders of `jixiao serve` processes that no longer run (a server ended by
/// Ctrl+C has no chance to remove its own). Only where the process table is a folder (`/proc`).
fn remove_stale_temp_dirs() {
    if !Path::new("/proc/self").is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("jixiao-serve-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
