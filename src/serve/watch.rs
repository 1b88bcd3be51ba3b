//! Watching the site's files: one notify watcher on the site folder, its events filtered (the
//! output folder, hidden files, editor backups) and debounced (an editor saves in several writes).

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Quiet time after the last event before a rebuild starts.
const QUIET: Duration = Duration::from_millis(80);
/// Longest wait for quiet: a file written continuously still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(800);

/// Starts watching `root`; each relevant change sends `()` on `tx`. Keep the watcher alive.
pub fn start(root: &Path, tx: Sender<()>) -> notify::Result<notify::RecommendedWatcher> {
    let root_owned = root.to_path_buf();
    let mut w = notify::recommended_watcher(move |res: notify::Result<Event>| {
        if let Ok(ev) = res
            && relevant(&root_owned, &ev)
        {
            let _ = tx.send(());
        }
    })?;
    w.watch(root, RecursiveMode::Recursive)?;
    Ok(w)
}

/// Whether an event may change the site: a write, creation, removal or rename of a file that is
/// not the default output folder's, nor hidden, nor an editor's swap or backup file.
fn relevant(root: &Path, ev: &Event) -> bool {
    if matches!(ev.kind, EventKind::Access(_)) {
        return false;
    }
    ev.paths.iter().any(|p| watched(root, p))
}

/// Whether a changed path is part of the site's sources.
pub(crate) fn watched(root: &Path, path: &Path) -> bool {
    let rel: PathBuf = match path.strip_prefix(root) {
        Ok(r) => r.to_path_buf(),
        Err(_) => return false,
    };
    let mut comps = rel.components().peekable();
    if let Some(Component::Normal(first)) = comps.peek()
        && *first == "build"
    {
        return false;
    }
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return false;
        };
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with('#') {
            return false;
        }
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913")
}

/// Turns a stream of change signals into one signal per burst (the time of its first event): after
/// [`QUIET`] without events, or [`MAX_WAIT`] after the first. Ends when the sender is gone.
pub(crate) fn debounced(rx: Receiver<()>) -> impl Iterator<Item = Instant> {
    std::iter::from_fn(move || {
        rx.recv().ok()?;
        let first = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(first.elapsed());
            if left.is_zero() {
                return Some(first);
            }
            match rx.recv_timeout(QUIET.min(left)) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return Some(first);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_watched_and_outputs_backups_hidden_files_are_not() {
        let root = Path::new("/site");
        for yes in [
            "content/unit/2023-report.md",
            "jixiao.yaml",
            "systems/x.yaml",
            "templates/report.html",
        ] {
            assert!(watched(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "build/index.html",
            ".git/index",
            "content/.report.md.swp",
            "content/report.md~",
            "content/#report.md#",
            "content/4913",
            ".build.staging-1/x",
        ] {
            assert!(!watched(root, &root.join(no)), "{no}");
        }
        assert!(!watched(root, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn a_burst_of_events_is_one_rebuild() {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..5 {
            tx.send(()).unwrap();
        }
        drop(tx);
        let n = debounced(rx).count();
        assert_eq!(n, 1);
    }
}
