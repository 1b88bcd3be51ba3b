//! Hostile narratives and front-matter (`tests/hostile/xss-and-typst.md`: the OWASP XSS filter
//! evasion vectors, Markdown link tricks, Typst code) built into the HTML site: no page may carry
//! active markup that came from the input. Every page is tokenized the way a browser tokenizes HTML
//! (tags, attributes quoted or not, comments, raw-text elements) and checked:
//! - only the elements the renderer and the theme write (no `script`, `iframe`, `object`, `embed`,
//!   `base`, `form`, `style`, `meta http-equiv` …);
//! - no event-handler attribute (`on…`) at all;
//! - no URL attribute whose value, entity-decoded and with whitespace and control characters removed
//!   as a browser does, has a script or data scheme; no `style` with `url(`, `expression(`, script;
//! - every vector's paragraph is still there (shown as text, not dropped).

use crate::support::{
    HOSTILE, SiteBuilder, files_with_extension, fixture_text, hostile_markers, hostile_site,
};
use std::path::Path;

/// Elements the Markdown renderer, the templates and the score chart (inline SVG) write.
const ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "header",
    "footer",
    "nav",
    "main",
    "section",
    "article",
    "aside",
    "div",
    "span",
    "p",
    "a",
    "em",
    "strong",
    "del",
    "s",
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
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "img",
    "sup",
    "sub",
    "figure",
    "figcaption",
    "small",
    "abbr",
    "time",
    "dl",
    "dt",
    "dd",
    "mark",
    // The grid's 详情 disclosure and the folded findings notes.
    "details",
    "summary",
    "svg",
    "g",
    "rect",
    "line",
    "text",
    "tspan",
    "desc",
    "path",
    "circle",
    "polyline",
    "polygon",
];
/// The elements of the review page's sort and filter controls (`templates/review.html`).
const REVIEW_ELEMENTS: &[&str] = &["form", "input", "select", "option", "label", "button"];
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "poster",
    "data",
    "xlink:href",
    "srcset",
    "dynsrc",
    "lowsrc",
    "ping",
    "cite",
    "longdesc",
    "manifest",
    "codebase",
    "usemap",
    "icon",
    "profile",
];
const BAD_SCHEMES: &[&str] = &[
    "javascript:",
    "vbscript:",
    "livescript:",
    "data:",
    "file:",
    "mocha:",
];

