//! The block tree as the Typst template reads it: `report.json`'s `narrative`, read by
//! `themes/default/typst/narrative.typ`.
//!
//! Blocks: `par(c)`, `heading(level, c)`, `list(ordered, start, items)`, `table(align, header,
//! rows)`, `quote(c)`, `code(text)` (raw HTML blocks too), `rule`. Inlines: `text(s)`, `strong(c)`,
//! `emph(c)`, `strike(c)`, `code(s)`, `link(url, c)`, `fnref(n, first)`, `br`. A PDF shows an image
//! as its description, a soft break as a space, and links only to web addresses (`url` is null
//! otherwise); adjacent texts are one, empty paragraphs none.

use super::assets::Target;
use super::blocks::{Block, Inline, Narrative};
use super::markdown::safe_url;
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
enum JBlock<'a> {
    Par {
        c: Vec<JInline<'a>>,
    },
    Heading {
        level: u8,
        c: Vec<JInline<'a>>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<JBlock<'a>>>,
    },
    Table {
        align: &'a [&'static str],
        header: Vec<Vec<Vec<JInline<'a>>>>,
        rows: Vec<Vec<Vec<JInline<'a>>>>,
    },
    Quote {
        c: Vec<JBlock<'a>>,
    },
    Code {
        text: &'a str,
    },
    Rule,
}

#[derive(Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
enum JInline<'a> {
    Text {
        s: Cow<'a, str>,
    },
    Strong {
        c: Vec<JInline<'a>>,
    },
    Emph {
        c: Vec<JInline<'a>>,
    },
    Strike {
        c: Vec<JInline<'a>>,
    },
    Code {
        s: &'a str,
    },
    Link {
        url: Option<&'a str>,
        c: Vec<JInline<'a>>,
    },
    Fnref {
        n: usize,
        first: bool,
    },
    Br,
}

#[derive(Serialize)]
struct JFootnote<'a> {
    n: usize,
    label: &'a str,
    referenced: bool,
    c: Vec<JBlock<'a>>,
}

#[derive(Serialize)]
struct JNarrative<'a> {
    blocks: Vec<JBlock<'a>>,
    footnotes: Vec<JFootnote<'a>>,
}

impl Serialize for Narrative {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        view(self).serialize(s)
    }
}

fn view(n: &Narrative) -> JNarrative<'_> {
    JNarrative {
        blocks: blocks(&n.blocks),
        footnotes: n
            .footnotes
            .iter()
            .map(|f| JFootnote {
                n: f.n,
                label: &f.label,
                referenced: f.referenced,
                c: blocks(&f.c),
            })
            .collect(),
    }
}

fn blocks(bs: &[Block]) -> Vec<JBlock<'_>> {
    let mut out = Vec::with_capacity(bs.len());
    for b in bs {
        out.push(match b {
            Block::Par { c } => {
                let c = inlines(c);
                if c.is_empty() {
                    continue;
                }
                JBlock::Par { c }
            }
            Block::Heading { level, c } => JBlock::Heading {
                level: *level,
                c: inlines(c),
            },
            Block::List {
                ordered,
                start,
                items,
                ..
            } => JBlock::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(|i| blocks(i)).collect(),
            },
            Block::Table {
                align,
                header,
                rows,
            } => JBlock::Table {
                align,
                header: cells(header),
                rows: cells(rows),
            },
            Block::Quote { c } => JBlock::Quote { c: blocks(c) },
            Block::Code { text, .. } => JBlock::Code {
                text: text.strip_suffix('\n').unwrap_or(text),
            },
            Block::Rule => JBlock::Rule,
        });
    }
    out
}

fn cells(rows: &[Vec<Vec<Inline>>]) -> Vec<Vec<Vec<JInline<'_>>>> {
    rows.iter()
        .map(|r| r.iter().map(|c| inlines(c)).collect())
        .collect()
}

fn inlines(c: &[Inline]) -> Vec<JInline<'_>> {
    let mut out = Vec::with_capacity(c.len());
    push_inlines(c, &mut out);
    out
}

fn push_inlines<'a>(c: &'a [Inline], out: &mut Vec<JInline<'a>>) {
    for i in c {
        match i {
            Inline::Text { s, .. } => push_text(out, s),
            Inline::Soft => push_text(out, " "),
            // An image is its description, in the flow of the text around it.
            Inline::Image { c, .. } => push_inlines(c, out),
            Inline::Strong { c } => out.push(JInline::Strong { c: inlines(c) }),
            Inline::Emph { c } => out.push(JInline::Emph { c: inlines(c) }),
            Inline::Strike { c } => out.push(JInline::Strike { c: inlines(c) }),
            Inline::Code { s, .. } => out.push(JInline::Code { s }),
            Inline::Link { target, c, .. } => out.push(JInline::Link {
                url: match target {
                    Target::Web(u) if safe_url(u, false) => Some(u),
                    _ => None,
                },
                c: inlines(c),
            }),
            Inline::Fnref { n, first } => out.push(JInline::Fnref {
                n: *n,
                first: *first,
            }),
            Inline::Br => out.push(JInline::Br),
        }
    }
}

fn push_text<'a>(out: &mut Vec<JInline<'a>>, s: &'a str) {
    if s.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(JInline::Text { s: prev }) => prev.to_mut().push_str(s),
        _ => out.push(JInline::Text {
            s: Cow::Borrowed(s),
        }),
    }
}

/// Every string the Typst template gets for the narrative, in order: texts as merged, code, code
/// blocks; then the footnotes'.
pub fn strings(n: &Narrative) -> Vec<String> {
    fn bl(bs: &[JBlock<'_>], out: &mut Vec<String>) {
        for b in bs {
            match b {
                JBlock::Par { c } | JBlock::Heading { c, .. } => il(c, out),
                JBlock::List { items, .. } => items.iter().for_each(|i| bl(i, out)),
                JBlock::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows)
                    .flatten()
                    .for_each(|cell| il(cell, out)),
                JBlock::Quote { c } => bl(c, out),
                JBlock::Code { text } => out.push(text.to_string()),
                JBlock::Rule => {}
            }
        }
    }
    fn il(is: &[JInline<'_>], out: &mut Vec<String>) {
        for i in is {
            match i {
                JInline::Text { s } => out.push(s.to_string()),
                JInline::Code { s } => out.push(s.to_string()),
                JInline::Strong { c }
                | JInline::Emph { c }
                | JInline::Strike { c }
                | JInline::Link { c, .. } => il(c, out),
                JInline::Fnref { .. } | JInline::Br => {}
            }
        }
    }
    let v = view(n);
    let mut out = Vec::new();
    bl(&v.blocks, &mut out);
    for f in &v.footnotes {
        bl(&f.c, &mut out);
    }
    out
}
