//! The narrative (Markdown, 正文) as safe HTML.
//!
//! CommonMark with tables and footnotes (pulldown-cmark), with three changes made on the event stream:
//! - raw HTML, block or inline, is shown as text (escaped), never passed through, so no tag, no
//!   attribute and no event handler written by an author reaches the page;
//! - a link or image whose URL has a scheme other than `http`, `https`, `mailto` or `tel`
//!   (`javascript:`, `data:`, `vbscript:`, `file:` …, however spelled) is dropped: the link's text
//!   or the image's description stays, as plain text;
//! - a soft line break between two Chinese characters disappears instead of becoming a space
//!   (`绩效\n目标` reads `绩效目标`), as Chinese text has no spaces between words.
//!
//! Headings move down so that the narrative fits under the page's own headings (`#` becomes `<h2>`
//! with [`to_html`], or the level given to [`to_html_at`]); footnote definitions are collected at the
//! end in a `<section class="footnotes">`, their ids prefixed with `fn-`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Converts narrative Markdown into HTML that is safe to insert into a page as is; `#` headings
/// become `<h2>` (the page's title is the only `<h1>`).
pub fn to_html(md: &str) -> String {
    to_html_at(md, 2)
}

/// As [`to_html`], with `#` headings at level `top` (2–6; deeper headings follow, capped at 6).
pub fn to_html_at(md: &str, top: u8) -> String {
    to_html_with(md, top, &mut |url, _| Some(url.to_string()))
}

