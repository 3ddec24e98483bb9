//! A Cypher script that loads the graph into a graph database, in one of
//! two dialects, because no single script runs in both:
//!
//! - **Neo4j** (`--format cypher`, run with `cypher-shell -f graph.cypher`):
//!   a uniqueness constraint per label (`CREATE CONSTRAINT ... REQUIRE n.id
//!   IS UNIQUE`, which also indexes the `MERGE` lookups), then the data.
//!   Kùzu rejects `CREATE CONSTRAINT`.
//! - **Kùzu** (`--cypher-dialect kuzu`): Kùzu needs a schema before data:
//!   `CREATE NODE TABLE Label(id STRING, ..., PRIMARY KEY (id))` per node
//!   type and `CREATE REL TABLE TYPE(FROM A TO B, ...)` per relation, with
//!   every property typed. Neo4j rejects both statements.
//!
//! The data statements are the same Cypher in both: `MERGE` each node on
//! its id and `SET` its properties; `MATCH` both ends and `MERGE` each edge
//! on its graph.json key, so running a script twice changes nothing. Labels
//! are node types in CamelCase (`Person`), relationship types are relations
//! in upper case (`PARTICIPATED_IN`), properties are those of
//! [`super::props`]; every identifier is back-quoted, because several
//! property names (`end`, `start`, `key`, `index`) are Cypher keywords.
//!
//! Strings are single-quoted with `\\` and `\'` escaped. Neo4j also reads
//! `\n`, `\r`, `\t` and `\uXXXX`; Kùzu reads no such escape (`\n` would
//! become `n`), so in the Kùzu dialect control characters are written as
//! they are: its parser accepts them inside a literal. Statements end with
//! `;`, one per line.

use super::json::GraphFile;
use super::props::{self, Column, Kind, Prop, Row};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Which database the script is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Neo4j 5 (`cypher-shell`).
    #[default]
    Neo4j,
    /// Kùzu (embedded; schema first).
    Kuzu,
}

/// A back-quoted identifier (a back quote inside is doubled).
fn ident(s: &str) -> String {
    format!("`{}`", s.replace('`', "``"))
}

/// The node label of a node type: `person` → `Person`.
pub fn label(kind: &str) -> String {
    camel(kind)
}

fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The relationship type of a relation: `participated_in` → `PARTICIPATED_IN`.
pub fn rel_type(relation: &str) -> String {
    relation.to_uppercase()
}

/// A string literal in `dialect` (see the module docs).
pub fn string(s: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match (c, dialect) {
            ('\\', _) => out.push_str("\\\\"),
            ('\'', _) => out.push_str("\\'"),
            ('\n', Dialect::Neo4j) => out.push_str("\\n"),
            ('\r', Dialect::Neo4j) => out.push_str("\\r"),
            ('\t', Dialect::Neo4j) => out.push_str("\\t"),
            (c, Dialect::Neo4j) if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            (c, _) => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A property value as a literal of the column's type.
fn literal(p: &Prop, kind: Kind, dialect: Dialect) -> Option<String> {
    Some(match (p, kind) {
        (Prop::Float(f), _) if !f.is_finite() => return None,
        (Prop::List(l), Kind::List) => {
            let items: Vec<String> = l.iter().map(|s| string(s, dialect)).collect();
            format!("[{}]", items.join(", "))
        }
        (Prop::Str(s), _) => string(s, dialect),
        (p, Kind::Str) => string(&p.text(), dialect),
        (p, _) => p.text(),
    })
}

fn kuzu_type(k: Kind) -> &'static str {
    match k {
        Kind::Int => "INT64",
        Kind::Float => "DOUBLE",
        Kind::Bool => "BOOLEAN",
        Kind::List => "STRING[]",
        Kind::Str => "STRING",
    }
}

fn set_clause(var: &str, cols: &[Column], row: &Row, dialect: Dialect) -> String {
    let sets: Vec<String> = cols
        .iter()
        .filter_map(|c| {
            let v = literal(props::get(row, &c.name)?, c.kind, dialect)?;
            Some(format!("{var}.{} = {v}", ident(&c.name)))
        })
        .collect();
    if sets.is_empty() {
        String::new()
    } else {
        format!(" SET {}", sets.join(", "))
    }
}

/// The edges of one relationship type: their property rows and the
/// (source label, target label) pairs they join, which Kùzu declares.
#[derive(Default)]
struct RelTable<'a> {
    rows: Vec<&'a Row>,
    ends: BTreeSet<(&'a str, &'a str)>,
}

