//! The statistical tagger's speed on the seed pages (bytes of page text per
//! second, one thread): tagging lines whose jieba words are already known
//! (as in a build, where the rules segment every line anyway), and tagging
//! with the segmentation included (as `govgraph tag` does). Building the
//! tagger is timed apart.
//!
//! Run: `cargo bench --bench tagger`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govgraph::ingest::Document;
use govgraph::resources::Resources;
use govgraph::tagger::features::jieba_words;
use govgraph::tagger::features::Word;
use govgraph::tagger::Tagger;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().expect("resources"));

/// Every non-blank line of the seed pages, decoded and normalised as a
/// build reads them.
fn seed_lines() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let doc = Document::read(f).expect("seed page");
            doc.text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("tagger");
    group.sample_size(20);
    group.bench_function("build", |b| {
        b.iter(|| black_box(Tagger::new(&RES).expect("model")))
    });
    let tagger = Tagger::new(&RES).expect("model");
    let lines = seed_lines();
    let words: Vec<Vec<Word>> = lines.iter().map(|l| jieba_words(&RES.jieba, l)).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seed_lines_words_given", |b| {
        b.iter(|| {
            let mut n = 0;
            for (l, w) in lines.iter().zip(&words) {
                n += tagger.tag_with_words(l, w).len();
            }
            black_box(n)
        })
    });
    group.bench_function("seed_lines_with_jieba", |b| {
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                n += tagger.tag(&RES, l).len();
            }
            black_box(n)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
