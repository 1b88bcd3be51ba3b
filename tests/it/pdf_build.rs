//! The PDFs, end to end through the pinned typst and fonts: one per report, the text and fonts in them,
//! author text printed literally, a character no font has, one failing report among several, and the
//! same bytes on every run. The tools are found like `jixiao build` finds them; without them these tests
//! skip locally and fail in CI (CI=true).

use crate::support::pdf::{
    info, job, pdf_text, poppler_or_skip, site, squeeze, theme, tools_and_poppler_or_skip,
    tools_or_skip,
};
use crate::support::seed_views::{self, seed000, seed001, seed003};
use crate::support::{SiteBuilder, SiteDir};
use jixiao::render::pdf::{self, PdfJob, PdfOptions};
use jixiao::render::view::ReportView;
use jixiao::write::Stage;
use std::path::Path;
use std::process::Command;

const EPOCH: i64 = 1_700_000_000;

fn opts() -> PdfOptions {
    PdfOptions {
        epoch: EPOCH,
        progress: false,
        standard: Some("a-2b".into()),
        limits: Default::default(),
    }
}

/// Renders the jobs with the theme of the site `t` into `t.out()`; returns the result and the
/// staging folder (not committed).
fn render(t: &SiteDir, jobs: &[PdfJob]) -> (Result<(), pdf::PdfError>, Stage) {
    let tools = tools_or_skip("render").expect("checked by the caller");
    render_with(t, jobs, &tools)
}

/// As [`render`], with the given tools.
fn render_with(
    t: &SiteDir,
    jobs: &[PdfJob],
    tools: &pdf::tools::Tools,
) -> (Result<(), pdf::PdfError>, Stage) {
    let site = site(t.root());
    let theme = theme(&site);
    let stage = Stage::new(&t.out()).unwrap();
    let r = pdf::render_jobs(jobs, &info(), &theme, tools, &stage, &opts());
    (r, stage)
}

/// An empty site.
fn empty_site() -> SiteDir {
    SiteBuilder::new().build()
}

/// A site with its own `typst/report.typ` (as a site may), in place of the theme's.
fn site_with_template(report_typ: &str) -> SiteDir {
    SiteBuilder::new()
        .file("typst/report.typ", report_typ)
        .build()
}

fn pdf_of(stage: &Stage, v: &ReportView) -> std::path::PathBuf {
    stage.dir().join(format!("{}.pdf", v.slug))
}

#[test]
fn a_pdf_per_report_with_the_units_totals_and_narrative() {
    if !tools_and_poppler_or_skip("a_pdf_per_report", "pdftotext") {
        return;
    }
    let t = empty_site();
    let views = [seed000(), seed003(), seed001()];
    let jobs: Vec<PdfJob> = views.iter().map(job).collect();
    let (r, stage) = render(&t, &jobs);
    r.unwrap();
    for v in &views {
        let p = pdf_of(&stage, v);
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(bytes.starts_with(b"%PDF-"), "{}", p.display());
        let text = squeeze(&pdf_text(&p));
        assert!(text.contains(&v.unit), "{}: unit missing", v.slug);
        assert!(
            text.contains(&v.total),
            "{}: total {} missing",
            v.slug,
            v.total
        );
        assert!(
            text.contains(&squeeze(&v.title)),
            "{}: title missing",
            v.slug
        );
        assert!(text.contains("评价等级"), "{}", v.slug);
        assert!(
            text.contains("各级指标得分情况"),
            "{}: chart missing",
            v.slug
        );
        assert!(text.contains("公章"), "{}: sign-off missing", v.slug);
    }
    // What each report's PDF text must hold, in the order of `views`.
    let expected: [(&str, &[&str]); 3] = [
        (
            "000",
            &[
                "303,054.14",
                "238,331.68",
                "资产管理合规性",
                "市产业发展中心个别资产处于闲置状态",
                "92.31%*5=4.62",
                "自评得分94.31分",
            ],
        ),
        (
            "003",
            &[
                "一、部门基本情况",
                "（一）部门职能",
                // The soft line breaks of the Markdown vanish between Chinese characters.
                "研究提出全市新型工业化发展战略",
                "447,790.64",
                "如“课题研究报告完成数”年初目标5份，实际完成3份。",
                "注：专项资金支出率按市财政局口径计算。",
                "四、下一步改进措施",
            ],
        ),
        (
            "001",
            &[
                "工业发展管理经费",
                "(1033.48+100.63)/(1435-300)*12=11.99",
                "不少于5场(次)",
                "96.66",
            ],
        ),
    ];
    for (v, (label, want)) in views.iter().zip(expected) {
        let text = squeeze(&pdf_text(&pdf_of(&stage, v)));
        for s in want {
            assert!(text.contains(s), "{label}: {s} missing");
        }
    }
}

