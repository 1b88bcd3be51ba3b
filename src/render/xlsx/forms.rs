//! The three 自评表 layouts, written from a [`ReportView`]:
//!
//! - 部门整体支出绩效自评表 (广东, seed 000): 部门名称 | 单位数, goals, the 年度部门预算情况 grid, then
//!   一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 指标解释 | 得分 | 未达标原因 | 改进措施.
//! - 项目绩效自评指标评分表 (广东, seed 001): 基本情况, 资金情况, 绩效目标情况, then a three-row header
//!   评价指标 → 一级/二级/三级指标 → 名称 | 权重(%), with 评价年度预期值 | 评价年度实现值 | 自评分数 |
//!   未达标原因分析 | 评分标准 | 参考佐证材料.
//! - 项目支出绩效自评表 (财预〔2020〕10号): 项目名称, 主管部门 | 实施单位, the 项目资金 grid (whose 分值 and
//!   得分 are the 预算执行率 group), 年度总体目标, then 一级指标 | 二级指标 | 三级指标 | 年度指标值 |
//!   实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
//!
//! A 填报自评分 column follows the score where any stated score differs from jixiao's.

mod top;

use super::{Styles, print_setup, put, put_figure};
use crate::model::ReportKind;
use crate::render::view::{GridRow, ReportView};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use top::{department_top, gd_project_header, gd_project_top, national_top};
use unicode_width::UnicodeWidthStr;

/// What a column of the indicator grid shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum C {
    L1,
    L1W,
    L2,
    L2W,
    L3,
    L3W,
    Explanation,
    Target,
    Actual,
    Score,
    Stated,
    Reason,
    Improvement,
    ReasonImprovement,
    Criteria,
    Evidence,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Department,
    GdProject,
    National,
}

fn form_of(v: &ReportView) -> Form {
    match v.kind {
        ReportKind::Department => Form::Department,
        ReportKind::Project if v.system_id == "national-project" || v.national.is_some() => {
            Form::National
        }
        ReportKind::Project => Form::GdProject,
    }
}

/// The group the national form shows in its funds grid rather than among the indicators.
pub(super) const RATE_GROUP: &str = "预算执行率";

/// jixiao's score of a line (the 得分 column of the workbook; the page publishes the stated one).
fn computed(g: &GridRow) -> &str {
    g.computed.as_deref().unwrap_or(&g.score)
}

fn differs(stated: &Option<String>, computed: &str) -> bool {
    stated.as_deref().is_some_and(|s| s != computed)
}

/// The columns of the form, with their titles and widths.
fn columns(form: Form, stated: bool) -> Vec<(C, &'static str, f64)> {
    let mut cols = match form {
        Form::Department => vec![
            (C::L1, "一级指标", 10.0),
            (C::L1W, "分值", 8.0),
            (C::L2, "二级指标", 10.0),
            (C::L2W, "分值", 8.0),
            (C::L3, "三级指标", 22.0),
            (C::L3W, "分值", 8.0),
            (C::Explanation, "指标解释", 34.0),
            (C::Score, "得分", 8.0),
            (C::Reason, "未达标原因", 30.0),
            (C::Improvement, "改进措施", 26.0),
        ],
        Form::GdProject => vec![
            (C::L1, "名称", 8.0),
            (C::L1W, "权重(%)", 7.0),
            (C::L2, "名称", 10.0),
            (C::L2W, "权重(%)", 7.0),
            (C::L3, "名称", 24.0),
            (C::L3W, "权重(%)", 7.0),
            (C::Target, "评价年度预期值", 14.0),
            (C::Actual, "评价年度实现值", 14.0),
            (C::Score, "自评分数", 9.0),
            (C::Reason, "未达标原因分析", 26.0),
            (C::Criteria, "评分标准", 30.0),
            (C::Evidence, "参考佐证材料", 26.0),
        ],
        Form::National => vec![
            (C::L1, "一级指标", 10.0),
            (C::L2, "二级指标", 12.0),
            (C::L3, "三级指标", 26.0),
            (C::Target, "年度指标值", 14.0),
            (C::Actual, "实际完成值", 14.0),
            (C::L3W, "分值", 7.0),
            (C::Score, "得分", 8.0),
            (C::ReasonImprovement, "偏差原因分析及改进措施", 36.0),
        ],
    };
    if stated && let Some(i) = cols.iter().position(|(c, _, _)| *c == C::Score) {
        cols.insert(i + 1, (C::Stated, "填报自评分", 9.0));
    }
    cols
}

