//! `graph`: one petgraph graph across all documents. Entities with equal
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

mod ops;
mod store;
pub use ops::Op;

use crate::resolve::{PlaceRef, ResolvedDoc};
use crate::resources::gazetteer::Level;
use crate::resources::Resources;
use crate::text::Span;
use hashbrown::HashTable;
use rayon::iter::ParallelIterator;
use rayon::slice::ParallelSliceMut;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;
use store::{ChunkVec, EvidenceRec, Interner, Log, MentionRec, Place, TitleLists};

/// Node types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeType {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An agency.
    Agency,
    /// An event.
    Event,
    /// An input document.
    Document,
    /// An article of a document.
    Article,
}

impl NodeType {
    /// Name in graph.json.
    pub fn as_str(&self) -> &'static str {
        match self {
            NodeType::Person => "person",
            NodeType::Place => "place",
            NodeType::Agency => "agency",
            NodeType::Event => "event",
            NodeType::Document => "document",
            NodeType::Article => "article",
        }
    }
    /// Parse a type name.
    pub fn parse(s: &str) -> Option<NodeType> {
        Some(match s {
            "person" => NodeType::Person,
            "place" => NodeType::Place,
            "agency" => NodeType::Agency,
            "event" => NodeType::Event,
            "document" => NodeType::Document,
            "article" => NodeType::Article,
            _ => return None,
        })
    }
}

/// The attribute names nodes can have, in byte order (an attribute stores
/// its name's index).
const ATTR_KEYS: [&str; 22] = [
    "affiliation",
    "canonical",
    "chars",
    "code",
    "date",
    "date_source",
    "doc",
    "end",
    "home",
    "home_code",
    "index",
    "jurisdiction",
    "key",
    "kind",
    "level",
    "name",
    "page_year",
    "place",
    "role",
    "sources",
    "start",
    "titles",
];

/// An attribute value, as compact as the values are (short strings and
/// small numbers): 24 bytes where a `serde_json::Value` takes 32 and its
/// string 24 more.
#[derive(Debug, Clone, PartialEq)]
enum AttrValue {
    Null,
    Int(i64),
    /// A value many nodes share (a date, a kind, a place), interned.
    Shared(u32),
    Str(Box<str>),
    Other(Box<Value>),
}

/// Attributes whose values repeat across nodes: stored once, in the
/// graph's value table (names, keys and codes are mostly unique and stay
/// inline).
const SHARED_KEYS: [&str; 11] = [
    "affiliation",
    "date",
    "date_source",
    "doc",
    "home",
    "home_code",
    "jurisdiction",
    "kind",
    "level",
    "place",
    "role",
];

