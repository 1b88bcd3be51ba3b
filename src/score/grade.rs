//! 评价等级: the grade of a total.

use crate::model::system::GradeBands;
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
    /// 不予定级: the weights add up to more than 100, so the total cannot be graded (never 优).
    #[serde(rename = "不予定级")]
    Ungraded,
}

impl Grade {
    pub(crate) const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// Grades the printed total (rounded to the system's decimals) with the 90/80/60 bands.
    pub fn of(total: Decimal) -> Grade {
        Grade::of_bands(total, &GradeBands::default())
    }

    /// Grades the printed total with a system's bands.
    pub(crate) fn of_bands(total: Decimal, b: &GradeBands) -> Grade {
        if total >= b.excellent {
            Grade::Excellent
        } else if total >= b.good {
            Grade::Good
        } else if total >= b.fair {
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
            Grade::Ungraded => "不予定级",
        }
    }
    /// The range as printed on the checkbox line ("90分≤得分≤100分").
    pub(crate) fn range_zh(self) -> &'static str {
        match self {
            Grade::Excellent => "90分≤得分≤100分",
            Grade::Good => "80分≤得分<90分",
            Grade::Fair => "60分≤得分<80分",
            Grade::Poor => "得分<60分",
            Grade::Ungraded => "分值合计超过100分",
        }
    }

    /// The range as printed on the checkbox line under a system's bands ("85分≤得分≤100分").
    pub(crate) fn range_with(self, b: &GradeBands) -> String {
        let p = crate::number::plain;
        match self {
            Grade::Excellent => format!("{}分≤得分≤100分", p(b.excellent)),
            Grade::Good => format!("{}分≤得分<{}分", p(b.good), p(b.excellent)),
            Grade::Fair => format!("{}分≤得分<{}分", p(b.fair), p(b.good)),
            Grade::Poor => format!("得分<{}分", p(b.fair)),
            Grade::Ungraded => self.range_zh().to_string(),
        }
    }

    /// A grade as a form states it (`优`, `优秀`, `良好`, `合格`→中, `差`/`不合格`).
    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim().trim_end_matches('级') {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "合格" | "一般" => Some(Grade::Fair),
            "差" | "不合格" | "较差" => Some(Grade::Poor),
            _ => None,
        }
    }
}
