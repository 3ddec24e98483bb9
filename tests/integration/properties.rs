//! Properties of the whole library pipeline (proptest), on pages assembled
//! from small building blocks: report-like sentences with random names,
//! titles, places and dates, random Unicode noise, CRLF or LF line ends.
//!
//! The invariants, checked on every generated build:
//! - every edge's endpoints are nodes of the graph;
//! - evidence: every edge has at least one evidence span; every person,
//!   agency and event node has at least one mention; every other node (places
//!   named only as a parent in the hierarchy, documents, articles) has a
//!   mention or is the endpoint of an edge (which has evidence);
//! - every mention and evidence span lies inside its document, and the text
//!   of every non-event mention is that slice of the page after
//!   `ingest::normalize` (event mentions carry a clause name, not a slice);
//! - graph.json round-trips: bytes -> `GraphFile` -> bytes is the identity;
//!   a shard record round-trips and passes `extract::check_record`;
//! - the bytes of graph.json do not depend on the order of the documents
//!   nor on the number of threads.

use govgraph::export::json::{self, GraphFile};
use govgraph::extract::{check_record, extract_document, DocMentions};
use govgraph::ingest::{normalize, Document};
use govgraph::pipeline::{build_graph, BuildOptions};
use govgraph::resources::Resources;
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "郝", "武", "欧阳"];
const GIVEN: &[&str] = &[
    "建", "国", "红", "梅", "志", "强", "晓", "明", "淑", "芳", "佩", "璋",
];
const TITLES: &[&str] = &[
    "县委书记",
    "县长",
    "副县长",
    "县委常委、常务副县长",
    "县人大常委会主任",
    "镇党委书记",
    "副镇长",
    "县公安局局长",
    "",
];
const PLACES: &[&str] = &[
    "沁县",
    "定昌镇",
    "烟庄村",
    "绛县",
    "长治市",
    "山西省",
    "城关镇",
    "南里乡",
    "我县",
    "全县",
];
const AGENCIES: &[&str] = &[
    "县残联",
    "县教育局",
    "县农业农村局",
    "县人民医院",
    "县委宣传部",
    "县市场监督管理局",
];
const DEEDS: &[&str] = &[
    "出席会议并讲话",
    "主持召开专题会议",
    "带队督查安全生产工作",
    "深入企业调研",
    "参加义务植树活动",
    "陪同检查",
    "强调要抓好春耕生产",
];

fn name() -> impl Strategy<Value = String> {
    (
        select(SURNAMES),
        select(GIVEN),
        prop::option::of(select(GIVEN)),
    )
        .prop_map(|(s, g1, g2)| format!("{s}{g1}{}", g2.unwrap_or("")))
}

fn date() -> impl Strategy<Value = String> {
    (prop::option::of(2015..2026i32), 1..=12u32, 1..=28u32).prop_map(|(y, m, d)| match y {
        Some(y) => format!("{y}年{m}月{d}日"),
        None => format!("{m}月{d}日"),
    })
}

/// Printable noise: any Unicode outside the control and format classes
/// (control characters make a page binary, which the decoder refuses).
fn noise() -> impl Strategy<Value = String> {
    "[\\PC&&[^\\n]]{0,12}"
}

fn sentence() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (date(), select(TITLES), name(), select(PLACES), select(DEEDS))
            .prop_map(|(d, t, n, p, e)| format!("{d},{t}{n}在{p}{e}。")),
        2 => (select(AGENCIES), select(PLACES), select(DEEDS), name())
            .prop_map(|(a, p, e, n)| format!("{a}在{p}组织活动,{n}{e}。")),
        2 => (name(), select(TITLES), name())
            .prop_map(|(a, t, b)| format!("{t}{a}、{b}等参加。")),
        1 => noise(),
        1 => (noise(), name(), noise()).prop_map(|(a, n, b)| format!("{a}{n}{b}")),
    ]
}

/// One page: a headline, a lead with a byline, body lines; LF or CRLF ends.
fn page() -> impl Strategy<Value = String> {
    (
        select(PLACES),
        name(),
        prop::collection::vec(prop::collection::vec(sentence(), 1..4), 1..5),
        any::<bool>(),
    )
        .prop_map(|(place, reporter, paras, crlf)| {
            let mut lines = vec![format!("### {place}召开工作推进会"), String::new()];
            for (i, p) in paras.iter().enumerate() {
                let body = p.concat();
                lines.push(if i == 0 {
                    format!("本报讯(记者 {reporter}){body}")
                } else {
                    body
                });
            }
            lines.push(String::new());
            lines.join(if crlf { "\r\n" } else { "\n" })
        })
}

