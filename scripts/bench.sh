#!/usr/bin/env bash
# Build benchmark: prints the figures of the performance issue for a "before" and an "after" jixiao,
# measured side by side in one run (runs alternate, medians of ROUNDS), with peak memory.
# It asserts nothing: timings on a shared machine are noise unless compared in the same run.
#
#   scripts/bench.sh                      # before = BASE (default: the merge base with main), after = this tree
#   BEFORE=/path/jixiao AFTER=/path/jixiao scripts/bench.sh   # two given binaries
#   HTML_REPORTS=1000 PDF_REPORTS=100 ROUNDS=3 scripts/bench.sh
#   PDF_REPORTS=0 scripts/bench.sh        # the HTML figures only (no PDF tools needed)
#   CONTENT=/path/content scripts/bench.sh   # the seeds to copy (default: BASE's content/, which both
#                                            # binaries read; this tree's with BEFORE= given)
#
# Sites are synthetic: the five sample reports (content/) copied under distinct units (folders and
# `unit:` names). PDFs need the
# pinned tools (scripts/install-tools.sh; $JIXIAO_CACHE as usual). Figures:
#   html full      build --no-pdf into a fresh folder, empty build cache (ms/page, peak RSS)
#   html no-op     the same build again                         (s)
#   pdf full       build with PDFs, empty build cache           (s, peak RSS of the largest
#                  process, and of all processes together: scripts/peak-tree.sh)
#   pdf no-op      the same build again (cache warm)            (s)
#   pdf one edit   one report changed, build again              (s)
#   search index   (after only) build --no-pdf with the Pagefind index, fresh folder (s)
#   hugo anchor    Hugo (Debian's `hugo`, when on PATH; HUGO=/path/hugo, or INSTALL_HUGO=1 to
#                  apt-get it) building the same report files into a fresh folder, in the same
#                  rounds: one page per report with its Markdown and a table of its indicators, a
#                  list page per unit folder, an index (benches/hugo/)  (ms/page, peak RSS)
# Both binaries build without the search index where they have one (--no-search), so that they do
# the same work; the index is measured on its own.
# "before" has no cache: its no-op and one-edit figures are its full build's (BEFORE_REBUILDS=1 runs them).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
HTML_REPORTS="${HTML_REPORTS:-1000}"
PDF_REPORTS="${PDF_REPORTS:-100}"
ROUNDS="${ROUNDS:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/jixiao-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

release() { # release <source dir> <target dir>
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo build --release --quiet --bin jixiao) >&2
  echo "$2/release/jixiao"
}
if [[ -z "${AFTER:-}" ]]; then
  AFTER="$(release "$repo" "${CARGO_TARGET_DIR:-$repo/target}")"
fi
content="${CONTENT:-$repo/content}"
if [[ -z "${BEFORE:-}" ]]; then
  BASE="${BASE:-$(git -C "$repo" merge-base HEAD main 2>/dev/null || git -C "$repo" rev-parse HEAD~1)}"
  src="$work/before-src"
  mkdir -p "$src"
  git -C "$repo" archive "$BASE" | tar -x -C "$src"
  BEFORE="$(release "$src" "${BENCH_BASE_TARGET:-/tmp/jixiao-bench-base-target}")"
  # An older jixiao may not read today's sample (new fields): both build BASE's.
  content="${CONTENT:-$src/content}"
fi
echo "before: $BEFORE" >&2
echo "after:  $AFTER" >&2
# --no-search where the binary knows it (the same work for both).
# (The help is read whole first: `grep -q` on a pipe under pipefail fails when it stops reading early.)
flags_of() { local help; help="$("$1" build --help 2>/dev/null || true)"; if [[ $help == *--no-search* ]]; then echo --no-search; fi; }
before_flags="$(flags_of "$BEFORE")"
after_flags="$(flags_of "$AFTER")"

