//! The one pass over the narrative's Markdown (pulldown-cmark with [`options`]): it builds the block
//! tree, resolves every link and image to its [`Target`], and measures the nesting, so that
//! `jixiao check` and both renderers see the same reading of the same text.

use super::Place;
use super::assets::{self, Target};
use super::blocks::{Block, Footnote, Inline, Narrative, Src};
use super::limits::Depth;
use super::markdown::options;
use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// The deepest the tree goes: frames opened deeper are not opened, their content joins the frame at
/// this depth. `jixiao check` refuses nesting deeper than [`super::limits::MAX_DEPTH`] anyway; this
/// keeps every function that walks the tree (renderers, JSON) from running out of stack on what it
/// is handed directly.
pub(crate) const MAX_TREE_DEPTH: usize = 64;

#[cfg(test)]
thread_local! {
    /// How many times Markdown was parsed on this thread (for the test that it is once per report).
    pub(crate) static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Reads the narrative (Markdown starting at byte `offset` of its file): the tree with every soft
/// break still in it and every string's place in the text (see [`super::blocks::finish`]), and the
/// problems `jixiao check` reports — links and images that do not resolve, nesting too deep — placed
/// in the file.
pub(crate) fn read(
    md: &str,
    offset: usize,
    place: Option<&Place<'_>>,
) -> (Narrative, Vec<Diagnostic>) {
    #[cfg(test)]
    PARSES.with(|p| p.set(p.get() + 1));
    let mut b = Builder::new(md);
    let mut depth = Depth::default();
    let mut diags = Vec::new();
    for (ev, range) in Parser::new_ext(md, options()).into_offset_iter() {
        depth.event(&ev, range.start);
        let target = match &ev {
            Event::Start(Tag::Link { dest_url, .. }) => Some(reference(
                md, offset, place, dest_url, &range, false, &mut diags,
            )),
            Event::Start(Tag::Image { dest_url, .. }) => Some(reference(
                md, offset, place, dest_url, &range, true, &mut diags,
            )),
            _ => None,
        };
        b.event(ev, range, target);
    }
    diags.extend(depth.diagnostic(md, offset));
    diags.extend(depth.table_diagnostic(md, offset));
    diags.extend(super::limits::size(md, offset));
    diags.extend(super::limits::control_chars(md, offset));
    (b.finish(), diags)
}

/// Resolves one link or image; a refusal is an error at the address inside `[text](address)` when it
/// is written there as is, else at the whole reference.
fn reference(
    md: &str,
    offset: usize,
    place: Option<&Place<'_>>,
    url: &str,
    range: &Range<usize>,
    image: bool,
    diags: &mut Vec<Diagnostic>,
) -> Target {
    let (target, refusal) = assets::target(place, url, image);
    if let Some(d) = refusal {
        let written = &md[range.clone()];
        let at = written
            .rfind(url)
            .filter(|_| !url.is_empty())
            .map_or(range.start, |i| range.start + i);
        let len = if at == range.start {
            written.len()
        } else {
            url.len()
        };
        let kind = if image { "图片" } else { "链接" };
        let mut d = d.with_span(Span::new(offset + at, offset + at + len));
        d.zh = format!("{kind}{}", d.zh);
        diags.push(d);
    }
    target
}

enum Frame {
    /// A container of blocks (document, list item, quote, footnote); loose inlines are collected in
    /// `pending` and become a paragraph (tight list items have no paragraph events): `bare` then.
    Blocks {
        kind: BlocksKind,
        blocks: Vec<Block>,
        pending: Vec<Inline>,
        bare: bool,
    },
    Inlines {
        kind: InlinesKind,
        c: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<&'static str>,
        header: Vec<Vec<Vec<Inline>>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
    },
    /// Code block or raw HTML block: text as written.
    Literal {
        text: String,
        src: Src,
        lang: Option<String>,
        html: bool,
    },
}

enum BlocksKind {
    Root,
    Item,
    Quote,
    Footnote(String),
}

enum InlinesKind {
    Par,
    Heading(u8),
    Strong,
    Emph,
    Strike,
    Link(Target, String),
    Image(Target, String),
    /// Markup the options do not enable: its content stands for it.
    Group,
    Cell,
}

struct Builder<'m> {
    md: &'m str,
    stack: Vec<Frame>,
    footnotes: HashMap<String, Vec<Block>>,
    /// Footnote labels in order of first reference.
    refs: Vec<String>,
    /// Tags opened deeper than [`MAX_TREE_DEPTH`] and not yet closed.
    skipped: usize,
}

