//! `jixiao init [DIR]`: a new site that builds at once.

use crate::author::site::{Outcome, init};
use std::path::Path;
use std::process::ExitCode;

/// Runs `jixiao init DIR [--force]`: 0 when the site is written, 2 when the folder is refused or
/// cannot be written.
pub fn run(dir: &Path, force: bool) -> ExitCode {
    let files = match init(dir, force) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    let mut out = format!("已在 {} 创建站点（site created）：\n", dir.display());
    for (rel, what) in &files {
        match what {
            Outcome::Created => out.push_str(&format!("  {rel}\n")),
            Outcome::Kept => out.push_str(&format!("  {rel}（已存在，保留原文件 / kept）\n")),
        }
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    out.push_str(&format!(
        "\n下一步（next）：\n{cd}  jixiao systems                    # 看看有哪些指标体系\n  jixiao new --system ID --unit 单位名称 --year 年度   # 生成报告骨架\n  jixiao check                      # 校验\n  jixiao build                      # 生成网站和 PDF（build/）\n说明见 README.md。\n"
    ));
    print!("{out}");
    ExitCode::SUCCESS
}
