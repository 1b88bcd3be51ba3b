//! Reading the indicator table's rows (指标行) under a [`Header`]: 一级 and 二级 cells merged down (or
//! left blank, or repeated) carry on to the rows below; a row without a 三级 name but with a score is
//! the score of its group (a group whose rows are not published); empty rows are skipped; the table
//! ends at its 总分 / 合计 row, whose score is the stated total.

use super::ImportError;
use super::header::{Col, Header, fold};
use super::sheet::{Sheet, a1};
use rust_decimal::Decimal;

/// A 三级指标 as read from one row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedRow {
    pub name: String,
    pub weight: Option<Decimal>,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub score: Option<Decimal>,
    pub explanation: Option<String>,
    pub criteria: Option<String>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub evidence: Option<String>,
    pub note: Option<String>,
    /// Set for rows the form scores by a rule of its own (the national 预算执行率).
    pub rule: Option<&'static str>,
    /// 不适用: the 分值 cell says so (`/`, `不适用`, `—` …), or the row has nothing but its name.
    pub not_applicable: bool,
    pub spent: Option<Decimal>,
    pub budget: Option<Decimal>,
    /// The 执行率 of a rate row, as the 实际完成值 cell writes it (`100%`).
    pub rate: Option<String>,
    /// The cell of the row's name, for messages (`Sheet1!E12`).
    pub at: String,
}

/// A 一级 or 二级 group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedGroup {
    pub name: String,
    pub weight: Option<Decimal>,
    /// A score stated for the whole group (its rows are not published).
    pub score: Option<Decimal>,
    pub reason: Option<String>,
    pub improvement: Option<String>,
    pub groups: Vec<ImportedGroup>,
    pub rows: Vec<ImportedRow>,
}

/// The indicator table read.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub groups: Vec<ImportedGroup>,
    /// 总分 as the table states it.
    pub stated_total: Option<Decimal>,
    /// The row after the table (where the 评价等级 and sign-off lines are).
    pub end: usize,
}

/// A cell's text that says "nothing here": `/`, `—`, `-`, `无` in a number column.
pub(crate) fn blank(t: &str) -> bool {
    matches!(t, "" | "/" | "／" | "-" | "—" | "——" | "–" | "\\")
}

/// The number in a cell, or an error naming the cell.
pub fn number(
    sheet: &Sheet,
    r: usize,
    c: usize,
    what: &str,
) -> Result<Option<Decimal>, ImportError> {
    let t = sheet.text(r, c);
    if blank(t) {
        return Ok(None);
    }
    crate::number::parse_decimal(t)
        .map(Some)
        .map_err(|e| ImportError::BadCell {
            cell: format!("{}!{}", sheet.name, a1(r, c)),
            what: what.to_string(),
            text: crate::diag::excerpt(t),
            why: e.zh().to_string(),
        })
}

fn text_at(sheet: &Sheet, h: &Header, r: usize, role: Col) -> Option<String> {
    let c = h.col(role)?;
    let t = sheet.text(r, c);
    (!t.is_empty()).then(|| t.to_string())
}

/// `原因……\n改进措施：……` → (原因, 改进措施).
fn split_improvement(text: &str) -> (Option<String>, Option<String>) {
    let at = ["改进措施：", "改进措施:"]
        .iter()
        .filter_map(|m| text.find(m).map(|i| (i, m.len())))
        .min();
    let (why, fix) = match at {
        Some((i, n)) => (&text[..i], Some(text[i + n..].trim())),
        None => (text, None),
    };
    let why = why.trim().trim_end_matches(['；', ';']).trim_end();
    (
        (!why.is_empty()).then(|| why.to_string()),
        fix.filter(|f| !f.is_empty()).map(str::to_string),
    )
}

/// 总分 / 合计 / 总计: the table's last line.
fn is_total(t: &str) -> bool {
    let t = fold(t);
    ["总分", "合计", "总计", "自评总分", "综合得分"]
        .iter()
        .any(|w| t == *w || t.starts_with(&format!("{w}(")))
}

/// Reads the rows of the table under `h`.
pub fn read(sheet: &Sheet, h: &Header) -> Result<Table, ImportError> {
    let mut table = Table {
        end: sheet.rows.len(),
        ..Table::default()
    };
    for r in h.data_start..sheet.rows.len() {
        // The row's own texts up to the 三级 column (a 总分 label can sit left of the level columns,
        // after a 序号, or beside a 绩效指标 label merged down from above).
        let upto = h.col(Col::Name(3)).unwrap_or(0);
        let own: Vec<&str> = (0..=upto)
            .filter(|&c| {
                sheet
                    .cell(r, c)
                    .is_some_and(|x| x.merged_from.is_none_or(|(r0, _)| r0 == r))
            })
            .map(|c| sheet.text(r, c))
            .filter(|t| !t.is_empty())
            .collect();
        let lead = own.first().copied().unwrap_or("");
        if own.iter().any(|t| is_total(t)) {
            let score = match (h.col(Col::Stated), h.col(Col::Score)) {
                (Some(c), _) if !blank(sheet.text(r, c)) => number(sheet, r, c, "填报总分")?,
                (_, Some(c)) => number(sheet, r, c, "总分")?,
                _ => None,
            };
            table.stated_total = score;
            table.end = r + 1;
            break;
        }
        if fold(lead).starts_with("评价等级") || fold(lead).starts_with("自评等级") {
            table.end = r;
            break;
        }
        // A header repeated on a new page.
        if h.col(Col::Name(1))
            .is_some_and(|c| fold(sheet.text(r, c)).starts_with("一级"))
        {
            continue;
        }
        let has_data = h.cols.iter().any(|(c, _)| !blank(sheet.text(r, *c)));
        if !has_data {
            continue;
        }
        row(sheet, h, r, &mut table.groups)?;
    }
    Ok(table)
}

