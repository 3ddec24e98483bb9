//! `graph`: one knowledge graph across all documents. Entities with equal
//! keys merge into one node; every node and edge keeps its evidence
//! (document, article, character span).
//!
//! Ids are derived from type and key, never from input order, and every
//! listing is sorted (nodes by id, edges by source, target, relation, role,
//! mentions and evidence by position), so the same documents give the same
//! graph whatever their order or the thread count.
//!
//! Memory is what bounds a large build, so the graph is kept lean: nodes
//! live in a chunked vector behind a hash table of indices, an edge is a
//! twelve-byte key, repeated attribute values are interned, and the bulk
//! (mentions and evidence, tens of millions on a large corpus) is packed
//! records in the [`store`] logs, spilled to temporary files beyond a
//! budget and read back sorted a group at a time on output.
//!
//! The graph knows its own vocabulary ([`crate::model`]) and nothing of
//! how pages are read: what a resolved document becomes is
//! [`crate::load`], which fills the graph through the recorded primitives
//! here (`begin_document`, `upsert_index`, `NodeMut`, `mention_at`,
//! `link_at`, `link_to`, `division_node`). Attribute names are [`Attr`]
//! (`attrs.rs`); the order of the output is `order.rs`.

mod attrs;
mod ops;
mod order;
mod store;
pub use attrs::{Attr, Attrs, AttrsOut};
pub use ops::Op;
pub(crate) use store::Place;

use crate::model::{NodeType, Relation};
use crate::text::Span;
use attrs::{Entry, TitleOut};
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;
use store::{ChunkVec, EvidenceRec, Interner, Log, MentionRec, TitleLists};

/// Where something was read, as the graph lends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence<'a> {
    /// Document base name.
    pub doc: &'a str,
    /// Article index.
    pub article: usize,
    /// Character span.
    pub span: Span,
}

/// One mention of a node, as the graph lends it.
#[derive(Debug, Clone, Copy)]
pub struct Mention<'a> {
    /// Where.
    pub at: Evidence<'a>,
    /// Surface form.
    pub text: &'a str,
    titles: &'a [u32],
    strings: &'a Interner,
}

impl<'a> Mention<'a> {
    /// Titles printed with a person mention, each with its span, in the
    /// order of the text.
    pub fn titles(&self) -> impl ExactSizeIterator<Item = (&'a str, Span)> + 'a {
        let strings = self.strings;
        self.titles
            .chunks_exact(3)
            .map(move |t| (strings.get(t[0]), Span::new(t[1] as usize, t[2] as usize)))
    }
}

/// Record a surface form as an alias of `n`. A name printed across a line
/// break is one name: the alias drops the break (the mention keeps the
/// exact text, which its span cites).
fn add_alias(n: &mut Node, text: &str) {
    let alias: String = if text.contains(['\n', '\r']) {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        text.to_string()
    };
    if *alias != *n.name {
        if let Err(i) = n.aliases.binary_search_by(|a| (**a).cmp(&*alias)) {
            store::insert_exact(&mut n.aliases, i, alias.into_boxed_str());
        }
    }
}

/// A node of the knowledge graph (its mentions are in the graph's store:
/// see [`NodeRef`]).
#[derive(Debug, Clone)]
pub struct Node {
    /// Stable id.
    pub id: Box<str>,
    /// Type.
    pub kind: NodeType,
    /// Canonical name.
    pub name: Box<str>,
    /// Other surface forms, sorted, without repeats.
    pub aliases: Box<[Box<str>]>,
    /// Type-specific attributes.
    pub attrs: Attrs,
}

/// A node being changed, with the graph's table of shared values (and
/// its log of steps, when it records one: see [`Op`]).
pub(crate) struct NodeMut<'a> {
    node: &'a mut Node,
    values: &'a mut Interner,
    log: Option<&'a mut Vec<Op>>,
}

