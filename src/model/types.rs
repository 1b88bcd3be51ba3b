//! The typed report: 报告, 一级/二级指标 (groups), 三级指标 (rows), 预算 (budget lines), 签署 (sign-off).

use crate::load::yaml::Span;
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
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
    /// 项目支出绩效自评表 of 财预〔2020〕10号: header, 项目资金 grid, 年度总体目标 side by side, the
    /// indicator table with 年度指标值 / 实际完成值, 总分 and 自评等级.
    National,
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
    /// 得分系数: score = coefficient × weight, the coefficient from the system's band table.
    Coefficient,
    /// 汇总: the sum of listed sub-indicators (部门整体产出/效益指标完成情况).
    Aggregate,
    /// 加权平均: the weighted average of project scores (专项资金绩效完成情况).
    Projects,
}

impl Rule {
    pub(crate) const ALL: [(&'static str, Rule); 7] = [
        ("quantitative", Rule::Quantitative),
        ("qualitative", Rule::Qualitative),
        ("rate", Rule::Rate),
        ("judged", Rule::Judged),
        ("coefficient", Rule::Coefficient),
        ("aggregate", Rule::Aggregate),
        ("projects", Rule::Projects),
    ];
    pub fn zh(self) -> &'static str {
        match self {
            Rule::Quantitative => "定量",
            Rule::Qualitative => "定性",
            Rule::Rate => "比率",
            Rule::Judged => "评判",
            Rule::Coefficient => "得分系数",
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
            "达成" | "全部达成" | "基本达成" | "全部或基本达成" | "达成预期指标" | "achieved" => {
                Some(Band::Achieved)
            }
            "部分达成" | "部分达成预期指标并具有一定效果" | "部分达成预期指标" | "partial" => {
                Some(Band::Partial)
            }
            "未达成" | "未达成预期指标且效果较差" | "未达成预期指标" | "failed" => {
                Some(Band::Failed)
            }
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
pub(crate) const BUDGET_LINES: [(&str, &str); 10] = [
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

pub(crate) fn budget_label(key: &str) -> &'static str {
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
    /// 主管部门.
    pub department: Option<Sp<String>>,
    /// 实施单位.
    pub implementer: Option<Sp<String>>,
    /// 项目负责人.
    pub manager: Option<Sp<String>>,
    /// 联系电话 (of the 项目负责人).
    pub phone: Option<Sp<String>>,
    /// 财务负责人 (some local forms).
    pub finance_lead: Option<Sp<String>>,
    /// 项目实施内容及过程概述 (some local forms).
    pub summary: Option<Sp<String>>,
}

/// 指标方向, as a row states it (`direction: lower`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 正向: more is better.
    Higher,
    /// 反向: less is better (结转结余率, 投诉率, 成本).
    Lower,
    /// 等值: exactly the figure.
    Equal,
}

/// One line of the 项目资金（万元） grid: 年初预算数, 全年预算数, 全年执行数 in 万元.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundsLine {
    /// `total` (年度资金总额) or a key of the system's 其中 lines (`appropriation` …).
    pub key: Sp<String>,
    pub initial: Option<Sp<Decimal>>,
    pub budget: Option<Sp<Decimal>>,
    pub spent: Option<Sp<Decimal>>,
    /// 执行率 as the form states it (total line), checked.
    pub stated_rate: Option<Sp<Decimal>>,
    /// 得分 as the form states it (total line), checked against the grid.
    pub stated_score: Option<Sp<Decimal>>,
    /// The line's label as this form prints it (`其中：当年财政拨款` where the system says 本年).
    pub label: Option<Sp<String>>,
}

/// 项目资金（万元）: the national form's grid; its 执行率 scores the system's funds group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Funds {
    /// The amount unit as declared (`unit: 元`); amounts are converted to 万元 when read.
    pub unit: Option<Sp<String>>,
    /// 分值 of the grid (10 in the template); the system's group weight when left out.
    pub weight: Option<Sp<Decimal>>,
    /// 年度资金总额.
    pub total: Option<FundsLine>,
    /// 其中 lines, as written.
    pub lines: Vec<FundsLine>,
    pub span: Span,
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
    /// 指标性质 in its own column (`≥`, `=`, `不低于`): joined before the target's figure.
    pub op: Option<Sp<String>>,
    /// 度量单位 in its own column (`%`, `个`): joined after the target's (and a bare actual's) figure.
    pub unit: Option<Sp<String>>,
    /// 指标方向 as stated; otherwise read from the comparator and the system's lower-is-better names.
    pub direction: Option<Sp<Direction>>,
    /// 核心指标 (`core: true`, or ★ before the name).
    pub core: bool,
    /// 复核分: the finance bureau's review score, beside the 自评分.
    pub review: Option<Sp<Decimal>>,
    /// 不适用 (weight written `/`, `不适用` or left blank): shown, left out of the total.
    pub not_applicable: Option<Span>,
    /// 得分系数 as the author states it (coefficient rows), checked against the system's table.
    pub coefficient: Option<Sp<Decimal>>,
    /// 推算: the row's figures (a weight, a score) are not published in the original and were
    /// estimated by whoever transcribed it; the text says what (empty for `reconstructed: true`).
    /// Shown on the page beside the row.
    pub reconstructed: Option<Sp<String>>,
    pub span: Span,
}

impl Row {
    /// Where a problem with the row's figures is pointed at: its 实际值, else its 目标值, else its
    /// name.
    pub(crate) fn value_span(&self) -> Span {
        self.actual
            .as_ref()
            .or(self.target.as_ref())
            .map_or(self.name.span, |s| s.span)
    }
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
    /// 推算: the group's stated score (or weight) was estimated by the transcriber; see
    /// [`Row::reconstructed`].
    pub reconstructed: Option<Sp<String>>,
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
    /// 草稿 (`draft: true`, which `jixiao new` writes): the place of the key. A draft's rows without
    /// data are warnings, not errors, so that a skeleton builds for a preview; the draft itself is a
    /// warning, so that `--strict` (the CI files) never publishes one.
    pub draft: Option<Span>,
    /// 一级指标.
    pub groups: Vec<Group>,
    /// 项目资金（万元） of the national form.
    pub funds: Option<Funds>,
    /// 自评等级 as the form states it (checked against the grade of the total).
    pub stated_grade: Option<Sp<String>>,
    /// The amount unit of `budget:` as declared (amounts are converted to 万元 when read).
    pub budget_unit: Option<Sp<String>>,
    pub body: Body,
}
