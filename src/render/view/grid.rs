//! The indicator grid of a report view (指标表): 一级/二级 groups as cells spanning their rows, a
//! row per 三级指标 with its figures as published and jixiao's where they differ.

use super::*;

pub(super) fn group_view(f: Points, g: &ScoredGroup, m: Option<&Group>, level: u8) -> GroupView {
    let (score, computed) = f.group(g);
    let percent = if g.weight > Decimal::ZERO {
        score * Decimal::from(100) / g.weight
    } else {
        Decimal::ZERO
    };
    GroupView {
        name: g.name.clone(),
        level,
        weight: f.weight(g.weight),
        score: f.exact(score),
        computed,
        deduction: f.exact(g.weight - score),
        percent: pct(percent),
        reconstructed: m.and_then(|m| reconstructed(&m.reconstructed)),
    }
}

pub(super) fn cell(f: Points, g: &ScoredGroup, m: Option<&Group>, rowspan: usize) -> SpanCell {
    SpanCell {
        name: g.name.clone(),
        weight: f.weight(g.weight),
        score: f.exact(f.group(g).0),
        rowspan: rowspan.max(1),
        reconstructed: m.and_then(|m| reconstructed(&m.reconstructed)),
    }
}

/// Rows of a group; a group whose rows are not published (stated score only) gets one line of its own.
pub(super) fn push_rows(f: Points, grid: &mut Vec<GridRow>, g: &ScoredGroup, m: Option<&Group>) {
    if g.rows.is_empty() {
        let (score, computed) = f.group(g);
        grid.push(GridRow {
            l1: None,
            l2: None,
            name: if g.from_funds {
                "项目资金执行率".into()
            } else {
                String::new()
            },
            weight: f.weight(g.weight),
            score: f.exact(score),
            computed,
            deduction: f.exact(g.weight - score),
            deducted: score < g.weight,
            stated: g.stated.map(|s| f.exact(s)),
            target: None,
            actual: None,
            completion: None,
            formula: g.formula.clone(),
            halved: false,
            rule: if g.from_funds { "funds" } else { "stated" }.into(),
            explanation: None,
            criteria: None,
            reason: g.reason.clone(),
            improvement: g.improvement.clone(),
            evidence: None,
            reconstructed: m.and_then(|m| reconstructed(&m.reconstructed)),
            items: Vec::new(),
            core: false,
            review: g.review.map(|x| f.score(x)),
            // A 二级 line the form leaves without any indicator.
            not_applicable: g.not_applicable
                || (!g.from_funds && g.weight.is_zero() && g.stated.is_none()),
            stated_differs: g.stated.is_some_and(|x| x != g.score),
            direction: None,
            coefficient: None,
        });
    }
    for (i, r) in g.rows.iter().enumerate() {
        let mr = m.and_then(|m| nth(&m.rows, i, &r.name, row_name));
        grid.push(row_view(f, r, mr));
    }
}

fn row_view(f: Points, r: &ScoredRow, m: Option<&Row>) -> GridRow {
    let (score, computed) = f.published(r.score, r.stated);
    GridRow {
        l1: None,
        l2: None,
        name: r.name.clone(),
        weight: f.weight(r.weight),
        score: f.exact(score),
        computed,
        deduction: f.exact(r.weight - score),
        deducted: !r.not_applicable && score < r.weight,
        stated: r.stated.map(|s| f.exact(s)),
        target: r.target.clone(),
        actual: r.actual.clone(),
        completion: r.completion.map(|c| format!("{}%", pct(c))),
        formula: r.formula.as_deref().map(print_formula),
        halved: r.halved,
        rule: format!("{:?}", r.rule).to_lowercase(),
        explanation: r.explanation.clone(),
        criteria: r.criteria.clone(),
        reason: r.reason.clone(),
        improvement: r.improvement.clone(),
        evidence: r.evidence.clone(),
        reconstructed: m.and_then(|m| reconstructed(&m.reconstructed)),
        items: r
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let mi = m.and_then(|m| nth(&m.items, i, &it.name, row_name));
                row_view(f, it, mi)
            })
            .collect(),
        core: r.core,
        review: r.review.map(|x| f.score(x)),
        not_applicable: r.not_applicable,
        stated_differs: r.stated.is_some_and(|x| x != r.score),
        direction: r.direction.map(|d| format!("{d:?}").to_lowercase()),
        coefficient: r.coefficient.map(plain),
    }
}