impl NodeMut<'_> {
    fn record(&mut self, op: impl FnOnce(String) -> Op) {
        if let Some(log) = self.log.as_mut() {
            log.push(op(self.node.id.to_string()));
        }
    }
    /// Set attribute `key` to a string.
    pub(crate) fn set_str(&mut self, key: Attr, s: &str) {
        self.record(|id| Op::Str(id, key.index(), s.to_string()));
        self.node
            .attrs
            .insert_str(key, s, self.values, &self.node.name);
    }
    /// Set attribute `key` to a string, or null.
    pub(crate) fn set_opt_str(&mut self, key: Attr, s: Option<&str>) {
        match s {
            Some(s) => self.set_str(key, s),
            None => {
                self.record(|id| Op::Null(id, key.index()));
                self.node.attrs.put(Entry::Null(key))
            }
        }
    }
    /// Set attribute `key` to a whole number.
    pub(crate) fn set_int(&mut self, key: Attr, n: u64) {
        self.record(|id| Op::Int(id, key.index(), n));
        self.node.attrs.insert_int(key, n);
    }
    /// Set attribute `key` to a JSON value.
    pub(crate) fn set_value(&mut self, key: Attr, value: Value) {
        self.record(|id| Op::Value(id, key.index(), value.clone()));
        self.node.attrs.insert(key, value, self.values);
    }
    /// Set attribute `key` unless it has a value.
    pub(crate) fn set_absent(&mut self, key: Attr, value: Value) {
        self.record(|id| Op::Absent(id, key.index(), value.clone()));
        self.node.attrs.insert_absent(key, value, self.values);
    }
    /// A person's role: the first role other than `other` stays
    /// (official and reporter are never overwritten).
    pub(crate) fn set_role(&mut self, role: &str) {
        self.record(|id| Op::Role(id, role.to_string()));
        let old = self.get_str(Attr::Role).unwrap_or("");
        if old.is_empty() || (old == "other" && role != "other") {
            let name = &self.node.name;
            self.node
                .attrs
                .insert_str(Attr::Role, role, self.values, name);
        }
    }
    /// Name the node `name` (an article named first by a copy).
    pub(crate) fn rename(&mut self, name: &str) {
        if *self.node.name != *name {
            self.record(|id| Op::Rename(id, name.to_string()));
            self.node.attrs.keep_name(&self.node.name, self.values);
            self.node.name = name.into();
        }
    }
    /// Record surface form `text` as an alias (see [`add_alias`]).
    pub(crate) fn alias(&mut self, text: &str) {
        self.record(|id| Op::Alias(id, text.to_string()));
        add_alias(self.node, text);
    }
    /// Attribute `key` when it is a string.
    pub(crate) fn get_str(&self, key: Attr) -> Option<&str> {
        self.node.attrs.get_str(key, self.values, &self.node.name)
    }
}

/// A node with access to its mentions, as [`KnowledgeGraph::for_each_node_group`] lends it.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'a> {
    graph: &'a KnowledgeGraph,
    index: u32,
    records: &'a [MentionRec],
}

impl std::ops::Deref for NodeRef<'_> {
    type Target = Node;
    fn deref(&self) -> &Node {
        &self.graph.nodes[self.index as usize]
    }
}

impl<'a> NodeRef<'a> {
    /// The node, borrowed for as long as the graph (not just this handle).
    pub fn graph_node(&self) -> &'a Node {
        &self.graph.nodes[self.index as usize]
    }

    /// Mentions, sorted by position, without repeats.
    pub fn mentions(&self) -> impl ExactSizeIterator<Item = Mention<'a>> + 'a {
        let g = self.graph;
        self.records.iter().map(move |m| Mention {
            at: g.evidence_at(&m.at),
            text: g.strings.get(m.text),
            titles: g.titles.get(m.titles),
            strings: &g.strings,
        })
    }

    /// The attributes as graph.json writes them. A person's `titles` are
    /// made here from its mentions: each title printed with a name, with
    /// where it was printed, in the order of the text.
    pub fn attrs_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self.attrs_out()) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }

    /// [`NodeRef::attrs_map`] to serialise, borrowed: graph.json writes
    /// millions of nodes, and a map of owned strings for each cost more
    /// than writing it.
    pub fn attrs_out(&self) -> AttrsOut<'a> {
        let node = self.graph_node();
        let titles = (node.kind == NodeType::Person).then(|| {
            let mut records = Vec::new();
            let mut seen = BTreeSet::new();
            for m in self.mentions() {
                for (title, span) in m.titles() {
                    if seen.insert((m.at.doc, m.at.article, span.start, span.end, title)) {
                        records.push(TitleOut {
                            title,
                            doc: m.at.doc,
                            article: m.at.article,
                            start: span.start,
                            end: span.end,
                        });
                    }
                }
            }
            records
        });
        AttrsOut {
            attrs: &node.attrs,
            values: &self.graph.values,
            name: &node.name,
            titles,
        }
    }
}

/// An edge of the knowledge graph, as [`KnowledgeGraph::edges`] lends it.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    /// Relation.
    pub relation: Relation,
    /// Role of a participation (`""` for other relations).
    pub role: &'a str,
    records: &'a [EvidenceRec],
    graph: &'a KnowledgeGraph,
}

impl<'a> Edge<'a> {
    /// Evidence, sorted by position, without repeats.
    pub fn evidence(&self) -> impl ExactSizeIterator<Item = Evidence<'a>> + 'a {
        let g = self.graph;
        self.records.iter().map(move |r| g.evidence_at(&r.at))
    }