impl AttrValue {
    fn from_json(key: AttrKey, v: Value, values: &mut Interner) -> AttrValue {
        match v {
            Value::Null => AttrValue::Null,
            Value::String(s) if key.shared => AttrValue::Shared(values.intern(&s)),
            Value::String(s) => AttrValue::Str(s.into_boxed_str()),
            Value::Number(n) if n.as_i64().is_some() => AttrValue::Int(n.as_i64().unwrap_or(0)),
            v => AttrValue::Other(Box::new(v)),
        }
    }
    fn as_str<'a>(&'a self, values: &'a Interner) -> Option<&'a str> {
        match self {
            AttrValue::Shared(i) => Some(values.get(*i)),
            AttrValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A node's attributes: a small map kept as an exact-size vector sorted by
/// key (nodes have two to eight attributes; a `BTreeMap` would cost a whole
/// B-tree leaf, some 600 bytes, for each of millions of nodes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs(Vec<(u8, AttrValue)>);

/// An attribute name as an attribute stores it: its index in
/// [`ATTR_KEYS`] and whether its values are shared. Made from a literal at
/// compile time by [`attr!`], so setting an attribute searches no table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AttrKey {
    index: u8,
    shared: bool,
}

/// Byte equality of two strings, usable in constants.
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The key of attribute name `name`; a name not in [`ATTR_KEYS`] fails
/// the build (the function runs in a constant, see [`attr!`]).
const fn attr_key(name: &str) -> AttrKey {
    let mut i = 0;
    while i < ATTR_KEYS.len() {
        if same_str(ATTR_KEYS[i], name) {
            let mut shared = false;
            let mut j = 0;
            while j < SHARED_KEYS.len() {
                shared |= same_str(SHARED_KEYS[j], name);
                j += 1;
            }
            return AttrKey {
                index: i as u8,
                shared,
            };
        }
        i += 1;
    }
    panic!("attribute names are listed in ATTR_KEYS")
}

/// The [`AttrKey`] of a literal attribute name, computed at compile time.
macro_rules! attr {
    ($name:literal) => {
        const { attr_key($name) }
    };
}

impl Attrs {
    fn find(&self, key: AttrKey) -> Result<usize, usize> {
        self.0.binary_search_by(|(x, _)| x.cmp(&key.index))
    }
    /// Set `key` to `value`.
    fn put(&mut self, key: AttrKey, value: AttrValue) {
        match self.find(key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => {
                // Grow by one: most nodes get all their attributes from
                // their first mention, and doubling would waste a third.
                self.0.reserve_exact(1);
                self.0.insert(i, (key.index, value))
            }
        }
    }
    /// Set `key` to a JSON value (a shared string goes to `values`).
    fn insert(&mut self, key: AttrKey, value: Value, values: &mut Interner) {
        self.put(key, AttrValue::from_json(key, value, values));
    }
    /// Set `key` to the string `s`. A node mentioned again mostly sets
    /// what it has: an equal value is left as it is, with nothing built.
    fn insert_str(&mut self, key: AttrKey, s: &str, values: &mut Interner) {
        if let Ok(i) = self.find(key) {
            if self.0[i].1.as_str(values) == Some(s) {
                return;
            }
        }
        let value = if key.shared {
            AttrValue::Shared(values.intern(s))
        } else {
            AttrValue::Str(s.into())
        };
        self.put(key, value);
    }
    /// Set `key` to a whole number.
    fn insert_int(&mut self, key: AttrKey, n: u64) {
        // What a JSON number becomes: an integer when it fits.
        let value =
            i64::try_from(n).map_or_else(|_| AttrValue::Other(Box::new(json!(n))), AttrValue::Int);
        self.put(key, value);
    }
    /// Set `key` to `value` unless it has a value.
    fn insert_absent(&mut self, key: AttrKey, value: Value, values: &mut Interner) {
        if self.find(key).is_err() {
            self.insert(key, value, values);
        }
    }
    /// The value of `key` when it is a string.
    fn get_str<'a>(&'a self, key: AttrKey, values: &'a Interner) -> Option<&'a str> {
        self.0[self.find(key).ok()?].1.as_str(values)
    }
}

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
    if alias != n.name {
        if let Err(i) = n.aliases.binary_search(&alias) {
            n.aliases.insert(i, alias);
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
    pub name: String,
    /// Other surface forms, sorted, without repeats.
    pub aliases: Vec<String>,
    /// Type-specific attributes.
    pub attrs: Attrs,
}

/// A node being changed, with the graph's table of shared values (and
/// its log of steps, when it records one: see [`Op`]).
struct NodeMut<'a> {
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
    fn set_str(&mut self, key: AttrKey, s: &str) {
        self.record(|id| Op::Str(id, key.index, s.to_string()));
        self.node.attrs.insert_str(key, s, self.values);
    }
    /// Set attribute `key` to a string, or null.
    fn set_opt_str(&mut self, key: AttrKey, s: Option<&str>) {
        match s {
            Some(s) => self.set_str(key, s),
            None => {
                self.record(|id| Op::Null(id, key.index));
                self.node.attrs.put(key, AttrValue::Null)
            }
        }
    }
    /// Set attribute `key` to a whole number.
    fn set_int(&mut self, key: AttrKey, n: u64) {
        self.record(|id| Op::Int(id, key.index, n));
        self.node.attrs.insert_int(key, n);
    }
    /// Set attribute `key` to a JSON value.
    fn set_value(&mut self, key: AttrKey, value: Value) {
        self.record(|id| Op::Value(id, key.index, value.clone()));
        self.node.attrs.insert(key, value, self.values);
    }
    /// Set attribute `key` unless it has a value.
    fn set_absent(&mut self, key: AttrKey, value: Value) {
        self.record(|id| Op::Absent(id, key.index, value.clone()));
        self.node.attrs.insert_absent(key, value, self.values);
    }
    /// A person's role: the first role other than `other` stays
    /// (official and reporter are never overwritten).
    fn set_role(&mut self, role: &str) {
        self.record(|id| Op::Role(id, role.to_string()));
        let old = self.get_str(attr!("role")).unwrap_or("");
        if old.is_empty() || (old == "other" && role != "other") {
            self.node.attrs.insert_str(attr!("role"), role, self.values);
        }
    }
    /// Name the node `name` (an article named first by a copy).
    fn rename(&mut self, name: &str) {
        if self.node.name != name {
            self.record(|id| Op::Rename(id, name.to_string()));
            self.node.name = name.to_string();
        }
    }
    /// Record surface form `text` as an alias (see [`add_alias`]).
    fn alias(&mut self, text: &str) {
        self.record(|id| Op::Alias(id, text.to_string()));
        add_alias(self.node, text);
    }
    /// Attribute `key` when it is a string.
    fn get_str(&self, key: AttrKey) -> Option<&str> {
        self.node.attrs.get_str(key, self.values)
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
            titles,
        }
    }
}

/// A node's attributes as graph.json writes them (see [`NodeRef::attrs_out`]).
pub struct AttrsOut<'a> {
    attrs: &'a Attrs,
    values: &'a Interner,
    /// A person's titles with where they were printed.
    titles: Option<Vec<TitleOut<'a>>>,
}

