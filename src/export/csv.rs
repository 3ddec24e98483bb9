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
pub(crate) fn file_part(s: &str) -> String {
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
    let mut out = header_line(fixed, cols);
    out.extend_from_slice(&table_rows(cols, rows));
    out
}

/// The header line of a table.
fn header_line(fixed: &[&str], cols: &[Column]) -> Vec<u8> {
    let mut header: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    header.extend(
        cols.iter()
            .map(|c| format!("{}{}", c.name, header_type(c.kind))),
    );
    let mut out = header.join(",");
    out.push('\n');
    out.into_bytes()
}

/// The rows of a table, without its header.
fn table_rows(cols: &[Column], rows: Vec<(Vec<String>, &Row)>) -> Vec<u8> {
    let mut out = String::new();
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
pub fn import_script(files: &[CsvFile]) -> String {
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

/// A column as one partition of a build saw it: its kind over the
/// partition's rows, and where it first appears (the sort key of the first
/// row holding it, and its place in that row). The columns of the whole
/// graph are in order of first appearance, so a partition's first
/// appearances decide the order without any partition seeing the others.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SeenColumn {
    /// Property name.
    pub name: String,
    /// Its kind over the rows seen.
    pub kind: Kind,
    /// The sort key of the first row holding it: a node's id; an edge's
    /// source, target and role (its file is its relation).
    pub first: Vec<String>,
    /// Its place among that row's properties.
    pub pos: usize,
}

/// The columns of every node and relationship file, as a partition saw
/// them (`columns.json` of `govgraph merge --partition`), or united over
/// all partitions ([`Columns::union`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Columns {
    /// By node type.
    pub nodes: BTreeMap<String, Vec<SeenColumn>>,
    /// By relation.
    pub edges: BTreeMap<String, Vec<SeenColumn>>,
}

/// Add a row (sort key `key`) to the first appearances `cols`.
fn observe(cols: &mut Vec<SeenColumn>, key: impl FnOnce() -> Vec<String>, row: &Row) {
    let mut key = Some(key);
    let mut first: Option<Vec<String>> = None;
    for (pos, (name, p)) in row.iter().enumerate() {
        match cols.iter_mut().find(|c| &c.name == name) {
            Some(c) => c.kind = c.kind.join(Kind::of(p)),
            None => {
                let first = first.get_or_insert_with(|| key.take().expect("taken once")());
                cols.push(SeenColumn {
                    name: name.clone(),
                    kind: Kind::of(p),
                    first: first.clone(),
                    pos,
                })
            }
        }
    }
}

impl Columns {
    /// Add a node (nodes come in id order).
    pub fn add_node(&mut self, n: &super::json::WireNode) {
        let row = props::node_row(n);
        let cols = self.nodes.entry(n.kind.clone()).or_default();
        observe(cols, || vec![n.id.clone()], &row);
    }

    /// Add an edge (edges come in output order).
    pub fn add_edge(&mut self, e: &super::json::WireEdge) {
        let row = props::edge_row(e);
        let cols = self.edges.entry(e.relation.clone()).or_default();
        observe(cols, || edge_key(e), &row);
    }
}

/// An edge's sort key within its relation's file.
fn edge_key(e: &super::json::WireEdge) -> Vec<String> {
    let role = e.attrs.get("role").and_then(|r| r.as_str()).unwrap_or("");
    vec![e.source.clone(), e.target.clone(), role.to_string()]
}

/// The columns of a partition's nodes and edges (each in output order).
pub fn columns_of(g: &GraphFile) -> Columns {
    let mut c = Columns::default();
    for n in &g.nodes {
        c.add_node(n);
    }
    for e in &g.edges {
        c.add_edge(e);
    }
    c
}

impl Columns {
    /// The columns of the whole graph from those of its partitions: each
    /// column's kind joined over all, the columns in order of first
    /// appearance — the columns a single build's export has.
    pub fn union(parts: impl IntoIterator<Item = Columns>) -> Columns {
        fn unite(
            into: &mut BTreeMap<String, Vec<SeenColumn>>,
            from: BTreeMap<String, Vec<SeenColumn>>,
        ) {
            for (file, cols) in from {
                let have = into.entry(file).or_default();
                for c in cols {
                    match have.iter_mut().find(|h| h.name == c.name) {
                        Some(h) => {
                            h.kind = h.kind.join(c.kind);
                            if (&c.first, c.pos) < (&h.first, h.pos) {
                                h.first = c.first;
                                h.pos = c.pos;
                            }
                        }
                        None => have.push(c),
                    }
                }
            }
        }
        let mut all = Columns::default();
        for p in parts {
            unite(&mut all.nodes, p.nodes);
            unite(&mut all.edges, p.edges);
        }
        for cols in all.nodes.values_mut().chain(all.edges.values_mut()) {
            cols.sort_by(|a, b| (&a.first, a.pos).cmp(&(&b.first, b.pos)));
        }
        all
    }
}

