//! Shared by the benchmarks.

/// The peak resident memory of this process so far (`VmHWM` of `/proc/self/status`), in KiB; 0 where
/// that is not available.
pub fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

/// The resident memory of this process now (`VmRSS`), in KiB; 0 where that is not available.
#[allow(dead_code)]
pub fn rss_kib() -> u64 {
    status_kib("VmRSS:")
}

/// Starts the peak over from the memory resident now (`/proc/self/clear_refs`), so that the next
/// [`peak_rss_kib`] is the peak of what runs after; where that is not available, the peak goes on.
#[allow(dead_code)]
pub fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}
