//! graph.json: node-link JSON (networkx `node_link_graph(data, edges="edges")`).
//!
//! The wire structs here are the contract (see GRAPH_CONTRACT.md); graph
//! internals are never serialised directly. Nodes are sorted by id, edges
//! by (source, target, relation, role), mentions and evidence by position.

use crate::graph::{AttrsOut, Edge, Evidence, KnowledgeGraph, NodeRef, NodeType};
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
    /// Number of articles.
    pub articles: usize,
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
    /// person, place, agency, event, document, article.
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
        name: n.name.clone(),
        aliases: n.aliases.clone(),
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

/// A node as graph.json writes it: [`WireNode`]'s fields, in its order,
/// borrowed from the graph (no string is copied to be written).
#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    aliases: &'a [String],
    attrs: AttrsOut<'a>,
    mentions: Vec<MentionOut<'a>>,
}

/// [`WireMention`], borrowed.
#[derive(Serialize)]
struct MentionOut<'a> {
    doc: &'a str,
    article: usize,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    titles: Option<Vec<&'a str>>,
}

/// An edge as graph.json writes it: [`WireEdge`]'s fields, borrowed.
#[derive(Serialize)]
struct EdgeOut<'a> {
    source: &'a str,
    target: &'a str,
    key: std::borrow::Cow<'a, str>,
    relation: &'a str,
    attrs: EdgeAttrsOut<'a>,
    evidence: Vec<EvidenceOut<'a>>,
}

/// [`Edge::attrs`] as a struct: the same keys in the same order, without
/// building a map for each of millions of edges.
#[derive(Serialize)]
struct EdgeAttrsOut<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    role: &'a str,
    weight: usize,
}

/// [`WireEvidence`], borrowed.
#[derive(Serialize)]
struct EvidenceOut<'a> {
    doc: &'a str,
    article: usize,
    start: usize,
    end: usize,
}

fn node_out(n: NodeRef<'_>) -> NodeOut<'_> {
    let person = n.kind == NodeType::Person;
    let node = n.graph_node();
    NodeOut {
        id: &node.id,
        kind: node.kind.as_str(),
        name: &node.name,
        aliases: &node.aliases,
        attrs: n.attrs_out(),
        mentions: n
            .mentions()
            .map(|m| MentionOut {
                doc: m.at.doc,
                article: m.at.article,
                start: m.at.span.start,
                end: m.at.span.end,
                text: m.text,
                titles: person.then(|| m.titles().map(|(t, _)| t).collect()),
            })
            .collect(),
    }
}

fn edge_out<'a>(source: &'a str, target: &'a str, e: &Edge<'a>) -> EdgeOut<'a> {
    EdgeOut {
        source,
        target,
        key: if e.role.is_empty() {
            e.relation.into()
        } else {
            format!("{}:{}", e.relation, e.role).into()
        },
        relation: e.relation,
        attrs: EdgeAttrsOut {
            role: e.role,
            weight: e.weight(),
        },
        evidence: e
            .evidence()
            .map(|v| EvidenceOut {
                doc: v.doc,
                article: v.article,
                start: v.span.start,
                end: v.span.end,
            })
            .collect(),
    }
}

/// One edge as its wire struct.
pub fn wire_edge(source: &str, target: &str, e: &Edge<'_>) -> WireEdge {
    WireEdge {
        source: source.to_string(),
        target: target.to_string(),
        key: if e.role.is_empty() {
            e.relation.to_string()
        } else {
            format!("{}:{}", e.relation, e.role)
        },
        relation: e.relation.to_string(),
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
        |w, first| g.for_each_node_group(|ns| write_items(w, first, ns.iter().copied(), node_out)),
        |w, first| {
            g.for_each_edge_group(|es| {
                write_items(w, first, es.iter(), |(s, t, e)| edge_out(s, t, e))
            })
        },
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
    use rayon::prelude::*;
    const BATCH: usize = 8192;
    let mut items = items.peekable();
    while items.peek().is_some() {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        let lines: Vec<serde_json::Result<Vec<u8>>> = batch
            .into_par_iter()
            .map(|t| serde_json::to_vec(&to_wire(t)))
            .collect();
        for line in lines {
            w.write_all(if *first { b"\n" } else { b",\n" })?;
            *first = false;
            w.write_all(&line?)?;
        }
    }
    Ok(())
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
