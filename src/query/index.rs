//! The query index: a compact binary file (`graph.index`) beside graph.json.
//!
//! graph.json is the contract and the source of truth, but parsing a
//! multi-hundred-megabyte JSON document takes seconds, so every query reads
//! this index instead. It holds only what lookups and traversals touch,
//! stored as little-endian columns that are memory-mapped and read in place
//! (no deserialisation, so opening costs the same for 5 pages or 100,000
//! articles):
//!
//! - a string table (ids, names, relations, roles, dates) referenced by `u32`;
//! - node columns (id, name, type, scope, event date/kind/place, degree,
//!   PageRank, betweenness, component) sorted by id, so an id is found by
//!   binary search;
//! - edge columns (endpoints, relation, role, first evidence) and, per node, its incident
//!   edges (CSR), plus the simple undirected *entity graph* used by `path`
//!   (neighbours and, per link, the set of relations linking the pair);
//! - the sorted distinct names and aliases with the nodes they name (exact
//!   lookup by binary search) and the same names in one blob for substring
//!   search with `memchr::memmem`;
//! - for every node and edge, the byte range of its object in graph.json, so
//!   attributes, titles, mentions and evidence are parsed lazily, for the few
//!   records an answer prints.
//!
//! The header records graph.json's fingerprint (size, mtime, inode, hashes of
//! its first and last 64 KiB); [`crate::query::QueryGraph::open`] rebuilds
//! the index when it differs. The index is written atomically, so a mapped
//! index is never modified in place.
//!
//! Layout: header ([`HEADER_LEN`] bytes: magic, fingerprint, counts, a table
//! of `(offset, length)` per [`Sec`]), then the sections, each 8-aligned.

use crate::model::NodeType;
use std::ops::Deref;

/// File magic and format version; a change rebuilds every old index.
pub(crate) const MAGIC: &[u8; 8] = b"GGQIDX04";
/// "No string" in a string column.
pub(crate) const NONE: u32 = u32::MAX;

/// Sections of the index, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Sec {
    /// u64 × (strings + 1): start of each string in `StrBlob`.
    StrOff,
    /// UTF-8 bytes of all strings.
    StrBlob,
    /// u32 × nodes: id string.
    NodeId,
    /// u32 × nodes: name string.
    NodeName,
    /// u8 × nodes: node type code ([`kind_code`]).
    NodeType,
    /// u32 × nodes: type string (for types outside the contract).
    NodeTypeStr,
    /// u32 × nodes: attrs.jurisdiction, else attrs.key, else attrs.code.
    NodeScope,
    /// u32 × nodes: event attrs.date.
    NodeDate,
    /// u32 × nodes: event attrs.kind.
    NodeKind,
    /// u32 × nodes: event attrs.place.
    NodePlace,
    /// u64 × nodes: byte offset of the node object in graph.json.
    NodeJsonOff,
    /// u64 × nodes: byte length of the node object.
    NodeJsonLen,
    /// u32 × nodes: degree in the entity graph.
    NodeDegree,
    /// f64 × nodes: PageRank in the entity graph (0 outside it).
    NodePagerank,
    /// f64 × nodes: betweenness in the entity graph (0 outside it).
    NodeBetweenness,
    /// u32 × nodes: connected component in the entity graph.
    NodeComponent,
    /// u32 × edges: source node.
    EdgeSrc,
    /// u32 × edges: target node.
    EdgeDst,
    /// u32 × edges: relation string.
    EdgeRel,
    /// u32 × edges: attrs.role string.
    EdgeRole,
    /// u64 × edges: byte offset of the edge object in graph.json.
    EdgeJsonOff,
    /// u64 × edges: byte length of the edge object.
    EdgeJsonLen,
    /// u32 × edges: document of the edge's first evidence.
    EdgeEvDoc,
    /// u32 × edges: article of the first evidence.
    EdgeEvArticle,
    /// u32 × edges: first character of the first evidence.
    EdgeEvStart,
    /// u32 × edges: end of the first evidence.
    EdgeEvEnd,
    /// u64 × (nodes + 1): start of each node's incident edges in `Adj`.
    AdjStart,
    /// u32 × 2·edges: incident edge ids, per node by (other end, edge).
    Adj,
    /// u64 × (nodes + 1): start of each node's entity neighbours in `Ent`.
    EntStart,
    /// u32: entity-graph neighbours, sorted.
    Ent,
    /// u32 per `Ent` entry: the relations of that link (`algo::RelSet`).
    EntRel,
    /// u32: the relation names of the `EntRel` bits, bit 0 first (string
    /// ids, names in sorted order; bit 31 also stands for any beyond).
    EntRelNames,
    /// u32 × names: distinct name/alias strings, sorted by bytes.
    NameStr,
    /// u32 × (names + 1): start of each name's entries.
    NameStart,
    /// u32 × entries: the node a name entry names.
    NameNode,
    /// u8 × entries: 1 when the entry is an alias.
    NameAlias,
    /// The names again, `\n`-separated, for substring search.
    FindBlob,
    /// u64 × (names + 1): start of each name in `FindBlob`.
    FindStart,
    /// Precomputed statistics, JSON.
    Stats,
}

