//! The entity graph as a petgraph graph, and the algorithms run on it:
//! breadth-first shortest paths, Brandes betweenness, PageRank and connected
//! components.
//!
//! The undirected, simple *entity graph* (people, places, agencies, events;
//! one link per linked pair) is petgraph's [`Csr`](petgraph::csr::Csr)
//! ([`EntityCsr`]) while the index is built and for whoever asks
//! [`crate::query::QueryGraph::entity_csr`]; node weights are the nodes'
//! indices in the query index, edge weights the relations linking the pair
//! ([`RelSet`]). A query reads the same lists in place from the mapped index
//! ([`Neighbors`]), without building anything.
//!
//! Which algorithms are petgraph's and which are written here was decided by
//! `benches/query_algos.rs` on a realistic graph (figures in
//! ARCHITECTURE.md): components use petgraph's `UnionFind` (its
//! `tarjan_scc` recurses as deep as a chain of links is long); petgraph's
//! `page_rank` asks, for every pair of nodes, whether they are linked
//! (O(n·|V|²·Δ)), so [`page_rank`] computes the very same recurrence in
//! O(n·(|V| + |E|)) and the tests check the two agree; rustworkx-core's
//! betweenness has no pivot sampling and adds its sums in thread order, and
//! its all-shortest-paths runs Dijkstra over the whole graph and lists every
//! path, so [`betweenness`] and [`shortest_paths`] stay here, each 4× to
//! 25× faster.

use petgraph::csr::Csr;
use petgraph::unionfind::UnionFind;
use petgraph::Undirected;
use rayon::prelude::*;

/// The relations that link a pair of entities, one bit per relation code
/// (the index's `EntRelNames` names the bits: relation names in sorted
/// order; bit 31 stands for every relation past the 31st).
pub type RelSet = u32;

/// The bit every relation past the 31st shares.
pub const REL_OVERFLOW: RelSet = 1 << 31;

/// The bit of relation code `code` (its position in sorted order).
pub fn rel_bit(code: usize) -> RelSet {
    if code < 31 {
        1 << code
    } else {
        REL_OVERFLOW
    }
}

/// The entity graph: petgraph's compressed sparse rows, undirected (every
/// link stored at both ends), `u32` indices; node weight = the node's index
/// in the query index, edge weight = the relations of the link.
pub type EntityCsr = Csr<u32, RelSet, Undirected, u32>;

/// Build the entity graph.
///
/// # Arguments
/// * `members`: the query-index node of each entity-graph node (ascending,
///   so neighbour lists are in the same order in both numberings).
/// * `links`: `(a, b, relations)` with `a`, `b` positions in `members`; a
///   pair linked several times becomes one link with the union of the
///   relations; self-loops are dropped.
///
/// # Complexity
/// * Time: **O(|V| + |E| log |E|)**.
///
/// # Example
/// ```
/// use govgraph::query::algo::entity_csr;
/// let g = entity_csr(vec![10, 20, 30], &[(0, 1, 1), (1, 0, 2), (2, 2, 1)]);
/// assert_eq!(g.neighbors_slice(1), &[0]);
/// assert_eq!(g.edges_slice(0), &[3]);
/// assert_eq!((g.node_count(), g[2]), (3, 30));
/// ```
pub fn entity_csr(members: Vec<u32>, links: &[(u32, u32, RelSet)]) -> EntityCsr {
    let mut pairs: Vec<(u32, u32, RelSet)> = links
        .iter()
        .filter(|(a, b, _)| a != b)
        .flat_map(|&(a, b, r)| [(a, b, r), (b, a, r)])
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup_by(|later, kept| {
        let same = (later.0, later.1) == (kept.0, kept.1);
        if same {
            kept.2 |= later.2;
        }
        same
    });
    let mut g = EntityCsr::from_sorted_edges(&pairs).expect("pairs are sorted and distinct");
    // from_sorted_edges stops at the largest linked node: add the rest.
    while g.node_count() < members.len() {
        g.add_node(0);
    }
    for (i, v) in members.into_iter().enumerate() {
        g[i as u32] = v;
    }
    g
}

/// Something whose nodes `0..node_count()` have neighbour lists.
pub trait Neighbors {
    /// Number of nodes.
    fn node_count(&self) -> usize;
    /// Call `f` with every neighbour of `v`, in ascending order.
    fn for_each_neighbor(&self, v: u32, f: impl FnMut(u32));
}

