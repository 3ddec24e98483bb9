//! The steps of adding one document to the graph, by node id: what a
//! partitioned build ships to each partition instead of whole documents.
//!
//! A recording graph ([`KnowledgeGraph::recording`]) holds one document and
//! logs every step of filling it: a node added, an attribute set, a
//! person's role, an alias, a mention, a link. Each step names its nodes by
//! id and says no more than what `add_document` did, so replaying the
//! steps of documents in document order ([`KnowledgeGraph::replay`]) fills
//! a graph exactly as adding the documents does — and a partition can
//! replay only the steps on its own nodes and on the edges they start.

use super::store::Place;
use super::{Attr, KnowledgeGraph};
use crate::model::{NodeType, Relation};
use crate::text::Span;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One step of filling the graph with a document. Attributes are named by
/// their index in the graph's table of attribute names, relations by their
/// index in [`Relation::ALL`]; places are `[article, start, end]` in the
/// document being replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// A node (id, type, name), added with this name when new.
    #[serde(rename = "n")]
    Node(String, String, String),
    /// An attribute set to a string.
    #[serde(rename = "s")]
    Str(String, u8, String),
    /// An attribute set to null.
    #[serde(rename = "z")]
    Null(String, u8),
    /// An attribute set to a whole number.
    #[serde(rename = "i")]
    Int(String, u8, u64),
    /// An attribute set to a JSON value.
    #[serde(rename = "v")]
    Value(String, u8, Value),
    /// An attribute set to a value unless it has one.
    #[serde(rename = "a")]
    Absent(String, u8, Value),
    /// A person's role (the first role other than `other` stays).
    #[serde(rename = "r")]
    Role(String, String),
    /// A node renamed (an article first named by a copy).
    #[serde(rename = "m")]
    Rename(String, String),
    /// A surface form of a node.
    #[serde(rename = "l")]
    Alias(String, String),
    /// A mention: node, place, text, titles with their spans.
    #[serde(rename = "t")]
    Mention(String, [u32; 3], String, Vec<(String, u32, u32)>),
    /// An edge (source, target, relation, role) with its evidence.
    #[serde(rename = "e")]
    Link(String, String, u8, String, [u32; 3]),
    /// An edge to a place named through a dropped mention, which exists
    /// only if the graph already has the place (from an earlier document).
    #[serde(rename = "w")]
    Weak(String, String, u8, String, [u32; 3]),
    /// The document itself: its articles, and its articles that are reposts.
    #[serde(rename = "d")]
    Doc(usize, usize),
}

impl Op {
    /// The node a step changes (an edge's source; none for [`Op::Doc`]).
    pub fn node(&self) -> Option<&str> {
        match self {
            Op::Node(id, ..)
            | Op::Str(id, ..)
            | Op::Null(id, ..)
            | Op::Int(id, ..)
            | Op::Value(id, ..)
            | Op::Absent(id, ..)
            | Op::Role(id, ..)
            | Op::Rename(id, ..)
            | Op::Alias(id, ..)
            | Op::Mention(id, ..)
            | Op::Link(id, ..)
            | Op::Weak(id, ..) => Some(id),
            Op::Doc(..) => None,
        }
    }
}

/// The attribute of index `index`.
fn key_of(index: u8) -> Result<Attr, String> {
    Attr::from_index(index).ok_or_else(|| format!("no attribute number {index}"))
}

impl KnowledgeGraph {
    /// An empty graph that logs each step of filling it (see [`Op`]).
    pub fn recording() -> KnowledgeGraph {
        KnowledgeGraph {
            log: Some(Vec::new()),
            ..KnowledgeGraph::default()
        }
    }

