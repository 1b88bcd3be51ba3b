//! The typed report (绩效自评报告) read from a front-matter tree, with every problem collected.
//!
//! `model` turns the spanned YAML tree of [`crate::load::yaml`] into a [`Report`]. It never stops at the
//! first problem: unknown fields (with "did you mean"), wrong types, missing fields and unparsable
//! figures are all collected as [`Diagnostic`]s pointing at the value.

pub mod system;

use crate::diag::Diagnostic;
use crate::load::yaml::{Node, Span, Value};
use crate::number::{self, NumberError};
use rust_decimal::Decimal;
use serde::Serialize;

/// A value with the byte span it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sp<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

/// 报告类型: 部门整体支出绩效自评 or 项目支出绩效自评.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// 部门整体支出绩效自评.
    Department,
    /// 项目支出绩效自评.
    Project,
}

impl ReportKind {
    pub fn zh(self) -> &'static str {
        match self {
            ReportKind::Department => "部门整体支出绩效自评",
            ReportKind::Project => "项目支出绩效自评",
        }
    }
}

/// 版式: the published form the report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// 自评表 (seed 000, 001): the table leads, the narrative follows.
    Table,
    /// 自评报告 / 说明 (seeds 002–004): the narrative leads, the table is an annex.
    Report,
}

/// How a 三级指标 is scored (评分方法). Inferred from the fields present when not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// 定量: target and actual figures compared (forward, reverse, equality).
    Quantitative,
    /// 定性: 达成/部分达成/未达成 bands; the score is entered and checked against the band.
    Qualitative,
    /// 比率: score = rate × weight (支出率), the rate given or computed from amounts.
    Rate,
    /// 评判: score entered by the author (most 管理效率 rows); a deduction needs a reason.
    Judged,
    /// 汇总: the sum of listed sub-indicators (部门整体产出/效益指标完成情况).
    Aggregate,
    /// 加权平均: the weighted average of project scores (专项资金绩效完成情况).
    Projects,
}

impl Rule {
    pub const ALL: [(&'static str, Rule); 6] = [
        ("quantitative", Rule::Quantitative),
        ("qualitative", Rule::Qualitative),
        ("rate", Rule::Rate),
        ("judged", Rule::Judged),
        ("aggregate", Rule::Aggregate),
        ("projects", Rule::Projects),
    ];
    pub fn zh(self) -> &'static str {
        match self {
            Rule::Quantitative => "定量",
            Rule::Qualitative => "定性",
            Rule::Rate => "比率",
            Rule::Judged => "评判",
            Rule::Aggregate => "汇总",
            Rule::Projects => "加权平均",
        }
    }
}

/// 定性指标完成档次.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// 达成 (全部或基本达成).
    Achieved,
    /// 部分达成.
    Partial,
    /// 未达成.
    Failed,
}

impl Band {
    pub fn zh(self) -> &'static str {
        match self {
            Band::Achieved => "达成",
            Band::Partial => "部分达成",
            Band::Failed => "未达成",
        }
    }
    pub fn parse(s: &str) -> Option<Band> {
        match s.trim() {
            "达成" | "全部达成" | "基本达成" | "全部或基本达成" | "achieved" => {
                Some(Band::Achieved)
            }
            "部分达成" | "partial" => Some(Band::Partial),
            "未达成" | "failed" => Some(Band::Failed),
            _ => None,
        }
    }
}

/// 填报信息 and 签章: who fills in and signs the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SignOff {
    /// 填报单位 (公章).
    pub unit: Option<Sp<String>>,
    /// 填报人.
    pub filler: Option<Sp<String>>,
    /// 联系人.
    pub contact: Option<Sp<String>>,
    /// 联系电话.
    pub phone: Option<Sp<String>>,
    /// 联系邮箱.
    pub email: Option<Sp<String>>,
    /// 填报日期, as written (`2025年6月20日`, `2025-06-20`).
    pub date: Option<Sp<String>>,
}

/// One line of the budget grid (万元): 预算数, optional 执行数 and the 执行率 the report states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    /// The line's key (`total`, `basic`, …); see [`BUDGET_LINES`].
    pub key: String,
    pub budget: Sp<Decimal>,
    /// 执行数.
    pub spent: Option<Sp<Decimal>>,
    /// 执行率 as stated in the report (percent), checked against spent / budget.
    pub stated_rate: Option<Sp<Decimal>>,
}

/// The budget lines a report may give, in the order of the published grid, with their labels.
pub const BUDGET_LINES: [(&str, &str); 10] = [
    ("initial", "年初预算数"),
    ("total", "总预算"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("special", "专项资金"),
    ("other", "其他事业发展支出"),
    ("city", "市本级资金"),
    ("transfer", "对下转移支付"),
    ("income", "本年收入"),
    ("carryover", "上年结转"),
];

pub fn budget_label(key: &str) -> &'static str {
    BUDGET_LINES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// 项目基本情况 of a project report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    /// 项目名称.
    pub name: Option<Sp<String>>,
    /// 项目级次 (一级项目 …).
    pub level: Option<Sp<String>>,
    /// 实施文件依据.
    pub basis: Vec<Sp<String>>,
    /// 评价金额 (万元).
    pub amount: Option<Sp<Decimal>>,
}

