//! A build split over machines: partitions of the graph, the first passes,
//! and the fragments each partition replays.
//!
//! A node belongs to partition `fnv1a(id) mod N`, an edge to its source's
//! partition, a document's shard line (mentions.jsonl) and its counts to
//! the partition of its `document:` node. Identity keys are decided inside
//! one document (`resolve`), so [`route`] can resolve each document once,
//! record the steps of adding it to the graph by node id
//! ([`crate::graph::Op`]) and cut them into one [`Fragment`] per partition;
//! a partition replaying its fragments in document order
//! ([`replay_fragments`]) fills its nodes and edges exactly as a single
//! build does. Two decisions look at other documents, and a first pass
//! settles them for all partitions:
//!
//! - repost clusters (`crate::repost`): every article's role, computed once
//!   from all signatures (`govgraph dist reposts`);
//! - an event that names a place through a dropped mention links to it only
//!   if an earlier document (or this one) brought the place in: the first
//!   document bringing in each such place ([`Route::weak`],
//!   [`Route::places`]; the distributed job takes the minimum per place).

use crate::extract::DocMentions;
use crate::graph::{KnowledgeGraph, Op};
use crate::repost::Reposts;
use crate::resolve::{resolve_document, ResolveOptions};
use crate::resources::Resources;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Errors of the distributed build's own files and arguments.
#[derive(Debug, thiserror::Error)]
pub enum DistError {
    /// A `--partition` argument that is not `I/N` with `I < N`.
    #[error("--partition {arg:?}: {reason} (expected I/N, 0 <= I < N, e.g. 3/16)")]
    BadPartition {
        /// The argument.
        arg: String,
        /// What is wrong.
        reason: String,
    },
    /// A line of a roles, first-seen, route or partition file that does not parse.
    #[error("{path}:{line}: not a {what} line: {reason}")]
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the file should hold.
        what: &'static str,
        /// The parser's message.
        reason: String,
    },
    /// A file of the distributed build that cannot be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Partitions that do not make one build.
    #[error("{path}: {reason}")]
    Parts {
        /// The partition directory.
        path: PathBuf,
        /// What does not fit.
        reason: String,
    },
}

/// Partition `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// Which one, from 0.
    pub index: u32,
    /// How many.
    pub count: u32,
}

/// FNV-1a, 64 bits: a stable hash that any language can recompute, so the
/// partition of an id never depends on the platform or the version.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The partition (of `count`) that node id `id` belongs to.
pub fn partition_of(id: &str, count: u32) -> u32 {
    (fnv1a(id.as_bytes()) % u64::from(count.max(1))) as u32
}

impl Partition {
    /// Parse `I/N`.
    pub fn parse(arg: &str) -> Result<Partition, DistError> {
        let bad = |reason: &str| DistError::BadPartition {
            arg: arg.to_string(),
            reason: reason.to_string(),
        };
        let (i, n) = arg.split_once('/').ok_or_else(|| bad("no '/'"))?;
        let index: u32 = i.trim().parse().map_err(|_| bad("I is not a number"))?;
        let count: u32 = n.trim().parse().map_err(|_| bad("N is not a number"))?;
        if count == 0 {
            return Err(bad("N is 0"));
        }
        if index >= count {
            return Err(bad("I is not below N"));
        }
        Ok(Partition { index, count })
    }

    /// Whether node `id` (or an edge with this source) is this partition's.
    pub fn owns(&self, id: &str) -> bool {
        partition_of(id, self.count) == self.index
    }

    /// Whether document `doc`'s shard line and counts are this partition's.
    pub fn owns_document(&self, doc: &str) -> bool {
        let mut id = String::with_capacity(doc.len() + 9);
        id.push_str("document:");
        id.push_str(doc);
        self.owns(&id)
    }

