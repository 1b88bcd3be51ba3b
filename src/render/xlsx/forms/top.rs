//! The top blocks of the three forms (部门基本情况 and 年度部门预算情况; 基本情况, 资金情况 and 绩效目标情况;
//! 项目名称, 项目资金 and 年度总体目标) and the 广东 project form's three-row header.

use super::{C, RATE_GROUP, W};
use crate::model::BUDGET_LINES;
use crate::render::view::{NationalView, ReportView};
use crate::render::xlsx::{put, put_figure};
use rust_xlsxwriter::XlsxError;

pub(super) fn department_top(w: &mut W<'_>, v: &ReportView) -> Result<(), XlsxError> {
    let st = w.st;
    let sub = v.sub_units.map(|n| n.to_string()).unwrap_or_default();
    w.cells(&[
        (0, 0, "部门名称", &st.label),
        (1, 5, &v.unit, &st.text),
        (6, 6, "单位数", &st.label),
        (7, u16::MAX, &sub, &st.text),
    ])?;
    for (label, text) in [
        ("年度整体绩效目标", v.goals.join("\n")),
        (
            "整体绩效目标完成情况",
            v.completion.clone().unwrap_or_default(),
        ),
        ("未能完成原因", v.shortfall.clone().unwrap_or_default()),
    ] {
        let r = w.r;
        w.cells(&[(0, 0, label, &st.label), (1, u16::MAX, &text, &st.text)])?;
        w.height_for(r, &[(&text, 1, u16::MAX)])?;
    }
    // 年度部门预算情况（万元）: group titles, line titles, figures (and 执行数 where given).
    // The grid's seven lines: 总预算 to 对下转移支付, in the model's order and with its labels.
    let lines = &BUDGET_LINES[1..8];
    let line = |k: &str| v.budget.iter().find(|b| b.key == k);
    let spent = lines
        .iter()
        .any(|(k, _)| line(k).is_some_and(|b| b.spent.is_some()));
    let rows = if spent { 5 } else { 3 };
    let r0 = w.r;
    put(
        w.ws,
        (r0, 0),
        (r0 + rows - 1, 0),
        "年度部门预算情况（万元）",
        &st.label,
    )?;
    put(w.ws, (r0, 1), (r0 + 1, 1), "总预算", &st.head)?;
    put(w.ws, (r0, 2), (r0, 3), "部门预算", &st.head)?;
    put(w.ws, (r0, 4), (r0, 5), "事业发展支出", &st.head)?;
    put(w.ws, (r0, 6), (r0, 7), "按预算级次", &st.head)?;
    for (i, (_, t)) in lines.iter().enumerate().skip(1) {
        w.ws.write_string_with_format(r0 + 1, 1 + i as u16, *t, &st.head)?;
    }
    for (i, (k, _)) in lines.iter().enumerate() {
        let c = 1 + i as u16;
        let b = line(k);
        let budget = b.map(|b| b.budget.as_str()).unwrap_or("");
        put_figure(w.ws, r0 + 2, c, budget, &st.money, &st.center)?;
        if spent {
            let s = b.and_then(|b| b.spent.as_deref()).unwrap_or("");
            put_figure(w.ws, r0 + 3, c, s, &st.money, &st.center)?;
            let rate = b.and_then(|b| b.rate.as_deref()).unwrap_or("");
            put_figure(w.ws, r0 + 4, c, rate, &st.percent, &st.center)?;
        }
    }
    if spent {
        // The rows' own titles sit in the last column of the grid's block, right of the figures.
        for (i, t) in ["预算数", "执行数", "执行率"].iter().enumerate() {
            w.ws.write_string_with_format(r0 + 2 + i as u32, 8, *t, &st.label)?;
        }
    }
    w.r = r0 + rows;
    Ok(())
}

