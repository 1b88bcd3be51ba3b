//! 评价等级: the grade of a total.

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

    /// Grades the printed total (rounded to the system's decimals).
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
