//! The HTML site built from the hand-made fixture site (`support/fixture_site.rs`): the pages that are written,
//! what a report page contains, safety of the narrative, relative links, theme overrides,
//! determinism, and a snapshot of a report page.

use crate::support::{SiteDir, build_html, fixture_site, repo, tree};
use jixiao::pipeline::Site;
use jixiao::render::{Theme, html};
use jixiao::write::Stage;
use std::path::{Path, PathBuf};

/// Renders the HTML as a build with PDFs does (pages link to their PDFs), without running typst.
fn build_site(site: &Site, out: &Path) {
    let theme = Theme::for_site(site).expect("theme");
    let stage = Stage::new(out).expect("stage");
    html::render_with(site, &theme, &stage, true).expect("render");
    stage.commit().expect("commit");
}

/// The fixture site (findings shown) rendered into its `build/`.
fn built_fixture() -> (SiteDir, PathBuf) {
    let (t, site) = fixture_site::new(true);
    let out = t.out();
    build_site(&site, &out);
    (t, out)
}

/// The error of rendering the HTML of `site` into `out` (which must fail).
fn render_error(site: &Site, out: &Path) -> jixiao::render::RenderError {
    let theme = Theme::for_site(site).unwrap();
    let stage = Stage::new(out).unwrap();
    html::render(site, &theme, &stage).unwrap_err()
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The markup of every tag of a page (`a href="…"`): text never holds a literal `<`, so every `<`
/// starts a tag.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .collect()
}

/// The values of every `href="…"` and `src="…"` attribute of a page.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for key in [" href=\"", " src=\""] {
            if let Some(i) = tag.find(key) {
                let v = &tag[i + key.len()..];
                out.push(v[..v.find('"').unwrap()].to_string());
            }
        }
    }
    out
}

/// The number of times `needle` occurs in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn writes_index_unit_pages_report_pages_and_static_files() {
    let (_t, out) = built_fixture();
    // (The writer's own marker, `.jixiao-build`, is not the renderer's business.)
    let files: Vec<String> = tree(&out)
        .into_keys()
        .filter(|k| !k.starts_with('.'))
        .collect();
    assert_eq!(
        files,
        [
            "data/reports.csv",
            "data/reports.json",
            "gz-gxj/2022-table.html",
            "gz-gxj/2022-table.json",
            "gz-gxj/2023-report.html",
            "gz-gxj/2023-report.json",
            "gz-gxj/images/chart.png",
            "gz-gxj/index.html",
            "index.html",
            "jm-gxj/2023-project.html",
            "jm-gxj/2023-project.json",
            "jm-gxj/index.html",
            "review.html",
            "static/favicon.svg",
            "static/national.css",
            "static/print.css",
            "static/review.css",
            "static/review.js",
            "static/search.js",
            "static/style.css",
        ]
    );
}

