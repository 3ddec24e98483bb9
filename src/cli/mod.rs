//! Command-line interface: clap definitions and the calls into the library.
//! No logic lives here.
//!
//! Exit codes: 0 success; 2 bad input (missing or unreadable file, not a
//! text page, malformed dictionary, corrupt graph or shard, bad arguments);
//! 3 output could not be written; 4 a query name matches several entities;
//! 5 a query found nothing; 130, 143, 129 interrupted by SIGINT, SIGTERM,
//! SIGHUP (see `interrupt`).

mod interrupt;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use govgraph::export::{self, dot, json, ExportError};
use govgraph::extract::DocMentions;
use govgraph::ingest::IngestError;
use govgraph::pipeline::{self, BuildOptions};
use govgraph::resources::{DictError, Resources};
use std::io::Write;
use std::path::{Path, PathBuf};

#[path = "export.rs"]
mod export_cmd;
mod query;

/// Turn Chinese local-government news pages into a who-did-what knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "govgraph", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build graph.json, graph.dot (and graph.svg with Graphviz) from pages.
    ///
    /// Example: govgraph build seeds --out output
    Build {
        /// Files, or directories (every *.txt below, in sorted order).
        #[arg(required_unless_present = "append")]
        inputs: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, short, required_unless_present = "append")]
        out: Option<PathBuf>,
        /// Add INPUTS to the build in this directory (same bytes as a full rebuild).
        #[arg(long, value_name = "DIR")]
        append: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Extract mentions only (one JSON line per document): a shard for `merge`.
    Extract {
        /// Files or directories.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The shard file to write.
        #[arg(long, short)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Merge shards written by `extract` into a graph directory.
    Merge {
        /// Shard files.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, short)]
        out: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Ask a built graph: find, show, neighbors, path, events, coattend, rank, stats.
    ///
    /// Example: govgraph query output events 郝淑芳
    Query(query::QueryArgs),
    Export(export_cmd::ExportArgs),
}

#[derive(Debug, clap::Args, Clone)]
struct Common {
    /// User lexicon: `word<TAB>type` lines, type in person/place/agency/title.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Year for dates printed without one when the page prints none.
    #[arg(long)]
    year: Option<i32>,
    /// Report unreadable files and go on instead of failing.
    #[arg(long)]
    keep_going: bool,
    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Do not render graph.svg even when Graphviz is installed.
    #[arg(long)]
    no_svg: bool,
}

/// The one-line message for an error: each cause once, outermost first.
/// Errors that print their source themselves (`path: cannot read: {source}`)
/// are not followed by that source again.
pub fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Exit code for an error (see the module docs).
pub fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(q) = cause.downcast_ref::<govgraph::query::QueryError>() {
            return q.exit_code();
        }
        if cause.downcast_ref::<ExportError>().is_some() {
            return 3;
        }
        if cause.downcast_ref::<IngestError>().is_some()
            || cause.downcast_ref::<DictError>().is_some()
        {
            return 2;
        }
    }
    2
}

/// Parse the process arguments and run.
pub fn run() -> Result<()> {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    interrupt::install()?;
    match args.command {
        Command::Build {
            inputs,
            out,
            append,
            common,
        } => {
            let res = setup(&common)?;
            let (out, mut mentions) = match (&append, out) {
                (Some(dir), _) => (dir.clone(), read_shard(&res, &dir.join(SHARD_FILE))?),
                (None, Some(o)) => (o, Vec::new()),
                (None, None) => anyhow::bail!("--out DIR is required"),
            };
            let (docs, errors) = pipeline::read_inputs(&inputs, common.keep_going)?;
            report_skipped(&errors);
            if docs.is_empty() && mentions.is_empty() {
                anyhow::bail!("no readable input page");
            }
            let new = pipeline::extract_all(&res, &docs);
            let names: std::collections::BTreeSet<String> =
                new.iter().map(|m| m.doc.clone()).collect();
            mentions.retain(|m| !names.contains(&m.doc));
            mentions.extend(new);
            mentions.sort_by(|a, b| a.doc.cmp(&b.doc));
            write_build(&res, &mentions, &out, &common)?;
            // Where the pages are, so `query --evidence` can quote them.
            query::record_sources(&out, &inputs, &mentions)
        }
        Command::Extract {
            inputs,
            out,
            common,
        } => {
            let res = setup(&common)?;
            let (docs, errors) = pipeline::read_inputs(&inputs, common.keep_going)?;
            report_skipped(&errors);
            if docs.is_empty() {
                // An empty shard would only fail later, in merge.
                anyhow::bail!("no readable input page");
            }
            let mentions = pipeline::extract_all(&res, &docs);
            let _writing = interrupt::writing_outputs();
            export::write_atomic(&out, &shard_bytes(&mentions))?;
            eprintln!(
                "extracted {} documents -> {}",
                mentions.len(),
                out.display()
            );
            Ok(())
        }
        Command::Merge {
            shards,
            out,
            common,
        } => {
            let res = setup(&common)?;
            let mut mentions = Vec::new();
            for s in &shards {
                mentions.extend(read_shard(&res, s)?);
            }
            mentions.sort_by(|a, b| a.doc.cmp(&b.doc));
            mentions.dedup_by(|a, b| a.doc == b.doc);
            write_build(&res, &mentions, &out, &common)
        }
        Command::Query(q) => query::run(q),
        Command::Export(args) => export_cmd::run(args),
    }
}

