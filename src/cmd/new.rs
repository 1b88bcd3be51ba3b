//! `jixiao new --system ID --unit 名称 --year 2024 [--project 名称]`: a report skeleton.

use super::print_stderr;
use crate::author::skeleton::{Request, default_path, skeleton};
use crate::model::{ReportKind, YEARS, suggest};
use crate::pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `jixiao new` was asked for.
pub struct Args<'a> {
    pub site: &'a Path,
    pub system: &'a str,
    pub unit: &'a str,
    pub year: i32,
    pub project: Option<&'a str>,
    /// Where to write (relative to the current folder); default under the site's `content/`.
    pub out: Option<&'a Path>,
    pub force: bool,
}

/// Runs `jixiao new`: 0 when the skeleton is written, 2 when the request or the site is wrong or
/// the file exists (without `--force`).
pub fn run(a: &Args<'_>) -> ExitCode {
    match write(a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}

fn write(a: &Args<'_>) -> Result<(), String> {
    if !a.site.join("content").is_dir() {
        return Err(format!(
            "{} 不是站点目录（no content/ folder）：先运行 jixiao init 创建站点，或用 --site 指出站点目录",
            a.site.display()
        ));
    }
    let (_, systems, problems) = pipeline::site_systems(a.site);
    for p in &problems {
        print_stderr(&p.rendered);
    }
    let Some(system) = systems.iter().find(|s| s.id == a.system) else {
        let ids: Vec<&str> = systems.iter().map(|s| s.id.as_str()).collect();
        let hint = match suggest(a.system, &ids) {
            Some(s) => format!("是否应为“{s}”？"),
            None => String::new(),
        };
        return Err(format!(
            "未知的指标体系“{}”（unknown indicator system）。{hint}可用：{}；运行 jixiao systems 查看各自的用途",
            a.system,
            ids.join(", ")
        ));
    };
    if !YEARS.contains(&a.year) {
        return Err(format!(
            "评价年度 {} 不是有效年份（impossible year）：应在 {} 至 {} 之间",
            a.year,
            YEARS.start(),
            YEARS.end()
        ));
    }
    let unit = a.unit.trim();
    if unit.is_empty() {
        return Err("--unit 不能为空：写填报单位或部门名称（the unit is required）".into());
    }
    let project = a.project.map(str::trim).filter(|p| !p.is_empty());
    match (system.kind, project) {
        (ReportKind::Project, None) => {
            return Err(format!(
                "指标体系 {} 用于项目支出绩效自评：请用 --project 给出项目名称（a project system needs --project）",
                system.id
            ));
        }
        (ReportKind::Department, Some(_)) => {
            return Err(format!(
                "指标体系 {} 用于部门整体支出绩效自评，不需要 --project；项目自评请选用项目指标体系（jixiao systems）",
                system.id
            ));
        }
        _ => {}
    }
    let req = Request {
        system,
        unit: unit.to_string(),
        year: a.year,
        project: project.map(str::to_string),
    };
    let text = skeleton(&req).map_err(|e| e.to_string())?;
    let path: PathBuf = match a.out {
        Some(p) => p.to_path_buf(),
        // `content/…` rather than `./content/…` when the site is the current folder.
        None if a.site == Path::new(".") => PathBuf::from(default_path(&req)),
        None => a.site.join(default_path(&req)),
    };
    if std::fs::symlink_metadata(&path).is_ok() && !a.force {
        return Err(format!(
            "{} 已存在（exists）：换一个 --out，或加 --force 覆盖",
            path.display()
        ));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "无法创建 {}：{e}（cannot create the folder）",
                parent.display()
            )
        })?;
    }
    std::fs::write(&path, text)
        .map_err(|e| format!("无法写入 {}：{e}（cannot write）", path.display()))?;
    let rows: usize = system
        .groups
        .iter()
        .map(|g| g.rows.len() + g.groups.iter().map(|s| s.rows.len()).sum::<usize>())
        .sum();
    let fixed = if rows > 0 {
        format!("，{rows} 个三级指标已按指标体系列出")
    } else {
        "，一级指标已按指标体系列出，二级、三级指标照样子填写".to_string()
    };
    println!(
        "已生成 {}（{}{fixed}）\n下一步：在冒号后面填写数据和正文，然后运行 jixiao check {}",
        path.display(),
        system.name,
        path.display()
    );
    Ok(())
}
