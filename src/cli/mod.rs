//! Command-line interface: clap definitions and the calls into the library.
//! No logic lives here.
//!
//! Exit codes: 0 success; 2 bad input (missing or unreadable file, not a
//! text page, malformed dictionary, corrupt graph or shard, bad arguments);
//! 3 output could not be written; 4 a query name matches several entities;
//! 5 a query found nothing; 130, 143, 129 interrupted by SIGINT, SIGTERM,
//! SIGHUP (see `interrupt`).

mod dist;
mod interrupt;
mod progress;

use anyhow::Result;
use clap::{Parser, Subcommand};
use govgraph::build::{
    self, temp_failure, BuildHooks, Picture, SourcesPlan, StreamFailure, WriteOptions, SHARD_FILE,
};
use govgraph::export::{self, ExportError};
use govgraph::ingest::IngestError;
use govgraph::model::{NodeType, Relation};
use govgraph::pipeline::{self, BuildOptions, ShardReader};
use govgraph::query::evidence::Sources;
use govgraph::resources::{DictError, Resources};
use progress::Progress;
use std::io::Write;
use std::path::{Path, PathBuf};

#[path = "export.rs"]
mod export_cmd;
mod query;
mod tag;

/// The values `--type`/`--types` take: the names of `types`
/// (`govgraph::model`'s vocabulary, so the CLI offers what the graph holds).
fn type_names(types: &[NodeType]) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(types.iter().map(|t| t.as_str()))
}

/// The values `--relation`/`--relations` take: every relation's name.
fn relation_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(Relation::ALL.iter().map(|r| r.as_str()))
}

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
        /// Output directory (replaced as a whole, in one step, when the build succeeds).
        #[arg(long, short, required_unless_present = "append")]
        out: Option<PathBuf>,
        /// Add INPUTS to the build in this directory (same bytes as a full
        /// rebuild); the result goes to --out when given, else to DIR.
        #[arg(long, value_name = "DIR")]
        append: Option<PathBuf>,
        /// With --append: a page named like one already in the build replaces
        /// it (each replaced document is reported); without it such a page is refused.
        #[arg(long, requires = "append")]
        replace: bool,
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
    ///
    /// With --partition I/N: only partition I of N (its nodes, the edges
    /// they start, its documents' mentions), as files that `dist assemble`
    /// joins into a single build's; see the README's distributed build.
    Merge {
        /// Shard files.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output directory.
        #[arg(long, short)]
        out: PathBuf,
        /// Build partition I of N only: SHARDS are then its fragment files
        /// (`dist route --fragments`, the lines of partition I, in
        /// document order).
        #[arg(long, value_name = "I/N", requires_all = ["mentions", "first_seen"])]
        partition: Option<String>,
        /// With --partition: the shard lines of the documents whose
        /// `document:` node the partition owns, in document order.
        #[arg(long, value_name = "FILE", requires = "partition")]
        mentions: Option<PathBuf>,
        /// With --partition: the first document bringing in each weakly
        /// named place (JSON lines {"id","doc"}; from `dist route`).
        #[arg(long, value_name = "FILE", requires = "partition")]
        first_seen: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Steps of a build split over machines: reposts, route, csv, assemble.
    Dist(dist::DistArgs),
    /// Ask a built graph: find, people, show, neighbors, path, events, coattend, rank, career, holders, stats.
    ///
    /// Example: govgraph query output events 郝淑芳
    Query(query::QueryArgs),
    Export(export_cmd::ExportArgs),
    Tag(tag::TagArgs),
}

