//! 分组: sums, weights against the system, unknown and missing names, rule inference.

use super::*;

const GROUPS: &str = "indicators:
  - name: 决策
    weight: 20
    groups:
      - name: 资金管理
        weight: 12
        rows:
          - {name: 资金支出率, weight: 12, rate: 92.31%, reason: 库款紧张}
      - name: 事项管理
        weight: 8
        score: 7.5
  - name: 产出
    weight: 80
    groups:
      - name: 数量指标
        weight: 80
        rows:
          - {name: 场次, weight: 40, target: ≥5, actual: '7'}
          - {name: 人数, weight: 40, target: ≥50, actual: '40', reason: 疫情}
";

#[test]
fn groups_sum_their_rows() {
    // 92.31% × 12 = 11.0772 → 11.08; 事项管理 stated 7.5; 40/50 = 80% × 40 = 32
    // 决策 = 11.08 + 7.50 = 18.58; 产出 = 40 + 32 = 72; total 90.58
    let s = score(
        &read(&format!("{HEAD}stated_total: 90.58\n{GROUPS}")),
        &plain_sys(),
    );
    assert_eq!(s.groups[0].groups[0].score.to_string(), "11.08");
    assert_eq!(s.groups[0].groups[1].score.to_string(), "7.50");
    assert_eq!(s.groups[0].score.to_string(), "18.58");
    assert_eq!(s.groups[0].deduction.to_string(), "1.42");
    assert_eq!(s.groups[1].score.to_string(), "72.00");
    assert_eq!(s.total.to_string(), "90.58");
    assert_eq!(s.weight_total, Decimal::from(100));
    assert_eq!(s.grade, Grade::Excellent);
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, ["group-score-stated"]);
}

#[test]
fn group_findings() {
    let src = format!(
        "{HEAD}stated_total: 91\n{}",
        GROUPS
            .replace(
                "      - name: 数量指标\n        weight: 80",
                "      - name: 数量指标\n        weight: 79\n        score: 70"
            )
            .replace("    weight: 80\n    groups", "    weight: 81\n    groups")
    );
    let s = score(&read(&src), &plain_sys());
    let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    // total 91 vs 90.58; 一级 20 + 81 = 101; 产出 81 vs 数量指标 79; 数量指标 79 vs rows 80;
    // 数量指标 stated 70 vs 72 — in the order of the file
    assert_eq!(
        codes,
        [
            "total-mismatch",
            "weights-not-100",
            "total-over-100",
            "group-score-stated",
            "group-weight-mismatch",
            "group-weight-mismatch",
            "score-mismatch"
        ],
        "{:#?}",
        s.findings
    );
    let f = &s.findings[0];
    assert_eq!(f.en, "stated total 91.00, computed 90.58");
    // Sorted by place in the file.
    let starts: Vec<usize> = s.findings.iter().map(|f| f.span.unwrap().start).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
}

#[test]
fn group_weight_defaults() {
    // No weights on the groups: each is the sum of its rows.
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 60, target: ≥5, actual: '7'}}\n      - name: 质量指标\n        rows:\n          - {{name: b, weight: 40, target: 合规, actual: 合规}}\n"
    );
    let s = score(&read(&src), &plain_sys());
    assert_eq!(s.groups[0].weight, Decimal::from(100));
    assert_eq!(s.total.to_string(), "100.00");
    assert!(s.findings.is_empty(), "{:?}", s.findings);
}

