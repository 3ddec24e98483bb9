//! graph.dot through graphviz-rust, and SVG through Graphviz's `dot` when it
//! is installed.
//!
//! Only the who-did-what layer is drawn (people, places, agencies, events);
//! documents, articles and mention edges stay in graph.json.

use super::ExportError;
use crate::graph::{KnowledgeGraph, NodeType};
use graphviz_rust::dot_generator::*;
use graphviz_rust::dot_structures::*;
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::path::Path;

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An attribute whose value is already quoted.
fn esc(key: &str, value: String) -> Attribute {
    Attribute(Id::Plain(key.to_string()), Id::Escaped(value))
}

fn style(kind: NodeType) -> (&'static str, &'static str) {
    match kind {
        NodeType::Person => ("ellipse", "#fde2a8"),
        NodeType::Place => ("house", "#c8e6c9"),
        NodeType::Agency => ("box", "#bbdefb"),
        NodeType::Event => ("diamond", "#f8bbd0"),
        NodeType::Document | NodeType::Article => ("note", "#eeeeee"),
    }
}

/// Relations drawn in the picture.
const DRAWN: &[&str] = &[
    "participated_in",
    "organized",
    "located_in",
    "part_of",
    "holds_office_in",
    "jurisdiction",
];

/// The DOT text of the who-did-what layer.
pub fn to_dot(g: &KnowledgeGraph) -> String {
    let mut stmts: Vec<Stmt> = vec![
        stmt!(attr!("rankdir", "LR")),
        stmt!(attr!("overlap", "false")),
        stmt!(esc("fontname", quoted("Noto Sans CJK SC"))),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr!("style", "filled"),
            esc("fontname", quoted("Noto Sans CJK SC")),
        ])),
    ];
    let drawn: std::collections::BTreeSet<&str> = g
        .edges()
        .filter(|(_, _, e)| DRAWN.contains(&e.relation.as_str()))
        .flat_map(|(s, t, _)| [s, t])
        .collect();
    for n in g.nodes() {
        if matches!(n.kind, NodeType::Document | NodeType::Article)
            || !drawn.contains(n.id.as_str())
        {
            continue;
        }
        let (shape, color) = style(n.kind);
        let mut label = n.name.clone();
        if n.kind == NodeType::Person {
            if let Some(t) = n
                .attrs
                .get("titles")
                .and_then(|v| v.as_array())
                .and_then(|a| a.last())
                .and_then(|t| t.get("title"))
                .and_then(|t| t.as_str())
            {
                label = format!("{label}\\n{t}");
            }
        }
        if n.kind == NodeType::Event {
            if let Some(d) = n.attrs.get("date").and_then(|v| v.as_str()) {
                label = format!("{label}\\n{d}");
            }
        }
        stmts.push(Stmt::Node(Node {
            id: NodeId(Id::Escaped(quoted(&n.id)), None),
            attributes: vec![
                esc("label", quoted(&label)),
                attr!("shape", shape),
                esc("fillcolor", quoted(color)),
            ],
        }));
    }
    for (s, t, e) in g.edges() {
        if !DRAWN.contains(&e.relation.as_str()) {
            continue;
        }
        let label = e
            .attrs
            .get("role")
            .and_then(|v| v.as_str())
            .unwrap_or(&e.relation)
            .to_string();
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Escaped(quoted(s)), None)),
                Vertex::N(NodeId(Id::Escaped(quoted(t)), None)),
            ),
            attributes: vec![esc("label", quoted(&label)), attr!("fontsize", "9")],
        }));
    }
    let graph = Graph::DiGraph {
        id: Id::Plain("govgraph".into()),
        strict: false,
        stmts,
    };
    let mut out = graph.print(&mut PrinterContext::default());
    out.push('\n');
    out
}

/// True when Graphviz's `dot` is on PATH.
pub fn graphviz_available() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Render DOT text to `format` (svg, png) with Graphviz, written atomically to `out`.
pub fn render(dot: &str, format: &str, out: &Path) -> Result<(), ExportError> {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| ExportError::Graphviz {
            path: out.to_path_buf(),
            reason: e.to_string(),
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let dot_owned = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(dot_owned.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| ExportError::Graphviz {
            path: out.to_path_buf(),
            reason: e.to_string(),
        })?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(ExportError::Graphviz {
            path: out.to_path_buf(),
            reason: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    super::write_atomic(out, &output.stdout)
}
