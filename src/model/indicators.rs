//! Reading the indicator tree of a report (指标体系): groups (一级/二级指标), rows (三级指标) with
//! their rule's fields, and the scores of a department's projects.

use super::national::{self, read_core, read_direction, read_row_weight, read_score};
use super::reader::*;
use super::report::unique_names;
use super::types::*;
use crate::diag::Diagnostic;
use crate::load::yaml::Node;
use rust_decimal::Decimal;

const GROUP_FIELDS: [&str; 9] = [
    "name",
    "weight",
    "score",
    "reason",
    "improvement",
    "note",
    "reconstructed",
    "groups",
    "rows",
];
const ROW_FIELDS: [&str; 30] = [
    "op",
    "unit",
    "direction",
    "core",
    "review",
    "coefficient",
    "name",
    "weight",
    "rule",
    "explanation",
    "criteria",
    "target",
    "actual",
    "score",
    "result",
    "over_reason",
    "rate",
    "spent",
    "budget",
    "pending",
    "cut",
    "adjust_reason",
    "items",
    "stated_count",
    "projects",
    "reason",
    "improvement",
    "evidence",
    "note",
    "reconstructed",
];
const PROJECT_SCORE_FIELDS: [&str; 5] = ["name", "score", "report", "out_of", "weight"];

