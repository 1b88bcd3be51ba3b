//! Report views shaped like the seeds (`/work/shared/seeds`: 000, 001, 003), built directly so that the
//! PDF tests do not depend on the scoring engine.

use jixiao::model::{Layout, ReportKind};
use jixiao::render::view::{
    BudgetView, Field, GradeBox, GridRow, GroupView, ProjectView, ReportView, SpanCell,
};

fn cell(name: &str, weight: &str, score: &str, rowspan: usize) -> SpanCell {
    SpanCell {
        name: name.into(),
        weight: weight.into(),
        score: score.into(),
        rowspan,
        reconstructed: None,
    }
}

pub fn row(name: &str, weight: &str, score: &str) -> GridRow {
    GridRow {
        l1: None,
        l2: None,
        name: name.into(),
        weight: weight.into(),
        score: score.into(),
        computed: None,
        deduction: "0.00".into(),
        deducted: false,
        stated: Some(score.into()),
        target: None,
        actual: None,
        completion: None,
        formula: None,
        halved: false,
        rule: "judged".into(),
        explanation: None,
        criteria: None,
        reason: None,
        improvement: None,
        evidence: None,
        reconstructed: None,
        items: Vec::new(),
        core: false,
        review: None,
        not_applicable: false,
        stated_differs: false,
        direction: None,
        coefficient: None,
    }
}

fn explained(mut r: GridRow, explanation: &str) -> GridRow {
    r.explanation = Some(explanation.into());
    r
}

fn reasoned(mut r: GridRow, reason: &str, improvement: &str) -> GridRow {
    r.reason = Some(reason.into());
    r.improvement = Some(improvement.into());
    r
}

fn group(name: &str, level: u8, weight: &str, score: &str) -> GroupView {
    let w: f64 = weight.parse().unwrap();
    let s: f64 = score.parse().unwrap();
    GroupView {
        name: name.into(),
        level,
        weight: weight.into(),
        score: format!("{s:.2}"),
        deduction: format!("{:.2}", w - s),
        percent: format!("{:.2}", if w > 0.0 { s * 100.0 / w } else { 0.0 }),
        computed: None,
        reconstructed: None,
    }
}

/// (二级 name, weight, score, rows).
type L2<'a> = (&'a str, &'a str, &'a str, Vec<GridRow>);
/// (一级 name, weight, score, 二级 groups).
type L1<'a> = (&'a str, &'a str, &'a str, Vec<L2<'a>>);

/// Builds the grid (with the 一级/二级 spans) from nested groups.
fn grid(spec: Vec<L1<'_>>) -> (Vec<GridRow>, Vec<GroupView>) {
    let mut rows = Vec::new();
    let mut groups = Vec::new();
    for (n1, w1, s1, subs) in spec {
        groups.push(group(n1, 1, w1, s1));
        let start = rows.len();
        for (n2, w2, s2, rs) in subs {
            groups.push(group(n2, 2, w2, s2));
            let s = rows.len();
            let n = rs.len();
            rows.extend(rs);
            rows[s].l2 = Some(cell(n2, w2, s2, n));
        }
        let n = rows.len() - start;
        rows[start].l1 = Some(cell(n1, w1, s1, n));
    }
    (rows, groups)
}

fn grades(checked: &str) -> Vec<GradeBox> {
    [
        ("优", "90分≤得分≤100分"),
        ("良", "80分≤得分<90分"),
        ("中", "60分≤得分<80分"),
        ("差", "得分<60分"),
    ]
    .iter()
    .map(|(g, r)| GradeBox {
        grade: (*g).into(),
        range: (*r).into(),
        checked: *g == checked,
    })
    .collect()
}

fn budget(key: &str, label: &str, amount: &str) -> BudgetView {
    BudgetView {
        key: key.into(),
        label: label.into(),
        budget: amount.into(),
        spent: None,
        rate: None,
        computed_rate: None,
        stated_rate: None,
        rate_differs: false,
    }
}

const IMPROVE: &str = "强化项目日常绩效监控，及时调整经费预算安排及项目绩效指标值。";

