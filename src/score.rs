//! The scoring engine (评分): pure, exact, no IO.
//!
//! `score(report, system)` computes every 三级 score from its inputs under the rules of the report's
//! indicator system, sums the groups, grades the total, and records each formula the way the forms
//! print it ("专项资金支出进度=92.31%*5=4.62") together with the findings: where a stated score,
//! weight, count or rate differs from what the data gives.
//!
//! All arithmetic is `rust_decimal`; every printed figure is rounded 四舍五入 (half away from zero)
//! to the system's decimals, and a percentage that is printed is the one multiplied.

use crate::diag::Diagnostic;
use crate::model::{Report, Rule};
use crate::system::System;
use crate::yaml::Span;
use rust_decimal::Decimal;
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
pub fn score(report: &Report, system: &System) -> Scored {
    let _ = (report, system);
    todo!("scoring engine")
}
