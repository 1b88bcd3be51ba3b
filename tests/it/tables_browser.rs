//! Tables that read well on every screen and every page, checked on the sample site and on a generated
//! site (a report on the national 项目支出绩效自评表 form, and one with 80 rows and long texts in every
//! column):
//!
//! - in Chromium at 1280 and 390 px, no table cell lies outside the viewport unless it is inside a box
//!   that scrolls sideways and shows it (a shadow at the edge that has more, or a visible hint); at
//!   1280 px the indicator grid and the sub-indicator tables fit their box; no text is kept from
//!   wrapping (`white-space: nowrap` on more than a figure); the page never scrolls sideways;
//! - on a phone (390 px), every 三级 name, score and reason of every report is visible: laid out, in
//!   the viewport, not folded away;
//! - in every PDF, every page that holds rows of a 一级/二级 group names that group, and every page
//!   that holds rows of a sub-indicator table names its row (pdftotext, page by page); no word runs
//!   past the edge of its page; no two words are printed over each other.
//!
//! Screenshots (report pages at both widths) and PNG pages of the PDFs are saved to
//! `target/screenshots/tables-*.png`. Chromium, typst and poppler are found as the other browser and
//! PDF tests find them: a test is skipped without them, except in CI (`CI=true`), where that fails.
//!
//! Run: `cargo test --test it tables_browser -- --nocapture`.

use crate::support::cdp::{self, Browser, chromium_or_skip, screenshot_dir};
use crate::support::{in_ci, repo};
use jixiao::pipeline::{BuildOptions, Site, build};
use jixiao::render::view::ReportView;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

// ---- the sites ---------------------------------------------------------------------------------

/// A long text of about `n` characters, made of `base` repeated, numbered so that rows differ.
fn long(base: &str, n: usize, k: usize) -> String {
    let mut s = format!("（{k}）");
    while s.chars().count() < n {
        s.push_str(base);
    }
    s
}

/// A project report on the national form (财预〔2020〕10号): 预算执行率, 产出, 效益, 满意度, a stated
/// score that differs from the computed one, a long e-mail address in the sign-off.
const NATIONAL: &str = r#"---
kind: project
layout: table
system: national-project
unit: 某某县农业农村局
year: 2024
title: 项目支出绩效自评表
project:
  name: 高标准农田建设项目
  level: 一级项目
  amount: 1300
signoff:
  unit: 某某县农业农村局
  filler: 张某某
  phone: 0771-1234567
  email: gaobiaozhun.nongtian.jianshe.xiangmu.banshichu@nongyenongcun-ju.example.gov.cn
  date: 2025年3月15日
budget:
  initial: 1200
  total: {budget: 1300, spent: 1248.6}
goals: 完成高标准农田建设 1.2 万亩，配套建设灌溉排水、田间道路等设施，提高耕地质量和粮食综合生产能力。
completion: 全年完成高标准农田建设 1.25 万亩，新增和改善灌溉面积 0.9 万亩，项目区粮食亩产平均提高 50 公斤。
stated_total: 97.55
indicators:
  - name: 预算执行率
    weight: 10
    groups:
      - name: 预算执行率
        weight: 10
        rows:
          - name: 预算执行率
            weight: 10
            rule: rate
            spent: 1248.6
            budget: 1300
            score: 9.65
            reason: 部分工程款按合同约定于竣工验收后支付。
            improvement: 加快验收进度，及时拨付尾款。
  - name: 产出指标
    weight: 50
    groups:
      - name: 数量指标
        weight: 20
        rows:
          - {name: 新建高标准农田面积（万亩）, weight: 10, target: ≥1.2, actual: "1.25", score: 10}
          - {name: 新增和改善灌溉面积（万亩）, weight: 10, target: ≥0.8, actual: "0.9", score: 10}
      - name: 质量指标
        weight: 15
        rows:
          - {name: 工程验收合格率, weight: 15, target: 100%, actual: 100%, score: 15}
      - name: 时效指标
        weight: 10
        rows:
          - name: 项目完工时间
            weight: 10
            target: 2024年12月31日前
            actual: 2025年1月20日完工
            rule: qualitative
            result: 部分达成
            score: 7
            reason: 受连续降雨影响，部分田块土方工程延后约二十天完成。
            improvement: 合理安排工期，雨季前完成土方工程。
      - name: 成本指标
        weight: 5
        rows:
          - {name: 亩均建设成本（元）, weight: 5, target: ≤3000, actual: "2950", score: 5}
  - name: 效益指标
    weight: 30
    groups:
      - name: 经济效益指标
        weight: 10
        rows:
          - {name: 项目区粮食亩产提高（公斤）, weight: 10, target: ≥40, actual: "50", score: 10}
      - name: 社会效益指标
        weight: 10
        rows:
          - {name: 受益农户数（户）, weight: 10, target: ≥3000, actual: "3260", score: 10}
      - name: 生态效益指标
        weight: 5
        rows:
          - {name: 节水灌溉面积占比, weight: 5, target: ≥60%, actual: 65%, score: 5}
      - name: 可持续影响指标
        weight: 5
        rows:
          - {name: 工程设施管护机制, weight: 5, target: 建立, actual: 已建立, rule: qualitative, result: 达成, score: 5}
  - name: 满意度指标
    weight: 10
    groups:
      - name: 服务对象满意度指标
        weight: 10
        rows:
          - {name: 项目区农户满意度, weight: 10, target: ≥90%, actual: 96%, score: 10}
