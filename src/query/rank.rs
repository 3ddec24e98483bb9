//! `rank`: the most central entities by degree, PageRank or betweenness.
//!
//! The scores are computed once, when the index is built (see
//! `build.rs`), on the undirected entity graph; a query only selects the top
//! ones. Betweenness is exact up to a few thousand entities and estimated
//! from evenly spread pivots beyond (Brandes–Pich); the answer says which.

use super::explore::NodeRef;
use super::table::Table;
use super::{QueryError, QueryGraph};
use crate::model::NodeType;
use serde::Serialize;

/// What to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RankBy {
    /// Distinct neighbours in the entity graph.
    Degree,
    /// PageRank (damping 0.85).
    Pagerank,
    /// Betweenness centrality (shortest paths through the entity).
    Betweenness,
}

/// One ranked entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    /// Position, from 1.
    pub rank: usize,
    /// The score.
    pub score: f64,
    /// The entity.
    #[serde(flatten)]
    pub node: NodeRef,
    /// Its jurisdiction (or key, or code).
    pub jurisdiction: Option<String>,
}

/// The answer to `rank`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// The measure.
    pub by: RankBy,
    /// True when betweenness was estimated from a sample of sources.
    pub estimated: bool,
    /// The top entities, highest score first, ties by id.
    pub rows: Vec<RankRow>,
}

impl Ranking {
    /// As a table.
    pub fn to_table(&self) -> Table {
        let mut t = Table::new(&["rank", "score", "name", "type", "jurisdiction", "id"]);
        for r in &self.rows {
            let score = match self.by {
                RankBy::Degree => format!("{}", r.score),
                RankBy::Pagerank => format!("{:.6}", r.score),
                RankBy::Betweenness => format!("{:.1}", r.score),
            };
            t.row(vec![
                r.rank.to_string(),
                score,
                r.node.name.clone(),
                r.node.kind.clone(),
                r.jurisdiction.clone().unwrap_or_default(),
                r.node.id.clone(),
            ]);
        }
        if self.estimated {
            t.notes
                .push("betweenness estimated from a sample of shortest-path sources".into());
        }
        t
    }
}

impl QueryGraph {
    /// The top entities by a centrality measure.
    ///
    /// # Arguments
    /// * `by`: degree, PageRank or betweenness.
    /// * `kind`: only entities of this type (person, place, agency, event).
    /// * `top`: how many.
    ///
    /// # Returns
    /// * [`Ranking`].
    ///
    /// # Complexity
    /// * Time: **O(N + k log k)**: scores are read from the index.
    pub fn rank(&self, by: RankBy, kind: Option<&str>, top: usize) -> Result<Ranking, QueryError> {
        let want = kind.map(NodeType::parse);
        if let Some(k) = kind {
            if !crate::model::steps_through(NodeType::parse(k)) {
                return Err(QueryError::BadArgument {
                    arg: format!("--type {k}"),
                    reason: "rank covers person, place, agency and event".into(),
                });
            }
        }
        let score = |v: u32| match by {
            RankBy::Degree => self.degree(v) as f64,
            RankBy::Pagerank => self.pagerank(v),
            RankBy::Betweenness => self.betweenness(v),
        };
        let mut all: Vec<(f64, u32)> = (0..self.node_count() as u32)
            .filter(|&v| self.is_entity(v) && want.is_none_or(|w| w == self.kind(v)))
            .map(|v| (score(v), v))
            .collect();
        // Highest first; nodes are in id order, so ties fall back to the id.
        let order = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if top < all.len() && top > 0 {
            all.select_nth_unstable_by(top - 1, order);
            all.truncate(top);
        }
        all.sort_by(order);
        Ok(Ranking {
            by,
            estimated: by == RankBy::Betweenness && self.betweenness_pivots() > 0,
            rows: all
                .iter()
                .enumerate()
                .map(|(i, &(s, v))| RankRow {
                    rank: i + 1,
                    score: s,
                    node: self.node_ref(v),
                    jurisdiction: self.scope(v).map(str::to_string),
                })
                .collect(),
        })
    }
}