fn row(
    sheet: &Sheet,
    h: &Header,
    r: usize,
    groups: &mut Vec<ImportedGroup>,
) -> Result<(), ImportError> {
    let name = |n: u8| h.col(Col::Name(n)).map(|c| sheet.text(r, c)).unwrap_or("");
    let weight = |n: u8, what: &str| match h.col(Col::Weight(n)) {
        Some(c) => number(sheet, r, c, what),
        None => Ok(None),
    };
    let (l1, l2, l3) = (name(1), name(2), name(3));
    // 一级: a new name starts a group; a blank cell continues the one above.
    if !l1.is_empty() && groups.last().is_none_or(|g| g.name != l1) {
        groups.push(ImportedGroup {
            name: l1.to_string(),
            weight: weight(1, "一级指标分值")?,
            ..ImportedGroup::default()
        });
    }
    let Some(g1) = groups.last_mut() else {
        let c = h.col(Col::Name(1)).unwrap_or(0);
        return Err(ImportError::BadCell {
            cell: format!("{}!{}", sheet.name, a1(r, c)),
            what: "一级指标".into(),
            text: String::new(),
            why: "指标行之前没有一级指标名称".into(),
        });
    };
    if g1.weight.is_none() {
        g1.weight = weight(1, "一级指标分值")?;
    }
    if !l2.is_empty() && g1.groups.last().is_none_or(|g| g.name != l2) {
        g1.groups.push(ImportedGroup {
            name: l2.to_string(),
            weight: weight(2, "二级指标分值")?,
            ..ImportedGroup::default()
        });
    }
    // Rows go into the current 二级 group, or straight into the 一级 when it has none.
    let target = match g1.groups.last_mut() {
        Some(g2) => {
            if g2.weight.is_none() {
                g2.weight = weight(2, "二级指标分值")?;
            }
            g2
        }
        None => g1,
    };
    let score = match (h.col(Col::Stated), h.col(Col::Score)) {
        (Some(c), _) if !blank(sheet.text(r, c)) => number(sheet, r, c, "填报自评分")?,
        (_, Some(c)) => number(sheet, r, c, "得分")?,
        _ => None,
    };
    let (mut reason, mut improvement) = (
        text_at(sheet, h, r, Col::Reason),
        text_at(sheet, h, r, Col::Improvement),
    );
    if let Some(both) = text_at(sheet, h, r, Col::ReasonImprovement) {
        // 偏差原因分析及改进措施: the part after “改进措施：” is the improvement.
        let (why, fix) = split_improvement(&both);
        reason = reason.or(why);
        improvement = improvement.or(fix);
    }
    for t in [&mut reason, &mut improvement] {
        if t.as_deref().is_some_and(blank) {
            *t = None;
        }
    }
    if l3.is_empty() {
        // A group whose rows are not published: its score and reasons.
        if score.is_some() {
            target.score = score;
            target.reason = reason;
            target.improvement = improvement;
        }
        return Ok(());
    }
    let at = format!("{}!{}", sheet.name, a1(r, h.col(Col::Name(3)).unwrap_or(0)));
    let (goal, done) = (
        text_at(sheet, h, r, Col::Target).filter(|t| !blank(t)),
        text_at(sheet, h, r, Col::Actual).filter(|t| !blank(t)),
    );
    // 不适用: a 分值 cell that says so, or a row with nothing but its name (a template line).
    let w3 = h
        .col(Col::Weight(3))
        .map_or("", |c| sheet.text(r, c))
        .trim();
    let said = !w3.is_empty()
        && crate::model::national::NOT_APPLICABLE
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w3));
    let nothing = w3.is_empty() && score.is_none() && goal.is_none() && done.is_none();
    let not_applicable = h.col(Col::Weight(3)).is_some() && (said || nothing);
    // A 执行率 / 支出率 row with no target and a percentage for its actual (银川's 预算执行率 under
    // 投入管理: “— | 100%”) is scored as one: rate × 分值.
    let rate = done
        .as_deref()
        .filter(|a| {
            goal.is_none()
                && (l3.contains("执行率") || l3.contains("支出率"))
                && a.trim_end().ends_with(['%', '％'])
                && crate::number::parse_percent(a).is_ok()
        })
        .map(str::to_string);
    target.rows.push(ImportedRow {
        name: l3.to_string(),
        weight: if not_applicable {
            None
        } else {
            weight(3, "三级指标分值")?
        },
        not_applicable,
        rule: rate.as_ref().map(|_| "rate"),
        rate,
        target: goal,
        actual: done,
        score,
        explanation: text_at(sheet, h, r, Col::Explanation),
        criteria: text_at(sheet, h, r, Col::Criteria),
        reason,
        improvement,
        evidence: text_at(sheet, h, r, Col::Evidence).filter(|t| !blank(t)),
        note: text_at(sheet, h, r, Col::Note),
        at,
        ..ImportedRow::default()
    });
    Ok(())
}
