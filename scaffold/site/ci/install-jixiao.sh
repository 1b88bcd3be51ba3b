#!/bin/sh
# 在 CI 中安装 jixiao 以及它所需的工具（固定版本的 typst、字体和站内搜索用的 Pagefind），都装进 .cache/，
# CI 保留这个文件夹，下次运行直接使用（第一次要编译 typst，约 10–20 分钟）。
# Installs jixiao and its pinned tools (typst, fonts, Pagefind) into .cache/, which the CI keeps between runs.
#
# 需要（needs）：git、cargo（Rust 1.89 以上）、apt-get（Debian 的字体包从这里下载）。
# 变量（variables）：
#   JIXIAO_REPO  jixiao 源码仓库的 Git 地址（必填；在 CI 的变量设置里填，或直接改 CI 文件）
#   JIXIAO_REF   版本：标签或分支（默认 main）
#   JIXIAO_CACHE PDF 工具放在哪里（默认 .cache/tools）
# 用法（usage）：. ci/install-jixiao.sh   之后 jixiao 就在 PATH 里。
set -eu
if [ -z "${JIXIAO_REPO:-}" ]; then
  echo "请设置 JIXIAO_REPO：jixiao 源码仓库的 Git 地址（set JIXIAO_REPO to the git URL of jixiao）" >&2
  exit 1
fi
jixiao_cache="$(pwd)/.cache"
jixiao_src="$jixiao_cache/jixiao-src"
export CARGO_TARGET_DIR="$jixiao_cache/target"
export JIXIAO_CACHE="${JIXIAO_CACHE:-$jixiao_cache/tools}"
if [ -d "$jixiao_src/.git" ]; then
  git -C "$jixiao_src" fetch --depth 1 origin "${JIXIAO_REF:-main}"
  git -C "$jixiao_src" checkout -q FETCH_HEAD
else
  git clone --depth 1 --branch "${JIXIAO_REF:-main}" "$JIXIAO_REPO" "$jixiao_src"
fi
cargo install --locked --path "$jixiao_src" --root "$jixiao_cache/jixiao"
"$jixiao_src/scripts/install-tools.sh"
export PATH="$jixiao_cache/jixiao/bin:$PATH"
jixiao --version
