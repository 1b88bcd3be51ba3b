//! A large synthetic site from the sample content (the five transcribed seeds): `units` units, each
//! with a 2022 and a 2023 department report and a 2023 project report, all under distinct unit
//! names (10 cities × 10 bureaus, so that pinyin order is not code-point order), each a real report
//! that jixiao reads, scores and renders. `units = 100` gives the 300-report site of the review
//! tests. With `duplicate`, the first unit's project report is there twice (a `duplicate-report`).
#![allow(dead_code)]

use std::path::Path;

pub const CITIES: [&str; 10] = [
    "广州市",
    "深圳市",
    "珠海市",
    "汕头市",
    "佛山市",
    "韶关市",
    "河源市",
    "梅州市",
    "惠州市",
    "江门市",
];
pub const BUREAUS: [&str; 10] = [
    "财政局",
    "交通运输局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "教育局",
    "卫生健康局",
    "工业和信息化局",
    "农业农村局",
    "水务局",
    "民政局",
];
pub const PROJECTS: [&str; 4] = [
    "工业发展管理经费",
    "产业转移专项资金",
    "中小企业发展专项资金",
    "数字化转型试点资金",
];

/// The unit name of unit `u`.
pub fn unit_name(u: usize) -> String {
    format!("{}{}", CITIES[u / 10 % 10], BUREAUS[u % 10])
}

/// `text` with its top-level `key: …` line (the first) replaced.
fn set(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("\n{key}: ");
    let start = text.find(&prefix).expect("key") + 1;
    let end = start + text[start..].find('\n').expect("line end");
    format!("{}{key}: {value}{}", &text[..start], &text[end..])
}

/// Writes the site into `root` (content/ and jixiao.yaml) and returns the number of reports.
pub fn write_site(root: &Path, units: usize, duplicate: bool, base_path: &str) -> usize {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let read = |rel: &str| std::fs::read_to_string(seeds.join(rel)).expect(rel);
    let table = read("guangzhou-gxj/2022-department-table.md");
    let reports = [
        read("guangzhou-gxj/2023-department-report.md"),
        read("baiyun-kgsx/2023-department-report.md"),
        read("panyu-kgsx/2024-department-statement.md"),
    ];
    let project = read("jiangmen-gxj/2023-project-industry-management.md");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("jixiao.yaml"),
        format!("name: 合成测试站点\nbase_path: {base_path}\nshow_findings: true\n"),
    )
    .unwrap();
    let mut n = 0;
    for u in 0..units {
        let dir = root.join("content").join(format!("u{u:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        let unit = unit_name(u);
        let files = [
            ("2022-department.md", set(&table, "unit", &unit)),
            (
                "2023-department.md",
                set(&set(&reports[u % 3], "unit", &unit), "year", "2023"),
            ),
            (
                "2023-project.md",
                set(&project, "unit", &unit).replacen(
                    "  name: 工业发展管理经费",
                    &format!("  name: {}", PROJECTS[u % 4]),
                    1,
                ),
            ),
        ];
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
            n += 1;
        }
        if duplicate && u == 0 {
            std::fs::write(dir.join("2023-project-copy.md"), &files[2].1).unwrap();
            n += 1;
        }
    }
    n
}
