//! The bound that spares the grids most of their measuring (`surely-fits` in the default theme's
//! `cells.typ`: a row it vouches for is not measured) holds against the pinned typst and fonts: the
//! widths and heights of the characters it admits, and, for texts of them at random set at random
//! widths, the measured height never above the bound's. `tests/typst/row-bound.typ` checks; a fact
//! that fails fails its compile.

use crate::support::pdf::tools_or_skip;
use crate::support::{fixture, repo};
use std::process::Command;

#[test]
fn the_row_height_bound_is_never_below_the_measured_height() {
    let Some(tools) = tools_or_skip("the_row_height_bound_is_never_below_the_measured_height")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for f in ["cells.typ", "style.typ"] {
        std::fs::copy(
            repo().join("themes/default/typst").join(f),
            tmp.path().join(f),
        )
        .unwrap();
    }
    std::fs::copy(fixture("typst/row-bound.typ"), tmp.path().join("check.typ")).unwrap();
    let out = Command::new(&tools.typst)
        .env_clear()
        .current_dir(tmp.path())
        .arg("compile")
        .arg("--root")
        .arg(tmp.path())
        .arg("--font-path")
        .arg(&tools.fonts)
        .args(["--ignore-system-fonts", "--ignore-embedded-fonts"])
        .args(["--diagnostic-format", "short"])
        .arg("check.typ")
        .arg(tmp.path().join("check.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
