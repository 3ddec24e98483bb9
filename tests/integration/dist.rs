//! A build split over partitions (issue 22): `extract`, the first passes
//! (`dist reposts`, `dist route`), one `merge --partition I/N` per
//! partition, `dist csv` and `dist assemble` give graph.json,
//! mentions.jsonl and the CSV export of a single build, byte for byte, for
//! any number of partitions. The Spark job (`dist/spark_build.py`) runs the
//! same commands; `scripts/spark_check.sh` checks it in local mode.

use crate::util::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Build `pages` both ways with `n` partitions and compare every file.
fn partitioned_equals_single(pages: &Path, work: &Path, n: u32) {
    let single = work.join("single");
    build(&[pages], &single, &["--no-svg"]);
    run_ok(&[
        "export",
        &s(&single),
        "--format",
        "csv",
        "--out",
        &s(&work.join("single_csv")),
    ]);

    let shard = work.join("shard.jsonl");
    run_ok(&["extract", &s(pages), "--out", &s(&shard)]);
    let reposts = work.join("reposts.jsonl");
    run_ok(&["dist", "reposts", &s(&shard), "--out", &s(&reposts)]);
    let routes = work.join("routes.jsonl");
    let fragments = work.join("fragments.jsonl");
    run_ok(&[
        "dist",
        "route",
        &s(&shard),
        "--partitions",
        &n.to_string(),
        "--reposts",
        &s(&reposts),
        "--out",
        &s(&routes),
        "--fragments",
        &s(&fragments),
    ]);
    // What the Spark job does with the routes: the first document that
    // brings in each weakly named place, and each partition's lines.
    let lines: Vec<String> = std::fs::read_to_string(&shard)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let routes: Vec<Value> = std::fs::read_to_string(&routes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(routes.len(), lines.len(), "a route a document");
    let weak: BTreeSet<&str> = routes
        .iter()
        .flat_map(|r| {
            r["weak"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
        })
        .collect();
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &routes {
        let doc = r["doc"].as_str().unwrap();
        for p in r["places"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            if weak.contains(p) {
                let e = first.entry(p).or_insert(doc);
                *e = (*e).min(doc);
            }
        }
    }
    let first_file = work.join("first_seen.jsonl");
    let text: String = first
        .iter()
        .map(|(id, doc)| format!("{}\n", serde_json::json!({"id": id, "doc": doc})))
        .collect();
    std::fs::write(&first_file, text).unwrap();

    // Each partition's fragments (in document order, as route wrote
    // them) and the shard lines of the documents it owns.
    let fragments: Vec<(u64, String)> = std::fs::read_to_string(&fragments)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["part"].as_u64().unwrap(), l.to_string())
        })
        .collect();
    let mut parts_seen = BTreeSet::new();
    for r in &routes {
        for p in r["parts"].as_array().unwrap() {
            parts_seen.insert(p.as_u64().unwrap());
        }
    }
    let mut dirs = Vec::new();
    for i in 0..n {
        let mine: String = fragments
            .iter()
            .filter(|(p, _)| *p == u64::from(i))
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let owned: String = lines
            .iter()
            .zip(&routes)
            .filter(|(_, r)| {
                let doc = r["doc"].as_str().unwrap();
                govgraph::dist::partition_of(&format!("document:{doc}"), n) == i
            })
            .map(|(l, _)| format!("{l}\n"))
            .collect();
        let frag_file = work.join(format!("part{i}.jsonl"));
        std::fs::write(&frag_file, mine).unwrap();
        let mentions = work.join(format!("mentions{i}.jsonl"));
        std::fs::write(&mentions, owned).unwrap();
        let dir = work.join(format!("part-{i}"));
        run_ok(&[
            "merge",
            &s(&frag_file),
            "--partition",
            &format!("{i}/{n}"),
            "--mentions",
            &s(&mentions),
            "--first-seen",
            &s(&first_file),
            "--out",
            &s(&dir),
        ]);
        dirs.push(s(&dir));
    }
    if n > 1 {
        assert!(parts_seen.len() > 1, "documents are spread over partitions");
    }
    let csv = work.join("csv");
    let mut args = vec!["dist".to_string(), "csv".into()];
    args.extend(dirs.iter().cloned());
    args.extend(["--out".into(), s(&csv)]);
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let joined = work.join("joined");
    let mut args = vec!["dist".to_string(), "assemble".into()];
    args.extend(dirs.iter().cloned());
    args.extend(["--csv".into(), s(&csv), "--out".into(), s(&joined)]);
    run_ok(&args.iter().map(String::as_str).collect::<Vec<_>>());

    for f in ["graph.json", "mentions.jsonl"] {
        assert!(
            std::fs::read(single.join(f)).unwrap() == std::fs::read(joined.join(f)).unwrap(),
            "{f}: {n} partitions assembled differ from the single build"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(work.join("single_csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut got: Vec<String> = std::fs::read_dir(joined.join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    got.sort();
    assert_eq!(names, got, "the same CSV files");
    for f in &names {
        assert!(
            std::fs::read(work.join("single_csv").join(f)).unwrap()
                == std::fs::read(joined.join("csv").join(f)).unwrap(),
            "csv/{f}: {n} partitions assembled differ from the single export"
        );
    }
    // Each partition's import script names its header and row files.
    let script = std::fs::read_to_string(csv.join("import.sh")).unwrap();
    assert!(
        script.contains("--nodes=nodes_person.header.csv,nodes_person.p0"),
        "{script}"
    );
}

#[test]
fn partitions_assembled_are_the_single_build_of_the_seeds() {
    let tmp = tempfile::tempdir().unwrap();
    for n in [1, 3, 8] {
        let work = tmp.path().join(format!("n{n}"));
        std::fs::create_dir_all(&work).unwrap();
        partitioned_equals_single(&seeds(), &work, n);
    }
}

#[test]
fn partitions_keep_reposts_and_namesakes_apart_as_a_single_build_does() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    crate::repost::pages(&pages);
    for dir in ["namesakes", "identity", "general"] {
        for e in std::fs::read_dir(root().join("tests/pages").join(dir)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, pages.join(p.file_name().unwrap())).unwrap();
        }
    }
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    partitioned_equals_single(&pages, &work, 5);
    let g = graph(&work.join("joined"));
    assert_eq!(
        g["graph"]["reposts"], 3,
        "the copies are reposts in the assembled graph"
    );
}

#[test]
fn bad_partition_arguments_and_incomplete_partitions_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let shard = tmp.path().join("s.jsonl");
    run_ok(&["extract", &s(&seed_pages()[0]), "--out", &s(&shard)]);
    let empty = tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let merge = |frags: &Path, part: &str, mentions: &Path, out: &str| {
        run(&[
            "merge",
            &s(frags),
            "--partition",
            part,
            "--mentions",
            &s(mentions),
            "--first-seen",
            &s(&empty),
            "--out",
            &s(&tmp.path().join(out)),
        ])
    };
    let out = merge(&empty, "4/4", &empty, "p");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--partition \"4/4\": I is not below N"),
        "{err}"
    );
    // --partition needs the first pass's files.
    let out = run(&[
        "merge",
        &s(&shard),
        "--partition",
        "0/2",
        "--out",
        &s(&tmp.path().join("p")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // A shard given where fragments are expected is named with its line.
    let out = merge(&shard, "0/2", &empty, "p");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.jsonl:1: not a fragment line"), "{err}");
    // A bad roles file is named with its line.
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"doc\":\"a\"}\n").unwrap();
    let out = run(&[
        "dist",
        "route",
        &s(&shard),
        "--partitions",
        "2",
        "--reposts",
        &s(&bad),
        "--out",
        &s(&tmp.path().join("r")),
        "--fragments",
        &s(&tmp.path().join("f")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl:1: not a repost roles line"),
        "{err}"
    );
    // Fragments of another partition, and a document's line where it does
    // not belong, are refused.
    let frags = tmp.path().join("f.jsonl");
    run_ok(&[
        "dist",
        "route",
        &s(&shard),
        "--partitions",
        "2",
        "--reposts",
        &s(&empty),
        "--out",
        &s(&tmp.path().join("r.jsonl")),
        "--fragments",
        &s(&frags),
    ]);
    let text = std::fs::read_to_string(&frags).unwrap();
    let (zero, one): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|l| l.starts_with("{\"part\":0,"));
    assert!(
        !zero.is_empty() && !one.is_empty(),
        "a page touches both partitions"
    );
    std::fs::write(&frags, one.join("\n")).unwrap();
    let out = merge(&frags, "0/2", &empty, "p");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a fragment of partition 1, not of 0"), "{err}");
    let doc_part = govgraph::dist::partition_of(
        &format!(
            "document:{}",
            seed_pages()[0].file_name().unwrap().to_string_lossy()
        ),
        2,
    );
    let other = 1 - doc_part;
    let theirs: Vec<&str> = if other == 0 { zero } else { one };
    std::fs::write(&frags, theirs.join("\n")).unwrap();
    let out = merge(&frags, &format!("{other}/2"), &shard, "p");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not the next of partition"), "{err}");
    // One partition of two cannot be assembled.
    assert!(merge(&empty, "0/2", &empty, "p0").status.success());
    let out = run(&[
        "dist",
        "assemble",
        &s(&tmp.path().join("p0")),
        "--out",
        &s(&tmp.path().join("j")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 of 2 partitions given"), "{err}");
}
