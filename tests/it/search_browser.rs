//! 站内搜索: the sample site built with its Pagefind index, in headless Chromium over a local HTTP
//! server under a sub-path (`/sub/path/`), as a webmaster publishes it: a Chinese query finds the
//! reports that contain it, each result named by unit, year and title, linked under the sub-path;
//! only report pages are indexed; author text that looks like markup stays text in the results;
//! from `file://` the box says search needs the website. Screenshots of the results at 1280 and
//! 390 px go to `target/screenshots/review-search-*.png`.
//!
//! Needs the pinned Pagefind (`scripts/install-tools.sh`) and Chromium: skipped without them,
//! except in CI.

use crate::review_browser::{open, screenshot};
use crate::support::cdp::{Browser, chromium_or_skip};
use crate::support::http::serve;
use crate::support::site::SiteBuilder;
use crate::support::{in_ci, skip};
use jixiao::pipeline::{BuildOptions, Site, build};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// A line of author text that looks like markup: it must be shown as text in a search result.
const HOSTILE: &str =
    "检索测试 `<img src=x onerror=\"window.__pwned=1\">` 与 <b>粗体</b> 原样显示。";

/// Whether the pinned Pagefind is there (else the test is skipped; in CI, failed).
pub(crate) fn pagefind_or_skip(test: &str, root: &Path) -> bool {
    let lookup = jixiao::render::pdf::tools::Lookup::from_env();
    match jixiao::render::search::locate(root, &lookup) {
        Ok(_) => true,
        Err(e) => {
            skip(test, &format!("pagefind is missing: {e}"));
            false
        }
    }
}

/// Waits until the search box shows results (or says it found none) and returns what it shows.
pub(crate) fn results(b: &mut Browser, session: &str) -> Value {
    let started = Instant::now();
    loop {
        let v = b.evaluate(
            session,
            r#"(() => {
              const msg = document.querySelector('.pagefind-ui__message');
              const rs = [...document.querySelectorAll('.pagefind-ui__result')];
              return {
                message: msg ? msg.textContent : null,
                results: rs.map(r => {
                  const a = r.querySelector('.pagefind-ui__result-link');
                  const ex = r.querySelector('.pagefind-ui__result-excerpt');
                  return {title: a ? a.textContent.trim() : null, href: a ? a.getAttribute('href') : null,
                          excerpt: ex ? ex.textContent : null,
                          excerptHtml: ex ? ex.innerHTML : null};
                }),
                imgs: document.querySelectorAll('#site-search img').length,
                pwned: window.__pwned === 1,
                filters: [...document.querySelectorAll('.pagefind-ui__filter-name')].map(e => e.textContent.trim()),
              };
            })()"#,
        );
        let done = v["message"]
            .as_str()
            .is_some_and(|m| !m.contains("正在搜索") && !m.is_empty())
            // Results load one by one: each is a placeholder until its data has come.
            && (v["results"]
                .as_array()
                .is_some_and(|r| !r.is_empty() && r.iter().all(|x| x["href"].is_string()))
                || v["message"].as_str().is_some_and(|m| m.contains("没有找到")));
        if done || started.elapsed() > Duration::from_secs(20) {
            return v;
        }
        b.drain(Duration::from_millis(200));
    }
}

