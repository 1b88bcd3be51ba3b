//! The corpus of broken reports (`tests/broken/*.md`): each case is one small report with a
//! `.expect` file beside it giving the exit code and every error `jixiao check` must report, in
//! order, each with its code, `line:column` and (part of) its message, and optionally its hint and
//! the second place it shows. A case passes only if exactly those errors come out, in the JSON
//! and in the text output, and nothing panics.
//!
//! Cases too big to keep in the repository (a multi-megabyte file, thousands of rows) are generated
//! here. How long each case takes is measured by `benches/broken.rs`, not here.

use crate::support::{Run, SiteBuilder, SiteDir, fixture};
use serde_json::Value;
use std::path::PathBuf;

/// One expected error (or, with a leading `warning`, warning).
#[derive(Debug, Default)]
struct Expected {
    severity: String,
    code: String,
    line: u64,
    column: u64,
    message: String,
    hint: Option<String>,
    related: Option<(u64, u64)>,
}

fn parse_place(s: &str) -> (u64, u64) {
    let (l, c) = s.split_once(':').unwrap_or_else(|| panic!("bad place {s}"));
    (l.parse().unwrap(), c.parse().unwrap())
}

fn parse_expect(text: &str) -> (i32, Vec<Expected>) {
    let mut exit = None;
    let mut out: Vec<Expected> = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        match word {
            "exit" => exit = Some(rest.parse().unwrap()),
            "hint" => out.last_mut().expect("hint after an error").hint = Some(rest.to_string()),
            "related" => {
                out.last_mut().expect("related after an error").related = Some(parse_place(rest))
            }
            code => {
                let (severity, code, rest) = match code {
                    "warning" => {
                        let (c, r) = rest.split_once(' ').unwrap_or((rest, ""));
                        ("warning", c, r)
                    }
                    _ => ("error", code, rest),
                };
                let (place, message) = rest.split_once(' ').unwrap_or((rest, ""));
                let (line, column) = parse_place(place);
                out.push(Expected {
                    severity: severity.to_string(),
                    code: code.to_string(),
                    line,
                    column,
                    message: message.to_string(),
                    ..Default::default()
                });
            }
        }
    }
    (exit.expect("an `exit N` line"), out)
}

/// A site holding `files` (paths relative to the site folder).
fn site_with(files: &[(&str, &[u8])]) -> SiteDir {
    files
        .iter()
        .fold(SiteBuilder::new(), |b, (rel, bytes)| b.file(rel, bytes))
        .build()
}

/// `jixiao check`, with `--format json` or as text.
fn check(site: &SiteDir, json: bool) -> Run {
    site.check(if json { &["--format", "json"] } else { &[] })
}

/// Runs `jixiao check` on a site holding the one file `content/<name>.md` and compares.
fn run_case(name: &str, bytes: &[u8], expect: &str) {
    let (exit, expected) = parse_expect(expect);
    let rel = format!("content/{name}.md");
    let site = site_with(&[(&rel, bytes)]);

    let o = check(&site, true);
    o.no_panic(name);
    assert_eq!(o.code, Some(exit), "{name}: exit code\n{}", o.stdout);
    let doc: Value =
        serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{name}: JSON: {e}"));
    // Files that could not be processed, and the errors and warnings of the scoring engine for
    // those that could.
    let mut errors: Vec<Value> = doc["errors"].as_array().unwrap().clone();
    for r in doc["reports"].as_array().unwrap() {
        errors.extend(
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] != "info")
                .cloned(),
        );
    }
    let got: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{} {}:{} {}",
                e["code"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        errors.len(),
        expected.len(),
        "{name}: errors\n{}",
        got.join("\n")
    );
    for (e, x) in errors.iter().zip(&expected) {
        let shown = format!("{name}: got {e}\nexpected {x:?}");
        assert_eq!(e["source"].as_str(), Some(rel.as_str()), "{shown}");
        assert_eq!(e["code"].as_str(), Some(x.code.as_str()), "{shown}");
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(x.line), Some(x.column)),
            "{shown}"
        );
        assert_eq!(e["severity"].as_str(), Some(x.severity.as_str()), "{shown}");
        let message = e["message"].as_str().unwrap();
        assert!(message.contains(&x.message), "{shown}");
        // Chinese terms with an English gloss in parentheses, and always a hint.
        assert!(
            message.ends_with('）') && message.contains('（'),
            "{shown}: no English gloss"
        );
        let hint = e["hint"]
            .as_str()
            .unwrap_or_else(|| panic!("{shown}: no hint"));
        if let Some(h) = &x.hint {
            assert!(hint.contains(h.as_str()), "{shown}");
        }
        match x.related {
            Some((l, c)) => assert_eq!(
                (
                    e["related"]["line"].as_u64(),
                    e["related"]["column"].as_u64()
                ),
                (Some(l), Some(c)),
                "{shown}"
            ),
            None => assert!(e["related"].is_null(), "{shown}"),
        }
    }
    assert!(
        doc["reports"].as_array().unwrap().is_empty() || exit == 0,
        "{name}: a broken file was processed"
    );

    // The text output: every error at file:line:column, with the offending line and a caret.
    let o = check(&site, false);
    o.no_panic(name);
    assert_eq!(o.code, Some(exit), "{name}: exit code (text)");
    let text = o.stdout;
    let mut at = 0;
    for x in &expected {
        let place = format!("--> {rel}:{}:{}", x.line, x.column);
        let i = text[at..]
            .find(&place)
            .unwrap_or_else(|| panic!("{name}: `{place}` not in order in\n{text}"));
        at += i + place.len();
        let block = &text[at..];
        let block = &block[..block.find("\n\n").unwrap_or(block.len())];
        assert!(
            block
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{} | ", x.line))),
            "{name}: no source line\n{block}"
        );
        assert!(block.contains('^'), "{name}: no caret\n{block}");
        assert!(block.contains("提示（hint）"), "{name}: no hint\n{block}");
    }
    assert!(
        !text.contains('\u{1b}'),
        "{name}: escape character in the output"
    );
}

