//! `jixiao check`: the per-report summary for the terminal, and the JSON for tools.

use super::locate::{locate, named};
use super::{Format, print_stdout, site_or_exit};
use crate::diag::Problem;
use crate::diag::Severity;
use crate::pipeline::{Entry, Site};
use crate::render::data::Document;
use crate::score::round;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs `jixiao check [PATH…] [--format json] [--strict]`: each path a site, or report files or
/// folders inside the `content/` of a site (the whole site is loaded — reports quote each other —
/// and only what the paths name is shown, with the site's own files). Exit 0 when nothing shown is
/// wrong (warnings allowed unless `strict`), 1 on content errors, 2 when a path names nothing or a
/// site cannot be read.
pub fn run(paths: &[PathBuf], format: Format, strict: bool) -> ExitCode {
    let dot = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &dot[..] } else { paths };
    // Every path located before anything is checked: one that names nothing is a usage error.
    let mut wanted: Vec<(PathBuf, Option<Vec<String>>)> = Vec::new();
    for p in paths {
        let l = match locate(p) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(2);
            }
        };
        let same = |r: &PathBuf| {
            r == &l.root
                || (r.canonicalize().ok()).is_some_and(|c| l.root.canonicalize().ok() == Some(c))
        };
        match wanted.iter_mut().find(|(r, _)| same(r)) {
            Some((_, only)) => match (only.as_mut(), l.only) {
                (Some(o), Some(n)) => o.push(n),
                _ => *only = None,
            },
            None => wanted.push((l.root, l.only.map(|o| vec![o]))),
        }
    }
    let mut sites = Vec::new();
    for (root, only) in wanted {
        // Whatever `build` would refuse, `check` finds first.
        let how = crate::pipeline::Load {
            hold: true,
            keep: 0,
            outputs: Some(true),
        };
        match site_or_exit(&root, how) {
            Ok(site) => {
                sites.push(select(site, only.as_deref()));
            }
            Err(code) => return code,
        }
    }
    let out = match format {
        Format::Json => {
            let doc = match &sites[..] {
                [one] => json(one),
                [first, rest @ ..] => {
                    // One document: the first site's, with the other sites' reports and errors.
                    let mut doc = json(first);
                    for s in rest {
                        let d = json(s);
                        for key in ["reports", "errors"] {
                            if let (Some(all), Some(more)) =
                                (doc[key].as_array_mut(), d[key].as_array())
                            {
                                all.extend(more.iter().cloned());
                            }
                        }
                    }
                    doc
                }
                [] => Value::Null,
            };
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => s + "\n",
                Err(e) => {
                    eprintln!("错误：无法生成 JSON（cannot serialise the result）：{e}");
                    return ExitCode::from(2);
                }
            }
        }
        Format::Text => sites.iter().map(text).collect::<Vec<_>>().join("\n"),
    };
    print_stdout(&out);
    if sites
        .iter()
        .any(|s| s.has_errors() || (strict && s.has_warnings()))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The site with only the reports `only` names (all when `None`), and the problems of those files
/// and of the site's own files (`jixiao.yaml`, its systems), which concern every report.
fn select(mut site: Site, only: Option<&[String]>) -> Site {
    let Some(only) = only else { return site };
    let wanted = |source: &str| only.iter().any(|o| named(o, source));
    site.retain(wanted);
    site.errors
        .retain(|p| wanted(&p.source) || !p.source.starts_with("content/"));
    site
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
    let findings: Vec<&Problem> = site.findings().collect();
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

/// Every warning of the site's reports, each with its source line, and a line that counts them
/// (`build` prints it: the reports are published with these). Empty when there is none.
pub(crate) fn warnings_text(site: &Site) -> String {
    let mut out = String::new();
    let warnings: Vec<&Problem> = site
        .findings()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    if warnings.is_empty() {
        return out;
    }
    for w in &warnings {
        out.push_str(&w.rendered);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "报告带着以上 {} 个警告发布（published with {} warnings）；用 --strict 可在有警告时拒绝发布。",
        warnings.len(),
        warnings.len()
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
