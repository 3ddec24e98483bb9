//! graph.json: node-link JSON (networkx `node_link_graph(data, edges="edges")`).
//!
//! The wire structs here are the contract (see GRAPH_CONTRACT.md); graph
//! internals are never serialised directly. Nodes are sorted by id, edges
//! by (source, target, relation, role), mentions and evidence by position.

use crate::graph::{Edge, Evidence, KnowledgeGraph, NodeRef};
use crate::jsonw::{put_str, put_uint};
use crate::model::NodeType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::Write;

/// Format version written in `graph.version`.
pub const FORMAT_VERSION: u32 = 1;

/// Top level of graph.json.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphFile {
    /// Always true.
    pub directed: bool,
    /// True: two nodes may be linked by several relations.
    pub multigraph: bool,
    /// Metadata.
    pub graph: GraphMeta,
    /// Nodes.
    pub nodes: Vec<WireNode>,
    /// Edges.
    pub edges: Vec<WireEdge>,
}

impl GraphFile {
    /// Each node's position in `nodes`, by id (edges name their ends by id).
    pub fn node_positions(&self) -> std::collections::HashMap<&str, usize> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect()
    }
}

/// Graph metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphMeta {
    /// "govgraph".
    pub name: String,
    /// Format version.
    pub version: u32,
    /// Offsets count Unicode characters ("chars").
    pub offsets: String,
    /// Input documents.
    pub documents: Vec<String>,
    /// Number of articles (a repost cluster counts once).
    pub articles: usize,
    /// Articles folded into another as reposts (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reposts: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A mention of a node.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WireMention {
    /// Document base name.
    pub doc: String,
    /// Article index.
    pub article: usize,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Surface form.
    pub text: String,
    /// Titles printed with a person mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titles: Option<Vec<String>>,
}

/// A node.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireNode {
    /// Stable id.
    pub id: String,
    /// person, place, agency, event, document, article
    /// ([`NodeType::as_str`]; a graph.json made elsewhere may hold others).
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Type-specific attributes.
    pub attrs: Map<String, Value>,
    /// Where it is mentioned.
    pub mentions: Vec<WireMention>,
}

impl WireNode {
    /// The node's type (`None` for a type outside the contract).
    pub fn node_type(&self) -> Option<NodeType> {
        NodeType::parse(&self.kind)
    }
}

/// Evidence of an edge.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WireEvidence {
    /// Document base name.
    pub doc: String,
    /// Article index.
    pub article: usize,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// An edge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireEdge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Distinguishes parallel edges (networkx multigraph key).
    pub key: String,
    /// Relation.
    pub relation: String,
    /// Attributes: role, weight.
    pub attrs: Map<String, Value>,
    /// Where it was read.
    pub evidence: Vec<WireEvidence>,
}

fn wire_evidence(e: Evidence) -> WireEvidence {
    WireEvidence {
        doc: e.doc.to_string(),
        article: e.article,
        start: e.span.start,
        end: e.span.end,
    }
}

/// One node as its wire struct.
pub fn wire_node(n: NodeRef) -> WireNode {
    WireNode {
        id: n.id.to_string(),
        kind: n.kind.as_str().to_string(),
        name: n.name.to_string(),
        aliases: n.aliases.iter().map(|a| a.to_string()).collect(),
        attrs: n.attrs_map(),
        mentions: n
            .mentions()
            .map(|m| WireMention {
                doc: m.at.doc.to_string(),
                article: m.at.article,
                start: m.at.span.start,
                end: m.at.span.end,
                text: m.text.to_string(),
                titles: if n.kind == NodeType::Person {
                    Some(m.titles().map(|(t, _)| t.to_string()).collect())
                } else {
                    None
                },
            })
            .collect(),
    }
}

/// `"doc":…,"article":…,"start":…,"end":…` of a mention or evidence.
fn put_place(out: &mut Vec<u8>, e: &Evidence) {
    out.extend_from_slice(b"\"doc\":");
    put_str(out, e.doc);
    out.extend_from_slice(b",\"article\":");
    put_uint(out, e.article);
    out.extend_from_slice(b",\"start\":");
    put_uint(out, e.span.start);
    out.extend_from_slice(b",\"end\":");
    put_uint(out, e.span.end);
}