#[derive(Debug, clap::Args, Clone)]
struct Common {
    /// User lexicon: `word<TAB>type` lines, type in person/place/agency/title.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Year for dates printed without one when the page prints none (four digits).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1000..=9999))]
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
    /// Which of the statistical tagger's types join the rules' mentions:
    /// a comma-separated list of people, places, organisations; or all, none
    /// (none: the rules alone, and the tagger does not run — a faster build).
    #[arg(long, value_name = "TYPES", default_value = "all")]
    tagged: govgraph::tagger::TaggedTypes,
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

/// Exit code for an error (see the module docs): the one place where an
/// error becomes a code. Each layer's error type says its own
/// (`LookupError`, `QueryError`, `ExportError::exit_code`); input errors are
/// 2, and so is anything else (bad arguments). Signals exit from
/// `interrupt` (128 + the signal), clap's own usage errors from clap (2).
pub fn exit_code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(l) = cause.downcast_ref::<govgraph::model::lookup::LookupError>() {
            return l.exit_code();
        }
        if let Some(q) = cause.downcast_ref::<govgraph::query::QueryError>() {
            return q.exit_code();
        }
        if let Some(b) = cause.downcast_ref::<build::BuildError>() {
            return b.exit_code();
        }
        if let Some(x) = cause.downcast_ref::<ExportError>() {
            return x.exit_code();
        }
        match cause.downcast_ref::<govgraph::export::partition::PartitionError>() {
            Some(govgraph::export::partition::PartitionError::Output(_)) => return 3,
            Some(govgraph::export::partition::PartitionError::Input(_)) => return 2,
            None => {}
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
            replace,
            common,
        } => {
            let res = setup(&common)?;
            // `--append DIR --out OTHER` leaves DIR as it is and writes the
            // result to OTHER.
            let out = match (&append, out) {
                (_, Some(o)) => o,
                (Some(dir), None) => dir.clone(),
                (None, None) => anyhow::bail!("--out DIR is required"),
            };
            let files = pipeline::page_inputs(&inputs)?;
            let total = files.len();
            let previous = append
                .as_ref()
                .map(|dir| (Sources::read(dir).unwrap_or_default(), dir.clone()));
            let replaced = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let replaced_in = replaced.clone();
            // Twice: once to find the reposts, once to build. Each pass
            // reports the documents new pages replace afresh.
            let stream = || -> Result<_, IngestError> {
                replaced_in.borrow_mut().clear();
                let mut streams: Vec<Box<dyn Iterator<Item = Keyed>>> = Vec::new();
                streams.push(Box::new(pipeline::keyed_pages(files.clone())));
                if let Some(dir) = &append {
                    let shard = ShardReader::open(&dir.join(SHARD_FILE))?;
                    streams.push(Box::new(pipeline::earlier_documents(
                        shard,
                        dir,
                        &files,
                        replace,
                        replaced_in.clone(),
                    )));
                }
                Ok(pipeline::merge_sorted(streams))
            };
            let progress = Progress::new(append.is_none().then_some(total), "build");
            let record = SourcesPlan {
                files: files.clone(),
                previous,
            };
            let replaced_here = replaced.clone();
            build_dir(
                &res,
                stream,
                &out,
                &common,
                progress,
                Some(record),
                &move || replaced_here.borrow().clone(),
            )
        }
        Command::Extract {
            inputs,
            out,
            common,
        } => {
            let res = setup(&common)?;
            let files = pipeline::page_inputs(&inputs)?;
            let mut progress = Progress::new(Some(files.len()), "extract");
            // The shard is streamed to a temporary file, renamed only when
            // the whole extraction succeeded.
            let mut shard = export::AtomicFile::create(&out)?;
            interrupt::remove_on_signal(shard.temp_path());
            let r = pipeline::extract_stream(
                &res,
                &files,
                common.keep_going,
                &mut |line: &[u8]| shard.writer.write_all(line).map_err(StreamFailure::Write),
                &mut |n| progress.inc(n),
            );
            progress.finish();
            let r = match r {
                Ok(r) => r,
                Err(StreamFailure::Input(e)) => return Err(e.into()),
                Err(StreamFailure::Write(e)) => return Err(shard.error(e).into()),
                Err(StreamFailure::Temp(e)) => return Err(temp_failure(e).into()),
            };
            if r.documents == 0 {
                report_skipped(&r.skipped);
                // An empty shard would only fail later, in merge.
                anyhow::bail!("no readable input page");
            }
            let temp = shard.temp_path().to_path_buf();
            {
                let _writing = interrupt::writing_outputs();
                shard.commit()?;
                interrupt::keep_on_signal(&temp);
            }
            report_skipped(&r.skipped);
            eprintln!("extracted {} documents -> {}", r.documents, out.display());
            Ok(())
        }
        Command::Merge {
            shards,
            out,
            partition,
            mentions,
            first_seen,
            common,
        } => {
            if let Some(p) = partition {
                let part = govgraph::dist::Partition::parse(&p)?;
                let (Some(mentions), Some(first_seen)) = (mentions, first_seen) else {
                    anyhow::bail!("--partition needs --mentions and --first-seen");
                };
                set_threads(common.threads);
                return dist::merge_partition(&shards, &out, part, &mentions, &first_seen);
            }
            let res = setup(&common)?;
            let stream = || -> Result<_, IngestError> {
                let mut streams: Vec<Box<dyn Iterator<Item = Keyed>>> = Vec::new();
                for s in &shards {
                    streams.push(Box::new(ShardReader::open(s)?));
                }
                Ok(pipeline::merge_sorted(streams))
            };
            let progress = Progress::new(None, "merge");
            build_dir(&res, stream, &out, &common, progress, None, &Vec::new)
        }
        Command::Dist(args) => dist::run(args),
        Command::Query(q) => query::run(q),
        Command::Export(args) => export_cmd::run(args),
        Command::Tag(args) => tag::run(args),
    }
}

