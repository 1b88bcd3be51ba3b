#!/usr/bin/env bash
# Runs fuzz targets one after the other on one core, each for SECONDS (default 300), and prints the
# figures libFuzzer reports (executions, time, crashes). Needs `cargo install cargo-fuzz`; works on the
# stable toolchain through RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags), with AddressSanitizer.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Crashes land in fuzz/artifacts/<target>/: fix them, then copy the input to
# tests/fuzz_regressions/<target>/ so that `cargo test` replays it.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(site_check front_matter numbers markdown_html markdown_blocks)
logs="${FUZZ_LOGS:-logs}"; mkdir -p "$logs"
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Seeds: the broken-report corpus and the repository's reports, for every target.
  cp -n ../tests/broken/*.md ../content/*/*.md "corpus/$t/" 2>/dev/null || true
  # The whole-site target takes files cut at \0\0: its seeds are in tests/fuzz_regressions/.
  [ "$t" = site_check ] && cp -n ../tests/fuzz_regressions/site_check/* "corpus/$t/" 2>/dev/null
  [ "$t" = site_check ] && rm -f "corpus/$t/"*.md
  dict=()
  [ -f "dict/$t.dict" ] && dict=(-dict="dict/$t.dict")
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- "${dict[@]}" -max_total_time="$secs" -max_len=16384 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > "$logs/$t.log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  echo "$t: exit $status, ${runs:-?} executions in ${secs}s, $crashes crash file(s) in artifacts/$t"
done
