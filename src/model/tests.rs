use super::*;
use crate::diag::Diagnostic;
use crate::load::yaml;
use rust_decimal::Decimal;

fn read(src: &str) -> (Option<Report>, Vec<Diagnostic>) {
    let tree = yaml::parse(src, 0).unwrap();
    let mut d = Vec::new();
    let r = read_report(&tree, "content/x.md", Body::default(), &mut d);
    (r, d)
}

const MIN: &str = "kind: project\nsystem: gd-project\nunit: 单位\nyear: 2023\ntitle: 标题\nindicators:\n  - name: 产出\n    weight: 40\n    groups:\n      - name: 数量指标\n        rows:\n          - name: 场次\n            weight: 40\n            target: ≥5\n            actual: '7'\n";

#[test]
fn reads_a_minimal_report() {
    let (r, d) = read(MIN);
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    assert_eq!(r.kind, ReportKind::Project);
    assert_eq!(r.year.value, 2023);
    let row = &r.groups[0].groups[0].rows[0];
    assert_eq!(row.target.as_ref().unwrap().value, "≥5");
    assert_eq!(row.weight.as_ref().unwrap().value, Decimal::from(40));
}

#[test]
fn collects_every_problem() {
    let src = MIN.replace("year: 2023", "year: 1899").replace(
        "weight: 40\n            target",
        "wieght: 40\n            target",
    ) + "stated_totl: 9\n";
    let (_, d) = read(&src);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["bad-year", "unknown-field", "unknown-field"],
        "{d:?}"
    );
    assert!(d[1].hint.as_deref().unwrap().contains("weight"));
    assert!(d[2].hint.as_deref().unwrap().contains("stated_total"));
}

#[test]
fn dates() {
    for ok in [
        "2025年6月20日",
        "2025年6月20",
        "2025-06-20",
        "2024/2/29",
        "２０２５年６月２０日",
    ] {
        assert!(valid_date(ok), "{ok}");
    }
    for bad in [
        "2025年2月30日",
        "2023-02-29",
        "2025-13-01",
        "昨天",
        "2025年6月",
        "1899-01-01",
    ] {
        assert!(!valid_date(bad), "{bad}");
    }
}

#[test]
fn reconstructed_is_a_flag_or_a_text() {
    let src = MIN.replace(
        "            actual: '7'\n",
        "            actual: '7'\n            reconstructed: 权重由整理者推算\n",
    ) + "  - name: 效益\n    weight: 60\n    score: 60\n    reconstructed: true\n  - name: 满意度\n    weight: 0\n    score: 0\n    reconstructed: false\n";
    let (r, d) = read(&src);
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    let row = &r.groups[0].groups[0].rows[0];
    assert_eq!(
        row.reconstructed.as_ref().map(|s| s.value.as_str()),
        Some("权重由整理者推算")
    );
    assert_eq!(
        r.groups[1].reconstructed.as_ref().map(|s| s.value.as_str()),
        Some("")
    );
    assert!(r.groups[2].reconstructed.is_none());
    let (_, d) = read(&MIN.replace(
        "            actual: '7'\n",
        "            actual: '7'\n            reconstructed: {weight: true}\n",
    ));
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["wrong-type"]);
}
