//! The labelled cells around the indicator table (基本情况, 资金情况): a label cell (部门名称, 项目名称,
//! 评价年度 …) with its value in the next cell to the right, or after a colon in the same cell
//! (`填报单位名称：江门市工业和信息化局`); a grid of 资金 columns with their figures below.

use super::header::fold;
use super::sheet::Sheet;

/// Every label the forms use, so that a label's value is never taken from the next label.
const LABELS: [&str; 40] = [
    "部门名称",
    "单位名称",
    "部门(单位)名称",
    "填报单位",
    "填报单位名称",
    "单位数",
    "所属下级预算单位数量",
    "年度整体绩效目标",
    "整体绩效目标完成情况",
    "未能完成原因",
    "项目名称",
    "评价年度",
    "评价金额",
    "联系人",
    "联系电话",
    "联系邮箱",
    "实施文件依据",
    "项目级次",
    "主管部门",
    "实施单位",
    "项目负责人",
    "填报人",
    "填报日期",
    "预期总体目标",
    "是否如期实现预期总体目标",
    "金额单位",
    "基本情况",
    "资金情况",
    "资金安排情况",
    "资金使用情况",
    "绩效目标情况",
    "预算计划安排",
    "实际分配下达",
    "实际支出金额",
    "市本级",
    "转移支付至下级",
    "部门基本情况",
    "年度部门预算情况",
    "年度总体目标",
    "项目资金(万元)",
];

/// Whether `t` (folded) is one of the form's labels.
fn is_label(t: &str) -> bool {
    let t = fold(t);
    LABELS.iter().any(|l| t == *l)
}

/// A labelled value: where its label is and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub row: usize,
    pub col: usize,
    pub value: String,
}

/// The value of the first label among `labels` in rows `rows`: the next non-empty cell to its right
/// that is not the label's own merged range nor another label, or the text after its colon.
pub fn labelled(sheet: &Sheet, labels: &[&str], rows: std::ops::Range<usize>) -> Option<Found> {
    for r in rows {
        for c in 0..sheet.width() {
            let Some(cell) = sheet.cell(r, c) else {
                continue;
            };
            if cell.merged_from.is_some_and(|(r0, c0)| r0 == r && c0 < c) {
                continue;
            }
            let t = fold(&cell.text);
            for l in labels {
                let l = fold(l);
                if let Some(rest) = t.strip_prefix(&l)
                    && let Some(v) = rest.strip_prefix(':')
                {
                    let v = cell
                        .text
                        .split_once(['：', ':'])
                        .map_or(v, |(_, v)| v.trim());
                    if !v.is_empty() {
                        return Some(Found {
                            row: r,
                            col: c,
                            value: v.to_string(),
                        });
                    }
                }
                if t == l || t.strip_prefix(&l).is_some_and(|x| x.starts_with('(')) {
                    return Some(Found {
                        row: r,
                        col: c,
                        value: right_of(sheet, r, c).unwrap_or_default(),
                    });
                }
            }
        }
    }
    None
}

/// The first value to the right of the label at `(r, c)`.
fn right_of(sheet: &Sheet, r: usize, c: usize) -> Option<String> {
    for cc in c + 1..sheet.width() {
        let cell = sheet.cell(r, cc)?;
        if cell.merged_from == Some((r, c)) {
            continue;
        }
        let t = cell.text.trim();
        if t.is_empty() {
            continue;
        }
        if is_label(t) {
            return None;
        }
        return Some(t.to_string());
    }
    None
}