    /// A name for this partition's files: `p00003of00016`.
    pub fn tag(&self) -> String {
        format!("p{:05}of{:05}", self.index, self.count)
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Where one document goes in a partitioned build: what
/// `govgraph dist route` writes for it (besides its [`Fragment`]s).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Route {
    /// Document name.
    pub doc: String,
    /// The partitions it sends a fragment to, ascending.
    pub parts: Vec<u32>,
    /// Places (node ids) that an event of the document names only through
    /// a dropped mention, not brought in by the document itself.
    pub weak: Vec<String>,
    /// Places (node ids) the document brings into the graph.
    pub places: Vec<String>,
}

/// The steps of one document that one partition replays: those on the
/// nodes it owns, the edges they start, and the adding of those edges'
/// other ends (and the document's counts, for the partition owning its
/// `document:` node). A line of `govgraph dist route --fragments`; its
/// first two fields let a job read the partition and document without
/// parsing the rest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fragment {
    /// The partition.
    pub part: u32,
    /// The document.
    pub doc: String,
    /// Its steps, in the order adding the document takes them.
    pub ops: Vec<Op>,
}

/// Resolve one document (its shard record, checked) with the repost roles
/// of the whole corpus, record the steps of adding it to the graph, and
/// cut them into one fragment for each partition that has any.
pub fn route(
    res: &Resources,
    ropts: &ResolveOptions,
    reposts: &Reposts,
    m: &DocMentions,
    count: u32,
) -> (Route, Vec<Fragment>) {
    let mut r = resolve_document(res, m, ropts);
    for a in &mut r.articles {
        a.set_repost_role(reposts.role(&r.doc, a.index));
    }
    let mut g = KnowledgeGraph::recording();
    g.add_document(res, &r);
    let ops = g.take_log();
    let mut part_of: FxHashMap<&str, u32> = FxHashMap::default();
    // Ids are hashed once each: a document names its nodes many times.
    fn cached<'a>(cache: &mut FxHashMap<&'a str, u32>, id: &'a str, count: u32) -> u32 {
        *cache.entry(id).or_insert_with(|| partition_of(id, count))
    }
    // The other ends of each partition's edges must be in its graph: the
    // steps adding them go there too (their own steps do not).
    let mut ends: FxHashMap<&str, BTreeSet<u32>> = FxHashMap::default();
    let mut weak = BTreeSet::new();
    let mut places = Vec::new();
    for op in &ops {
        match op {
            Op::Link(s, t, ..) => {
                let p = cached(&mut part_of, s, count);
                ends.entry(t).or_default().insert(p);
            }
            Op::Weak(_, t, ..) => {
                weak.insert(t.clone());
            }
            Op::Node(id, kind, _) if kind == "place" => places.push(id.clone()),
            _ => {}
        }
    }
    let doc_part = partition_of(&format!("document:{}", r.doc), count);
    let mut frags: std::collections::BTreeMap<u32, Vec<Op>> = Default::default();
    for op in &ops {
        let Some(id) = op.node() else {
            frags.entry(doc_part).or_default().push(op.clone());
            continue;
        };
        let own = cached(&mut part_of, id, count);
        frags.entry(own).or_default().push(op.clone());
        if matches!(op, Op::Node(..)) {
            for &p in ends.get(id).into_iter().flatten().filter(|&&p| p != own) {
                frags.entry(p).or_default().push(op.clone());
            }
        }
    }
    drop(part_of);
    let route = Route {
        doc: r.doc.clone(),
        parts: frags.keys().copied().collect(),
        weak: weak.into_iter().collect(),
        places,
    };
    let frags = frags
        .into_iter()
        .map(|(part, ops)| Fragment {
            part,
            doc: r.doc.clone(),
            ops,
        })
        .collect();
    (route, frags)
}

