//! 得分系数: score = coefficient × weight, the coefficient read from the system's band table
//! (`rules.coefficients`) at the row's completion (实际/目标, or 目标/实际 for a lower-is-better row).

use crate::model::Row;
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, percent, plain};
use crate::score::quantitative::model_dir;
use crate::score::target::{self, Direction, Target};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn coefficient(&mut self, row: &Row, w: Decimal) -> Outcome {
        if self.rules.coefficients.is_empty() {
            self.push(
                Code::NoCoefficientTable
                    .finding(
                        Some(row.rule.as_ref().map_or(row.name.span, |r| r.span)),
                        format!(
                            "“{}”按得分系数计分，但指标体系没有得分系数表",
                            row.name.value
                        ),
                        "the system has no coefficient table",
                    )
                    .with_hint(
                        "在指标体系的 rules 下写 coefficients: [{min: 100, coefficient: 1}, …]",
                    ),
            );
            return self.failed();
        }
        let b = match row.target.as_ref().map(|t| target::parse_target(&t.value)) {
            Some(Target::Bound(b)) => b,
            _ => {
                return self.entered(
                    row,
                    w,
                    "的目标值不是数值，无法查得分系数",
                    "no figure in the target",
                );
            }
        };
        let (a, _) = match self.actual_figure(row, w, &b.quantity.unit) {
            Ok(x) => x,
            Err(out) => return out,
        };
        let t = b.quantity.value;
        let dir = self.direction_of(row, &b);
        let pct = match dir {
            Direction::Forward if t > Decimal::ZERO => percent(a, t),
            Direction::Reverse if a <= t => Some(Decimal::ONE_HUNDRED),
            Direction::Reverse if a > Decimal::ZERO => percent(t, a),
            Direction::Equal if !t.is_zero() => (t.abs() - (a - t).abs())
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(t.abs()))
                .map(crate::score::round::percent),
            _ => None,
        };
        let Some(pct) = pct else {
            return self.entered(row, w, "的目标值为 0，无法计算完成率", "a zero target");
        };
        let mut bands = self.rules.coefficients.clone();
        bands.sort_by_key(|b| std::cmp::Reverse(b.min));
        let c = bands
            .iter()
            .find(|band| pct >= band.min)
            .map_or(Decimal::ZERO, |band| band.coefficient);
        if let Some(st) = &row.coefficient
            && st.value != c
        {
            self.push(
                Code::CoefficientMismatch
                    .finding(
                        Some(st.span),
                        format!(
                            "填报的得分系数 {} 与系数表在完成率 {pct}% 时的 {} 不符",
                            plain(st.value),
                            plain(c)
                        ),
                        format!(
                            "stated coefficient {}, the table gives {}",
                            plain(st.value),
                            plain(c)
                        ),
                    )
                    .with_hint(format!("改为 coefficient: {}", plain(c))),
            );
        }
        let score = self.final_score(c.checked_mul(w).unwrap_or_default(), w);
        let lhs = match dir {
            Direction::Reverse => format!("{}/{}", plain(t), plain(a)),
            _ => format!("{}/{}", plain(a), plain(t)),
        };
        let formula = format!(
            "{lhs}={pct}%，系数{}；{}*{}={}",
            plain(c),
            plain(c),
            plain(w),
            self.fixed(score)
        );
        Outcome {
            direction: Some(model_dir(dir)),
            coefficient: Some(c),
            ..Outcome::computed(score, Some(pct), Some(formula))
        }
    }
}
