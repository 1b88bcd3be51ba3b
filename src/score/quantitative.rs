//! 定量指标: a bound on one figure (forward, reverse, equal), a target of zero, a decrease, and the
//! actual figure read in the target's unit.

use crate::model::system::ReverseFormula;
use crate::model::{self, Row};
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, has_text, of_weight, percent, plain};
use crate::score::round;
use crate::score::target::{self, Actual, Bound, Cmp, Direction, Target, UnitCheck};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn quantitative(&mut self, row: &Row, w: Decimal) -> Outcome {
        let Some(t) = &row.target else {
            return self.entered(row, w, "缺少目标值", "no target");
        };
        match target::parse_target(&t.value) {
            Target::Bound(b) => self.bound(row, w, &b),
            Target::Decrease => Outcome {
                direction: Some(model::Direction::Lower),
                ..self.decrease(row, w)
            },
            Target::Compound(parts) => {
                self.push(Code::CompoundTarget.finding(
                    Some(t.span),
                    format!("目标值“{}”含 {} 个数值，无法按公式计分，按填报的得分或定性结果计", t.value, parts.len()),
                    "a compound target cannot be scored by formula: the entered score or result is used",
                ));
                self.qualitative(row, w)
            }
            Target::Comparative(_) => {
                self.push(Code::ComparativeTarget.finding(
                    Some(t.span),
                    format!(
                        "目标值“{}”与外部数据比较，按填报的得分或定性结果计",
                        t.value
                    ),
                    "a target compared with an outside figure: the entered score or result is used",
                ));
                self.qualitative(row, w)
            }
            Target::Qualitative(_) => {
                self.push(Code::TargetNotNumeric.finding(
                    Some(t.span),
                    format!("目标值“{}”不含数值，按定性指标计分", t.value),
                    "the target has no figure: scored as qualitative",
                ));
                self.qualitative(row, w)
            }
            Target::Deadline(d) => self.deadline(row, w, d),
            Target::Empty => self.entered(row, w, "缺少目标值", "no target"),
        }
    }

    /// The direction of a bound: the row's own (`direction: lower`), checked against an explicit
    /// comparator, or the one the comparator and the system's lower-is-better names give.
    pub(super) fn direction_of(&mut self, row: &Row, b: &Bound) -> Direction {
        let read = target::direction(&row.name.value, b, &self.rules.lower_is_better);
        let Some(stated) = &row.direction else {
            return read;
        };
        let want = match stated.value {
            model::Direction::Higher => Direction::Forward,
            model::Direction::Lower => Direction::Reverse,
            model::Direction::Equal => Direction::Equal,
        };
        if b.cmp != Cmp::Bare && want != read {
            self.push(
                Code::DirectionConflict
                    .finding(
                        Some(stated.span),
                        format!(
                            "指标方向“{}”与目标值的比较符号“{}”矛盾，按所填方向计分",
                            dir_zh(want),
                            b.cmp.symbol()
                        ),
                        "the stated direction contradicts the target's comparator",
                    )
                    .with_hint("改正 direction 或目标值的比较符号"),
            );
        }
        want
    }

    /// The actual figure of a row, in the target's unit; `Err` with the outcome when there is none.
    pub(super) fn actual_figure(
        &mut self,
        row: &Row,
        w: Decimal,
        unit: &target::Unit,
    ) -> Result<(Decimal, Option<Cmp>), Outcome> {
        let Some(a) = &row.actual else {
            return Err(self.entered(row, w, "缺少实际值", "no actual"));
        };
        match target::parse_actual(&a.value) {
            Actual::Figure { cmp, quantity } => {
                let mut value = quantity.value;
                match target::check_units(unit, &quantity.unit) {
                    UnitCheck::Same => {}
                    UnitCheck::Mismatch => self.push(
                        Code::UnitMismatch
                            .finding(
                                Some(a.span),
                                format!(
                                    "实际值单位“{}”与目标值单位“{}”不同",
                                    quantity.unit.display(),
                                    unit.display()
                                ),
                                format!(
                                    "the actual is in {}, the target in {}",
                                    quantity.unit.display(),
                                    unit.display()
                                ),
                            )
                            .with_hint("按数值计分；请确认两者是同一口径，或统一单位"),
                    ),
                    UnitCheck::Converted { factor } => match value.checked_mul(factor) {
                        Some(v) => {
                            self.push(Code::UnitConverted.finding(
                                Some(a.span),
                                format!(
                                    "实际值 {}{} 折算为 {}{}",
                                    plain(value),
                                    quantity.unit.name,
                                    plain(v),
                                    unit.name
                                ),
                                format!(
                                    "the actual was converted from {} to {}",
                                    quantity.unit.name, unit.name
                                ),
                            ));
                            value = v;
                        }
                        None => {
                            self.overflow(a.span);
                            return Err(Outcome::entered(self.zero()));
                        }
                    },
                }
                Ok((value, cmp))
            }
            Actual::Empty => Err(self.entered(row, w, "缺少实际值", "no actual")),
            Actual::Compound(_) => Err(self.entered(
                row,
                w,
                "的实际值含多个数值，无法按公式计分",
                "the actual has several figures",
            )),
            Actual::Text(_) => Err(self.entered(
                row,
                w,
                "的实际值不是数值，无法按公式计分",
                "the actual is not a figure",
            )),
        }
    }

    pub(super) fn bound(&mut self, row: &Row, w: Decimal, b: &Bound) -> Outcome {
        let (a, _) = match self.actual_figure(row, w, &b.quantity.unit) {
            Ok(x) => x,
            Err(out) => return out,
        };
        let t = b.quantity.value;
        let dir = self.direction_of(row, b);
        match self.try_bound(row, w, b, dir, a, t) {
            Some(out) => Outcome {
                direction: Some(model_dir(dir)),
                ..out
            },
            None => {
                self.overflow(row.actual.as_ref().map_or(row.name.span, |s| s.span));
                self.failed()
            }
        }
    }

    pub(super) fn try_bound(
        &mut self,
        row: &Row,
        w: Decimal,
        b: &Bound,
        dir: Direction,
        a: Decimal,
        t: Decimal,
    ) -> Option<Outcome> {
        let strict = b.cmp.strict();
        let full = self.final_score(w, w);
        match dir {
            Direction::Forward => {
                if t <= Decimal::ZERO {
                    let met = if strict { a > t } else { a >= t };
                    return Some(self.zero_target(row, w, met, t));
                }
                // The printed (two-decimal) completion decides: 150.004% prints 150.00% and is not halved.
                let pct = percent(a, t)?;
                if a >= t {
                    if self.rules.halve_over_150 && pct > Decimal::from(150) {
                        if let Some(why) = row
                            .over_reason
                            .as_ref()
                            .filter(|_| has_text(&row.over_reason))
                        {
                            self.push(Code::Over150Excused.finding(
                                Some(why.span),
                                format!("完成率 {pct}% 高于150%，按所述理由不减半：{}", why.value),
                                format!("completion {pct}% is above 150%: full marks kept for the stated reason"),
                            ));
                            return Some(Outcome::computed(full, Some(pct), None));
                        }
                        let half = self.final_score(w.checked_div(Decimal::TWO)?, w);
                        self.push(
                            Code::HalvedOver150
                                .finding(
                                    Some(row.actual.as_ref().map_or(row.name.span, |s| s.span)),
                                    format!(
                                        "完成率 {pct}% 高于150%，按规则减半得分 {}",
                                        self.show(half)
                                    ),
                                    format!("completion {pct}% is above 150%: half the weight"),
                                )
                                .with_hint(
                                    "目标设定明显偏低时减半；确有理由的，用 over_reason 说明",
                                ),
                        );
                        let formula = format!(
                            "{}/{}={pct}%>150%；{}/2={}",
                            plain(a),
                            plain(t),
                            plain(w),
                            self.fixed(half)
                        );
                        return Some(Outcome {
                            halved: true,
                            ..Outcome::computed(half, Some(pct), Some(formula))
                        });
                    }
                    return Some(Outcome::computed(full, Some(pct), None));
                }
                let used = round::percent(pct.max(Decimal::ZERO));
                let score = self.final_score(of_weight(w, used)?, w);
                let formula = format!(
                    "{}/{}={pct}%；{used}%*{}={}",
                    plain(a),
                    plain(t),
                    plain(w),
                    self.fixed(score)
                );
                Some(Outcome::computed(score, Some(pct), Some(formula)))
            }
            Direction::Reverse => {
                if t <= Decimal::ZERO {
                    let met = if strict { a < t } else { a <= t };
                    return Some(self.zero_target(row, w, met, t));
                }
                if a <= t {
                    return Some(Outcome::computed(full, None, None));
                }
                let (pct, lhs) = match self.rules.reverse_formula {
                    ReverseFormula::Ratio => (percent(t, a)?, format!("{}/{}", plain(t), plain(a))),
                    ReverseFormula::Linear => {
                        // 1 − (a − t)/t = (2t − a)/t
                        let num = t.checked_mul(Decimal::TWO)?.checked_sub(a)?;
                        (
                            percent(num, t)?,
                            format!("1-({}-{})/{}", plain(a), plain(t), plain(t)),
                        )
                    }
                };
                let used = round::percent(pct.max(Decimal::ZERO));
                let score = self.final_score(of_weight(w, used)?, w);
                let formula = format!("{lhs}={pct}%；{used}%*{}={}", plain(w), self.fixed(score));
                Some(Outcome::computed(score, Some(used), Some(formula)))
            }
            Direction::Equal => {
                if t.is_zero() {
                    return Some(self.zero_target(row, w, a.is_zero(), t));
                }
                if a == t {
                    return Some(Outcome::computed(full, None, None));
                }
                // 1 − |a − t| / |t|: the share of the target missed either way is deducted.
                let off = a.checked_sub(t)?.abs();
                let num = t.abs().checked_sub(off)?;
                let pct = percent(num, t.abs())?;
                let used = round::percent(pct.max(Decimal::ZERO));
                let score = self.final_score(of_weight(w, used)?, w);
                let formula = format!(
                    "1-|{}-{}|/{}={pct}%；{used}%*{}={}",
                    plain(a),
                    plain(t),
                    plain(t.abs()),
                    plain(w),
                    self.fixed(score)
                );
                Some(Outcome::computed(score, Some(used), Some(formula)))
            }
        }
    }

    pub(super) fn zero_target(&mut self, row: &Row, w: Decimal, met: bool, t: Decimal) -> Outcome {
        let score = if met {
            self.final_score(w, w)
        } else {
            self.zero()
        };
        self.push(Code::ZeroTarget.finding(
            Some(row.target.as_ref().map_or(row.name.span, |s| s.span)),
            format!(
                "目标值为 {}，比率公式不适用，按{}计 {} 分",
                plain(t),
                if met {
                    "达到目标"
                } else {
                    "未达到目标"
                },
                self.show(score)
            ),
            format!(
                "target {} is zero or negative: scored {}",
                plain(t),
                if met { "met" } else { "not met" }
            ),
        ));
        Outcome::computed(score, None, None)
    }

    pub(super) fn decrease(&mut self, row: &Row, w: Decimal) -> Outcome {
        let Some(a) = &row.actual else {
            return self.entered(row, w, "缺少实际值", "no actual");
        };
        let met = match target::parse_actual(&a.value) {
            Actual::Figure { quantity, .. } => quantity.value < Decimal::ZERO,
            Actual::Text(s) => target::shows_decrease(&s),
            Actual::Empty => return self.entered(row, w, "缺少实际值", "no actual"),
            Actual::Compound(_) => {
                return self.entered(
                    row,
                    w,
                    "的实际值含多个数值，无法判断是否下降",
                    "the actual has several figures",
                );
            }
        };
        let score = if met {
            self.final_score(w, w)
        } else {
            self.zero()
        };
        Outcome::computed(score, None, None)
    }
}

/// The model's name of a direction (what the scored row carries).
pub(super) fn model_dir(d: Direction) -> model::Direction {
    match d {
        Direction::Forward => model::Direction::Higher,
        Direction::Reverse => model::Direction::Lower,
        Direction::Equal => model::Direction::Equal,
    }
}

fn dir_zh(d: Direction) -> &'static str {
    match d {
        Direction::Forward => "正向（越高越好）",
        Direction::Reverse => "反向（越低越好）",
        Direction::Equal => "等值",
    }
}
