//! Reading a spanned YAML tree into typed values: every problem collected, none fatal.

use super::types::Sp;
use crate::diag::Diagnostic;
use crate::load::yaml::{Node, Span, Value};
use crate::number::{self, NumberError};
use rust_decimal::Decimal;

/// Reads front-matter trees into typed values, collecting every problem.
pub struct Reader<'a> {
    pub diags: &'a mut Vec<Diagnostic>,
}

/// The fields of a map, read once each; whatever is left at the end is an unknown field.
pub struct Fields<'n> {
    pub(super) entries: Vec<(&'n Node, &'n Node, bool)>,
    pub span: Span,
}

impl<'n> Fields<'n> {
    pub fn take(&mut self, key: &str) -> Option<&'n Node> {
        for e in self.entries.iter_mut() {
            if !e.2 && e.0.as_str() == Some(key) {
                e.2 = true;
                if matches!(e.1.value, Value::Null) {
                    return None;
                }
                return Some(e.1);
            }
        }
        None
    }
    /// The span of `key` when the map has it, even with an empty value (`weight:` left blank).
    pub(crate) fn key_present(&self, key: &str) -> Option<Span> {
        self.key_span(key)
    }
    /// The text of the map's `name`, if it is one.
    pub(crate) fn name_text(&self) -> Option<&'n str> {
        self.entries
            .iter()
            .find(|(k, _, _)| k.as_str() == Some("name"))
            .and_then(|(_, v, _)| v.as_str())
    }
    /// The first of `keys` the map has, with the place of its key.
    pub(crate) fn has_any(&self, keys: &[&str]) -> Option<(&'n str, Span)> {
        self.entries.iter().find_map(|(k, _, _)| {
            let raw = k.as_str()?;
            keys.contains(&raw).then_some((raw, k.span))
        })
    }
    /// Whether entry `i` is a piece of text a comma cut off inside a one-line `{…}`: a key
    /// without a value, in a map that opens before its first key (a `{`), after another field.
    fn cut_by_comma(&self, i: usize) -> bool {
        let flow = self
            .entries
            .first()
            .is_some_and(|(k, _, _)| self.span.start < k.span.start);
        flow && i > 0 && matches!(self.entries[i].1.value, Value::Null)
    }
    /// Whether a field not yet read is a Chinese label of `key` (told as such by
    /// [`Reader::finish`], so not also as missing).
    fn labelled(&self, key: &str, ctx_zh: &str) -> bool {
        self.entries.iter().any(|(k, _, used)| {
            !used
                && k.as_str()
                    .and_then(|raw| super::labels::field_for(raw, ctx_zh, &[key]))
                    == Some(key)
        })
    }
    fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.0.as_str() == Some(key))
            .map(|e| e.0.span)
    }
}

