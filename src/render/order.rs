//! 排序 (order): units and projects in the order a reader looks for them — the site's own list
//! (`units:` in `jixiao.yaml`) first, then 汉语拼音 order, never Unicode code points (which put 交通
//! before 人力 before 住房).
//!
//! The readings come from the `pinyin` crate (mozillazg's rust-pinyin, the data of `pinyin-data`,
//! the same as python-pinyin): one reading per character, the most common one. Names compare
//! character by character: syllable (`guang` < `jiang`; `an` < `ang`), then tone (1–4, neutral
//! last), then the character itself, so two different names never compare equal and the order is
//! the same on every machine. Characters without a reading (digits, Latin letters, punctuation)
//! compare as themselves, lower-cased, and sort before syllables that start with a later letter.

use crate::model::ReportKind;
use pinyin::ToPinyin;
#[cfg(test)]
use std::cmp::Ordering;

/// One character of a sort key: its syllable (or the lower-cased character), tone, code point.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct KeyChar {
    syllable: String,
    tone: u8,
    ch: char,
}

/// The pinyin sort key of a name (see the module doc).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct PinyinKey(Vec<KeyChar>);

impl PinyinKey {
    pub fn of(name: &str) -> PinyinKey {
        PinyinKey(
            name.trim()
                .chars()
                .map(|ch| match ch.to_pinyin() {
                    Some(p) => {
                        let numbered = p.with_tone_num_end();
                        let tone = numbered
                            .chars()
                            .last()
                            .and_then(|c| c.to_digit(10))
                            .map_or(5, |d| d as u8);
                        KeyChar {
                            syllable: p.plain().to_string(),
                            tone,
                            ch,
                        }
                    }
                    None => KeyChar {
                        syllable: ch.to_lowercase().collect(),
                        tone: 0,
                        ch,
                    },
                })
                .collect(),
        )
    }

    /// The key as plain text (`guang1 zhou1 shi4 …`), for the tests.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.0
            .iter()
            .map(|k| {
                if k.tone == 0 {
                    k.syllable.clone()
                } else {
                    format!("{}{}", k.syllable, k.tone)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Compares two names in pinyin order (the tests' statement of the order).
#[cfg(test)]
pub(crate) fn pinyin_cmp(a: &str, b: &str) -> Ordering {
    PinyinKey::of(a).cmp(&PinyinKey::of(b))
}

/// The order of units: those in `configured` (the site's `units:` list) in that order, then the
/// rest in pinyin order. Returns each name's rank; equal names get equal ranks.
pub(crate) fn unit_ranks<'a>(configured: &[String], names: &[&'a str]) -> Vec<(&'a str, usize)> {
    let mut rest: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !configured.iter().any(|c| c.trim() == n.trim()))
        .collect();
    rest.sort_by_cached_key(|n| (PinyinKey::of(n), n.to_string()));
    rest.dedup();
    let mut out: Vec<(&str, usize)> = Vec::with_capacity(names.len());
    for c in configured {
        if let Some(n) = names.iter().find(|n| n.trim() == c.trim())
            && !out.iter().any(|(m, _)| m == n)
        {
            out.push((n, out.len()));
        }
    }
    for n in rest {
        out.push((n, out.len()));
    }
    out
}

/// What a report is listed by.
pub(crate) struct Listed<'a> {
    pub unit: &'a str,
    pub year: i32,
    pub kind: ReportKind,
    /// 项目名称 (project reports).
    pub project: Option<&'a str>,
    pub title: &'a str,
    pub slug: &'a str,
    /// The report file (`content/…md`), which names the report in messages.
    pub source: &'a str,
}

/// The order of a site's reports everywhere (index, review page, data files, feed): by unit (see
/// [`unit_ranks`]), then newest year first, 部门整体 before 项目, projects in pinyin order, then
/// title and output path. Returns indices into `items`.
pub(crate) fn report_order(configured: &[String], items: &[Listed<'_>]) -> Vec<usize> {
    let names: Vec<&str> = items.iter().map(|l| l.unit).collect();
    let ranks = unit_ranks(configured, &names);
    let rank = |u: &str| {
        ranks
            .iter()
            .find(|(n, _)| *n == u)
            .map_or(usize::MAX, |r| r.1)
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_cached_key(|&i| {
        let l = &items[i];
        (
            rank(l.unit),
            std::cmp::Reverse(l.year),
            l.kind == ReportKind::Project,
            l.project.map(PinyinKey::of),
            PinyinKey::of(l.title),
            l.slug.to_string(),
        )
    });
    order
}

#[cfg(test)]
mod tests;
