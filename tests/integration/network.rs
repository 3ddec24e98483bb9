//! Exports for network analysis (issue 21): the weighted person–person
//! co-attendance projection as GEXF, GraphML and CSV, and the dynamic GEXF
//! for Gephi's timeline, each read back by networkx
//! (`tests/tools/readback.py`), which recomputes the projection and the
//! time spans from graph.json itself. No GEXF schema is available offline
//! (gexf.net's XSD is not packaged), so networkx's GEXF reader is the
//! check. Also: pictures draw the who-did-what layer, events by headline.

use crate::export::python;
use crate::util::*;
use serde_json::Value;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The committed seed graph's graph.json.
fn seed_json() -> String {
    root().join("output/graph.json").display().to_string()
}

#[test]
fn network_coattendance_projection_read_back_by_networkx() {
    let d = tempfile::tempdir().unwrap();
    let g = seed_json();
    let mut results: Vec<Value> = Vec::new();
    for (format, out, check) in [
        ("gexf", d.path().join("c.gexf"), "coattend-gexf"),
        ("graphml", d.path().join("c.graphml"), "coattend-graphml"),
        ("csv", d.path().join("c-csv"), "coattend-csv"),
    ] {
        let said = run_ok(&[
            "export",
            "output",
            "--format",
            format,
            "--projection",
            "coattendance",
            "--out",
            s(&out),
        ]);
        assert!(said.contains("co-attendance ties"), "{said}");
        results.push(python("readback.py", &[check, s(&out), &g]));
    }
    // The three formats carry the same network.
    assert!(results.windows(2).all(|w| w[0] == w[1]), "{results:?}");
    assert!(results[0]["ties"].as_u64().unwrap() > 0, "{:?}", results[0]);
}

#[test]
fn network_coattendance_of_a_window_and_a_focus() {
    // The projection is of the selection: one month's events, and the
    // people around one official.
    let d = tempfile::tempdir().unwrap();
    for (extra, name) in [
        (&["--from", "2018-10", "--to", "2018-10"][..], "october"),
        (
            &["--focus", "person:郝淑芳@140430", "--depth", "2"][..],
            "focus",
        ),
    ] {
        let sub = d.path().join(format!("{name}.json"));
        let out = d.path().join(format!("{name}.graphml"));
        let mut a = vec!["export", "output", "-f", "json", "-o", s(&sub)];
        a.extend_from_slice(extra);
        run_ok(&a);
        let mut a = vec![
            "export",
            "output",
            "-f",
            "graphml",
            "--projection",
            "coattendance",
            "-o",
            s(&out),
        ];
        a.extend_from_slice(extra);
        run_ok(&a);
        let r = python("readback.py", &["coattend-graphml", s(&out), s(&sub)]);
        assert!(r["people"].as_u64().unwrap() >= 2, "{name}: {r}");
    }
}

#[test]
fn network_dynamic_gexf_read_back_by_networkx() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("timeline.gexf");
    let sub = d.path().join("layer.json");
    let said = run_ok(&["export", "output", "-f", "gexf", "--dynamic", "-o", s(&out)]);
    assert!(said.contains("Timeline"), "{said}");
    // The same selection as graph.json, to compare against.
    run_ok(&[
        "export",
        "output",
        "-f",
        "json",
        "-o",
        s(&sub),
        "--types",
        "person,agency,event,place",
        "--relations",
        "participated_in,organized,holds_office_in,located_in",
    ]);
    let r = python("readback.py", &["dynamic-gexf", s(&out), s(&sub)]);
    assert!(r["events"].as_u64().unwrap() > 0, "{r}");
    assert!(r["timed_edges"].as_u64().unwrap() > 0, "{r}");
    // Said how many events could not be placed in time.
    let undated = r["undated_events"].as_u64().unwrap();
    if undated > 0 {
        assert!(
            said.contains(&format!("{undated} events without a year")),
            "{said}"
        );
    }
    // --dynamic goes with gexf only; --projection not with pictures.
    let bad = run(&[
        "export",
        "output",
        "-f",
        "graphml",
        "--dynamic",
        "-o",
        s(&out),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let bad = run(&[
        "export",
        "output",
        "-f",
        "svg",
        "--projection",
        "coattendance",
        "-o",
        s(&out),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn network_pictures_draw_who_did_what_with_headlines() {
    let d = tempfile::tempdir().unwrap();
    let dot = d.path().join("g.dot");
    run_ok(&["export", "output", "-f", "dot", "-o", s(&dot)]);
    let text = std::fs::read_to_string(&dot).unwrap();
    let g = graph(&root().join("output"));
    let nodes = g["nodes"].as_array().unwrap();
    // No place, no jurisdiction spoke, no part_of chain.
    for n in nodes.iter().filter(|n| n["type"] == "place") {
        let id = n["id"].as_str().unwrap();
        assert!(!text.contains(&format!("\"{id}\"")), "{id} drawn");
    }
    // Each drawn event is labelled by its article's headline.
    let headline = |doc: &str, article: u64| {
        nodes
            .iter()
            .find(|n| {
                n["type"] == "article" && n["attrs"]["doc"] == doc && n["attrs"]["index"] == article
            })
            .map(|n| {
                n["name"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches('#')
                    .trim()
                    .to_string()
            })
    };
    let mut labelled = 0;
    for n in nodes.iter().filter(|n| n["type"] == "event") {
        let id = n["id"].as_str().unwrap();
        let Some(line) = text.lines().find(|l| {
            l.trim_start()
                .starts_with(&format!("\"{}\"[", id.replace('"', "\\\"")))
        }) else {
            continue;
        };
        let m = &n["mentions"][0];
        let h = headline(m["doc"].as_str().unwrap(), m["article"].as_u64().unwrap()).unwrap();
        let start: String = h.chars().take(6).collect();
        assert!(
            line.contains(&format!("label=\"{start}")),
            "{id}: {line} (headline {h})"
        );
        labelled += 1;
    }
    assert!(labelled > 5, "{labelled} events drawn");
    // Places come back on request, their spokes still not.
    run_ok(&[
        "export",
        "output",
        "-f",
        "json",
        "-o",
        s(&d.path().join("p.json")),
        "--types",
        "person,place,agency,event",
        "--relations",
        "participated_in,located_in",
    ]);
    let p = graph_file(&d.path().join("p.json"));
    let rels: std::collections::BTreeSet<&str> = p["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["relation"].as_str().unwrap())
        .collect();
    assert_eq!(rels, ["located_in", "participated_in"].into());
}

fn graph_file(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}
