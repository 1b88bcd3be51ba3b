use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn formulas_print_the_multiplication_sign_of_the_forms() {
    assert_eq!(print_formula("96.06%*10=9.61"), "96.06%×10=9.61");
    assert_eq!(
        print_formula("(1033.48+100.63)/(1435-300)*12=11.99"),
        "(1033.48+100.63)/(1435-300)×12=11.99"
    );
}

#[test]
fn weights_use_the_systems_decimals_unless_they_have_more() {
    let f = Points { dp: 2 };
    assert_eq!(f.weight(d("6.7")), "6.70");
    assert_eq!(f.weight(d("50")), "50.00");
    assert_eq!(f.weight(d("2.225")), "2.225");
    assert_eq!(Points { dp: 0 }.weight(d("10")), "10");
}

#[test]
fn the_stated_figure_is_published_and_a_different_computed_one_noted() {
    let f = Points { dp: 2 };
    assert_eq!(
        f.published(d("9.61"), Some(d("9.35"))),
        (d("9.35"), Some("9.61".into()))
    );
    assert_eq!(f.published(d("4.5"), Some(d("4.50"))), (d("4.50"), None));
    assert_eq!(f.published(d("4.5"), None), (d("4.5"), None));
}

#[test]
fn the_national_systems_have_their_own_form() {
    assert_eq!(form_of(ReportKind::Project, "national-project"), "national");
    assert_eq!(form_of(ReportKind::Project, "gd-project"), "project");
    assert_eq!(
        form_of(ReportKind::Department, "gz-department-city"),
        "department"
    );
}

fn scored_row(score: &str, stated: Option<&str>) -> ScoredRow {
    ScoredRow {
        name: "行".into(),
        rule: crate::model::Rule::Rate,
        weight: d("10"),
        score: d(score),
        deduction: d("10") - d(score),
        stated: stated.map(d),
        completion: None,
        halved: false,
        formula: None,
        target: None,
        actual: None,
        reason: None,
        improvement: None,
        evidence: None,
        explanation: None,
        criteria: None,
        items: Vec::new(),
        op: None,
        unit: None,
        direction: None,
        core: false,
        review: None,
        not_applicable: false,
        coefficient: None,
        span: crate::load::yaml::Span::default(),
    }
}

fn scored_group(
    stated: Option<&str>,
    rows: Vec<ScoredRow>,
    groups: Vec<ScoredGroup>,
) -> ScoredGroup {
    let score = rows.iter().map(|r| r.score).sum::<Decimal>()
        + groups.iter().map(|g| g.score).sum::<Decimal>();
    ScoredGroup {
        name: "组".into(),
        weight: d("20"),
        score,
        deduction: d("20") - score,
        stated: stated.map(d),
        reason: None,
        improvement: None,
        groups,
        rows,
        not_applicable_weight: Decimal::ZERO,
        not_applicable: false,
        review: None,
        from_funds: false,
        formula: None,
        span: crate::load::yaml::Span::default(),
    }
}

#[test]
fn a_group_shows_what_its_rows_show() {
    let g = scored_group(
        None,
        vec![scored_row("9.61", Some("9.65")), scored_row("10.00", None)],
        Vec::new(),
    );
    assert_eq!(published_group(&g), d("19.65"));
    assert_eq!(
        Points { dp: 2 }.group(&g),
        (d("19.65"), Some("19.61".into()))
    );
    let outer = scored_group(None, Vec::new(), vec![g]);
    assert_eq!(published_group(&outer), d("19.65"));
    let stated = scored_group(Some("18"), vec![scored_row("9.61", None)], Vec::new());
    assert_eq!(published_group(&stated), d("18"));
}

#[test]
fn goals_the_narrative_quotes_are_noticed() {
    let sp = |s: &str| crate::model::Sp::new(s.to_string(), crate::load::yaml::Span::default());
    let goals = [
        sp("目标1：持续强化经济运行监测。"),
        sp("目标2：推动产业\n高质量发展。"),
    ];
    assert!(quoted_in(
        &goals,
        "## 绩效目标\n\n目标1：持续强化经济运行监测。\n\n目标2：推动产业高质量\n发展。"
    ));
    assert!(!quoted_in(&goals, "目标1：持续强化经济运行监测。"));
    assert!(!quoted_in(&[], "任何正文"));
}
