#!/usr/bin/env python3
"""Build a govgraph graph with Apache Spark: the same graph as one machine's
`govgraph build`, made by many.

    spark-submit --master yarn dist/spark_build.py \
        --bin target/release/govgraph --partitions 64 --out /shared/graph \
        /shared/pages

    python3 dist/spark_build.py --master 'local[2]' --bin ... --out ... PAGES

Stages (each runs the `govgraph` binary, shipped to the workers with
`SparkContext.addFile`):

1. extract: pages in batches of --batch-pages (one task each) through
   `govgraph extract`; records (doc, shard line), kept for the next stages.
2. reposts: each line cut to its articles' signatures, collected on the
   driver, clustered by `govgraph dist reposts` (a first pass over the whole
   corpus: repost clusters cross documents).
3. route: each batch through `govgraph dist route`: every document
   resolved once and recorded as the steps of adding it to the graph, cut
   into one fragment per partition it touches; the first document that
   brings in each weakly named place is reduced by key (`first_seen.jsonl`).
4. merge: fragments, and each document's shard line, shuffled by partition
   (repartitionAndSortWithinPartitions: sorted by document, spilling to
   disk), one `govgraph merge --partition I/N` per partition replaying its
   fragments, into OUT/parts/part-I.
5. csv: `govgraph dist csv --only OUT/parts/part-I` per partition: Neo4j
   bulk-import files in OUT/csv (header files, row files, import.sh).
6. with --assemble: `govgraph dist assemble` joins the partitions into
   OUT/single (graph.json, mentions.jsonl, csv/), the files of one build.

OUT must be a directory every worker and the driver can write (a shared
file system in a cluster). OUT/stats.json records the time of each stage and
each partition's documents, seconds and peak memory.
"""

import argparse
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

from pyspark import SparkConf, SparkContext, SparkFiles, StorageLevel

DOC_RE = re.compile(rb'^\{"doc":("(?:[^"\\]|\\.)*")')


def doc_of(line):
    """The document name of a shard line (its first field), without parsing
    the whole line."""
    m = DOC_RE.match(line)
    if not m:
        raise ValueError("not a govgraph shard line: %r" % line[:80])
    return json.loads(m.group(1))


def binary():
    """The govgraph binary shipped with the job, made executable."""
    path = SparkFiles.get("govgraph")
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def run(args):
    """Run the binary; a failure stops the job with its message. Returns
    (seconds, peak resident memory of that process in KB)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's own resource usage (its peak memory).
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise RuntimeError(
                "%s failed (exit %d): %s"
                % (" ".join(args[:3]), p.returncode, err.read().decode("utf-8", "replace"))
            )
    return time.monotonic() - start, usage.ru_maxrss


def list_pages(inputs):
    """Files given, and *.txt below directories, in document-name order
    (the base name, as `govgraph build` names documents)."""
    pages = []
    for i in inputs:
        if os.path.isdir(i):
            for root, _, files in os.walk(i):
                pages.extend(os.path.join(root, f) for f in files if f.endswith(".txt"))
        elif os.path.isfile(i):
            pages.append(i)
        else:
            sys.exit("spark_build: %s: no such file or directory" % i)
    pages = [os.path.abspath(p) for p in pages]
    pages.sort(key=lambda p: os.path.basename(p).encode("utf-8"))
    names = [os.path.basename(p) for p in pages]
    for a, b in zip(names, names[1:]):
        if a == b:
            sys.exit("spark_build: two pages are named %s: document names must be unique" % a)
    return pages


def extract_batch(opts):
    def go(batches):
        for batch in batches:
            with tempfile.TemporaryDirectory() as tmp:
                shard = os.path.join(tmp, "shard.jsonl")
                cmd = [binary(), "extract", "--out", shard, "--threads", str(opts["threads"])]
                cmd += opts["extract_flags"]
                run(cmd + batch)
                with open(shard, "rb") as f:
                    for line in f:
                        line = line.rstrip(b"\n")
                        if line:
                            yield (doc_of(line), line)

    return go


def signature_line(line):
    """A shard line cut down to what repost clustering reads."""
    d = json.loads(line)
    arts = [
        {"index": a["index"], "repost": a["repost"]}
        for a in d.get("articles", [])
        if a.get("repost")
    ]
    return (d["doc"], json.dumps({"doc": d["doc"], "articles": arts}, ensure_ascii=False))


FRAG_RE = re.compile(rb'^\{"part":(\d+),"doc":("(?:[^"\\]|\\.)*")')


def fnv1a(data):
    """FNV-1a, 64 bits: the hash govgraph partitions node ids by."""
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def document_partition(doc, n):
    """The partition of a document's node, which holds its shard line."""
    return fnv1a(("document:" + doc).encode("utf-8")) % n


