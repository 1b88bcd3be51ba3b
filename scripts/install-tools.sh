#!/usr/bin/env bash
# Installs the pinned PDF toolchain (tools/versions) into the tools cache, once:
#   $CACHE/typst-<version>/bin/typst      typst CLI, built with `cargo install --locked`
#   $CACHE/<FONTS_DIR>/                   the pinned OFL fonts (from Debian .debs, sha256-checked)
#                                         with their copyright/licence files and a .pin stamp;
#                                         subset/: their subsets (scripts/subset-fonts.py)
#   $CACHE/pagefind-<version>/pagefind_extended   Pagefind (site search), from the npm registry,
#                                         sha512-checked
# CACHE is $JIXIAO_CACHE when set, else <repo>/.cache. Idempotent: does nothing when both are there.
#
# Usage: scripts/install-tools.sh [--test-deps] [--check]
#   --test-deps  also install the Debian packages the tests use when missing:
#                poppler-utils (pdftoppm, pdffonts, pdftotext), qpdf (PDF structure check) and
#                chromium (browser tests)
#   --check      install nothing; exit 1 and say what is missing (0 when all is in place)
# Prints the cache folder on its last line: `tools: <CACHE>`.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${JIXIAO_CACHE:-$repo/.cache}"
test_deps=0
check_only=0
for arg in "$@"; do
  case "$arg" in
    --test-deps) test_deps=1 ;;
    --check) check_only=1 ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "install-tools: unknown option $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

# The pins: KEY=VALUE lines, read without executing the file.
pin() {
  local v
  v="$(sed -n "s/^$1=//p" "$repo/tools/versions")"
  [[ -n "$v" ]] || { echo "install-tools: $1 missing from tools/versions" >&2; exit 2; }
  printf '%s' "$v"
}
typst_version="$(pin TYPST_VERSION)"
fonts_dir="$cache/$(pin FONTS_DIR)"
typst_bin="$cache/typst-$typst_version/bin/typst"
pagefind_version="$(pin PAGEFIND_VERSION)"
pagefind_bin="$cache/pagefind-$pagefind_version/pagefind_extended"
# What the .pin stamp of a complete font folder says (jixiao compares it too).
font_stamp="$(pin NOTO_CJK_DEB)=$(pin NOTO_CJK_VERSION) $(pin NOTO_CJK_SHA256)
$(pin LXGW_WENKAI_DEB)=$(pin LXGW_WENKAI_VERSION) $(pin LXGW_WENKAI_SHA256)
subset $(pin FONTTOOLS_DEB)=$(pin FONTTOOLS_VERSION) $(pin FONT_SUBSET_SHA256)"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "install-tools: need root for: $*" >&2
    return 1
  fi
}

typst_ok() { [[ -x "$typst_bin" ]] && [[ "$("$typst_bin" --version 2>/dev/null)" == "typst $typst_version"* ]]; }
pagefind_ok() { [[ -x "$pagefind_bin" ]] && [[ "$("$pagefind_bin" --version 2>/dev/null)" == "pagefind $pagefind_version" ]]; }
fonts_ok() { [[ -f "$fonts_dir/.pin" ]] && [[ "$(cat "$fonts_dir/.pin")" == "$font_stamp" ]]; }

if [[ $check_only -eq 1 ]]; then
  missing=0
  typst_ok || { echo "missing: typst $typst_version at $typst_bin"; missing=1; }
  fonts_ok || { echo "missing: pinned fonts at $fonts_dir"; missing=1; }
  pagefind_ok || { echo "missing: pagefind $pagefind_version at $pagefind_bin"; missing=1; }
  echo "tools: $cache"
  exit $missing
fi

mkdir -p "$cache"
# The installers' temporary folders, removed however the script ends (one trap for all of them).
tmps=()
trap 'rm -rf "${tmps[@]}"' EXIT
# One installer at a time per cache (parallel clones sharing JIXIAO_CACHE).
if command -v flock >/dev/null; then
  exec 9>"$cache/.install.lock"
  flock 9
