//! `jixiao check`: the per-report summary for the terminal, and the JSON for tools.

use super::{Format, print_stdout, site_or_exit};
use crate::diag::Problem;
use crate::diag::Severity;
use crate::pipeline::{Entry, Site};
use crate::render::data::Document;
use crate::score::round;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao check SITE [--format json] [--strict]`: exit 0 when nothing is wrong (warnings
/// allowed unless `strict`), 1 on content errors, 2 when the site cannot be read.
pub fn run(root: &Path, format: Format, strict: bool) -> ExitCode {
    let mut site = match site_or_exit(root) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Whatever `build` would refuse, `check` finds first.
    crate::pipeline::check_outputs(&mut site, true);
    let out = match format {
        Format::Json => match serde_json::to_string_pretty(&json(&site)) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("错误：无法生成 JSON（cannot serialise the result）：{e}");
                return ExitCode::from(2);
            }
        },
        Format::Text => text(&site),
    };
    print_stdout(&out);
    if site.has_errors() || (strict && site.has_warnings()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The JSON document of `check --format json`: the data document of docs/data.md, every report
/// (by source path) with its findings, and the files that could not be processed.
pub fn json(site: &Site) -> Value {
    let order: Vec<usize> = (0..site.entries.len()).collect();
    serde_json::to_value(Document::of_site(site, true, &order)).unwrap_or(Value::Null)
}

/// The readable summary: one block per report, then every problem with its source line.
pub fn text(site: &Site) -> String {
    let mut out = String::new();
    // Reports and files that could not be processed, together in the order of their paths; the
    // site's own files (jixiao.yaml, systems) sort among them by name.
    let mut entries = site.entries.iter().peekable();
    let mut errors = site.errors.iter().peekable();
    loop {
        let take_entry = match (entries.peek(), errors.peek()) {
            (Some(e), Some(p)) => e.report.source <= p.source,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_entry {
            let Some(e) = entries.next() else { break };
            entry_text(&mut out, e, decimals(site, e));
        } else if let Some(p) = errors.next() {
            out.push_str(&p.rendered);
            out.push('\n');
        }
    }
    let findings: Vec<&Problem> = site.entries.iter().flat_map(|e| &e.findings).collect();
    let (ferr, fwarn, _) = count(findings.iter().copied());
    let _ = writeln!(
        out,
        "共 {} 份报告可处理，{} 个文件有错误无法处理；{} 个错误、{} 个警告。",
        site.entries.len(),
        site.errors
            .iter()
            .map(|p| &p.source)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        ferr + site.errors.len(),
        fwarn
    );
    out
}

/// The decimals scores of this report print with (its system's).
fn decimals(site: &Site, e: &Entry) -> u32 {
    round::decimals(&site.systems[e.system].rules)
}

fn entry_text(out: &mut String, e: &Entry, dp: u32) {
    let r = &e.report;
    let stated = match &r.stated_total {
        Some(t) => round::show(t.value, dp),
        None => "—".into(),
    };
    let _ = writeln!(
        out,
        "{}\n  {} · {}年度 · {}\n  总分 {}（填报 {}）· 评价等级 {}",
        crate::diag::printable(&r.source),
        crate::diag::excerpt(&r.unit.value),
        r.year.value,
        crate::diag::excerpt(&r.title.value),
        e.scored.total,
        stated,
        e.scored.grade.zh()
    );
    let (errs, warns, infos) = count(&e.findings);
    let _ = writeln!(
        out,
        "  发现 {errs} 个错误、{warns} 个警告、{infos} 个提示\n"
    );
    for f in e.findings.iter().filter(|f| f.severity != Severity::Info) {
        for l in f.rendered.lines() {
            let _ = writeln!(out, "  {l}");
        }
        out.push('\n');
    }
}

fn count<'a>(ps: impl IntoIterator<Item = &'a Problem>) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for p in ps {
        match p.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}
