//! The report page's tables as the template draws them: the indicator grid (指标评分表) with its
//! columns named as the report's form names them, the sub-indicator tables (明细), the budget grid's
//! header, and the notes under the tables (figures the transcriber estimated).
//!
//! Which optional columns show in the table and which fold into a row's 详情 is the template's
//! choice (`fold` in `report.html`); this module says which columns have content, in the form's
//! order, and what each is called.

use super::super::view::{GridRow, ReportView};
use serde::Serialize;

/// A column of the indicator grid after 三级指标 and its 分值.
#[derive(Clone, Debug, Serialize)]
pub(super) struct GridColumn {
    /// `explanation`, `target`, `actual`, `score`, `basis`, `reason`, `improvement`, `criteria`,
    /// `evidence`: the field of a line the column shows.
    pub key: &'static str,
    /// The header, as the form prints it.
    pub head: &'static str,
    /// CSS class of its cells: `num`, `target` (short figures or words) or `text`.
    pub class: &'static str,
}

/// The columns of the grid: those with content in some line (得分 always), in the form's order.
#[derive(Debug, Serialize)]
pub(super) struct GridCols {
    /// 分值 / 权重(%).
    pub weight_head: &'static str,
    pub list: Vec<GridColumn>,
    /// Columns from the name to the last one (a row's 详情 spans them).
    pub span: usize,
}

/// The column names of each form: 000 (部门整体支出绩效自评表), 001 (广东项目绩效自评指标评分表),
/// 财预〔2020〕10号 (项目支出绩效自评表).
fn heads(form: &str) -> [(&'static str, &'static str); 9] {
    let (target, actual, score, reason) = match form {
        "project" => ("预期值", "实现值", "自评分数", "未达标原因分析"),
        "national" => ("年度指标值", "实际完成值", "得分", "偏差原因分析"),
        _ => ("目标值", "实际值", "得分", "未达标原因"),
    };
    [
        ("explanation", "指标解释"),
        ("target", target),
        ("actual", actual),
        ("score", score),
        ("basis", "计分依据"),
        ("reason", reason),
        ("improvement", "改进措施"),
        ("criteria", "评分标准"),
        ("evidence", "佐证材料"),
    ]
}

fn has(r: &GridRow, key: &str) -> bool {
    let some = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.trim().is_empty());
    match key {
        "explanation" => some(&r.explanation),
        "target" => some(&r.target),
        "actual" => some(&r.actual),
        "score" => true,
        "basis" => r.formula.is_some() || r.completion.is_some() || r.halved,
        "reason" => some(&r.reason),
        "improvement" => some(&r.improvement),
        "criteria" => some(&r.criteria),
        "evidence" => some(&r.evidence),
        _ => false,
    }
}

impl GridCols {
    /// `lead`: the columns before these that a row's 详情 spans too (三级指标 and its 分值 in the
    /// grid; 序号, 指标 and 分值 in a sub-indicator table).
    pub(super) fn of(form: &str, rows: &[GridRow], lead: usize) -> GridCols {
        let list: Vec<GridColumn> = heads(form)
            .into_iter()
            .filter(|(key, _)| rows.iter().any(|r| has(r, key)))
            .map(|(key, head)| GridColumn {
                key,
                head,
                class: match key {
                    "score" => "num",
                    "target" | "actual" => "target",
                    _ => "text",
                },
            })
            .collect();
        GridCols {
            weight_head: if form == "project" {
                "权重(%)"
            } else {
                "分值"
            },
            span: list.len() + lead,
            list,
        }
    }
}

/// One line of a table as the template draws it: the view's row and what the page adds.
#[derive(Serialize)]
pub(super) struct GridLine<'a> {
    #[serde(flatten)]
    pub row: &'a GridRow,
    /// An empty 二级 cell spanning this many lines (a 一级 group without 二级 groups).
    pub l2_blank: Option<usize>,
    /// The id of this row's sub-indicator table (aggregate rows).
    pub items_id: Option<String>,
    /// 计分依据: jixiao's formula, or the completion where there is no formula.
    pub basis: Option<String>,
    /// Ids of the notes of the row and of its 一级/二级 cells (figures estimated by the transcriber).
    pub note: Option<String>,
    pub l1_note: Option<String>,
    pub l2_note: Option<String>,
}

/// A sub-indicator table of an aggregate row (部门整体产出/效益指标明细).
#[derive(Serialize)]
pub(super) struct ItemsTable<'a> {
    pub id: String,
    pub name: &'a str,
    pub weight: &'a str,
    pub score: &'a str,
    /// jixiao's score of the aggregate row where it differs from the published one.
    pub computed: Option<&'a str>,
    pub items: Vec<GridLine<'a>>,
    pub cols: GridCols,
    /// The note of the aggregate row (its items' weights estimated …), repeated above the table:
    /// its id and its text.
    pub note: Option<String>,
    pub note_text: Option<String>,
}