#[test]
fn department_system_fixes_rows_and_weights() {
    let src = "kind: department\nsystem: gz-department-city\nunit: 单位\nyear: 2023\ntitle: 标题\nindicators:
  - name: 管理效率
    groups:
      - name: 预算编制
        rows:
          - {name: 新增预算项目事前绩效评估}
      - name: 预算执行
        rows:
          - {name: 结转结余率, weight: 3, score: 1.5, reason: 结转偏高}
          - {name: 财务管理合规性}
          - {name: 不存在的指标, weight: 1}
      - name: 奇怪分组
        weight: 1
        score: 1
      - name: 运行成本
        rows:
          - {name: 公用经费控制率}
          - {name: 三公经费控制情况}
";
    let s = score(&read(src), &builtin("gz-department-city"));
    let g = &s.groups[0];
    assert_eq!(g.groups[0].weight, Decimal::from(3));
    assert_eq!(g.groups[0].rows[0].weight, Decimal::from(3));
    assert_eq!(g.groups[0].rows[0].rule, Rule::Judged);
    assert_eq!(g.groups[0].rows[0].score.to_string(), "3.00");
    assert_eq!(
        g.groups[0].rows[0].explanation.as_deref(),
        Some("反映部门对申请新增预算的入库项目开展事前绩效评估工作的落实情况。")
    );
    // “三公” matches without its quotation marks.
    assert_eq!(g.groups[3].rows[1].weight, Decimal::from(2));
    let mut codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    codes.sort();
    // 履职效能 missing; 管理效率 lacks 信息公开, 绩效管理, 采购管理, 资产管理; 预算执行 3+2+1 = 6 ≠ 4;
    // 管理效率 is 50 but its parts add to 3+4+1+4 = 12; weights add to 50 ≠ 100.
    assert_eq!(
        codes,
        [
            "group-score-stated",
            "group-weight-mismatch",
            "group-weight-mismatch",
            "missing-from-report",
            "missing-from-report",
            "missing-from-report",
            "missing-from-report",
            "missing-from-report",
            "unknown-group",
            "unknown-row",
            "weight-differs-from-system",
            "weights-not-100",
        ],
        "{:#?}",
        s.findings
    );
}

#[test]
fn project_system_checks_second_level_names() {
    let src = format!(
        "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 奇怪指标\n        rows:\n          - {{name: a, weight: 40, target: ≥5, actual: '7'}}\n"
    );
    let s = score(&read(&src), &builtin("gd-project"));
    let mut codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
    codes.sort();
    // 决策 and 效益 missing; 40 ≠ 100.
    assert_eq!(
        codes,
        [
            "missing-from-report",
            "missing-from-report",
            "unknown-group",
            "weights-not-100"
        ]
    );
}

#[test]
fn missing_and_negative_weights() {
    let (row, codes, _) = one(&plain_sys(), "{name: a, target: ≥5, actual: '7'}");
    assert_eq!(row.weight, Decimal::ZERO);
    assert_eq!(codes, ["missing-weight"]);
    let (row, codes, _) = one(
        &plain_sys(),
        "{name: a, weight: -2, target: ≥5, actual: '7'}",
    );
    assert_eq!(
        (row.weight, row.score.to_string()),
        (Decimal::ZERO, "0.00".to_string())
    );
    assert_eq!(codes, ["bad-weight"]);
}

#[test]
fn inference() {
    let cases = [
        (
            "{name: a, weight: 1, target: ≥5, actual: '7'}",
            Rule::Quantitative,
        ),
        (
            "{name: a, weight: 1, target: 较去年同期下降, actual: '-1'}",
            Rule::Quantitative,
        ),
        (
            "{name: a, weight: 1, target: 合规, actual: 合规}",
            Rule::Qualitative,
        ),
        (
            "{name: a, weight: 1, target: 高于全市增速, actual: 合规, score: 1}",
            Rule::Qualitative,
        ),
        ("{name: a, weight: 1, rate: 90%}", Rule::Rate),
        ("{name: a, weight: 1, spent: 9, budget: 10}", Rule::Rate),
        ("{name: a, weight: 1, score: 1}", Rule::Judged),
        (
            "{name: a, weight: 1, projects: [{name: p, score: 90}]}",
            Rule::Projects,
        ),
        (
            "{name: a, weight: 1, items: [{name: i, weight: 1}]}",
            Rule::Aggregate,
        ),
    ];
    for (row, rule) in cases {
        assert_eq!(one(&plain_sys(), row).0.rule, rule, "{row}");
    }
}
