//! The narrative (正文) as safe HTML, written from its block tree ([`crate::narrative::blocks`]), the
//! same tree the PDF is typeset from.
//!
//! Every text and attribute is escaped here, so no tag, attribute or event handler written by an
//! author reaches the page: raw HTML was kept as text when the narrative was read (an HTML block
//! becomes a paragraph of it). A link or image is written only when its [`Target`] (resolved when the
//! report was read) is a web address that passes [`safe_url`], an anchor, another report's page or a
//! file copied into the output; otherwise its text or description stays, as plain text.
//!
//! The markup is that of CommonMark's reference rendering (pulldown-cmark's): headings move down so
//! that the narrative fits under the page's own headings (`#` becomes `<h{top}>`); footnotes, numbered
//! as in the PDF, are collected at the end in a `<section class="footnotes">`, their ids prefixed with
//! `fn-`; a soft line break that stays is a newline.

use super::href;
use crate::narrative::markdown::safe_url;
use crate::narrative::{Block, Inline, Narrative, Target};
use std::collections::BTreeSet;

/// Where the narrative is shown.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// `#` headings become `<h{top}>` (2–6; deeper headings follow, capped at 6).
    pub top: u8,
    /// The way from the page to the output root (`../`), for files and other reports' pages.
    pub root: &'a str,
    /// The slugs of the reports that have a page; a link to another report is text only. None: all.
    pub reports: Option<&'a BTreeSet<String>>,
}

impl Page<'_> {
    /// A page at the output root, under one `<h1>`: `#` headings become `<h2>`.
    pub fn standalone() -> Page<'static> {
        Page {
            top: 2,
            root: "",
            reports: None,
        }
    }
}

/// The narrative as HTML that is safe to insert into a page as is (empty for an empty narrative).
pub fn to_html(n: &Narrative, page: &Page<'_>) -> String {
    let mut w = Writer {
        out: String::new(),
        newline: true,
        page,
        shift: page.top.clamp(1, 6) - 1,
        labels: n.footnotes.iter().map(|f| f.label.as_str()).collect(),
    };
    w.blocks(&n.blocks, false);
    if !n.footnotes.is_empty() {
        w.raw("<section class=\"footnotes\" aria-label=\"注释\">\n");
        for f in &n.footnotes {
            w.open("<div class=\"footnote-definition\" id=\"");
            w.attr(&format!("fn-{}", f.label));
            w.raw("\"><sup class=\"footnote-definition-label\">");
            w.raw(&f.n.to_string());
            w.raw("</sup>");
            w.blocks(&f.c, false);
            w.raw("</div>\n");
        }
        w.raw("</section>\n");
    }
    w.out
}

struct Writer<'p> {
    out: String,
    /// Whether the output ends with a newline (a block then starts without one).
    newline: bool,
    page: &'p Page<'p>,
    /// Levels the headings move down.
    shift: u8,
    /// Footnote labels by number − 1.
    labels: Vec<&'p str>,
}

