//! `jixiao new`: a report skeleton for an indicator system — every group and row the system fixes
//! in place with its weight, each field with its Chinese label as a comment, and the narrative's
//! section headings — that checks and builds as it is.

use super::{TemplateError, align_comments, render};
use crate::model::ReportKind;
use crate::model::system::{SysGroup, SysRow, System};
use crate::number::plain;
use serde_json::{Value, json};

/// What the skeleton is for.
#[derive(Clone, Debug)]
pub(crate) struct Request<'s> {
    pub system: &'s System,
    /// 填报单位 / 部门名称.
    pub unit: String,
    /// 评价年度.
    pub year: i32,
    /// 项目名称 (project systems only).
    pub project: Option<String>,
}

/// The skeleton's text: front-matter, then the narrative outline.
pub(crate) fn skeleton(req: &Request<'_>) -> Result<String, TemplateError> {
    let s = req.system;
    // A system with the national form's 项目资金 grid (财预〔2020〕10号) gets the form's layout: the
    // grid's lines, 年度总体目标, and its 预算执行率 group scored from the grid, not written as rows.
    let funds_group = s.funds.as_ref().and_then(|f| f.group.as_deref());
    let groups: Vec<Value> = s
        .groups
        .iter()
        .map(|g| {
            let mut v = group_ctx(g)?;
            v["funds"] = json!(funds_group == Some(g.name.as_str()));
            Ok(v)
        })
        .collect::<Result<_, TemplateError>>()?;
    let kind = match s.kind {
        ReportKind::Department => "department",
        ReportKind::Project => "project",
    };
    let national = s.funds.is_some() && s.kind == ReportKind::Project;
    let ctx = json!({
        "kind": kind,
        "kind_zh": s.kind.zh(),
        // The national form's own name; a report in the other layouts is a 自评报告.
        "title": if national { "项目支出绩效自评表".to_string() } else { format!("{}报告", s.kind.zh()) },
        "system": {"id": s.id, "name": s.name},
        "unit": req.unit,
        "year": req.year,
        "project": req.project.clone().unwrap_or_default(),
        "groups": groups,
        "national": national,
        "funds": s.funds.as_ref().map(|f| json!({
            "group": f.group,
            "total": f.total,
            "lines": f.lines.iter().map(|l| json!({
                "key": l.key,
                "label": l.label.trim_start_matches("其中：").trim_start_matches("其中:"),
            })).collect::<Vec<_>>(),
        })),
    });
    let front = render("new/report.md", &ctx)?;
    let outline = [
        "new/narrative/".to_string() + &s.id + ".md",
        if ctx["national"] == json!(true) {
            "new/narrative/national.md".to_string()
        } else {
            format!("new/narrative/{kind}.md")
        },
        format!("new/narrative/{kind}.md"),
    ]
    .into_iter()
    .find(|p| super::template(p).is_some())
    .unwrap_or_else(|| format!("new/narrative/{kind}.md"));
    let narrative = render(&outline, &ctx)?;
    Ok(align_comments(&front) + &narrative)
}

/// A 一级 group for the template: its 二级 groups with their rows already rendered, or (in a
/// system that leaves them to the report) one 二级 group of the names it allows with one row to copy.
fn group_ctx(g: &SysGroup) -> Result<Value, TemplateError> {
    let subs: Vec<Value> = if !g.groups.is_empty() {
        g.groups
            .iter()
            .map(|sg| {
                Ok(json!({
                    "name": sg.name,
                    "weight": sg.weight.map(plain),
                    "fixed": true,
                    "choices": "",
                    "rows": rows(&sg.rows, 10)?,
                }))
            })
            .collect::<Result<_, TemplateError>>()?
    } else if g.rows.is_empty() {
        // The report names its own 二级 groups and rows: one of each to copy, worth the whole
        // weight, so that the skeleton adds up as it is.
        let name = g.allowed.first().cloned().unwrap_or_default();
        // A 二级 that is itself a rate (预算执行率) gets a rate row of that name.
        let rate = name.contains("执行率") || name.contains("支出率");
        let row = json!({
            "name": if rate { name.as_str() } else { "" },
            "weight": g.weight.map(plain),
            "rule": if rate { "rate" } else { "" },
            "fixed": false,
            "placeholder": true,
        });
        vec![json!({
            "name": name,
            "weight": g.weight.map(plain),
            "fixed": false,
            "choices": g.allowed.join("、"),
            "rows": indent(&render("new/row.md", &json!({ "r": row }))?, 10),
        })]
    } else {
        Vec::new()
    };
    Ok(json!({
        "name": g.name,
        "weight": g.weight.map(plain),
        "groups": subs,
        "rows": if g.groups.is_empty() && !g.rows.is_empty() { rows(&g.rows, 6)? } else { String::new() },
    }))
}

/// The system's rows, rendered and indented by `by` spaces.
fn rows(rs: &[SysRow], by: usize) -> Result<String, TemplateError> {
    let mut out = String::new();
    for r in rs {
        let rule = r
            .rule
            .and_then(|x| {
                crate::model::Rule::ALL
                    .iter()
                    .find(|(_, v)| *v == x)
                    .map(|(k, _)| *k)
            })
            .unwrap_or("judged");
        let ctx = json!({ "r": {
            "name": r.name,
            "weight": plain(r.weight),
            "rule": rule,
            "fixed": true,
            "placeholder": false,
        }});
        out.push_str(&indent(&render("new/row.md", &ctx)?, by));
    }
    Ok(out)
}

fn indent(s: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    s.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

/// Where the skeleton goes in the site, relative to its root:
/// `content/<unit>/<year>-<部门整体支出绩效自评 | project>.md`.
pub(crate) fn default_path(req: &Request<'_>) -> String {
    let what = match (&req.system.kind, &req.project) {
        (ReportKind::Project, Some(p)) => p.clone(),
        (kind, _) => kind.zh().to_string(),
    };
    format!(
        "content/{}/{}-{}.md",
        file_name(&req.unit),
        req.year,
        file_name(&what)
    )
}

/// A name as a file or folder name: path separators, characters Windows refuses and control
/// characters become `-`; no leading dot.
fn file_name(s: &str) -> String {
    let n: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let n = n.trim_start_matches('.').trim().to_string();
    if n.is_empty() { "report".into() } else { n }
}

#[cfg(test)]
mod tests;
