//! Properties over any figures: scores stay within their weights, move the right way, never panic.

use super::*;
use crate::model::{BudgetLine, Group, Layout, ReportKind, SignOff, Sp};
use proptest::prelude::*;

// ----- properties -----

fn raw_row(weight: Decimal, target: String, actual: String, score: Option<Decimal>) -> Row {
    let sp = |s: String| Some(Sp::new(s, Span::default()));
    Row {
        name: Sp::new("指标".to_string(), Span::default()),
        weight: Some(Sp::new(weight, Span::default())),
        rule: None,
        explanation: None,
        criteria: None,
        target: sp(target),
        actual: sp(actual),
        score: score.map(|s| Sp::new(s, Span::default())),
        result: None,
        over_reason: None,
        rate: None,
        spent: None,
        budget: None,
        pending: None,
        cut: None,
        adjust_reason: None,
        items: Vec::new(),
        stated_count: None,
        projects: Vec::new(),
        reason: None,
        improvement: None,
        evidence: None,
        note: None,
        reconstructed: None,
        op: None,
        unit: None,
        direction: None,
        core: false,
        review: None,
        not_applicable: None,
        coefficient: None,
        span: Span::default(),
    }
}

fn raw_report(row: Row) -> Report {
    let sp = |s: &str| Sp::new(s.to_string(), Span::default());
    let group = |name: &str, groups, rows| Group {
        name: sp(name),
        weight: None,
        score: None,
        reason: None,
        improvement: None,
        note: None,
        reconstructed: None,
        groups,
        rows,
        span: Span::default(),
    };
    Report {
        source: "t.md".into(),
        kind: ReportKind::Project,
        layout: Layout::Table,
        system: sp("t"),
        unit: sp("单位"),
        year: Sp::new(2023, Span::default()),
        title: sp("标题"),
        sub_units: None,
        project: None,
        signoff: SignOff::default(),
        budget: Vec::new(),
        goals: Vec::new(),
        completion: None,
        shortfall: None,
        stated_total: None,
        draft: None,
        funds: None,
        stated_grade: None,
        budget_unit: None,
        groups: vec![group(
            "产出",
            vec![group("数量指标", Vec::new(), vec![row])],
            Vec::new(),
        )],
        body: Body::default(),
    }
}

fn decimal(max: i64) -> impl Strategy<Value = Decimal> {
    (-max * 100..=max * 100).prop_map(|n| Decimal::new(n, 2))
}

fn text_of(d: Decimal) -> String {
    d.normalize().to_string()
}

fn figure_text() -> impl Strategy<Value = String> {
    let templates = prop::sample::select(vec![
        "≥{}",
        "{}",
        "不少于{}场(次)",
        "{}件以上",
        "≤{}万元",
        "{}个工作日内",
        "={}个",
        "<{}%",
        ">{}",
        "较上年下降{}%",
        "{}%",
        "-{}",
        "每届不少于{}家",
    ]);
    (templates, decimal(100_000)).prop_map(|(t, v)| t.replace("{}", &text_of(v)))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        figure_text(),
        Just("合规".to_string()),
        Just("较去年同期下降".to_string()),
        Just("领军团队10个、领军人才30人".to_string()),
        "\\PC{0,20}",
    ]
}

/// Any decimal, from tiny to `Decimal::MAX`, either sign.
fn wild() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, sc)| Decimal::new(m, sc)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
    ]
}

fn sp<T>(v: T) -> Sp<T> {
    Sp::new(v, Span::default())
}

