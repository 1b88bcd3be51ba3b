#!/usr/bin/env bash
# Runs fuzz targets one after the other on one core, each for SECONDS (default 300), and prints the
# figures libFuzzer reports (executions, time, crashes). Needs `cargo install cargo-fuzz`; works on the
# stable toolchain through RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags). Never pause a fuzzer
# (SIGSTOP): libFuzzer counts the pause against the input it was running and reports a timeout.
# Built with debug assertions and overflow checks (-a) and without a sanitizer (SANITIZER=address to
# add AddressSanitizer): jixiao has no unsafe code on these paths, and ASan cost 2–3× the executions.
#   fuzz/run.sh [SECONDS] [TARGET...]
# libFuzzer's timeout is wall-clock time: on a machine busy with other work (a niced fuzzer gets little
# CPU beside a build) give it room, FUZZ_TIMEOUT=60, or it reports fast inputs as hangs.
# FUZZ_NO_TRACE_COMPARES=1 builds without libFuzzer's comparison tracing (in target/no-trace-compares,
# beside the usual build): site_check then runs 1.8× the executions (1,258 against 709 a second, 3 min
# each on the same corpus), with less guidance towards the values the code compares against; use it
# once the corpus is rich. FUZZ_FORK=N runs N processes (libFuzzer's -fork=N, one core each).
# Crashes land in fuzz/artifacts/<target>/: fix them, then copy the input to
# tests/fuzz_regressions/<target>/ so that `cargo test` replays it.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(site_check front_matter numbers markdown_html markdown_blocks)
# The corpora and the logs (with runs.txt, the executions of every run) live in FUZZ_HOME (default:
# this folder). Outside the work tree, e.g. FUZZ_HOME=$JIXIAO_CACHE/fuzz, they outlast a fresh clone and
# the executions of later sessions add up.
home="${FUZZ_HOME:-.}"
logs="${FUZZ_LOGS:-$home/logs}"; mkdir -p "$logs"
for t in "${targets[@]}"; do
  corpus="$home/corpus/$t"
  mkdir -p "$corpus"
  # Seeds: the broken-report corpus and the repository's reports, for every target.
  cp -n ../tests/broken/*.md ../content/*/*.md "$corpus/" 2>/dev/null || true
  # The whole-site target takes files cut at \0\0: its seeds are in tests/fuzz_regressions/.
  [ "$t" = site_check ] && cp -n ../tests/fuzz_regressions/site_check/* "$corpus/" 2>/dev/null
  [ "$t" = site_check ] && rm -f "$corpus/"*.md
  dict=()
  [ -f "dict/$t.dict" ] && dict=(-dict="dict/$t.dict")
  # A figure or a target is one short field; reports and narratives are files.
  max_len=16384; [ "$t" = numbers ] && max_len=1024
  # The whole-site target writes its files to a fresh folder per input: in memory (tmpfs) where there
  # is one, and without rayon's thread hand-offs.
  tmp="${FUZZ_TMPDIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}"
  # Built once, then run as it is: `cargo fuzz run` would rebuild (and pause the fuzzing) whenever
  # the sources change while it runs. FUZZ_NO_BUILD=1 runs the binaries already built.
  build=(); bin="target/x86_64-unknown-linux-gnu/release/$t"
  if [ -n "${FUZZ_NO_TRACE_COMPARES:-}" ]; then
    build=(--no-trace-compares --target-dir target/no-trace-compares)
    bin="target/no-trace-compares/x86_64-unknown-linux-gnu/release/$t"
  fi
  fork=(); [ -n "${FUZZ_FORK:-}" ] && fork=(-fork="$FUZZ_FORK")
  if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a -s "${SANITIZER:-none}" "${build[@]}" "$t" > "$logs/$t.build.log" 2>&1 ||
      { echo "$t: build failed, see $logs/$t.build.log"; continue; }
  fi
  mkdir -p "artifacts/$t"
  TMPDIR="$tmp" RAYON_NUM_THREADS=1 \
    "$bin" -artifact_prefix="artifacts/$t/" "$corpus" "${dict[@]}" "${fork[@]}" \
    -max_total_time="$secs" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
    > "$logs/$t.log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  # A run stopped by a crash prints no final figures: its last progress line has the count.
  runs="${runs:-$(grep -o '^#[0-9]*' "$logs/$t.log" | tail -1 | tr -d '#')}"
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  # One line per run in logs/runs.txt (kept across runs): the executions add up.
  echo "$(date -u +%FT%TZ) $t: exit $status, ${runs:-?} executions in ${secs}s, $crashes crash file(s) in artifacts/$t" |
    tee -a "$logs/runs.txt"
done
