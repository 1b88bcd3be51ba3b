//! Font coverage (字形覆盖): typst 0.15 draws a character that no available font has as an empty
//! box without any warning. jixiao therefore checks, before compiling, that every character going into
//! a PDF is in the cmap of one of the pinned fonts, and refuses to make a PDF with a tofu box.

use super::coverage::Coverage;
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

/// The folder of the font folder that holds the subsets of its faces (`scripts/subset-fonts.py`).
pub(crate) const SUBSET_DIR: &str = "subset";

/// The faces a typst run is given (字体范围).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Faces {
    /// The whole font folder: the full faces and their subsets (the theme names the subset of a
    /// family first, the full face after it).
    All,
    /// Only the subsets, and the theme told so (`--input jixiao-fonts=subset`): for reports whose
    /// every character each subset has. typst then neither scans the full faces' files (0.19 s a
    /// process) nor could read one; the text is set in the same subset faces as with [`Faces::All`],
    /// so the PDF is the same (`tests/it/pdf_build.rs`).
    Subsets,
    /// A font folder without subsets (`JIXIAO_FONTS` naming a folder of its own): the whole folder,
    /// and the theme told to name the full faces only (`--input jixiao-fonts=full`), since typst
    /// warns of a family it does not have.
    Full,
}

/// The characters that every face of the subsets in `dir/subset` draws, read once per folder and
/// process; `None` when there are no subsets (a font folder of a site's own) or they cannot be read.
pub(crate) fn subset_chars(dir: &Path) -> Option<std::sync::Arc<Coverage>> {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};
    type Read = BTreeMap<PathBuf, Option<Arc<Coverage>>>;
    static READ: Mutex<Read> = Mutex::new(BTreeMap::new());
    let mut read = READ.lock().unwrap_or_else(|p| p.into_inner());
    read.entry(dir.to_path_buf())
        .or_insert_with(|| {
            let subsets = dir.join(SUBSET_DIR);
            subsets
                .is_dir()
                .then(|| Coverage::common_to_fonts(&subsets).ok().map(Arc::new))
                .flatten()
        })
        .clone()
}

/// The faces for a typst run of `texts` (the template's files and the reports' data, as they are
/// written for typst): the subsets when the theme is the built-in one (`builtin`: it reads
/// `jixiao-fonts`) and each subset has every character of them that is drawn; the full faces alone
/// when the folder has no subsets; else all.
pub(crate) fn faces_for<'a>(
    fonts: &Path,
    builtin: bool,
    texts: impl IntoIterator<Item = &'a [u8]>,
) -> Faces {
    let Some(common) = subset_chars(fonts) else {
        return Faces::Full;
    };
    if !builtin {
        return Faces::All;
    }
    let covered = |t: &[u8]| String::from_utf8_lossy(t).chars().all(|c| common.prints(c));
    if texts.into_iter().all(covered) {
        Faces::Subsets
    } else {
        Faces::All
    }
}

#[cfg(test)]
mod tests;
