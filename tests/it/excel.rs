//! Excel in and out (`jixiao import`, `jixiao export --xlsx`, `build --xlsx`).
//!
//! The workbooks imported here are made by the tests themselves, in the official layouts of the three
//! forms (广东 部门整体支出绩效自评表, 广东 项目绩效自评指标评分表, 财政部 项目支出绩效自评表), with what real
//! workbooks have: merged 一级/二级 cells, titles merged across columns, numbers stored as text,
//! full-width digits, percent-formatted cells, empty rows. Each import is compared with its golden
//! file under `tests/excel/` (`JIXIAO_BLESS=1` rewrites them) and checked in a site: `check` gives the
//! workbook's total. The exported workbooks are read back with calamine: cells, merges, print setup,
//! the same bytes for the same site, and export → import gives the same indicator data.

use calamine::{Data, Reader, Xlsx};
use jixiao::import::{self, Options, emit};
use jixiao::model::system;
use jixiao::pipeline::{self, Site};
use jixiao::render::{self, xlsx::report_workbook};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::JIXIAO;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ----- writing workbooks in the official layouts -----

pub(crate) fn text(ws: &mut Worksheet, r: u32, c: u16, t: &str) {
    ws.write_string(r, c, t).unwrap();
}

pub(crate) fn num(ws: &mut Worksheet, r: u32, c: u16, n: f64) {
    ws.write_number(r, c, n).unwrap();
}

/// A merged range with text; a one-cell range is a plain cell.
pub(crate) fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, t: &str) {
    if (r0, c0) == (r1, c1) {
        text(ws, r0, c0, t);
    } else {
        ws.merge_range(r0, c0, r1, c1, t, &Format::new()).unwrap();
    }
}

/// A merged range holding a number.
fn merge_num(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, n: f64) {
    if (r0, c0) != (r1, c1) {
        ws.merge_range(r0, c0, r1, c1, "", &Format::new()).unwrap();
    }
    num(ws, r0, c0, n);
}

pub(crate) fn save(wb: &mut Workbook, dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    wb.save(&p).unwrap();
    p
}

/// One 三级 row of a department form: (一级, 二级, 三级, 分值, 得分, 未达标原因, 改进措施).
type DeptRow = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    &'static str,
    &'static str,
);

const IMPROVE: &str = "强化项目日常绩效监控，及时调整经费预算安排。";

/// The 广州 市直 system's rows with the seed 000 scores: total 94.31.
const DEPT_ROWS: [DeptRow; 27] = [
    (
        "履职效能",
        "整体效能",
        "部门整体绩效目标产出指标完成情况",
        10.0,
        "８．９５",
        "部分指标完成率低于100%，按比例计分。",
        IMPROVE,
    ),
    (
        "履职效能",
        "整体效能",
        "部门整体绩效目标效益指标完成情况",
        10.0,
        "9.5",
        "部分指标实际完成值比年初目标值高于150%。",
        IMPROVE,
    ),
    (
        "履职效能",
        "整体效能",
        "部门预算资金支出率",
        5.0,
        "4.5",
        "按月度一般公共预算支出执行率计算平均执行率为90%，按比例计分。",
        IMPROVE,
    ),
    (
        "履职效能",
        "专项效能",
        "专项资金绩效完成情况",
        20.0,
        "19.8",
        "存在个别指标未完成，扣1分。",
        IMPROVE,
    ),
    (
        "履职效能",
        "专项效能",
        "专项资金支出率",
        5.0,
        "4.62",
        "专项资金支出进度=92.31%*5=4.62",
        IMPROVE,
    ),
    (
        "管理效率",
        "预算编制",
        "新增预算项目事前绩效评估",
        3.0,
        "3",
        "",
        "",
    ),
    ("管理效率", "预算执行", "结转结余率", 2.0, "2", "", ""),
    ("管理效率", "预算执行", "财务管理合规性", 2.0, "2", "", ""),
    ("管理效率", "信息公开", "预决算公开合规性", 2.0, "2", "", ""),
    ("管理效率", "信息公开", "绩效信息公开情况", 2.0, "2", "", ""),
    ("管理效率", "绩效管理", "绩效管理制度建设", 5.0, "5", "", ""),
    (
        "管理效率",
        "绩效管理",
        "绩效结果应用",
        3.0,
        "2",
        "部分项目绩效指标未及时调整。",
        IMPROVE,
    ),
    ("管理效率", "绩效管理", "绩效管理制度执行", 7.0, "7", "", ""),
    (
        "管理效率",
        "采购管理",
        "采购意向公开合规性",
        2.0,
        "1",
        "采购公开不全",
        "已改进。",
    ),
    ("管理效率", "采购管理", "采购内控制度建设", 1.0, "1", "", ""),
    ("管理效率", "采购管理", "采购活动合规性", 2.0, "2", "", ""),
    (
        "管理效率",
        "采购管理",
        "采购合同签订时效性",
        3.0,
        "3",
        "",
        "",
    ),
    (
        "管理效率",
        "采购管理",
        "合同备案时效性",
        1.0,
        "0.5",
        "部分合同未能在2个工作日内备案公开。",
        "加强合同管理。",
    ),
    (
        "管理效率",
        "采购管理",
        "采购政策效能",
        1.0,
        "0.94",
        "94%",
        "及时调整经费预算安排",
    ),
    ("管理效率", "资产管理", "资产配置合规性", 2.0, "2", "", ""),
    (
        "管理效率",
        "资产管理",
        "资产收益上缴的及时性",
        1.0,
        "1",
        "",
        "",
    ),
    ("管理效率", "资产管理", "资产盘点情况", 1.0, "1", "", ""),
    ("管理效率", "资产管理", "数据质量", 2.0, "2", "", ""),
    (
        "管理效率",
        "资产管理",
        "资产管理合规性",
        2.0,
        "1.5",
        "个别资产处于闲置状态。",
        "已开展报废处置工作。",
    ),
    ("管理效率", "资产管理", "固定资产利用率", 2.0, "2", "", ""),
    ("管理效率", "运行成本", "公用经费控制率", 2.0, "2", "", ""),
    (
        "管理效率",
        "运行成本",
        "“三公”经费控制情况",
        2.0,
        "2",
        "",
        "",
    ),
];