fn department_grid() -> (Vec<GridRow>, Vec<GroupView>) {
    let mut outputs = explained(
        row("部门整体绩效目标产出指标完成情况", "10", "8.95"),
        "反映年度预算编报时确定的部门整体预算绩效目标中产出指标完成情况。",
    );
    outputs = reasoned(
        outputs,
        "部分指标实际完成值比年初目标值高于150%减半得分或低于100%按比例计分。例如：“课题研究报告完成数”指标完成率为60%。",
        IMPROVE,
    );
    outputs.rule = "aggregate".into();
    let mut item = row("课题研究报告完成数", "1", "0.60");
    item.target = Some("5份".into());
    item.actual = Some("3份".into());
    item.completion = Some("60.00%".into());
    item.formula = Some("3/5*1=0.60".into());
    item.rule = "quantitative".into();
    let mut item2 = row("支持提质增效试点园区发展家数", "1", "0.50");
    item2.target = Some("≥10家".into());
    item2.actual = Some("23家".into());
    item2.completion = Some("230.00%".into());
    item2.halved = true;
    item2.rule = "quantitative".into();
    outputs.items = vec![item, item2];
    let mut special_rate = explained(
        row("专项资金支出率", "5", "4.62"),
        "反映部门主管专项资金到年底的实际支出使用进度。",
    );
    special_rate.formula = Some("92.31%*5=4.62".into());
    special_rate.completion = Some("92.31%".into());
    special_rate.rule = "rate".into();
    special_rate.improvement = Some(IMPROVE.into());
    grid(vec![
        (
            "履职效能",
            "50",
            "47.37",
            vec![
                (
                    "整体效能",
                    "25",
                    "22.95",
                    vec![
                        outputs,
                        reasoned(
                            explained(
                                row("部门整体绩效目标效益指标完成情况", "10", "9.5"),
                                "反映年度预算编报时确定的部门预算整体绩效目标中绩效指标完成情况。",
                            ),
                            "部分指标实际完成值比年初目标值高于150%。例如：“新增自主品牌汽车新车型数量”高出指标值250%。",
                            IMPROVE,
                        ),
                        reasoned(
                            explained(
                                row("部门预算资金支出率", "5", "4.5"),
                                "反映部门预算资金支出进度。",
                            ),
                            "因为疫情原因，部分项目取消或者延迟结题，按月度一般公共预算支出执行率计算平均执行率为90%，按比例计分。",
                            IMPROVE,
                        ),
                    ],
                ),
                (
                    "专项效能",
                    "25",
                    "24.42",
                    vec![
                        reasoned(
                            explained(
                                row("专项资金绩效完成情况", "20", "19.8"),
                                "反映部门专项资金绩效目标的完成情况。",
                            ),
                            "存在个别指标未完成，扣1分，如虚拟电厂需求响应电力用户数指标值20家，实际完成值17家。",
                            IMPROVE,
                        ),
                        special_rate,
                    ],
                ),
            ],
        ),
        (
            "管理效率",
            "50",
            "46.94",
            vec![
                (
                    "预算编制",
                    "3",
                    "3",
                    vec![explained(
                        row("新增预算项目事前绩效评估", "3", "3"),
                        "反映部门对申请新增预算的入库项目开展事前绩效评估工作的落实情况。",
                    )],
                ),
                (
                    "预算执行",
                    "4",
                    "4",
                    vec![
                        explained(
                            row("结转结余率", "2", "2"),
                            "部门（单位）当年度结转结余与当年度预算总额的比率，用以反映和考核部门（单位）对结转结余资金的实际控制程度。",
                        ),
                        explained(
                            row("财务管理合规性", "2", "2"),
                            "反映部门（单位）财务管理的规范性",
                        ),
                    ],
                ),
                (
                    "信息公开",
                    "4",
                    "4",
                    vec![
                        explained(
                            row("预决算公开合规性", "2", "2"),
                            "反映部门（单位）预算决算公开执行到位情况",
                        ),
                        explained(
                            row("绩效信息公开情况", "2", "2"),
                            "反映部门（单位）绩效信息公开执行到位情况",
                        ),
                    ],
                ),
                (
                    "绩效管理",
                    "15",
                    "14",
                    vec![
                        explained(
                            row("绩效管理制度建设", "5", "5"),
                            "反映部门对机关和下属单位、专项资金等绩效目标管理、绩效运行监控、绩效评价管理和评价结果应用等预算绩效管理制度的建设和执行情况",
                        ),
                        reasoned(
                            explained(
                                row("绩效结果应用", "3", "2"),
                                "反映部门对监控预警结果处理、绩效自评结果和重点评价意见等的整改应用情况。",
                            ),
                            "部分项目绩效指标未及时调整，影响了项目绩效自评结果，如：支持提质增效试点园区发展家数“年度目标值10家”，“实际完成值23家”。",
                            IMPROVE,
                        ),
                        explained(
                            row("绩效管理制度执行", "7", "7"),
                            "反映部门对机关和下属单位绩效目标管理、绩效运行监控、绩效评价管理等预算绩效管理制度的执行情况",
                        ),
                    ],
                ),
                (
                    "采购管理",
                    "10",
                    "8.44",
                    vec![
                        reasoned(
                            explained(
                                row("采购意向公开合规性", "2", "1"),
                                "反映采购意向公开完整性、及时性情况。",
                            ),
                            "采购公开不全",
                            "已改进。",
                        ),
                        explained(
                            row("采购内控制度建设", "1", "1"),
                            "反映部门政府采购内部控制管理制度建设情况。",
                        ),
                        explained(
                            row("采购活动合规性", "2", "2"),
                            "反映部门政府采购活动合法合规性情况。",
                        ),
                        explained(
                            row("采购合同签订时效性", "3", "3"),
                            "反映政府采购合同签订及时性情况。",
                        ),
                        reasoned(
                            explained(
                                row("合同备案时效性", "1", "0.5"),
                                "反映采购合同备案及时性情况。",
                            ),
                            "部分合同未能在2个工作日内在“广东省政府采购网”备案公开。",
                            "下一步加强合同管理，强化处室及时进行合同备案的意识。",
                        ),
                        reasoned(
                            explained(
                                row("采购政策效能", "1", "0.94"),
                                "反映部门采购政策执行的效果情况。",
                            ),
                            "94%",
                            "及时调整经费预算安排",
                        ),
                    ],
                ),
                (
                    "资产管理",
                    "10",
                    "9.5",
                    vec![
                        explained(
                            row("资产配置合规性", "2", "2"),
                            "反映单位办公室面积和办公设备配置是否超过规定标准。",
                        ),
                        explained(
                            row("资产收益上缴的及时性", "1", "1"),
                            "反映单位资产处置和使用收益上缴的及时性。",
                        ),
                        explained(
                            row("资产盘点情况", "1", "1"),
                            "反映单位是否每年按要求进行资产盘点。",
                        ),
                        explained(
                            row("数据质量", "2", "2"),
                            "反映部门（单位）行政事业性国有资产年报数据质量。",
                        ),
                        reasoned(
                            explained(
                                row("资产管理合规性", "2", "1.5"),
                                "反映部门（单位）资产管理是否合规。",
                            ),
                            "市产业发展中心个别资产处于闲置状态、采购的固定资产未办理入库手续。",
                            "已对部份闲置资产再次投入使用，其余资产已达到可更新报废年限并已开展报废处置工作。",
                        ),
                        explained(
                            row("固定资产利用率", "2", "2"),
                            "部门（单位）实际在用固定资产总额与所有固定资产总额的比率，用以反映和考核部门（单位）固定资产使用效率程度。",
                        ),
                    ],
                ),
                (
                    "运行成本",
                    "4",
                    "4",
                    vec![
                        explained(
                            row("公用经费控制率", "2", "2"),
                            "部门（单位）本年度实际支出的公用经费总额与预算安排的公用经费总额的比率，用以反映和考核部门（单位）对机构运转成本的实际控制程度。",
                        ),
                        explained(
                            row("“三公”经费控制情况", "2", "2"),
                            "反映部门（单位）对“三公”经费的控制效果。",
                        ),
                    ],
                ),
            ],
        ),
    ])
}