pub(super) fn gd_project_top(w: &mut W<'_>, v: &ReportView) -> Result<(), XlsxError> {
    let st = w.st;
    let p = v.project.as_ref();
    let get = |label: &str| {
        v.signoff
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    let name = p.and_then(|p| p.name.clone()).unwrap_or_default();
    let amount = p.and_then(|p| p.amount.clone()).unwrap_or_default();
    let level = p.and_then(|p| p.level.clone()).unwrap_or_default();
    let basis = p
        .map(|p| {
            p.basis
                .iter()
                .enumerate()
                .map(|(i, b)| format!("{}. {b}", i + 1))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    w.cells(&[
        (0, 5, &format!("填报单位名称：{}", v.unit), &st.plain),
        (6, u16::MAX, "金额单位：万元", &st.plain),
    ])?;
    let r0 = w.r;
    put(w.ws, (r0, 0), (r0 + 2, 0), "基本情况", &st.label)?;
    let year = format!("{}年", v.year);
    w.cells(&[
        (1, 1, "项目名称", &st.label),
        (2, 5, &name, &st.text),
        (6, 6, "评价年度", &st.label),
        (7, 7, &year, &st.center),
        (8, 8, "评价金额", &st.label),
        (9, u16::MAX, &amount, &st.center),
    ])?;
    let (contact, phone, email) = (get("联系人"), get("联系电话"), get("联系邮箱"));
    w.cells(&[
        (1, 1, "联系人", &st.label),
        (2, 5, &contact, &st.text),
        (6, 6, "联系电话", &st.label),
        (7, 7, &phone, &st.center),
        (8, 8, "联系邮箱", &st.label),
        (9, u16::MAX, &email, &st.center),
    ])?;
    let r = w.r;
    w.cells(&[
        (1, 1, "实施文件依据", &st.label),
        (2, 7, &basis, &st.text),
        (8, 8, "项目级次", &st.label),
        (9, u16::MAX, &level, &st.center),
    ])?;
    w.height_for(r, &[(&basis, 2, 7)])?;
    let line = |k: &str| v.budget.iter().find(|b| b.key == k);
    let total = line("total");
    let city = line("city").or(total);
    let transfer = line("transfer");
    let initial = line("initial")
        .or(total)
        .map(|b| b.budget.clone())
        .unwrap_or_default();
    let r0 = w.r;
    put(w.ws, (r0, 0), (r0 + 2, 0), "资金情况", &st.label)?;
    w.cells(&[(1, 2, "预算计划安排", &st.label)])?;
    put_figure(w.ws, r0, 3, &initial, &st.money, &st.center)?;
    for (i, (label, spent)) in [("实际分配下达", false), ("实际支出金额", true)]
        .into_iter()
        .enumerate()
    {
        let r = r0 + 1 + i as u32;
        let val = |b: Option<&crate::render::view::BudgetView>| {
            b.map(|b| {
                if spent {
                    b.spent.clone().unwrap_or_default()
                } else {
                    b.budget.clone()
                }
            })
            .unwrap_or_default()
        };
        put(w.ws, (r, 1), (r, 2), label, &st.label)?;
        w.ws.write_string_with_format(r, 3, "市本级", &st.label)?;
        put_figure(w.ws, r, 4, &val(city), &st.money, &st.center)?;
        put(w.ws, (r, 5), (r, 6), "转移支付至下级", &st.label)?;
        put_figure(w.ws, r, 7, &val(transfer), &st.money, &st.center)?;
    }
    w.r = r0 + 3;
    let goals = v.goals.join("\n");
    let completion = v.completion.clone().unwrap_or_default();
    let r = w.r;
    w.cells(&[
        (0, 0, "绩效目标情况", &st.label),
        (1, 1, "预期总体目标", &st.label),
        (2, 5, &goals, &st.text),
        (6, 6, "是否如期实现预期总体目标", &st.label),
        (7, u16::MAX, &completion, &st.text),
    ])?;
    w.height_for(r, &[(&goals, 2, 5), (&completion, 7, u16::MAX)])?;
    w.merged("指标评分表", &st.head)?;
    Ok(())
}

pub(super) fn gd_project_header(
    w: &mut W<'_>,
    cols: &[(C, &'static str, f64)],
) -> Result<(), XlsxError> {
    let (st, r) = (w.st, w.r);
    put(w.ws, (r, 0), (r, 5), "评价指标", &st.head)?;
    for (i, (_, t, _)) in cols.iter().enumerate().skip(6) {
        put(w.ws, (r, i as u16), (r + 2, i as u16), t, &st.head)?;
    }
    put(w.ws, (r + 1, 0), (r + 1, 1), "一级指标", &st.head)?;
    put(w.ws, (r + 1, 2), (r + 1, 3), "二级指标", &st.head)?;
    put(w.ws, (r + 1, 4), (r + 1, 5), "三级指标", &st.head)?;
    for (i, (_, t, _)) in cols.iter().enumerate().take(6) {
        w.ws.write_string_with_format(r + 2, i as u16, *t, &st.head)?;
    }
    w.r = r + 3;
    Ok(())
}

pub(super) fn national_top(w: &mut W<'_>, v: &ReportView) -> Result<(), XlsxError> {
    if let Some(n) = &v.national {
        return national_form_top(w, n);
    }
    let st = w.st;
    let get = |label: &str| {
        v.signoff
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.clone())
            .unwrap_or_default()
    };
    let name = v
        .project
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_default();
    w.cells(&[
        (0, 0, "项目名称", &st.label),
        (1, u16::MAX, &name, &st.text),
    ])?;
    let implementer = {
        let u = get("填报单位");
        if u.is_empty() { v.unit.clone() } else { u }
    };
    w.cells(&[
        (0, 0, "主管部门", &st.label),
        (1, 3, &v.unit, &st.text),
        (4, 4, "实施单位", &st.label),
        (5, u16::MAX, &implementer, &st.text),
    ])?;
    let (contact, phone) = (get("联系人"), get("联系电话"));
    w.cells(&[
        (0, 0, "项目负责人", &st.label),
        (1, 3, &contact, &st.text),
        (4, 4, "联系电话", &st.label),
        (5, u16::MAX, &phone, &st.text),
    ])?;
    // 项目资金（万元）.
    let r0 = w.r;
    put(w.ws, (r0, 0), (r0 + 4, 0), "项目资金（万元）", &st.label)?;
    let titles = [
        "",
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ];
    for (i, t) in titles.iter().enumerate() {
        w.ws.write_string_with_format(r0, 1 + i as u16, *t, &st.head)?;
    }
    let line = |k: &str| v.budget.iter().find(|b| b.key == k);
    let rate_group = v
        .groups
        .iter()
        .find(|g| g.level == 1 && g.name == RATE_GROUP);
    for (i, (label, key)) in [
        ("年度资金总额", "total"),
        ("其中：本年财政拨款", "income"),
        ("上年结转资金", "carryover"),
        ("其他资金", ""),
    ]
    .into_iter()
    .enumerate()
    {
        let r = r0 + 1 + i as u32;
        w.ws.write_string_with_format(r, 1, label, &st.label)?;
        let b = line(key);
        let initial = if key == "total" {
            line("initial")
                .map(|b| b.budget.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        put_figure(w.ws, r, 2, &initial, &st.money, &st.center)?;
        put_figure(
            w.ws,
            r,
            3,
            b.map_or("", |b| b.budget.as_str()),
            &st.money,
            &st.center,
        )?;
        let spent = b.and_then(|b| b.spent.as_deref()).unwrap_or("");
        put_figure(w.ws, r, 4, spent, &st.money, &st.center)?;
        let (weight, rate, score) = match (key, rate_group) {
            ("total", Some(g)) => (
                g.weight.clone(),
                b.and_then(|b| b.stated_rate.clone().or(b.rate.clone()))
                    .unwrap_or_default(),
                g.score.clone(),
            ),
            ("total", None) => (
                String::new(),
                b.and_then(|b| b.rate.clone()).unwrap_or_default(),
                String::new(),
            ),
            _ => ("—".into(), String::new(), "—".into()),
        };
        put_figure(w.ws, r, 5, &weight, &st.number, &st.center)?;
        put_figure(w.ws, r, 6, &rate, &st.percent, &st.center)?;
        put_figure(w.ws, r, 7, &score, &st.score, &st.center)?;
    }
    w.r = r0 + 5;
    let completion = v.completion.clone().unwrap_or_default();
    overall_goal(w, &v.goals.join("\n"), &completion)
}

/// The 年度总体目标 block of the project forms: 预期目标 beside 实际完成情况.
fn overall_goal(w: &mut W<'_>, goals: &str, completion: &str) -> Result<(), XlsxError> {
    let st = w.st;
    let r = w.r;
    put(w.ws, (r, 0), (r + 1, 0), "年度总体目标", &st.label)?;
    put(w.ws, (r, 1), (r, 3), "预期目标", &st.head)?;
    put(w.ws, (r, 4), (r, w.last), "实际完成情况", &st.head)?;
    put(w.ws, (r + 1, 1), (r + 1, 3), goals, &st.text)?;
    put(w.ws, (r + 1, 4), (r + 1, w.last), completion, &st.text)?;
    w.height_for(r + 1, &[(goals, 1, 3), (completion, 4, u16::MAX)])?;
    w.r = r + 2;
    Ok(())
}

/// The top of a report in the national layout, from its [`NationalView`]: 项目名称, 主管部门 |
/// 实施单位, 项目负责人 | 联系电话, the 项目资金 grid with the system's labels and lines (jixiao's
/// figures: amounts, 执行率 and 得分 as computed; `—` where the form's grid scores nothing), then
/// 年度总体目标.
fn national_form_top(w: &mut W<'_>, n: &NationalView) -> Result<(), XlsxError> {
    let st = w.st;
    let name = n.project.clone().unwrap_or_default();
    w.cells(&[
        (0, 0, "项目名称", &st.label),
        (1, u16::MAX, &name, &st.text),
    ])?;
    w.cells(&[
        (0, 0, "主管部门", &st.label),
        (1, 3, &n.department, &st.text),
        (4, 4, "实施单位", &st.label),
        (5, u16::MAX, &n.implementer, &st.text),
    ])?;
    let (manager, phone) = (
        n.manager.clone().unwrap_or_default(),
        n.phone.clone().unwrap_or_default(),
    );
    w.cells(&[
        (0, 0, "项目负责人", &st.label),
        (1, 3, &manager, &st.text),
        (4, 4, "联系电话", &st.label),
        (5, u16::MAX, &phone, &st.text),
    ])?;
    if let Some(f) = &n.funds {
        let r0 = w.r;
        let rows = f.lines.len() as u32;
        put(w.ws, (r0, 0), (r0 + rows, 0), "项目资金（万元）", &st.label)?;
        let mut titles = vec![String::new()];
        titles.extend(f.columns.iter().cloned());
        titles.extend(["分值", "执行率", "得分"].map(String::from));
        for (i, t) in titles.iter().enumerate() {
            w.ws.write_string_with_format(r0, 1 + i as u16, t, &st.head)?;
        }
        for (i, l) in f.lines.iter().enumerate() {
            let r = r0 + 1 + i as u32;
            w.ws.write_string_with_format(r, 1, &l.label, &st.label)?;
            for (c, x) in [(2, &l.initial), (3, &l.budget), (4, &l.spent)] {
                put_figure(w.ws, r, c, x, &st.money, &st.center)?;
            }
            let rate = l.computed_rate.as_ref().unwrap_or(&l.rate);
            let score = l.computed_score.as_ref().unwrap_or(&l.score);
            put_figure(w.ws, r, 5, &l.weight, &st.number, &st.center)?;
            put_figure(w.ws, r, 6, rate, &st.percent, &st.center)?;
            put_figure(w.ws, r, 7, score, &st.score, &st.center)?;
        }
        w.r = r0 + rows + 1;
    }
    overall_goal(w, &n.goal, &n.completion)
}