/// Number of sections.
pub(crate) const NSEC: usize = Sec::Stats as usize + 1;
/// Header length: magic, fingerprint (6 × 8), counts (4 × 8), section table.
pub(crate) const HEADER_LEN: usize = 8 + 48 + 32 + NSEC * 16;

/// The code of a node type stored in `Sec::NodeType` (a type outside the
/// graph.json contract, `None`, is 6: kept, never traversed).
pub(crate) fn kind_code(kind: Option<NodeType>) -> u8 {
    kind.map_or(NodeType::ALL.len() as u8, |k| k as u8)
}

/// The node type of a stored code.
pub(crate) fn kind_of_code(c: u8) -> Option<NodeType> {
    NodeType::ALL.get(c as usize).copied()
}

/// What identifies a version of graph.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Fingerprint {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds.
    pub mtime: i64,
    /// Modification time, nanoseconds.
    pub mtime_nsec: i64,
    /// Inode (a rename gives a new one).
    pub ino: u64,
    /// FNV-1a of the first 64 KiB.
    pub head: u64,
    /// FNV-1a of the last 64 KiB.
    pub tail: u64,
}

impl Fingerprint {
    /// Fingerprint of a file's metadata and bytes.
    pub fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> Fingerprint {
        use std::os::unix::fs::MetadataExt;
        const EDGE: usize = 64 * 1024;
        Fingerprint {
            size: bytes.len() as u64,
            mtime: meta.mtime(),
            mtime_nsec: meta.mtime_nsec(),
            ino: meta.ino(),
            head: fnv1a(&bytes[..bytes.len().min(EDGE)]),
            tail: fnv1a(&bytes[bytes.len().saturating_sub(EDGE)..]),
        }
    }
    fn words(&self) -> [u64; 6] {
        [
            self.size,
            self.mtime as u64,
            self.mtime_nsec as u64,
            self.ino,
            self.head,
            self.tail,
        ]
    }
}

/// FNV-1a, 64 bit: stable across Rust versions (unlike `DefaultHasher`).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Counts stored in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    /// Nodes.
    pub nodes: u32,
    /// Edges.
    pub edges: u32,
    /// Strings.
    pub strings: u32,
    /// Distinct names and aliases.
    pub names: u32,
    /// Name entries (name, node).
    pub entries: u32,
    /// Betweenness pivots (0: exact).
    pub pivots: u32,
}

/// Collects the sections, then lays out the file.
#[derive(Debug)]
pub(crate) struct IndexWriter {
    sections: Vec<Vec<u8>>,
}

