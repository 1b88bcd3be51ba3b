//! The checks of the fuzz targets, shared with `tests/it/fuzz_regressions.rs` so that every input a
//! fuzzer ever crashed on is replayed by `cargo test` through exactly the same code.
//!
//! Included with `#[path]` by each target in `fuzz/fuzz_targets/` and by the regression test.
#![allow(dead_code)]

use jixiao::diag::Diagnostic;
use jixiao::diag::Problem;
use jixiao::model::system::System;
use jixiao::model::{self, system};
use jixiao::narrative::placeholders as expand;
use jixiao::score::{self, target};
use jixiao::{load, number};
use rust_decimal::Decimal;

const REL: &str = "content/fuzz.md";

fn place(d: &Diagnostic, text: &str) {
    for span in d.span.iter().chain(d.related.iter().map(|r| &r.span)) {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside the file ({})",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character"
        );
    }
    let p = Problem::new(d, REL, Some(text));
    assert!(p.line >= 1 && p.column >= 1);
    assert!(
        p.rendered
            .contains(&format!("{REL}:{}:{}", p.line, p.column))
    );
    assert!(
        !p.rendered.contains('\u{1b}'),
        "an escape character reached the terminal output"
    );
}

/// Any bytes as a report file: decode (encodings), split the front-matter, parse the YAML, read the
/// report model, place and render every diagnostic. Nothing may panic, hang or blow the stack, and
/// every diagnostic must point inside the file, on a character boundary.
pub fn front_matter(data: &[u8]) {
    let text = match load::decode(data, REL) {
        Ok(t) => t,
        Err(e) => {
            match e.text.as_deref() {
                Some(t) => place(&e.diag, t),
                None => assert!(e.diag.span.is_none()),
            }
            return;
        }
    };
    let split = match load::split(&text) {
        Ok(s) => s,
        Err(d) => return place(&d, &text),
    };
    let tree = match load::parse_front(&text, &split) {
        Ok(t) => t,
        Err(d) => return place(&d, &text),
    };
    let mut diags = load::duplicate_keys(&tree);
    diags.extend(load::control_chars(&tree));
    let body = model::Body {
        text: text[split.body_start..].to_string(),
        offset: split.body_start,
    };
    let report = model::read_report(&tree, REL, body, &mut diags);
    // The narrative is read as `jixiao check` reads it; references are resolved against a content
    // folder that does not exist: all refused, placed.
    let narrative = report.as_ref().map(|r| {
        let content = std::path::Path::new("/nonexistent-jixiao-fuzz/content");
        let place = jixiao::narrative::Place {
            content,
            report_dir: content,
        };
        let (draft, problems) = jixiao::narrative::read(&r.body.text, r.body.offset, Some(&place));
        diags.extend(problems);
        draft
    });
    for d in &diags {
        place(d, &text);
    }
    // A report that reads cleanly is scored and its placeholders expanded, as `jixiao check` does.
    if let Some(r) = report
        && let Some(draft) = narrative
        && diags.is_empty()
        && let Some(s) = systems()
            .iter()
            .find(|s| s.id == r.system.value && s.kind == r.kind)
    {
        let scored = score::score(&r, s);
        let mut found = scored.findings.clone();
        let _ = expand::expand(draft, &scored, &mut found);
        for d in &found {
            place(d, &text);
        }
    }
}

fn systems() -> &'static [System] {
    static SYSTEMS: std::sync::OnceLock<Vec<System>> = std::sync::OnceLock::new();
    SYSTEMS.get_or_init(system::builtin)
}

/// Figures, targets and dates as authors type them. Nothing may panic, and what parses is in range
/// and prints back to the same value.
pub fn numbers(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for d in [number::parse_decimal(s), number::parse_percent(s)]
        .into_iter()
        .flatten()
    {
        assert!(
            d.abs() <= Decimal::from(number::MAX_ABS),
            "{s:?} → {d} is out of range"
        );
        assert!(d.scale() <= 10, "{s:?} → {d} has too many decimals");
        let two = number::round(d, 2);
        assert_eq!(
            number::parse_decimal(&number::fixed(d, 2)),
            Ok(two),
            "fixed({d})"
        );
        assert_eq!(
            number::parse_decimal(&number::money(d)),
            Ok(two),
            "money({d})"
        );
        assert_eq!(
            number::parse_decimal(&number::plain(d)),
            Ok(d.normalize()),
            "plain({d})"
        );
    }
    let _ = number::split_number(&number::normalize(s));
    let _ = model::valid_date(s);
    let _ = target::parse_target(s);
    let _ = target::parse_actual(s);
    let _ = target::shows_decrease(s);
    if let Some((a, b)) = s.split_once('\u{0}') {
        let _ = target::read_qualitative(a, b);
    }
}
