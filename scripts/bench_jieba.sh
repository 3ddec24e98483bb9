#!/usr/bin/env bash
# Side by side, on the same generated pages: Python jieba's posseg (installed
# from PyPI into a venv), jieba-rs tagging with govgraph's lexicon, and
# govgraph's whole extraction (`govgraph extract`: tagging plus people,
# titles, places, agencies, dates and events), on one thread and on all.
#
#   scripts/bench_jieba.sh [MB]     (default 2 MB; Python needs ~6 s a MB)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-2}
work=target/bench-jieba
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/python" -c "import jieba" 2>/dev/null ||
  "$work/venv/bin/pip" install -q --disable-pip-version-check jieba
cargo build --release --quiet --bin govgraph --example gen_corpus --example tag
rm -rf "$work/corpus"
target/release/examples/gen_corpus --mb "$MB" --seed 7 --out "$work/corpus" >/dev/null

"$work/venv/bin/python" - "$work/corpus" <<'PY' | tee "$work/python.txt"
import pathlib, sys, time
import jieba, jieba.posseg as pseg
jieba.setLogLevel(60)
jieba.initialize()
texts = []
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    b = p.read_bytes()
    try:
        texts.append(b.decode("utf-8"))
    except UnicodeDecodeError:
        texts.append(b.decode("gb18030"))
size = sum(len(t.encode("utf-8")) for t in texts)
start = time.perf_counter()
n = 0
for t in texts:
    for line in t.splitlines():
        n += sum(1 for _ in pseg.cut(line))
secs = time.perf_counter() - start
print(f"python jieba posseg: {size/1e6:.2f} MB in {secs:.2f} s = {size/1e6/secs:.3f} MB/s ({n} tokens)")
PY

target/release/examples/tag --files "$work/corpus" | tee "$work/rust_tag.txt"

# Seconds of one run of govgraph extract (best of three).
run_secs() { # threads, input
  local best=999999 start end
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    target/release/govgraph extract "$2" --out "$work/shard.jsonl" --threads "$1" 2>/dev/null
    end=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $end - $start))")
  done
  echo "$best"
}
# Start-up (building the dictionaries, ~0.3 s) is timed on one small page
# and taken off, so that the figure is throughput, as Python's is.
small=$(find "$work/corpus" -name '*.txt' | sort | head -1)
mb=$(python3 -c "import pathlib; print(sum(len(p.read_bytes()) for p in pathlib.Path('$work/corpus').rglob('*.txt'))/1e6)")
mb_per_s() { # threads
  local startup whole
  startup=$(run_secs "$1" "$small")
  whole=$(run_secs "$1" "$work/corpus")
  python3 -c "print(f'{$mb/($whole-$startup):.2f}')"
}
one=$(mb_per_s 1)
all=$(mb_per_s "$(nproc)")
py=$(sed -E 's/.*= ([0-9.]+) MB\/s.*/\1/' "$work/python.txt")
rs=$(sed -E 's/.*= ([0-9.]+) MB\/s.*/\1/' "$work/rust_tag.txt")
echo "govgraph extract, 1 thread (start-up taken off): $one MB/s"
echo "govgraph extract, $(nproc) threads: $all MB/s"
python3 -c "
py, rs, one, allt = $py, $rs, $one, $all
print(f'jieba-rs tag / python posseg:        {rs/py:7.1f}x')
print(f'govgraph extract 1 thread / python:  {one/py:7.1f}x')
print(f'govgraph extract all cores / python: {allt/py:7.1f}x')
"