#[test]
fn report_page_has_the_parts_of_the_published_form() {
    let (_t, out) = built_fixture();
    let page = read(&out, "gz-gxj/2023-report.html");

    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(page.contains(
        "<title>广州市工业和信息化局2023年度部门整体支出绩效自评报告 — 预算绩效信息公开（测试站点）</title>"
    ));
    assert!(page.contains("<h1>部门整体支出绩效自评报告</h1>"));
    assert!(page.contains("（2023年度）"));
    // Basic information, goals as a list, completion as one paragraph per line.
    assert!(page.contains("<th scope=\"row\">单位数</th><td>3</td>"));
    assert!(page.contains("<li>目标1：持续强化经济运行监测。</li>"));
    assert!(page.contains("<p>一是经济运行平稳。</p><p>二是产业发展提速。</p>"));
    // Budget grid: 万元 with separators, nested headers, computed rate 425,020.15 / 447,790.64.
    assert!(page.contains("<th scope=\"colgroup\" colspan=\"2\">部门预算</th>"));
    assert!(page.contains("<th scope=\"colgroup\" colspan=\"2\">事业发展支出</th>"));
    assert!(page.contains("<th scope=\"colgroup\" colspan=\"2\">按预算级次划分</th>"));
    assert!(page.contains("<td class=\"num\" data-label=\"总预算\">503,054.14</td>"));
    assert!(page.contains("<td class=\"num\" data-label=\"市本级资金\">393,807.00</td>"));
    assert!(page.contains("<td class=\"num\" data-label=\"专项资金\">94.91%</td>"));
    // Indicator grid: 一级 履职效能 spans its 4 lines, 二级 整体效能 its 2 (each line followed by
    // its 详情 row).
    assert!(page.contains("<th scope=\"rowgroup\" rowspan=\"8\" class=\"l1\">履职效能</th>"));
    assert!(page.contains("<th scope=\"rowgroup\" rowspan=\"4\" class=\"l2\">整体效能</th>"));
    assert!(page.contains("<th scope=\"rowgroup\" rowspan=\"8\" class=\"l1\">管理效率</th>"));
    assert_eq!(
        count(&page, "<tr class=\"row\"") + count(&page, "<tr class=\"row stated-only\""),
        8 + 2
    );
    assert_eq!(count(&page, "<tr class=\"row-detail"), 8 + 2);
    // Budget: 7 line headers. Grid: the 7 fixed columns + 指标解释, 计分依据, 未达标原因, 改进措施
    // (no row has a target, an actual, criteria or evidence). Sub-indicator table: 7.
    assert_eq!(count(&page, "<th scope=\"col\""), 7 + 11 + 7);
    assert!(!page.contains(">佐证材料</th>"));
    // One heading per table, naming it for the table too.
    assert!(page.contains("<h2 id=\"indicators-title\">附表：绩效指标评分表</h2>"));
    assert!(
        page.contains("<table class=\"grid indicator-grid\" aria-labelledby=\"indicators-title\">")
    );
    assert!(!page.contains("各项指标"));
    // 指标解释 and 计分依据 fold into the row's 详情 (printed as columns); the others are columns.
    assert!(page.contains("<th scope=\"col\" class=\"text c-explanation opt\">指标解释</th>"));
    assert!(page.contains("<th scope=\"col\" class=\"text c-basis opt\">计分依据</th>"));
    assert!(page.contains("<th scope=\"col\" class=\"text c-reason\">未达标原因</th>"));
    assert!(page.contains("<summary><span class=\"detail-name\">计分依据</span></summary>"));
    // Scores, formula (as the forms write it), halving, the stated-only group, the sub-indicator table.
    assert!(page.contains("<span class=\"formula\">5×94.91%=4.75</span>"));
    assert!(!page.contains("5*94.91%"));
    assert!(page.contains("（三级指标未公开）"));
    assert!(page.contains(">5.13<"));
    assert!(page.contains("<a class=\"items-link\" href=\"#items-1\">明细（2 项）</a>"));
    assert!(page.contains("<section class=\"items\" id=\"items-1\""));
    assert!(page.contains("（完成率高于150%，减半得分）"));
    assert!(page.contains("<h3 id=\"items-1-title\">部门整体绩效目标产出指标完成情况明细（分值 10.00，得分 9.35，经核算为 7.50）</h3>"),
        "the stated 9.35 above items that add up to 2.50 + 5.00: jixiao's figure said in the heading");
    assert!(page.contains("<td class=\"num\">212.50%</td>") || page.contains("完成率 212.50%"));
    // 总分 as the report states it, 90.74 → 优, exactly one box ticked; jixiao's 36.70 + 45.13 =
    // 81.83 (良) as a note, and the stated row score 9.35 with jixiao's 7.50 beside it.
    assert!(
        page.contains("<strong>90.74</strong><span class=\"computed-note\">经核算为 81.83</span>")
    );
    assert!(page.contains("<span class=\"total-value\">90.74</span>"));
    assert!(page.contains("<span class=\"computed-note\">经核算为 81.83（良）</span>"));
    assert!(page.contains("经核算，总分为 81.83 分，评价等级为良。"));
    assert!(page.contains(">9.35<span class=\"computed-note\">经核算为 7.50</span></td>"));
    assert_eq!(count(&page, "class=\"grade checked\""), 1);
    assert!(page.contains("<li class=\"grade checked\"><span class=\"box\" aria-hidden=\"true\"></span><span class=\"sr-only\">（已选）</span><span class=\"grade-name\">优</span>"));
    assert_eq!(count(&page, "<span class=\"sr-only\">（未选）</span>"), 3);
    // Chart: inline SVG with CJK labels, one bar per 一级 and 二级 group (2 + 5).
    assert_eq!(count(&page, "<svg "), 1);
    assert_eq!(count(&page, "<rect class=\"fill "), 7);
    assert!(page.contains("<text class=\"label level-1\" x=\"0.0\" y=\"20.0\">履职效能</text>"));
    // Sign-off and the PDF link, relative to the page.
    assert!(page.contains("<dt>填报单位（公章）</dt><dd>广州市工业和信息化局</dd>"));
    assert!(page.contains("<dt>填报日期</dt><dd>2024年5月20日</dd>"));
    assert!(page.contains("href=\"2023-report.pdf\""));
    // Report layout: the narrative comes before the indicator grid.
    assert!(page.find("id=\"narrative\"").unwrap() < page.find("id=\"indicators\"").unwrap());
    let table = read(&out, "gz-gxj/2022-table.html");
    assert!(
        !table.contains("id=\"narrative\""),
        "a report without a body has no narrative section"
    );
}

