//! Figures as the forms write them, read by hand: what is accepted, what is refused and why.

use super::*;
use crate::load::yaml;
use crate::model::{self, Body};
use crate::score::target::{self, Actual, Quantity, Target};

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn decimals_as_written() {
    let cases = [
        ("303,054.14", "303054.14"),
        ("１４３５", "1435"),
        ("１，２３４．５", "1234.5"),
        ("-0.5", "-0.5"),
        ("－0.5", "-0.5"),
        ("1435万元", "1435"),
        ("9.35分", "9.35"),
        ("  12  ", "12"),
        // thousands separators in groups of exactly three
        ("1,234.5", "1234.5"),
        ("12,345,678", "12345678"),
        ("1,435万元", "1435"),
        ("1,435元", "1435"),
        ("1,435万", "1435"),
        ("１２，３４５，６７８", "12345678"),
        ("+3", "3"),
        ("0.5", "0.5"),
        ("999", "999"),
    ];
    for (text, want) in cases {
        assert_eq!(parse_decimal(text), Ok(d(want)), "{text}");
    }
}

#[test]
fn bad_decimals() {
    assert_eq!(parse_decimal(""), Err(NumberError::Empty));
    assert_eq!(parse_decimal("十"), Err(NumberError::NotANumber));
    assert_eq!(parse_decimal("12abc"), Err(NumberError::NotANumber));
    assert_eq!(parse_decimal("1e400"), Err(NumberError::NotANumber));
    assert_eq!(
        parse_decimal("99999999999999999999999"),
        Err(NumberError::TooLarge)
    );
    assert_eq!(
        parse_decimal("999999999999999999999999999999999999999999999"),
        Err(NumberError::NotANumber)
    );
    assert_eq!(
        parse_decimal("0.000000000001"),
        Err(NumberError::TooManyDecimals)
    );
    // 亿元 is a unit of targets and actuals, not of a front-matter amount (万元)
    assert_eq!(parse_decimal("1.2亿元"), Err(NumberError::NotANumber));
}

/// A comma is a thousands separator only between groups of exactly three digits; anything else is
/// refused as such (most often a decimal comma: 1033,48).
#[test]
fn misplaced_separators_are_refused() {
    for text in [
        "1,5",
        "1,2,3",
        "1033,48",
        "1033,480",
        "12,34",
        "1,2345",
        "1,234,56",
        "1,234.5,6",
        "0,5",
        "0,123",
        "１，５",
        "1,5万元",
        "-1,5",
    ] {
        assert_eq!(parse_decimal(text), Err(NumberError::Separator), "{text}");
    }
    assert_eq!(parse_percent("92,31%"), Err(NumberError::Separator));
    assert_eq!(parse_percent("９２，３１％"), Err(NumberError::Separator));
    // A comma with nothing after it is no figure at all.
    assert_eq!(parse_decimal("1,234,"), Err(NumberError::NotANumber));
    assert_eq!(parse_decimal(",5"), Err(NumberError::NotANumber));
}

#[test]
fn percents() {
    assert_eq!(parse_percent("92.31%"), Ok(d("92.31")));
    assert_eq!(parse_percent("９２．３１％"), Ok(d("92.31")));
    assert_eq!(parse_percent("100"), Ok(d("100")));
    assert_eq!(parse_percent("1,000%"), Ok(d("1000")));
    assert!(parse_percent("92.31%%").is_err());
    assert!(parse_percent("92.31万元").is_err());
}

/// The one reader, by itself: where a figure ends and what it is worth.
#[test]
fn the_reader_stops_before_a_comma_that_is_not_a_separator() {
    let cases: [(&str, Option<&str>, usize); 12] = [
        ("1,234.5", Some("1234.5"), 7),
        ("12,345,678", Some("12345678"), 10),
        ("303,054.14万元", Some("303054.14"), 10),
        ("1,5", Some("1"), 1),
        ("1,2,3", Some("1"), 1),
        ("1033,48", Some("1033"), 4),
        ("1,234,5678", Some("1234"), 5),
        ("0,123", Some("0"), 1),
        ("1.5.6", Some("1.5"), 3),
        ("7.", Some("7"), 1),
        ("10,20,30", Some("10"), 2),
        ("9".repeat(45).leak(), None, 45),
    ];
    for (text, value, len) in cases {
        let s = scan_unsigned(text).unwrap();
        assert_eq!((s.value, s.len), (value.map(d), len), "{text}");
    }
    assert_eq!(scan_unsigned(",5"), None);
    assert_eq!(scan_unsigned("-5"), None);
    assert_eq!(scan_unsigned(""), None);
}

