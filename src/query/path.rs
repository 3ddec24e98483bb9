//! `path`: the shortest paths between two entities, every hop with its
//! relations and evidence.

use super::algo::shortest_paths;
use super::evidence::Pages;
use super::explore::{Link, NodeRef};
use super::table::Table;
use super::{EntityGraph, QueryError, QueryGraph};
use crate::model::{NodeType, Relation};
use serde::Serialize;

const ENTITIES: [NodeType; 4] = [
    NodeType::Person,
    NodeType::Place,
    NodeType::Agency,
    NodeType::Event,
];

/// Whether `path` steps through a relation by default: the social ones
/// ([`Relation::SOCIAL`]: who took part in or organised an event, who holds
/// office in an agency). Places are left out: through 沁县 → 长治市 → 山西省
/// every two officials of a province are a few hops apart, which says
/// nothing about whether they ever met.
fn is_social(relation: &str) -> bool {
    Relation::parse(relation).is_some_and(Relation::is_social)
}

/// Which links `path` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PathLinks {
    /// [`Relation::SOCIAL`] only (the default).
    #[default]
    Social,
    /// Every relation between entities (places, jurisdictions, part_of).
    All,
}

/// The entity graph restricted to [`Relation::SOCIAL`], read from the
/// index's edge lists.
struct SocialGraph<'a>(&'a QueryGraph);

impl super::algo::Neighbors for SocialGraph<'_> {
    fn node_count(&self) -> usize {
        self.0.node_count()
    }
    fn for_each_neighbor(&self, v: u32, mut f: impl FnMut(u32)) {
        let g = self.0;
        let mut last = None;
        for e in g.edges_of(v) {
            let w = g.other(e, v);
            if w != v && last != Some(w) && g.is_entity(w) && is_social(g.relation(e)) {
                // Edges are grouped by their other end: one call per neighbour.
                last = Some(w);
                f(w);
            }
        }
    }
}

/// One hop of a path: from the previous node to `node`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    /// The node reached.
    pub node: NodeRef,
    /// The edges between the previous node and this one.
    pub links: Vec<Link>,
}

/// The answer to `path`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathResult {
    /// Where the paths start.
    pub from: NodeRef,
    /// Where they end.
    pub to: NodeRef,
    /// Hops of a shortest path.
    pub hops: usize,
    /// `social` (people, events and agencies only) or `all`.
    pub links: &'static str,
    /// How many shortest paths exist.
    pub total: f64,
    /// Up to `--max` of them; each is its hops after `from`.
    pub paths: Vec<Vec<Hop>>,
}

impl PathResult {
    /// As a table: one block of rows per path.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["path", "relation", "name", "type", "id"]);
        t.title = Some(format!(
            "{} → {}: {} hops, {} shortest path{}{}",
            self.from.name,
            self.to.name,
            self.hops,
            self.total,
            if self.total == 1.0 { "" } else { "s" },
            if self.links == "social" {
                " (through events and agencies; --all-relations for places too)"
            } else {
                " (all relations)"
            }
        ));
        for (i, p) in self.paths.iter().enumerate() {
            t.row(vec![
                format!("{}", i + 1),
                String::new(),
                self.from.name.clone(),
                self.from.kind.clone(),
                self.from.id.clone(),
            ]);
            for h in p {
                let rel: Vec<String> = h.links.iter().map(Link::label).collect();
                let row = t.row(vec![
                    String::new(),
                    rel.join(", "),
                    h.node.name.clone(),
                    h.node.kind.clone(),
                    h.node.id.clone(),
                ]);
                for l in &h.links {
                    if let Some(q) = &l.evidence {
                        row.details.push(q.detail());
                    }
                }
            }
        }
        if (self.paths.len() as f64) < self.total {
            t.notes.push(format!(
                "{} of {} shortest paths shown (--max)",
                self.paths.len(),
                self.total
            ));
        }
        t
    }
}

impl QueryGraph {
    /// The shortest paths from `a` to `b` in the entity graph.
    ///
    /// # Arguments
    /// * `a`, `b`: names or ids of two entities.
    /// * `max`: the most paths listed.
    /// * `links`: [`PathLinks::Social`] steps only through
    ///   [`Relation::SOCIAL`]; [`PathLinks::All`] through every relation.
    /// * `pages`: quotes each hop's first evidence.
    ///
    /// # Returns
    /// * [`PathResult`]; [`crate::model::lookup::LookupError::NotFound`] when no path links them
    ///   (with social links, the message says to try all relations).
    ///
    /// # Complexity
    /// * Time: **O(V + E)** for the breadth-first search, plus the edges
    ///   read for the hops printed.
    pub fn path(
        &self,
        a: &str,
        b: &str,
        max: usize,
        links: PathLinks,
        pages: &Pages,
    ) -> Result<PathResult, QueryError> {
        let what = "an entity (person, place, agency or event)";
        let va = self.resolve_kind(a, &ENTITIES, what)?;
        let vb = self.resolve_kind(b, &ENTITIES, what)?;
        let found = match links {
            PathLinks::Social => shortest_paths(&SocialGraph(self), va, vb, max.max(1)),
            PathLinks::All => shortest_paths(&EntityGraph(self), va, vb, max.max(1)),
        };
        let sp = found.ok_or_else(|| crate::model::lookup::LookupError::NotFound {
            what: format!(
                "no path links {} and {}{}",
                self.name(va),
                self.name(vb),
                if links == PathLinks::Social {
                    " through events and agencies (--all-relations also steps through places)"
                } else {
                    ""
                }
            ),
            suggestions: Vec::new(),
        })?;
        let social = |e: u32| links == PathLinks::All || is_social(self.relation(e));
        let mut paths = Vec::new();
        for p in &sp.paths {
            let mut hops = Vec::new();
            for w in p.windows(2) {
                let (u, v) = (w[0], w[1]);
                let links = self
                    .edges_of(u)
                    .filter(|&e| self.other(e, u) == v && social(e))
                    .map(|e| self.link(e, u, pages))
                    .collect();
                hops.push(Hop {
                    node: self.node_ref(v),
                    links,
                });
            }
            paths.push(hops);
        }
        Ok(PathResult {
            from: self.node_ref(va),
            to: self.node_ref(vb),
            hops: sp.hops,
            links: match links {
                PathLinks::Social => "social",
                PathLinks::All => "all",
            },
            total: sp.total,
            paths,
        })
    }
}
