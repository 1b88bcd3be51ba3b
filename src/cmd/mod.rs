//! The subcommands, one file each.

pub mod build;
pub mod check;
