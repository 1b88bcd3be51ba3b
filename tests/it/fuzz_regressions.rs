//! Every input a fuzz target ever crashed on (`tests/fuzz_regressions/<target>/`), replayed through
//! the same checks as the fuzz targets (`fuzz/harness.rs`), plus the seed inputs the targets start
//! from. A crash found by `cargo fuzz run` is fixed and its input copied here.

#[path = "../../fuzz/harness.rs"]
mod harness;

use crate::support::replay;

#[test]
fn front_matter_crashes_stay_fixed() {
    assert!(replay("front_matter", harness::front_matter) >= 1);
}

#[test]
fn number_crashes_stay_fixed() {
    replay("numbers", harness::numbers);
}
