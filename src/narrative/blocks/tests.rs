use super::*;
use crate::narrative::parse;
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
    let n =
        parse("a **b** [c](http://x)\n\n| d |\n|---|\n| e |\n\n```\nf\n```\n\n[^1]\n\n[^1]: g\n");
    assert_eq!(strings(&n), vec!["a ", "b", " ", "c", "d", "e", "f", "g"]);
}

#[test]
fn the_tree_keeps_what_the_html_needs() {
    let n = parse(
        "- a\n- b\n\n1. c\n\n   d\n\n<div>x</div>\n\n```rust\nlet a;\n```\n\n增加值\n5,145.89\n\n![图](https://a.cn/x.png \"说明\")\n",
    );
    let tight = |b: &Block| match b {
        Block::List { tight, .. } => *tight,
        other => panic!("{other:?}"),
    };
    assert!(tight(&n.blocks[0]), "no blank line between the items");
    assert!(!tight(&n.blocks[1]), "a blank line inside an item");
    assert_eq!(
        n.blocks[2],
        Block::Code {
            text: "<div>x</div>\n".into(),
            lang: None,
            html: true,
            src: Src::default()
        }
    );
    assert!(matches!(&n.blocks[3], Block::Code { lang: Some(l), html: false, .. } if l == "rust"));
    // A soft break that stays is kept as such (a newline in HTML, a space in the PDF).
    assert_eq!(
        n.blocks[4],
        Block::Par {
            c: vec![
                Inline::text("增加值"),
                Inline::Soft,
                Inline::text("5,145.89")
            ]
        }
    );
    assert_eq!(
        n.blocks[5],
        Block::Par {
            c: vec![Inline::Image {
                // An image from another site is refused: text only.
                target: Target::Refused,
                title: "说明".into(),
                c: vec![Inline::text("图")],
            }]
        }
    );
}

#[test]
fn the_json_is_what_typst_reads() {
    // Soft breaks are spaces, images their description, code blocks without the last newline, and an
    // empty paragraph (an image without a description) is left out.
    let v = tree("增加值\n5,145.89 见![示意图](x.png)。\n\n![](y.png)\n\n<p>\nx\n</p>\n");
    assert_eq!(
        v["blocks"],
        json!([
            {"t": "par", "c": [{"t": "text", "s": "增加值 5,145.89 见示意图。"}]},
            {"t": "code", "text": "<p>\nx\n</p>"},
        ])
    );
}

#[test]
fn files_lists_every_attachment_in_order() {
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    let dir = content.join("gz");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::write(dir.join("images/1.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.join("a.pdf"), "%PDF-1.4\n").unwrap();
    std::fs::write(dir.join("2022.md"), "---\n---\n").unwrap();
    let place = crate::narrative::Place {
        content: &content,
        report_dir: &dir,
    };
    let n = crate::narrative::parse_in(
        "![图](images/1.png) [年报](a.pdf#p2) [上年](2022.md#x)\n\n[^1]\n\n[^1]: 见[附件](a.pdf)\n",
        &place,
    );
    let files: Vec<&str> = n.files().into_iter().map(|(out, _)| out).collect();
    assert_eq!(files, ["gz/images/1.png", "gz/a.pdf", "gz/a.pdf"]);
    let mut links = Vec::new();
    n.each_inline(&mut |i| {
        if let Inline::Link { target, .. } = i {
            links.push(target.clone());
        }
    });
    assert!(
        matches!(&links[0], Target::File { output, fragment, .. } if output == "gz/a.pdf" && fragment == "#p2")
    );
    assert_eq!(
        links[1],
        Target::Report {
            slug: "gz/2022".into(),
            fragment: "#x".into()
        }
    );
}
