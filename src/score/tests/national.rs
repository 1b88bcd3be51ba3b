//! The rows of real national and local forms, table by table: date targets, every operator glyph and
//! phrase, 指标性质/度量单位 columns, direction, 不适用, 得分系数, 复核分, band labels, aliases, 元.
//! Every expected figure is worked out by hand in the comments.

use super::*;
use crate::model::Band;

/// The test system `t` with more rule settings (YAML lines under `rules:`).
fn sys_with(rules: &str) -> System {
    let text = system_text(false, "ratio", 2)
        .replace("  decimals: 2\n", &format!("  decimals: 2\n{rules}"));
    system::parse(&text).unwrap()
}

#[test]
fn date_targets() {
    let p = plain_sys;
    run(vec![
        case(
            "9月前, done 15 Sep",
            p(),
            "{name: 完成时间, weight: 5, target: 9月前, actual: 2023年9月15日完成, score: 5}",
            "5.00",
            None,
            &[],
        ),
        // 10 Oct is after 30 Sep: late, 0 points, and the stated 5 is a mismatch.
        case(
            "9月前, done 8 Oct",
            p(),
            "{name: 完成时间, weight: 5, target: 9月前, actual: 2023年10月8日, score: 5, reason: 延期}",
            "0.00",
            Some("2023年10月8日晚于2023年9月30日；0.00"),
            &["date-late", "score-mismatch"],
        ),
        case(
            "6月30日前, on the day",
            p(),
            "{name: 时效, weight: 4, target: 6月30日前, actual: 6月30日, score: 4}",
            "4.00",
            None,
            &[],
        ),
        case(
            "年底前, next January",
            p(),
            "{name: 时效, weight: 4, target: 年底前, actual: 2024年1月5日, score: 0, reason: 跨年}",
            "0.00",
            Some("2024年1月5日晚于2023年12月31日；0.00"),
            &["date-late"],
        ),
        case(
            "底前 with the year, done in November",
            p(),
            "{name: 时效, weight: 4, target: 2023年11月底前完成, actual: 11月, score: 4}",
            "4.00",
            None,
            &[],
        ),
        case(
            "按期完成 without a date",
            p(),
            "{name: 时效, weight: 4, target: 12月31日前, actual: 按期完成}",
            "4.00",
            None,
            &["qualitative-inferred"],
        ),
        // A date followed by 完成 is a deadline too (银川 2021: 公用经费完成时间 “2021年12月完成”
        // done “2021年12月完成”, scored 4 of 5): on time → 5; the stated 4 differs and its
        // 1 point has no reason.
        case(
            "YYYY年M月完成, done that month",
            p(),
            "{name: 完成时间, weight: 5, target: 2023年12月完成, actual: 2023年12月完成, score: 4}",
            "5.00",
            None,
            &["score-mismatch", "deduction-needs-reason"],
        ),
        case(
            "M月完成, done next January",
            p(),
            "{name: 时效, weight: 4, target: 12月完成, actual: 2024年1月5日, score: 0, reason: 跨年}",
            "0.00",
            Some("2024年1月5日晚于2023年12月31日；0.00"),
            &["date-late"],
        ),
        case(
            "6月30日完工, done 28 June",
            p(),
            "{name: 时效, weight: 4, target: 6月30日完工, actual: 2023年6月28日竣工, score: 4}",
            "4.00",
            None,
            &[],
        ),
        // 完成 without a date stays a text target (qualitative): 完成验收 against 已完成验收.
        case(
            "完成验收, no date",
            p(),
            "{name: 验收, weight: 4, target: 完成验收, actual: 已完成验收, score: 4}",
            "4.00",
            None,
            &[],
        ),
        // A month against a day deadline: cannot tell; no score entered → an error.
        case(
            "month against a day",
            p(),
            "{name: 时效, weight: 4, target: 9月15日前, actual: 9月}",
            "0.00",
            None,
            &["missing-score"],
        ),
        case(
            "month against a day, score entered",
            p(),
            "{name: 时效, weight: 4, target: 9月15日前, actual: 9月, score: 3, reason: 月中完成}",
            "3.00",
            None,
            &["score-entered"],
        ),
    ]);
}