make_site() { # make_site <dir> <reports>
  local dir="$1" n="$2" i=0
  mkdir -p "$dir/content"
  [[ -f "$content/../jixiao.yaml" ]] && cp "$content/../jixiao.yaml" "$dir/"
  mapfile -t seeds < <(cd "$content" && find . -name '*.md' | sort)
  while ((i < n)); do
    for s in "${seeds[@]}"; do
      ((i < n)) || break
      local unit; unit="u$(printf %05d $((i / ${#seeds[@]})))-$(dirname "${s#./}")"
      mkdir -p "$dir/content/$unit"
      # Each copy is its own unit (unit: …（u00012）): copies of one report would all be
      # duplicate-report findings of each other, which a real site does not have.
      sed "s/^unit: .*/&（${unit%%-*}）/" "$content/$s" > "$dir/content/$unit/$(basename "$s")"
      i=$((i + 1))
    done
  done
}

# Tools for the PDF runs, found as jixiao finds them; the build cache in a folder of the bench's own.
tools_cache="${JIXIAO_CACHE:-$repo/.cache}"
export JIXIAO_TYPST="${JIXIAO_TYPST:-$(ls "$tools_cache"/typst-*/bin/typst | head -1)}"
export JIXIAO_FONTS="${JIXIAO_FONTS:-$tools_cache/$(sed -n 's/^FONTS_DIR=//p' "$repo/tools/versions")}"
pagefind="$(ls "$tools_cache"/pagefind-*/pagefind_extended 2>/dev/null | head -1 || true)"
[[ -n "${JIXIAO_PAGEFIND:-}$pagefind" ]] && export JIXIAO_PAGEFIND="${JIXIAO_PAGEFIND:-$pagefind}"
export SOURCE_DATE_EPOCH=0

# timed <name> <cmd…>: appends "<seconds> <peak KiB>" to $work/<name>: the peak of the largest
# process (`/usr/bin/time`'s %M).
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2; echo "failed: $*" >&2; exit 1; }
  cat "$work/t" >>"$work/$name"
}
# timed_tree <name> <cmd…>: as `timed`, and "<tree anon KiB> <tree RSS KiB>" after: the peak of all
# the command's processes together (scripts/peak-tree.sh: jixiao and the typst processes running at
# once). Its sampling costs a few per cent of a core, so it is kept to the PDF builds.
timed_tree() {
  local name="$1"; shift
  PEAK_OUT="$work/tree" /usr/bin/time -f "%e %M" -o "$work/t" "$repo/scripts/peak-tree.sh" "$@" \
    >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "failed: $*" >&2; exit 1; }
  echo "$(cat "$work/t") $(cut -d' ' -f2,3 "$work/tree")" >>"$work/$name"
}
median() { # median <file> <column>
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'
}

make_site "$work/html" "$HTML_REPORTS"
# The anchor: Hugo on the same report files (benches/hugo/ has its config and layouts).
if [[ -n "${INSTALL_HUGO:-}" ]] && ! command -v hugo >/dev/null; then
  apt-get install -y -qq hugo >/dev/null
fi
HUGO="${HUGO:-$(command -v hugo || true)}"
if [[ -n "$HUGO" ]]; then
  cp -r "$repo/benches/hugo" "$work/hugo"
  cp -r "$work/html/content" "$work/hugo/content"
  echo "anchor: $HUGO ($("$HUGO" version | cut -d' ' -f2))" >&2
fi
if ((PDF_REPORTS > 0)); then
  make_site "$work/pdf" "$PDF_REPORTS"
  edit="$(cd "$work/pdf/content" && find . -name '*.md' | sort | head -1)"
fi

for round in $(seq "$ROUNDS"); do
  for who in before after; do
    bin="$BEFORE"; flags="$before_flags"
    [[ $who == after ]] && { bin="$AFTER"; flags="$after_flags"; }
    out="$work/out-$who"
    rm -rf "$out" "$work/.$(basename "$out")".*
    # A first build: an empty build cache (no record, no memo of an earlier round).
    export JIXIAO_CACHE="$work/html-cache-$who"
    rm -rf "$JIXIAO_CACHE"
    # shellcheck disable=SC2086 # $flags is one flag or none
    timed "$who-html-full" "$bin" build "$work/html" --no-pdf $flags --out "$out"
    if [[ -n "$HUGO" && $who == after ]]; then
      rm -rf "$work/hugo-out"
      timed hugo-full "$HUGO" --quiet --source "$work/hugo" --destination "$work/hugo-out"
    fi
    # shellcheck disable=SC2086
    timed "$who-html-noop" "$bin" build "$work/html" --no-pdf $flags --out "$out"
    unset JIXIAO_CACHE
    rm -rf "$work/html-$who"; mv "$out" "$work/html-$who"
    if [[ $who == after && -n "$after_flags" ]]; then
      timed "after-search" "$bin" build "$work/html" --no-pdf --out "$out"
      rm -rf "$out"
    fi
    if ((PDF_REPORTS == 0)); then
      echo "round $round $who done" >&2
      continue
    fi
    export JIXIAO_CACHE="$work/cache-$who"
    rm -rf "$JIXIAO_CACHE"
    # shellcheck disable=SC2086
    timed_tree "$who-pdf-full" "$bin" build "$work/pdf" $flags --out "$out"
    if [[ $who == after || -n "${BEFORE_REBUILDS:-}" ]]; then
      # shellcheck disable=SC2086
      timed "$who-pdf-noop" "$bin" build "$work/pdf" $flags --out "$out"
      printf '\n附注：第 %s 轮。\n' "$round-$who" >>"$work/pdf/content/$edit"
      # shellcheck disable=SC2086
      timed "$who-pdf-edit" "$bin" build "$work/pdf" $flags --out "$out"
    else # no cache before: a rebuild is a full build (BEFORE_REBUILDS=1 measures it anyway)
      cp "$work/$who-pdf-full" "$work/$who-pdf-noop"; cp "$work/$who-pdf-full" "$work/$who-pdf-edit"
    fi
    unset JIXIAO_CACHE
    echo "round $round $who done" >&2
  done
