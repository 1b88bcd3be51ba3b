//! The command line: one file per subcommand. `main.rs` only parses the arguments and calls
//! [`run`].
//!
//! Exit codes (docs/errors.md): 0 no errors (warnings allowed unless `--strict`), 1 errors in the
//! content (or the theme), 2 usage or IO trouble.

pub mod build;
pub mod check;
pub mod init;
mod locate;
pub mod new;
pub mod systems;

use crate::pipeline::Site;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "预算绩效自评：校验、计分、发布（validate, score and publish budget performance self-evaluations）"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output format of `check`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// 校验并计分报告（validate and score every report of a site, or the reports named）
    Check {
        /// 站点目录，或站点 content/ 下的报告文件、文件夹，可给多个（a site folder, or report files
        /// or folders under a site's content/; default: the current folder）
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// 警告也视为错误（treat warnings as errors: exit 1 on any warning）
        #[arg(long)]
        strict: bool,
    },
    /// 创建新站点：配置、示例报告、说明和 CI 文件（create a new site that builds at once）
    Init {
        /// 新站点的文件夹（folder of the new site; default: the current folder）
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// 文件夹不空也创建，已有的同名文件保留不动（write into a non-empty folder, keeping existing files）
        #[arg(long)]
        force: bool,
    },
    /// 按指标体系生成报告骨架（write a report skeleton for an indicator system）
    New {
        /// 指标体系 ID，见 jixiao systems（indicator system id）
        #[arg(long)]
        system: String,
        /// 填报单位 / 部门名称（the unit）
        #[arg(long)]
        unit: String,
        /// 评价年度（the year evaluated）
        #[arg(long)]
        year: i32,
        /// 项目名称，项目支出自评必填（project name, for project systems）
        #[arg(long)]
        project: Option<String>,
        /// 站点目录（site folder）
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// 写到哪个文件（default: SITE/content/单位/年度-….md）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 文件已存在时覆盖（overwrite an existing file）
        #[arg(long)]
        force: bool,
    },
    /// 列出可用的指标体系及其用途（list the indicator systems and what each is for）
    Systems {
        /// 站点目录：也列出站点自己的指标体系（site folder: its own systems too）
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// 生成 HTML 网站和 PDF（render the HTML site and a PDF per report）
    Build {
        #[arg(default_value = ".")]
        site: PathBuf,
        /// 输出目录（output folder; default SITE/build）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 只生成 HTML（skip the PDFs）
        #[arg(long)]
        no_pdf: bool,
        /// 有警告时不生成（refuse to publish while any warning remains）
        #[arg(long)]
        strict: bool,
    },
}

/// Parses the command line and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            strict,
        } => check::run(&paths, format, strict),
        Command::Init { dir, force } => init::run(&dir, force),
        Command::New {
            system,
            unit,
            year,
            project,
            site,
            out,
            force,
        } => new::run(&new::Args {
            site: &site,
            system: &system,
            unit: &unit,
            year,
            project: project.as_deref(),
            out: out.as_deref(),
            force,
        }),
        Command::Systems { site } => systems::run(&site),
        Command::Build {
            site,
            out,
            no_pdf,
            strict,
        } => build::run(&site, out.as_deref(), no_pdf, strict),
    }
}

/// Loads the site, or prints why it cannot be read and gives exit code 2.
fn site_or_exit(root: &std::path::Path) -> Result<Site, ExitCode> {
    Site::load(root).map_err(|e| {
        eprintln!("错误：{e}");
        ExitCode::from(2)
    })
}

/// Writes to stdout; a closed pipe (`jixiao check | head`) ends the output, it is not a crash.
fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|()| out.flush());
}

/// Writes to stderr, ignoring a closed pipe.
fn print_stderr(s: &str) {
    let _ = std::io::stderr().write_all(s.as_bytes());
}
