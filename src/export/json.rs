//! graph.json: node-link JSON (networkx `node_link_graph(data, edges="edges")`).
//!
//! The wire structs here are the contract (see GRAPH_CONTRACT.md); graph
//! internals are never serialised directly. Nodes are sorted by id, edges
//! by (source, target, relation, role), mentions and evidence by position.

use crate::graph::{Evidence, KnowledgeGraph};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

fn wire_evidence(e: &Evidence) -> WireEvidence {
    WireEvidence {
        doc: e.doc.clone(),
        article: e.article,
        start: e.span.start,
        end: e.span.end,
    }
}

/// The graph as wire structs.
pub fn to_wire(g: &KnowledgeGraph) -> GraphFile {
    let nodes = g
        .nodes()
        .map(|n| WireNode {
            id: n.id.clone(),
            kind: n.kind.as_str().to_string(),
            name: n.name.clone(),
            aliases: n.aliases.iter().cloned().collect(),
            attrs: n.attrs.clone().into_iter().collect(),
            mentions: n
                .mentions
                .iter()
                .map(|m| WireMention {
                    doc: m.at.doc.clone(),
                    article: m.at.article,
                    start: m.at.span.start,
                    end: m.at.span.end,
                    text: m.text.clone(),
                    titles: if n.kind == crate::graph::NodeType::Person {
                        Some(m.titles.clone())
                    } else {
                        None
                    },
                })
                .collect(),
        })
        .collect();
    let edges = g
        .edges()
        .map(|(s, t, e)| {
            let role = e.attrs.get("role").and_then(|v| v.as_str()).unwrap_or("");
            WireEdge {
                source: s.to_string(),
                target: t.to_string(),
                key: if role.is_empty() {
                    e.relation.clone()
                } else {
                    format!("{}:{}", e.relation, role)
                },
                relation: e.relation.clone(),
                attrs: e.attrs.clone().into_iter().collect(),
                evidence: e.evidence.iter().map(wire_evidence).collect(),
            }
        })
        .collect();
    GraphFile {
        directed: true,
        multigraph: true,
        graph: GraphMeta {
            name: "govgraph".into(),
            version: FORMAT_VERSION,
            offsets: "chars".into(),
            documents: g.documents.iter().cloned().collect(),
            articles: g.articles,
        },
        nodes,
        edges,
    }
}

/// graph.json bytes (pretty-printed, trailing newline).
pub fn to_json_bytes(g: &KnowledgeGraph) -> Vec<u8> {
    wire_bytes(&to_wire(g))
}

/// graph.json bytes of wire structs (a loaded or filtered graph), in the
/// same layout as [`to_json_bytes`].
pub fn wire_bytes(g: &GraphFile) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(g).expect("graph serialises");
    out.push(b'\n');
    out
}
