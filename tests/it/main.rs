//! The integration tests, one binary: `cargo test --test it`, or one part of it with a filter,
//! `cargo test --test it html_site::` (and `-- --list` to see them all).
//!
//! The helpers all the parts share are in `support/`; the data they read stays beside this folder:
//! `tests/broken/` (the corpus of broken reports), `tests/hostile/` (hostile input),
//! `tests/fuzz_regressions/` (inputs the fuzz targets crashed on), `tests/typst/` (typst documents
//! that check what the theme assumes); insta's snapshots are in `tests/it/snapshots/`
//! (`it__<module>__<name>.snap`).
//!
//! The browser and PDF tests need Chromium, poppler-utils and the pinned typst and fonts
//! (`scripts/install-tools.sh --test-deps`): without them they are skipped, except in CI
//! (`CI=true`), where a missing tool fails them.

mod support;

mod archival;
mod authoring;
mod batches;
mod broken_corpus;
mod browser;
#[cfg(unix)]
mod build_cache;
#[cfg(unix)]
mod build_record;
mod excel;
mod excel_national;
mod fuzz_regressions;
mod fuzz_regressions_render;
mod fuzz_regressions_site;
mod hardening;
mod hostile_browser;
mod hostile_content;
mod hostile_html;
mod hostile_pdf;
mod html_site;
#[cfg(unix)]
mod interrupt;
mod national;
mod open_data;
mod parser_properties;
mod pdf_build;
#[cfg(unix)]
mod pdf_bundle;
mod pdf_dump;
mod pdf_row_bound;
mod pdf_site;
mod project_links;
mod review_browser;
mod search_browser;
mod seeds;
mod serve;
mod shards;
mod site_systems;
mod tables_browser;
