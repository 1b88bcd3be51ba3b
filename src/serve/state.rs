//! What the server knows and tells the browsers: which folder it serves, its version, and the
//! problems of the last load.

use crate::diag::Severity;
use crate::pipeline::Site;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// One error or warning as the overlay shows it (the browser escapes every field: it is content).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusProblem {
    pub source: String,
    pub line: usize,
    pub column: usize,
    /// `error` or `warning`.
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// What each server-sent event carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Bumped each time the served output changes: a page of an older version reloads.
    pub version: u64,
    /// Every error and warning of the last load, in file order.
    pub problems: Vec<StatusProblem>,
    /// Trouble that is not at a place in a file (a build or PDF failure, an unreadable site).
    pub notes: Vec<String>,
    /// Whether the PDFs of the served version are being made.
    pub pdf_pending: bool,
}

struct Inner {
    status: Status,
    /// The output folder served.
    serving: PathBuf,
    /// Generation of the content served (bumped by each HTML pass).
    generation: u64,
    /// Bumped on every change of `status`, for the waiting event streams.
    seq: u64,
}

/// The shared state, with a condition variable the event streams wait on.
pub struct Hub {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl Hub {
    pub fn new(serving: PathBuf) -> Hub {
        Hub {
            inner: Mutex::new(Inner {
                status: Status::default(),
                serving,
                generation: 0,
                seq: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn update(&self, f: impl FnOnce(&mut Inner)) {
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut g);
        g.seq += 1;
        self.changed.notify_all();
    }

    /// A load that did not build: the page stays, the problems change.
    pub(crate) fn set_problems(&self, problems: Vec<StatusProblem>, notes: Vec<String>) {
        self.update(|g| {
            g.status.problems = problems;
            g.status.notes = notes;
        });
    }

    /// A new HTML pass is in `dir`: serve it; returns its generation (for the PDF pass).
    pub fn published(&self, dir: &Path, problems: Vec<StatusProblem>) -> u64 {
        let mut generation = 0;
        self.update(|g| {
            g.generation += 1;
            generation = g.generation;
            g.serving = dir.to_path_buf();
            g.status.version += 1;
            g.status.problems = problems;
            g.status.notes = Vec::new();
            g.status.pdf_pending = true;
        });
        generation
    }

    /// The full build (with PDFs) of `generation` is in `dir`: serve it if that content is still
    /// the newest. Returns whether it was.
    pub(crate) fn pdf_ready(&self, generation: u64, dir: &Path) -> bool {
        let mut current = false;
        self.update(|g| {
            if g.generation == generation {
                current = true;
                g.serving = dir.to_path_buf();
                g.status.version += 1;
                g.status.pdf_pending = false;
            }
        });
        current
    }

    /// The PDF pass of `generation` failed: say so (the HTML stays served).
    pub(crate) fn pdf_failed(&self, generation: u64, why: String) {
        self.update(|g| {
            if g.generation == generation {
                g.status.pdf_pending = false;
                g.status.notes.push(format!("PDF：{why}"));
            }
        });
    }

    /// The folder served now.
    pub(crate) fn serving(&self) -> PathBuf {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .serving
            .clone()
    }

    /// The status now, with its sequence number.
    pub fn status(&self) -> (u64, Status) {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (g.seq, g.status.clone())
    }

    /// Waits (at most `timeout`) for a status newer than `seq`; `None` on time-out.
    pub(crate) fn wait_newer(&self, seq: u64, timeout: Duration) -> Option<(u64, Status)> {
        let g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (g, _) = self
            .changed
            .wait_timeout_while(g, timeout, |g| g.seq <= seq)
            .unwrap_or_else(|e| e.into_inner());
        (g.seq > seq).then(|| (g.seq, g.status.clone()))
    }
}

/// Every error and warning of `site` (files not processed, then each report's findings), in order.
pub fn problems(site: &Site) -> Vec<StatusProblem> {
    let all = site.errors.iter().chain(site.findings());
    let mut out: Vec<StatusProblem> = all
        .filter_map(|p| {
            let severity = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => return None,
            };
            Some(StatusProblem {
                source: p.source.clone(),
                line: p.line,
                column: p.column,
                severity,
                code: p.code,
                message: p.message.clone(),
                hint: p.hint.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.source, a.line, a.column).cmp(&(&b.source, b.line, b.column)));
    out
}
