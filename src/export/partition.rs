//! The files of a partitioned build (`govgraph merge --partition I/N`),
//! their CSV export (`govgraph dist csv`) and their assembly into the files
//! of a single build (`govgraph dist assemble`).
//!
//! A partition directory holds `nodes.jsonl` and `edges.jsonl` (its lines
//! of graph.json, each in output order), `mentions.jsonl` (the shard lines
//! of its documents, in document order), `meta.json` ([`PartMeta`]: its
//! share of graph.json's header) and `columns.json` ([`Columns`]: the CSV
//! columns as its rows use them). Merged by key, the partitions' lines are
//! a single build's files byte for byte.

use super::csv::{self, Columns, CsvFile};
use super::json::{self, GraphFile, GraphMeta, FORMAT_VERSION};
use super::{write_atomic, AtomicFile, ExportError};
use crate::dist::{DistError, PartMeta, Partition};
use crate::graph::KnowledgeGraph;
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// A partition's graph lines.
pub const NODES_FILE: &str = "nodes.jsonl";
/// A partition's edge lines.
pub const EDGES_FILE: &str = "edges.jsonl";
/// A partition's documents' shard lines.
pub const MENTIONS_FILE: &str = "mentions.jsonl";
/// A partition's [`PartMeta`].
pub const META_FILE: &str = "meta.json";
/// A partition's [`Columns`].
pub const COLUMNS_FILE: &str = "columns.json";

/// A failure of a partitioned build's files: one that cannot be read or
/// does not fit the others, or an output that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum PartitionError {
    /// Bad input.
    #[error(transparent)]
    Input(#[from] DistError),
    /// Output not written.
    #[error(transparent)]
    Output(#[from] ExportError),
}

/// Write the graph files of partition `part` of graph `g` (built from the
/// documents routed to it) into `dir`: nodes.jsonl, edges.jsonl,
/// columns.json and `meta` as meta.json.
pub fn write_partition(
    g: &KnowledgeGraph,
    part: Partition,
    meta: &PartMeta,
    dir: &Path,
) -> Result<(), ExportError> {
    let mut nodes = AtomicFile::create(&dir.join(NODES_FILE))?;
    let mut edges = AtomicFile::create(&dir.join(EDGES_FILE))?;
    let owns = |id: &str| part.owns(id);
    // The CSV columns are gathered a node or edge at a time: the
    // partition is never held as wire structs.
    let cols = std::cell::RefCell::new(Columns::default());
    json::write_partition_lines(
        g,
        &owns,
        &mut nodes.writer,
        &mut edges.writer,
        &mut |n| cols.borrow_mut().add_node(n),
        &mut |e| cols.borrow_mut().add_edge(e),
    )
    .map_err(|e| ExportError::Io {
        path: dir.join(NODES_FILE),
        source: e,
    })?;
    nodes.commit()?;
    edges.commit()?;
    let cols = cols.into_inner();
    let text = serde_json::to_vec(&cols).expect("columns serialise");
    write_atomic(&dir.join(COLUMNS_FILE), &text)?;
    let text = serde_json::to_vec(meta).expect("meta serialises");
    write_atomic(&dir.join(META_FILE), &text)
}

fn header(documents: Vec<String>, articles: usize, reposts: usize) -> GraphMeta {
    GraphMeta {
        name: "govgraph".into(),
        version: FORMAT_VERSION,
        offsets: "chars".into(),
        documents,
        articles,
        reposts,
    }
}

fn read_err(path: &Path) -> impl Fn(std::io::Error) -> DistError + '_ {
    move |e| DistError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

fn bad_line(path: &Path, line: usize, what: &'static str, reason: String) -> DistError {
    DistError::BadLine {
        path: path.to_path_buf(),
        line,
        what,
        reason,
    }
}

/// A partition directory, checked: its meta and columns.
struct Part {
    dir: PathBuf,
    meta: PartMeta,
    partition: Partition,
    columns: Columns,
}

fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &'static str,
) -> Result<T, DistError> {
    let bytes = std::fs::read(path).map_err(read_err(path))?;
    serde_json::from_slice(&bytes).map_err(|e| bad_line(path, 1, what, e.to_string()))
}

