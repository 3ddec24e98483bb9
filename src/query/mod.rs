//! `query`: answers questions about a built graph (graph.json) — find a
//! name, show an entity, its neighbours, the shortest paths between two
//! entities, an entity's timeline of events, who met whom, rankings and
//! statistics, and officials' careers (`career`, `holders`).
//!
//! Owns [`QueryGraph`], the opened graph. graph.json stays the source of
//! truth; a binary index beside it (`graph.index`, see `index.rs`) answers
//! lookups and traversals without parsing the JSON, and each printed
//! record is parsed from its byte range in graph.json when needed. The index
//! is rebuilt whenever graph.json changes and written atomically; when it
//! cannot be written (a read-only directory) it is built in memory.
//!
//! Traversals (`neighbors`, `path`) and scores (`rank`) work on the
//! **entity graph**: people, places, agencies and events and the relations
//! between them, undirected. Article and document nodes are the evidence's
//! bookkeeping and are never stepped through: through them every two names
//! printed in one article would be two hops apart.
//!
//! Each command returns a plain result type that serialises to the `--json`
//! output and renders as a [`table::Table`]. Evidence sentences are quoted
//! from the input pages through [`evidence::Pages`].
//!
//! ```no_run
//! use govgraph::query::QueryGraph;
//! let g = QueryGraph::open(std::path::Path::new("output")).unwrap();
//! let hits = g.find("县长", None, 10);
//! println!("{}", hits.to_table());
//! ```

pub mod algo;
mod build;
mod career;
mod dates;
pub mod evidence;
mod explore;
mod index;
mod lookup;
mod path;
mod rank;
mod roster;
pub mod table;
mod timeline;

pub use career::{spells_csv, Career, DatePoint, Holders, Sighting, Spell, Year};
pub use dates::DateRange;
pub use explore::{
    Degree, FindHit, FindResult, Link, NeighborRow, Neighbors, NodeRef, Show, Stats, TitleRow,
};
pub use lookup::Candidate;
pub use path::{Hop, PathLinks, PathResult};
pub use rank::{RankBy, RankRow, Ranking};
pub use roster::FindQuery;
pub use timeline::{CoattendRow, Coattendance, EventRow, Timeline};

use crate::export::json::WireNode;
use crate::model::NodeType;
use index::{Bytes, Fingerprint, Index, Sec};
use std::path::{Path, PathBuf};

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The graph (or the index) could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not a govgraph graph.json.
    #[error("{path}: not a govgraph graph: {reason}")]
    BadGraph {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A directory that holds no graph.json.
    #[error("{dir}: no graph.json here; run `govgraph build PAGES --out {dir}` first")]
    NoGraph {
        /// The directory given.
        dir: PathBuf,
    },
    /// A name shared by several entities, or nothing found.
    #[error(transparent)]
    Lookup(#[from] crate::model::lookup::LookupError),
    /// An argument the query cannot use.
    #[error("{arg}: {reason}")]
    BadArgument {
        /// The argument.
        arg: String,
        /// Why.
        reason: String,
    },
}

impl QueryError {
    /// The process exit code: 4 ambiguous name, 5 nothing found, 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            QueryError::Lookup(l) => l.exit_code(),
            _ => 2,
        }
    }
}

/// How the index was obtained when the graph was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexStatus {
    /// An up-to-date index was mapped.
    Current,
    /// The index was missing or out of date and has been rebuilt and saved.
    Rebuilt(PathBuf),
    /// The index could not be saved; it was built in memory (the reason).
    InMemory(String),
}

/// A graph opened for queries.
#[derive(Debug)]
pub struct QueryGraph {
    path: PathBuf,
    json: memmap2::Mmap,
    index: Index,
    status: IndexStatus,
}

const DAMAGED: &str = " (if graph.json is intact, graph.index is damaged: delete it)";

/// The index file beside `graph.json`: `graph.index`.
pub fn index_path(graph_json: &Path) -> PathBuf {
    graph_json.with_extension("index")
}

fn map(path: &Path) -> Result<(std::fs::File, memmap2::Mmap), std::io::Error> {
    let f = std::fs::File::open(path)?;
    // SAFETY: govgraph replaces graph.json and graph.index only by renaming a
    // new file over them (export::write_atomic), never by writing in place,
    // so the mapped inode does not change under us. Another program
    // truncating the file while a query runs is not supported.
    let m = unsafe { memmap2::Mmap::map(&f)? };
    Ok((f, m))
}

