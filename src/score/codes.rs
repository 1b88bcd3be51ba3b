//! 评分发现代码: every finding the scoring engine can report, in one table.
//!
//! Each [`Code`] has its stable kebab-case name (what `check --format json` prints as `code`), its
//! severity, and its meaning in Chinese and English. The engine builds every finding through
//! [`Code::finding`], so a code cannot be emitted with another severity or under a name that is not
//! listed here; `docs/errors.md` documents the same table (a test keeps the two equal).

use crate::diag::{Diagnostic, Severity};
use crate::load::yaml::Span;

macro_rules! codes {
    ($($code:ident => ($name:literal, $severity:ident, $zh:literal, $en:literal),)*) => {
        /// A finding of the scoring engine.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $en]
                $code,
            )*
        }

        impl Code {
            /// Every code, in the order of the table.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The row of the table: (name, severity, Chinese meaning, English meaning).
            const fn row(self) -> (&'static str, Severity, &'static str, &'static str) {
                match self {
                    $(Code::$code => ($name, Severity::$severity, $zh, $en),)*
                }
            }
        }
    };
}

codes! {
    ScoreMismatch => ("score-mismatch", Warning,
        "填报的得分（指标或分组）与按规则计算的不符",
        "a stated score (row or group) differs from the computed one"),
    TotalMismatch => ("total-mismatch", Warning,
        "自评总分与各指标得分合计不符",
        "stated_total differs from the sum of the groups"),
    RateMismatch => ("rate-mismatch", Warning,
        "预算表填报的执行率与执行数/预算数不符",
        "a budget line's stated 执行率 differs from spent / budget"),
    CountMismatch => ("count-mismatch", Warning,
        "报告称设置的指标个数与列出的子指标个数不符",
        "stated_count differs from the number of listed items"),
    WeightDiffersFromSystem => ("weight-differs-from-system", Warning,
        "分值与指标体系规定的不同",
        "a weight differs from the indicator system's"),
    GroupWeightMismatch => ("group-weight-mismatch", Warning,
        "分组的分值与其下级指标分值合计不符",
        "a group's weight differs from the sum of its rows/sub-groups"),
    ItemWeightsMismatch => ("item-weights-mismatch", Warning,
        "子指标权重合计与所属指标的分值不符",
        "the items' weights do not add up to the aggregate row's weight"),
    ItemWeightAssumed => ("item-weight-assumed", Info,
        "未给权重的子指标平均分配剩余分值",
        "items without weights share the rest of the row's weight equally"),
    WeightsNot100 => ("weights-not-100", Warning,
        "一级指标分值合计不是 100 分",
        "the 一级 weights do not add up to 100"),
    UnknownGroup => ("unknown-group", Warning,
        "指标体系中没有的分组",
        "a group the indicator system does not have"),
    UnknownRow => ("unknown-row", Warning,
        "部门指标体系中没有的三级指标",
        "a row the department system does not have"),
    MissingFromReport => ("missing-from-report", Warning,
        "指标体系中的分组或指标未在报告中列出",
        "a group or row of the system is not in the report"),
    EmptyGroup => ("empty-group", Warning,
        "既没有下级指标也没有得分的分组",
        "a group with neither rows nor a stated score"),
    MissingWeight => ("missing-weight", Error,
        "指标或项目没有分值，指标体系也未规定",
        "a row or project without a weight where the system gives none"),
    BadWeight => ("bad-weight", Error,
        "分值为负数（按 0 计）",
        "a negative weight (taken as 0)"),
    ScoreOutOfRange => ("score-out-of-range", Error,
        "填报的得分超出 0 至分值的范围（截取到范围内）",
        "an entered score outside 0..weight (clamped)"),
    DeductionNeedsReason => ("deduction-needs-reason", Error,
        "扣了分但未说明扣分原因/未达标原因（支出率指标也是）",
        "points deducted without 扣分原因/未达标原因 (rate rows included): never published"),
    ScoreOutsideBand => ("score-outside-band", Warning,
        "定性指标的得分不在所填定性结果的档次内",
        "a qualitative score outside the band of its stated result"),
    QualitativeNeedsScore => ("qualitative-needs-score", Warning,
        "无法判断定性指标是否达成：请填写得分",
        "a qualitative row whose result cannot be told: enter a score"),
    QualitativeInferred => ("qualitative-inferred", Info,
        "由实际值判断定性指标为“达成”",
        "a qualitative row read as 达成 from its actual"),
    CompoundTarget => ("compound-target", Info,
        "目标值含多个数值：按填报的得分或定性结果计",
        "a target with several figures: scored from the entered score/result"),
    ComparativeTarget => ("comparative-target", Info,
        "目标值与外部数据比较：按填报的得分或定性结果计",
        "a target compared with an outside figure: scored from the entered score/result"),
    TargetNotNumeric => ("target-not-numeric", Info,
        "定量指标的目标值不含数值：按定性指标计分",
        "a quantitative row whose target has no figure: scored as qualitative"),
    ScoreEntered => ("score-entered", Info,
        "计算所需的数据不全：采用填报的得分",
        "a computed rule lacks its inputs: the entered score is used"),
    MissingScore => ("missing-score", Error,
        "计算所需的数据不全且未填写得分：按 0 分计",
        "a computed rule lacks its inputs and no score is entered: 0"),
    JudgedNeedsScore => ("judged-needs-score", Error,
        "评判指标未填写得分（不默认满分）",
        "a judged row without a score (no silent full marks)"),
    NotApplicable => ("not-applicable", Info,
        "不适用指标：列出但不计入总分",
        "a not-applicable row: shown, left out of the total"),
    Redistributed => ("redistributed", Info,
        "不适用指标的分值按比例折算到同组适用指标",
        "the points of not-applicable rows are shared pro rata by the group's other rows"),
    DateLate => ("date-late", Warning,
        "实际完成时间晚于目标时限",
        "the actual date is later than the target's deadline"),
    DirectionConflict => ("direction-conflict", Warning,
        "所填指标方向与目标值的比较符号矛盾（按所填方向计分）",
        "the stated direction contradicts the target's comparator (the stated direction is used)"),
    CoefficientMismatch => ("coefficient-mismatch", Warning,
        "填报的得分系数与指标体系系数表不符",
        "a stated coefficient differs from the system's table"),
    NoCoefficientTable => ("no-coefficient-table", Error,
        "指标体系没有得分系数表（rules.coefficients）",
        "the system has no coefficient table"),
    FundsTotalMismatch => ("funds-total-mismatch", Warning,
        "年度资金总额与其中各项合计不符（按各项合计计算执行率）",
        "年度资金总额 differs from the sum of its lines (the sum is used)"),
    FundsNoBudget => ("funds-no-budget", Warning,
        "项目资金全年预算数为 0 或未填：无法计算执行率",
        "the funds grid has no 全年预算数: no execution rate"),
    FundsUnknownLine => ("funds-unknown-line", Warning,
        "项目资金表中有指标体系没有的资金行",
        "a funds line the system does not have"),
    FundsGroupListed => ("funds-group-listed", Warning,
        "预算执行率由项目资金表计算，另列的同名指标不计",
        "the execution-rate group is computed from the funds grid; the listed one is ignored"),
    FundsNotScored => ("funds-not-scored", Info,
        "指标体系没有项目资金表：只展示，不计分",
        "the system has no funds grid: shown, not scored"),
    AmountConverted => ("amount-converted", Info,
        "金额按所声明的单位折算为万元",
        "amounts converted to 万元 from the declared unit"),
    TotalOver100 => ("total-over-100", Warning,
        "分值合计超过 100 分：总分不予定级",
        "the weights add up to more than 100: the total is not graded"),
    Draft => ("draft", Warning,
        "报告标为草稿（draft: true）：缺少数据的指标只作警告；发布前删去 draft",
        "the report is a draft (draft: true): rows without data are warnings; remove it to publish"),
    DraftRowEmpty => ("draft-row-empty", Warning,
        "草稿中缺少数据的指标（正式报告中为 missing-score / judged-needs-score 错误）",
        "a row without data in a draft (an error, missing-score or judged-needs-score, once the draft is removed)"),
    GradeMismatch => ("grade-mismatch", Warning,
        "填报的自评等级与总分的等级不符",
        "the stated grade differs from the grade of the total"),
    ZeroTarget => ("zero-target", Info,
        "目标值为 0 或负数：达到目标得满分，未达到得 0 分",
        "a target of 0 or below: scored met (full) / not met (0)"),
    UnitMismatch => ("unit-mismatch", Warning,
        "实际值的单位与目标值的不同",
        "the actual's unit differs from the target's"),
    UnitConverted => ("unit-converted", Info,
        "实际值的金额单位已折算为目标值的单位",
        "the actual's money unit was converted to the target's"),
    HalvedOver150 => ("halved-over-150", Info,
        "完成率高于 150%：减半得分",
        "completion above 150%: half the weight"),
    Over150Excused => ("over-150-excused", Info,
        "完成率高于 150%：按所述理由不减半",
        "completion above 150% keeps full marks for the stated reason"),
    AdjustmentNeedsReason => ("adjustment-needs-reason", Warning,
        "计入待支付数或扣除压减数但未说明理由（adjust_reason）",
        "pending/cut adjustments without adjust_reason"),
    BadBudget => ("bad-budget", Error,
        "预算数扣除压减数后为 0 或负数：无法计算执行率",
        "budget − cut is 0 or less: no rate"),
    BadBudgetLine => ("bad-budget-line", Error,
        "预算表中预算数为 0 或负数却有执行数：无法计算执行率",
        "a budget line with spending whose budget is 0 or less: no rate"),
    BadRate => ("bad-rate", Error,
        "执行率为负数",
        "a negative execution rate"),
    BadProject => ("bad-project", Error,
        "专项项目的满分（out_of）不是正数（不计入）",
        "a project score whose out_of is not positive (left out)"),
    BadProjectReport => ("bad-project-report", Error,
        "专项项目引用的自评报告不存在或不是项目支出绩效自评报告",
        "a project's report: is not a project report of this site"),
    ProjectScoreMismatch => ("project-score-mismatch", Warning,
        "专项项目填报的得分与其自评报告计算的总分不符",
        "a project's stated score differs from its report's computed total"),
    DuplicateReport => ("duplicate-report", Warning,
        "同一单位、年度、类型和项目的报告出现两份以上",
        "two or more reports with the same unit, year, kind and project (at each `unit:` line, naming the others)"),
    RateOver100 => ("rate-over-100", Warning,
        "执行率超过 100%（得分以分值为限）",
        "an execution rate above 100% (score capped at the weight)"),
    GroupScoreStated => ("group-score-stated", Info,
        "分组按填报的得分计（未列出下级指标）",
        "a group scored by its stated score (rows not published)"),
    Overflow => ("overflow", Error,
        "数值过大，无法计算",
        "a figure too large to compute with"),
}

impl Code {
    /// The stable kebab-case name (`score-mismatch`), as in `Diagnostic::code` and the JSON.
    pub const fn name(self) -> &'static str {
        self.row().0
    }
    pub const fn severity(self) -> Severity {
        self.row().1
    }
    /// What the code means, in Chinese.
    pub const fn zh(self) -> &'static str {
        self.row().2
    }
    /// What the code means, in English.
    pub const fn en(self) -> &'static str {
        self.row().3
    }
    /// The code of a name (`"score-mismatch"` → `ScoreMismatch`).
    #[cfg(test)]
    pub(crate) fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
    /// A finding of this code with its severity, at `span`, with its message in Chinese and English.
    pub fn finding(
        self,
        span: Option<Span>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.severity(), self.name(), span, zh, en)
    }
}
