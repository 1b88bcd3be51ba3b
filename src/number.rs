//! Numbers as the forms write them: `303,054.14`, `９２．３１％`, `1435万元`, `−0.5`.
//!
//! Everything is parsed from text into [`Decimal`]; binary floats never touch a figure.

use rust_decimal::{Decimal, RoundingStrategy};

/// Largest magnitude accepted for any figure (万元 amounts of a whole province stay far below).
pub const MAX_ABS: i64 = 1_000_000_000_000;

/// Why a figure did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    Empty,
    NotANumber,
    TooLarge,
    TooManyDecimals,
}

impl NumberError {
    pub fn zh(&self) -> &'static str {
        match self {
            NumberError::Empty => "缺少数值",
            NumberError::NotANumber => "无法识别为数字",
            NumberError::TooLarge => "数值过大，超出合理范围",
            NumberError::TooManyDecimals => "小数位数过多（最多 10 位）",
        }
    }
    pub fn en(&self) -> &'static str {
        match self {
            NumberError::Empty => "missing number",
            NumberError::NotANumber => "not a number",
            NumberError::TooLarge => "number out of range",
            NumberError::TooManyDecimals => "too many decimal places (10 at most)",
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

/// A plain decimal number: optional sign, digits with optional `,` thousands separators, optional
/// fraction. Returns the number and the rest of the text (a unit, `%`, …) after it.
pub fn split_number(s: &str) -> Option<(Decimal, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
        i += 1;
    }
    let digits_start = i;
    let mut clean = String::with_capacity(s.len());
    if bytes.first() == Some(&b'-') {
        clean.push('-');
    }
    let mut seen_digit = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            clean.push(b as char);
            seen_digit = true;
            i += 1;
        } else if b == b',' && seen_digit && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    if i == digits_start || !seen_digit {
        return None;
    }
    if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
        clean.push('.');
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            clean.push(bytes[i] as char);
            i += 1;
        }
    }
    if clean.trim_start_matches('-').len() > 40 {
        return None;
    }
    let d = Decimal::from_str_exact(&clean).ok()?;
    Some((d, &s[i..]))
}

/// Parses a figure that must be only a number (weights, scores, 万元 amounts): thousands separators,
/// full-width digits and a trailing `分`/`万元`/`元` are accepted.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let n = normalize(text);
    if n.is_empty() {
        return Err(NumberError::Empty);
    }
    let (d, rest) = split_number(&n).ok_or(NumberError::NotANumber)?;
    let rest = rest.trim();
    if !matches!(rest, "" | "分" | "万元" | "元" | "万") {
        return Err(NumberError::NotANumber);
    }
    check_range(d)
}

/// Parses a percentage (`92.31%`, `９２．３１％`) or a plain fraction/percent figure. Returns the
/// percent value (92.31 for `92.31%`). A bare number is taken as a percent figure too.
pub fn parse_percent(text: &str) -> Result<Decimal, NumberError> {
    let n = normalize(text);
    if n.is_empty() {
        return Err(NumberError::Empty);
    }
    let (d, rest) = split_number(&n).ok_or(NumberError::NotANumber)?;
    if !matches!(rest.trim(), "" | "%") {
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

/// 四舍五入 to `dp` decimals: half away from zero (0.125 → 0.13, −0.125 → −0.13).
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats with exactly `dp` decimals after rounding half away from zero (`4.6` → `"4.60"`).
pub fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = round(d, dp);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

/// Formats a 万元 amount with thousands separators and two decimals: `303,054.14`.
pub fn money(d: Decimal) -> String {
    let s = fixed(d, 2);
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
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        macro_rules! dec {
            ($s:literal) => {
                rust_decimal::Decimal::from_str_exact(stringify!($s)).unwrap()
            };
        }
        pub(crate) use dec;
    }

    #[test]
    fn decimals_as_written() {
        let cases = [
            ("303,054.14", dec!(303054.14)),
            ("１４３５", dec!(1435)),
            ("１，２３４．５", dec!(1234.5)),
            ("-0.5", dec!(-0.5)),
            ("－0.5", dec!(-0.5)),
            ("1435万元", dec!(1435)),
            ("9.35分", dec!(9.35)),
            ("  12  ", dec!(12)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_decimal(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn bad_decimals() {
        assert_eq!(parse_decimal(""), Err(NumberError::Empty));
        assert_eq!(parse_decimal("十"), Err(NumberError::NotANumber));
        assert_eq!(parse_decimal("12abc"), Err(NumberError::NotANumber));
        assert_eq!(parse_decimal("1e400"), Err(NumberError::NotANumber));
        assert_eq!(
            parse_decimal("99999999999999999999999"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse_decimal("999999999999999999999999999999999999999999999"),
            Err(NumberError::NotANumber)
        );
        assert_eq!(
            parse_decimal("0.000000000001"),
            Err(NumberError::TooManyDecimals)
        );
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("92.31%"), Ok(dec!(92.31)));
        assert_eq!(parse_percent("９２．３１％"), Ok(dec!(92.31)));
        assert_eq!(parse_percent("100"), Ok(dec!(100)));
        assert!(parse_percent("92.31%%").is_err());
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let cases = [
            (dec!(0.125), "0.13"),
            (dec!(0.135), "0.14"),
            (dec!(-0.125), "-0.13"),
            (dec!(4.6155), "4.62"),
            (dec!(4.7455), "4.75"),
            (dec!(2.675), "2.68"),
            (dec!(0.004), "0.00"),
            (dec!(-0.004), "0.00"),
            (dec!(4.6), "4.60"),
        ];
        for (d, want) in cases {
            assert_eq!(fixed(d, 2), want, "{d}");
        }
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(dec!(303054.14)), "303,054.14");
        assert_eq!(money(dec!(193807)), "193,807.00");
        assert_eq!(money(dec!(999.999)), "1,000.00");
        assert_eq!(money(dec!(-1234567.5)), "-1,234,567.50");
        assert_eq!(money(dec!(0)), "0.00");
    }
}
