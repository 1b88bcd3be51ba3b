//! Reading one report's front-matter into a [`Report`].

use super::indicators::read_group;
use super::national::{self, read_funds};
use super::reader::*;
use super::types::*;
use crate::diag::Diagnostic;
use crate::load::yaml::{Node, Value};
use crate::number::{self};
use rust_decimal::Decimal;

const REPORT_FIELDS: [&str; 18] = [
    "funds",
    "grade",
    "kind",
    "layout",
    "system",
    "unit",
    "year",
    "title",
    "sub_units",
    "project",
    "signoff",
    "budget",
    "goals",
    "completion",
    "shortfall",
    "stated_total",
    "indicators",
    "draft",
];
const SIGNOFF_FIELDS: [&str; 6] = ["unit", "filler", "contact", "phone", "email", "date"];
const PROJECT_FIELDS: [&str; 10] = [
    "name",
    "level",
    "basis",
    "amount",
    "department",
    "implementer",
    "manager",
    "phone",
    "finance_lead",
    "summary",
];
const BUDGET_LINE_FIELDS: [&str; 3] = ["budget", "spent", "rate"];

fn layout_of(r: &mut Reader<'_>, n: &Node) -> Option<Layout> {
    match n.as_str().map(str::trim) {
        Some("table" | "表") => Some(Layout::Table),
        Some("report" | "报告" | "说明") => Some(Layout::Report),
        Some("national" | "全国" | "财预〔2020〕10号") => Some(Layout::National),
        _ => {
            r.err(
                Diagnostic::error("bad-layout", Some(n.span), "版式无法识别", "unknown layout")
                    .with_hint("layout 只能是 table（自评表）、report（自评报告）或 national（财预〔2020〕10号 项目支出绩效自评表）"),
            );
            None
        }
    }
}

/// Earliest and latest 评价年度 accepted.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads a report from its front-matter tree. Returns `None` when a required part is unusable; all
/// problems are pushed to `diags` either way.
pub fn read_report(
    tree: &Node,
    source: &str,
    body: Body,
    diags: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let mut r = Reader { diags };
    if matches!(tree.value, Value::Null) {
        r.err(
            Diagnostic::error("empty-front-matter", Some(tree.span), "数据块（front-matter）是空的", "front-matter is empty")
                .with_hint("在两行 --- 之间写报告数据：kind、system、unit、year、title、indicators，见 docs/format.md"),
        );
        return None;
    }
    let mut f = r.fields(tree, "front-matter", "front-matter")?;
    let kind = r
        .require(
            &mut f,
            "kind",
            "报告",
            "kind: department（部门整体）或 kind: project（项目）",
        )
        .and_then(|n| match n.as_str().map(str::trim) {
            Some("department" | "部门整体" | "部门整体支出") => {
                Some(ReportKind::Department)
            }
            Some("project" | "项目" | "项目支出") => Some(ReportKind::Project),
            _ => {
                r.err(
                    Diagnostic::error(
                        "bad-kind",
                        Some(n.span),
                        "报告类型无法识别",
                        "unknown report kind",
                    )
                    .with_hint("kind 只能是 department（部门整体支出）或 project（项目支出）"),
                );
                None
            }
        });
    let layout = match f.take("layout") {
        None => Some(Layout::Report),
        Some(n) => layout_of(&mut r, n),
    };
    let system = r
        .require(&mut f, "system", "报告", "例如 system: gz-department-city")
        .and_then(|n| r.text_field(n, "system"));
    let unit = r
        .require(&mut f, "unit", "报告", "例如 unit: 广州市工业和信息化局")
        .and_then(|n| r.text_field(n, "unit"));
    let year = r
        .require(&mut f, "year", "报告", "例如 year: 2023")
        .and_then(|n| read_year(&mut r, n));
    let title = r
        .require(
            &mut f,
            "title",
            "报告",
            "例如 title: 部门整体支出绩效自评报告",
        )
        .and_then(|n| r.text_field(n, "title"));
    let sub_units = f.take("sub_units").and_then(|n| r.count(n, "单位数"));
    let project = f.take("project").and_then(|n| read_project(&mut r, n));
    let signoff = f
        .take("signoff")
        .map(|n| read_signoff(&mut r, n))
        .unwrap_or_default();
    let (budget, budget_unit) = f
        .take("budget")
        .map(|n| read_budget(&mut r, n))
        .unwrap_or_default();
    let funds = f.take("funds").and_then(|n| read_funds(&mut r, n));
    let stated_grade = r.opt_text(&mut f, "grade");
    let goals = match f.take("goals") {
        None => Vec::new(),
        Some(n) => match &n.value {
            Value::Seq(items) => items.iter().filter_map(|i| r.text(i)).collect(),
            _ => r.text(n).into_iter().collect(),
        },
    };
    let completion = r.opt_text(&mut f, "completion");
    let shortfall = r.opt_text(&mut f, "shortfall");
    let stated_total = r.opt_decimal(&mut f, "stated_total", "自评总分");
    let draft = match f.take("draft") {
        None => None,
        Some(n) => match n.as_str().map(str::trim) {
            Some("true" | "yes") => Some(n.span),
            Some("false" | "no") => None,
            _ => {
                r.err(Diagnostic::error(
                    "wrong-type",
                    Some(n.span),
                    "draft 只能是 true 或 false",
                    "expected true or false",
                ));
                None
            }
        },
    };
    let groups = match r.require(
        &mut f,
        "indicators",
        "报告",
        "indicators 列出一级指标，见 docs/format.md",
    ) {
        Some(n) => r
            .list(n, "indicators")
            .iter()
            .filter_map(|g| read_group(&mut r, g, 1))
            .collect(),
        None => Vec::new(),
    };
    r.finish(f, &REPORT_FIELDS, "报告");
    unique_names(
        &mut r,
        groups.iter().map(|g| &g.name),
        "一级指标",
        "level-1 indicator",
    );
    Some(Report {
        source: source.to_string(),
        kind: kind?,
        layout: layout?,
        system: system?,
        unit: unit?,
        year: year?,
        title: title?,
        sub_units,
        project,
        signoff,
        budget,
        goals,
        completion,
        shortfall,
        stated_total,
        draft,
        groups,
        funds,
        stated_grade,
        budget_unit,
        body,
    })
}

