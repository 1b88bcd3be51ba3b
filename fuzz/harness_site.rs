//! The whole `jixiao check` of a site built from fuzzed files, shared with
//! `tests/it/fuzz_regressions_site.rs` so that every crash input is replayed by `cargo test`.
//!
//! The input is cut at every `\0\0` into up to eight files: the first is `jixiao.yaml`, the next
//! reports (`content/u<i>/r<i>.md`, two per folder so that units and folders collide), the last also
//! written as an attachment (`content/u0/f/a.pdf`, `…/a.png`) that the reports may link to. The site
//! is loaded as `check` loads it, every renderer's check included (`Site::load_with`,
//! `Load::outputs`): nothing may panic, and every problem is at a line and column of its
//! file, rendered without an escape character.
#![allow(dead_code)]

use jixiao::pipeline::{self, Site};

/// Most files cut from one input.
const MAX_FILES: usize = 8;

pub fn site(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let root = dir.path();
    let content = root.join("content");
    let _ = std::fs::create_dir_all(content.join("u0/f"));
    let parts: Vec<&[u8]> = split(data);
    for (i, part) in parts.iter().enumerate() {
        let path = if i == 0 {
            root.join("jixiao.yaml")
        } else {
            content.join(format!("u{}/r{i}.md", (i - 1) / 2))
        };
        if let Some(p) = path.parent() {
            let _ = std::fs::create_dir_all(p);
        }
        let _ = std::fs::write(&path, part);
    }
    if let Some(last) = parts.last() {
        let _ = std::fs::write(content.join("u0/f/a.pdf"), last);
        let _ = std::fs::write(content.join("u0/f/a.png"), last);
    }
    let how = pipeline::Load {
        hold: true,
        keep: 0,
        outputs: Some(true),
    };
    let Ok(site) = Site::load_with(root, how) else {
        return;
    };
    let problems = site
        .errors
        .iter()
        .chain(site.entries.iter().flat_map(|e| &e.findings));
    for p in problems {
        assert!(p.line >= 1 && p.column >= 1, "{p:?}");
        assert!(
            !p.rendered.contains('\u{1b}'),
            "an escape character reached the terminal output"
        );
        let text = std::fs::read(root.join(&p.source)).unwrap_or_default();
        let lines = text.split(|&b| b == b'\n').count().max(1);
        assert!(
            p.line <= lines + 1,
            "line {} of {} in {}",
            p.line,
            lines,
            p.source
        );
    }
}

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() + 1 < MAX_FILES {
        match rest.windows(2).position(|w| w == b"\0\0") {
            Some(i) => {
                out.push(&rest[..i]);
                rest = &rest[i + 2..];
            }
            None => break,
        }
    }
    out.push(rest);
    out
}
