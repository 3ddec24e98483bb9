//! `govgraph export`: every format read back by the real tool (networkx for
//! JSON, GraphML and GEXF; Kùzu for Cypher and the CSV files; Graphviz for
//! DOT, SVG and PNG; headless Chromium for the HTML page), the filters, and
//! the exit codes. A missing tool fails the test with a message naming
//! scripts/setup-tests.sh, never a silent skip.

use crate::util::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The committed seed build (`build_committed_output_is_current` keeps it current).
fn seed_dir() -> PathBuf {
    root().join("output")
}

fn export(args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend(args);
    run_ok(&all)
}

fn export_fails(args: &[&str], code: i32, needle: &str) -> String {
    let mut all = vec!["export"];
    all.extend(args);
    let out = run(&all);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(needle), "stderr {err:?} lacks {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Run a helper under tests/tools and parse the JSON it prints.
pub(crate) fn python(script: &str, args: &[&str]) -> Value {
    let out = Command::new("python3")
        .arg(root().join("tests/tools").join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 cannot run ({e}): scripts/setup-tests.sh installs it"));
    assert!(
        out.status.success(),
        "{script} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{script}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn require(program: &str, arg: &str, package: &str) {
    assert!(
        has(program, arg),
        "{program} is not installed: run scripts/setup-tests.sh (it installs {package})"
    );
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn nodes(g: &Value) -> &Vec<Value> {
    g["nodes"].as_array().unwrap()
}

fn edges(g: &Value) -> &Vec<Value> {
    g["edges"].as_array().unwrap()
}

fn ids(g: &Value) -> BTreeSet<String> {
    nodes(g)
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

fn neighbours(g: &Value, id: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in edges(g) {
        let (a, b) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
        if a == id {
            out.insert(b.to_string());
        }
        if b == id {
            out.insert(a.to_string());
        }
    }
    out
}

/// The person in most events whose name no other node has: (id, name).
fn busiest_person(g: &Value) -> (String, String) {
    let mut names: HashMap<&str, usize> = HashMap::new();
    for n in nodes(g) {
        *names.entry(n["name"].as_str().unwrap()).or_default() += 1;
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in edges(g) {
        if e["relation"] == "participated_in" {
            *count.entry(e["source"].as_str().unwrap()).or_default() += 1;
        }
    }
    nodes(g)
        .iter()
        .filter(|n| n["type"] == "person" && names[n["name"].as_str().unwrap()] == 1)
        .map(|n| {
            let id = n["id"].as_str().unwrap();
            (
                count.get(id).copied().unwrap_or(0),
                id,
                n["name"].as_str().unwrap(),
            )
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, id, name)| (id.to_string(), name.to_string()))
        .expect("the seed graph has people")
}

const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
    "--virtual-time-budget=10000",
];

fn chromium(args: &[&str]) -> Output {
    require("chromium", "--version", "chromium");
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn export_json_unfiltered_is_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    export(&[s(&seed_dir()), "--format", "json", "--out", s(&out)]);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(seed_dir().join("graph.json")).unwrap()
    );
    let back = python("readback.py", &["json", s(&out)]);
    assert_eq!(
        back["nodes"].as_u64().unwrap() as usize,
        nodes(&graph(&seed_dir())).len()
    );
}

#[test]
fn export_focus_subgraph_is_a_valid_graph() {
    let g = graph(&seed_dir());
    let (id, name) = busiest_person(&g);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("focus.json");
    // By name, from a graph.json path rather than a directory.
    let json = seed_dir().join("graph.json");
    export(&[
        s(&json),
        "-f",
        "json",
        "--focus",
        &name,
        "--depth",
        "1",
        "-o",
        s(&out),
    ]);
    let sub = read_json(&out);
    let mut want = neighbours(&g, &id);
    want.insert(id.clone());
    assert_eq!(ids(&sub), want);
    python("readback.py", &["json", s(&out)]);
    // Depth 2 reaches further, still a valid graph.
    export(&[s(&json), "-f", "json", "--focus", &id, "-o", s(&out)]);
    let two = read_json(&out);
    assert!(ids(&two).is_superset(&want));
    python("readback.py", &["json", s(&out)]);
}

/// The seed graph with a second person of the same name as `id`.
fn graph_with_namesake(dir: &Path, id: &str) -> PathBuf {
    let mut g = graph(&seed_dir());
    let twin = {
        let n = nodes(&g).iter().find(|n| n["id"] == id).unwrap();
        let mut t = n.clone();
        t["id"] = Value::from(format!("{id}#namesake"));
        t
    };
    g["nodes"].as_array_mut().unwrap().push(twin);
    let p = dir.join("namesake.json");
    std::fs::write(&p, serde_json::to_vec(&g).unwrap()).unwrap();
    p
}

#[test]
fn export_focus_ambiguous_name_exits_4_listing_candidates() {
    let (id, name) = busiest_person(&graph(&seed_dir()));
    let dir = tempfile::tempdir().unwrap();
    let p = graph_with_namesake(dir.path(), &id);
    let out = dir.path().join("x.json");
    let err = export_fails(
        &[s(&p), "-f", "json", "--focus", &name, "-o", s(&out)],
        4,
        "names 2 entities",
    );
    assert!(
        err.contains(&id) && err.contains(&format!("{id}#namesake")),
        "{err}"
    );
    assert!(!out.exists());
    // The id picks one.
    export(&[s(&p), "-f", "json", "--focus", &id, "-o", s(&out)]);
}

#[test]
fn export_focus_unknown_exits_5() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.svg");
    export_fails(
        &[
            s(&seed_dir()),
            "-f",
            "svg",
            "--focus",
            "无此人",
            "-o",
            s(&out),
        ],
        5,
        "no entity is named \"无此人\"",
    );
    assert!(!out.exists());
}

#[test]
fn export_bad_graph_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let o = s(&out);
    export_fails(
        &["/no/such/graph.json", "-f", "json", "-o", o],
        2,
        "/no/such/graph.json",
    );
    let text = page(dir.path(), "page.txt", "县政府召开会议");
    export_fails(
        &[s(&text), "-f", "json", "-o", o],
        2,
        "not a govgraph graph.json",
    );
    let mut g = graph(&seed_dir());
    g["edges"][0]["target"] = Value::from("place:nowhere");
    let bad = dir.path().join("dangling.json");
    std::fs::write(&bad, serde_json::to_vec(&g).unwrap()).unwrap();
    export_fails(
        &[s(&bad), "-f", "json", "-o", o],
        2,
        "unknown node \"place:nowhere\"",
    );
    export_fails(
        &[s(&seed_dir()), "-f", "json", "-o", o, "--from", "2018-13"],
        2,
        "--from",
    );
    assert!(!out.exists());
}

#[test]
fn export_refuses_a_graph_too_large_to_hold_and_says_what_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse file: no disk is used for its gigabyte of zeros.
    let big = dir.path().join("graph.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len((1 << 30) + 1).unwrap();
    let out = dir.path().join("csv");
    let err = export_fails(
        &[s(&big), "-f", "csv", "-o", s(&out)],
        2,
        "1073741825 bytes",
    );
    for said in ["govgraph query", "govgraph dist csv"] {
        assert!(err.contains(said), "{said} not in: {err}");
    }
    assert!(!err.contains("page"), "a graph is not a page: {err}");
    assert!(!out.exists());
}

#[test]
fn export_unwritable_output_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("x.gexf");
    export_fails(
        &[s(&seed_dir()), "-f", "gexf", "-o", s(&out)],
        3,
        "cannot write",
    );
}

/// Events' dates as graph.json writes them, by id.
fn event_dates(g: &Value) -> HashMap<String, String> {
    nodes(g)
        .iter()
        .filter(|n| n["type"] == "event")
        .filter_map(|n| {
            Some((
                n["id"].as_str()?.to_string(),
                n["attrs"]["date"].as_str()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn export_window_keeps_that_month_and_what_it_links() {
    let g = graph(&seed_dir());
    let dates = event_dates(&g);
    let month = dates
        .values()
        .filter(|d| d.len() == 10)
        .min()
        .expect("a fully dated event")[..7]
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("month.json");
    export(&[
        s(&seed_dir()),
        "-f",
        "json",
        "--from",
        &month,
        "--to",
        &month,
        "-o",
        s(&out),
    ]);
    let sub = read_json(&out);
    let kept: BTreeSet<String> = ids(&sub);
    let in_month = |d: &str| d.starts_with(&month) || (d.len() == 5 && month.ends_with(&d[..2]));
    let want_events: BTreeSet<String> = dates
        .iter()
        .filter(|(_, d)| in_month(d))
        .map(|(id, _)| id.clone())
        .collect();
    let got_events: BTreeSet<String> = nodes(&sub)
        .iter()
        .filter(|n| n["type"] == "event")
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got_events, want_events);
    for n in nodes(&sub).iter().filter(|n| n["type"] != "event") {
        let id = n["id"].as_str().unwrap();
        assert!(
            neighbours(&sub, id).iter().any(|m| got_events.contains(m)),
            "{id} kept without an event of {month}"
        );
    }
    // Everything an event of the month links is kept.
    for e in &want_events {
        assert!(neighbours(&g, e).is_subset(&kept), "{e} lost a neighbour");
    }
    python("readback.py", &["json", s(&out)]);
}

#[test]
fn export_types_and_min_weight_filter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.json");
    export(&[
        s(&seed_dir()),
        "-f",
        "json",
        "--types",
        "person,event",
        "-o",
        s(&out),
    ]);
    let sub = read_json(&out);
    assert!(nodes(&sub)
        .iter()
        .all(|n| n["type"] == "person" || n["type"] == "event"));
    assert!(edges(&sub)
        .iter()
        .any(|e| e["relation"] == "participated_in"));
    let g = graph(&seed_dir());
    let max = edges(&g)
        .iter()
        .map(|e| e["attrs"]["weight"].as_f64().unwrap_or(1.0))
        .fold(0.0, f64::max);
    export(&[
        s(&seed_dir()),
        "-f",
        "json",
        "--min-weight",
        &max.to_string(),
        "-o",
        s(&out),
    ]);
    let strong = read_json(&out);
    assert!(!edges(&strong).is_empty());
    assert!(edges(&strong)
        .iter()
        .all(|e| e["attrs"]["weight"].as_f64().unwrap_or(1.0) >= max));
    for n in nodes(&strong) {
        assert!(!neighbours(&strong, n["id"].as_str().unwrap()).is_empty());
    }
}

#[test]
fn export_graphml_read_back_by_networkx() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.graphml");
    export(&[s(&seed_dir()), "-f", "graphml", "-o", s(&out)]);
    let back = python(
        "readback.py",
        &["graphml", s(&out), s(&seed_dir().join("graph.json"))],
    );
    assert_eq!(
        back["edges"].as_u64().unwrap() as usize,
        edges(&graph(&seed_dir())).len()
    );
    assert!(back["sample_person"]["title"].is_string(), "{back}");
}

#[test]
fn export_gexf_read_back_by_networkx() {
    let g = graph(&seed_dir());
    let (id, _) = busiest_person(&g);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.gexf");
    let sub = dir.path().join("g.json");
    for (file, format) in [(&out, "gexf"), (&sub, "json")] {
        export(&[s(&seed_dir()), "-f", format, "--focus", &id, "-o", s(file)]);
    }
    python("readback.py", &["gexf", s(&out), s(&sub)]);
    // And the whole graph.
    export(&[s(&seed_dir()), "-f", "gexf", "-o", s(&out)]);
    let back = python(
        "readback.py",
        &["gexf", s(&out), s(&seed_dir().join("graph.json"))],
    );
    assert!(
        back["coloured_types"].as_array().unwrap().len() >= 4,
        "{back}"
    );
}

#[test]
fn export_cypher_kuzu_answers_who_did_what() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.cypher");
    export(&[
        s(&seed_dir()),
        "-f",
        "cypher",
        "--cypher-dialect",
        "kuzu",
        "-o",
        s(&out),
    ]);
    let back = python(
        "readback.py",
        &["kuzu", s(&out), s(&seed_dir().join("graph.json"))],
    );
    let g = graph(&seed_dir());
    let participations = edges(&g)
        .iter()
        .filter(|e| e["relation"] == "participated_in")
        .count();
    assert_eq!(
        back["participations"].as_u64().unwrap() as usize,
        participations
    );
    assert!(
        !back["sample"]["events"].as_array().unwrap().is_empty(),
        "{back}"
    );
}

#[test]
fn export_cypher_neo4j_script_has_constraints_not_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.cypher");
    export(&[s(&seed_dir()), "-f", "cypher", "-o", s(&out)]);
    let text = std::fs::read_to_string(&out).unwrap();
    let g = graph(&seed_dir());
    let kinds: BTreeSet<&str> = nodes(&g)
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(text.matches("CREATE CONSTRAINT").count(), kinds.len());
    assert!(!text.contains("NODE TABLE") && !text.contains("REL TABLE"));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("MERGE (n:")).count(),
        nodes(&g).len()
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("MATCH (a:")).count(),
        edges(&g).len()
    );
    assert!(text
        .lines()
        .filter(|l| !l.starts_with("//"))
        .all(|l| l.ends_with(';')));
}

