//! 不适用, 复核分 and 评价等级: rows left out of the total (their points excluded or shared pro
//! rata, as the system says), the review score summed beside the self score, and the grade under the
//! system's bands (never 优 when the weights add up to more than 100).

use crate::load::yaml::Span;
use crate::model::system::{NotApplicable, SysRow};
use crate::model::{Report, Row};
use crate::score::codes::Code;
use crate::score::engine::{Engine, plain};
use crate::score::{Grade, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;

impl Engine<'_> {
    /// The system leaves the points of 不适用 rows out (rather than sharing them).
    pub(super) fn excludes(&self) -> bool {
        self.rules.not_applicable == NotApplicable::Exclude
    }

    /// The score of a group (or the total) worth `full` whose parts add up to `sum` with `na` points
    /// not applicable: under `redistribute`, `sum × full / (full − na)` (never above `full`), with the
    /// formula; otherwise the sum. 0 when nothing under it applies.
    pub(super) fn scaled(
        &mut self,
        sum: Decimal,
        full: Decimal,
        na: Decimal,
        span: Option<Span>,
    ) -> (Decimal, Option<String>) {
        if self.excludes() || na.is_zero() {
            return (self.round(sum), None);
        }
        let avail = full - na;
        if avail <= Decimal::ZERO {
            return (self.zero(), None);
        }
        let x = sum
            .checked_mul(full)
            .and_then(|v| v.checked_div(avail))
            .unwrap_or(sum);
        let score = self.final_score(x, full);
        let formula = format!(
            "{}/{}*{}={}",
            plain(sum),
            plain(avail),
            plain(full),
            self.fixed(score)
        );
        self.push(Code::Redistributed.finding(
            span,
            format!(
                "不适用指标 {} 分按比例折算：适用指标得分 {} / 适用分值 {} × {} = {}",
                plain(na),
                plain(sum),
                plain(avail),
                plain(full),
                self.fixed(score)
            ),
            "the points of not-applicable rows are shared pro rata",
        ));
        (score, Some(formula))
    }

    /// A 不适用 row: shown with its nominal weight (the system's, else 0), scored 0, not counted.
    pub(super) fn na_row(&mut self, row: &Row, sys: Option<&SysRow>, at: Span) -> ScoredRow {
        let weight = sys.map_or(Decimal::ZERO, |s| s.weight);
        self.push(Code::NotApplicable.finding(
            Some(at),
            format!("“{}”不适用，列出但不计入总分", row.name.value),
            "not applicable: shown, not counted",
        ));
        ScoredRow {
            name: row.name.value.clone(),
            rule: row
                .rule
                .as_ref()
                .map_or(crate::model::Rule::Judged, |r| r.value),
            weight,
            score: self.zero(),
            deduction: self.zero(),
            stated: None,
            completion: None,
            halved: false,
            formula: None,
            target: row.target.as_ref().map(|s| s.value.clone()),
            actual: row.actual.as_ref().map(|s| s.value.clone()),
            reason: row.reason.as_ref().map(|s| s.value.clone()),
            improvement: row.improvement.as_ref().map(|s| s.value.clone()),
            evidence: row.evidence.as_ref().map(|s| s.value.clone()),
            explanation: row.explanation.as_ref().map(|s| s.value.clone()),
            criteria: row.criteria.as_ref().map(|s| s.value.clone()),
            items: Vec::new(),
            op: row.op.as_ref().map(|s| s.value.clone()),
            unit: row.unit.as_ref().map(|s| s.value.clone()),
            direction: None,
            core: row.core,
            review: None,
            not_applicable: true,
            coefficient: None,
            span: row.span,
        }
    }

    /// 复核分 of a set of rows and groups: their review scores, the self score where there is none;
    /// None when none has one.
    pub(super) fn review_of(
        &mut self,
        rows: &[ScoredRow],
        groups: &[ScoredGroup],
    ) -> Option<Decimal> {
        let any =
            rows.iter().any(|r| r.review.is_some()) || groups.iter().any(|g| g.review.is_some());
        if !any {
            return None;
        }
        let s = self.sum(
            rows.iter()
                .map(|r| r.review.unwrap_or(r.score))
                .chain(groups.iter().map(|g| g.review.unwrap_or(g.score))),
            None,
        );
        Some(self.round(s))
    }

    pub(super) fn review_total(&mut self, groups: &[ScoredGroup]) -> Option<Decimal> {
        self.review_of(&[], groups)
    }

    /// The grade of a total out of `full` points, without findings.
    pub(super) fn grade_of(&self, total: Decimal, full: Decimal) -> Grade {
        if full > Decimal::ONE_HUNDRED || total > Decimal::ONE_HUNDRED {
            Grade::Ungraded
        } else {
            Grade::of_bands(total, &self.rules.grades)
        }
    }

    /// The grade of the total, with a finding when the weights add up to more than 100 (never 优)
    /// and when the report states another grade.
    pub(super) fn grade(&mut self, total: Decimal, full: Decimal, report: &Report) -> Grade {
        let g = self.grade_of(total, full);
        let at = report.groups.first().map(|g| g.name.span);
        if g == Grade::Ungraded {
            self.push(
                Code::TotalOver100
                    .finding(
                        at,
                        format!(
                            "分值合计 {}，总分 {} 超出百分制，不予定级",
                            plain(full),
                            self.show(total)
                        ),
                        "the weights add up to more than 100: not graded",
                    )
                    .with_hint("各一级指标分值合计应为 100 分：检查多出的分值"),
            );
        }
        if let Some(st) = &report.stated_grade {
            match Grade::parse(&st.value) {
                Some(sg) if sg == g => {}
                parsed => {
                    let zh = parsed.map_or_else(|| st.value.clone(), |x| x.zh().to_string());
                    self.push(
                        Code::GradeMismatch
                            .finding(
                                Some(st.span),
                                format!(
                                    "填报的自评等级“{zh}”与总分 {} 的等级“{}”不符",
                                    self.show(total),
                                    g.zh()
                                ),
                                format!("stated grade {zh}, the total gives {}", g.zh()),
                            )
                            .with_hint(format!("改为 grade: {}", g.zh())),
                    );
                }
            }
        }
        g
    }
}