/// A project score feeding 专项资金绩效完成情况 (weighted average).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectScore {
    pub name: Sp<String>,
    /// The project's own self-evaluation score. When `report` names a project report of the same
    /// site, the site fills this in from that report's computed total before scoring.
    pub score: Sp<Decimal>,
    /// The score as the author wrote it, when a `report` is also given (checked against the report).
    pub stated: Option<Sp<Decimal>>,
    /// A project report of the same site (`content/…/x.md`) whose total is the project's score.
    pub report: Option<Sp<String>>,
    /// What the score is out of (100 unless stated).
    pub out_of: Option<Sp<Decimal>>,
    /// Weight in the average (e.g. the project's amount); equal weights when absent.
    pub weight: Option<Sp<Decimal>>,
}

/// 三级指标 (or a sub-indicator of an aggregate row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub name: Sp<String>,
    /// 权重/分值; when absent, taken from the indicator system.
    pub weight: Option<Sp<Decimal>>,
    pub rule: Option<Sp<Rule>>,
    /// 指标解释.
    pub explanation: Option<Sp<String>>,
    /// 评分标准.
    pub criteria: Option<Sp<String>>,
    /// 目标值 / 预期值, as written (`≥5`, `不少于5场`, `合规`).
    pub target: Option<Sp<String>>,
    /// 实际值 / 实现值, as written.
    pub actual: Option<Sp<String>>,
    /// 自评分: the score the author states (or enters, for judged and qualitative rows).
    pub score: Option<Sp<Decimal>>,
    /// 定性结果 (达成/部分达成/未达成).
    pub result: Option<Sp<Band>>,
    /// Why a completion above 150% keeps full marks (超150%不减半的理由).
    pub over_reason: Option<Sp<String>>,
    /// 执行率 as a percent, for rate rows given the rate directly.
    pub rate: Option<Sp<Decimal>>,
    /// 支出数 (rate rows computed from amounts).
    pub spent: Option<Sp<Decimal>>,
    /// 预算数 (rate rows computed from amounts).
    pub budget: Option<Sp<Decimal>>,
    /// 待支付 amounts counted as spent (adjusted execution).
    pub pending: Option<Sp<Decimal>>,
    /// 年中压减 removed from the budget (adjusted execution).
    pub cut: Option<Sp<Decimal>>,
    /// Why the execution is adjusted; required with `pending` or `cut`.
    pub adjust_reason: Option<Sp<String>>,
    /// Sub-indicators of an aggregate row.
    pub items: Vec<Row>,
    /// The number of sub-indicators the report says it set (checked against `items`).
    pub stated_count: Option<Sp<u32>>,
    /// Project scores of a weighted-average row.
    pub projects: Vec<ProjectScore>,
    /// 未达标原因 / 扣分原因.
    pub reason: Option<Sp<String>>,
    /// 改进措施.
    pub improvement: Option<Sp<String>>,
    /// 佐证材料.
    pub evidence: Option<Sp<String>>,
    /// Author's remark (e.g. "the seed does not publish the sub-indicators").
    pub note: Option<Sp<String>>,
    pub span: Span,
}

/// 一级 or 二级指标: a named group with a weight, holding sub-groups or rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: Sp<String>,
    /// 分值; when absent, taken from the indicator system or the sum of the rows.
    pub weight: Option<Sp<Decimal>>,
    /// A score stated for the whole group (when its rows are not published).
    pub score: Option<Sp<Decimal>>,
    pub reason: Option<Sp<String>>,
    pub improvement: Option<Sp<String>>,
    pub note: Option<Sp<String>>,
    /// 二级指标 (only under a 一级 group).
    pub groups: Vec<Group>,
    /// 三级指标.
    pub rows: Vec<Row>,
    pub span: Span,
}

/// The Markdown narrative after the front-matter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Body {
    pub text: String,
    /// Byte offset of `text` in the file.
    pub offset: usize,
}

/// 绩效自评报告: one Markdown file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Path relative to the site root, with `/` separators (`content/2023/gz-gxj.md`).
    pub source: String,
    pub kind: ReportKind,
    pub layout: Layout,
    /// The indicator system (指标体系) id, e.g. `gz-department-city`.
    pub system: Sp<String>,
    /// 部门名称 / 填报单位名称.
    pub unit: Sp<String>,
    /// 评价年度.
    pub year: Sp<i32>,
    pub title: Sp<String>,
    /// 单位数 / 所属下级预算单位数量.
    pub sub_units: Option<Sp<u32>>,
    pub project: Option<ProjectInfo>,
    pub signoff: SignOff,
    pub budget: Vec<BudgetLine>,
    /// 年度整体绩效目标 / 预期总体目标.
    pub goals: Vec<Sp<String>>,
    /// 整体绩效目标完成情况 / 是否如期实现.
    pub completion: Option<Sp<String>>,
    /// 未能完成原因.
    pub shortfall: Option<Sp<String>>,
    /// 自评总分 as stated by the author.
    pub stated_total: Option<Sp<Decimal>>,
    /// 一级指标.
    pub groups: Vec<Group>,
    pub body: Body,
}