fn base(
    slug: &str,
    layout: Layout,
    kind: ReportKind,
    title: &str,
    unit: &str,
    year: i32,
) -> ReportView<'static> {
    ReportView {
        entry: None,
        key: None,
        slug: slug.into(),
        source: format!("content/{slug}.md"),
        kind,
        kind_zh: match kind {
            ReportKind::Department => "部门整体支出绩效自评".into(),
            ReportKind::Project => "项目支出绩效自评".into(),
        },
        layout,
        form: match kind {
            ReportKind::Department => "department".into(),
            ReportKind::Project => "project".into(),
        },
        system_id: "gz-department-city".into(),
        system_name: "广州市部门整体支出绩效评价指标体系（市直）".into(),
        unit: unit.into(),
        year,
        title: title.into(),
        draft: false,
        year_in_title: false,
        sub_units: None,
        project: None,
        signoff: Vec::new(),
        goals: Vec::new(),
        goals_in_narrative: false,
        completion: None,
        shortfall: None,
        total: "0.00".into(),
        computed_total: None,
        weight_total: "100".into(),
        stated_total: None,
        stated_total_differs: false,
        review_total: None,
        review_grade: None,
        not_applicable_weight: "0".into(),
        national: None,
        grade: "优".into(),
        computed_grade: None,
        grades: grades("优"),
        budget: Vec::new(),
        grid: Vec::new(),
        groups: Vec::new(),
        findings: &[],
        // A view borrows its narrative from the loaded report; these hand-made views have none.
        narrative: narrative(""),
    }
}