pub(super) fn read_group(r: &mut Reader<'_>, n: &Node, level: u8) -> Option<Group> {
    let ctx = if level == 1 {
        "一级指标"
    } else {
        "二级指标"
    };
    let mut f = r.fields(n, ctx, "indicator group")?;
    if let Some(d) = super::misplaced::row_among_groups(&f, level, &ROW_FIELDS, &GROUP_FIELDS) {
        r.err(d);
        return None;
    }
    let name = r
        .require(&mut f, "name", ctx, "例如 name: 履职效能")
        .and_then(|v| r.text_field(v, "name"));
    let weight = r.opt_decimal(&mut f, "weight", "分值");
    let score = r.opt_decimal(&mut f, "score", "得分");
    let reason = r.opt_text(&mut f, "reason");
    let improvement = r.opt_text(&mut f, "improvement");
    let note = r.opt_text(&mut f, "note");
    let reconstructed = r.opt_marker(&mut f, "reconstructed");
    let groups = match f.take("groups") {
        Some(g) if level == 1 => r
            .list(g, "groups")
            .iter()
            .filter_map(|g| read_group(r, g, 2))
            .collect(),
        Some(g) => {
            r.err(
                Diagnostic::error(
                    "too-deep",
                    Some(g.span),
                    "二级指标下不能再有 groups",
                    "groups nest two levels at most",
                )
                .with_hint("在二级指标下用 rows 列出三级指标"),
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let rows = match f.take("rows") {
        Some(v) => r
            .list(v, "rows")
            .iter()
            .filter_map(|row| read_row(r, row, 0))
            .collect(),
        None => Vec::new(),
    };
    r.finish(f, &GROUP_FIELDS, ctx);
    unique_names(
        r,
        groups.iter().map(|g| &g.name),
        "二级指标",
        "level-2 indicator",
    );
    unique_names(
        r,
        rows.iter().map(|g| &g.name),
        "三级指标",
        "level-3 indicator",
    );
    Some(Group {
        name: name?,
        weight,
        score,
        reason,
        improvement,
        note,
        reconstructed,
        groups,
        rows,
        span: n.span,
    })
}

fn read_row(r: &mut Reader<'_>, n: &Node, depth: u8) -> Option<Row> {
    let ctx = if depth == 0 {
        "三级指标"
    } else {
        "子指标"
    };
    let mut f = r.fields(n, ctx, "indicator")?;
    let name = r
        .require(&mut f, "name", ctx, "例如 name: 资金支出率")
        .and_then(|v| r.text_field(v, "name"))
        .map(national::strip_core_mark);
    let (weight, not_applicable) = read_row_weight(r, &mut f);
    let rule = f.take("rule").and_then(|v| {
        let s = v.as_str().unwrap_or("").trim();
        match Rule::ALL.iter().find(|(k, _)| *k == s) {
            Some((_, rule)) => Some(Sp::new(*rule, v.span)),
            None => {
                let names: Vec<&str> = Rule::ALL.iter().map(|(k, _)| *k).collect();
                let mut d = Diagnostic::error(
                    "bad-rule",
                    Some(v.span),
                    format!("评分方法“{}”无法识别", crate::diag::excerpt(s)),
                    "unknown rule",
                );
                d = match suggest(s, &names) {
                    Some(x) => d.with_hint(format!("是否应为“{x}”？（did you mean `{x}`?）")),
                    None => d.with_hint(format!("可用（one of）: {}", names.join(", "))),
                };
                r.err(d);
                None
            }
        }
    });
    let explanation = r.opt_text(&mut f, "explanation");
    let criteria = r.opt_text(&mut f, "criteria");
    let target = r.opt_text(&mut f, "target");
    let actual = r.opt_text(&mut f, "actual");
    let score = read_score(r, &mut f, "score", "自评分", not_applicable.is_some());
    let review = read_score(r, &mut f, "review", "复核分", not_applicable.is_some());
    let op = r.opt_text(&mut f, "op");
    let unit = r.opt_text(&mut f, "unit");
    let direction = f.take("direction").and_then(|v| read_direction(r, v));
    let core = f.take("core").is_some_and(|v| read_core(r, v));
    let coefficient = r.opt_decimal(&mut f, "coefficient", "得分系数");
    let result = f
        .take("result")
        .and_then(|v| match v.as_str().and_then(Band::parse) {
            Some(b) => Some(Sp::new(b, v.span)),
            None => {
                r.err(
                    Diagnostic::error(
                        "bad-result",
                        Some(v.span),
                        "定性结果无法识别",
                        "unknown qualitative result",
                    )
                    .with_hint("result 只能是 达成、部分达成 或 未达成"),
                );
                None
            }
        });
    let over_reason = r.opt_text(&mut f, "over_reason");
    let rate = r.opt_percent(&mut f, "rate", "执行率");
    let spent = r.opt_decimal(&mut f, "spent", "支出数");
    let budget = r.opt_decimal(&mut f, "budget", "预算数");
    let pending = r.opt_decimal(&mut f, "pending", "待支付数");
    let cut = r.opt_decimal(&mut f, "cut", "压减数");
    let adjust_reason = r.opt_text(&mut f, "adjust_reason");
    let items = match f.take("items") {
        Some(v) if depth == 0 => r
            .list(v, "items")
            .iter()
            .filter_map(|i| read_row(r, i, 1))
            .collect(),
        Some(v) => {
            r.err(Diagnostic::error(
                "too-deep",
                Some(v.span),
                "子指标下不能再有 items",
                "items nest one level at most",
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    let stated_count = f.take("stated_count").and_then(|v| r.count(v, "指标个数"));
    let projects = match f.take("projects") {
        Some(v) => r
            .list(v, "projects")
            .iter()
            .filter_map(|p| read_project_score(r, p))
            .collect(),
        None => Vec::new(),
    };
    let reason = r.opt_text(&mut f, "reason");
    let improvement = r.opt_text(&mut f, "improvement");
    let evidence = r.opt_text(&mut f, "evidence");
    let note = r.opt_text(&mut f, "note");
    let reconstructed = r.opt_marker(&mut f, "reconstructed");
    r.finish(f, &ROW_FIELDS, ctx);
    unique_names(r, items.iter().map(|i| &i.name), "子指标", "sub-indicator");
    unique_names(r, projects.iter().map(|p| &p.name), "专项项目", "project");
    let (name, starred) = name?;
    Some(Row {
        name,
        weight,
        rule,
        explanation,
        criteria,
        target,
        actual,
        score,
        result,
        over_reason,
        rate,
        spent,
        budget,
        pending,
        cut,
        adjust_reason,
        items,
        stated_count,
        projects,
        reason,
        improvement,
        evidence,
        note,
        op,
        unit,
        direction,
        core: core || starred,
        review,
        not_applicable,
        coefficient,
        reconstructed,
        span: n.span,
    })
}

fn read_project_score(r: &mut Reader<'_>, n: &Node) -> Option<ProjectScore> {
    let mut f = r.fields(n, "项目得分", "project score")?;
    let name = r
        .require(&mut f, "name", "项目得分", "项目名称")
        .and_then(|v| r.text_field(v, "name"));
    let report = r.opt_text(&mut f, "report");
    let (score, stated) = match &report {
        // The score comes from the named report; a written one is kept to be checked.
        Some(rep) => {
            let stated = r.opt_decimal(&mut f, "score", "项目得分");
            (Some(Sp::new(Decimal::ZERO, rep.span)), stated)
        }
        None => {
            let score = r
                .require(
                    &mut f,
                    "score",
                    "项目得分",
                    "项目自评得分，如 99；或用 report: 指向本站的项目自评报告",
                )
                .and_then(|v| r.decimal(v, "项目得分"));
            (score, None)
        }
    };
    let out_of = r.opt_decimal(&mut f, "out_of", "满分");
    let weight = r.opt_decimal(&mut f, "weight", "权重");
    r.finish(f, &PROJECT_SCORE_FIELDS, "项目得分");
    Some(ProjectScore {
        name: name?,
        score: score?,
        stated,
        report,
        out_of,
        weight,
    })
}
