#!/usr/bin/env bash
# The Spark job (dist/spark_build.py) in local mode against a single-machine
# build of the same pages: graph.json, mentions.jsonl and the Neo4j CSV must
# be the same bytes. Run by .ci/run after `cargo build --release`.
#
#   scripts/spark_check.sh seeds          # the seed pages, 4 partitions
#   scripts/spark_check.sh generated 50   # a generated corpus of 50 MB
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/govgraph
what=${1:-seeds}
mb=${2:-50}
partitions=${PARTITIONS:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$what" in
  seeds) pages=seeds ;;
  generated)
    pages=$work/pages
    target/release/examples/gen_corpus --mb "$mb" --seed 7 --out "$pages" >/dev/null ;;
  *) echo "usage: $0 seeds | generated [MB]" >&2; exit 2 ;;
esac
start=$(date +%s.%N)
"$bin" build "$pages" --out "$work/single" --no-svg >/dev/null
"$bin" export "$work/single" --format csv --out "$work/single_csv" >/dev/null
mid=$(date +%s.%N)
python3 dist/spark_build.py --master 'local[2]' --bin "$bin" --partitions "$partitions" \
  --batch-pages 200 --out "$work/spark" --assemble "$pages" 2>"$work/spark.log" \
  || { tail -40 "$work/spark.log" >&2; exit 1; }
end=$(date +%s.%N)
cmp "$work/single/graph.json" "$work/spark/single/graph.json"
cmp "$work/single/mentions.jsonl" "$work/spark/single/mentions.jsonl"
diff -r "$work/single_csv" "$work/spark/single/csv"
printf 'spark_check %s: equal (%s bytes of graph.json); single build %.1f s, spark local[2] %.1f s\n' \
  "$what" "$(stat -c %s "$work/single/graph.json")" \
  "$(echo "$mid - $start" | bc)" "$(echo "$end - $mid" | bc)"
