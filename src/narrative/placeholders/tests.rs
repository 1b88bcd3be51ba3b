use super::*;

#[test]
fn sentences() {
    let d = |s: &str| Decimal::from_str_exact(s).unwrap();
    assert_eq!(
        sentence(d("10"), d("9.35")),
        "分值 10 分，自评得 9.35 分，扣 0.65 分。"
    );
    assert_eq!(sentence(d("5.00"), d("5.00")), "分值 5 分，自评得 5 分。");
    assert_eq!(
        sentence(d("10"), d("5.13")),
        "分值 10 分，自评得 5.13 分，扣 4.87 分。"
    );
}

/// The narrative `md` (at byte 10 of its file) expanded with a few fixed values.
fn expanded(md: &str) -> (Narrative, Vec<Diagnostic>) {
    let value = |inner: &str| -> Result<String, Miss> {
        match inner.trim() {
            "total" => Ok("90.74".into()),
            "grade" => Ok("优".into()),
            "formula: 率" => Ok("(1+2)*3*4=36".into()),
            other => Err((format!("无 {other}"), "unknown".into(), "hint".into())),
        }
    };
    let (draft, _) = crate::narrative::read(md, 10, None);
    let mut diags = Vec::new();
    let n = expand_with(draft, &value, &mut diags);
    (n, diags)
}

fn json(n: &Narrative) -> serde_json::Value {
    serde_json::to_value(n).unwrap()
}

#[test]
fn scan_finds_every_brace_pair() {
    let md = "a {{ total }} \\{{ x }} {{ open\n{{grade}}";
    assert_eq!(
        scan(md),
        [
            Mark::Placeholder {
                start: 2,
                end: 13,
                inner: " total ".into()
            },
            Mark::Escape { at: 14 },
            Mark::Unclosed { at: 23 },
            Mark::Placeholder {
                start: 31,
                end: 40,
                inner: "grade".into()
            },
        ]
    );
}

#[test]
fn values_go_where_they_were_written() {
    let (n, diags) = expanded(
        "# 得分 {{ total }}\n\n自评得分 {{ total }} 分，等级“{{ grade }}”。\n\n| 总分 |\n|---|\n| **{{ total }}** |\n\n`{{ total }}` 与 `\\{{ total }}`\n\n```\n{{ grade }}\n```\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let v = json(&n);
    assert_eq!(v["blocks"][0]["c"][0]["s"], "得分 90.74");
    assert_eq!(v["blocks"][1]["c"][0]["s"], "自评得分 90.74 分，等级“优”。");
    assert_eq!(v["blocks"][2]["rows"][0][0][0]["c"][0]["s"], "90.74");
    assert_eq!(
        v["blocks"][3]["c"],
        serde_json::json!([
            {"t": "code", "s": "90.74"}, {"t": "text", "s": " 与 "}, {"t": "code", "s": "{{ total }}"}
        ])
    );
    assert_eq!(v["blocks"][4]["text"], "优");
}

#[test]
fn a_value_is_text_not_markdown() {
    // Read as Markdown, `*3*` would be emphasis.
    let (n, diags) = expanded("公式：{{ formula: 率 }}。\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        json(&n)["blocks"][0]["c"],
        serde_json::json!([{"t": "text", "s": "公式：(1+2)*3*4=36。"}])
    );
}

#[test]
fn escaped_braces_stay_literal() {
    let (n, diags) = expanded("显示 \\{{ total }} 本身\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(json(&n)["blocks"][0]["c"][0]["s"], "显示 {{ total }} 本身");
}

#[test]
fn a_placeholder_read_as_several_texts_is_still_replaced() {
    // A lone `*` splits the text into three; the three were written side by side.
    let (n, diags) = expanded("值 {{ total }}* 与 {{ grade }}\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(json(&n)["blocks"][0]["c"][0]["s"], "值 90.74* 与 优");
}

#[test]
fn soft_breaks_are_decided_with_the_values() {
    // `{{` is no CJK character, but 优 is: the line break disappears.
    let (n, _) = expanded("评价等级为\n{{ grade }}，总分\n{{ total }}\n");
    assert_eq!(
        json(&n)["blocks"][0]["c"][0]["s"],
        "评价等级为优，总分 90.74"
    );
}

#[test]
fn problems_are_placed_in_the_file() {
    let md = "a {{ nope }} b {{ open\n\n[链接](https://a.cn \"{{ total }}\")\n";
    let (n, diags) = expanded(md);
    let got: Vec<(&str, usize, usize)> = diags
        .iter()
        .map(|d| {
            let s = d.span.unwrap();
            (d.code, s.start - 10, s.end - 10)
        })
        .collect();
    let title = md.find("{{ total").unwrap();
    assert_eq!(
        got,
        [
            ("bad-placeholder", 2, 12),
            ("unclosed-placeholder", 15, 17),
            ("placeholder-in-markup", title, title + 11),
        ]
    );
    // Left as written.
    assert_eq!(json(&n)["blocks"][0]["c"][0]["s"], "a {{ nope }} b {{ open");
}
