//! 指标性质 and 度量单位 in their own columns (`op: ≥`, `target: 90`, `unit: %`), as many local forms
//! print them: joined into the one target text the readers of [`crate::score::target`] know
//! (`≥90%`), and the unit after a bare actual (`95` → `95%`).

use crate::model::{Row, Sp};
use crate::score::target::{self, Actual};
use std::borrow::Cow;

/// The comparators a 指标性质 column may hold, folded to the symbol the target reader knows.
const OPS: [(&str, &str); 22] = [
    ("≥", "≥"),
    ("≧", "≥"),
    (">=", "≥"),
    ("＞", ">"),
    (">", ">"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("<=", "≤"),
    ("＜", "<"),
    ("<", "<"),
    ("=", "="),
    ("＝", "="),
    ("﹦", "="),
    ("═", "="),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("达到", "≥"),
    ("以上", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("控制在", "≤"),
    ("以内", "≤"),
];

/// The symbol of a 指标性质 cell (`≧` → `≥`, `不低于` → `≥`); the text itself when it is none of them
/// (`定性`, a phrase), which is then written before the figure as it is.
pub(crate) fn op_symbol(op: &str) -> String {
    let t = op.trim();
    OPS.iter()
        .find(|(k, _)| *k == t)
        .map_or_else(|| t.to_string(), |(_, v)| (*v).to_string())
}

/// The row with its target and actual written out whole when the form gives 指标性质 or 度量单位 in
/// columns of their own; the row itself otherwise.
pub(crate) fn with_columns(row: &Row) -> Cow<'_, Row> {
    if row.op.is_none() && row.unit.is_none() {
        return Cow::Borrowed(row);
    }
    let op = row
        .op
        .as_ref()
        .map(|o| op_symbol(&o.value))
        .filter(|o| o != "定性" && o != "定量");
    let unit = row.unit.as_ref().map(|u| u.value.trim().to_string());
    let mut r = row.clone();
    if let Some(t) = &row.target {
        let mut text = t.value.trim().to_string();
        if let Some(op) = &op
            && !starts_with_op(&text)
        {
            text = format!("{op}{text}");
        }
        if let Some(u) = &unit
            && !u.is_empty()
            && ends_with_digit(&text)
        {
            text.push_str(u);
        }
        r.target = Some(Sp::new(text, t.span));
    }
    if let (Some(a), Some(u)) = (&row.actual, &unit)
        && !u.is_empty()
        && ends_with_digit(a.value.trim())
        && matches!(target::parse_actual(&a.value), Actual::Figure { ref quantity, .. } if quantity.unit.is_empty())
    {
        r.actual = Some(Sp::new(format!("{}{u}", a.value.trim()), a.span));
    }
    Cow::Owned(r)
}

fn starts_with_op(s: &str) -> bool {
    OPS.iter().any(|(k, _)| s.starts_with(k))
}

fn ends_with_digit(s: &str) -> bool {
    crate::number::normalize(s)
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit())
}
