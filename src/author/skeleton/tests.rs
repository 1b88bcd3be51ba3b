use super::*;
use crate::load;
use crate::model::labels::LABELS;
use crate::model::system::builtin;
use crate::model::{Body, read_report};

fn request(s: &System) -> Request<'_> {
    Request {
        system: s,
        unit: "某某单位: 测试".into(),
        year: 2024,
        project: (s.kind == ReportKind::Project).then(|| "某某项目".to_string()),
    }
}

/// The skeleton of every built-in system reads without a problem, has every fixed group and row
/// with its weight, and scores without an error.
#[test]
fn every_builtin_skeleton_reads_and_scores() {
    for s in builtin() {
        let text = skeleton(&request(&s)).unwrap();
        let split = load::split(&text).unwrap();
        let tree = load::parse_front(&text, &split).unwrap();
        let mut diags = Vec::new();
        let body = Body {
            text: text[split.body_start..].to_string(),
            offset: split.body_start,
        };
        let report = read_report(&tree, "content/x.md", body, &mut diags).unwrap();
        assert!(diags.is_empty(), "{}: {diags:?}", s.id);
        assert_eq!(report.unit.value, "某某单位: 测试");
        assert_eq!(report.year.value, 2024);
        assert_eq!(report.system.value, s.id);
        // The group the national form's 项目资金 grid scores (预算执行率) is not written as rows.
        let written: Vec<_> = s
            .groups
            .iter()
            .filter(|g| s.funds.as_ref().and_then(|f| f.group.as_deref()) != Some(g.name.as_str()))
            .collect();
        assert_eq!(report.groups.len(), written.len(), "{}", s.id);
        for (g, sg) in report.groups.iter().zip(written) {
            assert_eq!(g.name.value, sg.name);
            assert_eq!(g.weight.as_ref().map(|w| w.value), sg.weight);
            for (x, sx) in g.groups.iter().zip(&sg.groups) {
                assert_eq!(x.name.value, sx.name);
                assert_eq!(x.weight.as_ref().map(|w| w.value), sx.weight);
                let names: Vec<&str> = x.rows.iter().map(|r| r.name.value.as_str()).collect();
                let want: Vec<&str> = sx.rows.iter().map(|r| r.name.as_str()).collect();
                assert_eq!(names, want);
                for (r, sr) in x.rows.iter().zip(&sx.rows) {
                    assert_eq!(r.weight.as_ref().unwrap().value, sr.weight);
                }
            }
        }
        let scored = crate::score::score(&report, &s);
        let errors: Vec<_> = scored
            .findings
            .iter()
            .filter(|f| f.severity == crate::diag::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", s.id);
    }
}

/// Every field of a skeleton carries, as its comment, a label the reader knows for that field
/// (`sub_units:  # 单位数…`): what an author who types the label is told.
#[test]
fn every_comment_names_a_label_of_its_field() {
    for s in builtin() {
        let text = skeleton(&request(&s)).unwrap();
        let front = &text[4..text[4..].find("\n---").unwrap() + 4];
        let mut seen = 0;
        for line in front.lines() {
            let t = line.trim_start().trim_start_matches("- ");
            let Some((key, rest)) = t.split_once(':') else {
                continue;
            };
            let Some((_, comment)) = rest.split_once("# ") else {
                continue;
            };
            if key.starts_with('#') {
                continue;
            }
            let label: String = comment
                .chars()
                .take_while(|c| !"：（，、 /".contains(*c))
                .collect();
            assert!(
                LABELS
                    .iter()
                    .any(|l| l.field == key && l.labels.contains(&label.as_str())),
                "{}: `{key}` is commented “{label}”",
                s.id
            );
            seen += 1;
        }
        assert!(seen > 20, "{}: {seen} comments", s.id);
    }
}

#[test]
fn the_narrative_has_the_sections_of_its_system() {
    let systems = builtin();
    let by = |id: &str| systems.iter().find(|s| s.id == id).unwrap();
    let dept = skeleton(&request(by("gz-department-city"))).unwrap();
    for h in [
        "## 一、部门基本情况",
        "### （一）部门职能",
        "## 二、绩效自评情况",
        "### （一）自评结论",
        "### （二）履职效能分析",
        "### （三）管理效率分析",
        "2.专项效能：{{ sentence: 专项效能 }}",
        "## 三、存在的主要问题",
        "## 四、下一步改进措施",
    ] {
        assert!(dept.contains(h), "{h}\n{dept}");
    }
    let national = skeleton(&request(by("national-project"))).unwrap();
    for h in [
        "## 一、项目基本情况",
        "### （二）项目资金使用情况",
        "## 三、综合评价情况及评价结论",
        "### （一）预算执行率\n\n预算执行率：{{ sentence: 预算执行率 }}",
        "### （四）满意度指标",
        "## 五、偏差原因分析及改进措施",
        "## 六、其他需要说明的问题",
    ] {
        assert!(national.contains(h), "{h}\n{national}");
    }
    assert!(
        skeleton(&request(by("gd-project")))
            .unwrap()
            .contains("## 一、资金使用绩效")
    );
}

#[test]
fn the_default_path_is_a_safe_file_name() {
    let systems = builtin();
    let s = systems.iter().find(|s| s.id == "gd-project").unwrap();
    let mut r = request(s);
    r.unit = "../江门/市: 工信局".into();
    r.project = Some("工业发展*管理经费".into());
    assert_eq!(
        default_path(&r),
        "content/-江门-市- 工信局/2024-工业发展-管理经费.md"
    );
}

/// A project on the national system (财预〔2020〕10号) gets the national form's parts: its layout, the
/// header's 主管部门 / 实施单位 / 项目负责人, the 项目资金 grid's four lines, 年度总体目标 with 预期目标
/// and 实际完成情况, and the 绩效指标 without the 预算执行率 group the grid scores.
#[test]
fn a_national_project_gets_the_national_forms_parts() {
    let systems = builtin();
    let s = systems.iter().find(|s| s.id == "national-project").unwrap();
    let text = skeleton(&request(s)).unwrap();
    let front = &text[..text[4..].find("\n---").unwrap() + 4];
    let keys: Vec<&str> = front
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim_end()))
        .collect();
    for k in [
        "layout",
        "  department",
        "  implementer",
        "  manager",
        "funds",
        "  total",
        "  appropriation",
        "  carryover",
        "  other",
        "goals",
        "completion",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert!(front.contains("layout: national "), "{front}");
    assert!(front.contains("title: 项目支出绩效自评表 "), "{front}");
    assert!(front.contains("# 本年财政拨款"), "{front}");
    assert!(front.contains("# 实际完成情况"), "{front}");
    assert!(!keys.contains(&"budget"), "no budget: block beside funds");
    assert!(!front.contains("- name: 预算执行率"), "{front}");
    for g in ["- name: 产出指标", "- name: 效益指标", "- name: 满意度指标"] {
        assert!(front.contains(g), "{g}");
    }
    // A Guangdong project keeps its own form.
    let gd = systems.iter().find(|s| s.id == "gd-project").unwrap();
    let gd = skeleton(&request(gd)).unwrap();
    assert!(gd.contains("layout: report "));
    assert!(!gd.contains("funds:"));
}
