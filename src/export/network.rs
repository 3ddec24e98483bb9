//! Exports for network analysis: the person–person co-attendance
//! projection (GEXF, GraphML, CSV) and a dynamic GEXF whose nodes and edges
//! carry event dates, for Gephi's timeline.
//!
//! **Co-attendance.** Two people are linked when they took part
//! (`participated_in`) in the same event; the link's weight is the number
//! of events they shared. Every person who took part in an event of the
//! graph is a node (one met nobody: an isolate, which degree and component
//! counts need). Undirected: Gephi, networkx and igraph read the weight as
//! the strength of a tie.
//!
//! **Dynamic.** The who-did-what layer in time: each event whose date
//! holds a year is present on its day (`YYYY-MM-DD`) or month (`YYYY-MM`,
//! the whole month); the people, agencies and places linked to such events
//! are present from their first event's first day to their last event's
//! last day; each link to an event is present while the event is. Events
//! without a year (`MM-DD`) or without a date cannot be placed on a
//! timeline and are left out (and counted). Links without a time (a person
//! holding office in an agency) are kept and show whenever both ends do.
//!
//! Both take a graph already selected (`--focus`, `--from`/`--to`, ...),
//! so the projection of one county's or one month's events is one command.

use super::json::{GraphFile, WireNode};
use super::style;
use super::xml::escape;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

/// A person of the projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Node id in graph.json.
    pub id: String,
    /// Name.
    pub name: String,
    /// Main title (printed most often).
    pub title: Option<String>,
    /// attrs.jurisdiction.
    pub jurisdiction: Option<String>,
    /// Events the person took part in.
    pub events: usize,
}

/// A tie between two people (`a` < `b` by id).
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// One person's id.
    pub a: String,
    /// The other's.
    pub b: String,
    /// Events they shared, by id.
    pub events: Vec<String>,
    /// The earliest full date among them.
    pub first: Option<String>,
    /// The latest.
    pub last: Option<String>,
}

impl Tie {
    /// The number of shared events.
    pub fn weight(&self) -> usize {
        self.events.len()
    }
}

/// The co-attendance projection of a graph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coattendance {
    /// People, by id.
    pub people: Vec<Person>,
    /// Ties, by (a, b).
    pub ties: Vec<Tie>,
}

/// `YYYY-MM-DD` or `YYYY-MM` (a year is known).
fn dated(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10))
        || (b.len() == 7 && b[4] == b'-' && digits(0..4) && digits(5..7))
}

