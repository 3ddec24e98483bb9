#!/usr/bin/env bash
# End-to-end build throughput and peak memory on a generated corpus:
# median of RUNS builds (wall time, MB/s of input, peak RSS).
#
#   scripts/bench_scale.sh [MB] [RUNS] [THREADS]     (defaults: 1000 3 all cores)
#
# Needs ~6 x MB of free disk in target/bench-scale (corpus and outputs).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1000}
RUNS=${2:-3}
THREADS=${3:-$(nproc)}
work=target/bench-scale
cargo build --release --quiet --bin govgraph --example gen_corpus
if [ ! -f "$work/corpus-$MB.done" ]; then
  rm -rf "$work/corpus-$MB"
  target/release/examples/gen_corpus --mb "$MB" --seed 1 --out "$work/corpus-$MB"
  touch "$work/corpus-$MB.done"
fi
rm -f "$work"/time-*.txt
bytes=$(du -sb "$work/corpus-$MB" | cut -f1)
for i in $(seq "$RUNS"); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time-$i.txt" \
    target/release/govgraph build "$work/corpus-$MB" --out "$work/out" --threads "$THREADS" --no-svg >/dev/null
  echo "run $i: $(cat "$work/time-$i.txt" | awk -v b="$bytes" '{printf "%.1f s, %.2f MB/s, peak RSS %.2f GB", $1, b/1e6/$1, $2/1e6}')"
done
cat "$work"/time-*.txt | sort -n | awk -v b="$bytes" -v n="$RUNS" '
  {t[NR]=$1; if ($2>m) m=$2}
  END {med=t[int((n+1)/2)]; printf "median of %d: %.1f s, %.2f MB/s over %.0f MB; highest peak RSS %.2f GB\n", n, med, b/1e6/med, b/1e6, m/1e6}'
ls -l "$work/out"