fn weight_of(group: &str) -> f64 {
    match group {
        "履职效能" | "管理效率" => 50.0,
        "整体效能" | "专项效能" => 25.0,
        "预算编制" => 3.0,
        "预算执行" | "信息公开" | "运行成本" => 4.0,
        "绩效管理" => 15.0,
        _ => 10.0,
    }
}

/// 广东 部门整体支出绩效自评表, as seed 000: 二级/三级 titles merged over their 分值 columns, 指标解释
/// over two columns, 一级/二级 merged down, an empty row inside a 一级, the 一级 分值 as text
/// ("50.00"), a full-width score, the 总预算 with thousands separators as text.
fn department_workbook(dir: &Path, with_unit: bool) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("部门整体自评表").unwrap();
    merge(ws, 0, 0, 0, 10, "部门整体支出绩效自评表");
    merge(ws, 1, 0, 1, 10, "(2022年度)");
    merge(ws, 2, 0, 2, 10, "部门基本情况");
    if with_unit {
        text(ws, 3, 0, "部门名称");
        merge(ws, 3, 1, 3, 5, "示例市工业和信息化局");
    }
    text(ws, 3, 6, "单位数:");
    text(ws, 3, 7, "３");
    text(ws, 4, 0, "年度整体绩效目标");
    merge(
        ws,
        4,
        1,
        4,
        10,
        "目标1：持续强化经济运行监测。\n目标2：推动产业高质量发展。",
    );
    text(ws, 5, 0, "整体绩效目标完成情况");
    merge(
        ws,
        5,
        1,
        5,
        10,
        "一是持续强化经济运行监测。\n二是推动产业高质量发展。",
    );
    text(ws, 6, 0, "未能完成原因");
    merge(ws, 6, 1, 6, 10, "无");
    merge(ws, 7, 0, 9, 0, "年度部门预算情况");
    merge(ws, 7, 1, 8, 1, "总预算 (万元)");
    merge(ws, 7, 2, 7, 3, "部门预算");
    merge(ws, 7, 4, 7, 5, "事业发展支出");
    merge(ws, 7, 6, 7, 7, "事业发展支出(按预算级次划分)");
    for (c, t) in [
        "基本支出",
        "项目支出",
        "专项资金",
        "其他事业发展支出",
        "市本级资金",
        "对下转移支付",
    ]
    .iter()
    .enumerate()
    {
        text(ws, 8, 2 + c as u16, t);
    }
    text(ws, 9, 1, "303,054.14");
    for (c, n) in [14225.14, 7357.27, 238331.68, 43140.05, 193807.0, 87664.73]
        .iter()
        .enumerate()
    {
        num(ws, 9, 2 + c as u16, *n);
    }
    let h = 11;
    text(ws, h, 0, "一级指标");
    text(ws, h, 1, "分值");
    merge(ws, h, 2, h, 3, "二级指标");
    merge(ws, h, 4, h, 5, "三级指标");
    merge(ws, h, 6, h, 7, "指标解释");
    text(ws, h, 8, "得分/自评分");
    text(ws, h, 9, "未达标原因");
    text(ws, h, 10, "改进措施");
    let mut rows: Vec<Option<DeptRow>> = DEPT_ROWS.iter().copied().map(Some).collect();
    // An empty row between 整体效能 and 专项效能, inside the 履职效能 merge.
    rows.insert(3, None);
    let mut r = h + 1;
    let mut i = 0;
    while i < rows.len() {
        // The 一级 span: rows up to the next 一级 (empty rows included).
        let l1 = rows[i].unwrap().0;
        let end1 = (i..rows.len())
            .take_while(|&j| rows[j].is_none_or(|x| x.0 == l1))
            .last()
            .unwrap();
        let n1 = (end1 - i) as u32;
        merge(ws, r, 0, r + n1, 0, l1);
        if l1 == "履职效能" {
            ws.merge_range(r, 1, r + n1, 1, "50.00", &Format::new())
                .unwrap();
        } else {
            merge_num(ws, r, 1, r + n1, 1, weight_of(l1));
        }
        let mut j = i;
        while j <= end1 {
            let Some(first) = rows[j] else {
                j += 1;
                r += 1;
                continue;
            };
            let end2 = (j..=end1)
                .take_while(|&k| rows[k].is_some_and(|x| x.1 == first.1))
                .last()
                .unwrap();
            let n2 = (end2 - j) as u32;
            merge(ws, r, 2, r + n2, 2, first.1);
            merge_num(ws, r, 3, r + n2, 3, weight_of(first.1));
            for (k, row) in rows.iter().enumerate().take(end2 + 1).skip(j) {
                let (_, _, name, w, score, reason, improvement) = row.unwrap();
                let rr = r + (k - j) as u32;
                text(ws, rr, 4, name);
                num(ws, rr, 5, w);
                let expl = match name {
                    "部门预算资金支出率" => "反映部门预算资金支出进度。",
                    "新增预算项目事前绩效评估" => {
                        "反映部门对申请新增预算的入库项目开展事前绩效评估工作的落实情况。"
                    }
                    _ => "",
                };
                merge(ws, rr, 6, rr, 7, expl);
                match score.parse::<f64>() {
                    Ok(n) => num(ws, rr, 8, n),
                    Err(_) => text(ws, rr, 8, score),
                }
                text(ws, rr, 9, reason);
                text(ws, rr, 10, improvement);
            }
            r += n2 + 1;
            j = end2 + 1;
        }
        i = end1 + 1;
    }
    text(ws, r, 0, "总分");
    num(ws, r, 1, 100.0);
    num(ws, r, 8, 94.31);
    text(ws, r + 1, 0, "评价等级");
    merge(
        ws,
        r + 1,
        1,
        r + 1,
        10,
        "☑优 90分≤得分≤100分；☐良 80分≤得分<90分；☐中 60分≤得分<80分；☐差 得分<60分",
    );
    text(ws, r + 3, 0, "填报人");
    text(ws, r + 3, 1, "王五");
    text(ws, r + 3, 2, "联系电话");
    text(ws, r + 3, 3, "020-12345678");
    save(&mut wb, dir, "部门整体自评表.xlsx")
}

