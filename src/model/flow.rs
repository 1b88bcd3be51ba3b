//! A text cut by a comma inside a one-line `{…}` (`evidence: 制度健全, 严格执行制度`): the piece after
//! the comma reads as a field of its own. Told as such, with the item in the multi-line form where a
//! comma is only text.

use crate::diag::{Diagnostic, excerpt};
use crate::load::yaml::{Node, Value};

/// The error at entry `i` of a `{…}` (a key without a value after another field), with the whole
/// item written one field per line, the cut text joined back to the field before it.
pub(crate) fn cut_by_comma(entries: &[(&Node, &Node, bool)], i: usize, ctx_zh: &str) -> Diagnostic {
    let (k, _, _) = entries[i];
    let piece = excerpt(k.as_str().unwrap_or(""));
    let mut lines: Vec<String> = Vec::new();
    for (j, (key, value, _)) in entries.iter().enumerate() {
        let key = key.as_str().unwrap_or("");
        let cut = j > 0
            && matches!(value.value, Value::Null)
            && !key.starts_with(|c: char| c.is_ascii_digit());
        match lines.last_mut() {
            Some(prev) if cut => {
                prev.push_str(", ");
                prev.push_str(key);
            }
            _ => lines.push(format!("{key}: {}", shown(value))),
        }
    }
    let item = matches!(
        ctx_zh,
        "一级指标" | "二级指标" | "三级指标" | "子指标" | "项目得分"
    );
    let form = lines
        .iter()
        .enumerate()
        .map(|(j, l)| match (item, j) {
            (true, 0) => format!("- {l}"),
            (true, _) => format!("  {l}"),
            _ => l.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let form = crate::diag::clip_lines(&form, crate::diag::HINT_LINES);
    Diagnostic::error(
        "split-by-comma",
        Some(k.span),
        format!("“{piece}”不是字段：在 {{ }} 里逗号用来分隔字段，这段文字被逗号拆开了"),
        "a comma inside { } separates fields: it cut this text off",
    )
    .with_hint(format!(
        "文字里有逗号时，给整段文字加引号，或者把这一项写成多行形式，每行一个字段（or write one field per line）：\n{form}"
    ))
}

/// A value as it would be written after `key: ` in the multi-line form.
fn shown(v: &Node) -> String {
    match &v.value {
        Value::Null => String::new(),
        Value::Scalar { text, quoted } => {
            if *quoted {
                format!("'{}'", text.replace('\'', "''"))
            } else {
                text.clone()
            }
        }
        Value::Seq(_) | Value::Map(_) => "……".into(),
    }
}
