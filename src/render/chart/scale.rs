//! Charts of 总分 across many reports, on an axis that starts where the scores are (97 and 99 must
//! not look alike, as they do on a 0–100 bar):
//!
//! - [`histogram`]: the site's index. How many reports fall in each score band (1, 2 or 5 points
//!   wide), so the drawing keeps its size for 5 or 500 reports; each band's reports are named in its
//!   tooltip, and the review page lists them all.
//! - [`dots`]: a unit's page. One line per report, grouped by series (部门整体, then each project),
//!   a dot at the score: a unit's history across years.
//!
//! The grade thresholds (中 60, 良 80, 优 90) are drawn where they fall inside the axis.

use super::{FONT, WIDTH, dec, f1, fit, text_width};
use serde::Serialize;

/// The axis of a set of totals: from a multiple of 5 at or below the lowest (at most 95) to 100, or
/// further when a total is above 100.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
}

impl Axis {
    pub fn of(totals: &[f64]) -> Axis {
        let min = totals.iter().copied().fold(f64::INFINITY, f64::min);
        let max = totals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lo = if min.is_finite() {
            ((min / 5.0).floor() * 5.0).clamp(0.0, 95.0)
        } else {
            0.0
        };
        let hi = if max.is_finite() && max > 100.0 {
            (max / 5.0).ceil() * 5.0
        } else {
            100.0
        };
        Axis { lo, hi }
    }

    /// Where `v` falls on a line from `x0` to `x1`.
    fn x(&self, v: f64, x0: f64, x1: f64) -> f64 {
        x0 + (v.clamp(self.lo, self.hi) - self.lo) / (self.hi - self.lo) * (x1 - x0)
    }

    /// Labelled positions: every point, 2, 5 or 10 points, so that about 5–10 labels show.
    fn steps(&self) -> Vec<f64> {
        let range = self.hi - self.lo;
        let step = [1.0, 2.0, 5.0, 10.0, 20.0]
            .into_iter()
            .find(|s| range / s <= 10.0)
            .unwrap_or(25.0);
        let mut out = Vec::new();
        let mut v = self.lo;
        while v <= self.hi + 1e-9 {
            out.push(v);
            v += step;
        }
        out
    }
}

/// A labelled position on the axis.
#[derive(Clone, Debug, Serialize)]
pub struct AxisTick {
    pub x: String,
    pub label: String,
}

/// A grade threshold inside the axis.
#[derive(Clone, Debug, Serialize)]
pub struct Threshold {
    pub x: String,
    pub label: String,
}

fn ticks(axis: &Axis, x0: f64, x1: f64) -> Vec<AxisTick> {
    axis.steps()
        .into_iter()
        .map(|v| AxisTick {
            x: f1(axis.x(v, x0, x1)),
            label: format!("{v:.0}"),
        })
        .collect()
}

fn thresholds(axis: &Axis, x0: f64, x1: f64) -> Vec<Threshold> {
    [(60.0, "中"), (80.0, "良"), (90.0, "优")]
        .into_iter()
        .filter(|(v, _)| *v > axis.lo && *v < axis.hi)
        .map(|(v, g)| Threshold {
            x: f1(axis.x(v, x0, x1)),
            label: format!("{g} {v:.0}"),
        })
        .collect()
}

/// One report on a chart of totals.
pub struct Scored<'a> {
    /// How the report is named in tooltips and descriptions.
    pub name: &'a str,
    /// 总分 as printed (`96.66`).
    pub total: &'a str,
    pub grade: &'a str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Histogram {
    pub title: String,
    pub desc: String,
    pub width: String,
    pub height: String,
    pub font: String,
    pub bins: Vec<Bin>,
    pub ticks: Vec<AxisTick>,
    pub thresholds: Vec<Threshold>,
    /// Plot area: left and right edge, top, baseline; the axis labels' baseline.
    pub left: String,
    pub right: String,
    pub top: String,
    pub base: String,
    pub tick_y: String,
    /// The largest count, labelled at the top of the count axis.
    pub max_count: usize,
    pub max_y: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bin {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub count: usize,
    /// `97.00–97.99 分：3 份（甲、乙、丙）` (the tooltip).
    pub tip: String,
}

