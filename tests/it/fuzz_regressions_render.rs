//! Markdown inputs a fuzz target crashed on, replayed through the checks of `fuzz/harness_render.rs`
//! (see `fuzz_regressions.rs`).

#[path = "../../fuzz/harness_render.rs"]
mod harness_render;

use crate::support::replay;

#[test]
fn markdown_html_crashes_stay_fixed() {
    replay("markdown_html", harness_render::markdown_html);
}

#[test]
fn markdown_blocks_crashes_stay_fixed() {
    assert!(replay("markdown_blocks", harness_render::markdown_blocks) >= 1);
}
