//! Numbers as the forms write them: `303,054.14`, `９２．３１％`, `1435万元`, `−0.5`.
//!
//! Everything is parsed from text into [`Decimal`]; binary floats never touch a figure. One reader,
//! [`scan_unsigned`], reads every figure, in a field of its own or inside a target or an actual: a
//! `,` is a thousands separator only in groups of three (`1,234.5`), never a decimal comma.

use rust_decimal::Decimal;

/// Largest magnitude accepted for any figure (万元 amounts of a whole province stay far below).
pub const MAX_ABS: i64 = 1_000_000_000_000;

/// Why a figure did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    NotANumber,
    TooLarge,
    TooManyDecimals,
    /// A comma that is not a thousands separator between groups of three digits (`1033,48`, `1,5`).
    Separator,
}

impl NumberError {
    pub fn zh(&self) -> &'static str {
        match self {
            NumberError::Empty => "缺少数值",
            NumberError::NotANumber => "无法识别为数字",
            NumberError::TooLarge => "数值过大，超出合理范围",
            NumberError::TooManyDecimals => "小数位数过多（最多 10 位）",
            NumberError::Separator => "中的逗号不是千分位",
        }
    }
    pub(crate) fn en(&self) -> &'static str {
        match self {
            NumberError::Empty => "missing number",
            NumberError::NotANumber => "not a number",
            NumberError::TooLarge => "number out of range",
            NumberError::TooManyDecimals => "too many decimal places (10 at most)",
            NumberError::Separator => {
                "a comma that is not a thousands separator (groups of three digits)"
            }
        }
    }
}

/// Folds full-width digits, signs, separators and the full-width percent sign to ASCII.
pub fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '％' => '%',
            '－' | '−' | '–' => '-',
            '＋' => '+',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// One figure read by [`scan_unsigned`]: its value and how much text it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scanned {
    /// `None` when the digits are too many for any figure (over 40 characters, or more than a
    /// decimal holds).
    pub value: Option<Decimal>,
    /// Length in bytes, which is also the length in characters (digits, `,` and `.` only).
    pub len: usize,
}

/// Reads the unsigned figure at the start of `s` (ASCII, as [`normalize`] leaves it): digits, `,`
/// thousands separators, and a fraction after `.`. This is the one reader of figures: the figures
/// of the front matter ([`split_number`]) and those inside a target or an actual
/// (`crate::score::target`) are read by it.
///
/// A `,` is a thousands separator only between groups of exactly three digits, after a first group
/// of one to three digits that is not `0`: `1,234.5`, `12,345,678`. Anywhere else the figure ends
/// before the comma (`1,5` reads 1, `1033,48` reads 1033, `1,2,3` reads 1) and the caller decides
/// what the rest means. `None` when `s` does not start with a digit.
pub(crate) fn scan_unsigned(s: &str) -> Option<Scanned> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(0) {
        return None;
    }
    let mut i = 0;
    while digit(i) {
        i += 1;
    }
    let mut clean = String::with_capacity(i + 8);
    clean.push_str(&s[..i]);
    if i <= 3 && b[0] != b'0' {
        while b.get(i) == Some(&b',') && (1..=3).all(|k| digit(i + k)) && !digit(i + 4) {
            clean.push_str(&s[i + 1..i + 4]);
            i += 4;
        }
    }
    if b.get(i) == Some(&b'.') && digit(i + 1) {
        let start = i;
        i += 1;
        while digit(i) {
            i += 1;
        }
        clean.push_str(&s[start..i]);
    }
    let value = if clean.len() > 40 {
        None
    } else {
        Decimal::from_str_exact(&clean).ok()
    };
    Some(Scanned { value, len: i })
}

/// A plain decimal number: optional sign, then a figure as [`scan_unsigned`] reads it. Returns the
/// number and the rest of the text (a unit, `%`, …) after it.
pub fn split_number(s: &str) -> Option<(Decimal, &str)> {
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let scanned = scan_unsigned(unsigned)?;
    let mut d = scanned.value?;
    if negative {
        d.set_sign_negative(true);
    }
    Some((d, &unsigned[scanned.len..]))
}

/// Whether the rest of a figure is a comma and more digits: a thousands separator in the wrong
/// place, or a decimal comma (`1033,48`).
fn misplaced_separator(rest: &str) -> bool {
    rest.strip_prefix(',')
        .is_some_and(|r| r.as_bytes().first().is_some_and(u8::is_ascii_digit))
}

/// [`split_number`] for a field that holds one figure: a comma left over is
/// [`NumberError::Separator`].
fn read_figure(n: &str) -> Result<(Decimal, &str), NumberError> {
    if n.is_empty() {
        return Err(NumberError::Empty);
    }
    let (d, rest) = split_number(n).ok_or(NumberError::NotANumber)?;
    if misplaced_separator(rest) {
        return Err(NumberError::Separator);
    }
    Ok((d, rest.trim()))
}

/// Parses a figure that must be only a number (weights, scores, 万元 amounts): thousands separators,
/// full-width digits and a trailing `分`/`万元`/`元` are accepted.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let n = normalize(text);
    let (d, rest) = read_figure(&n)?;
    if !matches!(rest, "" | "分" | "万元" | "元" | "万") {
        return Err(NumberError::NotANumber);
    }
    check_range(d)
}

/// Parses a percentage (`92.31%`, `９２．３１％`) or a plain fraction/percent figure. Returns the
/// percent value (92.31 for `92.31%`). A bare number is taken as a percent figure too.
pub fn parse_percent(text: &str) -> Result<Decimal, NumberError> {
    let n = normalize(text);
    let (d, rest) = read_figure(&n)?;
    if !matches!(rest, "" | "%") {
        return Err(NumberError::NotANumber);
    }
    check_range(d)
}

fn check_range(d: Decimal) -> Result<Decimal, NumberError> {
    if d.abs() > Decimal::from(MAX_ABS) {
        return Err(NumberError::TooLarge);
    }
    if d.scale() > 10 {
        return Err(NumberError::TooManyDecimals);
    }
    Ok(d)
}

/// 四舍五入 lives in one place, [`crate::score::round`]; re-exported here for the formatting callers.
pub use crate::score::round::{fixed, round};

/// Decimals of a 万元 amount as the forms print it.
pub(crate) const MONEY_DECIMALS: u32 = 2;

/// Formats a 万元 amount with thousands separators and [`MONEY_DECIMALS`]: `303,054.14`.
pub fn money(d: Decimal) -> String {
    let s = fixed(d, MONEY_DECIMALS);
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.as_str()),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{}.{}", if neg { "-" } else { "" }, grouped, frac)
}

/// Shortest form of a number as written in a sentence: `10`, `9.35`, `0.5` (no trailing zeros).
pub fn plain(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".into()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests;