proptest! {
    #[test]
    fn every_score_is_within_its_weight(
        weight in decimal(1_000).prop_map(|w| w.abs()),
        target in any_text(),
        actual in any_text(),
        entered in prop::option::of(decimal(2_000)),
        halve in any::<bool>(),
        linear in any::<bool>(),
    ) {
        let system = sys(halve, if linear { "linear" } else { "ratio" });
        let s = score(&raw_report(raw_row(weight, target, actual, entered)), &system);
        let row = &s.groups[0].groups[0].rows[0];
        prop_assert!(row.score >= Decimal::ZERO && row.score <= weight, "{} of {}", row.score, weight);
        prop_assert_eq!(row.score.scale(), 2);
        prop_assert_eq!(s.total, row.score);
        prop_assert!(s.total <= s.weight_total);
    }

    #[test]
    fn forward_scores_never_fall_as_the_actual_rises(
        t in decimal(10_000).prop_filter("positive", |t| *t > Decimal::ZERO),
        a in decimal(30_000),
        more in decimal(30_000).prop_map(|m| m.abs()),
        weight in decimal(100).prop_map(|w| w.abs()),
        tpl in prop::sample::select(vec!["≥{}", "{}", "不少于{}家", "{}件以上", ">{}"]),
    ) {
        let system = sys(false, "ratio");
        let target = tpl.replace("{}", &text_of(t));
        let at = |x: Decimal| {
            let s = score(&raw_report(raw_row(weight, target.clone(), text_of(x), None)), &system);
            s.groups[0].groups[0].rows[0].score
        };
        let (lo, hi) = (at(a), at(a + more));
        prop_assert!(lo <= hi, "{}: {} → {}, {} → {}", target, a, lo, a + more, hi);
    }

    #[test]
    fn reverse_scores_never_rise_as_the_actual_rises(
        t in decimal(10_000).prop_filter("positive", |t| *t > Decimal::ZERO),
        a in decimal(30_000),
        more in decimal(30_000).prop_map(|m| m.abs()),
        weight in decimal(100).prop_map(|w| w.abs()),
        linear in any::<bool>(),
    ) {
        let system = sys(false, if linear { "linear" } else { "ratio" });
        let target = format!("≤{}", text_of(t));
        let at = |x: Decimal| {
            let s = score(&raw_report(raw_row(weight, target.clone(), text_of(x), None)), &system);
            s.groups[0].groups[0].rows[0].score
        };
        prop_assert!(at(a) >= at(a + more));
    }
    #[test]
    fn absurd_figures_never_panic(
        weight in wild(),
        rate in prop::option::of(wild()),
        spent in prop::option::of(wild()),
        budget in prop::option::of(wild()),
        pending in prop::option::of(wild()),
        cut in prop::option::of(wild()),
        entered in prop::option::of(wild()),
        projects in prop::collection::vec((wild(), prop::option::of(wild()), prop::option::of(wild())), 0..3),
        items in prop::collection::vec((prop::option::of(wild()), any_text(), any_text()), 0..3),
        rule in prop::option::of(prop::sample::select(Rule::ALL.iter().map(|(_, r)| *r).collect::<Vec<_>>())),
        target in any_text(),
        actual in any_text(),
    ) {
        let mut row = raw_row(weight, target, actual, entered);
        row.rule = rule.map(sp);
        row.rate = rate.map(sp);
        row.spent = spent.map(sp);
        row.budget = budget.map(sp);
        row.pending = pending.map(sp);
        row.cut = cut.map(sp);
        row.projects = projects
            .into_iter()
            .map(|(score, out_of, weight)| model::ProjectScore {
                name: sp("p".to_string()),
                score: sp(score),
                stated: None,
                report: None,
                out_of: out_of.map(sp),
                weight: weight.map(sp),
            })
            .collect();
        row.items = items
            .into_iter()
            .map(|(w, t, a)| {
                let mut i = raw_row(Decimal::ZERO, t, a, None);
                i.weight = w.map(sp);
                i
            })
            .collect();
        let mut report = raw_report(row);
        report.budget = vec![BudgetLine { key: "total".into(), budget: sp(weight), spent: spent.map(sp), stated_rate: rate.map(sp) }];
        let s = score(&report, &sys(true, "linear"));
        let row = &s.groups[0].groups[0].rows[0];
        prop_assert!(row.score >= Decimal::ZERO && row.score <= row.weight.max(Decimal::ZERO), "{} of {}", row.score, row.weight);
    }
}