fn setup(common: &Common) -> Result<Resources> {
    let mut res = setup_resources(&common.dicts, common.threads)?;
    res.tagged = common.tagged;
    Ok(res)
}

/// The thread pool and the resources, with user dictionaries.
fn setup_resources(dicts: &[PathBuf], threads: Option<usize>) -> Result<Resources> {
    set_threads(threads);
    Ok(Resources::with_user_dicts(dicts)?)
}

/// The thread pool: `threads` workers, or one a core.
fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Ignore the error when a pool already exists (tests call run twice).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

fn report_skipped(errors: &[IngestError]) {
    for e in errors {
        eprintln!("govgraph: skipped: {e}");
    }
}

/// A document of a build's stream, with its name.
type Keyed = Result<(String, pipeline::Input), IngestError>;

/// The CLI's side of a build: the progress bar, the signals, and what is
/// said on stderr as it goes.
struct CliHooks {
    progress: Progress,
}

impl BuildHooks for CliHooks {
    fn progress(&mut self, n: usize) {
        self.progress.inc(n);
    }
    fn stage(&mut self, what: &'static str) {
        self.progress.message(what);
    }
    fn staging(&mut self, dir: &Path) {
        interrupt::remove_tree_on_signal(dir);
    }
    fn commit(
        &mut self,
        dir: &Path,
        switch: &mut dyn FnMut() -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        // A signal now waits until the new set is in place.
        let _writing = interrupt::writing_outputs();
        switch()?;
        interrupt::keep_tree_on_signal(dir);
        Ok(())
    }
    fn skipped(&mut self, e: &IngestError) {
        eprintln!("govgraph: skipped: {e}");
    }
    fn no_entities(&mut self, doc: &str) {
        eprintln!(
            "govgraph: warning: {doc}: nothing found in this page (no person, place, \
             agency or event; is it a Chinese news page?)"
        );
    }
    fn finish(&mut self) {
        self.progress.finish();
    }
}