/// A group or indicator that appears twice among its siblings: an error at the second, showing the
/// first (two rows of the same name cannot both be scored, quoted or published).
pub(super) fn unique_names<'a>(
    r: &mut Reader<'_>,
    names: impl Iterator<Item = &'a Sp<String>>,
    what_zh: &str,
    what_en: &str,
) {
    let mut seen: std::collections::HashMap<&str, &Sp<String>> = std::collections::HashMap::new();
    for n in names {
        match seen.get(n.value.as_str()) {
            Some(first) => {
                let name = crate::diag::excerpt(&n.value);
                r.err(
                    Diagnostic::error(
                        "duplicate-name",
                        Some(n.span),
                        format!("{what_zh}“{name}”重复出现"),
                        format!("{what_en} `{name}` appears twice"),
                    )
                    .with_related(first.span, "首次出现在这里（first listed here）")
                    .with_hint("同一级中每个指标只能列一次：合并两处的内容，或改正其中一个名称"),
                );
            }
            None => {
                seen.insert(&n.value, n);
            }
        }
    }
}

fn read_year(r: &mut Reader<'_>, n: &Node) -> Option<Sp<i32>> {
    if n.as_str().is_none() {
        r.err(type_error(
            n,
            &format!("评价年度应为年份，不能是{}", n.kind_zh()),
            "expected a year",
        ));
        return None;
    }
    let s = n
        .as_str()
        .unwrap_or("")
        .trim()
        .trim_end_matches("年度")
        .trim_end_matches('年');
    let y = number::normalize(s).parse::<i32>().ok();
    match y {
        Some(y) if YEARS.contains(&y) => Some(Sp::new(y, n.span)),
        _ => {
            r.err(
                Diagnostic::error(
                    "bad-year",
                    Some(n.span),
                    format!(
                        "评价年度“{}”不是有效年份",
                        crate::diag::excerpt(n.as_str().unwrap_or(""))
                    ),
                    "impossible year",
                )
                .with_hint(format!(
                    "年份应在 {} 至 {} 之间，如 2023",
                    YEARS.start(),
                    YEARS.end()
                )),
            );
            None
        }
    }
}

