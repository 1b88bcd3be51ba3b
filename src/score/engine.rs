//! The engine's state and the helpers every rule shares: findings, sums, rounding, entered scores.
//!
//! The rules themselves are `impl Engine` blocks of their own files: `groups.rs` (groups, rows,
//! weights), `quantitative.rs`, `qualitative.rs`, `rate.rs`, `aggregate.rs`, `projects.rs`,
//! `budget.rs`.

use crate::diag::Diagnostic;
use crate::load::yaml::Span;
use crate::model::system::{Rules, SysGroup, System};
use crate::model::{Direction, Row, Sp};
use crate::number;
use crate::score::ScoredRow;
use crate::score::codes::Code;
use crate::score::round;
use rust_decimal::Decimal;

/// What a rule produced for one row before the common checks.
pub(super) struct Outcome {
    /// Final score: clamped to `[0, weight]` and rounded.
    pub(super) score: Decimal,
    pub(super) completion: Option<Decimal>,
    pub(super) halved: bool,
    pub(super) formula: Option<String>,
    /// The score came from a formula (so a stated score is checked against it).
    pub(super) computed: bool,
    /// A warning already asked for a score: no further deduction check.
    pub(super) needs_score: bool,
    pub(super) items: Vec<ScoredRow>,
    /// The direction the figures were compared in (定量 rows).
    pub(super) direction: Option<Direction>,
    /// The 得分系数 used (coefficient rows).
    pub(super) coefficient: Option<Decimal>,
}

impl Outcome {
    pub(super) fn entered(score: Decimal) -> Outcome {
        Outcome {
            score,
            completion: None,
            halved: false,
            formula: None,
            computed: false,
            needs_score: false,
            items: Vec::new(),
            direction: None,
            coefficient: None,
        }
    }
    pub(super) fn computed(
        score: Decimal,
        completion: Option<Decimal>,
        formula: Option<String>,
    ) -> Outcome {
        Outcome {
            computed: true,
            completion,
            formula,
            ..Outcome::entered(score)
        }
    }
}

pub(super) struct Engine<'a> {
    pub(super) system: &'a System,
    pub(super) rules: &'a Rules,
    /// 评价年度: the year a date target without one (`9月前`) is in.
    pub(super) year: i32,
    /// Decimals of a score (the system's, at most 10).
    pub(super) dp: u32,
    pub(super) findings: Vec<Diagnostic>,
}

/// Names compared without spaces and quotation marks (`“三公”经费` = `三公经费`), and without the
/// points a form writes after a group's name (`产出指标（50分）` = `产出指标`).
fn name_key(s: &str) -> String {
    let k: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !"“”\"'‘’「」『』".contains(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    if let Some(open) = k.rfind('(')
        && open > 0
        && k.ends_with("分)")
    {
        let inner = &k[open + 1..k.len() - "分)".len()];
        if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return k[..open].to_string();
        }
    }
    k
}

pub(super) fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// A reason that says nothing (`/`, `无`) counts as none.
pub(super) fn has_text(s: &Option<Sp<String>>) -> bool {
    s.as_ref().is_some_and(|s| {
        !matches!(
            s.value.trim(),
            "" | "/" | "／" | "-" | "—" | "无" | "不适用"
        )
    })
}

/// `num / den` as a printed percentage (two decimals); `None` on overflow or a zero denominator.
pub(super) fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    Some(round::percent(
        num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?,
    ))
}

/// `w × pct%`.
pub(super) fn of_weight(w: Decimal, pct: Decimal) -> Option<Decimal> {
    w.checked_mul(pct)?.checked_div(Decimal::ONE_HUNDRED)
}

pub(super) fn plain(d: Decimal) -> String {
    number::plain(d)
}

impl<'a> Engine<'a> {
    pub(super) fn new(system: &'a System, year: i32) -> Self {
        Engine {
            system,
            rules: &system.rules,
            year,
            dp: round::decimals(&system.rules),
            findings: Vec::new(),
        }
    }

    /// Whether `name` (as a report writes it) is the system's group `sys_name`: the same name, or one
    /// of its aliases (`aliases:` of the system).
    pub(super) fn is_group(&self, sys_name: &str, name: &str) -> bool {
        same_name(sys_name, name)
            || self
                .system
                .aliases
                .get(sys_name)
                .is_some_and(|a| a.iter().any(|x| same_name(x, name)))
    }