    /// Number of distinct articles supporting the edge.
    pub fn weight(&self) -> usize {
        // Evidence is sorted by position: an article's records are adjacent.
        let mut last = None;
        self.records
            .iter()
            .filter(|r| last.replace((r.at.doc, r.at.article)) != Some((r.at.doc, r.at.article)))
            .count()
    }

    /// Attributes in graph.json: `role` (participation only) and `weight`.
    pub fn attrs(&self) -> Map<String, Value> {
        let mut m = Map::new();
        if !self.role.is_empty() {
            m.insert("role".into(), json!(self.role));
        }
        m.insert("weight".into(), json!(self.weight()));
        m
    }
}

/// Edge key: source and target node indices, relation, role (interned).
/// Twelve bytes, hashed in a few instructions: a large build holds ten
/// million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EdgeKey {
    source: u32,
    target: u32,
    relation: Relation,
    role: u16,
}

/// The knowledge graph: nodes and edges keyed by stable ids.
///
/// Nodes live in a vector indexed through a hash map of their ids, edges in
/// a vector indexed through a hash map of compact keys: adding a document
/// costs hash lookups, not B-tree searches comparing long ids. Mentions and
/// evidence are packed records (see [`store`]). Iteration sorts (nodes by
/// id, edges by source id, target id, relation, role), so the order never
/// depends on how the graph was filled.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    /// Node indices, hashed by id (four bytes a node: the id is in the node).
    index: HashTable<u32>,
    nodes: ChunkVec<Node>,
    /// Edge indices, hashed by key.
    edge_index: HashTable<u32>,
    edge_keys: ChunkVec<EdgeKey>,
    roles: Vec<Box<str>>,
    role_index: FxHashMap<Box<str>, u16>,
    /// Document names, interned (evidence names its document by index).
    docs: Interner,
    /// Attribute values many nodes share, interned.
    values: Interner,
    /// Surface forms and titles, interned.
    strings: Interner,
    titles: TitleLists,
    mentions: Log<MentionRec>,
    evidence: Log<EvidenceRec>,
    /// Documents that went into the graph.
    pub documents: BTreeSet<String>,
    /// Articles that went into the graph (a repost cluster counts once).
    pub articles: usize,
    /// Articles that went in as reposts of another (see [`crate::repost`]).
    pub reposts: usize,
    /// The node of each division met as an ancestor, by division id
    /// ([`NO_NODE`]: not yet): every place mention walks its chain up to
    /// the province, and this spares each step an id to format and hash.
    /// Checked against the node's id before use.
    div_nodes: Vec<u32>,
    /// A partition's graph only (`merge --partition`): the first document
    /// of the whole corpus that brings each place in, for the places an
    /// event names through a dropped mention (see
    /// [`KnowledgeGraph::set_first_seen`]). Empty in a whole build.
    first_seen: FxHashMap<Box<str>, Box<str>>,
    /// The steps of filling, by node id, when recorded
    /// ([`KnowledgeGraph::recording`]).
    log: Option<Vec<Op>>,
    /// Node indices in id order, computed once for all the outputs of a
    /// graph (graph.json sorts nodes, then edges by their ends' ranks);
    /// cleared when a node is added.
    order: std::sync::OnceLock<Vec<u32>>,
}

/// The place an event is linked to: a node, or the id of a place named
/// through a dropped mention (linked only if the graph has it).
pub(crate) enum Target<'a> {
    /// A node of the graph.
    At(u32),
    /// The id of a place that may not be in the graph.
    Weak(&'a str),
}

/// In [`KnowledgeGraph`]'s division cache: no node yet.
const NO_NODE: u32 = u32::MAX;

/// Where a record was read, in the graph's packed form.
pub(crate) fn place(doc: u32, article: usize, span: Span) -> Place {
    // Ingest refuses pages over 1 GiB, so offsets and indices fit.
    Place {
        doc,
        article: article as u32,
        start: span.start as u32,
        end: span.end as u32,
    }
}

