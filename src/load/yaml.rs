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
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One node of the front-matter tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// A scalar. `text` is the exact text of the scalar as written (for plain scalars the source slice,
    /// so `0.125`, `1,234.50` and `2000件以上` are kept digit for digit); `quoted` tells that it was a
    /// quoted or block scalar, i.e. certainly a string.
    Scalar {
        text: String,
        quoted: bool,
    },
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
    pub(crate) fn kind_en(&self) -> &'static str {
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
    Bool(bool),
    /// A number; the value as serde-saphyr read it, used only when the source text is an alias.
    Num(String),
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
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Num(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Num(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Num(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Num(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Num(v.to_string()))
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

/// A YAML syntax or structure error, with its byte offset in the file.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What went wrong, in the parser's words, without its own "line N column M" (the caller shows
    /// the place itself).
    pub message: String,
    /// What kind of problem it is, for the message shown to the author.
    pub kind: YamlErrorKind,
    /// Byte offset in the file (the front-matter offset added).
    pub offset: Option<usize>,
    /// 1-based line and column within the parsed text, when no offset is known.
    pub line: Option<u64>,
    pub column: Option<u64>,
}

/// The kinds of YAML trouble an author is told about in their own terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// A limit of [`options`] was hit: aliases, anchors, events, nodes, nesting.
    Limit,
    /// Nesting deeper than [`MAX_DEPTH`].
    Depth,
    /// A tab used for indentation.
    Tab,
    /// A quoted text that is never closed.
    Quote,
    /// Indentation or a `: ` in the wrong place.
    Indent,
    /// A key that is a list or a map (`? [a, b]: c`).
    Key,
    /// A text that starts with a character YAML reads as syntax (`>`, `|`, `*`, `&`, `@`, `` ` ``…).
    Special,
    /// A `[` or `{` never closed.
    Bracket,
    /// Anything else the parser refuses.
    Syntax,
}

/// Maximum nesting of lists and maps accepted in front-matter; deeper is refused, not recursed into.
/// A report needs about ten levels (indicators → group → groups → group → rows → row → items → …).
pub const MAX_DEPTH: usize = 32;

/// Maximum number of parser events (roughly: scalars plus list and map starts and ends) in one
/// front-matter. A report with 10,000 indicator rows of five fields each stays below.
pub(crate) const MAX_EVENTS: usize = 200_000;

/// Limits that keep hostile input (alias bombs, deep nesting, huge documents) bounded in time and
/// memory: every one is checked while parsing, before the tree is built.
fn options() -> serde_saphyr::Options {
    let mut opts = serde_saphyr::Options::default();
    // Duplicates are reported by [`duplicates`] with both places, and the rest of the file is still
    // checked; the parser hands every entry through.
    opts.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    // `1e400` is read from its text like every figure (and refused there as not a number), instead
    // of failing the whole front-matter.
    opts.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    opts.alias_limits.max_total_replayed_events = 10_000;
    opts.alias_limits.max_replay_stack_depth = 16;
    opts.alias_limits.max_alias_expansions_per_anchor = 100;
    if let Some(budget) = opts.budget.as_mut() {
        budget.max_events = MAX_EVENTS;
        budget.max_nodes = MAX_EVENTS;
        budget.max_aliases = 100;
        budget.max_anchors = 100;
        budget.max_depth = MAX_DEPTH;
        budget.flow_nesting_limit = MAX_DEPTH;
        budget.max_merge_keys = 100;
        budget.max_documents = 1;
        budget.max_recorded_anchor_events = 20_000;
        budget.max_recorded_anchor_bytes = 1 << 20;
        budget.max_total_scalar_bytes = 16 << 20;
    }
    opts
}

/// Parses `text` (the front-matter only) into a tree whose spans are shifted by `offset` so that they
/// are byte offsets in the whole file.
pub fn parse(text: &str, offset: usize) -> Result<Node, YamlError> {
    let raw: Spanned<Raw> = serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let loc = e.location();
        let full = e.to_string();
        let message = clean_message(&full);
        let kind = classify(&message);
        let mut offset_in_text = loc
            .and_then(|l| l.span().byte_offset())
            .map(|b| (b as usize).min(text.len()));
        if offset_in_text.is_none()
            && let Some(l) = loc
        {
            offset_in_text = offset_of(text, l.line(), l.column());
        }
        let offset_in_text = offset_in_text.map(|o| refine(text, o, kind));
        YamlError {
            message,
            kind,
            offset: offset_in_text.map(|o| o + offset),
            line: loc.map(|l| l.line()),
            column: loc.map(|l| l.column()),
        }
    })?;
    Ok(convert(raw, text, offset))
}

/// The parser's first line without its "error: line N column M:" prefix and advice meant for
/// programmers ("set DuplicateKeyPolicy in Options …").
fn clean_message(s: &str) -> String {
    let mut m = s.lines().next().unwrap_or("").trim();
    m = m.strip_prefix("error:").unwrap_or(m).trim_start();
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic())
    {
        m = &rest[i + 2..];
    }
    let m = m.split(", set ").next().unwrap_or(m);
    m.trim().to_owned()
}

