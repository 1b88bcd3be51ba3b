//! 定性与评判: judged rows (an entered score, full marks by default) and qualitative rows scored in
//! the bands of their result (达成 / 部分达成 / 未达成).

use crate::model::system::{BandRange, JudgedDefault};
use crate::model::{Band, Row};
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, of_weight, plain};
use crate::score::round;
use crate::score::target::{self, Reading};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn judged(&mut self, row: &Row, w: Decimal) -> Outcome {
        let score = match &row.score {
            Some(s) => self.entered_score(s, w),
            None if self.rules.judged_default == JudgedDefault::Full => self.final_score(w, w),
            None => {
                self.push(
                    Code::JudgedNeedsScore
                        .finding(
                            Some(row.name.span),
                            format!("评判指标“{}”未填写自评分", row.name.value),
                            "a judged row without a score",
                        )
                        .with_hint("用 score 填写自评分（满分也要写出），扣分的写明 reason"),
                );
                return Outcome {
                    needs_score: true,
                    ..Outcome::entered(self.zero())
                };
            }
        };
        Outcome::entered(score)
    }

    pub(super) fn band(&self, b: Band) -> BandRange {
        match b {
            Band::Achieved => self.rules.bands.achieved,
            Band::Partial => self.rules.bands.partial,
            Band::Failed => self.rules.bands.failed,
        }
    }

    pub(super) fn qualitative(&mut self, row: &Row, w: Decimal) -> Outcome {
        // The national form writes the result label in the 实际完成值 cell (`达成预期指标`).
        let from_actual = row
            .actual
            .as_ref()
            .and_then(|a| Band::parse(&a.value).map(|b| crate::model::Sp::new(b, a.span)));
        let result = row.result.clone().or(from_actual);
        match (&row.score, &result) {
            (Some(s), result) => {
                let score = self.entered_score(s, w);
                if let Some(r) = result
                    && w > Decimal::ZERO
                {
                    let band = self.band(r.value);
                    let share = s
                        .value
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|x| x.checked_div(w));
                    // The band's bounds in points, rounded like every score, so that a score the
                    // hint offers (0.6 × 0.87 = 0.522 → 0.52) is accepted.
                    let low = of_weight(w, band.low).map(|x| self.round(x));
                    let high = of_weight(w, band.high).map(|x| self.round(x));
                    let inside = match (low, high) {
                        (Some(lo), Some(hi)) => {
                            s.value >= lo
                                && if r.value == Band::Achieved {
                                    s.value <= hi
                                } else {
                                    s.value < hi
                                }
                        }
                        _ => false,
                    };
                    if !inside {
                        let share = share
                            .map_or_else(|| "?".to_string(), |p| round::percent(p).to_string());
                        let close = if r.value == Band::Achieved { "]" } else { ")" };
                        self.push(
                            Code::ScoreOutsideBand.finding(
                                Some(s.span),
                                format!(
                                    "定性结果为“{}”（分值的 {}%–{}%），但自评分 {} 占分值的 {share}%",
                                    r.value.zh(),
                                    plain(band.low),
                                    plain(band.high),
                                    self.show(s.value)
                                ),
                                format!(
                                    "result {:?} allows [{}%, {}%{close} of the weight, the score is {share}%",
                                    r.value,
                                    plain(band.low),
                                    plain(band.high)
                                ),
                            )
                            .with_hint(format!(
                                "自评分应在 {} 至 {} 分之间，或改正定性结果",
                                self.fixed(of_weight(w, band.low).unwrap_or_default()),
                                self.fixed(of_weight(w, band.high).unwrap_or_default())
                            )),
                        );
                    }
                }
                Outcome::entered(score)
            }
            (None, Some(r)) => {
                let band = self.band(r.value);
                if r.value == Band::Achieved {
                    let pct = band.high.min(Decimal::ONE_HUNDRED);
                    return Outcome::entered(self.final_score(of_weight(w, pct).unwrap_or(w), w));
                }
                let score = self.final_score(of_weight(w, band.low).unwrap_or_default(), w);
                self.push(
                    Code::QualitativeNeedsScore
                        .finding(
                            Some(r.span),
                            format!(
                                "定性结果为“{}”但未填写自评分，暂按本档下限 {}% 计 {} 分",
                                r.value.zh(),
                                plain(band.low),
                                self.show(score)
                            ),
                            format!(
                                "result {:?} without a score: the band's low end is used",
                                r.value
                            ),
                        )
                        .with_hint(format!(
                            "用 score 填写 {} 至 {} 分之间的自评分",
                            self.fixed(of_weight(w, band.low).unwrap_or_default()),
                            self.fixed(of_weight(w, band.high).unwrap_or_default())
                        )),
                );
                Outcome {
                    needs_score: true,
                    ..Outcome::entered(score)
                }
            }
            (None, None) => {
                let reading = match (&row.target, &row.actual) {
                    (Some(t), Some(a)) => target::read_qualitative(&t.value, &a.value),
                    _ => Reading::Unknown,
                };
                match reading {
                    Reading::Same => Outcome::entered(self.final_score(w, w)),
                    Reading::Implied => {
                        let a = row.actual.as_ref().map(|a| (a.span, a.value.as_str()));
                        let (span, text) = a.unwrap_or((row.name.span, ""));
                        self.push(Code::QualitativeInferred.finding(
                            Some(span),
                            format!("实际值“{text}”表明已达到目标，按“达成”计满分"),
                            "the actual reads as achieved: full marks",
                        ));
                        Outcome::entered(self.final_score(w, w))
                    }
                    Reading::Unknown => {
                        let span = row.value_span();
                        self.push(
                            Code::QualitativeNeedsScore.finding(
                                Some(span),
                                format!("无法从实际值判断“{}”是否达成，且未填写自评分，按 0 分计", row.name.value),
                                "cannot tell whether the qualitative target was reached, and no score is entered: 0",
                            )
                            .with_hint("用 result（达成/部分达成/未达成）和 score 填写定性结果与自评分"),
                        );
                        Outcome {
                            needs_score: true,
                            ..Outcome::entered(self.zero())
                        }
                    }
                }
            }
        }
    }
}
