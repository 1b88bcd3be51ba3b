use super::*;

#[test]
fn bureaus_sort_by_pinyin_not_by_code_point() {
    // Code points: 交 U+4EA4 < 人 U+4EBA < 住 U+4F4F; pinyin: jiao < ren < zhu … and 财 (cai) first.
    let mut names = vec![
        "住房和城乡建设局",
        "人力资源和社会保障局",
        "交通运输局",
        "财政局",
    ];
    names.sort_by(|a, b| pinyin_cmp(a, b));
    assert_eq!(
        names,
        [
            "财政局",
            "交通运输局",
            "人力资源和社会保障局",
            "住房和城乡建设局"
        ]
    );
}

#[test]
fn syllables_compare_whole_then_tone() {
    // 安 an1 < 昂 ang2: the shorter syllable first, not "ang" < "an…" by letters.
    assert_eq!(pinyin_cmp("安全局", "昂立"), Ordering::Less);
    // 广州 guang zhou < 广东 guang dong? d < z: 广东 first.
    assert_eq!(pinyin_cmp("广州市", "广东省"), Ordering::Greater);
    // Same syllable, different tone: 妈 ma1 < 马 ma3.
    assert_eq!(pinyin_cmp("马", "妈"), Ordering::Greater);
    assert_eq!(PinyinKey::of("广州市").text(), "guang3 zhou1 shi4");
}

#[test]
fn different_names_never_compare_equal() {
    // 市 and 事 are both shi4: the character decides, deterministically.
    assert_ne!(pinyin_cmp("市局", "事局"), Ordering::Equal);
    assert_eq!(pinyin_cmp("市局", "事局"), pinyin_cmp("市局", "事局"));
    assert_eq!(pinyin_cmp("A局", "a局"), Ordering::Less);
}

#[test]
fn configured_units_come_first_in_their_order() {
    let configured = vec!["住房和城乡建设局".to_string(), "不在本站的局".to_string()];
    let names = ["交通运输局", "住房和城乡建设局", "财政局"];
    let ranks = unit_ranks(&configured, &names);
    assert_eq!(
        ranks,
        [("住房和城乡建设局", 0), ("财政局", 1), ("交通运输局", 2)]
    );
}