#[test]
fn narrative_is_safe_and_chinese_lines_join() {
    let (_t, out) = built_fixture();
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(!page.contains("<script"), "raw HTML passed through");
    assert!(page.contains("&lt;script&gt;alert("));
    for tag in tags(&page) {
        let tag = tag.to_lowercase();
        assert!(
            !tag.contains("onclick") && !tag.contains("javascript:") && !tag.contains("data:"),
            "<{tag}>"
        );
    }
    assert!(
        page.contains(
            "点击&lt;a href=\"https://example.org\" onclick=\"steal()\"&gt;这里&lt;/a&gt;"
        ),
        "shown as text"
    );
    assert!(
        page.contains("或此处查看，图片示意。"),
        "unsafe links and images are dropped, their text kept"
    );
    assert!(
        page.contains("整体绩效目标基本完成"),
        "soft break between Chinese characters kept as a space"
    );
    assert!(
        page.contains("增加值\n5,145.89"),
        "soft break before a digit is kept"
    );
    assert!(
        page.contains("<h3>一、部门基本情况</h3>"),
        "narrative headings go under the section heading"
    );
    assert!(page.contains("<h4>（一）收支情况</h4>"));
    assert!(page.contains("<td style=\"text-align: right\">447,790.64</td>"));
    assert!(page.contains("<a href=\"#fn-src\">1</a>"));
    assert!(page.contains("id=\"fn-src\""));
}

#[test]
fn narrative_files_are_copied_and_reports_linked_by_their_pages() {
    let (t, out) = built_fixture();
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(
        page.contains("<img src=\"../gz-gxj/images/chart.png\" alt=\"2023年专项资金支出结构\" />")
    );
    assert_eq!(
        std::fs::read(out.join("gz-gxj/images/chart.png")).unwrap(),
        std::fs::read(t.path("content/gz-gxj/images/chart.png")).unwrap()
    );
    assert!(page.contains("<a href=\"../gz-gxj/2022-table.html#indicators\">2022年自评表</a>"));
    // Outside content/ or missing: text only, nothing copied.
    assert!(page.contains("<p>站外文件、不存在的附件不会出现为链接。</p>"));
    assert!(!out.join("outside.txt").exists());
}

#[test]
fn an_attachment_may_not_replace_a_generated_file() {
    let (t, mut site) = fixture_site::new(true);
    std::fs::write(t.path("content/gz-gxj/2022-table.pdf"), "%PDF-").unwrap();
    let content = t.path("content");
    site.entries[0].narrative = jixiao::narrative::parse_in(
        "[原件](2022-table.pdf)",
        &jixiao::narrative::Place {
            content: &content,
            report_dir: &content.join("gz-gxj"),
        },
    );
    site.facts = site
        .entries
        .iter()
        .map(jixiao::pipeline::Facts::of)
        .collect();
    let err = render_error(&site, &t.out());
    assert!(
        err.to_string().contains("content/gz-gxj/2022-table.pdf"),
        "{err}"
    );
}