fn plain(cols: &[SeenColumn]) -> Vec<Column> {
    cols.iter()
        .map(|c| Column {
            name: c.name.clone(),
            kind: c.kind,
        })
        .collect()
}

/// Header files of a partitioned export, one per node type and relation:
/// `nodes_<type>.header.csv`, `edges_<relation>.header.csv` (the header
/// line of the file a single build's export writes).
pub fn header_files(cols: &Columns) -> Vec<CsvFile> {
    let mut files = Vec::new();
    for (kind, c) in &cols.nodes {
        files.push(CsvFile {
            name: format!("nodes_{}.header.csv", file_part(kind)),
            bytes: header_line(&["id:ID", ":LABEL"], &plain(c)),
        });
    }
    for (relation, c) in &cols.edges {
        files.push(CsvFile {
            name: format!("edges_{}.header.csv", file_part(relation)),
            bytes: header_line(&[":START_ID", ":END_ID", ":TYPE"], &plain(c)),
        });
    }
    files
}

/// The rows of partition `g` under the whole graph's columns `cols`, one
/// file per node type and relation the partition has, named
/// `nodes_<type>.<part>.csv` and `edges_<relation>.<part>.csv`, without a
/// header: the single export's rows that this partition owns, in order.
pub fn row_files(g: &GraphFile, cols: &Columns, part: &str) -> Vec<CsvFile> {
    let empty = Vec::new();
    let mut files = Vec::new();
    let mut nodes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, n) in g.nodes.iter().enumerate() {
        nodes.entry(&n.kind).or_default().push(i);
    }
    for (kind, idx) in &nodes {
        let c = plain(cols.nodes.get(*kind).unwrap_or(&empty));
        let label = super::cypher::label(kind);
        let rows: Vec<Row> = idx.iter().map(|&i| props::node_row(&g.nodes[i])).collect();
        let rows = idx
            .iter()
            .zip(&rows)
            .map(|(&i, r)| (vec![quote(&g.nodes[i].id), quote(&label)], r))
            .collect();
        files.push(CsvFile {
            name: format!("nodes_{}.{part}.csv", file_part(kind)),
            bytes: table_rows(&c, rows),
        });
    }
    let mut edges: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in g.edges.iter().enumerate() {
        edges.entry(&e.relation).or_default().push(i);
    }
    for (relation, idx) in &edges {
        let c = plain(cols.edges.get(*relation).unwrap_or(&empty));
        let ty = super::cypher::rel_type(relation);
        let rows: Vec<Row> = idx.iter().map(|&i| props::edge_row(&g.edges[i])).collect();
        let rows = idx
            .iter()
            .zip(&rows)
            .map(|(&i, r)| {
                let e = &g.edges[i];
                (vec![quote(&e.source), quote(&e.target), quote(&ty)], r)
            })
            .collect();
        files.push(CsvFile {
            name: format!("edges_{}.{part}.csv", file_part(relation)),
            bytes: table_rows(&c, rows),
        });
    }
    files
}

/// `import.sh` for a partitioned export: each node type and relation is
/// its header file followed by its partitions' row files (`names`, the
/// files present), the form `neo4j-admin database import` takes for a
/// file split in parts.
pub fn partitioned_import_script(names: &[String]) -> String {
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for n in names {
        if let Some((stem, rest)) = n.split_once('.') {
            if rest != "header.csv" && rest.ends_with(".csv") {
                groups.entry(stem).or_default().push(n);
            }
        }
    }
    let files: Vec<CsvFile> = groups
        .into_iter()
        .map(|(stem, mut parts)| {
            parts.sort_unstable();
            CsvFile {
                name: format!("{stem}.header.csv,{}", parts.join(",")),
                bytes: Vec::new(),
            }
        })
        .collect();
    import_script(&files)
}

/// The rows of a CSV file's bytes, each with its newline: a newline inside
/// a quoted field (an even number of quotes before it ends no row) stays
/// in its row.
pub fn split_rows(bytes: &[u8]) -> Vec<&[u8]> {
    let mut rows = Vec::new();
    let (mut start, mut quotes) = (0, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' {
            quotes += 1;
        } else if b == b'\n' && quotes % 2 == 0 {
            rows.push(&bytes[start..=i]);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        rows.push(&bytes[start..]);
    }
    rows
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
