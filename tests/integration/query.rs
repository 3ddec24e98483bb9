//! `govgraph query` on the seed graph. Test entities are picked from the
//! built graph's structure (a person with several events, two people who
//! met), not hard-coded, so the tests hold while extraction improves.

use crate::util::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// The seed pages built once for all query tests.
fn seed_build() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("query-seeds");
        let _ = std::fs::remove_dir_all(&dir);
        build(&[&seeds()], &dir, &["--no-svg"]);
        dir
    })
}

fn query(dir: &Path, args: &[&str]) -> Output {
    let mut v = vec!["query", dir.to_str().unwrap()];
    v.extend_from_slice(args);
    run(&v)
}

/// Run a query with --json; require `code` and a JSON document on stdout.
fn query_json(dir: &Path, args: &[&str], code: i32) -> Value {
    let mut v = args.to_vec();
    v.push("--json");
    let out = query(dir, &v);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

struct Seed {
    nodes: BTreeMap<String, Value>,
    edges: Vec<Value>,
}

impl Seed {
    fn load() -> Seed {
        let g = graph(seed_build());
        Seed {
            nodes: g["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n["id"].as_str().unwrap().to_string(), n.clone()))
                .collect(),
            edges: g["edges"].as_array().unwrap().clone(),
        }
    }
    fn rel<'a>(&'a self, relation: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.edges.iter().filter(move |e| e["relation"] == relation)
    }
    /// event id -> participant ids.
    fn participants(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in self.rel("participated_in") {
            m.entry(e["target"].as_str().unwrap().into())
                .or_default()
                .insert(e["source"].as_str().unwrap().into());
        }
        m
    }
}

#[test]
fn query_build_records_where_the_pages_are() {
    let s: Value =
        serde_json::from_slice(&std::fs::read(seed_build().join("sources.json")).unwrap()).unwrap();
    let docs = s["documents"].as_object().unwrap();
    assert_eq!(docs.len(), 5);
    for (name, p) in docs {
        let relative = p["relative"].as_str().unwrap();
        assert!(!Path::new(relative).is_absolute(), "{name}: {relative}");
        let rel = seed_build().join(relative);
        assert!(rel.is_file(), "{name}: {rel:?}");
        assert!(p.get("absolute").is_none(), "{name}: an absolute path");
        assert_eq!(p["fingerprint"].as_str().unwrap().len(), 16);
    }
}

#[test]
fn query_find_matches_names_and_aliases() {
    let seed = Seed::load();
    let (id, alias) = seed
        .nodes
        .values()
        .filter(|n| n["type"] != "article" && n["type"] != "document")
        .find_map(|n| {
            let a = n["aliases"].as_array()?.first()?.as_str()?.to_string();
            Some((n["id"].as_str().unwrap().to_string(), a))
        })
        .expect("some entity has an alias");
    let r = query_json(seed_build(), &["find", &alias, "--limit", "0"], 0);
    let hit = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id.as_str())
        .unwrap_or_else(|| panic!("{id} not found by its alias {alias}: {r}"));
    assert!(hit["matched"].as_str().unwrap().contains(&alias));
    // Every hit really contains the text, and --type filters.
    let r = query_json(
        seed_build(),
        &["find", "县", "--type", "place", "--limit", "0"],
        0,
    );
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert_eq!(r["total"].as_u64().unwrap() as usize, hits.len());
    for h in hits {
        assert_eq!(h["type"], "place");
        assert!(h["matched"].as_str().unwrap().contains('县'));
    }
    let want = seed
        .nodes
        .values()
        .filter(|n| {
            n["type"] == "place"
                && (n["name"].as_str().unwrap().contains('县')
                    || n["aliases"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|a| a.as_str().unwrap().contains('县')))
        })
        .count();
    assert_eq!(hits.len(), want);
    // Traditional characters find Simplified names.
    let r = query_json(
        seed_build(),
        &["find", "縣", "--type", "place", "--limit", "0"],
        0,
    );
    assert_eq!(r["total"].as_u64().unwrap() as usize, want);
}