fn blocks_frame(kind: BlocksKind) -> Frame {
    Frame::Blocks {
        kind,
        blocks: Vec::new(),
        pending: Vec::new(),
        bare: false,
    }
}

fn inlines_frame(kind: InlinesKind) -> Frame {
    Frame::Inlines {
        kind,
        c: Vec::new(),
    }
}

fn flush(blocks: &mut Vec<Block>, pending: &mut Vec<Inline>, bare: &mut bool) {
    if !pending.is_empty() {
        *bare = true;
        blocks.push(Block::Par {
            c: std::mem::take(pending),
        });
    }
}

fn align_name(a: &Alignment) -> &'static str {
    match a {
        Alignment::None => "none",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

impl<'m> Builder<'m> {
    fn new(md: &'m str) -> Builder<'m> {
        Builder {
            md,
            stack: vec![blocks_frame(BlocksKind::Root)],
            footnotes: HashMap::new(),
            refs: Vec::new(),
            skipped: 0,
        }
    }

    /// Where `t`, the text of an event at `range`, was written, if it was copied verbatim (escapes
    /// and entities are not).
    fn src(&self, t: &str, range: &Range<usize>) -> Src {
        match self.md.get(range.clone()) {
            Some(w) if w == t => Src::at(range.start, t.len()),
            _ => Src::default(),
        }
    }

    fn event(&mut self, ev: Event<'_>, range: Range<usize>, target: Option<Target>) {
        match ev {
            Event::Start(_) if self.skipped > 0 || self.stack.len() >= MAX_TREE_DEPTH => {
                self.skipped += 1
            }
            Event::End(_) if self.skipped > 0 => self.skipped -= 1,
            Event::Start(tag) => self.start(tag, target.unwrap_or(Target::Refused)),
            Event::End(end) => self.end(end),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let src = self.src(&t, &range);
                self.text(&t, src);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, Src::default()),
            Event::Code(t) => {
                // The range covers the backticks too.
                let src = self
                    .md
                    .get(range.clone())
                    .and_then(|w| w.find(t.as_ref()))
                    .filter(|_| !t.is_empty())
                    .map(|i| Src::at(range.start + i, t.len()))
                    .unwrap_or_default();
                self.inline(Inline::Code {
                    s: t.into_string(),
                    src,
                });
            }
            Event::FootnoteReference(label) => {
                let label = label.into_string();
                let (n, first) = match self.refs.iter().position(|l| *l == label) {
                    Some(i) => (i + 1, false),
                    None => {
                        self.refs.push(label);
                        (self.refs.len(), true)
                    }
                };
                self.inline(Inline::Fnref { n, first });
            }
            Event::SoftBreak => self.inline(Inline::Soft),
            Event::HardBreak => self.inline(Inline::Br),
            Event::Rule => self.block(Block::Rule),
            Event::TaskListMarker(done) => {
                self.text(if done { "☑ " } else { "☐ " }, Src::default())
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, target: Target) {
        let frame = match tag {
            Tag::Paragraph => inlines_frame(InlinesKind::Par),
            Tag::Heading { level, .. } => inlines_frame(InlinesKind::Heading(heading_level(level))),
            Tag::BlockQuote(_) => blocks_frame(BlocksKind::Quote),
            Tag::CodeBlock(kind) => Frame::Literal {
                text: String::new(),
                src: Src::default(),
                lang: match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(' ')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                },
                html: false,
            },
            Tag::HtmlBlock => Frame::Literal {
                text: String::new(),
                src: Src::default(),
                lang: None,
                html: true,
            },
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                tight: false,
                items: Vec::new(),
            },
            Tag::Item => blocks_frame(BlocksKind::Item),
            Tag::FootnoteDefinition(label) => {
                blocks_frame(BlocksKind::Footnote(label.into_string()))
            }
            Tag::Table(align) => Frame::Table {
                align: align.iter().map(align_name).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            // Rows and the head are tracked by the table frame itself.
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => inlines_frame(InlinesKind::Cell),
            Tag::Emphasis => inlines_frame(InlinesKind::Emph),
            Tag::Strong => inlines_frame(InlinesKind::Strong),
            Tag::Strikethrough => inlines_frame(InlinesKind::Strike),
            Tag::Link { title, .. } => {
                inlines_frame(InlinesKind::Link(target, title.into_string()))
            }
            Tag::Image { title, .. } => {
                inlines_frame(InlinesKind::Image(target, title.into_string()))
            }
            // Not enabled by the options; kept as plain inline groups should they appear.
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => inlines_frame(InlinesKind::Group),
        };
        self.stack.push(frame);
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::TableHead => {
                if let Some(Frame::Table { header, row, .. }) = self.stack.last_mut() {
                    header.push(std::mem::take(row));
                }
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
            }
            _ => self.close(),
        }
    }

    /// Closes the innermost frame and hands its result to its parent.
    fn close(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Blocks {
                kind,
                mut blocks,
                mut pending,
                mut bare,
            } => {
                flush(&mut blocks, &mut pending, &mut bare);
                match kind {
                    BlocksKind::Root => {}
                    BlocksKind::Item => {
                        if let Some(Frame::List { items, tight, .. }) = self.stack.last_mut() {
                            items.push(blocks);
                            *tight |= bare;
                        }
                    }
                    BlocksKind::Quote => self.block(Block::Quote { c: blocks }),
                    BlocksKind::Footnote(label) => {
                        self.footnotes.entry(label).or_insert(blocks);
                    }
                }
            }
            Frame::Inlines { kind, c } => match kind {
                InlinesKind::Par => self.block(Block::Par { c }),
                InlinesKind::Heading(level) => self.block(Block::Heading { level, c }),
                InlinesKind::Cell => {
                    if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                        row.push(c);
                    }
                }
                InlinesKind::Strong => self.inline(Inline::Strong { c }),
                InlinesKind::Emph => self.inline(Inline::Emph { c }),
                InlinesKind::Strike => self.inline(Inline::Strike { c }),
                InlinesKind::Link(target, title) => self.inline(Inline::Link { target, title, c }),
                InlinesKind::Image(target, title) => {
                    self.inline(Inline::Image { target, title, c })
                }
                InlinesKind::Group => {
                    for i in c {
                        self.inline(i);
                    }
                }
            },
            Frame::List {
                ordered,
                start,
                tight,
                items,
            } => self.block(Block::List {
                ordered,
                start,
                tight,
                items,
            }),
            Frame::Table {
                align,
                header,
                rows,
                ..
            } => self.block(Block::Table {
                align,
                header,
                rows,
            }),
            Frame::Literal {
                text,
                src,
                lang,
                html,
            } => self.block(Block::Code {
                text,
                lang,
                html,
                src,
            }),
        }
    }

    fn block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks {
                blocks,
                pending,
                bare,
                ..
            }) => {
                flush(blocks, pending, bare);
                blocks.push(b);
            }
            // A block where inlines are expected (cannot happen with pulldown-cmark's events):
            // keep its text rather than lose it.
            _ => {
                if let Block::Par { c } | Block::Heading { c, .. } = b {
                    for i in c {
                        self.inline(i);
                    }
                }
            }
        }
    }

    fn inline(&mut self, i: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines { c, .. }) => c.push(i),
            Some(Frame::Blocks { pending, .. }) => pending.push(i),
            Some(Frame::Literal { text, src, .. }) => {
                if let Inline::Text { s, src: more } = i {
                    let len = text.len();
                    text.push_str(&s);
                    src.append(more, len);
                }
            }
            Some(Frame::Table { row, .. }) => row.push(vec![i]),
            Some(Frame::List { items, .. }) => items.push(vec![Block::Par { c: vec![i] }]),
            None => {}
        }
    }

    fn text(&mut self, t: &str, src: Src) {
        self.inline(Inline::Text {
            s: t.to_string(),
            src,
        });
    }

    /// The tree: blocks, and the footnotes numbered by first reference, unreferenced ones last.
    fn finish(mut self) -> Narrative {
        while self.stack.len() > 1 {
            self.close();
        }
        let blocks = match self.stack.pop() {
            Some(Frame::Blocks {
                mut blocks,
                mut pending,
                mut bare,
                ..
            }) => {
                flush(&mut blocks, &mut pending, &mut bare);
                blocks
            }
            _ => Vec::new(),
        };
        let mut footnotes: Vec<Footnote> = Vec::new();
        let mut defs = self.footnotes;
        for (i, label) in self.refs.iter().enumerate() {
            let c = defs.remove(label).unwrap_or_default();
            footnotes.push(Footnote {
                n: i + 1,
                label: label.clone(),
                referenced: true,
                c,
            });
        }
        let mut rest: Vec<(String, Vec<Block>)> = defs.into_iter().collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        for (label, c) in rest {
            footnotes.push(Footnote {
                n: footnotes.len() + 1,
                label,
                referenced: false,
                c,
            });
        }
        Narrative { blocks, footnotes }
    }
}
