use super::Part;

/// The N shards of any number of reports cover every report exactly once, in order, and differ in
/// size by at most one.
#[test]
fn shards_partition_the_reports() {
    for total in 0..40 {
        for n in 1..8 {
            let mut next = 0;
            let mut sizes = Vec::new();
            for k in 1..=n {
                let r = Part::shard(k, n, total).reports(total);
                assert_eq!(r.start, next, "total {total}, shard {k}/{n}");
                next = r.end;
                sizes.push(r.len());
            }
            assert_eq!(next, total, "total {total}, n {n}");
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "total {total}, n {n}: {sizes:?}");
        }
    }
}

#[test]
fn parts_say_what_they_write() {
    assert_eq!(Part::All.reports(5), 0..5);
    assert!(Part::All.site_pages());
    assert_eq!(Part::Site.reports(5), 0..0);
    assert!(Part::Site.site_pages());
    assert_eq!(Part::Reports(1..3).reports(5), 1..3);
    assert_eq!(Part::Reports(1..9).reports(5), 1..5);
    assert!(!Part::Reports(1..3).site_pages());
}
