//! 四舍五入: scores with the system's decimals.

use super::*;

#[test]
fn scores_print_with_the_system_decimals() {
    let (row, _, s) = one(&plain_sys(), "{name: 支出率, weight: 5, rate: 92%}");
    // 92% × 5 = 4.6 → "4.60"
    assert_eq!(row.score.to_string(), "4.60");
    assert_eq!(row.deduction.to_string(), "0.40");
    assert_eq!(
        row.completion.map(|c| c.to_string()).as_deref(),
        Some("92.00")
    );
    assert_eq!(s.total.to_string(), "4.60");
    assert_eq!(serde_json::to_value(&row).unwrap()["score"], "4.60");
}
