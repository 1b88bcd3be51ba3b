//! A YAML error whose cause is plain to see in the lines around it, told as that cause: a list
//! item `- ` at a column where no list of the front-matter is, or a Chinese field name with a
//! full-width colon (`填报人：陈晓红`) that the parser took for the start of a text.

use crate::diag::Diagnostic;
use crate::load::yaml::Span;

/// The lines of `text[start..end]` as `(offset in text, line without its line break)`.
fn lines(text: &str, start: usize, end: usize) -> Vec<(usize, &str)> {
    let mut pos = start;
    let mut out = Vec::new();
    for raw in text[start..end].split_inclusive('\n') {
        out.push((pos, raw.trim_end_matches(['\n', '\r'])));
        pos += raw.len();
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The error at byte `at` of `text` (the front-matter starting at `front_start`), explained, when
/// the lines make its cause plain.
pub(crate) fn explain(text: &str, front_start: usize, at: usize) -> Option<Diagnostic> {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let ls = lines(text, front_start, end);
    let here = ls.len().checked_sub(1)?;
    // The error line, or the line before it (the parser notices a text that swallowed a key only
    // at the next key).
    for back in 0..2 {
        let Some(&(off, line)) = here.checked_sub(back).and_then(|i| ls.get(i)) else {
            break;
        };
        // The line before counts only as a sibling of the error line (a key at the same indentation).
        if back == 1 && indent(line) != indent(ls[here].1) {
            break;
        }
        if let Some(d) = chinese_colon(line, off) {
            return Some(d);
        }
    }
    let (off, line) = ls[here];
    dash(text, &ls[..here], line, off)
}

/// `填报人：陈晓红` at the start of a line (after its `- `): a field name and a full-width colon.
fn chinese_colon(line: &str, off: usize) -> Option<Diagnostic> {
    let mut at = indent(line);
    while line[at..].starts_with("- ") {
        at += 2;
    }
    let body = &line[at..];
    let colon = body.find('：')?;
    let key = &body[..colon];
    let plain_key = !key.is_empty()
        && key.chars().count() <= 12
        && !key.contains(|c: char| c.is_whitespace() || ":#'\"{}[],，、。".contains(c));
    if !plain_key {
        return None;
    }
    let value = crate::diag::excerpt(body[colon + '：'.len_utf8()..].trim());
    let field = crate::model::labels::any_field_for(key);
    let fix = match field {
        Some(f) => {
            format!("字段名要用英文，冒号用半角“:”加一个空格：{f}: {value}（表上的“{key}”）")
        }
        None => format!("冒号要用半角“:”，后面再加一个空格：{key}: {value}"),
    };
    let start = off + at + colon;
    Some(
        Diagnostic::error(
            "full-width-colon",
            Some(Span::new(start, start + '：'.len_utf8())),
            format!("字段名“{key}”后面是全角冒号“：”"),
            format!("full-width colon after `{key}`"),
        )
        .with_hint(format!(
            "{fix}（type the colon with the input method in English mode）"
        )),
    )
}

/// What a list under `key` holds, in the author's terms.
fn level_of(key: &str) -> String {
    match key {
        "indicators" => "一级指标".into(),
        "groups" => "二级指标".into(),
        "rows" => "三级指标".into(),
        "items" => "子指标".into(),
        "projects" => "专项项目".into(),
        _ => format!("{key} 的列表项"),
    }
}

/// One list of the lines above: where its items' `- ` stand, and the key that holds it.
struct List {
    /// 0-based column of the `- `.
    col: usize,
    /// Offset of its nearest item above the error.
    item: usize,
    key: String,
    /// Offset of the line of that key.
    key_at: usize,
}

fn is_item(line: &str) -> bool {
    let c = indent(line);
    line[c..].starts_with("- ") || line[c..].trim_end() == "-"
}

/// The list whose item starts at `above[i]`: its column and the key it hangs from (the nearest line
/// above that is neither inside one of its items nor another of its items).
fn list_at(above: &[(usize, &str)], i: usize) -> Option<List> {
    let (item, line) = above[i];
    let col = indent(line);
    let (key_at, key_line) = above[..i].iter().rev().copied().find(|(_, l)| {
        let t = l.trim();
        !(t.is_empty() || t.starts_with('#') || indent(l) > col || (indent(l) == col && is_item(l)))
    })?;
    let key = key_line.trim().trim_start_matches("- ").trim_end();
    let key = key.strip_suffix(':')?;
    Some(List {
        col,
        item,
        key: key.to_string(),
        key_at,
    })
}

/// A list item `- ` at a column where no list of the lines above is: the list it would belong to
/// with one level more (the nearest, shallowest list deeper than it: the item is indented too
/// little) and with one level less (the list around it: too much).
fn dash(text: &str, above: &[(usize, &str)], line: &str, off: usize) -> Option<Diagnostic> {
    let col = indent(line);
    if !is_item(line) {
        return None;
    }
    let mut deeper: Option<usize> = None;
    let mut shallower: Option<usize> = None;
    for (i, (_, l)) in above.iter().enumerate().rev() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let c = indent(l);
        if is_item(l) && c == col {
            // An item of the same list above: the dash stands where it should; the trouble is
            // elsewhere on its line.
            return None;
        }
        if is_item(l) && c > col && deeper.is_none_or(|d| c < indent(above[d].1)) {
            deeper = Some(i);
        }
        if c < col {
            if is_item(l) {
                shallower = Some(i);
            }
            break;
        }
    }
    let deeper = deeper.and_then(|i| list_at(above, i));
    let shallower = shallower.and_then(|i| list_at(above, i));
    let line_no = |o: usize| text[..o].matches('\n').count() + 1;
    let fit = |l: &List, more: bool| {
        format!(
            "若属于第 {} 行 {}: 下的{}，应与第 {} 行的“- ”对齐（第 {} 列）：这一项各行行首{} {} 个空格",
            line_no(l.key_at),
            l.key,
            level_of(&l.key),
            line_no(l.item),
            l.col + 1,
            if more { "再加" } else { "删去" },
            l.col.abs_diff(col)
        )
    };
    let hint = match (&deeper, &shallower) {
        (Some(d), Some(s)) => format!("{}；{}", fit(d, true), fit(s, false)),
        (Some(d), None) => fit(d, true),
        (None, Some(s)) => fit(s, false),
        (None, None) => return None,
    };
    let start = off + col;
    let (zh, en) = match &deeper {
        Some(d) => (
            format!(
                "列表项“- ”缩进不够：它在第 {} 列，{} 下的{}在第 {} 列",
                col + 1,
                d.key,
                level_of(&d.key),
                d.col + 1
            ),
            format!(
                "list item at column {}: the items of `{}` are at column {}",
                col + 1,
                d.key,
                d.col + 1
            ),
        ),
        None => (
            format!("列表项“- ”的缩进与上面各级都对不齐（第 {} 列）", col + 1),
            format!("list item at column {}, where no list is", col + 1),
        ),
    };
    Some(
        Diagnostic::error("list-indent", Some(Span::new(start, start + 1)), zh, en)
            .with_hint(format!("{hint}（indent each level by two spaces）")),
    )
}

#[cfg(test)]
mod tests;
