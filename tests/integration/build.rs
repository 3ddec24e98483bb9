//! `govgraph build` on the seed pages.

use crate::util::*;

#[test]
fn build_seeds_writes_outputs_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(&[&seeds()], dir.path(), &[]);
    assert!(out.contains("5 documents"), "{out}");
    assert!(out.contains("person"), "{out}");
    for f in ["graph.json", "graph.dot", "mentions.jsonl"] {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    if has("dot", "-V") {
        let svg = std::fs::read_to_string(dir.path().join("graph.svg")).unwrap();
        assert!(svg.contains("<svg"));
    } else {
        assert!(out.contains("Graphviz"), "{out}");
    }
    let g = graph(dir.path());
    for t in ["person", "place", "agency", "event"] {
        assert!(
            g["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["type"] == t),
            "no {t} node"
        );
    }
}

#[test]
fn build_is_deterministic_across_runs_and_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(&[&seeds()], a.path(), &["--threads", "1", "--no-svg"]);
    build(&[&seeds()], b.path(), &["--threads", "4", "--no-svg"]);
    for f in ["graph.json", "graph.dot"] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn build_committed_output_is_current() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&seeds()], dir.path(), &["--no-svg"]);
    for f in ["graph.json", "graph.dot"] {
        let now = std::fs::read(dir.path().join(f)).unwrap();
        let committed = std::fs::read(root().join("output").join(f)).unwrap();
        assert!(
            now == committed,
            "output/{f} is stale: run `cargo run --release -- build seeds --out output`"
        );
    }
}

#[test]
fn build_mentions_cite_their_text() {
    let dir = tempfile::tempdir().unwrap();
    build(&[&seeds()], dir.path(), &["--no-svg"]);
    let g = graph(dir.path());
    let texts: std::collections::HashMap<String, Vec<char>> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let t = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                govgraph::ingest::normalize(&t).chars().collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for n in g["nodes"].as_array().unwrap() {
        for m in n["mentions"].as_array().unwrap() {
            let doc = &texts[m["doc"].as_str().unwrap()];
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            if n["type"] == "event" {
                continue;
            }
            let slice: String = doc[s..e].iter().collect();
            assert_eq!(slice, m["text"].as_str().unwrap(), "node {}", n["id"]);
            checked += 1;
        }
    }
    assert!(checked > 100);
}

fn event_dates(g: &serde_json::Value) -> Vec<(String, String)> {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "event")
        .filter_map(|n| {
            Some((
                n["attrs"]["date"].as_str()?.to_string(),
                n["attrs"]["date_source"].as_str()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn regression_4_year_from_page_option_or_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let p = page(
        dir.path(),
        "p.txt",
        "### 县政府召开会议\n\n10月24日,县政府召开安全生产工作会议。副县长李佩璋出席会议。\n",
    );
    let out = dir.path().join("a");
    build(&[&p], &out, &["--no-svg"]);
    assert_eq!(
        event_dates(&graph(&out)),
        vec![("10-24".into(), "none".into())]
    );
    let out = dir.path().join("b");
    build(&[&p], &out, &["--no-svg", "--year", "2019"]);
    assert_eq!(
        event_dates(&graph(&out)),
        vec![("2019-10-24".into(), "option".into())]
    );
    let q = page(
        dir.path(),
        "q.txt",
        "### 县政府召开会议\n\n10月24日,县政府召开会议。副县长李佩璋出席会议。\n\n### 预警\n\n决定自2023年12月10日起启动预警。\n",
    );
    let out = dir.path().join("c");
    build(&[&q], &out, &["--no-svg", "--year", "2019"]);
    assert!(event_dates(&graph(&out)).contains(&("2023-10-24".into(), "page".into())));
}

#[test]
fn regression_3_user_dictionary_adds_words() {
    let dir = tempfile::tempdir().unwrap();
    let p = page(
        dir.path(),
        "p.txt",
        "### 调研\n\n5月9日,欧阳娜娜在韩家坡调研。\n",
    );
    let d = page(
        dir.path(),
        "my.dict",
        "# 用户词典\n欧阳娜娜\tperson\n韩家坡\tplace\n",
    );
    let out = dir.path().join("o");
    build(&[&p], &out, &["--no-svg", "--dict", d.to_str().unwrap()]);
    let g = graph(&out);
    let has = |t: &str, name: &str| {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["type"] == t && n["name"] == name)
    };
    assert!(has("person", "欧阳娜娜"));
    assert!(has("place", "韩家坡"));
}
