//! The hostile report (`tests/hostile/xss-and-typst.md`) typeset as a PDF: author text reaches Typst
//! as data, never as code. Typst markup and code (`#read("/etc/passwd")`, `#set page(…)`,
//! `#{ panic() }`, `$…$`, comments) and HTML are shown literally in the PDF's text, nothing is
//! evaluated (no file is read into it, the build does not fail on a `panic`), and the report is all
//! there. Needs the pinned typst and fonts (`scripts/install-tools.sh`) and `pdftotext`
//! (poppler-utils, `--test-deps`).

use crate::support::pdf::{pdf_text, tools_and_poppler_or_skip, tools_or_skip};
use crate::support::{HOSTILE, SiteBuilder, fixture_text, hostile_markers, hostile_site};

/// Text compared without the whitespace, line breaks and hyphens typesetting adds.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{00AD}' | '\u{2010}'))
        .collect()
}

#[test]
fn hostile_input_is_shown_literally_in_the_pdf() {
    if !tools_and_poppler_or_skip("hostile_input_is_shown_literally_in_the_pdf", "pdftotext") {
        return;
    }
    let site = hostile_site(&[]);
    let text = pdf_text(&site.path("build/unit/report.pdf"));
    let flat = squeeze(&text);

    // Typst code in the narrative, front-matter and a code block: shown, not run.
    let literals = [
        r#"TYP00 #read("/etc/passwd")"#,
        r#"TYP01 #import "/etc/passwd": *"#,
        r#"TYP02 #include "/etc/passwd""#,
        "TYP03 #set page(fill: red)",
        "TYP04 #set text(size: 0pt)",
        "TYP05 #show: x => none",
        r#"TYP06 #{ panic("注入") }"#,
        r#"TYP07 #eval("1 + 1")"#,
        r#"TYP08 #let x = read("report.json")"#,
        r#"TYP12 #link("javascript:alert(1)")[点击]"#,
        "TYP16 // 注释不应消失",
        "TYP17 /* 没有结束的注释",
        "TYP20 ]) ) } ] #( #[ #{",
        r#"#read("/etc/passwd") </code></pre><script>alert("code")</script>"#,
        // HTML in the narrative and in front-matter fields: text too.
        r#"XSS02 <IMG SRC="javascript:alert('XSS');">"#,
        r#"XSS47 <BASE HREF="javascript:alert('XSS');//">"#,
        r#"<script>alert("unit")</script>江门市工业和信息化局"#,
        r#""><img src=x onerror=alert(1)>#read("/etc/passwd") 项目绩效自评"#,
        "培训场次 #set text(red)",
    ];
    let missing: Vec<&str> = literals
        .iter()
        .copied()
        .filter(|l| !flat.contains(&squeeze(l)))
        .collect();
    assert!(
        missing.is_empty(),
        "not shown literally: {missing:#?}\n--- PDF text ---\n{text}"
    );
    // Nothing was evaluated: no file content read in, no page set to zero-size text.
    assert!(!text.contains("root:x:0:0"), "a file was read into the PDF");
    let json_leak = text.contains("\"narrative\"") || text.contains("\"groups\":");
    assert!(!json_leak, "report.json was read into the PDF");
    // The whole narrative is there: every marker, in order.
    let source = fixture_text(HOSTILE);
    let mut at = 0;
    for m in hostile_markers(&source) {
        let i = flat[at..]
            .find(m)
            .unwrap_or_else(|| panic!("{m} missing or out of order in the PDF"));
        at += i + m.len();
    }
}

#[test]
fn the_deepest_narrative_check_allows_still_typesets() {
    if tools_or_skip("the_deepest_narrative_check_allows_still_typesets").is_none() {
        return;
    }
    // `jixiao check` refuses nesting deeper than narrative::MAX_DEPTH; anything it lets through
    // must make a PDF.
    let max = jixiao::narrative::limits::MAX_DEPTH;
    let head = fixture_text("hostile/markdown-links.md");
    let head = head.split("\n---\n").next().unwrap();
    let mut body = format!("{} 引用到底\n\n", "> ".repeat(max - 1));
    for i in 0..max / 2 {
        body.push_str(&format!("{}- 第{}层\n", "  ".repeat(i), i + 1));
    }
    body.push('\n');
    body.push_str(&format!(
        "{}最深的强调{}\n",
        "*甲 _乙 ".repeat((max - 1) / 2),
        "_ 丙* ".repeat((max - 1) / 2)
    ));
    assert!(
        jixiao::narrative::limits::check_nesting(&body, 0).is_none(),
        "the fixture went over the limit"
    );
    let site = SiteBuilder::new()
        .report("deep.md", &format!("{head}\n---\n\n{body}"))
        .build();
    site.build(&[]).success();
    assert!(site.path("build/deep.pdf").is_file());
    // One level more is refused by check, before any rendering.
    site.write(
        "content/deep.md",
        format!("{head}\n---\n\n{}太深\n", "> ".repeat(max + 1)),
    );
    let o = site.check(&[]);
    assert_eq!(o.code, Some(1));
    assert!(o.stdout.contains("narrative-too-deep"));
}
