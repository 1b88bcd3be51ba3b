//! Golden tests on the second sample site, `examples/national/`: real 项目支出绩效自评表 published
//! outside Guangdong (安徽 池州, 河北 廊坊, 四川 大英, 宁夏 银川, 云南 丽江), transcribed cell by cell, and the
//! unfilled 四川 青神 form in `examples/national-unfilled/`.
//!
//! The expected totals are the published scores (the forms' own 得分 cells, added up where the copy
//! is cut off before its 总分), not values computed by jixiao; the expected findings are the errors
//! the published forms contain (and, marked so, those that come from the cut).

use std::path::{Path, PathBuf};
use std::process::Command;

fn site(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn check(name: &str) -> (Option<i32>, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "json"])
        .arg(site(name))
        .output()
        .expect("run jixiao");
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

fn report<'a>(v: &'a serde_json::Value, source: &str) -> &'a serde_json::Value {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == source)
        .unwrap_or_else(|| panic!("no {source}"))
}

/// The codes of a report's findings of one severity, in file order.
fn codes(r: &serde_json::Value, severity: &str) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn lines(r: &serde_json::Value, code: &str) -> Vec<u64> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_national_site_checks_without_errors() {
    let (code, v) = check("national");
    assert_eq!(code, Some(0), "{v:#}");
    assert_eq!(
        v["errors"].as_array().unwrap().len(),
        0,
        "{:#}",
        v["errors"]
    );
    assert_eq!(v["reports"].as_array().unwrap().len(), 5);
    for r in v["reports"].as_array().unwrap() {
        assert!(
            codes(r, "error").is_empty(),
            "{}: {:?}",
            r["source"],
            codes(r, "error")
        );
    }
}

#[test]
fn tangxi_2022_the_zero_total_and_zero_score_are_found() {
    let (_, v) = check("national");
    let r = report(&v, "content/anhui-guichi-tangxi/2022-weituo-yewu.md");
    // Published 得分 cells: 产出 8+8+8+8+8+10 = 50, 效益 10+10+10 = 30; 预算执行率: the form's own
    // 本年财政拨款 line gives 89.974 / 89.974 = 100% → 10 (the form prints 0). 满意度 is cut off.
    assert_eq!(r["total"], "90.00");
    assert_eq!(
        codes(r, "warning"),
        [
            // the form's errors: 年度资金总额 0 / 0 / 0 over 90 / 89.974 / 89.974, 执行率 0%, 得分 0
            "funds-total-mismatch",
            "funds-total-mismatch",
            "funds-total-mismatch",
            "rate-mismatch",
            "score-mismatch",
            // from the cut (满意度指标 not in the copy)
            "missing-from-report",
            "weights-not-100",
        ]
    );
    // All at the 年度资金总额 line of the file.
    assert_eq!(lines(r, "funds-total-mismatch"), [22, 22, 22]);
    assert_eq!(lines(r, "score-mismatch"), [22]);
}

#[test]
fn langfang_2019_reproduces_the_whole_point_scores() {
    let (_, v) = check("national");
    let r = report(&v, "content/hebei-langfang-spgc/2019-nuantong.md");
    // Published: 预算执行 9 (86% × 10 = 8.62 → 9 whole points), 工程资金金额 9, the other eight rows
    // 10 each: 9 + 9 + 80 = 98.
    assert_eq!(r["total"], "98");
    assert_eq!(r["grade"], "优");
    assert!(codes(r, "warning").is_empty(), "{:?}", codes(r, "warning"));
    assert_eq!(codes(r, "info"), ["not-applicable"]);
}

#[test]
fn daying_2023_reproduces_the_budget_score() {
    let (_, v) = check("national");
    let r = report(&v, "content/sichuan-daying-sfj/2023-anke.md");
    // Published 预算执行情况: 3.36 / 3.36 = 100.00%, 权重 10, 得分 10. The 绩效指标 are cut off.
    assert_eq!(r["total"], "10.00");
    assert_eq!(
        codes(r, "warning"),
        [
            "missing-from-report",
            "missing-from-report",
            "weights-not-100"
        ]
    );
}