fn corpus_dir() -> PathBuf {
    fixture("broken")
}

#[test]
fn every_case_of_the_corpus() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "corpus went missing: {cases:?}");
    for md in cases {
        let name = md.file_stem().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(md.with_extension("expect"))
            .unwrap_or_else(|_| panic!("{name}.expect missing"));
        run_case(&name, &std::fs::read(&md).unwrap(), &expect);
    }
}

#[test]
fn corpus_files_keep_their_bytes() {
    // CRLF, BOM, GBK and UTF-16 must reach the test as written (see tests/broken/.gitattributes).
    let bom = std::fs::read(corpus_dir().join("bom-crlf.md")).unwrap();
    assert!(bom.starts_with(b"\xEF\xBB\xBF---\r\n"));
    assert!(
        std::fs::read(corpus_dir().join("utf16.md"))
            .unwrap()
            .starts_with(b"\xFF\xFE-\x00")
    );
    assert!(std::str::from_utf8(&std::fs::read(corpus_dir().join("gbk.md")).unwrap()).is_err());
}

const HEAD: &str = "---\nkind: project\nsystem: gd-project\nunit: 江门市工业和信息化局\nyear: 2023\ntitle: 项目绩效自评指标评分表\n";

#[test]
fn a_multi_megabyte_file_is_refused_without_reading_it() {
    let mut big = HEAD.as_bytes().to_vec();
    big.resize(9 * 1024 * 1024, b'x');
    run_case(
        "too-large",
        &big,
        "exit 1\nfile-too-large 1:1 文件过大\nhint 一份报告不应超过几百 KB",
    );
}

#[test]
fn a_long_narrative_below_the_limit_is_read() {
    // 4 MiB of narrative is processed: the errors are the front-matter's and the narrative's size
    // (over the 256 KiB a narrative may have), nothing runs out of time or memory.
    let mut s = format!("{HEAD}indicator: []\n---\n");
    let para = "本年度共开展中小企业培训宣讲活动 7 场，覆盖企业 300 余家。\n\n";
    while s.len() < 4 * 1024 * 1024 {
        s.push_str(para);
    }
    run_case(
        "long-narrative",
        s.as_bytes(),
        "exit 1\nmissing-field 2:1 缺少必填字段“indicators”\nunknown-field 7:1 未知字段“indicator”\nhint 是否应为“indicators”\nnarrative-too-long 9:1 正文有 4095 KB，超过 256 KB 的上限",
    );
}

#[test]
fn thousands_of_rows_are_read_and_placed() {
    let mut s = format!(
        "{HEAD}indicators:\n  - name: 产出\n    weight: 40\n    groups:\n      - name: 数量指标\n        rows:\n"
    );
    for i in 0..5_000 {
        s.push_str(&format!(
            "          - {{name: 指标{i}, weight: '0.008', target: ≥5, actual: '7'}}\n"
        ));
    }
    // The 5,001st row repeats the first: line 6 (head) + 6 + 5,000 + 1.
    s.push_str("          - {name: 指标0, weight: '0.008', target: ≥5, actual: '7'}\n---\n");
    run_case(
        "many-rows",
        s.as_bytes(),
        "exit 1\nduplicate-name 5013:20 三级指标“指标0”重复出现\nrelated 13:20",
    );
}