    /// The system group a report's group is, by name or alias.
    pub(super) fn find_group<'s>(
        &self,
        groups: &'s [SysGroup],
        name: &str,
    ) -> Option<&'s SysGroup> {
        groups
            .iter()
            .find(|g| same_name(&g.name, name))
            .or_else(|| groups.iter().find(|g| self.is_group(&g.name, name)))
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.findings.push(d);
    }

    /// [`round::round`] to the score decimals (a sum of scores: `4.6` prints `4.60`).
    pub(super) fn round(&self, d: Decimal) -> Decimal {
        round::round(d, self.dp)
    }

    /// 0 points, with the score decimals.
    pub(super) fn zero(&self) -> Decimal {
        self.round(Decimal::ZERO)
    }

    /// The final form of a score: within `[0, w]`, rounded 四舍五入 to `dp`, never above `w`.
    pub(super) fn final_score(&self, x: Decimal, w: Decimal) -> Decimal {
        round::score_within(x, w, self.dp)
    }

    /// A figure as stated, with at least `dp` decimals (`9.4` → `9.40`).
    pub(super) fn show(&self, d: Decimal) -> String {
        round::show(d, self.dp)
    }

    /// A computed figure, rounded to `dp` decimals and written with exactly as many.
    pub(super) fn fixed(&self, d: Decimal) -> String {
        round::fixed(d, self.dp)
    }

    /// weight − score, exact, with at least `dp` decimals.
    pub(super) fn deduction(&self, weight: Decimal, score: Decimal) -> Decimal {
        round::at_least(weight.checked_sub(score).unwrap_or_default(), self.dp)
    }

    /// The outcome of a row that could not be computed (an error was reported): 0, nothing more asked.
    pub(super) fn failed(&self) -> Outcome {
        Outcome {
            needs_score: true,
            ..Outcome::entered(self.zero())
        }
    }

    pub(super) fn overflow(&mut self, span: Span) {
        self.push(
            Code::Overflow
                .finding(
                    Some(span),
                    "数值过大，无法计算",
                    "figures too large to compute with",
                )
                .with_hint("检查数值是否多写了位数"),
        );
    }

    /// Sum with overflow reported at `span` (0 on overflow).
    pub(super) fn sum(&mut self, it: impl Iterator<Item = Decimal>, span: Option<Span>) -> Decimal {
        let mut acc = Decimal::ZERO;
        for d in it {
            match acc.checked_add(d) {
                Some(s) => acc = s,
                None => {
                    self.overflow(span.unwrap_or_default());
                    return Decimal::ZERO;
                }
            }
        }
        acc
    }

    pub(super) fn mismatch(
        &mut self,
        span: Span,
        stated: Decimal,
        computed: Decimal,
        formula: Option<&str>,
    ) {
        let (s, c) = (self.show(stated), self.show(computed));
        let hint = match formula {
            Some(f) => format!("按规则计算：{f}；改为 score: {c}，或检查数据"),
            None => format!("按规则应得 {c} 分；改为 score: {c}，或检查数据"),
        };
        self.push(
            Code::ScoreMismatch
                .finding(
                    Some(span),
                    format!("自评分 {s} 与按规则计算的 {c} 不符"),
                    format!("stated {s}, computed {c}"),
                )
                .with_hint(hint),
        );
    }

    /// An entered score, checked to lie in `[0, w]` (clamped otherwise), rounded.
    pub(super) fn entered_score(&mut self, s: &Sp<Decimal>, w: Decimal) -> Decimal {
        if s.value < Decimal::ZERO || s.value > w {
            self.push(
                Code::ScoreOutOfRange
                    .finding(
                        Some(s.span),
                        format!("得分 {} 超出 0–{} 分的范围", self.show(s.value), plain(w)),
                        format!("score {} is outside 0..{}", self.show(s.value), plain(w)),
                    )
                    .with_hint(format!("得分应在 0 与分值 {} 之间", plain(w))),
            );
        }
        self.final_score(s.value, w)
    }

    /// A computed rule without its inputs: the entered score when there is one, else 0 with a warning.
    pub(super) fn entered(&mut self, row: &Row, w: Decimal, why_zh: &str, why_en: &str) -> Outcome {
        match &row.score {
            Some(s) => {
                self.push(Code::ScoreEntered.finding(
                    Some(s.span),
                    format!("“{}”{why_zh}，采用填报的自评分", row.name.value),
                    format!("{why_en}: the entered score is used"),
                ));
                let score = self.entered_score(s, w);
                Outcome::entered(score)
            }
            None => {
                let span = row.value_span();
                self.push(
                    Code::MissingScore
                        .finding(
                            Some(span),
                            format!("“{}”{why_zh}，且未填写自评分，按 0 分计", row.name.value),
                            format!("{why_en}, and no score is entered: 0"),
                        )
                        .with_hint("补齐计算所需的数据，或用 score 填写自评分"),
                );
                Outcome {
                    needs_score: true,
                    ..Outcome::entered(self.zero())
                }
            }
        }
    }
}
