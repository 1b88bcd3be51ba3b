//! `jixiao`: validate, score and publish 预算绩效自评 reports.

use clap::{Parser, Subcommand, ValueEnum};
use jixiao::cmd::build::{self, BuildOptions};
use jixiao::cmd::check;
use jixiao::pipeline::Site;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "预算绩效自评：校验、计分、发布（validate, score and publish budget performance self-evaluations）"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// 校验并计分所有报告（validate and score every report under SITE/content）
    Check {
        /// 站点目录（site folder）
        #[arg(default_value = ".")]
        site: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// 警告也视为错误（treat warnings as errors: exit 1 on any warning）
        #[arg(long)]
        strict: bool,
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

/// Exit codes: 0 no errors (warnings allowed unless `--strict`), 1 content errors, 2 usage or IO
/// trouble.
fn main() -> ExitCode {
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
            site,
            format,
            strict,
        } => {
            let site = match Site::load(&site) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("错误：{e}");
                    return ExitCode::from(2);
                }
            };
            let report = match format {
                Format::Json => {
                    serde_json::to_string_pretty(&check::json(&site)).unwrap_or_default() + "\n"
                }
                Format::Text => check::text(&site),
            };
            // `jixiao check | head`: a closed pipe ends the output, it is not a crash.
            {
                use std::io::Write as _;
                let mut stdout = std::io::stdout().lock();
                let _ = stdout
                    .write_all(report.as_bytes())
                    .and_then(|()| stdout.flush());
            }
            if site.has_errors() || (strict && site.has_warnings()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Build {
            site: root,
            out,
            no_pdf,
            strict,
        } => {
            let site = match Site::load(&root) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("错误：{e}");
                    return ExitCode::from(2);
                }
            };
            if site.has_errors() || (strict && site.has_warnings()) {
                {
                    use std::io::Write as _;
                    let _ = std::io::stderr().write_all(check::text(&site).as_bytes());
                }
                eprintln!(
                    "内容有错误，未生成任何文件；原有输出保持不变（content errors: nothing was written）。"
                );
                return ExitCode::from(1);
            }
            let out = out.unwrap_or_else(|| root.join("build"));
            // An output folder that would lose data is a usage error: refused before anything runs.
            if let Err(e) = jixiao::write::check_out_dir(&root, &out) {
                eprintln!("错误：{e}");
                eprintln!(
                    "请用 --out 指定一个新的或空的文件夹，或上次生成的输出文件夹（use --out with a new, empty or previous output folder）。"
                );
                return ExitCode::from(2);
            }
            let opts = BuildOptions {
                pdf: !no_pdf,
                progress: std::io::stderr().is_terminal(),
            };
            match build::build(&site, &out, &opts) {
                Ok(()) => {
                    eprintln!("已生成 {} 份报告 → {}", site.entries.len(), out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    eprintln!("原有输出保持不变（the previous output is untouched）。");
                    ExitCode::from(1)
                }
            }
        }
    }
}