#[test]
fn yinchuan_2021_the_stated_98_and_the_unexplained_deductions_are_found() {
    let (_, v) = check("national");
    let r = report(
        &v,
        "content/ningxia-yinchuan-liuzhong/2021-chuzhong-gongyong.md",
    );
    // Published 得分 cells: 项目决策 4+2+2+2 = 10; 项目管理 9+7+2+6 = 24; 项目产出 10+5+4+4+3+3 = 29;
    // 项目效益 13+8 = 21 (满意度 is cut off): 84. jixiao computes two of them again: 预算执行率
    // 64.8/64.8 = 100% × 10 = 10 (published 9) and 公用经费完成时间 “2021年12月完成” done
    // “2021年12月完成”, on time → 5 (published 4): 84 + 1 + 1 = 86. The header states 98: even with
    // 满意度 at its full 10 the published cells give 94, so 98 cannot be reached.
    assert_eq!(r["total"], "86.00");
    assert_eq!(r["stated_total"], "98.00");
    assert_eq!(r["grade"], "良");
    assert_eq!(
        codes(r, "warning"),
        [
            // the form's errors
            "total-mismatch",         // 自评得分 98
            "score-mismatch",         // 预算执行率: 100% scored 9
            "deduction-needs-reason", // … its 1 point without a reason
            "score-mismatch",         // 公用经费完成时间: on time, scored 4 of 5
            "deduction-needs-reason", // … its 1 point without a reason
            // from the cut (服务对象满意度指标(10分) not in the copy)
            "group-weight-mismatch",
            // the form's errors
            "deduction-needs-reason", // 效果显著 13 of 15, no reason
            "deduction-needs-reason", // 可持续影响 8 of 10, no reason
        ]
    );
    assert_eq!(lines(r, "score-mismatch"), [49, 71]);
    assert_eq!(lines(r, "deduction-needs-reason"), [49, 71, 91, 97]);
    assert_eq!(lines(r, "group-weight-mismatch"), [84]);
    // An archive site (`archive: true`): a deduction the published form does not explain is its
    // finding, a warning; in a unit's own site it is an error (explained before publishing).
    assert!(codes(r, "error").is_empty());
    assert_eq!(codes(r, "info"), ["not-applicable", "not-applicable"]);
}

#[test]
fn lijiang_2020_every_met_target_scored_at_90_percent_is_found() {
    let (_, v) = check("national");
    let r = report(
        &v,
        "content/yunnan-lijiang-gucheng-zrzy/2020-weipian-zhifa.md",
    );
    // Every target is met (72890 = 72890 元, 100 = 100%, 100 = 100%, 95 ≥ 95%), yet the form scores
    // each at 90% of its 分值: 9 of 10, 19 of 20, 19 of 20, 27 of 30, without a reason. jixiao:
    // 预算执行率 7.29/7.29 = 100% → 10 (as stated); rows 10 + 20 + 20 + 30; 满意度 (its 得分 cut
    // off) 95 ≥ 95% → 10: 10 + 80 + 10 = 100. The published cells give 10 + 9 + 19 + 19 + 27 = 84
    // before the cut.
    assert_eq!(r["total"], "100.00");
    assert_eq!(r["stated_total"], serde_json::Value::Null);
    assert_eq!(
        codes(r, "warning"),
        [
            "score-mismatch",
            "deduction-needs-reason",
            "score-mismatch",
            "deduction-needs-reason",
            "score-mismatch",
            "deduction-needs-reason",
            "score-mismatch",
            "deduction-needs-reason",
        ]
    );
    assert_eq!(lines(r, "score-mismatch"), [34, 37, 40, 45]);
    assert_eq!(lines(r, "deduction-needs-reason"), [34, 37, 40, 45]);
    assert!(codes(r, "error").is_empty());
    assert!(codes(r, "info").is_empty(), "{:?}", codes(r, "info"));
}