#[test]
fn a_file_with_hundreds_of_problems_lists_a_hundred_and_counts_the_rest() {
    // 150 unknown fields, one a line from line 7: the first 100 are listed, the 101st place says
    // how many more there are.
    let mut s = HEAD.to_string();
    for i in 0..150 {
        s.push_str(&format!("extra{i}: x\n"));
    }
    s.push_str("indicators:\n  - name: 产出\n    weight: 100\n    groups:\n      - name: 数量指标\n        rows:\n          - {name: 指标, weight: 100, target: ≥5, actual: '7'}\n---\n");
    let mut expect = String::from("exit 1\n");
    for i in 0..100 {
        expect.push_str(&format!("unknown-field {}:1 未知字段“extra{i}”\n", 7 + i));
    }
    expect.push_str(
        "too-many-problems 107:1 本文件还有 50 个问题未列出（其中 50 个错误、0 个警告）\n",
    );
    run_case("hundreds", s.as_bytes(), &expect);
}

#[test]
fn every_problem_of_every_file_at_once_sorted() {
    let read = |n: &str| std::fs::read(corpus_dir().join(format!("{n}.md"))).unwrap();
    let site = site_with(&[
        ("content/b/wrong-type.md", &read("wrong-type")),
        ("content/a/unknown-field.md", &read("unknown-field")),
        ("content/gbk.md", &read("gbk")),
        ("content/a/duplicate-key.md", &read("duplicate-key")),
        ("jixiao.yaml", "name: 站点\nthem: default\n".as_bytes()),
    ]);
    let o = check(&site, true);
    o.no_panic("site");
    assert_eq!(o.code, Some(1));
    let doc = o.json();
    let got: Vec<(String, u64, u64, String)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("content/a/duplicate-key.md", 16, 13, "duplicate-key"),
        ("content/a/duplicate-key.md", 17, 1, "duplicate-key"),
        ("content/a/unknown-field.md", 2, 1, "missing-field"),
        ("content/a/unknown-field.md", 6, 1, "unknown-field"),
        ("content/a/unknown-field.md", 13, 26, "unknown-field"),
        ("content/b/wrong-type.md", 5, 3, "wrong-type"),
        ("content/b/wrong-type.md", 10, 13, "wrong-type"),
        ("content/b/wrong-type.md", 11, 13, "wrong-type"),
        ("content/gbk.md", 4, 7, "gbk-encoding"),
        ("jixiao.yaml", 2, 1, "unknown-field"),
    ];
    let want: Vec<(String, u64, u64, String)> = want
        .iter()
        .map(|(s, l, c, k)| (s.to_string(), *l, *c, k.to_string()))
        .collect();
    assert_eq!(got, want);
    // The text output lists them in the same order and counts them.
    let text = check(&site, false).stdout;
    let mut at = 0;
    for (s, l, c, _) in &want {
        let place = format!("--> {s}:{l}:{c}");
        at += text[at..]
            .find(&place)
            .unwrap_or_else(|| panic!("`{place}` missing or out of order in\n{text}"));
    }
    assert!(text.contains("5 个文件有错误无法处理；10 个错误"), "{text}");
}

#[cfg(unix)]
#[test]
fn file_names_cannot_drive_the_terminal() {
    use std::os::unix::ffi::OsStrExt;
    let site = site_with(&[]);
    let evil = std::ffi::OsStr::from_bytes(b"a\x1b[31mred\nb.md");
    let gbk_name = std::ffi::OsStr::from_bytes(b"\xb9\xe3\xd6\xdd.md");
    for name in [evil, gbk_name] {
        site.write(
            std::path::Path::new("content").join(name),
            "---\nkind: project\n---\n",
        );
    }
    let o = check(&site, false);
    o.no_panic("file names");
    assert_eq!(o.code, Some(1));
    let text = o.stdout;
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.contains("content/a\u{241b}[31mred\u{240a}b.md:2:1"),
        "{text}"
    );
    assert!(
        text.contains("content/\u{fffd}\u{fffd}\u{fffd}\u{fffd}.md:2:1"),
        "{text}"
    );
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    // `jixiao check | head -1`: the reader goes away before jixiao writes.
    let site = site_with(&[("content/a.md", HEAD.as_bytes())]);
    for json in [false, true] {
        let mut c = site.command("check");
        if json {
            c.args(["--format", "json"]);
        }
        let mut child = c
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = Run::from(child.wait_with_output().unwrap());
        o.no_panic("closed pipe");
        assert_eq!(o.code, Some(1));
    }
}
