//! Everything around the indicator table: which form it is, which indicator system, who, which year,
//! the project, the funds grid, the goals, the sign-off.

use super::fields::{below, labelled, lines, numbered, row_of, year_in};
use super::funds::{amount, department_budget, gd_project_budget, labelled_value, national_funds};
use super::grid::{ImportedGroup, Table};
use super::header::{Col, Header, fold};
use super::sheet::{Sheet, a1};
use super::{Form, ImportError, Imported, Options, ProjectFields, SignoffFields};
use crate::model::ReportKind;
use crate::model::system::System;

const UNIT_DEPARTMENT: [&str; 5] = [
    "部门名称",
    "单位名称",
    "部门(单位)名称",
    "填报单位名称",
    "填报单位",
];
const UNIT_PROJECT: [&str; 3] = ["填报单位名称", "填报单位", "单位名称"];
const UNIT_NATIONAL: [&str; 4] = ["填报单位", "填报单位名称", "主管部门", "实施单位"];

fn value(sheet: &Sheet, labels: &[&str]) -> Option<String> {
    labelled(sheet, labels, 0..sheet.rows.len())
        .map(|f| f.value)
        .filter(|v| !v.is_empty())
}

/// The form, from the labels and the columns found.
fn form_of(sheet: &Sheet, head: &Header, title: &str, system: Option<&System>) -> Form {
    let above = 0..head.row;
    let department = title.contains("部门整体")
        || labelled(sheet, &["部门名称", "单位数"], above.clone()).is_some();
    let national = !head.has(Col::Weight(1))
        && !head.has(Col::Weight(2))
        && (title.contains("项目支出绩效自评表")
            || row_of(sheet, &["全年执行数", "全年预算数"], above.clone()).is_some()
            || head
                .col(Col::Target)
                .is_some_and(|c| fold(sheet.text(head.row, c)).contains("年度指标值")));
    match system.map(|s| s.kind) {
        Some(ReportKind::Department) => Form::Department,
        Some(ReportKind::Project)
            if national || system.is_some_and(|s| s.id == "national-project") =>
        {
            Form::National
        }
        Some(ReportKind::Project) => Form::GdProject,
        None if department => Form::Department,
        None if national => Form::National,
        None => Form::GdProject,
    }
}

/// The title: the first text of the rows above the table that is not the year line.
fn title_of(sheet: &Sheet, head: &Header) -> Option<String> {
    (0..head.row.min(4))
        .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
        .map(|(r, c)| sheet.text(r, c))
        .find(|t| !t.is_empty())
        .filter(|t| {
            let f = fold(t);
            (f.contains("自评") || f.contains("评分表") || f.contains("绩效")) && !f.contains(':')
        })
        .map(str::to_string)
}

fn find_system<'a>(systems: &'a [System], id: &str) -> Result<&'a System, ImportError> {
    systems
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ImportError::UnknownSystem {
            id: id.to_string(),
            known: systems.iter().map(|s| s.id.clone()).collect(),
        })
}

/// The department system whose rows the table names most often.
fn department_system<'a>(
    systems: &'a [System],
    groups: &[ImportedGroup],
    sheet: &Sheet,
) -> Result<&'a System, ImportError> {
    let mut best: Option<(&System, usize)> = None;
    for s in systems.iter().filter(|s| s.kind == ReportKind::Department) {
        let mut hits = 0;
        for g1 in groups {
            let Some(s1) = s.groups.iter().find(|x| x.name == g1.name) else {
                continue;
            };
            hits += 1 + usize::from(s1.weight.is_some() && g1.weight == s1.weight);
            for g2 in &g1.groups {
                let Some(s2) = s1.groups.iter().find(|x| x.name == g2.name) else {
                    continue;
                };
                hits += 1;
                for r in &g2.rows {
                    hits += usize::from(s2.rows.iter().any(|x| {
                        x.name == r.name && Some(x.weight) == r.weight.or(Some(x.weight))
                    }));
                }
            }
            if g1.groups.len() != s1.groups.len() {
                hits = hits.saturating_sub(1);
            }
        }
        if best.is_none_or(|(_, h)| hits > h) {
            best = Some((s, hits));
        }
    }
    match best {
        Some((s, h)) if h > 0 => Ok(s),
        _ => Err(ImportError::NoMatchingSystem {
            sheet: sheet.name.clone(),
            known: systems
                .iter()
                .filter(|s| s.kind == ReportKind::Department)
                .map(|s| s.id.clone())
                .collect(),
        }),
    }
}

