//! Loading a resolved document into the graph: which nodes, attributes,
//! mentions and edges a [`ResolvedDoc`] becomes (`KnowledgeGraph::add_document`).
//!
//! This is the one place that reads the gazetteer for the graph (a
//! division's name, code, level and parents), so `graph` itself needs no
//! `Resources`. It changes the graph only through the graph's recorded
//! primitives (`begin_document`, `upsert_index`, `NodeMut`'s setters,
//! `mention_at`, `link_at`, `link_to`, `division_node`), each of which a
//! recording graph logs as a [`crate::graph::Op`]: so replaying the log of
//! a document ([`KnowledgeGraph::replay`], the partitioned build of
//! `crate::dist`) fills a graph exactly as loading the document does.

use crate::extract::PersonRole;
use crate::graph::{place, Attr, KnowledgeGraph, Place, Target};
use crate::model::{NodeType, Relation};
use crate::resolve::{PlaceRef, ResolvedDoc};
use crate::resources::gazetteer::{DivId, Level};
use crate::resources::Resources;
use crate::text::Span;
use serde_json::{json, Value};

/// `prefix` and `key` as one id, in `buf` (cleared first).
fn id_of<'b>(buf: &'b mut String, prefix: &str, key: &str) -> &'b str {
    buf.clear();
    buf.push_str(prefix);
    buf.push_str(key);
    buf
}

impl KnowledgeGraph {
    /// Add resolved documents. Adding the same documents in any order gives
    /// the same graph.
    pub fn add_documents(&mut self, res: &Resources, docs: &[ResolvedDoc]) {
        for d in docs {
            self.add_document(res, d);
        }
    }