#[test]
fn export_csv_in_neo4j_import_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("import");
    let said = export(&[s(&seed_dir()), "-f", "csv", "-o", s(&out)]);
    assert!(said.contains("import.sh"), "{said}");
    let back = python(
        "readback.py",
        &["csv", s(&out), s(&seed_dir().join("graph.json"))],
    );
    assert!(back["files"].as_array().unwrap().len() >= 8, "{back}");
    let script = std::fs::read_to_string(out.join("import.sh")).unwrap();
    assert!(script.contains("neo4j-admin database import full"));
}

#[test]
fn export_dot_svg_png_drawn_by_graphviz() {
    require("dot", "-V", "graphviz");
    let g = graph(&seed_dir());
    let (id, _) = busiest_person(&g);
    let dir = tempfile::tempdir().unwrap();
    let p = |f: &str| dir.path().join(f);
    // The whole who-did-what layer: DOT that Graphviz lays out (sfdp), and SVG.
    export(&[s(&seed_dir()), "-f", "dot", "-o", s(&p("g.dot"))]);
    let dot_text = std::fs::read_to_string(p("g.dot")).unwrap();
    assert!(dot_text.contains("layout=\"sfdp\"") && dot_text.contains("cluster_legend"));
    let laid = Command::new("dot")
        .args(["-Tsvg", s(&p("g.dot")), "-o", s(&p("from-dot.svg"))])
        .output()
        .unwrap();
    assert!(
        laid.status.success(),
        "{}",
        String::from_utf8_lossy(&laid.stderr)
    );
    export(&[s(&seed_dir()), "-f", "svg", "-o", s(&p("g.svg"))]);
    export(&[
        s(&seed_dir()),
        "-f",
        "json",
        // The pictures' default: the who-did-what layer.
        "--types",
        "person,agency,event",
        "--relations",
        "participated_in,organized,holds_office_in,located_in",
        "-o",
        s(&p("layer.json")),
    ]);
    let svg = python("readback.py", &["svg", s(&p("g.svg")), s(&p("layer.json"))]);
    assert_eq!(svg["legend"], true);
    // One official's neighbourhood as PNG: dot layout, not blank, in colour.
    export(&[
        s(&seed_dir()),
        "-f",
        "png",
        "--focus",
        &id,
        "-o",
        s(&p("focus.png")),
    ]);
    let ink = python("png_ink.py", &[s(&p("focus.png"))]);
    assert!(ink["width"].as_u64().unwrap() > 200, "{ink}");
    assert!(ink["ink"].as_f64().unwrap() > 0.03, "{ink}");
    assert!(ink["colours"].as_u64().unwrap() > 20, "{ink}");
}