---

# 一、项目基本情况

项目于 2024 年 3 月开工，2025 年 1 月完工。
"#;

/// A report with 80 rows in 11 二级 groups and long texts in every column (names, 指标解释, targets,
/// actuals, reasons, 改进措施, 评分标准, 佐证材料), long unbroken tokens (addresses, formulas), one row
/// taller than a page, a wide table and a long address in the narrative, long sign-off fields.
fn stress_report() -> String {
    let groups: [(&str, &[(&str, usize)]); 3] = [
        ("决策", &[("资金管理", 8), ("事项管理", 8)]),
        (
            "产出",
            &[
                ("数量指标", 16),
                ("质量指标", 8),
                ("时效指标", 4),
                ("成本指标", 4),
            ],
        ),
        (
            "效益",
            &[
                ("经济效益指标", 8),
                ("社会效益指标", 8),
                ("生态效益指标", 4),
                ("可持续影响指标", 4),
                ("满意度指标", 8),
            ],
        ),
    ];
    let sentence =
        "按照年度工作计划组织实施，落实资金监管和项目验收制度，确保各项任务按期保质完成；";
    let mut y = String::from(
        "---\nkind: project\nlayout: table\nsystem: gd-project\nunit: 某某市某某区发展和改革局（某某区粮食和物资储备局、某某区国防动员办公室）\nyear: 2024\ntitle: 项目绩效自评指标评分表\nproject: {name: 某某区重点项目前期工作和统筹协调经费（含重大项目谋划储备、可行性研究及评审）, level: 一级项目, amount: 1000}\nsignoff:\n  unit: 某某市某某区发展和改革局（某某区粮食和物资储备局、某某区国防动员办公室）\n  contact: 欧阳某某\n  phone: 020-12345678 转 8001、8002\n  email: zhongdian.xiangmu.qianqi.gongzuo.tongchou.xietiao@fazhan-gaige-ju.example.gov.cn\n  date: 2025年6月30日\nindicators:\n",
    );
    let mut k = 0;
    for (l1, l2s) in groups {
        let w1: usize = l2s.iter().map(|(_, n)| n).sum();
        let _ = writeln!(
            y,
            "  - name: {l1}\n    weight: {}\n    groups:",
            w1 as f64 * 1.25
        );
        for (l2, n) in l2s {
            let _ = writeln!(
                y,
                "      - name: {l2}\n        weight: {}\n        rows:",
                *n as f64 * 1.25
            );
            for _ in 0..*n {
                k += 1;
                let partial = k % 7 == 3;
                let criteria = if k == 40 {
                    long(sentence, 3200, k)
                } else {
                    long(
                        "定性指标按达成、部分达成、未达成三档评分；定量指标按实际完成值与目标值之比计分；",
                        160,
                        k,
                    )
                };
                let evidence = format!(
                    "{} https://www.example.gov.cn/zwgk/jxgl/2024/xiangmu-qianqi-gongzuo-{k}/zichan-pinggu-baogao-fujian.pdf",
                    long("项目前期工作台账、验收资料及资金拨付凭证。", 50, k)
                );
                let _ = write!(
                    y,
                    "          - name: \"{name}\"\n            weight: 1.25\n            rule: qualitative\n            result: {result}\n            score: {score}\n            explanation: \"{expl}\"\n            target: \"{target}\"\n            actual: \"{actual}\"\n            criteria: \"{criteria}\"\n            evidence: \"{evidence}\"\n            improvement: \"{improvement}\"\n",
                    name = long("区重点项目前期工作推进及统筹协调任务完成情况", 36, k),
                    result = if partial { "部分达成" } else { "达成" },
                    score = if partial { "0.90" } else { "1.25" },
                    expl = long("反映项目按计划推进、资金使用和管理的规范程度。", 90, k),
                    target = long("全年完成前期工作的重点项目不少于 30 个，", 70, k),
                    actual = long("全年完成前期工作的重点项目 32 个，", 60, k),
                    criteria = criteria,
                    evidence = evidence,
                    improvement = long("加强统筹调度，压实责任，定期通报进度。", 60, k),
                );
                let reason = if partial {
                    long(
                        "受征地拆迁影响进度滞后，得分=(30+2)/(40-8)*1.25*90%=1.13 按部分达成计。",
                        120,
                        k,
                    )
                } else {
                    long("无。", 40, k)
                };
                let _ = writeln!(y, "            reason: \"{reason}\"");
            }
        }
    }
    y.push_str("---\n\n# 一、项目概况\n\n");
    y.push_str(&long("项目围绕区重点项目谋划储备开展工作。", 400, 0));
    y.push_str("\n\n详见 https://www.example.gov.cn/zwgk/jxgl/2024/zhongdian-xiangmu-qianqi-gongzuo-jixiao-zipingbaogao-fujian-yilanbiao.html 。\n\n");
    y.push_str("| 项目 | 第一季度预算数 | 第一季度执行数 | 第二季度预算数 | 第二季度执行数 | 第三季度预算数 | 第三季度执行数 | 第四季度预算数 | 第四季度执行数 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n| 前期工作经费 | 250.00 | 180.32 | 250.00 | 230.18 | 250.00 | 248.90 | 250.00 | 249.99 |\n");
    y
}