/// The days an event date covers: (first, last) as `YYYY-MM-DD`.
fn span(d: &str) -> Option<(String, String)> {
    if !dated(d) {
        return None;
    }
    if d.len() == 10 {
        return Some((d.to_string(), d.to_string()));
    }
    let (y, m) = (d[..4].parse::<i32>().ok()?, d[5..7].parse::<u32>().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    let last = crate::model::dates::days_in_month(y, m);
    Some((format!("{d}-01"), format!("{d}-{last:02}")))
}

/// The co-attendance projection of `g` (see the module docs).
/// Complexity: O(E + Σ p²) for p participants of each event.
pub fn coattendance(g: &GraphFile) -> Coattendance {
    let by_id: HashMap<&str, &WireNode> = g.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut attendees: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &g.edges {
        let (Some(s), Some(t)) = (by_id.get(e.source.as_str()), by_id.get(e.target.as_str()))
        else {
            continue;
        };
        if e.relation == "participated_in" && s.kind == "person" && t.kind == "event" {
            attendees.entry(&t.id).or_default().insert(&s.id);
        }
    }
    let mut attended: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ties: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (ev, people) in &attendees {
        let people: Vec<&str> = people.iter().copied().collect();
        for (i, a) in people.iter().enumerate() {
            *attended.entry(a).or_default() += 1;
            for b in &people[i + 1..] {
                ties.entry((a, b)).or_default().push(ev);
            }
        }
    }
    let people = attended
        .into_iter()
        .map(|(id, events)| {
            let n = by_id[id];
            Person {
                id: id.to_string(),
                name: n.name.clone(),
                title: style::main_title(n).map(str::to_string),
                jurisdiction: n
                    .attrs
                    .get("jurisdiction")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                events,
            }
        })
        .collect();
    let ties = ties
        .into_iter()
        .map(|((a, b), events)| {
            let dates: BTreeSet<String> = events
                .iter()
                .filter_map(|e| style::event_date(by_id[e]))
                .filter_map(span)
                .flat_map(|(f, l)| [f, l])
                .collect();
            Tie {
                a: a.to_string(),
                b: b.to_string(),
                events: events.iter().map(|e| e.to_string()).collect(),
                first: dates.first().cloned(),
                last: dates.last().cloned(),
            }
        })
        .collect();
    Coattendance { people, ties }
}

const GEXF_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";

fn meta(out: &mut String, description: &str) {
    let _ = writeln!(
        out,
        "  <meta>\n    <creator>govgraph</creator>\n    <description>{}</description>\n  </meta>",
        escape(description)
    );
}

fn attvalue(out: &mut String, id: usize, value: &str) {
    let _ = writeln!(
        out,
        "          <attvalue for=\"{id}\" value=\"{}\"/>",
        escape(value)
    );
}

impl Coattendance {
    /// GEXF 1.3, undirected, for Gephi: the weight on each edge, the shared
    /// events and their first and last dates as edge attributes.
    pub fn to_gexf(&self) -> String {
        let mut out = String::from(GEXF_HEAD);
        meta(
            &mut out,
            "people linked by the events they attended together; weight: shared events",
        );
        out.push_str(
            "  <graph defaultedgetype=\"undirected\" mode=\"static\" name=\"coattendance\">\n",
        );
        out.push_str(
            "    <attributes class=\"node\" mode=\"static\">\n      \
             <attribute id=\"0\" title=\"title\" type=\"string\"/>\n      \
             <attribute id=\"1\" title=\"jurisdiction\" type=\"string\"/>\n      \
             <attribute id=\"2\" title=\"events\" type=\"long\"/>\n    </attributes>\n",
        );
        out.push_str(
            "    <attributes class=\"edge\" mode=\"static\">\n      \
             <attribute id=\"0\" title=\"events\" type=\"string\"/>\n      \
             <attribute id=\"1\" title=\"first\" type=\"string\"/>\n      \
             <attribute id=\"2\" title=\"last\" type=\"string\"/>\n    </attributes>\n",
        );
        out.push_str("    <nodes>\n");
        let (r, g, b) = style::rgb(style::node_look("person").fill);
        for p in &self.people {
            let _ = writeln!(
                out,
                "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
                escape(&p.id),
                escape(&p.name)
            );
            if let Some(t) = &p.title {
                attvalue(&mut out, 0, t);
            }
            if let Some(j) = &p.jurisdiction {
                attvalue(&mut out, 1, j);
            }
            attvalue(&mut out, 2, &p.events.to_string());
            let _ = writeln!(
                out,
                "        </attvalues>\n        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n      </node>"
            );
        }
        out.push_str("    </nodes>\n    <edges>\n");
        for (i, t) in self.ties.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">\n        <attvalues>",
                escape(&t.a),
                escape(&t.b),
                t.weight()
            );
            attvalue(&mut out, 0, &t.events.join(";"));
            if let (Some(f), Some(l)) = (&t.first, &t.last) {
                attvalue(&mut out, 1, f);
                attvalue(&mut out, 2, l);
            }
            out.push_str("        </attvalues>\n      </edge>\n");
        }
        out.push_str("    </edges>\n  </graph>\n</gexf>\n");
        out
    }

    /// GraphML, undirected: `label`, `title`, `jurisdiction`, `events` on
    /// nodes; `weight`, `events`, `first`, `last` on edges.
    pub fn to_graphml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );
        for (id, domain, name, kind) in [
            ("n0", "node", "label", "string"),
            ("n1", "node", "title", "string"),
            ("n2", "node", "jurisdiction", "string"),
            ("n3", "node", "events", "long"),
            ("e0", "edge", "weight", "double"),
            ("e1", "edge", "events", "string"),
            ("e2", "edge", "first", "string"),
            ("e3", "edge", "last", "string"),
        ] {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
            );
        }
        out.push_str("  <graph id=\"coattendance\" edgedefault=\"undirected\">\n");
        let data = |out: &mut String, key: &str, v: &str| {
            let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", escape(v));
        };
        for p in &self.people {
            let _ = writeln!(out, "    <node id=\"{}\">", escape(&p.id));
            data(&mut out, "n0", &p.name);
            if let Some(t) = &p.title {
                data(&mut out, "n1", t);
            }
            if let Some(j) = &p.jurisdiction {
                data(&mut out, "n2", j);
            }
            data(&mut out, "n3", &p.events.to_string());
            out.push_str("    </node>\n");
        }
        for (i, t) in self.ties.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
                escape(&t.a),
                escape(&t.b)
            );
            data(&mut out, "e0", &t.weight().to_string());
            data(&mut out, "e1", &t.events.join(";"));
            if let (Some(f), Some(l)) = (&t.first, &t.last) {
                data(&mut out, "e2", f);
                data(&mut out, "e3", l);
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// Two CSV files in the layout of Gephi's spreadsheet import (and
    /// `pandas.read_csv` + `networkx.from_pandas_edgelist`):
    /// `nodes.csv` (`Id,Label,title,jurisdiction,events`) and `edges.csv`
    /// (`Source,Target,Type,Weight,events,first,last`), UTF-8, `"` quoting.
    pub fn to_csv_files(&self) -> Vec<super::csv::CsvFile> {
        let q = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut nodes = String::from("Id,Label,title,jurisdiction,events\n");
        for p in &self.people {
            let _ = writeln!(
                nodes,
                "{},{},{},{},{}",
                q(&p.id),
                q(&p.name),
                q(p.title.as_deref().unwrap_or("")),
                q(p.jurisdiction.as_deref().unwrap_or("")),
                p.events
            );
        }
        let mut edges = String::from("Source,Target,Type,Weight,events,first,last\n");
        for t in &self.ties {
            let _ = writeln!(
                edges,
                "{},{},Undirected,{},{},{},{}",
                q(&t.a),
                q(&t.b),
                t.weight(),
                q(&t.events.join(";")),
                t.first.as_deref().unwrap_or(""),
                t.last.as_deref().unwrap_or("")
            );
        }
        vec![
            super::csv::CsvFile {
                name: "nodes.csv".into(),
                bytes: nodes.into_bytes(),
            },
            super::csv::CsvFile {
                name: "edges.csv".into(),
                bytes: edges.into_bytes(),
            },
        ]
    }
}

