//! 执行率: a given rate, or spent / budget with pending and cut adjustments, times the weight.

use crate::model::Row;
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, has_text, of_weight, percent, plain};
use crate::score::round;
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn rate(&mut self, row: &Row, w: Decimal) -> Outcome {
        let span = row
            .rate
            .as_ref()
            .or(row.spent.as_ref())
            .map_or(row.name.span, |s| s.span);
        match self.try_rate(row, w) {
            Some(out) => out,
            None => {
                self.overflow(span);
                self.failed()
            }
        }
    }

    pub(super) fn try_rate(&mut self, row: &Row, w: Decimal) -> Option<Outcome> {
        let (pct, lhs, span) = if let Some(r) = &row.rate {
            let pct = round::percent(r.value);
            (pct, None, r.span)
        } else if let (Some(spent), Some(budget)) = (&row.spent, &row.budget) {
            let pending = row.pending.as_ref().map(|p| p.value);
            let cut = row.cut.as_ref().map(|c| c.value);
            if (pending.is_some() || cut.is_some()) && !has_text(&row.adjust_reason) {
                let at = row
                    .pending
                    .as_ref()
                    .or(row.cut.as_ref())
                    .map_or(spent.span, |s| s.span);
                self.push(
                    Code::AdjustmentNeedsReason
                        .finding(
                            Some(at),
                            "计入待支付数或扣除年中压减数，但未说明理由",
                            "pending or cut amounts adjust the rate without a stated reason",
                        )
                        .with_hint(
                            "用 adjust_reason 写明调整理由（如：市财政局于年中压减了300万元）",
                        ),
                );
            }
            let den = budget.value.checked_sub(cut.unwrap_or_default())?;
            if den <= Decimal::ZERO {
                self.push(
                    Code::BadBudget
                        .finding(
                            Some(row.cut.as_ref().map_or(budget.span, |c| c.span)),
                            format!(
                                "预算数扣除压减数后为 {}，无法计算执行率，按 0 分计",
                                plain(den)
                            ),
                            "budget minus cut is 0 or less: no rate",
                        )
                        .with_hint("检查 budget 与 cut"),
                );
                return Some(Outcome::entered(self.zero()));
            }
            let num = spent.value.checked_add(pending.unwrap_or_default())?;
            let pct = percent(num, den)?;
            let top = match pending {
                Some(p) => format!("({}+{})", plain(spent.value), plain(p)),
                None => plain(spent.value),
            };
            let bottom = match cut {
                Some(c) => format!("({}-{})", plain(budget.value), plain(c)),
                None => plain(budget.value),
            };
            let lhs = (pending.is_some() || cut.is_some()).then(|| format!("{top}/{bottom}"));
            (pct, lhs, spent.span)
        } else {
            return Some(self.entered(
                row,
                w,
                "缺少执行率或支出数、预算数",
                "no rate, or spent and budget",
            ));
        };
        if pct < Decimal::ZERO {
            self.push(
                Code::BadRate
                    .finding(
                        Some(span),
                        format!("执行率 {pct}% 不能为负数，按 0 分计"),
                        "negative rate",
                    )
                    .with_hint("检查执行率或支出数"),
            );
            return Some(Outcome::computed(self.zero(), Some(pct), None));
        }
        let over = pct > Decimal::ONE_HUNDRED;
        if over {
            self.push(
                Code::RateOver100
                    .finding(
                        Some(span),
                        format!("执行率 {pct}% 超过 100%，得分以分值为限"),
                        format!("rate {pct}% is above 100%: the score is capped at the weight"),
                    )
                    .with_hint("检查支出数与预算数"),
            );
        }
        let used = pct.min(Decimal::ONE_HUNDRED);
        let score = self.final_score(of_weight(w, used)?, w);
        let s = self.fixed(score);
        let formula = match (lhs, over) {
            (Some(lhs), false) => format!("{lhs}*{}={s}", plain(w)),
            (Some(lhs), true) => format!("{lhs}={pct}%>100%；100%*{}={s}", plain(w)),
            (None, false) => format!("{pct}%*{}={s}", plain(w)),
            (None, true) => format!("{pct}%>100%；100%*{}={s}", plain(w)),
        };
        Some(Outcome::computed(score, Some(pct), Some(formula)))
    }
}
