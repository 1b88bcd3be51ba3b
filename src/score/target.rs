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

use crate::number;
use rust_decimal::Decimal;

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
    pub fn symbol(self) -> &'static str {
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
}

impl Target {
    /// Whether the target can be scored by a formula (定量): a bound or a direction.
    pub fn is_quantitative(&self) -> bool {
        matches!(self, Target::Bound(_) | Target::Decrease)
    }
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
/// name says 成本, 能耗 or 控制 (a cap) and for a plain figure of 0 or below (`0起`, `-5%`), which
/// can only be read as "no more than".
pub fn direction(name: &str, bound: &Bound) -> Direction {
    match bound.cmp {
        Cmp::AtLeast | Cmp::Above => Direction::Forward,
        Cmp::AtMost | Cmp::Below => Direction::Reverse,
        Cmp::Equal => Direction::Equal,
        Cmp::Bare => {
            if REVERSE_NAMES.iter().any(|w| name.contains(w))
                || bound.quantity.value <= Decimal::ZERO
            {
                Direction::Reverse
            } else {
                Direction::Forward
            }
        }
    }
}

/// Row names that make a plain figure a cap.
const REVERSE_NAMES: [&str; 3] = ["成本", "能耗", "控制"];

/// Comparator words before a figure, longest first within each meaning.
const PREFIX_CMPS: [(&str, Cmp); 38] = [
    ("大于或等于", Cmp::AtLeast),
    ("小于或等于", Cmp::AtMost),
    ("大于等于", Cmp::AtLeast),
    ("小于等于", Cmp::AtMost),
    ("不少于", Cmp::AtLeast),
    ("不低于", Cmp::AtLeast),
    ("不小于", Cmp::AtLeast),
    ("不超过", Cmp::AtMost),
    ("不高于", Cmp::AtMost),
    ("不多于", Cmp::AtMost),
    ("不大于", Cmp::AtMost),
    ("控制在", Cmp::AtMost),
    ("至少", Cmp::AtLeast),
    ("最少", Cmp::AtLeast),
    ("达到", Cmp::AtLeast),
    ("超过", Cmp::Above),
    ("高于", Cmp::Above),
    ("大于", Cmp::Above),
    ("多于", Cmp::Above),
    ("至多", Cmp::AtMost),
    ("最多", Cmp::AtMost),
    ("低于", Cmp::Below),
    ("小于", Cmp::Below),
    ("少于", Cmp::Below),
    ("等于", Cmp::Equal),
    (">=", Cmp::AtLeast),
    ("=>", Cmp::AtLeast),
    ("<=", Cmp::AtMost),
    ("=<", Cmp::AtMost),
    ("==", Cmp::Equal),
    ("≥", Cmp::AtLeast),
    ("≤", Cmp::AtMost),
    (">", Cmp::Above),
    ("<", Cmp::Below),
    ("=", Cmp::Equal),
    ("达", Cmp::AtLeast),
    ("超", Cmp::Above),
    ("约", Cmp::Bare),
];

/// Words that make the figure after them a decrease (`下降5%` is a change of −5%).
const DECREASE_WORDS: [&str; 4] = ["下降", "降低", "减少", "压减"];

/// Words that compare with an outside figure when no figure of the target's own follows them.
const COMPARATIVE_WORDS: [&str; 19] = [
    "不低于",
    "不高于",
    "不少于",
    "不超过",
    "高于",
    "低于",
    "优于",
    "快于",
    "慢于",
    "好于",
    "超过",
    "多于",
    "少于",
    "大于",
    "小于",
    "领先于",
    "持平",
    "不落后于",
    "跑赢",
];

/// Units recognised after a figure, longest first (so `个工作日` wins over `个`).
const UNITS: [&str; 86] = [
    "吨标准煤",
    "万千瓦时",
    "万平方米",
    "平方公里",
    "个百分点",
    "个工作日",
    "个点位",
    "万人次",
    "千瓦时",
    "百分点",
    "平方米",
    "工作日",
    "个月",
    "万元",
    "亿元",
    "千元",
    "万人",
    "万吨",
    "万户",
    "万家",
    "人次",
    "家次",
    "户次",
    "批次",
    "场次",
    "个次",
    "篇次",
    "件次",
    "项次",
    "公里",
    "千米",
    "小时",
    "分钟",
    "点位",
    "元/人",
    "Mbps",
    "kWh",
    "km",
    "kW",
    "MW",
    "GW",
    "GB",
    "TB",
    "m²",
    "个",
    "家",
    "场",
    "次",
    "件",
    "人",
    "本",
    "项",
    "份",
    "条",
    "篇",
    "期",
    "批",
    "台",
    "套",
    "座",
    "所",
    "户",
    "名",
    "位",
    "天",
    "日",
    "周",
    "年",
    "届",
    "轮",
    "类",
    "种",
    "处",
    "宗",
    "笔",
    "张",
    "册",
    "部",
    "组",
    "间",
    "辆",
    "元",
    "%",
    "‰",
    "倍",
    "分",
];

/// Words after a figure and its unit that give a comparator (`2000件以上`, `3个工作日内`).
const SUFFIX_CMPS: [(&str, Cmp); 8] = [
    ("及以上", Cmp::AtLeast),
    ("或以上", Cmp::AtLeast),
    ("以上", Cmp::AtLeast),
    ("及以下", Cmp::AtMost),
    ("以下", Cmp::AtMost),
    ("以内", Cmp::AtMost),
    ("之内", Cmp::AtMost),
    ("内", Cmp::AtMost),
];

/// Money units and their size in 元, for comparing `1.2亿元` with `12000万元`.
const MONEY: [(&str, i64); 4] = [
    ("元", 1),
    ("千元", 1_000),
    ("万元", 10_000),
    ("亿元", 100_000_000),
];

/// One figure found in a text, with its place (in characters) and what follows it.
#[derive(Clone, Debug)]
struct Token {
    /// First character (the sign when there is one).
    start: usize,
    /// Value, sign included.
    value: Decimal,
    unit: Unit,
    /// Comparator given by a word after the unit (`以上`, `内`) or `余`/`多` (`10余场`).
    suffix_cmp: Option<Cmp>,
}

/// Folds the text to one form: ASCII digits, `%`, `-`, half-width comparators and parentheses.
fn prepare(text: &str) -> Vec<char> {
    number::normalize(text)
        .chars()
        .map(|c| match c {
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '≧' | '⩾' => '≥',
            '≦' | '⩽' => '≤',
            '（' => '(',
            '）' => ')',
            '﹪' => '%',
            '\t' | '\u{a0}' => ' ',
            _ => c,
        })
        .collect()
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with(chars, end - n, word)
}

fn text(chars: &[char]) -> String {
    chars.iter().collect()
}

/// Reads the digits of a figure starting at `i` (an ASCII digit): `303,054.14`, `1.5`. Thousands
/// separators must be followed by exactly three digits. Returns the digits and the end.
fn read_digits(chars: &[char], mut i: usize) -> (String, usize) {
    let mut s = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            s.push(c);
            i += 1;
        } else if c == ','
            && (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
        s.push('.');
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            s.push(chars[i]);
            i += 1;
        }
    }
    (s, i)
}

