//! 四舍五入: one rounding, half away from zero, to the system's decimals; percentages with two.

use super::*;
use crate::pipeline::Site;
use crate::render::view::ReportView;
use crate::score::round::{at_least, fixed, percent, round, score_within};

#[test]
fn rounding_is_half_away_from_zero() {
    let cases = [
        (d("0.125"), "0.13"),
        (d("0.135"), "0.14"),
        (d("-0.125"), "-0.13"),
        (d("4.6155"), "4.62"),
        (d("4.7455"), "4.75"),
        (d("2.675"), "2.68"),
        (d("0.004"), "0.00"),
        (d("-0.004"), "0.00"),
        (d("4.6"), "4.60"),
    ];
    for (x, want) in cases {
        assert_eq!(fixed(x, 2), want, "{x}");
        assert_eq!(round(x, 2).to_string(), want, "{x}");
    }
}

#[test]
fn rounding_to_whole_points() {
    // 4.5 → 5 and −4.5 → −5 (away from zero, not to even: 4.5 → 4 would be banker's rounding)
    for (x, want) in [
        ("4.5", "5"),
        ("5.5", "6"),
        ("-4.5", "-5"),
        ("4.4999", "4"),
        ("4.6155", "5"),
        ("-0.4", "0"),
        ("7", "7"),
    ] {
        assert_eq!(fixed(d(x), 0), want, "{x}");
    }
    // To three and to ten decimals: padded, never shortened below the asked decimals.
    assert_eq!(fixed(d("2.2255"), 3), "2.226");
    assert_eq!(fixed(d("1"), 10), "1.0000000000");
}

#[test]
fn percentages_keep_two_decimals() {
    assert_eq!(percent(d("92.3149")).to_string(), "92.31");
    assert_eq!(percent(d("99.9216")).to_string(), "99.92");
    assert_eq!(percent(d("12.5")).to_string(), "12.50");
    assert_eq!(percent(d("-0.001")).to_string(), "0.00");
}

#[test]
fn a_score_never_rounds_above_its_weight() {
    // 2.225 of 2.225 at two decimals would round to 2.23 > 2.225: one step less, 2.22.
    assert_eq!(score_within(d("2.225"), d("2.225"), 2).to_string(), "2.22");
    // 2.5 of 2.5 at whole points: 3 > 2.5, so 2.
    assert_eq!(score_within(d("2.5"), d("2.5"), 0).to_string(), "2");
    // Clamped into [0, w] first.
    assert_eq!(score_within(d("7"), d("5"), 2).to_string(), "5.00");
    assert_eq!(score_within(d("-1"), d("5"), 2).to_string(), "0.00");
    assert_eq!(score_within(d("1"), d("-5"), 2).to_string(), "0.00");
    // 4.6155 of 5 → 4.62; at whole points 5.
    assert_eq!(score_within(d("4.6155"), d("5"), 2).to_string(), "4.62");
    assert_eq!(score_within(d("4.6155"), d("5"), 0).to_string(), "5");
}

#[test]
fn stated_figures_are_shown_not_rounded() {
    assert_eq!(at_least(d("9.4"), 2).to_string(), "9.40");
    assert_eq!(at_least(d("9.405"), 2).to_string(), "9.405");
    assert_eq!(at_least(d("94.31"), 0).to_string(), "94.31");
    assert_eq!(at_least(d("-0"), 2).to_string(), "0.00");
}

#[test]
fn scores_print_with_the_system_decimals() {
    let (row, _, s) = one(&plain_sys(), "{name: 支出率, weight: 5, rate: 92%}");
    // 92% × 5 = 4.6 → "4.60"
    assert_eq!(row.score.to_string(), "4.60");
    assert_eq!(row.deduction.to_string(), "0.40");
    assert_eq!(
        row.completion.map(|c| c.to_string()).as_deref(),
        Some("92.00")
    );
    assert_eq!(s.total.to_string(), "4.60");
    assert_eq!(serde_json::to_value(&row).unwrap()["score"], "4.60");
}

