//! The HTML and the PDF draw the same tree: where the former copies of the soft-break rule (`is_cjk`)
//! and of the URL check (`safe_url`) disagreed, both renderers now say the same; and the narrative
//! is parsed once per report.

use super::*;
use crate::render::html::narrative::{Page, to_html};

/// The narrative's HTML and the PDF's JSON, from the one tree.
fn both(md: &str) -> (String, serde_json::Value) {
    let n = parse(md);
    (
        to_html(&n, &Page::standalone()),
        serde_json::to_value(&n).unwrap(),
    )
}

/// Asserts that the paragraph `md` reads `want` in both: `\n` where a line break stays (a newline in
/// HTML, a space in the PDF).
fn same_text(md: &str, want: &str) {
    let (html, json) = both(md);
    assert_eq!(html, format!("<p>{want}</p>\n"), "HTML of {md:?}");
    assert_eq!(
        json["blocks"][0]["c"],
        serde_json::json!([{"t": "text", "s": want.replace('\n', " ")}]),
        "PDF of {md:?}"
    );
}

#[test]
fn a_dash_joins_lines_in_both() {
    // Was: joined in HTML, a space in the PDF.
    same_text("他说——\n我们要继续努力。", "他说——我们要继续努力。");
    same_text("一字线连接号\n—\n之后", "一字线连接号—之后");
}

#[test]
fn a_middle_dot_joins_lines_in_both() {
    // Was: joined in HTML, a space in the PDF.
    same_text("诺尔曼·\n白求恩", "诺尔曼·白求恩");
}

#[test]
fn hangul_keeps_its_space_in_both() {
    // Was: kept in HTML, joined in the PDF. Korean separates words with spaces.
    same_text("성과 평가\n보고서", "성과 평가\n보고서");
}

#[test]
fn katakana_extensions_join_in_both() {
    // Was (ㇰ U+31F0, katakana phonetic extensions): a space in HTML, joined in the PDF.
    same_text("アイヌ語のㇰ\nㇱ", "アイヌ語のㇰㇱ");
    same_text("かな\nカナ", "かなカナ");
}

#[test]
fn european_quotes_do_not_join_in_both() {
    // Was („ U+201E): a space in HTML, joined in the PDF.
    same_text("引文\n„Zitat“", "引文\n„Zitat“");
}

#[test]
fn scheme_forms_are_links_in_both_or_in_neither() {
    for (md, url) in [
        // Were: a link in HTML, text in the PDF.
        ("[a](http:foo)", Some("http:foo")),
        ("[a](HTTPS:example.org)", Some("HTTPS:example.org")),
        ("[a](https:/x)", Some("https:/x")),
        // Agreed already, and still do.
        ("[a](HTTP://A.CN)", Some("HTTP://A.CN")),
        ("[a](< https://a.cn>)", Some("https://a.cn")),
        ("[a](mailto:a@b.cn)", Some("mailto:a@b.cn")),
        ("[a](tel:+86-20)", Some("tel:+86-20")),
        ("[a](<ht\ttp://x>)", None),
        ("[a](<\u{feff}https://a.cn>)", None),
        ("[a](//evil.example/x)", None),
        ("[a](javascript:x)", None),
        ("[a](data:text/html,x)", None),
    ] {
        let (html, json) = both(md);
        let link = &json["blocks"][0]["c"][0];
        assert_eq!(link["t"], "link", "{md:?}");
        assert_eq!(link["url"].as_str(), url, "PDF of {md:?}");
        let want = match url {
            Some(u) => format!("<p><a href=\"{u}\">a</a></p>\n"),
            None => "<p>a</p>\n".to_string(),
        };
        assert_eq!(html, want, "HTML of {md:?}");
    }
}

#[test]
fn the_narrative_is_parsed_once_per_report() {
    // The count is per thread and the pipeline runs in parallel (rayon): run it all on one thread
    // of a pool of its own.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(parsed_once_per_report);
}

fn parsed_once_per_report() {
    let parses = || read::PARSES.with(|p| p.get());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = parses();
    let site = crate::pipeline::Site::load(root).unwrap();
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    assert!(site.entries.len() >= 5);
    assert!(site.entries.iter().any(|e| !e.narrative.blocks.is_empty()));
    assert_eq!(parses() - before, site.entries.len(), "loading");
    // Rendering the HTML and the PDF's data reads nothing again.
    let t = tempfile::tempdir().unwrap();
    let theme = crate::render::Theme::for_site(&site).unwrap();
    let stage = crate::write::Stage::new(&t.path().join("out")).unwrap();
    crate::render::html::render(&site, &theme, &stage).unwrap();
    let info = crate::render::pdf::SiteInfo::of(&site);
    for e in &site.entries {
        let view = crate::render::view::ReportView::new(&site, e);
        let json = crate::render::pdf::report_json(&view, &info).unwrap();
        assert!(json["narrative"]["blocks"].is_array());
    }
    assert_eq!(parses() - before, site.entries.len(), "rendering");
}

#[test]
fn each_prompt_of_the_skeleton_is_a_warning_at_it() {
    // "## 一\n\n" is 8 bytes; the prompt is nine 3-byte characters.
    let md = "## 一\n\n（填写：写职能。）\n\n已写的段落（不是提示）。\n\n（一）情况：（填写：逐项写出。）\n";
    let d = super::unfilled_prompts(md, 100);
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].code, "unfilled-prompt");
    assert_eq!(d[0].severity, crate::diag::Severity::Warning);
    let s = d[0].span.unwrap();
    assert_eq!((s.start, s.end), (108, 135));
    // The second is inside its line, after “（一）情况：” (18 bytes), and ends at its own ）.
    let line = md.find("（一）").unwrap();
    let s = d[1].span.unwrap();
    assert_eq!(s.start, 100 + line + 18);
    assert_eq!(&md[s.start - 100..s.end - 100], "（填写：逐项写出。）");
    assert!(super::unfilled_prompts("没有提示。（填写不是这样）", 0).is_empty());
}