/// The generated site: the national-form report and the 80-row report.
fn generated_site(root: &Path) -> Site {
    std::fs::create_dir_all(root.join("content/national")).unwrap();
    std::fs::create_dir_all(root.join("content/stress")).unwrap();
    std::fs::write(
        root.join("jixiao.yaml"),
        "name: 预算绩效信息公开（生成的测试站点）\nshow_findings: false\n",
    )
    .unwrap();
    std::fs::write(root.join("content/national/2024-project.md"), NATIONAL).unwrap();
    std::fs::write(root.join("content/stress/2024-long.md"), stress_report()).unwrap();
    let site = Site::load(root).expect("load the generated site");
    assert!(!site.has_errors(), "{}", jixiao::cmd::check::text(&site));
    assert_eq!(site.entries.len(), 2);
    let rows = |e: &jixiao::pipeline::Entry| -> usize {
        e.scored
            .groups
            .iter()
            .flat_map(|g| &g.groups)
            .map(|g| g.rows.len())
            .sum()
    };
    assert_eq!(
        site.entries.iter().map(rows).collect::<Vec<_>>(),
        [11, 80],
        "national, stress"
    );
    site
}

fn sample_site() -> Site {
    let site = Site::load(repo()).expect("load the sample site");
    assert!(!site.has_errors(), "the sample site has errors");
    site
}

/// Builds `site` into `out`, with PDFs when asked.
fn build_to(site: &Site, out: &Path, pdf: bool) -> Result<(), String> {
    build(
        site,
        out,
        &BuildOptions {
            pdf,
            xlsx: false,
            search: false,
            progress: false,
        },
    )
    .map_err(|e| e.to_string())
}

// ---- in the browser ----------------------------------------------------------------------------

/// What a page says about its tables after loading (see the module doc for the rules).
const PROBE: &str = r#"(() => {
  const W = window.innerWidth;
  const shown = el => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.visibility !== 'collapse' && cs.display !== 'none' && !el.closest('.sr-only, details:not([open]) > :not(summary)'); };
  const inView = el => { const r = el.getBoundingClientRect(); return r.left >= -1 && r.right <= W + 1; };
  const scroller = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
    const cs = getComputedStyle(e); if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1) return e; } return null; };
  const affordance = box => {
    const cs = getComputedStyle(box);
    const shadow = /gradient/.test(cs.backgroundImage) && /local/.test(cs.backgroundAttachment);
    const ids = (box.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const hint = ids.some(id => { const h = document.getElementById(id); return h && shown(h) && inView(h); });
    return (shadow || hint) && inView(box);
  };
  const name = el => (el.closest('table') ? el.closest('table').className : '') + ' ' + el.tagName + ' “' + el.textContent.trim().slice(0, 16) + '”';
  const outside = [];
  for (const c of document.querySelectorAll('main td, main th')) {
    if (!shown(c) || inView(c)) continue;
    const box = scroller(c);
    if (box && affordance(box)) continue;
    const r = c.getBoundingClientRect();
    outside.push(name(c) + ' at ' + Math.round(r.left) + '–' + Math.round(r.right) + (box ? ' (its scroll box shows no sign of scrolling)' : ''));
  }
  const nowrap = [];
  const own = el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
  for (const el of document.querySelectorAll('main table, main table *')) {
    const ws = getComputedStyle(el).whiteSpace;
    if ((ws === 'nowrap' || ws === 'pre') && own(el).length > 12 && shown(el)) nowrap.push(name(el) + ' ' + ws);
  }
  const wide = [...document.querySelectorAll('.indicator-grid, .items-grid')].filter(t => shown(t)).map(t => {
    const box = t.parentElement; return {cls: t.className, table: Math.round(t.getBoundingClientRect().width), box: box.clientWidth, scroll: box.scrollWidth};
  });
  const cell = (tr, sel) => { const c = tr.querySelector(sel); return c ? {text: c.textContent.trim(), shown: shown(c) && inView(c)} : null; };
  const rows = [...document.querySelectorAll('.indicator-grid tr.row')].map(tr => ({
    name: cell(tr, 'th.l3'), score: cell(tr, 'td.score'), reason: cell(tr, 'td.c-reason')}));
  return {outside, nowrap, wide, rows, scrollWidth: document.documentElement.scrollWidth, innerWidth: W};
})()"#;