#[test]
fn every_operator_glyph_and_phrase() {
    let p = plain_sys;
    // Forward bounds, actual 85 against 90: 85/90 = 94.44%; 94.44% × 10 = 9.44.
    for t in [
        "≥90",
        "≧90",
        "＞90",
        ">90",
        "不低于90",
        "达到90",
        "90以上",
        "不少于90",
    ] {
        let row = format!(
            "{{name: 数量, weight: 10, target: '{t}', actual: '85', score: 9.44, reason: 未达标}}"
        );
        let (r, codes, _) = one(&p(), Box::leak(row.into_boxed_str()));
        assert_eq!(
            (r.score.to_string(), codes.clone()),
            ("9.44".to_string(), vec![]),
            "{t}: {codes:?}"
        );
    }
    // Reverse bounds, actual 6 against 5 (ratio): 5/6 = 83.33%; 83.33% × 10 = 8.33.
    for t in [
        "≤5",
        "≦5",
        "＜5",
        "<5",
        "不高于5",
        "不超过5",
        "5以内",
        "5以下",
        "控制在5",
    ] {
        let row = format!(
            "{{name: 差错, weight: 10, target: '{t}', actual: '6', score: 8.33, reason: 超标}}"
        );
        let (r, codes, _) = one(&p(), Box::leak(row.into_boxed_str()));
        assert_eq!(
            (r.score.to_string(), codes.clone()),
            ("8.33".to_string(), vec![]),
            "{t}: {codes:?}"
        );
    }
    // Equal: ＝ ﹦ ═ =, actual 100 → full.
    for t in ["＝100", "﹦100", "═100", "=100"] {
        let row = format!("{{name: 覆盖率, weight: 10, target: '{t}', actual: '100', score: 10}}");
        let (r, codes, _) = one(&p(), Box::leak(row.into_boxed_str()));
        assert_eq!(
            (r.score.to_string(), codes.clone()),
            ("10.00".to_string(), vec![]),
            "{t}: {codes:?}"
        );
    }
}

#[test]
fn operator_and_unit_in_their_own_columns() {
    let p = plain_sys;
    run(vec![
        // ≥ 90 % with 85: as `≥90%` / `85%` — 85/90 = 94.44% × 6 = 5.67 (94.44 × 0.06 = 5.6664).
        case(
            "op ≥, unit %",
            p(),
            "{name: 合格率, weight: 6, op: ≥, target: '90', unit: '%', actual: '85', score: 5.67, reason: 部分不合格}",
            "5.67",
            Some("85/90=94.44%；94.44%*6=5.67"),
            &[],
        ),
        case(
            "op 不低于 as a word",
            p(),
            "{name: 合格率, weight: 6, op: 不低于, target: '90', unit: '%', actual: '95', score: 6}",
            "6.00",
            None,
            &[],
        ),
        case(
            "op = with the Sichuan columns",
            p(),
            "{name: 覆盖率, weight: 60, op: '=', target: '100', unit: '%', actual: '100', score: 60}",
            "60.00",
            None,
            &[],
        ),
        // ≤ 30 万元 with a text actual 完成: not a figure, the entered score is used.
        case(
            "op ≤, unit 万元, text actual",
            p(),
            "{name: 成本控制数, weight: 90, op: ≤, target: '30', unit: 万元, actual: 完成, score: 90}",
            "90.00",
            None,
            &["score-entered"],
        ),
    ]);
}

#[test]
fn direction() {
    let national = builtin("national-project");
    let mut lower = plain_sys();
    lower.rules.lower_is_better = national.rules.lower_is_better.clone();
    run(vec![
        // 结转结余率 5% written bare: lower is better (the system's list): 5/8 = 62.5% × 4 = 2.5.
        case(
            "lower-is-better name from the system",
            lower.clone(),
            "{name: 结转结余率, weight: 4, target: 5%, actual: 8%, score: 2.5, reason: 结余偏高}",
            "2.50",
            Some("5/8=62.50%；62.50%*4=2.50"),
            &[],
        ),
        // The same under a system without it: forward, 8 ≥ 5 → full (what the list is for).
        case(
            "not listed: forward",
            plain_sys(),
            "{name: 结转结余率, weight: 4, target: 5%, actual: 8%, score: 4}",
            "4.00",
            None,
            &[],
        ),
        case(
            "direction: lower on the row",
            plain_sys(),
            "{name: 平均办理时长, weight: 4, target: '3', actual: '4', direction: lower, score: 3, reason: 超时}",
            "3.00",
            Some("3/4=75.00%；75.00%*4=3.00"),
            &[],
        ),
        case(
            "direction contradicting ≥",
            plain_sys(),
            "{name: 数量, weight: 4, target: ≥3, actual: '4', direction: lower, score: 3, reason: 超出}",
            "3.00",
            Some("3/4=75.00%；75.00%*4=3.00"),
            &["direction-conflict"],
        ),
    ]);
    let (r, _, _) = one(
        &lower,
        "{name: 投诉率, weight: 4, target: 1%, actual: 0.5%, score: 4}",
    );
    assert_eq!(r.direction, Some(crate::model::Direction::Lower));
}

