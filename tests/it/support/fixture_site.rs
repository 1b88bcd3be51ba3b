//! A small site built by hand for the HTML tests: three reports of two units, with every part of a
//! page exercised (budget grid with nested headers, an aggregate row with sub-indicators, a group
//! whose rows are not published, a 一级 group without 二级 groups, findings, a hostile narrative).
//!
//! The scores are given here, not computed, so these tests depend on the renderer only. The folder
//! (`builder()`) holds the files the narrative refers to; `site()` is the loaded site, made by hand.

use super::{SiteBuilder, SiteDir};
use jixiao::diag::Diagnostic;
use jixiao::diag::Problem;
use jixiao::load;
use jixiao::load::yaml::Span;
use jixiao::model::config::SiteConfig;
use jixiao::model::{self, system};
use jixiao::model::{Body, Report, Rule};
use jixiao::pipeline::{Entry, Site};
use jixiao::score::{Grade, Scored, ScoredBudgetLine, ScoredGroup, ScoredRow};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn row(name: &str, weight: &str, score: &str) -> ScoredRow {
    ScoredRow {
        name: name.into(),
        rule: Rule::Judged,
        weight: d(weight),
        score: d(score),
        deduction: d(weight) - d(score),
        stated: Some(d(score)),
        completion: None,
        halved: false,
        formula: None,
        target: None,
        actual: None,
        reason: None,
        improvement: None,
        evidence: None,
        explanation: None,
        criteria: None,
        items: Vec::new(),
        op: None,
        unit: None,
        direction: None,
        core: false,
        review: None,
        not_applicable: false,
        coefficient: None,
        span: Span::new(0, 0),
    }
}

pub fn group(
    name: &str,
    weight: &str,
    groups: Vec<ScoredGroup>,
    rows: Vec<ScoredRow>,
) -> ScoredGroup {
    let score: Decimal = groups.iter().map(|g| g.score).sum::<Decimal>()
        + rows.iter().map(|r| r.score).sum::<Decimal>();
    ScoredGroup {
        name: name.into(),
        weight: d(weight),
        score,
        deduction: d(weight) - score,
        stated: None,
        reason: None,
        improvement: None,
        groups,
        rows,
        not_applicable_weight: Decimal::ZERO,
        not_applicable: false,
        review: None,
        from_funds: false,
        formula: None,
        span: Span::new(0, 0),
    }
}

fn report(source: &str, front: &str, body: &str) -> (Report, String) {
    let text = format!("---\n{front}---\n{body}");
    let split = load::split(&text).unwrap();
    let tree = load::parse_front(&text, &split).unwrap();
    let body = Body {
        text: text[split.body_start..].to_string(),
        offset: split.body_start,
    };
    let mut diags = Vec::new();
    let r = model::read_report(&tree, source, body, &mut diags)
        .unwrap_or_else(|| panic!("{source}: {diags:?}"));
    (r, text)
}

/// A report's narrative read as the pipeline reads it, its references resolved in `root/content/`
/// (placeholders as written: the scores are given).
fn narrative(root: &Path, r: &Report) -> jixiao::narrative::Narrative {
    let content = root.join("content");
    let file = root.join(&r.source);
    let place = jixiao::narrative::Place {
        content: &content,
        report_dir: file.parent().unwrap(),
    };
    jixiao::narrative::parse_in(&r.body.text, &place)
}

/// A finding placed at the first occurrence of `at` in the file's text, as the pipeline places it.
fn problem(source: &str, text: &str, d: Diagnostic, at: &str) -> Problem {
    let start = text
        .find(at)
        .unwrap_or_else(|| panic!("{at} not in {source}"));
    let mut d = d.with_hint("核对数据");
    d.span = Some(Span::new(start, start + at.len()));
    Problem::new(&d, source, Some(text))
}

fn scored(groups: Vec<ScoredGroup>, budget: Vec<ScoredBudgetLine>) -> Scored {
    let total: Decimal = groups.iter().map(|g| g.score).sum();
    Scored {
        total,
        weight_total: groups.iter().map(|g| g.weight).sum(),
        grade: Grade::of(total),
        groups,
        budget,
        funds: None,
        review_total: None,
        review_grade: None,
        not_applicable_weight: Decimal::ZERO,
        findings: Vec::new(),
    }
}

