//! `jixiao build`: load and score the site; refuse to publish content errors; render and write.

use super::{print_stderr, site_or_exit};
use crate::cmd::check;
use crate::pipeline::{self, BuildError, BuildOptions, Load, Site};
use crate::render::Part;
use crate::write::WriteError;
use crate::write::memo::{self, Memo, Notes};
use crate::write::record::{self, Record};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The options `build` and `merge` share: where the site goes and what it holds. A merge takes
/// the ones its shards were built with.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Publish {
    /// 输出目录（output folder; default SITE/build）
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 只生成 HTML（skip the PDFs）
    #[arg(long)]
    pub no_pdf: bool,
    /// 有警告时不生成（refuse to publish while any warning remains）
    #[arg(long)]
    pub strict: bool,
    /// 同时为每份报告生成自评表 Excel 和汇总表（also write each report's 自评表 as .xlsx and review.xlsx）
    #[arg(long)]
    pub xlsx: bool,
    /// 不建立站内搜索索引，页面不显示搜索框（no search index, no search box）
    #[arg(long)]
    pub no_search: bool,
}

/// The flags of `build`.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub publish: Publish,
    pub no_cache: bool,
    /// `--shard K/N` (1-based K).
    pub shard: Option<(usize, usize)>,
}

/// What `build` and `merge` start from: the checked site (or the exit code when it must not be
/// published), the output folder and the options.
pub(super) fn prepare(root: &Path, p: &Publish) -> Result<(Site, PathBuf, BuildOptions), ExitCode> {
    prepare_memo(root, p, None, None)
}

/// As [`prepare`], taking what `previous` learnt of the reports and noting it in `next`
/// ([`memo`]).
fn prepare_memo(
    root: &Path,
    p: &Publish,
    previous: Option<&mut Memo>,
    next: Option<&mut Notes>,
) -> Result<(Site, PathBuf, BuildOptions), ExitCode> {
    let site = checked_site(root, !p.no_pdf, p.strict, previous, next)?;
    let out = p.out.clone().unwrap_or_else(|| root.join("build"));
    let opts = BuildOptions {
        pdf: !p.no_pdf,
        xlsx: p.xlsx,
        search: !p.no_search,
        progress: std::io::stderr().is_terminal(),
    };
    Ok((site, out, opts))
}

