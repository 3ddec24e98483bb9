#!/usr/bin/env python3
"""Score the seed pages and the dev pages and fail when a figure falls below its floor.

usage: score_floor.py [--bin target/release/govgraph] [--floor quality_floor.tsv]
                      [--shared ../shared] [--slack 0.02] [--raise]

Reads the floor file (`set<TAB>metric<TAB>F1` lines), builds each set's pages
with the binary, scores the graph with the shared scorer (`tools/score.py`)
and prints one table. Exit 1 when any F1 is more than SLACK below its floor.
`--raise` rewrites the floor file with today's figures where they are higher
(a floor never goes down by itself).

Where the shared folder (pages, gold and scorer, kept outside the
repository) is absent, says so and exits 0: the check needs data the
repository does not carry.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

SETS = {
    # set name: (pages, gold), relative to the shared folder
    "seeds": ("seeds", "gold"),
    "dev": ("dev/texts", "dev/gold"),
}
METRICS = ("person", "place", "agency", "title", "participation")


def read_floor(path):
    floor = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in SETS or parts[1] not in METRICS:
                sys.exit("%s:%d: expected `set<TAB>metric<TAB>F1`, got %r" % (path, n, line))
            try:
                floor[(parts[0], parts[1])] = float(parts[2])
            except ValueError:
                sys.exit("%s:%d: not a number: %r" % (path, n, parts[2]))
    return floor


def score(binary, shared, pages, gold, scorer):
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([binary, "build", os.path.join(shared, pages), "--out", out, "--no-svg"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("build of %s failed (exit %d):\n%s" % (pages, p.returncode, p.stderr))
        p = subprocess.run([sys.executable, scorer, os.path.join(out, "graph.json"),
                            os.path.join(shared, gold), "--json"], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("scoring %s failed:\n%s" % (pages, p.stderr))
        return json.loads(p.stdout)["metrics"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/govgraph")
    ap.add_argument("--floor", default="quality_floor.tsv")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--slack", type=float, default=0.02)
    ap.add_argument("--raise", dest="raise_", action="store_true")
    a = ap.parse_args()

    scorer = os.path.join(a.shared, "tools", "score.py")
    if not os.path.isfile(scorer):
        print("score_floor: %s not found: the shared pages and gold are absent, check skipped" % scorer)
        return 0
    floor = read_floor(a.floor)
    failed = []
    now = {}
    print("%-6s %-14s %7s %7s %7s" % ("set", "metric", "F1", "floor", "diff"))
    for name, (pages, gold) in SETS.items():
        if not os.path.isdir(os.path.join(a.shared, pages)):
            print("score_floor: %s absent, set %s skipped" % (os.path.join(a.shared, pages), name))
            continue
        metrics = score(a.bin, a.shared, pages, gold, scorer)
        for m in METRICS:
            f1 = metrics[m]["f1"]
            now[(name, m)] = f1
            fl = floor.get((name, m))
            diff = "" if fl is None else "%+.3f" % (f1 - fl)
            print("%-6s %-14s %7.3f %7s %7s" % (name, m, f1, "-" if fl is None else "%.3f" % fl, diff))
            if fl is not None and f1 < fl - a.slack - 1e-9:
                failed.append("%s %s: F1 %.3f is more than %.2f below the floor %.3f" % (name, m, f1, a.slack, fl))
    if a.raise_:
        merged = dict(floor)
        for k, v in now.items():
            merged[k] = max(v, merged.get(k, 0.0))
        with open(a.floor, "w", encoding="utf-8") as f:
            f.write("# Quality floor: F1 per set and metric (scripts/score_floor.py).\n")
            f.write("# CI fails when a figure falls more than 0.02 below its floor; raise it with every gain.\n")
            for name in SETS:
                for m in METRICS:
                    if (name, m) in merged:
                        f.write("%s\t%s\t%.3f\n" % (name, m, merged[(name, m)]))
    for msg in failed:
        print("score_floor: " + msg, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
