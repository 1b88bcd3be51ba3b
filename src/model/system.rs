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
    /// Decimals of every score (2: 四舍五入到分).
    #[serde(default = "two")]
    pub decimals: u32,
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
    pub weight: Decimal,
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
pub const BUILTIN: [(&str, &str); 4] = [
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

/// All built-in systems, parsed. They are tested to parse, so a failure here is a build defect.
pub fn builtin() -> Vec<System> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            parse(text).unwrap_or_else(|e| panic!("built-in system {name} is invalid: {e}"))
        })
        .collect()
}

/// Adds a site's own system (`jixiao.yaml` `systems:`), read from the file `rel`, replacing a built-in
/// one of the same id. `text` is `None` when the file is missing or outside the site.
pub fn add_site_system(
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
pub fn find_for(report: &Report, systems: &[System]) -> Result<usize, Box<Diagnostic>> {
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
