use super::*;

#[test]
fn yaml_text_quotes_only_what_yaml_would_misread() {
    assert_eq!(yaml_text("广州市工业和信息化局"), "广州市工业和信息化局");
    assert_eq!(yaml_text("“三公”经费控制情况"), "“三公”经费控制情况");
    assert_eq!(yaml_text("（三级指标名称）"), "（三级指标名称）");
    assert_eq!(yaml_text("a: b"), "\"a: b\"");
    assert_eq!(yaml_text("- x"), "\"- x\"");
    assert_eq!(yaml_text("say \"hi\" #1"), "\"say \\\"hi\\\" #1\"");
    assert_eq!(yaml_text("null"), "\"null\"");
    assert_eq!(yaml_text(""), "\"\"");
    assert_eq!(yaml_text("a\nb"), "\"a\\nb\"");
}

#[test]
fn section_numbers_in_chinese() {
    let got: Vec<String> = [1, 2, 9, 10, 11, 20, 23].map(zh_number).to_vec();
    assert_eq!(got, ["一", "二", "九", "十", "十一", "二十", "二十三"]);
}

#[test]
fn comments_align_per_run_and_long_lines_keep_two_spaces() {
    let src = "a: 1  «# 甲\nlonger_key: 2  «# 乙\n\nname: 部门整体绩效目标产出指标完成情况部门整体绩效目标  «# 丙\nb:  «# 丁\n";
    assert_eq!(
        align_comments(src),
        "a: 1           # 甲\nlonger_key: 2  # 乙\n\nname: 部门整体绩效目标产出指标完成情况部门整体绩效目标  # 丙\nb:  # 丁\n"
    );
}

#[test]
fn every_template_is_there() {
    for t in [
        "new/report.md",
        "new/row.md",
        "new/narrative/department.md",
        "new/narrative/project.md",
        "site/jixiao.yaml",
        "site/README.md",
        "site/.gitlab-ci.yml",
        "site/ci/install-jixiao.sh",
        "site/.github/workflows/publish.yml",
        "site/.workflow/jixiao.yml",
    ] {
        assert!(template(t).is_some(), "{t}");
    }
}
