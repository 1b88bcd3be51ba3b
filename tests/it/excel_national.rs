//! Excel and the national layout: every report of the second sample site (`examples/national/`,
//! with its own systems) exported as its 自评表 workbook and imported back checks to the same total
//! with the same 不适用 rows; 不适用 written the three ways (`/`, `不适用`, a blank weight) survives
//! the round trip; and a workbook built here in the 财政部 项目支出绩效自评表 layout, the way units
//! fill it in (merged 一级/二级 cells, a 不适用 row of `/`, numbers stored as text, full-width digits),
//! imports to the figures worked out by hand below.

use super::excel::{
    check_in_site, find, funds_titles, import_text, indicator_data, indicator_titles, merge,
    national_top, num, open, overall_goal, save, text,
};
use calamine::Reader as _;
use jixiao::import::{self, Options, emit};
use jixiao::pipeline::Site;
use jixiao::render::{self, xlsx::report_workbook};
use jixiao::score::ScoredGroup;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

fn national_site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/national")
}

/// The names of the 不适用 rows, in table order.
fn not_applicable(groups: &[ScoredGroup]) -> Vec<String> {
    let mut out = Vec::new();
    for g in groups {
        out.extend(not_applicable(&g.groups));
        out.extend(
            g.rows
                .iter()
                .filter(|r| r.not_applicable)
                .map(|r| format!("{}/{}", g.name, r.name)),
        );
    }
    out
}

/// A site with `examples/national`'s configuration and systems and the one report, loaded.
fn in_national_site(report: &str) -> (tempfile::TempDir, Site) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    std::fs::create_dir_all(root.join("content/u")).unwrap();
    std::fs::create_dir_all(root.join("systems")).unwrap();
    std::fs::copy(
        national_site().join("jixiao.yaml"),
        root.join("jixiao.yaml"),
    )
    .unwrap();
    for f in std::fs::read_dir(national_site().join("systems")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, root.join("systems").join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(root.join("content/u/report.md"), report).unwrap();
    let site = Site::load(&root).unwrap();
    (t, site)
}

