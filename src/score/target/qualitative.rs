//! 定性指标的实际值: whether a text actual shows that a qualitative target was reached.

use super::figures::{prepare, text};
use super::lexicon::DONE;

/// How a text actual reads against a qualitative target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The actual repeats the target (`合规` / `合规`): 达成.
    Same,
    /// The actual states the target was reached in other words (`有提高` for `有所提高`, `已完成`).
    Implied,
    /// Cannot tell: the author has to enter a score.
    Unknown,
}

/// Reads a text actual against a qualitative target, conservatively: the same text, the 有所X /
/// 有X pattern (`有所提高` → `有提高`, `明显提高`), or a plain "done" word without negation.
pub fn read_qualitative(target: &str, actual: &str) -> Reading {
    let clean = |s: &str| -> String {
        text(&prepare(s))
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '。' | '.' | '!' | '！'))
            .collect()
    };
    let (t, a) = (clean(target), clean(actual));
    if a.is_empty() {
        return Reading::Unknown;
    }
    if t == a {
        return Reading::Same;
    }
    if ["未", "不", "没", "无", "否", "差", "低于"]
        .iter()
        .any(|n| a.contains(n))
    {
        return Reading::Unknown;
    }
    let verb = ["有所", "进一步", "逐步", "持续", "不断"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or("");
    if verb.chars().count() >= 2 {
        let lead = a.strip_suffix(verb);
        if let Some(lead) = lead
            && [
                "有",
                "有所",
                "已",
                "明显",
                "显著",
                "大幅",
                "进一步",
                "持续",
                "得到",
                "均有",
                "逐步",
            ]
            .contains(&lead)
        {
            return Reading::Implied;
        }
    }
    if DONE.contains(&a.as_str()) {
        return Reading::Implied;
    }
    Reading::Unknown
}
