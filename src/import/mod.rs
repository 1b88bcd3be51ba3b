//! `jixiao import`: reading a 自评表 workbook into a report file of jixiao's format.
//!
//! Three forms are known (docs/excel.md): the 广东 部门整体支出绩效自评表 (seed 000), the 广东 项目绩效
//! 自评指标评分表 (seed 001) and the 财政部 项目支出绩效自评表 (财预〔2020〕10号). The indicator table is
//! found by its column titles ([`header`]), its rows read with merged 一级/二级 cells ([`grid`]), the
//! labelled cells around it ([`fields`]) give the unit, the year, the project and the funds. What a
//! form states as scores becomes `score:`, so `jixiao check` compares them with its own figures. A
//! workbook in no known layout is refused with what was not found; nothing is half written.

pub mod emit;
pub mod fields;
mod funds;
pub mod grid;
pub mod header;
mod meta;
pub mod sheet;

use crate::model::system::System;
use grid::ImportedGroup;
use rust_decimal::Decimal;
use std::path::Path;

/// The keyword of an exported workbook's document properties that names its system.
pub(crate) const SYSTEM_KEYWORD: &str = "jixiao-system:";

/// The form a workbook follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// 广东 部门整体支出绩效自评表.
    Department,
    /// 广东 项目绩效自评指标评分表.
    GdProject,
    /// 财政部 项目支出绩效自评表.
    National,
}

impl Form {
    pub fn zh(self) -> &'static str {
        match self {
            Form::Department => "部门整体支出绩效自评表（广东）",
            Form::GdProject => "项目绩效自评指标评分表（广东）",
            Form::National => "项目支出绩效自评表（财预〔2020〕10号）",
        }
    }
    fn default_title(self) -> &'static str {
        match self {
            Form::Department => "部门整体支出绩效自评表",
            Form::GdProject => "项目绩效自评指标评分表",
            Form::National => "项目支出绩效自评表",
        }
    }
}

/// What the command line adds to the workbook.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--system`: the indicator system, instead of the one the form implies.
    pub system: Option<String>,
    /// `--unit`, `--year`: where the workbook does not say.
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// `--sheet`: the worksheet, instead of the first that holds an indicator table.
    pub sheet: Option<String>,
}

/// 项目基本情况.
#[derive(Clone, Debug, Default)]
pub struct ProjectFields {
    pub name: Option<String>,
    pub level: Option<String>,
    pub amount: Option<Decimal>,
    pub basis: Vec<String>,
    /// The national form's 主管部门, 实施单位, 项目负责人 and 联系电话.
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub manager: Option<String>,
    pub phone: Option<String>,
}

/// One line of the national form's 项目资金（万元） grid: its key in the report (`total`, or the
/// system's key of the line: `appropriation`, `carryover` …) and its figures; 执行率 and 得分 as
/// stated (the total line's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FundsCells {
    pub key: String,
    /// The line's label as the workbook prints it, where it differs from the system's
    /// (`其中：当年财政拨款` for the 财政部 form's 本年).
    pub label: Option<String>,
    pub initial: Option<Decimal>,
    pub budget: Option<Decimal>,
    pub spent: Option<Decimal>,
    /// 执行率 as stated, in percent.
    pub rate: Option<Decimal>,
    pub score: Option<Decimal>,
}

/// The national form's 项目资金（万元）: 分值 and the lines, 年度资金总额 first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedFunds {
    pub weight: Option<Decimal>,
    pub lines: Vec<FundsCells>,
}

/// 签章信息.
#[derive(Clone, Debug, Default)]
pub struct SignoffFields {
    pub unit: Option<String>,
    pub filler: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub date: Option<String>,
}

/// One budget line (万元).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetCell {
    pub key: &'static str,
    pub budget: Decimal,
    pub spent: Option<Decimal>,
    /// 执行率 as stated, in percent.
    pub rate: Option<Decimal>,
}

/// A workbook read: everything the report file will say.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The comment at the top of the file: where it comes from.
    pub origin: String,
    /// Further comments (what the format has no field for).
    pub notes: Vec<String>,
    pub file_name: String,
    pub sheet: String,
    pub form: Form,
    /// `department` or `project`.
    pub kind: &'static str,
    pub system: String,
    pub unit: String,
    pub year: i32,
    pub title: String,
    pub sub_units: Option<u32>,
    pub project: ProjectFields,
    pub signoff: SignoffFields,
    pub budget: Vec<BudgetCell>,
    /// The national form's funds grid (`layout: national`).
    pub funds: Option<ImportedFunds>,
    pub goals: Vec<String>,
    pub completion: Option<String>,
    pub shortfall: Option<String>,
    pub stated_total: Option<Decimal>,
    pub groups: Vec<ImportedGroup>,
}

