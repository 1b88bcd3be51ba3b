//! 目标值与实际值: targets and actuals as the forms write them, read into a structured form.
//!
//! A target (目标值/预期值) is one of: a bound on a figure (`≥5`, `不少于5场(次)`, `2000件以上`,
//! `3个工作日内`, `=8个`, `≤90万元`, a bare `100%`), a direction without a figure (`较去年同期下降`),
//! a compound of several figures (`领军团队10个、领军人才30人`), a comparison with an outside figure
//! (`高于当年全市规上工业增加值增速`), or a qualitative statement (`合规`, `有所提高`, `安全`).
//!
//! An actual (实际值/实现值) is a figure, possibly written as a bound (`>100次`, `≥90%`), negative
//! (`-0.5`), with its own unit (`5批次`), or a text (`有提高`).
//!
//! Everything here is a pure function of the text, never panics, and never touches a binary float.
//! Dates (`2023年`, `12月31日`), ordinals (`第133届`) and codes (`5G`, `PM2.5`) are not figures.

use rust_decimal::Decimal;

pub mod dates;
mod figures;
mod lexicon;
mod qualitative;

pub use dates::DateSpec;
pub use qualitative::{Reading, read_qualitative};

use figures::{contains, prefix_cmp, prefix_decrease, prepare, text, tokens};
use lexicon::{COMPARATIVE_WORDS, DECREASE_WORDS, MONEY};

/// 比较方式: how a target bounds its figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// 不少于 / 不低于 / 至少 / 达到 / ≥ / …以上 (inclusive).
    AtLeast,
    /// 超过 / 高于 / 大于 / 多于 / > (strict).
    Above,
    /// 不超过 / 不高于 / ≤ / …以内 / …内 / …以下 (inclusive).
    AtMost,
    /// 低于 / 小于 / 少于 / < (strict).
    Below,
    /// 等于 / =.
    Equal,
    /// No comparator: a plain figure (`2000`, `100%`), read as "reach the figure".
    Bare,
}

impl Cmp {
    /// The symbol printed for the comparator (empty for a plain figure).
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Cmp::AtLeast => "≥",
            Cmp::Above => ">",
            Cmp::AtMost => "≤",
            Cmp::Below => "<",
            Cmp::Equal => "=",
            Cmp::Bare => "",
        }
    }

    /// Whether the comparison excludes the bound itself.
    pub fn strict(self) -> bool {
        matches!(self, Cmp::Above | Cmp::Below)
    }

    /// The comparator of the negated figure: `下降不少于5%` is a change of at most −5%.
    fn negated(self) -> Cmp {
        match self {
            Cmp::AtLeast | Cmp::Bare => Cmp::AtMost,
            Cmp::Above => Cmp::Below,
            Cmp::AtMost => Cmp::AtLeast,
            Cmp::Below => Cmp::Above,
            Cmp::Equal => Cmp::Equal,
        }
    }
}

/// 计量单位: the unit written after a figure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    /// As written (`场`, `万元`, `%`, `个工作日`); empty when the figure has no unit.
    pub name: String,
    /// Alternatives written in parentheses: `场(次)` → `["次"]`.
    pub alternatives: Vec<String>,
}

impl Unit {
    fn new(name: &str) -> Unit {
        Unit {
            name: name.to_string(),
            alternatives: Vec::new(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
    }
    /// `场(次)`, `%`, `` (as written back).
    pub fn display(&self) -> String {
        if self.alternatives.is_empty() {
            self.name.clone()
        } else {
            format!("{}({})", self.name, self.alternatives.join("/"))
        }
    }
}

/// 数量: a figure with its unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
}

/// 定量目标: a bound on one figure (`每届不少于150家`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub cmp: Cmp,
    pub quantity: Quantity,
    /// Text before the comparator, kept as written (`每届`); empty when none.
    pub prefix: String,
}

/// 目标值, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Nothing written.
    Empty,
    /// 定量: a bound on one figure.
    Bound(Bound),
    /// 下降 with no figure (`较去年同期下降`): met when the actual shows a decrease.
    Decrease,
    /// 复合目标: several figures (`领军团队10个、领军人才30人`); not scored automatically.
    Compound(Vec<Quantity>),
    /// 比较目标: compared with an outside figure (`高于当年全市规上工业增加值增速`).
    Comparative(String),
    /// 定性目标 (`合规`, `有所提高`, `安全`).
    Qualitative(String),
    /// 时限目标 (`9月前`, `6月30日前`, `年底前`): met when the actual date is not later.
    Deadline(DateSpec),
}

/// 实际值, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actual {
    /// Nothing written.
    Empty,
    /// One figure; `cmp` when it was written as a bound (`>100次` → `Above`, figure 100).
    Figure {
        cmp: Option<Cmp>,
        quantity: Quantity,
    },
    /// Several figures (`133届170家，134届160家`).
    Compound(Vec<Quantity>),
    /// A text without a figure (`有提高`, `合规`).
    Text(String),
}

/// 指标方向: which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// 正向: more is better (≥, 以上, 不少于, a plain positive figure).
    Forward,
    /// 反向: less is better (≤, 以内, 下降, a plain figure on a 成本/能耗/控制 row, a plain figure ≤ 0).
    Reverse,
    /// 等值: exactly the figure (`=8个`).
    Equal,
}

