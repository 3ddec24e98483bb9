//! DOT through graphviz-rust, styled for reading, and SVG/PNG through
//! Graphviz when it is installed.
//!
//! Each node type has its shape and colour ([`super::style`]); people are
//! labelled with their main title, events with their date; edges carry the
//! role (or relation) and the event's date; a legend cluster shows the types
//! and relations present. Up to [`LARGE`] nodes are laid out by `dot`, left
//! to right; larger graphs set `layout=sfdp` (force-directed, built for
//! hundreds of nodes) with overlap removal, label only the who-did-what
//! edges and leave the place hierarchy and jurisdictions to colour and the
//! legend. `build` draws the who-did-what layer of the whole graph
//! ([`to_dot`]); `export` draws any subgraph ([`wire_to_dot`]).

use super::json::{GraphFile, WireNode};
use super::style::{self, EdgeLook, NodeLook};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use graphviz_rust::dot_structures::*;
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Graphs with more nodes than this are laid out with sfdp instead of dot.
pub const LARGE: usize = 60;

/// The CJK font every label uses (installed by scripts/setup.sh).
const FONT: &str = "Noto Sans CJK SC";

/// Options of a drawing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DotOptions {
    /// A title drawn above the graph.
    pub title: Option<String>,
    /// The id of a node to draw emphasised (the export's focus).
    pub focus: Option<String>,
    /// Event labels: each event's headline ([`style::event_headlines`] of
    /// the whole graph, whose articles a picture does not draw).
    pub headlines: std::collections::BTreeMap<String, String>,
}

/// Text escaped for a DOT quoted string (`\` is DOT's escape character in
/// labels, so a literal one is doubled).
fn esc_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn quoted(s: &str) -> Id {
    Id::Escaped(format!("\"{}\"", esc_text(s)))
}

/// A label of several lines (already plain text; joined with DOT's `\n`).
fn lines(parts: &[String]) -> Id {
    let escaped: Vec<String> = parts.iter().map(|p| esc_text(p)).collect();
    Id::Escaped(format!("\"{}\"", escaped.join("\\n")))
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(key.to_string()), value)
}

fn plain(key: &str, value: &str) -> Attribute {
    attr(key, quoted(value))
}

/// `s` cut into lines of at most `width` characters, at most `max` lines
/// (the last ending in "…" when text is left over).
pub fn wrap(s: &str, width: usize, max: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = chars
        .chunks(width.max(1))
        .map(|c| c.iter().collect())
        .collect();
    if out.len() > max {
        out.truncate(max);
        if let Some(last) = out.last_mut() {
            last.pop();
            last.push('…');
        }
    }
    out
}

/// A node's label: its name (an event by its headline; events and
/// articles, whose names are whole clauses, cut to two lines), then a
/// person's title, or an event's date and place. `also` tells an event
/// that shares its headline with another drawn one (several events of one
/// article): its kind is printed too.
fn node_label(n: &WireNode, headline: Option<&str>, also: bool) -> Vec<String> {
    let (width, max) = match n.kind.as_str() {
        "person" => (8, 2),
        "event" | "article" => (12, 2),
        _ => (10, 3),
    };
    let mut parts = wrap(headline.unwrap_or(style::display_name(n)), width, max);
    if n.kind == "event" {
        if also {
            parts.extend(
                n.attrs
                    .get("kind")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
            );
        }
        // Date and place on one line, cut rather than wrapped (a date
        // broken over two lines reads as two).
        let place = n.attrs.get("place").and_then(|v| v.as_str());
        let when_where: Vec<&str> = [style::event_date(n), place]
            .into_iter()
            .flatten()
            .collect();
        if !when_where.is_empty() {
            parts.extend(wrap(&when_where.join(" "), 18, 1));
        }
    } else if let Some(sub) = style::subtitle(n) {
        parts.extend(wrap(sub, 10, 2));
    }
    parts
}

