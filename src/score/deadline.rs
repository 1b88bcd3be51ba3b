//! 时限指标: a deadline target (`9月前`, `6月30日前`, `年底前`) against the date the actual gives.
//! On time → full marks; late → 0 and a finding (a late actual is never passed); an actual without a
//! date that says 按时完成 → full marks; anything else needs an entered score.

use crate::model::Row;
use crate::score::codes::Code;
use crate::score::engine::{Engine, Outcome};
use crate::score::target::dates::{self, DateSpec};
use rust_decimal::Decimal;

impl Engine<'_> {
    pub(super) fn deadline(&mut self, row: &Row, w: Decimal, d: DateSpec) -> Outcome {
        let Some(a) = &row.actual else {
            return self.entered(row, w, "缺少实际完成时间", "no actual date");
        };
        let (_, due) = d.range(self.year);
        let Some(done) = dates::parse_date(&a.value) else {
            if dates::says_on_time(&a.value) {
                self.push(Code::QualitativeInferred.finding(
                    Some(a.span),
                    format!("实际值“{}”表明按时完成，按达到时限计满分", a.value),
                    "the actual says it was done on time: full marks",
                ));
                return Outcome::computed(self.final_score(w, w), None, None);
            }
            return self.entered(
                row,
                w,
                "的实际值没有日期，无法与时限比较",
                "the actual has no date",
            );
        };
        let (first, last) = done.range(self.year);
        if last <= due {
            return Outcome::computed(self.final_score(w, w), None, None);
        }
        if first > due {
            let zero = self.zero();
            self.push(
                Code::DateLate
                    .finding(
                        Some(a.span),
                        format!(
                            "实际完成时间 {} 晚于时限 {}，按未达到时限计 {} 分",
                            dates::show(first),
                            dates::show(due),
                            self.show(zero)
                        ),
                        format!("done {:?}, due {:?}: late", first, due),
                    )
                    .with_hint(
                        "逾期完成不得满分；如本地规则按比例扣分，请用 score 填写并在 reason 中说明",
                    ),
            );
            let formula = format!(
                "{}晚于{}；{}",
                dates::show(first),
                dates::show(due),
                self.fixed(zero)
            );
            return Outcome::computed(zero, None, Some(formula));
        }
        self.entered(
            row,
            w,
            "的实际完成时间只写到月份，无法判断是否在时限内",
            "the actual names only a month: cannot tell whether it met the deadline",
        )
    }
}