/// One 三级 row of a project form: (一级, 二级, 三级, 权重, 预期值, 实现值, 自评分数, 未达标原因).
type ProjRow = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    &'static str,
    f64,
    &'static str,
);

/// 决策 20 / 产出 40 / 效益 40: total 98.49. `%` targets become percent-formatted numbers.
const GD_ROWS: [ProjRow; 9] = [
    (
        "决策",
        "资金管理",
        "资金支出率",
        12.0,
        "",
        "",
        11.99,
        "年中压减预算，待付款项计入支出：(480+19.5)/(500-0)*12=11.99",
    ),
    ("决策", "事项管理", "监管有效性", 8.0, "", "", 8.0, "/"),
    (
        "产出",
        "数量指标",
        "开展培训宣讲活动场次(场)",
        10.0,
        "≥5",
        "7",
        10.0,
        "/",
    ),
    (
        "产出",
        "数量指标",
        "征集参赛作品数量",
        10.0,
        "2000件以上",
        "2368件",
        10.0,
        "/",
    ),
    (
        "产出",
        "数量指标",
        "服务企业覆盖率",
        10.0,
        "90%",
        "95%",
        10.0,
        "/",
    ),
    (
        "产出",
        "质量指标",
        "资金使用合规性",
        10.0,
        "合规",
        "合规",
        10.0,
        "/",
    ),
    (
        "效益",
        "社会效益指标",
        "企业政策认知",
        15.0,
        "有所提高",
        "有提高",
        15.0,
        "/",
    ),
    (
        "效益",
        "社会效益指标",
        "为企业解决的问题数量",
        15.0,
        "≥20项",
        "18项",
        13.5,
        "部分诉求仍在协调中。",
    ),
    (
        "效益",
        "满意度指标",
        "服务对象满意度",
        10.0,
        "≥85%",
        "90%",
        10.0,
        "/",
    ),
];

fn gd_weight(group: &str) -> f64 {
    match group {
        "决策" => 20.0,
        "产出" | "效益" => 40.0,
        "资金管理" => 12.0,
        "事项管理" => 8.0,
        "数量指标" | "社会效益指标" => 30.0,
        _ => 10.0,
    }
}

/// Row spans of consecutive equal keys: `(first, last)` indices.
fn spans<T>(items: &[T], key: impl Fn(&T) -> &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match out.last_mut() {
            Some((s, e)) if key(&items[*s]) == key(it) => *e = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// 广东 项目绩效自评指标评分表, as seed 001: the three-row header with merges (评价指标 over six
/// columns, the other titles merged down), 一级/二级 merged down with their 权重, percent-formatted
/// targets, a phone number stored as a number.
fn gd_project_workbook(dir: &Path) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let pct = Format::new().set_num_format("0%");
    merge(ws, 0, 0, 0, 11, "项目绩效自评指标评分表");
    merge(ws, 1, 0, 1, 5, "填报单位名称：示例市工业和信息化局");
    merge(ws, 1, 6, 1, 11, "金额单位：万元");
    merge(ws, 2, 0, 4, 0, "基本情况");
    text(ws, 2, 1, "项目名称");
    merge(ws, 2, 2, 2, 5, "示例项目经费");
    text(ws, 2, 6, "评价年度");
    text(ws, 2, 7, "2023年");
    text(ws, 2, 8, "评价金额");
    num(ws, 2, 9, 500.0);
    text(ws, 3, 1, "联系人");
    merge(ws, 3, 2, 3, 5, "李四");
    text(ws, 3, 6, "联系电话");
    num(ws, 3, 7, 3279820.0);
    text(ws, 3, 8, "联系邮箱");
    text(ws, 4, 1, "实施文件依据");
    merge(
        ws,
        4,
        2,
        4,
        7,
        "1. 关于印发甲方案的通知\n2. 关于组织乙活动的通知",
    );
    text(ws, 4, 8, "项目级次");
    text(ws, 4, 9, "一级项目");
    merge(ws, 5, 0, 7, 0, "资金情况");
    text(ws, 5, 1, "资金安排情况");
    text(ws, 5, 2, "预算计划安排");
    num(ws, 5, 3, 500.0);
    text(ws, 6, 2, "实际分配下达");
    text(ws, 6, 3, "市本级");
    num(ws, 6, 4, 500.0);
    text(ws, 6, 5, "转移支付至下级");
    num(ws, 6, 6, 0.0);
    text(ws, 7, 1, "资金使用情况");
    text(ws, 7, 2, "实际支出金额");
    text(ws, 7, 3, "市本级");
    num(ws, 7, 4, 480.0);
    text(ws, 7, 5, "转移支付至下级");
    num(ws, 7, 6, 0.0);
    text(ws, 8, 0, "绩效目标情况");
    text(ws, 8, 1, "预期总体目标");
    merge(ws, 8, 2, 8, 5, "落实工作部署，推动经济高质量发展。");
    text(ws, 8, 6, "是否如期实现预期总体目标");
    merge(ws, 8, 7, 8, 11, "1. 完成培训宣讲。\n2. 成功举办大赛。");
    merge(ws, 9, 0, 9, 11, "指标评分表");
    merge(ws, 10, 0, 10, 5, "评价指标");
    for (c, t) in [
        "评价年度预期值",
        "评价年度实现值",
        "自评分数",
        "未达标原因分析",
        "评分标准",
        "参考佐证材料 (说明:本栏为参考佐证材料)",
    ]
    .iter()
    .enumerate()
    {
        merge(ws, 10, 6 + c as u16, 12, 6 + c as u16, t);
    }
    merge(ws, 11, 0, 11, 1, "一级指标");
    merge(ws, 11, 2, 11, 3, "二级指标");
    merge(ws, 11, 4, 11, 5, "三级指标");
    for c in 0..3u16 {
        text(ws, 12, 2 * c, "名称");
        text(ws, 12, 2 * c + 1, "权重(%)");
    }
    let top = 13u32;
    for (s, e) in spans(&GD_ROWS, |r| r.0) {
        merge(ws, top + s as u32, 0, top + e as u32, 0, GD_ROWS[s].0);
        merge_num(
            ws,
            top + s as u32,
            1,
            top + e as u32,
            1,
            gd_weight(GD_ROWS[s].0),
        );
    }
    for (s, e) in spans(&GD_ROWS, |r| r.1) {
        merge(ws, top + s as u32, 2, top + e as u32, 2, GD_ROWS[s].1);
        merge_num(
            ws,
            top + s as u32,
            3,
            top + e as u32,
            3,
            gd_weight(GD_ROWS[s].1),
        );
    }
    for (i, (_, _, name, w, target, actual, score, reason)) in GD_ROWS.iter().enumerate() {
        let r = top + i as u32;
        text(ws, r, 4, name);
        num(ws, r, 5, *w);
        for (c, t) in [(6u16, *target), (7, *actual)] {
            match t.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
                Some(p) => {
                    ws.write_number_with_format(r, c, p / 100.0, &pct).unwrap();
                }
                None => text(ws, r, c, t),
            }
        }
        num(ws, r, 8, *score);
        text(ws, r, 9, reason);
        text(ws, r, 11, "/");
    }
    // The 评分标准 cell merged over the 产出 and 效益 rows.
    merge(
        ws,
        top + 2,
        10,
        top + 8,
        10,
        "定量指标：自评分数=实现值/预期值*指标权重。",
    );
    let t = top + GD_ROWS.len() as u32;
    text(ws, t, 0, "合计:");
    for c in [1u16, 3, 5] {
        num(ws, t, c, 100.0);
    }
    num(ws, t, 8, 98.49);
    save(&mut wb, dir, "项目自评指标评分表.xlsx")
}

