//! A spanned YAML tree read through serde-saphyr.
//!
//! Front-matter is first read into this generic tree — every key and value with its byte span in the
//! file — and only then mapped onto the typed report (`model`). Working on a tree instead of deriving
//! `Deserialize` on the report lets the validator report *every* problem of a file in one run, suggest
//! field names, and read numbers from their source text instead of through binary floats.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A byte range in the source file (after the front-matter offset has been added).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// One node of the front-matter tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A scalar. `text` is the exact text of the scalar as written (for plain scalars the source slice,
    /// so `0.125`, `1,234.50` and `2000件以上` are kept digit for digit); `quoted` tells that it was a
    /// quoted or block scalar, i.e. certainly a string.
    Scalar { text: String, quoted: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
    pub fn kind_zh(&self) -> &'static str {
        match &self.value {
            Value::Null => "空值",
            Value::Scalar { .. } => "文字或数字",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值表",
        }
    }
    pub fn kind_en(&self) -> &'static str {
        match &self.value {
            Value::Null => "empty value",
            Value::Scalar { .. } => "scalar",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

/// What serde-saphyr hands us before the raw text is recovered from the source.
enum Raw {
    Null,
    Str(String),
    Bool,
    Num,
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        { let _ = v; Ok(Raw::Bool) }
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Num)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Num)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Num)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Num)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Num)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            out.push(item);
        }
        Ok(Raw::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            let v = map.next_value::<Spanned<Raw>>()?;
            out.push((k, v));
        }
        Ok(Raw::Map(out))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// A YAML syntax or structure error, with its byte offset in the parsed text.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

/// Limits that keep hostile input (alias bombs, deep nesting) bounded.
fn options() -> serde_saphyr::Options {
    let mut opts = serde_saphyr::Options::default();
    opts.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    opts.alias_limits.max_total_replayed_events = 10_000;
    opts.alias_limits.max_replay_stack_depth = 16;
    opts.alias_limits.max_alias_expansions_per_anchor = 100;
    if let Some(budget) = opts.budget.as_mut() {
        budget.max_events = 200_000;
        budget.max_aliases = 100;
        budget.max_anchors = 100;
        budget.flow_nesting_limit = 64;
    }
    opts
}

/// Maximum nesting of lists and maps accepted in front-matter; deeper is refused, not recursed into.
pub const MAX_DEPTH: usize = 24;

/// Parses `text` (the front-matter only) into a tree whose spans are shifted by `offset` so that they
/// are byte offsets in the whole file.
pub fn parse(text: &str, offset: usize) -> Result<Node, YamlError> {
    if let Some(err) = check_depth(text) {
        return Err(YamlError { offset: Some(err.0 + offset), ..err.1 });
    }
    let raw: Spanned<Raw> = serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let loc = e.location();
        YamlError {
            message: first_line(&e.to_string()),
            offset: loc.and_then(|l| l.span().byte_offset()).map(|b| b as usize + offset),
            line: loc.map(|l| l.line()),
            column: loc.map(|l| l.column()),
        }
    })?;
    Ok(convert(raw, text, offset))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_owned()
}

/// Refuses nesting deeper than [`MAX_DEPTH`] before the parser recurses into it.
fn check_depth(text: &str) -> Option<(usize, YamlError)> {
    let mut flow = 0usize;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let block_depth = indent / 2;
        for c in line.chars() {
            match c {
                '[' | '{' => flow += 1,
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        if block_depth + flow > MAX_DEPTH * 2 {
            let off = text.lines().take(i).map(|l| l.len() + 1).sum();
            return Some((
                off,
                YamlError {
                    message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    offset: None,
                    line: Some(i as u64 + 1),
                    column: Some(1),
                },
            ));
        }
    }
    None
}

fn span_of(loc: &serde_saphyr::Location, text: &str, offset: usize) -> Span {
    let s = loc.span();
    match (s.byte_offset(), s.byte_len()) {
        (Some(b), Some(l)) => {
            let start = (b as usize).min(text.len());
            let end = (start + l as usize).min(text.len());
            Span::new(start + offset, end + offset)
        }
        _ => Span::new(offset, offset),
    }
}

fn convert(raw: Spanned<Raw>, text: &str, offset: usize) -> Node {
    let span = span_of(&raw.referenced, text, offset);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Str(s) => {
            let src = text.get(span.start - offset..span.end - offset).unwrap_or("");
            let quoted = src.starts_with(['"', '\'', '|', '>']);
            Value::Scalar { text: s, quoted }
        }
        Raw::Bool | Raw::Num => {
            let src = text.get(span.start - offset..span.end - offset).unwrap_or("");
            Value::Scalar { text: src.trim().to_owned(), quoted: false }
        }
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| convert(i, text, offset)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let kspan = span_of(&k.referenced, text, offset);
                    let key = Node {
                        value: Value::Scalar { text: k.value, quoted: false },
                        span: kspan,
                    };
                    (key, convert(v, text, offset))
                })
                .collect(),
        ),
    };
    Node { value, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(n: &Node) -> &str {
        n.as_str().unwrap()
    }

    #[test]
    fn keeps_number_text_and_spans() {
        let src = "a: 0.125\nb: 303,054.14\nc:\n  - 1.50\n  - 有所提高\n";
        let n = parse(src, 10).unwrap();
        let Value::Map(m) = &n.value else { panic!("not a map") };
        assert_eq!(scalar(&m[0].1), "0.125");
        assert_eq!(m[0].1.span, Span::new(13, 18));
        assert_eq!(scalar(&m[1].1), "303,054.14");
        let Value::Seq(items) = &m[2].1.value else { panic!("not a seq") };
        assert_eq!(scalar(&items[0]), "1.50");
        assert_eq!(scalar(&items[1]), "有所提高");
        assert_eq!(&src[items[1].span.start - 10..items[1].span.end - 10], "有所提高");
        assert_eq!(m[0].0.span, Span::new(10, 11));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("a: 1\na: 2\n", 0).unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
    }

    #[test]
    fn syntax_error_has_location() {
        let e = parse("a: [1, 2\nb: 3\n", 0).unwrap_err();
        assert!(e.line.is_some(), "{e:?}");
    }
}