/// The fonts a PDF embeds, by name (pdffonts' first column, without the subset tag), each checked to be
/// embedded.
fn embedded_fonts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    list.lines()
        .skip(2)
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni id gen: emb is the 5th column from the end.
            assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {line}");
            let name = cols[0];
            name.split_once('+').map_or(name, |(_, n)| n).to_string()
        })
        .collect()
}

#[test]
fn only_the_pinned_fonts_all_embedded() {
    if !tools_and_poppler_or_skip("only_the_pinned_fonts", "pdffonts") {
        return;
    }
    let t = empty_site();
    let v = seed003();
    let (r, stage) = render(&t, &[job(&v)]);
    r.unwrap();
    let fonts = embedded_fonts(&pdf_of(&stage, &v));
    // Every character of this report is in tools/font-subset.txt: only the subsets are used (the
    // full faces stay unread), the body, the headings and the 楷体 headings among them.
    for f in &fonts {
        assert!(
            [
                "JixiaoSerifCommon-",
                "JixiaoSansCommon-",
                "JixiaoKaiCommon-"
            ]
            .iter()
            .any(|p| f.starts_with(p)),
            "a font other than the pinned subsets: {f} in {fonts:?}"
        );
    }
    for f in [
        "JixiaoSerifCommon-Regular",
        "JixiaoSansCommon-Regular",
        "JixiaoKaiCommon-Regular",
    ] {
        assert!(
            fonts.iter().any(|n| n.starts_with(f)),
            "{f} not used: {fonts:?}"
        );
    }
}

#[test]
fn the_subsets_alone_give_the_pdf_the_whole_font_folder_gives() {
    if tools_or_skip("the_subsets_alone").is_none() {
        return;
    }
    // The same report twice, once with a character outside the subsets in a field of its data that
    // the template does not print (the source file's name): typst gets the subsets alone for the
    // first, the whole font folder for the second (any character of the data counts, printed or
    // not). The PDFs must be the same bytes: the text is set in the same subset faces either way.
    let plain = seed003();
    let mut rare = seed003();
    rare.source = "content/张喆/2023-department-report.md".into();
    assert_ne!(plain.source, rare.source);
    let (t1, t2) = (empty_site(), empty_site());
    let (r1, s1) = render(&t1, &[job(&plain)]);
    r1.unwrap();
    let (r2, s2) = render(&t2, &[job(&rare)]);
    r2.unwrap();
    let a = std::fs::read(pdf_of(&s1, &plain)).unwrap();
    let b = std::fs::read(pdf_of(&s2, &rare)).unwrap();
    assert!(
        a == b,
        "the PDF differs between the subsets alone and the whole folder"
    );
}

