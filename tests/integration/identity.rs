//! One graph across pages (issue 5): identity, namesakes, reporters,
//! incremental builds, input order. Pages under tests/pages/ were written for
//! these tests.

use crate::util::*;
use serde_json::Value;
use std::path::PathBuf;

fn pages(dir: &str) -> PathBuf {
    root().join("tests/pages").join(dir)
}

fn nodes_named<'a>(g: &'a Value, name: &str, kind: &str) -> Vec<&'a Value> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["name"] == name && n["type"] == kind)
        .collect()
}

#[test]
fn regression_5_one_official_named_on_two_pages_is_one_node() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&pages("identity")], dir.path(), &["--no-svg"]);
    let g = graph(dir.path());
    let people = nodes_named(&g, "赵建国", "person");
    assert_eq!(people.len(), 1, "{people:#?}");
    let p = people[0];
    let docs: std::collections::BTreeSet<&str> = p["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    // Titles from both pages, each with evidence.
    let titles: Vec<&str> = p["attrs"]["titles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"市委常委") && titles.contains(&"副市长"),
        "{titles:?}"
    );
    assert!(p["attrs"]["titles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["doc"].is_string()));
    assert!(p["attrs"]["key"].as_str().unwrap().starts_with("赵建国@"));
}

#[test]
fn regression_5_namesakes_in_three_counties_are_three_nodes() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&pages("namesakes")], dir.path(), &["--no-svg"]);
    let g = graph(dir.path());
    let people = nodes_named(&g, "王伟", "person");
    assert_eq!(people.len(), 3, "{people:#?}");
    let jurisdictions: std::collections::BTreeSet<&str> = people
        .iter()
        .map(|p| p["attrs"]["jurisdiction"].as_str().unwrap())
        .collect();
    assert_eq!(
        jurisdictions,
        ["临朐县", "桐庐县", "武功县"].into_iter().collect()
    );
}

#[test]
fn regression_5_reporters_never_participate() {
    let dir = tempfile::tempdir().unwrap();
    build(
        &[&pages("identity"), &pages("namesakes"), &seeds()],
        dir.path(),
        &["--no-svg"],
    );
    let g = graph(dir.path());
    let role: std::collections::HashMap<&str, &str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "person")
        .map(|n| {
            (
                n["id"].as_str().unwrap(),
                n["attrs"]["role"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let mut reported = 0;
    for e in g["edges"].as_array().unwrap() {
        let src = e["source"].as_str().unwrap();
        match e["relation"].as_str().unwrap() {
            "participated_in" => assert_ne!(role[src], "reporter", "{e}"),
            "reported" => {
                assert_eq!(role[src], "reporter");
                reported += 1;
            }
            _ => {}
        }
    }
    assert!(reported >= 10);
}

#[test]
fn regression_5_append_equals_rebuild() {
    let full = tempfile::tempdir().unwrap();
    build(
        &[&pages("identity"), &pages("namesakes")],
        full.path(),
        &["--no-svg"],
    );
    let inc = tempfile::tempdir().unwrap();
    build(&[&pages("identity")], inc.path(), &["--no-svg"]);
    let inc_dir = inc.path().display().to_string();
    let ns = pages("namesakes").display().to_string();
    run_ok(&["build", "--append", &inc_dir, &ns, "--no-svg"]);
    for f in ["graph.json", "graph.dot", "mentions.jsonl"] {
        assert!(
            std::fs::read(full.path().join(f)).unwrap()
                == std::fs::read(inc.path().join(f)).unwrap(),
            "{f} differs between append and rebuild"
        );
    }
}

#[test]
fn regression_5_input_order_does_not_change_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = ["identity", "namesakes"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(pages(d))
                .unwrap()
                .map(|e| e.unwrap().path())
        })
        .collect();
    files.sort();
    let fwd: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let rev: Vec<&std::path::Path> = files.iter().rev().map(|p| p.as_path()).collect();
    build(&fwd, a.path(), &["--no-svg"]);
    build(&rev, b.path(), &["--no-svg"]);
    assert!(
        std::fs::read(a.path().join("graph.json")).unwrap()
            == std::fs::read(b.path().join("graph.json")).unwrap()
    );
}

#[test]
fn regression_5_ids_are_stable_and_typed() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&pages("identity")], dir.path(), &["--no-svg"]);
    let g = graph(dir.path());
    for n in g["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        let ty = n["type"].as_str().unwrap();
        assert!(id.starts_with(&format!("{ty}:")), "{id}");
    }
    // Every edge has a weight equal to the number of distinct articles in its evidence.
    for e in g["edges"].as_array().unwrap() {
        let ev: std::collections::BTreeSet<(String, u64)> = e["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["doc"].as_str().unwrap().to_string(),
                    x["article"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(e["attrs"]["weight"].as_u64().unwrap() as usize, ev.len());
    }
}

/// A city page from another province than the seeds, written for this test:
/// titles, reporters, places below the gazetteer and event places.
#[test]
fn regression_3_page_from_another_province() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&pages("general")], dir.path(), &["--no-svg"]);
    let g = graph(dir.path());
    let names = |kind: &str| -> Vec<String> {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["type"] == kind && !n["mentions"].as_array().unwrap().is_empty())
            .map(|n| n["name"].as_str().unwrap().to_string())
            .collect()
    };
    let places = names("place");
    for p in ["惠州市", "惠城区", "江南街道", "博罗县", "园洲镇", "上南村"] {
        assert!(
            places.contains(&p.to_string()),
            "{p} missing from {places:?}"
        );
    }
    assert!(!places.iter().any(|p| p.contains("召开")), "{places:?}");
    let people = names("person");
    assert_eq!(people.len(), 13, "{people:?}");
    let agencies = names("agency");
    assert!(
        agencies.contains(&"中共惠州市委员会".to_string()),
        "{agencies:?}"
    );
    assert!(
        agencies.contains(&"惠城区应急管理局".to_string()),
        "{agencies:?}"
    );
    let reporters = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "person" && n["attrs"]["role"] == "reporter")
        .count();
    assert_eq!(reporters, 5);
}
