//! The narrative as a block tree (块结构): what the Markdown says, read once ([`super::read`]), and
//! what both renderers draw — the HTML renderer (`render::html::narrative`) and the Typst template,
//! which gets the tree as JSON ([`super::json`]) and lays it out with its own functions, placing every
//! string as text (so `#set page(..)`, `$`, `@x`, `<y>`, `]` or `\` in a report come out literally).
//!
//! Raw HTML is kept as literal text (an HTML block as a [`Block::Code`] marked `html`). Every link and
//! image carries its [`Target`], resolved when the report was read. A soft line break between two
//! CJK characters disappears (Chinese has no spaces, see [`super::markdown::joins_across_line_break`]);
//! anywhere else it stays as [`Inline::Soft`]: a newline in HTML, a space in the PDF.

use super::assets::Target;
use super::markdown::joins_across_line_break;
use std::path::Path;

pub use super::json::strings;

/// A block of the narrative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// 段落 (in a tight list, an item's text: no paragraph of its own in HTML).
    Par { c: Vec<Inline> },
    /// 标题, level 1–6 as written (`#` … `######`).
    Heading { level: u8, c: Vec<Inline> },
    /// 列表: each item is a list of blocks. `tight`: no blank lines between the items.
    List {
        ordered: bool,
        start: u64,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    /// 表格: the alignment of each column (`none`, `left`, `center`, `right`), header rows and body
    /// rows of cells, each cell a list of inlines.
    Table {
        align: Vec<&'static str>,
        header: Vec<Vec<Vec<Inline>>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// 引用.
    Quote { c: Vec<Block> },
    /// 代码块, text as written (with its last line break); `lang` from the fence's info string. Also
    /// a raw HTML block (`html`), shown as text.
    Code {
        text: String,
        lang: Option<String>,
        html: bool,
        src: Src,
    },
    /// 分隔线.
    Rule,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Text (inline raw HTML too, as written).
    Text {
        s: String,
        src: Src,
    },
    Strong {
        c: Vec<Inline>,
    },
    Emph {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    Code {
        s: String,
        src: Src,
    },
    /// A link: where it goes, its title, its text.
    Link {
        target: Target,
        title: String,
        c: Vec<Inline>,
    },
    /// An image: where it is, its title, its description (the alt text, and what the PDF shows).
    Image {
        target: Target,
        title: String,
        c: Vec<Inline>,
    },
    /// 脚注 reference: the footnote's number (1-based, in order of first reference); `first` on the
    /// first reference, where the PDF typesets the footnote text (later ones refer back to it).
    Fnref {
        n: usize,
        first: bool,
    },
    /// Hard line break.
    Br,
    /// A soft line break that stays a space (not between two CJK characters). While the narrative is
    /// being read every soft break is one; [`finish`] removes those between CJK characters.
    Soft,
}

impl Inline {
    /// A text with no place in the source.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text {
            s: s.into(),
            src: Src::default(),
        }
    }
}

/// A footnote definition with its number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Footnote {
    pub n: usize,
    pub label: String,
    /// Whether the text refers to it (else it is printed after the narrative).
    pub referenced: bool,
    pub c: Vec<Block>,
}

/// The narrative as a tree: blocks plus footnotes (numbered in order of first reference; footnotes that
/// are never referenced come last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
}

/// Where the pieces of a string of the tree were written in the narrative, while it is being read:
/// `(byte in the string, byte in the narrative, length)` for each piece copied verbatim, so that
/// placeholders (`{{ total }}`) can be replaced in place. Empty in a finished tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Src(pub(crate) Vec<(usize, usize, usize)>);

impl Src {
    /// A string copied verbatim from byte `at` of the narrative.
    pub(crate) fn at(at: usize, len: usize) -> Src {
        Src(vec![(0, at, len)])
    }

    /// Appends the pieces of `other`, which follows a string of `len` bytes.
    pub(crate) fn append(&mut self, other: Src, len: usize) {
        for (at, src, n) in other.0 {
            match self.0.last_mut() {
                Some(last) if last.0 + last.2 == len + at && last.1 + last.2 == src => last.2 += n,
                _ => self.0.push((len + at, src, n)),
            }
        }
    }
}

impl Narrative {
    /// Every file the narrative links to or shows, with the path it has in the output, in order.
    pub fn files(&self) -> Vec<(&str, &Path)> {
        let mut out = Vec::new();
        self.each_inline(&mut |i| {
            if let Inline::Link { target, .. } | Inline::Image { target, .. } = i
                && let Target::File { source, output, .. } = target
            {
                out.push((output.as_str(), source.as_path()));
            }
        });
        out
    }

