#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, unit, integration, golden, browser and PDF tests.
# Installs what the tests need on first run (pinned typst + fonts in .cache/, Debian chromium and poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --test-deps
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
