//! 执行率: given and computed rates, adjustments, the stated score checked against the formula.

use super::*;
use crate::diag::Severity;

#[test]
fn rates() {
    let p = plain_sys;
    run(vec![
        // 92.31% × 5 = 4.6155 → 4.62 (seed 000)
        case(
            "given rate",
            p(),
            "{name: 专项资金支出率, weight: 5, rate: 92.31%}",
            "4.62",
            Some("92.31%*5=4.62"),
            &["deduction-needs-reason"],
        ),
        // 425,020.15 / 447,790.64 = 94.9149…% → 94.91%; × 5 = 4.7455 → 4.75 (seed 003)
        case(
            "computed rate",
            p(),
            "{name: 专项资金支出率, weight: 5, spent: '425,020.15', budget: '447,790.64', score: 4.75}",
            "4.75",
            Some("94.91%*5=4.75"),
            &["deduction-needs-reason"],
        ),
        // (1033.48 + 100.63) / (1435 − 300) = 1134.11 / 1135 = 99.9216% → 99.92%; × 12 = 11.9904 → 11.99
        case(
            "adjusted execution",
            p(),
            "{name: 资金支出率, weight: 12, spent: 1033.48, pending: 100.63, budget: 1435, cut: 300, adjust_reason: 年中压减300万元, score: 11.99}",
            "11.99",
            Some("(1033.48+100.63)/(1435-300)*12=11.99"),
            &["deduction-needs-reason"],
        ),
        case(
            "adjustment without reason",
            p(),
            "{name: 资金支出率, weight: 12, spent: 1033.48, pending: 100.63, budget: 1435, cut: 300}",
            "11.99",
            Some("(1033.48+100.63)/(1435-300)*12=11.99"),
            &["adjustment-needs-reason", "deduction-needs-reason"],
        ),
        // 900 / (1000 − 100) = 100%
        case(
            "cut only",
            p(),
            "{name: 资金支出率, weight: 12, spent: 900, budget: 1000, cut: 100, adjust_reason: 压减}",
            "12.00",
            Some("900/(1000-100)*12=12.00"),
            &[],
        ),
        case(
            "budget cut to nothing",
            p(),
            "{name: 资金支出率, weight: 12, spent: 900, budget: 300, cut: 300, adjust_reason: 压减}",
            "0.00",
            None,
            &["bad-budget", "deduction-needs-reason"],
        ),
        case(
            "over 100%",
            p(),
            "{name: 支出率, weight: 5, rate: 105%}",
            "5.00",
            Some("105.00%>100%；100%*5=5.00"),
            &["rate-over-100"],
        ),
        // 12.5% × 1 = 0.125 → 0.13 (half away from zero, not to even)
        case(
            "tie rounds up",
            p(),
            "{name: 支出率, weight: 1, rate: 12.5%}",
            "0.13",
            Some("12.50%*1=0.13"),
            &["deduction-needs-reason"],
        ),
        case(
            "no inputs, score entered",
            p(),
            "{name: 部门预算资金支出率, weight: 5, rule: rate, score: 4.81}",
            "4.81",
            None,
            &["deduction-needs-reason", "score-entered"],
        ),
        case(
            "no inputs, no score",
            p(),
            "{name: 部门预算资金支出率, weight: 5, rule: rate}",
            "0.00",
            None,
            &["missing-score"],
        ),
        case(
            "stated differs",
            p(),
            "{name: 专项资金支出率, weight: 5, rate: 92.31%, score: 4.6}",
            "4.62",
            Some("92.31%*5=4.62"),
            &["deduction-needs-reason", "score-mismatch"],
        ),
    ]);
}

#[test]
fn score_mismatch_points_at_the_stated_value() {
    // 93.5% × 10 = 9.35
    let src = one_src("{name: 支出率, weight: 10, rate: 93.5%, score: 9.4}");
    let s = score(&read(&src), &plain_sys());
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "score-mismatch")
        .unwrap();
    assert_eq!(f.zh, "自评分 9.40 与按规则计算的 9.35 不符");
    assert_eq!(f.en, "stated 9.40, computed 9.35");
    assert_eq!(f.severity, Severity::Warning);
    let at = src.find("9.4}").unwrap();
    assert_eq!(f.span, Some(Span::new(at, at + 3)));
    assert!(
        f.hint.as_deref().unwrap().contains("93.50%*10=9.35"),
        "{:?}",
        f.hint
    );
}
