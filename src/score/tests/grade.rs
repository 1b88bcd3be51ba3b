//! 评价等级 at its boundaries.

use super::*;

#[test]
fn grades_at_the_boundaries() {
    for (total, grade) in [
        ("100", Grade::Excellent),
        ("90.00", Grade::Excellent),
        ("89.99", Grade::Good),
        ("80", Grade::Good),
        ("79.99", Grade::Fair),
        ("60", Grade::Fair),
        ("59.99", Grade::Poor),
        ("0", Grade::Poor),
    ] {
        assert_eq!(Grade::of(d(total)), grade, "{total}");
    }
    // Through the engine: judged rows 89.99 of 100.
    let src = format!(
        "{HEAD}indicators:\n  - name: 管理\n    groups:\n      - name: 管理\n        rows:\n          - {{name: a, weight: 90, score: 79.99, reason: 扣分}}\n          - {{name: b, weight: 10, score: 10}}\n"
    );
    let s = score(&read(&src), &plain_sys());
    assert_eq!(
        (s.total.to_string(), s.grade),
        ("89.99".to_string(), Grade::Good)
    );
}
