//! The narrative (Markdown) as a block tree (块结构) for the Typst template.
//!
//! The Typst template never sees Markdown or Typst markup written by an author: it gets this tree as
//! JSON and lays it out with its own functions, placing every string as text. So `#set page(..)`,
//! `$`, `@x`, `<y>`, `]` or `\` in a report come out literally in the PDF.
//!
//! Markdown is read with pulldown-cmark (tables, footnotes and strikethrough on). Raw HTML is kept as
//! literal text. A soft line break between two CJK characters disappears (Chinese has no spaces);
//! anywhere else it becomes a space.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

/// The Markdown extensions the narrative may use.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// A block of the narrative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// 段落.
    Par { c: Vec<Inline> },
    /// 标题, level 1–6 as written (`#` … `######`).
    Heading { level: u8, c: Vec<Inline> },
    /// 列表: each item is a list of blocks.
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// 表格: header rows and body rows of cells, each cell a list of inlines.
    Table {
        align: Vec<&'static str>,
        header: Vec<Vec<Vec<Inline>>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// 引用.
    Quote { c: Vec<Block> },
    /// 代码块 (also raw HTML blocks, shown as written).
    Code { text: String },
    /// 分隔线.
    Rule,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        s: String,
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
    },
    /// A link; `url` is kept for http(s), mailto and tel only, else the text shows without a link.
    Link {
        url: Option<String>,
        c: Vec<Inline>,
    },
    /// 脚注 reference: the footnote's number (1-based, in order of first reference); `first` on the
    /// first reference, where the footnote text is typeset (later ones refer back to it).
    Fnref {
        n: usize,
        first: bool,
    },
    /// Hard line break.
    Br,
    /// A soft break, resolved away before the tree is returned.
    #[serde(skip)]
    Soft,
}

/// A footnote definition with its number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub n: usize,
    pub label: String,
    /// Whether the text refers to it (else it is printed after the narrative).
    pub referenced: bool,
    pub c: Vec<Block>,
}

/// The narrative as a tree: blocks plus footnotes (numbered in order of first reference; footnotes that
/// are never referenced come last).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Narrative {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
}

