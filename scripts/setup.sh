#!/usr/bin/env bash
# What the main job (`govgraph build seeds --out output`) needs on a fresh
# Debian machine with Rust installed: Graphviz, which draws graph.svg, and
# CJK fonts, whose metrics Graphviz sizes the Chinese labels with (without
# them graph.svg is laid out differently from the committed one).
# The tests need more: scripts/setup-tests.sh.
# Idempotent: skips what is already there.
set -euo pipefail
need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