#[test]
fn the_sample_site_is_searchable_in_chinese_under_a_sub_path() {
    let test = "the_sample_site_is_searchable_in_chinese_under_a_sub_path";
    let Some(chromium) = chromium_or_skip(test) else {
        return;
    };
    let report = "content/guangzhou-gxj/2023-department-report.md";
    let text = std::fs::read_to_string(crate::support::repo().join(report)).unwrap();
    let dir = SiteBuilder::sample()
        .file(report, format!("{}\n\n{HOSTILE}\n", text.trim_end()))
        .build();
    if !pagefind_or_skip(test, dir.root()) {
        return;
    }
    let out = dir.root().join("out");
    // Bundles of two pages (JIXIAO_SEARCH_BATCH), so that the box must read three bundles as one,
    // as on a large site.
    let run = crate::support::site::run(
        dir.command("build")
            .args(["--no-pdf", "--out"])
            .arg(&out)
            .env("JIXIAO_SEARCH_BATCH", "2"),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    // Only the report pages are indexed (the sample has five), Chinese segmented: 2 + 2 + 1.
    let count = |bundle: &str| {
        let entry: Value = serde_json::from_slice(
            &std::fs::read(out.join(bundle).join("pagefind-entry.json")).unwrap(),
        )
        .unwrap();
        entry["languages"]["zh-cn"]["page_count"].clone()
    };
    assert_eq!(count("pagefind"), 2);
    assert_eq!(count("pagefind/more/2"), 2);
    assert_eq!(count("pagefind/more/3"), 1);
    assert!(!out.join("pagefind/more/4").exists());
    // Every page has the box.
    for rel in [
        "index.html",
        "guangzhou-gxj/index.html",
        "guangzhou-gxj/2023-department-report.html",
        "review.html",
    ] {
        let page = std::fs::read_to_string(out.join(rel)).unwrap();
        assert!(page.contains("id=\"site-search\""), "{rel}");
        assert!(
            page.contains("data-more=\"pagefind/more/2/ pagefind/more/3/\""),
            "{rel}"
        );
    }

    let http = serve(out.clone());
    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    // 招商引资 is a word of three reports' text (the Guangzhou bureau's 2022 and 2023 reports, and
    // the Baiyun centre's), found from another unit's page.
    let url = format!(
        "{http}jiangmen-gxj/index.html?q={}",
        "%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84"
    );
    let problems = open(&mut b, &session, &url, 1280, false);
    assert!(problems.is_empty(), "{problems:?}");
    let v = results(&mut b, &session);
    let rs = v["results"].as_array().expect("results");
    let hrefs: Vec<&str> = rs.iter().filter_map(|r| r["href"].as_str()).collect();
    // The three, from two bundles (the Baiyun and 2022 pages are in the first, the 2023 page in the
    // second); Pagefind may add weaker matches of parts of the word (商, 资) from a small bundle.
    for want in [
        "/sub/path/baiyun-kgsx/2023-department-report.html",
        "/sub/path/guangzhou-gxj/2022-department-table.html",
        "/sub/path/guangzhou-gxj/2023-department-report.html",
    ] {
        assert!(hrefs.contains(&want), "{want}: {v}");
    }
    assert!(hrefs.iter().all(|h| h.starts_with("/sub/path/")), "{v}");
    let titles: Vec<&str> = rs.iter().filter_map(|r| r["title"].as_str()).collect();
    assert!(
        titles.contains(&"广州市工业和信息化局2023年度部门整体支出绩效自评报告"),
        "{titles:?}"
    );
    // Each with an excerpt of the report's own text, the words found marked; never jixiao's
    // findings (a draft's check box is not indexed).
    assert!(
        rs.iter().all(|r| r["excerptHtml"]
            .as_str()
            .is_some_and(|e| e.contains("<mark>") && !e.contains("report.md:"))),
        "{v}"
    );
    let filters: Vec<&str> = v["filters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for f in ["单位", "年度", "类型"] {
        assert!(filters.iter().any(|x| x.starts_with(f)), "{filters:?}");
    }
    screenshot(&mut b, &session, "search-desktop");

    // A result leads to its page.
    let first = format!("http://{}{}", http.split('/').nth(2).unwrap(), hrefs[0]);
    let problems = open(&mut b, &session, &first, 1280, false);
    assert!(problems.is_empty(), "{first}: {problems:?}");

    // Author text that looks like markup is text in the results; nothing of it runs.
    let url = format!("{http}index.html?q=onerror");
    let problems = open(&mut b, &session, &url, 390, true);
    assert!(problems.is_empty(), "{problems:?}");
    let v = results(&mut b, &session);
    let rs = v["results"].as_array().expect("results");
    assert_eq!(rs.len(), 1, "{v}");
    let excerpt = rs[0]["excerpt"].as_str().unwrap();
    assert!(excerpt.contains("<img src=x onerror"), "{v}");
    assert!(
        !rs[0]["excerptHtml"].as_str().unwrap().contains("<img"),
        "{v}"
    );
    assert_eq!(v["imgs"], 0, "{v}");
    assert_eq!(v["pwned"], false, "{v}");
    // On a phone the results stay within the screen.
    let right = b.evaluate(
        &session,
        "Math.max(...[...document.querySelectorAll('#site-search *')].map(e => e.getBoundingClientRect().right))",
    );
    assert!(right.as_f64().unwrap() <= 390.0, "{right}");
    let url = format!("{http}index.html?q={}", "%E8%B5%84%E9%87%91");
    open(&mut b, &session, &url, 390, true);
    results(&mut b, &session);
    screenshot(&mut b, &session, "search-phone");

    // From file:// the box says search needs the website, and nothing fails.
    let file = format!("file://{}/index.html", out.display());
    let problems = open(&mut b, &session, &file, 1280, false);
    assert!(problems.is_empty(), "{problems:?}");
    let said = b.evaluate(
        &session,
        "document.querySelector('#site-search .search-unavailable')?.textContent",
    );
    assert_eq!(said, "站内搜索需通过网站访问；以本地文件打开时不可用。");
    if !in_ci() {
        eprintln!("screenshots: target/screenshots/review-search-*.png");
    }
}

/// Every file of the search bundle: path → (bytes, inode).
#[cfg(unix)]
fn bundle(out: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, u64)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(out.join("pagefind"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            let ino = e.metadata().unwrap().ino();
            (rel, (std::fs::read(e.path()).unwrap(), ino))
        })
        .collect()
}

