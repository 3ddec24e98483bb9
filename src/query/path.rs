//! `path`: the shortest paths between two entities, every hop with its
//! relations and evidence.

use super::algo::shortest_paths;
use super::evidence::Pages;
use super::explore::{Link, NodeRef};
use super::table::Table;
use super::{EntityGraph, NodeKind, QueryError, QueryGraph};
use serde::Serialize;

const ENTITIES: [NodeKind; 4] = [
    NodeKind::Person,
    NodeKind::Place,
    NodeKind::Agency,
    NodeKind::Event,
];

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
            "{} → {}: {} hops, {} shortest path{}",
            self.from.name,
            self.to.name,
            self.hops,
            self.total,
            if self.total == 1.0 { "" } else { "s" }
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
    /// * `pages`: quotes each hop's first evidence.
    ///
    /// # Returns
    /// * [`PathResult`]; [`QueryError::NotFound`] when no path links them.
    ///
    /// # Complexity
    /// * Time: **O(V + E)** for the breadth-first search, plus the edges
    ///   read for the hops printed.
    pub fn path(
        &self,
        a: &str,
        b: &str,
        max: usize,
        pages: &Pages,
    ) -> Result<PathResult, QueryError> {
        let what = "an entity (person, place, agency or event)";
        let va = self.resolve_kind(a, &ENTITIES, what)?;
        let vb = self.resolve_kind(b, &ENTITIES, what)?;
        let sp = shortest_paths(&EntityGraph(self), va, vb, max.max(1)).ok_or_else(|| {
            QueryError::NotFound {
                what: format!("no path links {} and {}", self.name(va), self.name(vb)),
                suggestions: Vec::new(),
            }
        })?;
        let mut paths = Vec::new();
        for p in &sp.paths {
            let mut hops = Vec::new();
            for w in p.windows(2) {
                let (u, v) = (w[0], w[1]);
                let links = self
                    .edges_of(u)
                    .filter(|&e| self.other(e, u) == v)
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
            total: sp.total,
            paths,
        })
    }
}
