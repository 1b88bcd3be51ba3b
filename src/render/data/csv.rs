//! `data/reports.csv`: one line per report, for a spreadsheet. UTF-8 with a byte-order mark (so Excel
//! reads the Chinese as UTF-8), RFC 4180 quoting, CRLF line ends. The columns are [`COLUMNS`],
//! named as the keys of the JSON document (docs/data.md).
//!
//! A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//! so that a spreadsheet shows it as text instead of running it as a formula (CSV injection).

use super::ReportData;

/// The header line, in order.
pub(crate) const COLUMNS: [&str; 19] = [
    "unit",
    "year",
    "kind",
    "kind_zh",
    "project",
    "title",
    "total",
    "stated_total",
    "grade",
    "deduction_points",
    "deduction_rows",
    "unexplained_deductions",
    "errors",
    "warnings",
    "infos",
    "page",
    "pdf",
    "data",
    "source",
];

/// Where the files of a report are, as the CSV gives them: relative to the site root, or absolute
/// when the site's address is known.
pub struct Links<'a> {
    /// `https://…/` or "".
    pub base: &'a str,
    /// Whether PDFs were built.
    pub pdf: bool,
}

/// The start of the file: the byte-order mark and the header line (then a [`row`] per report).
pub(crate) fn head() -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, COLUMNS.iter().map(|c| c.to_string()));
    out
}

/// The line of one report.
pub(crate) fn row(r: &ReportData, links: &Links<'_>) -> String {
    let mut out = String::new();
    line(&mut out, cells(r, links).into_iter());
    out
}

fn cells(r: &ReportData, links: &Links<'_>) -> Vec<String> {
    let count = |f: fn(&super::FindingCounts) -> usize| {
        r.finding_counts
            .as_ref()
            .map(|c| f(c).to_string())
            .unwrap_or_default()
    };
    let url = |ext: &str| {
        format!(
            "{}{}",
            links.base,
            crate::render::html::href(&format!("{}.{ext}", r.slug))
        )
    };
    vec![
        text(&r.unit),
        r.year.to_string(),
        format!("{:?}", r.kind).to_lowercase(),
        r.kind_zh.to_string(),
        text(r.project_name().unwrap_or("")),
        text(&r.title),
        r.total.clone(),
        r.stated_total.clone().unwrap_or_default(),
        r.grade.to_string(),
        r.deductions.points.clone(),
        r.deductions.rows.to_string(),
        r.deductions.unexplained.to_string(),
        count(|c| c.error),
        count(|c| c.warning),
        count(|c| c.info),
        url("html"),
        if links.pdf { url("pdf") } else { String::new() },
        url("json"),
        text(&r.source),
    ]
}

/// A text cell, defused against formula injection.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    let mut first = true;
    for c in cells {
        if !first {
            out.push(',');
        }
        first = false;
        if c.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&c);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        let mut out = String::new();
        line(
            &mut out,
            ["a", "b,c", "say \"hi\"", "two\nlines", "中文"]
                .iter()
                .map(|s| s.to_string()),
        );
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",中文\r\n");
    }

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("-1+2"), "'-1+2");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("广州市工业和信息化局"), "广州市工业和信息化局");
    }
}