#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// `&lt;`, `&quot;`, `&#106;`, `&#x6A;` (with or without `;`), as a browser decodes attribute values.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (num, hex) = match after.strip_prefix('#') {
            Some(a) => match a.strip_prefix(['x', 'X']) {
                Some(h) => (Some(h), true),
                None => (Some(a), false),
            },
            None => (None, false),
        };
        if let Some(n) = num {
            let digits: String = n
                .chars()
                .take_while(|c| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                })
                .collect();
            if !digits.is_empty() {
                let v = u32::from_str_radix(&digits, if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
                out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
                let used = (after.len() - n.len()) + digits.len();
                rest = &after[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        }
        let named = [
            ("lt", '<'),
            ("gt", '>'),
            ("amp", '&'),
            ("quot", '"'),
            ("apos", '\''),
            ("nbsp", ' '),
            ("Tab", '\t'),
            ("NewLine", '\n'),
            ("colon", ':'),
        ];
        if let Some((n, c)) = named.iter().find(|(n, _)| after.starts_with(n)) {
            out.push(*c);
            rest = &after[n.len()..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
            continue;
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The start tags of an HTML document, tokenized as the HTML standard does; text in raw-text
/// elements and comments is skipped. Also returns the text outside tags.
fn tokenize(html: &str) -> (Vec<Tag>, String) {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let next = html[i..].find('<').map_or(b.len(), |n| i + n);
            text.push_str(&html[i..next]);
            i = next;
            continue;
        }
        let rest = &html[i + 1..];
        if let Some(r) = rest.strip_prefix("!--") {
            i = i + 4 + r.find("-->").map_or(r.len(), |n| n + 3);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('?') {
            i = i + 1 + rest.find('>').map_or(rest.len(), |n| n + 1);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = if closing { 1 } else { 0 };
        if !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            text.push('<');
            i += 1;
            continue;
        }
        let mut j = i + 1 + name_start;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[i + 1 + name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let a0 = j;
            j += 1; // an attribute name may start with `=`
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let an = html[a0..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v0 = j + 1;
                    j = v0 + html[v0..].find(q as char).unwrap_or(html.len() - v0);
                    value = html[v0..j].to_string();
                    j += 1;
                } else {
                    let v0 = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v0..j].to_string();
                }
            }
            attrs.push((an, decode_entities(&value)));
        }
        if !closing {
            // Raw text: everything up to the closing tag is text, not markup.
            if matches!(
                name.as_str(),
                "script"
                    | "style"
                    | "textarea"
                    | "title"
                    | "xmp"
                    | "iframe"
                    | "noembed"
                    | "noframes"
                    | "plaintext"
            ) {
                let lower = html[j.min(b.len())..].to_ascii_lowercase();
                let end = lower.find(&format!("</{name}")).unwrap_or(lower.len());
                text.push_str(&html[j.min(b.len())..j.min(b.len()) + end]);
                j += end;
            }
            tags.push(Tag { name, attrs });
        }
        i = j;
    }
    (tags, text)
}

fn check_page(path: &Path, html: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let (tags, _) = tokenize(html);
    // The review page's own controls and its one script (theme files, not input).
    let review = path.file_name().is_some_and(|n| n == "review.html");
    let review_script = |t: &Tag| {
        t.attrs.len() == 2
            && t.attrs[0] == ("src".to_string(), "static/review.js".to_string())
            && t.attrs[1].0 == "defer"
    };
    // The search box's two scripts on every page (the theme's and Pagefind's, at the site's root:
    // `../` as many times as the page is deep).
    let search_script = |t: &Tag| {
        t.attrs.len() == 2
            && t.attrs[1].0 == "defer"
            && t.attrs[0].0 == "src"
            && ["pagefind/pagefind-ui.js", "static/search.js"]
                .contains(&t.attrs[0].1.trim_start_matches("../"))
    };
    for t in &tags {
        let ours = (review
            && (REVIEW_ELEMENTS.contains(&t.name.as_str())
                || (t.name == "script" && review_script(t))))
            || (t.name == "script" && search_script(t));
        if !ELEMENTS.contains(&t.name.as_str()) && !ours {
            bad.push(format!("element <{}> {:?}", t.name, t.attrs));
        }
        for (a, v) in &t.attrs {
            let squeezed: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if a.starts_with("on") {
                bad.push(format!("event handler {a}={v:?} on <{}>", t.name));
            }
            if (URL_ATTRS.contains(&a.as_str())
                || (t.name == "meta"
                    && a == "content"
                    && t.attrs.iter().any(|(n, _)| n == "http-equiv")))
                && BAD_SCHEMES
                    .iter()
                    .any(|s| squeezed.starts_with(s) || squeezed.contains(&format!("url={s}")))
            {
                bad.push(format!("script URL {a}={v:?} on <{}>", t.name));
            }
            if a == "http-equiv" || a == "srcdoc" || a == "formaction" {
                bad.push(format!("attribute {a} on <{}>", t.name));
            }
            if a == "style"
                && ["url(", "expression(", "javascript", "@import", "behavior"]
                    .iter()
                    .any(|s| squeezed.contains(s))
            {
                bad.push(format!("style {v:?} on <{}>", t.name));
            }
        }
    }
    bad.into_iter()
        .map(|b| format!("{}: {b}", path.display()))
        .collect()
}

#[test]
fn the_tokenizer_sees_what_a_browser_sees() {
    // The checker itself: these must be caught.
    let (tags, _) = tokenize(
        "<p>x</p><IMG SRC=&#106;&#97;vascript:alert(1)><a href = ' java\tscript:x'>y</a><svg/onload=alert(1)><!-- <script> --><title><script></title>",
    );
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "img", "a", "svg", "title"]);
    let bad = check_page(
        Path::new("t.html"),
        "<IMG SRC=&#106;&#97;vascript:alert(1)><a href=' java\tscript:x'>y</a><svg/onload=alert(1)><meta http-equiv=refresh content='0;url=javascript:x'><div style='background:url(x)'>",
    );
    assert_eq!(bad.len(), 6, "{bad:#?}");
    // Escaped markup is text, not tags.
    assert!(check_page(Path::new("t.html"), "<p>&lt;script&gt;alert(1)&lt;/script&gt; onmouseover=\"x\" <a href=\"https://a.cn/\">a</a></p>").is_empty());
}