/// The figure under a column title `label` (a funds grid): the first non-empty cell below it, within
/// `depth` rows and above the end of `rows`, that is not the title's own merged range.
pub fn below(
    sheet: &Sheet,
    labels: &[&str],
    rows: std::ops::Range<usize>,
    depth: usize,
) -> Option<Found> {
    let end = rows.end.min(sheet.rows.len());
    for r in rows {
        for c in 0..sheet.width() {
            let t = fold(sheet.text(r, c));
            if t.is_empty()
                || !labels.iter().any(|l| {
                    let l = fold(l);
                    t == l || t.strip_prefix(&l).is_some_and(|x| x.starts_with('('))
                })
            {
                continue;
            }
            if sheet
                .cell(r, c)
                .and_then(|x| x.merged_from)
                .is_some_and(|(r0, c0)| r0 == r && c0 < c)
            {
                continue;
            }
            for rr in r + 1..(r + 1 + depth).min(end) {
                let Some(cell) = sheet.cell(rr, c) else {
                    break;
                };
                if cell.merged_from.is_some_and(|(r0, _)| r0 <= r) {
                    continue;
                }
                let v = cell.text.trim();
                if !v.is_empty() {
                    return Some(Found {
                        row: rr,
                        col: c,
                        value: v.to_string(),
                    });
                }
            }
        }
    }
    None
}

/// The column of the first cell in row `r` whose folded text starts with one of `labels`.
pub(crate) fn col_of(sheet: &Sheet, r: usize, labels: &[&str]) -> Option<usize> {
    (0..sheet.width()).find(|&c| {
        let t = fold(sheet.text(r, c));
        !t.is_empty() && labels.iter().any(|l| t.starts_with(&fold(l)))
    })
}

/// The first row in `rows` holding a cell that starts with one of `labels`.
pub(crate) fn row_of(
    sheet: &Sheet,
    labels: &[&str],
    rows: std::ops::Range<usize>,
) -> Option<usize> {
    rows.into_iter()
        .find(|&r| col_of(sheet, r, labels).is_some())
}

/// A 评价年度 in a title line or a cell: `(2022年度)`, `2023年`, `2023`.
pub(crate) fn year_in(text: &str) -> Option<i32> {
    let n = crate::number::normalize(text);
    let digits: Vec<(usize, char)> = n.char_indices().collect();
    for (i, w) in digits.windows(4).enumerate() {
        if w.iter().all(|(_, c)| c.is_ascii_digit()) {
            let before = i.checked_sub(1).map(|j| digits[j].1);
            let after = digits.get(i + 4).map(|x| x.1);
            if before.is_some_and(|c| c.is_ascii_digit())
                || after.is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let y: String = w.iter().map(|(_, c)| c).collect();
            let y: i32 = y.parse().ok()?;
            if (2000..=2100).contains(&y) && (after.is_none() || after == Some('年')) {
                return Some(y);
            }
        }
    }
    None
}

/// A multi-line cell as a list: one item per line, blank lines left out.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A numbered list in a cell (实施文件依据): one item per line, `1.`/`1、` numbering removed.
pub fn numbered(text: &str) -> Vec<String> {
    lines(text)
        .iter()
        .map(|l| strip_numbering(l).to_string())
        .collect()
}

fn strip_numbering(l: &str) -> &str {
    let digits = l.find(|c: char| !c.is_ascii_digit()).unwrap_or(l.len());
    if digits > 0 && digits <= 2 {
        for sep in [". ", ".", "、", "．"] {
            if let Some(rest) = l[digits..].strip_prefix(sep) {
                return rest.trim_start();
            }
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_titles_and_cells() {
        assert_eq!(year_in("(2022年度)"), Some(2022));
        assert_eq!(year_in("（２０２３年度）"), Some(2023));
        assert_eq!(year_in("2024"), Some(2024));
        assert_eq!(year_in("电话 20231234"), None);
        assert_eq!(year_in("1999年"), None);
    }

    #[test]
    fn numbered_lines_become_items() {
        assert_eq!(
            numbered("1. 甲通知\n2、乙通知\n\n丙"),
            vec!["甲通知", "乙通知", "丙"]
        );
        assert_eq!(lines("1. 甲\n\n 2. 乙 "), vec!["1. 甲", "2. 乙"]);
    }
}
