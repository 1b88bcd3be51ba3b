//! Golden tests on the sample site: the five published reports, transcribed in `content/`.
//!
//! The expected totals are the ones printed in the published reports (../shared/seeds), not values
//! computed by jixiao; the expected findings are the errors those reports really contain.

use crate::support::{jixiao, repo, run};

/// `jixiao check --format json` on the sample site; it must succeed.
fn check_json() -> serde_json::Value {
    run(jixiao("check", repo()).args(["--format", "json"]))
        .success()
        .json()
}

fn report<'a>(v: &'a serde_json::Value, source: &str) -> &'a serde_json::Value {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == source)
        .unwrap_or_else(|| panic!("no {source}"))
}

fn codes(r: &serde_json::Value, severity: &str) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reproduces_the_published_totals() {
    let v = check_json();
    assert_eq!(
        v["errors"].as_array().unwrap().len(),
        0,
        "{:#}",
        v["errors"]
    );
    // (file, published total from the seed, unit, year)
    let cases = [
        (
            "content/guangzhou-gxj/2022-department-table.md",
            "94.31",
            "广州市工业和信息化局",
            2022,
        ),
        (
            "content/jiangmen-gxj/2023-project-industry-management.md",
            "96.66",
            "江门市工业和信息化局",
            2023,
        ),
        (
            "content/panyu-kgsx/2024-department-statement.md",
            "99.52",
            "广州市番禺区科技工业商务和信息化局",
            2024,
        ),
        (
            "content/guangzhou-gxj/2023-department-report.md",
            "90.74",
            "广州市工业和信息化局",
            2023,
        ),
        (
            "content/baiyun-kgsx/2023-department-report.md",
            "98.57",
            "广州市白云区科技工业商务和信息化局",
            2023,
        ),
    ];
    assert_eq!(v["reports"].as_array().unwrap().len(), cases.len());
    for (source, total, unit, year) in cases {
        let r = report(&v, source);
        assert_eq!(r["total"], total, "{source}");
        assert_eq!(r["stated_total"], total, "{source}");
        assert_eq!(r["grade"], "优", "{source}");
        assert_eq!(r["unit"], unit, "{source}");
        assert_eq!(r["year"], year, "{source}");
    }
}

#[test]
fn finds_the_errors_the_published_reports_contain() {
    let v = check_json();
    let r004 = report(&v, "content/baiyun-kgsx/2023-department-report.md");
    let warnings = codes(r004, "warning");
    // 004 says it set 19 output indicators and lists 23.
    assert!(
        warnings.contains(&"count-mismatch".to_string()),
        "{warnings:?}"
    );
    // 004 states 92.13% while its own amounts give 76,740.31 / 79,776.38 = 96.19%.
    let rate = r004["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "rate-mismatch")
        .expect("rate-mismatch");
    let msg = rate["message"].as_str().unwrap();
    assert!(msg.contains("92.13%") && msg.contains("96.19%"), "{msg}");
    let count = r004["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "count-mismatch")
        .unwrap();
    let msg = count["message"].as_str().unwrap();
    assert!(msg.contains("19") && msg.contains("23"), "{msg}");
    // 001 counts 5批次 against a target of 不少于5场(次): a unit warning, not a failure.
    let r001 = report(
        &v,
        "content/jiangmen-gxj/2023-project-industry-management.md",
    );
    assert_eq!(codes(r001, "warning"), ["unit-mismatch"]);
    assert_eq!(codes(r001, "error"), Vec::<String>::new());
}

#[test]
fn check_json_is_stable() {
    insta::assert_json_snapshot!("check_sample_site", check_json());
}

#[test]
fn strict_check_fails_on_the_seeds_warnings() {
    let out = run(jixiao("check", repo()).arg("--strict"));
    // 004's rate and count, 001's unit: warnings, which --strict refuses.
    assert_eq!(out.code, Some(1));
    let text = &out.stdout;
    assert!(text.contains("count-mismatch"), "{text}");
}
