//! Builds bigger than one chunk of the streaming pipeline: the same bytes
//! whatever the thread count, and shards merged give a single build's bytes.

use crate::util::*;
use std::path::{Path, PathBuf};

/// The seed pages copied under 130 names (several chunks), spread over
/// three directories so that path order differs from document order.
fn many_pages(root: &Path) -> Vec<PathBuf> {
    let seeds = seed_pages();
    let dirs: Vec<PathBuf> = (0..3).map(|k| root.join(format!("part{k}"))).collect();
    for d in &dirs {
        std::fs::create_dir_all(d).unwrap();
    }
    for i in 0..26 {
        for (j, s) in seeds.iter().enumerate() {
            let name = format!(
                "{:03}_{}",
                200 - i * 5 - j,
                s.file_name().unwrap().to_string_lossy()
            );
            std::fs::copy(s, dirs[(i + j) % 3].join(name)).unwrap();
        }
    }
    dirs
}

fn same_files(a: &Path, b: &Path, files: &[&str]) {
    for f in files {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn scale_streamed_build_is_the_same_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = many_pages(&tmp.path().join("pages"));
    let inputs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    build(&inputs, &one, &["--threads", "1", "--no-svg"]);
    build(&inputs, &two, &["--threads", "2", "--no-svg"]);
    same_files(&one, &two, &["graph.json", "graph.dot", "mentions.jsonl"]);
    // Every page is in, and mentions.jsonl is in document order.
    let g = graph(&one);
    assert_eq!(g["graph"]["documents"].as_array().unwrap().len(), 130);
    let docs: Vec<String> = std::fs::read_to_string(one.join("mentions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut sorted = docs.clone();
    sorted.sort();
    assert_eq!(docs.len(), 130);
    assert_eq!(docs, sorted);
}

#[test]
fn scale_merged_shards_equal_a_single_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dirs = many_pages(&tmp.path().join("pages"));
    let inputs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let whole = tmp.path().join("whole");
    build(&inputs, &whole, &["--no-svg"]);
    // One shard a directory; their documents interleave.
    let mut shards = Vec::new();
    for (k, d) in dirs.iter().enumerate() {
        let shard = tmp.path().join(format!("s{k}.jsonl"));
        run_ok(&[
            "extract",
            &d.display().to_string(),
            "--out",
            &shard.display().to_string(),
        ]);
        shards.push(shard.display().to_string());
    }
    shards.reverse(); // order of the shards does not matter
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().cloned());
    args.extend([
        "--out".into(),
        merged.display().to_string(),
        "--no-svg".into(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&refs);
    same_files(
        &whole,
        &merged,
        &["graph.json", "graph.dot", "mentions.jsonl"],
    );

    // Concatenated shards are out of document order: refused, naming the
    // shard and the line, and no output is written.
    let cat = tmp.path().join("cat.jsonl");
    let mut bytes = Vec::new();
    for s in &shards {
        bytes.extend(std::fs::read(s).unwrap());
    }
    std::fs::write(&cat, bytes).unwrap();
    let bad_out = tmp.path().join("bad");
    let out = run(&[
        "merge",
        &cat.display().to_string(),
        "--out",
        &bad_out.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cat.jsonl:") && err.contains("document order"),
        "{err}"
    );
    assert!(
        !bad_out.exists(),
        "a failed merge created its output directory"
    );
}

/// A graph that spills its mentions and evidence to temporary files and
/// reads them back in many small groups writes the same graph.json as one
/// that keeps them in memory.
#[test]
fn scale_spilled_records_give_the_same_graph() {
    use govgraph::export::json;
    use govgraph::ingest::Document;
    use govgraph::pipeline::{build_graph, BuildOptions};
    use govgraph::resources::Resources;
    let res = Resources::builtin().unwrap();
    let docs: Vec<Document> = seed_pages()
        .iter()
        .map(|p| Document::read(p).unwrap())
        .collect();
    let bytes = |budget| {
        let opts = BuildOptions {
            record_budget: budget,
            ..BuildOptions::default()
        };
        json::to_json_bytes(&build_graph(&res, &docs, &opts)).unwrap()
    };
    let in_memory = bytes(None);
    assert!(
        in_memory.len() > 100_000,
        "the seed pages make a real graph"
    );
    for budget in [1, 37] {
        assert!(
            bytes(Some(budget)) == in_memory,
            "budget {budget} changes graph.json"
        );
    }
}