/// How many reports fall in each band of the axis.
pub fn histogram(title: &str, items: &[Scored<'_>]) -> Histogram {
    let totals: Vec<f64> = items.iter().map(|i| dec(i.total)).collect();
    let axis = Axis::of(&totals);
    let range = axis.hi - axis.lo;
    let width = if range <= 20.0 {
        1.0
    } else if range <= 40.0 {
        2.0
    } else {
        5.0
    };
    let n = (range / width).round().max(1.0) as usize;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in totals.iter().enumerate() {
        let k = (((t.clamp(axis.lo, axis.hi) - axis.lo) / width).floor() as usize).min(n - 1);
        members[k].push(i);
    }
    let (left, right, top, base) = (28.0, WIDTH - 16.0, FONT + 8.0, 150.0);
    let max_count = members.iter().map(Vec::len).max().unwrap_or(0);
    let bar_w = (right - left) / n as f64;
    let bins = members
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let from = axis.lo + k as f64 * width;
            let h = if max_count == 0 {
                0.0
            } else {
                (base - top) * m.len() as f64 / max_count as f64
            };
            let names: Vec<&str> = m.iter().take(10).map(|&i| items[i].name).collect();
            let more = if m.len() > 10 { " 等" } else { "" };
            // Scores have two decimals: a band ends 0.01 below the next; the last includes the top.
            let to = if k + 1 == n {
                axis.hi
            } else {
                from + width - 0.01
            };
            let span = format!("{from:.2}–{to:.2} 分");
            Bin {
                x: f1(left + k as f64 * bar_w + 1.0),
                y: f1(base - h),
                w: f1((bar_w - 2.0).max(1.0)),
                h: f1(h),
                count: m.len(),
                tip: if m.is_empty() {
                    format!("{span}：无")
                } else {
                    format!("{span}：{} 份（{}{more}）", m.len(), names.join("、"))
                },
            }
        })
        .collect();
    Histogram {
        title: title.to_string(),
        desc: summary(items, &totals, width),
        width: f1(WIDTH),
        height: f1(base + FONT + 12.0),
        font: f1(FONT),
        bins,
        ticks: ticks(&axis, left, right),
        thresholds: thresholds(&axis, left, right),
        left: f1(left),
        right: f1(right),
        top: f1(top),
        base: f1(base),
        tick_y: f1(base + FONT + 4.0),
        max_count,
        max_y: f1(top + 4.0),
    }
}

/// The chart in words: how many, lowest, highest, median, per grade.
fn summary(items: &[Scored<'_>], totals: &[f64], width: f64) -> String {
    if items.is_empty() {
        return "暂无报告".into();
    }
    let mut sorted: Vec<(f64, &str)> = totals
        .iter()
        .copied()
        .zip(items.iter().map(|i| i.total))
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = sorted[sorted.len() / 2].1;
    let grades: Vec<String> = ["优", "良", "中", "差"]
        .iter()
        .map(|g| (g, items.iter().filter(|i| i.grade == *g).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| format!("{g} {n} 份"))
        .collect();
    format!(
        "共 {} 份报告，每 {width:.0} 分一段：最低 {} 分，最高 {} 分，中位 {} 分；{}",
        items.len(),
        sorted[0].1,
        sorted[sorted.len() - 1].1,
        median,
        grades.join("，")
    )
}

/// A group of reports on a dot chart (部门整体, or one project).
pub struct Series<'a> {
    pub name: &'a str,
    pub items: Vec<Scored<'a>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dots {
    pub title: String,
    pub desc: String,
    pub width: String,
    pub height: String,
    pub font: String,
    pub heads: Vec<Head>,
    pub lines: Vec<DotLine>,
    pub ticks: Vec<AxisTick>,
    pub thresholds: Vec<Threshold>,
    pub left: String,
    pub right: String,
    pub tick_y: String,
    pub top: String,
    pub bottom: String,
}

/// A series' name above its lines.
#[derive(Clone, Debug, Serialize)]
pub struct Head {
    pub label: String,
    pub y: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DotLine {
    /// `2023年`.
    pub label: String,
    /// `96.66 优`.
    pub value: String,
    pub text_y: String,
    /// The track's middle line and the dot's centre.
    pub y: String,
    pub cx: String,
    pub tip: String,
}

/// One line per report, grouped by series, a dot at its total.
pub fn dots(title: &str, series: &[Series<'_>]) -> Dots {
    let totals: Vec<f64> = series
        .iter()
        .flat_map(|s| s.items.iter().map(|i| dec(i.total)))
        .collect();
    let axis = Axis::of(&totals);
    let label_w = series
        .iter()
        .flat_map(|s| s.items.iter().map(|i| text_width(i.name, FONT)))
        .fold(text_width("2023年", FONT), f64::max)
        .min(WIDTH / 3.0);
    let value_w = text_width("100.00 优", FONT);
    let (left, right) = (label_w + 12.0, WIDTH - value_w - 12.0);
    let top = FONT + 8.0;
    let mut y = top + 4.0;
    let mut heads = Vec::new();
    let mut lines = Vec::new();
    let mut desc = Vec::new();
    for s in series {
        y += FONT + 6.0;
        heads.push(Head {
            label: fit(s.name, "", WIDTH),
            y: f1(y),
        });
        y += 4.0;
        for it in &s.items {
            y += FONT + 8.0;
            let value = format!("{} {}", it.total, it.grade);
            lines.push(DotLine {
                label: fit(it.name, "", label_w + FONT),
                value,
                text_y: f1(y),
                y: f1(y - FONT * 0.35),
                cx: f1(axis.x(dec(it.total), left, right)),
                tip: format!("{} {}：{} 分，{}", s.name, it.name, it.total, it.grade),
            });
            desc.push(format!(
                "{} {}：{} 分，{}",
                s.name, it.name, it.total, it.grade
            ));
        }
        y += 6.0;
    }
    Dots {
        title: title.to_string(),
        desc: desc.join("；"),
        width: f1(WIDTH),
        height: f1(y + 4.0),
        font: f1(FONT),
        heads,
        lines,
        ticks: ticks(&axis, left, right),
        thresholds: thresholds(&axis, left, right),
        left: f1(left),
        right: f1(right),
        tick_y: f1(FONT + 2.0),
        top: f1(top),
        bottom: f1(y),
    }
}

#[cfg(test)]
mod tests;
