//! Site folders for the tests: a `SiteBuilder` writes the files of a small site into a temporary
//! folder (removed when the `SiteDir` is dropped), and the `SiteDir` runs the `jixiao` binary on it.
//!
//! ```ignore
//! let site = SiteBuilder::new()
//!     .config("name: 示例县\n")
//!     .report("unit/2023-report.md", "---\nkind: project\n---\n")
//!     .build();
//! let run = site.check(&["--format", "json"]);
//! assert_eq!(run.code, Some(1), "{}", run.stderr);
//! ```

use super::{files, repo};
use jixiao::pipeline::Site;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const JIXIAO: &str = env!("CARGO_BIN_EXE_jixiao");

/// The files of a site to be, written by `build()`.
#[derive(Default)]
pub struct SiteBuilder {
    under: Option<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl SiteBuilder {
    /// An empty site: a `content/` folder and nothing else.
    pub fn new() -> SiteBuilder {
        SiteBuilder::default()
    }

    /// A copy of the repository's sample site: its reports (`content/`) and `jixiao.yaml`.
    pub fn sample() -> SiteBuilder {
        let mut b = SiteBuilder::new();
        let content = repo().join("content");
        for file in files(&content) {
            let rel = file
                .strip_prefix(&content)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            b = b.file(&format!("content/{rel}"), std::fs::read(&file).unwrap());
        }
        if repo().join("jixiao.yaml").is_file() {
            b = b.config(&std::fs::read_to_string(repo().join("jixiao.yaml")).unwrap());
        }
        b
    }

    /// Puts the site in the folder `rel` below the temporary folder instead of at its top.
    pub fn under(mut self, rel: &str) -> SiteBuilder {
        self.under = Some(rel.into());
        self
    }

    /// A report: `content/<rel>`.
    pub fn report(self, rel: &str, text: &str) -> SiteBuilder {
        self.file(&format!("content/{rel}"), text)
    }

    /// The site's configuration, `jixiao.yaml`.
    pub fn config(self, yaml: &str) -> SiteBuilder {
        self.file("jixiao.yaml", yaml)
    }

    /// Any file, by its path relative to the site folder.
    pub fn file(mut self, rel: &str, bytes: impl AsRef<[u8]>) -> SiteBuilder {
        self.files.push((rel.into(), bytes.as_ref().to_vec()));
        self
    }

    /// Writes the site into a new temporary folder.
    pub fn build(self) -> SiteDir {
        let tmp = tempfile::tempdir().unwrap();
        let root = match &self.under {
            Some(rel) => tmp.path().join(rel),
            None => tmp.path().to_path_buf(),
        };
        std::fs::create_dir_all(root.join("content")).unwrap();
        let site = SiteDir { _tmp: tmp, root };
        for (rel, bytes) in &self.files {
            site.write(rel, bytes);
        }
        site
    }
}

/// A site folder written by a `SiteBuilder`, removed when dropped.
pub struct SiteDir {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl SiteDir {
    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path inside the site folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Where `jixiao build` writes when not given `--out`: `<site>/build`.
    pub fn out(&self) -> PathBuf {
        self.path("build")
    }

    /// Writes (or replaces) a file of the site, creating its folders.
    pub fn write(&self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// The site as the library loads it.
    pub fn load(&self) -> Site {
        Site::load(&self.root).unwrap()
    }

    /// `jixiao check <site> <args…>`.
    pub fn check(&self, args: &[&str]) -> Run {
        run(self.command("check").args(args))
    }

    /// `jixiao build <site> <args…>` (into `<site>/build` unless `--out` is given).
    pub fn build(&self, args: &[&str]) -> Run {
        run(self.command("build").args(args))
    }

    /// `jixiao <subcommand> <site>`, to add arguments and environment to, or to spawn.
    pub fn command(&self, subcommand: &str) -> Command {
        jixiao(subcommand, &self.root)
    }
}

/// `jixiao <subcommand> <site>` with `SOURCE_DATE_EPOCH=0` (a fixed build time) and `NO_COLOR=1`.
pub fn jixiao(subcommand: &str, site: &Path) -> Command {
    let mut c = Command::new(JIXIAO);
    c.arg(subcommand)
        .arg(site)
        .env("SOURCE_DATE_EPOCH", "0")
        .env("NO_COLOR", "1");
    c
}

/// What a run of `jixiao` gave: the exit code (None when killed by a signal) and its output; stdout
/// must be UTF-8, stderr is read leniently.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that the run succeeded (showing its output if not).
    pub fn success(self) -> Run {
        assert_eq!(self.code, Some(0), "{}\n{}", self.stdout, self.stderr);
        self
    }

    /// Stdout read as JSON (`--format json`).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts that `jixiao` did not panic (`what` names the case).
    pub fn no_panic(&self, what: &str) {
        assert!(
            !self.stderr.contains("panicked"),
            "{what} panicked:\n{}",
            self.stderr
        );
        assert_ne!(self.code, Some(101), "{what} panicked");
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8(o.stdout).expect("jixiao's stdout is UTF-8"),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs a command to its end.
pub fn run(c: &mut Command) -> Run {
    c.output().expect("run jixiao").into()
}