impl KnowledgeGraph {
    fn evidence_at(&self, p: &Place) -> Evidence<'_> {
        Evidence {
            doc: self.docs.get(p.doc),
            article: p.article as usize,
            span: Span::new(p.start as usize, p.end as usize),
        }
    }

    /// A graph that keeps up to `records` mentions and as many pieces of
    /// evidence in memory, spilling more to temporary files, and reads them
    /// back `records` at a time. [`KnowledgeGraph::default`] keeps about a
    /// million of each (50 MB).
    pub fn with_record_budget(records: usize) -> Self {
        KnowledgeGraph {
            mentions: Log::with_budget(records),
            evidence: Log::with_budget(records),
            ..Default::default()
        }
    }

    /// A node by id (its mentions are read with the others, see
    /// [`KnowledgeGraph::for_each_node_group`]).
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.find(id).map(|i| &self.nodes[i as usize])
    }
    /// The first failure to spill records to a temporary file (in
    /// `std::env::temp_dir()`), if any: a
    /// build checks it as it goes, so that a full or unwritable `TMPDIR`
    /// stops it early, saying so.
    pub fn spill_error(&self) -> Option<std::io::Error> {
        let e = self.mentions.error().or(self.evidence.error())?;
        Some(std::io::Error::new(e.kind(), e.to_string()))
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edge_keys.len()
    }

    /// The index of node `id` (by a scan when the index was released).
    fn find(&self, id: &str) -> Option<u32> {
        if self.index.len() != self.nodes.len() {
            return (0u32..)
                .zip(self.nodes.iter())
                .find(|(_, n)| &*n.id == id)
                .map(|(i, _)| i);
        }
        let hash = FxBuildHasher.hash_one(id);
        self.index
            .find(hash, |&i| &*self.nodes[i as usize].id == id)
            .copied()
    }

    /// Tell a partition's graph which document of the whole corpus first
    /// brings in each place that some event names through a dropped
    /// mention (place id → document name).
    ///
    /// Such an event links to the place only if the place is already in
    /// the graph, which in a whole build depends on every earlier
    /// document; a partition holds only the documents it needs, so it asks
    /// this table instead (the first pass of a distributed build computes
    /// it, see `govgraph dist route`).
    pub fn set_first_seen(&mut self, first: FxHashMap<Box<str>, Box<str>>) {
        self.first_seen = first;
    }

    /// The place `id` an event names through a dropped mention in document
    /// `doc`: its node if the graph has it, or, in a partition's graph, a
    /// stand-in when an earlier document of the corpus brought it in. The
    /// stand-in is never written: such a place belongs to another
    /// partition (the documents bringing in a place of this partition all
    /// come to it, in order).
    fn find_weak(&mut self, id: &str, doc: &str) -> Option<u32> {
        if let Some(i) = self.find(id) {
            return Some(i);
        }
        let first = self.first_seen.get(id)?;
        if &**first < doc {
            Some(self.upsert_index(id, NodeType::Place, id))
        } else {
            None
        }
    }

    /// Drop the lookup tables only adding documents needs (node and edge
    /// indices, interning maps): some 15 bytes an edge. Call it once the
    /// graph is complete, before writing a large one; adding documents
    /// afterwards rebuilds them.
    pub fn release_indices(&mut self) {
        self.index = HashTable::new();
        self.edge_index = HashTable::new();
        self.strings.release();
        self.values.release();
        self.docs.release();
    }

    /// Rebuild the node and edge indices after [`KnowledgeGraph::release_indices`].
    fn ensure_indexed(&mut self) {
        if self.index.len() != self.nodes.len() {
            let nodes = &self.nodes;
            let mut index = HashTable::with_capacity(nodes.len());
            for (i, n) in (0u32..).zip(nodes.iter()) {
                index.insert_unique(FxBuildHasher.hash_one(&*n.id), i, |&j| {
                    FxBuildHasher.hash_one(&*nodes[j as usize].id)
                });
            }
            self.index = index;
        }
        if self.edge_index.len() != self.edge_keys.len() {
            let keys = &self.edge_keys;
            let mut index = HashTable::with_capacity(keys.len());
            for (e, k) in (0u32..).zip(keys.iter()) {
                index.insert_unique(FxBuildHasher.hash_one(k), e, |&j| {
                    FxBuildHasher.hash_one(keys[j as usize])
                });
            }
            self.edge_index = index;
        }
    }

    /// Start adding document `name`, which brings `articles` articles and
    /// `reposts` reposts of others: counts it, and returns its number for
    /// [`place`].
    pub(crate) fn begin_document(&mut self, name: &str, articles: usize, reposts: usize) -> u32 {
        self.ensure_indexed();
        self.documents.insert(name.to_string());
        let doc = self.docs.intern(name);
        self.articles += articles;
        self.reposts += reposts;
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Doc(articles, reposts));
        }
        doc
    }

    /// The index of node `id`, added with `kind` and `name` when new.
    pub(crate) fn upsert_index(&mut self, id: &str, kind: NodeType, name: &str) -> u32 {
        self.ensure_indexed();
        let hash = FxBuildHasher.hash_one(id);
        let nodes = &self.nodes;
        if let Some(&i) = self.index.find(hash, |&i| &*nodes[i as usize].id == id) {
            return i;
        }
        let i = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
        self.order.take();
        self.index
            .insert_unique(hash, i, |&j| FxBuildHasher.hash_one(&*nodes[j as usize].id));
        self.nodes.push(Node {
            id: id.into(),
            kind,
            name: name.into(),
            aliases: Box::default(),
            attrs: Attrs::default(),
        });
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Node(
                id.to_string(),
                kind.as_str().to_string(),
                name.to_string(),
            ));
        }
        i
    }

    #[cfg(test)]
    fn upsert(&mut self, id: &str, kind: NodeType, name: &str) -> NodeMut<'_> {
        let i = self.upsert_index(id, kind, name);
        self.node_at(i)
    }

    /// Node `i`, to change.
    pub(crate) fn node_at(&mut self, i: u32) -> NodeMut<'_> {
        NodeMut {
            node: &mut self.nodes[i as usize],
            values: &mut self.values,
            log: self.log.as_mut(),
        }
    }

    /// Record a mention of node `id` (which must be in the graph).
    #[cfg(test)]
    fn mention(&mut self, id: &str, at: Place, text: &str, titles: &[(String, Span)]) {
        let node = self.find(id).expect("a node in the graph");
        self.mention_at(node, at, text, titles);
    }

    /// Record a mention of node `node`.
    pub(crate) fn mention_at(
        &mut self,
        node: u32,
        at: Place,
        text: &str,
        titles: &[(String, Span)],
    ) {
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Mention(
                self.nodes[node as usize].id.to_string(),
                [at.article, at.start, at.end],
                text.to_string(),
                titles
                    .iter()
                    .map(|(t, s)| (t.clone(), s.start as u32, s.end as u32))
                    .collect(),
            ));
        }
        let text = self.strings.intern(text);
        let titles: Vec<(u32, u32, u32)> = titles
            .iter()
            .map(|(t, s)| (self.strings.intern(t), s.start as u32, s.end as u32))
            .collect();
        let titles = self.titles.push(titles.into_iter());
        self.mentions.push(MentionRec {
            node,
            at,
            text,
            titles,
        });
    }

    fn role_id(&mut self, role: &str) -> u16 {
        // Most links have no role and a graph has few: a scan that compares
        // lengths first finds them without hashing the role at every link.
        const SCANNED: usize = 16;
        if self.roles.len() <= SCANNED {
            let same = |r: &str| r.len() == role.len() && (role.is_empty() || r == role);
            if let Some(i) = self.roles.iter().position(|r| same(r)) {
                return i as u16;
            }
        } else if let Some(&r) = self.role_index.get(role) {
            return r;
        }
        let r = u16::try_from(self.roles.len()).expect("fewer than 65536 roles");
        self.roles.push(role.into());
        self.role_index.insert(role.into(), r);
        r
    }

    /// Link two nodes already in the graph (an end that is not is a bug in
    /// the caller: the edge is dropped rather than left dangling).
    #[cfg(test)]
    fn link(&mut self, s: &str, t: &str, relation: Relation, role: &str, at: Place) {
        let (Some(source), Some(target)) = (self.find(s), self.find(t)) else {
            panic!("edge {s} -> {t} with a missing end");
        };
        self.link_at(source, target, relation, role, at);
    }

    /// Link nodes `source` and `target`.
    pub(crate) fn link_at(
        &mut self,
        source: u32,
        target: u32,
        relation: Relation,
        role: &str,
        at: Place,
    ) {
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Link(
                self.nodes[source as usize].id.to_string(),
                self.nodes[target as usize].id.to_string(),
                relation.index(),
                role.to_string(),
                [at.article, at.start, at.end],
            ));
        }
        let key = EdgeKey {
            source,
            target,
            relation,
            role: self.role_id(role),
        };
        let hash = FxBuildHasher.hash_one(key);
        let keys = &self.edge_keys;
        let edge = match self.edge_index.find(hash, |&e| keys[e as usize] == key) {
            Some(&e) => e,
            None => {
                let e = u32::try_from(keys.len()).expect("fewer than 2^32 edges");
                self.edge_index
                    .insert_unique(hash, e, |&j| FxBuildHasher.hash_one(keys[j as usize]));
                self.edge_keys.push(key);
                e
            }
        };
        self.evidence.push(EvidenceRec { edge, at });
    }

    /// Link `source` to a place `target` (without a role). A place named
    /// through a dropped mention is linked only if it is in the graph by
    /// now (see [`KnowledgeGraph::find_weak`]); a recording graph, which
    /// holds one document, leaves that to the replay
    /// ([`Op::Weak`]) unless this document brought the place in already.
    pub(crate) fn link_to(
        &mut self,
        source: u32,
        target: Target<'_>,
        relation: Relation,
        at: Place,
        doc: &str,
    ) {
        let t = match target {
            Target::At(t) => t,
            Target::Weak(id) => {
                let found = if self.log.is_some() {
                    self.find(id)
                } else {
                    self.find_weak(id, doc)
                };
                match (found, self.log.as_mut()) {
                    (Some(t), _) => t,
                    (None, Some(log)) => {
                        log.push(Op::Weak(
                            self.nodes[source as usize].id.to_string(),
                            id.to_string(),
                            relation.index(),
                            String::new(),
                            [at.article, at.start, at.end],
                        ));
                        return;
                    }
                    (None, None) => return,
                }
            }
        };
        self.link_at(source, t, relation, "", at);
    }

    /// The node `place:{code}` of division number `div` (the caller's
    /// dense numbering of divisions, the gazetteer's), added if new.
    pub(crate) fn division_node(&mut self, div: u32, code: &str, name: &str) -> u32 {
        let slot = div as usize;
        if let Some(&i) = self.div_nodes.get(slot) {
            if i != NO_NODE && self.nodes[i as usize].id.strip_prefix("place:") == Some(code) {
                return i;
            }
        }
        let i = self.upsert_index(&format!("place:{code}"), NodeType::Place, name);
        if self.div_nodes.len() <= slot {
            self.div_nodes.resize(slot + 1, NO_NODE);
        }
        self.div_nodes[slot] = i;
        i
    }

    /// Summary counts: nodes by type.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for n in self.nodes.iter() {
            *m.entry(n.kind.as_str()).or_default() += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attrs_stay_sorted_and_last_insert_wins() {
        let mut values = Interner::default();
        let mut a = Attrs::default();
        a.insert(Attr::Level, json!("county"), &mut values);
        a.insert(Attr::Code, json!("140430"), &mut values);
        a.insert(Attr::Level, json!("township"), &mut values);
        assert_eq!(a.get_str(Attr::Level, &values, ""), Some("township"));
        assert_eq!(a.get_str(Attr::Code, &values, ""), Some("140430"));
        // insert_absent keeps a value already there.
        a.insert_absent(Attr::Code, Value::Null, &mut values);
        a.insert_absent(Attr::Role, json!("official"), &mut values);
        a.insert(Attr::Chars, json!(1234), &mut values);
        a.insert(Attr::Place, Value::Null, &mut values);
        assert_eq!(
            serde_json::to_string(&AttrsOut {
                attrs: &a,
                values: &values,
                name: "",
                titles: None
            })
            .unwrap(),
            r#"{"chars":1234,"code":"140430","level":"township","place":null,"role":"official"}"#
        );
        // Shared values are stored once: "county" and "township" (level),
        // "official" (role); the code stays inline.
        let mut b = Attrs::default();
        b.insert(Attr::Level, json!("township"), &mut values);
        assert_eq!(b.0[0], a.0[a.find(Attr::Level).unwrap()]);
        assert!(matches!(
            a.0[a.find(Attr::Code).unwrap()],
            attrs::Entry::Str(..)
        ));
        assert_eq!(
            std::mem::size_of::<attrs::Entry>(),
            24,
            "an attribute in three words"
        );
    }

    #[test]
    fn attrs_typed_setters_store_what_json_values_would() {
        let mut values = Interner::default();
        let (mut typed, mut json) = (Attrs::default(), Attrs::default());
        let node = "某县某会";
        typed.insert_str(Attr::Level, "county", &mut values, node);
        json.insert(Attr::Level, json!("county"), &mut values);
        typed.insert_str(Attr::Name, "某会", &mut values, node);
        json.insert(Attr::Name, json!("某会"), &mut values);
        typed.insert_int(Attr::Chars, 1234);
        json.insert(Attr::Chars, json!(1234u64), &mut values);
        typed.insert_int(Attr::End, u64::MAX);
        json.insert(Attr::End, json!(u64::MAX), &mut values);
        assert_eq!(typed, json);
        // Setting an equal value again changes nothing; another value wins.
        typed.insert_str(Attr::Level, "county", &mut values, node);
        assert_eq!(typed, json);
        typed.insert_str(Attr::Level, "township", &mut values, node);
        assert_eq!(typed.get_str(Attr::Level, &values, node), Some("township"));
    }

    #[test]
    fn attrs_equal_to_the_node_name_are_not_stored_twice_and_survive_a_rename() {
        let mut values = Interner::default();
        let mut a = Attrs::default();
        a.insert_str(Attr::Canonical, "某县文化馆", &mut values, "某县文化馆");
        a.insert_str(Attr::Jurisdiction, "某县文化馆", &mut values, "某县文化馆");
        a.insert_str(Attr::Key, "某县图书馆", &mut values, "某县文化馆");
        assert!(matches!(a.0[0], attrs::Entry::OwnName(Attr::Canonical)));
        let out = |a: &Attrs, values: &Interner, name: &str| {
            serde_json::to_string(&AttrsOut {
                attrs: a,
                values,
                name,
                titles: None,
            })
            .unwrap()
        };
        let written =
            r#"{"canonical":"某县文化馆","jurisdiction":"某县文化馆","key":"某县图书馆"}"#;
        assert_eq!(out(&a, &values, "某县文化馆"), written);
        assert_eq!(
            a.get_str(Attr::Canonical, &values, "某县文化馆"),
            Some("某县文化馆")
        );
        // Renamed, the node keeps the values it had: they become plain ones.
        a.keep_name("某县文化馆", &mut values);
        assert!(matches!(a.0[0], attrs::Entry::Str(Attr::Canonical, _)));
        assert!(matches!(
            a.0[1],
            attrs::Entry::Shared(Attr::Jurisdiction, _)
        ));
        assert_eq!(out(&a, &values, "文化馆"), written);
    }

    /// A graph with person:a, event:b and the document p.txt.
    fn person_and_event() -> (KnowledgeGraph, u32) {
        let mut g = KnowledgeGraph::default();
        g.upsert("person:a", NodeType::Person, "甲");
        g.upsert("event:b", NodeType::Event, "会");
        let doc = g.docs.intern("p.txt");
        (g, doc)
    }

    #[test]
    fn released_indices_are_rebuilt_when_documents_come_again() {
        let (mut g, doc) = person_and_event();
        g.link(
            "person:a",
            "event:b",
            Relation::ParticipatedIn,
            "出席",
            place(doc, 0, Span::new(1, 3)),
        );
        g.release_indices();
        assert_eq!(g.node("event:b").map(|n| &*n.name), Some("会"));
        g.upsert("person:c", NodeType::Person, "丙");
        assert_eq!(g.upsert_index("person:a", NodeType::Person, "甲"), 0);
        let doc = g.docs.intern("p.txt");
        g.link(
            "person:a",
            "event:b",
            Relation::ParticipatedIn,
            "出席",
            place(doc, 1, Span::new(1, 3)),
        );
        assert_eq!((g.node_count(), g.edge_count()), (3, 1));
        let mut weights = Vec::new();
        g.for_each_edge_group(|es| {
            weights.extend(es.iter().map(|(_, _, e)| e.weight()));
            Ok(())
        })
        .unwrap();
        assert_eq!(weights, [2]);
    }

    #[test]
    fn graph_json_lines_are_what_serde_json_writes_for_the_wire_structs() {
        use crate::export::json::{to_json_bytes, to_wire, wire_bytes};
        let mut g = KnowledgeGraph::default();
        let doc = g.docs.intern("a \"quoted\" page.txt");
        g.documents.insert("a \"quoted\" page.txt".into());
        let at = |s: usize| place(doc, 0, Span::new(s, s + 3));
        {
            let mut n = g.upsert("person:韩\\秀兰", NodeType::Person, "韩\t秀兰");
            n.set_str(Attr::Role, "official");
            n.set_str(Attr::Affiliation, "某局\n办公室");
            add_alias(n.node, "韩“秀”兰");
        }
        let titles = vec![("县委\"常委\"".to_string(), Span::new(0, 4))];
        g.mention("person:韩\\秀兰", at(4), "韩\r秀兰", &titles);
        g.upsert("event:会|\u{1}", NodeType::Event, "会");
        g.mention("event:会|\u{1}", at(9), "会议", &[]);
        g.link(
            "person:韩\\秀兰",
            "event:会|\u{1}",
            Relation::ParticipatedIn,
            "主\"持",
            at(4),
        );
        g.link(
            "person:韩\\秀兰",
            "event:会|\u{1}",
            Relation::Mentions,
            "",
            at(9),
        );
        let bytes = to_json_bytes(&g).unwrap();
        assert_eq!(bytes, wire_bytes(&to_wire(&g).unwrap()));
        assert!(serde_json::from_slice::<Value>(&bytes).is_ok());
    }

    #[test]
    fn node_order_is_recomputed_when_a_node_is_added() {
        let mut g = KnowledgeGraph::default();
        g.upsert("person:b", NodeType::Person, "乙");
        g.upsert("person:a", NodeType::Person, "甲");
        let ids = |g: &KnowledgeGraph| g.nodes().map(|n| n.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&g), ["person:a", "person:b"]);
        // An existing id adds nothing; new ones take their places in order.
        g.upsert("person:b", NodeType::Person, "乙");
        g.upsert("person:c", NodeType::Person, "丙");
        g.upsert("agency:x", NodeType::Agency, "某局");
        assert_eq!(ids(&g), ["agency:x", "person:a", "person:b", "person:c"]);
    }

    #[test]
    fn division_nodes_are_cached_and_checked_against_their_id() {
        let mut g = KnowledgeGraph::default();
        let a = g.division_node(7, "140430", "甲县");
        assert_eq!(g.division_node(7, "140430", "甲县"), a);
        assert_eq!(g.node_count(), 1);
        // The same division id with another code (another gazetteer): a
        // node of its own, never the cached one.
        let b = g.division_node(7, "140431", "乙县");
        assert_ne!(a, b);
        assert_eq!(g.nodes[b as usize].id.as_ref(), "place:140431");
        // A node added by id first is found, not duplicated.
        let c = g.upsert_index("place:150000", NodeType::Place, "丙省");
        assert_eq!(g.division_node(9, "150000", "丙省"), c);
        assert_eq!(g.node_count(), 3);
    }

    #[test]
    fn roles_are_told_apart_by_scan_and_by_index() {
        // More roles than the scan covers: the same role always gets the
        // same edge, a different one (same length included) another.
        let (mut g, doc) = person_and_event();
        let roles: Vec<String> = (0..40).map(|i| format!("角色{i:02}")).collect();
        for round in 0..2 {
            for (i, role) in roles.iter().chain([&String::new()]).enumerate() {
                let at = place(doc, round, Span::new(i, i + 1));
                g.link("person:a", "event:b", Relation::ParticipatedIn, role, at);
            }
        }
        assert_eq!(g.edge_count(), 41);
        assert_eq!(g.roles.len(), 41);
        let mut keys = Vec::new();
        g.for_each_edge_group(|es| {
            for (_, _, e) in es {
                assert_eq!(e.evidence().len(), 2, "{}", e.role);
                keys.push(e.role.to_string());
            }
            Ok(())
        })
        .expect("read");
        let mut expected: Vec<String> = roles.iter().cloned().chain([String::new()]).collect();
        expected.sort();
        assert_eq!(keys, expected);
    }

    #[test]
    fn edge_weight_counts_articles_not_mentions() {
        let (mut g, doc) = person_and_event();
        for (article, start) in [(0, 1), (0, 9), (3, 1), (0, 1)] {
            let at = place(doc, article, Span::new(start, start + 2));
            g.link("person:a", "event:b", Relation::ParticipatedIn, "出席", at);
        }
        let mut seen = Vec::new();
        g.for_each_edge_group(|es| {
            for (s, t, e) in es {
                assert_eq!(e.evidence().len(), 3, "the repeated record is dropped");
                seen.push((
                    s.to_string(),
                    t.to_string(),
                    e.weight(),
                    Value::Object(e.attrs()),
                ));
            }
            Ok(())
        })
        .expect("read");
        assert_eq!(
            seen,
            [(
                "person:a".to_string(),
                "event:b".to_string(),
                2,
                json!({"role": "出席", "weight": 2})
            )]
        );
    }

    /// The mentions of the nodes, as (id, doc, start) in output order.
    fn mention_list(g: &KnowledgeGraph) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        g.for_each_node_group(|ns| {
            for n in ns {
                for m in n.mentions() {
                    out.push((n.id.to_string(), m.at.doc.to_string(), m.at.span.start));
                }
            }
            Ok(())
        })
        .expect("read");
        out
    }

    #[test]
    fn mentions_sort_by_document_name_whatever_the_order_they_came_in() {
        for budget in [1, 2, 1000] {
            let mut g = KnowledgeGraph::with_record_budget(budget);
            g.upsert("person:b", NodeType::Person, "乙");
            g.upsert("person:a", NodeType::Person, "甲");
            g.upsert("person:c", NodeType::Person, "丙");
            for (doc, start) in [("b.txt", 4), ("a.txt", 7), ("b.txt", 1), ("a.txt", 7)] {
                let doc = g.docs.intern(doc);
                let titles = [("县长".to_string(), Span::new(start - 1, start))];
                let at = place(doc, 0, Span::new(start, start + 2));
                g.mention("person:a", at, "甲", &titles);
                g.mention("person:b", at, "乙", &[]);
            }
            let a = |doc: &str, start| ("person:a".to_string(), doc.to_string(), start);
            let b = |doc: &str, start| ("person:b".to_string(), doc.to_string(), start);
            assert_eq!(
                mention_list(&g),
                [
                    a("a.txt", 7),
                    a("b.txt", 1),
                    a("b.txt", 4),
                    b("a.txt", 7),
                    b("b.txt", 1),
                    b("b.txt", 4)
                ],
                "budget {budget}"
            );
            let mut titles = Vec::new();
            g.for_each_node_group(|ns| {
                titles.extend(ns.iter().map(|n| n.attrs_map().get("titles").cloned()));
                Ok(())
            })
            .expect("read");
            let first = titles[0]
                .as_ref()
                .and_then(|t| t.as_array())
                .expect("titles");
            assert_eq!(first.len(), 3);
            assert_eq!(
                (&first[0]["title"], &first[0]["doc"]),
                (&json!("县长"), &json!("a.txt"))
            );
            assert_eq!(
                titles[1].as_ref().and_then(|t| t.as_array()).map(Vec::len),
                Some(0)
            );
            assert_eq!(
                titles.len(),
                3,
                "person:c has no mention and is still listed"
            );
        }
    }
}