/// One title printed with a person's name, and where.
#[derive(Serialize)]
struct TitleOut<'a> {
    title: &'a str,
    doc: &'a str,
    article: usize,
    start: usize,
    end: usize,
}

impl Serialize for AttrsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let titles_key = attr!("titles").index;
        let mut map = ser.serialize_map(None)?;
        for (k, v) in &self.attrs.0 {
            // A person's titles are the records below (`titles` sorts last).
            if self.titles.is_some() && *k == titles_key {
                continue;
            }
            let key = ATTR_KEYS[*k as usize];
            match v {
                AttrValue::Null => map.serialize_entry(key, &())?,
                AttrValue::Int(i) => map.serialize_entry(key, i)?,
                AttrValue::Shared(_) | AttrValue::Str(_) => {
                    map.serialize_entry(key, v.as_str(self.values).unwrap_or_default())?
                }
                AttrValue::Other(v) => map.serialize_entry(key, v)?,
            }
        }
        if let Some(t) = &self.titles {
            map.serialize_entry("titles", t)?;
        }
        map.end()
    }
}

/// An edge of the knowledge graph, as [`KnowledgeGraph::edges`] lends it.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    /// Relation name.
    pub relation: &'static str,
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

/// The relations edges can have; an edge stores the index.
pub const RELATIONS: [&str; 9] = [
    "contains",
    "holds_office_in",
    "jurisdiction",
    "located_in",
    "mentions",
    "organized",
    "part_of",
    "participated_in",
    "reported",
];

/// The index of relation `name` in [`RELATIONS`]; a name not listed fails
/// the build (the function runs in a constant, see [`rel!`]).
const fn relation_index(name: &str) -> u8 {
    let mut i = 0;
    while i < RELATIONS.len() {
        if same_str(RELATIONS[i], name) {
            return i as u8;
        }
        i += 1;
    }
    panic!("relations are listed in RELATIONS")
}

/// The index of a literal relation name, computed at compile time: linking
/// compares no strings.
macro_rules! rel {
    ($name:literal) => {
        const { relation_index($name) }
    };
}

/// Edge key: source and target node indices, relation, role (interned).
/// Twelve bytes, hashed in a few instructions: a large build holds ten
/// million of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EdgeKey {
    source: u32,
    target: u32,
    relation: u8,
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
enum Target<'a> {
    At(u32),
    Weak(&'a str),
}

/// In [`KnowledgeGraph`]'s division cache: no node yet.
const NO_NODE: u32 = u32::MAX;

/// The rank of each index in `order` (its inverse permutation).
fn ranks_of(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// Split owners (in output order) into groups of at most `budget` records
/// (or one owner, when it alone has more): the ranks where groups start,
/// then the number of owners. Always at least one group.
fn group_bounds(order: &[u32], count: impl Fn(u32) -> usize, budget: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut held = 0;
    for (r, &i) in order.iter().enumerate() {
        let c = count(i);
        if c > 0 && held > 0 && held + c > budget {
            bounds.push(r);
            held = 0;
        }
        held += c;
    }
    bounds.push(order.len());
    bounds
}

/// The group (see [`group_bounds`]) of the owner of output rank `rank`.
fn group_of_rank(bounds: &[usize], rank: u32) -> usize {
    bounds.partition_point(|&b| b <= rank as usize) - 1
}

/// `prefix` and `key` as one id, in `buf` (cleared first).
fn id_of<'b>(buf: &'b mut String, prefix: &str, key: &str) -> &'b str {
    buf.clear();
    buf.push_str(prefix);
    buf.push_str(key);
    buf
}

/// The records of `log` a group of owners at a time, owners in `order`
/// (`rank` is its inverse): each owner with its records sorted by `cmp`,
/// repeats dropped (records equal by `cmp` are the same record), handed to
/// `each` as (owner, records). Memory holds one group.
fn for_each_owner_group<T: store::Owned>(
    log: &Log<T>,
    order: &[u32],
    rank: &[u32],
    cmp: impl Fn(&T, &T) -> Ordering + Sync,
    mut each: impl for<'r> FnMut(&mut (dyn Iterator<Item = (u32, &'r [T])> + 'r)) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let bounds = group_bounds(order, |i| log.count(i), log.budget());
    let group_of = |r: &T| group_of_rank(&bounds, rank[r.owner() as usize]);
    log.for_each_group(bounds.len() - 1, group_of, |g, recs| {
        let (lo, hi) = (bounds[g], bounds[g + 1]);
        let mut recs = store::sort_by_owner(recs, lo, hi - lo, rank, &cmp);
        recs.dedup_by(|a, b| a.owner() == b.owner() && cmp(a, b).is_eq());
        let mut rows = store::rows(&recs, &order[lo..hi]);
        each(&mut rows)
    })
}

