//! The narrative (报告正文): Markdown read once into a block tree, its placeholders, its links and
//! images, and its limits.

pub mod assets;
pub mod blocks;
pub mod limits;
pub mod placeholders;
