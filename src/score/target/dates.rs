//! 时限目标: targets that are a deadline (`9月前`, `6月30日前`, `年底前`, `2023年11月底前完成`,
//! `2021年12月完成`) and
//! the dates actuals give (`2023年9月15日`, `11月底`, `2023-12-05`).
//!
//! A deadline without a year is in the year of the report; `M月前` and `M月底前` both mean by the
//! last day of month M (the forms use them alike), `M月D日前` by that day. An actual that names only
//! a month covers the whole month: it meets a deadline when its last day does, is late when its first
//! day is later, and cannot be told otherwise.

use super::figures::{prepare, text};

/// A date as the forms write it: the year, the month, the day when one is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpec {
    pub year: Option<i32>,
    pub month: u32,
    /// None: the whole month.
    pub day: Option<u32>,
    /// `底`, `末`: the last day of the month.
    pub end: bool,
}

/// A date range in the report's year filled in: first and last day, as (y, m, d).
pub(crate) type Ymd = (i32, u32, u32);

impl DateSpec {
    /// The first and last day this date can mean, in `year` when it names none.
    pub fn range(self, year: i32) -> (Ymd, Ymd) {
        let y = self.year.unwrap_or(year);
        let last = days_in(y, self.month);
        match (self.day, self.end) {
            (Some(d), _) => ((y, self.month, d), (y, self.month, d)),
            (None, true) => ((y, self.month, last), (y, self.month, last)),
            (None, false) => ((y, self.month, 1), (y, self.month, last)),
        }
    }
}

pub(crate) fn days_in(y: i32, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `2023-11-30`.
pub fn show(d: Ymd) -> String {
    format!("{}年{}月{}日", d.0, d.1, d.2)
}

const YEAR_END: [&str; 6] = ["年底", "年末", "年内", "年度内", "本年度", "当年底"];
const BEFORE: [&str; 6] = ["以前", "之前", "前", "以内", "内", "为止"];

/// Reads a date at `i`: `YYYY年M月D日`, `YYYY年M月`, `M月D日`, `M月底`, `YYYY-MM-DD`, `YYYY.M.D`,
/// `YYYY/M/D`. Returns the date and the end.
fn date_at(c: &[char], i: usize) -> Option<(DateSpec, usize)> {
    let num = |mut j: usize| -> Option<(u32, usize)> {
        let s = j;
        while j < c.len() && c[j].is_ascii_digit() && j - s < 4 {
            j += 1;
        }
        (j > s).then(|| (text(&c[s..j]).parse().unwrap_or(0), j))
    };
    let (a, mut j) = num(i)?;
    let mut year = None;
    let month;
    // YYYY-MM-DD and friends.
    if (1900..=2100).contains(&a) && matches!(c.get(j), Some('-' | '.' | '/')) {
        let sep = c[j];
        let (m, k) = num(j + 1)?;
        month = m;
        j = k;
        year = Some(a as i32);
        let mut day = None;
        if c.get(j) == Some(&sep)
            && let Some((d, k)) = num(j + 1)
        {
            day = Some(d);
            j = k;
        }
        return valid(DateSpec {
            year,
            month,
            day,
            end: false,
        })
        .map(|d| (d, j));
    }
    if (1900..=2100).contains(&a) && c.get(j) == Some(&'年') {
        year = Some(a as i32);
        let (m, k) = num(j + 1)?;
        if c.get(k) != Some(&'月') {
            return None;
        }
        month = m;
        j = k + 1;
    } else if c.get(j) == Some(&'月') {
        month = a;
        j += 1;
    } else {
        return None;
    }
    let mut spec = DateSpec {
        year,
        month,
        day: None,
        end: false,
    };
    if let Some((d, k)) = num(j)
        && matches!(c.get(k), Some('日' | '号'))
    {
        spec.day = Some(d);
        j = k + 1;
    } else if matches!(c.get(j), Some('底' | '末')) {
        spec.end = true;
        j += 1;
    } else if c.get(j) == Some(&'份') {
        j += 1;
    }
    valid(spec).map(|d| (d, j))
}

fn valid(d: DateSpec) -> Option<DateSpec> {
    let y = d.year.unwrap_or(2000);
    ((1..=12).contains(&d.month) && d.day.is_none_or(|x| x >= 1 && x <= days_in(y, d.month)))
        .then_some(d)
}

fn starts(c: &[char], at: usize, w: &str) -> bool {
    (at..).zip(w.chars()).all(|(i, x)| c.get(i) == Some(&x))
}

/// A deadline target (`9月前`, `6月30日前`, `年底前`, `2023年11月底前完成`), or None when the text is
/// not one.
pub(crate) fn parse_deadline(raw: &str) -> Option<DateSpec> {
    let c: Vec<char> = prepare(raw)
        .into_iter()
        .filter(|x| !x.is_whitespace())
        .collect();
    let lead = c
        .iter()
        .position(|x| x.is_ascii_digit() || *x == '年' || *x == '当' || *x == '本')
        .unwrap_or(c.len());
    // Only a short lead-in (在, 于, 截至, 每年) before the date.
    if lead > 3 {
        return None;
    }
    let rest = &c[lead..];
    for w in YEAR_END {
        if starts(rest, 0, w) {
            let after = w.chars().count();
            let ok = BEFORE.iter().any(|b| starts(rest, after, b)) || w.ends_with('内');
            return ok.then_some(DateSpec {
                year: None,
                month: 12,
                day: Some(31),
                end: false,
            });
        }
    }
    let (d, end) = date_at(rest, 0)?;
    // `2021年12月完成`, `12月底完成`, `6月30日完工`: done within that month or by that day — a
    // deadline written without 前 (银川 2021).
    let done = DONE.iter().any(|w| starts(rest, end, w));
    (done || BEFORE.iter().any(|b| starts(rest, end, b))).then_some(d)
}

/// Words that make a date a deadline when they follow it directly (`2021年12月完成`).
const DONE: [&str; 3] = ["完成", "完工", "竣工"];

/// The first date an actual names (`2023年9月15日完成`, `11月底`, `于2023-12-05验收`), or the end of
/// the year for `年底`.
pub(crate) fn parse_date(raw: &str) -> Option<DateSpec> {
    let c: Vec<char> = prepare(raw)
        .into_iter()
        .filter(|x| !x.is_whitespace())
        .collect();
    for i in 0..c.len() {
        if c[i].is_ascii_digit()
            && (i == 0 || !c[i - 1].is_ascii_digit())
            && let Some((d, _)) = date_at(&c, i)
        {
            return Some(d);
        }
        if starts(&c, i, "年底") || starts(&c, i, "年末") {
            return Some(DateSpec {
                year: None,
                month: 12,
                day: Some(31),
                end: false,
            });
        }
    }
    None
}

/// Whether a text actual says it was done on time (`按时完成`, `按期完成`, `如期`, `提前完成`),
/// without a negation.
pub(crate) fn says_on_time(raw: &str) -> bool {
    let t = text(&prepare(raw));
    ["按时", "按期", "如期", "提前", "准时"]
        .iter()
        .any(|w| t.contains(w))
        && !["未", "没", "不", "延期", "逾期", "滞后"]
            .iter()
            .any(|w| t.contains(w))
}