enum Frame {
    /// A container of blocks (document, list item, quote, footnote); loose inlines are collected in
    /// `pending` and become a paragraph (tight list items have no paragraph events).
    Blocks {
        kind: BlocksKind,
        blocks: Vec<Block>,
        pending: Vec<Inline>,
    },
    Inlines {
        kind: InlinesKind,
        c: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
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
    Link(Option<String>),
    /// Image: its alt text stands for it.
    Image,
    Cell,
}

struct Builder {
    stack: Vec<Frame>,
    footnotes: HashMap<String, Vec<Block>>,
    /// Footnote labels in order of first reference.
    refs: Vec<String>,
}

/// Turns the narrative Markdown into the block tree.
pub fn parse(markdown: &str) -> Narrative {
    let mut b = Builder {
        stack: vec![Frame::Blocks {
            kind: BlocksKind::Root,
            blocks: Vec::new(),
            pending: Vec::new(),
        }],
        footnotes: HashMap::new(),
        refs: Vec::new(),
    };
    for ev in Parser::new_ext(markdown, markdown_options()) {
        b.event(ev);
    }
    while b.stack.len() > 1 {
        b.close();
    }
    let blocks = match b.stack.pop() {
        Some(Frame::Blocks {
            mut blocks,
            mut pending,
            ..
        }) => {
            flush(&mut blocks, &mut pending);
            blocks
        }
        _ => Vec::new(),
    };
    let mut footnotes: Vec<Footnote> = Vec::new();
    let mut defs = b.footnotes;
    for (i, label) in b.refs.iter().enumerate() {
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

fn flush(blocks: &mut Vec<Block>, pending: &mut Vec<Inline>) {
    if !pending.is_empty() {
        let c = finish_inlines(std::mem::take(pending));
        if !c.is_empty() {
            blocks.push(Block::Par { c });
        }
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

/// Links keep their target only for schemes that are safe to put in a published PDF.
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:"))
    .then(|| url.trim().to_string())
}

impl Builder {
    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => self.inline(Inline::Code { s: t.into_string() }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
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
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines {
                kind: InlinesKind::Par,
                c: Vec::new(),
            },
            Tag::Heading { level, .. } => Frame::Inlines {
                kind: InlinesKind::Heading(heading_level(level)),
                c: Vec::new(),
            },
            Tag::BlockQuote(_) => Frame::Blocks {
                kind: BlocksKind::Quote,
                blocks: Vec::new(),
                pending: Vec::new(),
            },
            Tag::CodeBlock(_) | Tag::HtmlBlock => Frame::Literal {
                text: String::new(),
            },
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: Vec::new(),
            },
            Tag::Item => Frame::Blocks {
                kind: BlocksKind::Item,
                blocks: Vec::new(),
                pending: Vec::new(),
            },
            Tag::FootnoteDefinition(label) => Frame::Blocks {
                kind: BlocksKind::Footnote(label.into_string()),
                blocks: Vec::new(),
                pending: Vec::new(),
            },
            Tag::Table(align) => Frame::Table {
                align: align.iter().map(align_name).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            // Rows and the head are tracked by the table frame itself.
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines {
                kind: InlinesKind::Cell,
                c: Vec::new(),
            },
            Tag::Emphasis => Frame::Inlines {
                kind: InlinesKind::Emph,
                c: Vec::new(),
            },
            Tag::Strong => Frame::Inlines {
                kind: InlinesKind::Strong,
                c: Vec::new(),
            },
            Tag::Strikethrough => Frame::Inlines {
                kind: InlinesKind::Strike,
                c: Vec::new(),
            },
            Tag::Link { dest_url, .. } => Frame::Inlines {
                kind: InlinesKind::Link(safe_url(&dest_url)),
                c: Vec::new(),
            },
            Tag::Image { .. } => Frame::Inlines {
                kind: InlinesKind::Image,
                c: Vec::new(),
            },
            // Not enabled by markdown_options(); kept as plain inline groups should they appear.
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Frame::Inlines {
                kind: InlinesKind::Image,
                c: Vec::new(),
            },
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
            } => {
                flush(&mut blocks, &mut pending);
                match kind {
                    BlocksKind::Root => {}
                    BlocksKind::Item => {
                        if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                            items.push(blocks);
                        }
                    }
                    BlocksKind::Quote => self.block(Block::Quote { c: blocks }),
                    BlocksKind::Footnote(label) => {
                        self.footnotes.entry(label).or_insert(blocks);
                    }
                }
            }
            Frame::Inlines { kind, c } => match kind {
                InlinesKind::Par => {
                    let c = finish_inlines(c);
                    if !c.is_empty() {
                        self.block(Block::Par { c });
                    }
                }
                InlinesKind::Heading(level) => self.block(Block::Heading {
                    level,
                    c: finish_inlines(c),
                }),
                InlinesKind::Cell => {
                    let c = finish_inlines(c);
                    if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                        row.push(c);
                    }
                }
                InlinesKind::Strong => self.inline(Inline::Strong { c }),
                InlinesKind::Emph => self.inline(Inline::Emph { c }),
                InlinesKind::Strike => self.inline(Inline::Strike { c }),
                InlinesKind::Link(url) => self.inline(Inline::Link { url, c }),
                InlinesKind::Image => {
                    for i in c {
                        self.inline(i);
                    }
                }
            },
            Frame::List {
                ordered,
                start,
                items,
            } => self.block(Block::List {
                ordered,
                start,
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
            Frame::Literal { text } => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                self.block(Block::Code { text });
            }
        }
    }

    fn block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks {
                blocks, pending, ..
            }) => {
                flush(blocks, pending);
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
            Some(Frame::Literal { text }) => {
                if let Inline::Text { s } = i {
                    text.push_str(&s);
                }
            }
            Some(Frame::Table { row, .. }) => row.push(vec![i]),
            Some(Frame::List { items, .. }) => items.push(vec![Block::Par { c: vec![i] }]),
            None => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(Frame::Literal { text }) = self.stack.last_mut() {
            text.push_str(t);
        } else {
            self.inline(Inline::Text { s: t.to_string() });
        }
    }
}

/// A character of the scripts written without spaces between words (and the punctuation set among
/// them): a line break between two of them is no space.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2018..=0x201F     // ‘’“” (Chinese quotation marks)
        | 0x2026              // …
        | 0x2E80..=0x2FDF     // CJK radicals
        | 0x3000..=0x303F     // CJK symbols and punctuation
        | 0x3040..=0x30FF     // kana
        | 0x3100..=0x312F     // bopomofo
        | 0x3130..=0x318F     // Hangul compatibility jamo
        | 0x31C0..=0x9FFF     // strokes, enclosed, compatibility, ext. A, unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // compatibility ideographs
        | 0xFE30..=0xFE4F     // vertical/compatibility forms
        | 0xFF00..=0xFFEF     // fullwidth forms (，：；（）％)
        | 0x20000..=0x3FFFF) // ideographs, ext. B and later
}