/// Name of the per-document mentions file kept beside graph.json (for --append).
const SHARD_FILE: &str = "mentions.jsonl";

fn setup(common: &Common) -> Result<Resources> {
    if let Some(n) = common.threads {
        // Ignore the error when a pool already exists (tests call run twice).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    Ok(Resources::with_user_dicts(&common.dicts)?)
}

fn report_skipped(errors: &[IngestError]) {
    for e in errors {
        eprintln!("govgraph: skipped: {e}");
    }
}

fn shard_bytes(mentions: &[DocMentions]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in mentions {
        serde_json::to_writer(&mut out, m).expect("mentions serialise");
        out.push(b'\n');
    }
    out
}

/// Read a shard written by `extract` (or a build's mentions.jsonl): one
/// [`DocMentions`] a line, each checked before it reaches resolve. A
/// truncated, corrupt or empty shard is bad input (exit 2), named with its
/// line.
fn read_shard(res: &Resources, path: &Path) -> Result<Vec<DocMentions>> {
    let bytes = govgraph::ingest::read_regular_file(path)?;
    let bad = |line: usize, reason: String| IngestError::BadShard {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let m: DocMentions = serde_json::from_slice(line).map_err(|e| {
            // serde counts lines inside this one line: keep only the column.
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at line ").map_or(&*msg, |(m, _)| m);
            let hint = if e.is_eof() { " (truncated?)" } else { "" };
            bad(i + 1, format!("{msg} at column {}{hint}", e.column()))
        })?;
        govgraph::extract::check_record(res, &m).map_err(|e| bad(i + 1, e))?;
        out.push(m);
    }
    if out.is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        }
        .into());
    }
    Ok(out)
}

fn write_build(
    res: &Resources,
    mentions: &[DocMentions],
    out: &Path,
    common: &Common,
) -> Result<()> {
    let opts = BuildOptions {
        year: common.year,
        keep_going: common.keep_going,
    };
    let g = pipeline::merge_mentions(res, mentions, &opts);
    let _writing = interrupt::writing_outputs();
    std::fs::create_dir_all(out).map_err(|e| ExportError::Io {
        path: out.to_path_buf(),
        source: e,
    })?;
    let dot_text = dot::to_dot(&g);
    export::write_atomic(&out.join("graph.json"), &json::to_json_bytes(&g))?;
    export::write_atomic(&out.join("graph.dot"), dot_text.as_bytes())?;
    export::write_atomic(&out.join(SHARD_FILE), &shard_bytes(mentions))?;
    let svg = if common.no_svg {
        "graph.svg: skipped (--no-svg)".to_string()
    } else if dot::graphviz_available() {
        dot::render(&dot_text, "svg", &out.join("graph.svg")).context("rendering graph.svg")?;
        "graph.svg written".to_string()
    } else {
        "graph.svg: skipped, Graphviz `dot` not found (apt-get install graphviz)".to_string()
    };
    let counts = g.counts();
    let mut stdout = std::io::stdout().lock();
    let by_type: Vec<String> = ["person", "place", "agency", "event"]
        .iter()
        .map(|t| format!("{} {}", counts.get(t).copied().unwrap_or(0), t))
        .collect();
    let _ = writeln!(
        stdout,
        "{} documents, {} articles; nodes: {}; {} edges -> {}\n{}",
        g.documents.len(),
        g.articles,
        by_type.join(", "),
        g.edge_count(),
        out.display(),
        svg
    );
    Ok(())
}
