//! Narrative Markdown to HTML (see `harness_render::markdown_html`).
#![no_main]

#[path = "../harness_render.rs"]
mod harness_render;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness_render::markdown_html(data));