/// The index is made again on every build, but a rebuild of the same pages re-creates none of its
/// files, and another folder gets the same bytes.
#[cfg(unix)]
#[test]
fn the_index_is_the_same_bytes_and_a_rebuild_re_creates_none_of_it() {
    let test = "the_index_is_the_same_bytes_and_a_rebuild_re_creates_none_of_it";
    let dir = SiteBuilder::sample().build();
    if !pagefind_or_skip(test, dir.root()) {
        return;
    }
    let site = Site::load(dir.root()).expect("load");
    let opts = BuildOptions {
        pdf: false,
        xlsx: false,
        search: true,
        progress: false,
    };
    let (a, b) = (dir.root().join("a"), dir.root().join("b"));
    build(&site, &a, &opts).unwrap();
    let first = bundle(&a);
    assert!(
        first.contains_key("pagefind/pagefind-ui.js"),
        "{:?}",
        first.keys()
    );
    assert!(first.keys().any(|k| k.ends_with(".pf_fragment")));
    build(&site, &a, &opts).unwrap();
    assert_eq!(
        bundle(&a),
        first,
        "a rebuild re-created or changed index files"
    );
    build(&site, &b, &opts).unwrap();
    let other: Vec<(String, Vec<u8>)> = bundle(&b).into_iter().map(|(k, (v, _))| (k, v)).collect();
    let first: Vec<(String, Vec<u8>)> = first.into_iter().map(|(k, (v, _))| (k, v)).collect();
    assert_eq!(other, first, "another folder, other bytes");
}

/// The search bundle's folder is the site's: a report there is refused by check, in its terms.
#[test]
fn a_report_in_the_search_folder_is_refused_by_check() {
    let text = std::fs::read_to_string(
        crate::support::repo().join("content/panyu-kgsx/2024-department-statement.md"),
    )
    .unwrap();
    let site = SiteBuilder::new()
        .report("pagefind/2024-statement.md", &text)
        .build();
    let run = site.check(&[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("output-collision"), "{said}");
    assert!(said.contains("站内搜索索引"), "{said}");
}
