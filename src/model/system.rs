//! Indicator systems (指标体系): named, versioned data files that say which groups and rows a report
//! has, their weights, and the rule settings of a place (150% halving, reverse formula, bands).
//!
//! The systems shipped with jixiao live in `systems/*.yaml` and are compiled into the binary; a site
//! adds its own through `systems:` in its config. Nothing about a particular place is code.

use super::reader::suggest;
use super::types::{Report, ReportKind, Rule};
use crate::diag::{Diagnostic, Problem, excerpt};
use crate::load::yaml::Span;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// 反向指标计分公式.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReverseFormula {
    /// 目标值/实际值 × 权重 (template footnote).
    Ratio,
    /// (1 − (实际值 − 目标值)/目标值) × 权重, 0 at twice the target (finance software).
    Linear,
}

/// One qualitative band as percents of the weight: `[low, high]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct BandRange {
    pub low: Decimal,
    pub high: Decimal,
}

/// 定性指标三档: 达成, 部分达成, 未达成.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Bands {
    pub achieved: BandRange,
    pub partial: BandRange,
    pub failed: BandRange,
}

/// The rule settings that differ between places.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// 完成率高于150%减半得分 (strictly above; exactly 150% is not halved).
    pub halve_over_150: bool,
    pub reverse_formula: ReverseFormula,
    pub bands: Bands,
    /// Decimals of every score (2: 四舍五入到分; 0: 四舍五入保留整数).
    #[serde(default = "two")]
    pub decimals: u32,
    /// What happens to the points of a 不适用 row.
    #[serde(default)]
    pub not_applicable: NotApplicable,
    /// Row names (or parts of names) that make a plain figure a cap: lower is better (结转结余率,
    /// 预算调整率, 成本 …). When left out: 成本, 能耗, 控制.
    #[serde(default = "default_lower_is_better")]
    pub lower_is_better: Vec<String>,
    /// 得分系数表 of the `coefficient` rule: the first band whose `min` the completion reaches gives
    /// the coefficient (score = coefficient × weight). Listed from the highest `min` down.
    #[serde(default)]
    pub coefficients: Vec<CoefficientBand>,
    /// 评价等级 thresholds (优 ≥ excellent, 良 ≥ good, 中 ≥ fair, else 差); 90/80/60 when left out.
    #[serde(default)]
    pub grades: GradeBands,
    /// A judged (评判) row without a score: an error (`required`, the default), or full marks where
    /// the system's own rule says so (`full`: 广州 部门整体 "未扣分的满分").
    #[serde(default)]
    pub judged_default: JudgedDefault,
}

/// What a judged row without a score gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JudgedDefault {
    /// No score is an error at the row: never silent full marks.
    #[default]
    Required,
    /// Full marks unless a deduction is stated (the system's documented rule).
    Full,
}

/// 不适用指标的分值: left out of the total, or shared among the applicable rows of the group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NotApplicable {
    /// The row's points are taken out: the group (and the total) is out of fewer points.
    #[default]
    Exclude,
    /// The group keeps its points: its applicable rows' scores are scaled up pro rata
    /// (按适用指标得分折算).
    Redistribute,
}

/// One line of a 得分系数 table: completion at least `min` percent → `coefficient`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoefficientBand {
    pub min: Decimal,
    pub coefficient: Decimal,
}

/// 评价等级的分数线.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBands {
    pub excellent: Decimal,
    pub good: Decimal,
    pub fair: Decimal,
}

impl Default for GradeBands {
    fn default() -> Self {
        GradeBands {
            excellent: Decimal::from(90),
            good: Decimal::from(80),
            fair: Decimal::from(60),
        }
    }
}

fn default_lower_is_better() -> Vec<String> {
    ["成本", "能耗", "控制"].map(String::from).to_vec()
}

/// 项目资金表 (财预〔2020〕10号): which 一级 group its 执行率 scores, and the form's labels.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FundsSpec {
    /// The 一级 group scored from the grid (预算执行率): 执行数 / 全年预算数 × 分值, capped. Left out
    /// where the form's grid has no 分值 / 得分 of its own (银川: 预算执行率 is a 三级 row of the
    /// table): the grid is then shown with the system's labels, and not scored.
    #[serde(default)]
    pub group: Option<String>,
    /// Label of the total line (年度资金总额).
    #[serde(default = "total_label")]
    pub total: String,
    /// The 其中 lines, in the form's order: key (as written in the report) and label.
    pub lines: Vec<FundsLineSpec>,
    /// Column labels: 年初预算数, 全年预算数, 全年执行数.
    #[serde(default)]
    pub columns: FundsColumns,
}

fn total_label() -> String {
    "年度资金总额".into()
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FundsLineSpec {
    pub key: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FundsColumns {
    pub initial: String,
    pub budget: String,
    pub spent: String,
}

impl Default for FundsColumns {
    fn default() -> Self {
        FundsColumns {
            initial: "年初预算数".into(),
            budget: "全年预算数".into(),
            spent: "全年执行数".into(),
        }
    }
}

fn two() -> u32 {
    2
}

/// A 三级指标 defined by the system.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SysRow {
    pub name: String,
    pub weight: Decimal,
    #[serde(default)]
    pub rule: Option<Rule>,
    /// 指标解释.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// A 一级/二级 group defined by the system.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SysGroup {
    pub name: String,
    /// 分值; left out where the report's rows decide it (a 一级 group of free weight).
    #[serde(default)]
    pub weight: Option<Decimal>,
    /// Not reported as missing when a report leaves it out (满意度指标 on some local forms).
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub groups: Vec<SysGroup>,
    /// Fixed rows (department systems). Empty where rows are the report's own (project systems).
    #[serde(default)]
    pub rows: Vec<SysRow>,
    /// For project systems: the 二级 names allowed under this 一级 (数量指标, 质量指标, …).
    #[serde(default)]
    pub allowed: Vec<String>,
}

/// 指标体系.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: ReportKind,
    /// Where it comes from (文件依据).
    #[serde(default)]
    pub basis: Option<String>,
    /// What it is for (适用范围), in a sentence: shown by `jixiao systems`.
    #[serde(default)]
    pub purpose: Option<String>,
    pub rules: Rules,
    pub groups: Vec<SysGroup>,
    /// Other names of a group as forms write them: `满意度指标: [服务对象满意度指标, 满意度指标等]`.
    /// A group written with any of them is the group of the key.
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// The 项目资金 grid of the national form, where the system has one.
    #[serde(default)]
    pub funds: Option<FundsSpec>,
    /// The national form's indicator-table column titles as this form prints them.
    #[serde(default)]
    pub table: TableLabels,
}

