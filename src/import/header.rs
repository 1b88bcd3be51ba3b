//! Finding the indicator table's header (表头) by its column titles, not by fixed positions: the
//! forms put 一级/二级/三级指标 with or without their own 分值 columns, spread titles over two or three
//! header rows (评价指标 → 一级指标 → 名称 | 权重(%)), and merge titles across columns (指标解释 over
//! four columns). Each column gets at most one [`Col`] role.

use super::sheet::Sheet;

/// What a column of the indicator table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Col {
    /// 一级/二级/三级指标 name, by level (1–3).
    Name(u8),
    /// 分值 / 权重 of a level.
    Weight(u8),
    /// 指标解释.
    Explanation,
    /// 评分标准.
    Criteria,
    /// 目标值 / 预期值 / 年度指标值.
    Target,
    /// 实际值 / 实现值 / 实际完成值.
    Actual,
    /// 得分 / 自评分.
    Score,
    /// 填报自评分: the score the unit stated, where a table shows the computed one beside it.
    Stated,
    /// 未达标原因 / 扣分原因.
    Reason,
    /// 偏差原因分析及改进措施 (one column for both).
    ReasonImprovement,
    /// 改进措施.
    Improvement,
    /// 佐证材料.
    Evidence,
    /// 备注.
    Note,
}

/// A title as classified before columns are assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Level(u8),
    Weight,
    /// 名称 in a sub-header row.
    Name,
    Role(Col),
}

/// The header text folded for matching: no white space, half-width brackets and colon, no trailing
/// colon.
pub fn fold(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '／' => '/',
            _ => c,
        })
        .collect();
    while out.ends_with(':') {
        out.pop();
    }
    out
}

