//! 汇总指标: a row scored as the sum of its sub-indicators (items).

use crate::model::Row;
use crate::score::ScoredRow;
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, plain};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn aggregate(&mut self, row: &Row, w: Decimal) -> Outcome {
        if row.items.is_empty() {
            return self.entered(row, w, "未列出子指标", "no items are listed");
        }
        if let Some(c) = &row.stated_count
            && c.value as usize != row.items.len()
        {
            let n = row.items.len();
            self.push(
                Code::CountMismatch
                    .finding(
                        Some(c.span),
                        format!("报告称设置了 {} 个指标，实际列出 {n} 个", c.value),
                        format!("states {} indicators, lists {n}", c.value),
                    )
                    .with_hint("核对指标个数，或补齐、删去所列子指标"),
            );
        }
        let given = self.sum(
            row.items
                .iter()
                .filter_map(|i| i.weight.as_ref().map(|w| w.value)),
            Some(row.name.span),
        );
        let missing = row.items.iter().filter(|i| i.weight.is_none()).count();
        let share = if missing > 0 {
            let rest = w.checked_sub(given).unwrap_or_default().max(Decimal::ZERO);
            let share = rest.checked_div(Decimal::from(missing)).unwrap_or_default();
            let share = self.final_score(share, share);
            self.push(Code::ItemWeightAssumed.finding(
                Some(row.name.span),
                format!(
                    "{missing} 个子指标未给出权重，按剩余分值平均分配，每个 {} 分",
                    self.show(share)
                ),
                format!(
                    "{missing} items have no weight: each gets an equal share, {}",
                    self.show(share)
                ),
            ));
            share
        } else {
            if given != w {
                self.push(
                    Code::ItemWeightsMismatch
                        .finding(
                            Some(row.weight.as_ref().map_or(row.name.span, |w| w.span)),
                            format!(
                                "子指标权重合计 {} 与本指标分值 {} 不符",
                                plain(given),
                                plain(w)
                            ),
                            format!(
                                "the items' weights add up to {}, the row weighs {}",
                                plain(given),
                                plain(w)
                            ),
                        )
                        .with_hint("检查各子指标的 weight"),
                );
            }
            Decimal::ZERO
        };
        let items: Vec<ScoredRow> = row
            .items
            .iter()
            .map(|i| {
                let iw = match &i.weight {
                    Some(_) => None,
                    None => Some(share),
                };
                self.row(i, None, iw)
            })
            .collect();
        let sum = self.sum(items.iter().map(|i| i.score), Some(row.name.span));
        let score = self.final_score(sum, w);
        let parts: Vec<String> = items.iter().map(|i| i.score.to_string()).collect();
        let formula = if sum > w {
            format!(
                "{}={}>{}；按分值计 {}",
                parts.join("+"),
                self.fixed(sum),
                plain(w),
                self.fixed(score)
            )
        } else {
            format!("{}={}", parts.join("+"), self.fixed(score))
        };
        Outcome {
            items,
            ..Outcome::computed(score, None, Some(formula))
        }
    }
}
