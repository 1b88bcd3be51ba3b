//! The finding codes: the table in `codes.rs` against its documentation in `docs/errors.md`.

use super::*;
use crate::diag::Severity;
use std::collections::BTreeMap;

/// The rows of the findings table of docs/errors.md: code → severity as written.
fn documented() -> BTreeMap<String, String> {
    let doc = include_str!("../../../docs/errors.md");
    let start = doc
        .find("\n## 评分发现")
        .expect("docs/errors.md has a section “## 评分发现”");
    let section = &doc[start + 1..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut rows = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let code = cells[0].trim_matches('`').to_string();
        assert!(
            rows.insert(code.clone(), cells[1].to_string()).is_none(),
            "{code} is documented twice"
        );
    }
    rows
}

/// Every code of the table is documented with its severity, and the doc lists no code the table lacks.
#[test]
fn codes_are_documented_in_errors_md() {
    let doc = documented();
    for code in Code::ALL {
        assert_eq!(
            doc.get(code.name()).map(String::as_str),
            Some(code.severity().en()),
            "{} ({:?}) in docs/errors.md",
            code.name(),
            code.severity()
        );
    }
    for name in doc.keys() {
        assert!(
            Code::from_name(name).is_some(),
            "docs/errors.md documents `{name}`, which the engine does not have"
        );
    }
    assert_eq!(doc.len(), Code::ALL.len());
}

#[test]
fn names_are_kebab_case_and_unique() {
    let mut seen = std::collections::BTreeSet::new();
    for code in Code::ALL {
        let name = code.name();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.starts_with('-')
                && !name.ends_with('-'),
            "{name}"
        );
        assert!(seen.insert(name), "{name} twice");
        assert_eq!(Code::from_name(name), Some(*code));
        assert!(!code.zh().is_empty() && !code.en().is_empty(), "{name}");
    }
    assert_eq!(Code::from_name("no-such-code"), None);
}

#[test]
fn a_finding_carries_the_code_and_severity_of_the_table() {
    let f = Code::ScoreMismatch.finding(None, "甲", "a");
    assert_eq!((f.code, f.severity), ("score-mismatch", Severity::Warning));
    let f = Code::Overflow.finding(None, "甲", "a");
    assert_eq!((f.code, f.severity), ("overflow", Severity::Error));
    let f = Code::ZeroTarget.finding(None, "甲", "a");
    assert_eq!((f.code, f.severity), ("zero-target", Severity::Info));
}

/// What the engine emits is in the table, with the table's severity (over the cases of this module
/// and a whole report with many findings).
#[test]
fn emitted_findings_are_in_the_table() {
    let src = format!(
        "{HEAD}stated_total: 1\nindicators:\n  - name: 产出\n    weight: 50\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 2, target: ≥5, actual: '3'}}\n          - {{name: b, weight: -1}}\n          - {{name: c, weight: 5, rate: 120%}}\n"
    );
    let s = score(&read(&src), &plain_sys());
    assert!(s.findings.len() >= 5, "{:#?}", s.findings);
    for f in &s.findings {
        let code = Code::from_name(f.code).unwrap_or_else(|| panic!("{} not in the table", f.code));
        assert_eq!(code.severity(), f.severity, "{}", f.code);
    }
}