fn classify(text: &str) -> Option<Token> {
    let t = fold(text);
    if t.is_empty() {
        return None;
    }
    for (level, names) in [
        (1, ["一级指标", "一级"]),
        (2, ["二级指标", "二级"]),
        (3, ["三级指标", "三级"]),
    ] {
        if names.iter().any(|n| t.starts_with(n)) {
            return Some(Token::Level(level));
        }
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if [
        "分值",
        "权重",
        "指标分值",
        "指标权重",
        "标准分值",
        "标准分",
        "参考分值",
    ]
    .iter()
    .any(|w| t.starts_with(w))
    {
        return Some(Token::Weight);
    }
    if t == "名称" || t == "指标名称" {
        return Some(Token::Name);
    }
    let role = if t.contains("填报") && has(&["得分", "自评分", "分数"]) {
        Col::Stated
    } else if has(&["偏差原因"]) || (t.contains("原因") && t.contains("改进措施")) {
        Col::ReasonImprovement
    } else if has(&["未达标原因", "扣分原因", "原因分析", "未完成原因"]) {
        Col::Reason
    } else if has(&["改进措施", "整改措施", "改进意见"]) {
        Col::Improvement
    } else if has(&["指标解释", "指标说明", "指标内涵"]) {
        Col::Explanation
    } else if has(&["评分标准", "评分规则", "评分方法", "计分方法", "评分细则"])
    {
        Col::Criteria
    } else if has(&["佐证材料", "佐证资料", "证明材料"]) {
        Col::Evidence
    } else if t == "备注" {
        Col::Note
    } else if has(&["实际值", "实现值", "完成值", "实际完成"]) {
        Col::Actual
    } else if has(&["指标值", "预期值", "目标值"]) {
        Col::Target
    } else if has(&["得分", "自评分", "自评分数", "评分"]) {
        Col::Score
    } else {
        return None;
    };
    Some(Token::Role(role))
}

/// The header of an indicator table: its rows and the role of each column.
#[derive(Clone, Debug)]
pub struct Header {
    /// The row with the 一级/二级/三级 titles.
    pub row: usize,
    /// The first row of data (after any 名称/权重 sub-header rows).
    pub data_start: usize,
    /// `(column, role)`, left to right.
    pub cols: Vec<(usize, Col)>,
}

impl Header {
    pub fn col(&self, role: Col) -> Option<usize> {
        self.cols.iter().find(|(_, r)| *r == role).map(|(c, _)| *c)
    }
    pub fn has(&self, role: Col) -> bool {
        self.col(role).is_some()
    }
}

/// What a sheet lacks to be read as an indicator table, in the user's terms.
pub fn missing(sheet: &Sheet) -> Vec<&'static str> {
    let mut seen = [false; 4];
    for r in 0..sheet.rows.len() {
        for c in 0..sheet.width() {
            match classify(sheet.text(r, c)) {
                Some(Token::Level(n)) => seen[usize::from(n)] = true,
                Some(Token::Role(Col::Score)) => seen[0] = true,
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, what) in [
        (1, "一级指标"),
        (2, "二级指标"),
        (3, "三级指标"),
        (0, "得分 / 自评分"),
    ] {
        if !seen[i] {
            out.push(what);
        }
    }
    out
}

/// Finds the indicator header of `sheet`: the first row holding the 一级, 二级 and 三级 titles, with
/// a 得分 / 自评分 column on it, above it (a title merged down) or below it.
pub fn find(sheet: &Sheet) -> Option<Header> {
    (0..sheet.rows.len()).find_map(|r| at(sheet, r))
}

fn at(sheet: &Sheet, row: usize) -> Option<Header> {
    let width = sheet.width();
    let mut levels = [false; 3];
    for c in 0..width {
        if let Some(Token::Level(n)) = classify(sheet.text(row, c)) {
            levels[usize::from(n - 1)] = true;
        }
    }
    if levels.contains(&false) {
        return None;
    }
    // Sub-header rows: 名称 | 权重(%) under the level titles; other cells empty or merged from above.
    let mut data_start = row + 1;
    while data_start < sheet.rows.len() && is_sub_header(sheet, data_start, row) {
        data_start += 1;
    }
    let subs: Vec<usize> = (row + 1..data_start).collect();
    let mut cols: Vec<(usize, Col)> = Vec::new();
    let assigned = |cols: &Vec<(usize, Col)>, role: Col| cols.iter().any(|(_, r)| *r == role);
    let mut last_level: Option<u8> = None;
    for c in 0..width {
        let cell = sheet.cell(row, c);
        let copied_from_left = cell
            .and_then(|x| x.merged_from)
            .is_some_and(|(_, c0)| c0 < c);
        let main = classify(sheet.text(row, c));
        let sub = subs
            .iter()
            .map(|&r| sheet.cell(r, c))
            .find(|x| x.is_some_and(|x| x.merged_from.is_none() && !x.text.trim().is_empty()))
            .flatten()
            .and_then(|x| classify(&x.text));
        // A title written only above the header row or only in a sub-header row (no merges).
        let main = main.or_else(|| {
            sub.filter(|t| matches!(t, Token::Role(_) | Token::Weight))
                .or_else(|| {
                    (row.saturating_sub(2)..row)
                        .rev()
                        .map(|r| classify(sheet.text(r, c)))
                        .find(|t| matches!(t, Some(Token::Role(_))))
                        .flatten()
                })
        });
        let role = match main {
            Some(Token::Level(n)) => {
                last_level = Some(n);
                let (name, weight) = (Col::Name(n), Col::Weight(n));
                if sub == Some(Token::Weight) || (copied_from_left && assigned(&cols, name)) {
                    (!assigned(&cols, weight)).then_some(weight)
                } else {
                    (!assigned(&cols, name)).then_some(name)
                }
            }
            Some(Token::Weight) => last_level.map(Col::Weight).filter(|w| !assigned(&cols, *w)),
            Some(Token::Role(r)) if !copied_from_left && !assigned(&cols, r) => Some(r),
            _ => None,
        };
        if let Some(r) = role {
            cols.push((c, r));
        }
    }
    let header = Header {
        row,
        data_start,
        cols,
    };
    (header.has(Col::Name(3)) && (header.has(Col::Score) || header.has(Col::Stated)))
        .then_some(header)
}

fn is_sub_header(sheet: &Sheet, r: usize, header: usize) -> bool {
    let mut any = false;
    for c in 0..sheet.width() {
        let Some(cell) = sheet.cell(r, c) else {
            continue;
        };
        if cell.text.trim().is_empty() {
            continue;
        }
        if cell.merged_from.is_some_and(|(r0, _)| r0 <= header) {
            continue;
        }
        match classify(&cell.text) {
            Some(Token::Name | Token::Weight) => any = true,
            _ => return false,
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sheet::{Cell, Sheet};

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "S".into(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| Cell {
                            text: (*t).into(),
                            ..Cell::default()
                        })
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn department_titles_with_weight_columns() {
        let s = sheet(&[
            &["部门整体支出绩效自评表"],
            &[
                "一级指标",
                "分值",
                "二级指标",
                "分值",
                "三级指标",
                "分值",
                "指标解释",
                "得分",
                "未达标原因",
                "改进措施",
            ],
        ]);
        let h = find(&s).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!(h.data_start, 2);
        assert_eq!(
            h.cols,
            vec![
                (0, Col::Name(1)),
                (1, Col::Weight(1)),
                (2, Col::Name(2)),
                (3, Col::Weight(2)),
                (4, Col::Name(3)),
                (5, Col::Weight(3)),
                (6, Col::Explanation),
                (7, Col::Score),
                (8, Col::Reason),
                (9, Col::Improvement),
            ]
        );
    }

    #[test]
    fn project_titles_over_three_rows_without_merges() {
        let s = sheet(&[
            &[
                "评价指标",
                "",
                "",
                "",
                "",
                "",
                "评价年度预期值",
                "评价年度实现值",
                "自评分数",
            ],
            &["一级指标", "", "二级指标", "", "三级指标"],
            &["名称", "权重(%)", "名称", "权重(%)", "名称", "权重(%)"],
        ]);
        let h = find(&s).unwrap();
        assert_eq!(h.data_start, 3);
        assert_eq!(h.col(Col::Weight(2)), Some(3));
        assert_eq!(h.col(Col::Target), Some(6));
        assert_eq!(h.col(Col::Actual), Some(7));
        assert_eq!(h.col(Col::Score), Some(8));
    }

    #[test]
    fn national_titles_give_the_weight_to_the_third_level() {
        let s = sheet(&[&[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]]);
        let h = find(&s).unwrap();
        assert_eq!(h.col(Col::Weight(3)), Some(5));
        assert_eq!(h.col(Col::Weight(1)), None);
        assert_eq!(h.col(Col::ReasonImprovement), Some(7));
    }

    #[test]
    fn what_is_missing_is_named() {
        let s = sheet(&[&["一级指标", "二级指标", "分值"]]);
        assert!(find(&s).is_none());
        assert_eq!(missing(&s), vec!["三级指标", "得分 / 自评分"]);
    }
}
