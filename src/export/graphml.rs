//! GraphML for Gephi, yEd, Cytoscape and networkx (`nx.read_graphml`).
//!
//! Every node carries `type`, `label` (its name, which Gephi shows) and the
//! flat properties of [`super::props`]; every edge `relation`, `key`,
//! `weight` (Gephi's edge weight), its other attrs and `evidence`.
//! Attribute types are the narrowest GraphML type all values fit (`long`,
//! `double`, `boolean`, else `string`); aliases are joined with `;`.
//! Edge ids are `e0`, `e1`, ... in graph.json order (GraphML wants them
//! unique in the file; the graph.json key is the `key` attribute).

use super::json::GraphFile;
use super::props::{self, Column, Kind, Row};
use super::xml::escape;
use std::fmt::Write;

fn graphml_type(k: Kind) -> &'static str {
    match k {
        Kind::Int => "long",
        Kind::Float => "double",
        Kind::Bool => "boolean",
        Kind::List | Kind::Str => "string",
    }
}

fn write_keys(out: &mut String, domain: &str, prefix: &str, cols: &[Column]) {
    for (i, c) in cols.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"{prefix}{i}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            escape(&c.name),
            graphml_type(c.kind)
        );
    }
}

fn write_data(out: &mut String, prefix: &str, cols: &[Column], row: &Row) {
    for (i, c) in cols.iter().enumerate() {
        if let Some(p) = props::get(row, &c.name) {
            let _ = writeln!(
                out,
                "      <data key=\"{prefix}{i}\">{}</data>",
                escape(&p.text())
            );
        }
    }
}

/// The GraphML text of a graph.
pub fn to_graphml(g: &GraphFile) -> String {
    let node_rows: Vec<Row> = g
        .nodes
        .iter()
        .map(|n| {
            let mut row: Row = vec![
                ("type".into(), props::Prop::Str(n.kind.clone())),
                ("label".into(), props::Prop::Str(n.name.clone())),
            ];
            row.extend(props::node_row(n));
            row
        })
        .collect();
    let edge_rows: Vec<Row> = g.edges.iter().map(props::edge_row).collect();
    let node_cols = props::columns(&node_rows);
    let edge_cols = props::columns(&edge_rows);

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    write_keys(&mut out, "node", "n", &node_cols);
    write_keys(&mut out, "edge", "e", &edge_cols);
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        escape(&g.graph.name)
    );
    for (n, row) in g.nodes.iter().zip(&node_rows) {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&n.id));
        write_data(&mut out, "n", &node_cols, row);
        out.push_str("    </node>\n");
    }
    for (i, (e, row)) in g.edges.iter().zip(&edge_rows).enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            escape(&e.source),
            escape(&e.target)
        );
        write_data(&mut out, "e", &edge_cols, row);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