/// Fills in everything around the table and checks that the format's required fields are there.
pub fn complete(
    sheet: &Sheet,
    head: &Header,
    table: Table,
    opts: &Options,
    systems: &[System],
    file_name: String,
) -> Result<Imported, ImportError> {
    let title_found = title_of(sheet, head);
    let title = title_found.clone().unwrap_or_default();
    let forced = opts
        .system
        .as_deref()
        .map(|id| find_system(systems, id))
        .transpose()?;
    let form = form_of(sheet, head, &title, forced);
    let mut groups = table.groups;
    let mut notes = Vec::new();
    let system = match (forced, form) {
        (Some(s), _) => s,
        (None, Form::Department) => department_system(systems, &groups, sheet)?,
        (None, Form::GdProject) => find_system(systems, "gd-project")?,
        (None, Form::National) => find_system(systems, "national-project")?,
    };
    let mut funds = None;
    let budget = match form {
        Form::Department => department_budget(sheet, head)?,
        Form::GdProject => gd_project_budget(sheet, head)?,
        Form::National => {
            let (f, n) = national_funds(sheet, head, system)?;
            notes.extend(n);
            funds = f;
            Vec::new()
        }
    };
    // The grid scores the system's 预算执行率 group: a line of the table with that name is the
    // grid's, already read (a workbook of an older export wrote it there too).
    if form == Form::National
        && let Some(g) = system.funds.as_ref().and_then(|f| f.group.as_deref())
    {
        groups.retain(|x| x.name != g);
    }
    if system.kind == ReportKind::Department {
        drop_system_explanations(&mut groups, system);
    }
    let unit_labels: &[&str] = match form {
        Form::Department => &UNIT_DEPARTMENT,
        Form::GdProject => &UNIT_PROJECT,
        Form::National => &UNIT_NATIONAL,
    };
    // The national form: the 填报单位 of the sign-off first, else the 主管部门 (label by label).
    let by_label = |labels: &[&str]| labels.iter().find_map(|l| value(sheet, &[l]));
    let unit = match &opts.unit {
        Some(u) => u.clone(),
        None => match form {
            Form::National => by_label(unit_labels),
            _ => value(sheet, unit_labels),
        }
        .ok_or(ImportError::Missing {
            sheet: format!("工作表“{}”", sheet.name),
            what: match form {
                Form::Department => "“部门名称”（或“单位名称”“填报单位名称”）一格",
                Form::GdProject => "“填报单位名称”一格",
                Form::National => "“主管部门”或“实施单位”一格",
            },
            flag: "--unit",
        })?,
    };
    let year = match opts.year {
        Some(y) => y,
        None => value(sheet, &["评价年度", "年度"])
            .and_then(|v| year_in(&v))
            .or_else(|| {
                (0..head.row)
                    .flat_map(|r| (0..sheet.width()).map(move |c| (r, c)))
                    .map(|(r, c)| sheet.text(r, c))
                    .filter(|t| t.contains("年度") && t.chars().count() <= 16)
                    .find_map(year_in)
            })
            .ok_or(ImportError::Missing {
                sheet: format!("工作表“{}”", sheet.name),
                what: "评价年度（“评价年度”一格，或标题下的“（2023年度）”）",
                flag: "--year",
            })?,
    };
    let text = |labels: &[&str]| value(sheet, labels);
    let joined = |labels: &[&str]| text(labels).map(|v| lines(&v).join("\n"));
    let project = if form == Form::Department {
        ProjectFields::default()
    } else {
        ProjectFields {
            name: text(&["项目名称"]),
            level: text(&["项目级次"]),
            amount: match labelled_value(sheet, &["评价金额"], 0..head.row) {
                Some(f) => amount(sheet, &f, "评价金额")?,
                None => None,
            },
            basis: text(&["实施文件依据"])
                .map(|v| numbered(&v))
                .unwrap_or_default(),
            ..ProjectFields::default()
        }
    };
    let national = form == Form::National;
    let project = if national {
        ProjectFields {
            department: text(&["主管部门"]),
            implementer: text(&["实施单位"]),
            manager: text(&["项目负责人"]),
            phone: text(&["联系电话"]),
            ..project
        }
    } else {
        project
    };
    let signoff = SignoffFields {
        unit: match form {
            Form::Department => None,
            Form::GdProject => Some(unit.clone()),
            Form::National => text(&["填报单位"]),
        },
        filler: text(&["填报人"]),
        contact: if national {
            text(&["联系人"])
        } else {
            text(&["联系人", "项目负责人"])
        },
        phone: if national {
            None
        } else {
            text(&["联系电话"])
        },
        email: text(&["联系邮箱", "电子邮箱"]),
        date: text(&["填报日期"]),
    };
    let (goals, completion) = match form {
        Form::National => (
            below(sheet, &["预期目标"], 0..head.row, 3)
                .map(|f| lines(&f.value))
                .unwrap_or_default(),
            below(sheet, &["实际完成情况"], 0..head.row, 3).map(|f| lines(&f.value).join("\n")),
        ),
        _ => (
            text(&["年度整体绩效目标", "预期总体目标", "年度绩效目标"])
                .map(|v| lines(&v))
                .unwrap_or_default(),
            joined(&[
                "整体绩效目标完成情况",
                "是否如期实现预期总体目标",
                "目标完成情况",
            ]),
        ),
    };
    let sub_units = match labelled_value(sheet, &["单位数", "所属下级预算单位数量"], 0..head.row)
    {
        Some(f) if !f.value.is_empty() => Some(
            crate::number::parse_decimal(&f.value)
                .ok()
                .and_then(|d| {
                    u32::try_from(d.trunc().mantissa())
                        .ok()
                        .filter(|_| d.fract().is_zero())
                })
                .ok_or_else(|| ImportError::BadCell {
                    cell: format!("{}!{}", sheet.name, a1(f.row, f.col)),
                    what: "单位数".into(),
                    text: crate::diag::excerpt(&f.value),
                    why: "应为整数".into(),
                })?,
        ),
        _ => None,
    };
    Ok(Imported {
        origin: format!(
            "由 jixiao import 从 {file_name}（工作表“{}”，版式：{}）导入。",
            sheet.name,
            form.zh()
        ),
        notes,
        file_name,
        sheet: sheet.name.clone(),
        form,
        kind: match system.kind {
            ReportKind::Department => "department",
            ReportKind::Project => "project",
        },
        system: system.id.clone(),
        unit,
        year,
        title: title_found.unwrap_or_else(|| form.default_title().to_string()),
        sub_units,
        project,
        signoff,
        budget,
        funds,
        goals,
        completion,
        shortfall: text(&["未能完成原因"]),
        stated_total: table.stated_total,
        groups,
    })
}

/// Leaves out a 指标解释 that repeats the system's word for word (the system supplies it).
fn drop_system_explanations(groups: &mut [ImportedGroup], system: &System) {
    for g1 in groups {
        for g2 in &mut g1.groups {
            let Some(sys) = system.group(&g1.name, Some(&g2.name)) else {
                continue;
            };
            for r in &mut g2.rows {
                let bare = |t: &str| fold(t).trim_end_matches('。').to_string();
                let same = sys.rows.iter().any(|s| {
                    s.name == r.name
                        && s.explanation.as_deref().map(bare) == r.explanation.as_deref().map(bare)
                });
                if same {
                    r.explanation = None;
                }
            }
        }
    }
}