/// One node as a graph.json line: [`WireNode`]'s fields in its order,
/// written from the graph (what serde_json writes for [`wire_node`]).
fn node_line(n: NodeRef<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let person = n.kind == NodeType::Person;
    let node = n.graph_node();
    out.extend_from_slice(b"{\"id\":");
    put_str(out, &node.id);
    out.extend_from_slice(b",\"type\":");
    put_str(out, node.kind.as_str());
    out.extend_from_slice(b",\"name\":");
    put_str(out, &node.name);
    out.extend_from_slice(b",\"aliases\":[");
    for (i, a) in node.aliases.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        put_str(out, a);
    }
    out.extend_from_slice(b"],\"attrs\":");
    serde_json::to_writer(&mut *out, &n.attrs_out())?;
    out.extend_from_slice(b",\"mentions\":[");
    for (i, m) in n.mentions().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        put_place(out, &m.at);
        out.extend_from_slice(b",\"text\":");
        put_str(out, m.text);
        if person {
            out.extend_from_slice(b",\"titles\":[");
            for (k, (t, _)) in m.titles().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                put_str(out, t);
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// One edge as a graph.json line: [`WireEdge`]'s fields in its order
/// (what serde_json writes for [`wire_edge`]).
fn edge_line(source: &str, target: &str, e: &Edge<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"source\":");
    put_str(out, source);
    out.extend_from_slice(b",\"target\":");
    put_str(out, target);
    out.extend_from_slice(b",\"key\":");
    if e.role.is_empty() {
        put_str(out, e.relation.as_str());
    } else {
        put_str(out, &format!("{}:{}", e.relation.as_str(), e.role));
    }
    out.extend_from_slice(b",\"relation\":");
    put_str(out, e.relation.as_str());
    out.extend_from_slice(b",\"attrs\":{");
    if !e.role.is_empty() {
        out.extend_from_slice(b"\"role\":");
        put_str(out, e.role);
        out.push(b',');
    }
    out.extend_from_slice(b"\"weight\":");
    put_uint(out, e.weight());
    out.extend_from_slice(b"},\"evidence\":[");
    for (i, v) in e.evidence().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        put_place(out, &v);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// One edge as its wire struct.
pub fn wire_edge(source: &str, target: &str, e: &Edge<'_>) -> WireEdge {
    WireEdge {
        source: source.to_string(),
        target: target.to_string(),
        key: if e.role.is_empty() {
            e.relation.as_str().to_string()
        } else {
            format!("{}:{}", e.relation.as_str(), e.role)
        },
        relation: e.relation.as_str().to_string(),
        attrs: e.attrs(),
        evidence: e.evidence().map(wire_evidence).collect(),
    }
}

fn meta(g: &KnowledgeGraph) -> GraphMeta {
    GraphMeta {
        name: "govgraph".into(),
        version: FORMAT_VERSION,
        offsets: "chars".into(),
        documents: g.documents.iter().cloned().collect(),
        articles: g.articles,
        reposts: g.reposts,
    }
}

/// The graph as wire structs (a copy of the whole graph: for small graphs
/// and tests; [`write_graph`] streams). Fails only when records spilled
/// to temporary files cannot be read back.
pub fn to_wire(g: &KnowledgeGraph) -> std::io::Result<GraphFile> {
    let mut nodes = Vec::with_capacity(g.node_count());
    g.for_each_node_group(|ns| {
        nodes.extend(ns.iter().map(|n| wire_node(*n)));
        Ok(())
    })?;
    let mut edges = Vec::with_capacity(g.edge_count());
    g.for_each_edge_group(|es| {
        edges.extend(es.iter().map(|(s, t, e)| wire_edge(s, t, e)));
        Ok(())
    })?;
    Ok(GraphFile {
        directed: true,
        multigraph: true,
        graph: meta(g),
        nodes,
        edges,
    })
}

/// Write graph.json, a group of nodes or edges at a time (the graph is
/// never copied).
pub fn write_graph(g: &KnowledgeGraph, w: &mut dyn Write) -> std::io::Result<()> {
    write_layout(
        w,
        (true, true),
        &meta(g),
        |w, first| g.for_each_node_group(|ns| write_lines(w, first, ns.iter().copied(), node_line)),
        |w, first| {
            g.for_each_edge_group(|es| {
                write_lines(w, first, es.iter(), |(s, t, e), out| {
                    edge_line(s, t, e, out);
                    Ok(())
                })
            })
        },
    )
}

/// The lines of graph.json that partition `owns` says are its own: each
/// owned node's line (in id order) to `nodes` and each edge whose source
/// it owns (in edge order) to `edges`, a line each with a newline, the
/// same bytes as in graph.json. Each node and edge is also handed to
/// `node` and `edge` as its wire struct, one at a time (for the CSV
/// columns of the partition).
pub fn write_partition_lines(
    g: &KnowledgeGraph,
    owns: &dyn Fn(&str) -> bool,
    nodes: &mut dyn Write,
    edges: &mut dyn Write,
    node: &mut dyn FnMut(&WireNode),
    edge: &mut dyn FnMut(&WireEdge),
) -> std::io::Result<()> {
    let mut line = Vec::new();
    g.for_each_node_group(|ns| {
        for n in ns.iter().filter(|n| owns(&n.graph_node().id)) {
            line.clear();
            node_line(*n, &mut line)?;
            line.push(b'\n');
            nodes.write_all(&line)?;
            node(&wire_node(*n));
        }
        Ok(())
    })?;
    g.for_each_edge_group(|es| {
        for (s, t, e) in es.iter().filter(|(s, _, _)| owns(s)) {
            line.clear();
            edge_line(s, t, e, &mut line);
            line.push(b'\n');
            edges.write_all(&line)?;
            edge(&wire_edge(s, t, e));
        }
        Ok(())
    })
}

/// graph.json from its parts: the header with `meta`, then node lines and
/// edge lines (each without its newline) in output order, in the layout
/// of [`write_graph`]. Assembles a build's partitions into the file a
/// single build writes.
pub fn write_assembled(
    w: &mut dyn Write,
    meta: &GraphMeta,
    nodes: &mut dyn Iterator<Item = std::io::Result<Vec<u8>>>,
    edges: &mut dyn Iterator<Item = std::io::Result<Vec<u8>>>,
) -> std::io::Result<()> {
    let lines = |w: &mut dyn Write,
                 first: &mut bool,
                 it: &mut dyn Iterator<Item = std::io::Result<Vec<u8>>>| {
        for l in it {
            w.write_all(if std::mem::take(first) { b"\n" } else { b",\n" })?;
            w.write_all(&l?)?;
        }
        Ok(())
    };
    write_layout(
        w,
        (true, true),
        meta,
        |w, first| lines(w, first, nodes),
        |w, first| lines(w, first, edges),
    )
}

/// graph.json bytes (see [`write_layout`]).
pub fn to_json_bytes(g: &KnowledgeGraph) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_graph(g, &mut out)?;
    Ok(out)
}