    /// Add one resolved document.
    pub fn add_document(&mut self, res: &Resources, d: &ResolvedDoc) {
        let g = &res.gazetteer;
        let articles = d.articles.iter().filter(|a| a.copy_of.is_none()).count();
        let doc = self.begin_document(&d.doc, articles, d.articles.len() - articles);
        // Ids are built in one reused buffer: a page brings hundreds of
        // mentions, each naming its node by id.
        let mut buf = String::new();
        let doc_ix = self.upsert_index(
            id_of(&mut buf, "document:", &d.doc),
            NodeType::Document,
            &d.doc,
        );
        let mut doc_node = self.node_at(doc_ix);
        doc_node.set_int(Attr::Chars, d.chars as u64);
        if let Some(h) = d.home {
            doc_node.set_str(Attr::Home, &g.get(h).name);
            doc_node.set_str(Attr::HomeCode, &g.get(h).code);
        }
        if let Some(y) = d.page_year {
            doc_node.set_value(Attr::PageYear, json!(y));
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
                self.link_at(doc_ix, art, Relation::Contains, "", ev(a.span));
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
                an.set_int(Attr::Sources, a.sources as u64);
            }
            an.set_str(Attr::Doc, &d.doc);
            an.set_int(Attr::Index, a.index as u64);
            an.set_int(Attr::Start, a.span.start as u64);
            an.set_int(Attr::End, a.span.end as u64);
            if let Some(j) = a.jurisdiction {
                an.set_str(Attr::Jurisdiction, &g.get(j).name);
            }
            self.link_at(doc_ix, art, Relation::Contains, "", ev(a.span));

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
                    self.link_at(art, ix, Relation::Mentions, "", ev(p.span));
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
                n.set_str(Attr::Canonical, &ag.canonical);
                n.set_str(Attr::Key, &ag.key);
                self.mention_at(ix, ev(ag.span), &ag.text, &[]);
                self.link_at(art, ix, Relation::Mentions, "", ev(ag.span));
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
                    self.link_at(ix, pix, Relation::Jurisdiction, "", ev(ag.span));
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
                n.set_str(Attr::Key, &p.key);
                let role = match p.role {
                    PersonRole::Official => "official",
                    PersonRole::Reporter => "reporter",
                    PersonRole::Other => "other",
                };
                n.set_role(role);
                if let Some(j) = p.jurisdiction {
                    n.set_str(Attr::Jurisdiction, &g.get(j).name);
                }
                if let Some(af) = &p.affiliation {
                    n.set_str(Attr::Affiliation, af);
                }
                // The titles with their spans: `attrs.titles` of graph.json is
                // made from them on output (see `NodeRef::attrs_map`), not
                // kept as JSON records per mention.
                self.mention_at(ix, ev(p.span), &p.name, &p.titles);
                if p.role == PersonRole::Reporter {
                    self.link_at(ix, art, Relation::Reported, "", ev(p.span));
                } else {
                    self.link_at(art, ix, Relation::Mentions, "", ev(p.span));
                }
                // Office: person -> the agency their title names.
                for (ai, (ag, &aix)) in a.agencies.iter().zip(&agency_ix).enumerate() {
                    if p.shared_office == Some(ai)
                        || p.titles.iter().any(|(_, ts)| ts.contains(ag.span))
                    {
                        self.link_at(ix, aix, Relation::HoldsOfficeIn, "", ev(p.span));
                    }
                }
            }
            // Events.
            for e in &a.events {
                let ix =
                    self.upsert_index(id_of(&mut buf, "event:", &e.key), NodeType::Event, &e.name);
                let mut n = self.node_at(ix);
                n.set_str(Attr::Kind, &e.kind);
                n.set_str(Attr::Name, &e.name);
                n.set_opt_str(Attr::Date, e.date.as_deref());
                n.set_str(Attr::DateSource, e.date_source.as_str());
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
                n.set_opt_str(Attr::Place, place_at.as_ref().map(|p| p.1.as_str()));
                self.mention_at(ix, ev(e.span), &e.name, &[]);
                self.link_at(art, ix, Relation::Mentions, "", ev(e.span));
                if let Some((pix, _)) = place_at {
                    self.link_to(ix, pix, Relation::LocatedIn, ev(e.span), &d.doc);
                }
                for &i in &e.also_at {
                    let pix = match &place_ids[i] {
                        Ok(pix) => Target::At(*pix),
                        Err(id) => Target::Weak(id),
                    };
                    self.link_to(ix, pix, Relation::LocatedIn, ev(e.span), &d.doc);
                }
                for (pi, role, span) in &e.participants {
                    self.link_at(
                        person_ix[*pi],
                        ix,
                        Relation::ParticipatedIn,
                        role,
                        ev(*span),
                    );
                }
                for oi in &e.organizers {
                    self.link_at(agency_ix[*oi], ix, Relation::Organized, "", ev(e.span));
                }
            }
        }
    }

    /// Add a place node and its `part_of` chain up the hierarchy; returns
    /// the place's index.
    #[allow(clippy::too_many_arguments)]
    fn add_place_chain(
        &mut self,
        res: &Resources,
        div: Option<DivId>,
        id: &str,
        name: &str,
        level: Level,
        parent: Option<DivId>,
        evidence: Place,
    ) -> u32 {
        let g = &res.gazetteer;
        let ix = self.upsert_index(id, NodeType::Place, name);
        let mut n = self.node_at(ix);
        n.set_str(Attr::Level, level.as_str());
        if let Some(d) = div {
            n.set_str(Attr::Code, &g.get(d).code);
        } else {
            n.set_absent(Attr::Code, Value::Null);
        }
        let mut child = ix;
        let mut cur = parent;
        while let Some(p) = cur {
            let pd = g.get(p);
            let pix = self.division_node(p, &pd.code, &pd.name);
            let mut pn = self.node_at(pix);
            // Most chains were seen before: set only what changes (the same
            // result, without building and dropping two values a step).
            if pn.get_str(Attr::Level) != Some(pd.level.as_str()) {
                pn.set_str(Attr::Level, pd.level.as_str());
            }
            if pn.get_str(Attr::Code) != Some(pd.code.as_str()) {
                pn.set_str(Attr::Code, &pd.code);
            }
            // A part_of edge cites the mention that brought the chain in.
            self.link_at(child, pix, Relation::PartOf, "", evidence);
            child = pix;
            cur = pd.parent;
        }
        ix
    }
}