#[test]
fn every_national_sample_report_round_trips_through_its_workbook() {
    let site = Site::load(&national_site()).unwrap();
    assert!(site.errors.is_empty(), "{:#?}", site.errors);
    let views = render::views(&site);
    let t = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for (e, v) in site.entries.iter().zip(&views) {
        let path = t.path().join(format!("{}.xlsx", e.slug.replace('/', "-")));
        let bytes = report_workbook(v, 0).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        if e.slug.starts_with("ningxia") {
            // The 银川 form's own column titles (its system's `table:`), read back by the import.
            let range = open(&bytes).worksheet_range("自评表").unwrap();
            for t in [
                "参考分值",
                "指标值（A）",
                "全年实际值（B）",
                "调整预算数（A）",
            ] {
                assert!(find(&range, t).is_some(), "{t} not in the 银川 workbook");
            }
        }
        let imported = import::import(&path, &Options::default(), &site.systems)
            .unwrap_or_else(|err| panic!("{}: {err}", e.slug));
        let (_t, back) = in_national_site(&emit::report(&imported));
        assert!(back.errors.is_empty(), "{}: {:#?}", e.slug, back.errors);
        let b = &back.entries[0];
        let errors: Vec<&str> = b
            .findings
            .iter()
            .filter(|f| f.severity == jixiao::diag::Severity::Error)
            .map(|f| f.rendered.as_str())
            .collect();
        assert!(errors.is_empty(), "{}: {}", e.slug, errors.join("\n"));
        assert_eq!(
            back.systems[b.system].id, site.systems[e.system].id,
            "{}",
            e.slug
        );
        assert_eq!(b.scored.total, e.scored.total, "{}", e.slug);
        // The funds grid: the same lines, labelled as the form labels them (丽江's 当年财政拨款).
        let grid = |s: &jixiao::score::Scored| {
            s.funds.as_ref().map(|f| {
                let mut lines = vec![f.total.clone()];
                lines.extend(f.lines.iter().cloned());
                lines
                    .iter()
                    .map(|l| {
                        let n = |x: Option<rust_decimal::Decimal>| x.map(|d| d.normalize());
                        format!(
                            "{} {:?} {:?} {:?}",
                            l.label,
                            n(l.initial),
                            n(l.budget),
                            n(l.spent)
                        )
                    })
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(grid(&b.scored), grid(&e.scored), "{}", e.slug);
        assert_eq!(
            not_applicable(&b.scored.groups),
            not_applicable(&e.scored.groups),
            "{}",
            e.slug
        );
        // A target cell that is a dash (银川's `—`: no target) reads back as an empty cell.
        let dashless = |groups: &[ScoredGroup]| -> Vec<String> {
            indicator_data(groups)
                .into_iter()
                .map(|l| {
                    l.replace("t=Some(\"—\")", "t=None")
                        .replace("t=Some(\"-\")", "t=None")
                })
                .collect()
        };
        assert_eq!(
            dashless(&b.scored.groups),
            dashless(&e.scored.groups),
            "{}",
            e.slug
        );
        seen += 1;
    }
    assert_eq!(seen, site.entries.len());
    assert!(seen >= 4, "the sample has {seen} reports");
}

/// 不适用 three ways: `/`, `不适用` (with `score: /`), and a blank weight.
const THREE_WAYS: &str = "---
kind: project
layout: national
system: national-project
unit: 示例县农业农村局
year: 2023
title: 项目支出绩效自评表
project:
  name: 高素质农民培训
funds:
  total: {initial: 50, budget: 50, spent: 50}
  appropriation: {initial: 50, budget: 50, spent: 50}
goals: 培训高素质农民
completion: 完成培训
indicators:
  - name: 产出指标
    groups:
      - name: 数量指标
        rows:
          - {name: 培训场次, target: ≥10场, actual: 10场, weight: 25, score: 25}
          - {name: 指标2, weight: /}
      - name: 质量指标
        rows:
          - {name: 培训合格率, target: ≥95%, actual: 95%, weight: 25, score: 25}
          - {name: 指标3, weight: 不适用, score: /}
  - name: 效益指标
    groups:
      - name: 社会效益指标
        rows:
          - {name: 政策知晓率, target: ≥90%, actual: 81%, weight: 30, score: 27, reason: 宣传覆盖不足}
      - name: 生态效益指标
        rows:
          - name: 指标4
            weight:
  - name: 满意度指标
    groups:
      - name: 服务对象满意度指标
        rows:
          - {name: 服务对象满意度, target: ≥90%, actual: 95%, weight: 10, score: 10}
---
";

#[test]
fn not_applicable_rows_written_three_ways_survive_export_and_import() {
    let (_t, site) = in_national_site(THREE_WAYS);
    assert!(site.errors.is_empty(), "{:#?}", site.errors);
    let e = &site.entries[0];
    // By hand: 预算执行率 50/50 = 100% → 10; 25 + 25; 政策知晓率 81/90 = 90.00% × 30 = 27; 10.
    // 10 + 25 + 25 + 27 + 10 = 97; the three 不适用 rows carry no points.
    assert_eq!(e.scored.total.to_string(), "97.00");
    let na = ["数量指标/指标2", "质量指标/指标3", "生态效益指标/指标4"];
    assert_eq!(not_applicable(&e.scored.groups), na);
    let views = render::views(&site);
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("three-ways.xlsx");
    std::fs::write(&path, report_workbook(&views[0], 0).unwrap()).unwrap();
    let text = import_text(&path, &Options::default());
    let (total, _, back) = check_in_site(&text);
    assert_eq!(total, "97.00");
    let b = &back.entries[0];
    assert_eq!(not_applicable(&b.scored.groups), na);
    assert_eq!(
        indicator_data(&b.scored.groups),
        indicator_data(&e.scored.groups)
    );
}

/// The 财政部 form as a unit fills it in: amounts and scores typed as text, some in full-width
/// digits, 一级 and 二级 merged down, a template line left as `/` in every cell.
fn filled_in_workbook(dir: &Path) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    national_top(
        ws,
        [
            "（2023年度）",
            "高素质农民培训项目",
            "示例县农业农村局",
            "示例县农业技术推广中心",
        ],
    );
    merge(ws, 4, 0, 8, 0, "项目资金（万元）");
    funds_titles(ws, 4);
    // Typed as text, full-width: 年度资金总额 １００．００ / １００ / ９６, 执行率 ９６．００％, 得分 ９．６.
    for (c, t) in [
        (1, "年度资金总额"),
        (2, "１００．００"),
        (3, "１００"),
        (4, "９６"),
        (5, "10"),
        (6, "９６．００％"),
        (7, "９．６"),
    ] {
        text(ws, 5, c, t);
    }
    for (c, t) in [
        (1, "其中：本年财政拨款"),
        (2, "100"),
        (3, "100"),
        (4, "96"),
        (5, "—"),
        (7, "—"),
    ] {
        text(ws, 6, c, t);
    }
    text(ws, 7, 1, "上年结转资金");
    text(ws, 8, 1, "其他资金");
    overall_goal(ws, 9, "培训高素质农民120人。", "培训120人，合格率90%。");
    indicator_titles(ws, 11);
    merge(ws, 12, 0, 15, 0, "产出指标");
    merge(ws, 12, 1, 13, 1, "数量指标");
    text(ws, 14, 1, "质量指标");
    text(ws, 15, 1, "时效指标");
    text(ws, 16, 0, "效益指标");
    text(ws, 16, 1, "社会效益指标");
    text(ws, 17, 0, "满意度指标");
    text(ws, 17, 1, "服务对象满意度指标");
    let rows: [(u32, [&str; 6]); 6] = [
        (
            12,
            ["培训人数", "≥１２０人", "１２０人", "２０", "２０", ""],
        ),
        (13, ["指标2", "/", "/", "/", "/", "/"]),
        (
            14,
            [
                "培训合格率",
                "≥９５％",
                "９０％",
                "15",
                "１４．２１",
                "部分学员未通过结业考核。改进措施：加强跟踪辅导。",
            ],
        ),
        (
            15,
            [
                "完成时间",
                "2023年11月底前",
                "2023年11月20日",
                "15",
                "15",
                "",
            ],
        ),
        (16, ["政策知晓率", "≥90%", "92%", "３０", "３０", ""]),
        (17, ["服务对象满意度", "≥90%", "95%", "10", "10", ""]),
    ];
    for (r, [name, target, actual, w, score, why]) in rows {
        text(ws, r, 2, name);
        text(ws, r, 3, target);
        text(ws, r, 4, actual);
        text(ws, r, 5, w);
        text(ws, r, 6, score);
        text(ws, r, 7, why);
    }
    merge(ws, 18, 0, 18, 4, "总分");
    num(ws, 18, 5, 100.0);
    text(ws, 18, 6, "９８．８１");
    save(&mut wb, dir, "自评表.xlsx")
}

#[test]
fn a_filled_in_national_workbook_with_text_full_width_and_a_not_applicable_row_imports() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&filled_in_workbook(t.path()), &Options::default());
    assert!(text.contains("system: national-project"), "{text}");
    let (total, stated, site) = check_in_site(&text);
    // By hand: 预算执行率 96/100 = 96.00% × 10 = 9.60; 培训人数 20; 培训合格率 90/95 = 94.74% × 15 =
    // 14.211 → 14.21; 完成时间 on time 15; 政策知晓率 30; 满意度 10.
    // 9.60 + 20 + 14.21 + 15 + 30 + 10 = 98.81, the 总分 the workbook states.
    assert_eq!(total, "98.81");
    assert_eq!(stated.as_deref(), Some("98.81"));
    let e = &site.entries[0];
    assert_eq!(e.report.unit.value, "示例县农业农村局");
    assert_eq!(e.report.year.value, 2023);
    assert_eq!(not_applicable(&e.scored.groups), ["数量指标/指标2"]);
    let data = indicator_data(&e.scored.groups);
    let row = |name: &str| {
        data.iter()
            .find(|l| l.starts_with(&format!("R {name} ")))
            .unwrap_or_else(|| panic!("no {name} in {data:#?}"))
            .clone()
    };
    assert!(
        row("培训人数").contains("w=20 s=20.00"),
        "{}",
        row("培训人数")
    );
    assert!(
        row("培训合格率").contains("w=15 s=14.21"),
        "{}",
        row("培训合格率")
    );
    assert!(row("政策知晓率").contains("w=30 s=30.00"));
    // The 一级 groups, in the form's order, with the funds group from the grid (9.60 of 10).
    let groups: Vec<String> = e
        .scored
        .groups
        .iter()
        .map(|g| format!("{} {} {}", g.name, g.weight.normalize(), g.score))
        .collect();
    assert_eq!(
        groups,
        [
            "预算执行率 10 9.60",
            "产出指标 50 49.21",
            "效益指标 30 30.00",
            "满意度指标 10 10.00"
        ]
    );
    // Nothing the unit stated differs from jixiao's figures.
    assert!(
        !e.findings.iter().any(|f| f.code.ends_with("-mismatch")),
        "{:#?}",
        e.findings.iter().map(|f| &f.rendered).collect::<Vec<_>>()
    );
}