#[test]
fn a_font_folder_without_subsets_sets_the_full_faces() {
    if !tools_and_poppler_or_skip("a_font_folder_without_subsets", "pdffonts") {
        return;
    }
    let tools = tools_or_skip("a_font_folder_without_subsets").expect("checked above");
    // JIXIAO_FONTS may name a folder of its own: the pinned faces without their subsets.
    let own = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&tools.fonts).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "subset" {
            std::os::unix::fs::symlink(entry.path(), own.path().join(entry.file_name())).unwrap();
        }
    }
    let tools = pdf::tools::Tools {
        fonts: own.path().to_path_buf(),
        ..tools
    };
    let t = empty_site();
    let v = seed003();
    let (r, stage) = render_with(&t, &[job(&v)], &tools);
    r.unwrap();
    // No warning of the subsets' families (it would have failed the report): the full faces.
    let fonts = embedded_fonts(&pdf_of(&stage, &v));
    assert!(
        fonts
            .iter()
            .any(|n| n.starts_with("NotoSerifCJKsc-Regular")),
        "{fonts:?}"
    );
    assert!(!fonts.iter().any(|n| n.starts_with("Jixiao")), "{fonts:?}");
}

#[test]
fn a_character_outside_the_subsets_is_drawn_by_the_full_face() {
    if !tools_and_poppler_or_skip("a_character_outside_the_subsets", "pdffonts") {
        return;
    }
    let t = empty_site();
    let mut v = seed003();
    // 喆 and 堃 (in names) are not in GB 2312, so not in the subsets; 㐀 is in Extension A.
    v.narrative = seed_views::narrative("## 一、部门基本情况\n\n负责人张喆、李堃，附表㐀。\n");
    let (r, stage) = render(&t, &[job(&v)]);
    r.unwrap();
    let p = pdf_of(&stage, &v);
    let fonts = embedded_fonts(&p);
    // The paragraph's other characters from the serif subset, these three from the full serif face.
    assert!(
        fonts
            .iter()
            .any(|n| n.starts_with("JixiaoSerifCommon-Regular")),
        "{fonts:?}"
    );
    assert!(
        fonts
            .iter()
            .any(|n| n.starts_with("NotoSerifCJKsc-Regular")),
        "{fonts:?}"
    );
    assert!(
        squeeze(&pdf_text(&p)).contains("负责人张喆、李堃，附表㐀。"),
        "the characters drawn and extractable"
    );
}

/// The text of each page (pdftotext separates pages with a form feed).
fn pages(pdf: &Path) -> Vec<String> {
    pdf_text(pdf)
        .split('\x0c')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Each page's size in points, from pdfinfo.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims: Vec<f64> = l
                .split(" size: ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (dims[0], dims[1])
        })
        .collect()
}