/// Write the build directory `out` ([`govgraph::build::write_build`]) and
/// say what it holds. `replaced` tells, once the stream is read, which
/// documents of an `--append` build new pages replaced.
fn build_dir<I: Iterator<Item = Result<pipeline::Input, IngestError>>>(
    res: &Resources,
    stream: impl Fn() -> Result<I, IngestError>,
    out: &Path,
    common: &Common,
    progress: Progress,
    sources: Option<SourcesPlan>,
    replaced: &dyn Fn() -> Vec<String>,
) -> Result<()> {
    let opts = WriteOptions {
        build: BuildOptions {
            year: common.year,
            keep_going: common.keep_going,
            record_budget: None,
            first_seen: Default::default(),
        },
        no_svg: common.no_svg,
    };
    let mut hooks = CliHooks { progress };
    let built = build::write_build(res, stream, out, &opts, sources, &mut hooks)?;
    for doc in replaced() {
        eprintln!(
            "govgraph: replaced: {doc} (the earlier page of that name is no longer in the build)"
        );
    }
    let g = &built.graph;
    let count = |t: NodeType| built.counts.get(t.as_str()).copied().unwrap_or(0);
    let by_type: Vec<String> = [
        NodeType::Person,
        NodeType::Place,
        NodeType::Agency,
        NodeType::Event,
    ]
    .into_iter()
    .map(|t| format!("{} {}", count(t), t.as_str()))
    .collect();
    let svg = match built.picture {
        Picture::TooMany(drawn) => format!(
            "graph.dot, graph.svg: skipped, {drawn} nodes are too many to draw \
             (draw a part: govgraph export {} --focus NAME)",
            out.display()
        ),
        Picture::NoSvg => "graph.svg: skipped (--no-svg)".to_string(),
        Picture::Svg => "graph.svg written".to_string(),
        Picture::NoGraphviz => {
            "graph.svg: skipped, Graphviz `dot` not found (apt-get install graphviz)".to_string()
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "{} documents, {} articles{}; nodes: {}; {} edges -> {}\n{}",
        g.documents.len(),
        g.articles,
        if g.reposts > 0 {
            format!(" (and {} reposts of {} of them)", g.reposts, built.clusters)
        } else {
            String::new()
        },
        by_type.join(", "),
        g.edge_count(),
        out.display(),
        svg
    );
    // The process ends once the outputs are written: freeing millions of
    // nodes and records one by one would only delay the exit (a second or
    // more on a large build). Spilled records are in unnamed temporary
    // files, which the OS removes whatever happens.
    std::mem::forget(built.graph);
    Ok(())
}

#[cfg(test)]
mod exit_code_tests {
    use super::*;
    use govgraph::model::lookup::{Candidate, LookupError};
    use govgraph::query::QueryError;
    use govgraph::tagger::TaggerError;

    fn io() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied")
    }

    /// Every error class of every layer, with the exit code README.md
    /// promises for it; also behind context, as the CLI wraps them.
    #[test]
    fn exit_code_of_every_error_class() {
        let p = || PathBuf::from("x");
        let c = Candidate {
            id: "person:某@1".into(),
            kind: "person".into(),
            name: "某".into(),
            jurisdiction: None,
            degree: 0,
        };
        let ambiguous = || LookupError::Ambiguous {
            name: "某".into(),
            candidates: vec![c.clone(), c.clone()],
        };
        let not_found = || LookupError::NotFound {
            what: "某".into(),
            suggestions: vec![],
        };
        let s = String::new;
        let cases: Vec<(anyhow::Error, u8)> = vec![
            // Bad input: 2.
            (IngestError::Missing { path: p() }.into(), 2),
            (
                IngestError::Io {
                    path: p(),
                    source: io(),
                }
                .into(),
                2,
            ),
            (IngestError::Empty { path: p() }.into(), 2),
            (
                IngestError::NotText {
                    path: p(),
                    reason: s(),
                }
                .into(),
                2,
            ),
            (IngestError::EmptyDir { path: p() }.into(), 2),
            (IngestError::NotRegular { path: p() }.into(), 2),
            (
                IngestError::TooLarge {
                    path: p(),
                    bytes: 1,
                }
                .into(),
                2,
            ),
            (
                IngestError::BadShard {
                    path: p(),
                    line: 1,
                    reason: s(),
                }
                .into(),
                2,
            ),
            (
                IngestError::AlreadyBuilt {
                    path: p(),
                    name: s(),
                    dir: p(),
                }
                .into(),
                2,
            ),
            (
                DictError::Io {
                    path: p(),
                    source: io(),
                }
                .into(),
                2,
            ),
            (
                DictError::Malformed {
                    path: p(),
                    line: 1,
                    reason: s(),
                }
                .into(),
                2,
            ),
            (
                TaggerError::BadModel {
                    origin: s(),
                    reason: s(),
                }
                .into(),
                2,
            ),
            (
                QueryError::Io {
                    path: p(),
                    source: io(),
                }
                .into(),
                2,
            ),
            (
                QueryError::BadGraph {
                    path: p(),
                    reason: s(),
                }
                .into(),
                2,
            ),
            (QueryError::NoGraph { dir: p() }.into(), 2),
            (
                QueryError::BadArgument {
                    arg: s(),
                    reason: s(),
                }
                .into(),
                2,
            ),
            (anyhow::anyhow!("--from 2019 is after --to 2018"), 2),
            // Output not written: 3.
            (
                ExportError::Io {
                    path: p(),
                    source: io(),
                }
                .into(),
                3,
            ),
            (
                ExportError::Graphviz {
                    path: p(),
                    reason: s(),
                }
                .into(),
                3,
            ),
            // A shared name: 4; nothing found: 5 — from query and export alike.
            (ambiguous().into(), 4),
            (not_found().into(), 5),
            (QueryError::from(ambiguous()).into(), 4),
            (QueryError::from(not_found()).into(), 5),
            (ExportError::from(ambiguous()).into(), 4),
            (ExportError::from(not_found()).into(), 5),
        ];
        for (e, code) in cases {
            let shown = message(&e);
            assert_eq!(exit_code(&e), code, "{shown}");
            let wrapped = e.context("--focus");
            assert_eq!(exit_code(&wrapped), code, "{shown} behind context");
        }
    }
}