/// The Cypher script of a graph in `dialect`.
pub fn to_cypher(g: &GraphFile, dialect: Dialect) -> String {
    let node_rows: Vec<Row> = g.nodes.iter().map(props::node_row).collect();
    let edge_rows: Vec<Row> = g.edges.iter().map(props::edge_row).collect();
    // Columns per label and per relationship type: Kùzu types each table.
    let mut by_label: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    let mut label_of: BTreeMap<&str, String> = BTreeMap::new();
    for (n, row) in g.nodes.iter().zip(&node_rows) {
        by_label.entry(label(&n.kind)).or_default().push(row);
        label_of.insert(&n.id, label(&n.kind));
    }
    let node_cols: BTreeMap<&str, Vec<Column>> = by_label
        .iter()
        .map(|(l, rows)| (l.as_str(), props::columns(rows.iter().copied())))
        .collect();
    let mut by_rel: BTreeMap<String, RelTable> = BTreeMap::new();
    for (e, row) in g.edges.iter().zip(&edge_rows) {
        let entry = by_rel.entry(rel_type(&e.relation)).or_default();
        entry.rows.push(row);
        entry
            .ends
            .insert((&label_of[e.source.as_str()], &label_of[e.target.as_str()]));
    }
    let edge_cols: BTreeMap<&str, Vec<Column>> = by_rel
        .iter()
        .map(|(r, t)| (r.as_str(), props::columns(t.rows.iter().copied())))
        .collect();

    let mut out = String::new();
    match dialect {
        Dialect::Neo4j => {
            out.push_str(
                "// govgraph graph for Neo4j 5: cypher-shell -f graph.cypher\n\
                 // (Kùzu: export with --cypher-dialect kuzu)\n",
            );
            for l in by_label.keys() {
                let _ = writeln!(
                    out,
                    "CREATE CONSTRAINT {} IF NOT EXISTS FOR (n:{}) REQUIRE n.`id` IS UNIQUE;",
                    ident(&format!("govgraph_{}_id", l.to_lowercase())),
                    ident(l)
                );
            }
        }
        Dialect::Kuzu => {
            out.push_str(
                "// govgraph graph for Kùzu: schema first, then the data\n\
                 // (Neo4j: export with --format cypher)\n",
            );
            for (l, cols) in &node_cols {
                let mut defs = vec![format!("{} STRING", ident("id"))];
                defs.extend(
                    cols.iter()
                        .map(|c| format!("{} {}", ident(&c.name), kuzu_type(c.kind))),
                );
                let _ = writeln!(
                    out,
                    "CREATE NODE TABLE IF NOT EXISTS {}({}, PRIMARY KEY ({}));",
                    ident(l),
                    defs.join(", "),
                    ident("id")
                );
            }
            for (r, table) in &by_rel {
                let mut defs: Vec<String> = table
                    .ends
                    .iter()
                    .map(|(a, b)| format!("FROM {} TO {}", ident(a), ident(b)))
                    .collect();
                defs.extend(
                    edge_cols[r.as_str()]
                        .iter()
                        .map(|c| format!("{} {}", ident(&c.name), kuzu_type(c.kind))),
                );
                let _ = writeln!(
                    out,
                    "CREATE REL TABLE IF NOT EXISTS {}({});",
                    ident(r),
                    defs.join(", ")
                );
            }
        }
    }
    for (n, row) in g.nodes.iter().zip(&node_rows) {
        let l = &label_of[n.id.as_str()];
        let _ = writeln!(
            out,
            "MERGE (n:{} {{`id`: {}}}){};",
            ident(l),
            string(&n.id, dialect),
            set_clause("n", &node_cols[l.as_str()], row, dialect)
        );
    }
    for (e, row) in g.edges.iter().zip(&edge_rows) {
        let r = rel_type(&e.relation);
        let _ = writeln!(
            out,
            "MATCH (a:{} {{`id`: {}}}), (b:{} {{`id`: {}}}) MERGE (a)-[r:{} {{`key`: {}}}]->(b){};",
            ident(&label_of[e.source.as_str()]),
            string(&e.source, dialect),
            ident(&label_of[e.target.as_str()]),
            string(&e.target, dialect),
            ident(&r),
            string(&e.key, dialect),
            set_clause("r", &edge_cols[r.as_str()], row, dialect)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cypher_strings_escape_per_dialect() {
        assert_eq!(string("a'b\\c", Dialect::Neo4j), r"'a\'b\\c'");
        assert_eq!(string("a\nb\u{1}", Dialect::Neo4j), r"'a\nb\u0001'");
        assert_eq!(string("a\nb", Dialect::Kuzu), "'a\nb'");
        assert_eq!(string("县'委", Dialect::Kuzu), r"'县\'委'");
    }

    #[test]
    fn cypher_names_follow_conventions() {
        assert_eq!(label("person"), "Person");
        assert_eq!(label("press_office"), "PressOffice");
        assert_eq!(rel_type("participated_in"), "PARTICIPATED_IN");
        assert_eq!(ident("we`ird"), "`we``ird`");
    }
}