/// Writes the whole form of `v` into `ws`.
pub fn write(ws: &mut Worksheet, v: &ReportView, st: &Styles) -> Result<(), XlsxError> {
    let form = form_of(v);
    let total = v.computed_total.as_deref().unwrap_or(&v.total);
    let stated =
        v.grid.iter().any(|g| differs(&g.stated, computed(g))) || differs(&v.stated_total, total);
    let cols = columns(form, stated);
    let last = (cols.len() - 1) as u16;
    for (i, (_, _, w)) in cols.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let widths = cols.iter().map(|(_, _, w)| *w).collect();
    let mut w = W {
        ws,
        st,
        last,
        r: 0,
        widths,
    };
    w.merged(&v.title, &st.title)?;
    w.ws.set_row_height(0, 30)?;
    if form != Form::GdProject {
        w.merged(&format!("（{}年度）", v.year), &st.subtitle)?;
    }
    match form {
        Form::Department => department_top(&mut w, v)?,
        Form::GdProject => gd_project_top(&mut w, v)?,
        Form::National => national_top(&mut w, v)?,
    }
    let head_first = w.r;
    if form == Form::GdProject {
        gd_project_header(&mut w, &cols)?;
    } else {
        // The national form's titles as its system's form prints them (银川: 参考分值, 指标值（A）…).
        let heads = v.national.as_ref().map(|n| &n.heads);
        for (i, (c, t, _)) in cols.iter().enumerate() {
            let t = match (form, heads, c) {
                (Form::National, Some(h), C::Target) => h.target.as_str(),
                (Form::National, Some(h), C::Actual) => h.actual.as_str(),
                (Form::National, Some(h), C::L3W) => h.weight.as_str(),
                (Form::National, Some(h), C::Score) => h.score.as_str(),
                (Form::National, Some(h), C::ReasonImprovement) => h.reason.as_str(),
                _ => t,
            };
            w.ws.write_string_with_format(w.r, i as u16, t, &st.head)?;
        }
        w.r += 1;
    }
    print_setup(w.ws, Some((head_first, w.r - 1)))?;
    grid(&mut w, v, &cols, form)?;
    total_lines(&mut w, v, &cols, form)?;
    signoff(&mut w, v, form)?;
    Ok(())
}

/// The sheet being written: the next row to write and the last column.
pub(super) struct W<'a> {
    pub ws: &'a mut Worksheet,
    pub st: &'a Styles,
    pub last: u16,
    pub r: u32,
    /// Column widths, for row heights.
    pub widths: Vec<f64>,
}

impl W<'_> {
    /// One line across the whole width.
    pub fn merged(&mut self, text: &str, fmt: &Format) -> Result<(), XlsxError> {
        put(self.ws, (self.r, 0), (self.r, self.last), text, fmt)?;
        self.r += 1;
        Ok(())
    }
    /// Cells of one row: `(first col, last col, text, format)`; the last span reaches the last column
    /// when `to_end`.
    pub fn cells(&mut self, spans: &[(u16, u16, &str, &Format)]) -> Result<(), XlsxError> {
        for (c0, c1, t, f) in spans {
            put(self.ws, (self.r, *c0), (self.r, (*c1).min(self.last)), t, f)?;
        }
        self.r += 1;
        Ok(())
    }
    /// Makes row `r` high enough for the tallest of `cells`: `(text, first col, last col)`.
    pub(crate) fn height_for(
        &mut self,
        r: u32,
        cells: &[(&str, u16, u16)],
    ) -> Result<(), XlsxError> {
        let mut lines = 1.0f64;
        for (text, c0, c1) in cells {
            let c1 = (*c1).min(self.last);
            let width: f64 = (*c0..=c1)
                .map(|c| self.widths.get(usize::from(c)).copied().unwrap_or(8.0))
                .sum::<f64>()
                .max(4.0);
            // A 10-point CJK character is about 1.8 units of Excel's column width.
            let n: f64 = text
                .lines()
                .map(|l| (l.width() as f64 * 0.9 / width).ceil().max(1.0))
                .sum();
            lines = lines.max(n);
        }
        if lines > 1.0 {
            self.ws.set_row_height(r, (lines * 13.0 + 4.0).min(409.0))?;
        }
        Ok(())
    }
}