/// The same 广东 project form as CSV (no merges: 一级/二级 cells blank below their first row), GBK.
fn gd_project_csv(dir: &Path) -> PathBuf {
    let mut lines = vec![
        "项目绩效自评指标评分表".to_string(),
        "填报单位名称：示例市工业和信息化局".into(),
        "基本情况,项目名称,示例项目经费,,,,评价年度,2023年,评价金额,500".into(),
        String::new(),
        "评价指标,,,,,,评价年度预期值,评价年度实现值,自评分数,未达标原因分析,评分标准,参考佐证材料"
            .into(),
        "一级指标,,二级指标,,三级指标".into(),
        "名称,权重(%),名称,权重(%),名称,权重(%)".into(),
    ];
    let mut last = ("", "");
    for (l1, l2, name, w, target, actual, score, reason) in GD_ROWS {
        let a = if l1 != last.0 {
            format!("{l1},{}", gd_weight(l1))
        } else {
            ",".into()
        };
        let b = if l2 != last.1 {
            format!("{l2},{}", gd_weight(l2))
        } else {
            ",".into()
        };
        last = (l1, l2);
        lines.push(format!(
            "{a},{b},\"{name}\",{w},{target},{actual},{score},\"{reason}\",,"
        ));
        if name == "监管有效性" {
            lines.push(",,,,,,,,,,,".into());
        }
    }
    lines.push("合计,100,,100,,100,,,98.49".into());
    let text = lines.join("\r\n") + "\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let p = dir.join("项目自评指标评分表.csv");
    std::fs::write(&p, &gbk).unwrap();
    p
}

/// 产出 50 / 效益 30 / 满意度 10, and 预算执行率 10 from the funds grid: total 98.
/// (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施).
type NationalRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
    &'static str,
);

const NATIONAL_ROWS: [NationalRow; 7] = [
    (
        "产出指标",
        "数量指标",
        "培训场次",
        "≥10场",
        "12场",
        20.0,
        "20",
        "",
    ),
    (
        "产出指标",
        "数量指标",
        "覆盖企业数",
        "≥100家",
        "９０家",
        10.0,
        "9",
        "部分企业未参加培训。\n改进措施：扩大宣传范围。",
    ),
    (
        "产出指标",
        "质量指标",
        "培训合格率",
        "100%",
        "100%",
        10.0,
        "10",
        "",
    ),
    (
        "产出指标",
        "时效指标",
        "完成及时性",
        "按时完成",
        "按时完成",
        10.0,
        "10",
        "",
    ),
    (
        "效益指标",
        "社会效益指标",
        "政策知晓率",
        "≥90%",
        "92%",
        15.0,
        "15",
        "",
    ),
    (
        "效益指标",
        "社会效益指标",
        "企业负担",
        "有所减轻",
        "有所减轻",
        15.0,
        "15",
        "",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "服务对象满意度",
        "≥90%",
        "95%",
        10.0,
        "10",
        "",
    ),
];

/// The first four rows of the 财政部 form: its title, `[year line, 项目名称, 主管部门, 实施单位]`.
pub(super) fn national_top(
    ws: &mut Worksheet,
    [year, project, department, implementer]: [&str; 4],
) {
    merge(ws, 0, 0, 0, 7, "项目支出绩效自评表");
    merge(ws, 1, 0, 1, 7, year);
    text(ws, 2, 0, "项目名称");
    merge(ws, 2, 1, 2, 7, project);
    text(ws, 3, 0, "主管部门");
    merge(ws, 3, 1, 3, 3, department);
    text(ws, 3, 4, "实施单位");
    merge(ws, 3, 5, 3, 7, implementer);
}

/// The 财政部 form's 年度总体目标 block on rows `r` and `r + 1`: 预期目标 beside 实际完成情况.
pub(super) fn overall_goal(ws: &mut Worksheet, r: u32, goal: &str, done: &str) {
    merge(ws, r, 0, r + 1, 0, "年度总体目标");
    merge(ws, r, 1, r, 3, "预期目标");
    merge(ws, r, 4, r, 7, "实际完成情况");
    merge(ws, r + 1, 1, r + 1, 3, goal);
    merge(ws, r + 1, 4, r + 1, 7, done);
}

/// The titles of the 财政部 form's indicator table on row `r`.
pub(super) fn indicator_titles(ws: &mut Worksheet, r: u32) {
    for (c, t) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        text(ws, r, c as u16, t);
    }
}

/// The column titles of the 财政部 form's 项目资金（万元） grid, on row `r` from column B.
pub(super) fn funds_titles(ws: &mut Worksheet, r: u32) {
    for (c, t) in [
        "",
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        text(ws, r, 1 + c as u16, t);
    }
}