done

# Same bytes: the last HTML outputs; the last PDF outputs of both binaries (same content: the last
# edit differs, so rebuild both once more without the cache from the same content).
if diff -r -q "$work/html-before" "$work/html-after" >/dev/null; then same_html="identical"; else same_html="DIFFERENT"; fi
same="not built (PDF_REPORTS=0)"
for who in before after; do
  ((PDF_REPORTS > 0)) || break
  bin="$BEFORE"; flags="$before_flags"
  [[ $who == after ]] && { bin="$AFTER"; flags="$after_flags"; }
  export JIXIAO_CACHE="$work/cache-cmp-$who"
  # shellcheck disable=SC2086
  "$bin" build "$work/pdf" $flags --out "$work/cmp-$who" >/dev/null 2>&1
  unset JIXIAO_CACHE
done
if ((PDF_REPORTS > 0)); then
  if diff -r -q "$work/cmp-before" "$work/cmp-after" >/dev/null; then same="identical"; else same="DIFFERENT"; fi
fi

printf '\n%-34s %14s %14s\n' "figure (median of $ROUNDS)" before after
row() { # row <label> <name> <column> <scale> <unit>
  local b a
  b="$(median "$work/before-$2" "$3")"; a="$(median "$work/after-$2" "$3")"
  awk -v l="$1" -v b="$b" -v a="$a" -v s="$4" -v u="$5" \
    'BEGIN { split(s, f, "/"); k = f[1] / (f[2] ? f[2] : 1); printf "%-34s %9.2f %-4s %9.2f %s\n", l, b * k, u, a * k, u }'
}
row "html full, $HTML_REPORTS reports" html-full 1 "1000/$HTML_REPORTS" "ms/page"
row "html full, peak RSS" html-full 2 "1/1024" "MiB"
row "html no-op rebuild" html-noop 1 1 "s"
if ((PDF_REPORTS > 0)); then
  row "pdf full, $PDF_REPORTS reports (cold cache)" pdf-full 1 1 "s"
  row "pdf full, peak RSS" pdf-full 2 "1/1024" "MiB"
  row "pdf full, all processes (anon)" pdf-full 3 "1/1024" "MiB"
  row "pdf full, all processes (RSS)" pdf-full 4 "1/1024" "MiB"
  row "pdf no-op rebuild" pdf-noop 1 1 "s"
  row "pdf one report changed" pdf-edit 1 1 "s"
fi
if [[ -f "$work/after-search" ]]; then
  printf '%-34s %14s %9.2f s\n' "html full + search index (after)" "" "$(median "$work/after-search" 1)"
fi
if [[ -f "$work/hugo-full" ]]; then
  printf '%-34s %14s %9.2f ms/page\n' "hugo anchor, $HTML_REPORTS reports" "" \
    "$(awk -v m="$(median "$work/hugo-full" 1)" -v n="$HTML_REPORTS" 'BEGIN { print m * 1000 / n }')"
  printf '%-34s %14s %9.2f MiB\n' "hugo anchor, peak RSS" "" \
    "$(awk -v m="$(median "$work/hugo-full" 2)" 'BEGIN { print m / 1024 }')"
fi
echo "html output of before and after: $same_html"
echo "output of before and after (whole tree, PDFs included): $same"
