//! Font coverage (字形覆盖): typst 0.15 draws a character that no available font has as an empty
//! box without any warning. jixiao therefore checks, before compiling, that every character going into
//! a PDF is in the cmap of one of the pinned fonts, and refuses to make a PDF with a tofu box.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Characters that are never drawn as a glyph of their own: whitespace, controls and the
/// default-ignorable format characters (zero-width space/joiners, variation selectors, BOM, soft hyphen).
pub(crate) fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{034F}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E0FFF}'))
}

/// The font files below `dir` (`.ttf`, `.otf`, `.ttc`, `.otc`), sorted.
pub(crate) fn font_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                matches!(
                    x.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            })
        })
        .collect();
    out.sort();
    out
}

/// The font folder cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("{} 中没有字体文件（no font files）", .0.display())]
    NoFonts(PathBuf),
    #[error("无法读取字体 {}：{source}（cannot read a font）", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Calls `f` with every face of every font below `dir` (each face of a collection), in file order,
/// until it says to stop. No font file at all is an error.
pub(crate) fn for_each_face(
    dir: &Path,
    mut f: impl FnMut(&ttf_parser::Face<'_>) -> ControlFlow<()>,
) -> Result<(), FontError> {
    let files = font_files(dir);
    if files.is_empty() {
        return Err(FontError::NoFonts(dir.to_path_buf()));
    }
    for path in files {
        let data = std::fs::read(&path).map_err(|source| FontError::Read {
            path: path.clone(),
            source,
        })?;
        let n = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        for i in 0..n {
            let Ok(face) = ttf_parser::Face::parse(&data, i) else {
                continue;
            };
            if f(&face).is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The characters of `chars` that no face of any font in `dir` has a glyph for.
pub(crate) fn uncovered(dir: &Path, chars: &BTreeSet<char>) -> Result<BTreeSet<char>, FontError> {
    let mut left: BTreeSet<char> = chars.iter().copied().filter(|c| needs_glyph(*c)).collect();
    if left.is_empty() {
        // Still an error when there are no fonts at all.
        return if font_files(dir).is_empty() {
            Err(FontError::NoFonts(dir.to_path_buf()))
        } else {
            Ok(left)
        };
    }
    for_each_face(dir, |face| {
        left.retain(|c| face.glyph_index(*c).is_none());
        if left.is_empty() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    Ok(left)
}

#[cfg(test)]
mod tests;
