//! `graph`: one petgraph graph across all documents. Entities with equal
//! keys merge into one node; every node and edge keeps its evidence
//! (document, article, character span).
//!
//! Ids are derived from type and key, never from input order, and nodes and
//! edges are kept in `BTreeMap`s, so the same documents give the same graph
//! whatever their order or the thread count.

use crate::resolve::{PlaceRef, ResolvedDoc};
use crate::resources::gazetteer::Level;
use crate::resources::Resources;
use crate::text::Span;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

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
    /// Document base name.
    pub doc: String,
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
    pub text: String,
    /// Titles printed with a person mention.
    pub titles: Vec<String>,
}

/// A node of the knowledge graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Type.
    pub kind: NodeType,
    /// Canonical name.
    pub name: String,
    /// Other surface forms.
    pub aliases: BTreeSet<String>,
    /// Type-specific attributes.
    pub attrs: BTreeMap<String, Value>,
    /// Mentions, sorted.
    pub mentions: BTreeSet<Mention>,
}

/// An edge of the knowledge graph.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Relation name.
    pub relation: String,
    /// Attributes (role for participation).
    pub attrs: BTreeMap<String, Value>,
    /// Evidence, sorted.
    pub evidence: BTreeSet<Evidence>,
}

impl Edge {
    /// Number of distinct articles supporting the edge.
    pub fn weight(&self) -> usize {
        self.evidence
            .iter()
            .map(|e| (&e.doc, e.article))
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// Edge key: (source id, target id, relation, role).
type EdgeKey = (String, String, String, String);

/// The knowledge graph: nodes and edges keyed by stable ids, with a petgraph
/// view for algorithms.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<EdgeKey, Edge>,
    /// Documents that went into the graph.
    pub documents: BTreeSet<String>,
    /// Articles that went into the graph.
    pub articles: usize,
}

impl KnowledgeGraph {
    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }
    /// Edges in (source, target, relation) order.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str, &Edge)> {
        self.edges
            .iter()
            .map(|(k, e)| (k.0.as_str(), k.1.as_str(), e))
    }
    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
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
        for id in self.nodes.keys() {
            ix.insert(id.clone(), g.add_node(id.clone()));
        }
        for k in self.edges.keys() {
            g.add_edge(ix[&k.0], ix[&k.1], k.2.clone());
        }
        (g, ix)
    }

    fn upsert(&mut self, id: &str, kind: NodeType, name: &str) -> &mut Node {
        self.nodes.entry(id.to_string()).or_insert_with(|| Node {
            id: id.to_string(),
            kind,
            name: name.to_string(),
            aliases: BTreeSet::new(),
            attrs: BTreeMap::new(),
            mentions: BTreeSet::new(),
        })
    }

    fn link(&mut self, s: &str, t: &str, relation: &str, role: &str, ev: Evidence) {
        let e = self
            .edges
            .entry((
                s.to_string(),
                t.to_string(),
                relation.to_string(),
                role.to_string(),
            ))
            .or_insert_with(|| Edge {
                relation: relation.to_string(),
                attrs: BTreeMap::new(),
                evidence: BTreeSet::new(),
            });
        if !role.is_empty() {
            e.attrs.insert("role".into(), json!(role));
        }
        e.evidence.insert(ev);
    }

    /// Add resolved documents. Adding the same documents in any order gives
    /// the same graph.
    pub fn add_documents(&mut self, res: &Resources, docs: &[ResolvedDoc]) {
        for d in docs {
            self.add_document(res, d);
        }
        self.finish();
    }

    fn add_document(&mut self, res: &Resources, d: &ResolvedDoc) {
        let g = &res.gazetteer;
        self.documents.insert(d.doc.clone());
        self.articles += d.articles.len();
        let doc_id = format!("document:{}", d.doc);
        let doc_node = self.upsert(&doc_id, NodeType::Document, &d.doc);
        doc_node.attrs.insert("chars".into(), json!(d.chars));
        if let Some(h) = d.home {
            doc_node.attrs.insert("home".into(), json!(g.get(h).name));
            doc_node
                .attrs
                .insert("home_code".into(), json!(g.get(h).code));
        }
        if let Some(y) = d.page_year {
            doc_node.attrs.insert("page_year".into(), json!(y));
        }
        for a in &d.articles {
            let ev = |span: Span| Evidence {
                doc: d.doc.clone(),
                article: a.index,
                span,
            };
            let art_id = format!("article:{}#{}", d.doc, a.index);
            let an = self.upsert(&art_id, NodeType::Article, &a.headline);
            an.attrs.insert("doc".into(), json!(d.doc));
            an.attrs.insert("index".into(), json!(a.index));
            an.attrs.insert("start".into(), json!(a.span.start));
            an.attrs.insert("end".into(), json!(a.span.end));
            if let Some(j) = a.jurisdiction {
                an.attrs.insert("jurisdiction".into(), json!(g.get(j).name));
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
                let n = self.nodes.get_mut(&id).expect("place node");
                if p.is_mention {
                    if p.text != n.name {
                        n.aliases.insert(p.text.clone());
                    }
                    n.mentions.insert(Mention {
                        at: ev(p.span),
                        text: p.text.clone(),
                        titles: vec![],
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
                if ag.text != n.name {
                    n.aliases.insert(ag.text.clone());
                }
                n.attrs.insert("canonical".into(), json!(ag.canonical));
                n.attrs.insert("key".into(), json!(ag.key));
                n.mentions.insert(Mention {
                    at: ev(ag.span),
                    text: ag.text.clone(),
                    titles: vec![],
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
                n.attrs.insert("key".into(), json!(p.key));
                let role = match p.role {
                    crate::extract::PersonRole::Official => "official",
                    crate::extract::PersonRole::Reporter => "reporter",
                    crate::extract::PersonRole::Other => "other",
                };
                // The strongest role seen wins: official > reporter > other.
                let old = n.attrs.get("role").and_then(|v| v.as_str()).unwrap_or("");
                if old.is_empty() || (old == "other" && role != "other") {
                    n.attrs.insert("role".into(), json!(role));
                }
                if let Some(j) = p.jurisdiction {
                    n.attrs.insert("jurisdiction".into(), json!(g.get(j).name));
                }
                if let Some(af) = &p.affiliation {
                    n.attrs.insert("affiliation".into(), json!(af));
                }
                let titles: Vec<String> = p.titles.iter().map(|t| t.0.clone()).collect();
                let entry = n.attrs.entry("titles".into()).or_insert_with(|| json!([]));
                if let Value::Array(arr) = entry {
                    for (t, span) in &p.titles {
                        let rec = json!({"title": t, "doc": d.doc, "article": a.index,
                                         "start": span.start, "end": span.end});
                        if !arr.contains(&rec) {
                            arr.push(rec);
                        }
                    }
                }
                n.mentions.insert(Mention {
                    at: ev(p.span),
                    text: p.name.clone(),
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
                n.attrs.insert("kind".into(), json!(e.kind));
                n.attrs.insert("name".into(), json!(e.name));
                n.attrs.insert("date".into(), json!(e.date));
                n.attrs
                    .insert("date_source".into(), json!(e.date_source.as_str()));
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
                let n = self.nodes.get_mut(&id).expect("event node");
                n.attrs.insert(
                    "place".into(),
                    json!(place_id.as_ref().map(|p| p.1.clone())),
                );
                n.mentions.insert(Mention {
                    at: ev(e.span),
                    text: e.name.clone(),
                    titles: vec![],
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
        n.attrs.insert("level".into(), json!(level.as_str()));
        if let Some(d) = div {
            n.attrs.insert("code".into(), json!(g.get(d).code));
        } else {
            n.attrs.entry("code".into()).or_insert(Value::Null);
        }
        let mut child = id.to_string();
        let mut cur = parent;
        while let Some(p) = cur {
            let pd = g.get(p);
            let pid = format!("place:{}", pd.code);
            let pn = self.upsert(&pid, NodeType::Place, &pd.name);
            pn.attrs.insert("level".into(), json!(pd.level.as_str()));
            pn.attrs.insert("code".into(), json!(pd.code));
            // A part_of edge cites the mention that brought the chain in.
            self.link(&child, &pid, "part_of", "", evidence.clone());
            child = pid;
            cur = pd.parent;
        }
    }

    /// Derived attributes once all documents are in: edge weights.
    fn finish(&mut self) {
        for e in self.edges.values_mut() {
            let w = e.weight();
            e.attrs.insert("weight".into(), json!(w));
        }
    }

    /// Summary counts: nodes by type.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for n in self.nodes.values() {
            *m.entry(n.kind.as_str()).or_default() += 1;
        }
        m
    }

    /// Attributes as a JSON object.
    pub fn attrs_json(n: &Node) -> Value {
        Value::Object(n.attrs.clone().into_iter().collect::<Map<String, Value>>())
    }
}
