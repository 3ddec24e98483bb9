//! The query layer's graph algorithms, hand-written (`query::algo`) against
//! the libraries' (petgraph 0.8, rustworkx-core 0.18), on a built graph:
//! each pair runs on the same petgraph graph and must give the same answer;
//! each time is the median of `QUERY_ALGOS_RUNS` runs (default 5).
//! ARCHITECTURE.md ("query") gives the figures and what was decided.
//!
//! Run on a realistic graph:
//!
//! ```text
//! target/release/examples/gen_corpus --mb 20 --seed 9 --out /tmp/qg-c20
//! target/release/govgraph build /tmp/qg-c20 --out /tmp/qg-o20 --no-svg
//! QUERY_ALGOS_GRAPH=/tmp/qg-o20 cargo bench --features bench-libs --bench query_algos
//! ```
//!
//! (without `QUERY_ALGOS_GRAPH`, the committed seed graph in `output/`).
//! Where a library algorithm cannot finish on the whole graph (petgraph's
//! PageRank is quadratic in the nodes; rustworkx-core's betweenness is
//! exact only), both run on the ball of the first `QUERY_ALGOS_SUB` nodes
//! (default 5,000, the largest graph the index gives exact betweenness)
//! reached breadth-first from the node of highest degree.

use govgraph::query::algo::{self, EntityCsr, RelSet};
use govgraph::query::QueryGraph;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Median time of `runs` calls of `f`, and the last call's result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut out = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let r = f();
        times.push(t.elapsed());
        out = Some(r);
    }
    times.sort();
    (times[times.len() / 2], out.expect("ran at least once"))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The same graph as petgraph's adjacency-list `Graph`, which rustworkx-core
/// needs (`IntoNeighborsDirected`, `IntoEdgesDirected`: `Csr` has neither).
fn to_ungraph(g: &EntityCsr) -> UnGraph<u32, RelSet> {
    let n = g.node_count();
    let mut u = UnGraph::with_capacity(n, g.edge_count() / 2);
    for v in 0..n as u32 {
        u.add_node(g[v]);
    }
    for v in 0..n as u32 {
        for (&w, &r) in g.neighbors_slice(v).iter().zip(g.edges_slice(v)) {
            if v < w {
                u.add_edge(NodeIndex::new(v as usize), NodeIndex::new(w as usize), r);
            }
        }
    }
    u
}

/// The subgraph induced by the first `k` nodes reached breadth-first from
/// the node of highest degree.
fn ball(g: &EntityCsr, k: usize) -> EntityCsr {
    let n = g.node_count();
    let hub = (0..n as u32)
        .max_by_key(|&v| (g.neighbors_slice(v).len(), std::cmp::Reverse(v)))
        .unwrap_or(0);
    let mut pos = vec![u32::MAX; n];
    let mut order = Vec::new();
    let mut queue = VecDeque::from([hub]);
    pos[hub as usize] = 0;
    while let Some(v) = queue.pop_front() {
        order.push(v);
        if order.len() >= k {
            break;
        }
        for &w in g.neighbors_slice(v) {
            if pos[w as usize] == u32::MAX {
                pos[w as usize] = 0;
                queue.push_back(w);
            }
        }
    }
    order.sort_unstable();
    let mut at = vec![u32::MAX; n];
    for (i, &v) in order.iter().enumerate() {
        at[v as usize] = i as u32;
    }
    let mut links = Vec::new();
    for &v in &order {
        for (&w, &r) in g.neighbors_slice(v).iter().zip(g.edges_slice(v)) {
            if at[w as usize] != u32::MAX {
                links.push((at[v as usize], at[w as usize], r));
            }
        }
    }
    algo::entity_csr(order.iter().map(|&v| g[v]).collect(), &links)
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0))
}

struct Report(Vec<[String; 5]>);

impl Report {
    fn row(&mut self, what: &str, graph: &str, hand: Duration, lib: Option<Duration>) {
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        self.0.push([
            what.into(),
            graph.into(),
            ms(hand),
            lib.map_or("-".into(), ms),
            lib.map_or("-".into(), |l| {
                format!("{:.1}×", l.as_secs_f64() / hand.as_secs_f64())
            }),
        ]);
    }
}