/// The layout of graph.json: the header on the first line, then one node
/// or edge a line. Compact enough for graphs of millions of nodes, and
/// still line-oriented for `grep` and `diff`.
fn write_layout(
    w: &mut dyn Write,
    (directed, multigraph): (bool, bool),
    meta: &GraphMeta,
    mut nodes: impl FnMut(&mut dyn Write, &mut bool) -> std::io::Result<()>,
    mut edges: impl FnMut(&mut dyn Write, &mut bool) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write!(
        w,
        "{{\"directed\":{directed},\"multigraph\":{multigraph},\"graph\":"
    )?;
    serde_json::to_writer(&mut *w, meta)?;
    w.write_all(b",\n\"nodes\":[")?;
    nodes(w, &mut true)?;
    w.write_all(b"\n],\n\"edges\":[")?;
    edges(w, &mut true)?;
    w.write_all(b"\n]}\n")
}

/// Items as JSON lines separated by commas (`first`: none written yet in
/// this list): serialised on all cores a batch at a time (memory holds one
/// batch), written in order.
fn write_items<T: Send, S: Serialize>(
    w: &mut dyn Write,
    first: &mut bool,
    items: impl Iterator<Item = T>,
    to_wire: impl Fn(T) -> S + Sync,
) -> std::io::Result<()> {
    write_lines(w, first, items, |t, out| {
        serde_json::to_writer(out, &to_wire(t))
    })
}

