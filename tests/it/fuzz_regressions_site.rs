//! Every input the whole-site fuzz target (`site_check`) crashed on, and its seed, replayed through
//! the same check (`fuzz/harness_site.rs`).

#[path = "../../fuzz/harness_site.rs"]
mod harness_site;

use crate::support::replay;

#[test]
fn site_check_crashes_stay_fixed() {
    assert!(replay("site_check", harness_site::site) >= 1);
}