/// Where a record was read, in the graph's packed form.
fn place(doc: u32, article: usize, span: Span) -> Place {
    // Ingest refuses pages over 1 GiB, so offsets and indices fit.
    Place {
        doc,
        article: article as u32,
        start: span.start as u32,
        end: span.end as u32,
    }
}

impl KnowledgeGraph {
    /// Node indices in id order.
    fn node_order(&self) -> Vec<u32> {
        self.order
            .get_or_init(|| {
                let mut order: Vec<u32> = (0..self.nodes.len() as u32).collect();
                order.par_sort_unstable_by(|&a, &b| {
                    self.nodes[a as usize].id.cmp(&self.nodes[b as usize].id)
                });
                order
            })
            .clone()
    }

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

    /// Rank of each node index in id order, and the indices in rank order.
    fn node_ranks(&self) -> (Vec<u32>, Vec<u32>) {
        let order = self.node_order();
        (ranks_of(&order), order)
    }

    /// Edge indices in (source id, target id, relation, role) order.
    fn edge_order(&self, node_rank: &[u32]) -> Vec<u32> {
        // RELATIONS is in name order, so a relation's index sorts as its
        // name; roles are ranked by name once. Each edge gets one integer
        // key (source rank, target rank, relation, role rank).
        let role_order: Vec<u32> = {
            let mut o: Vec<u32> = (0..self.roles.len() as u32).collect();
            o.sort_unstable_by(|&a, &b| self.roles[a as usize].cmp(&self.roles[b as usize]));
            o
        };
        let role_rank = ranks_of(&role_order);
        // Edges are first put in source order by counting (one pass, no
        // comparisons), then each source's few edges are sorted by the
        // rest of the key. A comparison sort of all edges looked up both
        // ends' ranks at every comparison, which cost more than writing
        // them; sorting precomputed 16-byte keys cost 200 MB more memory.
        let sources = node_rank.len();
        let mut start = vec![0u32; sources + 1];
        for k in self.edge_keys.iter() {
            start[node_rank[k.source as usize] as usize + 1] += 1;
        }
        for r in 0..sources {
            start[r + 1] += start[r];
        }
        let mut next = start.clone();
        let mut order = vec![0u32; self.edge_keys.len()];
        for (k, e) in self.edge_keys.iter().zip(0u32..) {
            let slot = &mut next[node_rank[k.source as usize] as usize];
            order[*slot as usize] = e;
            *slot += 1;
        }
        drop(next);
        drop(start);
        // Each source's run (its edges are together now) sorted on all cores.
        let keys = &self.edge_keys;
        order
            .par_chunk_by_mut(|&a, &b| keys[a as usize].source == keys[b as usize].source)
            .for_each(|run| {
                run.sort_unstable_by_key(|&e| {
                    let k = &keys[e as usize];
                    (
                        node_rank[k.target as usize],
                        k.relation,
                        role_rank[k.role as usize],
                    )
                })
            });
        order
    }

    /// Ties on position are broken by content, never by interning order
    /// (which depends on the order documents came in).
    fn mention_cmp(&self, doc_rank: &[u32], a: &MentionRec, b: &MentionRec) -> Ordering {
        let (strings, titles) = (&self.strings, &self.titles);
        let list = |id| {
            titles
                .get(id)
                .chunks_exact(3)
                .map(|t| (strings.get(t[0]), t[1], t[2]))
        };
        a.at.key(doc_rank)
            .cmp(&b.at.key(doc_rank))
            .then_with(|| strings.get(a.text).cmp(strings.get(b.text)))
            .then_with(|| list(a.titles).cmp(list(b.titles)))
    }