    /// Calls `f` on every inline of the tree, outer before inner, in document order, footnotes last.
    pub(crate) fn each_inline<'a>(&'a self, f: &mut dyn FnMut(&'a Inline)) {
        fn inlines<'a>(is: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
            for i in is {
                f(i);
                if let Inline::Strong { c }
                | Inline::Emph { c }
                | Inline::Strike { c }
                | Inline::Link { c, .. }
                | Inline::Image { c, .. } = i
                {
                    inlines(c, f);
                }
            }
        }
        fn blocks<'a>(bs: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
            for b in bs {
                match b {
                    Block::Par { c } | Block::Heading { c, .. } => inlines(c, f),
                    Block::List { items, .. } => items.iter().for_each(|i| blocks(i, f)),
                    Block::Table { header, rows, .. } => header
                        .iter()
                        .chain(rows)
                        .flatten()
                        .for_each(|cell| inlines(cell, f)),
                    Block::Quote { c } => blocks(c, f),
                    Block::Code { .. } | Block::Rule => {}
                }
            }
        }
        blocks(&self.blocks, f);
        for n in &self.footnotes {
            blocks(&n.c, f);
        }
    }

    /// Calls `f` on every inline list of the tree that is a paragraph, heading or table cell (the
    /// lists that [`finish`] works on), and on every code block's text.
    pub(crate) fn each_part_mut(&mut self, f: &mut dyn FnMut(Part<'_>)) {
        fn blocks(bs: &mut [Block], f: &mut dyn FnMut(Part<'_>)) {
            for b in bs {
                match b {
                    Block::Par { c } | Block::Heading { c, .. } => f(Part::Inlines(c)),
                    Block::List { items, .. } => items.iter_mut().for_each(|i| blocks(i, f)),
                    Block::Table { header, rows, .. } => header
                        .iter_mut()
                        .chain(rows.iter_mut())
                        .flatten()
                        .for_each(|cell| f(Part::Inlines(cell))),
                    Block::Quote { c } => blocks(c, f),
                    Block::Code { text, src, .. } => f(Part::Code(text, src)),
                    Block::Rule => {}
                }
            }
        }
        blocks(&mut self.blocks, f);
        for n in &mut self.footnotes {
            blocks(&mut n.c, f);
        }
    }
}

/// A part of the tree that holds text (see [`Narrative::each_part_mut`]).
pub(crate) enum Part<'a> {
    Inlines(&'a mut Vec<Inline>),
    Code(&'a mut String, &'a mut Src),
}

/// Finishes a tree that has been read (and its placeholders replaced): a soft break between two CJK
/// characters disappears, any other stays; adjacent texts are merged, empty ones dropped; the source
/// places are forgotten.
pub fn finish(n: &mut Narrative) {
    n.each_part_mut(&mut |part| match part {
        Part::Inlines(c) => finish_inlines(c),
        Part::Code(_, src) => src.0.clear(),
    });
}

fn finish_inlines(c: &mut Vec<Inline>) {
    // The first and last character of each leaf in document order, soft breaks marked.
    let mut leaves: Vec<Leaf> = Vec::new();
    collect_leaves(c, &mut leaves);
    let mut keep = Vec::new();
    for (i, l) in leaves.iter().enumerate() {
        if let Leaf::Soft = l {
            let before = leaves[..i].iter().rev().find_map(Leaf::last);
            let after = leaves[i + 1..].iter().find_map(Leaf::first);
            keep.push(match (before, after) {
                (Some(Some(a)), Some(Some(b))) => !joins_across_line_break(a, b),
                // At the start or end of the paragraph, or next to a hard break: nothing.
                _ => false,
            });
        }
    }
    apply_softs(c, &mut keep.into_iter());
}

enum Leaf {
    /// First and last char of a text leaf (None for an empty text).
    Chars(Option<char>, Option<char>),
    Soft,
    /// A hard break: no char on either side.
    Break,
}

impl Leaf {
    /// The char this leaf ends with, `Some(None)` for a break (stop looking), `None` to look further.
    fn last(&self) -> Option<Option<char>> {
        match self {
            Leaf::Chars(_, Some(l)) => Some(Some(*l)),
            Leaf::Break => Some(None),
            _ => None,
        }
    }
    fn first(&self) -> Option<Option<char>> {
        match self {
            Leaf::Chars(Some(f), _) => Some(Some(*f)),
            Leaf::Break => Some(None),
            _ => None,
        }
    }
}

fn collect_leaves(c: &[Inline], out: &mut Vec<Leaf>) {
    for i in c {
        match i {
            Inline::Text { s, .. } | Inline::Code { s, .. } => {
                out.push(Leaf::Chars(s.chars().next(), s.chars().last()))
            }
            // An image counts as its description, which the PDF prints in its place.
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Image { c, .. } => collect_leaves(c, out),
            Inline::Fnref { .. } => {}
            Inline::Br => out.push(Leaf::Break),
            Inline::Soft => out.push(Leaf::Soft),
        }
    }
}

fn apply_softs(c: &mut Vec<Inline>, keep: &mut impl Iterator<Item = bool>) {
    let mut out: Vec<Inline> = Vec::with_capacity(c.len());
    for mut i in c.drain(..) {
        match &mut i {
            Inline::Soft => {
                if keep.next().unwrap_or(false) {
                    out.push(Inline::Soft);
                }
                continue;
            }
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Image { c, .. } => apply_softs(c, keep),
            Inline::Text { s, src } => {
                src.0.clear();
                if s.is_empty() {
                    continue;
                }
            }
            Inline::Code { src, .. } => src.0.clear(),
            _ => {}
        }
        if let (Inline::Text { s, .. }, Some(Inline::Text { s: prev, .. })) = (&i, out.last_mut()) {
            prev.push_str(s);
            continue;
        }
        out.push(i);
    }
    *c = out;
}

#[cfg(test)]
mod tests;
