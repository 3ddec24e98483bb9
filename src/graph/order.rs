//! Output order: graph.json lists nodes by id and edges by (source id,
//! target id, relation, role), each with its records sorted by position —
//! whatever order documents came in, whatever the thread count. The
//! records are read back from the [`store`] logs a group of owners at a
//! time (at most a budget of records), so memory holds one group.

use super::store::{self, EvidenceRec, Log, MentionRec};
use super::{Edge, KnowledgeGraph, Node, NodeRef};
use rayon::iter::ParallelIterator;
use rayon::slice::ParallelSliceMut;
use std::cmp::Ordering;

/// The rank of each index in `order` (its inverse permutation).
pub(super) fn ranks_of(order: &[u32]) -> Vec<u32> {
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

    /// Rank of each node index in id order, and the indices in rank order.
    fn node_ranks(&self) -> (Vec<u32>, Vec<u32>) {
        let order = self.node_order();
        (ranks_of(&order), order)
    }

    /// Edge indices in (source id, target id, relation, role) order.
    fn edge_order(&self, node_rank: &[u32]) -> Vec<u32> {
        // Relations are in name order (`Relation::ALL`), so a relation
        // sorts as its name; roles are ranked by name once. Each edge gets one integer
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
                            relation: k.relation,
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