/// Read partition directories and check that they are the N partitions of
/// one build, each once; returned in partition order.
fn read_parts(dirs: &[PathBuf]) -> Result<Vec<Part>, DistError> {
    let mut parts = Vec::new();
    for dir in dirs {
        let meta: PartMeta = read_json(&dir.join(META_FILE), "partition meta")?;
        let partition = Partition::parse(&meta.partition).map_err(|e| DistError::Parts {
            path: dir.clone(),
            reason: e.to_string(),
        })?;
        let columns = read_json(&dir.join(COLUMNS_FILE), "partition columns")?;
        parts.push(Part {
            dir: dir.clone(),
            meta,
            partition,
            columns,
        });
    }
    parts.sort_by_key(|p| p.partition.index);
    let n = parts.first().map_or(0, |p| p.partition.count);
    for (i, p) in parts.iter().enumerate() {
        if p.partition.count != n || p.partition.index as usize != i {
            return Err(DistError::Parts {
                path: p.dir.clone(),
                reason: format!(
                    "partition {} does not complete a build of {n} partitions \
                     ({} directories given: each partition exactly once)",
                    p.partition,
                    dirs.len()
                ),
            });
        }
    }
    if parts.len() != n as usize {
        return Err(DistError::Parts {
            path: dirs.first().cloned().unwrap_or_default(),
            reason: format!("{} of {n} partitions given", parts.len()),
        });
    }
    Ok(parts)
}

/// The lines of a file, without their newlines.
struct Lines {
    path: PathBuf,
    inner: std::io::Split<std::io::BufReader<std::fs::File>>,
    line: usize,
}

impl Lines {
    fn open(path: &Path) -> Result<Lines, DistError> {
        let f = std::fs::File::open(path).map_err(read_err(path))?;
        Ok(Lines {
            path: path.to_path_buf(),
            inner: std::io::BufReader::with_capacity(1 << 20, f).split(b'\n'),
            line: 0,
        })
    }
}

impl Iterator for Lines {
    type Item = Result<(usize, Vec<u8>), DistError>;
    fn next(&mut self) -> Option<Self::Item> {
        let r = self.inner.next()?;
        self.line += 1;
        Some(r.map(|l| (self.line, l)).map_err(read_err(&self.path)))
    }
}

/// A line of one of several files (its number), with its key.
type Keyed<K> = Result<(usize, K, Vec<u8>), DistError>;

/// Merge files each sorted by `key` into one stream in key order, as
/// (file number, key, line). A file out of order is bad input.
fn merge_by<K: Ord + Clone>(
    paths: Vec<PathBuf>,
    what: &'static str,
    key: impl Fn(&[u8]) -> serde_json::Result<K>,
) -> Result<impl Iterator<Item = Keyed<K>>, DistError> {
    let mut files = Vec::new();
    for p in &paths {
        files.push(Lines::open(p)?);
    }
    let mut heap = BinaryHeap::new();
    let mut pending: Vec<Option<Vec<u8>>> = vec![None; files.len()];
    let mut last: Vec<Option<K>> = vec![None; files.len()];
    let mut failed = false;
    // Read file `i`'s next line into the heap.
    let mut advance = move |i: usize,
                            files: &mut Vec<Lines>,
                            heap: &mut BinaryHeap<Reverse<(K, usize)>>,
                            pending: &mut Vec<Option<Vec<u8>>>|
          -> Result<(), DistError> {
        let Some(r) = files[i].next() else {
            return Ok(());
        };
        let (n, line) = r?;
        let path = files[i].path.clone();
        let k = key(&line).map_err(|e| bad_line(&path, n, what, e.to_string()))?;
        if last[i].as_ref().is_some_and(|l| *l >= k) {
            return Err(bad_line(&path, n, what, "out of order".into()));
        }
        last[i] = Some(k.clone());
        heap.push(Reverse((k, i)));
        pending[i] = Some(line);
        Ok(())
    };
    for i in 0..files.len() {
        advance(i, &mut files, &mut heap, &mut pending)?;
    }
    Ok(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let Reverse((k, i)) = heap.pop()?;
        let line = pending[i].take().expect("a pending line");
        if let Err(e) = advance(i, &mut files, &mut heap, &mut pending) {
            failed = true;
            return Some(Err(e));
        }
        Some(Ok((i, k, line)))
    }))
}

fn node_key(line: &[u8]) -> serde_json::Result<(String, String)> {
    #[derive(serde::Deserialize)]
    struct K {
        id: String,
        #[serde(rename = "type")]
        kind: String,
    }
    let k: K = serde_json::from_slice(line)?;
    Ok((k.id, k.kind))
}

type EdgeOrder = (String, String, String, String);

fn edge_key(line: &[u8]) -> serde_json::Result<EdgeOrder> {
    #[derive(serde::Deserialize)]
    struct A {
        #[serde(default)]
        role: String,
    }
    #[derive(serde::Deserialize)]
    struct K {
        source: String,
        target: String,
        relation: String,
        attrs: A,
    }
    let k: K = serde_json::from_slice(line)?;
    Ok((k.source, k.target, k.relation, k.attrs.role))
}