impl Neighbors for EntityCsr {
    fn node_count(&self) -> usize {
        Csr::node_count(self)
    }
    fn for_each_neighbor(&self, v: u32, mut f: impl FnMut(u32)) {
        for &w in self.neighbors_slice(v) {
            f(w);
        }
    }
}

/// The shortest paths between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortestPaths {
    /// Number of hops (0 when the nodes are the same).
    pub hops: usize,
    /// How many shortest paths exist (a float: the count can be astronomic).
    pub total: f64,
    /// Up to `max` of them, each from `a` to `b`, in lexicographic order of
    /// node indices.
    pub paths: Vec<Vec<u32>>,
}

/// All shortest paths from `a` to `b` (bidirectional breadth-first search).
///
/// The two searches grow level by level, always the side with the smaller
/// frontier, until they meet: on a graph of hubs (a county, a province)
/// each side stays far smaller than one search over the whole graph.
///
/// # Arguments
/// * `g`: the graph (undirected: every link listed at both ends).
/// * `a`, `b`: the end nodes.
/// * `max`: the most paths to return.
///
/// # Returns
/// * `None` when `b` cannot be reached from `a`, else [`ShortestPaths`]:
///   the distance, how many shortest paths there are, and up to `max` of them.
///
/// # Complexity
/// * Time: **O(V' + E')** for the nodes and links inside the two balls
///   searched (O(V + E) at worst), plus **O(max·d·Δ)** to list the paths,
///   where d is the distance and Δ the largest degree on them.
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use govgraph::query::algo::{entity_csr, shortest_paths};
/// // A square 0-1-3, 0-2-3: two shortest paths from 0 to 3.
/// let g = entity_csr((0..4).collect(), &[(0, 1, 1), (0, 2, 1), (1, 3, 1), (2, 3, 1)]);
/// let sp = shortest_paths(&g, 0, 3, 10).unwrap();
/// assert_eq!(sp.hops, 2);
/// assert_eq!(sp.paths, vec![vec![0, 1, 3], vec![0, 2, 3]]);
/// ```
pub fn shortest_paths(g: &impl Neighbors, a: u32, b: u32, max: usize) -> Option<ShortestPaths> {
    let n = g.node_count();
    if a as usize >= n || b as usize >= n {
        return None;
    }
    if a == b {
        return Some(ShortestPaths {
            hops: 0,
            total: 1.0,
            paths: vec![vec![a]],
        });
    }
    let mut side = [Search::new(n, a), Search::new(n, b)];
    // Grow one level at a time until a level reaches the other side.
    let meet = loop {
        let s = if side[0].frontier.len() <= side[1].frontier.len() {
            0
        } else {
            1
        };
        if side[s].frontier.is_empty() {
            return None;
        }
        side[s].grow(g);
        let other = &side[1 - s];
        let mut meet: Vec<u32> = side[s]
            .frontier
            .iter()
            .copied()
            .filter(|&w| other.dist[w as usize] != u32::MAX)
            .collect();
        if !meet.is_empty() {
            meet.sort_unstable();
            break meet;
        }
    };
    // The balls were disjoint one level earlier, so every meeting node lies
    // at the forward radius and the backward radius: d = rf + rb.
    let (f, r) = (&side[0], &side[1]);
    let hops = (f.radius + r.radius) as usize;
    let meet: Vec<u32> = meet
        .into_iter()
        .filter(|&m| f.dist[m as usize] == f.radius && r.dist[m as usize] == r.radius)
        .collect();
    let total = meet
        .iter()
        .map(|&m| f.sigma[m as usize] * r.sigma[m as usize])
        .sum();
    let mut paths = Vec::new();
    for &m in &meet {
        if paths.len() >= max {
            break;
        }
        let heads = f.walk_back(g, m, max);
        let tails = r.walk_back(g, m, max);
        'fill: for h in &heads {
            for t in &tails {
                if paths.len() >= max {
                    break 'fill;
                }
                let mut p: Vec<u32> = h.iter().rev().copied().collect();
                p.extend(t.iter().skip(1));
                paths.push(p);
            }
        }
    }
    paths.sort();
    Some(ShortestPaths { hops, total, paths })
}

/// One side of a bidirectional search.
struct Search {
    dist: Vec<u32>,
    sigma: Vec<f64>,
    frontier: Vec<u32>,
    radius: u32,
}

impl Search {
    fn new(n: usize, from: u32) -> Search {
        let mut s = Search {
            dist: vec![u32::MAX; n],
            sigma: vec![0.0; n],
            frontier: vec![from],
            radius: 0,
        };
        s.dist[from as usize] = 0;
        s.sigma[from as usize] = 1.0;
        s
    }

