//! 公历 (the civil calendar): days since 1970-01-01 as a year, month and day, with no clock and no
//! time zone. Used for the feeds' timestamps (the build's one epoch) and for Excel's serial dates.

/// The civil date of `days` since 1970-01-01 (negative before it), by Howard Hinnant's
/// civil-from-days algorithm: `(year, month 1–12, day 1–31)`.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn days_become_dates() {
        // Worked by hand: 1970-01-01 is day 0; 2000 is a leap year (29 Feb = day 11,016);
        // 1969-12-31 is day −1; 2024-12-31 is day 20,088 (1970–2024: 55 years with 14 leap days,
        // 365 × 55 + 14 − 1).
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
    }
}
