//! 定量指标: forward, reverse and equal bounds, zero and negative targets, decreases, overflow.

use super::*;

#[test]
fn quantitative_forward() {
    let p = plain_sys;
    let gz = || sys(true, "ratio");
    run(vec![
        case(
            "met",
            p(),
            "{name: 场次, weight: 2.22, target: ≥5, actual: '7'}",
            "2.22",
            None,
            &[],
        ),
        case(
            "met exactly",
            p(),
            "{name: 场次, weight: 2.22, target: 2次, actual: 2次}",
            "2.22",
            None,
            &[],
        ),
        case(
            "bound actual",
            p(),
            "{name: 次数, weight: 2.22, target: 100次, actual: '>100次'}",
            "2.22",
            None,
            &[],
        ),
        case(
            "bound actual %",
            p(),
            "{name: 覆盖率, weight: 2.24, target: 90%, actual: ≥90%}",
            "2.24",
            None,
            &[],
        ),
        // 3/4 = 75.00%; 75.00% × 2 = 1.50
        case(
            "not met",
            p(),
            "{name: 场次, weight: 2, target: 不少于4场, actual: 3场, reason: 疫情}",
            "1.50",
            Some("3/4=75.00%；75.00%*2=1.50"),
            &[],
        ),
        case(
            "not met, no reason",
            p(),
            "{name: 场次, weight: 2, target: 不少于4场, actual: 3场}",
            "1.50",
            Some("3/4=75.00%；75.00%*2=1.50"),
            &["deduction-needs-reason"],
        ),
        // 5/6 = 83.333…% → 83.33%; 83.33% × 3.33 = 2.774889 → 2.77 (the exact 2.775 would give 2.78:
        // the printed percentage is the one multiplied)
        case(
            "printed percent is multiplied",
            p(),
            "{name: 家数, weight: 3.33, target: 6家, actual: 5家, reason: 未完成}",
            "2.77",
            Some("5/6=83.33%；83.33%*3.33=2.77"),
            &[],
        ),
        // −0.5/3 = −16.67%, floored at 0
        case(
            "negative actual",
            p(),
            "{name: 增速, weight: 3.33, target: ≥3, actual: '-0.5', reason: 下滑}",
            "0.00",
            Some("-0.5/3=-16.67%；0.00%*3.33=0.00"),
            &[],
        ),
        // 242/50 = 484%: no halving in this system
        case(
            "484% not halved",
            p(),
            "{name: 人数, weight: 2.22, target: ≥50, actual: '242'}",
            "2.22",
            None,
            &[],
        ),
        // 254/100 = 254.00% > 150% → 1/2 = 0.50
        case(
            "over 150% halved",
            gz(),
            "{name: 家数, weight: 1, target: 100家, actual: 254家}",
            "0.50",
            Some("254/100=254.00%>150%；1/2=0.50"),
            &["halved-over-150"],
        ),
        case(
            "exactly 150% kept",
            gz(),
            "{name: 家数, weight: 1, target: 100家, actual: 150家}",
            "1.00",
            None,
            &[],
        ),
        // 15001/10000 = 150.01% > 150%
        case(
            "150.01% halved",
            gz(),
            "{name: 家数, weight: 2, target: ≥10000, actual: '15001'}",
            "1.00",
            Some("15001/10000=150.01%>150%；2/2=1.00"),
            &["halved-over-150"],
        ),
        case(
            "over 150% excused",
            gz(),
            "{name: 增长, weight: 3.33, target: ≥5%, actual: 12.70%, over_reason: 目标由上级下达}",
            "3.33",
            None,
            &["over-150-excused"],
        ),
        case(
            "halved, stated full",
            gz(),
            "{name: 家数, weight: 1, target: 100家, actual: 254家, score: 1}",
            "0.50",
            Some("254/100=254.00%>150%；1/2=0.50"),
            &["halved-over-150", "score-mismatch"],
        ),
        case(
            "unit mismatch warns, still scores",
            p(),
            "{name: 场数, weight: 2.22, target: 不少于5场(次), actual: 5批次, score: 2.22}",
            "2.22",
            None,
            &["unit-mismatch"],
        ),
        case(
            "unit alternative",
            p(),
            "{name: 场数, weight: 2.22, target: 不少于5场(次), actual: 6次}",
            "2.22",
            None,
            &[],
        ),
        // 1.2亿元 = 12000万元 ≥ 10000万元
        case(
            "money converted",
            p(),
            "{name: 投资, weight: 2, target: ≥10000万元, actual: 1.2亿元}",
            "2.00",
            None,
            &["unit-converted"],
        ),
        case(
            "compound actual needs a score",
            p(),
            "{name: 展位, weight: 2, target: 每届不少于150家, actual: 133届170家，134届160家, score: 2}",
            "2.00",
            None,
            &["score-entered"],
        ),
        case(
            "text actual without score",
            p(),
            "{name: 展位, weight: 2, target: 每届不少于150家, actual: 已完成}",
            "0.00",
            None,
            &["missing-score"],
        ),
    ]);
}