    /// Expand the whole frontier by one level, counting shortest paths.
    fn grow(&mut self, g: &impl Neighbors) {
        let mut next = Vec::new();
        let d = self.radius + 1;
        for &v in &self.frontier {
            let sv = self.sigma[v as usize];
            g.for_each_neighbor(v, |w| {
                let dw = &mut self.dist[w as usize];
                if *dw == u32::MAX {
                    *dw = d;
                    next.push(w);
                }
                if *dw == d {
                    self.sigma[w as usize] += sv;
                }
            });
        }
        self.frontier = next;
        self.radius = d;
    }

    /// Up to `max` paths from `m` back to this side's start, each listed
    /// from `m`; smallest predecessors first.
    fn walk_back(&self, g: &impl Neighbors, m: u32, max: usize) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let mut stack = vec![vec![m]];
        while let Some(partial) = stack.pop() {
            if out.len() >= max {
                break;
            }
            let v = *partial.last().expect("non-empty");
            let dv = self.dist[v as usize];
            if dv == 0 {
                out.push(partial);
                continue;
            }
            let mut preds = Vec::new();
            g.for_each_neighbor(v, |u| {
                if self.dist[u as usize].wrapping_add(1) == dv {
                    preds.push(u);
                }
            });
            for &u in preds.iter().rev() {
                let mut p = partial.clone();
                p.push(u);
                stack.push(p);
            }
        }
        out
    }
}

/// Betweenness centrality (Brandes 2001) of an undirected, unweighted graph.
///
/// # Arguments
/// * `g`: the graph (every link listed at both ends).
/// * `sources`: the BFS sources. All nodes give the exact values; a sample
///   of k pivots gives the Brandes–Pich estimate, scaled by |V|/k.
///
/// # Returns
/// * A `Vec` mapping each node to the number of shortest paths between other
///   nodes through it, each unordered pair counted once (networkx's
///   `betweenness_centrality(G, normalized=False)`).
///
/// # Complexity
/// * Time: **O(k·(|V| + |E|))** for k sources.
/// * Auxiliary space: **O(c·|V|)** for c parallel chunks (at most 8).
///
/// The sources are split into fixed chunks whose sums are added in chunk
/// order, so the result does not depend on the number of threads.
///
/// # Example
/// ```
/// use govgraph::query::algo::{betweenness, entity_csr};
/// // A path 0-1-2: node 1 lies on the one shortest path between 0 and 2.
/// let g = entity_csr((0..3).collect(), &[(0, 1, 1), (1, 2, 1)]);
/// assert_eq!(betweenness(&g, &[0, 1, 2]), vec![0.0, 1.0, 0.0]);
/// ```
pub fn betweenness(g: &EntityCsr, sources: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 || sources.is_empty() {
        return vec![0.0; n];
    }
    let chunk = sources.len().div_ceil(8);
    let parts: Vec<Vec<f64>> = sources
        .par_chunks(chunk)
        .map(|srcs| {
            let mut bc = vec![0f64; n];
            let mut dist = vec![u32::MAX; n];
            let mut sigma = vec![0f64; n];
            let mut delta = vec![0f64; n];
            let mut order: Vec<u32> = Vec::with_capacity(n);
            for &s in srcs {
                for &v in &order {
                    dist[v as usize] = u32::MAX;
                    sigma[v as usize] = 0.0;
                    delta[v as usize] = 0.0;
                }
                order.clear();
                dist[s as usize] = 0;
                sigma[s as usize] = 1.0;
                order.push(s);
                let mut head = 0;
                while head < order.len() {
                    let v = order[head];
                    head += 1;
                    let dv = dist[v as usize];
                    for &w in g.neighbors_slice(v) {
                        if dist[w as usize] == u32::MAX {
                            dist[w as usize] = dv + 1;
                            order.push(w);
                        }
                        if dist[w as usize] == dv + 1 {
                            sigma[w as usize] += sigma[v as usize];
                        }
                    }
                }
                for &w in order.iter().rev() {
                    let dw = dist[w as usize];
                    let coeff = (1.0 + delta[w as usize]) / sigma[w as usize];
                    for &v in g.neighbors_slice(w) {
                        if dist[v as usize] != u32::MAX && dist[v as usize] + 1 == dw {
                            delta[v as usize] += sigma[v as usize] * coeff;
                        }
                    }
                    if w != s {
                        bc[w as usize] += delta[w as usize];
                    }
                }
            }
            bc
        })
        .collect();
    let scale = n as f64 / sources.len() as f64 / 2.0;
    let mut bc = vec![0f64; n];
    for p in parts {
        for (t, x) in bc.iter_mut().zip(p) {
            *t += x;
        }
    }
    bc.iter_mut().for_each(|x| *x *= scale);
    bc
}