/// [`write_items`] for items written by hand: `line` appends an item's
/// JSON to a buffer. Items are taken a batch at a time and made on the
/// pool's threads, a run of lines to one buffer; this thread writes one
/// batch while the pool makes the next, so the copying out of the lines
/// and the reading of the next items overlap the serialising.
fn write_lines<T: Send>(
    w: &mut dyn Write,
    first: &mut bool,
    items: impl Iterator<Item = T>,
    line: impl Fn(T, &mut Vec<u8>) -> serde_json::Result<()> + Sync,
) -> std::io::Result<()> {
    /// Items a batch (memory holds two batches' lines).
    const BATCH: usize = 8192;
    /// Lines a buffer (fewer buffers to allocate and free than lines).
    const RUN: usize = 128;
    let line = &line;
    // Every line is written after ",\n"; the list's first one after "\n".
    let make = |batch: Vec<T>| -> serde_json::Result<Vec<Vec<u8>>> {
        use rayon::prelude::*;
        batch
            .into_par_iter()
            .chunks(RUN)
            .map(|run| {
                let mut out = Vec::new();
                for t in run {
                    out.extend_from_slice(b",\n");
                    line(t, &mut out)?;
                }
                Ok(out)
            })
            .collect()
    };
    let mut put = |w: &mut dyn Write, runs: Vec<Vec<u8>>| -> std::io::Result<()> {
        for run in runs {
            // Runs are never empty: the first one starts with ",\n".
            let skip = usize::from(std::mem::take(first));
            w.write_all(&run[skip..])?;
        }
        Ok(())
    };
    let mut items = items;
    let mut pending: Option<Vec<Vec<u8>>> = None;
    loop {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            return match pending {
                Some(runs) => put(w, runs),
                None => Ok(()),
            };
        }
        let mut made = None;
        let mut wrote = Ok(());
        // This thread writes (the writer need not be `Send`).
        rayon::in_place_scope(|s| {
            s.spawn(|_| made = Some(make(batch)));
            if let Some(runs) = pending.take() {
                wrote = put(w, runs);
            }
        });
        wrote?;
        pending = Some(made.expect("the batch was made")?);
    }
}

/// graph.json bytes of wire structs (a loaded or filtered graph), in the
/// same layout as [`to_json_bytes`].
pub fn wire_bytes(g: &GraphFile) -> Vec<u8> {
    let mut out = Vec::new();
    write_layout(
        &mut out,
        (g.directed, g.multigraph),
        &g.graph,
        |w, first| write_items(w, first, g.nodes.iter(), |n| n),
        |w, first| write_items(w, first, g.edges.iter(), |e| e),
    )
    .expect("writing to memory");
    out
}

/// Small wire graphs for the export modules' tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{GraphFile, GraphMeta, WireEdge, WireNode};

    /// A node whose type is its id's prefix, without mentions.
    pub fn node(id: &str, name: &str, attrs: serde_json::Value) -> WireNode {
        WireNode {
            id: id.into(),
            kind: id.split(':').next().unwrap().into(),
            name: name.into(),
            aliases: vec![],
            attrs: attrs.as_object().unwrap().clone(),
            mentions: vec![],
        }
    }

    /// An edge of this weight, without evidence.
    pub fn edge(s: &str, t: &str, relation: &str, weight: i64) -> WireEdge {
        WireEdge {
            source: s.into(),
            target: t.into(),
            key: relation.into(),
            relation: relation.into(),
            attrs: serde_json::json!({ "weight": weight })
                .as_object()
                .unwrap()
                .clone(),
            evidence: vec![],
        }
    }

    /// A graph of these nodes and edges, from no documents.
    pub fn graph(nodes: Vec<WireNode>, edges: Vec<WireEdge>) -> GraphFile {
        GraphFile {
            directed: true,
            multigraph: true,
            graph: GraphMeta {
                name: "govgraph".into(),
                version: 1,
                offsets: "chars".into(),
                documents: vec![],
                articles: 0,
                reposts: 0,
            },
            nodes,
            edges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_across_batches_and_calls_are_one_comma_separated_list() {
        // Several batches and runs, a call with no items, and a second call
        // continuing the same list.
        let line = |n: usize, out: &mut Vec<u8>| {
            out.extend_from_slice(format!("{{\"n\":{n}}}").as_bytes());
            Ok(())
        };
        for counts in [vec![1], vec![0, 3], vec![20_000, 0, 8192, 129]] {
            let mut out = Vec::new();
            let mut first = true;
            let mut expected = String::new();
            let mut next = 0;
            for c in counts {
                write_lines(&mut out, &mut first, next..next + c, line).unwrap();
                for n in next..next + c {
                    expected.push_str(if n == 0 { "\n" } else { ",\n" });
                    expected.push_str(&format!("{{\"n\":{n}}}"));
                }
                next += c;
            }
            assert_eq!(String::from_utf8(out).unwrap(), expected);
            assert_eq!(first, next == 0);
        }
    }

    #[test]
    fn a_failing_line_fails_the_list() {
        let line = |n: usize, out: &mut Vec<u8>| {
            if n == 9000 {
                return Err(serde::ser::Error::custom("no"));
            }
            out.push(b'1');
            Ok(())
        };
        let err = write_lines(&mut Vec::new(), &mut true, 0..10_000, line).unwrap_err();
        assert!(err.to_string().contains("no"), "{err}");
    }
}