impl QueryGraph {
    /// Open a build directory (its `graph.json`) or a graph.json file, with
    /// its index (rebuilt when missing or out of date).
    pub fn open(path: &Path) -> Result<QueryGraph, QueryError> {
        let json_path = if path.is_dir() {
            let p = path.join("graph.json");
            if std::fs::symlink_metadata(&p).is_err() {
                return Err(QueryError::NoGraph {
                    dir: path.to_path_buf(),
                });
            }
            p
        } else {
            path.to_path_buf()
        };
        let io = |e: std::io::Error| QueryError::Io {
            path: json_path.clone(),
            source: e,
        };
        let (file, json) = map(&json_path).map_err(io)?;
        if !file.metadata().map_err(io)?.is_file() {
            return Err(QueryError::BadGraph {
                path: json_path,
                reason: "not a regular file".into(),
            });
        }
        let fp = Fingerprint::of(&file.metadata().map_err(io)?, &json);
        let ipath = index_path(&json_path);
        let existing = map(&ipath)
            .ok()
            .and_then(|(_, m)| Index::parse(Bytes::Map(m)).ok())
            .filter(|ix| ix.fp == fp);
        let (index, status) = match existing {
            Some(ix) => (ix, IndexStatus::Current),
            None => {
                let bytes =
                    build::build_index(&json, &fp).map_err(|reason| QueryError::BadGraph {
                        path: json_path.clone(),
                        reason,
                    })?;
                let status = match crate::export::write_atomic(&ipath, &bytes) {
                    Ok(()) => IndexStatus::Rebuilt(ipath),
                    Err(e) => IndexStatus::InMemory(e.to_string()),
                };
                let ix =
                    Index::parse(Bytes::Owned(bytes)).map_err(|reason| QueryError::BadGraph {
                        path: json_path.clone(),
                        reason,
                    })?;
                (ix, status)
            }
        };
        Ok(QueryGraph {
            path: json_path,
            json,
            index,
            status,
        })
    }

    /// The graph.json path.
    pub fn graph_path(&self) -> &Path {
        &self.path
    }
    /// How the index was obtained.
    pub fn index_status(&self) -> &IndexStatus {
        &self.status
    }
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.index.counts.nodes as usize
    }
    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.index.counts.edges as usize
    }

    // Node columns (v < node_count()).
    /// The node's type (`None`: a type outside the graph.json contract).
    pub(crate) fn kind(&self, v: u32) -> Option<NodeType> {
        index::kind_of_code(self.index.u8(Sec::NodeType, v as usize))
    }
    /// Whether walks step through the node ([`crate::model::steps_through`]).
    pub(crate) fn is_entity(&self, v: u32) -> bool {
        crate::model::steps_through(self.kind(v))
    }
    pub(crate) fn type_name(&self, v: u32) -> &str {
        self.index.str(self.index.u32(Sec::NodeTypeStr, v as usize))
    }
    pub(crate) fn id(&self, v: u32) -> &str {
        self.index.str(self.index.u32(Sec::NodeId, v as usize))
    }
    pub(crate) fn name(&self, v: u32) -> &str {
        self.index.str(self.index.u32(Sec::NodeName, v as usize))
    }
    pub(crate) fn scope(&self, v: u32) -> Option<&str> {
        self.index.opt_str(Sec::NodeScope, v as usize)
    }
    pub(crate) fn date(&self, v: u32) -> Option<&str> {
        self.index.opt_str(Sec::NodeDate, v as usize)
    }
    pub(crate) fn event_kind(&self, v: u32) -> Option<&str> {
        self.index.opt_str(Sec::NodeKind, v as usize)
    }
    pub(crate) fn place(&self, v: u32) -> Option<&str> {
        self.index.opt_str(Sec::NodePlace, v as usize)
    }
    pub(crate) fn degree(&self, v: u32) -> u32 {
        self.index.u32(Sec::NodeDegree, v as usize)
    }
    pub(crate) fn pagerank(&self, v: u32) -> f64 {
        self.index.f64(Sec::NodePagerank, v as usize)
    }
    pub(crate) fn betweenness(&self, v: u32) -> f64 {
        self.index.f64(Sec::NodeBetweenness, v as usize)
    }
    pub(crate) fn betweenness_pivots(&self) -> u32 {
        self.index.counts.pivots
    }
    pub(crate) fn node_ref(&self, v: u32) -> NodeRef {
        NodeRef {
            id: self.id(v).to_string(),
            kind: self.type_name(v).to_string(),
            name: self.name(v).to_string(),
        }
    }

    // Edge columns (e < edge_count()).
    pub(crate) fn edge_ends(&self, e: u32) -> (u32, u32) {
        (
            self.index.u32(Sec::EdgeSrc, e as usize),
            self.index.u32(Sec::EdgeDst, e as usize),
        )
    }
    pub(crate) fn relation(&self, e: u32) -> &str {
        self.index.str(self.index.u32(Sec::EdgeRel, e as usize))
    }
    pub(crate) fn role(&self, e: u32) -> Option<&str> {
        self.index.opt_str(Sec::EdgeRole, e as usize)
    }
    /// The first evidence of edge `e`: (doc, article, start, end).
    pub(crate) fn first_evidence(&self, e: u32) -> Option<(&str, usize, usize, usize)> {
        let i = e as usize;
        let doc = self.index.opt_str(Sec::EdgeEvDoc, i)?;
        Some((
            doc,
            self.index.u32(Sec::EdgeEvArticle, i) as usize,
            self.index.u32(Sec::EdgeEvStart, i) as usize,
            self.index.u32(Sec::EdgeEvEnd, i) as usize,
        ))
    }
    /// Edges incident to `v` (as source or target), by (other end, edge).
    pub(crate) fn edges_of(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        let adj = self.index.sec(Sec::Adj).len() / 4;
        self.index
            .range(Sec::AdjStart, v as usize, adj)
            .map(move |i| self.index.u32(Sec::Adj, i))
    }
    /// The other end of edge `e` seen from `v`.
    pub(crate) fn other(&self, e: u32, v: u32) -> u32 {
        let (s, t) = self.edge_ends(e);
        if s == v {
            t
        } else {
            s
        }
    }

    /// The node with this id.
    pub fn find_id(&self, id: &str) -> Option<u32> {
        let n = self.node_count();
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id(mid as u32).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    fn record(&self, off: Sec, len: Sec, i: usize) -> &[u8] {
        let o = self.index.u64(off, i) as usize;
        let l = self.index.u64(len, i) as usize;
        self.json.get(o..o.saturating_add(l)).unwrap_or(&[])
    }

    /// The full graph.json record of node `v`.
    pub(crate) fn node_record(&self, v: u32) -> Result<WireNode, QueryError> {
        let r: WireNode =
            serde_json::from_slice(self.record(Sec::NodeJsonOff, Sec::NodeJsonLen, v as usize))
                .map_err(|e| self.bad(format!("node {}: {e}{DAMAGED}", self.id(v))))?;
        if r.id != self.id(v) {
            return Err(self.bad(format!("node {} is out of step{DAMAGED}", r.id)));
        }
        Ok(r)
    }

    fn bad(&self, reason: String) -> QueryError {
        QueryError::BadGraph {
            path: self.path.clone(),
            reason,
        }
    }

    /// Size of graph.json and of its index, in bytes.
    pub fn sizes(&self) -> (u64, u64) {
        (self.json.len() as u64, self.index.len() as u64)
    }
}

