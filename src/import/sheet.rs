//! Reading a workbook (工作簿) into plain grids of text: `.xlsx`/`.xlsm` and `.ods` through calamine,
//! `.xls` and WPS `.et` (both BIFF compound files) through calamine's XLS reader, `.csv` by hand.
//!
//! Every cell becomes text as a person reads it: numbers in their shortest decimal form (no float
//! noise), percent-formatted numbers as `92.31%`, dates as `2024-03-01`. A merged range (合并单元格)
//! gives its text to every cell it covers, each marked with the range's first cell, so a layout can
//! tell a 一级 cell merged down from a repeated one.

use calamine::{Data, Dimensions, Reader};
use std::io::{Read, Seek};
use std::path::Path;

/// One cell's text, and where it comes from when it is covered by a merged range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The first cell `(row, col)` of the merged range covering this one, when it is not that cell.
    pub merged_from: Option<(usize, usize)>,
    /// A number stored as a number (not as text).
    pub numeric: bool,
}

/// A worksheet as a grid of text, rows and columns from 0 (A1 is `(0, 0)`).
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, r: usize, c: usize) -> Option<&Cell> {
        self.rows.get(r).and_then(|row| row.get(c))
    }

    /// The text of a cell, trimmed ("" outside the grid).
    pub fn text(&self, r: usize, c: usize) -> &str {
        self.cell(r, c).map_or("", |c| c.text.trim())
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// `A1`, `AB12`: a cell's name as the spreadsheet shows it.
pub(crate) fn a1(r: usize, c: usize) -> String {
    let mut col = String::new();
    let mut n = c + 1;
    while n > 0 {
        let d = (n - 1) % 26;
        col.insert(0, char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    format!("{col}{}", r + 1)
}

/// Why a workbook could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("无法读取 {path}：{detail}（cannot read the workbook）")]
    Read { path: String, detail: String },
    #[error(
        "不支持的文件类型 {path}（unsupported file type）：请用 .xlsx、.xls、.et、.ods 或 .csv，或在 Excel / WPS 中“另存为” .xlsx"
    )]
    Unsupported { path: String },
    #[error("{path} 中没有工作表（the workbook has no sheet）")]
    Empty { path: String },
}

/// What the file's first bytes say it is (the extension can lie: WPS saves `.et` as BIFF, some
/// systems export `.xls` that are really HTML or XLSX).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Ole,
    Text,
}

fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else {
        Kind::Text
    }
}

/// A workbook read: its sheets and the keywords of its document properties (where jixiao's export
/// notes the indicator system: `jixiao-system:<id>`).
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub keywords: Option<String>,
}

