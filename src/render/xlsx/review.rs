//! `review.xlsx`: the site's review table (自评汇总表), one row per report — unit, year, kind,
//! project, computed and stated totals, grade, deductions, deductions without a reason, and the
//! error / warning / info counts — for the finance bureau's review.

use super::{Styles, print_setup, properties, put, put_figure};
use crate::pipeline::Site;
use crate::render::Listing;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The review table's columns: title and width.
pub(crate) const COLUMNS: [(&str, f64); 14] = [
    ("填报单位", 26.0),
    ("评价年度", 8.0),
    ("报告类型", 18.0),
    ("项目名称", 22.0),
    ("指标体系", 20.0),
    ("计算总分", 9.0),
    ("填报总分", 9.0),
    ("评价等级", 8.0),
    ("扣分指标数", 9.0),
    ("扣分未说明原因", 10.0),
    ("错误", 6.0),
    ("警告", 6.0),
    ("提示", 6.0),
    ("报告文件", 36.0),
];

pub fn workbook(site: &Site, listings: &[Listing], epoch: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = format!("{} 自评汇总表", site.config.name);
    wb.set_properties(&properties(&title, epoch)?);
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评汇总")?;
    let last = (COLUMNS.len() - 1) as u16;
    put(ws, (0, 0), (0, last), &title, &st.title)?;
    ws.set_row_height(0, 28)?;
    for (i, (t, w)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
        ws.write_string_with_format(1, i as u16, *t, &st.head)?;
    }
    for (i, v) in listings.iter().enumerate() {
        let r = 2 + i as u32;
        let project = v.project.clone().unwrap_or_default();
        ws.write_string_with_format(r, 0, &v.unit, &st.text)?;
        ws.write_number_with_format(r, 1, f64::from(v.year), &st.center)?;
        ws.write_string_with_format(r, 2, &v.kind_zh, &st.center)?;
        ws.write_string_with_format(r, 3, &project, &st.text)?;
        ws.write_string_with_format(r, 4, &v.system_id, &st.center)?;
        // 计算总分 is jixiao's; `v.total` is the published one (the stated total where there is one).
        let computed = v.computed_total.as_deref().unwrap_or(&v.total);
        put_figure(ws, r, 5, computed, &st.score, &st.center)?;
        put_figure(
            ws,
            r,
            6,
            v.stated_total.as_deref().unwrap_or(""),
            &st.score,
            &st.center,
        )?;
        let grade = v.computed_grade.as_deref().unwrap_or(&v.grade);
        ws.write_string_with_format(r, 7, grade, &st.center)?;
        for (c, n) in [
            (8, v.grid_deductions),
            (9, v.no_reason),
            (10, v.errors),
            (11, v.warnings),
            (12, v.infos),
        ] {
            ws.write_number_with_format(r, c, n as f64, &st.center)?;
        }
        ws.write_string_with_format(r, 13, &v.source, &st.text)?;
    }
    let end = 1 + listings.len() as u32;
    ws.autofilter(1, 0, end, last)?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, Some((1, 1)))?;
    wb.save_to_buffer()
}