impl IndexWriter {
    /// An empty writer.
    pub fn new() -> Self {
        IndexWriter {
            sections: vec![Vec::new(); NSEC],
        }
    }
    /// Raw bytes of a section.
    pub fn bytes(&mut self, s: Sec, b: Vec<u8>) {
        self.sections[s as usize] = b;
    }
    /// A u32 column.
    pub fn u32s(&mut self, s: Sec, v: &[u32]) {
        self.sections[s as usize] = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    }
    /// A u64 column.
    pub fn u64s(&mut self, s: Sec, v: &[u64]) {
        self.sections[s as usize] = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    }
    /// An f64 column.
    pub fn f64s(&mut self, s: Sec, v: &[f64]) {
        self.sections[s as usize] = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    }
    /// The file.
    pub fn finish(self, fp: &Fingerprint, c: &Counts) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            HEADER_LEN + self.sections.iter().map(|s| s.len() + 8).sum::<usize>(),
        );
        out.extend_from_slice(MAGIC);
        for w in fp.words() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for w in [
            c.nodes, c.edges, c.strings, c.names, c.entries, c.pivots, 0, 0,
        ] {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut off = HEADER_LEN.next_multiple_of(8);
        let mut table = Vec::new();
        for s in &self.sections {
            table.push((off as u64, s.len() as u64));
            off = (off + s.len()).next_multiple_of(8);
        }
        for (o, l) in table {
            out.extend_from_slice(&o.to_le_bytes());
            out.extend_from_slice(&l.to_le_bytes());
        }
        for s in &self.sections {
            out.resize(out.len().next_multiple_of(8), 0);
            out.extend_from_slice(s);
        }
        out
    }
}

