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

/// A problem's code with its line and column.
type At = (&'static str, usize, usize);

/// `archive:` — (the text, the value read, the problem codes with their line:column).
#[test]
fn archive_is_off_unless_true() {
    let cases: [(&str, bool, &[At]); 5] = [
        ("name: 站点\n", false, &[]),
        ("archive: true\n", true, &[]),
        ("archive: yes\n", true, &[]),
        ("archive: false\n", false, &[]),
        ("name: 站点\narchive: 是\n", false, &[("wrong-type", 2, 10)]),
    ];
    for (text, want, problems) in cases {
        let (c, p) = read(Some(text));
        assert_eq!(c.archive, want, "{text}");
        let got: Vec<(&str, usize, usize)> = p.iter().map(|p| (p.code, p.line, p.column)).collect();
        assert_eq!(got, problems, "{text}");
    }
    assert!(!read(None).0.archive);
}