#[test]
fn not_applicable_rows() {
    for w in ["/", "不适用", "''", "—"] {
        let row = format!("{{name: 生态效益, weight: {w}, target: /, actual: /}}");
        let (r, codes, _) = one(&plain_sys(), Box::leak(row.into_boxed_str()));
        assert!(r.not_applicable, "{w}");
        assert_eq!(
            (r.score.to_string(), codes),
            ("0.00".to_string(), vec!["not-applicable"]),
            "{w}"
        );
    }
    let (r, _, _) = one(&plain_sys(), "{name: 指标1, weight: }");
    assert!(r.not_applicable, "blank weight");
    // A group of 3 rows worth 10 + 10 + 5, the 5 不适用 under a fixed group weight of 25:
    // exclude → 18 of 20 (max 95 in all); redistribute → 18 / 20 × 25 = 22.5.
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出\n    weight: 25\n    groups:\n      - name: 数量指标\n        weight: 25\n        rows:\n          - {{name: a, weight: 10, score: 10}}\n          - {{name: b, weight: 10, score: 8, reason: 未达标}}\n          - {{name: c, weight: /}}\n"
    );
    let mut fixed = plain_sys();
    fixed.groups = system::parse(
        "id: x\nname: x\nversion: '1'\nkind: project\nrules: {halve_over_150: false, reverse_formula: ratio, bands: {achieved: {low: 80, high: 100}, partial: {low: 60, high: 80}, failed: {low: 0, high: 60}}}\ngroups: []\n",
    )
    .unwrap()
    .groups;
    let s = score(&read(&src), &fixed);
    assert_eq!(s.groups[0].score.to_string(), "18.00");
    let red = sys_with("  not_applicable: redistribute\n");
    // The 不适用 row has no weight of its own (project system): its points are the gap between the
    // group's weight (25) and its rows (20).
    let s = score(&read(&src.replace("weight: /", "weight: /, note: x")), &red);
    assert_eq!(s.groups[0].groups[0].rows[2].weight, Decimal::ZERO);
}

#[test]
fn redistributed_points_of_a_fixed_row() {
    // A department system fixes c at 5: under `redistribute` the group keeps its 25 points and the
    // applicable rows' 18 of 20 become 18 / 20 × 25 = 22.50; under `exclude` 18 of 20.
    let sys = |policy: &str| {
        system::parse(&format!(
            "id: t\nname: t\nversion: '1'\nkind: project\nrules:\n  halve_over_150: false\n  reverse_formula: ratio\n  bands: {{achieved: {{low: 80, high: 100}}, partial: {{low: 60, high: 80}}, failed: {{low: 0, high: 60}}}}\n  not_applicable: {policy}\ngroups:\n  - name: 产出\n    weight: 25\n    groups:\n      - name: 数量指标\n        weight: 25\n        rows:\n          - {{name: a, weight: 10}}\n          - {{name: b, weight: 10}}\n          - {{name: c, weight: 5}}\n  - name: 效益\n    weight: 75\n"
        ))
        .unwrap()
    };
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, score: 10}}\n          - {{name: b, score: 8, reason: 未达标}}\n          - {{name: c, weight: /}}\n  - name: 效益\n    score: 75\n"
    );
    let s = score(&read(&src), &sys("redistribute"));
    assert_eq!(s.groups[0].groups[0].score.to_string(), "22.50");
    assert_eq!(
        s.groups[0].groups[0].formula.as_deref(),
        Some("18/20*25=22.50")
    );
    assert_eq!(s.total.to_string(), "97.50");
    assert_eq!(s.weight_total, Decimal::from(100));
    let s = score(&read(&src), &sys("exclude"));
    assert_eq!(s.groups[0].groups[0].score.to_string(), "18.00");
    assert_eq!(s.groups[0].weight, Decimal::from(20));
    assert_eq!(s.total.to_string(), "93.00");
    assert_eq!(s.weight_total, Decimal::from(95));
    assert_eq!(s.not_applicable_weight, Decimal::from(5));
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    // The 95-point total is not a weights-not-100 finding.
    assert_eq!(codes, ["not-applicable", "group-score-stated"]);
}

