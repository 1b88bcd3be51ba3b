use super::*;

#[test]
fn relative_roots() {
    assert_eq!(root_of("index.html"), "");
    assert_eq!(root_of("gz/index.html"), "../");
    assert_eq!(root_of("a/b/2023.html"), "../../");
}

#[test]
fn hrefs_are_percent_encoded_but_keep_chinese() {
    assert_eq!(href("gz-gxj/2023-report.html"), "gz-gxj/2023-report.html");
    assert_eq!(href("广州/2023 年#1.html"), "广州/2023%20年%231.html");
    assert_eq!(href("a?b%c\".html"), "a%3Fb%25c%22.html");
}

#[test]
fn canonical_links_only_for_an_absolute_base() {
    assert_eq!(base_url("/"), None);
    assert_eq!(base_url("/jixiao/"), None);
    assert_eq!(
        base_url("https://czj.gz.gov.cn/jx"),
        Some("https://czj.gz.gov.cn/jx/".into())
    );
    assert_eq!(base_url("javascript:alert(1)//"), None);
    let site = SiteCtx {
        name: "",
        show_findings: false,
        base_url: base_url("https://a.gov.cn/jx/"),
        feed: None,
        search: false,
        search_more: Vec::new(),
    };
    assert_eq!(
        site.canonical("index.html").as_deref(),
        Some("https://a.gov.cn/jx/")
    );
    assert_eq!(
        site.canonical("gz/2023 年.html").as_deref(),
        Some("https://a.gov.cn/jx/gz/2023%20年.html")
    );
}

#[test]
fn fnv_is_stable() {
    // Reference values of 64-bit FNV-1a.
    assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
}
