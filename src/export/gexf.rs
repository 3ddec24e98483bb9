//! GEXF 1.3 for Gephi (read back by networkx's `nx.read_gexf`).
//!
//! Nodes carry their name as `label`, the node type and the flat properties
//! of [`super::props`] as attributes, and Gephi colours and shapes
//! (`viz:color`, `viz:shape`, `viz:size` by degree) matching the DOT
//! picture, so the graph opens in Gephi already readable. Edges carry
//! `label` (the role, else the relation), `weight`, and their properties
//! (the graph.json edge key as `edge_key`).
//! Layout is left to Gephi (ForceAtlas 2 works well on these graphs).

use super::json::GraphFile;
use super::props::{self, Column, Kind, Prop, Row};
use super::style;
use super::xml::escape;
use std::fmt::Write;

fn gexf_type(k: Kind) -> &'static str {
    match k {
        Kind::Int => "long",
        Kind::Float => "double",
        Kind::Bool => "boolean",
        Kind::List | Kind::Str => "string",
    }
}

fn viz_shape(kind: &str) -> &'static str {
    match kind {
        "agency" | "document" | "article" => "square",
        "event" => "diamond",
        "place" => "triangle",
        _ => "disc",
    }
}

fn write_attributes(out: &mut String, class: &str, cols: &[Column]) {
    let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
    for (i, c) in cols.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{}\"/>",
            escape(&c.name),
            gexf_type(c.kind)
        );
    }
    out.push_str("    </attributes>\n");
}

fn write_values(out: &mut String, cols: &[Column], row: &Row) {
    out.push_str("        <attvalues>\n");
    for (i, c) in cols.iter().enumerate() {
        if let Some(p) = props::get(row, &c.name) {
            let _ = writeln!(
                out,
                "          <attvalue for=\"{i}\" value=\"{}\"/>",
                escape(&p.text())
            );
        }
    }
    out.push_str("        </attvalues>\n");
}

/// The GEXF text of a graph.
pub fn to_gexf(g: &GraphFile) -> String {
    let node_rows: Vec<Row> = g
        .nodes
        .iter()
        .map(|n| {
            let mut row: Row = vec![("type".into(), Prop::Str(n.kind.clone()))];
            row.extend(props::node_row(n));
            row
        })
        .collect();
    // The weight goes into the edge element, where Gephi looks for it; the
    // graph.json key is `edge_key`, because networkx's reader passes a
    // `key` attribute on as a second multigraph key and fails.
    let edge_rows: Vec<Row> = g
        .edges
        .iter()
        .map(|e| {
            props::edge_row(e)
                .into_iter()
                .filter(|(k, _)| k != "weight")
                .map(|(k, v)| {
                    if k == "key" {
                        ("edge_key".to_string(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect()
        })
        .collect();
    let node_cols = props::columns(&node_rows);
    let edge_cols = props::columns(&edge_rows);
    let mut degree = std::collections::HashMap::<&str, usize>::new();
    for e in &g.edges {
        *degree.entry(e.source.as_str()).or_default() += 1;
        *degree.entry(e.target.as_str()).or_default() += 1;
    }

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    out.push_str("  <meta>\n    <creator>govgraph</creator>\n");
    let _ = writeln!(
        out,
        "    <description>who did what, where, when: {} documents</description>\n  </meta>",
        g.graph.documents.len()
    );
    let _ = writeln!(
        out,
        "  <graph defaultedgetype=\"directed\" mode=\"static\" name=\"{}\">",
        escape(&g.graph.name)
    );
    write_attributes(&mut out, "node", &node_cols);
    write_attributes(&mut out, "edge", &edge_cols);
    out.push_str("    <nodes>\n");
    for (n, row) in g.nodes.iter().zip(&node_rows) {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            escape(&n.id),
            escape(&n.name)
        );
        write_values(&mut out, &node_cols, row);
        let (r, gr, b) = style::rgb(style::node_look(&n.kind).fill);
        let d = degree.get(n.id.as_str()).copied().unwrap_or(0) as f64;
        let _ = writeln!(
            out,
            "        <viz:color r=\"{r}\" g=\"{gr}\" b=\"{b}\"/>\n        \
             <viz:size value=\"{:.1}\"/>\n        <viz:shape value=\"{}\"/>\n      </node>",
            4.0 + 3.0 * d.sqrt(),
            viz_shape(&n.kind)
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, (e, row)) in g.edges.iter().zip(&edge_rows).enumerate() {
        let label = e
            .attrs
            .get("role")
            .and_then(|v| v.as_str())
            .unwrap_or(&e.relation);
        let weight = e
            .attrs
            .get("weight")
            .and_then(|v| v.as_f64())
            .unwrap_or(1.0);
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" label=\"{}\" weight=\"{weight}\">",
            escape(&e.source),
            escape(&e.target),
            escape(label)
        );
        write_values(&mut out, &edge_cols, row);
        let (r, gr, b) = style::rgb(style::edge_look(&e.relation).color);
        let _ = writeln!(
            out,
            "        <viz:color r=\"{r}\" g=\"{gr}\" b=\"{b}\"/>\n      </edge>"
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
