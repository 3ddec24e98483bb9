//! `graph`: one petgraph graph across all documents. Entities with equal
//! keys merge into one node; every node and edge keeps its evidence
//! (document, article, character span).
//!
//! Ids are derived from type and key, never from input order, and nodes and
//! edges are kept in `BTreeMap`s, so the same documents give the same graph
//! whatever their order or the thread count.
//!
//! Memory is what bounds a large build, so the graph is kept lean: a
//! document name is shared by all its evidence (`Arc<str>`), an edge's key
//! shares its node ids, and evidence and mentions are plain vectors,
//! appended while documents come in and sorted once by [`KnowledgeGraph::finish`]
//! (a one-element `BTreeSet` costs a whole B-tree leaf).

use crate::resolve::{PlaceRef, ResolvedDoc};
use crate::resources::gazetteer::Level;
use crate::resources::Resources;
use crate::text::Span;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

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

/// Where something was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evidence {
    /// Document base name (shared by all evidence of the document).
    pub doc: Arc<str>,
    /// Article index.
    pub article: usize,
    /// Character span.
    pub span: Span,
}

/// One mention of a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// Where.
    pub at: Evidence,
    /// Surface form.
    pub text: Box<str>,
    /// Titles printed with a person mention, each with its span.
    pub titles: Box<[(Box<str>, Span)]>,
}

/// A node's attributes: a small map kept as a vector sorted by key (nodes
/// have two to eight attributes; a `BTreeMap` would cost a whole B-tree
/// leaf, some 600 bytes, for each of millions of nodes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs(Vec<(&'static str, Value)>);

impl Attrs {
    /// Set `key` to `value`.
    pub fn insert(&mut self, key: &'static str, value: Value) {
        match self.0.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }
    /// The value of `key`, set by `make` first when there is none.
    pub fn get_or_insert_with(
        &mut self,
        key: &'static str,
        make: impl FnOnce() -> Value,
    ) -> &mut Value {
        let i = match self.0.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, make()));
                i
            }
        };
        &mut self.0[i].1
    }
    /// Attributes in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
    /// As a JSON object (keys in order).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
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
        n.aliases.insert(alias);
    }
}

impl Node {
    /// The attributes as graph.json writes them. A person's `titles` are
    /// made here from its mentions: each title printed with a name, with
    /// where it was printed, in the order of the text.
    pub fn attrs_map(&self) -> Map<String, Value> {
        if self.kind != NodeType::Person {
            return self.attrs.to_map();
        }
        let mut records: Vec<Value> = Vec::new();
        let mut seen = BTreeSet::new();
        for m in &self.mentions {
            for (t, span) in m.titles.iter() {
                if seen.insert((&m.at.doc, m.at.article, span.start, span.end, t)) {
                    records.push(
                        json!({"title": &**t, "doc": &*m.at.doc, "article": m.at.article,
                                        "start": span.start, "end": span.end}),
                    );
                }
            }
        }
        let mut attrs = self.attrs.clone();
        attrs.insert("titles", Value::Array(records));
        attrs.to_map()
    }
}

/// A node of the knowledge graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// Stable id.
    pub id: Arc<str>,
    /// Type.
    pub kind: NodeType,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: BTreeSet<String>,
    /// Type-specific attributes.
    pub attrs: Attrs,
    /// Mentions: sorted and without duplicates once the graph is finished.
    pub mentions: Vec<Mention>,
}

/// An edge of the knowledge graph, as [`KnowledgeGraph::edges`] lends it.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'a> {
    /// Relation name.
    pub relation: &'static str,
    /// Role of a participation (`""` for other relations).
    pub role: &'a str,
    /// Evidence: sorted and without duplicates once the graph is finished.
    pub evidence: &'a [Evidence],
}