#[test]
fn every_link_is_relative_and_stays_inside_the_site() {
    let (_t, out) = built_fixture();
    let files = tree(&out);
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes.clone()).unwrap();
        let dir = Path::new(rel).parent().unwrap();
        for url in urls(&page) {
            assert!(
                !url.starts_with('/') && !url.contains("://"),
                "{rel}: absolute or external link {url}"
            );
            let (path, fragment) = url.split_once('#').unwrap_or((&url, ""));
            if path.is_empty() {
                assert!(
                    page.contains(&format!("id=\"{fragment}\"")),
                    "{rel}: #{fragment} has no target"
                );
                continue;
            }
            if path.ends_with(".pdf") {
                continue; // written by the PDF renderer, not built here
            }
            let target = normalize(&dir.join(path));
            assert!(
                files.contains_key(&target),
                "{rel}: link {url} → {target} does not exist"
            );
        }
    }
    let unit = read(&out, "gz-gxj/index.html");
    assert!(unit.contains("href=\"../static/style.css\""));
    assert!(unit.contains("href=\"../index.html\""));
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn index_groups_reports_by_unit_newest_first() {
    let (_t, out) = built_fixture();
    let index = read(&out, "index.html");
    let gz = index
        .find("<h2 id=\"unit-1-title\"><a href=\"gz-gxj/index.html\">广州市工业和信息化局</a></h2>")
        .unwrap();
    let jm = index
        .find("<h2 id=\"unit-2-title\"><a href=\"jm-gxj/index.html\">江门市工业和信息化局</a></h2>")
        .unwrap();
    assert!(gz < jm);
    let y2023 = index.find("href=\"gz-gxj/2023-report.html\"").unwrap();
    let y2022 = index.find("href=\"gz-gxj/2022-table.html\"").unwrap();
    assert!(
        gz < y2023 && y2023 < y2022 && y2022 < jm,
        "newest first within the unit"
    );
    assert!(index.contains(
        "<td class=\"num\">90.74<span class=\"computed-note\">经核算为 81.83</span></td>"
    ));
    assert!(
        index.contains("<td class=\"num\">94.31</td>"),
        "2022: 45 + 49.31"
    );
    // The totals chart: how many reports in each score band (the project's 59.99 … 94.31: axis
    // 55–100, five-point bands), each band naming its reports; a project by its name. It charts
    // the totals as published (the 2023 report's stated 90.74, not jixiao's 81.83), as the table
    // beside it does.
    assert_eq!(count(&index, "<rect class=\"bin\""), 9);
    assert!(index.contains(
        "<title>90.00–94.99 分：2 份（广州市工业和信息化局 2023年 部门整体、广州市工业和信息化局 2022年 部门整体）</title>"
    ));
    assert!(index.contains("<title>80.00–84.99 分：无</title>"));
    assert!(index.contains(
        "<title>55.00–59.99 分：1 份（江门市工业和信息化局 2023年 工业发展管理经费）</title>"
    ));
    assert!(index.contains("<title>95.00–100.00 分：无</title>"));
    // Draft mode: per-report finding counts.
    assert!(index.contains("<span class=\"badge sev-warning\">警告 1</span>"));
    assert!(index.contains("<span class=\"badge sev-error\">错误 1</span>"));

    let unit = read(&out, "gz-gxj/index.html");
    assert!(unit.contains("<h1>广州市工业和信息化局</h1>"));
    // Years side by side: one column per report, newest first.
    let c2023 = unit
        .find("<a href=\"../gz-gxj/2023-report.html\">2023年度</a>")
        .unwrap();
    let c2022 = unit
        .find("<a href=\"../gz-gxj/2022-table.html\">2022年度</a>")
        .unwrap();
    assert!(c2023 < c2022);
    // Group scores as the page shows them (the stated 9.35, not jixiao's 7.50, in 履职效能), weights
    // with the system's two decimals.
    assert!(unit.contains("<tr class=\"level-1\"><th scope=\"row\">履职效能</th><td class=\"num\">38.55 / 50.00</td><td class=\"num\">45.00 / 50.00</td></tr>"));
    assert!(unit.contains("<tr class=\"level-2\"><th scope=\"row\">专项效能</th><td class=\"num\">24.20 / 25.00</td><td class=\"num\">—</td></tr>"));
}

