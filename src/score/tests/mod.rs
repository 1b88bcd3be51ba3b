//! The engine's unit tests, one file per rule family. Every expected figure was worked out by hand
//! (the arithmetic is in the comments), never computed by the code under test.

mod aggregate;
mod budget;
mod codes;
mod grade;
mod groups;
mod national;
mod projects;
mod properties;
mod qualitative;
mod quantitative;
mod rate;
mod round;

use super::*;
use crate::load::yaml;
use crate::model::system;
use crate::model::{self, Body};

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// The YAML of a project system `t` with no fixed groups and the given rule switches.
fn system_text(halve: bool, reverse: &str, decimals: u32) -> String {
    format!(
        "id: t\nname: 测试\nversion: \"1\"\nkind: project\nrules:\n  halve_over_150: {halve}\n  reverse_formula: {reverse}\n  bands:\n    achieved: {{low: 80, high: 100}}\n    partial: {{low: 60, high: 80}}\n    failed: {{low: 0, high: 60}}\n  decimals: {decimals}\ngroups: []\n"
    )
}

/// A project system with no fixed groups and the given rule switches, scores with two decimals.
fn sys(halve: bool, reverse: &str) -> System {
    system::parse(&system_text(halve, reverse, 2)).unwrap()
}

fn plain_sys() -> System {
    sys(false, "ratio")
}

fn builtin(id: &str) -> System {
    system::builtin().into_iter().find(|s| s.id == id).unwrap()
}

fn read(src: &str) -> Report {
    let tree = yaml::parse(src, 0).unwrap();
    let mut diags = Vec::new();
    let r = model::read_report(&tree, "content/t.md", Body::default(), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    r.unwrap()
}

const HEAD: &str = "kind: project\nsystem: t\nunit: 单位\nyear: 2023\ntitle: 标题\n";

/// One row (a YAML flow map or block) under 产出 / 数量指标.
fn one_src(row: &str) -> String {
    format!(
        "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {row}\n"
    )
}

/// Scores one row; returns it with the finding codes (sorted, `weights-not-100` left out).
fn one(system: &System, row: &str) -> (ScoredRow, Vec<&'static str>, Scored) {
    let s = score(&read(&one_src(row)), system);
    let row = s.groups[0].groups[0].rows[0].clone();
    let mut codes: Vec<&str> = s
        .findings
        .iter()
        .map(|f| f.code)
        .filter(|c| *c != "weights-not-100")
        .collect();
    codes.sort();
    (row, codes, s)
}

struct Case {
    what: &'static str,
    system: System,
    row: &'static str,
    score: &'static str,
    formula: Option<&'static str>,
    codes: &'static [&'static str],
}

fn case(
    what: &'static str,
    system: System,
    row: &'static str,
    score: &'static str,
    formula: Option<&'static str>,
    codes: &'static [&'static str],
) -> Case {
    Case {
        what,
        system,
        row,
        score,
        formula,
        codes,
    }
}

fn run(cases: Vec<Case>) {
    for c in cases {
        let (row, codes, _) = one(&c.system, c.row);
        assert_eq!(row.score.to_string(), c.score, "{}: score", c.what);
        assert_eq!(row.formula.as_deref(), c.formula, "{}: formula", c.what);
        let mut want = c.codes.to_vec();
        want.sort();
        assert_eq!(codes, want, "{}: findings", c.what);
    }
}
