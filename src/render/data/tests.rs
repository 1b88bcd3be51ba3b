use super::*;

#[test]
fn reasons_that_say_nothing_do_not_count() {
    for none in [
        None,
        Some(""),
        Some(" / "),
        Some("无"),
        Some("不适用"),
        Some("—"),
    ] {
        assert!(!says_why(&none.map(String::from)), "{none:?}");
    }
    assert!(says_why(&Some("疫情影响，活动减少".into())));
}