/// Replay fragment lines (of `path`, in document order) of partition
/// `part` into `g`: each line is a [`Fragment`] of this partition, and each
/// document comes after the one before.
pub fn replay_fragments(
    g: &mut KnowledgeGraph,
    part: Partition,
    path: &std::path::Path,
    last: &mut Option<String>,
) -> Result<usize, DistError> {
    use rayon::prelude::*;
    use std::io::BufRead;
    let bad = |line: usize, reason: String| DistError::BadLine {
        path: path.to_path_buf(),
        line,
        what: "fragment",
        reason,
    };
    let f = std::fs::File::open(path).map_err(|e| DistError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut lines = std::io::BufReader::with_capacity(1 << 20, f)
        .split(b'\n')
        .enumerate();
    let mut done = 0;
    loop {
        // Parsed on all cores a chunk at a time, replayed in order.
        let chunk: Vec<(usize, Vec<u8>)> = lines
            .by_ref()
            .take(1024)
            .map(|(i, l)| {
                l.map(|l| (i + 1, l)).map_err(|e| DistError::Io {
                    path: path.to_path_buf(),
                    source: e,
                })
            })
            .collect::<Result<_, _>>()?;
        if chunk.is_empty() {
            return Ok(done);
        }
        let parsed: Vec<Result<(usize, Fragment), DistError>> = chunk
            .into_par_iter()
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
            .map(|(i, l)| {
                serde_json::from_slice(&l)
                    .map(|f| (i, f))
                    .map_err(|e| bad(i, e.to_string()))
            })
            .collect();
        for r in parsed {
            let (i, f) = r?;
            if f.part != part.index {
                return Err(bad(
                    i,
                    format!("a fragment of partition {}, not of {}", f.part, part.index),
                ));
            }
            if last.as_ref().is_some_and(|l| *l >= f.doc) {
                return Err(bad(
                    i,
                    format!(
                        "document {:?} comes after {:?}: fragments must be in document order",
                        f.doc,
                        last.as_deref().unwrap_or_default()
                    ),
                ));
            }
            g.replay(&f.doc, &f.ops).map_err(|e| bad(i, e))?;
            *last = Some(f.doc);
            done += 1;
        }
    }
}

/// One line of a first-seen file: a place and the first document of the
/// corpus that brings it in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FirstSeen {
    /// Place node id.
    pub id: String,
    /// Document name.
    pub doc: String,
}

/// Read a first-seen file (JSON lines of [`FirstSeen`]).
pub fn read_first_seen(path: &std::path::Path) -> Result<FxHashMap<Box<str>, Box<str>>, DistError> {
    let text = std::fs::read(path).map_err(|e| DistError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let mut map: FxHashMap<Box<str>, Box<str>> = FxHashMap::default();
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let f: FirstSeen = serde_json::from_slice(line).map_err(|e| DistError::BadLine {
            path: path.to_path_buf(),
            line: i + 1,
            what: "first-seen ({\"id\":…,\"doc\":…})",
            reason: e.to_string(),
        })?;
        // Several lines for one place: the earliest document counts.
        let slot = map
            .entry(f.id.into_boxed_str())
            .or_insert_with(|| f.doc.clone().into_boxed_str());
        if *f.doc < **slot {
            *slot = f.doc.into();
        }
    }
    Ok(map)
}

/// Read a roles file written by `govgraph dist reposts`.
pub fn read_reposts(path: &std::path::Path) -> Result<Reposts, DistError> {
    let text = std::fs::read(path).map_err(|e| DistError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    Reposts::from_lines(&text).map_err(|(line, reason)| DistError::BadLine {
        path: path.to_path_buf(),
        line,
        what: "repost roles",
        reason,
    })
}

/// A partition's share of graph.json's header: its documents (those whose
/// `document:` node it owns) and their articles. `meta.json` of a
/// partition directory.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartMeta {
    /// Which partition (`I/N`).
    pub partition: String,
    /// Its documents, in name order.
    pub documents: Vec<String>,
    /// Their articles (a repost cluster counts once).
    pub articles: usize,
    /// Their articles that are reposts of another.
    pub reposts: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_arguments_are_checked() {
        assert_eq!(
            Partition::parse("3/16").unwrap(),
            Partition {
                index: 3,
                count: 16
            }
        );
        for bad in ["3", "16/16", "1/0", "a/2", "-1/2"] {
            let e = Partition::parse(bad).unwrap_err().to_string();
            assert!(e.contains(bad) && e.contains("I/N"), "{e}");
        }
    }

    #[test]
    fn every_id_has_exactly_one_partition() {
        let ids = ["person:张三@140430", "place:140430", "document:a.txt", ""];
        for n in [1, 2, 7, 64] {
            for id in ids {
                let owners = (0..n)
                    .filter(|&i| Partition { index: i, count: n }.owns(id))
                    .count();
                assert_eq!(owners, 1, "{id} of {n}");
            }
        }
        // FNV-1a's published test value: the hash is the same everywhere.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
