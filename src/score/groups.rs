//! 分组与行: groups sum their rows and sub-groups, rows are scored by their rule, weights are
//! checked against the indicator system.

use crate::load::yaml::Span;
use crate::model::system::{SysGroup, SysRow};
use crate::model::{Group, Row, Rule};
use crate::score::codes::Code;
use crate::score::columns::with_columns;
use crate::score::engine::{Engine, has_text, plain, same_name};
use crate::score::{ScoredGroup, ScoredRow};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn unknown_group<'n>(&mut self, g: &Group, known: impl Iterator<Item = &'n str>) {
        let known: Vec<&str> = known.collect();
        self.push(
            Code::UnknownGroup
                .finding(
                    Some(g.name.span),
                    format!("指标体系中没有指标“{}”", g.name.value),
                    format!("the indicator system has no group `{}`", g.name.value),
                )
                .with_hint(format!("可用（known）: {}", known.join("、"))),
        );
    }

    pub(super) fn group(&mut self, g: &Group, sys: Option<&SysGroup>, level: u8) -> ScoredGroup {
        // 二级 groups.
        let mut groups = Vec::new();
        for sub in &g.groups {
            let s2 = sys.and_then(|s| self.find_group(&s.groups, &sub.name.value));
            if let Some(s) = sys
                && s2.is_none()
            {
                if !s.groups.is_empty() {
                    self.unknown_group(sub, s.groups.iter().map(|x| x.name.as_str()));
                } else if !s.allowed.is_empty()
                    && !s.allowed.iter().any(|a| self.is_group(a, &sub.name.value))
                {
                    self.unknown_group(sub, s.allowed.iter().map(String::as_str));
                }
            }
            groups.push(self.group(sub, s2, level + 1));
        }
        // 三级 rows.
        let mut rows = Vec::new();
        for row in &g.rows {
            let srow =
                sys.and_then(|s| s.rows.iter().find(|r| same_name(&r.name, &row.name.value)));
            if let Some(s) = sys
                && srow.is_none()
                && !s.rows.is_empty()
            {
                let known: Vec<&str> = s.rows.iter().map(|r| r.name.as_str()).collect();
                self.push(
                    Code::UnknownRow
                        .finding(
                            Some(row.name.span),
                            format!("指标体系“{}”下没有三级指标“{}”", s.name, row.name.value),
                            format!(
                                "the system has no row `{}` under `{}`",
                                row.name.value, s.name
                            ),
                        )
                        .with_hint(format!("可用（known）: {}", known.join("、"))),
                );
            }
            rows.push(self.row(row, srow, None));
        }
        // What the system has and the report leaves out (only where the report lists its rows).
        if let Some(s) = sys
            && g.score.is_none()
        {
            if !g.rows.is_empty() {
                for sr in &s.rows {
                    if !g.rows.iter().any(|r| same_name(&r.name.value, &sr.name)) {
                        self.missing_from_report(g, &sr.name, sr.weight);
                    }
                }
            }
            if !g.groups.is_empty() {
                for sg in &s.groups {
                    if !sg.optional
                        && !g
                            .groups
                            .iter()
                            .any(|x| self.is_group(&sg.name, &x.name.value))
                    {
                        self.missing_from_report(g, &sg.name, sg.weight.unwrap_or_default());
                    }
                }
            }
        }

        let has_children = !rows.is_empty() || !groups.is_empty();
        let exclude = self.excludes();
        // Full weights (不适用 parts included) for the checks; the 不适用 points under the group.
        let children_weight = self.sum(
            rows.iter().map(|r| r.weight).chain(groups.iter().map(|x| {
                x.weight
                    + if exclude {
                        x.not_applicable_weight
                    } else {
                        Decimal::ZERO
                    }
            })),
            Some(g.name.span),
        );
        let children_na = self.sum(
            rows.iter()
                .filter(|r| r.not_applicable)
                .map(|r| r.weight)
                .chain(groups.iter().map(|x| x.not_applicable_weight)),
            Some(g.name.span),
        );
        let declared = g.weight.as_ref().map(|w| w.value);
        let sys_weight = sys.and_then(|s| s.weight);
        let mut weight = match (declared, sys_weight) {
            (Some(d), Some(s)) => {
                if d != s {
                    self.weight_differs(g.weight.as_ref().map(|w| w.span), d, s);
                }
                d
            }
            (Some(d), None) => d,
            (None, Some(s)) => s,
            (None, None) => children_weight,
        };
        if weight < Decimal::ZERO {
            self.bad_weight(g.weight.as_ref().map_or(g.name.span, |w| w.span), weight);
            weight = Decimal::ZERO;
        }
        // A row whose weight is missing (already an error) makes the sum meaningless.
        let children_complete = rows.iter().zip(&g.rows).all(|(s, r)| {
            r.weight.is_some() || r.not_applicable.is_some() || s.weight > Decimal::ZERO
        });
        if has_children
            && (declared.is_some() || sys_weight.is_some())
            && children_complete
            && weight != children_weight
        {
            let what = if level == 1 && !groups.is_empty() {
                "二级指标"
            } else {
                "三级指标"
            };
            self.push(
                Code::GroupWeightMismatch
                    .finding(
                        Some(g.weight.as_ref().map_or(g.name.span, |w| w.span)),
                        format!(
                            "“{}”的分值 {} 与其{what}分值合计 {} 不符",
                            g.name.value,
                            plain(weight),
                            plain(children_weight)
                        ),
                        format!(
                            "`{}` weighs {} but its parts add up to {}",
                            g.name.value,
                            plain(weight),
                            plain(children_weight)
                        ),
                    )
                    .with_hint("检查该指标及其下级指标的分值"),
            );
        }

        let stated = g.score.as_ref().map(|s| s.value);
        let mut na_weight = Decimal::ZERO;
        let mut formula = None;
        let all_na = has_children
            && rows.iter().all(|r| r.not_applicable)
            && groups.iter().all(|x| x.not_applicable);
        let score = if has_children {
            let sum = self.sum(
                rows.iter()
                    .map(|r| r.score)
                    .chain(groups.iter().map(|x| x.score)),
                Some(g.name.span),
            );
            let (sum, f) = self.scaled(sum, weight, children_na, Some(g.name.span));
            formula = f;
            if exclude {
                na_weight = children_na.min(weight);
            } else if all_na || weight <= children_na {
                na_weight = weight;
            }
            if let Some(st) = &g.score
                && st.value != sum
            {
                self.mismatch(st.span, st.value, sum, formula.as_deref());
            }
            sum
        } else if let Some(st) = &g.score {
            let s = self.entered_score(st, weight);
            self.push(Code::GroupScoreStated.finding(
                Some(st.span),
                format!(
                    "“{}”未列出三级指标，按填报得分 {} 计",
                    g.name.value,
                    self.show(s)
                ),
                format!("`{}` has no rows: its stated score is used", g.name.value),
            ));
            s
        } else if weight.is_zero() {
            // A 二级 line the form prints with no indicator under it (经济效益指标 left blank).
            self.push(Code::NotApplicable.finding(
                Some(g.name.span),
                format!("“{}”未列出指标，不计分", g.name.value),
                format!("`{}` lists no indicator: not scored", g.name.value),
            ));
            self.zero()
        } else {
            self.push(
                Code::EmptyGroup
                    .finding(
                        Some(g.name.span),
                        format!("“{}”既没有下级指标也没有得分，按 0 分计", g.name.value),
                        format!("`{}` has neither rows nor a score: 0", g.name.value),
                    )
                    .with_hint("列出 rows，或写 score 给出该指标的得分"),
            );
            self.zero()
        };
        let effective = if exclude { weight - na_weight } else { weight };
        let deduction = self.deduction(effective, score);
        let review = self.review_of(&rows, &groups);
        ScoredGroup {
            name: g.name.value.clone(),
            weight: effective,
            score,
            deduction,
            stated,
            reason: g.reason.as_ref().map(|s| s.value.clone()),
            improvement: g.improvement.as_ref().map(|s| s.value.clone()),
            groups,
            rows,
            not_applicable_weight: na_weight,
            not_applicable: all_na,
            review,
            from_funds: false,
            formula,
            span: g.span,
        }
    }

    pub(super) fn missing_from_report(&mut self, g: &Group, name: &str, weight: Decimal) {
        self.push(
            Code::MissingFromReport
                .finding(
                    Some(g.name.span),
                    format!(
                        "指标体系中“{}”下的“{name}”（{} 分）未在报告中列出",
                        g.name.value,
                        plain(weight)
                    ),
                    format!(
                        "the system's `{name}` under `{}` is not in the report",
                        g.name.value
                    ),
                )
                .with_hint("补上该指标，或检查名称是否与指标体系一致"),
        );
    }

    pub(super) fn weight_differs(&mut self, span: Option<Span>, given: Decimal, system: Decimal) {
        self.push(
            Code::WeightDiffersFromSystem
                .finding(
                    span,
                    format!(
                        "分值 {} 与指标体系规定的 {} 不同",
                        plain(given),
                        plain(system)
                    ),
                    format!(
                        "weight {} differs from the system's {}",
                        plain(given),
                        plain(system)
                    ),
                )
                .with_hint("删去 weight 以采用指标体系的分值，或确认本年度的指标体系"),
        );
    }

    pub(super) fn bad_weight(&mut self, span: Span, w: Decimal) {
        self.push(
            Code::BadWeight
                .finding(
                    Some(span),
                    format!("分值 {} 不能为负数，按 0 计", plain(w)),
                    "a weight cannot be negative",
                )
                .with_hint("分值应为 0 或正数"),
        );
    }

    pub(super) fn row(
        &mut self,
        row: &Row,
        sys: Option<&SysRow>,
        weight: Option<Decimal>,
    ) -> ScoredRow {
        if let Some(at) = row.not_applicable {
            return self.na_row(row, sys, at);
        }
        let written = row;
        let cols = with_columns(row);
        let row: &Row = &cols;
        let weight = match weight {
            Some(w) => w,
            None => self.row_weight(row, sys),
        };
        let rule = row
            .rule
            .as_ref()
            .map(|r| r.value)
            .or(sys.and_then(|s| s.rule))
            .unwrap_or_else(|| super::infer(row));
        let out = match rule {
            Rule::Quantitative => self.quantitative(row, weight),
            Rule::Qualitative => self.qualitative(row, weight),
            Rule::Rate => self.rate(row, weight),
            Rule::Judged => self.judged(row, weight),
            Rule::Coefficient => self.coefficient(row, weight),
            Rule::Aggregate => self.aggregate(row, weight),
            Rule::Projects => self.projects(row, weight),
        };
        if out.computed
            && let Some(st) = &row.score
            && st.value != out.score
        {
            self.mismatch(st.span, st.value, out.score, out.formula.as_deref());
        }
        let leaf = matches!(
            rule,
            Rule::Quantitative | Rule::Qualitative | Rule::Judged | Rule::Coefficient | Rule::Rate
        ) && row.items.is_empty();
        // The deduction the author states (weight − their score), not jixiao's.
        let own = row.score.as_ref().map_or(out.score, |s| s.value);
        if leaf && own < weight && !out.halved && !out.needs_score && !has_text(&row.reason) {
            let lost = self.deduction(weight, own);
            self.push(
                Code::DeductionNeedsReason
                    .finding(
                        Some(row.score.as_ref().map_or(row.name.span, |s| s.span)),
                        format!("“{}”扣 {} 分，但未说明扣分原因", row.name.value, lost),
                        format!("{lost} points deducted without a reason"),
                    )
                    .with_hint("用 reason 写明未达标原因 / 扣分原因"),
            );
        }
        ScoredRow {
            name: row.name.value.clone(),
            rule,
            weight,
            score: out.score,
            deduction: self.deduction(weight, out.score),
            stated: row.score.as_ref().map(|s| s.value),
            completion: out.completion,
            halved: out.halved,
            formula: out.formula,
            target: row.target.as_ref().map(|s| s.value.clone()),
            actual: row.actual.as_ref().map(|s| s.value.clone()),
            reason: row.reason.as_ref().map(|s| s.value.clone()),
            improvement: row.improvement.as_ref().map(|s| s.value.clone()),
            evidence: row.evidence.as_ref().map(|s| s.value.clone()),
            explanation: row
                .explanation
                .as_ref()
                .map(|s| s.value.clone())
                .or_else(|| sys.and_then(|s| s.explanation.clone())),
            criteria: row.criteria.as_ref().map(|s| s.value.clone()),
            items: out.items,
            op: written.op.as_ref().map(|s| s.value.clone()),
            unit: written.unit.as_ref().map(|s| s.value.clone()),
            direction: out.direction.or(row.direction.as_ref().map(|d| d.value)),
            core: row.core,
            review: row.review.as_ref().map(|r| self.entered_score(r, weight)),
            not_applicable: false,
            coefficient: out.coefficient,
            span: row.span,
        }
    }

    pub(super) fn row_weight(&mut self, row: &Row, sys: Option<&SysRow>) -> Decimal {
        let w = match (&row.weight, sys) {
            (Some(w), Some(s)) => {
                if w.value != s.weight {
                    self.weight_differs(Some(w.span), w.value, s.weight);
                }
                w.value
            }
            (Some(w), None) => w.value,
            (None, Some(s)) => s.weight,
            (None, None) => {
                self.push(
                    Code::MissingWeight
                        .finding(
                            Some(row.name.span),
                            format!("“{}”没有分值，指标体系也未规定，按 0 计", row.name.value),
                            "no weight given and none in the system",
                        )
                        .with_hint("写上 weight（权重/分值）"),
                );
                Decimal::ZERO
            }
        };
        if w < Decimal::ZERO {
            self.bad_weight(row.weight.as_ref().map_or(row.name.span, |w| w.span), w);
            return Decimal::ZERO;
        }
        w
    }
}