/// What the pages are made from: the figures a transcriber estimated or jixiao filled in where the
/// copy is cut are marked (推算), also below a funds grid, which comes first among the 一级 groups; the
/// form's own label of a funds line (当年财政拨款) is printed, not the system's (本年).
#[test]
fn the_views_mark_what_the_copy_does_not_publish() {
    let site = jixiao::pipeline::Site::load(&site("national")).unwrap();
    let views = jixiao::render::views(&site);
    let view = |slug: &str| {
        views
            .iter()
            .find(|v| v.slug == slug)
            .unwrap_or_else(|| panic!("no {slug}"))
    };
    let marked = |slug: &str| -> Vec<(String, String)> {
        view(slug)
            .grid
            .iter()
            .filter_map(|g| g.reconstructed.clone().map(|t| (g.name.clone(), t)))
            .collect()
    };
    assert_eq!(
        marked("yunnan-lijiang-gucheng-zrzy/2020-weipian-zhifa"),
        [(
            "满意度".to_string(),
            "得分在公开件中被截去，此处为 jixiao 按指标值与实际完成值计算的分数".to_string()
        )]
    );
    assert_eq!(
        marked("ningxia-yinchuan-liuzhong/2021-chuzhong-gongyong")
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["绿化、水电费等成本"]
    );
    let lj = view("yunnan-lijiang-gucheng-zrzy/2020-weipian-zhifa");
    let funds = lj.national.as_ref().unwrap().funds.as_ref().unwrap();
    let labels: Vec<&str> = funds.lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["年度资金总额", "其中：当年财政拨款"]);
}

/// The same forms in a unit's own site (no `archive: true`): a deduction without its reason is an
/// error there, and `check` exits 1 — the 银川 form's four.
#[test]
fn outside_an_archive_site_the_unexplained_deductions_are_errors() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    for dir in ["systems", "content/ningxia-yinchuan-liuzhong"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let config = std::fs::read_to_string(site("national").join("jixiao.yaml")).unwrap();
    assert!(config.contains("\narchive: true"));
    let own: String = config
        .lines()
        .filter(|l| !l.starts_with("archive:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("jixiao.yaml"), own).unwrap();
    for f in std::fs::read_dir(site("national").join("systems")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, root.join("systems").join(f.file_name().unwrap())).unwrap();
    }
    let rel = "content/ningxia-yinchuan-liuzhong/2021-chuzhong-gongyong.md";
    std::fs::copy(site("national").join(rel), root.join(rel)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = report(&v, rel);
    assert_eq!(
        codes(r, "error"),
        [
            "deduction-needs-reason",
            "deduction-needs-reason",
            "deduction-needs-reason",
            "deduction-needs-reason"
        ]
    );
    assert_eq!(r["total"], "86.00");
}

#[test]
fn the_unfilled_form_is_refused_at_each_blank() {
    let (code, v) = check("national-unfilled");
    assert_eq!(code, Some(1));
    let r = report(&v, "content/sichuan-qingshen-fgj/2023-gongzi.md");
    assert_eq!(codes(r, "error"), ["missing-score", "missing-score"]);
    assert_eq!(lines(r, "missing-score"), [32, 37]); // the two indicator rows of the file
    // The 预算执行情况 is still scored from the grid: 251.89 / 251.89 = 100% → 10.
    assert_eq!(r["total"], "10.00");
    let out = tempfile::tempdir().unwrap();
    let st = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["build", "--no-pdf", "--out"])
        .arg(out.path().join("site"))
        .arg(site("national-unfilled"))
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(1));
}

fn pdf_tools() -> bool {
    let ok = jixiao::render::pdf::tools::locate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &jixiao::render::pdf::tools::Lookup::from_env(),
    )
    .is_ok();
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("PDF tools missing in CI");
    }
    ok
}