/// Why a workbook could not be imported, in the user's terms.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Sheet(#[from] sheet::SheetError),
    #[error(
        "{file} 中找不到自评表的指标表头（the indicator table was not found）：{}",
        .sheets.iter().map(|(s, m)| format!("工作表“{s}”缺少“{}”", m.join("”“"))).collect::<Vec<_>>().join("；")
    )]
    NoTable {
        file: String,
        sheets: Vec<(String, Vec<&'static str>)>,
    },
    #[error("{file} 中没有工作表“{name}”（no such sheet）；有：{}", .known.join("、"))]
    NoSheet {
        file: String,
        name: String,
        known: Vec<String>,
    },
    #[error("{cell} 的{what}“{text}”无法读取：{why}（cell {cell} cannot be read）")]
    BadCell {
        cell: String,
        what: String,
        text: String,
        why: String,
    },
    #[error("{sheet} 中找不到{what}（not found in the workbook）；请用 {flag} 给出")]
    Missing {
        sheet: String,
        what: &'static str,
        flag: &'static str,
    },
    #[error(
        "工作表“{sheet}”的指标表头（第 {row} 行）下没有指标行（the indicator table has no rows）"
    )]
    NoRows { sheet: String, row: usize },
    #[error("没有指标体系“{id}”（unknown system）；可用：{}", .known.join("、"))]
    UnknownSystem { id: String, known: Vec<String> },
    #[error(
        "没有与工作表“{sheet}”中的指标相符的部门整体指标体系（no department system matches the rows）；请用 --system 指定，可用：{}",
        .known.join("、")
    )]
    NoMatchingSystem { sheet: String, known: Vec<String> },
}

impl ImportError {
    /// 2 for a file that cannot be read, 1 for a workbook that is not a known form.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            ImportError::Sheet(_) | ImportError::UnknownSystem { .. } => 2,
            _ => 1,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ImportError::NoTable { .. } => Some(
                "指标表头应有“一级指标”“二级指标”“三级指标”和“得分”（或“自评分”“自评分数”）等列标题；见 docs/excel.md",
            ),
            ImportError::Missing { .. } => Some("或在工作簿中补上这一格后再导入"),
            _ => None,
        }
    }
}

/// Reads the workbook at `path` with the site's `systems`.
pub fn import(path: &Path, opts: &Options, systems: &[System]) -> Result<Imported, ImportError> {
    let book = sheet::read(path)?;
    let sheets = book.sheets;
    let file = crate::diag::printable(&path.display().to_string());
    let chosen: Vec<&sheet::Sheet> =
        match &opts.sheet {
            Some(name) => {
                let s = sheets.iter().find(|s| &s.name == name).ok_or_else(|| {
                    ImportError::NoSheet {
                        file: file.clone(),
                        name: name.clone(),
                        known: sheets.iter().map(|s| s.name.clone()).collect(),
                    }
                })?;
                vec![s]
            }
            None => sheets.iter().collect(),
        };
    let found = chosen.iter().find_map(|s| header::find(s).map(|h| (*s, h)));
    let Some((sheet, head)) = found else {
        return Err(ImportError::NoTable {
            file,
            sheets: chosen
                .iter()
                .map(|s| (s.name.clone(), header::missing(s)))
                .collect(),
        });
    };
    let table = grid::read(sheet, &head)?;
    if table.groups.is_empty() {
        return Err(ImportError::NoRows {
            sheet: sheet.name.clone(),
            row: head.row + 1,
        });
    }
    let file_name = path
        .file_name()
        .map(|n| crate::diag::printable(&n.to_string_lossy()))
        .unwrap_or_default();
    // A workbook jixiao exported names its system; `--system` still wins.
    let noted = book
        .keywords
        .as_deref()
        .and_then(|k| {
            k.split_whitespace()
                .find_map(|w| w.strip_prefix(SYSTEM_KEYWORD))
        })
        .filter(|id| systems.iter().any(|s| s.id == *id))
        .map(str::to_string);
    let opts = Options {
        system: opts.system.clone().or(noted),
        ..opts.clone()
    };
    meta::complete(sheet, &head, table, &opts, systems, file_name)
}
