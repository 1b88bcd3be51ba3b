//! Bar charts (得分图) as numbers for the theme's SVG template: the geometry is computed here, the
//! markup lives in `templates/components.html` (`chart` component). Every coordinate is a string with
//! one decimal, so the output does not depend on float formatting.
//!
//! - [`groups`]: per report, the score of each 一级/二级 group against its weight (the bar's track is
//!   the weight, the filled part the score).
//! - [`histogram`] (the site) and [`dots`] (a unit's history): the 总分 of many reports on an axis
//!   that starts where the scores are, with the grade thresholds 60/80/90 marked (see `scale`).

use super::view::GroupView;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::str::FromStr;

/// Width of the drawing in SVG units (rendered at this many CSS pixels, scaled down on narrow screens).
pub const WIDTH: f64 = 420.0;
/// Font size of the labels in SVG units.
pub(crate) const FONT: f64 = 14.0;
const INDENT: f64 = 16.0;

#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// Accessible name (`<title>`).
    pub title: String,
    /// Accessible description (`<desc>`): every bar's figure in words.
    pub desc: String,
    pub width: String,
    pub height: String,
    pub font: String,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    /// The figure printed at the right end of the label line (`47.30 / 50`).
    pub value: String,
    /// 1 for a 一级 group or a report total, 2 for a 二级 group.
    pub level: u8,
    /// Whether points were deducted (the bar is not full).
    pub short: bool,
    /// Label baseline.
    pub text_y: String,
    pub x: String,
    pub y: String,
    pub h: String,
    /// Track width (the whole weight / the 0–100 scale).
    pub track: String,
    /// Filled width (the score).
    pub fill: String,
    /// Right edge, where the figure is anchored.
    pub right: String,
}

/// A vertical reference line (grade threshold).
#[derive(Clone, Debug, Serialize)]
pub struct Tick {
    pub x: String,
    pub y1: String,
    pub y2: String,
    pub label: String,
    pub label_y: String,
}

fn f1(v: f64) -> String {
    format!("{:.1}", (v * 10.0).round() / 10.0)
}

fn dec(s: &str) -> f64 {
    Decimal::from_str(s)
        .ok()
        .and_then(|d| d.to_f64())
        .unwrap_or(0.0)
}

/// Estimated advance of a text in SVG units: CJK and full-width characters one em, others 0.6 em.
pub(crate) fn text_width(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| {
            if crate::narrative::markdown::is_cjk(c) {
                1.0
            } else {
                0.6
            }
        })
        .sum::<f64>()
        * font
}

/// Shortens `label` with `…` so that it and `value` fit on one line of `width`.
fn fit(label: &str, value: &str, width: f64) -> String {
    let room = width - text_width(value, FONT) - FONT;
    if text_width(label, FONT) <= room {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if text_width(&out, FONT) + text_width(&c.to_string(), FONT) + FONT > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The score of each 一级 and 二级 group against its weight.
pub fn groups(title: &str, groups: &[GroupView]) -> Chart {
    let mut bars = Vec::new();
    let mut desc = Vec::new();
    let mut y = 0.0;
    for g in groups {
        let indent = if g.level == 1 { 0.0 } else { INDENT };
        let h = if g.level == 1 { 14.0 } else { 10.0 };
        let value = format!("{} / {}", g.score, g.weight);
        let pct = (dec(&g.percent) / 100.0).clamp(0.0, 1.0);
        let track = WIDTH - indent;
        y += FONT + 6.0;
        let text_y = y;
        y += 6.0;
        bars.push(Bar {
            label: fit(&g.name, &value, track),
            value,
            level: g.level,
            short: dec(&g.deduction) > 0.0,
            text_y: f1(text_y),
            x: f1(indent),
            y: f1(y),
            h: f1(h),
            track: f1(track),
            fill: f1(track * pct),
            right: f1(WIDTH),
        });
        desc.push(format!(
            "{}：{} 分（分值 {} 分）",
            g.name, g.score, g.weight
        ));
        y += h + 8.0;
    }
    Chart {
        title: title.to_string(),
        desc: desc.join("；"),
        width: f1(WIDTH),
        height: f1(y + 2.0),
        font: f1(FONT),
        bars,
        ticks: Vec::new(),
    }
}

mod scale;
pub use scale::{Axis, Dots, Histogram, Scored, Series, dots, histogram};

#[cfg(test)]
mod tests;