    /// The steps logged so far (none unless [`KnowledgeGraph::recording`]).
    pub fn take_log(&mut self) -> Vec<Op> {
        self.log.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Replay the steps `ops` of document `doc` (steps of one document's
    /// recording, all of them or those of some nodes, in their order).
    /// A step naming a node no earlier step added is an error.
    pub fn replay(&mut self, doc: &str, ops: &[Op]) -> Result<(), String> {
        self.ensure_indexed();
        let d = self.docs.intern(doc);
        let at = |[article, start, end]: [u32; 3]| Place {
            doc: d,
            article,
            start,
            end,
        };
        let find = |g: &KnowledgeGraph, id: &str| {
            g.find(id)
                .ok_or_else(|| format!("node {id:?} is used before a step adds it"))
        };
        let relation =
            |r: u8| Relation::from_index(r).ok_or_else(|| format!("no relation number {r}"));
        for op in ops {
            match op {
                Op::Node(id, kind, name) => {
                    let kind =
                        NodeType::parse(kind).ok_or_else(|| format!("no node type {kind:?}"))?;
                    self.upsert_index(id, kind, name);
                }
                Op::Str(id, k, s) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_str(key_of(*k)?, s);
                }
                Op::Null(id, k) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_opt_str(key_of(*k)?, None);
                }
                Op::Int(id, k, n) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_int(key_of(*k)?, *n);
                }
                Op::Value(id, k, v) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_value(key_of(*k)?, v.clone());
                }
                Op::Absent(id, k, v) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_absent(key_of(*k)?, v.clone());
                }
                Op::Role(id, role) => {
                    let i = find(self, id)?;
                    self.node_at(i).set_role(role);
                }
                Op::Rename(id, name) => {
                    let i = find(self, id)?;
                    self.node_at(i).rename(name);
                }
                Op::Alias(id, text) => {
                    let i = find(self, id)?;
                    self.node_at(i).alias(text);
                }
                Op::Mention(id, place, text, titles) => {
                    let i = find(self, id)?;
                    let titles: Vec<(String, Span)> = titles
                        .iter()
                        .map(|(t, s, e)| (t.clone(), Span::new(*s as usize, *e as usize)))
                        .collect();
                    self.mention_at(i, at(*place), text, &titles);
                }
                Op::Link(s, t, r, role, place) => {
                    let (s, t) = (find(self, s)?, find(self, t)?);
                    self.link_at(s, t, relation(*r)?, role, at(*place));
                }
                Op::Weak(s, t, r, role, place) => {
                    let s = find(self, s)?;
                    if let Some(t) = self.find_weak(t, doc) {
                        self.link_at(s, t, relation(*r)?, role, at(*place));
                    }
                }
                Op::Doc(articles, reposts) => {
                    self.documents.insert(doc.to_string());
                    self.articles += articles;
                    self.reposts += reposts;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_steps(event: &str) -> Vec<Op> {
        vec![
            Op::Node(event.into(), "event".into(), "座谈会".into()),
            Op::Str(event.into(), Attr::Kind.index(), "会议".into()),
            Op::Weak(
                event.into(),
                "place:450329".into(),
                Relation::LocatedIn.index(),
                String::new(),
                [0, 3, 5],
            ),
        ]
    }

    fn located(g: &KnowledgeGraph) -> usize {
        let mut n = 0;
        g.for_each_edge_group(|es| {
            n += es
                .iter()
                .filter(|(_, _, e)| e.relation == Relation::LocatedIn)
                .count();
            Ok(())
        })
        .unwrap();
        n
    }

    #[test]
    fn a_weak_link_holds_only_when_an_earlier_document_brought_the_place_in() {
        // In this graph the place is nowhere: only the first-seen table
        // (a partition's view of the corpus) can say it exists.
        for (first, linked) in [
            (Some("a.txt"), 1),
            (Some("b.txt"), 0),
            (Some("c.txt"), 0),
            (None, 0),
        ] {
            let mut g = KnowledgeGraph::default();
            if let Some(f) = first {
                let mut t = rustc_hash::FxHashMap::default();
                t.insert("place:450329".into(), f.into());
                g.set_first_seen(t);
            }
            g.replay("b.txt", &event_steps("event:会议@b")).unwrap();
            assert_eq!(located(&g), linked, "first seen in {first:?}");
        }
        // A graph that has the place links whatever the table says.
        let mut g = KnowledgeGraph::default();
        g.replay(
            "a.txt",
            &[Op::Node(
                "place:450329".into(),
                "place".into(),
                "资源县".into(),
            )],
        )
        .unwrap();
        g.replay("b.txt", &event_steps("event:会议@b")).unwrap();
        assert_eq!(located(&g), 1);
    }

    #[test]
    fn steps_naming_unknown_nodes_or_names_are_refused() {
        let mut g = KnowledgeGraph::default();
        let e = g
            .replay("a.txt", &[Op::Str("person:x".into(), 0, "y".into())])
            .unwrap_err();
        assert!(
            e.contains("person:x") && e.contains("before a step adds it"),
            "{e}"
        );
        let e = g
            .replay(
                "a.txt",
                &[Op::Node("x".into(), "planet".into(), "x".into())],
            )
            .unwrap_err();
        assert!(e.contains("planet"), "{e}");
        g.replay("a.txt", &[Op::Node("x".into(), "place".into(), "x".into())])
            .unwrap();
        let e = g
            .replay("a.txt", &[Op::Str("x".into(), 200, "y".into())])
            .unwrap_err();
        assert!(e.contains("200"), "{e}");
    }
}