/// A note under a table: a figure the transcriber estimated (推算), what and how.
#[derive(Clone, Debug, Serialize)]
pub(super) struct Note {
    pub id: String,
    /// The indicator it is about.
    pub name: String,
    pub text: String,
}

/// The page's tables: the grid's lines, the sub-indicator tables and the notes of both.
pub(super) struct Tables<'a> {
    pub grid: Vec<GridLine<'a>>,
    pub items: Vec<ItemsTable<'a>>,
    pub notes: Vec<Note>,
    /// Some figure on the page carries jixiao's different one (“经核算为 …”).
    pub computed: bool,
}

fn basis(r: &GridRow) -> Option<String> {
    match (&r.formula, &r.completion) {
        (Some(f), _) => Some(f.clone()),
        (None, Some(c)) => Some(format!("完成率 {c}")),
        _ => None,
    }
}

fn note_for(notes: &mut Vec<Note>, name: &str, text: &Option<String>) -> Option<String> {
    let text = text.as_ref()?;
    let id = format!("note-{}", notes.len() + 1);
    notes.push(Note {
        id: id.clone(),
        name: name.to_string(),
        text: text.clone(),
    });
    Some(id)
}

impl<'a> Tables<'a> {
    pub(super) fn of(v: &'a ReportView) -> Tables<'a> {
        let mut notes = Vec::new();
        let mut grid = Vec::with_capacity(v.grid.len());
        let mut items = Vec::new();
        let mut computed = v.computed_total.is_some();
        for (i, row) in v.grid.iter().enumerate() {
            // A 一级 group whose lines carry no 二级 cell gets one empty cell spanning them.
            let l2_blank = row.l1.as_ref().and_then(|c| {
                let span = &v.grid[i..(i + c.rowspan).min(v.grid.len())];
                span.iter().all(|r| r.l2.is_none()).then_some(c.rowspan)
            });
            let l1_note = row
                .l1
                .as_ref()
                .and_then(|c| note_for(&mut notes, &c.name, &c.reconstructed));
            let l2_note = row
                .l2
                .as_ref()
                .and_then(|c| note_for(&mut notes, &c.name, &c.reconstructed));
            let note = note_for(&mut notes, &row.name, &row.reconstructed);
            computed |= row.computed.is_some();
            let items_id = (!row.items.is_empty()).then(|| format!("items-{}", items.len() + 1));
            if let Some(id) = &items_id {
                let lines = row
                    .items
                    .iter()
                    .map(|it| {
                        computed |= it.computed.is_some();
                        GridLine {
                            row: it,
                            l2_blank: None,
                            items_id: None,
                            basis: basis(it),
                            note: note_for(&mut notes, &it.name, &it.reconstructed),
                            l1_note: None,
                            l2_note: None,
                        }
                    })
                    .collect();
                items.push(ItemsTable {
                    id: id.clone(),
                    name: &row.name,
                    weight: &row.weight,
                    score: &row.score,
                    computed: row.computed.as_deref(),
                    items: lines,
                    cols: GridCols::of(&v.form, &row.items, 3),
                    note: note.clone(),
                    note_text: row.reconstructed.clone(),
                });
            }
            grid.push(GridLine {
                row,
                l2_blank,
                items_id,
                basis: basis(row),
                note,
                l1_note,
                l2_note,
            });
        }
        Tables {
            grid,
            items,
            notes,
            computed,
        }
    }
}

/// The budget grid's header: lines grouped under 部门预算 / 事业发展支出 / 按预算级次划分.
#[derive(Serialize)]
pub(super) struct BudgetHead {
    groups: Vec<BudgetGroup>,
    /// Whether a second header row is needed.
    nested: bool,
    spent: bool,
    rate: bool,
    /// Some line's stated 执行率 differs from jixiao's.
    computed: bool,
}

#[derive(Serialize)]
struct BudgetGroup {
    label: Option<&'static str>,
    lines: Vec<usize>,
}

fn budget_parent(key: &str) -> Option<&'static str> {
    match key {
        "basic" | "project" => Some("部门预算"),
        "special" | "other" => Some("事业发展支出"),
        "city" | "transfer" => Some("按预算级次划分"),
        _ => None,
    }
}

pub(super) fn budget_head(v: &ReportView) -> BudgetHead {
    let mut groups: Vec<BudgetGroup> = Vec::new();
    for (i, b) in v.budget.iter().enumerate() {
        let parent = budget_parent(&b.key);
        match groups.last_mut() {
            Some(g) if parent.is_some() && g.label == parent => g.lines.push(i),
            _ => groups.push(BudgetGroup {
                label: parent,
                lines: vec![i],
            }),
        }
    }
    BudgetHead {
        nested: groups.iter().any(|g| g.label.is_some()),
        groups,
        spent: v.budget.iter().any(|b| b.spent.is_some()),
        rate: v.budget.iter().any(|b| b.rate.is_some()),
        computed: v.budget.iter().any(|b| b.computed_rate.is_some()),
    }
}
