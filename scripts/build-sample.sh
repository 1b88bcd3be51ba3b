#!/usr/bin/env bash
# Builds the sample site: content/ → build/ (HTML site + one PDF per report).
# First run installs the pinned typst and fonts into .cache/ (or $JIXIAO_CACHE); later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
# cargo run finds the binary wherever CARGO_TARGET_DIR puts it.
exec cargo run --quiet --release --locked -- build . "$@"
