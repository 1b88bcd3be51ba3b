//! The checks of the Markdown fuzz targets, shared with `tests/it/fuzz_regressions_render.rs` (see
//! `harness.rs`).
#![allow(dead_code)]

/// The tags pulldown-cmark writes for CommonMark, tables, footnotes and strikethrough.
const TAGS: &[&str] = &[
    "p",
    "em",
    "strong",
    "del",
    "a",
    "img",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "div",
    "section",
    "input",
];
const ATTRS: &[&str] = &[
    "href",
    "src",
    "alt",
    "title",
    "class",
    "id",
    "start",
    "style",
    "aria-label",
    "type",
    "checked",
    "disabled",
];

fn check_html(html: &str, md: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let tag = &rest[i + 1..];
        let end = tag
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {html:?} from {md:?}"));
        let inner = &tag[..end];
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(TAGS.contains(&name.as_str()), "tag <{inner}> from {md:?}");
        // Attributes: name="value" pairs, values without a raw quote (escaped as &quot;).
        let mut attrs = inner[inner.find(' ').unwrap_or(inner.len())..]
            .trim()
            .trim_end_matches('/')
            .trim();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .unwrap_or_else(|| panic!("attribute without value in <{inner}> from {md:?}"));
            let an = attrs[..eq].trim();
            assert!(
                ATTRS.contains(&an),
                "attribute {an} in <{inner}> from {md:?}"
            );
            let v = &attrs[eq + 1..];
            assert!(v.starts_with('"'), "unquoted attribute in <{inner}>");
            let close = v[1..].find('"').expect("closing quote") + 1;
            let value = v[1..close].to_ascii_lowercase();
            if an == "href" || an == "src" {
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                for bad in ["javascript:", "vbscript:", "data:", "&#", "file:"] {
                    assert!(
                        !squeezed.starts_with(bad),
                        "{an}={value:?} in <{inner}> from {md:?}"
                    );
                }
            }
            attrs = v[close + 1..].trim_start();
        }
        rest = &tag[end + 1..];
    }
}

/// Any narrative Markdown to HTML: nothing may panic, and no markup an author could write survives
/// as markup: only the renderer's own tags, no event-handler attribute, no script URL.
pub fn markdown_html(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let html = jixiao::render::html::narrative::to_html(
        &jixiao::narrative::parse(md),
        &jixiao::render::html::narrative::Page::standalone(),
    );
    check_html(&html, md);
}

/// Any narrative Markdown to the block tree handed to Typst as JSON data: nothing may panic, the tree
/// serialises, and its JSON is data only (Typst reads it with `json()`, never evaluates it).
pub fn markdown_blocks(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let (draft, problems) = jixiao::narrative::read(md, 0, None);
    let n = draft.finish();
    let _ = jixiao::narrative::blocks::strings(&n);
    let json = serde_json::to_string(&n).expect("the block tree serialises");
    // A narrative nested deeper than `check` allows never reaches Typst (its JSON reader, like
    // serde_json's, stops at 128 levels): the first fuzz crash of this target.
    if problems.iter().any(|d| d.code == "narrative-too-deep") {
        return;
    }
    let back: serde_json::Value = serde_json::from_str(&json).expect("and reads back");
    assert!(back.is_object() || back.is_array());
}