fi

if ! typst_ok; then
  echo "install-tools: installing typst $typst_version into $cache/typst-$typst_version (takes a while, once)" >&2
  cargo install typst-cli --locked --version "$typst_version" --root "$cache/typst-$typst_version"
  typst_ok || { echo "install-tools: $typst_bin does not report typst $typst_version" >&2; exit 1; }
fi

# Downloads one pinned .deb into the current folder and checks its sha256.
fetch_deb() {
  local pkg="$1" version="$2" sha="$3"
  if ! apt-get download "$pkg=$version" >/dev/null 2>&1; then
    echo "install-tools: apt-get download $pkg=$version failed; updating the package lists" >&2
    as_root apt-get update -qq >&2 || true
    apt-get download "$pkg=$version" >&2 || {
      echo "install-tools: cannot download $pkg=$version (needs apt and the Debian bookworm lists)" >&2
      exit 1
    }
  fi
  local deb
  deb="$(ls -1 "${pkg}"_*.deb | head -n1)"
  echo "$sha  $deb" | sha256sum --check --quiet || {
    echo "install-tools: $deb does not match the sha256 pinned in tools/versions" >&2
    exit 1
  }
  mkdir -p x
  dpkg-deb -x "$deb" x
}

if ! fonts_ok; then
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || {
    echo "install-tools: the fonts come from Debian packages: apt-get and dpkg-deb are needed" >&2
    exit 1
  }
  echo "install-tools: installing the pinned fonts into $fonts_dir" >&2
  tmp="$(mktemp -d "$cache/.fonts-tmp.XXXXXX")"
  tmps+=("$tmp")
  chmod 755 "$tmp" # apt's download user must be able to write here
  (
    cd "$tmp"
    fetch_deb "$(pin NOTO_CJK_DEB)" "$(pin NOTO_CJK_VERSION)" "$(pin NOTO_CJK_SHA256)"
    fetch_deb "$(pin LXGW_WENKAI_DEB)" "$(pin LXGW_WENKAI_VERSION)" "$(pin LXGW_WENKAI_SHA256)"
    mkdir -p out/noto-cjk out/lxgw-wenkai
    cp x/usr/share/fonts/opentype/noto/Noto{Serif,Sans}CJK-{Regular,Bold}.ttc out/noto-cjk/
    cp x/usr/share/doc/fonts-noto-cjk/copyright out/noto-cjk/COPYRIGHT
    cp x/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai{,Mono}-Regular.ttf x/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf out/lxgw-wenkai/
    cp x/usr/share/doc/fonts-lxgw-wenkai/copyright out/lxgw-wenkai/COPYRIGHT
    # The subsets of the faces the theme uses (tools/font-subset.txt's characters, renamed
    # families; scripts/subset-fonts.py), made with Debian's fontTools and checked by sha256.
    fetch_deb "$(pin FONTTOOLS_DEB)" "$(pin FONTTOOLS_VERSION)" "$(pin FONTTOOLS_SHA256)"
    command -v python3 >/dev/null || {
      echo "install-tools: python3 is needed to make the font subsets; installing it" >&2
      as_root apt-get update -qq >&2 || true
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 >&2
    }
    echo "install-tools: making the font subsets (about 20 s)" >&2
    noto=out/noto-cjk
    kai=out/lxgw-wenkai
    PYTHONPATH="$PWD/x/usr/lib/python3/dist-packages" python3 "$repo/scripts/subset-fonts.py" \
      "$repo/tools/font-subset.txt" out/subset \
      "$noto/NotoSerifCJK-Regular.ttc|2|Jixiao Serif Common|JixiaoSerifCommon-Regular.otf" \
      "$noto/NotoSerifCJK-Bold.ttc|2|Jixiao Serif Common|JixiaoSerifCommon-Bold.otf" \
      "$noto/NotoSansCJK-Regular.ttc|2|Jixiao Sans Common|JixiaoSansCommon-Regular.otf" \
      "$noto/NotoSansCJK-Bold.ttc|2|Jixiao Sans Common|JixiaoSansCommon-Bold.otf" \
      "$kai/LXGWWenKai-Regular.ttf|0|Jixiao Kai Common|JixiaoKaiCommon-Regular.ttf" \
      "$kai/LXGWWenKai-Bold.ttf|0|Jixiao Kai Common|JixiaoKaiCommon-Bold.ttf" \
      "$kai/LXGWWenKaiMono-Regular.ttf|0|Jixiao Kai Mono Common|JixiaoKaiMonoCommon-Regular.ttf"
    sums="$(cd out/subset && LC_ALL=C && sha256sum -- *)"
    [[ "$(printf '%s\n' "$sums" | sha256sum | cut -d' ' -f1)" == "$(pin FONT_SUBSET_SHA256)" ]] || {
      printf '%s\n' "$sums" >&2
      echo "install-tools: the font subsets above are not the bytes pinned by FONT_SUBSET_SHA256 in tools/versions" >&2
      echo "  (the same pins must give the same PDFs everywhere; was tools/font-subset.txt changed?)" >&2
      exit 1
    }
    cp out/noto-cjk/COPYRIGHT out/subset/COPYRIGHT-noto-cjk
    cp out/lxgw-wenkai/COPYRIGHT out/subset/COPYRIGHT-lxgw-wenkai
    printf '%s' "$font_stamp" >out/.pin
  )
  rm -rf "$fonts_dir"
  mv "$tmp/out" "$fonts_dir"
