//! Load + query time on a large graph: a synthetic graph.json with the shape
//! and proportions of the seed graph at 100,000 articles (10,000 pages),
//! written once to the target directory and reused.
//!
//! Each timed query opens the graph (maps graph.json and its index, checks
//! the index) and answers, as `govgraph query` does. Building the index is
//! timed once and printed (it runs only when graph.json changes).
//!
//! Run: `cargo bench --bench query_load` (`QUERY_BENCH_ARTICLES=N` for
//! another size).

use criterion::{criterion_group, criterion_main, Criterion};
use govgraph::export::json::{GraphFile, GraphMeta, WireEdge, WireEvidence, WireMention, WireNode};
use govgraph::query::evidence::Pages;
use govgraph::query::{DateRange, QueryGraph, RankBy};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞宇浩然志国庆春梅东海波斌宏晓林云峰鑫瑞凯佳琳雪梅淑璋虹瑛";
const ROLES: [&str; 6] = ["出席", "主持", "讲话", "带队", "调研", "参加"];
const KINDS: [&str; 6] = [
    "meeting",
    "inspection",
    "research",
    "training",
    "volunteer",
    "campaign",
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn pick(chars: &str, i: usize) -> char {
    let v: Vec<char> = chars.chars().collect();
    v[i % v.len()]
}

fn node(id: String, kind: &str, name: String, attrs: Value) -> WireNode {
    WireNode {
        id,
        kind: kind.into(),
        name,
        aliases: Vec::new(),
        attrs: attrs.as_object().cloned().unwrap_or_default(),
        mentions: Vec::new(),
    }
}

/// The graph of `articles` articles, 10 per page.
fn synthesize(articles: usize) -> GraphFile {
    let mut rng = Rng(6);
    let docs = articles.div_ceil(10);
    let counties = (articles / 35).max(4);
    let towns = counties * 12;
    let persons = articles * 6 / 10;
    let agencies = articles * 8 / 10;
    let events = articles * 7 / 10;
    let reporters = (articles / 30).max(3);
    let mut nodes: Vec<WireNode> = Vec::new();
    let mut edges: Vec<WireEdge> = Vec::new();
    let ev = |doc: usize, art: usize, s: usize| WireEvidence {
        doc: format!("{doc:06}.txt"),
        article: art,
        start: s,
        end: s + 3,
    };
    let edge = |s: &str, t: &str, rel: &str, role: Option<&str>, e: Vec<WireEvidence>| {
        let mut attrs = Map::new();
        if let Some(r) = role {
            attrs.insert("role".into(), json!(r));
        }
        attrs.insert("weight".into(), json!(e.len()));
        WireEdge {
            source: s.into(),
            target: t.into(),
            key: match role {
                Some(r) => format!("{rel}:{r}"),
                None => rel.into(),
            },
            relation: rel.into(),
            attrs,
            evidence: e,
        }
    };
    // Places: provinces > cities > counties > towns.
    let provinces = 31usize;
    let cities = (counties / 8).max(provinces);
    let place_id = |level: usize, i: usize| format!("place:{level}{i:07}");
    let mut place_ids = Vec::new();
    // Per place node: its part_of edge; per agency: its jurisdiction edge.
    let mut chain_edge: Vec<Option<usize>> = Vec::new();
    let mut parent_of: Vec<Option<usize>> = Vec::new();
    let mut level_start = [0usize; 5];
    for (level, count, parent_count) in [
        (1, provinces, 0),
        (2, cities, provinces),
        (3, counties, cities),
        (4, towns, counties),
    ] {
        level_start[level] = nodes.len();
        for i in 0..count {
            let id = place_id(level, i);
            let suffix = ["省", "市", "县", "镇"][level - 1];
            let name = format!(
                "{}{}{suffix}",
                pick(GIVEN, i * 7 + level),
                pick(SURNAMES, i)
            );
            nodes.push(node(
                id.clone(),
                "place",
                name,
                json!({"level": suffix, "code": format!("{level}{i:07}")}),
            ));
            if parent_count > 0 {
                let p = place_id(level - 1, i % parent_count);
                chain_edge.push(Some(edges.len()));
                parent_of.push(Some(level_start[level - 1] + i % parent_count));
                edges.push(edge(&id, &p, "part_of", None, vec![ev(i % docs, 0, 10)]));
            } else {
                chain_edge.push(None);
                parent_of.push(None);
            }
            if level == 3 {
                place_ids.push(id);
            }
        }
    }
    // Agencies with jurisdictions.
    for i in 0..agencies {
        let c = i % counties;
        let id = format!("agency:{c}/机构{i}");
        nodes.push(node(
            id.clone(),
            "agency",
            format!("{}县{}局", pick(SURNAMES, c), pick(GIVEN, i)),
            json!({"key": format!("{c}/机构{i}"), "canonical": "x"}),
        ));
        chain_edge.push(Some(edges.len()));
        parent_of.push(Some(level_start[3] + c));
        edges.push(edge(
            &id,
            &place_ids[c],
            "jurisdiction",
            None,
            vec![ev(i % docs, 1, 20)],
        ));
    }
    // People: officials, then reporters.
    for i in 0..persons + reporters {
        let c = i % counties;
        let name = format!(
            "{}{}{}",
            pick(SURNAMES, i),
            pick(GIVEN, i / 97),
            pick(GIVEN, i / 7 + 3)
        );
        let official = i < persons;
        let key = format!("{name}@{c}#{i}");
        let mut n = node(
            format!("person:{key}"),
            "person",
            name,
            json!({"key": key, "role": if official {"official"} else {"reporter"},
                   "jurisdiction": format!("{}县", pick(SURNAMES, c)),
                   "titles": [{"title": "副县长", "doc": format!("{:06}.txt", i % docs), "article": 2, "start": 5, "end": 8}]}),
        );
        n.attrs
            .insert("affiliation".into(), json!("中共某县委员会"));
        nodes.push(n);
        if official {
            let a = (i * 7) % agencies;
            let aid = format!("agency:{}/机构{a}", a % counties);
            edges.push(edge(
                &format!("person:{key}"),
                &aid,
                "holds_office_in",
                None,
                vec![ev(i % docs, 2, 5)],
            ));
        }
    }
    let person_id = |nodes: &[WireNode], i: usize| {
        nodes[provinces + cities + counties + towns + agencies + i]
            .id
            .clone()
    };
    // Events with participants, organisers and places.
    for i in 0..events {
        let c = rng.below(counties);
        let id = format!(
            "event:{}|2018-{:02}-{:02}|{c}|{i}",
            KINDS[i % 6],
            1 + i % 12,
            1 + i % 28
        );
        let doc = i % docs;
        nodes.push(node(
            id.clone(),
            "event",
            format!(
                "{}县召开第{i}次{}工作推进会暨专项行动部署会议",
                pick(SURNAMES, c),
                pick(GIVEN, i)
            ),
            json!({"kind": KINDS[i % 6], "name": "会议", "date": format!("2018-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                   "date_source": "page", "place": "某县"}),
        ));
        edges.push(edge(
            &id,
            &place_ids[c],
            "located_in",
            None,
            vec![ev(doc, i % 10, 30)],
        ));
        for k in 0..1 + rng.below(4) {
            // Participants mostly from the event's county.
            let p = (c + counties * rng.below(persons / counties)) % persons;
            edges.push(edge(
                &person_id(&nodes, p),
                &id,
                "participated_in",
                Some(ROLES[(i + k) % 6]),
                vec![ev(doc, i % 10, 40 + k)],
            ));
        }
        if rng.below(2) == 0 {
            let a = (c + counties * rng.below(agencies / counties)) % agencies;
            edges.push(edge(
                &format!("agency:{}/机构{a}", a % counties),
                &id,
                "organized",
                None,
                vec![ev(doc, i % 10, 30)],
            ));
        }
    }
    // Documents and articles, with mentions.
    let entity_count = nodes.len();
    for d in 0..docs {
        let did = format!("document:{d:06}.txt");
        nodes.push(node(
            did.clone(),
            "document",
            format!("{d:06}.txt"),
            json!({"chars": 9000}),
        ));
        for a in 0..10 {
            if d * 10 + a >= articles {
                break;
            }
            let aid = format!("article:{d:06}.txt#{a}");
            nodes.push(node(
                aid.clone(),
                "article",
                format!("### 第{d}版第{a}篇"),
                json!({"doc": format!("{d:06}.txt"), "index": a}),
            ));
            edges.push(edge(&did, &aid, "contains", None, vec![ev(d, a, a * 900)]));
            let r = persons + rng.below(reporters);
            edges.push(edge(
                &person_id(&nodes, r),
                &aid,
                "reported",
                None,
                vec![ev(d, a, a * 900 + 880)],
            ));
            for m in 0..10 {
                let t = rng.below(entity_count);
                let start = a * 900 + m * 60;
                // As the build does: a place or agency mention is evidence
                // for the part_of chain (and jurisdiction) above it.
                let mut up = Some(t);
                while let Some(x) = up.filter(|&x| x < chain_edge.len()) {
                    if let Some(e) = chain_edge[x] {
                        edges[e].evidence.push(ev(d, a, start));
                    }
                    up = parent_of[x];
                }
                let text = nodes[t].name.clone();
                let titles = (nodes[t].kind == "person").then(|| vec!["副县长".to_string()]);
                nodes[t].mentions.push(WireMention {
                    doc: format!("{d:06}.txt"),
                    article: a,
                    start,
                    end: start + 3,
                    titles,
                    text,
                });
                let tid = nodes[t].id.clone();
                edges.push(edge(&aid, &tid, "mentions", None, vec![ev(d, a, start)]));
            }
        }
    }
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    edges.sort_by(|a, b| (&a.source, &a.target, &a.key).cmp(&(&b.source, &b.target, &b.key)));
    edges.dedup_by(|a, b| (&a.source, &a.target, &a.key) == (&b.source, &b.target, &b.key));
    GraphFile {
        directed: true,
        multigraph: true,
        graph: GraphMeta {
            name: "govgraph".into(),
            version: 1,
            offsets: "chars".into(),
            documents: (0..docs).map(|d| format!("{d:06}.txt")).collect(),
            articles,
            reposts: 0,
        },
        nodes,
        edges,
    }
}

struct Fixture {
    dir: PathBuf,
    /// A person with events, an agency, a place with events below it.
    person: String,
    other: String,
    place: String,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let articles: usize = std::env::var("QUERY_BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("query-bench-v1-{articles}"));
    let json_path = dir.join("graph.json");
    if !json_path.is_file() {
        std::fs::create_dir_all(&dir).unwrap();
        let t = Instant::now();
        let g = synthesize(articles);
        let bytes = {
            let mut v = serde_json::to_vec_pretty(&g).unwrap();
            v.push(b'\n');
            v
        };
        govgraph::export::write_atomic(&json_path, &bytes).unwrap();
        eprintln!(
            "synthesised {articles} articles: {} nodes, {} edges, {} MB graph.json in {:.1?}",
            g.nodes.len(),
            g.edges.len(),
            bytes.len() / 1_000_000,
            t.elapsed()
        );
    }
    let _ = std::fs::remove_file(dir.join("graph.index"));
    let t = Instant::now();
    let g = QueryGraph::open(&dir).unwrap();
    let (json_bytes, index_bytes) = g.sizes();
    eprintln!(
        "index built in {:.1?}: graph.json {} MB, graph.index {} MB, {} nodes, {} edges",
        t.elapsed(),
        json_bytes / 1_000_000,
        index_bytes / 1_000_000,
        g.node_count(),
        g.edge_count()
    );
    // The busiest person, and someone they are linked to at a distance.
    let top = g.rank(RankBy::Degree, Some("person"), 2).unwrap();
    let place = g.rank(RankBy::Degree, Some("place"), 1).unwrap();
    Fixture {
        person: top.rows[0].node.id.clone(),
        other: top.rows[1].node.id.clone(),
        place: place.rows[0].node.id.clone(),
        dir,
    }
});

fn open(dir: &Path) -> QueryGraph {
    QueryGraph::open(dir).unwrap()
}

fn bench(c: &mut Criterion) {
    let f = &*FIXTURE;
    let mut group = c.benchmark_group("query_100k");
    group.sample_size(20);
    group.bench_function("open", |b| b.iter(|| open(&f.dir).node_count()));
    group.bench_function("open+find", |b| {
        b.iter(|| open(&f.dir).find("王", Some("person"), 50).total)
    });
    group.bench_function("open+show", |b| {
        b.iter(|| {
            let g = open(&f.dir);
            let pages = Pages::new(&g, false, &[]);
            g.show(&f.person, &pages).unwrap().degree.neighbors
        })
    });
    group.bench_function("open+neighbors_depth2", |b| {
        b.iter(|| {
            let g = open(&f.dir);
            let pages = Pages::new(&g, false, &[]);
            g.neighbors(&f.person, 2, None, None, &pages)
                .unwrap()
                .neighbors
                .len()
        })
    });
    group.bench_function("open+path", |b| {
        b.iter(|| {
            let g = open(&f.dir);
            let pages = Pages::new(&g, true, &[]);
            g.path(
                &f.person,
                &f.other,
                5,
                govgraph::query::PathLinks::All,
                &pages,
            )
            .map(|p| p.hops)
            .ok()
        })
    });
    group.bench_function("open+events_person", |b| {
        b.iter(|| {
            let g = open(&f.dir);
            let pages = Pages::new(&g, false, &[]);
            g.events(&f.person, &DateRange::default(), &pages)
                .unwrap()
                .events
                .len()
        })
    });
    group.bench_function("open+events_place", |b| {
        b.iter(|| {
            let g = open(&f.dir);
            let pages = Pages::new(&g, false, &[]);
            g.events(&f.place, &DateRange::default(), &pages)
                .unwrap()
                .events
                .len()
        })
    });
    group.bench_function("open+coattend", |b| {
        b.iter(|| open(&f.dir).coattend(&f.person).unwrap().people.len())
    });
    for by in [RankBy::Degree, RankBy::Pagerank, RankBy::Betweenness] {
        group.bench_function(format!("open+rank_{by:?}").to_lowercase(), |b| {
            b.iter(|| {
                open(&f.dir)
                    .rank(by, Some("person"), 20)
                    .unwrap()
                    .rows
                    .len()
            })
        });
    }
    group.bench_function("open+stats", |b| {
        b.iter(|| open(&f.dir).stats().graph_bytes)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