/// The direction of a bound. A plain figure is forward ("reach the target"), except on a row whose
/// name contains one of the system's lower-is-better names (`lower`: 结转结余率, 成本, 投诉率 …; a
/// cap) and for a plain figure of 0 or below (`0起`, `-5%`), which can only be read as "no more
/// than".
pub fn direction(name: &str, bound: &Bound, lower: &[String]) -> Direction {
    match bound.cmp {
        Cmp::AtLeast | Cmp::Above => Direction::Forward,
        Cmp::AtMost | Cmp::Below => Direction::Reverse,
        Cmp::Equal => Direction::Equal,
        Cmp::Bare => {
            if lower
                .iter()
                .any(|w| !w.is_empty() && name.contains(w.as_str()))
                || bound.quantity.value <= Decimal::ZERO
            {
                Direction::Reverse
            } else {
                Direction::Forward
            }
        }
    }
}

/// Parses a target (目标值/预期值) as written.
pub fn parse_target(raw: &str) -> Target {
    let chars = prepare(raw);
    let trimmed = text(&chars).trim().to_string();
    if trimmed.is_empty() || matches!(trimmed.as_str(), "/" | "-" | "—" | "无") {
        return Target::Empty;
    }
    if let Some(d) = dates::parse_deadline(raw) {
        return Target::Deadline(d);
    }
    let toks = tokens(&chars);
    match toks.as_slice() {
        [] => {
            if COMPARATIVE_WORDS.iter().any(|w| contains(&chars, w)) {
                Target::Comparative(trimmed)
            } else if DECREASE_WORDS.iter().any(|w| contains(&chars, w)) {
                Target::Decrease
            } else {
                Target::Qualitative(trimmed)
            }
        }
        [t] => {
            let mut prefix = &chars[..t.start];
            let mut cmp = Cmp::Bare;
            if let Some((c, at)) = prefix_cmp(prefix) {
                cmp = c;
                prefix = &prefix[..at];
            }
            let mut value = t.value;
            // 下降5%, 下降不少于5%: a change of at most −5%.
            if let Some(at) = prefix_decrease(prefix) {
                cmp = cmp.negated();
                value = -value;
                prefix = &prefix[..at];
            } else if cmp == Cmp::Bare
                && let Some(c) = t.suffix_cmp
            {
                cmp = c;
            }
            // `高于全市平均增速2个百分点`: the figure is relative to an outside one.
            if COMPARATIVE_WORDS.iter().any(|w| contains(prefix, w)) {
                return Target::Comparative(trimmed);
            }
            Target::Bound(Bound {
                cmp,
                quantity: Quantity {
                    value,
                    unit: t.unit.clone(),
                },
                prefix: text(prefix).trim().to_string(),
            })
        }
        many => Target::Compound(
            many.iter()
                .map(|t| Quantity {
                    value: t.value,
                    unit: t.unit.clone(),
                })
                .collect(),
        ),
    }
}

/// Parses an actual (实际值/实现值) as written.
pub fn parse_actual(raw: &str) -> Actual {
    let chars = prepare(raw);
    let trimmed = text(&chars).trim().to_string();
    if trimmed.is_empty() || matches!(trimmed.as_str(), "/" | "-" | "—") {
        return Actual::Empty;
    }
    let toks = tokens(&chars);
    match toks.as_slice() {
        [] => Actual::Text(trimmed),
        [t] => {
            let prefix = &chars[..t.start];
            let (mut cmp, rest) = match prefix_cmp(prefix) {
                Some((c, at)) => (Some(c), &prefix[..at]),
                None => (t.suffix_cmp, prefix),
            };
            let mut value = t.value;
            if prefix_decrease(rest).is_some() {
                value = -value;
                cmp = cmp.map(Cmp::negated);
            }
            if cmp == Some(Cmp::Bare) {
                cmp = None;
            }
            Actual::Figure {
                cmp,
                quantity: Quantity {
                    value,
                    unit: t.unit.clone(),
                },
            }
        }
        many => Actual::Compound(
            many.iter()
                .map(|t| Quantity {
                    value: t.value,
                    unit: t.unit.clone(),
                })
                .collect(),
        ),
    }
}

/// Whether a text actual says that something went down (`有所下降`, `同比减少`), without a negation.
pub fn shows_decrease(text: &str) -> bool {
    let chars = prepare(text);
    DECREASE_WORDS.iter().any(|w| contains(&chars, w))
        && !["未", "没", "不", "无"].iter().any(|w| {
            DECREASE_WORDS
                .iter()
                .any(|d| contains(&chars, &format!("{w}{d}")))
        })
        && !contains(&chars, "未能")
}

/// How the unit of an actual relates to the unit of its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UnitCheck {
    /// The same unit, one of the alternatives, or one side has none.
    Same,
    /// Both are money units: multiply the actual by `factor` to get the target's unit.
    Converted { factor: Decimal },
    /// Different units (`5批次` against `不少于5场(次)`).
    Mismatch,
}

/// Compares units: `Same` when either side has none or they agree (alternatives count),
/// `Converted` between 元/千元/万元/亿元, otherwise `Mismatch`.
pub(crate) fn check_units(target: &Unit, actual: &Unit) -> UnitCheck {
    if target.is_empty() || actual.is_empty() {
        return UnitCheck::Same;
    }
    if target.name == actual.name
        || target.alternatives.contains(&actual.name)
        || actual.alternatives.contains(&target.name)
    {
        return UnitCheck::Same;
    }
    let size = |u: &str| {
        MONEY
            .iter()
            .find(|(n, _)| *n == u)
            .map(|(_, s)| Decimal::from(*s))
    };
    if let (Some(t), Some(a)) = (size(&target.name), size(&actual.name))
        && let Some(factor) = a.checked_div(t)
    {
        return UnitCheck::Converted { factor };
    }
    UnitCheck::Mismatch
}

#[cfg(test)]
mod tests;
