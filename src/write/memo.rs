//! The report memo (报告备忘): what the last build into an output folder learnt of each report
//! when it read, scored and checked it — its [`Facts`], findings included — keyed by the report's
//! text (the hash its facts carry) and by everything else the reading depends on ([`load_key`]). A rebuild takes the
//! facts of a report whose file and site are as they were from here instead of reading, scoring
//! and checking it again.
//!
//! It also notes what the build made of each report ([`Rendered`]): the files, each with the key
//! the build record says it was made from, the report's [`Listing`] and what the renderers keep of
//! it for the site's files, under a key of everything the report's files are made from (its facts,
//! and everything about the site and the build they can show: see `render::render_all`). A rebuild
//! whose key for a report is the same keeps its files from the previous output (when they are
//! still as the record says) without reading the report again.
//!
//! Like the build record it lives in the build cache beside the record, never in the output, and
//! anything unexpected (another format, a file that cannot be read) means no memo: the build reads
//! every report as usual. A report that takes totals from other reports (`projects: - report:`)
//! is never taken from the memo: its facts depend on theirs.

use crate::diag::{Place, Problem, Severity};
use crate::load::fingerprint::Fingerprint;
use crate::pipeline::Facts;
use crate::render::Listing;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Bumped when the memo's meaning changes: an older memo is then not used.
const FORMAT: u32 = 2;

/// The facts of the reports of one build, by source path.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Memo {
    format: u32,
    /// [`load_key`] of the build that wrote it.
    load: String,
    reports: BTreeMap<String, Memoed>,
}

/// One report's facts (with the hash of the text they were learnt from); what the build made of it.
#[derive(Debug, Serialize, Deserialize)]
struct Memoed {
    /// Taken out by the build that uses them ([`Memo::take_facts`]).
    facts: Option<Facts>,
    rendered: Option<Rendered>,
}

/// What a build made of one report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rendered {
    /// The hash of everything the report's files are made from.
    pub key: String,
    /// Every file made of the report, with the key it was made from (as in the build record).
    pub files: Vec<(String, String)>,
    pub listing: Listing,
    /// What each renderer (by name) keeps of the report for the site's files.
    pub notes: BTreeMap<String, String>,
}

impl Memo {
    /// The memo at `path`, when there is one of this format for the same `load` key.
    pub fn read(path: &Path, load: &str) -> Option<Memo> {
        let bytes = std::fs::read(path).ok()?;
        let memo: Memo = serde_json::from_slice(&bytes).ok()?;
        (memo.format == FORMAT && memo.load == load).then_some(memo)
    }

    /// The facts learnt of `source` (from the text their hash says).
    pub fn facts(&self, source: &str) -> Option<&Facts> {
        self.reports.get(source)?.facts.as_ref()
    }

    /// [`Memo::facts`], taken out: the build holds them from then on (never twice in memory).
    pub fn take_facts(&mut self, source: &str) -> Option<Facts> {
        self.reports.get_mut(source)?.facts.take()
    }

    /// What the build that noted `source` made of it, when it made it from `key`.
    pub fn rendered(&self, source: &str, key: &str) -> Option<&Rendered> {
        self.reports
            .get(source)?
            .rendered
            .as_ref()
            .filter(|r| r.key == key)
    }
}

/// The memo a build writes: each report's facts and what was made of it, kept as their JSON (a
/// third of their size in memory) until the memo is written whole.
pub struct Notes {
    load: String,
    reports: BTreeMap<String, Noted>,
}

struct Noted {
    facts: Vec<u8>,
    rendered: Option<Vec<u8>>,
}

impl Notes {
    /// The memo of a build whose reading depends on `load` (see [`load_key`]).
    pub fn new(load: String) -> Notes {
        Notes {
            load,
            reports: BTreeMap::new(),
        }
    }

    /// Notes what was learnt of each report of `all` that takes no totals from others (those are
    /// always read again), serialised on every core.
    pub fn note_all(&mut self, all: &[&Facts]) {
        use rayon::prelude::*;
        let noted: Vec<(String, Vec<u8>)> = all
            .par_iter()
            .filter(|f| !f.cites)
            .filter_map(|f| Some((f.source.clone(), serde_json::to_vec(f).ok()?)))
            .collect();
        for (source, json) in noted {
            let noted = Noted {
                facts: json,
                rendered: None,
            };
            self.reports.insert(source, noted);
        }
    }

    /// Notes what this build made of `source` (a [`Rendered`] as JSON; a report noted by
    /// [`Notes::note_all`], else nothing).
    pub fn note_rendered(&mut self, source: &str, rendered: Vec<u8>) {
        if let Some(m) = self.reports.get_mut(source) {
            m.rendered = Some(rendered);
        }
    }

