use super::*;

#[test]
fn cjk_characters() {
    for c in [
        '绩', '㐀', '𠀀', '𰀀', '豈', '、', '。', '「', '《', '〔', '，', '：', '（', '％', '！',
        'ぁ', 'カ', 'ㇰ', 'ｶ', 'ㄅ', '㈱', '한', 'ㄱ', '“', '”', '‘', '’', '…', '—', '·', '﹐',
        '︰',
    ] {
        assert!(is_cjk(c), "{c} U+{:04X}", c as u32);
    }
    for c in [
        'a', 'Z', '5', ' ', '-', '–', ',', '.', '(', '%', 'é', 'Ω', 'Я', '‚', '„', '‛', '‟', '䷀',
    ] {
        assert!(!is_cjk(c), "{c} U+{:04X}", c as u32);
    }
}

#[test]
fn line_breaks_join_between_chinese_and_japanese_only() {
    assert!(joins_across_line_break('效', '目'));
    assert!(joins_across_line_break('。', '下'));
    assert!(joins_across_line_break('—', '我'), "破折号");
    assert!(joins_across_line_break('尔', '·'), "间隔号");
    assert!(
        joins_across_line_break('ㇰ', 'か'),
        "katakana phonetic extensions"
    );
    assert!(
        !joins_across_line_break('값', '이'),
        "Korean has spaces between words"
    );
    assert!(!joins_across_line_break('韓', '국'));
    assert!(!joins_across_line_break('值', '5'));
    assert!(!joins_across_line_break('a', '—'));
}

#[test]
fn url_kinds_as_a_browser_reads_them() {
    assert_eq!(url_kind("#附件1"), UrlKind::Fragment("附件1"));
    assert_eq!(url_kind(" #x"), UrlKind::Fragment("x"));
    for (url, scheme) in [
        ("https://a.cn", "https"),
        ("HTTP:foo", "http"),
        (" JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:x", "javascript"),
        ("java script:x", "javascript"),
        ("C:\\x.png", "c"),
        ("view-source:x", "view-source"),
    ] {
        assert_eq!(url_kind(url), UrlKind::Scheme(scheme.into()), "{url:?}");
    }
    for url in [
        "images/图1.png",
        "a/b:c",
        "x?y:z",
        "//evil.example/x",
        "\u{feff}https://a.cn",
        "",
    ] {
        assert_eq!(url_kind(url), UrlKind::Path, "{url:?}");
    }
}

#[test]
fn safe_urls() {
    for url in [
        "https://a.cn/x",
        "http:foo",
        "HTTPS:/a",
        "mailto:a@b.cn",
        "tel:+86-20",
    ] {
        assert!(safe_url(url, false), "{url}");
    }
    assert!(safe_url("https://a.cn/x.png", true));
    for url in ["mailto:a@b.cn", "tel:1"] {
        assert!(!safe_url(url, true), "an image is no {url}");
    }
    for url in [
        "javascript:alert(1)",
        "java\tscript:x",
        "data:image/png;base64,AAAA",
        "vbscript:x",
        "file:///etc/passwd",
        "//evil.example/x",
        "files/a.pdf",
        "#top",
        "https://a.cn/\u{7}",
        "",
    ] {
        assert!(!safe_url(url, false), "{url:?}");
    }
}