#[test]
fn coefficient_rule() {
    let table = "  coefficients:\n    - {min: 100, coefficient: 1}\n    - {min: 90, coefficient: 0.9}\n    - {min: 80, coefficient: 0.8}\n    - {min: 0, coefficient: 0.5}\n";
    let c = || sys_with(table);
    run(vec![
        // 95/100 = 95% → 0.9; 0.9 × 10 = 9.
        case(
            "band 90",
            c(),
            "{name: 覆盖率, weight: 10, rule: coefficient, target: ≥100%, actual: 95%, score: 9, reason: 部分未覆盖}",
            "9.00",
            Some("95/100=95.00%，系数0.9；0.9*10=9.00"),
            &[],
        ),
        case(
            "full",
            c(),
            "{name: 覆盖率, weight: 10, rule: coefficient, target: ≥100%, actual: 100%, score: 10}",
            "10.00",
            Some("100/100=100.00%，系数1；1*10=10.00"),
            &[],
        ),
        // 70% → 0.5 → 5; the author says 0.8.
        case(
            "stated coefficient checked",
            c(),
            "{name: 覆盖率, weight: 10, rule: coefficient, target: ≥100%, actual: 70%, coefficient: 0.8, score: 5, reason: 覆盖不足}",
            "5.00",
            Some("70/100=70.00%，系数0.5；0.5*10=5.00"),
            &["coefficient-mismatch"],
        ),
        case(
            "no table",
            plain_sys(),
            "{name: 覆盖率, weight: 10, rule: coefficient, target: ≥100%, actual: 95%}",
            "0.00",
            None,
            &["no-coefficient-table"],
        ),
    ]);
    let (r, _, _) = one(
        &c(),
        "{name: 覆盖率, weight: 10, rule: coefficient, target: ≥100%, actual: 95%, score: 9, reason: x}",
    );
    assert_eq!(r.coefficient.map(|c| c.to_string()).as_deref(), Some("0.9"));
}

#[test]
fn review_score_and_core() {
    let (r, codes, s) = one(
        &plain_sys(),
        "{name: ★资金使用合规性, weight: 8, score: 8, review: 7.5}",
    );
    assert!(r.core);
    assert_eq!(r.name, "资金使用合规性");
    assert_eq!(r.review.map(|x| x.to_string()).as_deref(), Some("7.50"));
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        s.review_total.map(|x| x.to_string()).as_deref(),
        Some("7.50")
    );
    let (r, _, _) = one(
        &plain_sys(),
        "{name: 资金使用合规性, weight: 8, score: 8, core: true}",
    );
    assert!(r.core);
    let (_, codes, _) = one(&plain_sys(), "{name: a, weight: 8, score: 8, review: 9}");
    assert_eq!(codes, ["score-out-of-range"]);
}

#[test]
fn national_result_labels_are_the_bands() {
    let p = || builtin("national-project");
    for (label, band) in [
        ("达成预期指标", Band::Achieved),
        ("部分达成预期指标并具有一定效果", Band::Partial),
        ("未达成预期指标且效果较差", Band::Failed),
    ] {
        assert_eq!(Band::parse(label), Some(band), "{label}");
    }
    // The label in the 实际完成值 cell: 部分达成 allows [60%, 80%) of 10 → 7 is in, 9 is not.
    let (r, codes, _) = one(
        &p(),
        "{name: 合规性, weight: 10, target: 合规, actual: 部分达成预期指标并具有一定效果, score: 7, reason: 个别不规范}",
    );
    assert_eq!(r.score.to_string(), "7.00");
    assert!(
        codes
            .iter()
            .all(|c| *c == "unknown-group" || *c == "missing-from-report"),
        "{codes:?}"
    );
    let (_, codes, _) = one(
        &p(),
        "{name: 合规性, weight: 10, target: 合规, actual: 部分达成预期指标并具有一定效果, score: 9, reason: x}",
    );
    assert!(codes.contains(&"score-outside-band"), "{codes:?}");
}

#[test]
fn deduction_reason_quotes_the_authors_deduction() {
    // The rule gives 9.44 (85/90 × 10); the author wrote 9: the finding says 扣 1.00 (10 − 9).
    let (_, _, s) = one(
        &plain_sys(),
        "{name: 数量, weight: 10, target: ≥90, actual: '85', score: 9}",
    );
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "deduction-needs-reason")
        .unwrap();
    assert!(f.zh.contains("扣 1.00 分"), "{}", f.zh);
}