    /// Writes the memo as [`Memo::read`] reads it back, as it goes.
    fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        write!(out, "{{\"format\":{FORMAT},\"load\":")?;
        serde_json::to_writer(&mut *out, &self.load)?;
        out.write_all(b",\"reports\":{")?;
        for (k, (source, m)) in self.reports.iter().enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, source)?;
            out.write_all(b":{\"facts\":")?;
            out.write_all(&m.facts)?;
            out.write_all(b",\"rendered\":")?;
            out.write_all(m.rendered.as_deref().unwrap_or(b"null"))?;
            out.write_all(b"}")?;
        }
        out.write_all(b"}}")?;
        out.flush()
    }

    /// Writes the memo at `path` (replacing it at once); a memo that cannot be written is left out.
    pub fn write(&self, path: &Path) {
        let Some(dir) = path.parent() else { return };
        let tmp = dir.join(format!(".memo-{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::File::create(&tmp))
            .and_then(|f| self.write_to(&mut std::io::BufWriter::with_capacity(1 << 16, f)))
            .and_then(|()| std::fs::rename(&tmp, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Where the memo of the output folder whose record is at `record` lives: beside it.
pub fn path_beside(record: &Path) -> std::path::PathBuf {
    record.with_extension("memo")
}

/// Everything besides a report's own file that reading, scoring and checking it depends on: this
/// jixiao (its rules, its built-in systems, the fonts' coverage it checks against), the site's
/// `jixiao.yaml` and system files, whether the PDF's check runs, and the tree of `content/` — every
/// entry's path and kind (and where a symbolic link leads, though the walk refuses them) — since a
/// report's links resolve against it. `None` when any of it cannot be read: then there is no memo.
pub fn load_key(root: &Path, outputs: Option<bool>) -> Option<String> {
    use crate::model::config::{self, CONFIG_FILE};
    let mut fp = Fingerprint::new();
    fp.field("memo", FORMAT.to_string().as_bytes());
    fp.field("jixiao", crate::pipeline::this_jixiao()?.as_bytes());
    fp.field("outputs", format!("{outputs:?}").as_bytes());
    let root = root.canonicalize().ok()?;
    fp.field("root", root.as_os_str().as_encoded_bytes());
    let text = crate::load::site_file(&root, CONFIG_FILE).ok()?;
    fp.field("config", text.as_deref().unwrap_or("\0none").as_bytes());
    let (config, _) = config::read(text.as_deref());
    for rel in &config.systems {
        let text = crate::load::site_file(&root, rel).ok()?;
        fp.field(rel, text.as_deref().unwrap_or("\0none").as_bytes());
    }
    for e in walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .follow_links(false)
    {
        let e = e.ok()?;
        let rel = e.path().strip_prefix(&root).ok()?;
        let t = e.file_type();
        let kind = if t.is_symlink() {
            let to = std::fs::read_link(e.path()).ok()?;
            format!("l {}", to.display())
        } else if t.is_dir() {
            "d".to_string()
        } else {
            "f".to_string()
        };
        fp.field(&rel.to_string_lossy(), kind.as_bytes());
    }
    Some(fp.finish())
}

/// `Problem`s as the memo keeps them: with their rendering, and their code by name.
pub(crate) mod problems {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Stored {
        source: String,
        severity: Severity,
        code: String,
        message: String,
        hint: Option<String>,
        line: usize,
        column: usize,
        related: Option<Place>,
        rendered: String,
    }

    pub fn serialize<S: serde::Serializer>(ps: &[Problem], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ps.iter().map(|p| Stored {
            source: p.source.clone(),
            severity: p.severity,
            code: p.code.to_string(),
            message: p.message.clone(),
            hint: p.hint.clone(),
            line: p.line,
            column: p.column,
            related: p.related.clone(),
            rendered: p.rendered.clone(),
        }))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Problem>, D::Error> {
        let stored: Vec<Stored> = Vec::deserialize(d)?;
        Ok(stored
            .into_iter()
            .map(|p| Problem {
                source: p.source,
                severity: p.severity,
                code: intern(p.code),
                message: p.message,
                hint: p.hint,
                line: p.line,
                column: p.column,
                related: p.related,
                rendered: p.rendered,
            })
            .collect())
    }

    /// A finding code read back: the same `&'static str` for the same name, each name kept once
    /// (there are a few dozen).
    fn intern(code: String) -> &'static str {
        use std::sync::{Mutex, OnceLock};
        static CODES: OnceLock<Mutex<std::collections::BTreeSet<&'static str>>> = OnceLock::new();
        let mut codes = CODES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(&c) = codes.get(code.as_str()) {
            return c;
        }
        let c: &'static str = Box::leak(code.into_boxed_str());
        codes.insert(c);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Load, Site};

    const A: &str = "content/jiangmen-gxj/2023-project-industry-management.md";
    const B: &str = "content/baiyun-kgsx/2023-department-report.md";

    /// A site with two of the sample reports.
    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for rel in [A, B] {
            let to = t.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(repo.join(rel), to).unwrap();
        }
        t
    }

    const BUILD: Load = Load {
        hold: false,
        keep: 0,
        outputs: Some(false),
    };

    /// Loads the site at `root` as a build does, with `previous`; returns the site and what it
    /// noted, written and read back.
    fn load(root: &Path, how: Load, previous: Option<Memo>) -> (Site, Memo) {
        let key = load_key(root, how.outputs).unwrap();
        let mut next = Notes::new(key.clone());
        let mut previous = previous;
        let site = Site::load_memo(root, how, previous.as_mut(), Some(&mut next)).unwrap();
        let at = tempfile::tempdir().unwrap();
        let path = at.path().join("m.memo");
        next.write(&path);
        (site, Memo::read(&path, &key).unwrap())
    }

    fn codes(site: &Site, source: &str) -> Vec<&'static str> {
        let f = site.facts.iter().find(|f| f.source == source).unwrap();
        f.findings.iter().map(|p| p.code).collect()
    }

    /// A memo whose facts of `source` carry one more finding (a mark no load makes), as if the
    /// last build had learnt it.
    fn marked(mut memo: Memo, source: &str) -> Memo {
        let facts = memo
            .reports
            .get_mut(source)
            .unwrap()
            .facts
            .as_mut()
            .unwrap();
        let mut mark = facts.findings[0].clone();
        mark.code = "memo-mark";
        facts.findings.push(mark);
        memo
    }

    #[test]
    fn a_report_whose_file_is_as_it_was_takes_its_facts_from_the_memo() {
        let t = site();
        let (fresh, memo) = load(t.path(), BUILD, None);
        assert_eq!(memo.reports.len(), 2);
        assert!(
            !codes(&fresh, A).is_empty(),
            "the sample report has findings"
        );
        // The facts read back are the facts noted, findings and their rendering included.
        for f in &fresh.facts {
            let back = memo.reports[&f.source].facts.as_ref().unwrap();
            assert_eq!(format!("{f:?}"), format!("{back:?}"));
        }
        let (site, noted) = load(t.path(), BUILD, Some(marked(memo, A)));
        assert!(
            codes(&site, A).contains(&"memo-mark"),
            "A taken from the memo"
        );
        assert!(!codes(&site, B).contains(&"memo-mark"));
        let again = noted.reports[A].facts.as_ref().unwrap();
        assert!(again.findings.iter().any(|p| p.code == "memo-mark"));
        // A site loaded to hold its reports reads them all.
        let hold = Load {
            hold: true,
            keep: 0,
            outputs: Some(false),
        };
        let (held, _) = load(t.path(), hold, Some(marked(noted, B)));
        assert!(!codes(&held, B).contains(&"memo-mark"));
        // A's file edited: A is read again.
        let (_, memo) = load(t.path(), BUILD, None);
        let a = t.path().join(A);
        let text = std::fs::read_to_string(&a).unwrap();
        std::fs::write(&a, format!("{text}\n附注。\n")).unwrap();
        let (site, _) = load(t.path(), BUILD, Some(marked(memo, A)));
        assert!(!codes(&site, A).contains(&"memo-mark"), "A read again");
        assert_eq!(codes(&site, B), codes(&fresh, B));
    }

    #[test]
    fn the_load_key_changes_with_what_reading_a_report_depends_on() {
        let t = site();
        let key = || load_key(t.path(), Some(false)).unwrap();
        let first = key();
        assert_eq!(key(), first, "nothing changed");
        assert_ne!(
            load_key(t.path(), Some(true)).unwrap(),
            first,
            "the PDF's check"
        );
        assert_ne!(
            load_key(t.path(), None).unwrap(),
            first,
            "no renderer's check"
        );
        // A file added anywhere below content/ (a report's link may now resolve), then removed.
        let extra = t.path().join("content/baiyun-kgsx/附件.pdf");
        std::fs::write(&extra, "%PDF-").unwrap();
        let with_file = key();
        assert_ne!(with_file, first);
        std::fs::remove_file(&extra).unwrap();
        assert_eq!(key(), first);
        // A folder added (a link to it is refused; to a file in it, not).
        std::fs::create_dir(t.path().join("content/baiyun-kgsx/files")).unwrap();
        assert_ne!(key(), first);
        std::fs::remove_dir(t.path().join("content/baiyun-kgsx/files")).unwrap();
        // The config, and a site system it names.
        std::fs::write(t.path().join("jixiao.yaml"), "archive: true\n").unwrap();
        let config = key();
        assert_ne!(config, first);
        std::fs::write(
            t.path().join("jixiao.yaml"),
            "archive: true\nsystems: [systems/own.yaml]\n",
        )
        .unwrap();
        std::fs::create_dir_all(t.path().join("systems")).unwrap();
        std::fs::write(t.path().join("systems/own.yaml"), "id: a\n").unwrap();
        let system = key();
        std::fs::write(t.path().join("systems/own.yaml"), "id: b\n").unwrap();
        assert_ne!(key(), system);
    }
}