/// Seed 000: 广州市工业和信息化局 2022 部门整体支出绩效自评表 (table form).
/// A narrative for a hand-made view, which borrows it as a view borrows its report's (leaked: a
/// test's few views live as long as the test).
pub fn narrative(
    text: impl Into<jixiao::narrative::Narrative>,
) -> &'static jixiao::narrative::Narrative {
    Box::leak(Box::new(text.into()))
}

pub fn seed000() -> ReportView<'static> {
    let mut v = base(
        "guangzhou-gxj/2022-table",
        Layout::Table,
        ReportKind::Department,
        "部门整体支出绩效自评表",
        "广州市工业和信息化局",
        2022,
    );
    v.sub_units = Some(3);
    v.goals = vec![
        "目标1：持续强化经济运行监测。通过开展经济运行监测，落实政策支持措施，主动服务重点工业区、企业（项目），促进工业经济平稳较快发展。".into(),
        "目标2：推动产业高质量发展。通过全面实施以市领导为“链长”和以龙头企业为“链主”的双链式“链长制”，推动产业链高质量发展。".into(),
        "目标3：激发数字经济活力。通过落实《广州数字经济促进条例》，促进数字化和产业数字化。".into(),
    ];
    v.completion = Some("一是持续强化经济运行监测。工业增加值占GDP比重达24.1%，同比提高0.3个百分点，连续两年企稳回升。\n二是推动产业高质量发展。入选国家首批产业链供应链生态体系建设试点城市。\n三是激发数字经济活力。5G基站持续四年排名全省第一。".into());
    v.shortfall = Some("无".into());
    v.budget = vec![
        budget("total", "总预算", "303,054.14"),
        budget("basic", "基本支出", "14,225.14"),
        budget("project", "项目支出", "7,357.27"),
        budget("special", "专项资金", "238,331.68"),
        budget("other", "其他事业发展支出", "43,140.05"),
        budget("city", "市本级资金", "193,807.00"),
        budget("transfer", "对下转移支付", "87,664.73"),
    ];
    let (g, groups) = department_grid();
    v.grid = g;
    v.groups = groups;
    v.total = "94.31".into();
    v.stated_total = Some("94.31".into());
    v.signoff = vec![
        Field {
            label: "填报单位".into(),
            value: "广州市工业和信息化局".into(),
        },
        Field {
            label: "联系人".into(),
            value: "张三".into(),
        },
        Field {
            label: "联系电话".into(),
            value: "020-12345678".into(),
        },
        Field {
            label: "填报日期".into(),
            value: "2023年4月20日".into(),
        },
    ];
    v.narrative = narrative(
        "## 说明\n\n本表依据《广州市财政局关于开展2022年度部门整体支出绩效自评工作的通知》填报，\n自评得分 94.31 分，评价等级为优。\n",
    );
    v
}

