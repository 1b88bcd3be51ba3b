//! Writing an imported report in jixiao's format (docs/format.md): YAML front-matter in block style,
//! strings plain where YAML reads them back as the same text and double-quoted otherwise, numbers as
//! written in the workbook (normalised: `50.00` → `50`), then a short narrative placeholder.

use super::Imported;
use super::grid::{ImportedGroup, ImportedRow};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// A YAML scalar for `s`: plain when that reads back as the same string, else double-quoted.
pub(crate) fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // Anything YAML could read as a number, a date, a bool or null.
    if first.is_ascii_digit() || first == '.' || first == '+' {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | ".nan"
    )
}

fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as the format writes it: no trailing zeros.
pub fn num(d: Decimal) -> String {
    crate::number::plain(d.normalize())
}

struct Out {
    s: String,
}

impl Out {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.s.push(' ');
        }
        self.s.push_str(text);
        self.s.push('\n');
    }
    fn text(&mut self, indent: usize, key: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.line(indent, &format!("{key}: {}", scalar(v)));
        }
    }
    fn num(&mut self, indent: usize, key: &str, v: Option<Decimal>) {
        if let Some(v) = v {
            self.line(indent, &format!("{key}: {}", num(v)));
        }
    }
    fn comment(&mut self, indent: usize, text: &str) {
        for l in text.lines() {
            self.line(indent, &format!("# {l}"));
        }
    }
}

/// The whole report file.
pub fn report(r: &Imported) -> String {
    let mut o = Out { s: String::new() };
    o.line(0, "---");
    o.comment(0, &r.origin);
    for n in &r.notes {
        o.comment(0, n);
    }
    o.line(0, &format!("kind: {}", r.kind));
    o.line(
        0,
        if r.form == super::Form::National {
            "layout: national"
        } else {
            "layout: table"
        },
    );
    o.line(0, &format!("system: {}", scalar(&r.system)));
    o.line(0, &format!("unit: {}", scalar(&r.unit)));
    o.line(0, &format!("year: {}", r.year));
    o.line(0, &format!("title: {}", scalar(&r.title)));
    if let Some(n) = r.sub_units {
        o.line(0, &format!("sub_units: {n}"));
    }
    let p = &r.project;
    let people = [
        ("department", &p.department),
        ("implementer", &p.implementer),
        ("manager", &p.manager),
        ("phone", &p.phone),
    ];
    if p.name.is_some()
        || p.level.is_some()
        || p.amount.is_some()
        || !p.basis.is_empty()
        || people.iter().any(|(_, v)| v.is_some())
    {
        o.line(0, "project:");
        o.text(2, "name", &p.name);
        o.text(2, "level", &p.level);
        o.num(2, "amount", p.amount);
        list(&mut o, 2, "basis", &p.basis);
        for (k, v) in people {
            o.text(2, k, v);
        }
    }
    let so = &r.signoff;
    let fields = [
        ("unit", &so.unit),
        ("filler", &so.filler),
        ("contact", &so.contact),
        ("phone", &so.phone),
        ("email", &so.email),
        ("date", &so.date),
    ];
    if fields.iter().any(|(_, v)| v.is_some()) {
        o.line(0, "signoff:");
        for (k, v) in fields {
            // A phone number must stay text: quote what YAML would read as a number.
            o.text(2, k, v);
        }
    }
    if !r.budget.is_empty() {
        o.line(0, "budget:");
        for b in &r.budget {
            match (b.spent, b.rate) {
                (None, None) => o.line(2, &format!("{}: {}", b.key, num(b.budget))),
                _ => {
                    o.line(2, &format!("{}:", b.key));
                    o.num(4, "budget", Some(b.budget));
                    o.num(4, "spent", b.spent);
                    if let Some(rate) = b.rate {
                        o.line(4, &format!("rate: {}", scalar(&format!("{}%", num(rate)))));
                    }
                }
            }
        }
    }
    if let Some(f) = &r.funds {
        o.line(0, "funds:");
        o.num(2, "weight", f.weight);
        for l in &f.lines {
            o.line(2, &format!("{}:", l.key));
            o.text(4, "label", &l.label);
            o.num(4, "initial", l.initial);
            o.num(4, "budget", l.budget);
            o.num(4, "spent", l.spent);
            if let Some(rate) = l.rate {
                o.line(4, &format!("rate: {}", scalar(&format!("{}%", num(rate)))));
            }
            o.num(4, "score", l.score);
        }
    }
    match r.goals.as_slice() {
        [] => {}
        [one] => o.line(0, &format!("goals: {}", scalar(one))),
        many => list(&mut o, 0, "goals", many),
    }
    for (key, v) in [("completion", &r.completion), ("shortfall", &r.shortfall)] {
        let items: Vec<String> = v
            .iter()
            .flat_map(|t| t.lines())
            .map(str::to_string)
            .collect();
        match items.as_slice() {
            [] => {}
            [one] => o.line(0, &format!("{key}: {}", scalar(one))),
            many => list(&mut o, 0, key, many),
        }
    }
    o.num(0, "stated_total", r.stated_total);
    // A form whose indicator rows are cut off (大英 2023) has none: an empty list, not a null.
    o.line(
        0,
        if r.groups.is_empty() {
            "indicators: []"
        } else {
            "indicators:"
        },
    );
    for g in &r.groups {
        group(&mut o, 4, g);
    }
    o.line(0, "---");
    o.line(0, "");
    o.line(
        0,
        &format!(
            "（本报告的指标数据由 jixiao import 从 {} 导入；请在此补写自评报告正文。）",
            r.file_name
        ),
    );
    o.s
}