#[test]
fn query_find_nothing_exits_5() {
    let r = query_json(seed_build(), &["find", "不存在的名字XYZ"], 5);
    assert_eq!(r["error"], "not_found");
    let out = query(seed_build(), &["show", "person:nobody"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing found"));
}

#[test]
fn query_show_prints_titles_with_evidence() {
    let seed = Seed::load();
    let person = seed
        .nodes
        .values()
        .filter(|n| n["type"] == "person" && n["attrs"]["role"] == "official")
        .max_by_key(|n| n["attrs"]["titles"].as_array().map_or(0, Vec::len))
        .unwrap();
    let id = person["id"].as_str().unwrap();
    let name = person["name"].as_str().unwrap();
    let r = query_json(seed_build(), &["show", id, "--evidence"], 0);
    assert_eq!(r["id"], id);
    let titles = r["titles"].as_array().unwrap();
    assert_eq!(
        titles.len(),
        person["attrs"]["titles"].as_array().unwrap().len()
    );
    for t in titles {
        let sentence = t["evidence"]["sentence"].as_str().unwrap();
        assert!(sentence.contains(t["title"].as_str().unwrap()), "{t}");
        assert!(sentence.contains(name), "{t}");
        assert!(t["evidence"]["line"].as_u64().unwrap() >= 1);
    }
    let degree = seed
        .edges
        .iter()
        .filter_map(|e| {
            let other = if e["source"] == id {
                e["target"].as_str()?
            } else if e["target"] == id {
                e["source"].as_str()?
            } else {
                return None;
            };
            let t = &seed.nodes[other]["type"];
            (t != "article" && t != "document" && other != id).then_some(other)
        })
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(r["degree"]["neighbors"].as_u64().unwrap() as usize, degree);
    // The table prints the sentence under the title, with document and line.
    let out = query(seed_build(), &["show", id, "--evidence"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let first = &titles[0]["evidence"];
    assert!(text.contains(&format!(
        "{}:{}",
        first["doc"].as_str().unwrap(),
        first["line"]
    )));
}

#[test]
fn query_events_lists_every_participation_with_dates_and_roles() {
    let seed = Seed::load();
    let mut by_person: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for e in seed.rel("participated_in") {
        by_person
            .entry(e["source"].as_str().unwrap())
            .or_default()
            .push(e);
    }
    let (person, edges) = by_person
        .iter()
        .max_by_key(|(_, es)| es.len())
        .expect("a participant");
    assert!(edges.len() >= 2, "no person with two events in the seeds");
    let r = query_json(seed_build(), &["events", person, "--evidence"], 0);
    let rows = r["events"].as_array().unwrap();
    let want: BTreeSet<&str> = edges
        .iter()
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert_eq!(rows.len(), want.len());
    for row in rows {
        let ev = row["event"]["id"].as_str().unwrap();
        assert!(want.contains(ev));
        assert_eq!(row["date"], seed.nodes[ev]["attrs"]["date"]);
        let roles: BTreeSet<&str> = edges
            .iter()
            .filter(|e| e["target"] == ev)
            .map(|e| e["attrs"]["role"].as_str().unwrap())
            .collect();
        let got: BTreeSet<&str> = row["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(got, roles);
        assert!(row["source"]["sentence"].as_str().is_some(), "{row}");
    }
    // Dated events come in calendar order.
    let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[test]
fn query_events_of_a_place_include_places_below_it_and_date_bounds() {
    let seed = Seed::load();
    // A place with an event located in a place part_of it.
    let located: Vec<(&str, &str)> = seed
        .rel("located_in")
        .map(|e| (e["source"].as_str().unwrap(), e["target"].as_str().unwrap()))
        .collect();
    let (event, parent) = located
        .iter()
        .find_map(|(ev, place)| {
            seed.rel("part_of")
                .find(|p| p["source"] == *place)
                .map(|p| (*ev, p["target"].as_str().unwrap()))
        })
        .expect("an event in a place that is part of another");
    let r = query_json(seed_build(), &["events", parent], 0);
    let got: BTreeSet<&str> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["event"]["id"].as_str().unwrap())
        .collect();
    assert!(got.contains(event), "{parent} lacks {event}");
    // --from/--to keep only full dates inside the range.
    let r = query_json(
        seed_build(),
        &["events", parent, "--from", "1900", "--to", "2999-12"],
        0,
    );
    for row in r["events"].as_array().unwrap() {
        assert_eq!(row["date"].as_str().unwrap().len(), 10, "{row}");
    }
    let out = query(seed_build(), &["events", parent, "--from", "2018-13"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from 2018-13"));
}

/// Two people who took part in one event and are not linked otherwise.
fn met_pair(seed: &Seed) -> (String, String, String) {
    for (ev, people) in seed.participants() {
        let v: Vec<&String> = people.iter().collect();
        if v.len() >= 2 {
            return (v[0].clone(), v[1].clone(), ev);
        }
    }
    panic!("no event with two participants in the seeds");
}

#[test]
fn query_path_between_two_officials_goes_through_their_event() {
    let seed = Seed::load();
    let (a, b, _) = met_pair(&seed);
    let r = query_json(seed_build(), &["path", &a, &b], 0);
    assert_eq!(r["hops"], 2);
    let shared: BTreeSet<String> = seed
        .participants()
        .into_iter()
        .filter(|(_, p)| p.contains(&a) && p.contains(&b))
        .map(|(e, _)| e)
        .collect();
    let paths = r["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    let mut through_event = false;
    for p in paths {
        let hops = p.as_array().unwrap();
        assert_eq!(hops.len(), 2);
        assert_eq!(hops[1]["node"]["id"], b.as_str());
        through_event |= shared.contains(hops[0]["node"]["id"].as_str().unwrap());
        for h in hops {
            for l in h["links"].as_array().unwrap() {
                let q = &l["evidence"];
                assert!(
                    q["sentence"].as_str().is_some(),
                    "hop without evidence: {h}"
                );
                assert!(q["line"].as_u64().is_some());
            }
        }
    }
    assert!(through_event, "{r}");
    assert_eq!(paths[0][0]["links"][0]["relation"], "participated_in");
    // The table names the relation and quotes the sentence.
    let out = query(seed_build(), &["path", &a, &b]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("participated_in"), "{text}");
    assert!(text.contains("2 hops"), "{text}");
}

#[test]
fn query_path_without_connection_exits_5() {
    let seed = Seed::load();
    let comps = query_json(seed_build(), &["stats"], 0);
    assert!(comps["entity_graph"]["components"].as_u64().unwrap() > 1);
    // A person and an entity of another component: the person's event set
    // is small, so pick an isolated entity (degree 0).
    let (a, _, _) = met_pair(&seed);
    let rank = query_json(seed_build(), &["rank", "--top", "0"], 0);
    let isolated = rank["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["score"] == 0.0)
        .expect("an isolated entity");
    let r = query_json(
        seed_build(),
        &["path", &a, isolated["id"].as_str().unwrap()],
        5,
    );
    assert_eq!(r["error"], "not_found");
}

#[test]
fn query_coattend_counts_shared_events() {
    let seed = Seed::load();
    let (a, _, _) = met_pair(&seed);
    let mut want: BTreeMap<String, usize> = BTreeMap::new();
    for (_, people) in seed.participants() {
        if people.contains(&a) {
            for p in people.iter().filter(|p| **p != a) {
                *want.entry(p.clone()).or_default() += 1;
            }
        }
    }
    let r = query_json(seed_build(), &["coattend", &a], 0);
    let got: BTreeMap<String, usize> = r["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["count"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, want);
    let counts: Vec<u64> = r["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    // Only people: an event is refused with a clear message.
    let (_, _, ev) = met_pair(&seed);
    let out = query(seed_build(), &["coattend", &ev]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a person"));
}

#[test]
fn query_neighbors_follow_depth_relation_and_type() {
    let seed = Seed::load();
    let (a, b, ev) = met_pair(&seed);
    let r = query_json(seed_build(), &["neighbors", &a], 0);
    let d1: BTreeSet<String> = r["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            assert_eq!(n["depth"], 1);
            n["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(d1.contains(&ev));
    let r = query_json(
        seed_build(),
        &[
            "neighbors",
            &a,
            "--depth",
            "2",
            "--relation",
            "participated_in",
            "--type",
            "person",
        ],
        0,
    );
    let rows = r["neighbors"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|n| n["id"] == b.as_str() && n["depth"] == 2));
    for n in rows {
        assert_eq!(n["type"], "person");
        for l in n["links"].as_array().unwrap() {
            assert_eq!(l["relation"], "participated_in");
        }
    }
}

#[test]
fn query_rank_betweenness_matches_networkx() {
    let script = r#"
import json, sys, networkx as nx
d = json.load(open(sys.argv[1]))
ent = {n["id"] for n in d["nodes"] if n["type"] in ("person", "place", "agency", "event")}
g = nx.Graph()
g.add_nodes_from(ent)
g.add_edges_from((e["source"], e["target"]) for e in d["edges"]
                 if e["source"] in ent and e["target"] in ent and e["source"] != e["target"])
bc = nx.betweenness_centrality(g, normalized=False)
deg = dict(g.degree())
print(json.dumps({"bc": bc, "deg": deg}))
"#;
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            script,
            seed_build().join("graph.json").to_str().unwrap(),
        ])
        .output()
        .expect("python3 is installed by .ci/run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nx: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = query_json(
        seed_build(),
        &["rank", "--by", "betweenness", "--top", "0"],
        0,
    );
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), nx["bc"].as_object().unwrap().len());
    for row in rows {
        let want = nx["bc"][row["id"].as_str().unwrap()].as_f64().unwrap();
        let got = row["score"].as_f64().unwrap();
        assert!(
            (want - got).abs() < 1e-6 * want.max(1.0),
            "{row}: networkx {want}"
        );
    }
    let r = query_json(seed_build(), &["rank", "--type", "person", "--top", "5"], 0);
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["type"], "person");
        assert_eq!(row["rank"], i + 1);
        assert_eq!(
            row["score"].as_f64().unwrap(),
            nx["deg"][row["id"].as_str().unwrap()].as_f64().unwrap()
        );
        if i > 0 {
            assert!(rows[i - 1]["score"].as_f64() >= row["score"].as_f64());
        }
    }
    let r = query_json(seed_build(), &["rank", "--by", "pagerank", "--top", "0"], 0);
    let total: f64 = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["score"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
}

#[test]
fn query_stats_count_the_graph() {
    let seed = Seed::load();
    let r = query_json(seed_build(), &["stats"], 0);
    assert_eq!(r["documents"], 5);
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    for n in seed.nodes.values() {
        *by_type
            .entry(n["type"].as_str().unwrap().into())
            .or_default() += 1;
    }
    assert_eq!(r["nodes"], json!(by_type));
    let edges: u64 = r["edges"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(edges as usize, seed.edges.len());
}

/// A hand-made graph.json: two people share a name.
fn twin_graph(dir: &Path) -> PathBuf {
    let person = |id: &str, j: &str| {
        json!({"id": id, "type": "person", "name": "张三", "aliases": [],
               "attrs": {"key": id, "jurisdiction": j}, "mentions": []})
    };
    let g = json!({
        "directed": true, "multigraph": true,
        "graph": {"name": "govgraph", "version": 1, "offsets": "chars", "documents": [], "articles": 0},
        "nodes": [person("person:张三@1", "甲县"), person("person:张三@2", "乙县")],
        "edges": []
    });
    let p = dir.join("graph.json");
    std::fs::write(&p, serde_json::to_vec_pretty(&g).unwrap()).unwrap();
    p
}

#[test]
fn query_ambiguous_name_lists_candidates_and_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let g = twin_graph(dir.path());
    for cmd in [
        &["show", "张三"][..],
        &["events", "張三"],
        &["coattend", "张三"],
    ] {
        let r = query_json(&g, cmd, 4);
        assert_eq!(r["error"], "ambiguous");
        let c: BTreeSet<(String, String)> = r["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().into(),
                    c["jurisdiction"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            c,
            BTreeSet::from([
                ("person:张三@1".into(), "甲县".into()),
                ("person:张三@2".into(), "乙县".into())
            ])
        );
    }
    let out = query(&g, &["show", "张三"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("person:张三@1") && text.contains("乙县"),
        "{text}"
    );
    // An id picks one.
    let r = query_json(&g, &["show", "person:张三@2"], 0);
    assert_eq!(r["attrs"]["jurisdiction"], "乙县");
}

#[test]
fn query_index_follows_graph_changes() {
    let dir = tempfile::tempdir().unwrap();
    let g = twin_graph(dir.path());
    query_json(&g, &["stats"], 0);
    let index = dir.path().join("graph.index");
    assert!(index.is_file());
    // A changed graph.json (same length, new content) is re-indexed.
    let text = std::fs::read_to_string(&g).unwrap().replace("乙县", "丙县");
    std::fs::write(&g, text).unwrap();
    let r = query_json(&g, &["show", "person:张三@2"], 0);
    assert_eq!(r["attrs"]["jurisdiction"], "丙县");
    // A truncated or foreign index is rebuilt, not trusted.
    let bytes = std::fs::read(&index).unwrap();
    std::fs::write(&index, &bytes[..bytes.len() - 8]).unwrap();
    let r = query_json(&g, &["find", "张"], 0);
    assert_eq!(r["total"], 2);
    std::fs::write(&index, b"garbage").unwrap();
    query_json(&g, &["find", "张"], 0);
    assert_eq!(std::fs::read(&index).unwrap(), bytes[..]);
    // Damage that keeps the layout gives wrong answers at worst, never a crash.
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n / 3..].fill(0xff);
    std::fs::write(&index, &bad).unwrap();
    for cmd in [
        &["find", "张"][..],
        &["show", "person:张三@1"],
        &["rank"],
        &["stats"],
    ] {
        let out = query(&g, cmd);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{cmd:?}: {err}");
    }
}

#[test]
fn query_bad_graph_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = page(dir.path(), "graph.json", "{\"nodes\": [1, 2");
    let out = query(&bad, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("graph.json: not a govgraph graph"), "{err}");
    let out = query(&dir.path().join("nothing"), &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing"));
    let dangling = page(
        dir.path(),
        "dangling.json",
        r#"{"nodes": [], "edges": [{"source": "a", "target": "b", "relation": "x"}]}"#,
    );
    let out = query(&dangling, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"a\" is not a node"));
}

#[test]
fn query_evidence_finds_moved_pages_with_pages_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        seed_build().join("graph.json"),
        dir.path().join("graph.json"),
    )
    .unwrap();
    let seed = Seed::load();
    let (a, _, _) = met_pair(&seed);
    // No sources.json: the location only, and a note on stderr.
    let out = query(dir.path(), &["events", &a, "--evidence", "--json"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pages"));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["events"][0]["source"]["sentence"].is_null());
    let seeds = seeds();
    let r = query_json(
        dir.path(),
        &[
            "events",
            &a,
            "--evidence",
            "--pages",
            seeds.to_str().unwrap(),
        ],
        0,
    );
    assert!(r["events"][0]["source"]["sentence"].as_str().is_some());
    // A page that changed since the build is not quoted.
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(pages.join(p.file_name().unwrap()), format!("前言\n{t}")).unwrap();
    }
    let out = query(
        dir.path(),
        &[
            "events",
            &a,
            "--evidence",
            "--pages",
            pages.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed since the build"));
}

#[test]
fn query_table_output_aligns_columns() {
    let out = query(seed_build(), &["find", "县", "--limit", "10"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    // Every row starts its `type` column at the same display column.
    let type_col = |l: &str| -> Option<usize> {
        let i = l
            .find(" person ")
            .or(l.find(" place "))
            .or(l.find(" agency "))
            .or(l.find(" event "))?;
        Some(unicode_width::UnicodeWidthStr::width(&l[..i]))
    };
    let cols: BTreeSet<usize> = lines[2..].iter().filter_map(|l| type_col(l)).collect();
    assert_eq!(cols.len(), 1, "{text}");
}

#[test]
fn query_events_of_an_official_named_in_three_articles() {
    // 郝淑芳 (seeds/000_*) is named in three articles, each with a dated event.
    let r = query_json(seed_build(), &["events", "郝淑芳", "--evidence"], 0);
    let rows = r["events"].as_array().unwrap();
    let articles: BTreeSet<(String, u64)> = rows
        .iter()
        .map(|row| {
            assert_eq!(row["date"].as_str().map(str::len), Some(10), "{row}");
            assert!(!row["roles"].as_array().unwrap().is_empty(), "{row}");
            assert!(row["source"]["sentence"]
                .as_str()
                .unwrap()
                .contains("郝淑芳"));
            (
                row["source"]["doc"].as_str().unwrap().to_string(),
                row["source"]["article"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(articles.len() >= 3, "{r}");
}
