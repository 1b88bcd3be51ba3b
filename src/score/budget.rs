//! 预算执行表: the rate of each budget line, checked against the one the report states.

use crate::model::{self, BudgetLine};
use crate::number;
use crate::score::ScoredBudgetLine;
use crate::score::codes::Code;
use crate::score::engine::{Engine, plain};
use crate::score::round;
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn budget_line(&mut self, l: &BudgetLine) -> ScoredBudgetLine {
        let exact = match &l.spent {
            Some(s) if l.budget.value > Decimal::ZERO => s
                .value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(l.budget.value)),
            _ => None,
        };
        if let Some(s) = &l.spent
            && l.budget.value <= Decimal::ZERO
            && s.value != Decimal::ZERO
        {
            let label = model::budget_label(&l.key);
            self.push(
                Code::BadBudgetLine
                    .finding(
                        Some(l.budget.span),
                        format!(
                            "{label}预算数为 {}，却有执行数 {}：无法计算执行率",
                            number::money(l.budget.value),
                            number::money(s.value)
                        ),
                        "a budget of 0 or below with spending",
                    )
                    .with_hint("填写该行的全年预算数（万元）；如确无预算，删去执行数或整行"),
            );
        }
        let rate = exact.map(round::percent);
        if let (Some(st), Some(exact), Some(rate), Some(spent)) =
            (&l.stated_rate, exact, rate, &l.spent)
        {
            let dp = st.value.scale().min(2);
            if round::round(exact, dp) != st.value {
                let label = model::budget_label(&l.key);
                self.push(
                    Code::RateMismatch
                        .finding(
                            Some(st.span),
                            format!(
                                "{label}执行率 {}% 与执行数/预算数 {}/{}={rate}% 不符",
                                plain(st.value),
                                number::money(spent.value),
                                number::money(l.budget.value)
                            ),
                            format!("stated {}%, computed {rate}%", plain(st.value)),
                        )
                        .with_hint(format!("改为 rate: {rate}%，或检查执行数与预算数")),
                );
            }
        }
        ScoredBudgetLine {
            key: l.key.clone(),
            label: model::budget_label(&l.key).to_string(),
            budget: l.budget.value,
            spent: l.spent.as_ref().map(|s| s.value),
            rate,
            stated_rate: l.stated_rate.as_ref().map(|s| s.value),
        }
    }
}
