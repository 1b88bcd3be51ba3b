//! The typed report (绩效自评报告) read from a front-matter tree, with every problem collected.
//!
//! `model` turns the spanned YAML tree of [`crate::load::yaml`] into a [`Report`]. It never stops at the
//! first problem: unknown fields (with "did you mean"), wrong types, missing fields and unparsable
//! figures are all collected as [`Diagnostic`]s pointing at the value.

pub mod config;
pub mod entry;
mod flow;
mod indicators;
pub mod labels;
mod misplaced;
mod names;
pub mod national;
pub mod reader;
pub mod report;
pub mod system;
pub mod types;

pub use reader::{Fields, Reader, number_error, suggest, type_error};
pub use report::{YEARS, read_report, valid_date};
pub use types::*;

#[cfg(test)]
mod tests;
