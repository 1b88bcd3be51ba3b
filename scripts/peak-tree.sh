#!/usr/bin/env bash
# Peak memory of a command and every process it starts, taken together: what a machine must have
# to run it. `/usr/bin/time -f %M` gives the largest single process only (for a build, one typst
# process of the two running at once), which understates a build that runs several.
#
#   scripts/peak-tree.sh <cmd…>     prints "<seconds> <peak anon KiB> <peak RSS KiB>" to stderr's
#                                    last line (or to $PEAK_OUT when set), the command's output
#                                    going where it goes; exit code the command's.
#
# Sampled every 50 ms (PEAK_INTERVAL) from /proc/<pid>/statm (the command runs in a session of its
# own; every process of that session is summed): "anon" is the memory of the processes' own (heap,
# stacks: what cannot be shared), RSS adds the pages of files they map (the binaries), counted once
# per process. (smaps' PSS would count shared pages once, but reading it walks each process's page
# tables and slowed a PDF build by 40 %.) A peak shorter than the interval can be missed: a lower
# bound, close for builds whose processes live for seconds.
set -uo pipefail
start=$(date +%s.%N)
setsid "$@" &
pid=$!
peak_anon=0
peak_rss=0
page_kib=$(($(getconf PAGESIZE) / 1024))
while kill -0 "$pid" 2>/dev/null; do
  anon=0
  rss=0
  for p in $(pgrep -s "$pid"); do
    # statm: size resident shared(file-backed) … in pages; read without walking page tables.
    read -r _ resident shared _ 2>/dev/null <"/proc/$p/statm" || continue
    rss=$((rss + resident))
    anon=$((anon + resident - shared))
  done
  ((anon > peak_anon)) && peak_anon=$anon
  ((rss > peak_rss)) && peak_rss=$rss
  sleep "${PEAK_INTERVAL:-0.05}"
done
wait "$pid"
rc=$?
end=$(date +%s.%N)
line="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $((peak_anon * page_kib)) $((peak_rss * page_kib))"
if [[ -n "${PEAK_OUT:-}" ]]; then echo "$line" >"$PEAK_OUT"; else echo "$line" >&2; fi
exit "$rc"
