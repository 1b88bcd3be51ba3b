//! 中文输入法的常见错误: the mistakes a Chinese keyboard makes in front-matter, found in its text
//! before it is parsed, so that each is told as what it is — a full-width colon `：`, a colon without
//! its space, a full-width comma `，` between the fields of a `{…}` — instead of as what the YAML
//! parser makes of it (a text where a map was expected, a bracket "never closed").
//!
//! Each mistake has a region (its line, or its `{…}`): whatever the parser or the reader then say
//! about a place inside it is a consequence, and is dropped ([`Mistakes::keep`]).

use crate::diag::Diagnostic;
use crate::load::yaml::Span;

/// The keyboard mistakes of one front-matter.
#[derive(Clone, Debug, Default)]
pub struct Mistakes {
    pub diags: Vec<Diagnostic>,
    regions: Vec<Span>,
}

impl Mistakes {
    pub fn is_empty(&self) -> bool {
        self.diags.is_empty()
    }

    /// Whether `d` is a consequence of a mistake: it is placed inside the region of one.
    pub(crate) fn covers(&self, d: &Diagnostic) -> bool {
        d.span.is_some_and(|s| {
            self.regions
                .iter()
                .any(|r| s.start >= r.start && s.start < r.end.max(r.start + 1))
        })
    }

    /// `later` without what the mistakes explain, followed by the mistakes themselves.
    pub fn keep(&self, later: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = later.into_iter().filter(|d| !self.covers(d)).collect();
        out.extend(self.diags.iter().cloned());
        out
    }

    fn push(&mut self, d: Diagnostic, region: Span) {
        self.diags.push(d);
        self.regions.push(region);
    }
}

/// Every keyboard mistake in `text[start..end]` (a front-matter or a whole `jixiao.yaml`); spans
/// are offsets in `text`.
pub(crate) fn mistakes(text: &str, start: usize, end: usize) -> Mistakes {
    let mut out = Mistakes::default();
    // The indentation of the key whose block scalar (`key: |`) the following lines belong to.
    let mut block: Option<usize> = None;
    let mut pos = start;
    for raw in text[start..end].split_inclusive('\n') {
        let at = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        if let Some(b) = block {
            if body.is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        // Past the `- ` of list items (`- - x` nests).
        let mut key_at = indent;
        while line[key_at..].starts_with("- ") {
            key_at += 2;
            key_at += line[key_at..].len() - line[key_at..].trim_start_matches(' ').len();
        }
        let rest = &line[key_at..];
        let region = Span::new(at, at + line.len());
        if rest.starts_with('{') {
            flow_map(&mut out, line, at, key_at, key_at, region);
            continue;
        }
        let key = identifier(rest);
        if key.is_empty() {
            continue;
        }
        let after = &rest[key.len()..];
        let colon = at + key_at + key.len();
        if let Some(value) = after.strip_prefix('：') {
            out.push(full_width_colon(key, value, colon), region);
        } else if let Some(value) = after.strip_prefix(':') {
            if value.starts_with(|c: char| c != ' ' && c != '\t') && !value.starts_with("//") {
                out.push(no_space(key, value, colon), region);
            } else {
                let v = value.trim_start();
                if v.starts_with('{') {
                    let brace = line.len() - v.len();
                    flow_map(&mut out, line, at, brace, key_at, region);
                } else if is_block_scalar(v) {
                    block = Some(key_at);
                }
            }
        }
    }
    out
}

/// The ASCII field name (two characters at least) at the start of `s` (`filler` in
/// `filler：陈晓红`), or "".
fn identifier(s: &str) -> &str {
    let n = s
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphabetic() || *c == '_' || (*i > 0 && c.is_ascii_digit())))
        .map_or(s.len(), |(i, _)| i);
    if n < 2 { "" } else { &s[..n] }
}

