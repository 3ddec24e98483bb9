//! The queries people expect (issue 21): people by title and place, a list
//! of all people, `path` through social links, CSV for spreadsheets, near
//! misses suggested. Run on the committed seed graph (`output/`, kept
//! current by `build_committed_output_is_current`), copied so the index a
//! query writes stays out of the repository; expectations are computed from
//! its graph.json, not written down.

use crate::util::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn seed_copy() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("people-output");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["graph.json", "sources.json"] {
            std::fs::copy(root().join("output").join(f), dir.join(f)).unwrap();
        }
        dir
    })
}

fn query(args: &[&str]) -> std::process::Output {
    let mut v = vec!["query", seed_copy().to_str().unwrap()];
    v.extend_from_slice(args);
    run(&v)
}

fn query_json(args: &[&str], code: i32) -> Value {
    let mut v = args.to_vec();
    v.push("--json");
    let out = query(&v);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn nodes() -> Vec<Value> {
    graph(seed_copy())["nodes"].as_array().unwrap().clone()
}

fn titles(n: &Value) -> Vec<String> {
    n["attrs"]["titles"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| t["title"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn hit_ids(r: &Value) -> BTreeSet<String> {
    r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn people_find_by_title_and_place() {
    // Every person one of whose titles contains 副县长, from graph.json.
    let all = nodes();
    let want: BTreeSet<String> = all
        .iter()
        .filter(|n| n["type"] == "person" && titles(n).iter().any(|t| t.contains("副县长")))
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    assert!(want.len() >= 3, "the seed graph has deputy county heads");
    let r = query_json(&["find", "--title", "副县长", "--limit", "0"], 0);
    assert_eq!(hit_ids(&r), want);
    for h in r["hits"].as_array().unwrap() {
        assert!(h["title"].as_str().unwrap().contains("副县长"), "{h}");
    }
    // --in 沁县: those whose division is 沁县's code or below it.
    let code = all
        .iter()
        .find(|n| n["type"] == "place" && n["name"] == "沁县")
        .and_then(|n| n["attrs"]["code"].as_str())
        .unwrap()
        .to_string();
    let r = query_json(&["find", "--title", "副县长", "--in", "沁县"], 0);
    let inside: BTreeSet<String> = want
        .iter()
        .filter(|id| id.rsplit('@').next().unwrap().starts_with(&code))
        .cloned()
        .collect();
    assert_eq!(hit_ids(&r), inside);
    assert!(!inside.is_empty() && inside.len() < want.len() + 1);
    // Traditional script reads as Simplified.
    let r = query_json(&["find", "--title", "副縣長", "--in", "沁縣"], 0);
    assert_eq!(hit_ids(&r), inside);
    // A title nobody holds: nothing found, exit 5; a title with a type
    // other than person: refused, exit 2; --in naming no place: exit 5.
    query_json(&["find", "--title", "宇航员"], 5);
    let out = query(&["find", "--title", "县长", "--type", "agency"]);
    assert_eq!(out.status.code(), Some(2));
    let out = query(&["find", "--title", "县长", "--in", "不存在县"]);
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn people_lists_every_person() {
    let want: BTreeSet<String> = nodes()
        .iter()
        .filter(|n| n["type"] == "person")
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    let r = query_json(&["people"], 0);
    assert_eq!(r["total"].as_u64().unwrap() as usize, want.len());
    assert_eq!(hit_ids(&r), want);
    // The table prints one row per person, under a header and a rule.
    let out = query(&["people"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), want.len() + 2, "{text}");
}

/// (relation, other end) of every edge of node `id`.
fn links(g: &Value, id: &str) -> Vec<(String, String)> {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            let (s, t) = (e["source"].as_str()?, e["target"].as_str()?);
            let other = if s == id {
                t
            } else if t == id {
                s
            } else {
                return None;
            };
            Some((e["relation"].as_str()?.to_string(), other.to_string()))
        })
        .collect()
}

#[test]
fn people_path_steps_through_social_links_by_default() {
    let g = graph(seed_copy());
    let kinds: BTreeMap<String, String> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let social = ["participated_in", "organized", "holds_office_in"];
    // Two people of different events in one county: linked through
    // places with all relations, and either not at all or only through
    // people, events and agencies by default.
    let people: Vec<&String> = kinds
        .iter()
        .filter(|(id, k)| *k == "person" && id.ends_with("@140430"))
        .map(|(id, _)| id)
        .collect();
    let mut checked_social = 0;
    let mut checked_none = 0;
    for a in &people {
        for b in &people {
            if a >= b {
                continue;
            }
            let out = query(&["path", a, b, "--json"]);
            let all = query(&["path", a, b, "--all-relations", "--json"]);
            if all.status.code() == Some(5) {
                // Not linked at all: not socially either.
                assert_eq!(out.status.code(), Some(5), "{a} {b}");
                continue;
            }
            let r_all: Value = serde_json::from_slice(&all.stdout).unwrap();
            assert_eq!(r_all["links"], "all");
            match out.status.code() {
                Some(0) => {
                    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
                    assert_eq!(r["links"], "social");
                    assert!(r["hops"].as_u64() >= r_all["hops"].as_u64());
                    for p in r["paths"].as_array().unwrap() {
                        for hop in p.as_array().unwrap() {
                            assert_ne!(hop["node"]["type"], "place", "{r}");
                            for l in hop["links"].as_array().unwrap() {
                                let rel = l["relation"].as_str().unwrap();
                                assert!(social.contains(&rel), "{rel} in {r}");
                            }
                        }
                    }
                    checked_social += 1;
                }
                Some(5) => {
                    // No social path: then none exists in graph.json either
                    // (a breadth-first search over social edges here).
                    let mut seen = BTreeSet::from([a.to_string()]);
                    let mut todo = vec![a.to_string()];
                    while let Some(v) = todo.pop() {
                        for (rel, w) in links(&g, &v) {
                            let entity =
                                ["person", "agency", "event"].contains(&kinds[&w].as_str());
                            if social.contains(&rel.as_str()) && entity && seen.insert(w.clone()) {
                                todo.push(w);
                            }
                        }
                    }
                    assert!(
                        !seen.contains(*b),
                        "{a} reaches {b} socially, but path says no"
                    );
                    let err = String::from_utf8_lossy(&out.stderr);
                    assert!(err.contains("--all-relations"), "{err}");
                    checked_none += 1;
                }
                other => panic!("path {a} {b}: exit {other:?}"),
            }
        }
    }
    assert!(
        checked_social > 0 && checked_none > 0,
        "{checked_social} {checked_none}"
    );
}

fn csv_and_json(args: &[&str], name: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let (c, j) = (
        dir.path().join(format!("{name}.csv")),
        dir.path().join(format!("{name}.json")),
    );
    let mut v = args.to_vec();
    v.push("--csv");
    let out = query(&v);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&c, &out.stdout).unwrap();
    let r = query_json(args, 0);
    std::fs::write(&j, r.to_string()).unwrap();
    crate::export::python(
        "readback.py",
        &["query-csv", c.to_str().unwrap(), j.to_str().unwrap()],
    )
}

#[test]
fn people_events_coattend_find_as_csv() {
    let seeds = seeds();
    let pages = seeds.to_str().unwrap();
    let r = csv_and_json(
        &["events", "郝淑芳", "--evidence", "--pages", pages],
        "events",
    );
    assert!(r["rows"].as_u64().unwrap() >= 2, "{r}");
    // Every row carries its sentence, as printed.
    assert_eq!(r["quoted"], r["rows"], "{r}");
    let r = csv_and_json(&["coattend", "李佩璋"], "coattend");
    assert!(r["rows"].as_u64().unwrap() >= 1, "{r}");
    let r = csv_and_json(&["find", "--title", "副县长"], "find");
    assert!(r["rows"].as_u64().unwrap() >= 3, "{r}");
    // Commands without a CSV form refuse --csv (exit 2), before reading.
    let out = query(&["stats", "--csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--csv"));
}

#[test]
fn people_near_miss_suggests_the_close_match() {
    // An id with the wrong scope suggests the entity of that name.
    let r = query_json(&["path", "person:李佩璋@520204", "person:武虹波@140430"], 5);
    let ids: Vec<&str> = r["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["person:李佩璋@140430"]);
    // A name one character off suggests the name.
    let r = query_json(&["show", "郝淑方"], 5);
    let names: Vec<&str> = r["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"郝淑芳"), "{r}");
    // The table says so.
    let out = query(&["show", "郝淑方"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("names close to it:") && text.contains("郝淑芳"),
        "{text}"
    );
}

/// Event ids of an exported graph.json.
fn exported_events(args: &[&str]) -> (BTreeSet<String>, String) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("w.json");
    let mut a = vec![
        "export",
        "output",
        "-f",
        "json",
        "-o",
        out.to_str().unwrap(),
    ];
    a.extend_from_slice(args);
    let o = run(&a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g = graph_file(&out);
    let ids = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "event")
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    (ids, String::from_utf8_lossy(&o.stderr).into_owned())
}

fn graph_file(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

#[test]
fn dates_window_is_read_alike_by_query_and_export() {
    // Every person's events in a window, by query, against the events of
    // the same window exported: the same events, and the same left out.
    let all = nodes();
    let events: BTreeMap<String, Option<String>> = all
        .iter()
        .filter(|n| n["type"] == "event")
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["attrs"]["date"].as_str().map(str::to_string),
            )
        })
        .collect();
    // A window around a month-only date (YYYY-MM), and one that has a
    // month-day date without a year in it.
    let month = events
        .values()
        .flatten()
        .find(|d| d.len() == 7)
        .expect("the seed graph has a YYYY-MM date")
        .clone();
    let yearless = events
        .values()
        .flatten()
        .find(|d| d.len() == 5)
        .expect("the seed graph has an MM-DD date")
        .clone();
    let yearless_month = format!("2018-{}", &yearless[..2]);
    for (from, to) in [
        (month.as_str(), month.as_str()),
        (&yearless_month, &yearless_month),
    ] {
        let (exported, said) = exported_events(&["--from", from, "--to", to]);
        let mut by_query = BTreeSet::new();
        let mut left_out = 0;
        for p in all.iter().filter(|n| n["type"] == "person") {
            let id = p["id"].as_str().unwrap();
            let r = query_json(&["events", id, "--from", from, "--to", to], 0);
            left_out += r["without_full_date"].as_u64().unwrap();
            for e in r["events"].as_array().unwrap() {
                by_query.insert(e["event"]["id"].as_str().unwrap().to_string());
            }
        }
        // Export also keeps events nobody took part in.
        assert!(
            by_query.is_subset(&exported),
            "{from}: {by_query:?} vs {exported:?}"
        );
        for e in &exported {
            let d = events[e].as_deref().unwrap();
            assert!(d.starts_with(from), "{e} ({d}) exported for {from}");
        }
        // Month-only and yearless dates: the month is in; MM-DD is not.
        if from == month {
            assert!(exported
                .iter()
                .any(|e| events[e].as_deref() == Some(&month)));
        } else {
            assert!(!exported
                .iter()
                .any(|e| events[e].as_deref() == Some(&yearless)));
            assert!(left_out > 0, "query counts what it left out");
            assert!(said.contains("cannot be placed"), "{said}");
        }
    }
}