/// Seed 003: 广州市工业和信息化局 2023 部门整体支出绩效自评报告 (narrative report).
pub fn seed003() -> ReportView<'static> {
    let mut v = base(
        "guangzhou-gxj/2023-report",
        Layout::Report,
        ReportKind::Department,
        "部门整体支出绩效自评报告",
        "广州市工业和信息化局",
        2023,
    );
    let (g, groups) = department_grid();
    v.grid = g;
    v.groups = groups;
    v.total = "90.74".into();
    v.budget = vec![
        BudgetView {
            key: "total".into(),
            label: "总预算".into(),
            budget: "447,790.64".into(),
            spent: Some("425,020.15".into()),
            rate: Some("94.91%".into()),
            computed_rate: None,
            stated_rate: Some("94.91%".into()),
            rate_differs: false,
        },
        budget("basic", "基本支出", "15,002.10"),
        budget("project", "项目支出", "432,788.54"),
    ];
    v.signoff = vec![
        Field {
            label: "填报单位".into(),
            value: "广州市工业和信息化局".into(),
        },
        Field {
            label: "填报日期".into(),
            value: "2024年5月10日".into(),
        },
    ];
    v.narrative = narrative(NARRATIVE_003);
    v
}

pub const NARRATIVE_003: &str = "## 一、部门基本情况

### （一）部门职能

1.拟订工业、信息化领域的地方性法规、规章草案。研究提
出全市新型工业化发展战略，推进信息化和工业化、生产服务业
与制造业融合发展。

2.拟订并组织实施工业、信息化领域的发展规划、计划及有
关产业政策。组织拟订相关产业技术规范和标准并实施。

### （二）年度收支情况

2023年度部门预算总额 447,790.64 万元，支出 425,020.15 万元，
执行率 94.91%。

| 项目 | 预算数（万元） | 执行数（万元） | 执行率 |
|:--|--:|--:|--:|
| 总预算 | 447,790.64 | 425,020.15 | 94.91% |
| 基本支出 | 15,002.10 | 14,880.00 | 99.19% |

## 二、绩效自评情况

### （一）自评结论

根据部门整体支出绩效评价指标体系，我局 2023 年度部门整体支出绩效自评得分 **90.74 分**，评价等级为“优”。

### （二）履职效能分析

1. 部门整体绩效目标产出指标完成情况。分值 10 分，自评得 9.35 分，扣 0.65 分。主要原因：部分指标未达标[^1]。
2. 专项资金支出率。分值 5 分，自评得 4.75 分，扣 0.25 分。计算：5*94.91%=4.75。

> 注：专项资金支出率按市财政局口径计算。

## 三、存在的主要问题

一是部分绩效指标值设置及表述不够合理。

二是部分绩效指标未达标。

## 四、下一步改进措施

一是规范绩效目标和绩效指标填写，合理设置绩效目标、绩效指标及预期实现值，切实发挥绩效工作的导向作用。

[^1]: 如“课题研究报告完成数”年初目标 5 份，实际完成 3 份。
";

