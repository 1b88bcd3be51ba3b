//! Markdown inputs a fuzz target crashed on, replayed (see `tests/fuzz_regressions.rs`).

#[path = "../fuzz/harness_render.rs"]
mod harness_render;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in &paths {
        let data = std::fs::read(p).unwrap();
        assert!(
            std::panic::catch_unwind(|| run(&data)).is_ok(),
            "{} still fails",
            p.display()
        );
    }
    paths.len()
}

#[test]
fn markdown_html_crashes_stay_fixed() {
    replay("markdown_html", harness_render::markdown_html);
}

#[test]
fn markdown_blocks_crashes_stay_fixed() {
    assert!(replay("markdown_blocks", harness_render::markdown_blocks) >= 1);
}