/// Reads front-matter trees into typed values, collecting every problem.
pub struct Reader<'a> {
    pub diags: &'a mut Vec<Diagnostic>,
}

/// The fields of a map, read once each; whatever is left at the end is an unknown field.
pub struct Fields<'n> {
    entries: Vec<(&'n Node, &'n Node, bool)>,
    pub span: Span,
}

impl<'n> Fields<'n> {
    pub fn take(&mut self, key: &str) -> Option<&'n Node> {
        for e in self.entries.iter_mut() {
            if !e.2 && e.0.as_str() == Some(key) {
                e.2 = true;
                if matches!(e.1.value, Value::Null) {
                    return None;
                }
                return Some(e.1);
            }
        }
        None
    }
    fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|e| e.0.as_str() == Some(key))
            .map(|e| e.0.span)
    }
}

impl Reader<'_> {
    pub fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Opens a map, or reports that a map was expected.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what_zh: &str,
        what_en: &str,
    ) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(m) => Some(Fields {
                entries: m.iter().map(|(k, v)| (k, v, false)).collect(),
                span: node.span,
            }),
            _ => {
                self.err(type_error(
                    node,
                    &format!("{what_zh}应为键值表"),
                    &format!("{what_en} must be a mapping"),
                ));
                None
            }
        }
    }

    /// Reports every field not taken, suggesting the closest known name.
    pub fn finish(&mut self, f: Fields<'_>, known: &[&str], ctx_zh: &str) {
        for (k, _, used) in &f.entries {
            if *used {
                continue;
            }
            let raw = k.as_str().unwrap_or("");
            if known.contains(&raw) {
                continue; // taken but empty
            }
            let name = crate::diag::excerpt(raw);
            let mut d = Diagnostic::error(
                "unknown-field",
                Some(k.span),
                format!("{ctx_zh}中有未知字段“{name}”"),
                format!("unknown field `{name}`"),
            );
            d = match suggest(raw, known) {
                Some(s) => d.with_hint(format!("是否应为“{s}”？（did you mean `{s}`?）")),
                // `{spent: 1,033.48}`: in braces a comma separates entries, so the figure was cut.
                None if raw.starts_with(|c: char| c.is_ascii_digit()) => d.with_hint(
                    "在 { } 里逗号用来分隔字段，带千分位的数字会被拆开：请给数字加引号，如 spent: '1,033.48'（quote figures with thousands separators inside braces）",
                ),
                None => d.with_hint(format!("可用字段（known fields）: {}", known.join(", "))),
            };
            self.err(d);
        }
    }

    pub fn require<'n>(
        &mut self,
        f: &mut Fields<'n>,
        key: &str,
        ctx_zh: &str,
        hint: &str,
    ) -> Option<&'n Node> {
        let n = f.take(key);
        if n.is_none() {
            let span = f
                .key_span(key)
                .or(Some(Span::new(f.span.start, f.span.start)));
            self.err(
                Diagnostic::error(
                    "missing-field",
                    span,
                    format!("{ctx_zh}缺少必填字段“{key}”"),
                    format!("required field `{key}` is missing"),
                )
                .with_hint(hint.to_string()),
            );
        }
        n
    }

    pub fn text(&mut self, node: &Node) -> Option<Sp<String>> {
        match &node.value {
            Value::Scalar { text, .. } => Some(Sp::new(text.trim().to_string(), node.span)),
            Value::Seq(items) => {
                // A list of lines is accepted where a text is expected: joined with line breaks.
                let mut parts = Vec::new();
                for i in items {
                    parts.push(self.text(i)?.value);
                }
                Some(Sp::new(parts.join("\n"), node.span))
            }
            _ => {
                self.err(type_error(
                    node,
                    &format!("此处应为文字，不能是{}", node.kind_zh()),
                    "expected text",
                ));
                None
            }
        }
    }

    /// A text field: like [`Reader::text`], naming the field when the value is not text.
    pub fn text_field(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Map(_) => {
                self.err(
                    type_error(
                        node,
                        &format!("“{key}”应为文字，不能是{}", node.kind_zh()),
                        &format!("`{key}` must be text"),
                    )
                    .with_hint(format!(
                        "写在同一行：{key}: ……；多行文字可写成 {key}: | 再换行缩进"
                    )),
                );
                None
            }
            _ => self.text(node),
        }
    }

    pub fn opt_text(&mut self, f: &mut Fields<'_>, key: &str) -> Option<Sp<String>> {
        let n = f.take(key)?;
        self.text_field(n, key)
    }

    pub fn decimal(&mut self, node: &Node, what_zh: &str) -> Option<Sp<Decimal>> {
        let s = scalar_or_err(self, node, what_zh)?;
        match number::parse_decimal(s) {
            Ok(d) => Some(Sp::new(d, node.span)),
            Err(e) => {
                self.err(number_error(node, what_zh, s, &e));
                None
            }
        }
    }

    pub fn opt_decimal(
        &mut self,
        f: &mut Fields<'_>,
        key: &str,
        what_zh: &str,
    ) -> Option<Sp<Decimal>> {
        let n = f.take(key)?;
        self.decimal(n, what_zh)
    }

    pub fn opt_percent(
        &mut self,
        f: &mut Fields<'_>,
        key: &str,
        what_zh: &str,
    ) -> Option<Sp<Decimal>> {
        let n = f.take(key)?;
        let s = scalar_or_err(self, n, what_zh)?;
        match number::parse_percent(s) {
            Ok(d) => Some(Sp::new(d, n.span)),
            Err(e) => {
                self.err(
                    number_error(n, what_zh, s, &e)
                        .with_hint("百分比写作 92.31% 或 92.31（write as 92.31%）"),
                );
                None
            }
        }
    }

    pub fn count(&mut self, node: &Node, what_zh: &str) -> Option<Sp<u32>> {
        let d = self.decimal(node, what_zh)?;
        if d.value.fract().is_zero()
            && d.value >= Decimal::ZERO
            && d.value <= Decimal::from(1_000_000)
        {
            Some(Sp::new(d.value.try_into().unwrap_or(0), d.span))
        } else {
            self.err(
                Diagnostic::error(
                    "bad-count",
                    Some(node.span),
                    format!("{what_zh}应为非负整数"),
                    "expected a whole number",
                )
                .with_hint("例如 19（e.g. 19）"),
            );
            None
        }
    }

    pub fn list<'n>(&mut self, node: &'n Node, what_zh: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            _ => {
                self.err(
                    type_error(node, &format!("{what_zh}应为列表"), "expected a list").with_hint(
                        "每项以“- ”开头，另起一行（start each item with `- ` on its own line）",
                    ),
                );
                &[]
            }
        }
    }
}