/// Reads a unit at `i` (after optional spaces): the longest known unit, then alternatives in
/// parentheses. Returns the unit and the end.
fn read_unit(chars: &[char], mut i: usize) -> (Unit, usize) {
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    let Some(name) = UNITS.iter().find(|u| starts_with(chars, i, u)) else {
        return (Unit::default(), i);
    };
    let mut unit = Unit::new(name);
    i += name.chars().count();
    if chars.get(i) == Some(&'(')
        && let Some(close) = chars[i + 1..].iter().position(|&c| c == ')')
    {
        let inner = text(&chars[i + 1..i + 1 + close]);
        let alts: Vec<String> = inner
            .split(['/', '、', ',', '|', '或'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if !alts.is_empty() && alts.iter().all(|a| UNITS.contains(&a.as_str())) {
            unit.alternatives = alts;
            i += close + 2;
        }
    }
    (unit, i)
}

/// Whether a figure that ends at `end` is a date part, an ordinal or a code, not a quantity.
fn not_a_figure(chars: &[char], start: usize, end: usize, digits: &str) -> bool {
    let before = if start == 0 {
        None
    } else {
        chars.get(start - 1).copied()
    };
    let after = chars.get(end).copied();
    let whole: Option<u32> = if digits.contains('.') {
        None
    } else {
        digits.parse().ok()
    };
    // 第133届, PM2.5, A3
    if before == Some('第') || before.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    // 5G, 3D, 4K (but not 5km, 10kW)
    if after.is_some_and(|c| c.is_ascii_alphabetic())
        && !UNITS
            .iter()
            .any(|u| u.is_ascii() && starts_with(chars, end, u))
    {
        return true;
    }
    // 2023年, 2023年度
    let mut j = end;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    match (chars.get(j), whole) {
        (Some('年'), Some(y)) if (1900..=2100).contains(&y) => true,
        // 12月31日, 6月底
        (Some('月'), Some(m)) if (1..=12).contains(&m) => true,
        (Some('日' | '号'), Some(d)) if (1..=31).contains(&d) && before == Some('月') => true,
        _ => false,
    }
}

/// Every figure in a prepared text, in order.
fn tokens(chars: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let (digits, end) = read_digits(chars, i);
        let signed = i > 0
            && matches!(chars[i - 1], '-' | '+')
            && (i == 1 || !chars[i - 2].is_ascii_alphanumeric() && chars[i - 2] != '.');
        let start = if signed { i - 1 } else { i };
        if not_a_figure(chars, start, end, &digits) {
            i = end;
            continue;
        }
        let value = Decimal::from_str_exact(&digits)
            .ok()
            .filter(|d| d.abs() <= Decimal::from(number::MAX_ABS));
        let Some(mut value) = value else {
            // Too long or too large to be a figure of a form: not a figure.
            i = end;
            continue;
        };
        if signed && chars[i - 1] == '-' {
            value.set_sign_negative(true);
            if value.is_zero() {
                value.set_sign_positive(true);
            }
        }
        let mut j = end;
        let mut suffix_cmp = None;
        if matches!(chars.get(j), Some('余' | '多')) {
            suffix_cmp = Some(Cmp::Above);
            j += 1;
        }
        let (unit, after) = read_unit(chars, j);
        let mut k = after;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        // The comparator word may follow the unit directly (`3个工作日内`) or after a noun up to the
        // next punctuation (`300家企业以上`); a bare `内` only directly.
        let stop = chars[k..]
            .iter()
            .position(|c| {
                matches!(c, ',' | '。' | '；' | ';' | '、' | '：' | ':') || c.is_ascii_digit()
            })
            .map_or(chars.len(), |p| k + p);
        for (w, c) in SUFFIX_CMPS {
            let found = if w == "内" {
                starts_with(chars, k, w)
            } else {
                (k..stop).any(|p| starts_with(chars, p, w) && p + w.chars().count() <= stop)
            };
            if found {
                suffix_cmp = Some(c);
                break;
            }
        }
        out.push(Token {
            start,
            value,
            unit,
            suffix_cmp,
        });
        i = after.max(end);
    }
    out
}

/// The comparator written at the end of `prefix`, and where it starts.
fn prefix_cmp(prefix: &[char]) -> Option<(Cmp, usize)> {
    let mut end = prefix.len();
    while end > 0 && prefix[end - 1] == ' ' {
        end -= 1;
    }
    PREFIX_CMPS
        .iter()
        .find(|(w, _)| ends_with(prefix, end, w))
        .map(|(w, c)| (*c, end - w.chars().count()))
}

/// A decrease word at the end of `prefix` (`较上年下降`), and where it starts.
fn prefix_decrease(prefix: &[char]) -> Option<usize> {
    let mut end = prefix.len();
    while end > 0 && prefix[end - 1] == ' ' {
        end -= 1;
    }
    DECREASE_WORDS
        .iter()
        .find(|w| ends_with(prefix, end, w))
        .map(|w| end - w.chars().count())
}

fn contains(chars: &[char], word: &str) -> bool {
    (0..chars.len()).any(|i| starts_with(chars, i, word))
}

/// Parses a target (目标值/预期值) as written.
pub fn parse_target(raw: &str) -> Target {
    let chars = prepare(raw);
    let trimmed = text(&chars).trim().to_string();
    if trimmed.is_empty() || matches!(trimmed.as_str(), "/" | "-" | "—" | "无") {
        return Target::Empty;
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
pub enum UnitCheck {
    /// The same unit, one of the alternatives, or one side has none.
    Same,
    /// Both are money units: multiply the actual by `factor` to get the target's unit.
    Converted { factor: Decimal },
    /// Different units (`5批次` against `不少于5场(次)`).
    Mismatch,
}

/// Compares units: `Same` when either side has none or they agree (alternatives count),
/// `Converted` between 元/千元/万元/亿元, otherwise `Mismatch`.
pub fn check_units(target: &Unit, actual: &Unit) -> UnitCheck {
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

/// Words that say an indicator was reached whatever the target said.
const DONE: [&str; 16] = [
    "达成",
    "已达成",
    "全部达成",
    "基本达成",
    "完成",
    "已完成",
    "全部完成",
    "按时完成",
    "按期完成",
    "达标",
    "已达标",
    "是",
    "符合",
    "符合要求",
    "满足要求",
    "已实现",
];

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn unit(name: &str, alts: &[&str]) -> Unit {
        Unit {
            name: name.into(),
            alternatives: alts.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn bound(cmp: Cmp, v: &str, u: Unit, prefix: &str) -> Target {
        Target::Bound(Bound {
            cmp,
            quantity: Quantity {
                value: d(v),
                unit: u,
            },
            prefix: prefix.into(),
        })
    }

    #[test]
    fn targets_as_written() {
        let none = Unit::default;
        let cases: Vec<(&str, Target)> = vec![
            ("≥5", bound(Cmp::AtLeast, "5", none(), "")),
            ("≥20项", bound(Cmp::AtLeast, "20", unit("项", &[]), "")),
            (
                "不少于5场(次)",
                bound(Cmp::AtLeast, "5", unit("场", &["次"]), ""),
            ),
            (
                "不少于5场（次）",
                bound(Cmp::AtLeast, "5", unit("场", &["次"]), ""),
            ),
            (
                "2000件以上",
                bound(Cmp::AtLeast, "2000", unit("件", &[]), ""),
            ),
            ("300家以上", bound(Cmp::AtLeast, "300", unit("家", &[]), "")),
            (
                "300 家企业以上",
                bound(Cmp::AtLeast, "300", unit("家", &[]), ""),
            ),
            (
                "每届不少于150家",
                bound(Cmp::AtLeast, "150", unit("家", &[]), "每届"),
            ),
            (
                "每届不少于 150 家",
                bound(Cmp::AtLeast, "150", unit("家", &[]), "每届"),
            ),
            ("100%", bound(Cmp::Bare, "100", unit("%", &[]), "")),
            ("≥90%", bound(Cmp::AtLeast, "90", unit("%", &[]), "")),
            ("=8个", bound(Cmp::Equal, "8", unit("个", &[]), "")),
            ("≤90万元", bound(Cmp::AtMost, "90", unit("万元", &[]), "")),
            (
                "3个工作日内",
                bound(Cmp::AtMost, "3", unit("个工作日", &[]), ""),
            ),
            (
                "≤3个工作日",
                bound(Cmp::AtMost, "3", unit("个工作日", &[]), ""),
            ),
            ("较去年同期下降", Target::Decrease),
            ("<0%", bound(Cmp::Below, "0", unit("%", &[]), "")),
            (
                "高于当年全市规上工业增加值增速",
                Target::Comparative("高于当年全市规上工业增加值增速".into()),
            ),
            ("有所提高", Target::Qualitative("有所提高".into())),
            ("合规", Target::Qualitative("合规".into())),
            ("安全", Target::Qualitative("安全".into())),
            (
                "领军团队10个、领军人才30人",
                Target::Compound(vec![
                    Quantity {
                        value: d("10"),
                        unit: unit("个", &[]),
                    },
                    Quantity {
                        value: d("30"),
                        unit: unit("人", &[]),
                    },
                ]),
            ),
            ("９０％", bound(Cmp::Bare, "90", unit("%", &[]), "")),
            (
                "303,054.14万元",
                bound(Cmp::Bare, "303054.14", unit("万元", &[]), ""),
            ),
            ("300", bound(Cmp::Bare, "300", none(), "")),
            ("2次", bound(Cmp::Bare, "2", unit("次", &[]), "")),
            ("不少于5件", bound(Cmp::AtLeast, "5", unit("件", &[]), "")),
            (">=5", bound(Cmp::AtLeast, "5", none(), "")),
            ("＞100次", bound(Cmp::Above, "100", unit("次", &[]), "")),
            ("超过100次", bound(Cmp::Above, "100", unit("次", &[]), "")),
            ("不超过5天", bound(Cmp::AtMost, "5", unit("天", &[]), "")),
            ("60%以下", bound(Cmp::AtMost, "60", unit("%", &[]), "")),
            ("-5%", bound(Cmp::Bare, "-5", unit("%", &[]), "")),
            (
                "较上年下降5%",
                bound(Cmp::AtMost, "-5", unit("%", &[]), "较上年"),
            ),
            (
                "新建众创空间、孵化器、加速器 8 个",
                bound(
                    Cmp::Bare,
                    "8",
                    unit("个", &[]),
                    "新建众创空间、孵化器、加速器",
                ),
            ),
            (
                "2023年完成3个项目",
                bound(Cmp::Bare, "3", unit("个", &[]), "2023年完成"),
            ),
            (
                "12月31日前完成",
                Target::Qualitative("12月31日前完成".into()),
            ),
            (
                "建成5G基站1700个",
                bound(Cmp::Bare, "1700", unit("个", &[]), "建成5G基站"),
            ),
            (
                "PM2.5浓度≤35",
                bound(Cmp::AtMost, "35", none(), "PM2.5浓度"),
            ),
            (
                "高于全市平均增速2个百分点",
                Target::Comparative("高于全市平均增速2个百分点".into()),
            ),
            (
                "不低于全省平均水平",
                Target::Comparative("不低于全省平均水平".into()),
            ),
            ("", Target::Empty),
            ("/", Target::Empty),
        ];
        for (text, want) in cases {
            assert_eq!(parse_target(text), want, "{text}");
        }
    }

    #[test]
    fn actuals_as_written() {
        let fig = |cmp: Option<Cmp>, v: &str, u: Unit| Actual::Figure {
            cmp,
            quantity: Quantity {
                value: d(v),
                unit: u,
            },
        };
        let cases: Vec<(&str, Actual)> = vec![
            (">100次", fig(Some(Cmp::Above), "100", unit("次", &[]))),
            ("≥90%", fig(Some(Cmp::AtLeast), "90", unit("%", &[]))),
            ("-0.5", fig(None, "-0.5", Unit::default())),
            ("－0.5", fig(None, "-0.5", Unit::default())),
            ("5批次", fig(None, "5", unit("批次", &[]))),
            ("有提高", Actual::Text("有提高".into())),
            ("7", fig(None, "7", Unit::default())),
            ("2,368件", fig(None, "2368", unit("件", &[]))),
            ("同比下降6%", fig(None, "-6", unit("%", &[]))),
            ("建成 5G 基站 1957 个", fig(None, "1957", unit("个", &[]))),
            ("10余场", fig(Some(Cmp::Above), "10", unit("场", &[]))),
            (
                "133 届广交会展位获批企业 170 家，134 届广交会展位获批企业 160 家",
                Actual::Compound(vec![
                    Quantity {
                        value: d("133"),
                        unit: unit("届", &[]),
                    },
                    Quantity {
                        value: d("170"),
                        unit: unit("家", &[]),
                    },
                    Quantity {
                        value: d("134"),
                        unit: unit("届", &[]),
                    },
                    Quantity {
                        value: d("160"),
                        unit: unit("家", &[]),
                    },
                ]),
            ),
            ("", Actual::Empty),
        ];
        for (text, want) in cases {
            assert_eq!(parse_actual(text), want, "{text}");
        }
    }

    #[test]
    fn directions() {
        let b = |t: &str| match parse_target(t) {
            Target::Bound(b) => b,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(direction("场次", &b("≥5")), Direction::Forward);
        assert_eq!(direction("场次", &b("2000件以上")), Direction::Forward);
        assert_eq!(direction("场次", &b("100%")), Direction::Forward);
        assert_eq!(direction("办结时间", &b("3个工作日内")), Direction::Reverse);
        assert_eq!(direction("成本", &b("≤90万元")), Direction::Reverse);
        assert_eq!(direction("单位成本", &b("90万元")), Direction::Reverse);
        assert_eq!(direction("单位能耗", &b("0.5")), Direction::Reverse);
        assert_eq!(direction("安全事故", &b("0起")), Direction::Reverse);
        assert_eq!(direction("数量", &b("=8个")), Direction::Equal);
        assert_eq!(direction("增速", &b("<0%")), Direction::Reverse);
    }

    #[test]
    fn units() {
        let t = unit("场", &["次"]);
        assert_eq!(check_units(&t, &unit("批次", &[])), UnitCheck::Mismatch);
        assert_eq!(check_units(&t, &unit("次", &[])), UnitCheck::Same);
        assert_eq!(check_units(&t, &unit("场", &[])), UnitCheck::Same);
        assert_eq!(check_units(&t, &Unit::default()), UnitCheck::Same);
        assert_eq!(
            check_units(&unit("万元", &[]), &unit("亿元", &[])),
            UnitCheck::Converted { factor: d("10000") }
        );
        assert_eq!(
            check_units(&unit("%", &[]), &unit("个", &[])),
            UnitCheck::Mismatch
        );
    }

    #[test]
    fn decreases() {
        assert!(shows_decrease("有所下降"));
        assert!(shows_decrease("同比减少"));
        assert!(!shows_decrease("未下降"));
        assert!(!shows_decrease("有所提高"));
    }

    #[test]
    fn qualitative_readings() {
        let cases = [
            ("合规", "合规", Reading::Same),
            ("安全", "安全", Reading::Same),
            ("有所提高", "有提高", Reading::Implied),
            ("有所增强", "有增强", Reading::Implied),
            ("有所提高", "明显提高", Reading::Implied),
            ("有所提高", "未提高", Reading::Unknown),
            ("合规", "基本合规", Reading::Unknown),
            ("按时完成", "已完成", Reading::Implied),
            ("合规", "不合规", Reading::Unknown),
            ("合规", "", Reading::Unknown),
            ("有所提高", "提高了", Reading::Unknown),
        ];
        for (t, a, want) in cases {
            assert_eq!(read_qualitative(t, a), want, "{t} / {a}");
        }
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = parse_target(&s);
            let _ = parse_actual(&s);
            let _ = shows_decrease(&s);
            let _ = read_qualitative(&s, &s);
        }

        #[test]
        fn parsing_never_panics_on_form_like_text(s in "[0-9０-９,，.．%％≥≤<>=＞＜（）()\\-－ 不少于以上内下降万元个场次第年月日5G]{0,30}") {
            let _ = parse_target(&s);
            let _ = parse_actual(&s);
        }

        #[test]
        fn a_plain_figure_reads_back(v in -1_000_000_000i64..1_000_000_000, frac in 0u32..100) {
            let s = format!("{v}.{frac:02}");
            let want = Decimal::from_str_exact(&s).unwrap();
            match parse_actual(&s) {
                Actual::Figure { quantity, .. } => prop_assert_eq!(quantity.value, want),
                other => prop_assert!(false, "{} → {:?}", s, other),
            }
        }
    }
}