/// Pages with distinct names.
fn pages() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(page(), 1..4).prop_map(|ps| {
        ps.into_iter()
            .enumerate()
            .map(|(i, t)| (format!("p{i}.txt"), t))
            .collect()
    })
}

fn read(pages: &[(String, String)]) -> Vec<Document> {
    pages
        .iter()
        .map(|(n, t)| Document::from_bytes(Path::new(n), t.as_bytes()).expect("a page"))
        .collect()
}

fn graph_bytes(docs: &[Document]) -> Vec<u8> {
    json::to_json_bytes(&build_graph(&RES, docs, &BuildOptions::default())).expect("in memory")
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn properties_graph_is_well_formed(pages in pages()) {
        let docs = read(&pages);
        let file: GraphFile = serde_json::from_slice(&graph_bytes(&docs)).unwrap();
        let ids: HashSet<&str> = file.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut on_edge = HashSet::new();
        for e in &file.edges {
            prop_assert!(ids.contains(e.source.as_str()), "dangling source {}", e.source);
            prop_assert!(ids.contains(e.target.as_str()), "dangling target {}", e.target);
            prop_assert!(!e.evidence.is_empty(), "edge {} -> {} without evidence", e.source, e.target);
            on_edge.insert(e.source.as_str());
            on_edge.insert(e.target.as_str());
        }
        for n in &file.nodes {
            if matches!(n.kind.as_str(), "person" | "agency" | "event") {
                prop_assert!(!n.mentions.is_empty(), "{} has no mention", n.id);
            } else {
                prop_assert!(
                    !n.mentions.is_empty() || on_edge.contains(n.id.as_str()),
                    "{} has no evidence", n.id
                );
            }
        }
    }

    #[test]
    fn properties_mentions_cite_their_text(pages in pages()) {
        let docs = read(&pages);
        let texts: HashMap<&str, Vec<char>> = pages
            .iter()
            .map(|(n, t)| (n.as_str(), normalize(t).chars().collect()))
            .collect();
        let file: GraphFile = serde_json::from_slice(&graph_bytes(&docs)).unwrap();
        for n in &file.nodes {
            for m in &n.mentions {
                let doc = &texts[m.doc.as_str()];
                prop_assert!(m.start <= m.end && m.end <= doc.len(), "{} mention {m:?}", n.id);
                if n.kind != "event" {
                    let slice: String = doc[m.start..m.end].iter().collect();
                    prop_assert_eq!(&slice, &m.text, "node {}", &n.id);
                }
            }
        }
        for e in &file.edges {
            for ev in &e.evidence {
                let doc = &texts[ev.doc.as_str()];
                prop_assert!(ev.start <= ev.end && ev.end <= doc.len(), "{ev:?}");
            }
        }
    }

    #[test]
    fn properties_json_round_trips(pages in pages()) {
        let docs = read(&pages);
        let bytes = graph_bytes(&docs);
        let file: GraphFile = serde_json::from_slice(&bytes).unwrap();
        let again = govgraph::export::json::wire_bytes(&file);
        prop_assert!(again == bytes, "graph.json changes through GraphFile");
        for d in &docs {
            let m = extract_document(&RES, d);
            let back: DocMentions = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
            prop_assert_eq!(&back, &m);
            prop_assert_eq!(check_record(&RES, &back), Ok(()));
        }
    }

    #[test]
    fn properties_output_ignores_order_and_threads(
        (pages, order) in pages().prop_flat_map(|p| {
            let n = p.len();
            (Just(p), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
    ) {
        let docs = read(&pages);
        let reference = graph_bytes(&docs);
        let shuffled: Vec<Document> = order.iter().map(|&i| docs[i].clone()).collect();
        prop_assert!(graph_bytes(&shuffled) == reference, "order {order:?} changes graph.json");
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let bytes = pool.install(|| graph_bytes(&shuffled));
            prop_assert!(bytes == reference, "{threads} threads change graph.json");
        }
    }
}
