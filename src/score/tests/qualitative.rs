//! 定性与评判: bands of a stated result, readings of the actual, judged rows.

use super::*;

#[test]
fn qualitative_bands() {
    let p = plain_sys;
    // weight 5: 达成 [4, 5], 部分达成 [3, 4), 未达成 [0, 3)
    run(vec![
        case(
            "partial in band",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 3.5, reason: 一般}",
            "3.50",
            None,
            &[],
        ),
        case(
            "partial at its low end",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 3, reason: 一般}",
            "3.00",
            None,
            &[],
        ),
        case(
            "partial above its band",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 4.5, reason: 一般}",
            "4.50",
            None,
            &["score-outside-band"],
        ),
        case(
            "partial at 80% is achieved's",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 4, reason: 一般}",
            "4.00",
            None,
            &["score-outside-band"],
        ),
        case(
            "failed at 60% is partial's",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 未达成, score: 3, reason: 差}",
            "3.00",
            None,
            &["score-outside-band"],
        ),
        // weight 0.87: 部分达成 starts at 0.6 × 0.87 = 0.522, printed 0.52 (seed 004's ⑤)
        case(
            "partial at its rounded low end",
            p(),
            "{name: 团队数量, weight: 0.87, rule: qualitative, result: 部分达成, score: 0.52, reason: 政策未出台}",
            "0.52",
            None,
            &[],
        ),
        case(
            "partial below its rounded low end",
            p(),
            "{name: 团队数量, weight: 0.87, rule: qualitative, result: 部分达成, score: 0.51, reason: 政策未出台}",
            "0.51",
            None,
            &["score-outside-band"],
        ),
        case(
            "achieved at 80%",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 4, reason: 略差}",
            "4.00",
            None,
            &[],
        ),
        case(
            "achieved at 100%",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 5}",
            "5.00",
            None,
            &[],
        ),
        case(
            "achieved below 80%",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 3.9, reason: 略差}",
            "3.90",
            None,
            &["score-outside-band"],
        ),
        case(
            "achieved, no score",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 达成}",
            "5.00",
            None,
            &[],
        ),
        case(
            "partial, no score: low end",
            p(),
            "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成}",
            "3.00",
            None,
            &["qualitative-needs-score"],
        ),
        case(
            "same text",
            p(),
            "{name: 资金使用合规性, weight: 2.24, target: 合规, actual: 合规}",
            "2.24",
            None,
            &[],
        ),
        case(
            "safe",
            p(),
            "{name: 办公环境, weight: 3.33, target: 安全, actual: 安全}",
            "3.33",
            None,
            &[],
        ),
        case(
            "有所提高 / 有提高",
            p(),
            "{name: 认知, weight: 3.33, target: 有所提高, actual: 有提高}",
            "3.33",
            None,
            &["qualitative-inferred"],
        ),
        case(
            "cannot tell",
            p(),
            "{name: 认知, weight: 3.33, target: 有所提高, actual: 未提高}",
            "0.00",
            None,
            &["qualitative-needs-score"],
        ),
        case(
            "score entered without result",
            p(),
            "{name: 认知, weight: 3.33, target: 有所提高, actual: 略有变化, score: 2.5, reason: 一般}",
            "2.50",
            None,
            &[],
        ),
        // 未达成 band [0, 60%): 1 of 3.33 is 30%
        case(
            "compound target",
            p(),
            "{name: 人才, weight: 3.33, target: 领军团队10个、领军人才30人, actual: 6个团队, result: 未达成, score: 1, reason: 政策未出台}",
            "1.00",
            None,
            &["compound-target"],
        ),
        case(
            "comparative, explicit qualitative",
            p(),
            "{name: 增速, weight: 3.33, rule: qualitative, target: 高于当年全市规上工业增加值增速, actual: '-0.5', result: 未达成, score: 0, reason: 下滑}",
            "0.00",
            None,
            &[],
        ),
        case(
            "comparative under a quantitative rule",
            p(),
            "{name: 增速, weight: 3.33, rule: quantitative, target: 高于当年全市规上工业增加值增速, actual: '7.7', score: 3.33}",
            "3.33",
            None,
            &["comparative-target"],
        ),
    ]);
}

#[test]
fn judged() {
    let p = plain_sys;
    run(vec![
        case(
            "deduction with reason",
            p(),
            "{name: 资产管理合规性, weight: 2, score: 1.5, reason: 存在闲置资产}",
            "1.50",
            None,
            &[],
        ),
        case(
            "deduction without reason",
            p(),
            "{name: 资产管理合规性, weight: 2, score: 1.5}",
            "1.50",
            None,
            &["deduction-needs-reason"],
        ),
        case(
            "placeholder reason",
            p(),
            "{name: 资产管理合规性, weight: 2, score: 1.5, reason: /}",
            "1.50",
            None,
            &["deduction-needs-reason"],
        ),
        case(
            "no score: an error, never silent full marks",
            p(),
            "{name: 监管有效性, weight: 8}",
            "0.00",
            None,
            &["judged-needs-score"],
        ),
        case(
            "no score under a system whose rule is full marks (judged_default: full)",
            judged_full(),
            "{name: 监管有效性, weight: 8}",
            "8.00",
            None,
            &[],
        ),
        case(
            "above the weight",
            p(),
            "{name: 监管有效性, weight: 2, score: 3}",
            "2.00",
            None,
            &["score-out-of-range"],
        ),
        case(
            "negative",
            p(),
            "{name: 监管有效性, weight: 2, score: -1, reason: 严重}",
            "0.00",
            None,
            &["score-out-of-range"],
        ),
    ]);
}

/// The test system with `judged_default: full` (广州 部门整体: 未扣分的得满分).
fn judged_full() -> System {
    system::parse(
        &system_text(false, "ratio", 2)
            .replace("  decimals: 2\n", "  decimals: 2\n  judged_default: full\n"),
    )
    .unwrap()
}
