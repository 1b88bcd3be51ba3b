//! How long `jixiao check` takes on each broken report: the corpus of `tests/broken/` and the
//! generated hostile inputs (a file over the size limit, a 4 MiB narrative, 5,000 rows, an alias
//! bomb, nesting, a front-matter over the event limit). Each must finish well under a second.
//!
//! `cargo bench --bench broken` — prints the slowest of 5 runs of each case (load, validate, score,
//! render the messages as text and JSON) and the peak memory, and exits 1 if any case took a second
//! or more. Speed is measured here, never asserted in a test.

mod common;

use common::peak_rss_kib;
use jixiao::cmd::check;
use jixiao::pipeline::Site;
use std::path::Path;
use std::time::{Duration, Instant};

const HEAD: &str = "---\nkind: project\nsystem: gd-project\nunit: 江门市工业和信息化局\nyear: 2023\ntitle: 项目绩效自评指标评分表\n";

fn generated() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut big = HEAD.as_bytes().to_vec();
    big.resize(9 * 1024 * 1024, b'x');
    out.push(("gen: 9 MiB file (refused)".into(), big));
    let mut s = format!("{HEAD}indicator: []\n---\n");
    while s.len() < 4 * 1024 * 1024 {
        s.push_str("本年度共开展中小企业培训宣讲活动 7 场，覆盖企业 300 余家。\n\n");
    }
    out.push(("gen: 4 MiB narrative".into(), s.into_bytes()));
    let mut s = format!(
        "{HEAD}indicators:\n  - name: 产出\n    weight: 40\n    groups:\n      - name: 数量指标\n        rows:\n"
    );
    for i in 0..5_000 {
        s.push_str(&format!(
            "          - {{name: 指标{i}, weight: '0.008', target: ≥5, actual: '7'}}\n"
        ));
    }
    out.push(("gen: 5,000 rows".into(), format!("{s}---\n").into_bytes()));
    let mut s = format!(
        "{HEAD}indicators:\n  - name: 产出\n    weight: 40\n    groups:\n      - name: 数量指标\n        rows:\n"
    );
    for i in 0..18_000 {
        s.push_str(&format!(
            "          - {{name: 指标{i}, weight: '0.002', target: ≥5, actual: '7'}}\n"
        ));
    }
    out.push((
        "gen: 18,000 rows (just under the event limit)".into(),
        format!("{s}---\n").into_bytes(),
    ));
    let mut s = String::from("---\nx: [");
    for _ in 0..450_000 {
        s.push_str("1,");
    }
    out.push((
        "gen: 450,000 list items (over the event limit)".into(),
        format!("{s}]\n---\n").into_bytes(),
    ));
    let mut s = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (i, c) in ('b'..='z').enumerate() {
        let p = (b'a' + i as u8) as char;
        s.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{p}"); 10].join(",")
        ));
    }
    out.push((
        "gen: alias bomb, 26 levels".into(),
        format!("{s}---\n").into_bytes(),
    ));
    out.push((
        "gen: 100,000 [".into(),
        format!("---\nx: {}\n---\n", "[".repeat(100_000)).into_bytes(),
    ));
    let mut s = String::from("---\n");
    for i in 0..2_000 {
        s.push_str(&format!("{}k:\n", "  ".repeat(i)));
    }
    out.push((
        "gen: 2,000 nested maps".into(),
        format!("{s}---\n").into_bytes(),
    ));
    out
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    cases.sort();
    cases.extend(generated());
    println!(
        "{:<50} {:>10} {:>8} {:>12}",
        "case", "bytes", "errors", "slowest of 5"
    );
    let mut worst = Duration::ZERO;
    for (name, bytes) in &cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/case.md"), bytes).unwrap();
        let mut slowest = Duration::ZERO;
        let mut problems = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let site = Site::load(dir.path()).unwrap();
            let _ = check::text(&site);
            let _ = check::json(&site);
            slowest = slowest.max(t.elapsed());
            problems =
                site.errors.len() + site.entries.iter().map(|e| e.findings.len()).sum::<usize>();
        }
        worst = worst.max(slowest);
        println!(
            "{name:<50} {:>10} {problems:>8} {:>9.1} ms",
            bytes.len(),
            slowest.as_secs_f64() * 1000.0
        );
    }
    println!(
        "slowest case: {:.1} ms; peak RSS {} MiB",
        worst.as_secs_f64() * 1000.0,
        peak_rss_kib() / 1024
    );
    if worst >= Duration::from_secs(1) {
        eprintln!("a broken case took a second or more");
        std::process::exit(1);
    }
}
