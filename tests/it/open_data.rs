//! Open data and the site-level outputs: `check --format json`, `<slug>.json` and
//! `data/reports.json` validate against `docs/data.schema.json` (and the schema is strict, so the
//! files and the Rust structs agree key for key); `data/reports.csv` opens with the right columns;
//! the sitemap and the Atom feed; duplicate reports as findings; the unit order of `jixiao.yaml`.

use crate::support::{JIXIAO, fixture_site, synthetic};

use jixiao::pipeline::Site;
use jixiao::render::data::SCHEMA_VERSION;
use jixiao::render::{Theme, html};
use jixiao::write::Stage;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo().join("docs/data.schema.json")).unwrap())
        .expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("a valid draft 2020-12 schema")
}

/// Validates `doc`, listing every error with its place.
fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn run(args: &[&str], site: &Path, epoch: Option<&str>) -> Output {
    let mut c = Command::new(JIXIAO);
    c.args(args).arg(site);
    if let Some(e) = epoch {
        c.env("SOURCE_DATE_EPOCH", e);
    }
    c.output().expect("run jixiao")
}

fn check_json(site: &Path) -> (Value, Option<i32>) {
    let o = run(&["check", "--format", "json"], site, None);
    (
        serde_json::from_slice(&o.stdout).expect("JSON on stdout"),
        o.status.code(),
    )
}

/// `jixiao build SITE --out OUT --no-pdf`, which must succeed.
fn build(site: &Path, out: &Path, epoch: &str) {
    let o = Command::new(JIXIAO)
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .arg("--no-pdf")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{path:?}: {e}")))
        .unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Every `.json` file below `out`, relative.
fn json_files(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The data files of an output: its `.json` files but the search index's (`pagefind/`).
fn data_files(out: &Path) -> BTreeSet<String> {
    json_files(out)
        .into_iter()
        .filter(|p| !p.starts_with("pagefind/"))
        .collect()
}

/// A copy of the sample site (content/ and jixiao.yaml) in `dir`, with `extra` appended to the
/// config.
fn sample_copy(dir: &Path, extra: &str) -> PathBuf {
    let root = dir.join("sample");
    for e in walkdir::WalkDir::new(repo().join("content")) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(repo()).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(root.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), root.join(rel)).unwrap();
        }
    }
    let config = std::fs::read_to_string(repo().join("jixiao.yaml")).unwrap();
    std::fs::write(root.join("jixiao.yaml"), format!("{config}{extra}")).unwrap();
    root
}

