use super::*;

#[test]
fn stated_mismatch_defaults_to_note() {
    let (c, p) = read(Some("name: 站点\n"));
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(c.stated_mismatch, StatedMismatch::Note);
    assert_eq!(read(None).0.stated_mismatch, StatedMismatch::Note);
}

#[test]
fn stated_mismatch_can_refuse() {
    let (c, p) = read(Some("stated_mismatch: refuse\n"));
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(c.stated_mismatch, StatedMismatch::Refuse);
}

#[test]
fn stated_mismatch_rejects_other_words() {
    let (c, p) = read(Some("name: 站点\nstated_mismatch: computed\n"));
    assert_eq!(c.stated_mismatch, StatedMismatch::Note);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, "wrong-type");
    assert_eq!((p[0].line, p[0].column), (2, 18));
    assert!(p[0].message.contains("stated_mismatch"), "{}", p[0].message);
}