fn budget(key: &str, label: &str, amount: &str, spent: Option<&str>) -> ScoredBudgetLine {
    ScoredBudgetLine {
        key: key.into(),
        label: label.into(),
        budget: d(amount),
        spent: spent.map(d),
        rate: spent.map(|s| (d(s) * Decimal::from(100) / d(amount)).round_dp(2)),
        stated_rate: None,
    }
}

/// The narrative of the 2023 report: headings, a soft break between Chinese characters, a table,
/// a footnote, and hostile HTML and links that must come out inert.
pub const NARRATIVE_2023: &str = "# 一、部门基本情况

本部门整体支出绩效自评结果见附表。全年规上工业增加值
5,145.89 亿元，增长 1.4%；整体绩效
目标基本完成[^src]。

## （一）收支情况

| 项目 | 预算数（万元） | 执行数（万元） |
|---|---:|---:|
| 专项资金 | 447,790.64 | 425,020.15 |

<script>alert('x')</script>

点击<a href=\"https://example.org\" onclick=\"steal()\">这里</a>或[此处](javascript:alert(1))查看，图片![示意](data:image/png;base64,AAAA)。

支出结构见下图，上年情况见[2022年自评表](2022-table.md#indicators)。

![2023年专项资金支出结构](images/chart.png)

[站外文件](../../outside.txt)、[不存在的附件](files/none.pdf)不会出现为链接。

[^src]: 数据来源：2023 年度部门决算。
";

/// A 200×40 PNG: a dark red bar on white (an SVG would be refused: it runs as a page when opened).
const CHART_PNG: &[u8] = b"\
    \x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\xc8\x00\x00\x00\x28\
    \x08\x02\x00\x00\x00\x34\x7e\x22\x4b\x00\x00\x00\x74\x49\x44\x41\x54\x78\xda\xed\xda\xb1\x09\x00\
    \x40\x08\x04\x41\xfb\xb0\xf7\x6f\x55\x1b\x10\x3e\x12\x0c\x66\xb9\x0a\x64\x42\xa3\xa4\x85\xc2\x09\
    \x04\x96\xc0\x12\x58\x12\x58\x02\x4b\x60\x49\x60\x09\x2c\x81\x25\x81\xa5\xf3\xb0\x5e\xa6\xd9\x38\
    \xb0\x0c\x2c\x03\xcb\xc0\x02\xcb\xc0\x32\xb0\x0c\x2c\xb0\x0c\x2c\x03\xcb\xc0\x02\xcb\xc0\x32\xb0\
    \x0c\x2c\xb0\x0c\x2c\x03\xcb\xc0\xf2\xe8\x27\x1f\xa4\x02\x4b\x02\x4b\x60\x09\x2c\x09\x2c\x81\x25\
    \xb0\x24\xb0\x04\x96\xc0\x92\xbe\x35\x05\x2f\x19\x0c\x62\x9c\x50\x95\x00\x00\x00\x00\x49\x45\x4e\
    \x44\xae\x42\x60\x82\
";

/// The fixture's folder: the files its narrative refers to (the tests may add templates and static
/// files of the site's own before building it).
pub fn builder() -> SiteBuilder {
    SiteBuilder::new()
        .file("content/gz-gxj/images/chart.png", CHART_PNG)
        // The 2022 report's source, linked from the 2023 narrative.
        .report("gz-gxj/2022-table.md", "---\n---\n")
        .file("outside.txt", "outside content/")
}

/// The fixture's folder and its site, with or without findings shown.
pub fn new(show_findings: bool) -> (SiteDir, Site) {
    let dir = builder().build();
    let site = site(dir.root(), show_findings);
    (dir, site)
}

/// The fixture site rooted at `root`, a folder made by `builder()` (it is where the theme looks for
/// a site's own `templates/` and `static/`).
pub fn site(root: &Path, show_findings: bool) -> Site {
    let systems = system::builtin();
    let sys = |id: &str| systems.iter().position(|s| s.id == id).unwrap();

    // 1. 广州市工业和信息化局 2023, report layout: aggregate row with items, a stated-only group.
    let (r1, t1) = report(
        "content/gz-gxj/2023-report.md",
        "kind: department\nlayout: report\nsystem: gz-department-city\nunit: 广州市工业和信息化局\nyear: 2023\n\
         title: 部门整体支出绩效自评报告\nsub_units: 3\n\
         goals: [目标1：持续强化经济运行监测。, 目标2：推动产业高质量发展。]\n\
         completion: \"一是经济运行平稳。\\n二是产业发展提速。\"\nshortfall: 无\nstated_total: 90.74\n\
         signoff: {unit: 广州市工业和信息化局, filler: 张三, phone: 020-12345678, date: 2024年5月20日}\n\
         indicators:\n  - name: 履职效能\n",
        NARRATIVE_2023,
    );
    let mut out1 = row("部门整体绩效目标产出指标完成情况", "10", "9.35");
    out1.rule = Rule::Aggregate;
    out1.explanation = Some("反映部门整体预算绩效目标中产出指标完成情况。".into());
    out1.reason = Some("2个指标完成率超过150%，减半得分。".into());
    let mut i1 = row("组织工信产业招商引资活动数量", "5", "2.5");
    i1.rule = Rule::Quantitative;
    i1.target = Some("≥8场".into());
    i1.actual = Some("17场".into());
    i1.completion = Some(d("212.50"));
    i1.halved = true;
    i1.formula = Some("完成率212.50%>150%，5×50%=2.5".into());
    let mut i2 = row("新增集成电路布图设计专有权证书数", "5", "5");
    i2.rule = Rule::Quantitative;
    i2.target = Some("≥20项".into());
    i2.actual = Some("24项".into());
    i2.completion = Some(d("120.00"));
    out1.items = vec![i1, i2];
    out1.score = d("7.5");
    out1.deduction = d("2.5");
    out1.stated = Some(d("9.35"));
    let mut rate = row("专项资金支出率", "5", "4.75");
    rate.rule = Rule::Rate;
    rate.formula = Some("5*94.91%=4.75".into());
    rate.completion = Some(d("94.91"));
    rate.reason = Some("省资金年底下达2.27亿元结转至2024年支出。".into());
    rate.improvement = Some("加快资金拨付进度。".into());
    let mut purchase = group("采购管理", "10", vec![], vec![]);
    purchase.score = d("5.13");
    purchase.deduction = d("4.87");
    purchase.stated = Some(d("5.13"));
    purchase.reason = Some("部分项目未在60日内公开采购意向。".into());
    let g1 = group(
        "履职效能",
        "50",
        vec![
            group(
                "整体效能",
                "25",
                vec![],
                vec![out1, row("部门预算资金支出率", "5", "5")],
            ),
            group(
                "专项效能",
                "25",
                vec![],
                vec![row("专项资金绩效完成情况", "20", "19.45"), rate],
            ),
        ],
        vec![],
    );
    let g2 = group(
        "管理效率",
        "50",
        vec![
            group(
                "预算编制",
                "3",
                vec![],
                vec![row("新增预算项目事前绩效评估", "3", "3")],
            ),
            purchase,
            group(
                "资产管理",
                "37",
                vec![],
                vec![
                    row("资产配置合规性", "20", "20"),
                    row("“三公”经费控制情况", "17", "17"),
                ],
            ),
        ],
        vec![],
    );
    let sc1 = scored(
        vec![g1, g2],
        vec![
            budget("total", "总预算", "503054.14", None),
            budget("basic", "基本支出", "14225.14", None),
            budget("project", "项目支出", "7357.27", None),
            budget("special", "专项资金", "447790.64", Some("425020.15")),
            budget("other", "其他事业发展支出", "33681.09", None),
            budget("city", "市本级资金", "393807", None),
            budget("transfer", "对下转移支付", "109247.14", None),
        ],
    );
    let e1 = Entry {
        slug: "gz-gxj/2023-report".into(),
        narrative: narrative(root, &r1),
        findings: vec![
            problem(
                "content/gz-gxj/2023-report.md",
                &t1,
                Diagnostic::warning(
                    "stated-total-differs",
                    None,
                    "自评总分 90.74 与计算得分 81.83 不符",
                    "stated total differs",
                ),
                "90.74",
            ),
            problem(
                "content/gz-gxj/2023-report.md",
                &t1,
                Diagnostic::info("over-150", None, "完成率 212.50% 高于 150%，已减半", ""),
                "layout",
            ),
        ],
        report: r1,
        scored: sc1,
        system: sys("gz-department-city"),
        text: t1,
    };

    // 2. 广州市工业和信息化局 2022, table layout, no findings, no narrative.
    let (r2, t2) = report(
        "content/gz-gxj/2022-table.md",
        "kind: department\nlayout: table\nsystem: gz-department-city\nunit: 广州市工业和信息化局\nyear: 2022\n\
         title: 部门整体支出绩效自评表\nindicators:\n  - name: 履职效能\n",
        "",
    );
    let sc2 = scored(
        vec![
            group(
                "履职效能",
                "50",
                vec![group(
                    "整体效能",
                    "50",
                    vec![],
                    vec![row("部门预算资金支出率", "50", "45")],
                )],
                vec![],
            ),
            group(
                "管理效率",
                "50",
                vec![group(
                    "预算编制",
                    "50",
                    vec![],
                    vec![row("新增预算项目事前绩效评估", "50", "49.31")],
                )],
                vec![],
            ),
        ],
        vec![budget("total", "总预算", "303054.14", None)],
    );
    let e2 = Entry {
        slug: "gz-gxj/2022-table".into(),
        narrative: Default::default(),
        findings: Vec::new(),
        report: r2,
        scored: sc2,
        system: sys("gz-department-city"),
        text: t2,
    };

    // 3. 江门市工业和信息化局 2023 project: a 一级 group without 二级 groups, targets and actuals.
    let (r3, t3) = report(
        "content/jm-gxj/2023-project.md",
        "kind: project\nlayout: table\nsystem: gd-project\nunit: 江门市工业和信息化局\nyear: 2023\n\
         title: 项目绩效自评指标评分表\n\
         project: {name: 工业发展管理经费, level: 一级项目, amount: 1435, basis: [关于印发实施方案的通知, 关于开展试点工作的通知]}\n\
         signoff: {unit: 江门市工业和信息化局, contact: 李四, phone: \"3279820\"}\n\
         indicators:\n  - name: 决策\n",
        "一、资金使用绩效：项目实际支付1033.48万元。\n",
    );
    let mut spend = row("资金支出率", "20", "19.99");
    spend.rule = Rule::Rate;
    spend.formula = Some("(1033.48+100.63)/(1435-300)*20=19.99".into());
    spend.criteria = Some("支付额/预算额度×指标权重".into());
    spend.evidence = Some("1-1. 预算指标结余汇总表".into());
    let mut q1 = row("开展中小企业培训宣讲活动场次", "40", "40");
    q1.rule = Rule::Quantitative;
    q1.target = Some("≥5".into());
    q1.actual = Some("7".into());
    q1.completion = Some(d("140.00"));
    let mut q2 = row("高技术产业增加值增速", "40", "0");
    q2.rule = Rule::Qualitative;
    q2.target = Some("高于当年全市规上工业增加值增速".into());
    q2.actual = Some("-0.5".into());
    q2.reason = Some("受电子行业下滑影响，增加值同比下降。".into());
    let sc3 = scored(
        vec![
            group("决策", "20", vec![], vec![spend]),
            group(
                "产出",
                "40",
                vec![group("数量指标", "40", vec![], vec![q1])],
                vec![],
            ),
            group(
                "效益",
                "40",
                vec![group("经济效益指标", "40", vec![], vec![q2])],
                vec![],
            ),
        ],
        vec![
            budget("initial", "年初预算数", "1435", None),
            budget("total", "总预算", "1435", Some("1033.48")),
        ],
    );
    let e3 = Entry {
        slug: "jm-gxj/2023-project".into(),
        narrative: narrative(root, &r3),
        findings: vec![problem(
            "content/jm-gxj/2023-project.md",
            &t3,
            Diagnostic::error(
                "score-over-weight",
                None,
                "得分 <b>超过</b> 分值",
                "score exceeds weight",
            ),
            "amount: 1435",
        )],
        report: r3,
        scored: sc3,
        system: sys("gd-project"),
        text: t3,
    };

    Site {
        root: root.to_path_buf(),
        config: SiteConfig {
            name: "预算绩效信息公开（测试站点）".into(),
            show_findings,
            ..SiteConfig::default()
        },
        systems,
        facts: [&e1, &e2, &e3].map(jixiao::pipeline::Facts::of).into(),
        entries: vec![e1, e2, e3],
        kept: Vec::new(),
        errors: Vec::new(),
    }
}
