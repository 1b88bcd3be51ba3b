use super::*;

fn g(
    name: &str,
    level: u8,
    weight: &str,
    score: &str,
    deduction: &str,
    percent: &str,
) -> GroupView {
    GroupView {
        name: name.into(),
        level,
        weight: weight.into(),
        score: score.into(),
        deduction: deduction.into(),
        percent: percent.into(),
        computed: None,
        reconstructed: None,
    }
}

#[test]
fn group_bars_fill_in_proportion_to_the_score() {
    let c = groups(
        "得分",
        &[
            g("履职效能", 1, "50", "47.30", "2.70", "94.60"),
            g("预算编制", 2, "3", "3.00", "0.00", "100.00"),
        ],
    );
    assert_eq!(c.bars.len(), 2);
    assert_eq!(c.bars[0].track, "420.0");
    assert_eq!(c.bars[0].fill, "397.3"); // 420 × 0.946 = 397.32
    assert!(c.bars[0].short);
    assert_eq!(c.bars[1].x, "16.0");
    assert_eq!(c.bars[1].track, "404.0");
    assert_eq!(c.bars[1].fill, "404.0");
    assert!(!c.bars[1].short);
    assert_eq!(c.bars[0].value, "47.30 / 50");
    assert!(c.desc.contains("履职效能：47.30 分（分值 50 分）"));
    // Rows go down the page: the second label is below the first bar.
    assert!(dec(&c.bars[1].text_y) > dec(&c.bars[0].y) + dec(&c.bars[0].h));
    assert!(dec(&c.height) > dec(&c.bars[1].y) + dec(&c.bars[1].h));
}

#[test]
fn long_labels_are_shortened_to_fit() {
    let long = "广州市番禺区科技工业商务和信息化局广州市番禺区科技工业商务和信息化局 2024";
    let label = fit(long, "99.52 优", WIDTH);
    assert!(label.ends_with('…'), "{label}");
    assert!(text_width(&label, FONT) + text_width("99.52 优", FONT) + FONT <= WIDTH);
    assert_eq!(fit("短", "99.52 优", WIDTH), "短");
}
