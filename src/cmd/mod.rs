//! The command line: one file per subcommand. `main.rs` only parses the arguments and calls
//! [`run`].
//!
//! Exit codes (docs/errors.md): 0 no errors (warnings allowed unless `--strict`), 1 errors in the
//! content (or the theme), 2 usage or IO trouble.

pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
mod locate;
pub mod merge;
pub mod new;
pub mod serve;
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
pub(crate) struct Cli {
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
        #[command(flatten)]
        publish: build::Publish,
        /// 不使用构建缓存，所有 PDF 重新排版（bypass the build cache: typeset every PDF again）
        #[arg(long)]
        no_cache: bool,
        /// 只生成第 K 片（共 N 片）报告的页面和 PDF，再用 `jixiao merge` 合并（build shard K of N
        /// of the reports in path order; assemble the shards with `jixiao merge`）
        #[arg(long, value_name = "K/N", value_parser = build::parse_shard)]
        shard: Option<(usize, usize)>,
    },
    /// 从自评表 Excel 导入一份报告（import a 自评表 workbook: .xlsx, .xls, .et, .ods, .csv）
    Import {
        /// 自评表文件（the workbook）
        file: PathBuf,
        /// 站点目录（site folder: where the report goes and whose systems are used）
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// 输出文件（default SITE/content/<unit>/<year>-….md; `-` for stdout）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 指标体系 id（instead of the one the form implies）
        #[arg(long)]
        system: Option<String>,
        /// 填报单位（where the workbook does not name it）
        #[arg(long)]
        unit: Option<String>,
        /// 评价年度（where the workbook does not say）
        #[arg(long)]
        year: Option<i32>,
        /// 工作表名称（default: the first sheet with an indicator table）
        #[arg(long)]
        sheet: Option<String>,
        /// 覆盖已有文件（overwrite an existing file）
        #[arg(long)]
        force: bool,
    },
    /// 导出自评表 Excel（write each report's 自评表 and the site's review workbook, without HTML）
    Export {
        #[arg(default_value = ".")]
        site: PathBuf,
        /// 导出 Excel（.xlsx）
        #[arg(long)]
        xlsx: bool,
        /// 输出目录（output folder; default SITE/xlsx）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 有警告时不导出（refuse while any warning remains）
        #[arg(long)]
        strict: bool,
    },
    /// 本地预览，保存即刷新（local preview server with live reload）
    Serve {
        #[arg(default_value = ".")]
        site: PathBuf,
        /// 端口（port; default 4040, or any free port when 4040 is taken）
        #[arg(long)]
        port: Option<u16>,
        /// 监听地址（address to listen on; default 127.0.0.1, this machine only）
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 在浏览器中打开（open the preview in the default browser）
        #[arg(long)]
        open: bool,
        /// 不生成 PDF（skip the background PDF builds）
        #[arg(long)]
        no_pdf: bool,
    },
    /// 合并 `build --shard K/N` 的各片输出，并生成首页、单位页等（assemble the shards' outputs
    /// and write the index, unit pages and static files: the same bytes as one build）
    Merge {
        #[arg(default_value = ".")]
        site: PathBuf,
        /// 与各片 `build` 相同的选项（the options the shards were built with）
        #[command(flatten)]
        publish: build::Publish,
        /// 各片的输出目录（the shards' output folders）
        #[arg(long = "shard", value_name = "DIR", required = true)]
        shards: Vec<PathBuf>,
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
            publish,
            no_cache,
            shard,
        } => build::run(
            &site,
            &build::Flags {
                publish,
                no_cache,
                shard,
            },
        ),
        Command::Import {
            file,
            site,
            out,
            system,
            unit,
            year,
            sheet,
            force,
        } => import::run(&import::Args {
            file,
            site,
            out,
            force,
            opts: crate::import::Options {
                system,
                unit,
                year,
                sheet,
            },
        }),
        Command::Export {
            site,
            xlsx,
            out,
            strict,
        } => export::run(&site, xlsx, out.as_deref(), strict),
        Command::Serve {
            site,
            port,
            bind,
            open,
            no_pdf,
        } => serve::run(&site, port, bind, open, no_pdf),
        Command::Merge {
            site,
            publish,
            shards,
        } => merge::run(&site, &publish, &shards),
    }
}

/// Loads the site, or prints why it cannot be read and gives exit code 2.
fn site_or_exit(root: &std::path::Path, how: crate::pipeline::Load) -> Result<Site, ExitCode> {
    Site::load_with(root, how).map_err(|e| {
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
pub(crate) fn print_stderr(s: &str) {
    let _ = std::io::stderr().write_all(s.as_bytes());
}
