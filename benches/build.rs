//! Build-side benchmarks: building the resources (dictionaries, gazetteer
//! automaton, jieba), extracting one page (bytes per second), and the full
//! seed build from pages to graph.json bytes. Query-side load and answer
//! times are in `query_load`.
//!
//! Run: `cargo bench --bench build`. End-to-end figures on a generated
//! corpus come from `scripts/bench_scale.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govgraph::export::json;
use govgraph::extract::extract_document;
use govgraph::ingest::Document;
use govgraph::pipeline::{build_graph, BuildOptions};
use govgraph::resources::Resources;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn seed_pages() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| Document::read(f).expect("seed page"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("resources", |b| {
        b.iter(|| black_box(Resources::builtin().expect("resources")))
    });
    let res = Resources::builtin().expect("resources");
    let docs = seed_pages();

    // One page: the largest seed, in bytes of its text.
    let page = docs
        .iter()
        .max_by_key(|d| d.text.len())
        .expect("a seed page");
    group.throughput(Throughput::Bytes(page.text.len() as u64));
    group.bench_function("extract_one_page", |b| {
        b.iter(|| black_box(extract_document(&res, page)))
    });

    // Every seed page through extract, resolve, graph and graph.json.
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seed_build_to_json", |b| {
        b.iter(|| {
            let g = build_graph(&res, &docs, &BuildOptions::default());
            black_box(json::to_json_bytes(&g).expect("in memory"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