def route_batch(opts):
    """Resolve a batch and record it as fragments: yields ("route", doc,
    weak, places), ("frag", (partition, doc, 0), line) for each fragment and
    ("line", (partition, doc, 1), shard line) for the document's own
    partition."""
    def go(records):
        records = sorted(records)
        if not records:
            return
        n = opts["partitions"]
        with tempfile.TemporaryDirectory() as tmp:
            shard = os.path.join(tmp, "shard.jsonl")
            routes = os.path.join(tmp, "routes.jsonl")
            frags = os.path.join(tmp, "fragments.jsonl")
            with open(shard, "wb") as f:
                for _, line in records:
                    f.write(line + b"\n")
            cmd = [
                binary(), "dist", "route", shard,
                "--partitions", str(n),
                "--reposts", SparkFiles.get("reposts.jsonl"),
                "--threads", str(opts["threads"]),
                "--out", routes, "--fragments", frags,
            ] + opts["route_flags"]
            run(cmd)
            with open(routes, "rb") as f:
                for (doc, line), r in zip(records, f):
                    r = json.loads(r)
                    if r["doc"] != doc:
                        raise RuntimeError("route of %s given for %s" % (r["doc"], doc))
                    yield ("route", doc, r["weak"], r["places"])
                    yield ("line", (document_partition(doc, n), doc, 1), line)
            with open(frags, "rb") as f:
                for line in f:
                    line = line.rstrip(b"\n")
                    m = FRAG_RE.match(line)
                    if not m:
                        raise RuntimeError("not a fragment line: %r" % line[:80])
                    yield ("frag", (int(m.group(1)), json.loads(m.group(2)), 0), line)

    return go


def merge_partition(opts):
    def go(index, records):
        out = os.path.join(opts["out"], "parts", "part-%05d" % index)
        with tempfile.TemporaryDirectory() as tmp:
            frags = os.path.join(tmp, "fragments.jsonl")
            lines = os.path.join(tmp, "mentions.jsonl")
            counts = [0, 0]
            size = 0
            with open(frags, "wb") as ff, open(lines, "wb") as lf:
                # Sorted by (partition, document, kind) by the shuffle.
                for (_, _doc, kind), line in records:
                    (ff if kind == 0 else lf).write(line + b"\n")
                    counts[kind] += 1
                    size += len(line) + 1
            cmd = [
                binary(), "merge", frags,
                "--partition", "%d/%d" % (index, opts["partitions"]),
                "--mentions", lines,
                "--first-seen", SparkFiles.get("first_seen.jsonl"),
                "--threads", str(opts["threads"]),
                "--out", out,
            ]
            secs, peak = run(cmd)
        yield {"partition": index, "fragments": counts[0], "documents": counts[1],
               "input_bytes": size, "seconds": round(secs, 3), "peak_rss_kb": peak}

    return go


