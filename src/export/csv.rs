//! CSV files for Neo4j's bulk importer (`neo4j-admin database import full`),
//! one file per node label and one per relationship type, plus `import.sh`
//! with the command that loads them.
//!
//! Node files (`nodes_<type>.csv`) start with `id:ID` (ids are unique across
//! types, so one id space serves all) and `:LABEL`; relationship files
//! (`edges_<relation>.csv`) with `:START_ID`, `:END_ID`, `:TYPE`. The other
//! columns are the properties of [`super::props`], typed in the header
//! (`weight:long`, `aliases:string[]`, untyped = string). Array items are
//! separated by `;` (the importer's default `--array-delimiter`). Every text
//! field is double-quoted, with `"` doubled inside (RFC 4180, the
//! importer's default); an empty field means "no property".

use super::json::GraphFile;
use super::props::{self, Column, Kind, Prop, Row};
use std::collections::BTreeMap;

/// One output file: its name inside the directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    /// File name (no directory).
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn header_type(k: Kind) -> &'static str {
    match k {
        Kind::Int => ":long",
        Kind::Float => ":double",
        Kind::Bool => ":boolean",
        Kind::List => ":string[]",
        Kind::Str => "",
    }
}

fn field(row: &Row, c: &Column) -> String {
    match props::get(row, &c.name) {
        None => String::new(),
        // An empty list is no property: `""` would be read as one empty string.
        Some(Prop::List(l)) if l.is_empty() => String::new(),
        Some(p) => match c.kind {
            Kind::Int | Kind::Float | Kind::Bool => p.text(),
            Kind::List | Kind::Str => quote(&p.text()),
        },
    }
}

/// A file name part from a type or relation: lower case, `[a-z0-9_]` only.
fn file_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn table(fixed: &[&str], cols: &[Column], rows: Vec<(Vec<String>, &Row)>) -> Vec<u8> {
    let mut header: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    header.extend(
        cols.iter()
            .map(|c| format!("{}{}", c.name, header_type(c.kind))),
    );
    let mut out = header.join(",");
    out.push('\n');
    for (fixed_values, row) in rows {
        let mut fields = fixed_values;
        fields.extend(cols.iter().map(|c| field(row, c)));
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// The import files of a graph, and `import.sh` last.
pub fn to_csv_files(g: &GraphFile) -> Vec<CsvFile> {
    let node_rows: Vec<Row> = g.nodes.iter().map(props::node_row).collect();
    let edge_rows: Vec<Row> = g.edges.iter().map(props::edge_row).collect();
    let mut nodes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        nodes.entry(&n.kind).or_default().push(i);
    }
    let mut edges: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in g.edges.iter().enumerate() {
        edges.entry(&e.relation).or_default().push(i);
    }
    let mut files = Vec::new();
    for (kind, idx) in &nodes {
        let cols = props::columns(idx.iter().map(|&i| &node_rows[i]));
        let label = super::cypher::label(kind);
        let rows = idx
            .iter()
            .map(|&i| (vec![quote(&g.nodes[i].id), quote(&label)], &node_rows[i]))
            .collect();
        files.push(CsvFile {
            name: format!("nodes_{}.csv", file_part(kind)),
            bytes: table(&["id:ID", ":LABEL"], &cols, rows),
        });
    }
    for (relation, idx) in &edges {
        let cols = props::columns(idx.iter().map(|&i| &edge_rows[i]));
        let ty = super::cypher::rel_type(relation);
        let rows = idx
            .iter()
            .map(|&i| {
                let e = &g.edges[i];
                (
                    vec![quote(&e.source), quote(&e.target), quote(&ty)],
                    &edge_rows[i],
                )
            })
            .collect();
        files.push(CsvFile {
            name: format!("edges_{}.csv", file_part(relation)),
            bytes: table(&[":START_ID", ":END_ID", ":TYPE"], &cols, rows),
        });
    }
    let script = import_script(&files);
    files.push(CsvFile {
        name: "import.sh".into(),
        bytes: script.into_bytes(),
    });
    files
}

/// The `neo4j-admin` command that loads `files` into a new database.
fn import_script(files: &[CsvFile]) -> String {
    let mut args = Vec::new();
    for f in files {
        if f.name.starts_with("nodes_") {
            args.push(format!("  --nodes={} \\", f.name));
        } else {
            args.push(format!("  --relationships={} \\", f.name));
        }
    }
    format!(
        "#!/bin/sh\n\
         # Load this directory into a new Neo4j 5 database (default: neo4j).\n\
         # Stop the database first; the import replaces its contents.\n\
         # Neo4j 4.x: neo4j-admin import --database=NAME with the same flags.\n\
         set -e\n\
         cd \"$(dirname \"$0\")\"\n\
         neo4j-admin database import full --overwrite-destination \\\n\
         \x20 --array-delimiter=';' --quote='\"' --multiline-fields=true \\\n\
         {}\n\
         \x20 \"${{1:-neo4j}}\"\n",
        args.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quote_doubles_quotes() {
        assert_eq!(quote("a\"b,c"), "\"a\"\"b,c\"");
    }

    #[test]
    fn csv_empty_list_is_no_property() {
        let c = Column {
            name: "aliases".into(),
            kind: Kind::List,
        };
        let row: Row = vec![("aliases".into(), Prop::List(vec![]))];
        assert_eq!(field(&row, &c), "");
        let row: Row = vec![(
            "aliases".into(),
            Prop::List(vec!["县委".into(), "县\"委".into()]),
        )];
        assert_eq!(field(&row, &c), "\"县委;县\"\"委\"");
    }

    #[test]
    fn csv_file_part_is_plain() {
        assert_eq!(file_part("participated_in"), "participated_in");
        assert_eq!(file_part("Odd-Rel"), "odd_rel");
    }
}