/// `K/N` with 1 ≤ K ≤ N.
pub(crate) fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("“{s}”不是 K/N（如 1/4），1 ≤ K ≤ N（expected K/N such as 1/4）");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The site, loaded and checked for what a build would refuse (content errors, with `strict`
/// warnings), or the exit code after saying why.
fn checked_site(
    root: &Path,
    with_pdf: bool,
    strict: bool,
    previous: Option<&mut Memo>,
    next: Option<&mut Notes>,
) -> Result<Site, ExitCode> {
    // Each report's facts and findings, not the reports: they are read again a batch at a time —
    // or kept, without PDFs, for a site that fits (reading them again is a fifth of that build).
    let outputs = Some(with_pdf);
    let how = Load {
        hold: false,
        keep: if with_pdf { 0 } else { pipeline::keep_budget() },
        outputs,
    };
    let site = Site::load_memo(root, how, previous, next).map_err(|e| {
        eprintln!("错误：{e}");
        ExitCode::from(2)
    })?;
    if site.has_errors() || (strict && site.has_warnings()) {
        // The summary `check` prints shows the reports: loaded again, held.
        let held = site_or_exit(
            root,
            Load {
                hold: true,
                keep: 0,
                outputs,
            },
        )?;
        print_stderr(&check::text(&held));
        eprintln!(
            "内容有错误，未生成任何文件；原有输出保持不变（content errors: nothing was written）。"
        );
        return Err(ExitCode::from(1));
    }
    // What is published with the reports is said, not left to `check`.
    print_stderr(&check::warnings_text(&site));
    Ok(site)
}

/// Says how a build ended: the output, or the error with its exit code.
pub(super) fn report(result: Result<(), BuildError>, what: &str, out: &Path) -> ExitCode {
    match result {
        Ok(()) => {
            eprintln!("已生成 {what} → {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误：{e}");
            if let BuildError::Write(WriteError::Refused(_)) = e {
                // An output folder that would lose data is refused before anything runs.
                eprintln!(
                    "请用 --out 指定一个新的或空的文件夹，或上次生成的输出文件夹（use --out with a new, empty or previous output folder）。"
                );
            } else {
                eprintln!("原有输出保持不变（the previous output is untouched）。");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs `jixiao build SITE [--out DIR] [--no-pdf] [--strict] [--xlsx] [--no-search] [--no-cache] [--shard K/N]`.
pub fn run(root: &Path, flags: &Flags) -> ExitCode {
    // A build with the same inputs as the last one into the same, untouched folder has nothing
    // to do (write::record). The fingerprint is taken before anything is read: an edit made while
    // this build runs makes the next one run.
    let record = (!flags.no_cache)
        .then(|| Recorded::of(root, flags))
        .flatten();
    let last = record.as_ref().and_then(|r| Record::read(&r.path));
    if let (Some(r), Some(last)) = (&record, &last)
        && last.still_holds(&r.inputs, &r.out)
    {
        print_stderr(&last.said);
        eprintln!(
            "已生成 {} → {}（输入与上次生成相同，输出未变：nothing changed since the last build）",
            last.what,
            r.out.display()
        );
        return ExitCode::SUCCESS;
    }
    if let Some(r) = &record {
        Record::forget(&r.path);
    }
    // What the last build into this folder learnt of each report (facts and findings), keyed by
    // the report's file and everything else its reading depends on.
    let memo_at = record.as_ref().and_then(|r| {
        let key = memo::load_key(root, Some(!flags.publish.no_pdf))?;
        Some((memo::path_beside(&r.path), key))
    });
    let mut previous = memo_at.as_ref().and_then(|(p, k)| Memo::read(p, k));
    let mut next = memo_at.as_ref().map(|(_, k)| Notes::new(k.clone()));
    let prepared = prepare_memo(root, &flags.publish, previous.as_mut(), next.as_mut());
    // Noted even when the content has errors: fixing one file, the next build reads only it.
    if let (Some((path, _)), Some(next)) = (&memo_at, &next) {
        next.write(path);
    }
    let (site, out, opts) = match prepared {
        Ok(p) => p,
        Err(code) => return code,
    };
    let total = site.facts.len();
    let (part, what) = match flags.shard {
        Some((k, n)) => {
            let part = Part::shard(k, n, total);
            let count = part.reports(total).len();
            (
                part,
                format!("第 {k}/{n} 片，{count} 份报告（shard {k}/{n}）"),
            )
        }
        None => (Part::All, format!("{total} 份报告")),
    };
    // The files the last build made and nobody touched since are kept without being read; the
    // reports whose files it made from the same inputs are not even read (whole builds without
    // workbooks: the memo notes no workbook).
    let made_before = last.map(|l| l.made()).unwrap_or_default();
    let render_memo = memo_at
        .as_ref()
        .filter(|_| flags.shard.is_none() && !flags.publish.xlsx)
        .and_then(|(_, load)| {
            let inputs = pipeline::render_inputs(root, &opts, &extra_inputs(flags))?;
            Some(crate::render::RenderMemo {
                base: format!("{load} {inputs}"),
                previous: previous.as_ref(),
                noted: Default::default(),
            })
        });
    let result = pipeline::build_part(
        &site,
        &out,
        &opts,
        !flags.no_cache,
        part,
        pipeline::Before {
            made: made_before,
            memo: render_memo.as_ref(),
        },
    )
    .map(|made| {
        if let Some(r) = record
            && let Some(rec) = Record::of(
                &out,
                r.inputs,
                check::warnings_text(&site),
                what.clone(),
                made,
            )
        {
            rec.write(&r.path);
        }
    });
    if result.is_ok()
        && let (Some((path, _)), Some(mut next), Some(m)) = (memo_at, next, render_memo)
    {
        for (source, r) in m.noted.into_inner().unwrap_or_else(|e| e.into_inner()) {
            next.note_rendered(&source, r);
        }
        next.write(&path);
    }
    // Freeing the site's kept entries (a thousand reports' text, model and scores) one allocation
    // at a time takes 30 ms on one core: done on a thread of its own, which the process ending
    // next does not wait for. (`Builder::spawn`, not `thread::spawn`, which panics when no thread
    // can be started: the closure, the site with it, is then dropped here.)
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    report(result, &what, &out)
}

/// The flags of a build that are not [`BuildOptions`] but change what it makes.
fn extra_inputs(flags: &Flags) -> String {
    format!("strict={} shard={:?}", flags.publish.strict, flags.shard)
}

/// Where a build's record goes and the fingerprint of its inputs.
struct Recorded {
    path: PathBuf,
    inputs: String,
    out: PathBuf,
}

impl Recorded {
    /// `None` when the inputs cannot all be known (the build then runs, and says why if it fails).
    fn of(root: &Path, flags: &Flags) -> Option<Recorded> {
        let p = &flags.publish;
        let out = p.out.clone().unwrap_or_else(|| root.join("build"));
        let opts = BuildOptions {
            pdf: !p.no_pdf,
            xlsx: p.xlsx,
            search: !p.no_search,
            progress: false,
        };
        let inputs = pipeline::inputs_fingerprint(root, &opts, &extra_inputs(flags))?;
        let cache = crate::render::pdf::tools::Lookup::from_env()
            .caches(root)
            .into_iter()
            .next()?;
        Some(Recorded {
            path: record::path_in(&cache, &out),
            inputs,
            out,
        })
    }
}
