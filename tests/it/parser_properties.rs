//! Property tests on the parsers: for any input they return (never panic), point inside the text on
//! character boundaries, and read back what the forms write.

use jixiao::diag::{self, Diagnostic, LineIndex};
use jixiao::load::yaml::{self, Node, Span, Value};
use jixiao::{load, model, number};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            ',' => '，',
            '%' => '％',
            '-' => '－',
            c => c,
        })
        .collect()
}

fn with_separators(int: &str) -> String {
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Every span of the tree lies within `[lo, hi]` of `text` and on character boundaries.
fn spans_ok(n: &Node, text: &str, lo: usize, hi: usize) -> Result<(), String> {
    let s = n.span;
    if s.start < lo
        || s.end > hi
        || s.start > s.end
        || !text.is_char_boundary(s.start)
        || !text.is_char_boundary(s.end)
    {
        return Err(format!("bad span {s:?} (allowed {lo}..{hi})"));
    }
    match &n.value {
        Value::Seq(items) => items.iter().try_for_each(|i| spans_ok(i, text, lo, hi)),
        Value::Map(m) => m
            .iter()
            .try_for_each(|(k, v)| spans_ok(k, text, lo, hi).and(spans_ok(v, text, lo, hi))),
        _ => Ok(()),
    }
}

/// YAML-ish text: keys, values, indentation, flow and special characters, mostly valid.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("name: ".to_string()),
        Just("weight: ".to_string()),
        Just("- ".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("? ".to_string()),
        Just("#".to_string()),
        Just("|\n".to_string()),
        Just("\t".to_string()),
        "[0-9]{1,6}(\\.[0-9]{1,3})?",
        "[\\u{4e00}-\\u{4e40}]{1,4}",
        "[a-z]{1,5}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decimals_read_back_in_every_written_form(mantissa in -99_999_999_999_999i64..99_999_999_999_999i64, scale in 0u32..=4) {
        let d = Decimal::new(mantissa, scale);
        prop_assume!(d.abs() <= Decimal::from(number::MAX_ABS));
        let plain = d.to_string();
        prop_assert_eq!(number::parse_decimal(&plain), Ok(d));
        prop_assert_eq!(number::parse_decimal(&full_width(&plain)), Ok(d));
        prop_assert_eq!(number::parse_decimal(&format!("{plain}万元")), Ok(d));
        prop_assert_eq!(number::parse_percent(&format!("{plain}%")), Ok(d));
        prop_assert_eq!(number::parse_percent(&full_width(&format!("{plain}%"))), Ok(d));
        let (sign, abs) = plain.split_once('-').map(|(_, a)| ("-", a)).unwrap_or(("", plain.as_str()));
        let (int, frac) = abs.split_once('.').map(|(i, f)| (i, format!(".{f}"))).unwrap_or((abs, String::new()));
        prop_assert_eq!(number::parse_decimal(&format!("{sign}{}{frac}", with_separators(int))), Ok(d));
        prop_assert_eq!(number::parse_decimal(&number::money(d)), Ok(number::round(d, 2)));
    }

    #[test]
    fn numbers_never_panic_and_stay_in_range(s in "\\PC{0,40}") {
        for d in [number::parse_decimal(&s), number::parse_percent(&s)].into_iter().flatten() {
            prop_assert!(d.abs() <= Decimal::from(number::MAX_ABS));
            prop_assert!(d.scale() <= 10);
        }
    }

    #[test]
    fn dates_agree_in_every_written_form(y in 1990u32..2110, m in 0u32..14, d in 0u32..33) {
        let zh = model::valid_date(&format!("{y}年{m}月{d}日"));
        prop_assert_eq!(zh, model::valid_date(&format!("{y}-{m:02}-{d:02}")));
        prop_assert_eq!(zh, model::valid_date(&format!("{y}/{m}/{d}")));
        prop_assert_eq!(zh, model::valid_date(&full_width(&format!("{y}年{m}月{d}日"))));
        if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > 31 {
            prop_assert!(!zh);
        }
        if (2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=28).contains(&d) {
            prop_assert!(zh);
        }
    }

    #[test]
    fn yaml_never_panics_and_spans_stay_in_the_front_matter(text in yamlish(), offset in 0usize..8) {
        let pad = "-".repeat(offset);
        let whole = format!("{pad}{text}");
        match yaml::parse(&text, offset) {
            Ok(tree) => {
                prop_assert!(spans_ok(&tree, &whole, offset, whole.len()).is_ok(), "{:?}", spans_ok(&tree, &whole, offset, whole.len()));
                for d in yaml::duplicates(&tree) {
                    prop_assert!(d.first.start < d.span.start);
                }
            }
            Err(e) => {
                if let Some(o) = e.offset {
                    prop_assert!(o >= offset && o <= whole.len());
                }
            }
        }
    }

    #[test]
    fn split_finds_the_front_matter_as_written(front in yamlish(), body in "[^-\\u{0}][^\\u{0}]{0,40}", crlf in any::<bool>(), bom in any::<bool>()) {
        prop_assume!(!front.lines().any(|l| l.trim_end() == "---" || l.trim_end() == "..."));
        let nl = if crlf { "\r\n" } else { "\n" };
        let front = if front.is_empty() || front.ends_with('\n') { front } else { format!("{front}{nl}") };
        let file = format!("{}---{nl}{front}---{nl}{body}", if bom { "\u{feff}" } else { "" });
        let text = load::decode(file.as_bytes(), "x.md").unwrap();
        let split = load::split(&text).unwrap();
        let (a, b) = split.front.unwrap();
        prop_assert_eq!(&text[a..b], front.as_str());
        prop_assert_eq!(&text[split.body_start..], body.as_str());
    }

    #[test]
    fn decoding_utf8_gives_the_text_back(s in "[^\\u{0}]{0,200}", bom in any::<bool>()) {
        // A leading U+FEFF is a byte-order mark, removed like one.
        prop_assume!(!s.starts_with('\u{feff}'));
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(s.as_bytes());
        prop_assert_eq!(load::decode(&bytes, "x.md").unwrap(), s);
    }

    #[test]
    fn decoding_any_bytes_never_panics_and_points_inside(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Err(e) = load::decode(&bytes, "x.md")
            && let (Some(t), Some(s)) = (e.text.as_deref(), e.diag.span)
        {
            prop_assert!(s.end <= t.len() && t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
        }
    }

    #[test]
    fn line_and_column_count_lines_and_characters(text in "(\\PC|\n|\r\n){0,80}", at in 0usize..400) {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let lc = LineIndex::new(&text).line_col(at);
        prop_assert_eq!(lc.line, text[..at].matches('\n').count() + 1);
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        prop_assert_eq!(lc.column, text[line_start..at].chars().count() + 1);
        let d = Diagnostic::error("x", Some(Span::new(at, text.len())), "错", "wrong").with_related(Span::new(0, at), "这里");
        let r = diag::render(&d, "content/a.md", Some(&text));
        let place = format!("content/a.md:{}:{}", lc.line, lc.column);
        prop_assert!(r.contains(&place));
        prop_assert!(!r.contains(char::from(0x1b)), "escape character in the output");
    }
}