fn scalar_or_err<'n>(r: &mut Reader<'_>, node: &'n Node, what_zh: &str) -> Option<&'n str> {
    match node.as_str() {
        Some(s) => Some(s),
        None => {
            r.err(type_error(
                node,
                &format!("{what_zh}应为数字，不能是{}", node.kind_zh()),
                "expected a number",
            ));
            None
        }
    }
}

pub fn type_error(node: &Node, zh: &str, en: &str) -> Diagnostic {
    let hint = if en.contains("mapping") {
        "在下一行缩进两个空格，逐行写出各字段，如 name: ……（write its fields on the lines below, indented）"
    } else if en.contains("list") {
        "每项以“- ”开头，另起一行并缩进（start each item with `- ` on its own line）"
    } else if en.contains("number") || en.contains("year") {
        "在冒号后写一个数字，如 weight: 40 或 rate: 92.31%（write one figure after the colon）"
    } else {
        "在冒号后写一段文字；多行文字写成 key: | 再换行缩进（write the text after the colon）"
    };
    Diagnostic::error(
        "wrong-type",
        Some(node.span),
        zh.to_string(),
        format!("{en}, found {}", node.kind_en()),
    )
    .with_hint(hint)
}

pub fn number_error(node: &Node, what_zh: &str, text: &str, e: &NumberError) -> Diagnostic {
    // A run of digits too long for any figure is too large, not "not a number".
    let n = number::normalize(text);
    let digits = n
        .trim_end_matches(['%', '分', '元', '万'])
        .trim_start_matches(['-', '+']);
    let e = if *e == NumberError::NotANumber
        && digits.chars().filter(char::is_ascii_digit).count() > 20
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        &NumberError::TooLarge
    } else {
        e
    };
    let hint = match e {
        NumberError::TooLarge => format!(
            "金额以万元计，分值、权重不超过 100；数值上限为 {}（amounts are in 万元）",
            number::MAX_ABS
        ),
        NumberError::TooManyDecimals => "保留两位小数即可，如 0.02（two decimals are enough）".to_string(),
        NumberError::Separator => "小数点请用“.”，如 1033.48；逗号只作千分位，三位一组，如 1,033.48（the decimal mark is a point）".to_string(),
        _ => "数字可写千分位、全角数字和单位，如 303,054.14、３０３０５４.１４、1435万元、92.31%；不接受科学计数法和中文数字（write the figure in digits）".to_string(),
    };
    Diagnostic::error(
        "bad-number",
        Some(node.span),
        format!("{what_zh}“{}”{}", crate::diag::excerpt(text), e.zh()),
        e.en().to_string(),
    )
    .with_hint(hint)
}

