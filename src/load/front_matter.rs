//! Splitting the `---` front-matter from the narrative, parsing it into a spanned tree, and the YAML
//! errors in the author's terms.

use crate::diag::Diagnostic;
use crate::load::yaml::{self, Node, Span, YamlErrorKind};

/// The parts of a report file.
#[derive(Clone, Debug)]
pub struct Split {
    /// The front-matter text and its byte offset in the file.
    pub front: Option<(usize, usize)>,
    /// The body (narrative) byte offset.
    pub body_start: usize,
}

/// Splits `---` front-matter from the body. The opening `---` must be the first line; the closing
/// `---` (or `...`) a line of its own. CRLF line endings are accepted.
#[allow(clippy::result_large_err)] // one per file, on the error path only
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let first = text[..first_end].trim_end_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            "empty-file",
            Some(Span::new(0, 0)),
            "文件是空的",
            "file is empty",
        )
        .with_hint("报告以 --- 开头的 YAML 数据块开始，见 docs/format.md"));
    }
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            "no-front-matter",
            Some(Span::new(0, first.len())),
            "文件开头缺少 --- 数据块（front-matter）",
            "file does not start with `---` front-matter",
        )
        .with_hint("第一行写 ---，然后是报告数据，再写一行 --- 结束，之后才是正文"));
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Ok(Split {
                front: Some((first_end, pos)),
                body_start: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        Some(Span::new(0, first.len())),
        "数据块（front-matter）没有结束的 --- 行",
        "front-matter is never closed",
    )
    .with_hint("在数据之后、正文之前加一行 ---"))
}

#[allow(clippy::result_large_err)] // one per file, on the error path only
/// Parses the front-matter of a split file into a tree whose spans are offsets in the whole file.
pub fn parse_front(text: &str, split: &Split) -> Result<Node, Diagnostic> {
    let (start, end) = split.front.unwrap_or((0, 0));
    // CRLF: the YAML parser handles it, offsets stay those of the file.
    yaml::parse(&text[start..end], start).map_err(|e| yaml_diag(&e, text, start))
}

/// A YAML error in the author's terms, placed in the file.
pub fn yaml_diag(e: &yaml::YamlError, text: &str, front_start: usize) -> Diagnostic {
    let at = e.offset.unwrap_or(front_start).min(text.len());
    if matches!(
        e.kind,
        YamlErrorKind::Indent | YamlErrorKind::Key | YamlErrorKind::Syntax
    ) && let Some(d) = super::hints::explain(text, front_start, at)
    {
        return d;
    }
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    let span = Some(Span::new(at, at + len));
    let (zh, hint) = match e.kind {
        YamlErrorKind::Limit => (
            "数据块中的引用（&、*）、条目或文字超出上限，已拒绝".to_string(),
            format!(
                "报告数据不需要 YAML 的引用（& 与 *）；请把内容直接写出来。条目上限约 {} 个，嵌套上限 {} 层",
                yaml::MAX_EVENTS / 2,
                yaml::MAX_DEPTH
            ),
        ),
        YamlErrorKind::Depth => (
            format!("嵌套层次过深（超过 {} 层），已拒绝", yaml::MAX_DEPTH),
            "检查括号 [ ] { } 是否配对、缩进是否一级比一级多两个空格".to_string(),
        ),
        YamlErrorKind::Tab => ("不能用 Tab 键缩进".to_string(), "把行首的 Tab 换成空格，每级两个空格（indent with spaces）".to_string()),
        YamlErrorKind::Quote => (
            "引号没有配对".to_string(),
            "在这段文字末尾补上同样的引号；文字里本身有引号时，外面换用另一种引号（\" 或 '）".to_string(),
        ),
        YamlErrorKind::Special => (
            "这段文字以 YAML 的特殊符号开头".to_string(),
            "以 > | * & ! % @ ` [ { 开头的文字请加引号，如 actual: '>100次'（quote text that starts with a special character）"
                .to_string(),
        ),
        YamlErrorKind::Bracket => (
            "括号没有配对".to_string(),
            "补上对应的 ] 或 }；如果 [ 或 { 是文字的一部分，给整段文字加引号".to_string(),
        ),
        YamlErrorKind::Key => (
            "字段名无法识别".to_string(),
            "字段名应是简单的文字，如 name:；行首的 ? [ { 等符号请去掉或给整段加引号".to_string(),
        ),
        YamlErrorKind::Indent => (
            "缩进或冒号位置不对".to_string(),
            "检查这一行及上一行的缩进（每级两个空格）；文字中含“: ”时给整段加引号，如 actual: '>100次'".to_string(),
        ),
        YamlErrorKind::Syntax => (
            "无法解析".to_string(),
            "检查这一行及上一行的缩进（每级两个空格）、冒号后的空格和引号是否配对；以 ' \" * & ! % @ ` > | [ { 开头的文字请加引号"
                .to_string(),
        ),
    };
    Diagnostic::error(
        "yaml-syntax",
        span,
        format!("YAML 格式错误：{zh}"),
        e.message.clone(),
    )
    .with_hint(hint)
}

/// Every text of the YAML (keys and values) that holds a control or bidirectional-override
/// character ([`crate::narrative::limits::forbidden_char`]) — YAML escapes such as `"\0"`, `"\e"`,
/// `"\u202E"` let an author write them — as an error at that text, one per text.
pub fn control_chars(tree: &Node) -> Vec<Diagnostic> {
    use crate::narrative::limits::{control_diagnostic, forbidden_char};
    let mut out = Vec::new();
    let mut stack = vec![tree];
    let mut check = |n: &Node| {
        if let Some(c) = n
            .as_str()
            .and_then(|s| s.chars().find(|&c| forbidden_char(c)))
        {
            out.push(control_diagnostic(c, n.span, "文字"));
        }
    };
    while let Some(n) = stack.pop() {
        match &n.value {
            yaml::Value::Map(entries) => {
                for (k, v) in entries {
                    check(k);
                    stack.push(v);
                }
            }
            yaml::Value::Seq(items) => stack.extend(items.iter()),
            _ => check(n),
        }
    }
    out.sort_by_key(|d| d.span.map(|s| s.start));
    out
}

/// Every key written twice in one map of the front-matter, as an error at the second occurrence
/// that shows the first.
pub fn duplicate_keys(tree: &Node) -> Vec<Diagnostic> {
    yaml::duplicates(tree)
        .into_iter()
        .map(|d| {
            let key = crate::diag::excerpt(&d.key);
            Diagnostic::error(
                "duplicate-key",
                Some(d.span),
                format!("字段“{key}”重复出现"),
                format!("duplicate key `{key}`"),
            )
            .with_related(d.first, "首次出现在这里（first written here）")
            .with_hint("同一层中每个字段只能写一次：删除一处，或把两处的内容合并")
        })
        .collect()
}
