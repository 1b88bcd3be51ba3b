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

/// `data/reports.json` is written a report at a time: the pieces, put together, are the bytes
/// serde_json writes for the whole document — for the sample site and for a site of no reports.
#[test]
fn the_site_file_written_in_pieces_is_the_whole_document() {
    use super::files::{SiteJson, element, list_end, separator, to_json};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = crate::pipeline::Site::load(root).unwrap();
    let order = crate::render::site_order(&site);
    assert_eq!(order.len(), 5);
    for findings in [false, true] {
        for order in [&order[..], &[][..]] {
            let whole = to_json(&Document::of_site(&site, findings, order)).unwrap();
            let head = Document::head(&site, findings);
            let parts = SiteJson::new(&head).unwrap();
            let mut pieces = parts.before.clone();
            for (k, &i) in order.iter().enumerate() {
                pieces.extend_from_slice(separator(k == 0));
                let r = ReportData::new(&site, &site.entries[i], findings);
                pieces.extend(element(&r).unwrap());
            }
            pieces.extend_from_slice(list_end(order.is_empty()));
            pieces.extend(parts.after);
            assert_eq!(
                String::from_utf8(pieces).unwrap(),
                String::from_utf8(whole).unwrap(),
                "findings {findings}, {} reports",
                order.len()
            );
        }
    }
}

/// A report's element of `data/reports.json` is cut out of its own `<slug>.json` (the same
/// document around it alone): the bytes `element` makes; a file that is not that document gives
/// nothing to cut.
#[test]
fn a_reports_element_is_cut_out_of_its_own_file() {
    use super::files::{SiteJson, element, to_json};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = crate::pipeline::Site::load(root).unwrap();
    for findings in [false, true] {
        let head = Document::head(&site, findings);
        let parts = SiteJson::new(&head).unwrap();
        for e in &site.entries {
            let r = ReportData::new(&site, e, findings);
            let single = to_json(&head.single(&r)).unwrap();
            assert_eq!(
                parts.element_in(&single).map(<[u8]>::to_vec),
                Some(element(&r).unwrap()),
                "{}",
                e.slug
            );
            let other = SiteJson::new(&Document::head(&site, !findings)).unwrap();
            assert_eq!(other.element_in(&single), None, "{}", e.slug);
        }
    }
}
