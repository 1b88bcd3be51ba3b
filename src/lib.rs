//! jixiao (绩效): budget performance self-evaluations (预算绩效自评) written as Markdown with YAML
//! front-matter, validated, scored exactly under the official rules, and published as a static HTML
//! site and a Typst PDF per report.
//!
//! The crate is one pipeline, one module per stage, data flowing one way ([`pipeline`] strings them
//! together; `docs/architecture.md` says where to add a rule, a system or an output):
//!
//! ```text
//! content/**/*.md ─load─▶ Source ─model─▶ ReadReport ─score─▶ Scored ─expand─▶ Entry ─▶ Facts   pipeline::Site::load_with
//! Site ─render_all: entries and views a batch at a time─▶ Renderer (html, pdf, …) ─▶ write::Stage ─▶ build/    pipeline::build
//! ```
//!
//! - [`load`]: walk `content/` (sorted), decode, split the front-matter, parse YAML with spans.
//! - [`model`]: typed reports and the site's config and indicator systems; every problem collected.
//! - [`score`]: pure and exact (rust_decimal): every score with its formula and its findings.
//! - [`narrative`]: the Markdown narrative — parsed once, its placeholders, links and limits.
//! - [`render`]: views a batch at a time, listings for the site's pages; the renderers for HTML, PDF and the data outputs.
//! - [`write`]: the staged, locked, atomic output folder.
//! - [`diag`] (problems placed at file:line:column), [`number`] (reading figures as forms write
//!   them), [`cmd`] (the command line, one file per subcommand), [`serve`] (the live preview).

pub mod author;
pub mod calendar;
pub mod cmd;
pub mod diag;
pub mod import;
pub mod load;
pub mod model;
pub mod narrative;
pub mod number;
pub mod pipeline;
pub mod render;
pub mod score;
pub mod serve;
pub mod write;