fn read_project(r: &mut Reader<'_>, n: &Node) -> Option<ProjectInfo> {
    let mut f = r.fields(n, "project", "project")?;
    let name = r.opt_text(&mut f, "name");
    let level = r.opt_text(&mut f, "level");
    let basis = match f.take("basis") {
        None => Vec::new(),
        Some(b) => match &b.value {
            Value::Seq(items) => items.iter().filter_map(|i| r.text(i)).collect(),
            _ => r.text(b).into_iter().collect(),
        },
    };
    let amount = f
        .take("amount")
        .and_then(|n| national::amount(r, n, "评价金额", Decimal::ONE));
    let info = ProjectInfo {
        name,
        level,
        basis,
        amount,
        department: r.opt_text(&mut f, "department"),
        implementer: r.opt_text(&mut f, "implementer"),
        manager: r.opt_text(&mut f, "manager"),
        phone: r.opt_text(&mut f, "phone"),
        finance_lead: r.opt_text(&mut f, "finance_lead"),
        summary: r.opt_text(&mut f, "summary"),
    };
    r.finish(f, &PROJECT_FIELDS, "项目基本情况");
    Some(info)
}

fn read_signoff(r: &mut Reader<'_>, n: &Node) -> SignOff {
    let Some(mut f) = r.fields(n, "signoff", "signoff") else {
        return SignOff::default();
    };
    let s = SignOff {
        unit: r.opt_text(&mut f, "unit"),
        filler: r.opt_text(&mut f, "filler"),
        contact: r.opt_text(&mut f, "contact"),
        phone: r.opt_text(&mut f, "phone"),
        email: r.opt_text(&mut f, "email"),
        date: r.opt_text(&mut f, "date"),
    };
    if let Some(d) = &s.date
        && !valid_date(&d.value)
    {
        r.err(
            Diagnostic::error(
                "bad-date",
                Some(d.span),
                format!("填报日期“{}”不是有效日期", crate::diag::excerpt(&d.value)),
                "impossible date",
            )
            .with_hint("写作 2025年6月20日 或 2025-06-20（write as 2025-06-20）"),
        );
    }
    r.finish(f, &SIGNOFF_FIELDS, "签章信息");
    s
}

/// Accepts `2025年6月20日`, `2025年6月20`, `2025-06-20`, `2025/6/20`, `2025.6.20` with a real date.
pub fn valid_date(s: &str) -> bool {
    let n = number::normalize(s);
    let parts: Vec<&str> = n
        .split(['年', '月', '日', '-', '/', '.'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let Some(nums) = nums else { return false };
    let [y, m, d] = nums[..] else { return false };
    if !YEARS.contains(&(y as i32)) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1];
    d <= days
}

fn read_budget(r: &mut Reader<'_>, n: &Node) -> (Vec<BudgetLine>, Option<Sp<String>>) {
    let Some(mut f) = r.fields(n, "budget", "budget") else {
        return (Vec::new(), None);
    };
    let unit = f.take("unit").and_then(|u| national::money_unit(r, u));
    let factor = unit.as_ref().map_or(Decimal::ONE, |(_, x)| *x);
    let mut out = Vec::new();
    for (key, label) in BUDGET_LINES {
        let Some(v) = f.take(key) else { continue };
        match &v.value {
            Value::Map(_) => {
                let Some(mut lf) = r.fields(v, label, key) else {
                    continue;
                };
                let budget = r
                    .require(&mut lf, "budget", label, "例如 budget: 79,776.38")
                    .and_then(|b| national::amount(r, b, "预算数", factor));
                let spent = lf
                    .take("spent")
                    .and_then(|s| national::amount(r, s, "执行数", factor));
                let stated_rate = r.opt_percent(&mut lf, "rate", "执行率");
                r.finish(lf, &BUDGET_LINE_FIELDS, label);
                if let Some(budget) = budget {
                    out.push(BudgetLine {
                        key: key.to_string(),
                        budget,
                        spent,
                        stated_rate,
                    });
                }
            }
            _ => {
                if let Some(budget) = national::amount(r, v, label, factor) {
                    out.push(BudgetLine {
                        key: key.to_string(),
                        budget,
                        spent: None,
                        stated_rate: None,
                    });
                }
            }
        }
    }
    let mut known: Vec<&str> = BUDGET_LINES.iter().map(|(k, _)| *k).collect();
    known.push("unit");
    r.finish(f, &known, "预算情况");
    (out, unit.map(|(u, _)| u))
}
