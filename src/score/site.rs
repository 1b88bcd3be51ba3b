//! Scoring a whole site: the reports that stand alone first, then those whose 专项资金绩效完成情况
//! takes a project report's computed total (`projects: - report: content/…md`); then the findings
//! of the site as a whole (重复报告: the same unit, year and project twice).

use super::{Code, Scored, score};
use crate::model::entry::ReadReport;
use crate::model::system::System;
use crate::model::{Group, Report, ReportKind, Row, Sp};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Scores every report: first those that stand alone, then those that take project scores from
/// other reports of the site, with each referenced report's computed total filled in.
pub(crate) fn score_all(reports: Vec<ReadReport>, systems: &[System]) -> Vec<(ReadReport, Scored)> {
    let (mut later, first): (Vec<ReadReport>, Vec<ReadReport>) =
        reports.into_iter().partition(ReadReport::has_references);
    let scored = |r: ReadReport| {
        let s = score(&r.report, &systems[r.system]);
        (r, s)
    };
    let mut done: Vec<(ReadReport, Scored)> = first.into_par_iter().map(scored).collect();
    // Looked up by path, not searched: a province's department reports cite thousands of projects.
    let by_source: HashMap<&str, usize> = done
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.report.source.as_str(), i))
        .collect();
    for r in &mut later {
        resolve_projects(r, &done, &by_source);
    }
    drop(by_source);
    done.par_extend(later.into_par_iter().map(scored));
    done.sort_by(|a, b| a.0.report.source.cmp(&b.0.report.source));
    flag_duplicates(&mut done);
    done
}

/// What makes two reports the same report: unit, year, kind and (for a project report) the
/// project's name, or its title when it names no project. Spaces around the names do not count.
pub(crate) fn identity(r: &Report) -> (String, i32, ReportKind, Option<String>) {
    let project = match r.kind {
        ReportKind::Department => None,
        ReportKind::Project => Some(
            r.project
                .as_ref()
                .and_then(|p| p.name.as_ref())
                .map_or(&r.title.value, |n| &n.value)
                .trim()
                .to_string(),
        ),
    };
    (
        r.unit.value.trim().to_string(),
        r.year.value,
        r.kind,
        project,
    )
}

/// How many of the other copies a `duplicate-report` finding names.
const DUPLICATES_NAMED: usize = 3;

/// 重复报告: every report that has the same [`identity`] as another report of the site gets a
/// `duplicate-report` warning, at its unit, naming the others (sorted by source path; the first [`DUPLICATES_NAMED`], then how many).
fn flag_duplicates(done: &mut [(ReadReport, Scored)]) {
    // Grouped by identity (not each report against every other: a province has 50,000 reports).
    let mut same: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, (r, _)) in done.iter().enumerate() {
        same.entry(identity(&r.report)).or_default().push(i);
    }
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
                .map(|&j| done[j].0.report.source.as_str())
                .collect();
            // A few by name (a message naming 199 files helps no one, and 200 copies would make
            // 40,000 names): the first ones, then how many more.
            let named = match others.len() {
                n if n <= DUPLICATES_NAMED => others.join("、"),
                n => format!("{} 等 {n} 份", others[..DUPLICATES_NAMED].join("、")),
            };
            let d = Code::DuplicateReport
                .finding(
                    Some(done[i].0.report.unit.span),
                    format!("本站有 {} 份{what}的报告：另见 {named}", members.len()),
                    "another report of the site has the same unit, year and project",
                )
                .with_hint(
                    "删去重复的一份，或改正单位（unit）、年度（year）或项目名称（project.name）",
                );
            done[i].0.extra.push(d);
        }
    }
}

/// Fills each `projects: - report: …` score from that report's computed total.
fn resolve_projects(
    p: &mut ReadReport,
    done: &[(ReadReport, Scored)],
    by_source: &HashMap<&str, usize>,
) {
    let mut extra = Vec::new();
    let mut fill = |rows: &mut Vec<Row>| {
        for row in rows.iter_mut() {
            for ps in row.projects.iter_mut() {
                let Some(rep) = &ps.report else { continue };
                let wanted = rep.value.trim().trim_start_matches("./");
                let target = by_source
                    .get(wanted)
                    .or_else(|| by_source.get(format!("content/{wanted}").as_str()))
                    .map(|&i| &done[i]);
                match target {
                    Some((r, scored)) if r.report.kind == ReportKind::Project => {
                        ps.score = Sp::new(scored.total, rep.span);
                        if let Some(st) = &ps.stated
                            && st.value != scored.total
                        {
                            extra.push(
                                Code::ProjectScoreMismatch
                                    .finding(
                                        Some(st.span),
                                        format!(
                                            "项目“{}”填报得分 {} 与其自评报告计算的总分 {} 不符",
                                            ps.name.value, st.value, scored.total
                                        ),
                                        format!(
                                            "stated {}, the project report computes {}",
                                            st.value, scored.total
                                        ),
                                    )
                                    .with_hint(format!("删去 score，或改为 {}", scored.total)),
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
