//! `path`: the shortest paths between two entities, every hop with its
//! relations and evidence.

use super::algo::{shortest_paths, RelSet, REL_OVERFLOW};
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

/// The entity graph restricted to [`Relation::SOCIAL`]: the links whose
/// relations (`mask`, [`QueryGraph::relation_bits`]) include one of them,
/// read in place from the index.
struct SocialGraph<'a> {
    graph: &'a QueryGraph,
    mask: RelSet,
}

impl super::algo::Neighbors for SocialGraph<'_> {
    fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    fn for_each_neighbor(&self, v: u32, mut f: impl FnMut(u32)) {
        let g = self.graph;
        for (w, rels) in g.entity_links(v) {
            let hit = rels & self.mask;
            // A relation past the 31st shares the overflow bit with others:
            // then the edges themselves say whether one is social.
            if hit & !REL_OVERFLOW != 0
                || (hit != 0
                    && g.edges_of(v)
                        .any(|e| g.other(e, v) == w && is_social(g.relation(e))))
            {
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
            PathLinks::Social => {
                let social = SocialGraph {
                    graph: self,
                    mask: self.relation_bits(&Relation::SOCIAL.map(Relation::as_str)),
                };
                shortest_paths(&social, va, vb, max.max(1))
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph.json: `nodes` as (id, type), `edges` as (source, target,
    /// relation).
    fn graph(dir: &std::path::Path, nodes: &[(&str, &str)], edges: &[(&str, &str, String)]) {
        let nodes: Vec<serde_json::Value> = nodes
            .iter()
            .map(|(id, kind)| {
                serde_json::json!({"id": id, "type": kind, "name": id, "aliases": [],
                                   "attrs": {}, "mentions": []})
            })
            .collect();
        let edges: Vec<serde_json::Value> = edges
            .iter()
            .map(|(s, t, r)| {
                serde_json::json!({"source": s, "target": t, "key": r, "relation": r,
                                   "attrs": {}, "evidence": []})
            })
            .collect();
        let g = serde_json::json!({"directed": true, "multigraph": true, "graph": {},
                                   "nodes": nodes, "edges": edges});
        std::fs::write(dir.join("graph.json"), g.to_string()).unwrap();
    }

    fn ids(r: &PathResult) -> Vec<Vec<String>> {
        r.paths
            .iter()
            .map(|p| p.iter().map(|h| h.node.id.clone()).collect())
            .collect()
    }

    #[test]
    fn path_social_links_follow_the_relations_of_each_link() {
        // a and c hold office in agencies of one place p; a and b attend e,
        // held in p. Socially a reaches b through e and never reaches c;
        // through every relation, c is four hops away by two paths.
        let dir = tempfile::tempdir().unwrap();
        let rel = |s: &str| s.to_string();
        let nodes = [
            ("person:a", "person"),
            ("person:b", "person"),
            ("person:c", "person"),
            ("agency:x", "agency"),
            ("agency:y", "agency"),
            ("place:p", "place"),
            ("event:e", "event"),
            ("article:t#0", "article"),
        ];
        let mut edges = vec![
            ("person:a", "event:e", rel("participated_in")),
            ("person:b", "event:e", rel("participated_in")),
            // Two relations on one link: it stays one link, still social.
            ("person:b", "event:e", rel("organized")),
            ("person:a", "agency:x", rel("holds_office_in")),
            ("person:c", "agency:y", rel("holds_office_in")),
            ("agency:x", "place:p", rel("jurisdiction")),
            ("agency:y", "place:p", rel("jurisdiction")),
            ("event:e", "place:p", rel("located_in")),
            // Through the article every name would be two hops apart.
            ("article:t#0", "person:a", rel("mentions")),
            ("article:t#0", "person:c", rel("mentions")),
        ];
        graph(dir.path(), &nodes, &edges);
        let g = QueryGraph::open(dir.path()).unwrap();
        let pages = Pages::new(&g, false, &[]);
        let social = g
            .path("person:a", "person:b", 5, PathLinks::Social, &pages)
            .unwrap();
        assert_eq!(ids(&social), [["event:e", "person:b"]]);
        assert!(g
            .path("person:a", "person:c", 5, PathLinks::Social, &pages)
            .is_err());
        let all = g
            .path("person:a", "person:c", 5, PathLinks::All, &pages)
            .unwrap();
        assert_eq!((all.hops, all.total), (4, 2.0));
        assert_eq!(
            ids(&all),
            [
                ["agency:x", "place:p", "agency:y", "person:c"],
                ["event:e", "place:p", "agency:y", "person:c"],
            ]
        );

        // With more than 31 relation names, the social ones share the
        // overflow bit with others: a two-hop link through d by such
        // another relation must still not count.
        let dir = tempfile::tempdir().unwrap();
        let mut nodes = nodes.to_vec();
        nodes.push(("person:d", "person"));
        for i in 0..34 {
            edges.push(("person:a", "person:d", format!("aa{i:02}")));
        }
        edges.push(("person:d", "person:b", rel("aa33")));
        graph(dir.path(), &nodes, &edges);
        let g = QueryGraph::open(dir.path()).unwrap();
        let pages = Pages::new(&g, false, &[]);
        let social = g
            .path("person:a", "person:b", 5, PathLinks::Social, &pages)
            .unwrap();
        assert_eq!(ids(&social), [["event:e", "person:b"]]);
        let all = g
            .path("person:a", "person:b", 5, PathLinks::All, &pages)
            .unwrap();
        assert_eq!(
            ids(&all),
            [["event:e", "person:b"], ["person:d", "person:b"]]
        );
    }
}
