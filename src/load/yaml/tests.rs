use super::*;

fn scalar(n: &Node) -> &str {
    n.as_str().unwrap()
}

#[test]
fn keeps_number_text_and_spans() {
    let src = "a: 0.125\nb: 303,054.14\nc:\n  - 1.50\n  - 有所提高\n";
    let n = parse(src, 10).unwrap();
    let Value::Map(m) = &n.value else {
        panic!("not a map")
    };
    assert_eq!(scalar(&m[0].1), "0.125");
    assert_eq!(m[0].1.span, Span::new(13, 18));
    assert_eq!(scalar(&m[1].1), "303,054.14");
    let Value::Seq(items) = &m[2].1.value else {
        panic!("not a seq")
    };
    assert_eq!(scalar(&items[0]), "1.50");
    assert_eq!(scalar(&items[1]), "有所提高");
    assert_eq!(
        &src[items[1].span.start - 10..items[1].span.end - 10],
        "有所提高"
    );
    assert_eq!(m[0].0.span, Span::new(10, 11));
}

#[test]
fn duplicate_keys_are_found_with_both_places() {
    let src = "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n";
    let n = parse(src, 0).unwrap();
    let d = duplicates(&n);
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        (d[0].key.as_str(), d[0].span.start, d[0].first.start),
        ("c", 17, 10)
    );
    assert_eq!(
        (d[1].key.as_str(), d[1].span.start, d[1].first.start),
        ("a", 22, 0)
    );
}

#[test]
fn numbers_behind_aliases_keep_their_value() {
    let n = parse("a: &x 12.5\nb: *x\nc: &t true\nd: *t\n", 0).unwrap();
    let Value::Map(m) = &n.value else {
        panic!("not a map")
    };
    assert_eq!(scalar(&m[0].1), "12.5");
    assert_eq!(scalar(&m[1].1), "12.5");
    assert_eq!(scalar(&m[3].1), "true");
}

#[test]
fn alias_bombs_are_refused() {
    let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, c) in ('b'..='j').enumerate() {
        let prev = (b'a' + i as u8) as char;
        src.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    let e = parse(&src, 0).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::Limit, "{e:?}");
    assert!(e.offset.is_some());
}

fn nested_block(levels: usize) -> String {
    let mut s = String::new();
    for i in 0..levels {
        s.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    s.push_str(&format!("{}end: 1\n", "  ".repeat(levels)));
    s
}

#[test]
fn nesting_is_bounded_not_recursed() {
    // Within the limit: parsed (on a test thread's small stack, in a debug build).
    assert!(parse(&nested_block(MAX_DEPTH - 2), 0).is_ok());
    assert!(
        parse(
            &format!(
                "x: {}1{}\n",
                "[".repeat(MAX_DEPTH - 2),
                "]".repeat(MAX_DEPTH - 2)
            ),
            0
        )
        .is_ok()
    );
    // Beyond it, block, flow and mixed: a depth error, never a stack overflow.
    for src in [
        nested_block(MAX_DEPTH + 1),
        nested_block(5_000),
        format!("x: {}\n", "[".repeat(100_000)),
        format!("x: {}\n", "{a: ".repeat(50_000)),
        format!("{}x\n", "- ".repeat(10_000)),
    ] {
        let e = parse(&src, 0).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Depth, "{e:?}");
    }
}

#[test]
fn thousands_of_rows_parse() {
    let mut src = String::from("rows:\n");
    for i in 0..5_000 {
        src.push_str(&format!(
            "  - {{name: 指标{i}, weight: 0.02, target: ≥5, actual: '7', score: 0.02}}\n"
        ));
    }
    let n = parse(&src, 0).unwrap();
    let Value::Map(m) = &n.value else {
        panic!("not a map")
    };
    let Value::Seq(rows) = &m[0].1.value else {
        panic!("not a seq")
    };
    assert_eq!(rows.len(), 5_000);
}

#[test]
fn messages_lose_the_parser_prefix() {
    assert_eq!(
        clean_message("error: line 5 column 8: alias replay limit exceeded"),
        "alias replay limit exceeded"
    );
    assert_eq!(
        clean_message(
            "error: line 2 column 1: duplicate mapping key: kind, set DuplicateKeyPolicy in Options"
        ),
        "duplicate mapping key: kind"
    );
}

#[test]
fn tab_and_quote_errors_point_at_the_cause() {
    let src = "kind: project\n\tsystem: x\n";
    let e = parse(src, 100).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::Tab);
    assert_eq!(e.offset, Some(100 + 14));
    let src = "unit: \"abc\ntitle: x\n";
    let e = parse(src, 0).unwrap_err();
    assert_eq!(e.kind, YamlErrorKind::Quote, "{e:?}");
    assert_eq!(e.offset, Some(6));
}

#[test]
fn syntax_error_has_location() {
    let e = parse("a: [1, 2\nb: 3\n", 0).unwrap_err();
    assert!(e.line.is_some(), "{e:?}");
}
