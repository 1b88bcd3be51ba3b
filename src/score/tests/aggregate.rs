//! 汇总指标: sums of items, item weights, counts, halving per item.

use super::*;
use crate::diag::Severity;

#[test]
fn aggregates() {
    let p = plain_sys;
    let gz = || sys(true, "ratio");
    // items 4 + 1.50 + 3 (2个 of 1个 → 50%; 50% × 3 = 1.50)
    const ITEMS: &str = "{name: 产出指标完成情况, weight: 10, ITEMS}";
    let items = |extra: &str, w: [&str; 3]| -> String {
        ITEMS.replace(
            "ITEMS",
            &format!(
                "{extra}items: [{{name: 场次, weight: {}, target: ≥5, actual: '7'}}, {{name: 政策, weight: {}, target: 2个, actual: 1个, reason: 未出台}}, {{name: 合规, weight: {}, target: 合规, actual: 合规}}]",
                w[0], w[1], w[2]
            ),
        )
    };
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    run(vec![
        case(
            "sum of items",
            p(),
            leak(items("", ["4", "3", "3"])),
            "8.50",
            Some("4.00+1.50+3.00=8.50"),
            &[],
        ),
        case(
            "count mismatch",
            p(),
            leak(items("stated_count: 19, ", ["4", "3", "3"])),
            "8.50",
            Some("4.00+1.50+3.00=8.50"),
            &["count-mismatch"],
        ),
        case(
            "item weights mismatch",
            p(),
            leak(items("", ["4", "3", "2"])),
            "7.50",
            Some("4.00+1.50+2.00=7.50"),
            &["item-weights-mismatch"],
        ),
        case(
            "stated aggregate differs",
            p(),
            leak(items("score: 9, ", ["4", "3", "3"])),
            "8.50",
            Some("4.00+1.50+3.00=8.50"),
            &["score-mismatch"],
        ),
        case(
            "no items, score entered",
            p(),
            "{name: 产出指标完成情况, weight: 20, rule: aggregate, score: 18.79}",
            "18.79",
            None,
            &["score-entered"],
        ),
        // 10 shared by 4 items: 2.50 each; 1/2 of the third → 1.25
        case(
            "items without weights",
            p(),
            "{name: 产出, weight: 10, items: [{name: a, target: ≥1, actual: '1'}, {name: b, target: ≥1, actual: '1'}, {name: c, target: ≥2, actual: '1', reason: 少}, {name: d, target: 合规, actual: 合规}]}",
            "8.75",
            Some("2.50+2.50+1.25+2.50=8.75"),
            &["item-weight-assumed"],
        ),
        // halving applies per item: 254/100 on a 2-point item → 1.00
        case(
            "halving per item",
            gz(),
            "{name: 产出, weight: 4, items: [{name: a, weight: 2, target: 100家, actual: 254家}, {name: b, weight: 2, target: 合规, actual: 合规}]}",
            "3.00",
            Some("1.00+2.00=3.00"),
            &["halved-over-150"],
        ),
    ]);
}

#[test]
fn aggregate_count_message_gives_both_numbers() {
    let (_, _, s) = one(
        &plain_sys(),
        "{name: 产出, weight: 2, stated_count: 19, items: [{name: a, weight: 1, target: ≥1, actual: '1'}, {name: b, weight: 1, target: ≥1, actual: '1'}]}",
    );
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "count-mismatch")
        .unwrap();
    assert_eq!(f.zh, "报告称设置了 19 个指标，实际列出 2 个");
    assert_eq!(f.en, "states 19 indicators, lists 2");
    assert_eq!(f.severity, Severity::Warning);
}
