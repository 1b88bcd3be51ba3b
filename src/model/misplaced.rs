//! A 三级指标 written in the list of the groups above it (its `- ` one level too shallow): YAML reads
//! it fine, as a group with fields a group cannot have. Told as what it is, once, instead of as an
//! unknown field per row field and an unknown group.

use super::reader::Fields;
use crate::diag::{Diagnostic, excerpt};
use crate::load::yaml::Span;

/// The error for a group map (at `level` 1 or 2) that has fields only a row has, if it has any.
pub(crate) fn row_among_groups(
    f: &Fields<'_>,
    level: u8,
    row_fields: &[&str],
    group_fields: &[&str],
) -> Option<Diagnostic> {
    let only_rows: Vec<&str> = row_fields
        .iter()
        .copied()
        .filter(|k| !group_fields.contains(k))
        .collect();
    let (field, _) = f.has_any(&only_rows)?;
    let name = f
        .has_any(&["name"])
        .map(|(_, s)| s)
        .unwrap_or(Span::new(f.span.start, f.span.start));
    let (list, levels, spaces) = if level == 1 {
        ("一级指标", "两级", 8)
    } else {
        ("二级指标", "一级", 4)
    };
    let what = f
        .name_text()
        .map_or(String::new(), |n| format!("“{}”", excerpt(n)));
    Some(
        Diagnostic::error(
            "row-among-groups",
            Some(name),
            format!(
                "{what}有三级指标才有的字段“{field}”，却写在了{list}的列表里：它的“- ”少缩进了{levels}"
            ),
            format!(
                "a row (it has `{field}`) listed among the level-{level} groups: its `- ` is indented too little"
            ),
        )
        .with_hint(format!(
            "三级指标写在二级指标的 rows: 下面：把这一项的各行行首再加 {spaces} 个空格，放到上一个二级指标的 rows: 之下（见 docs/format.md）"
        )),
    )
}