fn main() {
    let dir = std::env::var("QUERY_ALGOS_GRAPH")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("output"));
    let runs = env_usize("QUERY_ALGOS_RUNS", 5);
    let sub = env_usize("QUERY_ALGOS_SUB", 5_000);
    let q = QueryGraph::open(&dir).expect("open the graph");
    let (t_csr, g) = median(runs, || q.entity_csr());
    let ug = to_ungraph(&g);
    let n = g.node_count();
    let whole = format!("{n} nodes, {} links", g.edge_count() / 2);
    println!(
        "{}: entity graph {whole}; Csr from the index in {:.1?}; {runs} runs each, medians",
        dir.display(),
        t_csr
    );
    let mut rep = Report(Vec::new());

    // Components: petgraph's UnionFind (algo::components) against
    // rustworkx-core's breadth-first components, labelled the same way.
    let (hand, comp) = median(runs, || algo::components(&g));
    let (lib, comp_lib) = median(runs, || {
        let mut parts: Vec<u32> = vec![u32::MAX; n];
        let mut sets = rustworkx_core::connectivity::connected_components(&ug);
        let mut firsts: Vec<(u32, usize)> = sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.iter().map(|x| x.index() as u32).min().unwrap_or(0), i))
            .collect();
        firsts.sort_unstable();
        for (label, &(_, i)) in firsts.iter().enumerate() {
            for x in sets[i].drain() {
                parts[x.index()] = label as u32;
            }
        }
        parts
    });
    assert_eq!(comp, comp_lib, "components differ");
    rep.row(
        "components: UnionFind vs rustworkx connected_components",
        &whole,
        hand,
        Some(lib),
    );
    // petgraph's SCC finders on the symmetric graph: kosaraju_scc needs
    // incoming neighbours (the adjacency-list Graph), tarjan_scc recurses
    // along its depth-first search, so it runs on a thread with a 1 GiB
    // stack. In a symmetric graph each SCC is a component, found from its
    // smallest node first.
    let label = |sccs: Vec<Vec<usize>>| {
        let mut firsts: Vec<(usize, usize)> = sccs
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iter().copied().min().unwrap_or(0), i))
            .collect();
        firsts.sort_unstable();
        let mut parts = vec![u32::MAX; n];
        for (l, &(_, i)) in firsts.iter().enumerate() {
            for &x in &sccs[i] {
                parts[x] = l as u32;
            }
        }
        parts
    };
    let (lib, kos) = median(runs, || {
        let sccs = petgraph::algo::kosaraju_scc(&ug);
        label(
            sccs.into_iter()
                .map(|c| c.into_iter().map(|x| x.index()).collect())
                .collect(),
        )
    });
    assert_eq!(comp, kos, "kosaraju components differ");
    rep.row(
        "components: UnionFind vs petgraph kosaraju_scc",
        &whole,
        hand,
        Some(lib),
    );
    let (lib, tar) = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(1 << 30)
            .spawn_scoped(s, || {
                median(runs, || {
                    let sccs = petgraph::algo::tarjan_scc(&g);
                    label(
                        sccs.into_iter()
                            .map(|c| c.into_iter().map(|x| x as usize).collect())
                            .collect(),
                    )
                })
            })
            .expect("spawn")
            .join()
            .expect("tarjan_scc ran")
    });
    assert_eq!(comp, tar, "tarjan components differ");
    rep.row(
        "components: UnionFind vs petgraph tarjan_scc",
        &whole,
        hand,
        Some(lib),
    );

    // Shortest paths between 20 spread pairs: the bidirectional search
    // against rustworkx-core's all_shortest_paths (Dijkstra from one end,
    // then every path listed) and petgraph's dijkstra (the distance alone).
    let pairs: Vec<(u32, u32)> = (0..20u32)
        .map(|i| {
            let a = (i as usize * n / 20) as u32;
            let b = ((i as usize * n / 20 + n / 2 + 7) % n.max(1)) as u32;
            (a, b)
        })
        .filter(|&(a, b)| (a as usize) < n && (b as usize) < n)
        .collect();
    let (hand, found) = median(runs, || {
        pairs
            .iter()
            .map(|&(a, b)| algo::shortest_paths(&g, a, b, 5))
            .collect::<Vec<_>>()
    });
    // Listing every path can explode on hubs: the library runs only on the
    // pairs with at most this many shortest paths.
    let listable: Vec<usize> = (0..pairs.len())
        .filter(|&i| found[i].as_ref().is_none_or(|sp| sp.total <= 10_000.0))
        .collect();
    let (hand_listable, _) = median(runs, || {
        listable
            .iter()
            .map(|&i| algo::shortest_paths(&g, pairs[i].0, pairs[i].1, 5))
            .collect::<Vec<_>>()
    });
    let (lib, lib_found) = median(runs, || {
        listable
            .iter()
            .map(|&i| {
                let (a, b) = pairs[i];
                let mut all = rustworkx_core::shortest_path::all_shortest_paths(
                    &ug,
                    NodeIndex::new(a as usize),
                    NodeIndex::new(b as usize),
                    |_| Ok::<usize, std::convert::Infallible>(1),
                )
                .expect("infallible");
                let total = all.len();
                let mut paths: Vec<Vec<u32>> = all
                    .drain(..)
                    .map(|p| p.iter().map(|x| x.index() as u32).collect())
                    .collect();
                paths.sort();
                (total, paths)
            })
            .collect::<Vec<_>>()
    });
    for (k, &i) in listable.iter().enumerate() {
        let (total, paths) = &lib_found[k];
        match &found[i] {
            Some(sp) if pairs[i].0 != pairs[i].1 => {
                // The search lists up to 5 (not always the 5 smallest):
                // each must be one of the library's.
                assert_eq!(sp.total, *total as f64, "path count differs");
                assert!(sp.paths.iter().all(|p| paths.binary_search(p).is_ok()));
            }
            Some(_) => {}
            None => assert_eq!(*total, 0),
        }
    }
    let (dij, _) = median(runs, || {
        listable
            .iter()
            .map(|&i| {
                let (a, b) = pairs[i];
                petgraph::algo::dijkstra(&g, a, Some(b), |_| 1usize)
                    .get(&b)
                    .copied()
            })
            .collect::<Vec<_>>()
    });
    let reached = found.iter().filter(|f| f.is_some()).count();
    rep.row(
        &format!(
            "shortest paths, {} pairs ({reached} linked), all listed by rustworkx all_shortest_paths",
            listable.len()
        ),
        &whole,
        hand_listable,
        Some(lib),
    );
    rep.row(
        "shortest paths, same pairs, distance only by petgraph dijkstra",
        &whole,
        hand_listable,
        Some(dij),
    );
    rep.row(
        &format!("shortest paths, all {} pairs (hand-written)", pairs.len()),
        &whole,
        hand,
        None,
    );

    // PageRank, 40 rounds, damping 0.85: the index's parameters.
    let (hand, _) = median(runs, || algo::page_rank(&g, 0.85, 40));
    rep.row("PageRank (hand-written)", &whole, hand, None);
    let small = ball(&g, sub.min(n));
    let part = format!(
        "ball: {} nodes, {} links",
        small.node_count(),
        small.edge_count() / 2
    );
    let (hand, pr) = median(runs, || algo::page_rank(&small, 0.85, 40));
    let (lib, pr_lib) = median(1, || petgraph::algo::page_rank(&small, 0.85f64, 40));
    assert!(close(&pr, &pr_lib), "PageRank differs");
    rep.row(
        "PageRank vs petgraph page_rank (1 run)",
        &part,
        hand,
        Some(lib),
    );

    // Betweenness: the index's choice on the whole graph (exact up to 5,000
    // entities, else 64 pivots), then exact on the ball against
    // rustworkx-core (parallel as shipped, and on one thread).
    let m = n;
    let sources: Vec<u32> = if m <= 5_000 {
        (0..m as u32).collect()
    } else {
        (0..64).map(|i| (i * m / 64) as u32).collect()
    };
    let (hand, _) = median(runs, || algo::betweenness(&g, &sources));
    rep.row(
        &format!("betweenness, {} sources (hand-written)", sources.len()),
        &whole,
        hand,
        None,
    );
    let all: Vec<u32> = (0..small.node_count() as u32).collect();
    let small_ug = to_ungraph(&small);
    let (hand, bc) = median(runs, || algo::betweenness(&small, &all));
    let (lib, bc_lib) = median(runs, || {
        rustworkx_core::centrality::betweenness_centrality(&small_ug, false, false, 50)
    });
    let bc_lib: Vec<f64> = bc_lib.into_iter().map(|x| x.unwrap_or(0.0)).collect();
    assert!(close(&bc, &bc_lib), "betweenness differs");
    rep.row(
        "betweenness, exact, vs rustworkx (parallel)",
        &part,
        hand,
        Some(lib),
    );
    let (lib1, _) = median(runs, || {
        rustworkx_core::centrality::betweenness_centrality(&small_ug, false, false, usize::MAX)
    });
    rep.row(
        "betweenness, exact, vs rustworkx (one thread)",
        &part,
        hand,
        Some(lib1),
    );

    let head = [
        "algorithm",
        "graph",
        "hand-written",
        "library",
        "library/hand",
    ];
    rep.0.insert(0, head.map(String::from));
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            rep.0
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in rep.0 {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, &w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
}