fn load(b: &mut Browser, session: &str, url: &str, width: u32) {
    let phone = width < 600;
    b.navigate_at(session, url, width, phone);
    b.wait_event(session, "Page.loadEventFired", Duration::from_secs(30))
        .unwrap();
    b.drain(Duration::from_millis(100));
}

/// The layout problems of one page at one width, one line each.
fn layout_problems(probe: &Value, at: &str, desktop: bool) -> Vec<String> {
    let mut out = Vec::new();
    let list = |k: &str| probe[k].as_array().cloned().unwrap_or_default();
    for o in list("outside") {
        out.push(format!(
            "{at}: a table cell outside the viewport: {}",
            o.as_str().unwrap_or("")
        ));
    }
    for n in list("nowrap") {
        out.push(format!(
            "{at}: text kept from wrapping: {}",
            n.as_str().unwrap_or("")
        ));
    }
    let (sw, w) = (
        probe["scrollWidth"].as_i64().unwrap_or(0),
        probe["innerWidth"].as_i64().unwrap_or(0),
    );
    if sw > w {
        out.push(format!("{at}: the page scrolls sideways ({sw} > {w} px)"));
    }
    if desktop {
        for t in list("wide") {
            if t["scroll"].as_i64() > t["box"].as_i64() {
                out.push(format!("{at}: a table is wider than its box: {t}"));
            }
        }
    }
    out
}

/// On a phone: every 三级 name, score and reason of the report's grid is laid out and in view.
fn phone_row_problems(probe: &Value, v: &ReportView, at: &str) -> Vec<String> {
    let rows = probe["rows"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for r in v.grid.iter().filter(|r| !r.name.is_empty()) {
        let Some(tr) = rows.iter().find(|tr| {
            tr["name"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with(&r.name))
        }) else {
            out.push(format!("{at}: 三级指标“{}” is not on the page", r.name));
            continue;
        };
        let mut check = |what: &str, cell: &Value, expect: Option<&str>| match (
            cell["shown"].as_bool(),
            expect,
        ) {
            (Some(true), Some(e)) if !cell["text"].as_str().unwrap_or("").contains(e) => {
                out.push(format!(
                    "{at}: “{}”: its {what} reads {} instead of {e}",
                    r.name, cell["text"]
                ))
            }
            (Some(true), _) => {}
            _ => out.push(format!(
                "{at}: “{}”: its {what} is not visible on a phone ({cell})",
                r.name
            )),
        };
        check("name", &tr["name"], Some(&r.name));
        check("score", &tr["score"], Some(&r.score));
        if let Some(reason) = r.reason.as_deref().filter(|s| !s.trim().is_empty()) {
            check("reason", &tr["reason"], Some(reason));
        }
    }
    out
}

/// Saves the whole page as PNG tiles of at most 4000 px (`tables-NAME-WIDTH-N.png`).
fn screenshots(b: &mut Browser, session: &str, name: &str, width: u32) -> Vec<PathBuf> {
    let m = b
        .call(Some(session), "Page.getLayoutMetrics", json!({}))
        .unwrap();
    let w = m["cssContentSize"]["width"].as_f64().unwrap();
    let h = m["cssContentSize"]["height"].as_f64().unwrap();
    let mut saved = Vec::new();
    let mut y = 0.0;
    let mut k = 1;
    while y < h && k <= 12 {
        let th = (h - y).min(4000.0);
        let shot = b
            .call(
                Some(session),
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true, "clip": {"x": 0, "y": y, "width": w, "height": th, "scale": 1}}),
            )
            .unwrap();
        let png = cdp::base64_decode(shot["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"));
        let path = screenshot_dir().join(format!("tables-{name}-{width}-{k}.png"));
        std::fs::write(&path, png).unwrap();
        saved.push(path);
        y += th;
        k += 1;
    }
    saved
}

