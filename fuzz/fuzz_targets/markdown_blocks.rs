//! Narrative Markdown to the Typst block tree (see `harness_render::markdown_blocks`).
#![no_main]

#[path = "../harness_render.rs"]
mod harness_render;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness_render::markdown_blocks(data));