/// Every object schema in `s` with its path.
fn objects<'a>(s: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match s {
        Value::Object(m) => {
            if m.contains_key("properties") {
                out.push((path.clone(), s));
            }
            for (k, v) in m {
                objects(v, format!("{path}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                objects(v, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Every key path that occurs in `doc` (`reports[].groups[].rows[].direction`).
fn key_paths(doc: &Value, path: &str, out: &mut BTreeSet<String>) {
    match doc {
        Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{path}.{k}");
                out.insert(p.clone());
                key_paths(v, &p, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                key_paths(v, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_schema_is_strict_and_has_the_crates_version() {
    let s = schema();
    assert_eq!(s["properties"]["schema_version"]["const"], SCHEMA_VERSION);
    let mut objs = Vec::new();
    objects(&s, String::new(), &mut objs);
    assert!(objs.len() >= 12, "{}", objs.len());
    for (path, o) in objs {
        // No key may be left out or added: every file then has exactly the keys of the structs.
        assert_eq!(o["additionalProperties"], false, "{path}");
        let props: BTreeSet<&str> = o["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let required: BTreeSet<&str> = o["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}: no required"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(props, required, "{path}");
    }
}

#[test]
fn check_json_validates_and_carries_every_row() {
    let v = validator();
    let (doc, code) = check_json(repo());
    assert_eq!(code, Some(0));
    assert_valid(&v, &doc, "check --format json (sample site)");
    assert_eq!(doc["schema_version"], "1.0");
    assert_eq!(doc["findings_included"], true);
    // The 江门 project report as published (seed 001): 资金支出率 (1033.48+100.63)/(1435-300)*12.
    let jm = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "江门市工业和信息化局")
        .unwrap();
    assert_eq!(jm["total"], "96.66");
    assert_eq!(jm["project"]["name"], "工业发展管理经费");
    let decision = &jm["groups"][0];
    assert_eq!(
        (&decision["name"], &decision["level"]),
        (&"决策".into(), &1.into())
    );
    let rate = &decision["groups"][0]["rows"][0];
    assert_eq!(rate["name"], "资金支出率");
    assert_eq!(rate["rule"], "rate");
    assert_eq!(rate["score"], "11.99");
    assert_eq!(rate["stated"], "11.99");
    assert_eq!(rate["formula"], "(1033.48+100.63)/(1435-300)*12=11.99");
    // Every quantitative row with a bound target says which way is better.
    let mut dirs = BTreeSet::new();
    fn walk(rows: &Value, dirs: &mut BTreeSet<String>) {
        for r in rows.as_array().unwrap() {
            if r["rule"] == "quantitative" {
                dirs.insert(format!("{}", r["direction"]));
            }
            walk(&r["items"], dirs);
        }
    }
    for r in doc["reports"].as_array().unwrap() {
        for g in r["groups"].as_array().unwrap() {
            walk(&g["rows"], &mut dirs);
            for g2 in g["groups"].as_array().unwrap() {
                walk(&g2["rows"], &mut dirs);
            }
        }
    }
    assert!(dirs.contains("\"forward\""), "{dirs:?}");
}

#[test]
fn files_that_cannot_be_processed_validate_too() {
    // A duplicated key: the error has a `related` place.
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("content")).unwrap();
    std::fs::copy(
        repo().join("tests/broken/duplicate-key.md"),
        t.path().join("content/dup.md"),
    )
    .unwrap();
    let (doc, code) = check_json(t.path());
    assert_eq!(code, Some(1));
    assert_valid(&validator(), &doc, "check with errors");
    assert_eq!(doc["reports"], Value::Array(vec![]));
    assert!(
        doc["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "duplicate-key" && e["related"]["line"].is_u64())
    );
}

#[test]
fn build_writes_data_beside_every_page_and_for_the_site() {
    let v = validator();
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    build(repo(), &out, "0");
    let site = Site::load(repo()).unwrap();
    let mut expected: BTreeSet<String> = site
        .entries
        .iter()
        .map(|e| format!("{}.json", e.slug))
        .collect();
    expected.insert("data/reports.json".into());
    assert_eq!(data_files(&out), expected);
    let all = read_json(&out.join("data/reports.json"));
    assert_valid(&v, &all, "data/reports.json");
    assert_eq!(all["reports"].as_array().unwrap().len(), 5);
    assert_eq!(all["errors"], Value::Array(vec![]));
    let mut keys = BTreeSet::new();
    for e in &site.entries {
        let one = read_json(&out.join(format!("{}.json", e.slug)));
        assert_valid(&v, &one, &e.slug);
        assert_eq!(one["reports"].as_array().unwrap().len(), 1);
        assert_eq!(one["reports"][0]["slug"], e.slug.as_str());
        // The same figures as in the site file and as `check` prints.
        let same = all["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == e.slug.as_str())
            .unwrap();
        assert_eq!(&one["reports"][0], same);
        key_paths(&one, "", &mut keys);
    }
    let (check, _) = check_json(repo());
    let mut check_keys = BTreeSet::new();
    key_paths(&check, "", &mut check_keys);
    assert!(keys.is_subset(&check_keys), "one schema for both");
    for r in all["reports"].as_array().unwrap() {
        let c = check["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["source"] == r["source"])
            .unwrap();
        assert_eq!(r, c, "{}", r["source"]);
    }
}

#[test]
fn data_published_without_findings_in_final_mode() {
    let t = tempfile::tempdir().unwrap();
    let root = sample_copy(t.path(), "");
    let config = std::fs::read_to_string(root.join("jixiao.yaml"))
        .unwrap()
        .replace("show_findings: true", "show_findings: false");
    std::fs::write(root.join("jixiao.yaml"), config).unwrap();
    let out = t.path().join("out");
    build(&root, &out, "0");
    let all = read_json(&out.join("data/reports.json"));
    assert_valid(&validator(), &all, "final mode");
    assert_eq!(all["findings_included"], false);
    for r in all["reports"].as_array().unwrap() {
        assert_eq!(r["findings"], Value::Null);
        assert_eq!(r["finding_counts"], Value::Null);
        assert!(
            r["deductions"]["rows"].is_u64(),
            "deductions are figures, not findings"
        );
    }
    let csv = std::fs::read_to_string(out.join("data/reports.csv")).unwrap();
    assert!(!csv.contains("rate-mismatch"));
    let review = std::fs::read_to_string(out.join("review.html")).unwrap();
    for marker in ["sev-", "校验", "f-attention", "重复"] {
        assert!(!review.contains(marker), "review.html shows {marker}");
    }
}

#[test]
fn the_csv_opens_with_the_right_columns() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    build(repo(), &out, "0");
    let bytes = std::fs::read(out.join("data/reports.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark for Excel"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "unit",
            "year",
            "kind",
            "kind_zh",
            "project",
            "title",
            "total",
            "stated_total",
            "grade",
            "deduction_points",
            "deduction_rows",
            "unexplained_deductions",
            "errors",
            "warnings",
            "infos",
            "page",
            "pdf",
            "data",
            "source"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // The published totals (seeds), one line per report.
    let mut totals: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("unit")].to_string(),
                r[col("year")].to_string(),
                r[col("total")].to_string(),
            )
        })
        .collect();
    totals.sort();
    assert_eq!(
        totals,
        [
            ("广州市工业和信息化局".into(), "2022".into(), "94.31".into()),
            ("广州市工业和信息化局".into(), "2023".into(), "90.74".into()),
            (
                "广州市番禺区科技工业商务和信息化局".into(),
                "2024".into(),
                "99.52".into()
            ),
            (
                "广州市白云区科技工业商务和信息化局".into(),
                "2023".into(),
                "98.57".into()
            ),
            ("江门市工业和信息化局".into(), "2023".into(), "96.66".into()),
        ]
    );
    let jm = rows
        .iter()
        .find(|r| &r[col("unit")] == "江门市工业和信息化局")
        .unwrap();
    assert_eq!(&jm[col("project")], "工业发展管理经费");
    assert_eq!(&jm[col("kind")], "project");
    assert_eq!(
        &jm[col("page")],
        "jiangmen-gxj/2023-project-industry-management.html"
    );
    assert_eq!(&jm[col("pdf")], "", "built without PDFs");
    for r in &rows {
        assert!(out.join(&r[col("page")]).is_file());
        assert!(out.join(&r[col("data")]).is_file());
    }
}

#[test]
fn duplicate_reports_are_findings_of_the_site() {
    let t = tempfile::tempdir().unwrap();
    synthetic::write_site(t.path(), 2, true, "/");
    let (doc, code) = check_json(t.path());
    assert_eq!(code, Some(0), "a duplicate is a warning");
    assert_valid(&validator(), &doc, "duplicates");
    let dups: Vec<(&str, &str)> = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"] == "duplicate-report")
                .map(move |f| {
                    (
                        r["source"].as_str().unwrap(),
                        f["message"].as_str().unwrap(),
                    )
                })
        })
        .collect();
    assert_eq!(dups.len(), 2, "both copies: {dups:?}");
    assert_eq!(dups[0].0, "content/u000/2023-project-copy.md");
    assert!(
        dups[0].1.contains("另见 content/u000/2023-project.md"),
        "{}",
        dups[0].1
    );
    assert!(
        dups[0]
            .1
            .contains("广州市财政局2023年度项目“工业发展管理经费”")
    );
    assert!(dups[1].1.contains("另见 content/u000/2023-project-copy.md"));
    // Placed at the unit line of each file, and refused by --strict.
    let text = run(&["check"], t.path(), None);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("content/u000/2023-project.md:8:7"), "{text}");
    assert_eq!(
        run(&["check", "--strict"], t.path(), None).status.code(),
        Some(1)
    );
    // Another unit's project of the same name, or the same unit's other year, is no duplicate.
    let other = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"].as_str().unwrap().starts_with("content/u001/"))
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|f| f["code"] == "duplicate-report")
        .count();
    assert_eq!(other, 0);
}

#[test]
fn many_copies_of_a_report_name_three_and_count_the_rest() {
    let t = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(repo().join("content/panyu-kgsx/2024-department-statement.md"))
            .unwrap();
    for k in 1..=5 {
        let dir = t.path().join(format!("content/copy{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("2024.md"), &seed).unwrap();
    }
    let site = Site::load(t.path()).unwrap();
    let messages: Vec<&str> = site
        .entries
        .iter()
        .flat_map(|e| &e.findings)
        .filter(|f| f.code == "duplicate-report")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages.len(), 5, "every copy: {messages:?}");
    assert!(
        messages[0].starts_with("本站有 5 份")
            && messages[0].contains(
                "另见 content/copy2/2024.md、content/copy3/2024.md、content/copy4/2024.md 等 4 份（"
            ),
        "{}",
        messages[0]
    );
    assert!(
        messages[4].contains(
            "另见 content/copy1/2024.md、content/copy2/2024.md、content/copy3/2024.md 等 4 份（"
        ),
        "{}",
        messages[4]
    );
}

#[test]
fn units_follow_the_config_then_pinyin() {
    let t = tempfile::tempdir().unwrap();
    // Without a list: pinyin (白云 bai < 番禺 fan < 工业 gong < 江门 jiang), not code points
    // (工 U+5DE5 < 番 U+756A < 白 U+767D).
    let root = sample_copy(t.path(), "");
    let out = t.path().join("plain");
    build(&root, &out, "0");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let pos = |page: &str, s: &str| page.find(s).unwrap_or_else(|| panic!("{s}"));
    let order = [
        ">广州市白云区科技工业商务和信息化局</a></h2>",
        ">广州市番禺区科技工业商务和信息化局</a></h2>",
        ">广州市工业和信息化局</a></h2>",
        ">江门市工业和信息化局</a></h2>",
    ];
    let at: Vec<usize> = order.iter().map(|s| pos(&index, s)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");

    // With `units:`, those first in that order, the others after in pinyin order.
    let root = sample_copy(
        &t.path().join("b"),
        "units:\n  - 江门市工业和信息化局\n  - 广州市工业和信息化局\n",
    );
    let out = t.path().join("listed");
    build(&root, &out, "0");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let at: Vec<usize> = [order[3], order[2], order[0], order[1]]
        .iter()
        .map(|s| pos(&index, s))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // The review page and the data files list them the same way.
    let units: Vec<String> = read_json(&out.join("data/reports.json"))["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        units,
        [
            "江门市工业和信息化局",
            "广州市工业和信息化局",
            "广州市工业和信息化局",
            "广州市白云区科技工业商务和信息化局",
            "广州市番禺区科技工业商务和信息化局",
        ]
    );
    let review = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(pos(&review, ">江门市工业和信息化局</a>") < pos(&review, ">广州市工业和信息化局</a>"));
    // A config value of the wrong type is an error at its place.
    let bad = sample_copy(&t.path().join("c"), "units: 12\n");
    let o = run(&["check"], &bad, None);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("jixiao.yaml"));
}

#[test]
fn sitemap_and_feed_with_the_build_epoch_when_the_address_is_known() {
    let t = tempfile::tempdir().unwrap();
    // base_path "/" (the sample site): no absolute address, no sitemap or feed.
    let out = t.path().join("relative");
    build(repo(), &out, "1718870400");
    assert!(!out.join("sitemap.xml").exists() && !out.join("feed.xml").exists());
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("feed.xml")
    );

    let root = t.path().join("site");
    let n = synthetic::write_site(&root, 3, false, "https://czj.example.gov.cn/jx");
    let out = t.path().join("out");
    // `date -u -d @1718870400` = 2024-06-20 08:00:00 UTC.
    build(&root, &out, "1718870400");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    // Home, review page, 3 unit pages, every report.
    assert_eq!(sitemap.matches("<url>").count(), 2 + 3 + n);
    assert_eq!(
        sitemap
            .matches("<lastmod>2024-06-20T08:00:00Z</lastmod>")
            .count(),
        2 + 3 + n
    );
    assert!(sitemap.contains("<loc>https://czj.example.gov.cn/jx/</loc>"));
    assert!(sitemap.contains("<loc>https://czj.example.gov.cn/jx/review.html</loc>"));
    assert!(sitemap.contains("<loc>https://czj.example.gov.cn/jx/u001/2023-project.html</loc>"));

    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">"));
    assert!(feed.contains("<id>https://czj.example.gov.cn/jx/feed.xml</id>"));
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://czj.example.gov.cn/jx/feed.xml\"/>"));
    assert_eq!(feed.matches("<entry>").count(), n);
    assert_eq!(
        feed.matches("<updated>2024-06-20T08:00:00Z</updated>")
            .count(),
        n + 1
    );
    // Newest year first; each entry named by unit, year and project.
    let first_2022 = feed.find("<category term=\"2022\"").unwrap();
    let last_2023 = feed.rfind("<category term=\"2023\"").unwrap();
    assert!(last_2023 < first_2022);
    assert!(
        feed.contains(
            "<title>产业转移专项资金（广州市交通运输局2023年度项目绩效自评指标评分表）</title>"
        ),
        "{feed}"
    );
    assert!(feed.contains("<link rel=\"related\" type=\"application/json\" href=\"https://czj.example.gov.cn/jx/u000/2023-project.json\"/>"));
    assert!(!feed.contains("application/pdf"), "built without PDFs");
    // Every page links the feed.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\"")
    );
    assert!(
        std::fs::read_to_string(out.join("u000/2023-project.html"))
            .unwrap()
            .contains("href=\"../feed.xml\"")
    );
    // The same epoch, the same bytes.
    let again = t.path().join("again");
    build(&root, &again, "1718870400");
    for f in [
        "sitemap.xml",
        "feed.xml",
        "data/reports.json",
        "data/reports.csv",
        "review.html",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn site_files_cannot_be_replaced_by_a_report() {
    let t = tempfile::tempdir().unwrap();
    let mut site = fixture_site::site(t.path(), true);
    site.entries[1].slug = "review".into();
    site.facts = site
        .entries
        .iter()
        .map(jixiao::pipeline::Facts::of)
        .collect();
    let theme = Theme::for_site(&site).unwrap();
    let stage = Stage::new(&t.path().join("build")).unwrap();
    let err = html::render(&site, &theme, &stage).unwrap_err().to_string();
    assert!(
        err.contains("review.html") && err.contains("冲突") && err.contains("审阅总览"),
        "{err}"
    );
    // One build at a time per folder (the stage holds a lock on it): the first one is dropped.
    drop(stage);
    site.entries[1].slug = "data/reports".into();
    site.facts = site
        .entries
        .iter()
        .map(jixiao::pipeline::Facts::of)
        .collect();
    let stage = Stage::new(&t.path().join("build2")).unwrap();
    let err = html::render(&site, &theme, &stage).unwrap_err().to_string();
    assert!(
        err.contains("data/reports.json") && err.contains("冲突"),
        "{err}"
    );
}

#[test]
fn the_fixture_site_validates_with_aggregate_items_and_stated_groups() {
    let t = tempfile::tempdir().unwrap();
    let site = fixture_site::site(t.path(), true);
    let theme = Theme::for_site(&site).unwrap();
    let out = t.path().join("build");
    let stage = Stage::new(&out).unwrap();
    html::render(&site, &theme, &stage).unwrap();
    stage.commit().unwrap();
    let doc = read_json(&out.join("data/reports.json"));
    assert_valid(&validator(), &doc, "fixture");
    let mut keys = BTreeSet::new();
    key_paths(&doc, "", &mut keys);
    assert!(
        keys.contains(".reports[].groups[].groups[].rows[].items[].name"),
        "sub-indicators"
    );
    let csv = std::fs::read_to_string(out.join("data/reports.csv")).unwrap();
    assert!(
        csv.contains("gz-gxj/2023-report.pdf"),
        "PDF links when PDFs are built"
    );
}