/// Checks every report page of `site` (built into `out`) at both widths; returns the problems.
fn check_pages(
    b: &mut Browser,
    session: &str,
    site: &Site,
    out: &Path,
    shots: &[(&str, &str)],
) -> Vec<String> {
    let views = jixiao::render::views(site);
    let mut problems = Vec::new();
    let mut pages: Vec<(String, Option<&ReportView>)> = views
        .iter()
        .map(|v| (format!("{}.html", v.slug), Some(v)))
        .collect();
    pages.push(("index.html".into(), None));
    for (rel, view) in &pages {
        for width in [1280, 390] {
            let url = format!("file://{}/{rel}", out.display());
            load(b, session, &url, width);
            let probe = b.evaluate(session, PROBE);
            let at = format!("{rel} @{width}px");
            problems.extend(layout_problems(&probe, &at, width == 1280));
            if width == 390
                && let Some(v) = view
            {
                problems.extend(phone_row_problems(&probe, v, &at));
            }
            if let Some((name, _)) = shots.iter().find(|(_, page)| page == rel) {
                let saved = screenshots(b, session, name, width);
                eprintln!(
                    "screenshots: {} ({} tiles)",
                    saved[0].display(),
                    saved.len()
                );
            }
        }
    }
    problems
}

#[test]
fn tables_fit_every_screen_and_phones_show_every_row() {
    let Some(chromium) = chromium_or_skip("tables_fit_every_screen_and_phones_show_every_row")
    else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let sample = sample_site();
    let sample_out = t.path().join("sample");
    build_to(&sample, &sample_out, false).unwrap();
    let generated = generated_site(&t.path().join("gen"));
    let gen_out = t.path().join("gen-out");
    build_to(&generated, &gen_out, false).unwrap();

    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    let mut problems = check_pages(
        &mut b,
        &session,
        &sample,
        &sample_out,
        &[
            ("department", "guangzhou-gxj/2022-department-table.html"),
            (
                "department-report",
                "baiyun-kgsx/2023-department-report.html",
            ),
            (
                "project",
                "jiangmen-gxj/2023-project-industry-management.html",
            ),
        ],
    );
    problems.extend(check_pages(
        &mut b,
        &session,
        &generated,
        &gen_out,
        &[
            ("national", "national/2024-project.html"),
            ("stress", "stress/2024-long.html"),
        ],
    ));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checks themselves catch the old layout: a grid of fixed-width columns that overflows its box
/// with no sign of it, `nowrap` text, and rows whose reasons are off-screen on a phone.
#[test]
fn the_layout_checks_catch_an_overflowing_grid() {
    let Some(chromium) = chromium_or_skip("the_layout_checks_catch_an_overflowing_grid") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("gen");
    let site = generated_site(&root);
    // The old rules: wide minimum widths, no wrapping, no cards, no scroll shadow.
    std::fs::create_dir_all(root.join("static")).unwrap();
    let css = jixiao::render::Theme::for_site(&site)
        .unwrap()
        .get_text("static/style.css")
        .unwrap();
    std::fs::write(
        root.join("static/style.css"),
        css + "\n.indicator-grid, .indicator-grid tr, .indicator-grid th, .indicator-grid td { display: revert !important; }\n\
         .indicator-grid > thead { display: table-header-group !important; }\n\
         .indicator-grid { min-width: 110rem !important; } .grid td.text { white-space: nowrap; }\n\
         .table-scroll { background: none !important; }\n",
    )
    .unwrap();
    let out = t.path().join("out");
    build_to(&site, &out, false).unwrap();
    let mut b = Browser::launch(&chromium);
    let session = b.new_page();
    let problems = check_pages(&mut b, &session, &site, &out, &[]).join("\n");
    for expected in [
        "national/2024-project.html @1280px: a table cell outside the viewport",
        "national/2024-project.html @1280px: a table is wider than its box",
        "text kept from wrapping",
        "national/2024-project.html @390px: “项目完工时间”: its reason is not visible on a phone",
    ] {
        assert!(
            problems.contains(expected),
            "not reported: {expected}\n{problems}"
        );
    }
}

// ---- in the PDF --------------------------------------------------------------------------------

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of every page of a PDF, in content order (`pdftotext -raw`), whitespace removed.
fn pages_text(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout)
        .split('\u{c}')
        .map(squeeze)
        .collect()
}