#[test]
fn totals_above_100_are_not_graded() {
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 60, score: 60}}\n          - {{name: b, weight: 50, score: 45, reason: 未达标}}\n"
    );
    let s = score(&read(&src), &plain_sys());
    assert_eq!(s.total.to_string(), "105.00");
    assert_eq!(s.grade, Grade::Ungraded);
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    assert!(
        codes.contains(&"total-over-100") && codes.contains(&"weights-not-100"),
        "{codes:?}"
    );
    // Grades follow the system's bands: 85 is 优 where 优 starts at 85.
    let src = format!(
        "{HEAD}grade: 良\nindicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 100, score: 85, reason: x}}\n"
    );
    let s = score(
        &read(&src),
        &sys_with("  grades: {excellent: 85, good: 75, fair: 60}\n"),
    );
    assert_eq!(s.grade, Grade::Excellent);
    assert_eq!(
        s.findings.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["grade-mismatch"]
    );
}

#[test]
fn group_aliases_and_points_in_names() {
    let national = builtin("national-project");
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出指标（50分）\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 50, score: 50}}\n  - name: 效益指标\n    groups:\n      - name: 社会效益\n        rows:\n          - {{name: b, weight: 30, score: 30}}\n  - name: 满意度指标\n    groups:\n      - name: 满意度指标等\n        rows:\n          - {{name: c, weight: 10, score: 10}}\n"
    );
    let s = score(&read(&src), &national);
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    // Only the 预算执行率 (no funds grid here) is missing; every other name matched.
    assert_eq!(
        codes,
        ["missing-from-report", "weights-not-100"],
        "{:#?}",
        s.findings
    );
}

#[test]
fn funds_grid() {
    let national = builtin("national-project");
    let rows = "indicators:\n  - name: 产出指标\n    groups:\n      - name: 数量指标\n        rows:\n          - {name: a, weight: 50, score: 50}\n  - name: 效益指标\n    groups:\n      - name: 社会效益指标\n        rows:\n          - {name: b, weight: 30, score: 30}\n  - name: 满意度指标\n    groups:\n      - name: 服务对象满意度指标\n        rows:\n          - {name: c, weight: 10, score: 10}\n";
    // 37.24 / 43.2 = 86.2037% → 86.20% × 10 = 8.62.
    let src = format!(
        "{HEAD}funds:\n  total: {{initial: 43.2, budget: 43.2, spent: 37.24, rate: 86.2%, score: 8.62}}\n  appropriation: {{initial: 43.2, budget: 43.2, spent: 37.24}}\n{rows}"
    );
    let s = score(&read(&src), &national);
    assert_eq!(s.groups[0].name, "预算执行率");
    assert_eq!(s.groups[0].score.to_string(), "8.62");
    assert_eq!(
        s.groups[0].formula.as_deref(),
        Some("37.24/43.2=86.20%；86.20%*10=8.62")
    );
    assert_eq!(s.total.to_string(), "98.62");
    assert!(s.findings.is_empty(), "{:#?}", s.findings);
    // A 0 total over non-zero lines: a finding at the total, the sum is used (棠溪镇 2022).
    let src = format!(
        "{HEAD}funds:\n  total: {{initial: 0, budget: 0, spent: 0, score: 0}}\n  appropriation: {{initial: 90, budget: 89.974, spent: 89.974}}\n{rows}"
    );
    let s = score(&read(&src), &national);
    assert_eq!(s.groups[0].score.to_string(), "10.00");
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [
            "funds-total-mismatch",
            "funds-total-mismatch",
            "funds-total-mismatch",
            "score-mismatch"
        ]
    );
    assert!(
        s.findings
            .iter()
            .all(|f| f.severity != crate::diag::Severity::Error)
    );
    // Amounts declared in 元 are converted: 432,000 元 = 43.2 万元.
    let src =
        format!("{HEAD}funds:\n  unit: 元\n  total: {{budget: 432000, spent: 372400}}\n{rows}");
    let s = score(&read(&src), &national);
    assert_eq!(
        s.funds
            .as_ref()
            .unwrap()
            .total
            .budget
            .map(|d| d.normalize().to_string())
            .as_deref(),
        Some("43.2")
    );
    assert_eq!(s.groups[0].score.to_string(), "8.62");
    assert!(s.findings.iter().any(|f| f.code == "amount-converted"));
}