fn classify(msg: &str) -> YamlErrorKind {
    let m = msg.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| m.contains(w));
    if has(&[
        "unknown anchor",
        "unexpected character",
        "block scalar",
        "cannot start any token",
        "unknown tag",
    ]) {
        YamlErrorKind::Special
    } else if has(&["unclosed bracket", "flow sequence", "flow mapping"]) {
        YamlErrorKind::Bracket
    } else if has(&["depth", "nesting", "recursion"]) {
        YamlErrorKind::Depth
    } else if has(&["budget", "limit", "exceeded", "too many", "alias", "anchor"]) {
        YamlErrorKind::Limit
    } else if has(&["tab"]) {
        YamlErrorKind::Tab
    } else if has(&["quote", "quoted"]) {
        YamlErrorKind::Quote
    } else if has(&["expected string", "key"]) {
        YamlErrorKind::Key
    } else if has(&["indent", "mapping values", "block"]) {
        YamlErrorKind::Indent
    } else {
        YamlErrorKind::Syntax
    }
}

/// Byte offset of a 1-based line and column (in characters) in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> Option<usize> {
    let line = usize::try_from(line).ok()?.max(1);
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let l = text.get(start..)?.lines().next().unwrap_or("");
    let col = usize::try_from(column).ok()?.max(1);
    Some(start + l.chars().take(col - 1).map(char::len_utf8).sum::<usize>())
}

/// Moves the parser's position to where the author has to look: the tab itself, or the quote that
/// opens a text never closed (the parser only notices at the end of the front-matter).
fn refine(text: &str, at: usize, kind: YamlErrorKind) -> usize {
    match kind {
        YamlErrorKind::Tab => {
            // The first tab in leading whitespace at or after the reported place.
            let mut pos = text[..at.min(text.len())]
                .rfind('\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            for line in text[pos..].split_inclusive('\n') {
                let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
                if let Some(i) = line[..indent].find('\t') {
                    return pos + i;
                }
                if let Some(i) = line.find('\t')
                    && pos + i >= at
                {
                    return pos + i;
                }
                pos += line.len();
            }
            at
        }
        YamlErrorKind::Quote => {
            // The last line at or before the error whose quotes do not pair up.
            let upto = text[..at.min(text.len())]
                .rfind('\n')
                .map(|i| i + 1)
                .unwrap_or(text.len().min(at));
            let mut best = None;
            let mut pos = 0;
            for line in text[..upto.max(at.min(text.len()))].split_inclusive('\n') {
                if let Some(i) = unpaired_quote(line) {
                    best = Some(pos + i);
                }
                pos += line.len();
            }
            best.unwrap_or(at)
        }
        _ => at,
    }
}

/// The byte index of an opening quote in `line` (after `key: ` or `- `) that is not closed on it.
fn unpaired_quote(line: &str) -> Option<usize> {
    let trimmed = line.trim_end_matches(['\n', '\r']);
    let value_start = match trimmed.find(": ") {
        Some(i) => i + 2,
        None => trimmed.len() - trimmed.trim_start_matches([' ', '-']).len(),
    };
    let v = trimmed.get(value_start..)?.trim_start();
    let vs = trimmed.len() - v.len();
    let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &v[1..];
    let closed = if q == '"' {
        let mut esc = false;
        rest.chars().any(|c| {
            let hit = c == '"' && !esc;
            esc = c == '\\' && !esc;
            hit
        })
    } else {
        rest.contains('\'')
    };
    if closed { None } else { Some(vs) }
}

/// A key that appears twice in one map: YAML forbids it, and a hand-edited report that has it
/// usually lost data (which of the two did the author mean?).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    /// The second (and any later) occurrence.
    pub span: Span,
    /// The first occurrence.
    pub first: Span,
}

/// Every duplicate key anywhere in the tree, in source order.
pub fn duplicates(node: &Node) -> Vec<Duplicate> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Map(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    if let Some(key) = k.as_str()
                        && let Some((first, _)) =
                            entries[..i].iter().find(|(p, _)| p.as_str() == Some(key))
                    {
                        out.push(Duplicate {
                            key: key.to_owned(),
                            span: k.span,
                            first: first.span,
                        });
                    }
                    stack.push(v);
                }
            }
            Value::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

fn span_of(loc: &serde_saphyr::Location, text: &str, offset: usize) -> Span {
    let s = loc.span();
    match (s.byte_offset(), s.byte_len()) {
        (Some(b), Some(l)) => {
            let mut start = (b as usize).min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = start.saturating_add(l as usize).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Span::new(start + offset, end + offset)
        }
        _ => Span::new(offset, offset),
    }
}

/// Whether the source text at a plain scalar's place is that scalar's own: not empty, not an alias
/// (`*x`), not the flow map or list a `<<:` merge took it from (`{weight: 50}`).
fn own_text(src: &str) -> bool {
    !src.is_empty() && !src.starts_with(['*', '{', '[']) && !src.contains([':', ',', '\n'])
}

fn convert(raw: Spanned<Raw>, text: &str, offset: usize) -> Node {
    let span = span_of(&raw.referenced, text, offset);
    let src = text
        .get(span.start - offset..span.end - offset)
        .unwrap_or("");
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Str(s) => {
            let quoted = src.starts_with(['"', '\'', '|', '>']);
            Value::Scalar { text: s, quoted }
        }
        Raw::Bool(b) => {
            let src = src.trim();
            let text = if own_text(src) {
                src.to_owned()
            } else {
                b.to_string()
            };
            Value::Scalar {
                text,
                quoted: false,
            }
        }
        Raw::Num(value) => {
            // The source text keeps every digit; an alias (`*x`) or a value merged in by `<<:`
            // (whose place is the merged map) has no digits of its own.
            let src = src.trim();
            let text = if own_text(src) { src.to_owned() } else { value };
            Value::Scalar {
                text,
                quoted: false,
            }
        }
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|i| convert(i, text, offset))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let kspan = span_of(&k.referenced, text, offset);
                    let key = Node {
                        value: Value::Scalar {
                            text: k.value,
                            quoted: false,
                        },
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
mod tests;
