//! `govgraph merge --partition` and `govgraph dist`: the steps of a build
//! split over machines (see `dist/spark_build.py` and the README).

use super::{interrupt, report_skipped, temp_failure, Common, Failure, Keyed};
use anyhow::Result;
use govgraph::dist::{self, PartMeta, Partition};
use govgraph::export::generation::Generation;
use govgraph::export::partition::{self as parts, MENTIONS_FILE};
use govgraph::export::{self, AtomicFile};
use govgraph::ingest::IngestError;
use govgraph::pipeline::{self, BuildOptions, ShardReader};
use govgraph::resolve::ResolveOptions;
use govgraph::resources::Resources;
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
    /// First pass: for each document of a shard, the partitions it goes to
    /// and the places it brings in (JSON lines, in the shard's order).
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
            let mut lines = ShardReader::open(&shard)?;
            loop {
                let chunk: Vec<_> = lines
                    .by_ref()
                    .take(pipeline::CHUNK_DOCS * 4)
                    .collect::<Result<_, _>>()?;
                if chunk.is_empty() {
                    break;
                }
                let done: Vec<Result<Vec<u8>, IngestError>> = chunk
                    .into_par_iter()
                    .map(|(_, input)| {
                        let pipeline::Input::Shard { path, line, bytes } = input else {
                            unreachable!("a shard reader gives shard lines")
                        };
                        let m = pipeline::parse_shard_line(&res, &path, line, &bytes)?;
                        let r = dist::route(&res, &ropts, &reposts, &m, partitions);
                        let mut l = serde_json::to_vec(&r).expect("a route serialises");
                        l.push(b'\n');
                        Ok(l)
                    })
                    .collect();
                for l in done {
                    w.writer.write_all(&l?).map_err(|e| w.error(e))?;
                }
            }
            w.commit()?;
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

/// `govgraph merge --partition I/N`: build the graph of the documents
/// routed to partition `part` and write that partition's files to `out`
/// (as one generation, like a build directory).
pub fn merge_partition(
    res: &Resources,
    shards: &[PathBuf],
    out: &Path,
    part: Partition,
    reposts: &Path,
    first_seen: &Path,
    common: &Common,
) -> Result<()> {
    let reposts = dist::read_reposts(reposts)?;
    let opts = BuildOptions {
        year: common.year,
        keep_going: common.keep_going,
        record_budget: None,
        first_seen: dist::read_first_seen(first_seen)?,
    };
    let mut streams: Vec<Box<dyn Iterator<Item = Keyed>>> = Vec::new();
    for s in shards {
        // A partition no document reached has an empty shard: it writes
        // empty files.
        let empty = std::fs::metadata(s).is_ok_and(|m| m.is_file() && m.len() == 0);
        if !empty {
            streams.push(Box::new(ShardReader::open(s)?));
        }
    }
    let generation = Generation::begin(out)?;
    interrupt::remove_tree_on_signal(generation.dir());
    let dir = generation.dir().to_path_buf();
    let mut shard = AtomicFile::create(&dir.join(MENTIONS_FILE))?;
    let mut meta = PartMeta {
        partition: part.to_string(),
        ..PartMeta::default()
    };
    let built = pipeline::build_stream(
        res,
        pipeline::merge_sorted(streams),
        &reposts,
        &opts,
        &mut |line: &[u8]| {
            let (doc, articles, copies) = dist::doc_articles(line, &reposts).map_err(|e| {
                Failure::Input(IngestError::BadShard {
                    path: PathBuf::from("(a partition's document)"),
                    line: 0,
                    reason: e.to_string(),
                })
            })?;
            if part.owns_document(&doc) {
                shard.writer.write_all(line).map_err(Failure::Write)?;
                meta.documents.push(doc);
                meta.articles += articles;
                meta.reposts += copies;
            }
            Ok(())
        },
        &mut |_| {},
    );
    let (mut g, report) = match built {
        Ok(b) => b,
        Err(Failure::Input(e)) => return Err(e.into()),
        Err(Failure::Write(e)) => return Err(shard.error(e).into()),
        Err(Failure::Temp(e)) => return Err(temp_failure(e).into()),
    };
    report_skipped(&report.skipped);
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
        "partition {part}: {} documents read, {} its own -> {}",
        report.documents,
        meta.documents.len(),
        out.display()
    );
    std::mem::forget(g);
    Ok(())
}