/// A word of `pdftotext -bbox`: page, box.
#[derive(Debug)]
struct Word {
    page: usize,
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Every word with its box, and the width of every page.
fn words(pdf: &Path) -> (Vec<Word>, Vec<f64>) {
    let o = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext -bbox");
    let html = String::from_utf8_lossy(&o.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        tag.split(&key)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let mut out = Vec::new();
    let mut widths = Vec::new();
    for (i, page) in html.split("<page ").skip(1).enumerate() {
        widths.push(attr(page, "width"));
        for w in page.split("<word ").skip(1) {
            let text = w
                .split('>')
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or("")
                .to_string();
            out.push(Word {
                page: i + 1,
                text,
                x0: attr(w, "xMin"),
                y0: attr(w, "yMin"),
                x1: attr(w, "xMax"),
                y1: attr(w, "yMax"),
            });
        }
    }
    (out, widths)
}

/// The problems of one PDF: pages holding a group's rows without its name, words past the page edge,
/// words printed over each other.
fn pdf_problems(pdf: &Path, v: &ReportView) -> Vec<String> {
    let pages = pages_text(pdf);
    let at = |i: usize| format!("{} page {}", v.slug, i + 1);
    let mut out = Vec::new();
    // The grid's pages are those with its header; a sub-indicator table's those with its own.
    let grid_page = |p: &str| p.contains("一级指标") && p.contains("三级指标");
    let items_page = |p: &str| p.contains("序号") && p.contains("完成率");
    let mut l1 = None;
    let mut l2 = None;
    for r in &v.grid {
        if let Some(c) = &r.l1 {
            l1 = Some(c.name.clone());
            l2 = None;
        }
        if let Some(c) = &r.l2 {
            l2 = Some(c.name.clone());
        }
        if r.name.is_empty() {
            continue;
        }
        // A row's name cell, then its weight cell (a name may also be quoted in another row's text).
        let name = squeeze(&r.name);
        let cell = |p: &str, name: &str, weight: &str| {
            p.contains(&format!("{name}{weight}")) || p.contains(&format!("{name}※{weight}"))
        };
        let holding: Vec<usize> = (0..pages.len())
            .filter(|&i| grid_page(&pages[i]) && cell(&pages[i], &name, &r.weight))
            .collect();
        if holding.is_empty() {
            out.push(format!(
                "{}: 三级指标“{}” is not on any page of the grid (split over two pages?)",
                v.slug, r.name
            ));
        }
        for &i in &holding {
            for g in [&l1, &l2].into_iter().flatten() {
                if !pages[i].contains(&squeeze(g)) {
                    out.push(format!(
                        "{}: holds “{}” but does not name its group “{g}”",
                        at(i),
                        r.name
                    ));
                }
            }
        }
        for it in &r.items {
            let item = squeeze(&it.name);
            for i in (0..pages.len())
                .filter(|&i| items_page(&pages[i]) && cell(&pages[i], &item, &it.weight))
            {
                if !pages[i].contains(&name) {
                    out.push(format!(
                        "{}: holds the sub-indicator “{}” but does not name “{}”",
                        at(i),
                        it.name,
                        r.name
                    ));
                }
            }
        }
    }
    let (words, widths) = words(pdf);
    for w in &words {
        let width = widths.get(w.page - 1).copied().unwrap_or(0.0);
        if w.x1 > width - 10.0 || w.x0 < 10.0 {
            out.push(format!(
                "{} page {}: “{}” runs past the edge of the page ({:.0}–{:.0} of {width:.0} pt)",
                v.slug, w.page, w.text, w.x0, w.x1
            ));
        }
    }
    // (CJK punctuation is set half-width beside its neighbours, so boxes of words that are all
    // punctuation overlap by design.)
    let punct = |w: &Word| !w.text.chars().any(char::is_alphanumeric);
    for (i, a) in words.iter().enumerate().filter(|(_, w)| !punct(w)) {
        for b in words[i + 1..]
            .iter()
            .take_while(|b| b.page == a.page)
            .filter(|w| !punct(w))
        {
            let ox = a.x1.min(b.x1) - a.x0.max(b.x0);
            let oy = a.y1.min(b.y1) - a.y0.max(b.y0);
            let smaller = ((a.x1 - a.x0) * (a.y1 - a.y0)).min((b.x1 - b.x0) * (b.y1 - b.y0));
            if ox > 0.0 && oy > 0.0 && ox * oy > 0.5 * smaller {
                out.push(format!(
                    "{} page {}: “{}” and “{}” are printed over each other",
                    v.slug, a.page, a.text, b.text
                ));
            }
        }
    }
    out
}

/// PNG pages of a PDF at 60 dpi (`tables-pdf-NAME-N.png`).
fn pdf_pngs(pdf: &Path, name: &str) {
    let prefix = screenshot_dir().join(format!("tables-pdf-{name}"));
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "pdftoppm failed on {}", pdf.display());
    eprintln!("PDF pages: {}-*.png", prefix.display());
}

#[test]
fn every_pdf_page_names_the_groups_of_its_rows() {
    let tools =
        jixiao::render::pdf::tools::locate(repo(), &jixiao::render::pdf::tools::Lookup::from_env());
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    if tools.is_err() || !poppler {
        assert!(!in_ci(), "CI: typst/fonts or poppler missing");
        eprintln!("SKIPPED: the pinned typst/fonts or pdftotext are not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let sample = sample_site();
    let generated = generated_site(&t.path().join("gen"));
    for (site, out, names) in [
        (
            &sample,
            t.path().join("sample"),
            vec![
                ("guangzhou-gxj/2022-department-table", "department"),
                ("baiyun-kgsx/2023-department-report", "department-report"),
                ("jiangmen-gxj/2023-project-industry-management", "project"),
            ],
        ),
        (
            &generated,
            t.path().join("gen-out"),
            vec![
                ("national/2024-project", "national"),
                ("stress/2024-long", "stress"),
            ],
        ),
    ] {
        build_to(site, &out, true).unwrap();
        for v in jixiao::render::views(site) {
            let pdf = out.join(format!("{}.pdf", v.slug));
            problems.extend(pdf_problems(&pdf, &v));
            if let Some((_, name)) = names.iter().find(|(slug, _)| *slug == v.slug) {
                pdf_pngs(&pdf, name);
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The PDF check itself: a grid whose 一级/二级 labels are printed on the first row of a group only
/// (as a merged cell split across pages prints them) is caught.
#[test]
fn the_pdf_check_catches_a_page_without_its_group() {
    let tools =
        jixiao::render::pdf::tools::locate(repo(), &jixiao::render::pdf::tools::Lookup::from_env());
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    if tools.is_err() || !poppler {
        assert!(!in_ci(), "CI: typst/fonts or poppler missing");
        eprintln!("SKIPPED: the pinned typst/fonts or pdftotext are not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("gen");
    let site = generated_site(&root);
    // The theme's grid without the （续） labels: the group name only on a group's first row.
    std::fs::create_dir_all(root.join("typst")).unwrap();
    let theme = jixiao::render::Theme::for_site(&site).unwrap();
    let grids = theme.get_text("typst/grids.typ").unwrap();
    let old = grids.replace("if weight [#text] else [#wrap-long(text)（续）#mark]", "[]");
    assert_ne!(old, grids, "the （续） label is where this test expects it");
    std::fs::write(root.join("typst/grids.typ"), old).unwrap();
    let out = t.path().join("out");
    build_to(&site, &out, true).unwrap();
    let v = jixiao::render::views(&site)
        .into_iter()
        .find(|v| v.slug == "stress/2024-long")
        .unwrap();
    let problems = pdf_problems(&out.join("stress/2024-long.pdf"), &v).join("\n");
    assert!(
        problems.contains("does not name its group"),
        "not reported:\n{problems}"
    );
}

// ---- publishing what was signed ------------------------------------------------------------------

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Default (`stated_mismatch: note`): the stated 9.65 and 97.55 are published with jixiao's 9.61 and
/// 96.61 beside them; `stated_mismatch: refuse` stops the build, naming each figure, writing nothing.
#[test]
fn a_stated_figure_is_published_with_jixiaos_as_a_note_or_the_build_refuses() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("gen");
    let site = generated_site(&root);
    let out = t.path().join("out");
    build_to(&site, &out, false).unwrap();
    let page = read(&out, "national/2024-project.html");
    assert!(
        page.contains(">9.65<span class=\"computed-note\">经核算为 9.61</span></td>"),
        "{page}"
    );
    assert!(page.contains("<span class=\"total-value\">97.55</span>"));
    assert!(
        page.contains("<strong>97.55</strong><span class=\"computed-note\">经核算为 96.61</span>")
    );
    assert!(
        !page.contains(">9.61</td>"),
        "jixiao's figure is never shown instead"
    );

    std::fs::write(
        root.join("jixiao.yaml"),
        "name: 测试\nshow_findings: false\nstated_mismatch: refuse\n",
    )
    .unwrap();
    let site = Site::load(&root).unwrap();
    let refused = t.path().join("refused");
    let err = build_to(&site, &refused, false).unwrap_err();
    for expected in [
        "stated_mismatch: refuse",
        "2 处所填数字与核算结果不符",
        "content/national/2024-project.md:36:20",
        "content/national/2024-project.md:23:15",
        "自评分 9.65 与按规则计算的 9.61 不符",
    ] {
        assert!(err.contains(expected), "{expected} not in:\n{err}");
    }
    assert!(
        !refused.exists(),
        "nothing is written when the build refuses"
    );
}

/// A title that names the year gets a warning and no second year on the page or in the PDF.
#[test]
fn a_title_with_the_year_is_not_doubled() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("gen");
    generated_site(&root);
    std::fs::write(
        root.join("content/national/2024-project.md"),
        NATIONAL.replace(
            "title: 项目支出绩效自评表",
            "title: 2024年度项目支出绩效自评表",
        ),
    )
    .unwrap();
    let site = Site::load(&root).unwrap();
    let e = site
        .entries
        .iter()
        .find(|e| e.slug == "national/2024-project")
        .unwrap();
    let f = e
        .findings
        .iter()
        .find(|f| f.code == "title-has-year")
        .expect("a title-has-year warning");
    assert_eq!((f.line, f.column), (7, 8), "{f:?}");
    let pdf =
        jixiao::render::pdf::tools::locate(repo(), &jixiao::render::pdf::tools::Lookup::from_env())
            .is_ok()
            && Command::new("pdftotext").arg("-v").output().is_ok();
    let out = t.path().join("out");
    build_to(&site, &out, pdf).unwrap();
    let page = read(&out, "national/2024-project.html");
    assert!(page.contains("<h1>2024年度项目支出绩效自评表</h1>"));
    // The report's name where it stands alone: project, then unit and title, the year once.
    assert!(
        page.contains("<title>高标准农田建设项目（某某县农业农村局2024年度项目支出绩效自评表） — ")
    );
    assert!(!page.contains("（2024年度）"), "the year twice");
    assert!(!page.contains("2024年度 2024年度"));
    if pdf {
        let pages = pages_text(&out.join("national/2024-project.pdf"));
        assert!(pages[0].contains("2024年度项目支出绩效自评表"));
        assert!(!pages[0].contains("（2024年度）"), "{}", pages[0]);
    } else {
        assert!(!in_ci(), "CI: typst/fonts or poppler missing");
    }
}

/// In the sample's PDFs: the unit's text as written (jixiao's formula in a note of its own, with ×);
/// no seal or date placeholder for a report without a sign-off; the sign-off of one that has one;
/// estimated figures marked; a stated rate with jixiao's noted; weights in one format.
#[test]
fn the_pdfs_publish_what_the_unit_signed() {
    let tools =
        jixiao::render::pdf::tools::locate(repo(), &jixiao::render::pdf::tools::Lookup::from_env());
    if tools.is_err() || Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(!in_ci(), "CI: typst/fonts or poppler missing");
        eprintln!("SKIPPED: the pinned typst/fonts or pdftotext are not installed");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    build_to(&sample_site(), &out, true).unwrap();
    let all = |slug: &str| pages_text(&out.join(format!("{slug}.pdf"))).concat();
    let table = all("guangzhou-gxj/2022-department-table");
    // 部门预算资金支出率: the unit's 未达标原因, then its 改进措施, nothing of jixiao's between them.
    assert!(
        table.contains("按比例计分。强化项目日常绩效监控"),
        "{table}"
    );
    assert!(!table.contains("按比例计分。计分"));
    assert!(table.contains("计分：90.00%×5=4.50"));
    assert!(!table.contains("90.00%*5"));
    // The unit's own formula stays as the unit wrote it.
    assert!(table.contains("专项资金支出进度=92.31%*5=4.62"));
    // No sign-off in the original: none printed, no seal, no blank date.
    for absent in ["公章", "填报日期", "年月日"] {
        assert!(!table.contains(absent), "{absent}");
    }
    let statement = all("panyu-kgsx/2024-department-statement");
    assert!(statement.contains("填报日期：2025年6月20"));
    assert!(statement.contains("填报单位（公章）：广州市番禺区科技工业商务和信息化局"));
    assert!(statement.contains("推算：自评表说明未公布履职效能"));
    let report = all("baiyun-kgsx/2023-department-report");
    assert!(report.contains("推算：原报告未公布各子指标的权重"));
    assert!(report.contains("※"));
    assert!(report.contains("报告所述92.13%，经核算为96.19%"));
    let project = all("jiangmen-gxj/2023-project-industry-management");
    assert!(project.contains("6.70/6.70"), "the chart's 满意度指标");
    assert!(!project.contains("/6.7（"));
}