/// The closest known name within edit distance 3 (or sharing a long prefix).
pub fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 3.min(k.len().max(name.len()) / 2 + 1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

const REPORT_FIELDS: [&str; 16] = [
    "kind",
    "layout",
    "system",
    "unit",
    "year",
    "title",
    "sub_units",
    "project",
    "signoff",
    "budget",
    "goals",
    "completion",
    "shortfall",
    "stated_total",
    "indicators",
    "draft",
];
const GROUP_FIELDS: [&str; 8] = [
    "name",
    "weight",
    "score",
    "reason",
    "improvement",
    "note",
    "groups",
    "rows",
];
const ROW_FIELDS: [&str; 23] = [
    "name",
    "weight",
    "rule",
    "explanation",
    "criteria",
    "target",
    "actual",
    "score",
    "result",
    "over_reason",
    "rate",
    "spent",
    "budget",
    "pending",
    "cut",
    "adjust_reason",
    "items",
    "stated_count",
    "projects",
    "reason",
    "improvement",
    "evidence",
    "note",
];
const SIGNOFF_FIELDS: [&str; 6] = ["unit", "filler", "contact", "phone", "email", "date"];
const PROJECT_FIELDS: [&str; 4] = ["name", "level", "basis", "amount"];
const PROJECT_SCORE_FIELDS: [&str; 5] = ["name", "score", "report", "out_of", "weight"];
const BUDGET_LINE_FIELDS: [&str; 3] = ["budget", "spent", "rate"];

/// Earliest and latest 评价年度 accepted.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a report from its front-matter tree. Returns `None` when a required part is unusable; all
/// problems are pushed to `diags` either way.
pub fn read_report(
    tree: &Node,
    source: &str,
    body: Body,
    diags: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let mut r = Reader { diags };
    if matches!(tree.value, Value::Null) {
        r.err(
            Diagnostic::error("empty-front-matter", Some(tree.span), "数据块（front-matter）是空的", "front-matter is empty")
                .with_hint("在两行 --- 之间写报告数据：kind、system、unit、year、title、indicators，见 docs/format.md"),
        );
        return None;
    }
    let mut f = r.fields(tree, "front-matter", "front-matter")?;
    let kind = r
        .require(
            &mut f,
            "kind",
            "报告",
            "kind: department（部门整体）或 kind: project（项目）",
        )
        .and_then(|n| match n.as_str().map(str::trim) {
            Some("department" | "部门整体" | "部门整体支出") => {
                Some(ReportKind::Department)
            }
            Some("project" | "项目" | "项目支出") => Some(ReportKind::Project),
            _ => {
                r.err(
                    Diagnostic::error(
                        "bad-kind",
                        Some(n.span),
                        "报告类型无法识别",
                        "unknown report kind",
                    )
                    .with_hint("kind 只能是 department（部门整体支出）或 project（项目支出）"),
                );
                None
            }
        });
    let layout = match f.take("layout") {
        None => Some(Layout::Report),
        Some(n) => match n.as_str().map(str::trim) {
            Some("table" | "表") => Some(Layout::Table),
            Some("report" | "报告" | "说明") => Some(Layout::Report),
            _ => {
                r.err(
                    Diagnostic::error("bad-layout", Some(n.span), "版式无法识别", "unknown layout")
                        .with_hint("layout 只能是 table（自评表）或 report（自评报告）"),
                );
                None
            }
        },
    };
    let system = r
        .require(&mut f, "system", "报告", "例如 system: gz-department-city")
        .and_then(|n| r.text_field(n, "system"));
    let unit = r
        .require(&mut f, "unit", "报告", "例如 unit: 广州市工业和信息化局")
        .and_then(|n| r.text_field(n, "unit"));
    let year = r
        .require(&mut f, "year", "报告", "例如 year: 2023")
        .and_then(|n| read_year(&mut r, n));
    let title = r
        .require(
            &mut f,
            "title",
            "报告",
            "例如 title: 部门整体支出绩效自评报告",
        )
        .and_then(|n| r.text_field(n, "title"));
    let sub_units = f.take("sub_units").and_then(|n| r.count(n, "单位数"));
    let project = f.take("project").and_then(|n| read_project(&mut r, n));
    let signoff = f
        .take("signoff")
        .map(|n| read_signoff(&mut r, n))
        .unwrap_or_default();
    let budget = f
        .take("budget")
        .map(|n| read_budget(&mut r, n))
        .unwrap_or_default();
    let goals = match f.take("goals") {
        None => Vec::new(),
        Some(n) => match &n.value {
            Value::Seq(items) => items.iter().filter_map(|i| r.text(i)).collect(),
            _ => r.text(n).into_iter().collect(),
        },
    };
    let completion = r.opt_text(&mut f, "completion");
    let shortfall = r.opt_text(&mut f, "shortfall");
    let stated_total = r.opt_decimal(&mut f, "stated_total", "自评总分");
    let _draft = f.take("draft");
    let groups = match r.require(
        &mut f,
        "indicators",
        "报告",
        "indicators 列出一级指标，见 docs/format.md",
    ) {
        Some(n) => r
            .list(n, "indicators")
            .iter()
            .filter_map(|g| read_group(&mut r, g, 1))
            .collect(),
        None => Vec::new(),
    };
    r.finish(f, &REPORT_FIELDS, "报告");
    unique_names(
        &mut r,
        groups.iter().map(|g| &g.name),
        "一级指标",
        "level-1 indicator",
    );
    Some(Report {
        source: source.to_string(),
        kind: kind?,
        layout: layout?,
        system: system?,
        unit: unit?,
        year: year?,
        title: title?,
        sub_units,
        project,
        signoff,
        budget,
        goals,
        completion,
        shortfall,
        stated_total,
        groups,
        body,
    })
}

/// A group or indicator that appears twice among its siblings: an error at the second, showing the
/// first (two rows of the same name cannot both be scored, quoted or published).
fn unique_names<'a>(
    r: &mut Reader<'_>,
    names: impl Iterator<Item = &'a Sp<String>>,
    what_zh: &str,
    what_en: &str,
) {
    let mut seen: std::collections::HashMap<&str, &Sp<String>> = std::collections::HashMap::new();
    for n in names {
        match seen.get(n.value.as_str()) {
            Some(first) => {
                let name = crate::diag::excerpt(&n.value);
                r.err(
                    Diagnostic::error(
                        "duplicate-name",
                        Some(n.span),
                        format!("{what_zh}“{name}”重复出现"),
                        format!("{what_en} `{name}` appears twice"),
                    )
                    .with_related(first.span, "首次出现在这里（first listed here）")
                    .with_hint("同一级中每个指标只能列一次：合并两处的内容，或改正其中一个名称"),
                );
            }
            None => {
                seen.insert(&n.value, n);
            }
        }
    }
}