/// A system with `decimals: 0`: scores in whole points, in the formula as in the score.
#[test]
fn whole_points_in_the_engine() {
    let whole = system::parse(&system_text(false, "ratio", 0)).unwrap();
    // 81.5% × 5 = 4.075 → 4; the percentage keeps two decimals
    let (row, codes, s) = one(
        &whole,
        "{name: 支出率, weight: 5, rate: 81.5%, reason: 项目延期}",
    );
    assert_eq!(row.score.to_string(), "4");
    assert_eq!(row.deduction.to_string(), "1");
    assert_eq!(row.formula.as_deref(), Some("81.50%*5=4"));
    assert_eq!(
        row.completion.map(|c| c.to_string()).as_deref(),
        Some("81.50")
    );
    assert_eq!(s.total.to_string(), "4");
    assert!(codes.is_empty(), "{codes:?}");
    // 90% × 5 = 4.5 → 5 (half away from zero)
    let (row, _, _) = one(&whole, "{name: 支出率, weight: 5, rate: 90%}");
    assert_eq!(row.formula.as_deref(), Some("90.00%*5=5"));
    // 45/50 = 90.00%; 90% × 40 = 36
    let (row, _, _) = one(
        &whole,
        "{name: 人数, weight: 40, target: ≥50, actual: '45', reason: 少}",
    );
    assert_eq!(row.formula.as_deref(), Some("45/50=90.00%；90.00%*40=36"));
    // A stated 4.5 against the computed 4 is shown as stated, the computed in whole points.
    let (_, _, s) = one(&whole, "{name: 支出率, weight: 5, rate: 81.5%, score: 4.5}");
    let f = s
        .findings
        .iter()
        .find(|f| f.code == "score-mismatch")
        .unwrap();
    assert_eq!(f.en, "stated 4.5, computed 4");
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("81.50%*5=4；改为 score: 4"),
        "{:?}",
        f.hint
    );
}

/// The same report through the whole pipeline: the grid (view) prints whole points too, agreeing
/// with the formula it shows.
#[test]
fn whole_points_in_the_grid() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    std::fs::create_dir_all(root.join("systems")).unwrap();
    std::fs::create_dir_all(root.join("content/u")).unwrap();
    std::fs::write(
        root.join("jixiao.yaml"),
        "name: 测试\nsystems: [systems/whole.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("systems/whole.yaml"),
        system_text(false, "ratio", 0).replace("id: t\n", "id: whole\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/u/2023-t.md"),
        "---\nkind: project\nsystem: whole\nunit: 单位\nyear: 2023\ntitle: 标题\nstated_total: 99\nindicators:\n  - name: 产出\n    weight: 100\n    groups:\n      - name: 数量指标\n        rows:\n          - {name: 支出率, weight: 5, rate: 81.5%, score: 4.5}\n          - {name: 场次, weight: 95, target: ≥5, actual: '7'}\n---\n正文\n",
    )
    .unwrap();
    let site = Site::load(root).unwrap();
    assert!(site.errors.is_empty(), "{:#?}", site.errors);
    let v = ReportView::new(&site, &site.entries[0]);
    // 81.5% × 5 = 4.075 → 4, but the unit signed 4.5: 4.5 is published as written (never shown
    // as 5), with jixiao's 4 as the note; 场次 95.
    let r = &v.grid[0];
    assert_eq!(
        (
            r.score.as_str(),
            r.computed.as_deref(),
            r.deduction.as_str(),
            r.stated.as_deref()
        ),
        ("4.5", Some("4"), "0.5", Some("4.5"))
    );
    assert_eq!(r.formula.as_deref(), Some("81.50%×5=4"));
    assert_eq!(r.completion.as_deref(), Some("81.50%"));
    assert_eq!(v.grid[1].score, "95");
    // The groups show what their rows show: 4.5 + 95 = 99.5 (jixiao's 4 + 95 = 99 beside it);
    // the total is the stated 99, which is also jixiao's.
    let l1 = v.grid[0].l1.as_ref().unwrap();
    let l2 = v.grid[0].l2.as_ref().unwrap();
    assert_eq!((l1.score.as_str(), l2.score.as_str()), ("99.5", "99.5"));
    assert_eq!(v.total, "99");
    assert_eq!(v.computed_total, None);
    assert_eq!(v.stated_total.as_deref(), Some("99"));
    let g: Vec<(&str, &str, &str)> = v
        .groups
        .iter()
        .map(|g| (g.score.as_str(), g.deduction.as_str(), g.percent.as_str()))
        .collect();
    // 99.5 of 100 → 99.50% (a percentage: two decimals, of the published score)
    let want = ("99.5", "0.5", "99.50");
    assert_eq!(g, [want, want]);
}
