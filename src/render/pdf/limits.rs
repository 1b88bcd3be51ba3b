//! Limits on each typst process (排版进程限制): a time limit (the process is killed after
//! `pdf_timeout_secs`, default 120 s) and, on Linux and the other Unixes, a limit on its address space
//! (`setrlimit(RLIMIT_AS)` in the child before `exec`, `pdf_memory_mb`, default 2048 MB). A report that
//! hits one fails alone, with its name and a hint; the other reports are still typeset.
//!
//! `check` refuses what is known to make typst slow or large (tables over
//! [`crate::narrative::limits::MAX_TABLE_CELLS`] cells, narratives over
//! [`crate::narrative::limits::MAX_NARRATIVE_BYTES`]); these limits stop whatever is left.

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The limits of one typst process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    /// Address space in bytes (`RLIMIT_AS`); 0 for none.
    pub memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(120),
            memory: 2048 << 20,
        }
    }
}

impl Limits {
    /// From the site config's `pdf_timeout_secs` and `pdf_memory_mb`.
    pub fn of(config: &crate::model::config::SiteConfig) -> Limits {
        Limits {
            timeout: Duration::from_secs(config.pdf_timeout_secs),
            memory: config.pdf_memory_mb.saturating_mul(1 << 20),
        }
    }
}

/// Why a limited process did not finish normally.
#[derive(Debug)]
pub enum Stopped {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran longer than the time limit and was killed.
    Timeout(Duration),
}

/// Runs `cmd` to its end within `limits`, collecting stdout and stderr (as `Command::output`).
/// A process that runs out of memory under the limit fails by itself (typst exits with an allocation
/// error or is killed by a signal); the caller sees its status.
pub fn output(mut cmd: Command, limits: Limits) -> Result<Output, Stopped> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    if limits.memory > 0 {
        use std::os::unix::process::CommandExt;
        let bytes = limits.memory as libc::rlim_t;
        // SAFETY: the closure runs in the child between fork and exec and only calls setrlimit,
        // which is async-signal-safe; it allocates nothing and touches no lock.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().map_err(Stopped::Spawn)?;
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_end(&mut v);
        }
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_end(&mut v);
        }
        v
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= limits.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = out_reader.join();
                let _ = err_reader.join();
                return Err(Stopped::Timeout(limits.timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(Stopped::Spawn(e)),
        }
    };
    Ok(Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    })
}

/// Whether a failed typst run looks like it ran out of the memory limit: killed by a signal
/// (SIGABRT/SIGSEGV/SIGKILL from a failed allocation) or saying so.
pub(crate) fn out_of_memory(o: &Output) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if o.status.signal().is_some() {
            return true;
        }
    }
    let err = String::from_utf8_lossy(&o.stderr);
    err.contains("memory allocation") || err.contains("out of memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_over_its_time_is_killed() {
        let mut c = Command::new("sleep");
        c.arg("30");
        let t = Instant::now();
        let r = output(
            c,
            Limits {
                timeout: Duration::from_millis(300),
                memory: 0,
            },
        );
        assert!(matches!(r, Err(Stopped::Timeout(_))), "{r:?}");
        assert!(t.elapsed() < Duration::from_secs(10));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_over_its_memory_fails_alone() {
        // python allocating 1 GB under a 256 MB address space limit.
        let mut c = Command::new("python3");
        c.args(["-c", "x = bytearray(1 << 30)"]);
        let o = output(
            c,
            Limits {
                timeout: Duration::from_secs(30),
                memory: 256 << 20,
            },
        )
        .unwrap();
        assert!(!o.status.success());
        assert!(String::from_utf8_lossy(&o.stderr).contains("MemoryError"));
        let mut ok = Command::new("python3");
        ok.args(["-c", "print(len(bytearray(1 << 20)))"]);
        let o = output(ok, Limits::default()).unwrap();
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1048576");
    }
}