#[test]
fn export_html_screenshot_shows_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let page_file = dir.path().join("g.html");
    export(&[
        s(&seed_dir()),
        "-f",
        "html",
        "-o",
        s(&page_file),
        "--pages",
        s(&seeds()),
    ]);
    let html = std::fs::read_to_string(&page_file).unwrap();
    // Offline: nothing to fetch (the SVG namespace is a name, not a request).
    for m in html.match_indices("http") {
        assert!(
            html[m.0..].starts_with("http://www.w3.org/2000/svg"),
            "{}",
            &html[m.0..m.0 + 60]
        );
    }
    let shot = dir.path().join("shot.png");
    chromium(&[
        &format!("--screenshot={}", shot.display()),
        &file_url(&page_file),
    ]);
    // The drawing area (left of the 340px panel) is inked in several colours.
    let ink = python("png_ink.py", &[s(&shot), "0", "0", "930", "800"]);
    assert!(ink["ink"].as_f64().unwrap() > 0.02, "{ink}");
    assert!(ink["colours"].as_u64().unwrap() > 20, "{ink}");
}

#[test]
fn export_html_focus_hash_highlights_neighbours() {
    let g = graph(&seed_dir());
    let (id, _) = busiest_person(&g);
    let dir = tempfile::tempdir().unwrap();
    let page_file = dir.path().join("g.html");
    export(&[s(&seed_dir()), "-f", "html", "-o", s(&page_file)]);
    let url = format!("{}#focus={}", file_url(&page_file), id);
    let out = chromium(&["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&out.stdout);
    let re = regex::Regex::new(r#"<g class="node ?([^"]*)" data-id="([^"]*)""#).unwrap();
    let unescape = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut focus = BTreeSet::new();
    let mut nb = BTreeSet::new();
    for c in re.captures_iter(&dom) {
        let classes: Vec<&str> = c[1].split(' ').collect();
        if classes.contains(&"focus") {
            focus.insert(unescape(&c[2]));
        }
        if classes.contains(&"nb") {
            nb.insert(unescape(&c[2]));
        }
    }
    assert_eq!(focus, BTreeSet::from([id.clone()]));
    // Its neighbours in the drawn layer (people, places, agencies, events).
    let drawn: BTreeSet<String> = neighbours(&g, &id)
        .into_iter()
        .filter(|n| {
            ["person", "place", "agency", "event"]
                .iter()
                .any(|t| n.starts_with(&format!("{t}:")))
        })
        .collect();
    assert!(!drawn.is_empty());
    assert_eq!(nb, drawn);
}

#[test]
fn export_html_clicks_show_neighbours_and_evidence() {
    require("chromium", "--version", "chromium");
    let g = graph(&seed_dir());
    let (id, _) = busiest_person(&g);
    let dir = tempfile::tempdir().unwrap();
    let page_file = dir.path().join("g.html");
    export(&[
        s(&seed_dir()),
        "-f",
        "html",
        "-o",
        s(&page_file),
        "--pages",
        s(&seeds()),
    ]);
    // The page's edges are those of the drawn layer, in graph.json order.
    let layer = dir.path().join("layer.json");
    export(&[
        s(&seed_dir()),
        "-f",
        "json",
        // The pictures' default: the who-did-what layer.
        "--types",
        "person,agency,event",
        "--relations",
        "participated_in,organized,holds_office_in,located_in",
        "-o",
        s(&layer),
    ]);
    let layer = read_json(&layer);
    let candidates: Vec<usize> = edges(&layer)
        .iter()
        .enumerate()
        .filter(|(_, e)| e["relation"] == "participated_in")
        .map(|(k, _)| k)
        .collect();
    let list: Vec<String> = candidates.iter().map(|k| k.to_string()).collect();
    let out = python(
        "cdp_click.py",
        &[s(&page_file), "--node", &id, "--edges", &list.join(",")],
    );
    // A real mouse click on the node highlights exactly its neighbours.
    let got: BTreeSet<String> = out["node"]["nb"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, neighbours(&layer, &id));
    assert_eq!(out["node"]["focus"][0], Value::from(id.clone()));
    assert_eq!(out["node"]["hash"], Value::from(format!("#focus={id}")));
    // A click on an edge shows its evidence sentence, read from the page
    // and quoted as printed.
    let k = out["edge"]["k"]
        .as_u64()
        .expect("some participation edge was clickable") as usize;
    let ev = &edges(&layer)[k]["evidence"][0];
    let doc = ev["doc"].as_str().unwrap();
    let text = std::fs::read_to_string(seeds().join(doc)).unwrap();
    let chars: Vec<char> = text.trim_start_matches('\u{feff}').chars().collect();
    let (a, b) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    let sentence: String = chars[a..b.min(a + 400)].iter().collect();
    let info = out["edge"]["info"].as_str().unwrap();
    assert!(
        info.contains(sentence.trim()),
        "panel {info:?} lacks {sentence:?}"
    );
    assert!(
        info.contains(edges(&layer)[k]["attrs"]["role"].as_str().unwrap()),
        "{info}"
    );
}

#[test]
fn export_same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["dot", "json", "graphml", "gexf", "cypher", "html", "csv"] {
        let a = dir.path().join(format!("a.{format}"));
        let b = dir.path().join(format!("b.{format}"));
        for out in [&a, &b] {
            export(&[s(&seed_dir()), "-f", format, "-o", s(out)]);
        }
        if format == "csv" {
            for f in std::fs::read_dir(&a).unwrap() {
                let name = f.unwrap().file_name();
                assert_eq!(
                    std::fs::read(a.join(&name)).unwrap(),
                    std::fs::read(b.join(&name)).unwrap(),
                    "{name:?}"
                );
            }
        } else {
            assert_eq!(
                std::fs::read(&a).unwrap(),
                std::fs::read(&b).unwrap(),
                "{format}"
            );
        }
    }
}