/// 财政部 项目支出绩效自评表 (财预〔2020〕10号): 项目资金 grid with 分值 and 得分, 年度总体目标, the
/// indicator table without 一级/二级 分值 columns, 一级/二级 merged down.
fn national_workbook(dir: &Path) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("项目支出绩效自评表").unwrap();
    national_top(
        ws,
        [
            "（２０２３年度）",
            "示例培训项目",
            "示例市财政局",
            "示例市财政局培训中心",
        ],
    );
    text(ws, 4, 0, "项目负责人");
    merge(ws, 4, 1, 4, 3, "张三");
    text(ws, 4, 4, "联系电话");
    merge(ws, 4, 5, 4, 7, "020-87654321");
    merge(ws, 5, 0, 9, 0, "项目资金（万元）");
    funds_titles(ws, 5);
    let pct = Format::new().set_num_format("0.00%");
    for (i, (label, a, b, c)) in [
        ("年度资金总额", 100.0, 120.0, 108.0),
        ("其中：本年财政拨款", 100.0, 120.0, 108.0),
        ("上年结转资金", 0.0, 0.0, 0.0),
        ("其他资金", 0.0, 0.0, 0.0),
    ]
    .into_iter()
    .enumerate()
    {
        let r = 6 + i as u32;
        text(ws, r, 1, label);
        num(ws, r, 2, a);
        num(ws, r, 3, b);
        num(ws, r, 4, c);
        if i == 0 {
            num(ws, r, 5, 10.0);
            ws.write_number_with_format(r, 6, 0.9, &pct).unwrap();
            num(ws, r, 7, 9.0);
        } else {
            text(ws, r, 5, "—");
            text(ws, r, 7, "—");
        }
    }
    overall_goal(
        ws,
        10,
        "开展企业培训，提升政策知晓率。",
        "完成培训12场，政策知晓率92%。",
    );
    let h = 12u32;
    indicator_titles(ws, h);
    let top = h + 1;
    for (s, e) in spans(&NATIONAL_ROWS, |r| r.0) {
        merge(ws, top + s as u32, 0, top + e as u32, 0, NATIONAL_ROWS[s].0);
    }
    for (s, e) in spans(&NATIONAL_ROWS, |r| r.1) {
        merge(ws, top + s as u32, 1, top + e as u32, 1, NATIONAL_ROWS[s].1);
    }
    for (i, (_, _, name, target, actual, w, score, reason)) in NATIONAL_ROWS.iter().enumerate() {
        let r = top + i as u32;
        text(ws, r, 2, name);
        text(ws, r, 3, target);
        text(ws, r, 4, actual);
        num(ws, r, 5, *w);
        text(ws, r, 6, score);
        text(ws, r, 7, reason);
    }
    let t = top + NATIONAL_ROWS.len() as u32;
    merge(ws, t, 0, t, 4, "总分");
    num(ws, t, 5, 100.0);
    num(ws, t, 6, 98.0);
    save(&mut wb, dir, "项目支出绩效自评表.xlsx")
}

// ----- importing and checking -----

pub(crate) fn import_text(path: &Path, opts: &Options) -> String {
    let systems = system::builtin();
    let r = import::import(path, opts, &systems).unwrap_or_else(|e| panic!("{e}"));
    emit::report(&r)
}

/// Compares with `tests/excel/<name>`; `JIXIAO_BLESS=1` writes it.
fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/excel").join(name);
    if std::env::var_os("JIXIAO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with JIXIAO_BLESS=1)",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "golden file {name} differs (JIXIAO_BLESS=1 rewrites it)"
    );
}

/// A site with the one report: loaded, it must have no errors; returns its computed and stated
/// totals.
pub(crate) fn check_in_site(report: &str) -> (String, Option<String>, Site) {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("content/u")).unwrap();
    std::fs::write(t.path().join("content/u/report.md"), report).unwrap();
    let site = Site::load(t.path()).unwrap();
    assert!(site.errors.is_empty(), "{:#?}", site.errors);
    let e = &site.entries[0];
    let errors: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity == jixiao::diag::Severity::Error)
        .map(|f| f.rendered.clone())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let total = e.scored.total.to_string();
    let stated = e
        .report
        .stated_total
        .as_ref()
        .map(|s| jixiao::number::fixed(s.value, 2));
    (total, stated, site)
}

#[test]
fn department_form_imports_to_its_golden_file_and_checks_to_its_total() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&department_workbook(t.path(), true), &Options::default());
    golden("department.md", &text);
    let (total, stated, site) = check_in_site(&text);
    assert_eq!(total, "94.31");
    assert_eq!(stated.as_deref(), Some("94.31"));
    let e = &site.entries[0];
    assert_eq!(site.systems[e.system].id, "gz-department-city");
    assert_eq!(e.report.unit.value, "示例市工业和信息化局");
    assert_eq!(e.report.year.value, 2022);
    assert_eq!(e.report.sub_units.as_ref().map(|s| s.value), Some(3));
    // The full-width score, the 一级 分值 stored as text, the 总预算 with separators.
    let g1 = &e.scored.groups[0];
    assert_eq!(g1.weight.to_string(), "50");
    assert_eq!(g1.groups[0].rows[0].score.to_string(), "8.95");
    assert_eq!(e.report.budget[0].key, "total");
    assert_eq!(e.report.budget[0].budget.value.to_string(), "303054.14");
    // The explanation the system has word for word is left to the system; the other one is kept.
    assert!(!text.contains("开展事前绩效评估工作的落实情况"));
    assert!(text.contains("explanation: 反映部门预算资金支出进度。"));
}

#[test]
fn gd_project_form_imports_to_its_golden_file_and_checks_to_its_total() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&gd_project_workbook(t.path()), &Options::default());
    golden("gd-project.md", &text);
    let (total, stated, site) = check_in_site(&text);
    assert_eq!(
        (total.as_str(), stated.as_deref()),
        ("98.49", Some("98.49"))
    );
    let e = &site.entries[0];
    assert_eq!(site.systems[e.system].id, "gd-project");
    // Percent-formatted cells read as percentages; the phone number stays text.
    assert!(text.contains("target: \"90%\""), "{text}");
    assert!(text.contains("phone: \"3279820\""));
    assert_eq!(e.report.project.as_ref().unwrap().basis.len(), 2);
}

