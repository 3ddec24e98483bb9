#!/usr/bin/env python3
"""Share of gold titles found among the posts govgraph reads (issue 24).

usage: post_recall.py GRAPH GOLD_DIR [--bin PATH] [--verbose]

GRAPH is a build directory or its graph.json. The posts are the rows of
`govgraph export GRAPH --format posts` (one per person x post); a gold
(person, title) pair of a document counts as found when a person node of
that name mentioned in the document has a post that matches the title the
way the scorer matches titles (one ends with the other, two characters at
least: 常务副县长 ~ 县委常委、常务副县长 split, 县长 ~ 代县长). Gold
entries marked "unsure" are left out.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict


def norm(s):
    s = unicodedata.normalize("NFKC", str(s or ""))
    return "".join(ch for ch in s if not ch.isspace())


def title_match(a, b):
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and long_.endswith(short)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("gold")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "govgraph"))
    ap.add_argument("--verbose", action="store_true", help="list the titles not found")
    a = ap.parse_args()
    graph = os.path.join(a.graph, "graph.json") if os.path.isdir(a.graph) else a.graph
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "posts.csv")
        r = subprocess.run([a.bin, "export", graph, "--format", "posts", "--out", out],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("govgraph export failed: " + r.stderr.strip())
        with open(out, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    posts = defaultdict(set)
    for row in rows:
        posts[row["person_id"]].add(norm(row["post"]))
    with open(graph, encoding="utf-8") as f:
        g = json.load(f)
    # doc -> name -> person ids mentioned there
    people = defaultdict(lambda: defaultdict(set))
    for n in g["nodes"]:
        if n.get("type") != "person":
            continue
        for m in n.get("mentions", []) or []:
            people[os.path.basename(m["doc"])][norm(n["name"])].add(n["id"])
    found = total = 0
    missed = []
    for gf in sorted(f for f in os.listdir(a.gold) if f.endswith(".json")):
        with open(os.path.join(a.gold, gf), encoding="utf-8") as f:
            gold = json.load(f)
        doc = os.path.basename(gold.get("file") or gf[:-5] + ".txt")
        pairs = set()
        for art in gold.get("articles", []):
            for p in art.get("persons", []) or []:
                if p.get("unsure"):
                    continue
                for t in p.get("titles", []) or []:
                    pairs.add((norm(p["name"]), norm(t)))
        for name, title in sorted(pairs):
            total += 1
            held = set()
            for pid in people[doc].get(name, ()):
                held |= posts[pid]
            if any(title_match(title, p) for p in held):
                found += 1
            else:
                missed.append("%s %s/%s (posts: %s)" % (doc, name, title, "、".join(sorted(held)) or "-"))
    share = found / total if total else 0.0
    print("gold titles found among posts: %d of %d (%.3f)" % (found, total, share))
    if a.verbose:
        for m in missed:
            print("  missed", m)


if __name__ == "__main__":
    main()