#[test]
fn findings_show_in_draft_mode_only() {
    let (t, site) = fixture_site::new(true);
    let out = t.path("draft");
    build_site(&site, &out);
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(page.contains("<h2 id=\"findings-title\">校验发现（2 条，草稿）</h2>"));
    assert!(page.contains("<code class=\"loc\">content/gz-gxj/2023-report.md:12:15</code>"));
    assert!(page.contains("<span class=\"badge sev-warning\">警告</span>"));
    assert!(page.contains("<span class=\"badge sev-info\">提示</span>"));
    // Notes are folded under a summary; warnings are not.
    let notes = page
        .find("<details class=\"findings-notes\">")
        .expect("notes folded");
    assert!(page[notes..].contains("<summary>1 条提示（不影响得分的说明）</summary>"));
    assert!(page.find("sev-warning").unwrap() < notes);
    assert!(
        page.find("<code class=\"loc\">content/gz-gxj/2023-report.md:3:1</code>")
            .unwrap()
            > notes
    );
    assert!(page.contains("class=\"draft-banner\""));
    let project = read(&out, "jm-gxj/2023-project.html");
    assert!(project.contains("得分 &lt;b&gt;超过&lt;/b&gt; 分值（score exceeds weight）"));

    let out = t.path("final");
    build_site(&fixture_site::site(t.root(), false), &out);
    for rel in [
        "index.html",
        "gz-gxj/2023-report.html",
        "jm-gxj/2023-project.html",
    ] {
        let page = read(&out, rel);
        for marker in ["findings", "draft-banner", "stated-diff", "校验", "sev-"] {
            assert!(
                !page.contains(marker),
                "{rel} shows {marker} with show_findings: false"
            );
        }
    }
    // Outside draft mode too, a stated figure that differs from jixiao's is published with jixiao's
    // as a note, never replaced by it.
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(page.contains(">9.35<span class=\"computed-note\">经核算为 7.50</span></td>"));
    assert!(
        page.contains("<strong>90.74</strong><span class=\"computed-note\">经核算为 81.83</span>")
    );
}

