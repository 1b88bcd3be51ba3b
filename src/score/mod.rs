//! The scoring engine (评分): pure, exact, no IO.
//!
//! `score(report, system)` computes every 三级 score from its inputs under the rules of the report's
//! indicator system, sums the groups, grades the total, and records each formula the way the forms
//! print it ("专项资金支出进度=92.31%*5=4.62") together with the findings: where a stated score,
//! weight, count or rate differs from what the data gives.
//!
//! All arithmetic is `rust_decimal`; every printed figure is rounded 四舍五入 (half away from zero)
//! to the system's decimals, and a percentage that is printed is the one multiplied.

pub mod site;
pub mod target;

use crate::diag::{Diagnostic, Severity};
use crate::load::yaml::Span;
use crate::model::system::{BandRange, ReverseFormula, Rules, SysGroup, SysRow, System};
use crate::model::{self, Band, BudgetLine, Group, Report, Row, Rule, Sp};
use crate::number;
use crate::score::target::{Actual, Bound, Cmp, Direction, Reading, Target, UnitCheck};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// 评价等级.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Grade {
    /// 优: 90 ≤ total ≤ 100.
    #[serde(rename = "优")]
    Excellent,
    /// 良: 80 ≤ total < 90.
    #[serde(rename = "良")]
    Good,
    /// 中: 60 ≤ total < 80.
    #[serde(rename = "中")]
    Fair,
    /// 差: total < 60.
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// Grades the printed (two-decimal) total.
    pub fn of(total: Decimal) -> Grade {
        if total >= Decimal::from(90) {
            Grade::Excellent
        } else if total >= Decimal::from(80) {
            Grade::Good
        } else if total >= Decimal::from(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }
    /// The range as printed on the checkbox line ("90分≤得分≤100分").
    pub fn range_zh(self) -> &'static str {
        match self {
            Grade::Excellent => "90分≤得分≤100分",
            Grade::Good => "80分≤得分<90分",
            Grade::Fair => "60分≤得分<80分",
            Grade::Poor => "得分<60分",
        }
    }
}

/// A scored 三级指标 (or a sub-indicator of an aggregate row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredRow {
    pub name: String,
    pub rule: Rule,
    pub weight: Decimal,
    /// The computed score, rounded to the system's decimals.
    pub score: Decimal,
    /// weight − score.
    pub deduction: Decimal,
    /// The score the author stated, if any.
    pub stated: Option<Decimal>,
    /// Completion (完成率) or execution rate in percent, rounded to two decimals, where one exists.
    pub completion: Option<Decimal>,
    /// Halved for completion above 150%.
    pub halved: bool,
    /// The formula as printed ("(1033.48+100.63)/(1435-300)*12=11.99"); None for entered scores.
    pub formula: Option<String>,
    pub target: Option<String>,
    pub actual: Option<String>,
    /// 未达标原因 / 扣分原因, as written.
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub items: Vec<ScoredRow>,
    #[serde(skip)]
    pub span: Span,
}

/// A scored 一级 or 二级 group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredGroup {
    pub name: String,
    pub weight: Decimal,
    pub score: Decimal,
    pub deduction: Decimal,
    /// A score stated for the whole group when its rows are not published.
    pub stated: Option<Decimal>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub groups: Vec<ScoredGroup>,
    pub rows: Vec<ScoredRow>,
    #[serde(skip)]
    pub span: Span,
}

/// A checked budget line: the rate computed from its amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredBudgetLine {
    pub key: String,
    pub label: String,
    pub budget: Decimal,
    pub spent: Option<Decimal>,
    /// spent / budget in percent, two decimals.
    pub rate: Option<Decimal>,
    pub stated_rate: Option<Decimal>,
}

/// The result of scoring one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// 总分: the sum of the group scores.
    pub total: Decimal,
    /// The sum of the 一级 weights (100 for a complete report).
    pub weight_total: Decimal,
    pub grade: Grade,
    pub groups: Vec<ScoredGroup>,
    pub budget: Vec<ScoredBudgetLine>,
    /// Every problem found, in source order.
    #[serde(skip)]
    pub findings: Vec<Diagnostic>,
}

/// Scores a report under its indicator system. Pure: no IO, no clock, deterministic.
///
/// Every rule of `docs/format.md` and the domain notes is applied here; what does not add up is
/// returned in [`Scored::findings`] (sorted by position in the file), never as a panic. The finding
/// codes are listed in [`FINDING_CODES`].
pub fn score(report: &Report, system: &System) -> Scored {
    let mut e = Engine::new(&system.rules);
    let groups: Vec<ScoredGroup> = report
        .groups
        .iter()
        .map(|g| {
            let sys = find_group(&system.groups, &g.name.value);
            if sys.is_none() && !system.groups.is_empty() {
                e.unknown_group(g, system.groups.iter().map(|s| s.name.as_str()));
            }
            e.group(g, sys, 1)
        })
        .collect();
    for sg in &system.groups {
        if !report
            .groups
            .iter()
            .any(|g| same_name(&g.name.value, &sg.name))
        {
            e.push(
                Diagnostic::warning(
                    "missing-from-report",
                    report.groups.first().map(|g| g.name.span),
                    format!(
                        "指标体系中的一级指标“{}”（{} 分）未在报告中列出",
                        sg.name,
                        number::plain(sg.weight)
                    ),
                    format!("the system's group `{}` is not in the report", sg.name),
                )
                .with_hint("在 indicators 中补上该一级指标，或检查名称是否与指标体系一致"),
            );
        }
    }

    let weight_total = e.sum(groups.iter().map(|g| g.weight), None);
    let total = e.sum(groups.iter().map(|g| g.score), None);
    let total = e.rescaled(total);
    if !groups.is_empty() && weight_total != Decimal::ONE_HUNDRED {
        e.push(
            Diagnostic::warning(
                "weights-not-100",
                report.groups.first().map(|g| g.name.span),
                format!(
                    "一级指标分值合计 {}，不等于 100 分",
                    number::plain(weight_total)
                ),
                format!(
                    "the 一级 weights add up to {}, not 100",
                    number::plain(weight_total)
                ),
            )
            .with_hint("检查各一级指标的分值（weight）"),
        );
    }
    if let Some(st) = &report.stated_total
        && st.value != total
    {
        let (s, c) = (e.show(st.value), e.show(total));
        e.push(
            Diagnostic::warning(
                "total-mismatch",
                Some(st.span),
                format!("自评总分 {s} 与各指标得分合计 {c} 不符"),
                format!("stated total {s}, computed {c}"),
            )
            .with_hint(format!("改为 stated_total: {c}，或检查各指标得分")),
        );
    }
    let budget = report.budget.iter().map(|l| e.budget_line(l)).collect();
    let mut findings = e.findings;
    findings.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    Scored {
        total,
        weight_total,
        grade: Grade::of(total),
        groups,
        budget,
        findings,
    }
}

/// Every finding code the engine emits, with its severity and meaning.
pub const FINDING_CODES: [(&str, Severity, &str); 37] = [
    (
        "score-mismatch",
        Severity::Warning,
        "a stated score (row or group) differs from the computed one",
    ),
    (
        "total-mismatch",
        Severity::Warning,
        "stated_total differs from the sum of the groups",
    ),
    (
        "rate-mismatch",
        Severity::Warning,
        "a budget line's stated 执行率 differs from spent / budget",
    ),
    (
        "count-mismatch",
        Severity::Warning,
        "stated_count differs from the number of listed items",
    ),
    (
        "weight-differs-from-system",
        Severity::Warning,
        "a weight differs from the indicator system's",
    ),
    (
        "group-weight-mismatch",
        Severity::Warning,
        "a group's weight differs from the sum of its rows/sub-groups",
    ),
    (
        "item-weights-mismatch",
        Severity::Warning,
        "the items' weights do not add up to the aggregate row's weight",
    ),
    (
        "item-weight-assumed",
        Severity::Info,
        "items without weights share the rest of the row's weight equally",
    ),
    (
        "weights-not-100",
        Severity::Warning,
        "the 一级 weights do not add up to 100",
    ),
    (
        "unknown-group",
        Severity::Warning,
        "a group the indicator system does not have",
    ),
    (
        "unknown-row",
        Severity::Warning,
        "a row the department system does not have",
    ),
    (
        "missing-from-report",
        Severity::Warning,
        "a group or row of the system is not in the report",
    ),
    (
        "empty-group",
        Severity::Warning,
        "a group with neither rows nor a stated score",
    ),
    (
        "missing-weight",
        Severity::Error,
        "a row or project without a weight where the system gives none",
    ),
    (
        "bad-weight",
        Severity::Error,
        "a negative weight (taken as 0)",
    ),
    (
        "score-out-of-range",
        Severity::Error,
        "an entered score outside 0..weight (clamped)",
    ),
    (
        "deduction-needs-reason",
        Severity::Warning,
        "points deducted without 扣分原因/未达标原因",
    ),
    (
        "score-outside-band",
        Severity::Warning,
        "a qualitative score outside the band of its stated result",
    ),
    (
        "qualitative-needs-score",
        Severity::Warning,
        "a qualitative row whose result cannot be told: enter a score",
    ),
    (
        "qualitative-inferred",
        Severity::Info,
        "a qualitative row read as 达成 from its actual",
    ),
    (
        "compound-target",
        Severity::Info,
        "a target with several figures: scored from the entered score/result",
    ),
    (
        "comparative-target",
        Severity::Info,
        "a target compared with an outside figure: scored from the entered score/result",
    ),
    (
        "target-not-numeric",
        Severity::Info,
        "a quantitative row whose target has no figure: scored as qualitative",
    ),
    (
        "score-entered",
        Severity::Info,
        "a computed rule lacks its inputs: the entered score is used",
    ),
    (
        "missing-score",
        Severity::Warning,
        "a computed rule lacks its inputs and no score is entered: 0",
    ),
    (
        "zero-target",
        Severity::Info,
        "a target of 0 or below: scored met (full) / not met (0)",
    ),
    (
        "unit-mismatch",
        Severity::Warning,
        "the actual's unit differs from the target's",
    ),
    (
        "unit-converted",
        Severity::Info,
        "the actual's money unit was converted to the target's",
    ),
    (
        "halved-over-150",
        Severity::Info,
        "completion above 150%: half the weight",
    ),
    (
        "over-150-excused",
        Severity::Info,
        "completion above 150% keeps full marks for the stated reason",
    ),
    (
        "adjustment-needs-reason",
        Severity::Warning,
        "pending/cut adjustments without adjust_reason",
    ),
    (
        "bad-budget",
        Severity::Error,
        "budget − cut is 0 or less: no rate",
    ),
    ("bad-rate", Severity::Error, "a negative execution rate"),
    (
        "bad-project",
        Severity::Error,
        "a project score whose out_of is not positive (left out)",
    ),
    (
        "rate-over-100",
        Severity::Warning,
        "an execution rate above 100% (score capped at the weight)",
    ),
    (
        "group-score-stated",
        Severity::Info,
        "a group scored by its stated score (rows not published)",
    ),
    (
        "overflow",
        Severity::Error,
        "a figure too large to compute with",
    ),
];

/// What a rule produced for one row before the common checks.
struct Outcome {
    /// Final score: clamped to `[0, weight]` and rounded.
    score: Decimal,
    completion: Option<Decimal>,
    halved: bool,
    formula: Option<String>,
    /// The score came from a formula (so a stated score is checked against it).
    computed: bool,
    /// A warning already asked for a score: no further deduction check.
    needs_score: bool,
    items: Vec<ScoredRow>,
}