#[test]
fn the_national_site_builds_with_the_forms_own_labels() {
    let with_pdf = pdf_tools();
    if !with_pdf {
        eprintln!(
            "SKIPPED the PDFs: the pinned typst/fonts are not installed (scripts/install-tools.sh)"
        );
    }
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.arg("build");
    if !with_pdf {
        cmd.arg("--no-pdf");
    }
    // The pages are what is checked here; the search index has tests of its own (search_browser).
    cmd.arg("--no-search");
    let o = cmd
        .arg("--out")
        .arg(&dest)
        .arg(site("national"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page =
        std::fs::read_to_string(dest.join("anhui-guichi-tangxi/2022-weituo-yewu.html")).unwrap();
    for label in [
        "项目资金（万元）",
        "年度资金总额",
        "其中：本年财政拨款",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
        "年度总体目标",
        "预期目标",
        "实际完成情况",
        "年度指标值",
        "实际完成值",
        "偏差原因分析及改进措施",
        "主管部门",
        "实施单位",
        "自评等级",
        "219001-池州市贵池区棠溪镇人民政府",
        "89.974",
        "（原表 0.00 / 0.00 / 0.00）",
        "89.974/89.974=100.00%；100.00%×10=10.00",
    ] {
        assert!(page.contains(label), "{label} not on the page");
    }
    // The unit's stated 执行率 (0%) and 得分 (0.00) as published, jixiao's beside them, in draft
    // mode or not.
    assert!(page.contains(
        "<td class=\"num mismatch\">0%<span class=\"computed-note\">经核算为 100.00%</span></td>"
    ));
    assert!(page.contains(
        "<td class=\"num score\">0.00<span class=\"computed-note\">经核算为 10.00</span></td>"
    ));
    // The Sichuan form's own column labels come from its system.
    let sc = std::fs::read_to_string(dest.join("sichuan-daying-sfj/2023-anke.html")).unwrap();
    for label in [
        "调整后预算数",
        "预算执行数",
        "其中：财政资金",
        "财政专户管理资金",
        "单位资金",
    ] {
        assert!(sc.contains(label), "{label} not on the Sichuan page");
    }
    // Whole points print whole, in the grid and in the formula.
    let lf = std::fs::read_to_string(dest.join("hebei-langfang-spgc/2019-nuantong.html")).unwrap();
    assert!(
        lf.contains("37.24/43.2=86.20%；86.20%×10=9"),
        "formula, with × as the forms print it"
    );
    assert!(lf.contains("不适用"));
    assert!(
        !lf.contains("9.00"),
        "no two-decimal score on a whole-point form"
    );
    // The 银川 grid: its own column labels, no 分值 or 得分 of its own (the 预算执行率 is a row).
    let yc =
        std::fs::read_to_string(dest.join("ningxia-yinchuan-liuzhong/2021-chuzhong-gongyong.html"))
            .unwrap();
    for label in [
        "调整预算数（A）",
        "全年执行数（B）",
        "初中公用经费",
        "银川市教育局",
        // the indicator table's own titles (the system's `table:`)
        "<th scope=\"col\">指标值（A）</th><th scope=\"col\">全年实际值（B）</th>",
        "<th scope=\"col\" class=\"num\">参考分值</th>",
        "<th scope=\"col\" class=\"text\">未完成原因分析及改进措施</th>",
    ] {
        assert!(yc.contains(label), "{label} not on the 银川 page");
    }
    assert!(
        !yc.contains("执行率得分："),
        "the grid scores nothing on the 银川 form"
    );
    assert!(yc.contains("推算"), "the reconstructed 指标值 is marked");
    // What the unit signed, jixiao's figures beside it: 预算执行率 9 (10), 总分 98 (86.00, 良).
    assert!(yc.contains("9.00<span class=\"computed-note\">经核算为 10.00</span>"));
    assert!(
        yc.contains("<strong>98.00</strong><span class=\"computed-note\">经核算为 86.00</span>")
    );
    assert!(yc.contains("经核算，总分为 86.00 分，自评等级为良。"));
    assert!(
        !yc.contains("（自评 "),
        "no draft-only stated note beside the stated figure"
    );
    assert!(
        !yc.contains("年度指标值"),
        "the template's titles are not the 银川 form's"
    );
    if with_pdf {
        for p in [
            "yunnan-lijiang-gucheng-zrzy/2020-weipian-zhifa.pdf",
            "ningxia-yinchuan-liuzhong/2021-chuzhong-gongyong.pdf",
            "anhui-guichi-tangxi/2022-weituo-yewu.pdf",
            "hebei-langfang-spgc/2019-nuantong.pdf",
            "sichuan-daying-sfj/2023-anke.pdf",
        ] {
            let b = std::fs::read(dest.join(p)).unwrap();
            assert!(b.starts_with(b"%PDF"), "{p}");
        }
    }
}