/// The first figure of a target or actual, as `score::target` reads it.
fn target_first_figure(text: &str) -> Option<Decimal> {
    match target::parse_actual(text) {
        Actual::Figure { quantity, .. } => Some(quantity.value),
        Actual::Compound(qs) => qs.first().map(|q| q.value),
        _ => None,
    }
}

/// Formerly the front matter read `1,5` as 15 and `1033,480` as 1033480 while a target read 1 and
/// 1033: both now read the figure with one reader and agree on where it ends.
#[test]
fn front_matter_and_targets_read_a_comma_alike() {
    for (text, first) in [
        ("1,5", "1"),
        ("1,2,3", "1"),
        ("1033,48", "1033"),
        ("1033,480", "1033"),
        ("1,234.5", "1234.5"),
        ("12,345,678", "12345678"),
        ("１，２３４．５", "1234.5"),
        ("0,5", "0"),
    ] {
        let n = normalize(text);
        let (front, _) = split_number(&n).unwrap();
        assert_eq!(front, d(first), "front matter: {text}");
        assert_eq!(target_first_figure(text), Some(d(first)), "target: {text}");
    }
}

/// A target with a misplaced comma is two figures (a compound target), not one figure ten times
/// too large; one with proper separators is one figure.
#[test]
fn targets_read_separators_in_groups_of_three() {
    let q = |v: &str, u: &str| Quantity {
        value: d(v),
        unit: target::Unit {
            name: u.into(),
            alternatives: Vec::new(),
        },
    };
    assert_eq!(
        target::parse_target("1033,48万元"),
        Target::Compound(vec![q("1033", ""), q("48", "万元")])
    );
    assert_eq!(
        target::parse_target("1,5"),
        Target::Compound(vec![q("1", ""), q("5", "")])
    );
    match target::parse_target("≥12,345,678元") {
        Target::Bound(b) => assert_eq!(b.quantity, q("12345678", "元")),
        other => panic!("{other:?}"),
    }
    // full-width digits, comma and ％, and 亿元, as the forms write them
    match target::parse_actual("１，２３４．５％") {
        Actual::Figure { quantity, .. } => assert_eq!(quantity, q("1234.5", "%")),
        other => panic!("{other:?}"),
    }
    match target::parse_actual("1.2亿元") {
        Actual::Figure { quantity, .. } => assert_eq!(quantity, q("1.2", "亿元")),
        other => panic!("{other:?}"),
    }
}

/// `1033,48` in the front matter: an error at the figure, whose hint says the decimal mark is a
/// point.
#[test]
fn a_decimal_comma_in_the_front_matter_is_an_error_at_its_place() {
    let src = "kind: project\nsystem: gd-project\nunit: 单位\nyear: 2023\ntitle: 标题\nindicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - name: 资金支出率\n            weight: 12\n            spent: 1033,48\n            budget: 1435\n";
    let tree = yaml::parse(src, 0).unwrap();
    let mut diags = Vec::new();
    model::read_report(&tree, "content/t.md", Body::default(), &mut diags);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let e = &diags[0];
    assert_eq!(e.code, "bad-number");
    let at = src.find("1033,48").unwrap();
    assert_eq!(
        e.span.map(|s| (s.start, s.end)),
        Some((at, at + "1033,48".len()))
    );
    assert!(e.zh.contains("“1033,48”"), "{}", e.zh);
    let hint = e.hint.as_deref().unwrap();
    assert!(hint.contains("小数点请用“.”"), "{hint}");
    assert!(hint.contains("1033.48"), "{hint}");
}

#[test]
fn money_groups_thousands() {
    assert_eq!(money(d("303054.14")), "303,054.14");
    assert_eq!(money(d("193807")), "193,807.00");
    assert_eq!(money(d("999.999")), "1,000.00");
    assert_eq!(money(d("-1234567.5")), "-1,234,567.50");
    assert_eq!(money(d("0")), "0.00");
}

/// What [`money`] and [`fixed`] print reads back as the same figure.
#[test]
fn printed_figures_read_back() {
    for x in ["303054.14", "0.5", "-1234567.5", "12345678"] {
        assert_eq!(parse_decimal(&money(d(x))), Ok(round(d(x), 2)), "{x}");
        assert_eq!(parse_decimal(&fixed(d(x), 2)), Ok(round(d(x), 2)), "{x}");
    }
}