/// PageRank with petgraph's recurrence (`petgraph::algo::page_rank`), each
/// undirected link read as two directed ones.
///
/// # Arguments
/// * `g`: the graph.
/// * `damping`: the damping factor, in `0.0..=1.0`.
/// * `iterations`: rounds of the main loop.
///
/// # Returns
/// * A `Vec` mapping each node to its rank; the ranks sum to 1.
///
/// # Complexity
/// * Time: **O(n·(|V| + |E|))** for n iterations (petgraph's own costs
///   O(n·|V|·|E|): it asks, for every pair of nodes, whether they are linked).
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use govgraph::query::algo::{entity_csr, page_rank};
/// // A star: the centre outranks the leaves.
/// let g = entity_csr((0..4).collect(), &[(0, 1, 1), (0, 2, 1), (0, 3, 1)]);
/// let r = page_rank(&g, 0.85, 20);
/// assert!(r[0] > r[1] && (r[1] - r[2]).abs() < 1e-12);
/// ```
pub fn page_rank(g: &EntityCsr, damping: f64, iterations: usize) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let deg: Vec<f64> = (0..n as u32)
        .map(|v| g.neighbors_slice(v).len() as f64)
        .collect();
    let mut ranks = vec![1.0 / nf; n];
    for _ in 0..iterations {
        let total: f64 = ranks.iter().sum();
        let dangling: f64 = (0..n).filter(|&v| deg[v] == 0.0).map(|v| ranks[v]).sum();
        let next: Vec<f64> = (0..n as u32)
            .map(|v| {
                let (mut linked, mut flow) = (0.0, 0.0);
                for &w in g.neighbors_slice(v) {
                    linked += ranks[w as usize];
                    flow += ranks[w as usize] / deg[w as usize];
                }
                // petgraph: a linked w gives d·r/out(w); a dangling w gives
                // d·r/N; any other w gives (1-d)·r/N.
                damping * flow
                    + damping * dangling / nf
                    + (1.0 - damping) * (total - dangling - linked) / nf
            })
            .collect();
        let sum: f64 = next.iter().sum();
        ranks = next.into_iter().map(|r| r / sum).collect();
    }
    ranks
}