fn grid(
    w: &mut W<'_>,
    v: &ReportView,
    cols: &[(C, &'static str, f64)],
    form: Form,
) -> Result<(), XlsxError> {
    let st = w.st;
    let col = |c: C| cols.iter().position(|(x, _, _)| *x == c).map(|i| i as u16);
    let mut l1 = String::new();
    // Rows of the current 二级 span still to come (0: the row has no 二级 cell above it).
    let mut l2_left = 0usize;
    for g in &v.grid {
        if let Some(cell) = &g.l1 {
            l1.clone_from(&cell.name);
            l2_left = 0;
        }
        if let Some(cell) = &g.l2 {
            l2_left = cell.rowspan;
        }
        let in_l2 = l2_left > 0;
        l2_left = l2_left.saturating_sub(1);
        if form == Form::National && l1 == RATE_GROUP {
            continue;
        }
        let r = w.r;
        if let Some(cell) = &g.l1 {
            let end = r + cell.rowspan as u32 - 1;
            if let Some(c) = col(C::L1) {
                put(w.ws, (r, c), (end, c), &cell.name, &st.center)?;
            }
            if let Some(c) = col(C::L1W) {
                merged_figure(w.ws, (r, c), end, &cell.weight, st)?;
            }
        }
        if let Some(cell) = &g.l2 {
            let end = r + cell.rowspan as u32 - 1;
            if let Some(c) = col(C::L2) {
                put(w.ws, (r, c), (end, c), &cell.name, &st.center)?;
            }
            if let Some(c) = col(C::L2W) {
                merged_figure(w.ws, (r, c), end, &cell.weight, st)?;
            }
        } else if !in_l2 {
            for c in [col(C::L2), col(C::L2W)].into_iter().flatten() {
                w.ws.write_blank(r, c, &st.center)?;
            }
        }
        let mut texts: Vec<(String, u16)> = Vec::new();
        for (i, (c, _, _)) in cols.iter().enumerate() {
            let i = i as u16;
            let text = match c {
                C::L1 | C::L1W | C::L2 | C::L2W => continue,
                C::L3 => Some(g.name.clone()),
                C::L3W => {
                    let weight = if g.name.is_empty() {
                        ""
                    } else if g.not_applicable {
                        // 不适用: the forms' `/`, read back as such by the import.
                        "/"
                    } else {
                        &g.weight
                    };
                    put_figure(w.ws, r, i, weight, &st.number, &st.center)?;
                    continue;
                }
                C::Score => {
                    let score = if g.not_applicable {
                        "/"
                    } else if g.name.is_empty() && g.rule == "stated" && g.stated.is_none() {
                        // A group listed with no indicator under it (and no score of its own).
                        ""
                    } else {
                        computed(g)
                    };
                    put_figure(w.ws, r, i, score, &st.score, &st.center)?;
                    continue;
                }
                C::Stated => {
                    let s = g
                        .stated
                        .as_deref()
                        .filter(|s| s != &computed(g))
                        .unwrap_or("");
                    put_figure(w.ws, r, i, s, &st.score, &st.center)?;
                    continue;
                }
                C::Explanation => g.explanation.clone(),
                C::Target => g.target.clone(),
                C::Actual => g.actual.clone(),
                C::Reason => g.reason.clone(),
                C::Improvement => g.improvement.clone(),
                C::ReasonImprovement => match (&g.reason, &g.improvement) {
                    (Some(r), Some(i)) => Some(format!("{r}\n改进措施：{i}")),
                    (Some(r), None) => Some(r.clone()),
                    (None, Some(i)) => Some(format!("改进措施：{i}")),
                    (None, None) => None,
                },
                C::Criteria => g.criteria.clone(),
                C::Evidence => g.evidence.clone(),
            };
            let text = text.unwrap_or_default();
            let fmt = if matches!(c, C::Target | C::Actual) {
                &st.center
            } else {
                &st.text
            };
            w.ws.write_string_with_format(r, i, &text, fmt)?;
            texts.push((text, i));
        }
        let cells: Vec<(&str, u16, u16)> =
            texts.iter().map(|(t, c)| (t.as_str(), *c, *c)).collect();
        w.height_for(r, &cells)?;
        w.r += 1;
    }
    Ok(())
}

fn merged_figure(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    end: u32,
    text: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    if end > r {
        ws.merge_range(r, c, end, c, "", &st.number)?;
    }
    put_figure(ws, r, c, text, &st.number, &st.center)
}

fn total_lines(
    w: &mut W<'_>,
    v: &ReportView,
    cols: &[(C, &'static str, f64)],
    form: Form,
) -> Result<(), XlsxError> {
    let st = w.st;
    let r = w.r;
    let label = if form == Form::GdProject {
        "合计"
    } else {
        "总分"
    };
    w.ws.write_string_with_format(r, 0, label, &st.label)?;
    for (i, (c, _, _)) in cols.iter().enumerate().skip(1) {
        let i = i as u16;
        match c {
            C::L1W | C::L2W | C::L3W => {
                put_figure(w.ws, r, i, &v.weight_total, &st.number, &st.center)?
            }
            C::Score => put_figure(
                w.ws,
                r,
                i,
                v.computed_total.as_deref().unwrap_or(&v.total),
                &st.score,
                &st.center,
            )?,
            C::Stated => {
                let s = v
                    .stated_total
                    .as_deref()
                    .filter(|s| Some(*s) != Some(v.computed_total.as_deref().unwrap_or(&v.total)))
                    .unwrap_or("");
                put_figure(w.ws, r, i, s, &st.score, &st.center)?;
            }
            _ => {
                w.ws.write_blank(r, i, &st.center)?;
            }
        }
    }
    w.r += 1;
    let grades: Vec<String> = v
        .grades
        .iter()
        .map(|g| {
            format!(
                "{} {} {}",
                if g.checked { "☑" } else { "☐" },
                g.grade,
                g.range
            )
        })
        .collect();
    w.cells(&[
        (0, 0, "评价等级", &st.label),
        (1, u16::MAX, &grades.join("；"), &st.text),
    ])?;
    Ok(())
}

/// The sign-off line: what the form's top block does not already show.
fn signoff(w: &mut W<'_>, v: &ReportView, form: Form) -> Result<(), XlsxError> {
    let shown: &[&str] = match form {
        Form::Department => &[],
        Form::GdProject => &["填报单位", "联系人", "联系电话", "联系邮箱"],
        Form::National => &[],
    };
    let mut fields: Vec<_> = v
        .signoff
        .iter()
        .filter(|f| !shown.contains(&f.label.as_str()))
        .cloned()
        .collect();
    // The national form's top names the 主管部门 and the 实施单位, not the unit that reports:
    // the sign-off says it (the import reads the unit from there first).
    if form == Form::National && !fields.iter().any(|f| f.label == "填报单位") {
        fields.insert(
            0,
            crate::render::view::Field {
                label: "填报单位".into(),
                value: v.unit.clone(),
            },
        );
    }
    if fields.is_empty() {
        return Ok(());
    }
    let st = w.st;
    let r = w.r + 1;
    let mut c = 0u16;
    for f in fields {
        if c + 1 > w.last {
            break;
        }
        let label = if f.label == "填报单位" {
            "填报单位（公章）"
        } else {
            f.label.as_str()
        };
        w.ws.write_string_with_format(r, c, label, &st.label)?;
        w.ws.write_string_with_format(r, c + 1, &f.value, &st.text)?;
        c += 2;
    }
    w.r = r + 1;
    Ok(())
}
