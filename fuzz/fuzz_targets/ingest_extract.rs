//! Bytes -> `Document::from_bytes` -> `extract_document` -> resolve + graph
//! -> graph.json, checking on the way the invariants a page of any bytes must
//! keep: no panic, spans inside the document, a record the shard check
//! accepts, edges between existing nodes, and graph.json that parses back
//! into the same value.
#![no_main]

use govgraph::export::json::{self, GraphFile};
use govgraph::extract::{check_record, extract_document};
use govgraph::ingest::Document;
use govgraph::pipeline::{merge_mentions, BuildOptions};
use govgraph::resources::Resources;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

static RES: LazyLock<Resources> =
    LazyLock::new(|| Resources::builtin().expect("built-in resources"));

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::from_bytes(Path::new("fuzz.txt"), data) else {
        return;
    };
    let chars = doc.text.chars().count();
    for a in &doc.articles {
        assert!(
            a.span.start <= a.span.end && a.span.end <= chars,
            "article span"
        );
        for l in &a.lines {
            assert!(a.span.contains(l.span), "line outside its article");
        }
    }
    let mentions = extract_document(&RES, &doc);
    assert_eq!(mentions.chars, chars);
    // What extract writes, the shard check (merge, --append) must accept.
    assert_eq!(
        check_record(&RES, &mentions),
        Ok(()),
        "shard check refuses extract output"
    );
    let g = merge_mentions(
        &RES,
        std::slice::from_ref(&mentions),
        &BuildOptions::default(),
    );
    let bytes = json::to_json_bytes(&g);
    let file: GraphFile = serde_json::from_slice(&bytes).expect("graph.json parses back");
    let ids: HashSet<&str> = file.nodes.iter().map(|n| n.id.as_str()).collect();
    for e in &file.edges {
        assert!(
            ids.contains(e.source.as_str()),
            "dangling source {}",
            e.source
        );
        assert!(
            ids.contains(e.target.as_str()),
            "dangling target {}",
            e.target
        );
        for ev in &e.evidence {
            assert!(
                ev.start <= ev.end && ev.end <= chars,
                "edge evidence {ev:?}"
            );
        }
    }
    for n in &file.nodes {
        for m in &n.mentions {
            assert!(
                m.start <= m.end && m.end <= chars,
                "mention {m:?} of {}",
                n.id
            );
        }
    }
    let again = serde_json::to_vec_pretty(&file).expect("serialises");
    assert_eq!(
        &again[..],
        &bytes[..bytes.len() - 1],
        "graph.json round trip"
    );
});