/// Index bytes: mapped from the file, or built in memory when the index
/// cannot be written beside graph.json.
#[derive(Debug)]
pub(crate) enum Bytes {
    /// A mapped file.
    Map(memmap2::Mmap),
    /// Owned bytes.
    Owned(Vec<u8>),
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Map(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// An opened, validated index.
#[derive(Debug)]
pub(crate) struct Index {
    bytes: Bytes,
    secs: [(usize, usize); NSEC],
    /// The fingerprint of the graph.json it was built from.
    pub fp: Fingerprint,
    /// Counts.
    pub counts: Counts,
}

// Reads never panic: a value past the end of its column reads as 0, so a
// damaged index gives wrong answers at worst, never a crash.
fn le_u32(b: &[u8], i: usize) -> u32 {
    b.get(4 * i..4 * i + 4)
        .map_or(0, |s| u32::from_le_bytes(s.try_into().expect("4 bytes")))
}
fn le_u64(b: &[u8], i: usize) -> u64 {
    b.get(8 * i..8 * i + 8)
        .map_or(0, |s| u64::from_le_bytes(s.try_into().expect("8 bytes")))
}

impl Index {
    /// Open index bytes. Checks the magic and the layout (every section
    /// where it belongs, with the length its counts imply) in O(1), so
    /// opening does not read the index: a query touches only the pages it
    /// needs. Values are not checked here (see [`Index::check_references`]);
    /// reads are bounds-checked instead.
    pub fn parse(bytes: Bytes) -> Result<Index, String> {
        let b: &[u8] = &bytes;
        if b.len() < HEADER_LEN || &b[..8] != MAGIC {
            return Err("not a govgraph query index of this version".into());
        }
        let w = |i: usize| le_u64(&b[8..], i);
        let fp = Fingerprint {
            size: w(0),
            mtime: w(1) as i64,
            mtime_nsec: w(2) as i64,
            ino: w(3),
            head: w(4),
            tail: w(5),
        };
        let c = |i: usize| le_u32(&b[56..], i);
        let counts = Counts {
            nodes: c(0),
            edges: c(1),
            strings: c(2),
            names: c(3),
            entries: c(4),
            pivots: c(5),
        };
        let mut secs = [(0usize, 0usize); NSEC];
        for (i, s) in secs.iter_mut().enumerate() {
            let off = le_u64(&b[88..], 2 * i) as usize;
            let len = le_u64(&b[88..], 2 * i + 1) as usize;
            if !off.is_multiple_of(8) || off.checked_add(len).is_none_or(|e| e > b.len()) {
                return Err(format!("section {i} lies outside the file"));
            }
            *s = (off, len);
        }
        let idx = Index {
            bytes,
            secs,
            fp,
            counts,
        };
        idx.check_layout()?;
        Ok(idx)
    }

    fn check_layout(&self) -> Result<(), String> {
        let c = self.counts;
        let (n, e, s) = (c.nodes as usize, c.edges as usize, c.strings as usize);
        let want: Vec<(Sec, usize)> = vec![
            (Sec::StrOff, 8 * (s + 1)),
            (Sec::NodeId, 4 * n),
            (Sec::NodeName, 4 * n),
            (Sec::NodeType, n),
            (Sec::NodeTypeStr, 4 * n),
            (Sec::NodeScope, 4 * n),
            (Sec::NodeDate, 4 * n),
            (Sec::NodeKind, 4 * n),
            (Sec::NodePlace, 4 * n),
            (Sec::NodeJsonOff, 8 * n),
            (Sec::NodeJsonLen, 8 * n),
            (Sec::NodeDegree, 4 * n),
            (Sec::NodePagerank, 8 * n),
            (Sec::NodeBetweenness, 8 * n),
            (Sec::NodeComponent, 4 * n),
            (Sec::EdgeSrc, 4 * e),
            (Sec::EdgeDst, 4 * e),
            (Sec::EdgeRel, 4 * e),
            (Sec::EdgeRole, 4 * e),
            (Sec::EdgeJsonOff, 8 * e),
            (Sec::EdgeJsonLen, 8 * e),
            (Sec::EdgeEvDoc, 4 * e),
            (Sec::EdgeEvArticle, 4 * e),
            (Sec::EdgeEvStart, 4 * e),
            (Sec::EdgeEvEnd, 4 * e),
            (Sec::AdjStart, 8 * (n + 1)),
            (Sec::Adj, 8 * e),
            (Sec::EntStart, 8 * (n + 1)),
            (Sec::NameStr, 4 * c.names as usize),
            (Sec::NameStart, 4 * (c.names as usize + 1)),
            (Sec::NameNode, 4 * c.entries as usize),
            (Sec::NameAlias, c.entries as usize),
            (Sec::FindStart, 8 * (c.names as usize + 1)),
            (Sec::Ent, self.sec(Sec::Ent).len() / 4 * 4),
            (Sec::EntRel, self.sec(Sec::Ent).len() / 4 * 4),
            (Sec::EntRelNames, self.sec(Sec::EntRelNames).len() / 4 * 4),
        ];
        for (sec, len) in want {
            if self.sec(sec).len() != len {
                return Err(format!("section {sec:?} has the wrong length"));
            }
        }
        Ok(())
    }

    /// Check every stored reference (string ids, node ids, edge ids, offset
    /// tables, records inside graph.json): O(size of the index). The
    /// builder's output must pass it; opening does not run it.
    #[cfg(test)]
    pub fn check_references(&self, json_len: u64) -> Result<(), String> {
        let c = self.counts;
        let (n, e, s) = (c.nodes as usize, c.edges as usize, c.strings as usize);
        let monotone = |sec: Sec, wide: bool, count: usize, end: usize| -> Result<(), String> {
            let mut prev = 0usize;
            for i in 0..count {
                let v = if wide {
                    self.u64(sec, i) as usize
                } else {
                    self.u32(sec, i) as usize
                };
                if v < prev || v > end {
                    return Err(format!("section {sec:?} is not a valid offset table"));
                }
                prev = v;
            }
            if prev != end {
                return Err(format!("section {sec:?} does not end at its data"));
            }
            Ok(())
        };
        monotone(Sec::StrOff, true, s + 1, self.sec(Sec::StrBlob).len())?;
        monotone(Sec::AdjStart, true, n + 1, 2 * e)?;
        monotone(Sec::EntStart, true, n + 1, self.sec(Sec::Ent).len() / 4)?;
        monotone(
            Sec::NameStart,
            false,
            c.names as usize + 1,
            c.entries as usize,
        )?;
        monotone(
            Sec::FindStart,
            true,
            c.names as usize + 1,
            self.sec(Sec::FindBlob).len(),
        )?;
        let below = |sec: Sec, count: usize, limit: usize, none_ok: bool| -> Result<(), String> {
            let col = self.sec(sec);
            for i in 0..count {
                let v = le_u32(col, i);
                if (v as usize) >= limit && !(none_ok && v == NONE) {
                    return Err(format!("section {sec:?} refers past its table"));
                }
            }
            Ok(())
        };
        for sec in [Sec::NodeId, Sec::NodeName, Sec::NodeTypeStr] {
            below(sec, n, s, false)?;
        }
        for sec in [Sec::NodeScope, Sec::NodeDate, Sec::NodeKind, Sec::NodePlace] {
            below(sec, n, s, true)?;
        }
        below(Sec::EdgeSrc, e, n, false)?;
        below(Sec::EdgeDst, e, n, false)?;
        below(Sec::EdgeRel, e, s, false)?;
        below(Sec::EdgeRole, e, s, true)?;
        below(Sec::EdgeEvDoc, e, s, true)?;
        below(Sec::Adj, 2 * e, e, false)?;
        below(Sec::Ent, self.sec(Sec::Ent).len() / 4, n, false)?;
        below(
            Sec::EntRelNames,
            self.sec(Sec::EntRelNames).len() / 4,
            s,
            false,
        )?;
        below(Sec::NameStr, c.names as usize, s, false)?;
        below(Sec::NameNode, c.entries as usize, n, false)?;
        for (off, len, count) in [
            (Sec::NodeJsonOff, Sec::NodeJsonLen, n),
            (Sec::EdgeJsonOff, Sec::EdgeJsonLen, e),
        ] {
            for i in 0..count {
                let end = self.u64(off, i).checked_add(self.u64(len, i));
                if end.is_none_or(|end| end > json_len) {
                    return Err("a record lies outside graph.json".into());
                }
            }
        }
        Ok(())
    }

    /// The bytes of a section.
    pub fn sec(&self, s: Sec) -> &[u8] {
        let (o, l) = self.secs[s as usize];
        self.bytes.get(o..o + l).unwrap_or(&[])
    }
    /// The range `start[i]..start[i + 1]` of a u64 offset table, clamped
    /// to `len` elements.
    pub fn range(&self, start: Sec, i: usize, len: usize) -> std::ops::Range<usize> {
        let a = (self.u64(start, i) as usize).min(len);
        let b = (self.u64(start, i + 1) as usize).clamp(a, len);
        a..b
    }
    /// Element `i` of a u32 column.
    pub fn u32(&self, s: Sec, i: usize) -> u32 {
        le_u32(self.sec(s), i)
    }
    /// Element `i` of a u64 column.
    pub fn u64(&self, s: Sec, i: usize) -> u64 {
        le_u64(self.sec(s), i)
    }
    /// Element `i` of an f64 column.
    pub fn f64(&self, s: Sec, i: usize) -> f64 {
        f64::from_bits(le_u64(self.sec(s), i))
    }
    /// Element `i` of a u8 column.
    pub fn u8(&self, s: Sec, i: usize) -> u8 {
        self.sec(s).get(i).copied().unwrap_or(u8::MAX)
    }
    /// String `id` ("" for [`NONE`]; U+FFFD for bytes that are not UTF-8).
    pub fn str(&self, id: u32) -> &str {
        if id == NONE {
            return "";
        }
        let blob = self.sec(Sec::StrBlob);
        let a = (self.u64(Sec::StrOff, id as usize) as usize).min(blob.len());
        let b = (self.u64(Sec::StrOff, id as usize + 1) as usize).clamp(a, blob.len());
        std::str::from_utf8(&blob[a..b]).unwrap_or("\u{FFFD}")
    }
    /// A string column's value, `None` for [`NONE`].
    pub fn opt_str(&self, s: Sec, i: usize) -> Option<&str> {
        let id = self.u32(s, i);
        (id != NONE).then(|| self.str(id))
    }
    /// Size of the index in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_rejects_foreign_and_truncated_bytes() {
        assert!(Index::parse(Bytes::Owned(b"{\"nodes\": []}".to_vec())).is_err());
        let mut w = IndexWriter::new();
        w.u64s(Sec::StrOff, &[0]);
        w.u64s(Sec::AdjStart, &[0]);
        w.u64s(Sec::EntStart, &[0]);
        w.u32s(Sec::NameStart, &[0]);
        w.u64s(Sec::FindStart, &[0]);
        let good = w.finish(&Fingerprint::default(), &Counts::default());
        assert!(Index::parse(Bytes::Owned(good.clone())).is_ok());
        let cut = good[..good.len() - 8].to_vec();
        assert!(Index::parse(Bytes::Owned(cut)).is_err());
    }

    #[test]
    fn index_fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
