//! Scoring a whole site: the reports that stand alone first, then those whose 专项资金绩效完成情况
//! takes a project report's computed total (`projects: - report: content/…md`); then the findings
//! of the site as a whole (重复报告: the same unit, year and project twice).

use super::{Code, Scored, score};
use crate::diag::Diagnostic;
use crate::model::entry::ReadReport;
use crate::model::system::System;
use crate::model::{Group, ReportKind, Row, Sp};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Scores one report read from its file. A report that takes project scores from other reports
/// (`projects: - report: …`) has them filled in first from `cited`: a report's kind and computed
/// total by its source path (`content/…md`), for the reports of the site that cite none themselves.
pub(crate) fn score_one(
    mut r: ReadReport,
    systems: &[System],
    cited: &dyn Fn(&str) -> Option<(ReportKind, Decimal)>,
) -> (ReadReport, Scored) {
    if r.has_references() {
        resolve_projects(&mut r, cited);
    }
    let s = score(&r.report, &systems[r.system]);
    (r, s)
}

/// Unit, year, kind and project: what [`identity`] makes of a report.
pub(crate) type Identity = (String, i32, ReportKind, Option<String>);

/// What makes two reports the same report: unit, year, kind and (for a project report) the
/// project's name, or its title when it names no project. Spaces around the names do not count.
pub(crate) fn identity(
    unit: &str,
    year: i32,
    kind: ReportKind,
    project: Option<&str>,
    title: &str,
) -> Identity {
    let project = match kind {
        ReportKind::Department => None,
        ReportKind::Project => Some(project.unwrap_or(title).trim().to_string()),
    };
    (unit.trim().to_string(), year, kind, project)
}

/// How many of the other copies a `duplicate-report` finding names.
const DUPLICATES_NAMED: usize = 3;

/// 重复报告: every report that has the same [`identity`] as another report of the site gets a
/// `duplicate-report` warning, at its unit, naming the others (sorted by source path; the first
/// [`DUPLICATES_NAMED`], then how many). `reports`: each report's identity, source path and the
/// span of its unit, in the site's order; returns (index into `reports`, the finding).
pub(crate) fn duplicates(
    reports: &[(Identity, &str, crate::load::yaml::Span)],
) -> Vec<(usize, Diagnostic)> {
    // Grouped by identity (not each report against every other: a province has 50,000 reports).
    let mut same: BTreeMap<&Identity, Vec<usize>> = BTreeMap::new();
    for (i, (id, _, _)) in reports.iter().enumerate() {
        same.entry(id).or_default().push(i);
    }
    let mut out = Vec::new();
    for ((unit, year, kind, project), members) in same {
        if members.len() < 2 {
            continue;
        }
        let what = match &project {
            Some(p) => format!("{unit}{year}年度项目“{p}”"),
            None => format!("{unit}{year}年度{}", kind.zh()),
        };
        for &i in &members {
            let others: Vec<&str> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| reports[j].1)
                .collect();
            // A few by name (a message naming 199 files helps no one, and 200 copies would make
            // 40,000 names): the first ones, then how many more.
            let named = match others.len() {
                n if n <= DUPLICATES_NAMED => others.join("、"),
                n => format!("{} 等 {n} 份", others[..DUPLICATES_NAMED].join("、")),
            };
            let d = Code::DuplicateReport
                .finding(
                    Some(reports[i].2),
                    format!("本站有 {} 份{what}的报告：另见 {named}", members.len()),
                    "another report of the site has the same unit, year and project",
                )
                .with_hint(
                    "删去重复的一份，或改正单位（unit）、年度（year）或项目名称（project.name）",
                );
            out.push((i, d));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Fills each `projects: - report: …` score from that report's computed total.
fn resolve_projects(p: &mut ReadReport, cited: &dyn Fn(&str) -> Option<(ReportKind, Decimal)>) {
    let mut extra = Vec::new();
    let mut fill = |rows: &mut Vec<Row>| {
        for row in rows.iter_mut() {
            for ps in row.projects.iter_mut() {
                let Some(rep) = &ps.report else { continue };
                let wanted = rep.value.trim().trim_start_matches("./");
                let target = cited(wanted).or_else(|| cited(&format!("content/{wanted}")));
                match target {
                    Some((ReportKind::Project, total)) => {
                        ps.score = Sp::new(total, rep.span);
                        if let Some(st) = &ps.stated
                            && st.value != total
                        {
                            extra.push(
                                Code::ProjectScoreMismatch
                                    .finding(
                                        Some(st.span),
                                        format!(
                                            "项目“{}”填报得分 {} 与其自评报告计算的总分 {} 不符",
                                            ps.name.value, st.value, total
                                        ),
                                        format!(
                                            "stated {}, the project report computes {}",
                                            st.value, total
                                        ),
                                    )
                                    .with_hint(format!("删去 score，或改为 {total}")),
                            );
                        }
                    }
                    found => {
                        let (zh, en) = match found {
                            Some(_) => (
                                format!("“{}”不是项目支出绩效自评报告", rep.value),
                                "the referenced report is not a project report",
                            ),
                            None => (
                                format!("找不到本站的项目自评报告“{}”", rep.value),
                                "no such project report in this site",
                            ),
                        };
                        extra.push(
                            Code::BadProjectReport.finding(Some(rep.span), zh, en)
                                .with_hint("写 content/ 下报告文件的路径，如 content/jiangmen-gxj/2023-project.md；被引用的报告自身不能再引用其他报告"),
                        );
                    }
                }
            }
        }
    };
    fn walk(gs: &mut [Group], f: &mut dyn FnMut(&mut Vec<Row>)) {
        for g in gs {
            walk(&mut g.groups, f);
            f(&mut g.rows);
        }
    }
    walk(&mut p.report.groups, &mut fill);
    p.extra.extend(extra);
}
