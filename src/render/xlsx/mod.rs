//! The Excel output (自评表 .xlsx): each report's 自评表 in the layout of its form — merged 一级/二级
//! cells, the funds grid, 总分 and 评价等级, column widths, A4 landscape with the header rows repeated
//! on every printed page — and `review.xlsx`, the site's review table (one row per report). This is
//! what units hand to the finance bureau.
//!
//! The figures are the [`ReportView`]'s: as jixiao computed them, with the stated ones in a 填报自评分
//! column where they differ. The bytes depend on the site alone: the document's creation time is the
//! build's epoch and the zip entries carry a fixed date, so the same site gives the same files.

mod forms;
mod review;

use super::view::ReportView;
use super::{Batch, Listing, RenderContext, RenderError, Renderer, Theme};
use crate::pipeline::Site;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The file name of the site's review workbook, at the top of the output.
pub(crate) const REVIEW_FILE: &str = "review.xlsx";

/// Why a workbook could not be made (a bug or a value out of Excel's range, not the user's content).
#[derive(Debug, thiserror::Error)]
#[error("无法生成 Excel 文件 {file}：{source}（cannot write the workbook）")]
pub struct XlsxRenderError {
    pub file: String,
    #[source]
    pub source: XlsxError,
}

/// The XLSX renderer: `<slug>.xlsx` beside each page, and [`REVIEW_FILE`].
#[derive(Default)]
pub struct Xlsx;

impl Renderer for Xlsx {
    fn name(&self) -> &'static str {
        "xlsx"
    }
    fn prepare(&mut self, _site: &Site, _theme: &Theme) -> Result<(), RenderError> {
        Ok(())
    }
    fn render_reports(
        &self,
        ctx: &RenderContext<'_>,
        batch: &Batch<'_>,
    ) -> Result<(), RenderError> {
        for (_, v) in batch.iter().filter(|(i, _)| ctx.writes_report(*i)) {
            let file = format!("{}.xlsx", v.slug);
            let bytes = report_workbook(v, ctx.epoch).map_err(|source| XlsxRenderError {
                file: file.clone(),
                source,
            })?;
            ctx.stage.write(&file, &bytes)?;
        }
        Ok(())
    }
    fn render_site(
        &self,
        ctx: &RenderContext<'_>,
        listings: &[Listing],
    ) -> Result<(), RenderError> {
        if !ctx.writes_site() {
            return Ok(());
        }
        let bytes =
            review::workbook(ctx.site, listings, ctx.epoch).map_err(|source| XlsxRenderError {
                file: REVIEW_FILE.into(),
                source,
            })?;
        ctx.stage.write(REVIEW_FILE, &bytes)?;
        Ok(())
    }
}

/// One report's 自评表 as the bytes of an .xlsx file.
pub fn report_workbook(v: &ReportView, epoch: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let keywords = format!("{}{}", crate::import::SYSTEM_KEYWORD, v.system_id);
    wb.set_properties(&properties(&v.title, epoch)?.set_keywords(keywords));
    let styles = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表")?;
    forms::write(ws, v, &styles)?;
    wb.save_to_buffer()
}

/// Document properties with the build's timestamp, never the clock.
fn properties(title: &str, epoch: i64) -> Result<DocProperties, XlsxError> {
    // Excel's dates start in 1900; an epoch outside its range falls back to 1970.
    let when =
        ExcelDateTime::from_timestamp(epoch).or_else(|_| ExcelDateTime::from_timestamp(0))?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("jixiao")
        .set_creation_datetime(&when))
}

/// Print setup of every sheet: A4 landscape, one page wide, page numbers in 公文 style.
fn print_setup(ws: &mut Worksheet, repeat: Option<(u32, u32)>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C— &P —");
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// The cell formats of the forms.
pub(crate) struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub head: Format,
    pub label: Format,
    pub text: Format,
    pub center: Format,
    pub number: Format,
    pub score: Format,
    pub money: Format,
    pub percent: Format,
    pub plain: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_align(FormatAlign::Center),
            head: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("F2F2F2"),
            label: boxed.clone().set_bold().set_align(FormatAlign::Center),
            text: boxed.clone().set_align(FormatAlign::Left),
            center: boxed.clone().set_align(FormatAlign::Center),
            number: boxed.clone().set_align(FormatAlign::Center),
            score: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
            money: boxed
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00")
                .set_shrink(),
            percent: boxed.set_align(FormatAlign::Center).set_num_format("0.00%"),
            plain: base,
        }
    }
}

/// A figure of the view (`303,054.14`, `2.22`, `96.19%`) as an Excel number, when it is one.
pub(crate) fn figure(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        let d = crate::number::parse_percent(p).ok()?;
        return (d / rust_decimal::Decimal::ONE_HUNDRED)
            .to_string()
            .parse()
            .ok();
    }
    let d = crate::number::parse_decimal(t).ok()?;
    d.to_string().parse().ok()
}

/// Writes a figure as a number in `fmt`, or as text when it is not one (`—`, blank).
pub(crate) fn put_figure(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    text: &str,
    fmt: &Format,
    fallback: &Format,
) -> Result<(), XlsxError> {
    match figure(text) {
        Some(n) => ws.write_number_with_format(r, c, n, fmt)?,
        None => ws.write_string_with_format(r, c, text, fallback)?,
    };
    Ok(())
}

/// Writes `text` over `(r, c0)..=(r1, c1)`, merged when that is more than one cell.
pub(crate) fn put(
    ws: &mut Worksheet,
    (r, c0): (u32, u16),
    (r1, c1): (u32, u16),
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if r == r1 && c0 == c1 {
        ws.write_string_with_format(r, c0, text, fmt)?;
    } else {
        ws.merge_range(r, c0, r1, c1, text, fmt)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::figure;

    #[test]
    fn figures_become_numbers() {
        assert_eq!(figure("303,054.14"), Some(303054.14));
        assert_eq!(figure("2.22"), Some(2.22));
        assert_eq!(figure("96.19%"), Some(0.9619));
        assert_eq!(figure("—"), None);
        assert_eq!(figure(""), None);
    }
}