impl Writer<'_> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.is_empty() {
            self.newline = s.ends_with('\n');
        }
    }

    /// Starts a block: on a line of its own.
    fn open(&mut self, tag: &str) {
        if !self.newline {
            self.raw("\n");
        }
        self.raw(tag);
    }

    /// Text between tags: `&`, `<` and `>` escaped.
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '&' => self.out.push_str("&amp;"),
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                c => self.out.push(c),
            }
        }
        self.newline = s.ends_with('\n');
    }

    /// An attribute value (inside `"…"`): quotes escaped too.
    fn attr(&mut self, s: &str) {
        super::escape_markup(&mut self.out, s);
    }

    /// A URL inside `href="…"`/`src="…"`: percent-encoded where it is not URL-safe, `&` and `'`
    /// escaped.
    fn url(&mut self, s: &str) {
        for b in s.bytes() {
            match b {
                b'&' => self.out.push_str("&amp;"),
                b'\'' => self.out.push_str("&#x27;"),
                b if b.is_ascii_alphanumeric() || b"!#$%()*+,-./:;=?@^_~".contains(&b) => {
                    self.out.push(b as char)
                }
                b => self.out.push_str(&format!("%{b:02X}")),
            }
        }
    }

    /// Blocks; `tight`: a list item's paragraphs are its bare text.
    fn blocks(&mut self, bs: &[Block], tight: bool) {
        for b in bs {
            self.block(b, tight);
        }
    }

    fn block(&mut self, b: &Block, tight: bool) {
        match b {
            Block::Par { c } if tight => self.inlines(c),
            Block::Par { c } => {
                self.open("<p>");
                self.inlines(c);
                self.raw("</p>\n");
            }
            Block::Heading { level, c } => {
                let h = (level + self.shift).min(6);
                self.open(&format!("<h{h}>"));
                self.inlines(c);
                self.raw(&format!("</h{h}>\n"));
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => {
                let (open, close) = match (ordered, start) {
                    (false, _) => ("<ul>\n".to_string(), "</ul>\n"),
                    (true, 1) => ("<ol>\n".to_string(), "</ol>\n"),
                    (true, n) => (format!("<ol start=\"{n}\">\n"), "</ol>\n"),
                };
                self.open(&open);
                for item in items {
                    self.open("<li>");
                    self.blocks(item, *tight);
                    self.raw("</li>\n");
                }
                self.raw(close);
            }
            Block::Table {
                align,
                header,
                rows,
            } => {
                self.raw("<table>");
                for row in header {
                    self.raw("<thead><tr>");
                    self.cells(row, align, "th");
                    self.raw("</tr></thead><tbody>\n");
                }
                for row in rows {
                    self.raw("<tr>");
                    self.cells(row, align, "td");
                    self.raw("</tr>\n");
                }
                self.raw("</tbody></table>\n");
            }
            Block::Quote { c } => {
                self.open("<blockquote>\n");
                self.blocks(c, false);
                self.raw("</blockquote>\n");
            }
            Block::Code {
                text, html: true, ..
            } => {
                self.open("<p>");
                self.text(text);
                self.raw("</p>\n");
            }
            Block::Code { text, lang, .. } => {
                match lang {
                    Some(l) => {
                        self.open("<pre><code class=\"language-");
                        self.attr(l);
                        self.raw("\">");
                    }
                    None => self.open("<pre><code>"),
                }
                self.text(text);
                self.raw("</code></pre>\n");
            }
            Block::Rule => self.open("<hr />\n"),
        }
    }

    fn cells(&mut self, row: &[Vec<Inline>], align: &[&str], tag: &str) {
        for (i, cell) in row.iter().enumerate() {
            self.raw(&format!("<{tag}"));
            match align.get(i) {
                Some(&a @ ("left" | "center" | "right")) => {
                    self.raw(&format!(" style=\"text-align: {a}\">"))
                }
                _ => self.raw(">"),
            }
            self.inlines(cell);
            self.raw(&format!("</{tag}>"));
        }
    }

    fn inlines(&mut self, c: &[Inline]) {
        for i in c {
            self.inline(i);
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text { s, .. } => self.text(s),
            Inline::Soft => self.raw("\n"),
            Inline::Br => self.raw("<br />\n"),
            Inline::Strong { c } => self.wrap("strong", c),
            Inline::Emph { c } => self.wrap("em", c),
            Inline::Strike { c } => self.wrap("del", c),
            Inline::Code { s, .. } => {
                self.raw("<code>");
                self.text(s);
                self.raw("</code>");
            }
            Inline::Link { target, title, c } => match self.href(target, false) {
                Some(url) => {
                    self.raw("<a href=\"");
                    self.url(&url);
                    self.title(title);
                    self.raw("\">");
                    self.inlines(c);
                    self.raw("</a>");
                }
                None => self.inlines(c),
            },
            Inline::Image { target, title, c } => match self.href(target, true) {
                Some(url) => {
                    self.raw("<img src=\"");
                    self.url(&url);
                    self.raw("\" alt=\"");
                    let mut alt = String::new();
                    alt_text(c, &mut alt);
                    self.attr(&alt);
                    self.title(title);
                    self.raw("\" />");
                }
                None => self.inlines(c),
            },
            Inline::Fnref { n, .. } => {
                let label = self.labels.get(n - 1).copied().unwrap_or_default();
                self.raw("<sup class=\"footnote-reference\"><a href=\"#");
                self.attr(&format!("fn-{label}"));
                self.raw(&format!("\">{n}</a></sup>"));
            }
        }
    }

    fn wrap(&mut self, tag: &str, c: &[Inline]) {
        self.raw(&format!("<{tag}>"));
        self.inlines(c);
        self.raw(&format!("</{tag}>"));
    }

    fn title(&mut self, title: &str) {
        if !title.is_empty() {
            self.raw("\" title=\"");
            self.attr(title);
        }
    }

    /// The URL a link or image is written with, or None for text only.
    fn href(&self, target: &Target, image: bool) -> Option<String> {
        let root = self.page.root;
        match target {
            Target::Web(u) => safe_url(u, image).then(|| u.clone()),
            Target::Anchor(a) if !image => Some(format!("#{a}")),
            Target::Report { slug, fragment } if !image => self
                .page
                .reports
                .is_none_or(|r| r.contains(slug))
                .then(|| format!("{root}{}{fragment}", href(&format!("{slug}.html")))),
            Target::File {
                output, fragment, ..
            } => Some(format!(
                "{root}{}{}",
                href(output),
                if image { "" } else { fragment }
            )),
            _ => None,
        }
    }
}

/// An image's description as plain text (its `alt`): breaks are spaces, a footnote reference `[n]`.
fn alt_text(c: &[Inline], out: &mut String) {
    for i in c {
        match i {
            Inline::Text { s, .. } | Inline::Code { s, .. } => out.push_str(s),
            Inline::Soft | Inline::Br => out.push(' '),
            Inline::Fnref { n, .. } => out.push_str(&format!("[{n}]")),
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. }
            | Inline::Image { c, .. } => alt_text(c, out),
        }
    }
}

#[cfg(test)]
mod tests;