/// As [`to_html_at`], with every link and image URL passed through `resolve(url, is_image)`, which
/// returns the URL to write (a file copied into the output, a report's page) or `None` to drop
/// the link or image and keep its text. Whatever it returns still has to pass the scheme check.
pub fn to_html_with(
    md: &str,
    top: u8,
    resolve: &mut dyn FnMut(&str, bool) -> Option<String>,
) -> String {
    let shift = top.clamp(1, 6) - 1;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<Event<'_>> = Parser::new_ext(md, options).collect();
    let mut body: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut notes: Vec<Event<'_>> = Vec::new();
    let mut in_note = 0usize;
    // Last character written as text, for the soft-break rule.
    let mut last: Option<char> = None;
    // One entry per open link or image: whether it was dropped (its End is dropped too).
    let mut dropped: Vec<bool> = Vec::new();
    for i in 0..events.len() {
        let ev = match &events[i] {
            // A raw HTML block becomes a paragraph of text.
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Html(h) | Event::InlineHtml(h) => {
                last = h.chars().last();
                Event::Text(h.clone())
            }
            Event::Text(t) => {
                if let Some(c) = t.chars().last() {
                    last = Some(c);
                }
                Event::Text(t.clone())
            }
            Event::Code(t) => {
                last = t.chars().last();
                Event::Code(t.clone())
            }
            Event::SoftBreak => {
                let next = next_char(&events[i + 1..]);
                if last.is_some_and(is_cjk) && next.is_some_and(is_cjk) {
                    continue;
                }
                last = None;
                Event::SoftBreak
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(*level, shift),
                id: id.clone(),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(demote(*level, shift)))
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let is_image = matches!(tag, Tag::Image { .. });
                let url = safe_url(dest_url)
                    .then(|| resolve(dest_url, is_image))
                    .flatten()
                    .filter(|u| safe_url(u));
                dropped.push(url.is_none());
                let Some(url) = url else { continue };
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = CowStr::from(url);
                }
                Event::Start(tag)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if dropped.pop().unwrap_or(false) {
                    continue;
                }
                events[i].clone()
            }
            Event::FootnoteReference(label) => Event::FootnoteReference(note_id(label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_note += 1;
                notes.push(Event::Start(Tag::FootnoteDefinition(note_id(label))));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_note = in_note.saturating_sub(1);
                notes.push(Event::End(TagEnd::FootnoteDefinition));
                continue;
            }
            Event::HardBreak | Event::Rule => {
                last = None;
                events[i].clone()
            }
            other => other.clone(),
        };
        if in_note > 0 {
            notes.push(ev)
        } else {
            body.push(ev)
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    if !notes.is_empty() {
        html.push_str("<section class=\"footnotes\" aria-label=\"注释\">\n");
        pulldown_cmark::html::push_html(&mut html, notes.into_iter());
        html.push_str("</section>\n");
    }
    html
}

/// The first character of text that follows a soft break (through inline tags), if any.
fn next_char(rest: &[Event<'_>]) -> Option<char> {
    for ev in rest {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                return t.chars().next();
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            _ => return None,
        }
    }
    None
}

/// Han ideographs, CJK punctuation and full-width forms: characters written without spaces between.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation (、。「」…)
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x31C0..=0x31EF    // strokes
        | 0x3200..=0x33FF    // enclosed, compatibility
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms (，：；（）％)
        | 0x20000..=0x3134F  // extensions B–G
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

fn demote(level: HeadingLevel, shift: u8) -> HeadingLevel {
    match (level as u8 + shift).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn note_id(label: &str) -> CowStr<'static> {
    CowStr::from(format!("fn-{label}"))
}

/// Whether a link or image URL may stay: relative URLs, fragments and the schemes `http`, `https`,
/// `mailto`, `tel`. Browsers ignore ASCII whitespace and control characters inside a scheme
/// (`java\tscript:`), so those are removed before the scheme is read.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && *c != ' ')
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            matches!(
                cleaned[..i].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto" | "tel"
            )
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_break_between_chinese_characters_disappears() {
        assert_eq!(to_html("部门整体\n绩效目标"), "<p>部门整体绩效目标</p>\n");
        assert_eq!(
            to_html("完成率为60%。\n下一步"),
            "<p>完成率为60%。下一步</p>\n"
        );
        assert_eq!(
            to_html("**绩效**\n目标"),
            "<p><strong>绩效</strong>目标</p>\n"
        );
    }

    #[test]
    fn soft_break_next_to_latin_stays() {
        assert_eq!(
            to_html("budget\nperformance"),
            "<p>budget\nperformance</p>\n"
        );
        assert_eq!(to_html("共计 5G\n基站"), "<p>共计 5G\n基站</p>\n");
        assert_eq!(to_html("基站\n5G"), "<p>基站\n5G</p>\n");
    }

    #[test]
    fn raw_html_is_escaped() {
        assert_eq!(
            to_html("a <b onclick=\"x()\">b</b>"),
            "<p>a &lt;b onclick=\"x()\"&gt;b&lt;/b&gt;</p>\n"
        );
        let block = to_html("<script>alert(1)</script>\n");
        assert_eq!(block, "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n");
        let img = to_html("<img src=x onerror=alert(1)>");
        assert!(!img.contains("<img"), "{img}");
    }

    #[test]
    fn dangerous_urls_are_neutralised() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](vbscript:msgbox)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "![x](data:image/svg+xml,<svg onload=alert(1)>)",
            "<javascript:alert(1)>",
        ] {
            let html = to_html(md);
            assert_eq!(attr_values(&html), Vec::<&str>::new(), "{md} → {html}");
            assert!(
                !html.contains("<svg") && !html.contains("<script"),
                "{md} → {html}"
            );
        }
        assert_eq!(to_html("[x](javascript:alert(1))"), "<p>x</p>\n");
        assert_eq!(
            to_html("![示意图](data:image/png;base64,AAAA)"),
            "<p>示意图</p>\n"
        );
        assert_eq!(
            to_html("[![图](data:x)](https://a.cn)"),
            "<p><a href=\"https://a.cn\">图</a></p>\n",
            "an unsafe image inside a safe link"
        );
    }

    /// Every `href="…"` and `src="…"` value of a fragment.
    fn attr_values(html: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for key in ["href=\"", "src=\""] {
            let mut rest = html;
            while let Some(i) = rest.find(key) {
                let v = &rest[i + key.len()..];
                let end = v.find('"').unwrap();
                out.push(&v[..end]);
                rest = &v[end..];
            }
        }
        out
    }

    #[test]
    fn ordinary_urls_are_kept() {
        assert_eq!(
            to_html("[公开](https://czj.gz.gov.cn/a?b=1)"),
            "<p><a href=\"https://czj.gz.gov.cn/a?b=1\">公开</a></p>\n"
        );
        assert_eq!(
            to_html("[附件](files/a.pdf)"),
            "<p><a href=\"files/a.pdf\">附件</a></p>\n"
        );
        assert_eq!(
            to_html("[上文](#top)"),
            "<p><a href=\"#top\">上文</a></p>\n"
        );
        assert_eq!(
            to_html("[邮件](mailto:a@b.cn)"),
            "<p><a href=\"mailto:a@b.cn\">邮件</a></p>\n"
        );
    }

    #[test]
    fn a_resolver_rewrites_or_drops_urls() {
        let mut seen = Vec::new();
        let html = to_html_with(
            "[年报](a.pdf) ![图](img/1.png) [坏](../x) [s](javascript:x)",
            2,
            &mut |u, img| {
                seen.push((u.to_string(), img));
                match u {
                    "a.pdf" => Some("../files/a.pdf".into()),
                    "img/1.png" => Some("javascript:alert(1)".into()),
                    _ => None,
                }
            },
        );
        assert_eq!(html, "<p><a href=\"../files/a.pdf\">年报</a> 图 坏 s</p>\n");
        // The unsafe URL never reaches the resolver.
        assert_eq!(
            seen,
            [
                ("a.pdf".to_string(), false),
                ("img/1.png".to_string(), true),
                ("../x".to_string(), false)
            ]
        );
    }

    #[test]
    fn tables_and_footnotes() {
        let t = to_html("| 指标 | 得分 |\n|---|---|\n| 预算编制 | 3 |\n");
        assert!(
            t.contains("<table>") && t.contains("<th>指标</th>") && t.contains("<td>3</td>"),
            "{t}"
        );
        let f = to_html("见说明[^1]。\n\n[^1]: 按月度执行率平均。\n\n其后正文。");
        assert!(f.contains("<a href=\"#fn-1\">1</a>"), "{f}");
        assert!(f.contains("id=\"fn-1\""), "{f}");
        let body_end = f
            .find("<section class=\"footnotes\"")
            .expect("footnotes section");
        assert!(
            f[..body_end].contains("其后正文"),
            "definitions move to the end: {f}"
        );
    }

    #[test]
    fn headings_move_one_level_down() {
        assert_eq!(to_html("# 一、部门基本情况"), "<h2>一、部门基本情况</h2>\n");
        assert_eq!(to_html("###### 六"), "<h6>六</h6>\n");
        assert_eq!(
            to_html_at("# 一\n\n## （一）\n\n#### 1.", 3),
            "<h3>一</h3>\n<h4>（一）</h4>\n<h6>1.</h6>\n"
        );
    }
}
