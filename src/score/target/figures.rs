//! Figures in a text: every number with its place, unit and the comparator words after it, read
//! with the one reader of figures ([`crate::number::scan_unsigned`]); dates, ordinals and codes are
//! left out.

use super::lexicon::{DECREASE_WORDS, PREFIX_CMPS, SUFFIX_CMPS, UNITS};
use super::{Cmp, Unit};
use crate::number;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One figure found in a text, with its place (in characters) and what follows it.
#[derive(Clone, Debug)]
pub(super) struct Token {
    /// First character (the sign when there is one).
    pub(super) start: usize,
    /// Value, sign included.
    pub(super) value: Decimal,
    pub(super) unit: Unit,
    /// Comparator given by a word after the unit (`以上`, `内`) or `余`/`多` (`10余场`).
    pub(super) suffix_cmp: Option<Cmp>,
}

/// Folds the text to one form: ASCII digits, `%`, `-`, half-width comparators and parentheses.
pub(super) fn prepare(text: &str) -> Vec<char> {
    number::normalize(text)
        .replace("百分比", "%")
        .chars()
        .map(|c| match c {
            '＞' => '>',
            '＜' => '<',
            '＝' | '﹦' | '═' => '=',
            '≧' | '⩾' => '≥',
            '≦' | '⩽' => '≤',
            '（' => '(',
            '）' => ')',
            '﹪' => '%',
            '\t' | '\u{a0}' => ' ',
            _ => c,
        })
        .collect()
}

pub(super) fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

pub(super) fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with(chars, end - n, word)
}

pub(super) fn text(chars: &[char]) -> String {
    chars.iter().collect()
}

/// Reads the figure starting at `i` (an ASCII digit) with [`number::scan_unsigned`]: `303,054.14`,
/// `1.5`; a comma that is not a thousands separator ends it. Returns the value (`None` when too
/// long for a figure) and the end.
fn read_figure(chars: &[char], i: usize) -> (Option<Decimal>, usize) {
    let run: String = chars[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .collect();
    match number::scan_unsigned(&run) {
        Some(s) => (s.value, i + s.len),
        None => (None, i),
    }
}

/// Reads a unit at `i` (after optional spaces): the longest known unit, then alternatives in
/// parentheses. Returns the unit and the end.
pub(super) fn read_unit(chars: &[char], mut i: usize) -> (Unit, usize) {
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    let Some(name) = UNITS.iter().find(|u| starts_with(chars, i, u)) else {
        return (Unit::default(), i);
    };
    let mut unit = Unit::new(name);
    i += name.chars().count();
    if chars.get(i) == Some(&'(')
        && let Some(close) = chars[i + 1..].iter().position(|&c| c == ')')
    {
        let inner = text(&chars[i + 1..i + 1 + close]);
        let alts: Vec<String> = inner
            .split(['/', '、', ',', '|', '或'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if !alts.is_empty() && alts.iter().all(|a| UNITS.contains(&a.as_str())) {
            unit.alternatives = alts;
            i += close + 2;
        }
    }
    (unit, i)
}

/// Whether a figure that ends at `end` is a date part, an ordinal or a code, not a quantity.
pub(super) fn not_a_figure(
    chars: &[char],
    start: usize,
    end: usize,
    value: Option<Decimal>,
) -> bool {
    let before = if start == 0 {
        None
    } else {
        chars.get(start - 1).copied()
    };
    let after = chars.get(end).copied();
    let whole: Option<u32> = value.filter(|v| v.scale() == 0).and_then(|v| v.to_u32());
    // 第133届, PM2.5, A3
    if before == Some('第') || before.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    // 5G, 3D, 4K (but not 5km, 10kW)
    if after.is_some_and(|c| c.is_ascii_alphabetic())
        && !UNITS
            .iter()
            .any(|u| u.is_ascii() && starts_with(chars, end, u))
    {
        return true;
    }
    // 2023年, 2023年度
    let mut j = end;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    match (chars.get(j), whole) {
        (Some('年'), Some(y)) if (1900..=2100).contains(&y) => true,
        // 12月31日, 6月底
        (Some('月'), Some(m)) if (1..=12).contains(&m) => true,
        (Some('日' | '号'), Some(d)) if (1..=31).contains(&d) && before == Some('月') => true,
        _ => false,
    }
}

/// Every figure in a prepared text, in order.
pub(super) fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let (value, end) = read_figure(chars, i);
        let signed = i > 0
            && matches!(chars[i - 1], '-' | '+')
            && (i == 1 || !chars[i - 2].is_ascii_alphanumeric() && chars[i - 2] != '.');
        let start = if signed { i - 1 } else { i };
        if not_a_figure(chars, start, end, value) {
            i = end;
            continue;
        }
        let value = value.filter(|d| d.abs() <= Decimal::from(number::MAX_ABS));
        let Some(mut value) = value else {
            // Too long or too large to be a figure of a form: not a figure.
            i = end;
            continue;
        };
        if signed && chars[i - 1] == '-' {
            value.set_sign_negative(true);
            if value.is_zero() {
                value.set_sign_positive(true);
            }
        }
        let mut j = end;
        let mut suffix_cmp = None;
        if matches!(chars.get(j), Some('余' | '多')) {
            suffix_cmp = Some(Cmp::Above);
            j += 1;
        }
        let (unit, after) = read_unit(chars, j);
        let mut k = after;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        // The comparator word may follow the unit directly (`3个工作日内`) or after a noun up to the
        // next punctuation (`300家企业以上`); a bare `内` only directly.
        let stop = chars[k..]
            .iter()
            .position(|c| {
                matches!(c, ',' | '。' | '；' | ';' | '、' | '：' | ':') || c.is_ascii_digit()
            })
            .map_or(chars.len(), |p| k + p);
        for (w, c) in SUFFIX_CMPS {
            let found = if w == "内" {
                starts_with(chars, k, w)
            } else {
                (k..stop).any(|p| starts_with(chars, p, w) && p + w.chars().count() <= stop)
            };
            if found {
                suffix_cmp = Some(c);
                break;
            }
        }
        out.push(Token {
            start,
            value,
            unit,
            suffix_cmp,
        });
        i = after.max(end);
    }
    out
}

/// The comparator written at the end of `prefix`, and where it starts.
pub(super) fn prefix_cmp(prefix: &[char]) -> Option<(Cmp, usize)> {
    let mut end = prefix.len();
    while end > 0 && prefix[end - 1] == ' ' {
        end -= 1;
    }
    PREFIX_CMPS
        .iter()
        .find(|(w, _)| ends_with(prefix, end, w))
        .map(|(w, c)| (*c, end - w.chars().count()))
}

/// A decrease word at the end of `prefix` (`较上年下降`), and where it starts.
pub(super) fn prefix_decrease(prefix: &[char]) -> Option<usize> {
    let mut end = prefix.len();
    while end > 0 && prefix[end - 1] == ' ' {
        end -= 1;
    }
    DECREASE_WORDS
        .iter()
        .find(|w| ends_with(prefix, end, w))
        .map(|w| end - w.chars().count())
}

pub(super) fn contains(chars: &[char], word: &str) -> bool {
    (0..chars.len()).any(|i| starts_with(chars, i, word))
}
