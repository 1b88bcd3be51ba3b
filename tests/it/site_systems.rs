//! A site adds its own indicator system in `jixiao.yaml`, and a report that names it is scored under
//! its rules: here a county system that does not halve above 150% and scores reverse indicators with
//! the linear formula.

use crate::support::SiteBuilder;

const SYSTEM: &str = "\
id: demo-county
name: 示例县部门整体支出绩效评价指标体系
version: \"2024\"
kind: department
rules:
  halve_over_150: false
  reverse_formula: linear
  bands:
    achieved: {low: 80, high: 100}
    partial: {low: 50, high: 80}
    failed: {low: 0, high: 50}
groups:
  - name: 履职效能
    weight: 60
    groups:
      - name: 产出
        weight: 60
        rows:
          - {name: 培训场次, weight: 30}
          - {name: 单位成本, weight: 30}
  - name: 管理效率
    weight: 40
    groups:
      - name: 管理
        weight: 40
        rows:
          - {name: 财务管理合规性, weight: 40, rule: judged}
";

const REPORT: &str = "\
---
kind: department
system: demo-county
unit: 示例县财政局
year: 2024
title: 部门整体支出绩效自评报告
indicators:
  - name: 履职效能
    groups:
      - name: 产出
        rows:
          - {name: 培训场次, target: ≥10场, actual: 20场}
          - {name: 单位成本, target: ≤100万元, actual: 150万元}
  - name: 管理效率
    groups:
      - name: 管理
        rows:
          - {name: 财务管理合规性, score: 40}
---
正文
";

#[test]
fn a_site_system_is_loaded_and_its_rules_apply() {
    let site = SiteBuilder::new()
        .config("name: 示例县\nsystems: [systems/demo.yaml]\n")
        .file("systems/demo.yaml", SYSTEM)
        .report("report.md", REPORT)
        .build()
        .load();
    assert!(site.errors.is_empty(), "{:#?}", site.errors);
    assert_eq!(site.config.name, "示例县");
    let e = &site.entries[0];
    assert_eq!(site.systems[e.system].id, "demo-county");
    let rows = &e.scored.groups[0].groups[0].rows;
    // 20/10 = 200%: full marks, not halved, under this system.
    assert_eq!(rows[0].score.to_string(), "30.00");
    assert!(!rows[0].halved);
    // Linear reverse: (1 − (150 − 100)/100) × 30 = 15.
    assert_eq!(rows[1].score.to_string(), "15.00");
    assert_eq!(e.scored.total.to_string(), "85.00");
    assert_eq!(e.scored.grade.zh(), "良");
}

#[test]
fn a_missing_site_system_is_an_error_naming_the_config() {
    let site = SiteBuilder::new()
        .config("systems: [systems/none.yaml]\n")
        .build()
        .load();
    assert_eq!(site.errors.len(), 1, "{:#?}", site.errors);
    assert_eq!(site.errors[0].source, "jixiao.yaml");
    assert!(
        site.errors[0].message.contains("systems/none.yaml"),
        "{}",
        site.errors[0].message
    );
}
