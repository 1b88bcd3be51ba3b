//! Names the indicator system fixes, misspelled: a 一级, 二级 or 三级 name that is not the system's,
//! close to one of the system's that the report does not list, is a misspelling. Told once, with
//! the system's name, before scoring (scored, it would be an unknown row worth nothing, a missing
//! row, a total that does not add up and quotes of the right name that find nothing).

use super::reader::suggest;
use super::system::{SysGroup, System};
use super::types::{Group, Report, Row, Sp};
use crate::diag::{Diagnostic, excerpt};

/// Names compared without spaces and quotation marks (`“三公”经费` = `三公经费`), as the scoring
/// engine compares them.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"“”\"'‘’「」『』".contains(*c))
        .collect()
}

/// Every misspelled fixed name of `report` against `system`.
pub fn check(report: &Report, system: &System) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    groups(&report.groups, &system.groups, "一级指标", &mut out);
    out
}

fn groups(gs: &[Group], sys: &[SysGroup], what: &str, out: &mut Vec<Diagnostic>) {
    let names: Vec<&Sp<String>> = gs.iter().map(|g| &g.name).collect();
    let sys_names: Vec<&str> = sys.iter().map(|s| s.name.as_str()).collect();
    misspelled(&names, &sys_names, what, out);
    for g in gs {
        let Some(s) = sys.iter().find(|s| key(&s.name) == key(&g.name.value)) else {
            continue;
        };
        if !s.groups.is_empty() {
            groups(&g.groups, &s.groups, "二级指标", out);
        } else if !s.allowed.is_empty() {
            // Project systems name the 二级 groups a 一级 may have (数量指标, 质量指标…).
            let names: Vec<&Sp<String>> = g.groups.iter().map(|x| &x.name).collect();
            let allowed: Vec<&str> = s.allowed.iter().map(String::as_str).collect();
            misspelled(&names, &allowed, "二级指标", out);
        }
        if !s.rows.is_empty() {
            rows(&g.rows, s, out);
        }
    }
}

fn rows(rs: &[Row], sys: &SysGroup, out: &mut Vec<Diagnostic>) {
    let names: Vec<&Sp<String>> = rs.iter().map(|r| &r.name).collect();
    let sys_names: Vec<&str> = sys.rows.iter().map(|r| r.name.as_str()).collect();
    misspelled(&names, &sys_names, "三级指标", out);
}

/// Each of `names` that is not one of `fixed` but close to one of them that `names` lacks.
fn misspelled(names: &[&Sp<String>], fixed: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    if fixed.is_empty() {
        return;
    }
    let listed: Vec<String> = names.iter().map(|n| key(&n.value)).collect();
    let unlisted: Vec<&str> = fixed
        .iter()
        .copied()
        .filter(|f| !listed.contains(&key(f)))
        .collect();
    for n in names {
        if fixed.iter().any(|f| key(f) == key(&n.value)) {
            continue;
        }
        let Some(s) = suggest(&n.value, &unlisted) else {
            continue;
        };
        let name = excerpt(&n.value);
        out.push(
            Diagnostic::error(
                "misspelled-name",
                Some(n.span),
                format!("指标体系中没有{what}“{name}”"),
                format!("the indicator system has no `{name}`"),
            )
            .with_hint(format!(
                "是否应为“{s}”？指标体系规定的名称须一字不差（did you mean `{s}`?）"
            )),
        );
    }
}