    /// Visit the nodes in id order, a group at a time, each with its
    /// mentions (sorted by position, without repeats). Memory holds one
    /// group's mentions; reading spilled ones back can fail.
    pub fn for_each_node_group(
        &self,
        mut each: impl FnMut(&[NodeRef<'_>]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let (rank, order) = self.node_ranks();
        let doc_rank = self.docs.ranks();
        let cmp = |a: &MentionRec, b: &MentionRec| self.mention_cmp(&doc_rank, a, b);
        for_each_owner_group(&self.mentions, &order, &rank, cmp, |rows| {
            let refs: Vec<NodeRef> = rows
                .map(|(index, records)| NodeRef {
                    graph: self,
                    index,
                    records,
                })
                .collect();
            each(&refs)
        })
    }

    /// Visit the edges in (source id, target id, relation, role) order, a
    /// group at a time, each with its evidence (sorted by position, without
    /// repeats), as (source id, target id, edge).
    pub fn for_each_edge_group(
        &self,
        mut each: impl FnMut(&[(&str, &str, Edge<'_>)]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let (node_rank, _) = self.node_ranks();
        let order = self.edge_order(&node_rank);
        drop(node_rank);
        let rank = ranks_of(&order);
        let doc_rank = self.docs.ranks();
        let cmp = |a: &EvidenceRec, b: &EvidenceRec| a.at.key(&doc_rank).cmp(&b.at.key(&doc_rank));
        for_each_owner_group(&self.evidence, &order, &rank, cmp, |rows| {
            let edges: Vec<(&str, &str, Edge)> = rows
                .map(|(e, records)| {
                    let k = &self.edge_keys[e as usize];
                    (
                        &*self.nodes[k.source as usize].id,
                        &*self.nodes[k.target as usize].id,
                        Edge {
                            relation: RELATIONS[k.relation as usize],
                            role: &self.roles[k.role as usize],
                            records,
                            graph: self,
                        },
                    )
                })
                .collect();
            each(&edges)
        })
    }

    /// Nodes in id order, without their mentions (see
    /// [`KnowledgeGraph::for_each_node_group`]).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.node_order()
            .into_iter()
            .map(move |i| &self.nodes[i as usize])
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

    /// The index of node `id`, added with `kind` and `name` when new.
    fn upsert_index(&mut self, id: &str, kind: NodeType, name: &str) -> u32 {
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
            name: name.to_string(),
            aliases: Vec::new(),
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
    fn node_at(&mut self, i: u32) -> NodeMut<'_> {
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
    fn mention_at(&mut self, node: u32, at: Place, text: &str, titles: &[(String, Span)]) {
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
    fn link(&mut self, s: &str, t: &str, relation: &'static str, role: &str, at: Place) {
        let (Some(source), Some(target)) = (self.find(s), self.find(t)) else {
            panic!("edge {s} -> {t} with a missing end");
        };
        let relation = RELATIONS
            .iter()
            .position(|r| *r == relation)
            .expect("a known relation") as u8;
        self.link_at(source, target, relation, role, at);
    }

    /// Link nodes `source` and `target`.
    fn link_at(&mut self, source: u32, target: u32, relation: u8, role: &str, at: Place) {
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Link(
                self.nodes[source as usize].id.to_string(),
                self.nodes[target as usize].id.to_string(),
                relation,
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

    /// Add resolved documents. Adding the same documents in any order gives
    /// the same graph.
    pub fn add_documents(&mut self, res: &Resources, docs: &[ResolvedDoc]) {
        for d in docs {
            self.add_document(res, d);
        }
    }

    /// Add one resolved document.
    pub fn add_document(&mut self, res: &Resources, d: &ResolvedDoc) {
        self.ensure_indexed();
        let g = &res.gazetteer;
        self.documents.insert(d.doc.clone());
        let doc = self.docs.intern(&d.doc);
        let articles = d.articles.iter().filter(|a| a.copy_of.is_none()).count();
        let reposts = d.articles.len() - articles;
        self.articles += articles;
        self.reposts += reposts;
        if let Some(log) = self.log.as_mut() {
            log.push(Op::Doc(articles, reposts));
        }
        // Ids are built in one reused buffer: a page brings hundreds of
        // mentions, each naming its node by id.
        let mut buf = String::new();
        let doc_ix = self.upsert_index(
            id_of(&mut buf, "document:", &d.doc),
            NodeType::Document,
            &d.doc,
        );
        let mut doc_node = self.node_at(doc_ix);
        doc_node.set_int(attr!("chars"), d.chars as u64);
        if let Some(h) = d.home {
            doc_node.set_str(attr!("home"), &g.get(h).name);
            doc_node.set_str(attr!("home_code"), &g.get(h).code);
        }
        if let Some(y) = d.page_year {
            doc_node.set_value(attr!("page_year"), json!(y));
        }
        // Nodes are named by index from here on: a link costs no lookup of
        // its ends' ids.
        for a in &d.articles {
            let ev = |span: Span| place(doc, a.index, span);
            if let Some((cdoc, cindex)) = &a.copy_of {
                // A repost: its document holds the canonical copy's
                // article, at this copy's offsets.
                let art = self.upsert_index(
                    {
                        id_of(&mut buf, "article:", cdoc);
                        buf.push('#');
                        buf.push_str(itoa::Buffer::new().format(*cindex));
                        &buf
                    },
                    NodeType::Article,
                    &a.headline,
                );
                self.link_at(doc_ix, art, rel!("contains"), "", ev(a.span));
                continue;
            }
            let art = self.upsert_index(
                {
                    id_of(&mut buf, "article:", &d.doc);
                    buf.push('#');
                    buf.push_str(itoa::Buffer::new().format(a.index));
                    &buf
                },
                NodeType::Article,
                &a.headline,
            );
            let mut an = self.node_at(art);
            // A copy met first named the node by its own headline.
            an.rename(&a.headline);
            if a.sources > 1 {
                an.set_int(attr!("sources"), a.sources as u64);
            }
            an.set_str(attr!("doc"), &d.doc);
            an.set_int(attr!("index"), a.index as u64);
            an.set_int(attr!("start"), a.span.start as u64);
            an.set_int(attr!("end"), a.span.end as u64);
            if let Some(j) = a.jurisdiction {
                an.set_str(attr!("jurisdiction"), &g.get(j).name);
            }
            self.link_at(doc_ix, art, rel!("contains"), "", ev(a.span));

            // Places (a dropped one is not added; an event naming it links
            // to its node only if another mention brought it in).
            let mut place_ids = Vec::with_capacity(a.places.len());
            for p in &a.places {
                if p.dropped {
                    place_ids.push(Err(format!("place:{}", p.key)));
                    continue;
                }
                let id = id_of(&mut buf, "place:", &p.key);
                let ix =
                    self.add_place_chain(res, p.div, id, &p.name, p.level, p.parent, ev(p.span));
                place_ids.push(Ok(ix));
                if p.is_mention {
                    self.node_at(ix).alias(&p.text);
                    self.mention_at(ix, ev(p.span), &p.text, &[]);
                    self.link_at(art, ix, rel!("mentions"), "", ev(p.span));
                }
            }
            // Agencies.
            let mut agency_ix = Vec::with_capacity(a.agencies.len());
            for ag in &a.agencies {
                let ix = self.upsert_index(
                    id_of(&mut buf, "agency:", &ag.key),
                    NodeType::Agency,
                    &ag.canonical,
                );
                agency_ix.push(ix);
                let mut n = self.node_at(ix);
                n.alias(&ag.text);
                n.set_str(attr!("canonical"), &ag.canonical);
                n.set_str(attr!("key"), &ag.key);
                self.mention_at(ix, ev(ag.span), &ag.text, &[]);
                self.link_at(art, ix, rel!("mentions"), "", ev(ag.span));
                if let Some(j) = ag.jurisdiction {
                    let div = g.get(j);
                    let pix = self.add_place_chain(
                        res,
                        Some(j),
                        id_of(&mut buf, "place:", &div.code),
                        &div.name,
                        div.level,
                        div.parent,
                        ev(ag.span),
                    );
                    self.link_at(ix, pix, rel!("jurisdiction"), "", ev(ag.span));
                }
            }
            // People.
            let mut person_ix = Vec::with_capacity(a.persons.len());
            for p in &a.persons {
                let ix = self.upsert_index(
                    id_of(&mut buf, "person:", &p.key),
                    NodeType::Person,
                    &p.name,
                );
                person_ix.push(ix);
                let mut n = self.node_at(ix);
                n.set_str(attr!("key"), &p.key);
                let role = match p.role {
                    crate::extract::PersonRole::Official => "official",
                    crate::extract::PersonRole::Reporter => "reporter",
                    crate::extract::PersonRole::Other => "other",
                };
                n.set_role(role);
                if let Some(j) = p.jurisdiction {
                    n.set_str(attr!("jurisdiction"), &g.get(j).name);
                }
                if let Some(af) = &p.affiliation {
                    n.set_str(attr!("affiliation"), af);
                }
                // The titles with their spans: `attrs.titles` of graph.json is
                // made from them on output (see `NodeRef::attrs_map`), not
                // kept as JSON records per mention.
                self.mention_at(ix, ev(p.span), &p.name, &p.titles);
                if p.role == crate::extract::PersonRole::Reporter {
                    self.link_at(ix, art, rel!("reported"), "", ev(p.span));
                } else {
                    self.link_at(art, ix, rel!("mentions"), "", ev(p.span));
                }
                // Office: person -> the agency their title names.
                for (ai, (ag, &aix)) in a.agencies.iter().zip(&agency_ix).enumerate() {
                    if p.shared_office == Some(ai)
                        || p.titles.iter().any(|(_, ts)| ts.contains(ag.span))
                    {
                        self.link_at(ix, aix, rel!("holds_office_in"), "", ev(p.span));
                    }
                }
            }
            // Events.
            for e in &a.events {
                let ix =
                    self.upsert_index(id_of(&mut buf, "event:", &e.key), NodeType::Event, &e.name);
                let mut n = self.node_at(ix);
                n.set_str(attr!("kind"), &e.kind);
                n.set_str(attr!("name"), &e.name);
                n.set_opt_str(attr!("date"), e.date.as_deref());
                n.set_str(attr!("date_source"), e.date_source.as_str());
                let place_at = match e.place {
                    Some(PlaceRef::Mention(i)) => {
                        let pix = match &place_ids[i] {
                            Ok(pix) => Target::At(*pix),
                            Err(id) => Target::Weak(id),
                        };
                        Some((pix, a.places[i].name.clone()))
                    }
                    Some(PlaceRef::Division(dv)) => {
                        let div = g.get(dv);
                        let pix = self.add_place_chain(
                            res,
                            Some(dv),
                            id_of(&mut buf, "place:", &div.code),
                            &div.name,
                            div.level,
                            div.parent,
                            ev(e.span),
                        );
                        Some((Target::At(pix), div.name.clone()))
                    }
                    None => None,
                };
                let mut n = self.node_at(ix);
                n.set_opt_str(attr!("place"), place_at.as_ref().map(|p| p.1.as_str()));
                self.mention_at(ix, ev(e.span), &e.name, &[]);
                self.link_at(art, ix, rel!("mentions"), "", ev(e.span));
                if let Some((pix, _)) = place_at {
                    self.link_to(ix, pix, rel!("located_in"), ev(e.span), &d.doc);
                }
                for &i in &e.also_at {
                    let pix = match &place_ids[i] {
                        Ok(pix) => Target::At(*pix),
                        Err(id) => Target::Weak(id),
                    };
                    self.link_to(ix, pix, rel!("located_in"), ev(e.span), &d.doc);
                }
                for (pi, role, span) in &e.participants {
                    self.link_at(person_ix[*pi], ix, rel!("participated_in"), role, ev(*span));
                }
                for oi in &e.organizers {
                    self.link_at(agency_ix[*oi], ix, rel!("organized"), "", ev(e.span));
                }
            }
        }
    }

    /// Link `source` to a place `target` (without a role). A place named
    /// through a dropped mention is linked only if it is in the graph by
    /// now (see [`KnowledgeGraph::find_weak`]); a recording graph, which
    /// holds one document, leaves that to the replay
    /// ([`Op::Weak`]) unless this document brought the place in already.
    fn link_to(&mut self, source: u32, target: Target<'_>, relation: u8, at: Place, doc: &str) {
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
                            relation,
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

    /// Add a place node and its `part_of` chain up the hierarchy; returns
    /// the place's index.
    #[allow(clippy::too_many_arguments)]
    fn add_place_chain(
        &mut self,
        res: &Resources,
        div: Option<crate::resources::gazetteer::DivId>,
        id: &str,
        name: &str,
        level: Level,
        parent: Option<crate::resources::gazetteer::DivId>,
        evidence: Place,
    ) -> u32 {
        let g = &res.gazetteer;
        let ix = self.upsert_index(id, NodeType::Place, name);
        let mut n = self.node_at(ix);
        n.set_str(attr!("level"), level.as_str());
        if let Some(d) = div {
            n.set_str(attr!("code"), &g.get(d).code);
        } else {
            n.set_absent(attr!("code"), Value::Null);
        }
        let mut child = ix;
        let mut cur = parent;
        while let Some(p) = cur {
            let pd = g.get(p);
            let pix = self.division_node(p, &pd.code, &pd.name);
            let mut pn = self.node_at(pix);
            // Most chains were seen before: set only what changes (the same
            // result, without building and dropping two values a step).
            if pn.get_str(attr!("level")) != Some(pd.level.as_str()) {
                pn.set_str(attr!("level"), pd.level.as_str());
            }
            if pn.get_str(attr!("code")) != Some(pd.code.as_str()) {
                pn.set_str(attr!("code"), &pd.code);
            }
            // A part_of edge cites the mention that brought the chain in.
            self.link_at(child, pix, rel!("part_of"), "", evidence);
            child = pix;
            cur = pd.parent;
        }
        ix
    }

    /// The node `place:{code}` of division `div`, added if new.
    fn division_node(
        &mut self,
        div: crate::resources::gazetteer::DivId,
        code: &str,
        name: &str,
    ) -> u32 {
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
        a.insert(attr!("level"), json!("county"), &mut values);
        a.insert(attr!("code"), json!("140430"), &mut values);
        a.insert(attr!("level"), json!("township"), &mut values);
        assert_eq!(a.get_str(attr!("level"), &values), Some("township"));
        assert_eq!(a.get_str(attr!("code"), &values), Some("140430"));
        // insert_absent keeps a value already there.
        a.insert_absent(attr!("code"), Value::Null, &mut values);
        a.insert_absent(attr!("role"), json!("official"), &mut values);
        a.insert(attr!("chars"), json!(1234), &mut values);
        a.insert(attr!("place"), Value::Null, &mut values);
        assert_eq!(a.0.capacity(), a.0.len(), "attributes take no spare room");
        assert_eq!(
            serde_json::to_string(&AttrsOut {
                attrs: &a,
                values: &values,
                titles: None
            })
            .unwrap(),
            r#"{"chars":1234,"code":"140430","level":"township","place":null,"role":"official"}"#
        );
        // Shared values are stored once: "county" and "township" (level),
        // "official" (role); the code stays inline.
        let mut b = Attrs::default();
        b.insert(attr!("level"), json!("township"), &mut values);
        assert_eq!(b.0[0].1, a.0[a.find(attr!("level")).unwrap()].1);
        assert!(matches!(
            a.0[a.find(attr!("code")).unwrap()].1,
            AttrValue::Str(_)
        ));
    }

    #[test]
    fn attrs_typed_setters_store_what_json_values_would() {
        let mut values = Interner::default();
        let (mut typed, mut json) = (Attrs::default(), Attrs::default());
        typed.insert_str(attr!("level"), "county", &mut values);
        json.insert(attr!("level"), json!("county"), &mut values);
        typed.insert_str(attr!("name"), "某会", &mut values);
        json.insert(attr!("name"), json!("某会"), &mut values);
        typed.insert_int(attr!("chars"), 1234);
        json.insert(attr!("chars"), json!(1234u64), &mut values);
        typed.insert_int(attr!("end"), u64::MAX);
        json.insert(attr!("end"), json!(u64::MAX), &mut values);
        assert_eq!(typed, json);
        // Setting an equal value again changes nothing; another value wins.
        typed.insert_str(attr!("level"), "county", &mut values);
        assert_eq!(typed, json);
        typed.insert_str(attr!("level"), "township", &mut values);
        assert_eq!(typed.get_str(attr!("level"), &values), Some("township"));
        assert_eq!(typed.0.capacity(), typed.0.len());
    }

    #[test]
    fn relation_indices_name_their_relations() {
        for (i, name) in RELATIONS.iter().enumerate() {
            assert_eq!(relation_index(name) as usize, i);
        }
        assert_eq!(
            RELATIONS[rel!("participated_in") as usize],
            "participated_in"
        );
    }

    #[test]
    fn attr_keys_know_which_values_are_shared() {
        for (i, name) in ATTR_KEYS.iter().enumerate() {
            let k = attr_key(name);
            assert_eq!(k.index as usize, i);
            assert_eq!(k.shared, SHARED_KEYS.contains(name), "{name}");
        }
        assert_eq!(
            attr!("date"),
            AttrKey {
                index: 4,
                shared: true
            }
        );
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
            "participated_in",
            "出席",
            place(doc, 0, Span::new(1, 3)),
        );
        g.release_indices();
        assert_eq!(g.node("event:b").map(|n| n.name.as_str()), Some("会"));
        g.upsert("person:c", NodeType::Person, "丙");
        assert_eq!(g.upsert_index("person:a", NodeType::Person, "甲"), 0);
        let doc = g.docs.intern("p.txt");
        g.link(
            "person:a",
            "event:b",
            "participated_in",
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
            n.set_str(attr!("role"), "official");
            n.set_str(attr!("affiliation"), "某局\n办公室");
            add_alias(n.node, "韩“秀”兰");
        }
        let titles = vec![("县委\"常委\"".to_string(), Span::new(0, 4))];
        g.mention("person:韩\\秀兰", at(4), "韩\r秀兰", &titles);
        g.upsert("event:会|\u{1}", NodeType::Event, "会");
        g.mention("event:会|\u{1}", at(9), "会议", &[]);
        g.link(
            "person:韩\\秀兰",
            "event:会|\u{1}",
            "participated_in",
            "主\"持",
            at(4),
        );
        g.link("person:韩\\秀兰", "event:会|\u{1}", "mentions", "", at(9));
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
    fn attr_keys_are_sorted_and_distinct() {
        assert!(ATTR_KEYS.windows(2).all(|w| w[0] < w[1]));
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
                g.link("person:a", "event:b", "participated_in", role, at);
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
            g.link("person:a", "event:b", "participated_in", "出席", at);
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

    #[test]
    fn groups_hold_at_most_the_budget_unless_one_owner_has_more() {
        let counts = [3, 1, 1, 5, 0, 2];
        let order: Vec<u32> = (0..6).collect();
        let b = group_bounds(&order, |i| counts[i as usize], 4);
        // 3+1 | 1 | 5+0 | 2: the owner of five records is a group alone.
        assert_eq!(b, [0, 2, 3, 5, 6]);
        assert_eq!(group_bounds(&[], |_| 0, 4), [0, 0]);
    }
}