fi

if ! pagefind_ok; then
  [[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || {
    echo "install-tools: the pinned Pagefind is the x86_64 Linux build; on $(uname -s)-$(uname -m) build with --no-search" >&2
    exit 1
  }
  echo "install-tools: installing pagefind $pagefind_version into $cache/pagefind-$pagefind_version" >&2
  pkg="$(pin PAGEFIND_NPM_PACKAGE)"
  url="https://registry.npmjs.org/$pkg/-/${pkg#*/}-$pagefind_version.tgz"
  ptmp="$(mktemp -d "$cache/.pagefind-tmp.XXXXXX")"
  tmps+=("$ptmp")
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$ptmp/p.tgz" "$url"
  elif command -v npm >/dev/null; then
    (cd "$ptmp" && npm pack --silent "$pkg@$pagefind_version" >/dev/null && mv ./*.tgz p.tgz)
  else
    echo "install-tools: curl or npm is needed to download $url" >&2
    exit 1
  fi
  echo "$(pin PAGEFIND_SHA512)  $ptmp/p.tgz" | sha512sum --check --quiet || {
    echo "install-tools: $url does not match the sha512 pinned in tools/versions" >&2
    exit 1
  }
  tar -xzf "$ptmp/p.tgz" -C "$ptmp" package/bin/pagefind_extended
  mkdir -p "$ptmp/out"
  mv "$ptmp/package/bin/pagefind_extended" "$ptmp/out/"
  chmod 755 "$ptmp/out/pagefind_extended"
  rm -rf "$cache/pagefind-$pagefind_version"
  mv "$ptmp/out" "$cache/pagefind-$pagefind_version"
  pagefind_ok || { echo "install-tools: $pagefind_bin does not report pagefind $pagefind_version" >&2; exit 1; }
fi

if [[ $test_deps -eq 1 ]]; then
  need=()
  for t in pdftoppm pdffonts pdftotext; do
    command -v "$t" >/dev/null || { need+=(poppler-utils); break; }
  done
  command -v chromium >/dev/null || need+=(chromium)
  command -v qpdf >/dev/null || need+=(qpdf)
  if [[ ${#need[@]} -gt 0 ]]; then
    echo "install-tools: apt-get install ${need[*]}" >&2
    as_root apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
fi

echo "tools: $cache"