#[test]
fn the_wide_grid_goes_landscape_with_its_header_on_every_page() {
    if !tools_and_poppler_or_skip("the_wide_grid_goes_landscape", "pdfinfo") {
        return;
    }
    let t = empty_site();
    let v = seed000();
    let (r, stage) = render(&t, &[job(&v)]);
    r.unwrap();
    let pdf = pdf_of(&stage, &v);
    let sizes = page_sizes(&pdf);
    let texts = pages(&pdf);
    assert_eq!(sizes.len(), texts.len());
    let a4 = |(w, h): (f64, f64)| {
        (
            (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
            (w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0,
        )
    };
    assert!(a4(sizes[0]).0, "page 1 is A4 portrait: {:?}", sizes[0]);
    let grid_pages: Vec<usize> = (0..texts.len())
        .filter(|&i| texts[i].contains("分值") && texts[i].contains("二级指标"))
        .collect();
    assert!(
        grid_pages.len() >= 2,
        "the grid runs over several pages: {grid_pages:?}"
    );
    for &i in &grid_pages {
        assert!(
            a4(sizes[i]).1,
            "grid page {} is A4 landscape: {:?}",
            i + 1,
            sizes[i]
        );
        assert!(
            texts[i].contains("一级指标") && texts[i].contains("改进措施"),
            "header on page {}",
            i + 1
        );
    }
    // Every row of the grid is there, whatever page it fell on.
    let all = squeeze(&texts.join(""));
    for r in &v.grid {
        assert!(all.contains(&squeeze(&r.name)), "{} missing", r.name);
    }
    // Page numbers "— N —" on every page.
    for (i, p) in texts.iter().enumerate() {
        assert!(
            squeeze(p).contains(&format!("—{}—", i + 1)),
            "page number on page {}",
            i + 1
        );
    }
}

const INJECTIONS: [&str; 9] = [
    "#set page(width: 1cm)",
    "#read(\"/etc/passwd\")",
    "$x^2$",
    "@x",
    "<y>",
    "]",
    "\\",
    "#panic(\"boom\")",
    "#import \"@preview/x:0.1.0\"",
];

#[test]
fn author_text_prints_literally() {
    if !tools_and_poppler_or_skip("author_text_prints_literally", "pdftotext") {
        return;
    }
    let t = empty_site();
    let mut v = seed003();
    v.unit = "单位#set text(size: 1pt)]".into();
    v.grid[0].reason = Some("原因 #read(\"/etc/passwd\") ]".into());
    let mut md = String::from("## 注入测试\n\n");
    for s in INJECTIONS {
        // Each on a line of its own, as a paragraph, and once more in inline code.
        md.push_str(&format!(
            "{}\n\n`{s}`\n\n",
            s.replace('\\', "\\\\")
                .replace('<', "\\<")
                .replace('$', "\\$")
        ));
    }
    md.push_str("<script>alert(1)</script>\n\n");
    v.narrative = seed_views::narrative(md);
    let (r, stage) = render(&t, &[job(&v)]);
    r.unwrap();
    let p = pdf_of(&stage, &v);
    let text = pdf_text(&p);
    for s in INJECTIONS {
        assert!(
            text.matches(s).count() >= 2,
            "{s} not printed literally twice:\n{text}"
        );
    }
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(squeeze(&text).contains("单位#set text(size: 1pt)]".replace(' ', "").as_str()));
    assert!(text.contains("原因 #read(\"/etc/passwd\") ]"), "{text}");
    assert!(!text.contains("root:"), "a file was read");
    // Still A4 portrait on the first page: `#set page(width: 1cm)` did nothing.
    if Command::new("pdfinfo").arg("-v").output().is_ok() {
        let info =
            String::from_utf8(Command::new("pdfinfo").arg(&p).output().unwrap().stdout).unwrap();
        assert!(
            info.contains("595.276 x 841.89 pts (A4)") || info.contains("595.28 x 841.89 pts (A4)"),
            "{info}"
        );
    }
}

#[test]
fn a_character_no_font_has_fails_that_report_naming_it() {
    if tools_or_skip("a_character_no_font_has").is_none() {
        return;
    }
    let t = empty_site();
    let good = seed000();
    let mut bad = seed003();
    let source = "---\nkind: department\n---\n\n## 一、部门基本情况\n\n正文\n象形文字𓀀在第八行。\n";
    bad.narrative = seed_views::narrative("## 一、部门基本情况\n\n正文\n象形文字𓀀在第八行。\n");
    let jobs = [
        job(&good),
        PdfJob {
            view: &bad,
            source_text: Some(source),
        },
    ];
    let (r, stage) = render(&t, &jobs);
    let e = r.unwrap_err().to_string();
    assert!(e.contains("1 of 2 PDFs failed"), "{e}");
    assert!(
        e.contains(&format!("{}:8:", bad.source)),
        "the report and line: {e}"
    );
    assert!(e.contains("“𓀀”（U+13000）"), "the character: {e}");
    assert!(!e.contains(&good.source), "{e}");
    assert!(
        pdf_of(&stage, &good).is_file(),
        "the other report still gets its PDF"
    );
    assert!(!pdf_of(&stage, &bad).exists());
}

#[test]
fn a_typst_failure_in_one_report_names_it_and_keeps_the_others() {
    if tools_or_skip("a_typst_failure_in_one_report").is_none() {
        return;
    }
    // The site overrides the template (as a site may): it refuses one unit.
    let t = site_with_template(
        "#let data = json(\"report.json\")\n#if data.unit.contains(\"坏\") { panic(\"refused \" + data.unit) }\n#import \"style.typ\": gongwen\n#show: gongwen\n#data.unit #data.total\n",
    );
    let mut a = seed000();
    a.slug = "a/report".into();
    a.source = "content/a/report.md".into();
    let mut b = seed001();
    b.slug = "b/report".into();
    b.source = "content/b/report.md".into();
    b.unit = "坏单位".into();
    let mut c = seed003();
    c.slug = "c/report".into();
    c.source = "content/c/report.md".into();
    let jobs: Vec<PdfJob> = [&a, &b, &c].into_iter().map(job).collect();
    let (r, stage) = render(&t, &jobs);
    let e = r.unwrap_err().to_string();
    assert!(e.contains("1 of 3 PDFs failed"), "{e}");
    assert!(
        e.contains("content/b/report.md: typst"),
        "the failing report is named: {e}"
    );
    assert!(
        e.contains("typst/report.typ:2:"),
        "typst's message points at the template: {e}"
    );
    assert!(e.contains("refused 坏单位"), "typst's message: {e}");
    assert!(
        !e.contains("jixiao-pdf-"),
        "no staging path in the message: {e}"
    );
    assert!(pdf_of(&stage, &a).is_file());
    assert!(pdf_of(&stage, &c).is_file());
    assert!(!pdf_of(&stage, &b).exists());
    // The override really was used: the PDF holds only the unit and the total.
    if poppler_or_skip("a_typst_failure_in_one_report", "pdftotext") {
        let text = pdf_text(&pdf_of(&stage, &a));
        assert!(text.contains("广州市工业和信息化局 94.31"), "{text}");
        assert!(!text.contains("评价等级"), "{text}");
    }
}

#[test]
fn same_bytes_every_run_whatever_the_batch() {
    if tools_or_skip("same_bytes_every_run").is_none() {
        return;
    }
    let t1 = empty_site();
    let t2 = empty_site();
    let views = [seed000(), seed003(), seed001()];
    let all: Vec<PdfJob> = views.iter().map(job).collect();
    let (r1, s1) = render(&t1, &all);
    r1.unwrap();
    // The same report alone (one worker, typst with all the cores) and again in another folder.
    let (r2, s2) = render(&t2, &all[1..2]);
    r2.unwrap();
    let a = std::fs::read(pdf_of(&s1, &views[1])).unwrap();
    let b = std::fs::read(pdf_of(&s2, &views[1])).unwrap();
    assert!(a == b, "the PDF differs between runs");
    // The creation date is the build's epoch, not the clock.
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("2023-11-14T22:13:20") || text.contains("D:20231114221320"),
        "creation date is not the epoch"
    );
}

#[test]
fn the_data_holds_no_markup_only_text() {
    let v = seed003();
    let j = pdf::report_json(&v, &info()).unwrap();
    assert_eq!(j["narrative"]["blocks"][0]["t"], "heading");
    assert_eq!(j["total"], "90.74");
    assert_eq!(j["site"]["show_findings"], false);
    assert!(j["narrative"].get("footnotes").is_some());
}

#[test]
fn a_template_asking_for_a_font_that_is_not_pinned_fails() {
    if tools_or_skip("a_template_asking_for_a_font").is_none() {
        return;
    }
    // typst only warns and falls back to another font; jixiao refuses the PDF.
    let t = site_with_template("#set text(font: \"SimSun\")\n#json(\"report.json\").unit\n");
    let v = seed000();
    let (r, stage) = render(&t, &[job(&v)]);
    let e = r.unwrap_err().to_string();
    assert!(
        e.contains("typst/report.typ:1:") && e.contains("unknown font family: simsun"),
        "{e}"
    );
    assert!(!pdf_of(&stage, &v).exists());
}