/// Resolves soft breaks (none between two CJK characters, else a space) and merges adjacent texts.
fn finish_inlines(mut c: Vec<Inline>) -> Vec<Inline> {
    // Flatten to (first char, last char) per leaf in document order, softs marked.
    let mut leaves: Vec<Leaf> = Vec::new();
    collect_leaves(&c, &mut leaves);
    let mut decisions = Vec::new();
    for (i, l) in leaves.iter().enumerate() {
        if let Leaf::Soft = l {
            let before = leaves[..i].iter().rev().find_map(|l| l.last());
            let after = leaves[i + 1..].iter().find_map(|l| l.first());
            let keep_space = match (before, after) {
                (Some(Some(a)), Some(Some(b))) => !(is_cjk(a) && is_cjk(b)),
                // At the start or end of the paragraph, or next to a hard break: nothing.
                _ => false,
            };
            decisions.push(keep_space);
        }
    }
    let mut it = decisions.into_iter();
    apply_softs(&mut c, &mut it);
    merge_texts(c)
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
            Inline::Text { s } | Inline::Code { s } => {
                out.push(Leaf::Chars(s.chars().next(), s.chars().last()))
            }
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. } => collect_leaves(c, out),
            Inline::Fnref { .. } => {}
            Inline::Br => out.push(Leaf::Break),
            Inline::Soft => out.push(Leaf::Soft),
        }
    }
}

fn apply_softs(c: &mut Vec<Inline>, decisions: &mut impl Iterator<Item = bool>) {
    let mut out = Vec::with_capacity(c.len());
    for mut i in c.drain(..) {
        match &mut i {
            Inline::Soft => {
                if decisions.next().unwrap_or(false) {
                    out.push(Inline::Text { s: " ".into() });
                }
                continue;
            }
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. } => {
                apply_softs(c, decisions);
                let merged = merge_texts(std::mem::take(c));
                *c = merged;
            }
            _ => {}
        }
        out.push(i);
    }
    *c = out;
}

fn merge_texts(c: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(c.len());
    for i in c {
        if let Inline::Text { s } = &i {
            if s.is_empty() {
                continue;
            }
            if let Some(Inline::Text { s: prev }) = out.last_mut() {
                prev.push_str(s);
                continue;
            }
        }
        out.push(i);
    }
    out
}

