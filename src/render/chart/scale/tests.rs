use super::*;

fn item<'a>(name: &'a str, total: &'a str, grade: &'a str) -> Scored<'a> {
    Scored { name, total, grade }
}

#[test]
fn the_axis_starts_at_a_multiple_of_5_below_the_lowest_score() {
    assert_eq!(
        Axis::of(&[97.0, 99.0]),
        Axis {
            lo: 95.0,
            hi: 100.0
        }
    );
    assert_eq!(
        Axis::of(&[81.83, 94.31]),
        Axis {
            lo: 80.0,
            hi: 100.0
        }
    );
    assert_eq!(
        Axis::of(&[100.0]),
        Axis {
            lo: 95.0,
            hi: 100.0
        }
    );
    assert_eq!(
        Axis::of(&[42.0, 104.0]),
        Axis {
            lo: 40.0,
            hi: 105.0
        }
    );
    assert_eq!(Axis::of(&[]), Axis { lo: 0.0, hi: 100.0 });
}

#[test]
fn dots_for_97_and_99_are_far_apart() {
    let c = dots(
        "历年",
        &[Series {
            name: "部门整体",
            items: vec![item("2023年", "99.00", "优"), item("2022年", "97.00", "优")],
        }],
    );
    let x: Vec<f64> = c.lines.iter().map(|l| dec(&l.cx)).collect();
    let (left, right) = (dec(&c.left), dec(&c.right));
    // Axis 95–100: 99 is at 4/5 of the track, 97 at 2/5.
    assert!((x[0] - (left + 0.8 * (right - left))).abs() < 0.1, "{x:?}");
    assert!((x[1] - (left + 0.4 * (right - left))).abs() < 0.1, "{x:?}");
    assert!(x[0] - x[1] > 100.0, "two points apart is a long way: {x:?}");
    let labels: Vec<&str> = c.ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["95", "96", "97", "98", "99", "100"]);
    assert!(c.thresholds.is_empty(), "60/80/90 are outside 95–100");
    assert_eq!(c.heads[0].label, "部门整体");
    assert_eq!(c.lines[0].value, "99.00 优");
    assert!(c.desc.contains("部门整体 2022年：97.00 分，优"));
}

#[test]
fn a_histogram_keeps_its_size_for_500_reports() {
    let names: Vec<String> = (0..500).map(|i| format!("单位{i}")).collect();
    let totals: Vec<String> = (0..500)
        .map(|i| format!("{:.2}", 85.0 + (i % 150) as f64 / 10.0))
        .collect();
    let items: Vec<Scored<'_>> = names
        .iter()
        .zip(&totals)
        .map(|(n, t)| item(n, t, if t.as_str() >= "90" { "优" } else { "良" }))
        .collect();
    let many = histogram("总分", &items);
    let few = histogram("总分", &items[..5]);
    assert_eq!(many.height, few.height);
    // 85.00–99.90: axis 85–100, one-point bands.
    assert_eq!(many.bins.len(), 15);
    assert_eq!(many.bins.iter().map(|b| b.count).sum::<usize>(), 500);
    assert_eq!(many.max_count, 40);
    let tallest = many.bins.iter().find(|b| b.count == 40).unwrap();
    assert_eq!(dec(&tallest.y), dec(&many.top));
    assert!(
        many.bins[0].tip.starts_with("85.00–85.99 分："),
        "{}",
        many.bins[0].tip
    );
    assert!(many.bins[0].tip.ends_with(" 等）"), "ten names at most");
    let th: Vec<&str> = many.thresholds.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(th, ["优 90"]);
    assert!(
        many.desc
            .starts_with("共 500 份报告，每 1 分一段：最低 85.00 分，最高 99.90 分")
    );
}

#[test]
fn a_wide_spread_gets_wider_bands_and_100_falls_in_the_last() {
    let items = [item("甲", "55.00", "差"), item("乙", "100.00", "优")];
    let h = histogram("总分", &items);
    // Axis 55–100 (45 points): five-point bands.
    assert_eq!(h.bins.len(), 9);
    assert_eq!(h.bins[0].count, 1);
    assert_eq!(h.bins[8].count, 1);
    assert_eq!(h.bins[8].tip, "95.00–100.00 分：1 份（乙）");
    let th: Vec<&str> = h.thresholds.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(th, ["中 60", "良 80", "优 90"]);
}
