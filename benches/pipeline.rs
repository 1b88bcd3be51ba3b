//! Pipeline benchmark: prints figures, asserts nothing about speed.
//!
//! `cargo bench --bench pipeline` — builds synthetic sites from the sample content (the five seeds
//! copied N times under distinct units) and measures `Site::load` (read + validate + score) and the
//! HTML build, with the memory the loaded site holds (resident after `Site::load`) and the peak of
//! the build on top of it (the peak is started over after the load, `/proc/self/clear_refs`). The
//! sites are built one after the other, smallest first, each in a fresh process state as far as the
//! allocator allows: read the figures of one size, not their differences.

mod common;

use common::{peak_rss_kib, reset_peak, rss_kib};
use jixiao::pipeline::Site;
use jixiao::pipeline::{BuildOptions, build};
use std::path::Path;
use std::time::Instant;

/// Copies the seeds, each report under a unit name of its own (`unit: …（copy012）`): copies of
/// one report would all be duplicate-report findings of each other, which a real site does not have.
fn copy_dir(from: &Path, to: &Path, copy: &str) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dst = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else if rel.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let own: Vec<String> = text
                .lines()
                .map(|l| match l.starts_with("unit: ") {
                    true => format!("{l}（{copy}）"),
                    false => l.to_string(),
                })
                .collect();
            std::fs::write(&dst, own.join("\n") + "\n").unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = repo.join("content");
    println!(
        "{:>8} {:>12} {:>14} {:>12} {:>16}",
        "reports", "load+score", "RSS after load", "html build", "peak RSS in build"
    );
    let sizes: Vec<usize> = std::env::var("BENCH_COPIES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 20, 100, 200]);
    for copies in sizes {
        let dir = tempfile::tempdir().unwrap();
        let site_dir = dir.path().join("site");
        for i in 0..copies {
            let copy = format!("copy{i:03}");
            copy_dir(&seeds, &site_dir.join("content").join(&copy), &copy);
        }
        let t = Instant::now();
        let site = Site::load(&site_dir).expect("load");
        let load = t.elapsed();
        let loaded = rss_kib();
        reset_peak();
        let t = Instant::now();
        build(
            &site,
            &site_dir.join("build"),
            &BuildOptions {
                pdf: false,
                xlsx: false,
                search: false,
                progress: false,
            },
        )
        .expect("build");
        let html = t.elapsed();
        println!(
            "{:>8} {:>10.1}ms {:>10} KiB {:>10.1}ms {:>12} KiB",
            site.entries.len(),
            load.as_secs_f64() * 1e3,
            loaded,
            html.as_secs_f64() * 1e3,
            peak_rss_kib()
        );
    }
}
