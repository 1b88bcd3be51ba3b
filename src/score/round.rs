//! 四舍五入: the one rounding of jixiao.
//!
//! Every figure that is printed or compared after arithmetic goes through [`round`]: half away from
//! zero (0.125 → 0.13, −0.125 → −0.13), in decimal arithmetic, to exactly the decimals asked for, and
//! never a negative zero. Scores use the indicator system's `decimals` ([`decimals`]); percentages
//! are printed and multiplied with two ([`PERCENT_DECIMALS`], the forms' convention: "92.31%*5=4.62");
//! 万元 amounts have two as well.

use crate::model::system::Rules;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimals of a printed percentage (完成率, 执行率): two, whatever the system's decimals.
pub(crate) const PERCENT_DECIMALS: u32 = 2;

/// The most decimals a score may have, whatever a system asks for.
pub(crate) const MAX_DECIMALS: u32 = 10;

/// Decimals of every score under `rules`: the system's `decimals`, at most [`MAX_DECIMALS`].
pub fn decimals(rules: &Rules) -> u32 {
    rules.decimals.min(MAX_DECIMALS)
}

/// `d` rounded 四舍五入 (half away from zero) to exactly `dp` decimals: `4.6` → `4.60`,
/// `0.125` → `0.13`, `-0.004` → `0.00` (never `-0.00`).
pub fn round(d: Decimal, dp: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// [`round`]ed and written out with exactly `dp` decimals (`4.6` → `"4.60"`, `4.6` at 0 → `"5"`).
pub fn fixed(d: Decimal, dp: u32) -> String {
    round(d, dp).to_string()
}

/// A percentage as printed and multiplied: [`round`] to [`PERCENT_DECIMALS`].
pub fn percent(d: Decimal) -> Decimal {
    round(d, PERCENT_DECIMALS)
}

/// The final form of a score worth `w`: within `[0, w]`, [`round`]ed to `dp`, and never above `w`.
/// A weight with more decimals than the scores (2.225 at 2 decimals) gets one step less than the
/// rounding gives (2.22, not 2.23).
pub(crate) fn score_within(x: Decimal, w: Decimal, dp: u32) -> Decimal {
    let w = w.max(Decimal::ZERO);
    let x = x.max(Decimal::ZERO).min(w);
    let r = round(x, dp);
    if r > w {
        // x < r ≤ x + ½ step, so r − step is x cut to `dp` decimals (≥ 0 since r ≥ step).
        return round(r - Decimal::new(1, dp), dp);
    }
    r
}

/// `d` with at least `dp` decimals and no rounding: how a figure the author stated is shown (`9.4` →
/// `9.40`, `9.405` stays `9.405`), and a deduction (weight − score) kept exact. Never `-0`.
pub(crate) fn at_least(d: Decimal, dp: u32) -> Decimal {
    let mut d = d;
    if d.scale() < dp {
        d.rescale(dp);
    }
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    d
}

/// [`at_least`], written out.
pub fn show(d: Decimal, dp: u32) -> String {
    at_least(d, dp).to_string()
}