impl Edge<'_> {
    /// Number of distinct articles supporting the edge.
    pub fn weight(&self) -> usize {
        let mut arts: Vec<(&str, usize)> =
            self.evidence.iter().map(|e| (&*e.doc, e.article)).collect();
        arts.sort_unstable();
        arts.dedup();
        arts.len()
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
const RELATIONS: [&str; 9] = [
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

/// The knowledge graph: nodes and edges keyed by stable ids, with a petgraph
/// view for algorithms.
///
/// Nodes live in a vector indexed through a hash map of their ids, edges in
/// a hash map of compact keys: adding a document costs hash lookups, not
/// B-tree searches comparing long ids. Iteration sorts (by id, and edges by
/// source id, target id, relation, role), so the order never depends on how
/// the graph was filled.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    index: HashMap<Arc<str>, u32>,
    nodes: Vec<Node>,
    edges: HashMap<EdgeKey, Vec<Evidence>>,
    roles: Vec<Box<str>>,
    role_index: HashMap<Box<str>, u16>,
    /// Documents that went into the graph.
    pub documents: BTreeSet<String>,
    /// Articles that went into the graph.
    pub articles: usize,
}

impl KnowledgeGraph {
    /// Node indices in id order.
    fn node_order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.nodes.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.nodes[a as usize].id.cmp(&self.nodes[b as usize].id));
        order
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.node_order()
            .into_iter()
            .map(move |i| &self.nodes[i as usize])
    }

    /// Edges in (source, target, relation, role) order.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str, Edge<'_>)> {
        let mut rank = vec![0u32; self.nodes.len()];
        for (r, i) in self.node_order().into_iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let mut keys: Vec<EdgeKey> = self.edges.keys().copied().collect();
        keys.sort_unstable_by(|a, b| {
            (rank[a.source as usize], rank[a.target as usize])
                .cmp(&(rank[b.source as usize], rank[b.target as usize]))
                .then_with(|| RELATIONS[a.relation as usize].cmp(RELATIONS[b.relation as usize]))
                .then_with(|| self.roles[a.role as usize].cmp(&self.roles[b.role as usize]))
        });
        keys.into_iter().map(move |k| {
            (
                &*self.nodes[k.source as usize].id,
                &*self.nodes[k.target as usize].id,
                Edge {
                    relation: RELATIONS[k.relation as usize],
                    role: &self.roles[k.role as usize],
                    evidence: &self.edges[&k],
                },
            )
        })
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i as usize])
    }
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// A petgraph view (node weights are ids, edge weights relations).
    pub fn to_petgraph(&self) -> (StableDiGraph<String, String>, BTreeMap<String, NodeIndex>) {
        let mut g = StableDiGraph::new();
        let mut ix = BTreeMap::new();
        for n in self.nodes() {
            ix.insert(n.id.to_string(), g.add_node(n.id.to_string()));
        }
        for (s, t, e) in self.edges() {
            g.add_edge(ix[s], ix[t], e.relation.to_string());
        }
        (g, ix)
    }

    fn upsert(&mut self, id: &str, kind: NodeType, name: &str) -> &mut Node {
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
                let id: Arc<str> = Arc::from(id);
                self.index.insert(id.clone(), i);
                self.nodes.push(Node {
                    id,
                    kind,
                    name: name.to_string(),
                    aliases: BTreeSet::new(),
                    attrs: Attrs::default(),
                    mentions: Vec::new(),
                });
                i
            }
        };
        &mut self.nodes[i as usize]
    }

    /// A node by id, to change.
    fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.index.get(id).map(|&i| &mut self.nodes[i as usize])
    }

    fn role_id(&mut self, role: &str) -> u16 {
        if let Some(&r) = self.role_index.get(role) {
            return r;
        }
        let r = u16::try_from(self.roles.len()).expect("fewer than 65536 roles");
        self.roles.push(role.into());
        self.role_index.insert(role.into(), r);
        r
    }

    /// Link two nodes already in the graph (an end that is not is a bug in
    /// the caller: the edge is dropped rather than left dangling).
    fn link(&mut self, s: &str, t: &str, relation: &'static str, role: &str, ev: Evidence) {
        let (Some(&source), Some(&target)) = (self.index.get(s), self.index.get(t)) else {
            debug_assert!(false, "edge {s} -> {t} with a missing end");
            return;
        };
        let relation = RELATIONS
            .iter()
            .position(|r| *r == relation)
            .expect("a known relation") as u8;
        let key = EdgeKey {
            source,
            target,
            relation,
            role: self.role_id(role),
        };
        self.edges
            .entry(key)
            .or_insert_with(|| Vec::with_capacity(1))
            .push(ev);
    }

    /// Add resolved documents. Adding the same documents in any order gives
    /// the same graph.
    pub fn add_documents(&mut self, res: &Resources, docs: &[ResolvedDoc]) {
        for d in docs {
            self.add_document(res, d);
        }
        self.finish();
    }

    /// Add one resolved document. Call [`KnowledgeGraph::finish`] once all
    /// documents are in, before reading the graph.
    pub fn add_document(&mut self, res: &Resources, d: &ResolvedDoc) {
        let g = &res.gazetteer;
        self.documents.insert(d.doc.clone());
        let doc_name: Arc<str> = Arc::from(d.doc.as_str());
        self.articles += d.articles.len();
        let doc_id = format!("document:{}", d.doc);
        let doc_node = self.upsert(&doc_id, NodeType::Document, &d.doc);
        doc_node.attrs.insert("chars", json!(d.chars));
        if let Some(h) = d.home {
            doc_node.attrs.insert("home", json!(g.get(h).name));
            doc_node.attrs.insert("home_code", json!(g.get(h).code));
        }
        if let Some(y) = d.page_year {
            doc_node.attrs.insert("page_year", json!(y));
        }
        for a in &d.articles {
            let ev = |span: Span| Evidence {
                doc: doc_name.clone(),
                article: a.index,
                span,
            };
            let art_id = format!("article:{}#{}", d.doc, a.index);
            let an = self.upsert(&art_id, NodeType::Article, &a.headline);
            an.attrs.insert("doc", json!(d.doc));
            an.attrs.insert("index", json!(a.index));
            an.attrs.insert("start", json!(a.span.start));
            an.attrs.insert("end", json!(a.span.end));
            if let Some(j) = a.jurisdiction {
                an.attrs.insert("jurisdiction", json!(g.get(j).name));
            }
            self.link(&doc_id, &art_id, "contains", "", ev(a.span));

            // Places.
            let mut place_ids = Vec::new();
            for p in &a.places {
                let id = format!("place:{}", p.key);
                place_ids.push(id.clone());
                if p.dropped {
                    continue;
                }
                self.add_place_chain(res, p.div, &id, &p.name, p.level, p.parent, ev(p.span));
                let n = self.node_mut(&id).expect("place node");
                if p.is_mention {
                    add_alias(n, &p.text);
                    n.mentions.push(Mention {
                        at: ev(p.span),
                        text: p.text.as_str().into(),
                        titles: Box::new([]),
                    });
                    self.link(&art_id, &id, "mentions", "", ev(p.span));
                }
            }
            // Agencies.
            let mut agency_ids = Vec::new();
            for ag in &a.agencies {
                let id = format!("agency:{}", ag.key);
                agency_ids.push(id.clone());
                let n = self.upsert(&id, NodeType::Agency, &ag.canonical);
                add_alias(n, &ag.text);
                n.attrs.insert("canonical", json!(ag.canonical));
                n.attrs.insert("key", json!(ag.key));
                n.mentions.push(Mention {
                    at: ev(ag.span),
                    text: ag.text.as_str().into(),
                    titles: Box::new([]),
                });
                self.link(&art_id, &id, "mentions", "", ev(ag.span));
                if let Some(j) = ag.jurisdiction {
                    let div = g.get(j);
                    let pid = format!("place:{}", div.code);
                    self.add_place_chain(
                        res,
                        Some(j),
                        &pid,
                        &div.name,
                        div.level,
                        div.parent,
                        ev(ag.span),
                    );
                    self.link(&id, &pid, "jurisdiction", "", ev(ag.span));
                }
            }
            // People.
            let mut person_ids = Vec::new();
            for p in &a.persons {
                let id = format!("person:{}", p.key);
                person_ids.push(id.clone());
                let n = self.upsert(&id, NodeType::Person, &p.name);
                n.attrs.insert("key", json!(p.key));
                let role = match p.role {
                    crate::extract::PersonRole::Official => "official",
                    crate::extract::PersonRole::Reporter => "reporter",
                    crate::extract::PersonRole::Other => "other",
                };
                // The strongest role seen wins: official > reporter > other.
                let old = n.attrs.get("role").and_then(|v| v.as_str()).unwrap_or("");
                if old.is_empty() || (old == "other" && role != "other") {
                    n.attrs.insert("role", json!(role));
                }
                if let Some(j) = p.jurisdiction {
                    n.attrs.insert("jurisdiction", json!(g.get(j).name));
                }
                if let Some(af) = &p.affiliation {
                    n.attrs.insert("affiliation", json!(af));
                }
                // The titles with their spans: `attrs.titles` of graph.json is
                // made from them on output (see `Node::attrs_map`), not kept
                // as JSON records per mention.
                let titles: Box<[(Box<str>, Span)]> = p
                    .titles
                    .iter()
                    .map(|(t, s)| (t.as_str().into(), *s))
                    .collect();
                n.mentions.push(Mention {
                    at: ev(p.span),
                    text: p.name.as_str().into(),
                    titles,
                });
                if p.role == crate::extract::PersonRole::Reporter {
                    self.link(&id, &art_id, "reported", "", ev(p.span));
                } else {
                    self.link(&art_id, &id, "mentions", "", ev(p.span));
                }
                // Office: person -> the agency their title names.
                for ag in &a.agencies {
                    if p.titles.iter().any(|(_, ts)| ts.contains(ag.span)) {
                        let aid = format!("agency:{}", ag.key);
                        self.link(&id, &aid, "holds_office_in", "", ev(p.span));
                    }
                }
            }
            // Events.
            for e in &a.events {
                let id = format!("event:{}", e.key);
                let n = self.upsert(&id, NodeType::Event, &e.name);
                n.attrs.insert("kind", json!(e.kind));
                n.attrs.insert("name", json!(e.name));
                n.attrs.insert("date", json!(e.date));
                n.attrs.insert("date_source", json!(e.date_source.as_str()));
                let place_id = match e.place {
                    Some(PlaceRef::Mention(i)) => {
                        Some((place_ids[i].clone(), a.places[i].name.clone()))
                    }
                    Some(PlaceRef::Division(dv)) => {
                        let div = g.get(dv);
                        let pid = format!("place:{}", div.code);
                        self.add_place_chain(
                            res,
                            Some(dv),
                            &pid,
                            &div.name,
                            div.level,
                            div.parent,
                            ev(e.span),
                        );
                        Some((pid, div.name.clone()))
                    }
                    None => None,
                };
                let n = self.node_mut(&id).expect("event node");
                n.attrs
                    .insert("place", json!(place_id.as_ref().map(|p| p.1.clone())));
                n.mentions.push(Mention {
                    at: ev(e.span),
                    text: e.name.as_str().into(),
                    titles: Box::new([]),
                });
                self.link(&art_id, &id, "mentions", "", ev(e.span));
                if let Some((pid, _)) = place_id {
                    self.link(&id, &pid, "located_in", "", ev(e.span));
                }
                for (pi, role, span) in &e.participants {
                    self.link(&person_ids[*pi], &id, "participated_in", role, ev(*span));
                }
                for oi in &e.organizers {
                    self.link(&agency_ids[*oi], &id, "organized", "", ev(e.span));
                }
            }
        }
    }

    /// Add a place node and its `part_of` chain up the hierarchy.
    #[allow(clippy::too_many_arguments)]
    fn add_place_chain(
        &mut self,
        res: &Resources,
        div: Option<crate::resources::gazetteer::DivId>,
        id: &str,
        name: &str,
        level: Level,
        parent: Option<crate::resources::gazetteer::DivId>,
        evidence: Evidence,
    ) {
        let g = &res.gazetteer;
        let n = self.upsert(id, NodeType::Place, name);
        n.attrs.insert("level", json!(level.as_str()));
        if let Some(d) = div {
            n.attrs.insert("code", json!(g.get(d).code));
        } else {
            n.attrs.get_or_insert_with("code", || Value::Null);
        }
        let mut child = id.to_string();
        let mut cur = parent;
        while let Some(p) = cur {
            let pd = g.get(p);
            let pid = format!("place:{}", pd.code);
            let pn = self.upsert(&pid, NodeType::Place, &pd.name);
            pn.attrs.insert("level", json!(pd.level.as_str()));
            pn.attrs.insert("code", json!(pd.code));
            // A part_of edge cites the mention that brought the chain in.
            self.link(&child, &pid, "part_of", "", evidence.clone());
            child = pid;
            cur = pd.parent;
        }
    }

    /// Once all documents are in: evidence and mentions sorted, duplicates
    /// dropped, spare capacity given back. Idempotent.
    pub fn finish(&mut self) {
        for e in self.edges.values_mut() {
            e.sort_unstable();
            e.dedup();
            e.shrink_to_fit();
        }
        for n in self.nodes.iter_mut() {
            n.mentions.sort_unstable();
            n.mentions.dedup();
            n.mentions.shrink_to_fit();
        }
    }

    /// Summary counts: nodes by type.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for n in &self.nodes {
            *m.entry(n.kind.as_str()).or_default() += 1;
        }
        m
    }

    /// Attributes as a JSON object.
    pub fn attrs_json(n: &Node) -> Value {
        Value::Object(n.attrs_map())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attrs_stay_sorted_and_last_insert_wins() {
        let mut a = Attrs::default();
        a.insert("level", json!("county"));
        a.insert("code", json!("140430"));
        a.insert("level", json!("township"));
        let keys: Vec<&str> = a.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["code", "level"]);
        assert_eq!(a.get("level"), Some(&json!("township")));
        // get_or_insert_with keeps a value already there.
        *a.get_or_insert_with("code", || Value::Null) = json!("140431");
        a.get_or_insert_with("role", || json!("official"));
        assert_eq!(a.get("code"), Some(&json!("140431")));
        assert_eq!(
            Value::Object(a.to_map()).to_string(),
            r#"{"code":"140431","level":"township","role":"official"}"#
        );
    }

    #[test]
    fn edge_weight_counts_articles_not_mentions() {
        let doc: Arc<str> = Arc::from("p.txt");
        let ev = |article, start| Evidence {
            doc: doc.clone(),
            article,
            span: Span::new(start, start + 2),
        };
        let evidence = [ev(0, 1), ev(0, 9), ev(3, 1)];
        let e = Edge {
            relation: "mentions",
            role: "",
            evidence: &evidence,
        };
        assert_eq!(e.weight(), 2);
        assert_eq!(Value::Object(e.attrs()).to_string(), r#"{"weight":2}"#);
    }
}