/// `|`, `>-`, `|+2 # comment`: the value starts a block scalar.
fn is_block_scalar(v: &str) -> bool {
    let v = v.split(" #").next().unwrap_or(v).trim_end();
    v.starts_with(['|', '>'])
        && v[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

fn full_width_colon(key: &str, value: &str, at: usize) -> Diagnostic {
    Diagnostic::error(
        "full-width-colon",
        Some(Span::new(at, at + '：'.len_utf8())),
        format!("字段名“{key}”后面是全角冒号“：”"),
        format!("full-width colon after `{key}`"),
    )
    .with_hint(format!(
        "冒号要用半角“:”，后面再加一个空格：{key}: {}（type the colon with the input method in English mode）",
        crate::diag::excerpt(value.trim())
    ))
}

fn no_space(key: &str, value: &str, at: usize) -> Diagnostic {
    Diagnostic::error(
        "no-space-after-colon",
        Some(Span::new(at, at + 1)),
        format!("字段名“{key}”的冒号后面缺少空格"),
        format!("no space after the colon of `{key}`"),
    )
    .with_hint(format!(
        "冒号后面加一个空格：{key}: {}（YAML needs a space after the colon）",
        crate::diag::excerpt(value.split(" #").next().unwrap_or(value).trim())
    ))
}

/// One field of a one-line `{…}` as written, for its multi-line form.
struct Entry {
    text: String,
    /// Offset in the file of its first character after the separator.
    at: usize,
}

/// Checks the one-line `{…}` that opens at byte `brace` of `line` (which starts at `at` in the file);
/// `item_at` is where the list item or key holding it starts. A `{` not closed on the line is left to
/// the parser.
fn flow_map(out: &mut Mistakes, line: &str, at: usize, brace: usize, item_at: usize, region: Span) {
    let mut found = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut entry_start = true;
    let mut closed = false;
    let mut entry_at = at + brace + 1;
    let inner = &line[brace + 1..];
    let mut it = inner.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let abs = at + brace + 1 + i;
        if let Some(q) = quote {
            cur.push(c);
            if c == q {
                quote = None;
            } else if c == '\\'
                && q == '"'
                && let Some((_, n)) = it.next()
            {
                cur.push(n);
            }
            continue;
        }
        if entry_start {
            if c == ' ' {
                cur.push(c);
                continue;
            }
            entry_start = false;
            let rest = &inner[i..];
            let key = identifier(rest);
            let after = &rest[key.len()..];
            if !key.is_empty() && depth == 0 {
                let colon = abs + key.len();
                if let Some(value) = after.strip_prefix('：') {
                    found.push(full_width_colon(key, field_value(value), colon));
                } else if let Some(value) = after.strip_prefix(':')
                    && value.starts_with(|c: char| c != ' ')
                    && !value.starts_with("//")
                {
                    found.push(no_space(key, field_value(value), colon));
                }
            }
        }
        match c {
            '"' | '\'' if cur.trim().is_empty() || cur.trim_end().ends_with(':') => {
                quote = Some(c);
                cur.push(c);
            }
            '{' | '[' => {
                depth += 1;
                cur.push(c);
            }
            '}' if depth == 0 => {
                closed = true;
                break;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            ',' if depth == 0 => {
                entries.push(Entry {
                    text: std::mem::take(&mut cur),
                    at: entry_at,
                });
                entry_at = abs + c.len_utf8();
                entry_start = true;
            }
            '，' if depth == 0 && starts_field(&inner[i + c.len_utf8()..]) => {
                found.push(Diagnostic::error(
                    "full-width-comma",
                    Some(Span::new(abs, abs + c.len_utf8())),
                    "在 { } 里，字段之间用了全角逗号“，”",
                    "full-width comma between the fields of { }",
                ));
                entries.push(Entry {
                    text: std::mem::take(&mut cur),
                    at: entry_at,
                });
                entry_at = abs + c.len_utf8();
                entry_start = true;
            }
            _ => cur.push(c),
        }
    }
    if !closed {
        return;
    }
    entries.push(Entry {
        text: cur,
        at: entry_at,
    });
    found.extend(entries.iter().skip(1).filter_map(cut_text));
    if found.is_empty() {
        return;
    }
    found.sort_by_key(|d| d.span.map(|s| s.start));
    let form = crate::diag::clip_lines(
        &multi_line(&entries, &line[item_at..brace]),
        crate::diag::HINT_LINES,
    );
    for d in found {
        let fix = d
            .hint
            .clone()
            .unwrap_or_else(|| "在 { } 里，字段之间用半角逗号“,”分隔：把“，”改成“,”（use an ASCII comma between fields）".into());
        let hint = format!(
            "{fix}\n或者把这一项写成多行形式，每行一个字段，文字里的逗号、冒号就不会把字段拆开（or write one field per line）：\n{form}"
        );
        out.push(d.with_hint(hint), region);
    }
}

/// A part of a `{…}` after a comma that is no field (`严格执行制度` in `evidence: 制度健全, 严格执行制度`):
/// the comma cut a text. A figure cut at its thousands separator is left to the reader, which
/// says so.
fn cut_text(e: &Entry) -> Option<Diagnostic> {
    let t = e.text.trim();
    if t.is_empty() || t.contains([':', '：']) || t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let start = e.at + (e.text.len() - e.text.trim_start().len());
    Some(
        Diagnostic::error(
            "split-by-comma",
            Some(Span::new(start, start + t.len())),
            format!(
                "“{}”不是字段：在 {{ }} 里逗号用来分隔字段，这段文字被逗号拆开了",
                crate::diag::excerpt(t)
            ),
            "a comma inside { } separates fields: it cut this text off",
        )
        .with_hint("文字里有逗号时，给整段文字加引号（quote a text with a comma）"),
    )
}

/// The value part of `key：value, …` up to the next field.
fn field_value(s: &str) -> &str {
    s.split([',', '，', '}']).next().unwrap_or(s)
}

/// Whether `s` (after a `，`) starts a new field: `weight: …` or `weight：…`.
fn starts_field(s: &str) -> bool {
    let s = s.trim_start_matches(' ');
    let key = identifier(s);
    !key.is_empty() && s[key.len()..].starts_with([':', '：'])
}

/// The fields of a `{…}` one per line, as they would be written in the multi-line form: a part
/// without a colon is the rest of the text before it (cut by a comma), a full-width colon becomes
/// `: `. `lead` is what holds the map (`- ` or `total: `).
fn multi_line(entries: &[Entry], lead: &str) -> String {
    let mut fields: Vec<String> = Vec::new();
    for e in entries {
        let t = e.text.trim();
        if t.is_empty() {
            continue;
        }
        let key = identifier(t);
        let after = &t[key.len()..];
        let field = if !key.is_empty() && after.starts_with('：') {
            Some(format!("{key}: {}", after['：'.len_utf8()..].trim()))
        } else if !key.is_empty() && after.starts_with(':') {
            Some(format!("{key}: {}", after[1..].trim()))
        } else {
            None
        };
        match (field, fields.last_mut()) {
            (Some(f), _) => fields.push(f),
            (None, Some(prev)) => {
                // The comma cut a text (or a figure with thousands separators): join it back.
                prev.push(',');
                prev.push_str(e.text.trim_end());
            }
            (None, None) => fields.push(t.to_string()),
        }
    }
    let lead = lead.trim_end();
    let (first, pad) = if lead.starts_with('-') || lead.is_empty() {
        ("- ".to_string(), "  ")
    } else {
        (format!("{lead}\n  "), "  ")
    };
    let mut s = first;
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            s.push('\n');
            s.push_str(pad);
        }
        s.push_str(f);
    }
    s
}

#[cfg(test)]
mod tests;