#[test]
fn quantitative_reverse_and_equality() {
    let ratio = || sys(false, "ratio");
    let linear = || sys(false, "linear");
    run(vec![
        case(
            "under the cap",
            ratio(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 80万元}",
            "5.00",
            None,
            &[],
        ),
        case(
            "at the cap",
            linear(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 90万元}",
            "5.00",
            None,
            &[],
        ),
        // 90/100 = 90.00%; × 5 = 4.50
        case(
            "ratio over",
            ratio(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 100万元, reason: 超支}",
            "4.50",
            Some("90/100=90.00%；90.00%*5=4.50"),
            &[],
        ),
        // 1 − 10/90 = 88.888…% → 88.89%; × 5 = 4.4445 → 4.44
        case(
            "linear over",
            linear(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 100万元, reason: 超支}",
            "4.44",
            Some("1-(100-90)/90=88.89%；88.89%*5=4.44"),
            &[],
        ),
        case(
            "linear at twice the target",
            linear(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 180万元, reason: 超支}",
            "0.00",
            Some("1-(180-90)/90=0.00%；0.00%*5=0.00"),
            &[],
        ),
        // 1 − 110/90 = −22.22%, floored
        case(
            "linear beyond twice",
            linear(),
            "{name: 成本, weight: 5, target: ≤90万元, actual: 200万元, reason: 超支}",
            "0.00",
            Some("1-(200-90)/90=-22.22%；0.00%*5=0.00"),
            &[],
        ),
        // 3/4 = 75%; × 2 = 1.50
        case(
            "time limit",
            ratio(),
            "{name: 办结时间, weight: 2, target: 3个工作日内, actual: 4个工作日, reason: 延误}",
            "1.50",
            Some("3/4=75.00%；75.00%*2=1.50"),
            &[],
        ),
        case(
            "plain figure on a cost row is a cap",
            ratio(),
            "{name: 单位成本, weight: 5, target: 90万元, actual: 100万元, reason: 超支}",
            "4.50",
            Some("90/100=90.00%；90.00%*5=4.50"),
            &[],
        ),
        case(
            "equal",
            ratio(),
            "{name: 数量, weight: 2, target: =8个, actual: 8个}",
            "2.00",
            None,
            &[],
        ),
        // 1 − |6 − 8|/8 = 75%; × 2 = 1.50, and the same 2 above
        case(
            "equal, under",
            ratio(),
            "{name: 数量, weight: 2, target: =8个, actual: 6个, reason: 少}",
            "1.50",
            Some("1-|6-8|/8=75.00%；75.00%*2=1.50"),
            &[],
        ),
        case(
            "equal, over",
            ratio(),
            "{name: 数量, weight: 2, target: =8个, actual: 10个, reason: 多}",
            "1.50",
            Some("1-|10-8|/8=75.00%；75.00%*2=1.50"),
            &[],
        ),
        // 1 − 9/8 = −12.5%, floored
        case(
            "equal, far off",
            ratio(),
            "{name: 数量, weight: 2, target: =8个, actual: 17个, reason: 多}",
            "0.00",
            Some("1-|17-8|/8=-12.50%；0.00%*2=0.00"),
            &[],
        ),
    ]);
}

#[test]
fn zero_negative_and_direction_targets() {
    let p = plain_sys;
    run(vec![
        case(
            "<0% met",
            p(),
            "{name: 增速, weight: 3, target: <0%, actual: '-0.5'}",
            "3.00",
            None,
            &["zero-target"],
        ),
        case(
            "<0% not met",
            p(),
            "{name: 增速, weight: 3, target: <0%, actual: 1.2%, reason: 上升}",
            "0.00",
            None,
            &["zero-target"],
        ),
        case(
            "<0% at 0 is not met",
            p(),
            "{name: 增速, weight: 3, target: <0%, actual: 0%, reason: 持平}",
            "0.00",
            None,
            &["zero-target"],
        ),
        case(
            "≥0 met",
            p(),
            "{name: 增速, weight: 3, target: ≥0, actual: '5'}",
            "3.00",
            None,
            &["zero-target"],
        ),
        case(
            "≥-5% met",
            p(),
            "{name: 增速, weight: 3, target: ≥-5%, actual: '-3%'}",
            "3.00",
            None,
            &["zero-target"],
        ),
        case(
            "≥-5% not met",
            p(),
            "{name: 增速, weight: 3, target: ≥-5%, actual: '-7%', reason: 下滑}",
            "0.00",
            None,
            &["zero-target"],
        ),
        case(
            "0起 met",
            p(),
            "{name: 安全事故, weight: 2, target: 0起, actual: 0起}",
            "2.00",
            None,
            &["zero-target"],
        ),
        case(
            "0起 not met",
            p(),
            "{name: 安全事故, weight: 2, target: 0起, actual: 2起, reason: 事故}",
            "0.00",
            None,
            &["zero-target"],
        ),
        case(
            "decrease met",
            p(),
            "{name: 能耗, weight: 2, target: 较去年同期下降, actual: '-0.5'}",
            "2.00",
            None,
            &[],
        ),
        case(
            "decrease in words",
            p(),
            "{name: 能耗, weight: 2, target: 较去年同期下降, actual: 有所下降}",
            "2.00",
            None,
            &[],
        ),
        case(
            "decrease not met",
            p(),
            "{name: 能耗, weight: 2, target: 较去年同期下降, actual: 3%, reason: 上升}",
            "0.00",
            None,
            &[],
        ),
        // 下降5% is a change of at most −5%; 下降6% is −6
        case(
            "decrease by 5%",
            p(),
            "{name: 能耗, weight: 2, target: 较上年下降5%, actual: 同比下降6%}",
            "2.00",
            None,
            &["zero-target"],
        ),
    ]);
}

#[test]
fn overflow_is_a_finding() {
    // 7 × 100 / 1e-27 does not fit in a Decimal.
    let (row, codes, _) = one(
        &plain_sys(),
        "{name: a, weight: 2, target: ≥0.000000000000000000000000001, actual: '7'}",
    );
    assert_eq!(row.score.to_string(), "0.00");
    assert_eq!(codes, ["overflow"]);
}