impl Reader<'_> {
    pub fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Opens a map, or reports that a map was expected.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what_zh: &str,
        what_en: &str,
    ) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(m) => Some(Fields {
                entries: m.iter().map(|(k, v)| (k, v, false)).collect(),
                span: node.span,
            }),
            _ => {
                self.err(type_error(
                    node,
                    &format!("{what_zh}应为键值表"),
                    &format!("{what_en} must be a mapping"),
                ));
                None
            }
        }
    }

    /// Reports every field not taken: a Chinese label with the field it stands for, a text cut by a
    /// comma inside `{…}` with the multi-line form, else with the closest known name.
    pub fn finish(&mut self, f: Fields<'_>, known: &[&str], ctx_zh: &str) {
        for (i, (k, v, used)) in f.entries.iter().enumerate() {
            if *used {
                continue;
            }
            let raw = k.as_str().unwrap_or("");
            if known.contains(&raw) {
                continue; // taken but empty
            }
            let name = crate::diag::excerpt(raw);
            if let Some(field) = super::labels::field_for(raw, ctx_zh, known) {
                self.err(chinese_field(k, v, &name, field));
                continue;
            }
            if f.cut_by_comma(i) && !raw.starts_with(|c: char| c.is_ascii_digit()) {
                self.err(super::flow::cut_by_comma(&f.entries, i, ctx_zh));
                continue;
            }
            let mut d = Diagnostic::error(
                "unknown-field",
                Some(k.span),
                format!("{ctx_zh}中有未知字段“{name}”"),
                format!("unknown field `{name}`"),
            );
            d = match suggest(raw, known) {
                Some(s) => d.with_hint(format!("是否应为“{s}”？（did you mean `{s}`?）")),
                // `{spent: 1,033.48}`: in braces a comma separates entries, so the figure was cut.
                None if raw.starts_with(|c: char| c.is_ascii_digit()) => d.with_hint(
                    "在 { } 里逗号用来分隔字段，带千分位的数字会被拆开：请给数字加引号，如 spent: '1,033.48'（quote figures with thousands separators inside braces）",
                ),
                None => d.with_hint(format!("可用字段（known fields）: {}", known.join(", "))),
            };
            self.err(d);
        }
    }

    pub(crate) fn require<'n>(
        &mut self,
        f: &mut Fields<'n>,
        key: &str,
        ctx_zh: &str,
        hint: &str,
    ) -> Option<&'n Node> {
        let n = f.take(key);
        if n.is_none() && !f.labelled(key, ctx_zh) {
            let span = f
                .key_span(key)
                .or(Some(Span::new(f.span.start, f.span.start)));
            self.err(
                Diagnostic::error(
                    "missing-field",
                    span,
                    format!("{ctx_zh}缺少必填字段“{key}”"),
                    format!("required field `{key}` is missing"),
                )
                .with_hint(hint.to_string()),
            );
        }
        n
    }

    pub fn text(&mut self, node: &Node) -> Option<Sp<String>> {
        match &node.value {
            Value::Scalar { text, .. } => Some(Sp::new(text.trim().to_string(), node.span)),
            Value::Seq(items) => {
                // A list of lines is accepted where a text is expected: joined with line breaks.
                let mut parts = Vec::new();
                for i in items {
                    parts.push(self.text(i)?.value);
                }
                Some(Sp::new(parts.join("\n"), node.span))
            }
            _ => {
                self.err(type_error(
                    node,
                    &format!("此处应为文字，不能是{}", node.kind_zh()),
                    "expected text",
                ));
                None
            }
        }
    }

    /// A text field: like [`Reader::text`], naming the field when the value is not text.
    pub(crate) fn text_field(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Map(_) => {
                self.err(
                    type_error(
                        node,
                        &format!("“{key}”应为文字，不能是{}", node.kind_zh()),
                        &format!("`{key}` must be text"),
                    )
                    .with_hint(format!(
                        "写在同一行：{key}: ……；多行文字可写成 {key}: | 再换行缩进"
                    )),
                );
                None
            }
            _ => self.text(node),
        }
    }

    pub(crate) fn opt_text(&mut self, f: &mut Fields<'_>, key: &str) -> Option<Sp<String>> {
        let n = f.take(key)?;
        self.text_field(n, key)
    }

    /// A marker that is a flag or says why: `key: true` gives an empty text, `false` none, a text
    /// itself (`reconstructed: 子指标权重由整理者推算`).
    pub(crate) fn opt_marker(&mut self, f: &mut Fields<'_>, key: &str) -> Option<Sp<String>> {
        let n = f.take(key)?;
        match n.as_str().map(str::trim) {
            Some("true" | "yes") => Some(Sp::new(String::new(), n.span)),
            Some("false" | "no") => None,
            Some("") | None if !matches!(n.value, Value::Seq(_)) => {
                self.err(
                    Diagnostic::error(
                        "wrong-type",
                        Some(n.span),
                        format!("{key} 应为 true、false 或一段说明文字"),
                        "expected true, false or a text",
                    )
                    .with_hint(format!(
                        "例如 {key}: 子指标权重未公布，由整理者按公布的得分推算"
                    )),
                );
                None
            }
            _ => self.text(n),
        }
    }

    pub fn decimal(&mut self, node: &Node, what_zh: &str) -> Option<Sp<Decimal>> {
        let s = scalar_or_err(self, node, what_zh)?;
        match number::parse_decimal(s) {
            Ok(d) => Some(Sp::new(d, node.span)),
            Err(e) => {
                self.err(number_error(node, what_zh, s, &e));
                None
            }
        }
    }

    pub(crate) fn opt_decimal(
        &mut self,
        f: &mut Fields<'_>,
        key: &str,
        what_zh: &str,
    ) -> Option<Sp<Decimal>> {
        let n = f.take(key)?;
        self.decimal(n, what_zh)
    }

    pub(crate) fn opt_percent(
        &mut self,
        f: &mut Fields<'_>,
        key: &str,
        what_zh: &str,
    ) -> Option<Sp<Decimal>> {
        let n = f.take(key)?;
        let s = scalar_or_err(self, n, what_zh)?;
        match number::parse_percent(s) {
            Ok(d) => Some(Sp::new(d, n.span)),
            Err(e) => {
                self.err(
                    number_error(n, what_zh, s, &e)
                        .with_hint("百分比写作 92.31% 或 92.31（write as 92.31%）"),
                );
                None
            }
        }
    }

    pub fn count(&mut self, node: &Node, what_zh: &str) -> Option<Sp<u32>> {
        let d = self.decimal(node, what_zh)?;
        if d.value.fract().is_zero()
            && d.value >= Decimal::ZERO
            && d.value <= Decimal::from(1_000_000)
        {
            Some(Sp::new(d.value.try_into().unwrap_or(0), d.span))
        } else {
            self.err(
                Diagnostic::error(
                    "bad-count",
                    Some(node.span),
                    format!("{what_zh}应为非负整数"),
                    "expected a whole number",
                )
                .with_hint("例如 19（e.g. 19）"),
            );
            None
        }
    }

    pub fn list<'n>(&mut self, node: &'n Node, what_zh: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            _ => {
                self.err(
                    type_error(node, &format!("{what_zh}应为列表"), "expected a list").with_hint(
                        "每项以“- ”开头，另起一行（start each item with `- ` on its own line）",
                    ),
                );
                &[]
            }
        }
    }
}

