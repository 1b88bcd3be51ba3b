//! From nothing to a published report: `jixiao init`, `jixiao new`, `jixiao systems`, `jixiao check
//! PATH…`, and what `build` says and publishes by default. Each test runs the binary in a fresh temp
//! folder. The PDF is built with the pinned tools (`JIXIAO_CACHE`); without them the test is skipped
//! locally and fails in CI (`CI=true`), like the other PDF tests.

use std::path::Path;
use std::process::{Command, Output};

const JIXIAO: &str = env!("CARGO_BIN_EXE_jixiao");

fn jixiao(cwd: &Path, args: &[&str]) -> Output {
    let o = Command::new(JIXIAO)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("panicked"),
        "jixiao {args:?} panicked:\n{err}"
    );
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Whether the pinned typst and fonts are there: skipped locally when not, a failure in CI.
fn pdf_tools(test: &str) -> bool {
    let found = jixiao::render::pdf::tools::locate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &jixiao::render::pdf::tools::Lookup::from_env(),
    );
    match found {
        Ok(_) => true,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{test}: PDF tools missing in CI: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED {test}: the pinned typst/fonts are not installed: {e}");
            false
        }
    }
}

fn files_below(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// The acceptance test of the issue: from an empty folder, `init`, `new` (a department and a project
/// report) and `build` give a site and a PDF per report, with no edits.
#[test]
fn init_new_build_gives_a_site_and_pdfs_with_no_edits() {
    let t = tempfile::tempdir().unwrap();
    let o = jixiao(t.path(), &["init", "site"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let site = t.path().join("site");
    let written = files_below(&site);
    for f in [
        "jixiao.yaml",
        "README.md",
        ".gitignore",
        ".gitlab-ci.yml",
        ".github/workflows/publish.yml",
        ".workflow/jixiao.yml",
        "ci/install-jixiao.sh",
        "content/示例单位/2024-示例项目.md",
    ] {
        assert!(written.contains(&f.to_string()), "{f} not in {written:?}");
        assert!(stdout(&o).contains(f), "{f} not listed:\n{}", stdout(&o));
    }
    // The example passes what the CI files run.
    let o = jixiao(&site, &["check", "--strict"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("总分 99.50（填报 99.50）"),
        "{}",
        stdout(&o)
    );

    let o = jixiao(
        &site,
        &[
            "new",
            "--system",
            "gz-department-district",
            "--unit",
            "广州市某某区某某局",
            "--year",
            "2024",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let dept = "content/广州市某某区某某局/2024-部门整体支出绩效自评.md";
    assert!(site.join(dept).is_file(), "{}", stdout(&o));
    let o = jixiao(
        t.path(),
        &[
            "new",
            "--site",
            "site",
            "--system",
            "national-project",
            "--unit",
            "某某县财政局",
            "--year",
            "2024",
            "--project",
            "中小企业公共服务",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let project = "content/某某县财政局/2024-中小企业公共服务.md";
    assert!(site.join(project).is_file());

    // Unfilled, the skeletons are drafts (`draft: true`): they check without an error, what is not
    // filled in is a warning, and the draft is one too, so `--strict` (the CI files) refuses them.
    let o = jixiao(&site, &["check", dept, project]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("警告[draft-row-empty]"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("警告[draft]"), "{}", stdout(&o));
    assert_eq!(code(&jixiao(&site, &["check", "--strict", dept])), 1);
    assert!(stdout(&o).contains("共 2 份报告可处理"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("示例单位"), "{}", stdout(&o));

    let with_pdf = pdf_tools("init_new_build");
    let args: &[&str] = if with_pdf {
        &["build"]
    } else {
        &["build", "--no-pdf"]
    };
    let o = jixiao(&site, args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The warnings published with are said.
    assert!(
        stderr(&o).contains("警告[draft-row-empty]"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("published with"), "{}", stderr(&o));
    // So are the skeleton's prompts still in the narrative, each at its line.
    assert!(
        stderr(&o).contains("警告[unfilled-prompt]")
            && stderr(&o).contains(&format!("{dept}:"))
            && stderr(&o).contains("（填写：部门的主要职责"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("已生成 3 份报告"), "{}", stderr(&o));
    let built = files_below(&site.join("build"));
    for stem in [
        "示例单位/2024-示例项目",
        "广州市某某区某某局/2024-部门整体支出绩效自评",
        "某某县财政局/2024-中小企业公共服务",
    ] {
        assert!(
            built.contains(&format!("{stem}.html")),
            "{stem} in {built:?}"
        );
        if with_pdf {
            let pdf = std::fs::read(site.join("build").join(format!("{stem}.pdf"))).unwrap();
            assert!(pdf.starts_with(b"%PDF-"), "{stem}.pdf");
        }
    }
    let page = std::fs::read_to_string(
        site.join("build/广州市某某区某某局/2024-部门整体支出绩效自评.html"),
    )
    .unwrap();
    // No draft-mode site banner and no findings box, but the report itself says it is a draft;
    // the system's rows and the outline.
    assert!(!page.contains("draft-banner"));
    assert!(!page.contains("missing-score"));
    assert!(page.contains("class=\"draft-report\""), "the draft note");
    assert!(!page.contains("draft: true"), "no YAML on the page");
    // The lists say which reports are drafts: the two skeletons, not the example.
    let index = std::fs::read_to_string(site.join("build/index.html")).unwrap();
    assert_eq!(index.matches("class=\"draft-mark\"").count(), 2, "{index}");
    for s in [
        "广州市某某区某某局",
        "绩效管理制度建设",
        "“三公”经费控制情况",
        "一、部门基本情况",
        "（三）管理效率分析",
    ] {
        assert!(page.contains(s), "{s} not on the page");
    }
    // The narrative's placeholders were filled: 管理效率 is full marks, 履职效能 is not filled in.
    assert!(
        page.contains("管理效率：分值 50 分，自评得 50 分。"),
        "管理效率 sentence"
    );
    // The project on the national system is in the national form: its 项目资金 grid, 年度总体目标,
    // and the outline's sections.
    let page = std::fs::read_to_string(site.join("build/某某县财政局/2024-中小企业公共服务.html"))
        .unwrap();
    for s in [
        "项目资金（万元）",
        "年度资金总额",
        "预期目标",
        "实际完成情况",
        "三、综合评价情况及评价结论",
        "预算执行率：分值 10 分，自评得 0 分，扣 10 分。",
    ] {
        assert!(page.contains(s), "{s} not on the national page");
    }
    if with_pdf && Command::new("pdftotext").arg("-v").output().is_ok() {
        let txt = Command::new("pdftotext")
            .arg(site.join("build/某某县财政局/2024-中小企业公共服务.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let txt = String::from_utf8_lossy(&txt.stdout);
        assert!(txt.contains("某某县财政局"), "{txt}");
        assert!(txt.contains("项目基本情况"), "{txt}");
    }
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced_and_keeps_what_is_there() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("README.md"), "本单位自己的说明\n").unwrap();
    let o = jixiao(t.path(), &["init"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("不是空的"), "{}", stderr(&o));
    assert!(stderr(&o).contains("README.md"), "{}", stderr(&o));
    assert!(!t.path().join("jixiao.yaml").exists(), "nothing is written");

    let o = jixiao(t.path(), &["init", "--force"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(t.path().join("README.md")).unwrap(),
        "本单位自己的说明\n"
    );
    assert!(
        stdout(&o).contains("README.md（已存在，保留原文件"),
        "{}",
        stdout(&o)
    );
    assert!(t.path().join("jixiao.yaml").is_file());

    // A fresh clone of an empty repository has only `.git`: that is empty enough.
    let repo = t.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let o = jixiao(&repo, &["init"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(repo.join("content").is_dir());
}

#[test]
fn new_refuses_what_it_cannot_make() {
    let t = tempfile::tempdir().unwrap();
    assert_eq!(code(&jixiao(t.path(), &["init", "s"])), 0);
    let site = t.path().join("s");
    let new = |extra: &[&str]| {
        let mut args = vec!["new", "--unit", "某某局", "--year", "2024"];
        args.extend_from_slice(extra);
        jixiao(&site, &args)
    };
    let o = new(&["--system", "gz-department-cty"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("是否应为“gz-department-city”"),
        "{}",
        stderr(&o)
    );
    let o = new(&["--system", "gd-project"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--project"), "{}", stderr(&o));
    let o = new(&["--system", "gz-department-city", "--project", "x"]);
    assert_eq!(code(&o), 2);
    assert_eq!(code(&new(&["--system", "gz-department-city"])), 0);
    let path = site.join("content/某某局/2024-部门整体支出绩效自评.md");
    std::fs::write(&path, "已经写了一半\n").unwrap();
    let o = new(&["--system", "gz-department-city"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("已存在"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "已经写了一半\n");
    assert_eq!(
        code(&new(&["--system", "gz-department-city", "--force"])),
        0
    );
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("---\n"));
    // Outside a site.
    let o = jixiao(
        t.path(),
        &[
            "new",
            "--system",
            "gd-project",
            "--unit",
            "a",
            "--year",
            "2024",
            "--project",
            "p",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("jixiao init"), "{}", stderr(&o));
}

#[test]
fn systems_lists_every_system_with_what_it_is_for() {
    let t = tempfile::tempdir().unwrap();
    let o = jixiao(t.path(), &["systems"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for s in [
        "gz-department-city",
        "gz-department-district",
        "gd-project",
        "national-project",
        "用途：广州市各区区级部门",
        "一级指标：预算执行率 10、产出指标 50、效益指标 30、满意度指标 10",
        "三级指标 27 个（固定）",
        "jixiao new --system",
    ] {
        assert!(out.contains(s), "{s} not in\n{out}");
    }
    // A site's own system is listed too.
    std::fs::create_dir_all(t.path().join("content")).unwrap();
    let own = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("systems/gd-project.yaml"),
    )
    .unwrap()
    .replace("id: gd-project", "id: my-county")
    .replace("purpose: 广东省", "purpose: 本县");
    std::fs::write(t.path().join("my.yaml"), own).unwrap();
    std::fs::write(t.path().join("jixiao.yaml"), "systems: [my.yaml]\n").unwrap();
    let out = stdout(&jixiao(t.path(), &["systems"]));
    assert!(
        out.contains("my-county") && out.contains("用途：本县"),
        "{out}"
    );
}

const REPORT: &str = "---\nkind: project\nsystem: gd-project\nunit: 江门市工业和信息化局\nyear: 2023\ntitle: 项目绩效自评指标评分表\nindicators:\n  - name: 产出\n    weight: 100\n    groups:\n      - name: 数量指标\n        rows:\n          - {name: 培训场次, weight: 100, target: ≥5, actual: '7'}\n---\n";

fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("content")).unwrap();
    for (rel, text) in files {
        let p = t.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    t
}

#[test]
fn check_takes_report_files_and_folders_as_well_as_a_site() {
    let broken = REPORT.replace("year: 2023", "year:2023");
    // Another year: two copies of one report would name each other (duplicate-report).
    let also = REPORT.replace("year: 2023", "year: 2022");
    let t = site_with(&[
        ("content/a/good.md", REPORT),
        ("content/a/also.md", &also),
        ("content/b/broken.md", &broken),
    ]);
    let site = t.path();
    // One file, from the site folder: only it is shown, and the exit code is its own.
    let o = jixiao(site, &["check", "content/a/good.md"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("content/a/good.md"));
    assert!(!stdout(&o).contains("also.md") && !stdout(&o).contains("broken.md"));
    assert!(stdout(&o).contains("共 1 份报告可处理"), "{}", stdout(&o));
    // From elsewhere, several, JSON.
    let p = |r: &str| site.join(r).to_string_lossy().into_owned();
    let o = jixiao(
        Path::new("/"),
        &[
            "check",
            &p("content/a/good.md"),
            &p("content/b/broken.md"),
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["reports"].as_array().unwrap().len(), 1);
    assert_eq!(doc["reports"][0]["source"], "content/a/good.md");
    assert_eq!(doc["errors"][0]["source"], "content/b/broken.md");
    assert_eq!(doc["errors"][0]["code"], "no-space-after-colon");
    // A folder under content/.
    let o = jixiao(site, &["check", "content/a"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("共 2 份报告可处理"), "{}", stdout(&o));
    // The site: everything.
    let o = jixiao(site, &["check"]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("共 2 份报告可处理，1 个文件有错误"),
        "{}",
        stdout(&o)
    );
    // What names nothing is a usage error, said as such (not “content directory …/y.md/content”).
    let o = jixiao(site, &["check", "content/x/y.md"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("找不到 content/x/y.md"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("y.md/content"), "{}", stderr(&o));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("r.md"), REPORT).unwrap();
    let o = jixiao(outside.path(), &["check", "r.md"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("不在任何站点的 content/"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_site_config_and_its_own_problems_come_with_a_single_file() {
    let t = site_with(&[
        ("content/a.md", REPORT),
        ("jixiao.yaml", "name: 站点\nshow_findings：true\n"),
    ]);
    let o = jixiao(t.path(), &["check", "content/a.md", "--format", "json"]);
    assert_eq!(code(&o), 1);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["errors"][0]["source"], "jixiao.yaml");
    assert_eq!(doc["errors"][0]["code"], "full-width-colon");
}

#[test]
fn a_site_without_config_publishes_without_draft_banner() {
    let t = site_with(&[("content/a.md", REPORT)]);
    let o = jixiao(t.path(), &["build", "--no-pdf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(t.path().join("build/a.html")).unwrap();
    assert!(!page.contains("draft-banner"));
    // With show_findings: true it is a draft.
    std::fs::write(t.path().join("jixiao.yaml"), "show_findings: true\n").unwrap();
    assert_eq!(code(&jixiao(t.path(), &["build", "--no-pdf"])), 0);
    let page = std::fs::read_to_string(t.path().join("build/a.html")).unwrap();
    assert!(page.contains("draft-banner"));
}

#[test]
fn a_deduction_without_its_reason_is_not_published() {
    // 支出率 92.31% of 10 loses 0.77 points: without a reason, an error; with one, published.
    let row = "{name: 资金支出率, weight: 100, rate: 92.31%}";
    let without = REPORT.replace(
        "{name: 培训场次, weight: 100, target: ≥5, actual: '7'}",
        row,
    );
    let t = site_with(&[("content/a.md", &without)]);
    let o = jixiao(t.path(), &["build", "--no-pdf"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("错误[deduction-needs-reason]"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("build").exists());
    let with = without.replace("rate: 92.31%}", "rate: 92.31%, reason: 库款紧张}");
    std::fs::write(t.path().join("content/a.md"), with).unwrap();
    let o = jixiao(t.path(), &["build", "--no-pdf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("deduction-needs-reason"),
        "{}",
        stderr(&o)
    );
    assert!(t.path().join("build/a.html").is_file());
}

#[test]
fn the_readme_loop_is_six_lines() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let at = readme.find("## Using it").expect("a Using it section");
    let block = &readme[at..];
    let start = block.find("```sh\n").unwrap() + 6;
    let end = start + block[start..].find("```").unwrap();
    let lines: Vec<&str> = block[start..end].lines().collect();
    assert_eq!(lines.len(), 6, "{lines:?}");
    for cmd in ["jixiao init", "jixiao new", "jixiao check", "jixiao build"] {
        assert!(
            lines.iter().any(|l| l.starts_with(cmd)),
            "`{cmd}` missing in {lines:?}"
        );
    }
}
