//! 表上的名称: the Chinese labels of the forms, and the English field each one stands for.
//!
//! An author who types a label as a field name (`单位数: 2`, `年度: 2024`) is told the field it
//! means ([`field_for`]); `jixiao new` writes the first label of each field as its comment, and a
//! test checks that the reader knows every one of those comments.

/// A field and the labels it has on the forms, in the contexts (the reader's `ctx_zh`: 报告, 签章信息,
/// 一级指标…) where the label means this field; an empty `within` means wherever the field exists.
pub(crate) struct Label {
    pub field: &'static str,
    pub labels: &'static [&'static str],
    pub within: &'static [&'static str],
}

const REPORT: &[&str] = &["报告"];
const GROUPS: &[&str] = &["一级指标", "二级指标"];
const ROWS: &[&str] = &["三级指标", "子指标"];
const ANY: &[&str] = &[];

const fn l(
    field: &'static str,
    labels: &'static [&'static str],
    within: &'static [&'static str],
) -> Label {
    Label {
        field,
        labels,
        within,
    }
}

/// Every label, the most specific context first.
pub(crate) const LABELS: &[Label] = &[
    // 报告
    l("kind", &["报告类型", "类型"], REPORT),
    l("layout", &["版式"], REPORT),
    l("system", &["指标体系"], &["报告", "站点配置"]),
    l(
        "unit",
        &[
            "部门名称",
            "单位名称",
            "填报单位",
            "单位",
            "部门",
            "主管部门",
            "实施单位",
        ],
        &["报告", "签章信息"],
    ),
    l("year", &["评价年度", "年度", "年份"], REPORT),
    l("title", &["标题", "报告标题"], REPORT),
    l(
        "sub_units",
        &["单位数", "所属下级预算单位数量", "下级单位数", "下属单位数"],
        REPORT,
    ),
    l("project", &["项目基本情况", "项目情况", "项目"], REPORT),
    l("signoff", &["签章信息", "签章"], REPORT),
    l(
        "budget",
        &[
            "预算情况",
            "预算",
            "项目资金",
            "部门整体收支情况",
            "收支情况",
        ],
        REPORT,
    ),
    l("funds", &["项目资金", "项目资金表"], REPORT),
    l(
        "goals",
        &[
            "年度整体绩效目标",
            "年度绩效目标",
            "绩效目标",
            "年度总体目标",
            "总体目标",
            "预期目标",
        ],
        REPORT,
    ),
    l(
        "completion",
        &[
            "整体绩效目标完成情况",
            "目标完成情况",
            "完成情况",
            "实际完成情况",
        ],
        REPORT,
    ),
    l("shortfall", &["未能完成原因", "未完成原因"], REPORT),
    l("stated_total", &["自评总分", "总分"], REPORT),
    l("draft", &["草稿"], REPORT),
    l("indicators", &["指标", "绩效指标"], REPORT),
    // 签章信息
    l("filler", &["填报人"], ANY),
    l("contact", &["联系人"], ANY),
    l("phone", &["联系电话", "电话"], ANY),
    l("email", &["联系邮箱", "邮箱"], ANY),
    l("date", &["填报日期", "日期"], ANY),
    // 项目基本情况
    l("level", &["项目级次", "级次"], ANY),
    l("amount", &["评价金额", "金额"], ANY),
    l("basis", &["实施文件依据", "文件依据", "依据"], ANY),
    l("department", &["主管部门"], ANY),
    l("implementer", &["实施单位"], ANY),
    l("manager", &["项目负责人", "负责人"], ANY),
    // 预算情况 and its lines
    l("initial", &["年初预算数", "年初预算"], ANY),
    l(
        "total",
        &["总预算", "全年预算", "年度资金总额"],
        &["预算情况", "项目资金"],
    ),
    l("basic", &["基本支出"], ANY),
    l("project", &["项目支出"], &["预算情况"]),
    l("special", &["专项资金"], ANY),
    l("other", &["其他事业发展支出", "其他资金"], ANY),
    l("appropriation", &["本年财政拨款", "财政拨款"], ANY),
    l("city", &["市本级资金", "市本级"], ANY),
    l("transfer", &["对下转移支付"], ANY),
    l("income", &["本年收入"], ANY),
    l("carryover", &["上年结转", "上年结转资金"], ANY),
    // groups and rows
    l("name", &["一级指标"], &["一级指标"]),
    l("name", &["二级指标"], &["二级指标"]),
    l("name", &["三级指标"], &["三级指标"]),
    l("name", &["子指标"], &["子指标"]),
    l("name", &["项目名称"], &["项目基本情况", "项目得分"]),
    l("name", &["站点名称", "网站名称"], &["站点配置"]),
    l("name", &["指标名称", "名称"], ANY),
    l("groups", &["二级指标"], &["一级指标"]),
    l("rows", &["三级指标"], GROUPS),
    l("items", &["子指标"], ROWS),
    l("weight", &["分值", "权重", "指标分值"], ANY),
    l(
        "score",
        &["自评分", "得分", "自评得分", "评价得分", "自评分数"],
        ANY,
    ),
    l("rule", &["评分方法", "计分方法"], ANY),
    l(
        "target",
        &["目标值", "预期值", "年度指标值", "指标值", "年度目标值"],
        ANY,
    ),
    l(
        "actual",
        &["实际值", "实现值", "实际完成值", "完成值", "年度实际值"],
        ANY,
    ),
    l("result", &["定性结果"], ANY),
    l("over_reason", &["超150%理由", "超额理由"], ANY),
    l("rate", &["执行率", "支出率"], ANY),
    l(
        "spent",
        &["支出数", "执行数", "全年执行数", "实际支出"],
        ANY,
    ),
    l("budget", &["预算数", "全年预算数"], ANY),
    l("pending", &["待支付", "待支付数"], ANY),
    l("cut", &["年中压减", "压减数", "压减"], ANY),
    l("adjust_reason", &["调整理由"], ANY),
    l("stated_count", &["指标个数"], ANY),
    l("projects", &["专项项目得分", "专项项目"], ANY),
    l(
        "reason",
        &[
            "扣分原因",
            "未达标原因",
            "未达标原因分析",
            "偏差原因",
            "偏差原因分析",
            "原因",
        ],
        ANY,
    ),
    l("improvement", &["改进措施"], ANY),
    l("evidence", &["佐证材料"], ANY),
    l("explanation", &["指标解释"], ANY),
    l("criteria", &["评分标准"], ANY),
    l("note", &["备注"], ANY),
    l("out_of", &["满分"], ANY),
    // 站点配置
    l("theme", &["主题"], ANY),
    l("base_path", &["发布路径"], ANY),
    l("show_findings", &["草稿模式", "显示校验结果"], ANY),
];

/// The label as typed, without a trailing colon, spaces or a parenthesised unit (`预算情况（万元）`).
fn clean(key: &str) -> &str {
    let k = key.trim().trim_end_matches([':', '：']).trim_end();
    let k = match k.find(['（', '(']) {
        Some(i) if i > 0 && k.ends_with(['）', ')']) => &k[..i],
        _ => k,
    };
    k.trim()
}

/// The English field a Chinese label stands for in the context `ctx_zh` (the reader's name for the
/// map), when it is one of `known`.
pub(crate) fn field_for(key: &str, ctx_zh: &str, known: &[&str]) -> Option<&'static str> {
    let k = clean(key);
    if k.is_empty() || k.is_ascii() {
        return None;
    }
    LABELS
        .iter()
        .filter(|l| l.within.is_empty() || l.within.contains(&ctx_zh))
        .find(|l| known.contains(&l.field) && l.labels.contains(&k))
        .map(|l| l.field)
}

/// The field a label stands for in any context (for a line the parser could not read, whose
/// context is unknown).
pub(crate) fn any_field_for(key: &str) -> Option<&'static str> {
    let k = clean(key);
    LABELS
        .iter()
        .find(|l| l.labels.contains(&k))
        .map(|l| l.field)
}