fn node_stmt(id: &str, look: &NodeLook, label: Id, extra: Vec<Attribute>) -> Stmt {
    let mut attributes = vec![
        attr("label", label),
        plain("shape", look.dot_shape),
        plain("fillcolor", look.fill),
        plain("color", look.border),
    ];
    attributes.extend(extra);
    Stmt::Node(Node {
        id: NodeId(quoted(id), None),
        attributes,
    })
}

fn edge_stmt(s: &str, t: &str, look: &EdgeLook, label: Option<String>) -> Stmt {
    let mut attributes = vec![
        plain("color", look.color),
        plain("fontcolor", look.color),
        plain("style", look.dot_style),
    ];
    if let Some(l) = label {
        attributes.push(plain("label", &l));
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quoted(s), None)),
            Vertex::N(NodeId(quoted(t), None)),
        ),
        attributes,
    })
}

/// The legend: one node whose label is a table of the node types and
/// relations present (a table, because sfdp ignores clusters and would
/// scatter sample nodes), inside a cluster so `dot` frames it.
fn legend(kinds: &BTreeSet<&str>, relations: &BTreeSet<&str>) -> Stmt {
    let x = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut rows = String::from("<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>");
    let looks = style::NODE_LOOKS.iter().chain([&style::OTHER_NODE]);
    for look in looks.filter(|l| kinds.contains(l.kind)) {
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"{}\" COLOR=\"{}\" BORDER=\"1\" WIDTH=\"28\"> </TD>\
             <TD ALIGN=\"LEFT\">{} ({})</TD></TR>",
            look.fill,
            look.border,
            x(look.kind),
            look.dot_shape
        ));
    }
    let mut ordered: Vec<&str> = relations.iter().copied().collect();
    ordered.sort_by_key(|r| {
        let rank = style::EDGE_LOOKS.iter().position(|l| l.relation == *r);
        (rank.unwrap_or(usize::MAX), *r)
    });
    for relation in ordered {
        let look = style::edge_look(relation);
        let line = match look.dot_style {
            "dashed" => "╌╌╌▶",
            "dotted" => "┈┈┈▶",
            _ => "───▶",
        };
        rows.push_str(&format!(
            "<TR><TD><FONT COLOR=\"{}\">{line}</FONT></TD>\
             <TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{}</FONT></TD></TR>",
            look.color,
            look.color,
            x(relation)
        ));
    }
    let table = format!("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\">{rows}</TABLE>>");
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".into()),
        stmts: vec![
            Stmt::Attribute(plain("label", "")),
            Stmt::Attribute(plain("style", "rounded")),
            Stmt::Attribute(plain("color", "#bdbdbd")),
            Stmt::Node(Node {
                id: NodeId(quoted("legend"), None),
                attributes: vec![
                    attr("label", Id::Html(table)),
                    plain("shape", "plain"),
                    plain("style", ""),
                ],
            }),
        ],
    })
}

