//! Every input a fuzz target ever crashed on (`tests/fuzz_regressions/<target>/`), replayed through
//! the same checks as the fuzz targets (`fuzz/harness.rs`), plus the seed inputs the targets start
//! from. A crash found by `cargo fuzz run` is fixed and its input copied here.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut n = 0;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let data = std::fs::read(&p).unwrap();
        let r = std::panic::catch_unwind(|| run(&data));
        assert!(r.is_ok(), "{} still fails", p.display());
        n += 1;
    }
    n
}

#[test]
fn front_matter_crashes_stay_fixed() {
    assert!(replay("front_matter", harness::front_matter) >= 1);
}

#[test]
fn number_crashes_stay_fixed() {
    replay("numbers", harness::numbers);
}