#[test]
fn project_page_merges_an_empty_second_level_cell() {
    let (_t, out) = built_fixture();
    let page = read(&out, "jm-gxj/2023-project.html");
    // 决策 has no 二级 groups: its lines get one empty 二级 cell pair.
    assert!(page.contains("<th scope=\"rowgroup\" rowspan=\"2\" class=\"l1\">决策</th><td rowspan=\"2\" class=\"num l1\" data-label=\"权重(%)\">20.00</td><td rowspan=\"2\" class=\"l2 blank\"></td>"));
    assert_eq!(count(&page, "class=\"l2 blank\""), 1);
    assert!(page.contains("<th scope=\"row\">项目名称</th><td>工业发展管理经费</td>"));
    assert!(page.contains("<th scope=\"row\">评价金额</th><td>1435 万元</td>"));
    // The columns as the project form (001) names them.
    assert!(page.contains("<th scope=\"col\" class=\"target c-target\">预期值</th>"));
    assert!(page.contains(
        "<td class=\"target c-target\" data-label=\"预期值\">高于当年全市规上工业增加值增速</td>"
    ));
    assert!(page.contains("<th scope=\"col\" class=\"text c-evidence opt\">佐证材料</th>"));
    assert!(page.contains("<th scope=\"col\" class=\"num c-score\">自评分数</th>"));
    // Budget grid without nested headers: 年初预算数 | 全年预算数 with 执行数 and 执行率 rows.
    assert!(page.contains("<th scope=\"col\">年初预算数</th><th scope=\"col\">全年预算数</th>"));
    assert!(!page.contains("scope=\"colgroup\""));
    assert!(page.contains("<tr><th scope=\"row\">执行数</th><td class=\"num\" data-label=\"年初预算数\"></td><td class=\"num\" data-label=\"全年预算数\">1,033.48</td></tr>"));
    assert!(page.contains("<td class=\"num\" data-label=\"全年预算数\">72.02%</td>"));
    // Table layout: the grid comes before the narrative.
    assert!(page.find("id=\"indicators\"").unwrap() < page.find("id=\"narrative\"").unwrap());
    // 0 + 40 + 19.99 = 59.99 → 差
    assert!(page.contains("<span class=\"grade-value\">差</span>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let t = fixture_site::builder().build();
    let a = t.path("a");
    let b = t.path("b");
    build_site(&fixture_site::site(t.root(), true), &a);
    build_site(&fixture_site::site(t.root(), true), &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

#[test]
fn a_site_overrides_single_templates_and_assets() {
    let t = fixture_site::builder()
        .file(
            "templates/narrative.html",
            "<section id=\"narrative\"><p>本站自定义正文模板</p>{{ narrative_html | safe }}</section>",
        )
        .file("static/style.css", "/* 本站样式 */\n")
        .file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .build();
    let out = t.out();
    build_site(&fixture_site::site(t.root(), true), &out);
    assert!(read(&out, "gz-gxj/2023-report.html").contains("<p>本站自定义正文模板</p>"));
    assert_eq!(read(&out, "static/style.css"), "/* 本站样式 */\n");
    assert!(
        out.join("static/logo.svg").is_file(),
        "a site's own static file is copied"
    );
    assert!(
        read(&out, "static/print.css").contains("@page"),
        "the theme's other files stay"
    );
}

#[test]
fn a_broken_override_is_reported_not_ignored() {
    let t = fixture_site::builder()
        .file("templates/index.html", "{% if %}")
        .build();
    let site = fixture_site::site(t.root(), true);
    let err = render_error(&site, &t.out());
    assert!(err.to_string().contains("模板有误"), "{err}");
}

#[test]
fn output_path_collisions_are_errors() {
    let (t, mut site) = fixture_site::new(true);
    site.entries[1].slug = "index".into();
    site.facts = site
        .entries
        .iter()
        .map(jixiao::pipeline::Facts::of)
        .collect();
    let err = render_error(&site, &t.out());
    assert!(
        err.to_string().contains("index.html") && err.to_string().contains("冲突"),
        "{err}"
    );
}

#[test]
fn a_unit_without_a_folder_of_its_own_gets_a_stable_one() {
    let (t, mut site) = fixture_site::new(true);
    // The project report moves into the folder of the other unit: the folder is no one's.
    site.entries[2].slug = "gz-gxj/jm-2023-project".into();
    site.facts = site
        .entries
        .iter()
        .map(jixiao::pipeline::Facts::of)
        .collect();
    let out = t.out();
    build_site(&site, &out);
    let index = read(&out, "index.html");
    let mut hrefs = Vec::new();
    for unit in ["广州市工业和信息化局", "江门市工业和信息化局"] {
        let end = index.find(&format!("\">{unit}</a></h2>")).unwrap();
        let start = index[..end].rfind("href=\"").unwrap() + 6;
        let href = index[start..end].to_string();
        assert!(
            href.starts_with("unit-") && href.ends_with("/index.html"),
            "{href}"
        );
        assert!(out.join(&href).is_file());
        hrefs.push(href);
    }
    assert_ne!(hrefs[0], hrefs[1]);
    // Stable: the name decides, not the order of the reports.
    site.entries.reverse();
    let again = t.path("again");
    build_site(&site, &again);
    assert!(read(&again, "index.html").contains(&format!("href=\"{}\"", hrefs[0])));
}

/// Acceptance: the repository's sample site builds into an index, a page per unit and a page per
/// report, in under a second.
#[test]
fn sample_site_builds_every_page() {
    // How long it takes is measured by `cargo bench --bench pipeline`, not here.
    let site = Site::load(repo()).expect("sample site");
    assert!(!site.entries.is_empty(), "the sample site has no reports");
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("build");
    build_html(&site, &out);
    assert!(out.join("index.html").is_file());
    // Built without PDFs: no page links to one.
    for (k, v) in tree(&out) {
        assert!(!k.ends_with(".pdf"), "{k}");
        assert!(
            !String::from_utf8_lossy(&v).contains(".pdf\""),
            "{k} links to a PDF"
        );
    }
    let units: std::collections::BTreeSet<&str> = site
        .entries
        .iter()
        .map(|e| e.report.unit.value.as_str())
        .collect();
    let index = read(&out, "index.html");
    for e in &site.entries {
        let page = format!("{}.html", e.slug);
        assert!(out.join(&page).is_file(), "{page} missing");
        assert!(
            index.contains(&format!("href=\"{page}\"")),
            "index does not link {page}"
        );
    }
    let unit_pages: Vec<String> = tree(&out)
        .into_keys()
        .filter(|k| k.ends_with("/index.html"))
        .collect();
    assert_eq!(unit_pages.len(), units.len(), "{unit_pages:?}");
    for u in &units {
        assert!(
            index.contains(&format!(">{u}</a></h2>")),
            "index has no section for {u}"
        );
    }
}

#[test]
fn pages_describe_themselves_and_link_canonically_when_the_address_is_known() {
    let (t, site) = fixture_site::new(true);
    let out = t.path("plain");
    build_site(&site, &out);
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(page.contains(
        "<meta name=\"description\" content=\"广州市工业和信息化局2023年度部门整体支出绩效自评报告：自评总分 90.74 分，评价等级优。\">"
    ));
    assert!(
        !page.contains("rel=\"canonical\""),
        "base_path / gives no canonical link"
    );

    let mut site = fixture_site::site(t.root(), true);
    site.config.base_path = "https://czj.example.gov.cn/jixiao".into();
    let out = t.path("canonical");
    build_site(&site, &out);
    assert!(read(&out, "gz-gxj/2023-report.html").contains(
        "<link rel=\"canonical\" href=\"https://czj.example.gov.cn/jixiao/gz-gxj/2023-report.html\">"
    ));
    assert!(
        read(&out, "index.html")
            .contains("<link rel=\"canonical\" href=\"https://czj.example.gov.cn/jixiao/\">")
    );
    assert!(read(&out, "gz-gxj/index.html").contains(
        "content=\"广州市工业和信息化局预算绩效自评报告：2023年度90.74分（优），2022年度94.31分（优）。\""
    ));
}

#[test]
fn reports_of_the_same_year_share_one_year_cell() {
    let (t, mut site) = fixture_site::new(true);
    // The 2022 report becomes a second 2023 report of the same unit.
    site.entries[1].report.year.value = 2023;
    let out = t.out();
    build_site(&site, &out);
    let index = read(&out, "index.html");
    assert!(index.contains("<th scope=\"rowgroup\" class=\"year\" rowspan=\"2\">2023</th>"));
    assert_eq!(
        count(&index, "class=\"year\""),
        2,
        "one cell per unit and year"
    );
}

#[test]
fn names_and_titles_are_escaped_everywhere() {
    let (t, mut site) = fixture_site::new(true);
    let evil = "<script>alert(1)</script>\"'&";
    site.entries[0].report.title.value = format!("报告{evil}");
    for e in &mut site.entries[..2] {
        e.report.unit.value = format!("单位{evil}");
    }
    let out = t.out();
    build_site(&site, &out);
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        // The review page's own script is the one script tag of the site.
        let page = String::from_utf8(bytes)
            .unwrap()
            .replace("<script src=\"static/review.js\" defer></script>", "");
        assert!(!page.contains("<script"), "{rel}");
        assert!(
            !page.contains("\"'&"),
            "{rel}: quotes or ampersand unescaped"
        );
    }
    let page = read(&out, "gz-gxj/2023-report.html");
    assert!(page.contains("<h1>报告&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</h1>"));
}

#[test]
fn an_empty_site_has_an_index_that_says_so() {
    let (t, mut site) = fixture_site::new(true);
    site.entries.clear();
    site.facts.clear();
    let out = t.out();
    build_site(&site, &out);
    let index = read(&out, "index.html");
    assert!(index.contains("暂无报告"));
    assert!(!index.contains("<svg"));
}

#[test]
fn report_page_snapshot() {
    let (_t, out) = built_fixture();
    insta::assert_snapshot!("report_page_2023", read(&out, "gz-gxj/2023-report.html"));
    insta::assert_snapshot!("project_page_2023", read(&out, "jm-gxj/2023-project.html"));
}
