#!/usr/bin/env bash
# Issue 20's three figures, measured in one run on the same files:
#   1. end-to-end build throughput (MB/s of input, all cores, --no-svg),
#      with the tagger (the default) and with the rules alone (--tagged none);
#   2. that throughput as a ratio of jieba-rs `tag` on one core over the
#      same pages (examples/tag --files: decoded and normalised as a build
#      reads them), measured in the same round, so the ratio holds when the
#      machine's speed drifts;
#   3. peak RSS of each build.
# Each round measures jieba, then the default build, then the rules-only
# build; the medians of RUNS rounds are printed at the end.
#
#   scripts/bench_build.sh [MB] [RUNS]      (defaults: 1000 3)
#
# The corpus is generated (examples/gen_corpus, whose densities of names,
# titles, places, agencies, events, lists and bylines are tuned to real
# county pages: `gen_corpus --real DIR` prints both). Needs ~12 x MB of
# free disk under target/bench-build (corpus, one build's output at a time).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1000}
RUNS=${2:-3}
work=target/bench-build
mkdir -p "$work"
cargo build --release --quiet --bin govgraph --example gen_corpus --example tag
corpus="$work/corpus-$MB"
if [ ! -f "$corpus.done" ]; then
  rm -rf "$corpus"
  target/release/examples/gen_corpus --mb "$MB" --seed 1 --out "$corpus" >/dev/null
  touch "$corpus.done"
fi
bytes=$(du -sb "$corpus" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')
echo "corpus: $corpus, $mb MB, $(find "$corpus" -name '*.txt' | wc -l) pages; $(nproc) cores"
results="$work/results.tsv"
: >"$results"
build() { # mode args... -> prints "seconds peak_kb"
  local mode=$1
  shift
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" \
    target/release/govgraph build "$corpus" --out "$work/out" --no-svg "$@" >/dev/null 2>"$work/build-$mode.log"
  cat "$work/time.txt"
}
for i in $(seq "$RUNS"); do
  jieba=$(target/release/examples/tag --files "$corpus" | sed -E 's/.*= ([0-9.]+) MB\/s.*/\1/')
  read -r t_all m_all <<<"$(build all)"
  read -r t_rules m_rules <<<"$(build rules --tagged none)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$jieba" "$t_all" "$m_all" "$t_rules" "$m_rules" >>"$results"
  awk -v b="$bytes" -v j="$jieba" -v ta="$t_all" -v ma="$m_all" -v tr="$t_rules" -v mr="$m_rules" -v i="$i" 'BEGIN{
    a=b/1e6/ta; r=b/1e6/tr
    printf "round %d: jieba-rs tag (1 core) %.2f MB/s | build %.2f MB/s = %.2fx, peak %.2f GB | rules only %.2f MB/s = %.2fx, peak %.2f GB\n",
      i, j, a, a/j, ma/1e6, r, r/j, mr/1e6}'
done
rm -rf "$work/out"
awk -v b="$bytes" -v n="$RUNS" '
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { j[NR] = $2; a[NR] = b / 1e6 / $3; ra[NR] = a[NR] / $2; r[NR] = b / 1e6 / $5; rr[NR] = r[NR] / $2
    if ($4 > ma) ma = $4; if ($6 > mr) mr = $6 }
  END {
    printf "\nmedians of %d rounds over %.0f MB:\n", n, b / 1e6
    printf "  jieba-rs tag, one core        %6.2f MB/s\n", median(j, n)
    printf "  build (tagger, default)       %6.2f MB/s   %.2fx jieba   (targets: >= 20 MB/s, >= 0.4x)   peak RSS %.2f GB (< 2 GB)\n", median(a, n), median(ra, n), ma / 1e6
    printf "  build --tagged none (rules)   %6.2f MB/s   %.2fx jieba   (target: >= 0.6x)                 peak RSS %.2f GB\n", median(r, n), median(rr, n), mr / 1e6
  }' "$results"
