//! 专项项目: a row scored from the scores of its projects (equal or weighted).

use crate::model::Row;
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome, plain};
use crate::score::round;
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn projects(&mut self, row: &Row, w: Decimal) -> Outcome {
        if row.projects.is_empty() {
            return self.entered(row, w, "未列出专项项目得分", "no project scores are listed");
        }
        match self.try_projects(row, w) {
            Some(out) => out,
            None => {
                self.overflow(row.name.span);
                self.failed()
            }
        }
    }

    pub(super) fn try_projects(&mut self, row: &Row, w: Decimal) -> Option<Outcome> {
        let weighted = row.projects.iter().any(|p| p.weight.is_some());
        // (score, out_of, weight) of each usable project.
        let mut parts: Vec<(Decimal, Decimal, Decimal)> = Vec::new();
        for p in &row.projects {
            let out_of = p.out_of.as_ref().map_or(Decimal::ONE_HUNDRED, |o| o.value);
            if out_of <= Decimal::ZERO {
                self.push(
                    Code::BadProject
                        .finding(
                            Some(p.out_of.as_ref().map_or(p.name.span, |o| o.span)),
                            format!(
                                "项目“{}”的满分 {} 不是正数，不计入",
                                p.name.value,
                                plain(out_of)
                            ),
                            "out_of must be positive",
                        )
                        .with_hint("out_of 缺省为 100"),
                );
                continue;
            }
            let s = if p.score.value < Decimal::ZERO || p.score.value > out_of {
                self.push(
                    Code::ScoreOutOfRange
                        .finding(
                            Some(p.score.span),
                            format!(
                                "项目“{}”得分 {} 超出 0–{} 分的范围",
                                p.name.value,
                                plain(p.score.value),
                                plain(out_of)
                            ),
                            format!(
                                "project score {} is outside 0..{}",
                                plain(p.score.value),
                                plain(out_of)
                            ),
                        )
                        .with_hint("项目得分应在 0 与满分之间"),
                );
                p.score.value.max(Decimal::ZERO).min(out_of)
            } else {
                p.score.value
            };
            let pw = match &p.weight {
                Some(x) if x.value < Decimal::ZERO => {
                    self.bad_weight(x.span, x.value);
                    Decimal::ZERO
                }
                Some(x) => x.value,
                None if weighted => {
                    self.push(
                        Code::MissingWeight
                            .finding(
                                Some(p.name.span),
                                format!("其他项目给出了权重，项目“{}”没有，按 0 计", p.name.value),
                                "weights are given for the other projects but not for this one",
                            )
                            .with_hint("给每个项目写上 weight，或都不写（等权）"),
                    );
                    Decimal::ZERO
                }
                None => Decimal::ONE,
            };
            parts.push((s, out_of, pw));
        }
        let total_w = parts
            .iter()
            .try_fold(Decimal::ZERO, |acc, p| acc.checked_add(p.2))?;
        if total_w <= Decimal::ZERO {
            return Some(Outcome::computed(self.zero(), None, None));
        }
        let mut acc = Decimal::ZERO;
        for (s, o, pw) in &parts {
            acc = acc.checked_add(s.checked_div(*o)?.checked_mul(*pw)?)?;
        }
        let ratio = acc.checked_div(total_w)?;
        let score = self.final_score(ratio.checked_mul(w)?, w);
        let s = self.fixed(score);
        let frac =
            |(sc, o, _): &(Decimal, Decimal, Decimal)| format!("{}/{}", plain(*sc), plain(*o));
        let formula = if parts.len() == 1 {
            format!("{}*{}={s}", frac(&parts[0]), plain(w))
        } else if !weighted {
            let terms: Vec<String> = parts.iter().map(frac).collect();
            format!("({})/{}*{}={s}", terms.join("+"), parts.len(), plain(w))
        } else {
            let terms: Vec<String> = parts
                .iter()
                .map(|p| format!("{}*{}", frac(p), plain(p.2)))
                .collect();
            let ws: Vec<String> = parts.iter().map(|p| plain(p.2)).collect();
            format!("({})/({})*{}={s}", terms.join("+"), ws.join("+"), plain(w))
        };
        let completion = ratio.checked_mul(Decimal::ONE_HUNDRED).map(round::percent);
        Some(Outcome::computed(score, completion, Some(formula)))
    }
}