/// A system whose grid has no 分值 / 得分 (银川: `funds:` without `group`): the grid is checked and
/// its 执行率 computed, but it scores no group and says nothing of not being scored; the 预算执行率 is
/// a row of the table (`rule: rate`), whose stated score is checked as any row's.
#[test]
fn funds_grid_without_a_group_is_shown_not_scored() {
    let mut sys = builtin("national-project");
    sys.funds.as_mut().unwrap().group = None;
    // The 10 points of 预算执行率 move into 产出指标 (50 + 10), where the rate row is.
    sys.groups.retain(|g| g.name != "预算执行率");
    for g in &mut sys.groups {
        if g.name == "产出指标" {
            g.weight = Some(rust_decimal::Decimal::from(60));
        }
    }
    let head = format!("{HEAD}funds:\n  total: {{budget: 64.8, spent: 64.8, rate: 100%}}\n");
    let rows = |rate_row: &str| {
        format!(
            "{head}indicators:\n  - name: 产出指标\n    groups:\n      - name: 数量指标\n        rows:\n          - {rate_row}\n          - {{name: a, weight: 50, score: 50}}\n  - name: 效益指标\n    groups:\n      - name: 社会效益指标\n        rows:\n          - {{name: b, weight: 30, score: 30}}\n  - name: 满意度指标\n    groups:\n      - name: 服务对象满意度指标\n        rows:\n          - {{name: c, weight: 10, score: 10}}\n"
        )
    };
    // (the 预算执行率 row, its score, the total, the findings' codes) — by hand: 64.8 / 64.8 = 100%
    // × 10 = 10; 10 + 50 + 30 + 10 = 100. Stated 9: the row says 9, jixiao 10 (银川 2021).
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "{name: 预算执行率, weight: 10, rule: rate, spent: 64.8, budget: 64.8, score: 10}",
            "10.00",
            "100.00",
            &[],
        ),
        (
            "{name: 预算执行率, weight: 10, rule: rate, spent: 64.8, budget: 64.8, score: 9}",
            "10.00",
            "100.00",
            // and the 1 point it takes off has no reason (the form's 未完成原因 cell is empty)
            &["score-mismatch", "deduction-needs-reason"],
        ),
        // 58.32 / 64.8 = 90.00% × 10 = 9.00, a deduction the row must explain.
        (
            "{name: 预算执行率, weight: 10, rule: rate, spent: 58.32, budget: 64.8, score: 9, reason: 尾款未付}",
            "9.00",
            "99.00",
            &[],
        ),
    ];
    for (row, score_, total, codes) in cases {
        let s = score(&read(&rows(row)), &sys);
        let f = s.funds.as_ref().unwrap();
        assert_eq!(f.score, None, "{row}");
        assert_eq!(f.group, None, "{row}");
        assert_eq!(
            f.total.rate.map(|r| r.to_string()).as_deref(),
            Some("100.00")
        );
        assert_eq!(
            s.groups[0].name, "产出指标",
            "no group from the grid: {row}"
        );
        assert_eq!(
            s.groups[0].groups[0].rows[0].score.to_string(),
            score_,
            "{row}"
        );
        assert_eq!(s.total.to_string(), total, "{row}");
        let got: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        assert_eq!(got, codes, "{row}");
    }
}

#[test]
fn amounts_in_yuan_are_refused_without_a_unit() {
    for (src, code) in [
        ("funds:\n  total: {budget: 432000元}\n", "amount-in-yuan"),
        ("budget:\n  total: 432000元\n", "amount-in-yuan"),
        (
            "funds:\n  unit: 美元\n  total: {budget: 1}\n",
            "bad-amount-unit",
        ),
    ] {
        let text = format!("{HEAD}{src}indicators: []\n");
        let tree = yaml::parse(&text, 0).unwrap();
        let mut diags = Vec::new();
        model::read_report(&tree, "content/t.md", Body::default(), &mut diags);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code], "{src}");
        assert!(
            diags[0].hint.as_deref().unwrap_or("").contains("万元"),
            "{src}"
        );
    }
}

#[test]
fn judged_and_computed_rows_without_data_are_errors() {
    let (_, codes, s) = one(&plain_sys(), "{name: 覆盖率, weight: 10, target: =100%}");
    assert_eq!(codes, ["missing-score"]);
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "missing-score")
        .unwrap();
    assert_eq!(f.severity, crate::diag::Severity::Error);
    let (_, codes, _) = one(&plain_sys(), "{name: 合规, weight: 10, rule: judged}");
    assert_eq!(codes, ["judged-needs-score"]);
}
