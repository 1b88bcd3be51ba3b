//! Targets and actuals as the forms write them, read back by hand.

use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn unit(name: &str, alts: &[&str]) -> Unit {
    Unit {
        name: name.into(),
        alternatives: alts.iter().map(|s| s.to_string()).collect(),
    }
}

fn bound(cmp: Cmp, v: &str, u: Unit, prefix: &str) -> Target {
    Target::Bound(Bound {
        cmp,
        quantity: Quantity {
            value: d(v),
            unit: u,
        },
        prefix: prefix.into(),
    })
}

#[test]
fn targets_as_written() {
    let none = Unit::default;
    let cases: Vec<(&str, Target)> = vec![
        ("≥5", bound(Cmp::AtLeast, "5", none(), "")),
        ("≥20项", bound(Cmp::AtLeast, "20", unit("项", &[]), "")),
        (
            "不少于5场(次)",
            bound(Cmp::AtLeast, "5", unit("场", &["次"]), ""),
        ),
        (
            "不少于5场（次）",
            bound(Cmp::AtLeast, "5", unit("场", &["次"]), ""),
        ),
        (
            "2000件以上",
            bound(Cmp::AtLeast, "2000", unit("件", &[]), ""),
        ),
        ("300家以上", bound(Cmp::AtLeast, "300", unit("家", &[]), "")),
        (
            "300 家企业以上",
            bound(Cmp::AtLeast, "300", unit("家", &[]), ""),
        ),
        (
            "每届不少于150家",
            bound(Cmp::AtLeast, "150", unit("家", &[]), "每届"),
        ),
        (
            "每届不少于 150 家",
            bound(Cmp::AtLeast, "150", unit("家", &[]), "每届"),
        ),
        ("100%", bound(Cmp::Bare, "100", unit("%", &[]), "")),
        ("≥90%", bound(Cmp::AtLeast, "90", unit("%", &[]), "")),
        ("=8个", bound(Cmp::Equal, "8", unit("个", &[]), "")),
        ("≤90万元", bound(Cmp::AtMost, "90", unit("万元", &[]), "")),
        (
            "3个工作日内",
            bound(Cmp::AtMost, "3", unit("个工作日", &[]), ""),
        ),
        (
            "≤3个工作日",
            bound(Cmp::AtMost, "3", unit("个工作日", &[]), ""),
        ),
        ("较去年同期下降", Target::Decrease),
        ("<0%", bound(Cmp::Below, "0", unit("%", &[]), "")),
        (
            "高于当年全市规上工业增加值增速",
            Target::Comparative("高于当年全市规上工业增加值增速".into()),
        ),
        ("有所提高", Target::Qualitative("有所提高".into())),
        ("合规", Target::Qualitative("合规".into())),
        ("安全", Target::Qualitative("安全".into())),
        (
            "领军团队10个、领军人才30人",
            Target::Compound(vec![
                Quantity {
                    value: d("10"),
                    unit: unit("个", &[]),
                },
                Quantity {
                    value: d("30"),
                    unit: unit("人", &[]),
                },
            ]),
        ),
        ("９０％", bound(Cmp::Bare, "90", unit("%", &[]), "")),
        (
            "303,054.14万元",
            bound(Cmp::Bare, "303054.14", unit("万元", &[]), ""),
        ),
        ("300", bound(Cmp::Bare, "300", none(), "")),
        ("2次", bound(Cmp::Bare, "2", unit("次", &[]), "")),
        ("不少于5件", bound(Cmp::AtLeast, "5", unit("件", &[]), "")),
        (">=5", bound(Cmp::AtLeast, "5", none(), "")),
        ("＞100次", bound(Cmp::Above, "100", unit("次", &[]), "")),
        ("超过100次", bound(Cmp::Above, "100", unit("次", &[]), "")),
        ("不超过5天", bound(Cmp::AtMost, "5", unit("天", &[]), "")),
        ("60%以下", bound(Cmp::AtMost, "60", unit("%", &[]), "")),
        ("-5%", bound(Cmp::Bare, "-5", unit("%", &[]), "")),
        (
            "较上年下降5%",
            bound(Cmp::AtMost, "-5", unit("%", &[]), "较上年"),
        ),
        (
            "新建众创空间、孵化器、加速器 8 个",
            bound(
                Cmp::Bare,
                "8",
                unit("个", &[]),
                "新建众创空间、孵化器、加速器",
            ),
        ),
        (
            "2023年完成3个项目",
            bound(Cmp::Bare, "3", unit("个", &[]), "2023年完成"),
        ),
        (
            "12月31日前完成",
            Target::Deadline(DateSpec {
                year: None,
                month: 12,
                day: Some(31),
                end: false,
            }),
        ),
        (
            "建成5G基站1700个",
            bound(Cmp::Bare, "1700", unit("个", &[]), "建成5G基站"),
        ),
        (
            "PM2.5浓度≤35",
            bound(Cmp::AtMost, "35", none(), "PM2.5浓度"),
        ),
        (
            "高于全市平均增速2个百分点",
            Target::Comparative("高于全市平均增速2个百分点".into()),
        ),
        (
            "不低于全省平均水平",
            Target::Comparative("不低于全省平均水平".into()),
        ),
        ("", Target::Empty),
        ("/", Target::Empty),
    ];
    for (text, want) in cases {
        assert_eq!(parse_target(text), want, "{text}");
    }
}

