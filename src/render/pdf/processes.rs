//! How many typst processes run at once and how many reports each takes (排版进程与内存): one a
//! core, each a bundle of up to [`bundle::max_reports`] — fewer processes or smaller bundles when
//! the memory the build may use would not hold them. The PDFs are the same whatever the plan.
//!
//! The memory: `JIXIAO_MEMORY_MB`, the whole build's (jixiao's own, as it is when the PDFs are
//! typeset, is taken off it); else three quarters of the memory the system has available then
//! (`MemAvailable`, Linux), so that a small machine gets smaller bundles instead of running out of
//! memory. A typst process is reckoned at [`PROCESS_MB`] and [`REPORT_MB`] a report of its bundle.

use super::bundle;

/// What a typst process of the built-in theme holds before its reports, with a margin: measured
/// about 67 MB (typst 0.15.1 and the font subsets it reads, each face it uses read whole: 4-5 MB a
/// subset face; 130 MB with the theme's full faces before the subsets), and room for one full face
/// (about 22 MB) that a report with a character outside the subsets brings in.
pub(crate) const PROCESS_MB: u64 = 80;

/// What a report adds to its bundle's process (all documents are kept until the bundle is
/// written): measured about 15 MB for the bench's generated reports, with a margin.
pub(crate) const REPORT_MB: u64 = 16;

/// Two processes with bundles smaller than this take longer than one process with a larger
/// bundle (200 reports, 2 cores: bundles of 4 on two processes 15.4 s; 20 on one process with
/// both cores 14.1 s; 7 on two 13.1 s).
const SMALLEST_SHARED: usize = 6;

/// The typst processes of a batch of PDFs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Processes at once.
    pub workers: usize,
    /// Reports a process takes (1: no bundles).
    pub per: usize,
    /// The budget (MB for the typst processes together) when it made the plan other than the
    /// machine's cores and [`bundle::max_reports`] alone would.
    pub limited_by: Option<u64>,
}

/// The plan for `reports` PDFs on `cores` cores, in bundles of at most `max_per` (`bundles`: when
/// the template may be bundled), within `budget` MB for the typst processes together (`None`: no
/// limit). Bundles are of even sizes and their number a multiple of the processes, so that the
/// processes finish together. Within a budget too small for anything, one process of the
/// smallest bundles (what the build can do; typst's own floor).
pub(crate) fn plan(
    reports: usize,
    cores: usize,
    max_per: usize,
    bundles: bool,
    budget: Option<u64>,
) -> Plan {
    let free = budget.map(|_| plan(reports, cores, max_per, bundles, None));
    let limited = |workers: usize, per: usize| {
        budget.filter(|_| free.is_some_and(|f| (f.workers, f.per) != (workers, per)))
    };
    let most = cores.min(reports).max(1);
    let fits = |w: usize, per: usize| {
        budget.is_none_or(|b| w as u64 * (PROCESS_MB + REPORT_MB * per as u64) <= b)
    };
    if !bundles {
        let workers = (1..=most).rev().find(|&w| fits(w, 1)).unwrap_or(1);
        return Plan {
            workers,
            per: 1,
            limited_by: limited(workers, 1),
        };
    }
    // The largest bundle `w` processes can each hold within the budget.
    let cap = |w: usize| match budget {
        None => max_per,
        Some(b) => {
            let each = b / w as u64;
            (each.saturating_sub(PROCESS_MB) / REPORT_MB).min(max_per as u64) as usize
        }
    };
    let (workers, cap) = (1..=most)
        .rev()
        .map(|w| (w, cap(w)))
        .find(|&(w, c)| c >= SMALLEST_SHARED.min(max_per) || w == 1)
        .map(|(w, c)| (w, c.max(2)))
        .unwrap_or((1, 2));
    let count = reports.div_ceil(cap).div_ceil(workers).max(1) * workers;
    let per = reports.div_ceil(count).max(2);
    Plan {
        workers,
        per,
        limited_by: limited(workers, per),
    }
}

