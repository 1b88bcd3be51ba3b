//! `jixiao systems [SITE]`: the indicator systems a report can name, and what each is for.

use super::print_stderr;
use crate::model::ReportKind;
use crate::number::plain;
use crate::pipeline;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao systems SITE`: the built-in systems and the site's own (when SITE has a
/// `jixiao.yaml` naming some), one block each.
pub fn run(site: &Path) -> ExitCode {
    let (_, systems, problems) = pipeline::site_systems(site);
    for p in &problems {
        print_stderr(&p.rendered);
    }
    let mut out = String::new();
    for s in &systems {
        let kind = match s.kind {
            ReportKind::Department => "部门整体支出",
            ReportKind::Project => "项目支出",
        };
        let _ = writeln!(out, "{}\n  {}（{}版）· {kind}", s.id, s.name, s.version);
        if let Some(p) = &s.purpose {
            let _ = writeln!(out, "  用途：{p}");
        }
        let top: Vec<String> = s
            .groups
            .iter()
            .map(|g| match g.weight {
                Some(w) => format!("{} {}", g.name, plain(w)),
                None => g.name.clone(),
            })
            .collect();
        let rows: usize = s
            .groups
            .iter()
            .map(|g| g.rows.len() + g.groups.iter().map(|x| x.rows.len()).sum::<usize>())
            .sum();
        let rows = if rows > 0 {
            format!("；三级指标 {rows} 个（固定）")
        } else {
            "；二级、三级指标由报告自定".to_string()
        };
        let _ = writeln!(out, "  一级指标：{}{rows}", top.join("、"));
        if let Some(b) = &s.basis {
            let _ = writeln!(out, "  依据：{b}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "用法：jixiao new --system ID --unit 单位名称 --year 年度 [--project 项目名称]"
    );
    super::print_stdout(&out);
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
