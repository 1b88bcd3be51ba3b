//! The characters the pinned fonts draw, as a table compiled into jixiao (`tools/font-coverage.txt`),
//! so that `jixiao check` refuses a character the PDF cannot print (an emoji, a rare ideograph) at its
//! place without the fonts being installed — the same refusal `build` makes from the fonts
//! themselves ([`super::fonts::uncovered`]). The table is made from the pinned fonts and checked
//! against them by a test; `JIXIAO_UPDATE_COVERAGE=1 cargo test coverage` rewrites it after a pin
//! changes (`tools/versions`).

use super::fonts::{FontError, for_each_face, needs_glyph};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::OnceLock;

/// The table's text: a header line `# fonts: <FONTS_DIR>`, then one `XXXX-YYYY` (hex, inclusive)
/// range of code points per line.
pub(crate) const TABLE: &str = include_str!("../../../tools/font-coverage.txt");

/// Sorted, disjoint, inclusive code point ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Coverage {
    ranges: Vec<(u32, u32)>,
    /// The ranges below U+10000 as one bit per character (8 KiB): `check` looks up every character
    /// of every report, nearly all of them in this plane.
    bmp: Vec<u64>,
}

impl Coverage {
    /// The pinned fonts' coverage, parsed once from [`TABLE`].
    pub fn pinned() -> &'static Coverage {
        static PINNED: OnceLock<Coverage> = OnceLock::new();
        PINNED.get_or_init(|| Coverage::parse(TABLE))
    }

    /// Reads the table format (lines that are not ranges are skipped).
    pub fn parse(text: &str) -> Coverage {
        let ranges = text
            .lines()
            .filter_map(|l| {
                let (a, b) = l.trim().split_once('-')?;
                Some((
                    u32::from_str_radix(a, 16).ok()?,
                    u32::from_str_radix(b, 16).ok()?,
                ))
            })
            .collect();
        Coverage::of_ranges(ranges)
    }

    fn of_ranges(ranges: Vec<(u32, u32)>) -> Coverage {
        let mut bmp = vec![0u64; 0x10000 / 64];
        for &(start, end) in &ranges {
            for cp in start..=end.min(0xFFFF) {
                bmp[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        Coverage { ranges, bmp }
    }

    /// Whether a character prints: it needs no glyph (space, control, joiner) or a font has it.
    pub fn prints(&self, c: char) -> bool {
        if !needs_glyph(c) {
            return true;
        }
        let cp = c as u32;
        match self.bmp.get(cp as usize / 64) {
            Some(word) => word & (1 << (cp % 64)) != 0,
            None => self.in_ranges(cp),
        }
    }

    /// Whether a range holds `cp` (a binary search).
    fn in_ranges(&self, cp: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, end)| end < cp);
        self.ranges.get(i).is_some_and(|&(start, _)| start <= cp)
    }

    /// The union of the cmaps of every face of every font below `dir` (the test that keeps the
    /// compiled-in table equal to the fonts).
    #[cfg(test)]
    pub(crate) fn of_fonts(dir: &Path) -> Result<Coverage, FontError> {
        let mut cps: Vec<u32> = Vec::new();
        for_each_face(dir, |face| {
            cps.extend(drawn(face));
            ControlFlow::Continue(())
        })?;
        cps.sort_unstable();
        cps.dedup();
        Ok(Coverage::of_code_points(&cps))
    }

    /// What every face of every font below `dir` draws (the characters the font subsets have in
    /// common, [`super::fonts::subset_chars`]).
    pub(crate) fn common_to_fonts(dir: &Path) -> Result<Coverage, FontError> {
        let mut common: Option<Vec<u32>> = None;
        for_each_face(dir, |face| {
            let cps = drawn(face);
            common = Some(match common.take() {
                None => cps,
                Some(mut c) => {
                    c.retain(|cp| cps.binary_search(cp).is_ok());
                    c
                }
            });
            ControlFlow::Continue(())
        })?;
        Ok(Coverage::of_code_points(&common.unwrap_or_default()))
    }

    /// The coverage of sorted, distinct code points.
    fn of_code_points(cps: &[u32]) -> Coverage {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &cp in cps {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == cp => *end = cp,
                _ => ranges.push((cp, cp)),
            }
        }
        Coverage::of_ranges(ranges)
    }

    /// The table format, with the font folder it was made from.
    #[cfg(test)]
    pub(crate) fn to_table(&self, fonts_dir_name: &str) -> String {
        let mut out = format!(
            "# Code points the pinned fonts draw (made from {fonts_dir_name}; see src/render/pdf/coverage.rs)\n"
        );
        for (a, b) in &self.ranges {
            out.push_str(&format!("{a:04X}-{b:04X}\n"));
        }
        out
    }
}

/// The code points a face draws: those of its Unicode cmaps with a glyph other than .notdef,
/// sorted, once each.
fn drawn(face: &ttf_parser::Face<'_>) -> Vec<u32> {
    let mut cps: Vec<u32> = Vec::new();
    for sub in face.tables().cmap.iter().flat_map(|c| c.subtables) {
        if sub.is_unicode() {
            sub.codepoints(|cp| {
                if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                    cps.push(cp);
                }
            });
        }
    }
    cps.sort_unstable();
    cps.dedup();
    cps
}

#[cfg(test)]
mod bits {
    /// The bits say what the ranges say, for every character of the plane they cover and past it.
    #[test]
    fn the_bmp_bits_agree_with_the_ranges() {
        let c = super::Coverage::pinned();
        let mut printed = 0;
        for cp in 0..0x1_1000u32 {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            if super::needs_glyph(ch) {
                assert_eq!(c.prints(ch), c.in_ranges(cp), "U+{cp:04X}");
                printed += usize::from(c.prints(ch));
            }
        }
        // The pinned CJK fonts print tens of thousands of characters of the plane.
        assert!(printed > 30_000, "{printed}");
    }
}