#[test]
fn actuals_as_written() {
    let fig = |cmp: Option<Cmp>, v: &str, u: Unit| Actual::Figure {
        cmp,
        quantity: Quantity {
            value: d(v),
            unit: u,
        },
    };
    let cases: Vec<(&str, Actual)> = vec![
        (">100次", fig(Some(Cmp::Above), "100", unit("次", &[]))),
        ("≥90%", fig(Some(Cmp::AtLeast), "90", unit("%", &[]))),
        ("-0.5", fig(None, "-0.5", Unit::default())),
        ("－0.5", fig(None, "-0.5", Unit::default())),
        ("5批次", fig(None, "5", unit("批次", &[]))),
        ("有提高", Actual::Text("有提高".into())),
        ("7", fig(None, "7", Unit::default())),
        ("2,368件", fig(None, "2368", unit("件", &[]))),
        ("同比下降6%", fig(None, "-6", unit("%", &[]))),
        ("建成 5G 基站 1957 个", fig(None, "1957", unit("个", &[]))),
        ("10余场", fig(Some(Cmp::Above), "10", unit("场", &[]))),
        (
            "133 届广交会展位获批企业 170 家，134 届广交会展位获批企业 160 家",
            Actual::Compound(vec![
                Quantity {
                    value: d("133"),
                    unit: unit("届", &[]),
                },
                Quantity {
                    value: d("170"),
                    unit: unit("家", &[]),
                },
                Quantity {
                    value: d("134"),
                    unit: unit("届", &[]),
                },
                Quantity {
                    value: d("160"),
                    unit: unit("家", &[]),
                },
            ]),
        ),
        ("", Actual::Empty),
    ];
    for (text, want) in cases {
        assert_eq!(parse_actual(text), want, "{text}");
    }
}

fn lower() -> Vec<String> {
    ["成本", "能耗", "控制"].map(String::from).to_vec()
}

#[test]
fn directions() {
    let b = |t: &str| match parse_target(t) {
        Target::Bound(b) => b,
        other => panic!("{t}: {other:?}"),
    };
    assert_eq!(direction("场次", &b("≥5"), &lower()), Direction::Forward);
    assert_eq!(
        direction("场次", &b("2000件以上"), &lower()),
        Direction::Forward
    );
    assert_eq!(direction("场次", &b("100%"), &lower()), Direction::Forward);
    assert_eq!(
        direction("办结时间", &b("3个工作日内"), &lower()),
        Direction::Reverse
    );
    assert_eq!(
        direction("成本", &b("≤90万元"), &lower()),
        Direction::Reverse
    );
    assert_eq!(
        direction("单位成本", &b("90万元"), &lower()),
        Direction::Reverse
    );
    assert_eq!(
        direction("单位能耗", &b("0.5"), &lower()),
        Direction::Reverse
    );
    assert_eq!(
        direction("安全事故", &b("0起"), &lower()),
        Direction::Reverse
    );
    assert_eq!(direction("数量", &b("=8个"), &lower()), Direction::Equal);
    assert_eq!(direction("增速", &b("<0%"), &lower()), Direction::Reverse);
}

#[test]
fn units() {
    let t = unit("场", &["次"]);
    assert_eq!(check_units(&t, &unit("批次", &[])), UnitCheck::Mismatch);
    assert_eq!(check_units(&t, &unit("次", &[])), UnitCheck::Same);
    assert_eq!(check_units(&t, &unit("场", &[])), UnitCheck::Same);
    assert_eq!(check_units(&t, &Unit::default()), UnitCheck::Same);
    assert_eq!(
        check_units(&unit("万元", &[]), &unit("亿元", &[])),
        UnitCheck::Converted { factor: d("10000") }
    );
    assert_eq!(
        check_units(&unit("%", &[]), &unit("个", &[])),
        UnitCheck::Mismatch
    );
}

#[test]
fn decreases() {
    assert!(shows_decrease("有所下降"));
    assert!(shows_decrease("同比减少"));
    assert!(!shows_decrease("未下降"));
    assert!(!shows_decrease("有所提高"));
}

#[test]
fn qualitative_readings() {
    let cases = [
        ("合规", "合规", Reading::Same),
        ("安全", "安全", Reading::Same),
        ("有所提高", "有提高", Reading::Implied),
        ("有所增强", "有增强", Reading::Implied),
        ("有所提高", "明显提高", Reading::Implied),
        ("有所提高", "未提高", Reading::Unknown),
        ("合规", "基本合规", Reading::Unknown),
        ("按时完成", "已完成", Reading::Implied),
        ("合规", "不合规", Reading::Unknown),
        ("合规", "", Reading::Unknown),
        ("有所提高", "提高了", Reading::Unknown),
    ];
    for (t, a, want) in cases {
        assert_eq!(read_qualitative(t, a), want, "{t} / {a}");
    }
}

proptest! {
    #[test]
    fn parsing_never_panics(s in "\\PC{0,40}") {
        let _ = parse_target(&s);
        let _ = parse_actual(&s);
        let _ = shows_decrease(&s);
        let _ = read_qualitative(&s, &s);
    }

    #[test]
    fn parsing_never_panics_on_form_like_text(s in "[0-9０-９,，.．%％≥≤<>=＞＜（）()\\-－ 不少于以上内下降万元个场次第年月日5G]{0,30}") {
        let _ = parse_target(&s);
        let _ = parse_actual(&s);
    }

    #[test]
    fn a_plain_figure_reads_back(v in -1_000_000_000i64..1_000_000_000, frac in 0u32..100) {
        let s = format!("{v}.{frac:02}");
        let want = Decimal::from_str_exact(&s).unwrap();
        match parse_actual(&s) {
            Actual::Figure { quantity, .. } => prop_assert_eq!(quantity.value, want),
            other => prop_assert!(false, "{} → {:?}", s, other),
        }
    }
}