fn read_year(r: &mut Reader<'_>, n: &Node) -> Option<Sp<i32>> {
    if n.as_str().is_none() {
        r.err(type_error(
            n,
            &format!("评价年度应为年份，不能是{}", n.kind_zh()),
            "expected a year",
        ));
        return None;
    }
    let s = n
        .as_str()
        .unwrap_or("")
        .trim()
        .trim_end_matches("年度")
        .trim_end_matches('年');
    let y = number::normalize(s).parse::<i32>().ok();
    match y {
        Some(y) if YEARS.contains(&y) => Some(Sp::new(y, n.span)),
        _ => {
            r.err(
                Diagnostic::error(
                    "bad-year",
                    Some(n.span),
                    format!(
                        "评价年度“{}”不是有效年份",
                        crate::diag::excerpt(n.as_str().unwrap_or(""))
                    ),
                    "impossible year",
                )
                .with_hint(format!(
                    "年份应在 {} 至 {} 之间，如 2023",
                    YEARS.start(),
                    YEARS.end()
                )),
            );
            None
        }
    }
}

fn read_project(r: &mut Reader<'_>, n: &Node) -> Option<ProjectInfo> {
    let mut f = r.fields(n, "project", "project")?;
    let name = r.opt_text(&mut f, "name");
    let level = r.opt_text(&mut f, "level");
    let basis = match f.take("basis") {
        None => Vec::new(),
        Some(b) => match &b.value {
            Value::Seq(items) => items.iter().filter_map(|i| r.text(i)).collect(),
            _ => r.text(b).into_iter().collect(),
        },
    };
    let amount = r.opt_decimal(&mut f, "amount", "评价金额");
    r.finish(f, &PROJECT_FIELDS, "项目基本情况");
    Some(ProjectInfo {
        name,
        level,
        basis,
        amount,
    })
}

fn read_signoff(r: &mut Reader<'_>, n: &Node) -> SignOff {
    let Some(mut f) = r.fields(n, "signoff", "signoff") else {
        return SignOff::default();
    };
    let s = SignOff {
        unit: r.opt_text(&mut f, "unit"),
        filler: r.opt_text(&mut f, "filler"),
        contact: r.opt_text(&mut f, "contact"),
        phone: r.opt_text(&mut f, "phone"),
        email: r.opt_text(&mut f, "email"),
        date: r.opt_text(&mut f, "date"),
    };
    if let Some(d) = &s.date
        && !valid_date(&d.value)
    {
        r.err(
            Diagnostic::error(
                "bad-date",
                Some(d.span),
                format!("填报日期“{}”不是有效日期", crate::diag::excerpt(&d.value)),
                "impossible date",
            )
            .with_hint("写作 2025年6月20日 或 2025-06-20（write as 2025-06-20）"),
        );
    }
    r.finish(f, &SIGNOFF_FIELDS, "签章信息");
    s
}