fn doc_key(line: &[u8]) -> serde_json::Result<String> {
    #[derive(serde::Deserialize)]
    struct K {
        doc: String,
    }
    serde_json::from_slice::<K>(line).map(|k| k.doc)
}

/// The CSV export of the partitions in `dirs`, under the columns of all of
/// them: header files, `import.sh`, and the row files of the partitions in
/// `only` (all when `None`), into `out` (created if missing).
pub fn write_csv(dirs: &[PathBuf], only: Option<&Path>, out: &Path) -> Result<(), PartitionError> {
    let parts = read_parts(dirs)?;
    let cols = Columns::union(parts.iter().map(|p| p.columns.clone()));
    std::fs::create_dir_all(out).map_err(|e| ExportError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    let mut names = Vec::new();
    for f in csv::header_files(&cols) {
        write_atomic(&out.join(&f.name), &f.bytes)?;
    }
    for p in &parts {
        let tag = p.partition.tag();
        for kind in p.columns.nodes.keys() {
            names.push(format!("nodes_{}.{tag}.csv", super::csv::file_part(kind)));
        }
        for rel in p.columns.edges.keys() {
            names.push(format!("edges_{}.{tag}.csv", super::csv::file_part(rel)));
        }
        let wanted = only.is_none_or(|o| same_dir(o, &p.dir));
        if !wanted {
            continue;
        }
        let g = read_wire(p)?;
        for f in csv::row_files(&g, &cols, &tag) {
            write_atomic(&out.join(&f.name), &f.bytes)?;
        }
    }
    if let Some(o) = only {
        if !parts.iter().any(|p| same_dir(o, &p.dir)) {
            return Err(DistError::Parts {
                path: o.to_path_buf(),
                reason: "--only names none of the partition directories given".into(),
            }
            .into());
        }
    }
    let script = csv::partitioned_import_script(&names);
    write_atomic(&out.join("import.sh"), script.as_bytes())?;
    Ok(())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A partition's nodes and edges as wire structs.
fn read_wire(p: &Part) -> Result<GraphFile, DistError> {
    let mut g = GraphFile {
        directed: true,
        multigraph: true,
        graph: header(Vec::new(), 0, 0),
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    for r in Lines::open(&p.dir.join(NODES_FILE))? {
        let (n, line) = r?;
        let node = serde_json::from_slice(&line)
            .map_err(|e| bad_line(&p.dir.join(NODES_FILE), n, "node", e.to_string()))?;
        g.nodes.push(node);
    }
    for r in Lines::open(&p.dir.join(EDGES_FILE))? {
        let (n, line) = r?;
        let edge = serde_json::from_slice(&line)
            .map_err(|e| bad_line(&p.dir.join(EDGES_FILE), n, "edge", e.to_string()))?;
        g.edges.push(edge);
    }
    Ok(g)
}

/// Assemble partitions into a single build's files in `out` (created if
/// missing): graph.json, mentions.jsonl, and with `csv` (a directory
/// [`write_csv`] filled for all of them) `csv/`, the files of
/// `govgraph export --format csv`.
pub fn assemble(
    dirs: &[PathBuf],
    csv_dir: Option<&Path>,
    out: &Path,
) -> Result<(), PartitionError> {
    let parts = read_parts(dirs)?;
    let mkdir = |d: &Path| {
        std::fs::create_dir_all(d).map_err(|e| ExportError::Io {
            path: d.to_path_buf(),
            source: e,
        })
    };
    mkdir(out)?;
    let mut documents: Vec<String> = parts
        .iter()
        .flat_map(|p| p.meta.documents.iter().cloned())
        .collect();
    documents.sort_unstable();
    let meta = header(
        documents,
        parts.iter().map(|p| p.meta.articles).sum(),
        parts.iter().map(|p| p.meta.reposts).sum(),
    );
    let files = |name: &str| parts.iter().map(|p| p.dir.join(name)).collect::<Vec<_>>();

    // CSV rows of each partition, by file, in order: a node's or edge's row
    // is the next one of its partition's file.
    let mut rows: Vec<BTreeMap<String, std::vec::IntoIter<Vec<u8>>>> = Vec::new();
    let mut csv_out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if let Some(cdir) = csv_dir {
        for f in std::fs::read_dir(cdir).map_err(read_err(cdir))? {
            let f = f.map_err(read_err(cdir))?;
            let name = f.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".header.csv") {
                let bytes = std::fs::read(f.path()).map_err(read_err(&f.path()))?;
                csv_out.insert(format!("{stem}.csv"), bytes);
            }
        }
        for p in &parts {
            let tag = p.partition.tag();
            let mut mine = BTreeMap::new();
            let stems = p
                .columns
                .nodes
                .keys()
                .map(|k| format!("nodes_{}", super::csv::file_part(k)))
                .chain(
                    p.columns
                        .edges
                        .keys()
                        .map(|r| format!("edges_{}", super::csv::file_part(r))),
                );
            for stem in stems {
                let path = cdir.join(format!("{stem}.{tag}.csv"));
                let bytes = std::fs::read(&path).map_err(read_err(&path))?;
                let list: Vec<Vec<u8>> = csv::split_rows(&bytes)
                    .into_iter()
                    .map(<[u8]>::to_vec)
                    .collect();
                mine.insert(stem, list.into_iter());
            }
            rows.push(mine);
        }
    }
    // Shared by the node and edge streams: the rows left of each
    // partition's files, the CSV files being made, the first failure.
    let state = RefCell::new((rows, csv_out, None::<DistError>));
    let step = |r: Option<Keyed<String>>| {
        let r = r?;
        let mut st = state.borrow_mut();
        let (rows, csv_out, failure) = &mut *st;
        let r = r.and_then(|(part, stem, line)| {
            if csv_dir.is_some() {
                let row = rows[part].get_mut(&stem).and_then(Iterator::next);
                match (row, csv_out.get_mut(&format!("{stem}.csv"))) {
                    (Some(row), Some(file)) => file.extend_from_slice(&row),
                    _ => {
                        return Err(DistError::Parts {
                            path: parts[part].dir.clone(),
                            reason: format!("its CSV rows of {stem} do not match its graph lines"),
                        })
                    }
                }
            }
            Ok(line)
        });
        Some(r.map_err(|e| {
            let msg = e.to_string();
            failure.get_or_insert(e);
            std::io::Error::other(msg)
        }))
    };
    let mut nodes = merge_by(files(NODES_FILE), "node", node_key)?;
    let mut edges = merge_by(files(EDGES_FILE), "edge", edge_key)?;
    let mut node_lines = std::iter::from_fn(|| {
        step(nodes.next().map(|r| {
            r.map(|(i, (_, kind), l)| (i, format!("nodes_{}", super::csv::file_part(&kind)), l))
        }))
    });
    let mut edge_lines =
        std::iter::from_fn(|| {
            step(edges.next().map(|r| {
                r.map(|(i, k, l)| (i, format!("edges_{}", super::csv::file_part(&k.2)), l))
            }))
        });
    let mut w = AtomicFile::create(&out.join("graph.json"))?;
    let written = json::write_assembled(&mut w.writer, &meta, &mut node_lines, &mut edge_lines);
    let (mut rows, csv_out, failure) = state.into_inner();
    if let Some(f) = failure {
        return Err(f.into());
    }
    written.map_err(|e| w.error(e))?;
    w.commit()?;

    let mut m = AtomicFile::create(&out.join(MENTIONS_FILE))?;
    for r in merge_by(files(MENTIONS_FILE), "shard", doc_key)? {
        let (_, _, line) = r?;
        m.writer
            .write_all(&line)
            .and_then(|()| m.writer.write_all(b"\n"))
            .map_err(|e| m.error(e))?;
    }
    m.commit()?;

    if csv_dir.is_some() {
        for (part, mine) in rows.iter_mut().enumerate() {
            if let Some((stem, _)) = mine.iter_mut().find(|(_, r)| r.len() > 0) {
                return Err(DistError::Parts {
                    path: parts[part].dir.clone(),
                    reason: format!("its CSV file {stem} has rows beyond its graph lines"),
                }
                .into());
            }
        }
        let cdir = out.join("csv");
        mkdir(&cdir)?;
        // The single export's order: node files, then relationship files.
        let (node_files, edge_files): (Vec<CsvFile>, Vec<CsvFile>) = csv_out
            .into_iter()
            .map(|(name, bytes)| CsvFile { name, bytes })
            .partition(|f| f.name.starts_with("nodes_"));
        let files: Vec<CsvFile> = node_files.into_iter().chain(edge_files).collect();
        for f in &files {
            write_atomic(&cdir.join(&f.name), &f.bytes)?;
        }
        write_atomic(
            &cdir.join("import.sh"),
            csv::import_script(&files).as_bytes(),
        )?;
    }
    Ok(())
}