def csv_partition(opts):
    def go(index):
        parts = os.path.join(opts["out"], "parts")
        all_parts = [os.path.join(parts, "part-%05d" % i) for i in range(opts["partitions"])]
        cmd = [binary(), "dist", "csv"] + all_parts + [
            "--only", all_parts[index], "--out", os.path.join(opts["out"], "csv")]
        secs, _ = run(cmd)
        return {"partition": index, "seconds": round(secs, 3)}

    return go


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="page files or directories (*.txt below)")
    ap.add_argument("--bin", required=True, help="the govgraph binary (Linux, for the workers)")
    ap.add_argument("--out", required=True, help="output directory, shared by all workers")
    ap.add_argument("--partitions", type=int, default=8, help="graph partitions (merge tasks)")
    ap.add_argument("--batch-pages", type=int, default=500, help="pages an extract task reads")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads each govgraph process uses (match spark.task.cpus)")
    ap.add_argument("--master", help="Spark master when run without spark-submit, e.g. local[2]")
    ap.add_argument("--year", help="as govgraph --year")
    ap.add_argument("--tagged", help="as govgraph --tagged")
    ap.add_argument("--assemble", action="store_true",
                    help="also join the partitions into OUT/single (one build's files)")
    a = ap.parse_args()
    if a.partitions < 1 or a.batch_pages < 1 or a.threads < 1:
        sys.exit("spark_build: --partitions, --batch-pages and --threads must be at least 1")
    if not os.access(a.bin, os.X_OK):
        sys.exit("spark_build: --bin %s: not an executable file" % a.bin)
    pages = list_pages(a.inputs)
    if not pages:
        sys.exit("spark_build: no page found in %s" % " ".join(a.inputs))
    out = os.path.abspath(a.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "parts"))

    conf = SparkConf().setAppName("govgraph-build")
    if a.master:
        conf = conf.setMaster(a.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    sc.addFile(os.path.abspath(a.bin))
    year = ["--year", a.year] if a.year else []
    tagged = ["--tagged", a.tagged] if a.tagged else []
    opts = {
        "threads": a.threads,
        "partitions": a.partitions,
        "out": out,
        "extract_flags": tagged,
        "route_flags": year,
    }
    stats = {"pages": len(pages), "partitions": a.partitions, "stages": {}}
    t0 = time.monotonic()

    def stage(name, start):
        stats["stages"][name] = round(time.monotonic() - start, 3)
        print("spark_build: %s done in %.1f s" % (name, stats["stages"][name]), flush=True)
        return time.monotonic()

    # 1. extract
    batches = [pages[i:i + a.batch_pages] for i in range(0, len(pages), a.batch_pages)]
    shards = (sc.parallelize(batches, len(batches))
              .mapPartitions(extract_batch(opts))
              .persist(StorageLevel.MEMORY_AND_DISK))
    stats["documents"] = shards.count()
    t = stage("extract", t0)

    # 2. reposts (first pass over the whole corpus)
    local = os.path.join(out, "driver")
    os.makedirs(local)
    sigs = shards.map(lambda r: signature_line(r[1])).sortByKey().values().collect()
    sig_file = os.path.join(local, "signatures.jsonl")
    with open(sig_file, "w", encoding="utf-8") as f:
        for s in sigs:
            f.write(s + "\n")
    reposts = os.path.join(local, "reposts.jsonl")
    sc_bin = os.path.abspath(a.bin)
    run([sc_bin, "dist", "reposts", sig_file, "--out", reposts])
    sc.addFile(reposts)
    t = stage("reposts", t)

    # 3. route: resolve once, record the steps as fragments; the first
    # document bringing in each weakly named place
    routed = shards.mapPartitions(route_batch(opts)).persist(StorageLevel.MEMORY_AND_DISK)
    routes = routed.filter(lambda r: r[0] == "route")
    weak = set(routes.flatMap(lambda r: r[2]).distinct().collect())
    weak_b = sc.broadcast(weak)
    first = (routes.flatMap(lambda r: [(k, r[1]) for k in r[3] if k in weak_b.value])
             .reduceByKey(min).collect())
    first_file = os.path.join(local, "first_seen.jsonl")
    with open(first_file, "w", encoding="utf-8") as f:
        for k, d in sorted(first):
            f.write(json.dumps({"id": k, "doc": d}, ensure_ascii=False) + "\n")
    sc.addFile(first_file)
    shards.unpersist()
    t = stage("route", t)

    # 4. shuffle fragments (and each document's shard line) by partition,
    # sorted by document, and replay each partition
    n = a.partitions
    keyed = routed.filter(lambda r: r[0] != "route").map(lambda r: (r[1], r[2]))
    merged = (keyed.repartitionAndSortWithinPartitions(n, partitionFunc=lambda k: k[0])
              .mapPartitionsWithIndex(merge_partition(opts)).collect())
    stats["merge"] = sorted(merged, key=lambda m: m["partition"])
    routed.unpersist()
    t = stage("merge", t)

    # 5. Neo4j bulk-import CSV
    stats["csv"] = sc.parallelize(range(n), n).map(csv_partition(opts)).collect()
    t = stage("csv", t)

    if a.assemble:
        parts = [os.path.join(out, "parts", "part-%05d" % i) for i in range(n)]
        run([sc_bin, "dist", "assemble"] + parts
            + ["--csv", os.path.join(out, "csv"), "--out", os.path.join(out, "single")])
        t = stage("assemble", t)
    stats["seconds"] = round(time.monotonic() - t0, 3)
    with open(os.path.join(out, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print("spark_build: %d pages, %d documents, %d partitions in %.1f s -> %s"
          % (len(pages), stats["documents"], n, stats["seconds"], out))
    sc.stop()


if __name__ == "__main__":
    main()