/// Accepts `2025年6月20日`, `2025年6月20`, `2025-06-20`, `2025/6/20`, `2025.6.20` with a real date.
pub fn valid_date(s: &str) -> bool {
    let n = number::normalize(s);
    let parts: Vec<&str> = n
        .split(['年', '月', '日', '-', '/', '.'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let Some(nums) = nums else { return false };
    let [y, m, d] = nums[..] else { return false };
    if !YEARS.contains(&(y as i32)) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1];
    d <= days
}

fn read_budget(r: &mut Reader<'_>, n: &Node) -> Vec<BudgetLine> {
    let Some(mut f) = r.fields(n, "budget", "budget") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, label) in BUDGET_LINES {
        let Some(v) = f.take(key) else { continue };
        match &v.value {
            Value::Map(_) => {
                let Some(mut lf) = r.fields(v, label, key) else {
                    continue;
                };
                let budget = r
                    .require(&mut lf, "budget", label, "例如 budget: 79,776.38")
                    .and_then(|b| r.decimal(b, "预算数"));
                let spent = r.opt_decimal(&mut lf, "spent", "执行数");
                let stated_rate = r.opt_percent(&mut lf, "rate", "执行率");
                r.finish(lf, &BUDGET_LINE_FIELDS, label);
                if let Some(budget) = budget {
                    out.push(BudgetLine {
                        key: key.to_string(),
                        budget,
                        spent,
                        stated_rate,
                    });
                }
            }
            _ => {
                if let Some(budget) = r.decimal(v, label) {
                    out.push(BudgetLine {
                        key: key.to_string(),
                        budget,
                        spent: None,
                        stated_rate: None,
                    });
                }
            }
        }
    }
    let known: Vec<&str> = BUDGET_LINES.iter().map(|(k, _)| *k).collect();
    r.finish(f, &known, "预算情况");
    out
}