impl Outcome {
    fn entered(score: Decimal) -> Outcome {
        Outcome {
            score,
            completion: None,
            halved: false,
            formula: None,
            computed: false,
            needs_score: false,
            items: Vec::new(),
        }
    }
    fn computed(score: Decimal, completion: Option<Decimal>, formula: Option<String>) -> Outcome {
        Outcome {
            computed: true,
            completion,
            formula,
            ..Outcome::entered(score)
        }
    }
}

struct Engine<'a> {
    rules: &'a Rules,
    /// Decimals of a score (the system's, at most 10).
    dp: u32,
    findings: Vec<Diagnostic>,
}

/// Names compared without spaces and quotation marks (`“三公”经费` = `三公经费`).
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"“”\"'‘’「」『』".contains(*c))
        .collect()
}

fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

fn find_group<'s>(groups: &'s [SysGroup], name: &str) -> Option<&'s SysGroup> {
    groups.iter().find(|g| same_name(&g.name, name))
}

/// A reason that says nothing (`/`, `无`) counts as none.
fn has_text(s: &Option<Sp<String>>) -> bool {
    s.as_ref().is_some_and(|s| {
        !matches!(
            s.value.trim(),
            "" | "/" | "／" | "-" | "—" | "无" | "不适用"
        )
    })
}

/// `x` with exactly 2 decimals, half away from zero.
fn pct2(x: Decimal) -> Decimal {
    let mut r = number::round(x, 2);
    r.rescale(2);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// `num / den` as a percent with two decimals; `None` on overflow or a zero denominator.
fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    Some(pct2(
        num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?,
    ))
}

/// `w × pct%`.
fn of_weight(w: Decimal, pct: Decimal) -> Option<Decimal> {
    w.checked_mul(pct)?.checked_div(Decimal::ONE_HUNDRED)
}

fn plain(d: Decimal) -> String {
    number::plain(d)
}