fn list(o: &mut Out, indent: usize, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    o.line(indent, &format!("{key}:"));
    for i in items {
        o.line(indent + 2, &format!("- {}", scalar(i)));
    }
}

fn group(o: &mut Out, indent: usize, g: &ImportedGroup) {
    o.line(indent - 2, &format!("- name: {}", scalar(&g.name)));
    o.num(indent, "weight", g.weight);
    o.num(indent, "score", g.score);
    o.text(indent, "reason", &g.reason);
    o.text(indent, "improvement", &g.improvement);
    if !g.groups.is_empty() {
        o.line(indent, "groups:");
        for sub in &g.groups {
            group(o, indent + 4, sub);
        }
    }
    if !g.rows.is_empty() {
        o.line(indent, "rows:");
        for r in &g.rows {
            row(o, indent + 4, r);
        }
    }
}

fn row(o: &mut Out, indent: usize, r: &ImportedRow) {
    o.line(indent - 2, &format!("- name: {}", scalar(&r.name)));
    if r.not_applicable {
        o.line(indent, "weight: /");
    }
    o.num(indent, "weight", r.weight);
    if let Some(rule) = r.rule {
        o.line(indent, &format!("rule: {rule}"));
    }
    o.text(indent, "rate", &r.rate);
    o.text(indent, "target", &r.target);
    o.text(indent, "actual", &r.actual);
    o.num(indent, "spent", r.spent);
    o.num(indent, "budget", r.budget);
    o.num(indent, "score", r.score);
    o.text(indent, "explanation", &r.explanation);
    o.text(indent, "criteria", &r.criteria);
    o.text(indent, "reason", &r.reason);
    o.text(indent, "improvement", &r.improvement);
    o.text(indent, "evidence", &r.evidence);
    o.text(indent, "note", &r.note);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_where_safe_quoted_where_not() {
        assert_eq!(scalar("合规"), "合规");
        assert_eq!(scalar("≥5"), "≥5");
        assert_eq!(scalar("不少于5场(次)"), "不少于5场(次)");
        assert_eq!(scalar("300"), "\"300\"");
        assert_eq!(scalar(">100次"), "\">100次\"");
        assert_eq!(scalar("90%"), "\"90%\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("甲\n乙\"丙\""), "\"甲\\n乙\\\"丙\\\"\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("-0.5"), "\"-0.5\"");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(Decimal::new(5000, 2)), "50");
        assert_eq!(num(Decimal::new(222, 2)), "2.22");
    }
}