fn read_group(r: &mut Reader<'_>, n: &Node, level: u8) -> Option<Group> {
    let ctx = if level == 1 {
        "一级指标"
    } else {
        "二级指标"
    };
    let mut f = r.fields(n, ctx, "indicator group")?;
    let name = r
        .require(&mut f, "name", ctx, "例如 name: 履职效能")
        .and_then(|v| r.text_field(v, "name"));
    let weight = r.opt_decimal(&mut f, "weight", "分值");
    let score = r.opt_decimal(&mut f, "score", "得分");
    let reason = r.opt_text(&mut f, "reason");
    let improvement = r.opt_text(&mut f, "improvement");
    let note = r.opt_text(&mut f, "note");
    let groups = match f.take("groups") {
        Some(g) if level == 1 => r
            .list(g, "groups")
            .iter()
            .filter_map(|g| read_group(r, g, 2))
            .collect(),
        Some(g) => {
            r.err(
                Diagnostic::error(
                    "too-deep",
                    Some(g.span),
                    "二级指标下不能再有 groups",
                    "groups nest two levels at most",
                )
                .with_hint("在二级指标下用 rows 列出三级指标"),
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let rows = match f.take("rows") {
        Some(v) => r
            .list(v, "rows")
            .iter()
            .filter_map(|row| read_row(r, row, 0))
            .collect(),
        None => Vec::new(),
    };
    r.finish(f, &GROUP_FIELDS, ctx);
    unique_names(
        r,
        groups.iter().map(|g| &g.name),
        "二级指标",
        "level-2 indicator",
    );
    unique_names(
        r,
        rows.iter().map(|g| &g.name),
        "三级指标",
        "level-3 indicator",
    );
    Some(Group {
        name: name?,
        weight,
        score,
        reason,
        improvement,
        note,
        groups,
        rows,
        span: n.span,
    })
}

fn read_row(r: &mut Reader<'_>, n: &Node, depth: u8) -> Option<Row> {
    let ctx = if depth == 0 {
        "三级指标"
    } else {
        "子指标"
    };
    let mut f = r.fields(n, ctx, "indicator")?;
    let name = r
        .require(&mut f, "name", ctx, "例如 name: 资金支出率")
        .and_then(|v| r.text_field(v, "name"));
    let weight = r.opt_decimal(&mut f, "weight", "权重");
    let rule = f.take("rule").and_then(|v| {
        let s = v.as_str().unwrap_or("").trim();
        match Rule::ALL.iter().find(|(k, _)| *k == s) {
            Some((_, rule)) => Some(Sp::new(*rule, v.span)),
            None => {
                let names: Vec<&str> = Rule::ALL.iter().map(|(k, _)| *k).collect();
                let mut d = Diagnostic::error(
                    "bad-rule",
                    Some(v.span),
                    format!("评分方法“{}”无法识别", crate::diag::excerpt(s)),
                    "unknown rule",
                );
                d = match suggest(s, &names) {
                    Some(x) => d.with_hint(format!("是否应为“{x}”？（did you mean `{x}`?）")),
                    None => d.with_hint(format!("可用（one of）: {}", names.join(", "))),
                };
                r.err(d);
                None
            }
        }
    });
    let explanation = r.opt_text(&mut f, "explanation");
    let criteria = r.opt_text(&mut f, "criteria");
    let target = r.opt_text(&mut f, "target");
    let actual = r.opt_text(&mut f, "actual");
    let score = r.opt_decimal(&mut f, "score", "自评分");
    let result = f
        .take("result")
        .and_then(|v| match v.as_str().and_then(Band::parse) {
            Some(b) => Some(Sp::new(b, v.span)),
            None => {
                r.err(
                    Diagnostic::error(
                        "bad-result",
                        Some(v.span),
                        "定性结果无法识别",
                        "unknown qualitative result",
                    )
                    .with_hint("result 只能是 达成、部分达成 或 未达成"),
                );
                None
            }
        });
    let over_reason = r.opt_text(&mut f, "over_reason");
    let rate = r.opt_percent(&mut f, "rate", "执行率");
    let spent = r.opt_decimal(&mut f, "spent", "支出数");
    let budget = r.opt_decimal(&mut f, "budget", "预算数");
    let pending = r.opt_decimal(&mut f, "pending", "待支付数");
    let cut = r.opt_decimal(&mut f, "cut", "压减数");
    let adjust_reason = r.opt_text(&mut f, "adjust_reason");
    let items = match f.take("items") {
        Some(v) if depth == 0 => r
            .list(v, "items")
            .iter()
            .filter_map(|i| read_row(r, i, 1))
            .collect(),
        Some(v) => {
            r.err(Diagnostic::error(
                "too-deep",
                Some(v.span),
                "子指标下不能再有 items",
                "items nest one level at most",
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    let stated_count = f.take("stated_count").and_then(|v| r.count(v, "指标个数"));
    let projects = match f.take("projects") {
        Some(v) => r
            .list(v, "projects")
            .iter()
            .filter_map(|p| read_project_score(r, p))
            .collect(),
        None => Vec::new(),
    };
    let reason = r.opt_text(&mut f, "reason");
    let improvement = r.opt_text(&mut f, "improvement");
    let evidence = r.opt_text(&mut f, "evidence");
    let note = r.opt_text(&mut f, "note");
    r.finish(f, &ROW_FIELDS, ctx);
    unique_names(r, items.iter().map(|i| &i.name), "子指标", "sub-indicator");
    unique_names(r, projects.iter().map(|p| &p.name), "专项项目", "project");
    Some(Row {
        name: name?,
        weight,
        rule,
        explanation,
        criteria,
        target,
        actual,
        score,
        result,
        over_reason,
        rate,
        spent,
        budget,
        pending,
        cut,
        adjust_reason,
        items,
        stated_count,
        projects,
        reason,
        improvement,
        evidence,
        note,
        span: n.span,
    })
}

fn read_project_score(r: &mut Reader<'_>, n: &Node) -> Option<ProjectScore> {
    let mut f = r.fields(n, "项目得分", "project score")?;
    let name = r
        .require(&mut f, "name", "项目得分", "项目名称")
        .and_then(|v| r.text_field(v, "name"));
    let report = r.opt_text(&mut f, "report");
    let (score, stated) = match &report {
        // The score comes from the named report; a written one is kept to be checked.
        Some(rep) => {
            let stated = r.opt_decimal(&mut f, "score", "项目得分");
            (Some(Sp::new(Decimal::ZERO, rep.span)), stated)
        }
        None => {
            let score = r
                .require(
                    &mut f,
                    "score",
                    "项目得分",
                    "项目自评得分，如 99；或用 report: 指向本站的项目自评报告",
                )
                .and_then(|v| r.decimal(v, "项目得分"));
            (score, None)
        }
    };
    let out_of = r.opt_decimal(&mut f, "out_of", "满分");
    let weight = r.opt_decimal(&mut f, "weight", "权重");
    r.finish(f, &PROJECT_SCORE_FIELDS, "项目得分");
    Some(ProjectScore {
        name: name?,
        score: score?,
        stated,
        report,
        out_of,
        weight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn read(src: &str) -> (Option<Report>, Vec<Diagnostic>) {
        let tree = yaml::parse(src, 0).unwrap();
        let mut d = Vec::new();
        let r = read_report(&tree, "content/x.md", Body::default(), &mut d);
        (r, d)
    }

    const MIN: &str = "kind: project\nsystem: gd-project\nunit: 单位\nyear: 2023\ntitle: 标题\nindicators:\n  - name: 产出\n    weight: 40\n    groups:\n      - name: 数量指标\n        rows:\n          - name: 场次\n            weight: 40\n            target: ≥5\n            actual: '7'\n";

    #[test]
    fn reads_a_minimal_report() {
        let (r, d) = read(MIN);
        assert!(d.is_empty(), "{d:?}");
        let r = r.unwrap();
        assert_eq!(r.kind, ReportKind::Project);
        assert_eq!(r.year.value, 2023);
        let row = &r.groups[0].groups[0].rows[0];
        assert_eq!(row.target.as_ref().unwrap().value, "≥5");
        assert_eq!(row.weight.as_ref().unwrap().value, Decimal::from(40));
    }

    #[test]
    fn collects_every_problem() {
        let src = MIN.replace("year: 2023", "year: 1899").replace(
            "weight: 40\n            target",
            "wieght: 40\n            target",
        ) + "stated_totl: 9\n";
        let (_, d) = read(&src);
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            ["bad-year", "unknown-field", "unknown-field"],
            "{d:?}"
        );
        assert!(d[1].hint.as_deref().unwrap().contains("weight"));
        assert!(d[2].hint.as_deref().unwrap().contains("stated_total"));
    }

    #[test]
    fn dates() {
        for ok in [
            "2025年6月20日",
            "2025年6月20",
            "2025-06-20",
            "2024/2/29",
            "２０２５年６月２０日",
        ] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "2025年2月30日",
            "2023-02-29",
            "2025-13-01",
            "昨天",
            "2025年6月",
            "1899-01-01",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }
}