impl<'a> Engine<'a> {
    fn new(rules: &'a Rules) -> Self {
        Engine {
            rules,
            dp: rules.decimals.min(10),
            findings: Vec::new(),
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.findings.push(d);
    }

    /// Rescales to exactly `dp` decimals (so `4.6` prints `4.60`).
    fn rescaled(&self, mut d: Decimal) -> Decimal {
        d.rescale(self.dp);
        if d.is_zero() {
            d.set_sign_positive(true);
        }
        d
    }

    /// The final form of a score: within `[0, w]`, rounded 四舍五入 to `dp`, never above `w`.
    fn fin(&self, x: Decimal, w: Decimal) -> Decimal {
        let w = w.max(Decimal::ZERO);
        let x = x.max(Decimal::ZERO).min(w);
        let mut r = number::round(x, self.dp);
        if r > w {
            // A weight with more decimals than the scores (2.225 at 2 decimals): never above it.
            r = x.round_dp_with_strategy(self.dp, RoundingStrategy::ToZero);
        }
        self.rescaled(r)
    }

    /// A figure as stated, with at least `dp` decimals (`9.4` → `9.40`).
    fn show(&self, d: Decimal) -> String {
        let mut d = d;
        if d.scale() < self.dp {
            d.rescale(self.dp);
        }
        d.to_string()
    }

    fn fixed(&self, d: Decimal) -> String {
        number::fixed(d, self.dp)
    }

    /// The outcome of a row that could not be computed (an error was reported): 0, nothing more asked.
    fn failed(&self) -> Outcome {
        Outcome {
            needs_score: true,
            ..Outcome::entered(self.rescaled(Decimal::ZERO))
        }
    }

    fn overflow(&mut self, span: Span) {
        self.push(
            Diagnostic::error(
                "overflow",
                Some(span),
                "数值过大，无法计算",
                "figures too large to compute with",
            )
            .with_hint("检查数值是否多写了位数"),
        );
    }

    /// Sum with overflow reported at `span` (0 on overflow).
    fn sum(&mut self, it: impl Iterator<Item = Decimal>, span: Option<Span>) -> Decimal {
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

    fn unknown_group<'n>(&mut self, g: &Group, known: impl Iterator<Item = &'n str>) {
        let known: Vec<&str> = known.collect();
        self.push(
            Diagnostic::warning(
                "unknown-group",
                Some(g.name.span),
                format!("指标体系中没有指标“{}”", g.name.value),
                format!("the indicator system has no group `{}`", g.name.value),
            )
            .with_hint(format!("可用（known）: {}", known.join("、"))),
        );
    }

    // ----- groups -----

    fn group(&mut self, g: &Group, sys: Option<&SysGroup>, level: u8) -> ScoredGroup {
        // 二级 groups.
        let mut groups = Vec::new();
        for sub in &g.groups {
            let s2 = sys.and_then(|s| find_group(&s.groups, &sub.name.value));
            if let Some(s) = sys
                && s2.is_none()
            {
                if !s.groups.is_empty() {
                    self.unknown_group(sub, s.groups.iter().map(|x| x.name.as_str()));
                } else if !s.allowed.is_empty()
                    && !s.allowed.iter().any(|a| same_name(a, &sub.name.value))
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
                    Diagnostic::warning(
                        "unknown-row",
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
                    if !g.groups.iter().any(|x| same_name(&x.name.value, &sg.name)) {
                        self.missing_from_report(g, &sg.name, sg.weight);
                    }
                }
            }
        }

        let has_children = !rows.is_empty() || !groups.is_empty();
        let children_weight = self.sum(
            rows.iter()
                .map(|r| r.weight)
                .chain(groups.iter().map(|x| x.weight)),
            Some(g.name.span),
        );
        let declared = g.weight.as_ref().map(|w| w.value);
        let mut weight = match (declared, sys) {
            (Some(d), Some(s)) => {
                if d != s.weight {
                    self.weight_differs(g.weight.as_ref().map(|w| w.span), d, s.weight);
                }
                d
            }
            (Some(d), None) => d,
            (None, Some(s)) => s.weight,
            (None, None) => children_weight,
        };
        if weight < Decimal::ZERO {
            self.bad_weight(g.weight.as_ref().map_or(g.name.span, |w| w.span), weight);
            weight = Decimal::ZERO;
        }
        // A row whose weight is missing (already an error) makes the sum meaningless.
        let children_complete = rows
            .iter()
            .zip(&g.rows)
            .all(|(s, r)| r.weight.is_some() || s.weight > Decimal::ZERO);
        if has_children
            && (declared.is_some() || sys.is_some())
            && children_complete
            && weight != children_weight
        {
            let what = if level == 1 && !groups.is_empty() {
                "二级指标"
            } else {
                "三级指标"
            };
            self.push(
                Diagnostic::warning(
                    "group-weight-mismatch",
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
        let score = if has_children {
            let sum = self.sum(
                rows.iter()
                    .map(|r| r.score)
                    .chain(groups.iter().map(|x| x.score)),
                Some(g.name.span),
            );
            let sum = self.rescaled(sum);
            if let Some(st) = &g.score
                && st.value != sum
            {
                self.mismatch(st.span, st.value, sum, None);
            }
            sum
        } else if let Some(st) = &g.score {
            let s = self.entered_score(st, weight);
            self.push(Diagnostic::info(
                "group-score-stated",
                Some(st.span),
                format!(
                    "“{}”未列出三级指标，按填报得分 {} 计",
                    g.name.value,
                    self.show(s)
                ),
                format!("`{}` has no rows: its stated score is used", g.name.value),
            ));
            s
        } else {
            self.push(
                Diagnostic::warning(
                    "empty-group",
                    Some(g.name.span),
                    format!("“{}”既没有下级指标也没有得分，按 0 分计", g.name.value),
                    format!("`{}` has neither rows nor a score: 0", g.name.value),
                )
                .with_hint("列出 rows，或写 score 给出该指标的得分"),
            );
            self.rescaled(Decimal::ZERO)
        };
        let deduction = self.deduction(weight, score);
        ScoredGroup {
            name: g.name.value.clone(),
            weight,
            score,
            deduction,
            stated,
            reason: g.reason.as_ref().map(|s| s.value.clone()),
            improvement: g.improvement.as_ref().map(|s| s.value.clone()),
            groups,
            rows,
            span: g.span,
        }
    }

    fn missing_from_report(&mut self, g: &Group, name: &str, weight: Decimal) {
        self.push(
            Diagnostic::warning(
                "missing-from-report",
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

    fn weight_differs(&mut self, span: Option<Span>, given: Decimal, system: Decimal) {
        self.push(
            Diagnostic::warning(
                "weight-differs-from-system",
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

    fn bad_weight(&mut self, span: Span, w: Decimal) {
        self.push(
            Diagnostic::error(
                "bad-weight",
                Some(span),
                format!("分值 {} 不能为负数，按 0 计", plain(w)),
                "a weight cannot be negative",
            )
            .with_hint("分值应为 0 或正数"),
        );
    }

    fn deduction(&self, weight: Decimal, score: Decimal) -> Decimal {
        let mut d = weight.checked_sub(score).unwrap_or_default();
        if d.scale() < self.dp {
            d.rescale(self.dp);
        }
        if d.is_zero() {
            d.set_sign_positive(true);
        }
        d
    }

    fn mismatch(&mut self, span: Span, stated: Decimal, computed: Decimal, formula: Option<&str>) {
        let (s, c) = (self.show(stated), self.show(computed));
        let hint = match formula {
            Some(f) => format!("按规则计算：{f}；改为 score: {c}，或检查数据"),
            None => format!("按规则应得 {c} 分；改为 score: {c}，或检查数据"),
        };
        self.push(
            Diagnostic::warning(
                "score-mismatch",
                Some(span),
                format!("自评分 {s} 与按规则计算的 {c} 不符"),
                format!("stated {s}, computed {c}"),
            )
            .with_hint(hint),
        );
    }

    /// An entered score, checked to lie in `[0, w]` (clamped otherwise), rounded.
    fn entered_score(&mut self, s: &Sp<Decimal>, w: Decimal) -> Decimal {
        if s.value < Decimal::ZERO || s.value > w {
            self.push(
                Diagnostic::error(
                    "score-out-of-range",
                    Some(s.span),
                    format!("得分 {} 超出 0–{} 分的范围", self.show(s.value), plain(w)),
                    format!("score {} is outside 0..{}", self.show(s.value), plain(w)),
                )
                .with_hint(format!("得分应在 0 与分值 {} 之间", plain(w))),
            );
        }
        self.fin(s.value, w)
    }

    // ----- rows -----

    /// Scores a 三级 row (or an item with `weight` given by its aggregate row).
    fn row(&mut self, row: &Row, sys: Option<&SysRow>, weight: Option<Decimal>) -> ScoredRow {
        let weight = match weight {
            Some(w) => w,
            None => self.row_weight(row, sys),
        };
        let rule = row
            .rule
            .as_ref()
            .map(|r| r.value)
            .or(sys.and_then(|s| s.rule))
            .unwrap_or_else(|| infer(row));
        let out = match rule {
            Rule::Quantitative => self.quantitative(row, weight),
            Rule::Qualitative => self.qualitative(row, weight),
            Rule::Rate => self.rate(row, weight),
            Rule::Judged => self.judged(row, weight),
            Rule::Aggregate => self.aggregate(row, weight),
            Rule::Projects => self.projects(row, weight),
        };
        if out.computed
            && let Some(st) = &row.score
            && st.value != out.score
        {
            self.mismatch(st.span, st.value, out.score, out.formula.as_deref());
        }
        let leaf = matches!(rule, Rule::Quantitative | Rule::Qualitative | Rule::Judged)
            && row.items.is_empty();
        if leaf && out.score < weight && !out.halved && !out.needs_score && !has_text(&row.reason) {
            let lost = self.deduction(weight, out.score);
            self.push(
                Diagnostic::warning(
                    "deduction-needs-reason",
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
            span: row.span,
        }
    }

    fn row_weight(&mut self, row: &Row, sys: Option<&SysRow>) -> Decimal {
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
                    Diagnostic::error(
                        "missing-weight",
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

    /// A computed rule without its inputs: the entered score when there is one, else 0 with a warning.
    fn entered(&mut self, row: &Row, w: Decimal, why_zh: &str, why_en: &str) -> Outcome {
        match &row.score {
            Some(s) => {
                self.push(Diagnostic::info(
                    "score-entered",
                    Some(s.span),
                    format!("“{}”{why_zh}，采用填报的自评分", row.name.value),
                    format!("{why_en}: the entered score is used"),
                ));
                let score = self.entered_score(s, w);
                Outcome::entered(score)
            }
            None => {
                let span = row
                    .actual
                    .as_ref()
                    .or(row.target.as_ref())
                    .map_or(row.name.span, |s| s.span);
                self.push(
                    Diagnostic::warning(
                        "missing-score",
                        Some(span),
                        format!("“{}”{why_zh}，且未填写自评分，按 0 分计", row.name.value),
                        format!("{why_en}, and no score is entered: 0"),
                    )
                    .with_hint("补齐计算所需的数据，或用 score 填写自评分"),
                );
                Outcome {
                    needs_score: true,
                    ..Outcome::entered(self.rescaled(Decimal::ZERO))
                }
            }
        }
    }

    fn judged(&mut self, row: &Row, w: Decimal) -> Outcome {
        let score = match &row.score {
            Some(s) => self.entered_score(s, w),
            None => self.fin(w, w),
        };
        Outcome::entered(score)
    }

    // ----- quantitative -----

    fn quantitative(&mut self, row: &Row, w: Decimal) -> Outcome {
        let Some(t) = &row.target else {
            return self.entered(row, w, "缺少目标值", "no target");
        };
        match target::parse_target(&t.value) {
            Target::Bound(b) => self.bound(row, w, &b),
            Target::Decrease => self.decrease(row, w),
            Target::Compound(parts) => {
                self.push(Diagnostic::info(
                    "compound-target",
                    Some(t.span),
                    format!("目标值“{}”含 {} 个数值，无法按公式计分，按填报的得分或定性结果计", t.value, parts.len()),
                    "a compound target cannot be scored by formula: the entered score or result is used",
                ));
                self.qualitative(row, w)
            }
            Target::Comparative(_) => {
                self.push(Diagnostic::info(
                    "comparative-target",
                    Some(t.span),
                    format!(
                        "目标值“{}”与外部数据比较，按填报的得分或定性结果计",
                        t.value
                    ),
                    "a target compared with an outside figure: the entered score or result is used",
                ));
                self.qualitative(row, w)
            }
            Target::Qualitative(_) => {
                self.push(Diagnostic::info(
                    "target-not-numeric",
                    Some(t.span),
                    format!("目标值“{}”不含数值，按定性指标计分", t.value),
                    "the target has no figure: scored as qualitative",
                ));
                self.qualitative(row, w)
            }
            Target::Empty => self.entered(row, w, "缺少目标值", "no target"),
        }
    }

    /// The actual figure of a row, in the target's unit; `Err` with the outcome when there is none.
    fn actual_figure(
        &mut self,
        row: &Row,
        w: Decimal,
        unit: &target::Unit,
    ) -> Result<(Decimal, Option<Cmp>), Outcome> {
        let Some(a) = &row.actual else {
            return Err(self.entered(row, w, "缺少实际值", "no actual"));
        };
        match target::parse_actual(&a.value) {
            Actual::Figure { cmp, quantity } => {
                let mut value = quantity.value;
                match target::check_units(unit, &quantity.unit) {
                    UnitCheck::Same => {}
                    UnitCheck::Mismatch => self.push(
                        Diagnostic::warning(
                            "unit-mismatch",
                            Some(a.span),
                            format!(
                                "实际值单位“{}”与目标值单位“{}”不同",
                                quantity.unit.display(),
                                unit.display()
                            ),
                            format!(
                                "the actual is in {}, the target in {}",
                                quantity.unit.display(),
                                unit.display()
                            ),
                        )
                        .with_hint("按数值计分；请确认两者是同一口径，或统一单位"),
                    ),
                    UnitCheck::Converted { factor } => match value.checked_mul(factor) {
                        Some(v) => {
                            self.push(Diagnostic::info(
                                "unit-converted",
                                Some(a.span),
                                format!(
                                    "实际值 {}{} 折算为 {}{}",
                                    plain(value),
                                    quantity.unit.name,
                                    plain(v),
                                    unit.name
                                ),
                                format!(
                                    "the actual was converted from {} to {}",
                                    quantity.unit.name, unit.name
                                ),
                            ));
                            value = v;
                        }
                        None => {
                            self.overflow(a.span);
                            return Err(Outcome::entered(self.rescaled(Decimal::ZERO)));
                        }
                    },
                }
                Ok((value, cmp))
            }
            Actual::Empty => Err(self.entered(row, w, "缺少实际值", "no actual")),
            Actual::Compound(_) => Err(self.entered(
                row,
                w,
                "的实际值含多个数值，无法按公式计分",
                "the actual has several figures",
            )),
            Actual::Text(_) => Err(self.entered(
                row,
                w,
                "的实际值不是数值，无法按公式计分",
                "the actual is not a figure",
            )),
        }
    }

    fn bound(&mut self, row: &Row, w: Decimal, b: &Bound) -> Outcome {
        let (a, _) = match self.actual_figure(row, w, &b.quantity.unit) {
            Ok(x) => x,
            Err(out) => return out,
        };
        let t = b.quantity.value;
        let dir = target::direction(&row.name.value, b);
        match self.try_bound(row, w, b, dir, a, t) {
            Some(out) => out,
            None => {
                self.overflow(row.actual.as_ref().map_or(row.name.span, |s| s.span));
                self.failed()
            }
        }
    }

    fn try_bound(
        &mut self,
        row: &Row,
        w: Decimal,
        b: &Bound,
        dir: Direction,
        a: Decimal,
        t: Decimal,
    ) -> Option<Outcome> {
        let strict = b.cmp.strict();
        let full = self.fin(w, w);
        match dir {
            Direction::Forward => {
                if t <= Decimal::ZERO {
                    let met = if strict { a > t } else { a >= t };
                    return Some(self.zero_target(row, w, met, t));
                }
                // The printed (two-decimal) completion decides: 150.004% prints 150.00% and is not halved.
                let pct = percent(a, t)?;
                if a >= t {
                    if self.rules.halve_over_150 && pct > Decimal::from(150) {
                        if let Some(why) = row
                            .over_reason
                            .as_ref()
                            .filter(|_| has_text(&row.over_reason))
                        {
                            self.push(Diagnostic::info(
                                "over-150-excused",
                                Some(why.span),
                                format!("完成率 {pct}% 高于150%，按所述理由不减半：{}", why.value),
                                format!("completion {pct}% is above 150%: full marks kept for the stated reason"),
                            ));
                            return Some(Outcome::computed(full, Some(pct), None));
                        }
                        let half = self.fin(w.checked_div(Decimal::TWO)?, w);
                        self.push(
                            Diagnostic::info(
                                "halved-over-150",
                                Some(row.actual.as_ref().map_or(row.name.span, |s| s.span)),
                                format!(
                                    "完成率 {pct}% 高于150%，按规则减半得分 {}",
                                    self.show(half)
                                ),
                                format!("completion {pct}% is above 150%: half the weight"),
                            )
                            .with_hint("目标设定明显偏低时减半；确有理由的，用 over_reason 说明"),
                        );
                        let formula = format!(
                            "{}/{}={pct}%>150%；{}/2={}",
                            plain(a),
                            plain(t),
                            plain(w),
                            self.fixed(half)
                        );
                        return Some(Outcome {
                            halved: true,
                            ..Outcome::computed(half, Some(pct), Some(formula))
                        });
                    }
                    return Some(Outcome::computed(full, Some(pct), None));
                }
                let used = pct2(pct.max(Decimal::ZERO));
                let score = self.fin(of_weight(w, used)?, w);
                let formula = format!(
                    "{}/{}={pct}%；{used}%*{}={}",
                    plain(a),
                    plain(t),
                    plain(w),
                    self.fixed(score)
                );
                Some(Outcome::computed(score, Some(pct), Some(formula)))
            }
            Direction::Reverse => {
                if t <= Decimal::ZERO {
                    let met = if strict { a < t } else { a <= t };
                    return Some(self.zero_target(row, w, met, t));
                }
                if a <= t {
                    return Some(Outcome::computed(full, None, None));
                }
                let (pct, lhs) = match self.rules.reverse_formula {
                    ReverseFormula::Ratio => (percent(t, a)?, format!("{}/{}", plain(t), plain(a))),
                    ReverseFormula::Linear => {
                        // 1 − (a − t)/t = (2t − a)/t
                        let num = t.checked_mul(Decimal::TWO)?.checked_sub(a)?;
                        (
                            percent(num, t)?,
                            format!("1-({}-{})/{}", plain(a), plain(t), plain(t)),
                        )
                    }
                };
                let used = pct2(pct.max(Decimal::ZERO));
                let score = self.fin(of_weight(w, used)?, w);
                let formula = format!("{lhs}={pct}%；{used}%*{}={}", plain(w), self.fixed(score));
                Some(Outcome::computed(score, Some(used), Some(formula)))
            }
            Direction::Equal => {
                if t.is_zero() {
                    return Some(self.zero_target(row, w, a.is_zero(), t));
                }
                if a == t {
                    return Some(Outcome::computed(full, None, None));
                }
                // 1 − |a − t| / |t|: the share of the target missed either way is deducted.
                let off = a.checked_sub(t)?.abs();
                let num = t.abs().checked_sub(off)?;
                let pct = percent(num, t.abs())?;
                let used = pct2(pct.max(Decimal::ZERO));
                let score = self.fin(of_weight(w, used)?, w);
                let formula = format!(
                    "1-|{}-{}|/{}={pct}%；{used}%*{}={}",
                    plain(a),
                    plain(t),
                    plain(t.abs()),
                    plain(w),
                    self.fixed(score)
                );
                Some(Outcome::computed(score, Some(used), Some(formula)))
            }
        }
    }

    fn zero_target(&mut self, row: &Row, w: Decimal, met: bool, t: Decimal) -> Outcome {
        let score = if met {
            self.fin(w, w)
        } else {
            self.rescaled(Decimal::ZERO)
        };
        self.push(Diagnostic::info(
            "zero-target",
            Some(row.target.as_ref().map_or(row.name.span, |s| s.span)),
            format!(
                "目标值为 {}，比率公式不适用，按{}计 {} 分",
                plain(t),
                if met {
                    "达到目标"
                } else {
                    "未达到目标"
                },
                self.show(score)
            ),
            format!(
                "target {} is zero or negative: scored {}",
                plain(t),
                if met { "met" } else { "not met" }
            ),
        ));
        Outcome::computed(score, None, None)
    }

    fn decrease(&mut self, row: &Row, w: Decimal) -> Outcome {
        let Some(a) = &row.actual else {
            return self.entered(row, w, "缺少实际值", "no actual");
        };
        let met = match target::parse_actual(&a.value) {
            Actual::Figure { quantity, .. } => quantity.value < Decimal::ZERO,
            Actual::Text(s) => target::shows_decrease(&s),
            Actual::Empty => return self.entered(row, w, "缺少实际值", "no actual"),
            Actual::Compound(_) => {
                return self.entered(
                    row,
                    w,
                    "的实际值含多个数值，无法判断是否下降",
                    "the actual has several figures",
                );
            }
        };
        let score = if met {
            self.fin(w, w)
        } else {
            self.rescaled(Decimal::ZERO)
        };
        Outcome::computed(score, None, None)
    }

    // ----- qualitative -----

    fn band(&self, b: Band) -> BandRange {
        match b {
            Band::Achieved => self.rules.bands.achieved,
            Band::Partial => self.rules.bands.partial,
            Band::Failed => self.rules.bands.failed,
        }
    }

    fn qualitative(&mut self, row: &Row, w: Decimal) -> Outcome {
        match (&row.score, &row.result) {
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
                    let dp = self.rules.decimals;
                    let low = of_weight(w, band.low).map(|x| crate::number::round(x, dp));
                    let high = of_weight(w, band.high).map(|x| crate::number::round(x, dp));
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
                        let share = share.map_or_else(|| "?".to_string(), |p| pct2(p).to_string());
                        let close = if r.value == Band::Achieved { "]" } else { ")" };
                        self.push(
                            Diagnostic::warning(
                                "score-outside-band",
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
                    return Outcome::entered(self.fin(of_weight(w, pct).unwrap_or(w), w));
                }
                let score = self.fin(of_weight(w, band.low).unwrap_or_default(), w);
                self.push(
                    Diagnostic::warning(
                        "qualitative-needs-score",
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
                    Reading::Same => Outcome::entered(self.fin(w, w)),
                    Reading::Implied => {
                        let a = row.actual.as_ref().map(|a| (a.span, a.value.as_str()));
                        let (span, text) = a.unwrap_or((row.name.span, ""));
                        self.push(Diagnostic::info(
                            "qualitative-inferred",
                            Some(span),
                            format!("实际值“{text}”表明已达到目标，按“达成”计满分"),
                            "the actual reads as achieved: full marks",
                        ));
                        Outcome::entered(self.fin(w, w))
                    }
                    Reading::Unknown => {
                        let span = row
                            .actual
                            .as_ref()
                            .or(row.target.as_ref())
                            .map_or(row.name.span, |s| s.span);
                        self.push(
                            Diagnostic::warning(
                                "qualitative-needs-score",
                                Some(span),
                                format!("无法从实际值判断“{}”是否达成，且未填写自评分，按 0 分计", row.name.value),
                                "cannot tell whether the qualitative target was reached, and no score is entered: 0",
                            )
                            .with_hint("用 result（达成/部分达成/未达成）和 score 填写定性结果与自评分"),
                        );
                        Outcome {
                            needs_score: true,
                            ..Outcome::entered(self.rescaled(Decimal::ZERO))
                        }
                    }
                }
            }
        }
    }

    // ----- rate -----

    fn rate(&mut self, row: &Row, w: Decimal) -> Outcome {
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

    fn try_rate(&mut self, row: &Row, w: Decimal) -> Option<Outcome> {
        let (pct, lhs, span) = if let Some(r) = &row.rate {
            let pct = pct2(r.value);
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
                    Diagnostic::warning(
                        "adjustment-needs-reason",
                        Some(at),
                        "计入待支付数或扣除年中压减数，但未说明理由",
                        "pending or cut amounts adjust the rate without a stated reason",
                    )
                    .with_hint("用 adjust_reason 写明调整理由（如：市财政局于年中压减了300万元）"),
                );
            }
            let den = budget.value.checked_sub(cut.unwrap_or_default())?;
            if den <= Decimal::ZERO {
                self.push(
                    Diagnostic::error(
                        "bad-budget",
                        Some(row.cut.as_ref().map_or(budget.span, |c| c.span)),
                        format!(
                            "预算数扣除压减数后为 {}，无法计算执行率，按 0 分计",
                            plain(den)
                        ),
                        "budget minus cut is 0 or less: no rate",
                    )
                    .with_hint("检查 budget 与 cut"),
                );
                return Some(Outcome::entered(self.rescaled(Decimal::ZERO)));
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
                Diagnostic::error(
                    "bad-rate",
                    Some(span),
                    format!("执行率 {pct}% 不能为负数，按 0 分计"),
                    "negative rate",
                )
                .with_hint("检查执行率或支出数"),
            );
            return Some(Outcome::computed(
                self.rescaled(Decimal::ZERO),
                Some(pct),
                None,
            ));
        }
        let over = pct > Decimal::ONE_HUNDRED;
        if over {
            self.push(
                Diagnostic::warning(
                    "rate-over-100",
                    Some(span),
                    format!("执行率 {pct}% 超过 100%，得分以分值为限"),
                    format!("rate {pct}% is above 100%: the score is capped at the weight"),
                )
                .with_hint("检查支出数与预算数"),
            );
        }
        let used = pct.min(Decimal::ONE_HUNDRED);
        let score = self.fin(of_weight(w, used)?, w);
        let s = self.fixed(score);
        let formula = match (lhs, over) {
            (Some(lhs), false) => format!("{lhs}*{}={s}", plain(w)),
            (Some(lhs), true) => format!("{lhs}={pct}%>100%；100%*{}={s}", plain(w)),
            (None, false) => format!("{pct}%*{}={s}", plain(w)),
            (None, true) => format!("{pct}%>100%；100%*{}={s}", plain(w)),
        };
        Some(Outcome::computed(score, Some(pct), Some(formula)))
    }

    // ----- aggregate and projects -----

    fn aggregate(&mut self, row: &Row, w: Decimal) -> Outcome {
        if row.items.is_empty() {
            return self.entered(row, w, "未列出子指标", "no items are listed");
        }
        if let Some(c) = &row.stated_count
            && c.value as usize != row.items.len()
        {
            let n = row.items.len();
            self.push(
                Diagnostic::warning(
                    "count-mismatch",
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
            let share = self.fin(share, share);
            self.push(Diagnostic::info(
                "item-weight-assumed",
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
                    Diagnostic::warning(
                        "item-weights-mismatch",
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
        let score = self.fin(sum, w);
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

    fn projects(&mut self, row: &Row, w: Decimal) -> Outcome {
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

    fn try_projects(&mut self, row: &Row, w: Decimal) -> Option<Outcome> {
        let weighted = row.projects.iter().any(|p| p.weight.is_some());
        // (score, out_of, weight) of each usable project.
        let mut parts: Vec<(Decimal, Decimal, Decimal)> = Vec::new();
        for p in &row.projects {
            let out_of = p.out_of.as_ref().map_or(Decimal::ONE_HUNDRED, |o| o.value);
            if out_of <= Decimal::ZERO {
                self.push(
                    Diagnostic::error(
                        "bad-project",
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
                    Diagnostic::error(
                        "score-out-of-range",
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
                        Diagnostic::error(
                            "missing-weight",
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
            return Some(Outcome::computed(self.rescaled(Decimal::ZERO), None, None));
        }
        let mut acc = Decimal::ZERO;
        for (s, o, pw) in &parts {
            acc = acc.checked_add(s.checked_div(*o)?.checked_mul(*pw)?)?;
        }
        let ratio = acc.checked_div(total_w)?;
        let score = self.fin(ratio.checked_mul(w)?, w);
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
        let completion = ratio.checked_mul(Decimal::ONE_HUNDRED).map(pct2);
        Some(Outcome::computed(score, completion, Some(formula)))
    }

    // ----- budget -----

    fn budget_line(&mut self, l: &BudgetLine) -> ScoredBudgetLine {
        let exact = match &l.spent {
            Some(s) if l.budget.value > Decimal::ZERO => s
                .value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(l.budget.value)),
            _ => None,
        };
        let rate = exact.map(pct2);
        if let (Some(st), Some(exact), Some(rate), Some(spent)) =
            (&l.stated_rate, exact, rate, &l.spent)
        {
            let dp = st.value.scale().min(2);
            if number::round(exact, dp) != st.value {
                let label = model::budget_label(&l.key);
                self.push(
                    Diagnostic::warning(
                        "rate-mismatch",
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

/// The rule of a row that names none (format.md): items → aggregate, projects → projects,
/// rate/spent → rate, a target with a figure → quantitative, a target without → qualitative,
/// otherwise judged.
pub fn infer(row: &Row) -> Rule {
    if !row.items.is_empty() {
        return Rule::Aggregate;
    }
    if !row.projects.is_empty() {
        return Rule::Projects;
    }
    if row.rate.is_some() || row.spent.is_some() {
        return Rule::Rate;
    }
    match row.target.as_ref().map(|t| target::parse_target(&t.value)) {
        Some(Target::Bound(_) | Target::Decrease | Target::Compound(_)) => Rule::Quantitative,
        Some(Target::Qualitative(_) | Target::Comparative(_)) => Rule::Qualitative,
        Some(Target::Empty) | None => Rule::Judged,
    }
}

#[cfg(test)]
mod tests {
    //! Every expected figure below was worked out by hand (the arithmetic is in the comments).
    use super::*;
    use crate::load::yaml;
    use crate::model::system;
    use crate::model::{Body, Layout, ReportKind, SignOff};
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    /// A project system with no fixed groups and the given rule switches.
    fn sys(halve: bool, reverse: &str) -> System {
        system::parse(&format!(
            "id: t\nname: 测试\nversion: \"1\"\nkind: project\nrules:\n  halve_over_150: {halve}\n  reverse_formula: {reverse}\n  bands:\n    achieved: {{low: 80, high: 100}}\n    partial: {{low: 60, high: 80}}\n    failed: {{low: 0, high: 60}}\n  decimals: 2\ngroups: []\n"
        ))
        .unwrap()
    }

    fn plain_sys() -> System {
        sys(false, "ratio")
    }

    fn builtin(id: &str) -> System {
        system::builtin().into_iter().find(|s| s.id == id).unwrap()
    }

    fn read(src: &str) -> Report {
        let tree = yaml::parse(src, 0).unwrap();
        let mut diags = Vec::new();
        let r = model::read_report(&tree, "content/t.md", Body::default(), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        r.unwrap()
    }

    const HEAD: &str = "kind: project\nsystem: t\nunit: 单位\nyear: 2023\ntitle: 标题\n";

    /// One row (a YAML flow map or block) under 产出 / 数量指标.
    fn one_src(row: &str) -> String {
        format!(
            "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {row}\n"
        )
    }

    /// Scores one row; returns it with the finding codes (sorted, `weights-not-100` left out).
    fn one(system: &System, row: &str) -> (ScoredRow, Vec<&'static str>, Scored) {
        let s = score(&read(&one_src(row)), system);
        let row = s.groups[0].groups[0].rows[0].clone();
        let mut codes: Vec<&str> = s
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| *c != "weights-not-100")
            .collect();
        codes.sort();
        (row, codes, s)
    }

    struct Case {
        what: &'static str,
        system: System,
        row: &'static str,
        score: &'static str,
        formula: Option<&'static str>,
        codes: &'static [&'static str],
    }

    fn case(
        what: &'static str,
        system: System,
        row: &'static str,
        score: &'static str,
        formula: Option<&'static str>,
        codes: &'static [&'static str],
    ) -> Case {
        Case {
            what,
            system,
            row,
            score,
            formula,
            codes,
        }
    }

    fn run(cases: Vec<Case>) {
        for c in cases {
            let (row, codes, _) = one(&c.system, c.row);
            assert_eq!(row.score.to_string(), c.score, "{}: score", c.what);
            assert_eq!(row.formula.as_deref(), c.formula, "{}: formula", c.what);
            let mut want = c.codes.to_vec();
            want.sort();
            assert_eq!(codes, want, "{}: findings", c.what);
        }
    }

    #[test]
    fn quantitative_forward() {
        let p = plain_sys;
        let gz = || sys(true, "ratio");
        run(vec![
            case(
                "met",
                p(),
                "{name: 场次, weight: 2.22, target: ≥5, actual: '7'}",
                "2.22",
                None,
                &[],
            ),
            case(
                "met exactly",
                p(),
                "{name: 场次, weight: 2.22, target: 2次, actual: 2次}",
                "2.22",
                None,
                &[],
            ),
            case(
                "bound actual",
                p(),
                "{name: 次数, weight: 2.22, target: 100次, actual: '>100次'}",
                "2.22",
                None,
                &[],
            ),
            case(
                "bound actual %",
                p(),
                "{name: 覆盖率, weight: 2.24, target: 90%, actual: ≥90%}",
                "2.24",
                None,
                &[],
            ),
            // 3/4 = 75.00%; 75.00% × 2 = 1.50
            case(
                "not met",
                p(),
                "{name: 场次, weight: 2, target: 不少于4场, actual: 3场, reason: 疫情}",
                "1.50",
                Some("3/4=75.00%；75.00%*2=1.50"),
                &[],
            ),
            case(
                "not met, no reason",
                p(),
                "{name: 场次, weight: 2, target: 不少于4场, actual: 3场}",
                "1.50",
                Some("3/4=75.00%；75.00%*2=1.50"),
                &["deduction-needs-reason"],
            ),
            // 5/6 = 83.333…% → 83.33%; 83.33% × 3.33 = 2.774889 → 2.77 (the exact 2.775 would give 2.78:
            // the printed percentage is the one multiplied)
            case(
                "printed percent is multiplied",
                p(),
                "{name: 家数, weight: 3.33, target: 6家, actual: 5家, reason: 未完成}",
                "2.77",
                Some("5/6=83.33%；83.33%*3.33=2.77"),
                &[],
            ),
            // −0.5/3 = −16.67%, floored at 0
            case(
                "negative actual",
                p(),
                "{name: 增速, weight: 3.33, target: ≥3, actual: '-0.5', reason: 下滑}",
                "0.00",
                Some("-0.5/3=-16.67%；0.00%*3.33=0.00"),
                &[],
            ),
            // 242/50 = 484%: no halving in this system
            case(
                "484% not halved",
                p(),
                "{name: 人数, weight: 2.22, target: ≥50, actual: '242'}",
                "2.22",
                None,
                &[],
            ),
            // 254/100 = 254.00% > 150% → 1/2 = 0.50
            case(
                "over 150% halved",
                gz(),
                "{name: 家数, weight: 1, target: 100家, actual: 254家}",
                "0.50",
                Some("254/100=254.00%>150%；1/2=0.50"),
                &["halved-over-150"],
            ),
            case(
                "exactly 150% kept",
                gz(),
                "{name: 家数, weight: 1, target: 100家, actual: 150家}",
                "1.00",
                None,
                &[],
            ),
            // 15001/10000 = 150.01% > 150%
            case(
                "150.01% halved",
                gz(),
                "{name: 家数, weight: 2, target: ≥10000, actual: '15001'}",
                "1.00",
                Some("15001/10000=150.01%>150%；2/2=1.00"),
                &["halved-over-150"],
            ),
            case(
                "over 150% excused",
                gz(),
                "{name: 增长, weight: 3.33, target: ≥5%, actual: 12.70%, over_reason: 目标由上级下达}",
                "3.33",
                None,
                &["over-150-excused"],
            ),
            case(
                "halved, stated full",
                gz(),
                "{name: 家数, weight: 1, target: 100家, actual: 254家, score: 1}",
                "0.50",
                Some("254/100=254.00%>150%；1/2=0.50"),
                &["halved-over-150", "score-mismatch"],
            ),
            case(
                "unit mismatch warns, still scores",
                p(),
                "{name: 场数, weight: 2.22, target: 不少于5场(次), actual: 5批次, score: 2.22}",
                "2.22",
                None,
                &["unit-mismatch"],
            ),
            case(
                "unit alternative",
                p(),
                "{name: 场数, weight: 2.22, target: 不少于5场(次), actual: 6次}",
                "2.22",
                None,
                &[],
            ),
            // 1.2亿元 = 12000万元 ≥ 10000万元
            case(
                "money converted",
                p(),
                "{name: 投资, weight: 2, target: ≥10000万元, actual: 1.2亿元}",
                "2.00",
                None,
                &["unit-converted"],
            ),
            case(
                "compound actual needs a score",
                p(),
                "{name: 展位, weight: 2, target: 每届不少于150家, actual: 133届170家，134届160家, score: 2}",
                "2.00",
                None,
                &["score-entered"],
            ),
            case(
                "text actual without score",
                p(),
                "{name: 展位, weight: 2, target: 每届不少于150家, actual: 已完成}",
                "0.00",
                None,
                &["missing-score"],
            ),
        ]);
    }

    #[test]
    fn quantitative_reverse_and_equality() {
        let ratio = || sys(false, "ratio");
        let linear = || sys(false, "linear");
        run(vec![
            case(
                "under the cap",
                ratio(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 80万元}",
                "5.00",
                None,
                &[],
            ),
            case(
                "at the cap",
                linear(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 90万元}",
                "5.00",
                None,
                &[],
            ),
            // 90/100 = 90.00%; × 5 = 4.50
            case(
                "ratio over",
                ratio(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 100万元, reason: 超支}",
                "4.50",
                Some("90/100=90.00%；90.00%*5=4.50"),
                &[],
            ),
            // 1 − 10/90 = 88.888…% → 88.89%; × 5 = 4.4445 → 4.44
            case(
                "linear over",
                linear(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 100万元, reason: 超支}",
                "4.44",
                Some("1-(100-90)/90=88.89%；88.89%*5=4.44"),
                &[],
            ),
            case(
                "linear at twice the target",
                linear(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 180万元, reason: 超支}",
                "0.00",
                Some("1-(180-90)/90=0.00%；0.00%*5=0.00"),
                &[],
            ),
            // 1 − 110/90 = −22.22%, floored
            case(
                "linear beyond twice",
                linear(),
                "{name: 成本, weight: 5, target: ≤90万元, actual: 200万元, reason: 超支}",
                "0.00",
                Some("1-(200-90)/90=-22.22%；0.00%*5=0.00"),
                &[],
            ),
            // 3/4 = 75%; × 2 = 1.50
            case(
                "time limit",
                ratio(),
                "{name: 办结时间, weight: 2, target: 3个工作日内, actual: 4个工作日, reason: 延误}",
                "1.50",
                Some("3/4=75.00%；75.00%*2=1.50"),
                &[],
            ),
            case(
                "plain figure on a cost row is a cap",
                ratio(),
                "{name: 单位成本, weight: 5, target: 90万元, actual: 100万元, reason: 超支}",
                "4.50",
                Some("90/100=90.00%；90.00%*5=4.50"),
                &[],
            ),
            case(
                "equal",
                ratio(),
                "{name: 数量, weight: 2, target: =8个, actual: 8个}",
                "2.00",
                None,
                &[],
            ),
            // 1 − |6 − 8|/8 = 75%; × 2 = 1.50, and the same 2 above
            case(
                "equal, under",
                ratio(),
                "{name: 数量, weight: 2, target: =8个, actual: 6个, reason: 少}",
                "1.50",
                Some("1-|6-8|/8=75.00%；75.00%*2=1.50"),
                &[],
            ),
            case(
                "equal, over",
                ratio(),
                "{name: 数量, weight: 2, target: =8个, actual: 10个, reason: 多}",
                "1.50",
                Some("1-|10-8|/8=75.00%；75.00%*2=1.50"),
                &[],
            ),
            // 1 − 9/8 = −12.5%, floored
            case(
                "equal, far off",
                ratio(),
                "{name: 数量, weight: 2, target: =8个, actual: 17个, reason: 多}",
                "0.00",
                Some("1-|17-8|/8=-12.50%；0.00%*2=0.00"),
                &[],
            ),
        ]);
    }

    #[test]
    fn zero_negative_and_direction_targets() {
        let p = plain_sys;
        run(vec![
            case(
                "<0% met",
                p(),
                "{name: 增速, weight: 3, target: <0%, actual: '-0.5'}",
                "3.00",
                None,
                &["zero-target"],
            ),
            case(
                "<0% not met",
                p(),
                "{name: 增速, weight: 3, target: <0%, actual: 1.2%, reason: 上升}",
                "0.00",
                None,
                &["zero-target"],
            ),
            case(
                "<0% at 0 is not met",
                p(),
                "{name: 增速, weight: 3, target: <0%, actual: 0%, reason: 持平}",
                "0.00",
                None,
                &["zero-target"],
            ),
            case(
                "≥0 met",
                p(),
                "{name: 增速, weight: 3, target: ≥0, actual: '5'}",
                "3.00",
                None,
                &["zero-target"],
            ),
            case(
                "≥-5% met",
                p(),
                "{name: 增速, weight: 3, target: ≥-5%, actual: '-3%'}",
                "3.00",
                None,
                &["zero-target"],
            ),
            case(
                "≥-5% not met",
                p(),
                "{name: 增速, weight: 3, target: ≥-5%, actual: '-7%', reason: 下滑}",
                "0.00",
                None,
                &["zero-target"],
            ),
            case(
                "0起 met",
                p(),
                "{name: 安全事故, weight: 2, target: 0起, actual: 0起}",
                "2.00",
                None,
                &["zero-target"],
            ),
            case(
                "0起 not met",
                p(),
                "{name: 安全事故, weight: 2, target: 0起, actual: 2起, reason: 事故}",
                "0.00",
                None,
                &["zero-target"],
            ),
            case(
                "decrease met",
                p(),
                "{name: 能耗, weight: 2, target: 较去年同期下降, actual: '-0.5'}",
                "2.00",
                None,
                &[],
            ),
            case(
                "decrease in words",
                p(),
                "{name: 能耗, weight: 2, target: 较去年同期下降, actual: 有所下降}",
                "2.00",
                None,
                &[],
            ),
            case(
                "decrease not met",
                p(),
                "{name: 能耗, weight: 2, target: 较去年同期下降, actual: 3%, reason: 上升}",
                "0.00",
                None,
                &[],
            ),
            // 下降5% is a change of at most −5%; 下降6% is −6
            case(
                "decrease by 5%",
                p(),
                "{name: 能耗, weight: 2, target: 较上年下降5%, actual: 同比下降6%}",
                "2.00",
                None,
                &["zero-target"],
            ),
        ]);
    }

    #[test]
    fn qualitative_bands() {
        let p = plain_sys;
        // weight 5: 达成 [4, 5], 部分达成 [3, 4), 未达成 [0, 3)
        run(vec![
            case(
                "partial in band",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 3.5, reason: 一般}",
                "3.50",
                None,
                &[],
            ),
            case(
                "partial at its low end",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 3, reason: 一般}",
                "3.00",
                None,
                &[],
            ),
            case(
                "partial above its band",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 4.5, reason: 一般}",
                "4.50",
                None,
                &["score-outside-band"],
            ),
            case(
                "partial at 80% is achieved's",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成, score: 4, reason: 一般}",
                "4.00",
                None,
                &["score-outside-band"],
            ),
            case(
                "failed at 60% is partial's",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 未达成, score: 3, reason: 差}",
                "3.00",
                None,
                &["score-outside-band"],
            ),
            // weight 0.87: 部分达成 starts at 0.6 × 0.87 = 0.522, printed 0.52 (seed 004's ⑤)
            case(
                "partial at its rounded low end",
                p(),
                "{name: 团队数量, weight: 0.87, rule: qualitative, result: 部分达成, score: 0.52, reason: 政策未出台}",
                "0.52",
                None,
                &[],
            ),
            case(
                "partial below its rounded low end",
                p(),
                "{name: 团队数量, weight: 0.87, rule: qualitative, result: 部分达成, score: 0.51, reason: 政策未出台}",
                "0.51",
                None,
                &["score-outside-band"],
            ),
            case(
                "achieved at 80%",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 4, reason: 略差}",
                "4.00",
                None,
                &[],
            ),
            case(
                "achieved at 100%",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 5}",
                "5.00",
                None,
                &[],
            ),
            case(
                "achieved below 80%",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 达成, score: 3.9, reason: 略差}",
                "3.90",
                None,
                &["score-outside-band"],
            ),
            case(
                "achieved, no score",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 达成}",
                "5.00",
                None,
                &[],
            ),
            case(
                "partial, no score: low end",
                p(),
                "{name: 满意度, weight: 5, rule: qualitative, result: 部分达成}",
                "3.00",
                None,
                &["qualitative-needs-score"],
            ),
            case(
                "same text",
                p(),
                "{name: 资金使用合规性, weight: 2.24, target: 合规, actual: 合规}",
                "2.24",
                None,
                &[],
            ),
            case(
                "safe",
                p(),
                "{name: 办公环境, weight: 3.33, target: 安全, actual: 安全}",
                "3.33",
                None,
                &[],
            ),
            case(
                "有所提高 / 有提高",
                p(),
                "{name: 认知, weight: 3.33, target: 有所提高, actual: 有提高}",
                "3.33",
                None,
                &["qualitative-inferred"],
            ),
            case(
                "cannot tell",
                p(),
                "{name: 认知, weight: 3.33, target: 有所提高, actual: 未提高}",
                "0.00",
                None,
                &["qualitative-needs-score"],
            ),
            case(
                "score entered without result",
                p(),
                "{name: 认知, weight: 3.33, target: 有所提高, actual: 略有变化, score: 2.5, reason: 一般}",
                "2.50",
                None,
                &[],
            ),
            // 未达成 band [0, 60%): 1 of 3.33 is 30%
            case(
                "compound target",
                p(),
                "{name: 人才, weight: 3.33, target: 领军团队10个、领军人才30人, actual: 6个团队, result: 未达成, score: 1, reason: 政策未出台}",
                "1.00",
                None,
                &["compound-target"],
            ),
            case(
                "comparative, explicit qualitative",
                p(),
                "{name: 增速, weight: 3.33, rule: qualitative, target: 高于当年全市规上工业增加值增速, actual: '-0.5', result: 未达成, score: 0, reason: 下滑}",
                "0.00",
                None,
                &[],
            ),
            case(
                "comparative under a quantitative rule",
                p(),
                "{name: 增速, weight: 3.33, rule: quantitative, target: 高于当年全市规上工业增加值增速, actual: '7.7', score: 3.33}",
                "3.33",
                None,
                &["comparative-target"],
            ),
        ]);
    }

    #[test]
    fn rates() {
        let p = plain_sys;
        run(vec![
            // 92.31% × 5 = 4.6155 → 4.62 (seed 000)
            case(
                "given rate",
                p(),
                "{name: 专项资金支出率, weight: 5, rate: 92.31%}",
                "4.62",
                Some("92.31%*5=4.62"),
                &[],
            ),
            // 425,020.15 / 447,790.64 = 94.9149…% → 94.91%; × 5 = 4.7455 → 4.75 (seed 003)
            case(
                "computed rate",
                p(),
                "{name: 专项资金支出率, weight: 5, spent: '425,020.15', budget: '447,790.64', score: 4.75}",
                "4.75",
                Some("94.91%*5=4.75"),
                &[],
            ),
            // (1033.48 + 100.63) / (1435 − 300) = 1134.11 / 1135 = 99.9216% → 99.92%; × 12 = 11.9904 → 11.99
            case(
                "adjusted execution",
                p(),
                "{name: 资金支出率, weight: 12, spent: 1033.48, pending: 100.63, budget: 1435, cut: 300, adjust_reason: 年中压减300万元, score: 11.99}",
                "11.99",
                Some("(1033.48+100.63)/(1435-300)*12=11.99"),
                &[],
            ),
            case(
                "adjustment without reason",
                p(),
                "{name: 资金支出率, weight: 12, spent: 1033.48, pending: 100.63, budget: 1435, cut: 300}",
                "11.99",
                Some("(1033.48+100.63)/(1435-300)*12=11.99"),
                &["adjustment-needs-reason"],
            ),
            // 900 / (1000 − 100) = 100%
            case(
                "cut only",
                p(),
                "{name: 资金支出率, weight: 12, spent: 900, budget: 1000, cut: 100, adjust_reason: 压减}",
                "12.00",
                Some("900/(1000-100)*12=12.00"),
                &[],
            ),
            case(
                "budget cut to nothing",
                p(),
                "{name: 资金支出率, weight: 12, spent: 900, budget: 300, cut: 300, adjust_reason: 压减}",
                "0.00",
                None,
                &["bad-budget"],
            ),
            case(
                "over 100%",
                p(),
                "{name: 支出率, weight: 5, rate: 105%}",
                "5.00",
                Some("105.00%>100%；100%*5=5.00"),
                &["rate-over-100"],
            ),
            // 12.5% × 1 = 0.125 → 0.13 (half away from zero, not to even)
            case(
                "tie rounds up",
                p(),
                "{name: 支出率, weight: 1, rate: 12.5%}",
                "0.13",
                Some("12.50%*1=0.13"),
                &[],
            ),
            case(
                "no inputs, score entered",
                p(),
                "{name: 部门预算资金支出率, weight: 5, rule: rate, score: 4.81}",
                "4.81",
                None,
                &["score-entered"],
            ),
            case(
                "no inputs, no score",
                p(),
                "{name: 部门预算资金支出率, weight: 5, rule: rate}",
                "0.00",
                None,
                &["missing-score"],
            ),
            case(
                "stated differs",
                p(),
                "{name: 专项资金支出率, weight: 5, rate: 92.31%, score: 4.6}",
                "4.62",
                Some("92.31%*5=4.62"),
                &["score-mismatch"],
            ),
        ]);
    }

    #[test]
    fn judged() {
        let p = plain_sys;
        run(vec![
            case(
                "deduction with reason",
                p(),
                "{name: 资产管理合规性, weight: 2, score: 1.5, reason: 存在闲置资产}",
                "1.50",
                None,
                &[],
            ),
            case(
                "deduction without reason",
                p(),
                "{name: 资产管理合规性, weight: 2, score: 1.5}",
                "1.50",
                None,
                &["deduction-needs-reason"],
            ),
            case(
                "placeholder reason",
                p(),
                "{name: 资产管理合规性, weight: 2, score: 1.5, reason: /}",
                "1.50",
                None,
                &["deduction-needs-reason"],
            ),
            case(
                "no score: full",
                p(),
                "{name: 监管有效性, weight: 8}",
                "8.00",
                None,
                &[],
            ),
            case(
                "above the weight",
                p(),
                "{name: 监管有效性, weight: 2, score: 3}",
                "2.00",
                None,
                &["score-out-of-range"],
            ),
            case(
                "negative",
                p(),
                "{name: 监管有效性, weight: 2, score: -1, reason: 严重}",
                "0.00",
                None,
                &["score-out-of-range"],
            ),
        ]);
    }

    #[test]
    fn aggregates_and_projects() {
        let p = plain_sys;
        let gz = || sys(true, "ratio");
        // items 4 + 1.50 + 3 (2个 of 1个 → 50%; 50% × 3 = 1.50)
        const ITEMS: &str = "{name: 产出指标完成情况, weight: 10, ITEMS}";
        let items = |extra: &str, w: [&str; 3]| -> String {
            ITEMS.replace(
                "ITEMS",
                &format!(
                    "{extra}items: [{{name: 场次, weight: {}, target: ≥5, actual: '7'}}, {{name: 政策, weight: {}, target: 2个, actual: 1个, reason: 未出台}}, {{name: 合规, weight: {}, target: 合规, actual: 合规}}]",
                    w[0], w[1], w[2]
                ),
            )
        };
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        run(vec![
            case(
                "sum of items",
                p(),
                leak(items("", ["4", "3", "3"])),
                "8.50",
                Some("4.00+1.50+3.00=8.50"),
                &[],
            ),
            case(
                "count mismatch",
                p(),
                leak(items("stated_count: 19, ", ["4", "3", "3"])),
                "8.50",
                Some("4.00+1.50+3.00=8.50"),
                &["count-mismatch"],
            ),
            case(
                "item weights mismatch",
                p(),
                leak(items("", ["4", "3", "2"])),
                "7.50",
                Some("4.00+1.50+2.00=7.50"),
                &["item-weights-mismatch"],
            ),
            case(
                "stated aggregate differs",
                p(),
                leak(items("score: 9, ", ["4", "3", "3"])),
                "8.50",
                Some("4.00+1.50+3.00=8.50"),
                &["score-mismatch"],
            ),
            case(
                "no items, score entered",
                p(),
                "{name: 产出指标完成情况, weight: 20, rule: aggregate, score: 18.79}",
                "18.79",
                None,
                &["score-entered"],
            ),
            // 10 shared by 4 items: 2.50 each; 1/2 of the third → 1.25
            case(
                "items without weights",
                p(),
                "{name: 产出, weight: 10, items: [{name: a, target: ≥1, actual: '1'}, {name: b, target: ≥1, actual: '1'}, {name: c, target: ≥2, actual: '1', reason: 少}, {name: d, target: 合规, actual: 合规}]}",
                "8.75",
                Some("2.50+2.50+1.25+2.50=8.75"),
                &["item-weight-assumed"],
            ),
            // halving applies per item: 254/100 on a 2-point item → 1.00
            case(
                "halving per item",
                gz(),
                "{name: 产出, weight: 4, items: [{name: a, weight: 2, target: 100家, actual: 254家}, {name: b, weight: 2, target: 合规, actual: 合规}]}",
                "3.00",
                Some("1.00+2.00=3.00"),
                &["halved-over-150"],
            ),
            // 99/100 × 20 = 19.8 (seed 000)
            case(
                "one project",
                p(),
                "{name: 专项资金绩效完成情况, weight: 20, projects: [{name: 专项A, score: 99}]}",
                "19.80",
                Some("99/100*20=19.80"),
                &[],
            ),
            // (0.99 + 0.95)/2 = 0.97; × 20 = 19.40
            case(
                "equal projects",
                p(),
                "{name: 专项, weight: 20, projects: [{name: A, score: 99}, {name: B, score: 95}]}",
                "19.40",
                Some("(99/100+95/100)/2*20=19.40"),
                &[],
            ),
            // (0.99×3 + 0.90×1)/4 = 3.87/4 = 0.9675; × 20 = 19.35
            case(
                "weighted projects",
                p(),
                "{name: 专项, weight: 20, projects: [{name: A, score: 99, weight: 3}, {name: B, score: 90, weight: 1}]}",
                "19.35",
                Some("(99/100*3+90/100*1)/(3+1)*20=19.35"),
                &[],
            ),
            // 9/10 × 20 = 18
            case(
                "out of 10",
                p(),
                "{name: 专项, weight: 20, projects: [{name: A, score: 9, out_of: 10}]}",
                "18.00",
                Some("9/10*20=18.00"),
                &[],
            ),
            case(
                "project above its maximum",
                p(),
                "{name: 专项, weight: 20, projects: [{name: A, score: 120}]}",
                "20.00",
                Some("100/100*20=20.00"),
                &["score-out-of-range"],
            ),
        ]);
    }

    #[test]
    fn aggregate_count_message_gives_both_numbers() {
        let (_, _, s) = one(
            &plain_sys(),
            "{name: 产出, weight: 2, stated_count: 19, items: [{name: a, weight: 1, target: ≥1, actual: '1'}, {name: b, weight: 1, target: ≥1, actual: '1'}]}",
        );
        let f = s
            .findings
            .iter()
            .find(|f| f.code == "count-mismatch")
            .unwrap();
        assert_eq!(f.zh, "报告称设置了 19 个指标，实际列出 2 个");
        assert_eq!(f.en, "states 19 indicators, lists 2");
        assert_eq!(f.severity, Severity::Warning);
    }

    #[test]
    fn score_mismatch_points_at_the_stated_value() {
        // 93.5% × 10 = 9.35
        let src = one_src("{name: 支出率, weight: 10, rate: 93.5%, score: 9.4}");
        let s = score(&read(&src), &plain_sys());
        let f = s
            .findings
            .iter()
            .find(|f| f.code == "score-mismatch")
            .unwrap();
        assert_eq!(f.zh, "自评分 9.40 与按规则计算的 9.35 不符");
        assert_eq!(f.en, "stated 9.40, computed 9.35");
        assert_eq!(f.severity, Severity::Warning);
        let at = src.find("9.4}").unwrap();
        assert_eq!(f.span, Some(Span::new(at, at + 3)));
        assert!(
            f.hint.as_deref().unwrap().contains("93.50%*10=9.35"),
            "{:?}",
            f.hint
        );
    }

    #[test]
    fn scores_print_with_the_system_decimals() {
        let (row, _, s) = one(&plain_sys(), "{name: 支出率, weight: 5, rate: 92%}");
        // 92% × 5 = 4.6 → "4.60"
        assert_eq!(row.score.to_string(), "4.60");
        assert_eq!(row.deduction.to_string(), "0.40");
        assert_eq!(
            row.completion.map(|c| c.to_string()).as_deref(),
            Some("92.00")
        );
        assert_eq!(s.total.to_string(), "4.60");
        assert_eq!(serde_json::to_value(&row).unwrap()["score"], "4.60");
    }

    const GROUPS: &str = "indicators:
  - name: 决策
    weight: 20
    groups:
      - name: 资金管理
        weight: 12
        rows:
          - {name: 资金支出率, weight: 12, rate: 92.31%}
      - name: 事项管理
        weight: 8
        score: 7.5
  - name: 产出
    weight: 80
    groups:
      - name: 数量指标
        weight: 80
        rows:
          - {name: 场次, weight: 40, target: ≥5, actual: '7'}
          - {name: 人数, weight: 40, target: ≥50, actual: '40', reason: 疫情}
";

    #[test]
    fn groups_sum_their_rows() {
        // 92.31% × 12 = 11.0772 → 11.08; 事项管理 stated 7.5; 40/50 = 80% × 40 = 32
        // 决策 = 11.08 + 7.50 = 18.58; 产出 = 40 + 32 = 72; total 90.58
        let s = score(
            &read(&format!("{HEAD}stated_total: 90.58\n{GROUPS}")),
            &plain_sys(),
        );
        assert_eq!(s.groups[0].groups[0].score.to_string(), "11.08");
        assert_eq!(s.groups[0].groups[1].score.to_string(), "7.50");
        assert_eq!(s.groups[0].score.to_string(), "18.58");
        assert_eq!(s.groups[0].deduction.to_string(), "1.42");
        assert_eq!(s.groups[1].score.to_string(), "72.00");
        assert_eq!(s.total.to_string(), "90.58");
        assert_eq!(s.weight_total, Decimal::from(100));
        assert_eq!(s.grade, Grade::Excellent);
        let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["group-score-stated"]);
    }

    #[test]
    fn group_findings() {
        let src = format!(
            "{HEAD}stated_total: 91\n{}",
            GROUPS
                .replace(
                    "      - name: 数量指标\n        weight: 80",
                    "      - name: 数量指标\n        weight: 79\n        score: 70"
                )
                .replace("    weight: 80\n    groups", "    weight: 81\n    groups")
        );
        let s = score(&read(&src), &plain_sys());
        let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        // total 91 vs 90.58; 一级 20 + 81 = 101; 产出 81 vs 数量指标 79; 数量指标 79 vs rows 80;
        // 数量指标 stated 70 vs 72 — in the order of the file
        assert_eq!(
            codes,
            [
                "total-mismatch",
                "weights-not-100",
                "group-score-stated",
                "group-weight-mismatch",
                "group-weight-mismatch",
                "score-mismatch"
            ],
            "{:#?}",
            s.findings
        );
        let f = &s.findings[0];
        assert_eq!(f.en, "stated total 91.00, computed 90.58");
        // Sorted by place in the file.
        let starts: Vec<usize> = s.findings.iter().map(|f| f.span.unwrap().start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    }

    #[test]
    fn group_weight_defaults() {
        // No weights on the groups: each is the sum of its rows.
        let src = format!(
            "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 60, target: ≥5, actual: '7'}}\n      - name: 质量指标\n        rows:\n          - {{name: b, weight: 40, target: 合规, actual: 合规}}\n"
        );
        let s = score(&read(&src), &plain_sys());
        assert_eq!(s.groups[0].weight, Decimal::from(100));
        assert_eq!(s.total.to_string(), "100.00");
        assert!(s.findings.is_empty(), "{:?}", s.findings);
    }

    #[test]
    fn department_system_fixes_rows_and_weights() {
        let src = "kind: department\nsystem: gz-department-city\nunit: 单位\nyear: 2023\ntitle: 标题\nindicators:
  - name: 管理效率
    groups:
      - name: 预算编制
        rows:
          - {name: 新增预算项目事前绩效评估}
      - name: 预算执行
        rows:
          - {name: 结转结余率, weight: 3, score: 1.5, reason: 结转偏高}
          - {name: 财务管理合规性}
          - {name: 不存在的指标, weight: 1}
      - name: 奇怪分组
        weight: 1
        score: 1
      - name: 运行成本
        rows:
          - {name: 公用经费控制率}
          - {name: 三公经费控制情况}
";
        let s = score(&read(src), &builtin("gz-department-city"));
        let g = &s.groups[0];
        assert_eq!(g.groups[0].weight, Decimal::from(3));
        assert_eq!(g.groups[0].rows[0].weight, Decimal::from(3));
        assert_eq!(g.groups[0].rows[0].rule, Rule::Judged);
        assert_eq!(g.groups[0].rows[0].score.to_string(), "3.00");
        assert_eq!(
            g.groups[0].rows[0].explanation.as_deref(),
            Some("反映部门对申请新增预算的入库项目开展事前绩效评估工作的落实情况。")
        );
        // “三公” matches without its quotation marks.
        assert_eq!(g.groups[3].rows[1].weight, Decimal::from(2));
        let mut codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        codes.sort();
        // 履职效能 missing; 管理效率 lacks 信息公开, 绩效管理, 采购管理, 资产管理; 预算执行 3+2+1 = 6 ≠ 4;
        // 管理效率 is 50 but its parts add to 3+4+1+4 = 12; weights add to 50 ≠ 100.
        assert_eq!(
            codes,
            [
                "group-score-stated",
                "group-weight-mismatch",
                "group-weight-mismatch",
                "missing-from-report",
                "missing-from-report",
                "missing-from-report",
                "missing-from-report",
                "missing-from-report",
                "unknown-group",
                "unknown-row",
                "weight-differs-from-system",
                "weights-not-100",
            ],
            "{:#?}",
            s.findings
        );
    }

    #[test]
    fn project_system_checks_second_level_names() {
        let src = format!(
            "{HEAD}indicators:\n  - name: 产出\n    groups:\n      - name: 奇怪指标\n        rows:\n          - {{name: a, weight: 40, target: ≥5, actual: '7'}}\n"
        );
        let s = score(&read(&src), &builtin("gd-project"));
        let mut codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        codes.sort();
        // 决策 and 效益 missing; 40 ≠ 100.
        assert_eq!(
            codes,
            [
                "missing-from-report",
                "missing-from-report",
                "unknown-group",
                "weights-not-100"
            ]
        );
    }

    #[test]
    fn missing_and_negative_weights() {
        let (row, codes, _) = one(&plain_sys(), "{name: a, target: ≥5, actual: '7'}");
        assert_eq!(row.weight, Decimal::ZERO);
        assert_eq!(codes, ["missing-weight"]);
        let (row, codes, _) = one(
            &plain_sys(),
            "{name: a, weight: -2, target: ≥5, actual: '7'}",
        );
        assert_eq!(
            (row.weight, row.score.to_string()),
            (Decimal::ZERO, "0.00".to_string())
        );
        assert_eq!(codes, ["bad-weight"]);
    }

    #[test]
    fn budget_rates() {
        let src = |rate: &str| {
            format!(
                "{HEAD}budget:\n  total: {{budget: '79,776.38', spent: '76,740.31', rate: {rate}}}\n  basic: 3247.7\nindicators:\n  - name: 产出\n    groups:\n      - name: 数量指标\n        rows:\n          - {{name: a, weight: 100}}\n"
            )
        };
        // 76,740.31 / 79,776.38 = 96.194…% → 96.19% (seed 004 states 92.13%)
        let s = score(&read(&src("92.13%")), &plain_sys());
        assert_eq!(
            s.budget[0].rate.map(|r| r.to_string()).as_deref(),
            Some("96.19")
        );
        assert_eq!(s.budget[0].label, "总预算");
        assert_eq!(s.budget[1].rate, None);
        let codes: Vec<&str> = s.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["rate-mismatch"]);
        assert_eq!(s.findings[0].en, "stated 92.13%, computed 96.19%");
        assert!(
            s.findings[0].zh.contains("76,740.31/79,776.38=96.19%"),
            "{}",
            s.findings[0].zh
        );
        for ok in ["96.19%", "96.2%", "96.19"] {
            assert!(
                score(&read(&src(ok)), &plain_sys()).findings.is_empty(),
                "{ok}"
            );
        }
    }

    #[test]
    fn grades_at_the_boundaries() {
        for (total, grade) in [
            ("100", Grade::Excellent),
            ("90.00", Grade::Excellent),
            ("89.99", Grade::Good),
            ("80", Grade::Good),
            ("79.99", Grade::Fair),
            ("60", Grade::Fair),
            ("59.99", Grade::Poor),
            ("0", Grade::Poor),
        ] {
            assert_eq!(Grade::of(d(total)), grade, "{total}");
        }
        // Through the engine: judged rows 89.99 of 100.
        let src = format!(
            "{HEAD}indicators:\n  - name: 管理\n    groups:\n      - name: 管理\n        rows:\n          - {{name: a, weight: 90, score: 79.99, reason: 扣分}}\n          - {{name: b, weight: 10}}\n"
        );
        let s = score(&read(&src), &plain_sys());
        assert_eq!(
            (s.total.to_string(), s.grade),
            ("89.99".to_string(), Grade::Good)
        );
    }

    #[test]
    fn overflow_is_a_finding() {
        // 7 × 100 / 1e-27 does not fit in a Decimal.
        let (row, codes, _) = one(
            &plain_sys(),
            "{name: a, weight: 2, target: ≥0.000000000000000000000000001, actual: '7'}",
        );
        assert_eq!(row.score.to_string(), "0.00");
        assert_eq!(codes, ["overflow"]);
    }

    /// Every code the engine emits is listed in `FINDING_CODES` with the severity it is emitted with.
    #[test]
    fn finding_codes_are_listed() {
        let src = include_str!("mod.rs");
        let engine = &src[..src.find("#[cfg(test)]").unwrap()];
        let mut seen = 0;
        for (sev, marker) in [
            (Severity::Error, "Diagnostic::error("),
            (Severity::Warning, "Diagnostic::warning("),
            (Severity::Info, "Diagnostic::info("),
        ] {
            for (at, _) in engine.match_indices(marker) {
                let rest = engine[at + marker.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let code = &rest[..rest.find('"').unwrap()];
                let listed = FINDING_CODES.iter().find(|(c, _, _)| *c == code);
                assert_eq!(listed.map(|l| l.1), Some(sev), "{code}");
                seen += 1;
            }
        }
        assert!(seen >= FINDING_CODES.len());
        for (code, _, _) in FINDING_CODES {
            assert!(
                engine.contains(&format!("\"{code}\"")),
                "{code} is listed but never emitted"
            );
        }
    }

    #[test]
    fn inference() {
        let cases = [
            (
                "{name: a, weight: 1, target: ≥5, actual: '7'}",
                Rule::Quantitative,
            ),
            (
                "{name: a, weight: 1, target: 较去年同期下降, actual: '-1'}",
                Rule::Quantitative,
            ),
            (
                "{name: a, weight: 1, target: 合规, actual: 合规}",
                Rule::Qualitative,
            ),
            (
                "{name: a, weight: 1, target: 高于全市增速, actual: 合规, score: 1}",
                Rule::Qualitative,
            ),
            ("{name: a, weight: 1, rate: 90%}", Rule::Rate),
            ("{name: a, weight: 1, spent: 9, budget: 10}", Rule::Rate),
            ("{name: a, weight: 1, score: 1}", Rule::Judged),
            (
                "{name: a, weight: 1, projects: [{name: p, score: 90}]}",
                Rule::Projects,
            ),
            (
                "{name: a, weight: 1, items: [{name: i, weight: 1}]}",
                Rule::Aggregate,
            ),
        ];
        for (row, rule) in cases {
            assert_eq!(one(&plain_sys(), row).0.rule, rule, "{row}");
        }
    }

    // ----- properties -----

    fn raw_row(weight: Decimal, target: String, actual: String, score: Option<Decimal>) -> Row {
        let sp = |s: String| Some(Sp::new(s, Span::default()));
        Row {
            name: Sp::new("指标".to_string(), Span::default()),
            weight: Some(Sp::new(weight, Span::default())),
            rule: None,
            explanation: None,
            criteria: None,
            target: sp(target),
            actual: sp(actual),
            score: score.map(|s| Sp::new(s, Span::default())),
            result: None,
            over_reason: None,
            rate: None,
            spent: None,
            budget: None,
            pending: None,
            cut: None,
            adjust_reason: None,
            items: Vec::new(),
            stated_count: None,
            projects: Vec::new(),
            reason: None,
            improvement: None,
            evidence: None,
            note: None,
            reconstructed: None,
            span: Span::default(),
        }
    }

    fn raw_report(row: Row) -> Report {
        let sp = |s: &str| Sp::new(s.to_string(), Span::default());
        let group = |name: &str, groups, rows| Group {
            name: sp(name),
            weight: None,
            score: None,
            reason: None,
            improvement: None,
            note: None,
            reconstructed: None,
            groups,
            rows,
            span: Span::default(),
        };
        Report {
            source: "t.md".into(),
            kind: ReportKind::Project,
            layout: Layout::Table,
            system: sp("t"),
            unit: sp("单位"),
            year: Sp::new(2023, Span::default()),
            title: sp("标题"),
            sub_units: None,
            project: None,
            signoff: SignOff::default(),
            budget: Vec::new(),
            goals: Vec::new(),
            completion: None,
            shortfall: None,
            stated_total: None,
            groups: vec![group(
                "产出",
                vec![group("数量指标", Vec::new(), vec![row])],
                Vec::new(),
            )],
            body: Body::default(),
        }
    }

    fn decimal(max: i64) -> impl Strategy<Value = Decimal> {
        (-max * 100..=max * 100).prop_map(|n| Decimal::new(n, 2))
    }

    fn text_of(d: Decimal) -> String {
        d.normalize().to_string()
    }

    fn figure_text() -> impl Strategy<Value = String> {
        let templates = prop::sample::select(vec![
            "≥{}",
            "{}",
            "不少于{}场(次)",
            "{}件以上",
            "≤{}万元",
            "{}个工作日内",
            "={}个",
            "<{}%",
            ">{}",
            "较上年下降{}%",
            "{}%",
            "-{}",
            "每届不少于{}家",
        ]);
        (templates, decimal(100_000)).prop_map(|(t, v)| t.replace("{}", &text_of(v)))
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            figure_text(),
            Just("合规".to_string()),
            Just("较去年同期下降".to_string()),
            Just("领军团队10个、领军人才30人".to_string()),
            "\\PC{0,20}",
        ]
    }

    /// Any decimal, from tiny to `Decimal::MAX`, either sign.
    fn wild() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (any::<i64>(), 0u32..=28).prop_map(|(m, sc)| Decimal::new(m, sc)),
            Just(Decimal::MAX),
            Just(Decimal::MIN),
            Just(Decimal::ZERO),
            Just(Decimal::new(1, 28)),
        ]
    }

    fn sp<T>(v: T) -> Sp<T> {
        Sp::new(v, Span::default())
    }

    proptest! {
        #[test]
        fn every_score_is_within_its_weight(
            weight in decimal(1_000).prop_map(|w| w.abs()),
            target in any_text(),
            actual in any_text(),
            entered in prop::option::of(decimal(2_000)),
            halve in any::<bool>(),
            linear in any::<bool>(),
        ) {
            let system = sys(halve, if linear { "linear" } else { "ratio" });
            let s = score(&raw_report(raw_row(weight, target, actual, entered)), &system);
            let row = &s.groups[0].groups[0].rows[0];
            prop_assert!(row.score >= Decimal::ZERO && row.score <= weight, "{} of {}", row.score, weight);
            prop_assert_eq!(row.score.scale(), 2);
            prop_assert_eq!(s.total, row.score);
            prop_assert!(s.total <= s.weight_total);
        }

        #[test]
        fn forward_scores_never_fall_as_the_actual_rises(
            t in decimal(10_000).prop_filter("positive", |t| *t > Decimal::ZERO),
            a in decimal(30_000),
            more in decimal(30_000).prop_map(|m| m.abs()),
            weight in decimal(100).prop_map(|w| w.abs()),
            tpl in prop::sample::select(vec!["≥{}", "{}", "不少于{}家", "{}件以上", ">{}"]),
        ) {
            let system = sys(false, "ratio");
            let target = tpl.replace("{}", &text_of(t));
            let at = |x: Decimal| {
                let s = score(&raw_report(raw_row(weight, target.clone(), text_of(x), None)), &system);
                s.groups[0].groups[0].rows[0].score
            };
            let (lo, hi) = (at(a), at(a + more));
            prop_assert!(lo <= hi, "{}: {} → {}, {} → {}", target, a, lo, a + more, hi);
        }

        #[test]
        fn reverse_scores_never_rise_as_the_actual_rises(
            t in decimal(10_000).prop_filter("positive", |t| *t > Decimal::ZERO),
            a in decimal(30_000),
            more in decimal(30_000).prop_map(|m| m.abs()),
            weight in decimal(100).prop_map(|w| w.abs()),
            linear in any::<bool>(),
        ) {
            let system = sys(false, if linear { "linear" } else { "ratio" });
            let target = format!("≤{}", text_of(t));
            let at = |x: Decimal| {
                let s = score(&raw_report(raw_row(weight, target.clone(), text_of(x), None)), &system);
                s.groups[0].groups[0].rows[0].score
            };
            prop_assert!(at(a) >= at(a + more));
        }
        #[test]
        fn absurd_figures_never_panic(
            weight in wild(),
            rate in prop::option::of(wild()),
            spent in prop::option::of(wild()),
            budget in prop::option::of(wild()),
            pending in prop::option::of(wild()),
            cut in prop::option::of(wild()),
            entered in prop::option::of(wild()),
            projects in prop::collection::vec((wild(), prop::option::of(wild()), prop::option::of(wild())), 0..3),
            items in prop::collection::vec((prop::option::of(wild()), any_text(), any_text()), 0..3),
            rule in prop::option::of(prop::sample::select(Rule::ALL.iter().map(|(_, r)| *r).collect::<Vec<_>>())),
            target in any_text(),
            actual in any_text(),
        ) {
            let mut row = raw_row(weight, target, actual, entered);
            row.rule = rule.map(sp);
            row.rate = rate.map(sp);
            row.spent = spent.map(sp);
            row.budget = budget.map(sp);
            row.pending = pending.map(sp);
            row.cut = cut.map(sp);
            row.projects = projects
                .into_iter()
                .map(|(score, out_of, weight)| model::ProjectScore {
                    name: sp("p".to_string()),
                    score: sp(score),
                    stated: None,
                    report: None,
                    out_of: out_of.map(sp),
                    weight: weight.map(sp),
                })
                .collect();
            row.items = items
                .into_iter()
                .map(|(w, t, a)| {
                    let mut i = raw_row(Decimal::ZERO, t, a, None);
                    i.weight = w.map(sp);
                    i
                })
                .collect();
            let mut report = raw_report(row);
            report.budget = vec![BudgetLine { key: "total".into(), budget: sp(weight), spent: spent.map(sp), stated_rate: rate.map(sp) }];
            let s = score(&report, &sys(true, "linear"));
            let row = &s.groups[0].groups[0].rows[0];
            prop_assert!(row.score >= Decimal::ZERO && row.score <= row.weight.max(Decimal::ZERO), "{} of {}", row.score, row.weight);
        }
    }
}
