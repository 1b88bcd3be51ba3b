//! A report read from its source file and checked against the site: the model stage's output for one
//! file. Everything that keeps a report from being scored is found here, at its place.

use super::report::read_report;
use super::system::{System, find_for};
use super::types::{Body, Group, Report, Row};
use crate::diag::{Diagnostic, LineIndex, Problem};
use crate::load::{self, Source};
use crate::narrative;

/// A report read and validated, not yet scored.
#[derive(Clone, Debug)]
pub struct ReadReport {
    pub report: Report,
    /// Index into the site's systems.
    pub system: usize,
    /// The file's text (spans are offsets into it).
    pub text: String,
    /// The narrative as read, placeholders not yet replaced.
    pub narrative: narrative::Draft,
    /// Problems found between reading and scoring (project references), placed with the findings.
    pub extra: Vec<Diagnostic>,
}

impl ReadReport {
    /// Takes project scores from other reports of the site (专项资金绩效完成情况 `report:`).
    pub(crate) fn has_references(&self) -> bool {
        cites(&self.report)
    }
}

/// Whether the report takes project scores from other reports of the site
/// (`projects: - report: …`).
pub(crate) fn cites(report: &Report) -> bool {
    fn rows(rs: &[Row]) -> bool {
        rs.iter()
            .any(|r| r.projects.iter().any(|p| p.report.is_some()))
    }
    fn groups(gs: &[Group]) -> bool {
        gs.iter().any(|g| groups(&g.groups) || rows(&g.rows))
    }
    groups(&report.groups)
}

/// A title that names the year (`2024年度部门整体支出绩效自评表`): the pages and the PDF print the
/// year themselves (“（2024年度）”), so they leave it out then; a warning says the field is enough.
pub(crate) fn title_has_year(r: &Report) -> Option<Diagnostic> {
    let year = r.year.value.to_string();
    r.title.value.contains(&year).then(|| {
        Diagnostic::warning(
            "title-has-year",
            Some(r.title.span),
            format!("标题中已写有年度“{year}”，年度由 year 字段给出"),
            format!("the title names the year {year}, which `year` already gives"),
        )
        .with_hint(format!(
            "从 title 中删去“{year}年度”：页面和 PDF 会自动标出“（{year}年度）”"
        ))
    })
}

/// Reads the report of `source` and checks what the site must agree with: its system, its narrative's
/// links and images (inside `content/`), its nesting. Every problem is returned, placed and sorted.
pub fn read(source: Source, systems: &[System]) -> Result<ReadReport, Vec<Problem>> {
    let Source {
        rel,
        path,
        text,
        body_start,
        tree,
        mistakes,
    } = source;
    let body = Body {
        text: text[body_start..].to_string(),
        offset: body_start,
    };
    let mut diags = load::duplicate_keys(&tree);
    diags.extend(load::control_chars(&tree));
    let report = read_report(&tree, &rel, body, &mut diags);
    let mut system = None;
    let mut draft = None;
    if let Some(r) = &report {
        // The narrative, read once: images and attachments must resolve inside content/, links must
        // be web addresses or files, the nesting must stay within the limit.
        let mut root = path.clone();
        for _ in rel.split('/') {
            root.pop();
        }
        let content = root.join("content");
        let place = narrative::Place {
            content: &content,
            report_dir: path.parent().unwrap_or(&root),
        };
        let (read, problems) = narrative::read(&r.body.text, r.body.offset, Some(&place));
        diags.extend(problems);
        draft = Some(read);
        match find_for(r, systems) {
            Ok(i) => {
                diags.extend(super::names::check(r, &systems[i]));
                system = Some(i);
            }
            Err(d) => diags.push(*d),
        }
    }
    let diags = mistakes.keep(diags);
    match (report, system, draft) {
        (Some(report), Some(system), Some(narrative)) if diags.is_empty() => Ok(ReadReport {
            extra: title_has_year(&report)
                .into_iter()
                .chain(narrative::unfilled_prompts(
                    &report.body.text,
                    report.body.offset,
                ))
                .collect(),
            report,
            system,
            text,
            narrative,
        }),
        _ => {
            let mut diags = diags;
            diags.sort_by_key(|d| d.span.map(|s| s.start));
            Err(crate::diag::place_all(&diags, &rel, &LineIndex::new(&text)))
        }
    }
}