/// The DOT text of a graph, every node and edge drawn (select first; see
/// [`super::filter`]).
pub fn wire_to_dot(g: &GraphFile, opts: &DotOptions) -> String {
    let large = g.nodes.len() > LARGE;
    let by_id: HashMap<&str, &WireNode> = g.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let font = quoted(FONT);
    let mut graph_attrs = vec![attr("fontname", font.clone()), plain("fontsize", "12")];
    if large {
        graph_attrs.extend([
            plain("layout", "sfdp"),
            // Overlap removal keeps labels readable; prism is Graphviz's best.
            plain("overlap", "prism"),
            plain("overlap_scaling", "2"),
            plain("sep", "+4"),
            // No splines=true: routing curves around nodes made drawing the
            // seed graph take 13 s instead of 0.3 s; straight lines read fine.
            plain("outputorder", "edgesfirst"),
            // A fixed seed: the same graph is drawn the same way every time.
            plain("start", "1"),
        ]);
    } else {
        graph_attrs.extend([
            plain("rankdir", "LR"),
            plain("nodesep", "0.25"),
            plain("ranksep", "0.6"),
        ]);
    }
    if let Some(t) = &opts.title {
        graph_attrs.extend([
            plain("label", t),
            plain("labelloc", "t"),
            plain("fontsize", "16"),
        ]);
    }
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(graph_attrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            plain("style", "filled"),
            attr("fontname", font.clone()),
            plain("fontsize", "10"),
            plain("margin", "0.05"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            plain("fontsize", "8"),
            plain("arrowsize", "0.6"),
        ])),
    ];
    let kinds: BTreeSet<&str> = g
        .nodes
        .iter()
        .map(|n| {
            let l = style::node_look(&n.kind);
            if l == &style::OTHER_NODE {
                style::OTHER_NODE.kind
            } else {
                l.kind
            }
        })
        .collect();
    let relations: BTreeSet<&str> = g.edges.iter().map(|e| e.relation.as_str()).collect();
    if !g.nodes.is_empty() {
        stmts.push(legend(&kinds, &relations));
    }
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for n in g.nodes.iter().filter(|n| n.kind == "event") {
        if let Some(h) = opts.headlines.get(&n.id) {
            *shared.entry(h.as_str()).or_default() += 1;
        }
    }
    for n in &g.nodes {
        let mut extra = vec![plain("tooltip", &format!("{} ({})", n.name, n.id))];
        if opts.focus.as_deref() == Some(n.id.as_str()) {
            extra.extend([plain("penwidth", "3"), plain("fontsize", "13")]);
        }
        stmts.push(node_stmt(
            &n.id,
            style::node_look(&n.kind),
            lines(&{
                let headline = opts.headlines.get(&n.id).map(String::as_str);
                let also = headline.is_some_and(|h| shared.get(h).copied().unwrap_or(0) > 1);
                node_label(n, headline, also)
            }),
            extra,
        ));
    }
    for e in &g.edges {
        let look = style::edge_look(&e.relation);
        let label = (!large || look.always_labelled).then(|| {
            let mut l = e
                .attrs
                .get("role")
                .and_then(|v| v.as_str())
                .unwrap_or(&e.relation)
                .to_string();
            let date = [&e.source, &e.target]
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .find_map(|n| style::event_date(n));
            if let Some(d) = date {
                l = format!("{l} {d}");
            }
            l
        });
        stmts.push(edge_stmt(&e.source, &e.target, look, label));
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

/// The DOT text of `build`'s picture: the who-did-what layer of the whole
/// graph (see [`super::filter::PICTURE_TYPES`]). Fails only when records
/// spilled to temporary files cannot be read back.
pub fn to_dot(g: &KnowledgeGraph) -> std::io::Result<String> {
    use super::filter;
    let sel = filter::Selection {
        types: Some(filter::picture_types()),
        relations: Some(filter::picture_relations()),
        ..Default::default()
    };
    let wire = super::json::to_wire(g)?;
    let layer = filter::select_at(&wire, &sel, None);
    Ok(wire_to_dot(
        &filter::picture(&layer, None),
        &DotOptions {
            headlines: style::event_headlines(&wire),
            ..DotOptions::default()
        },
    ))
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

/// Render DOT text to `format` (svg, png) with Graphviz, written atomically
/// to `out`. The graph's own `layout` attribute picks the engine.
pub fn render(dot: &str, format: &str, out: &Path) -> Result<(), ExportError> {
    use std::io::Write;
    let failed = |reason: String| ExportError::Graphviz {
        path: out.to_path_buf(),
        reason,
    };
    let mut child = std::process::Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            failed(format!(
                "cannot run Graphviz `dot` ({e}); scripts/setup.sh installs it (apt-get install graphviz)"
            ))
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let dot_owned = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(dot_owned.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| failed(e.to_string()))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    super::write_atomic(out, &output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_wrap_cuts_and_marks_overflow() {
        assert_eq!(wrap("县委常委", 2, 3), ["县委", "常委"]);
        assert_eq!(wrap("一二三四五六七", 2, 2), ["一二", "三…"]);
        assert!(wrap("", 4, 2).is_empty());
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        assert_eq!(esc_text(r#"a"b\c"#), r#"a\"b\\c"#);
    }
}