/// Connected components, with petgraph's `UnionFind`.
///
/// # Arguments
/// * `g`: the graph.
///
/// # Returns
/// * A `Vec` mapping each node to its component, numbered from 0 in order of
///   each component's smallest node.
///
/// # Complexity
/// * Time: **O((|V| + |E|)·α(|V|))**.
/// * Auxiliary space: **O(|V|)**.
///
/// # Example
/// ```
/// use govgraph::query::algo::{components, entity_csr};
/// let g = entity_csr((0..4).collect(), &[(0, 2, 1)]);
/// assert_eq!(components(&g), vec![0, 1, 0, 2]);
/// ```
pub fn components(g: &EntityCsr) -> Vec<u32> {
    let n = g.node_count();
    let mut uf = UnionFind::<u32>::new(n);
    for v in 0..n as u32 {
        for &w in g.neighbors_slice(v) {
            uf.union(v, w);
        }
    }
    let mut label = vec![u32::MAX; n];
    let mut next = 0;
    (0..n as u32)
        .map(|v| {
            let r = uf.find_mut(v) as usize;
            if label[r] == u32::MAX {
                label[r] = next;
                next += 1;
            }
            label[r]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::DiGraph;
    use proptest::prelude::*;

    /// An entity graph on nodes `0..n`, every link of one relation.
    fn und(n: usize, links: &[(u32, u32)]) -> EntityCsr {
        let l: Vec<(u32, u32, RelSet)> = links.iter().map(|&(a, b)| (a, b, 1)).collect();
        entity_csr((0..n as u32).collect(), &l)
    }

    #[test]
    fn algo_entity_csr_merges_relations_and_keeps_isolated_nodes() {
        let g = entity_csr(
            vec![3, 5, 8, 9],
            &[(1, 0, rel_bit(2)), (0, 1, rel_bit(0)), (1, 1, rel_bit(1))],
        );
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbors_slice(0), &[1]);
        assert_eq!(g.edges_slice(1), &[0b101]);
        assert!(g.neighbors_slice(3).is_empty());
        assert_eq!((g[0], g[3]), (3, 9));
        assert_eq!(rel_bit(40), REL_OVERFLOW);
    }

    fn links() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
        (1usize..12).prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec((0..n as u32, 0..n as u32), 0..30),
            )
        })
    }

    proptest! {
        #[test]
        fn algo_page_rank_equals_petgraph((n, l) in links()) {
            let g = und(n, &l);
            let mut pg = DiGraph::<(), ()>::new();
            for _ in 0..n { pg.add_node(()); }
            for v in 0..n as u32 {
                for &w in g.neighbors_slice(v) {
                    pg.add_edge(v.into(), w.into(), ());
                }
            }
            let want = petgraph::algo::page_rank(&pg, 0.85f64, 15);
            let got = page_rank(&g, 0.85, 15);
            for (a, b) in want.iter().zip(&got) {
                prop_assert!((a - b).abs() < 1e-9, "{want:?} vs {got:?}");
            }
        }

        #[test]
        fn algo_betweenness_counts_paths_through_each_node((n, l) in links()) {
            let g = und(n, &l);
            let all: Vec<u32> = (0..n as u32).collect();
            let bc = betweenness(&g, &all);
            // Brute force: for every pair s < t, the share of shortest paths through v.
            let mut want = vec![0f64; n];
            for s in 0..n as u32 {
                for t in s + 1..n as u32 {
                    if let Some(sp) = shortest_paths(&g, s, t, usize::MAX) {
                        for p in &sp.paths {
                            for &v in &p[1..p.len() - 1] {
                                want[v as usize] += 1.0 / sp.paths.len() as f64;
                            }
                        }
                        prop_assert_eq!(sp.paths.len() as f64, sp.total);
                    }
                }
            }
            for (a, b) in want.iter().zip(&bc) {
                prop_assert!((a - b).abs() < 1e-9, "{want:?} vs {bc:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn algo_shortest_paths_are_shortest_and_all_listed((n, l) in links(), a in 0u32..12, b in 0u32..12) {
            let g = und(n, &l);
            let (a, b) = (a % n as u32, b % n as u32);
            // Plain BFS distances from a.
            let mut dist = vec![u32::MAX; n];
            dist[a as usize] = 0;
            let mut queue = std::collections::VecDeque::from([a]);
            while let Some(v) = queue.pop_front() {
                for &w in g.neighbors_slice(v) {
                    if dist[w as usize] == u32::MAX {
                        dist[w as usize] = dist[v as usize] + 1;
                        queue.push_back(w);
                    }
                }
            }
            match shortest_paths(&g, a, b, usize::MAX) {
                None => prop_assert_eq!(dist[b as usize], u32::MAX),
                Some(sp) => {
                    prop_assert_eq!(sp.hops as u32, dist[b as usize]);
                    prop_assert_eq!(sp.paths.len() as f64, sp.total);
                    let mut uniq = sp.paths.clone();
                    uniq.dedup();
                    prop_assert_eq!(uniq.len(), sp.paths.len());
                    for p in &sp.paths {
                        prop_assert_eq!(p.len(), sp.hops + 1);
                        prop_assert_eq!((p[0], p[sp.hops]), (a, b));
                        for w in p.windows(2) {
                            prop_assert!(g.neighbors_slice(w[0]).contains(&w[1]));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn algo_shortest_paths_respects_max_and_reports_total() {
        // Two diamonds in a row: four shortest paths from 0 to 6.
        let g = und(
            7,
            &[
                (0, 1),
                (0, 2),
                (1, 3),
                (2, 3),
                (3, 4),
                (3, 5),
                (4, 6),
                (5, 6),
            ],
        );
        let sp = shortest_paths(&g, 0, 6, 3).unwrap();
        assert_eq!(sp.hops, 4);
        assert_eq!(sp.total, 4.0);
        assert_eq!(sp.paths.len(), 3);
        assert!(sp.paths.windows(2).all(|w| w[0] < w[1]));
        assert!(shortest_paths(&und(3, &[(0, 1)]), 0, 2, 5).is_none());
        assert_eq!(shortest_paths(&g, 2, 2, 5).unwrap().paths, vec![vec![2]]);
    }

    #[test]
    fn algo_components_of_isolated_nodes() {
        let g = und(3, &[]);
        assert_eq!(components(&g), vec![0, 1, 2]);
    }
}