#[test]
fn gd_project_csv_in_gbk_without_merges_reads_the_same_rows() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&gd_project_csv(t.path()), &Options::default());
    golden("gd-project-csv.md", &text);
    let (total, stated, site) = check_in_site(&text);
    assert_eq!(
        (total.as_str(), stated.as_deref()),
        ("98.49", Some("98.49"))
    );
    let xlsx = import_text(&gd_project_workbook(t.path()), &Options::default());
    let (_, _, site2) = check_in_site(&xlsx);
    assert_eq!(
        indicator_data(&site.entries[0].scored.groups),
        indicator_data(&site2.entries[0].scored.groups),
        "the CSV and the workbook give the same indicators"
    );
}

#[test]
fn national_form_imports_to_its_golden_file_and_checks_to_its_total() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&national_workbook(t.path()), &Options::default());
    golden("national.md", &text);
    let (total, stated, site) = check_in_site(&text);
    assert_eq!(
        (total.as_str(), stated.as_deref()),
        ("98.00", Some("98.00"))
    );
    let e = &site.entries[0];
    assert_eq!(site.systems[e.system].id, "national-project");
    // The national layout: the 项目资金 grid is the report's `funds`, the header its project.
    assert_eq!(e.report.layout, jixiao::model::Layout::National);
    assert!(text.contains("layout: national"));
    assert!(text.contains(
        "  department: 示例市财政局\n  implementer: 示例市财政局培训中心\n  manager: 张三\n"
    ));
    assert_eq!(e.report.unit.value, "示例市财政局");
    assert_eq!(e.report.year.value, 2023);
    // 预算执行率 from the funds grid: 108 / 120 = 90% × 10 = 9, computed by jixiao; the form has no
    // reason column for the grid, so no deduction-needs-reason there.
    let rate = &e.scored.groups[0];
    assert_eq!(rate.name, "预算执行率");
    assert!(rate.from_funds);
    assert_eq!(rate.score.to_string(), "9.00");
    assert_eq!(
        rate.formula.as_deref(),
        Some("108/120=90.00%；90.00%*10=9.00")
    );
    assert!(
        !e.findings
            .iter()
            .any(|f| f.code == "deduction-needs-reason")
    );
    // 偏差原因分析及改进措施 split into reason and improvement.
    assert!(text.contains("reason: 部分企业未参加培训。"));
    assert!(text.contains("improvement: 扩大宣传范围。"));
}

// ----- what is refused -----

fn jixiao(args: &[&str]) -> std::process::Output {
    Command::new(JIXIAO)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap()
}

#[test]
fn an_unknown_layout_is_refused_naming_what_is_missing_and_nothing_is_written() {
    let t = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["序号", "一级指标", "二级指标", "分值"].iter().enumerate() {
        text(ws, 0, c as u16, h);
    }
    text(ws, 1, 0, "1");
    let book = save(&mut wb, t.path(), "别的表.xlsx");
    let out = t.path().join("out.md");
    let o = jixiao(&[
        "import",
        book.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("找不到自评表的指标表头"), "{err}");
    assert!(err.contains("三级指标") && err.contains("得分"), "{err}");
    let first = err.lines().next().unwrap_or("");
    assert!(
        first.contains("缺少“三级指标”“得分 / 自评分”"),
        "一级/二级指标 were found: {first}"
    );
    assert!(!out.exists());
}

#[test]
fn a_missing_unit_names_the_cell_and_the_flag() {
    let t = tempfile::tempdir().unwrap();
    let book = department_workbook(t.path(), false);
    let systems = system::builtin();
    let e = import::import(&book, &Options::default(), &systems).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("部门名称") && msg.contains("--unit"), "{msg}");
    let with = Options {
        unit: Some("另一个局".into()),
        ..Options::default()
    };
    let r = import::import(&book, &with, &systems).unwrap();
    assert_eq!(r.unit, "另一个局");
}

#[test]
fn a_cell_that_is_not_a_number_is_named() {
    let t = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["一级指标", "二级指标", "三级指标", "分值", "得分"]
        .iter()
        .enumerate()
    {
        text(ws, 0, c as u16, h);
    }
    for (c, v) in ["产出指标", "数量指标", "培训场次", "十", "10"]
        .iter()
        .enumerate()
    {
        text(ws, 1, c as u16, v);
    }
    let book = save(&mut wb, t.path(), "x.xlsx");
    let e = import::import(&book, &Options::default(), &system::builtin()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("Sheet1!D2") && msg.contains("“十”"), "{msg}");
}