fn scalar_or_err<'n>(r: &mut Reader<'_>, node: &'n Node, what_zh: &str) -> Option<&'n str> {
    match node.as_str() {
        Some(s) => Some(s),
        None => {
            r.err(type_error(
                node,
                &format!("{what_zh}应为数字，不能是{}", node.kind_zh()),
                "expected a number",
            ));
            None
        }
    }
}

/// A Chinese label written as a field name: the field it stands for, written out.
fn chinese_field(k: &Node, v: &Node, name: &str, field: &str) -> Diagnostic {
    let value = match v.as_str() {
        Some(s) if !s.contains('\n') => format!(" {}", crate::diag::excerpt(s)),
        _ => String::new(),
    };
    Diagnostic::error(
        "chinese-field-name",
        Some(k.span),
        format!("字段名要用英文：“{name}”应写作“{field}”"),
        format!("field names are English: `{name}` is `{field}`"),
    )
    .with_hint(format!(
        "改为 {field}:{value}（表上的“{name}”；各字段见 docs/format.md）"
    ))
}

pub fn type_error(node: &Node, zh: &str, en: &str) -> Diagnostic {
    let hint = if en.contains("mapping") {
        "在下一行缩进两个空格，逐行写出各字段，如 name: ……（write its fields on the lines below, indented）"
    } else if en.contains("list") {
        "每项以“- ”开头，另起一行并缩进（start each item with `- ` on its own line）"
    } else if en.contains("number") || en.contains("year") {
        "在冒号后写一个数字，如 weight: 40 或 rate: 92.31%（write one figure after the colon）"
    } else {
        "在冒号后写一段文字；多行文字写成 key: | 再换行缩进（write the text after the colon）"
    };
    Diagnostic::error(
        "wrong-type",
        Some(node.span),
        zh.to_string(),
        format!("{en}, found {}", node.kind_en()),
    )
    .with_hint(hint)
}

pub fn number_error(node: &Node, what_zh: &str, text: &str, e: &NumberError) -> Diagnostic {
    // A run of digits too long for any figure is too large, not "not a number".
    let n = number::normalize(text);
    let digits = n
        .trim_end_matches(['%', '分', '元', '万'])
        .trim_start_matches(['-', '+']);
    let e = if *e == NumberError::NotANumber
        && digits.chars().filter(char::is_ascii_digit).count() > 20
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        &NumberError::TooLarge
    } else {
        e
    };
    let hint = match e {
        NumberError::TooLarge => format!(
            "金额以万元计，分值、权重不超过 100；数值上限为 {}（amounts are in 万元）",
            number::MAX_ABS
        ),
        NumberError::TooManyDecimals => "保留两位小数即可，如 0.02（two decimals are enough）".to_string(),
        NumberError::Separator => "小数点请用“.”，如 1033.48；逗号只作千分位，三位一组，如 1,033.48（the decimal mark is a point）".to_string(),
        _ => "数字可写千分位、全角数字和单位，如 303,054.14、３０３０５４.１４、1435万元、92.31%；不接受科学计数法和中文数字（write the figure in digits）".to_string(),
    };
    Diagnostic::error(
        "bad-number",
        Some(node.span),
        format!("{what_zh}“{}”{}", crate::diag::excerpt(text), e.zh()),
        e.en().to_string(),
    )
    .with_hint(hint)
}

/// The closest known name within edit distance 3, and within half the length of the longer of the
/// two (counted in characters, so that a two-character Chinese word is never "close" to `cut`).
pub fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let chars = name.chars().count();
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 3.min(k.chars().count().max(chars) / 2) && *d < chars.max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