/// Seed 001: 江门市工业和信息化局 2023 项目绩效自评指标评分表 (project, table form).
pub fn seed001() -> ReportView<'static> {
    let mut v = base(
        "jiangmen-gxj/2023-project",
        Layout::Table,
        ReportKind::Project,
        "项目绩效自评指标评分表",
        "江门市工业和信息化局",
        2023,
    );
    v.system_id = "gd-project".into();
    v.system_name = "广东省项目支出绩效自评指标体系".into();
    v.project = Some(ProjectView {
        name: Some("工业发展管理经费".into()),
        level: Some("一级项目".into()),
        amount: Some("1435".into()),
        basis: vec![
            "广东省工业和信息化厅关于印发支持高标准建设承接产业有序转移主平台的实施方案的通知"
                .into(),
            "江门市工业和信息化局关于印发《2023年江门“市长杯”工业设计大赛实施方案》的通知".into(),
        ],
    });
    v.goals =
        vec!["落实省委省政府、市委市政府工作部署，坚持工业立市制造强市，深入推进“工业振兴”“园区再造”工程。".into()];
    v.completion = Some(
        "1. 2023年规上工业总产值超5800亿元。\n2. 成功举办2023年“市长杯”工业设计大赛，共收到参赛作品2368件。".into(),
    );
    v.budget = vec![
        budget("initial", "年初预算数", "1,435.00"),
        BudgetView {
            key: "total".into(),
            label: "全年预算数".into(),
            budget: "1,435.00".into(),
            spent: Some("1,033.48".into()),
            rate: Some("72.02%".into()),
            computed_rate: None,
            stated_rate: None,
            rate_differs: false,
        },
    ];
    let q = |name: &str, target: &str, actual: &str| {
        let mut r = row(name, "2.22", "2.22");
        r.target = Some(target.into());
        r.actual = Some(actual.into());
        r.rule = "quantitative".into();
        r.reason = Some("/".into());
        r
    };
    let mut rate = row("资金支出率", "12", "11.99");
    rate.formula = Some("(1033.48+100.63)/(1435-300)*12=11.99".into());
    rate.reason = Some(
        "受财政库款紧张影响,2023年该项目实际支付1033.48万元,待付项目100.63万元。另外,市财政局于年中压减了300万元。"
            .into(),
    );
    rate.criteria = Some("主要依据“支付额/预算额度*100*指标权重”计算核定得分。".into());
    rate.evidence =
        Some("1-1. 预算指标结余汇总表(市工信局2023年全年) 1-2. 2023年待支付项目明细表".into());
    let mut watch = row("监管有效性", "8", "8");
    watch.evidence = Some("2. 部分经费项目履约验收表".into());
    let mut hi = q(
        "高技术产业增加值增速",
        "高于当年全市规上工业增加值增速",
        "-0.5",
    );
    hi.weight = "3.33".into();
    hi.score = "0.00".into();
    hi.rule = "qualitative".into();
    hi.reason = Some(
        "该项指标为市发展改革委牵头指标，因高技术制造业受电子行业下滑影响，增加值同比下降。".into(),
    );
    let (g, groups) = grid(vec![
        (
            "决策",
            "20",
            "19.99",
            vec![
                ("资金管理", "12", "11.99", vec![rate]),
                ("事项管理", "8", "8", vec![watch]),
            ],
        ),
        (
            "产出",
            "40",
            "40",
            vec![(
                "数量指标",
                "33.3",
                "33.3",
                vec![
                    q("服务的工业企业家次", "300", "305"),
                    q("开展中小企业培训宣讲活动场次(场)", "≥5", "7"),
                    q("征集参赛作品数量", "2000件以上", "2368件"),
                    q(
                        "组织工业设计师走进产业集群活动场数",
                        "不少于5场(次)",
                        "5批次",
                    ),
                ],
            )],
        ),
        (
            "效益",
            "40",
            "36.67",
            vec![(
                "经济效益指标",
                "9.99",
                "6.66",
                vec![hi, q("生产制造企业工业设计能力", "有所增强", "有增强")],
            )],
        ),
    ]);
    v.grid = g;
    v.groups = groups;
    v.total = "96.66".into();
    v.signoff = vec![
        Field {
            label: "填报单位".into(),
            value: "江门市工业和信息化局".into(),
        },
        Field {
            label: "联系人".into(),
            value: "李凤笑".into(),
        },
        Field {
            label: "联系电话".into(),
            value: "3279820".into(),
        },
    ];
    v.narrative = narrative(
        "一、资金使用绩效：\n\n（一）资金支出情况：2023年工业发展管理经费预算1435万元。\n",
    );
    v
}