#[test]
fn import_writes_next_to_the_units_reports_and_refuses_to_overwrite_without_force() {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    std::fs::create_dir_all(site.join("content/sample-gxj")).unwrap();
    std::fs::write(
        site.join("content/sample-gxj/2021-department-table.md"),
        "---\nunit: 示例市工业和信息化局\n---\n",
    )
    .unwrap();
    let book = department_workbook(t.path(), true);
    let args = [
        "import",
        book.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
    ];
    let o = jixiao(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = site.join("content/sample-gxj/2022-部门整体支出绩效自评表.md");
    let first = std::fs::read_to_string(&written).unwrap();
    assert!(first.contains("stated_total: 94.31"));
    std::fs::write(&written, "mine").unwrap();
    let o = jixiao(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(jixiao(&forced).status.success());
    assert_eq!(std::fs::read_to_string(&written).unwrap(), first);
    // A project is named by its 项目名称, as `jixiao new` names it.
    let book = gd_project_workbook(t.path());
    let o = jixiao(&[
        "import",
        book.to_str().unwrap(),
        "--site",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        site.join("content/sample-gxj/2023-示例项目经费.md")
            .is_file(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // `--out -` prints the report; `--system` overrides the system.
    let o = jixiao(&[
        "import",
        book.to_str().unwrap(),
        "--out",
        "-",
        "--system",
        "gz-department-district",
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("system: gz-department-district"));
}

// ----- exporting -----

fn sample_site() -> Site {
    let site = Site::load(&repo()).unwrap();
    assert!(!site.has_errors());
    site
}

pub(crate) fn open(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

pub(crate) fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

/// The row of the first cell whose text is `t`.
pub(crate) fn find(range: &calamine::Range<Data>, t: &str) -> Option<(u32, u32)> {
    let start = range.start()?;
    range.cells().find_map(|(r, c, v)| {
        matches!(v, Data::String(s) if s == t).then_some((start.0 + r as u32, start.1 + c as u32))
    })
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_department_table_exports_in_its_form_with_merges_totals_and_print_setup() {
    let site = sample_site();
    let views = render::views(&site);
    let v = views
        .iter()
        .find(|v| v.slug == "guangzhou-gxj/2022-department-table")
        .unwrap();
    let bytes = report_workbook(v, 1_700_000_000).unwrap();
    let mut wb = open(&bytes);
    let range = wb.worksheet_range("自评表").unwrap();
    assert_eq!(cell(&range, 0, 0), "部门整体支出绩效自评表");
    assert_eq!(cell(&range, 1, 0), "（2022年度）");
    let (h, _) = find(&range, "一级指标").unwrap();
    let titles: Vec<String> = (0..10).map(|c| cell(&range, h, c)).collect();
    assert_eq!(
        titles,
        [
            "一级指标",
            "分值",
            "二级指标",
            "分值",
            "三级指标",
            "分值",
            "指标解释",
            "得分",
            "未达标原因",
            "改进措施"
        ]
    );
    // 履职效能 merged down over its five rows, 整体效能 over three, with their weights.
    let merges = wb.merge_cells_by_sheet_name("自评表").unwrap();
    let spans: Vec<((u32, u32), (u32, u32))> = merges.iter().map(|d| (d.start, d.end)).collect();
    assert!(spans.contains(&((h + 1, 0), (h + 5, 0))), "{spans:?}");
    assert!(spans.contains(&((h + 1, 1), (h + 5, 1))), "{spans:?}");
    assert!(spans.contains(&((h + 1, 2), (h + 3, 2))), "{spans:?}");
    assert_eq!(cell(&range, h + 1, 0), "履职效能");
    assert_eq!(cell(&range, h + 1, 1), "50");
    assert_eq!(cell(&range, h + 1, 4), "部门整体绩效目标产出指标完成情况");
    assert_eq!(cell(&range, h + 1, 7), "8.95");
    // The funds grid: 总预算 303,054.14 as a number under its title.
    let (br, bc) = find(&range, "总预算").unwrap();
    assert_eq!(cell(&range, br + 2, bc), "303054.14");
    // 总分 and the grade line.
    let (tr, _) = find(&range, "总分").unwrap();
    assert_eq!(cell(&range, tr, 7), "94.31");
    assert!(
        cell(&range, tr + 1, 1).starts_with("☑ 优"),
        "{}",
        cell(&range, tr + 1, 1)
    );
    // A4 landscape, one page wide, the header row repeated on every page.
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""),
        "{sheet}"
    );
    assert!(sheet.contains("fitToWidth=\"1\"") || sheet.contains("fitToPage=\"1\""));
    let names = wb.defined_names().to_vec();
    let titles = names
        .iter()
        .find(|(n, _)| n == "_xlnm.Print_Titles")
        .map(|(_, v)| v.clone());
    assert_eq!(
        titles.as_deref(),
        Some(format!("自评表!${}:${}", h + 1, h + 1).as_str())
    );
}

#[test]
fn the_same_report_gives_the_same_bytes_and_the_epoch_is_the_creation_time() {
    let site = sample_site();
    let views = render::views(&site);
    for v in &views {
        let a = report_workbook(v, 1_700_000_000).unwrap();
        let b = report_workbook(v, 1_700_000_000).unwrap();
        assert!(a == b, "{} differs between two runs", v.slug);
        let core = zip_entry(&a, "docProps/core.xml");
        assert!(core.contains("2023-11-14T22:13:20Z"), "{core}");
        assert_ne!(a, report_workbook(v, 0).unwrap());
    }
}

#[test]
fn export_writes_a_workbook_per_report_and_the_review_table_deterministically() {
    let site = sample_site();
    let t = tempfile::tempdir().unwrap();
    let (one, two) = (t.path().join("one"), t.path().join("two"));
    pipeline::export_xlsx(&site, &one, false).unwrap();
    pipeline::export_xlsx(&site, &two, false).unwrap();
    for e in &site.entries {
        let rel = format!("{}.xlsx", e.slug);
        let a = std::fs::read(one.join(&rel)).unwrap();
        assert_eq!(a, std::fs::read(two.join(&rel)).unwrap(), "{rel}");
    }
    assert!(!one.join("index.html").exists(), "export writes no HTML");
    let review = std::fs::read(one.join("review.xlsx")).unwrap();
    assert_eq!(review, std::fs::read(two.join("review.xlsx")).unwrap());
    let mut wb = open(&review);
    let range = wb.worksheet_range("自评汇总").unwrap();
    let head: Vec<String> = (0..14).map(|c| cell(&range, 1, c)).collect();
    assert_eq!(head[0], "填报单位");
    assert_eq!(head[5], "计算总分");
    assert_eq!(head[9], "扣分未说明原因");
    assert_eq!(range.height() as usize, 2 + site.entries.len());
    // One row per report, in the site's order: the 2022 table of 广州 is the second.
    let r = 2 + site
        .entries
        .iter()
        .position(|e| e.slug == "guangzhou-gxj/2022-department-table")
        .unwrap() as u32;
    assert_eq!(cell(&range, r, 0), "广州市工业和信息化局");
    assert_eq!(cell(&range, r, 1), "2022");
    assert_eq!(cell(&range, r, 5), "94.31");
    assert_eq!(cell(&range, r, 6), "94.31");
    assert_eq!(cell(&range, r, 7), "优");
    // 8.95, 9.5, 4.5, 19.8, 4.62, 2, 1, 0.5, 0.94, 1.5 of their weights: ten rows with deductions.
    assert_eq!(cell(&range, r, 8), "10");
    assert_eq!(cell(&range, r, 9), "0");
    let baiyun = 2 + site
        .entries
        .iter()
        .position(|e| e.slug.starts_with("baiyun"))
        .unwrap() as u32;
    assert_eq!(cell(&range, baiyun, 11), "2", "白云 has two warnings");
}

#[test]
fn build_with_xlsx_writes_the_workbooks_beside_the_pages() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let o = jixiao(&[
        "build",
        repo().to_str().unwrap(),
        "--no-pdf",
        "--no-search",
        "--xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.join("guangzhou-gxj/2022-department-table.html")
            .is_file()
    );
    assert!(
        out.join("guangzhou-gxj/2022-department-table.xlsx")
            .is_file()
    );
    assert!(out.join("review.xlsx").is_file());
    let o = jixiao(&["export", repo().to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "export without a format is a usage error"
    );
}

/// Every group and row as jixiao scores it: what a round trip must keep.
pub(crate) fn indicator_data(groups: &[jixiao::score::ScoredGroup]) -> Vec<String> {
    let mut out = Vec::new();
    for g in groups {
        out.push(format!("G {} {} {}", g.name, g.weight.normalize(), g.score));
        out.extend(indicator_data(&g.groups));
        for r in &g.rows {
            out.push(format!(
                "R {} w={} s={} t={:?} a={:?} why={:?} fix={:?} ev={:?} ex={:?}",
                r.name,
                r.weight.normalize(),
                r.score,
                r.target,
                r.actual,
                r.reason,
                r.improvement,
                r.evidence,
                r.explanation
            ));
        }
    }
    out
}

#[test]
fn export_then_import_gives_the_same_indicator_data_for_every_seed() {
    let site = sample_site();
    let views = render::views(&site);
    let t = tempfile::tempdir().unwrap();
    for (e, v) in site.entries.iter().zip(&views) {
        let path = t.path().join(format!("{}.xlsx", e.slug.replace('/', "-")));
        std::fs::write(&path, report_workbook(v, 0).unwrap()).unwrap();
        let text = import_text(&path, &Options::default());
        let (total, stated, back) = check_in_site(&text);
        assert_eq!(total, e.scored.total.to_string(), "{}", e.slug);
        assert_eq!(
            stated,
            e.report
                .stated_total
                .as_ref()
                .map(|s| jixiao::number::fixed(s.value, 2)),
            "{}",
            e.slug
        );
        let b = &back.entries[0];
        assert_eq!(
            back.systems[b.system].id, site.systems[e.system].id,
            "{}",
            e.slug
        );
        assert_eq!(b.report.unit.value, e.report.unit.value);
        assert_eq!(b.report.year.value, e.report.year.value);
        assert_eq!(
            indicator_data(&b.scored.groups),
            indicator_data(&e.scored.groups),
            "{}",
            e.slug
        );
    }
}

#[test]
fn the_national_form_round_trips_through_export() {
    let t = tempfile::tempdir().unwrap();
    let text = import_text(&national_workbook(t.path()), &Options::default());
    let (_, _, site) = check_in_site(&text);
    let views = render::views(&site);
    let bytes = report_workbook(&views[0], 0).unwrap();
    let mut wb = open(&bytes);
    let range = wb.worksheet_range("自评表").unwrap();
    let (fr, fc) = find(&range, "年度资金总额").unwrap();
    // 年初 100 | 全年 120 | 执行 108 | 分值 10 | 执行率 90% | 得分 9.
    let funds: Vec<String> = (1..=6).map(|i| cell(&range, fr, fc + i)).collect();
    assert_eq!(funds, ["100", "120", "108", "10", "0.9", "9"]);
    assert!(find(&range, "偏差原因分析及改进措施").is_some());
    let path = t.path().join("again.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let again = import_text(&path, &Options::default());
    let (total, _, back) = check_in_site(&again);
    assert_eq!(total, "98.00");
    assert_eq!(
        indicator_data(&back.entries[0].scored.groups),
        indicator_data(&site.entries[0].scored.groups)
    );
}

/// The report without its first comment line (which names the file and the sheet).
fn body(report: &str) -> String {
    report
        .lines()
        .filter(|l| !l.starts_with("# 由 jixiao import") && !l.contains("jixiao import 从"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn xls_wps_et_and_ods_files_read_like_the_xlsx() {
    // `tests/excel/national.xls`: the national workbook above, written as BIFF8 (Excel 97–2003) with
    // merged cells by the xlwt package; WPS saves `.et` in the same format.
    let t = tempfile::tempdir().unwrap();
    let xls = repo().join("tests/excel/national.xls");
    let et = t.path().join("项目支出绩效自评表.et");
    std::fs::copy(&xls, &et).unwrap();
    let expected = body(&std::fs::read_to_string(repo().join("tests/excel/national.md")).unwrap());
    // `tests/excel/national.ods`: the same workbook saved as OpenDocument by LibreOffice (no merge
    // information is read from .ods: blank 一级/二级 cells continue the ones above).
    let ods = repo().join("tests/excel/national.ods");
    for path in [xls, et, ods] {
        let text = import_text(&path, &Options::default());
        assert_eq!(body(&text), expected, "{}", path.display());
        let (total, _, _) = check_in_site(&text);
        assert_eq!(total, "98.00");
    }
}

#[test]
fn a_stated_score_that_differs_is_exported_beside_the_computed_one_and_imported_back() {
    let t = tempfile::tempdir().unwrap();
    let src =
        std::fs::read_to_string(repo().join("content/guangzhou-gxj/2022-department-table.md"))
            .unwrap()
            .replace("score: 4.62", "score: 4.6");
    std::fs::create_dir_all(t.path().join("content/gz")).unwrap();
    std::fs::write(t.path().join("content/gz/2022.md"), src).unwrap();
    let site = Site::load(t.path()).unwrap();
    assert!(!site.has_errors());
    let views = render::views(&site);
    let bytes = report_workbook(&views[0], 0).unwrap();
    let mut wb = open(&bytes);
    let range = wb.worksheet_range("自评表").unwrap();
    let (h, sc) = find(&range, "填报自评分").unwrap();
    assert_eq!(cell(&range, h, sc - 1), "得分");
    let (r, _) = find(&range, "专项资金支出率").unwrap();
    assert_eq!(
        (cell(&range, r, sc - 1), cell(&range, r, sc)),
        ("4.62".into(), "4.6".into())
    );
    // Rows whose stated score is the computed one leave the column empty.
    let (r2, _) = find(&range, "部门预算资金支出率").unwrap();
    assert_eq!(cell(&range, r2, sc), "");
    let path = t.path().join("x.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let text = import_text(&path, &Options::default());
    assert!(text.contains("score: 4.6\n"), "{text}");
    assert!(text.contains("stated_total: 94.31"));
}