/// A dynamic GEXF and what it left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Dynamic {
    /// The GEXF text.
    pub gexf: String,
    /// Nodes written.
    pub nodes: usize,
    /// Edges written.
    pub edges: usize,
    /// Events left out: no year in their date, or no date.
    pub undated: usize,
}

/// The dynamic GEXF of `g` (see the module docs): GEXF 1.3,
/// `mode="dynamic"`, `timeformat="date"`, each node and edge with `start`
/// and `end` (inclusive days). Node labels as in the pictures: an event by
/// its article's headline (`headlines`, from [`style::event_headlines`]).
pub fn dynamic_gexf(g: &GraphFile, headlines: &BTreeMap<String, String>) -> Dynamic {
    let index = g.node_positions();
    // Each dated event's days, and the other nodes' first and last days.
    let mut spans: Vec<Option<(String, String)>> = vec![None; g.nodes.len()];
    let mut undated = 0;
    for (i, n) in g.nodes.iter().enumerate() {
        if n.kind == "event" {
            spans[i] = style::event_date(n).and_then(span);
            undated += usize::from(spans[i].is_none());
        }
    }
    let ends: Vec<(usize, usize)> = g
        .edges
        .iter()
        .map(|e| (index[e.source.as_str()], index[e.target.as_str()]))
        .collect();
    let is_event = |i: usize| g.nodes[i].kind == "event";
    let mut reach: Vec<Option<(String, String)>> = vec![None; g.nodes.len()];
    for &(s, t) in &ends {
        for (ev, other) in [(s, t), (t, s)] {
            if !is_event(ev) || is_event(other) {
                continue;
            }
            if let Some((f, l)) = &spans[ev] {
                let r = reach[other].get_or_insert_with(|| (f.clone(), l.clone()));
                if *f < r.0 {
                    r.0 = f.clone();
                }
                if *l > r.1 {
                    r.1 = l.clone();
                }
            }
        }
    }
    for (i, r) in reach.into_iter().enumerate() {
        if !is_event(i) {
            spans[i] = r;
        }
    }
    let mut out = String::from(GEXF_HEAD);
    meta(
        &mut out,
        "who did what, when: events on their dates, people, agencies and places from their first event to their last",
    );
    out.push_str(
        "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\" \
         timerepresentation=\"interval\" name=\"timeline\">\n",
    );
    out.push_str(
        "    <attributes class=\"node\" mode=\"static\">\n      \
         <attribute id=\"0\" title=\"type\" type=\"string\"/>\n      \
         <attribute id=\"1\" title=\"date\" type=\"string\"/>\n      \
         <attribute id=\"2\" title=\"name\" type=\"string\"/>\n    </attributes>\n",
    );
    out.push_str(
        "    <attributes class=\"edge\" mode=\"static\">\n      \
         <attribute id=\"0\" title=\"relation\" type=\"string\"/>\n    </attributes>\n",
    );
    out.push_str("    <nodes>\n");
    let mut nodes = 0;
    for (i, n) in g.nodes.iter().enumerate() {
        let Some((f, l)) = &spans[i] else { continue };
        nodes += 1;
        let label = headlines
            .get(&n.id)
            .map(String::as_str)
            .unwrap_or(style::display_name(n));
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\" start=\"{f}\" end=\"{l}\">\n        <attvalues>",
            escape(&n.id),
            escape(label)
        );
        attvalue(&mut out, 0, &n.kind);
        if let Some(d) = style::event_date(n) {
            attvalue(&mut out, 1, d);
        }
        attvalue(&mut out, 2, &n.name);
        let (r, gr, b) = style::rgb(style::node_look(&n.kind).fill);
        let _ = writeln!(
            out,
            "        </attvalues>\n        <viz:color r=\"{r}\" g=\"{gr}\" b=\"{b}\"/>\n      </node>"
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    let mut edges = 0;
    for (k, e) in g.edges.iter().enumerate() {
        let (s, t) = ends[k];
        if spans[s].is_none() || spans[t].is_none() {
            continue;
        }
        let event = [s, t].into_iter().find(|&i| is_event(i));
        let when = match event.and_then(|i| spans[i].as_ref()) {
            Some((f, l)) => format!(" start=\"{f}\" end=\"{l}\""),
            None => String::new(),
        };
        let label = e
            .attrs
            .get("role")
            .and_then(|v| v.as_str())
            .unwrap_or(&e.relation);
        let _ = writeln!(
            out,
            "      <edge id=\"{edges}\" source=\"{}\" target=\"{}\" label=\"{}\"{when}>\n        <attvalues>",
            escape(&e.source),
            escape(&e.target),
            escape(label)
        );
        attvalue(&mut out, 0, &e.relation);
        out.push_str("        </attvalues>\n      </edge>\n");
        edges += 1;
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    Dynamic {
        gexf: out,
        nodes,
        edges,
        undated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json::fixtures::{edge, graph, node};
    use serde_json::json;

    /// Three officials: 甲 and 乙 at two meetings, 丙 at one of them; an
    /// undated event only 甲 attended.
    fn sample() -> GraphFile {
        graph(
            vec![
                node("person:甲", "甲", json!({"titles": [{"title": "县长"}]})),
                node("person:乙", "乙", json!({"jurisdiction": "某县"})),
                node("person:丙", "丙", json!({})),
                node("event:1", "会一", json!({"date": "2018-10-24"})),
                node("event:2", "会二", json!({"date": "2018-11"})),
                node("event:3", "会三", json!({"date": "05-17"})),
                node("agency:a", "某局", json!({})),
            ],
            vec![
                edge("person:甲", "event:1", "participated_in", 1),
                edge("person:乙", "event:1", "participated_in", 1),
                edge("person:丙", "event:1", "participated_in", 1),
                edge("person:甲", "event:2", "participated_in", 1),
                edge("person:乙", "event:2", "participated_in", 1),
                edge("person:甲", "event:3", "participated_in", 1),
                edge("agency:a", "event:2", "organized", 1),
                edge("person:甲", "agency:a", "holds_office_in", 1),
            ],
        )
    }

    #[test]
    fn network_coattendance_weights_are_shared_events() {
        let c = coattendance(&sample());
        let ids: Vec<&str> = c.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["person:丙", "person:乙", "person:甲"]);
        assert_eq!(c.people[2].events, 3);
        assert_eq!(c.people[2].title.as_deref(), Some("县长"));
        let ties: Vec<(&str, &str, usize)> = c
            .ties
            .iter()
            .map(|t| (t.a.as_str(), t.b.as_str(), t.weight()))
            .collect();
        assert_eq!(
            ties,
            [
                ("person:丙", "person:乙", 1),
                ("person:丙", "person:甲", 1),
                ("person:乙", "person:甲", 2)
            ]
        );
        let t = &c.ties[2];
        assert_eq!(t.first.as_deref(), Some("2018-10-24"));
        assert_eq!(t.last.as_deref(), Some("2018-11-30"));
        let csv = String::from_utf8(c.to_csv_files()[1].bytes.clone()).unwrap();
        assert!(csv
            .contains("person:乙,person:甲,Undirected,2,event:1;event:2,2018-10-24,2018-11-30\n"));
    }

    #[test]
    fn network_dynamic_spans_follow_events() {
        let d = dynamic_gexf(&sample(), &BTreeMap::new());
        assert_eq!(d.undated, 1);
        // 甲, 乙, 丙, two dated events, the agency.
        assert_eq!(d.nodes, 6);
        assert!(d.gexf.contains(
            "<node id=\"person:甲\" label=\"甲\" start=\"2018-10-24\" end=\"2018-11-30\">"
        ));
        assert!(d.gexf.contains(
            "<node id=\"event:2\" label=\"会二\" start=\"2018-11-01\" end=\"2018-11-30\">"
        ));
        assert!(!d.gexf.contains("event:3"));
        // The office held has no time of its own.
        assert!(d
            .gexf
            .contains("source=\"person:甲\" target=\"agency:a\" label=\"holds_office_in\">"));
        assert_eq!(d.edges, 7);
    }

    #[test]
    fn network_span_of_dates() {
        assert_eq!(
            span("2020-02"),
            Some(("2020-02-01".into(), "2020-02-29".into()))
        );
        assert_eq!(
            span("2018-10-24"),
            Some(("2018-10-24".into(), "2018-10-24".into()))
        );
        assert_eq!(span("10-24"), None);
        assert_eq!(span("2018-13"), None);
    }
}
