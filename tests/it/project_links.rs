//! 专项资金绩效完成情况 takes the scores of the site's own project reports: `projects: - report: …`.
//! Line and column are counted by hand in the department text below (columns in characters).

use crate::support::{SiteBuilder, SiteDir};
use jixiao::pipeline::Site;

pub(crate) const PROJECT: &str = "\
---
kind: project
system: gd-project
unit: 示例市工业和信息化局
year: 2023
title: 工业发展专项项目绩效自评
indicators:
  - name: 决策
    weight: 20
    groups:
      - name: 资金管理
        weight: 20
        rows:
          - {name: 资金使用合规性, weight: 20, rule: judged, score: 18, reason: 个别支出手续不全}
  - name: 产出
    weight: 40
    groups:
      - name: 数量指标
        weight: 40
        rows:
          - {name: 培训场次, weight: 40, target: ≥5场, actual: 7场}
  - name: 效益
    weight: 40
    groups:
      - name: 社会效益指标
        weight: 40
        rows:
          - {name: 政策知晓度, weight: 40, target: 有所提高, actual: 有提高}
---
";

pub(crate) fn department(projects: &str) -> String {
    format!(
        "---
kind: department
system: gz-department-city
unit: 示例市工业和信息化局
year: 2023
title: 部门整体支出绩效自评报告
indicators:
  - name: 履职效能
    groups:
      - name: 专项效能
        rows:
          - name: 专项资金绩效完成情况
            projects:
{projects}
---
"
    )
}

fn site(dept: &str) -> (SiteDir, Site) {
    let t = SiteBuilder::new()
        .report("p/2023-project.md", PROJECT)
        .report("dept.md", dept)
        .build();
    let s = t.load();
    (t, s)
}

/// The department report's entry.
fn department_entry(site: &Site) -> &jixiao::pipeline::Entry {
    site.entries
        .iter()
        .find(|e| e.report.source == "content/dept.md")
        .unwrap()
}

fn special_fund_row(site: &Site) -> &jixiao::score::ScoredRow {
    &department_entry(site).scored.groups[0].groups[0].rows[0]
}

/// The department report's finding with `code`.
fn finding<'s>(site: &'s Site, code: &str) -> &'s jixiao::diag::Problem {
    let e = department_entry(site);
    e.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", e.findings))
}

#[test]
fn the_project_reports_total_is_its_score() {
    let (_t, s) = site(&department(
        "              - {name: 工业发展专项, report: content/p/2023-project.md}",
    ));
    assert!(s.errors.is_empty(), "{:#?}", s.errors);
    let project = s
        .entries
        .iter()
        .find(|e| e.report.source == "content/p/2023-project.md")
        .unwrap();
    // 18 + 40 + 40
    assert_eq!(project.scored.total.to_string(), "98.00");
    // 98/100 × 20 = 19.6
    assert_eq!(special_fund_row(&s).score.to_string(), "19.60");
}

#[test]
fn a_stated_score_is_checked_against_the_report() {
    let (_t, s) = site(&department(
        "              - {name: 工业发展专项, report: p/2023-project.md, score: 99}",
    ));
    let f = finding(&s, "project-score-mismatch");
    assert!(
        f.message.contains("99") && f.message.contains("98.00"),
        "{}",
        f.message
    );
    assert_eq!((f.line, f.column), (14, 66));
    assert_eq!(special_fund_row(&s).score.to_string(), "19.60");
}

#[test]
fn an_unknown_report_is_an_error_at_its_path() {
    let (_t, s) = site(&department(
        "              - {name: 工业发展专项, report: content/p/none.md}",
    ));
    let f = finding(&s, "bad-project-report");
    assert_eq!((f.line, f.column), (14, 40));
    assert!(f.message.contains("content/p/none.md"), "{}", f.message);
    assert!(s.has_errors());
}
