#!/usr/bin/env bash
# Start-up cost (issue 20, item 5): the median wall time, and the median CPU
# time (user + system), of a one-page build, `govgraph build PAGE --out DIR
# --no-svg`, over RUNS runs (default 9). Most of it is loading the
# dictionaries, automata and tagger model, not the page.
#
#   scripts/bench_startup.sh [RUNS] [BINARY]
#
# BINARY defaults to target/release/govgraph (built if missing); give another
# binary to compare two builds on the same page in the same minute. Times
# are read with bash's own clock, so no /usr/bin/time is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-9}
BIN=${2:-target/release/govgraph}
if [ "$BIN" = target/release/govgraph ]; then
  cargo build --release --quiet --bin govgraph
fi
page=$(ls seeds/*.txt | head -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
TIMEFORMAT='%R %U %S'
walls=()
cpus=()
for _ in $(seq "$RUNS"); do
  t=$( { time "$BIN" build "$page" --out "$out/graph" --no-svg >/dev/null 2>&1; } 2>&1 )
  read -r real user sys <<<"$t"
  walls+=("$real")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "one-page build ($page, $RUNS runs): median wall $(median "${walls[@]}") s, median cpu $(median "${cpus[@]}") s"