/// Reads every worksheet of the workbook at `path`.
pub fn read(path: &Path) -> Result<Book, SheetError> {
    let shown = crate::diag::printable(&path.display().to_string());
    let err = |detail: String| SheetError::Read {
        path: shown.clone(),
        detail,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut keywords = None;
    let sheets = match (sniff(&bytes), ext.as_str()) {
        (Kind::Zip, "ods") => {
            let wb =
                calamine::Ods::new(std::io::Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
            from_reader(wb, |_, _| Vec::new(), |_, _| None).map_err(err)?
        }
        (Kind::Zip, _) => {
            let mut wb =
                calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
            keywords = wb.workbook_properties().ok().and_then(|p| p.keywords);
            let names = wb.sheet_names();
            let mut merges = Vec::new();
            let mut styles = Vec::new();
            for n in &names {
                merges.push(wb.merge_cells_by_sheet_name(n).unwrap_or_default());
                styles.push(wb.worksheet_style(n).ok());
            }
            from_reader(
                wb,
                |i, _| merges.get(i).cloned().unwrap_or_default(),
                |i, pos| {
                    let s = styles.get(i)?.as_ref()?.get(pos)?;
                    let code = &s.number_format.as_ref()?.format_code;
                    Some(is_percent_format(code))
                },
            )
            .map_err(err)?
        }
        (Kind::Ole, _) => {
            let wb =
                calamine::Xls::new(std::io::Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
            let merges: Vec<Vec<Dimensions>> = wb
                .sheet_names()
                .iter()
                .map(|n| wb.merge_cells_by_sheet_name(n).unwrap_or_default())
                .collect();
            from_reader(
                wb,
                |i, _| merges.get(i).cloned().unwrap_or_default(),
                |_, _| None,
            )
            .map_err(err)?
        }
        (Kind::Text, "csv" | "txt") => vec![csv(&bytes, &shown)?],
        (Kind::Text, _) => return Err(SheetError::Unsupported { path: shown }),
    };
    if sheets.is_empty() {
        return Err(SheetError::Empty { path: shown });
    }
    Ok(Book { sheets, keywords })
}

/// A number format that shows a percentage (`0.00%`), ignoring quoted text and escapes.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn from_reader<R, RS>(
    mut wb: R,
    merges: impl Fn(usize, &str) -> Vec<Dimensions>,
    percent: impl Fn(usize, (u32, u32)) -> Option<bool>,
) -> Result<Vec<Sheet>, String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
        let mut sheet = Sheet {
            name: name.clone(),
            rows: Vec::new(),
        };
        if let (Some(start), Some(end)) = (range.start(), range.end()) {
            let (h, w) = (end.0 as usize + 1, end.1 as usize + 1);
            sheet.rows = vec![vec![Cell::default(); w]; h];
            for (r, c, v) in range.cells() {
                let (ar, ac) = (start.0 as usize + r, start.1 as usize + c);
                let pct = percent(i, (ar as u32, ac as u32)).unwrap_or(false);
                sheet.rows[ar][ac] = cell_of(v, pct);
            }
        }
        apply_merges(&mut sheet, &merges(i, name));
        out.push(sheet);
    }
    Ok(out)
}

/// Gives each merged range's text to every cell it covers.
fn apply_merges(sheet: &mut Sheet, merges: &[Dimensions]) {
    for m in merges {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
        let Some(origin) = sheet.cell(r0, c0).cloned() else {
            continue;
        };
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) == (r0, c0) {
                    continue;
                }
                if let Some(row) = sheet.rows.get_mut(r)
                    && let Some(cell) = row.get_mut(c)
                {
                    *cell = Cell {
                        text: origin.text.clone(),
                        merged_from: Some((r0, c0)),
                        numeric: origin.numeric,
                    };
                }
            }
        }
    }
}

fn cell_of(v: &Data, percent: bool) -> Cell {
    let (text, numeric) = match v {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) if percent => (format!("{}%", i * 100), true),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) if percent => (format!("{}%", float_text(f * 100.0)), true),
        Data::Float(f) => (float_text(*f), true),
        Data::Bool(b) => ((if *b { "是" } else { "否" }).to_string(), false),
        Data::DateTime(d) => (date_text(d.as_f64()), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(_) => (String::new(), false),
    };
    Cell {
        text,
        merged_from: None,
        numeric,
    }
}

/// A float as a person wrote it: `2.22`, `1435`, `0.3` (not `0.30000000000000004`).
pub(crate) fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let short = format!("{f}");
    if short.len() <= 17 {
        return short;
    }
    let fixed = format!("{f:.10}");
    fixed
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn date_text(serial: f64) -> String {
    let days = serial.floor() as i64 - 25569; // 1970-01-01
    let (y, m, d) = crate::calendar::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A CSV file (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese Windows), with
/// quoted fields, `,` or tab separated.
fn csv(bytes: &[u8], shown: &str) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(SheetError::Read {
                    path: shown.to_string(),
                    detail: "既不是 UTF-8 也不是 GBK 编码（neither UTF-8 nor GBK）".into(),
                });
            }
            t.into_owned()
        }
    };
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches('\t').count() > first.matches(',').count() {
        '\t'
    } else {
        ','
    };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' if field.is_empty() => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(Sheet {
        name: "CSV".into(),
        rows: rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|text| Cell {
                        text,
                        merged_from: None,
                        numeric: false,
                    })
                    .collect()
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests;
