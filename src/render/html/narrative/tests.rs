use super::*;
use crate::narrative::{Place, parse, parse_in};

fn html(md: &str) -> String {
    to_html(&parse(md), &Page::standalone())
}

/// pulldown-cmark's own rendering of `md` (CommonMark's reference HTML).
fn reference(md: &str) -> String {
    let mut out = String::new();
    let parser = pulldown_cmark::Parser::new_ext(md, crate::narrative::markdown::options());
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

#[test]
fn the_markup_is_commonmarks() {
    // Everything the renderer writes as the reference renderer does: at the top level (no heading
    // moves down), without raw HTML, footnotes, local links or soft breaks between CJK characters.
    for md in [
        "# 一\n\n## 二\n\n###### 六\n",
        "段落一\n\n段落二 *强调* **加粗** ~~删除~~ `代码 <a>` & < > \" '\n",
        "a  \nb\\\nc\n\nline one\nline two\n",
        "- 一\n- 二\n  - 三\n  - 四\n\n  继续\n- 五\n",
        "1. 一\n2. 二\n\n7. 七\n8. 八\n",
        "- a\n\n- b\n\n  > 引用\n",
        "- a\n  ```\n  x\n  ```\n- b\n---\n",
        "| 指标 | 得分 | c | d |\n|:--|--:|:-:|---|\n| 产出 | 9.5 | x | |\n| 效益 | *10* | | y |\n",
        "> 引用\n> > 嵌套\n\n---\n\n***\n",
        "```rust ignore\nlet a = 1 < 2;\n```\n\n    indented\n    code\n\n```\n```\n",
        "[官网](https://example.gov.cn/a?b=1&c=2 \"标题 \\\"x\\\" 'y'\") <https://a.cn/中文>\n",
        "[邮件](mailto:a@b.cn) [电话](tel:+86-20-1234)\n",
        "&amp; &copy; &#x4E2D; \\* \\_\n",
        "Setext\n===\n\ntext\n***\n",
        "1) a\n1) b\n\n* [x] not a task list\n",
    ] {
        let page = Page {
            top: 1,
            ..Page::standalone()
        };
        assert_eq!(to_html(&parse(md), &page), reference(md), "{md:?}");
    }
    // Images from other sites are refused (`image-external`): their description only, no <img>.
    assert_eq!(
        to_html(
            &parse("![示意 *图* `x`](https://a.cn/x.png \"t\") ![](https://a.cn/%E5%9B%BE.png)\n"),
            &Page::standalone()
        ),
        "<p>示意 <em>图</em> <code>x</code> </p>\n"
    );
}

#[test]
fn soft_break_between_chinese_characters_disappears() {
    assert_eq!(html("部门整体\n绩效目标"), "<p>部门整体绩效目标</p>\n");
    assert_eq!(
        html("完成率为60%。\n下一步"),
        "<p>完成率为60%。下一步</p>\n"
    );
    assert_eq!(html("**绩效**\n目标"), "<p><strong>绩效</strong>目标</p>\n");
    assert_eq!(
        html("见[附表](https://a.cn)\n说明"),
        "<p>见<a href=\"https://a.cn\">附表</a>说明</p>\n"
    );
}

#[test]
fn soft_break_next_to_latin_stays() {
    assert_eq!(html("budget\nperformance"), "<p>budget\nperformance</p>\n");
    assert_eq!(html("共计 5G\n基站"), "<p>共计 5G\n基站</p>\n");
    assert_eq!(html("基站\n5G"), "<p>基站\n5G</p>\n");
}

#[test]
fn raw_html_is_escaped() {
    assert_eq!(
        html("a <b onclick=\"x()\">b</b>"),
        "<p>a &lt;b onclick=\"x()\"&gt;b&lt;/b&gt;</p>\n"
    );
    assert_eq!(
        html("<script>alert(1)</script>\n"),
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n"
    );
    let img = html("<img src=x onerror=alert(1)>");
    assert!(!img.contains("<img"), "{img}");
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
fn dangerous_urls_are_neutralised() {
    for md in [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "<javascript:alert(1)>",
        "[x](//evil.example/x)",
        "![x](mailto:a@b.cn)",
    ] {
        let h = html(md);
        assert_eq!(attr_values(&h), Vec::<&str>::new(), "{md} → {h}");
        assert!(!h.contains("<svg") && !h.contains("<script"), "{md} → {h}");
    }
    assert_eq!(html("[x](javascript:alert(1))"), "<p>x</p>\n");
    assert_eq!(
        html("![示意图](data:image/png;base64,AAAA)"),
        "<p>示意图</p>\n"
    );
    assert_eq!(
        html("[![图](data:x)](https://a.cn)"),
        "<p><a href=\"https://a.cn\">图</a></p>\n",
        "an unsafe image inside a safe link"
    );
}

#[test]
fn a_tree_made_by_hand_is_checked_too() {
    // The renderer does not rely on the reader alone: a web target must still be a safe URL.
    let n = Narrative {
        blocks: vec![Block::Par {
            c: vec![
                Inline::Link {
                    target: Target::Web("javascript:alert(1)".into()),
                    title: String::new(),
                    c: vec![Inline::text("x")],
                },
                Inline::Image {
                    target: Target::Web("tel:1".into()),
                    title: String::new(),
                    c: vec![Inline::text("y")],
                },
                Inline::Image {
                    target: Target::Anchor("top".into()),
                    title: String::new(),
                    c: vec![Inline::text("z")],
                },
            ],
        }],
        footnotes: Vec::new(),
    };
    assert_eq!(to_html(&n, &Page::standalone()), "<p>xyz</p>\n");
}

#[test]
fn local_files_and_reports_link_to_the_output() {
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    let dir = content.join("gz");
    std::fs::create_dir_all(dir.join("图")).unwrap();
    std::fs::write(dir.join("图/1 a.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.join("年报.pdf"), "%PDF-1.4\n").unwrap();
    std::fs::write(dir.join("2022.md"), "").unwrap();
    std::fs::write(dir.join("gone.md"), "").unwrap();
    let n = parse_in(
        "![图一](图/1%20a.png#x) [年报](年报.pdf#p=2) [上年](2022.md#indicators) [删去的](gone.md) [上文](#top) [缺](none.pdf)\n",
        &Place {
            content: &content,
            report_dir: &dir,
        },
    );
    let reports = BTreeSet::from(["gz/2022".to_string()]);
    let page = Page {
        top: 3,
        root: "../",
        reports: Some(&reports),
    };
    assert_eq!(
        to_html(&n, &page),
        "<p><img src=\"../gz/%E5%9B%BE/1%20a.png\" alt=\"图一\" /> \
         <a href=\"../gz/%E5%B9%B4%E6%8A%A5.pdf#p=2\">年报</a> \
         <a href=\"../gz/2022.html#indicators\">上年</a> 删去的 <a href=\"#top\">上文</a> 缺</p>\n"
    );
}

#[test]
fn tables_and_footnotes() {
    let t = html("| 指标 | 得分 |\n|---|---|\n| 预算编制 | 3 |\n");
    assert!(
        t.contains("<table>") && t.contains("<th>指标</th>") && t.contains("<td>3</td>"),
        "{t}"
    );
    let f = html("见说明[^1]。\n\n[^1]: 按月度执行率平均。\n\n其后正文。");
    assert_eq!(
        f,
        "<p>见说明<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>。</p>\n\
         <p>其后正文。</p>\n\
         <section class=\"footnotes\" aria-label=\"注释\">\n\
         <div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
         <p>按月度执行率平均。</p>\n</div>\n</section>\n"
    );
    // Numbered by first reference, as in the PDF, whatever the order of the definitions; a note
    // nobody refers to comes last.
    let f = html("甲[^b]乙[^a]\n\n[^z]: 未引用\n[^a]: 注A\n[^b]: 注B\n");
    assert!(
        f.contains("<a href=\"#fn-b\">1</a>") && f.contains("<a href=\"#fn-a\">2</a>"),
        "{f}"
    );
    let (b, a, z) = (
        f.find("id=\"fn-b\"><sup class=\"footnote-definition-label\">1<")
            .unwrap(),
        f.find("id=\"fn-a\"><sup class=\"footnote-definition-label\">2<")
            .unwrap(),
        f.find("id=\"fn-z\"><sup class=\"footnote-definition-label\">3<")
            .unwrap(),
    );
    assert!(b < a && a < z, "{f}");
}

#[test]
fn headings_move_down() {
    assert_eq!(html("# 一、部门基本情况"), "<h2>一、部门基本情况</h2>\n");
    assert_eq!(html("###### 六"), "<h6>六</h6>\n");
    let page = Page {
        top: 3,
        ..Page::standalone()
    };
    assert_eq!(
        to_html(&parse("# 一\n\n## （一）\n\n#### 1."), &page),
        "<h3>一</h3>\n<h4>（一）</h4>\n<h6>1.</h6>\n"
    );
}

#[test]
fn an_empty_narrative_is_no_html() {
    assert_eq!(html(""), "");
    assert_eq!(html("\n\n  \n"), "");
}

#[test]
fn deep_nesting_renders_without_running_out_of_stack() {
    // `check` refuses more than 12 levels, but the renderers must not fail on what they are given:
    // the tree stops at MAX_TREE_DEPTH levels, deeper content joins the deepest.
    for (md, text) in [
        (format!("{} 深", ">".repeat(3000)), "深"),
        (
            format!("{}x{}", "*a _b ".repeat(1000), "_ c* ".repeat(1000)),
            "x",
        ),
        (
            (0..400)
                .map(|i| format!("{}- 层{i}\n", "  ".repeat(i)))
                .collect(),
            "层399",
        ),
    ] {
        let n = parse(&md);
        let h = to_html(&n, &Page::standalone());
        assert!(h.contains(text), "{h}");
        let json = serde_json::to_string(&n).unwrap();
        assert!(json.contains(text));
    }
}