/// The entity graph, read in place from the index.
pub(crate) struct EntityGraph<'a>(pub &'a QueryGraph);

impl algo::Neighbors for EntityGraph<'_> {
    fn node_count(&self) -> usize {
        self.0.node_count()
    }
    fn for_each_neighbor(&self, v: u32, mut f: impl FnMut(u32)) {
        for (w, _) in self.0.entity_links(v) {
            f(w);
        }
    }
}

impl QueryGraph {
    /// The entity-graph neighbours of `v`, ascending, each with the
    /// relations of the link, read in place from the index.
    pub(crate) fn entity_links(&self, v: u32) -> impl Iterator<Item = (u32, algo::RelSet)> + '_ {
        let ix = &self.index;
        let n = self.node_count() as u32;
        let (ent, rel) = (ix.sec(Sec::Ent), ix.sec(Sec::EntRel));
        let r = ix.range(Sec::EntStart, v as usize, ent.len() / 4);
        // One slice per node (the layout check makes both columns equally
        // long): this loop is the whole cost of `path`.
        let word = |c: &[u8]| u32::from_le_bytes(c.try_into().expect("4 bytes"));
        let rels = rel.get(4 * r.start..4 * r.end).unwrap_or(&[]);
        ent[4 * r.start..4 * r.end]
            .chunks_exact(4)
            .zip(rels.chunks_exact(4))
            .map(move |(w, s)| (word(w), word(s)))
            .filter(move |&(w, _)| w < n)
    }

    /// The [`algo::RelSet`] bits of these relation names in the entity
    /// graph (0 for a name no link carries).
    pub(crate) fn relation_bits(&self, names: &[&str]) -> algo::RelSet {
        let codes = self.index.sec(Sec::EntRelNames).len() / 4;
        (0..codes)
            .filter(|&c| names.contains(&self.index.str(self.index.u32(Sec::EntRelNames, c))))
            .fold(0, |bits, c| bits | algo::rel_bit(c))
    }

    /// The entity graph as petgraph's compressed sparse rows
    /// ([`algo::EntityCsr`]: node weight = node index here, edge weight = the
    /// relations of the link), built from the index, for running petgraph
    /// (or rustworkx-core) algorithms on it. Queries do not need it: they
    /// read the same lists in place.
    ///
    /// # Complexity
    /// * Time: **O(|V| + |E| log |E|)**, space O(|V| + |E|).
    pub fn entity_csr(&self) -> algo::EntityCsr {
        let n = self.node_count();
        let members: Vec<u32> = (0..n as u32)
            .filter(|&v| crate::model::steps_through(self.kind(v)))
            .collect();
        let mut compact = vec![u32::MAX; n];
        for (i, &v) in members.iter().enumerate() {
            compact[v as usize] = i as u32;
        }
        let links: Vec<(u32, u32, algo::RelSet)> = members
            .iter()
            .flat_map(|&v| {
                let compact = &compact;
                self.entity_links(v)
                    .filter(move |&(w, _)| compact[w as usize] != u32::MAX)
                    .map(move |(w, r)| (compact[v as usize], compact[w as usize], r))
            })
            .collect();
        algo::entity_csr(members, &links)
    }
}
