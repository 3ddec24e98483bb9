//! `govgraph merge --partition` and `govgraph dist`: the steps of a build
//! split over machines (see `dist/spark_build.py` and the README).

use super::{interrupt, Keyed};
use anyhow::Result;
use govgraph::build::temp_failure;
use govgraph::dist::{self, PartMeta, Partition};
use govgraph::export::generation::Generation;
use govgraph::export::partition::{self as parts, MENTIONS_FILE};
use govgraph::export::{self, AtomicFile};
use govgraph::graph::KnowledgeGraph;
use govgraph::ingest::IngestError;
use govgraph::pipeline::{self, ShardReader};
use govgraph::resolve::ResolveOptions;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `govgraph dist …`: the other steps of a partitioned build.
#[derive(Debug, clap::Args)]
pub struct DistArgs {
    #[command(subcommand)]
    step: Step,
}

#[derive(Debug, clap::Subcommand)]
enum Step {
    /// First pass: the repost clusters of the whole corpus, from the
    /// signatures in its shards (every article's role, JSON lines).
    Reposts {
        /// Shard files (or files of shard lines cut down to `doc` and
        /// `articles[].index`/`repost`), each in document order.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The roles file to write.
        #[arg(long, short)]
        out: PathBuf,
    },
    /// First pass: each document of a shard resolved and recorded as the
    /// steps of adding it, cut into one fragment per partition
    /// (--fragments); its route (partitions, places it brings in, places
    /// it names weakly) to --out. JSON lines, in the shard's order.
    Route {
        /// A shard in document order.
        shard: PathBuf,
        /// Number of partitions.
        #[arg(long)]
        partitions: u32,
        /// The corpus's repost roles (`dist reposts`).
        #[arg(long)]
        reposts: PathBuf,
        /// The routes file to write.
        #[arg(long, short)]
        out: PathBuf,
        /// The fragments file to write.
        #[arg(long)]
        fragments: PathBuf,
        /// Year for dates printed without one (as given to `merge`).
        #[arg(long, value_parser = clap::value_parser!(i32).range(1000..=9999))]
        year: Option<i32>,
        /// User lexicons (as given to `extract` and `merge`).
        #[arg(long = "dict", value_name = "FILE")]
        dicts: Vec<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Neo4j bulk-import CSV of partitions: header files and import.sh
    /// under the columns of all of them, and row files of each.
    Csv {
        /// Every partition directory of the build (`merge --partition`).
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Write the rows of this partition only (one task of a cluster).
        #[arg(long)]
        only: Option<PathBuf>,
        /// Output directory (created if missing).
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Assemble partitions into a single build's graph.json and
    /// mentions.jsonl (and with --csv, the single CSV export in OUT/csv).
    Assemble {
        /// Every partition directory of the build.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// The partitions' CSV directory (`dist csv`).
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Output directory (created if missing).
        #[arg(long, short)]
        out: PathBuf,
    },
}

/// Run a `dist` step.
pub fn run(args: DistArgs) -> Result<()> {
    match args.step {
        Step::Reposts { shards, out } => {
            let mut streams: Vec<Box<dyn Iterator<Item = Keyed>>> = Vec::new();
            for s in &shards {
                streams.push(Box::new(ShardReader::open(s)?));
            }
            let reposts = pipeline::scan_reposts(pipeline::merge_sorted(streams));
            export::write_atomic(&out, &reposts.to_lines())?;
            eprintln!(
                "{} repost clusters, {} copies -> {}",
                reposts.clusters,
                reposts.copies,
                out.display()
            );
            Ok(())
        }
        Step::Route {
            shard,
            partitions,
            reposts,
            out,
            fragments,
            year,
            dicts,
            threads,
        } => {
            if partitions == 0 {
                anyhow::bail!("--partitions 0: there must be at least one partition");
            }
            let res = super::setup_resources(&dicts, threads)?;
            let reposts = dist::read_reposts(&reposts)?;
            let ropts = ResolveOptions { year };
            let mut w = AtomicFile::create(&out)?;
            let mut fw = AtomicFile::create(&fragments)?;
            let mut lines = ShardReader::open(&shard)?;
            loop {
                let chunk: Vec<_> = lines
                    .by_ref()
                    .take(pipeline::CHUNK_DOCS * 4)
                    .collect::<Result<_, _>>()?;
                if chunk.is_empty() {
                    break;
                }
                type Lines = (Vec<u8>, Vec<u8>);
                let done: Vec<Result<Lines, IngestError>> = chunk
                    .into_par_iter()
                    .map(|(_, input)| {
                        let pipeline::Input::Shard { path, line, bytes } = input else {
                            unreachable!("a shard reader gives shard lines")
                        };
                        let m = pipeline::parse_shard_line(&res, &path, line, &bytes)?;
                        let (r, frags) = dist::route(&res, &ropts, &reposts, &m, partitions);
                        let mut l = serde_json::to_vec(&r).expect("a route serialises");
                        l.push(b'\n');
                        let mut f = Vec::new();
                        for frag in &frags {
                            serde_json::to_writer(&mut f, frag).expect("a fragment serialises");
                            f.push(b'\n');
                        }
                        Ok((l, f))
                    })
                    .collect();
                for r in done {
                    let (l, f) = r?;
                    w.writer.write_all(&l).map_err(|e| w.error(e))?;
                    fw.writer.write_all(&f).map_err(|e| fw.error(e))?;
                }
            }
            w.commit()?;
            fw.commit()?;
            Ok(())
        }
        Step::Csv { parts, only, out } => {
            parts::write_csv(&parts, only.as_deref(), &out)?;
            Ok(())
        }
        Step::Assemble { parts, csv, out } => {
            parts::assemble(&parts, csv.as_deref(), &out)?;
            eprintln!("assembled {} partitions -> {}", parts.len(), out.display());
            Ok(())
        }
    }
}

/// `govgraph merge --partition I/N`: replay the fragments of partition
/// `part` (files in document order) and write the partition's files to
/// `out` (as one generation, like a build directory), with `mentions`,
/// the shard lines of the documents it owns, as its mentions.jsonl.
pub fn merge_partition(
    fragments: &[PathBuf],
    out: &Path,
    part: Partition,
    mentions: &Path,
    first_seen: &Path,
) -> Result<()> {
    let mut g = KnowledgeGraph::default();
    g.set_first_seen(dist::read_first_seen(first_seen)?);
    let mut last = None;
    let mut fragments_read = 0;
    for f in fragments {
        fragments_read += dist::replay_fragments(&mut g, part, f, &mut last)?;
    }
    if let Some(e) = g.spill_error() {
        return Err(temp_failure(e).into());
    }
    let meta = PartMeta {
        partition: part.to_string(),
        documents: g.documents.iter().cloned().collect(),
        articles: g.articles,
        reposts: g.reposts,
    };
    let generation = Generation::begin(out)?;
    interrupt::remove_tree_on_signal(generation.dir());
    let dir = generation.dir().to_path_buf();
    // mentions.jsonl: the given lines, checked to be this partition's
    // documents, in order, each once.
    let mut shard = AtomicFile::create(&dir.join(MENTIONS_FILE))?;
    let mut docs = meta.documents.iter();
    let empty = std::fs::metadata(mentions).is_ok_and(|m| m.is_file() && m.len() == 0);
    if !empty {
        for r in ShardReader::open(mentions)? {
            let (doc, input) = r?;
            let pipeline::Input::Shard { line, bytes, .. } = input else {
                unreachable!("a shard reader gives shard lines")
            };
            if docs.next() != Some(&doc) {
                return Err(IngestError::BadShard {
                    path: mentions.to_path_buf(),
                    line,
                    reason: format!(
                        "document {doc:?} is not the next of partition {part}'s documents \
                         (its fragments name them; a document's line goes to the partition \
                         of its document node)"
                    ),
                }
                .into());
            }
            shard.writer.write_all(&bytes).map_err(|e| shard.error(e))?;
            shard.writer.write_all(b"\n").map_err(|e| shard.error(e))?;
        }
    }
    if let Some(missing) = docs.next() {
        anyhow::bail!(
            "{}: holds no line for document {missing:?} of partition {part}",
            mentions.display()
        );
    }
    g.release_indices();
    parts::write_partition(&g, part, &meta, &dir)?;
    shard.commit()?;
    {
        let _writing = interrupt::writing_outputs();
        let staging = generation.dir().to_path_buf();
        generation.commit()?;
        interrupt::keep_tree_on_signal(&staging);
    }
    println!(
        "partition {part}: {fragments_read} fragments, {} documents its own -> {}",
        meta.documents.len(),
        out.display()
    );
    std::mem::forget(g);
    Ok(())
}
