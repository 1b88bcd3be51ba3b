//! 预算执行表: the computed rate against the stated one.

use super::*;

#[test]
fn budget_rates() {
    let src = |rate: &str| {
        format!(
            "{HEAD}budget:\n  total: {{budget: '79,776.38', spent: '76,740.31', rate: {rate}}}\n  basic: 3247.7\nindicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 100, score: 100}}\n"
        )
    };
    // 76,740.31 / 79,776.38 = 96.194…% → 96.19% (seed 004 states 92.13%)
    let s = score(&read(&src("92.13%")), &plain_sys());
    assert_eq!(
        s.budget[0].rate.map(|r| r.to_string()).as_deref(),
        Some("96.19")
    );
    assert_eq!(s.budget[0].label, "总预算");
    assert_eq!(s.budget[1].rate, None);
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["rate-mismatch"]);
    assert_eq!(s.findings[0].en, "stated 92.13%, computed 96.19%");
    assert!(
        s.findings[0].zh.contains("76,740.31/79,776.38=96.19%"),
        "{}",
        s.findings[0].zh
    );
    for ok in ["96.19%", "96.2%", "96.19"] {
        assert!(
            score(&read(&src(ok)), &plain_sys()).findings.is_empty(),
            "{ok}"
        );
    }
}
