use super::*;

fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let content = t.path().join("content");
    let dir = content.join("guangzhou-gxj");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::write(dir.join("images/图1.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(content.join("共用.pdf"), "%PDF-1.4\n").unwrap();
    std::fs::write(t.path().join("jixiao.yaml"), b"secret: x").unwrap();
    (t, content, dir)
}

fn code(r: Result<Resolved, Diagnostic>) -> &'static str {
    r.expect_err("should be refused").code
}

#[test]
fn files_inside_content_resolve() {
    let (_t, content, dir) = site();
    for url in [
        "images/图1.png",
        "./images/图1.png",
        "images/%E5%9B%BE1.png",
        "images\\图1.png",
        "images/图1.png?v=2#x",
    ] {
        match resolve_asset(&content, &dir, url).unwrap() {
            Resolved::File { rel, path } => {
                assert_eq!(rel, "guangzhou-gxj/images/图1.png", "{url}");
                assert!(path.is_file());
            }
            other => panic!("{url}: {other:?}"),
        }
    }
    // `..` may climb inside content/.
    let r = resolve_asset(&content, &dir, "../共用.pdf").unwrap();
    assert!(
        matches!(r, Resolved::File { ref rel, .. } if rel == "共用.pdf"),
        "{r:?}"
    );
    assert_eq!(
        resolve_link(&content, &dir, "https://czj.gz.gov.cn/x").unwrap(),
        Resolved::Web("https://czj.gz.gov.cn/x".into())
    );
    assert_eq!(
        resolve_link(&content, &dir, "#附件1").unwrap(),
        Resolved::Anchor("附件1".into())
    );
}

#[test]
fn escapes_are_refused() {
    let (_t, content, dir) = site();
    let refused: [(&str, &[&str]); 8] = [
        (
            "asset-outside",
            &[
                "../../jixiao.yaml",
                "../..//jixiao.yaml",
                "images/../../../jixiao.yaml",
                "%2e%2e/%2e%2e/jixiao.yaml",
                "..\\..\\jixiao.yaml",
                "%2E%2E%5C%2E%2E%5Cjixiao.yaml",
            ],
        ),
        (
            "asset-absolute",
            &[
                "/etc/passwd",
                "\\etc\\passwd",
                "C:\\Windows\\win.ini",
                "c:/x.png",
                "~/x.png",
                "%2fetc%2fpasswd",
            ],
        ),
        ("asset-scheme", &["mailto:a@b.c"]),
        ("asset-missing", &["images/没有.png"]),
        ("asset-not-file", &["images"]),
        ("asset-encoding", &["images/%ZZ.png"]),
        ("asset-empty", &[""]),
        ("asset-anchor", &["#x"]),
    ];
    for (want, urls) in refused {
        for url in urls {
            assert_eq!(code(resolve_asset(&content, &dir, url)), want, "{url}");
        }
    }
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:image/png;base64,AAAA",
        "vbscript:x",
        "//evil.example/x.png",
    ] {
        let c = code(resolve_link(&content, &dir, url));
        assert!(
            matches!(c, "asset-scheme" | "asset-absolute" | "asset-control"),
            "{url}: {c}"
        );
    }
    let d = resolve_asset(&content, &dir, "../../jixiao.yaml").unwrap_err();
    assert!(
        d.message().contains("content/ 之外") && d.hint.is_some(),
        "{d:?}"
    );
}

#[test]
fn narrative_references_are_checked_in_place() {
    let (_t, content, dir) = site();
    let md = "正文 ![图](images/图1.png) [附件](../../jixiao.yaml)\n\n[点击](javascript:alert(1)) ![缺](images/没有.png) [网](https://a.cn)\n";
    let place = Place {
        content: &content,
        report_dir: &dir,
    };
    let (_, d) = crate::narrative::read(md, 100, Some(&place));
    let got: Vec<(&str, usize)> = d
        .iter()
        .map(|d| (d.code, d.span.unwrap().start - 100))
        .collect();
    assert_eq!(
        got,
        [
            ("asset-outside", md.find("../../").unwrap()),
            ("asset-scheme", md.find("javascript").unwrap()),
            ("asset-missing", md.find("images/没有").unwrap()),
        ]
    );
    assert!(d[0].zh.starts_with("链接引用"), "{}", d[0].zh);
    assert!(d[2].zh.starts_with("图片引用"), "{}", d[2].zh);
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_are_refused() {
    let (t, content, dir) = site();
    std::os::unix::fs::symlink(t.path().join("jixiao.yaml"), dir.join("images/link.png")).unwrap();
    std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
    std::os::unix::fs::symlink(dir.join("images/图1.png"), dir.join("inside.png")).unwrap();
    assert_eq!(
        code(resolve_asset(&content, &dir, "images/link.png")),
        "asset-outside"
    );
    assert_eq!(
        code(resolve_asset(&content, &dir, "etc/passwd")),
        "asset-outside"
    );
    // A link that stays inside content/ resolves to the real file.
    let r = resolve_asset(&content, &dir, "inside.png").unwrap();
    assert!(
        matches!(r, Resolved::File { ref rel, .. } if rel == "guangzhou-gxj/images/图1.png"),
        "{r:?}"
    );
}

#[test]
fn targets_are_what_the_renderers_use() {
    let (_t, content, dir) = site();
    std::fs::write(dir.join("2022.md"), "---\n---\n").unwrap();
    let place = Place {
        content: &content,
        report_dir: &dir,
    };
    let t = |url: &str, image: bool| target(Some(&place), url, image);
    assert_eq!(
        t(" https://a.cn/x ", false),
        (Target::Web("https://a.cn/x".into()), None)
    );
    assert_eq!(t("#附件1", false), (Target::Anchor("附件1".into()), None));
    assert_eq!(
        t("2022.md#indicators", false),
        (
            Target::Report {
                slug: "guangzhou-gxj/2022".into(),
                fragment: "#indicators".into()
            },
            None
        )
    );
    match t("images/图1.png#x", true) {
        (
            Target::File {
                source,
                output,
                fragment,
            },
            None,
        ) => {
            assert!(source.is_file());
            assert_eq!(output, "guangzhou-gxj/images/图1.png");
            assert_eq!(fragment, "", "an image has no fragment");
        }
        other => panic!("{other:?}"),
    }
    // An image of a report file is never a page, nor an image: refused by its type.
    let (refused, why) = t("2022.md", true);
    assert_eq!(refused, Target::Refused);
    assert_eq!(why.unwrap().code, "image-type");
    // An image from another site is refused; a link to it is fine.
    let (refused, why) = t("https://a.cn/x.png", true);
    assert_eq!(refused, Target::Refused);
    assert_eq!(why.unwrap().code, "image-external");
    let (refused, why) = t("../../jixiao.yaml", false);
    assert_eq!(refused, Target::Refused);
    assert_eq!(why.unwrap().code, "asset-outside");
    assert_eq!(t("mailto:a@b.cn", true).0, Target::Refused);
    // Without a site: web addresses and anchors only, local files refused without an error.
    assert_eq!(
        target(None, "HTTP://a.cn", false),
        (Target::Web("HTTP://a.cn".into()), None)
    );
    assert_eq!(
        target(None, "images/图1.png", true),
        (Target::Refused, None)
    );
    assert_eq!(
        target(None, "javascript:x", false).1.unwrap().code,
        "asset-scheme"
    );
}