/// 绩效指标表的列名 of the national layout: 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施 in
/// the 财政部 template; a local form's own (银川: 指标值（A）, 全年实际值（B）, 参考分值, 得分,
/// 未完成原因分析及改进措施).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TableLabels {
    pub target: String,
    pub actual: String,
    pub weight: String,
    pub score: String,
    pub reason: String,
}

impl Default for TableLabels {
    fn default() -> Self {
        TableLabels {
            target: "年度指标值".into(),
            actual: "实际完成值".into(),
            weight: "分值".into(),
            score: "得分".into(),
            reason: "偏差原因分析及改进措施".into(),
        }
    }
}

impl System {
    /// Finds a group by path of names (一级, then 二级).
    pub fn group(&self, l1: &str, l2: Option<&str>) -> Option<&SysGroup> {
        let g1 = self.groups.iter().find(|g| g.name == l1)?;
        match l2 {
            None => Some(g1),
            Some(n) => g1.groups.iter().find(|g| g.name == n),
        }
    }
}

/// The systems compiled into jixiao: `(file name, YAML text)`.
pub(crate) const BUILTIN: [(&str, &str); 4] = [
    (
        "gz-department-city.yaml",
        include_str!("../../systems/gz-department-city.yaml"),
    ),
    (
        "gz-department-district.yaml",
        include_str!("../../systems/gz-department-district.yaml"),
    ),
    (
        "gd-project.yaml",
        include_str!("../../systems/gd-project.yaml"),
    ),
    (
        "national-project.yaml",
        include_str!("../../systems/national-project.yaml"),
    ),
];

/// Parses a system file.
pub fn parse(text: &str) -> Result<System, serde_saphyr::Error> {
    serde_saphyr::from_str(text)
}

/// All built-in systems, parsed once per process (a `serve` session or a fuzzer loads the site many
/// times; parsing them was half of a small site's `check`). They are tested to parse, so a failure
/// here is a build defect.
pub fn builtin() -> Vec<System> {
    static PARSED: std::sync::OnceLock<Vec<System>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(name, text)| {
                    parse(text).unwrap_or_else(|e| panic!("built-in system {name} is invalid: {e}"))
                })
                .collect()
        })
        .clone()
}

/// Adds a site's own system (`jixiao.yaml` `systems:`), read from the file `rel`, replacing a built-in
/// one of the same id. `text` is `None` when the file is missing or outside the site.
pub(crate) fn add_site_system(
    systems: &mut Vec<System>,
    rel: &str,
    text: Option<&str>,
) -> Result<(), Box<Problem>> {
    let Some(text) = text else {
        let d = Diagnostic::error(
            "missing-system",
            None,
            format!("找不到指标体系文件 {rel}（须在站点目录内）"),
            "indicator system file not found inside the site",
        )
        .with_hint("检查 jixiao.yaml 中 systems: 下的路径");
        return Err(Box::new(Problem::new(&d, super::config::CONFIG_FILE, None)));
    };
    match parse(text) {
        Ok(s) => {
            systems.retain(|x| x.id != s.id);
            systems.push(s);
            Ok(())
        }
        Err(e) => {
            let d = Diagnostic::error(
                "bad-system",
                e.location()
                    .and_then(|l| l.span().byte_offset())
                    .map(|o| Span::new(o as usize, o as usize + 1)),
                "指标体系文件有误",
                e.to_string().lines().next().unwrap_or("").to_string(),
            );
            Err(Box::new(Problem::new(&d, rel, Some(text))))
        }
    }
}

/// The system a report names (`system:`), as an index into `systems`: an error at the name when
/// there is no such system or it is for the other kind of report.
pub(crate) fn find_for(report: &Report, systems: &[System]) -> Result<usize, Box<Diagnostic>> {
    let r = report;
    let Some(i) = systems.iter().position(|s| s.id == r.system.value) else {
        let ids: Vec<&str> = systems.iter().map(|s| s.id.as_str()).collect();
        let d = Diagnostic::error(
            "unknown-system",
            Some(r.system.span),
            format!("未知的指标体系“{}”", excerpt(&r.system.value)),
            "unknown indicator system",
        );
        return Err(Box::new(match suggest(&r.system.value, &ids) {
            Some(s) => d.with_hint(format!("是否应为“{s}”？可用：{}", ids.join(", "))),
            None => d.with_hint(format!("可用（available）: {}", ids.join(", "))),
        }));
    };
    if systems[i].kind != r.kind {
        return Err(Box::new(Diagnostic::error(
            "system-kind-mismatch",
            Some(r.system.span),
            format!(
                "指标体系“{}”用于{}，与报告类型{}不符",
                systems[i].id,
                systems[i].kind.zh(),
                r.kind.zh()
            ),
            "the indicator system is for another kind of report",
        )));
    }
    Ok(i)
}

#[cfg(test)]
mod tests;