#[test]
fn hostile_input_never_becomes_markup_in_the_html() {
    let site = hostile_site(&["--no-pdf"]);
    let out = site.out();
    let pages = files_with_extension(&out, &["html", "svg"]);
    assert!(pages.len() >= 2, "{pages:?}");
    let mut bad = Vec::new();
    for p in &pages {
        bad.extend(check_page(p, &std::fs::read_to_string(p).unwrap()));
    }
    assert!(
        bad.is_empty(),
        "active markup from the input:\n{}",
        bad.join("\n")
    );

    // Every vector's paragraph is on the report page, shown as text.
    let page = std::fs::read_to_string(out.join("unit/report.html")).unwrap();
    let (_, text) = tokenize(&page);
    let text = decode_entities(&text);
    let source = fixture_text(HOSTILE);
    let markers = hostile_markers(&source);
    assert!(markers.len() > 70, "{}", markers.len());
    for m in markers {
        assert!(text.contains(m), "{m} missing from the page");
    }
    for literal in [
        "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
        "<svg/onload=alert('XSS')>",
        "#read(\"/etc/passwd\")",
        "<script>alert(\"unit\")</script>江门市工业和信息化局",
    ] {
        assert!(text.contains(literal), "{literal} not shown as text");
    }
}

const LINKS: &str = "hostile/markdown-links.md";

/// The LNKnn markers of the Markdown-links fixture with their lines.
fn link_lines() -> Vec<(String, u64)> {
    fixture_text(LINKS)
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            l.split_whitespace()
                .find(|w| w.starts_with("LNK"))
                .map(|w| (w.to_string(), i as u64 + 1))
        })
        .collect()
}

#[test]
fn script_links_and_escaping_references_are_errors_in_check() {
    let o = SiteBuilder::new()
        .report("links.md", &fixture_text(LINKS))
        .build()
        .check(&["--format", "json"]);
    assert_eq!(o.code, Some(1));
    let doc = o.json();
    let errors = doc["errors"].as_array().unwrap();
    // Each vector line has its error (a table's link is on the row below its marker), except the
    // two that CommonMark reads as plain text.
    for (marker, line) in link_lines() {
        let line = if marker == "LNK15" { line + 2 } else { line };
        let here: Vec<&serde_json::Value> = errors.iter().filter(|e| e["line"] == line).collect();
        if marker == "LNK09" || marker == "LNK10" {
            assert!(here.is_empty(), "{marker}: {here:?}");
            continue;
        }
        assert_eq!(here.len(), 1, "{marker} (line {line}): {here:?}");
        let code = here[0]["code"].as_str().unwrap();
        assert!(code.starts_with("asset-"), "{marker}: {code}");
        assert!(here[0]["hint"].is_string(), "{marker}: no hint");
    }
    let codes: std::collections::BTreeSet<&str> =
        errors.iter().map(|e| e["code"].as_str().unwrap()).collect();
    let want = [
        "asset-absolute",
        "asset-control",
        "asset-missing",
        "asset-outside",
        "asset-scheme",
    ];
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), want);
}

#[test]
fn script_links_render_inert_even_when_not_refused_first() {
    // The renderer on its own (as if `check` had not refused the file): still no active markup.
    let source = fixture_text(LINKS);
    let body = source.splitn(3, "---\n").nth(2).unwrap();
    let html = jixiao::render::html::narrative::to_html(
        &jixiao::narrative::parse(body),
        &jixiao::render::html::narrative::Page::standalone(),
    );
    let bad = check_page(Path::new("narrative"), &html);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let (_, text) = tokenize(&html);
    for (marker, _) in link_lines() {
        assert!(text.contains(&marker), "{marker} dropped");
    }
}