/// The memory the typst processes may take together, in MB (see the module's documentation);
/// `None` when it cannot be told.
pub(crate) fn budget() -> Option<u64> {
    if let Some(mb) = std::env::var("JIXIAO_MEMORY_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&mb| mb > 0)
    {
        return Some(mb.saturating_sub(own_mb().unwrap_or(0)));
    }
    available_mb().map(|mb| mb * 3 / 4)
}

/// The memory the system has available now (`MemAvailable` of `/proc/meminfo`), in MB.
fn available_mb() -> Option<u64> {
    kb_field(
        &std::fs::read_to_string("/proc/meminfo").ok()?,
        "MemAvailable:",
    )
    .map(|kb| kb / 1024)
}

/// What this process holds now (`VmRSS` of `/proc/self/status`), in MB.
fn own_mb() -> Option<u64> {
    kb_field(
        &std::fs::read_to_string("/proc/self/status").ok()?,
        "VmRSS:",
    )
    .map(|kb| kb / 1024)
}

/// The value of a `name:  123 kB` line of a `/proc` file.
fn kb_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

/// The plan of a batch of `reports` PDFs on this machine (`bundles`: when the template may be
/// bundled).
pub(crate) fn for_machine(reports: usize, bundles: bool) -> Plan {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    plan(reports, cores, bundle::max_reports(), bundles, budget())
}

/// Says, once a build, that the memory made the plan other than the machine's cores would.
pub(crate) fn say_once(mb: u64, plan: Plan) {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let (w, per) = (plan.workers, plan.per);
        let least = PROCESS_MB + 2 * REPORT_MB;
        let short = if mb < least {
            format!("，少于一个 typst 进程所需的约 {least} MB（less than one typst process needs）")
        } else {
            String::new()
        };
        eprintln!(
            "排版可用内存约 {mb} MB{short}：同时 {w} 个 typst 进程，每个至多 {per} 份报告（memory for typst: {mb} MB, so {w} at a time, bundles of up to {per} reports; JIXIAO_MEMORY_MB sets the build's memory）"
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_limit_a_process_a_core_and_the_largest_even_bundles() {
        // 1,000 reports, 2 cores, bundles of at most 20: 50 bundles of 20.
        let p = plan(1000, 2, 20, true, None);
        assert_eq!((p.workers, p.per, p.limited_by), (2, 20, None));
        // 45 reports: 3 bundles would leave a process idle; 4 of 12 (the last of 9).
        assert_eq!(plan(45, 2, 20, true, None).per, 12);
        // A budget the default fits in changes nothing: 2 × (80 + 16 × 20) = 800 MB.
        assert_eq!(
            plan(1000, 2, 20, true, Some(800)),
            plan(1000, 2, 20, true, None)
        );
        // Nor one that would hold bundles of 16 when there is one report to make (a rebuild).
        let p = plan(1, 2, 20, true, Some(340));
        assert_eq!((p.workers, p.per, p.limited_by), (1, 2, None));
    }

    #[test]
    fn the_memory_is_read_from_proc_lines() {
        let status = "Name:\tjixiao\nVmPeak:\t  300000 kB\nVmRSS:\t  204800 kB\n";
        assert_eq!(kb_field(status, "VmRSS:"), Some(204_800));
        assert_eq!(kb_field("MemTotal: 1 kB\n", "MemAvailable:"), None);
    }

    #[test]
    fn a_budget_makes_the_bundles_smaller_then_the_processes_fewer() {
        // 600 MB: 300 a process, (300 − 80) / 16 = 13 reports each: 16 bundles of 13 (the last 5).
        let p = plan(200, 2, 20, true, Some(600));
        assert_eq!((p.workers, p.per, p.limited_by), (2, 13, Some(600)));
        // 400 MB: 200 a process, (200 − 80) / 16 = 7 reports each.
        let p = plan(200, 2, 20, true, Some(400));
        assert_eq!((p.workers, p.per), (2, 7));
        // 250 MB: 125 a process would hold 2 — fewer than 6, so one process: (250 − 80) / 16 = 10.
        let p = plan(200, 2, 20, true, Some(250));
        assert_eq!((p.workers, p.per), (1, 10));
        // 100 MB holds not even one process (80 + 2 × 16): one process, the smallest bundles.
        let p = plan(200, 2, 20, true, Some(100));
        assert_eq!((p.workers, p.per, p.limited_by), (1, 2, Some(100)));
        // One report a process (a template that may not be bundled): 96 MB a process.
        let p = plan(200, 2, 20, false, Some(191));
        assert_eq!((p.workers, p.per), (1, 1));
        assert_eq!(plan(200, 2, 20, false, Some(192)).workers, 2);
    }
}