/// Every string of the tree, for the font coverage check.
pub fn strings(n: &Narrative) -> Vec<&str> {
    fn blocks<'a>(bs: &'a [Block], out: &mut Vec<&'a str>) {
        for b in bs {
            match b {
                Block::Par { c } | Block::Heading { c, .. } => inlines(c, out),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, out)),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows)
                    .flatten()
                    .for_each(|cell| inlines(cell, out)),
                Block::Quote { c } => blocks(c, out),
                Block::Code { text } => out.push(text),
                Block::Rule => {}
            }
        }
    }
    fn inlines<'a>(is: &'a [Inline], out: &mut Vec<&'a str>) {
        for i in is {
            match i {
                Inline::Text { s } | Inline::Code { s } => out.push(s),
                Inline::Strong { c }
                | Inline::Emph { c }
                | Inline::Strike { c }
                | Inline::Link { c, .. } => inlines(c, out),
                Inline::Fnref { .. } | Inline::Br | Inline::Soft => {}
            }
        }
    }
    let mut out = Vec::new();
    blocks(&n.blocks, &mut out);
    for f in &n.footnotes {
        blocks(&f.c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tree(md: &str) -> serde_json::Value {
        serde_json::to_value(parse(md)).unwrap()
    }

    /// The inlines of the first block of `md`.
    fn first_inlines(md: &str) -> serde_json::Value {
        tree(md)["blocks"][0]["c"].clone()
    }

    #[test]
    fn paragraphs_and_headings() {
        let v = tree("## 一、部门基本情况\n\n第一段\n第二行。\n\nThe first\nline.\n");
        assert_eq!(
            v["blocks"],
            json!([
                {"t": "heading", "level": 2, "c": [{"t": "text", "s": "一、部门基本情况"}]},
                {"t": "par", "c": [{"t": "text", "s": "第一段第二行。"}]},
                {"t": "par", "c": [{"t": "text", "s": "The first line."}]},
            ])
        );
    }

    #[test]
    fn soft_break_between_cjk_and_latin_is_a_space() {
        assert_eq!(
            first_inlines("支出 100\n万元，占\nGDP 的\n**比重**达到\n“24.1%”\n增长"),
            json!([
                {"t": "text", "s": "支出 100 万元，占 GDP 的"},
                {"t": "strong", "c": [{"t": "text", "s": "比重"}]},
                {"t": "text", "s": "达到“24.1%”增长"},
            ])
        );
    }

    #[test]
    fn injection_texts_stay_text() {
        let md = "#set page(width: 1cm)\n\n#read(\"/etc/passwd\") $x$ @x <y> ] \\ `#eval`\n\n<script>alert(1)</script>\n";
        let v = tree(md);
        let b = &v["blocks"];
        assert_eq!(
            b[0],
            json!({"t": "par", "c": [{"t": "text", "s": "#set page(width: 1cm)"}]})
        );
        assert_eq!(
            b[1]["c"],
            json!([{"t": "text", "s": "#read(\"/etc/passwd\") $x$ @x <y> ] \\ "}, {"t": "code", "s": "#eval"}])
        );
        assert_eq!(
            b[2],
            json!({"t": "code", "text": "<script>alert(1)</script>"})
        );
    }

    #[test]
    fn inline_html_is_literal_text() {
        assert_eq!(
            first_inlines("a <b>bold</b> c"),
            json!([{"t": "text", "s": "a <b>bold</b> c"}])
        );
    }

    #[test]
    fn lists_tight_and_loose() {
        let v = tree("1. 一是\n2. 二是\n\n- a\n\n  b\n- c\n");
        assert_eq!(
            v["blocks"][0],
            json!({"t": "list", "ordered": true, "start": 1, "items": [
                [{"t": "par", "c": [{"t": "text", "s": "一是"}]}],
                [{"t": "par", "c": [{"t": "text", "s": "二是"}]}],
            ]})
        );
        assert_eq!(v["blocks"][1]["ordered"], json!(false));
        assert_eq!(v["blocks"][1]["items"][0].as_array().unwrap().len(), 2);
    }

    #[test]
    fn tables() {
        let v = tree("| 指标 | 得分 |\n|:--|--:|\n| 产出 | 9.5 |\n| 效益 | *10* |\n");
        assert_eq!(
            v["blocks"][0],
            json!({"t": "table", "align": ["left", "right"],
            "header": [[[{"t": "text", "s": "指标"}], [{"t": "text", "s": "得分"}]]],
            "rows": [
                [[{"t": "text", "s": "产出"}], [{"t": "text", "s": "9.5"}]],
                [[{"t": "text", "s": "效益"}], [{"t": "emph", "c": [{"t": "text", "s": "10"}]}]],
            ]})
        );
    }

    #[test]
    fn footnotes_numbered_by_first_reference() {
        let v = tree("甲[^b]乙[^a]丙[^b]\n\n[^a]: 注A\n[^b]: 注B\n[^c]: 未引用\n");
        assert_eq!(
            v["blocks"][0]["c"],
            json!([
                {"t": "text", "s": "甲"}, {"t": "fnref", "n": 1, "first": true}, {"t": "text", "s": "乙"},
                {"t": "fnref", "n": 2, "first": true}, {"t": "text", "s": "丙"}, {"t": "fnref", "n": 1, "first": false},
            ])
        );
        let f = &v["footnotes"];
        assert_eq!(f[0]["label"], "b");
        assert_eq!(f[0]["referenced"], true);
        assert_eq!(
            f[0]["c"],
            json!([{"t": "par", "c": [{"t": "text", "s": "注B"}]}])
        );
        assert_eq!(f[1]["label"], "a");
        assert_eq!(
            f[2],
            json!({"n": 3, "label": "c", "referenced": false, "c": [{"t": "par", "c": [{"t": "text", "s": "未引用"}]}]})
        );
    }

    #[test]
    fn links_quotes_code_rule_breaks() {
        let v = tree(
            "[官网](https://example.gov.cn) [x](javascript:alert(1))\\\n下一行\n\n> 引用\n\n```\nlet a = 1;\n```\n\n---\n",
        );
        let b = &v["blocks"];
        assert_eq!(
            b[0]["c"],
            json!([
                {"t": "link", "url": "https://example.gov.cn", "c": [{"t": "text", "s": "官网"}]},
                {"t": "text", "s": " "},
                {"t": "link", "url": null, "c": [{"t": "text", "s": "x"}]},
                {"t": "br"},
                {"t": "text", "s": "下一行"},
            ])
        );
        assert_eq!(
            b[1],
            json!({"t": "quote", "c": [{"t": "par", "c": [{"t": "text", "s": "引用"}]}]})
        );
        assert_eq!(b[2], json!({"t": "code", "text": "let a = 1;"}));
        assert_eq!(b[3], json!({"t": "rule"}));
    }

    #[test]
    fn images_show_their_alt_text() {
        assert_eq!(
            first_inlines("见![示意图](x.png)。"),
            json!([{"t": "text", "s": "见示意图。"}])
        );
    }

    #[test]
    fn strings_cover_every_text() {
        let n = parse(
            "a **b** [c](http://x)\n\n| d |\n|---|\n| e |\n\n```\nf\n```\n\n[^1]\n\n[^1]: g\n",
        );
        assert_eq!(strings(&n), vec!["a ", "b", " ", "c", "d", "e", "f", "g"]);
    }
}
