//! 项目资金（万元）: the national form's grid. 年度资金总额 is checked as the sum of its 其中 lines,
//! each stated 执行率 against 执行数 / 全年预算数, and the grid scores the system's 预算执行率 group:
//! 执行数 / 全年预算数 × 分值, never above the 分值.

use crate::model::system::{FundsColumns, FundsSpec};
use crate::model::{FundsLine, Report, Sp};
use crate::number;
use crate::score::codes::Code;
use crate::score::engine::{Engine, of_weight, percent, plain};
use crate::score::{ScoredFunds, ScoredFundsLine, ScoredGroup, round};
use rust_decimal::Decimal;

impl Engine<'_> {
    /// The grid of a report, checked and scored, with the group it scores (when the system has one).
    pub(super) fn funds_of(
        &mut self,
        report: &Report,
    ) -> Option<(ScoredFunds, Option<ScoredGroup>)> {
        let f = report.funds.as_ref()?;
        self.amount_unit(f.unit.as_ref());
        let spec = self.system.funds.clone();
        let lines: Vec<ScoredFundsLine> = f
            .lines
            .iter()
            .map(|l| self.funds_line(l, spec.as_ref()))
            .collect();
        let total_label = match f.total.as_ref().and_then(|t| t.label.as_ref()) {
            Some(own) => own.value.clone(),
            None => spec
                .as_ref()
                .map_or("年度资金总额".to_string(), |s| s.total.clone()),
        };
        let sum = |get: fn(&ScoredFundsLine) -> Option<Decimal>| -> Option<Decimal> {
            let xs: Vec<Decimal> = lines.iter().filter_map(get).collect();
            (!xs.is_empty()).then(|| {
                xs.iter()
                    .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap_or(a))
            })
        };
        let (s_initial, s_budget, s_spent) =
            (sum(|l| l.initial), sum(|l| l.budget), sum(|l| l.spent));
        let stated = f.total.as_ref();
        let mut differs = false;
        let mut pick = |what: &str,
                        st: Option<&Sp<Decimal>>,
                        s: Option<Decimal>,
                        this: &mut Self|
         -> Option<Decimal> {
            match (st, s) {
                (Some(st), Some(s)) if st.value != s => {
                    differs = true;
                    this.push(
                        Code::FundsTotalMismatch
                            .finding(
                                Some(st.span),
                                format!(
                                    "{total_label}{what} {} 与其中各项合计 {} 不符，按合计计算",
                                    number::money(st.value),
                                    number::money(s)
                                ),
                                format!(
                                    "the total's {what} is {}, its lines add up to {}",
                                    plain(st.value),
                                    plain(s)
                                ),
                            )
                            .with_hint(format!("改为 {}，或检查其中各项", plain(s))),
                    );
                    Some(s)
                }
                (Some(st), _) => Some(st.value),
                (None, s) => s,
            }
        };
        let initial = pick(
            "年初预算数",
            stated.and_then(|t| t.initial.as_ref()),
            s_initial,
            self,
        );
        let budget = pick(
            "全年预算数",
            stated.and_then(|t| t.budget.as_ref()),
            s_budget,
            self,
        );
        let spent = pick(
            "全年执行数",
            stated.and_then(|t| t.spent.as_ref()),
            s_spent,
            self,
        );
        let rate = match (spent, budget) {
            (Some(s), Some(b)) if b > Decimal::ZERO => percent(s, b),
            _ => None,
        };
        let total = ScoredFundsLine {
            key: "total".into(),
            label: total_label.clone(),
            initial,
            budget,
            spent,
            rate,
            stated_rate: stated.and_then(|t| t.stated_rate.as_ref()).map(|r| r.value),
        };
        if let (Some(t), Some(r), Some(s), Some(b)) = (stated, rate, spent, budget) {
            self.check_rate(t.stated_rate.as_ref(), s, b, r, &total_label);
        }
        let stated_total = (differs).then(|| ScoredFundsLine {
            initial: stated.and_then(|t| t.initial.as_ref()).map(|x| x.value),
            budget: stated.and_then(|t| t.budget.as_ref()).map(|x| x.value),
            spent: stated.and_then(|t| t.spent.as_ref()).map(|x| x.value),
            rate: None,
            ..total.clone()
        });
        let group_name = spec.as_ref().and_then(|s| s.group.clone());
        let sys_weight = group_name
            .as_ref()
            .and_then(|g| self.system.groups.iter().find(|s| s.name == *g))
            .and_then(|s| s.weight);
        let weight = f
            .weight
            .as_ref()
            .map(|w| w.value)
            .or(sys_weight)
            .unwrap_or(Decimal::TEN);
        if let (Some(fw), Some(sw)) = (&f.weight, sys_weight)
            && fw.value != sw
        {
            self.weight_differs(Some(fw.span), fw.value, sw);
        }
        let stated_score = stated.and_then(|t| t.stated_score.as_ref());
        let (score, formula) = match (spec.as_ref(), rate, spent, budget) {
            (None, ..) => {
                self.push(Code::FundsNotScored.finding(
                    Some(f.span),
                    "指标体系没有项目资金表（funds），此表只展示，执行率不计分",
                    "the system has no funds grid: shown, not scored",
                ));
                (None, None)
            }
            // The system's grid has no 分值 / 得分 (its 执行率 is scored by a row of the table).
            (Some(FundsSpec { group: None, .. }), ..) => (None, None),
            (Some(_), Some(r), Some(s), Some(b)) => {
                let used = r.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO);
                let score = self.final_score(of_weight(weight, used).unwrap_or_default(), weight);
                let formula = if r > Decimal::ONE_HUNDRED {
                    format!(
                        "{}/{}={r}%>100%；100%*{}={}",
                        plain(s),
                        plain(b),
                        plain(weight),
                        self.fixed(score)
                    )
                } else {
                    format!(
                        "{}/{}={r}%；{r}%*{}={}",
                        plain(s),
                        plain(b),
                        plain(weight),
                        self.fixed(score)
                    )
                };
                (Some(score), Some(formula))
            }
            (Some(_), ..) => {
                let at = stated
                    .and_then(|t| t.budget.as_ref())
                    .map_or(f.span, |b| b.span);
                self.push(
                    Code::FundsNoBudget
                        .finding(
                            Some(at),
                            format!(
                                "项目资金的全年预算数为 0 或未填，无法计算执行率，{}按 0 分计",
                                total_label
                            ),
                            "no 全年预算数: no execution rate, 0 points",
                        )
                        .with_hint("填写全年预算数（budget）与全年执行数（spent）"),
                );
                (Some(self.zero()), None)
            }
        };
        if let (Some(st), Some(c)) = (stated_score, score)
            && st.value != c
        {
            self.mismatch(st.span, st.value, c, formula.as_deref());
        }
        let columns = spec
            .as_ref()
            .map_or_else(FundsColumns::default, |s| s.columns.clone());
        let group = match (&group_name, score) {
            (Some(name), Some(score)) => Some(ScoredGroup {
                name: name.clone(),
                weight,
                score,
                deduction: self.deduction(weight, score),
                stated: stated_score.map(|s| s.value),
                reason: None,
                improvement: None,
                groups: Vec::new(),
                rows: Vec::new(),
                not_applicable_weight: Decimal::ZERO,
                not_applicable: false,
                review: None,
                from_funds: true,
                formula: formula.clone(),
                span: f.span,
            }),
            _ => None,
        };
        Some((
            ScoredFunds {
                unit: f.unit.as_ref().map(|u| u.value.clone()),
                total,
                stated_total,
                lines,
                weight,
                score,
                stated_score: stated_score.map(|s| s.value),
                formula,
                columns: [columns.initial, columns.budget, columns.spent],
                group: group_name,
            },
            group,
        ))
    }

    fn funds_line(&mut self, l: &FundsLine, spec: Option<&FundsSpec>) -> ScoredFundsLine {
        let system_label = match spec {
            Some(s) => match s
                .lines
                .iter()
                .find(|x| x.key == l.key.value || x.label == l.key.value)
            {
                Some(x) => x.label.clone(),
                None => {
                    let known: Vec<String> = s
                        .lines
                        .iter()
                        .map(|x| format!("{}（{}）", x.key, x.label))
                        .collect();
                    self.push(
                        Code::FundsUnknownLine
                            .finding(
                                Some(l.key.span),
                                format!("指标体系的项目资金表没有“{}”这一行", l.key.value),
                                format!("the system's funds grid has no line `{}`", l.key.value),
                            )
                            .with_hint(format!("可用（known）: {}", known.join("、"))),
                    );
                    l.key.value.clone()
                }
            },
            None => l.key.value.clone(),
        };
        // The form's own wording of the line, where the report gives it.
        let label = l.label.as_ref().map_or(system_label, |x| x.value.clone());
        let (b, s) = (
            l.budget.as_ref().map(|x| x.value),
            l.spent.as_ref().map(|x| x.value),
        );
        let rate = match (s, b) {
            (Some(s), Some(b)) if b > Decimal::ZERO => percent(s, b),
            _ => None,
        };
        if let (Some(r), Some(s), Some(b)) = (rate, s, b) {
            self.check_rate(l.stated_rate.as_ref(), s, b, r, &label);
        }
        ScoredFundsLine {
            key: l.key.value.clone(),
            label,
            initial: l.initial.as_ref().map(|x| x.value),
            budget: b,
            spent: s,
            rate,
            stated_rate: l.stated_rate.as_ref().map(|x| x.value),
        }
    }

    /// A stated 执行率 compared at its own decimals (`86%` against 86.2037…%).
    fn check_rate(
        &mut self,
        st: Option<&Sp<Decimal>>,
        spent: Decimal,
        budget: Decimal,
        rate: Decimal,
        label: &str,
    ) {
        let Some(st) = st else { return };
        let exact = spent
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(budget))
            .unwrap_or_default();
        if round::round(exact, st.value.scale().min(2)) != st.value {
            self.push(
                Code::RateMismatch
                    .finding(
                        Some(st.span),
                        format!(
                            "{label}执行率 {}% 与执行数/全年预算数 {}/{}={rate}% 不符",
                            plain(st.value),
                            plain(spent),
                            plain(budget)
                        ),
                        format!("stated {}%, computed {rate}%", plain(st.value)),
                    )
                    .with_hint(format!("改为 rate: {rate}%，或检查执行数与预算数")),
            );
        }
    }

    /// An info finding for amounts declared in another unit than 万元 (converted when read).
    pub(super) fn amount_unit(&mut self, unit: Option<&Sp<String>>) {
        if let Some(u) = unit
            && u.value != "万元"
        {
            self.push(Code::AmountConverted.finding(
                Some(u.span),
                format!("金额按{}填写，已折算为万元", u.value),
                format!("amounts in {} were converted to 万元", u.value),
            ));
        }
    }
}
