//! A build directory, written as a whole: [`write_build`] streams
//! documents (pages, shard lines, or both merged) through the pipeline in
//! two passes — reposts first, then the graph — and writes graph.json,
//! mentions.jsonl, sources.json, graph.dot and graph.svg into a staging
//! directory that is switched in as one generation
//! ([`crate::export::generation`]).
//!
//! The caller (the CLI) supplies what is not the library's to decide: a
//! progress display and the handling of signals, through [`BuildHooks`],
//! and prints what [`Built`] reports.

use crate::export::generation::Generation;
use crate::export::{self, dot, json, ExportError};
use crate::graph::KnowledgeGraph;
use crate::ingest::IngestError;
use crate::model::NodeType;
use crate::pipeline::{self, BuildOptions, BuildReport, Input};
use crate::query::evidence::{Sources, SOURCES_FILE};
use crate::resources::Resources;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the per-document mentions file kept beside graph.json (what
/// `build --append` reads back).
pub const SHARD_FILE: &str = "mentions.jsonl";

/// Nodes of the who-did-what layer above which a build draws no picture:
/// Graphviz would run for hours and nobody can read it. `export --focus`
/// draws a part.
pub const MAX_DRAWN: usize = 20_000;

/// A failure of a build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A page or shard could not be read.
    #[error(transparent)]
    Input(#[from] IngestError),
    /// An output (or the graph's temporary files) could not be written.
    #[error(transparent)]
    Output(#[from] ExportError),
    /// No input could be read at all.
    #[error("no readable input page")]
    NoInput,
    /// The graph's records could not be read back to draw graph.dot.
    #[error("{}: {source}", path.display())]
    Dot {
        /// graph.dot in the output directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Graphviz could not render graph.svg.
    #[error("rendering graph.svg")]
    Render(#[source] ExportError),
}

impl BuildError {
    /// The process exit code: 2 for input (and for graph.dot, as before),
    /// an export error's own (3: output not written).
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Output(e) | BuildError::Render(e) => e.exit_code(),
            BuildError::Input(_) | BuildError::NoInput | BuildError::Dot { .. } => 2,
        }
    }
}

/// A failure inside a streamed pass: bad input, or an output that cannot
/// be written (told apart for the exit code). What
/// [`pipeline::build_stream`] and [`pipeline::extract_stream`] pass on from
/// their sinks.
#[derive(Debug)]
pub enum StreamFailure {
    /// An input could not be read.
    Input(IngestError),
    /// Writing mentions.jsonl or a shard failed.
    Write(std::io::Error),
    /// The graph's temporary files failed (the error says where).
    Temp(std::io::Error),
}

impl From<std::io::Error> for StreamFailure {
    fn from(e: std::io::Error) -> Self {
        StreamFailure::Temp(e)
    }
}

impl From<IngestError> for StreamFailure {
    fn from(e: IngestError) -> Self {
        StreamFailure::Input(e)
    }
}

/// A failure of the graph's temporary files: the output could not be
/// written (exit 3), in the temporary directory.
pub fn temp_failure(e: std::io::Error) -> ExportError {
    ExportError::Io {
        path: std::env::temp_dir(),
        source: e,
    }
}

/// What a build tells its caller as it goes, and the one step it lets the
/// caller wrap (switching the new generation in).
pub trait BuildHooks: Send {
    /// `n` more documents are in the graph.
    fn progress(&mut self, n: usize);
    /// What the build is doing now (`""`: back to counting documents).
    fn stage(&mut self, what: &'static str);
    /// The staging directory `dir` was created: it is to be removed, with
    /// all it holds, should the process be stopped before the switch.
    fn staging(&mut self, dir: &Path);
    /// Switch the new generation in: call `switch` (once), the caller
    /// holding off whatever would stop it halfway (a signal), then forget
    /// the staging directory `dir`, which is the output now.
    fn commit(
        &mut self,
        dir: &Path,
        switch: &mut dyn FnMut() -> Result<(), ExportError>,
    ) -> Result<(), ExportError>;
    /// A page was skipped (`--keep-going`).
    fn skipped(&mut self, e: &IngestError);
    /// Nothing was found in page `doc`.
    fn no_entities(&mut self, doc: &str);
    /// The outputs are in place.
    fn finish(&mut self);
}

/// How to write a build directory.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// The pipeline's options.
    pub build: BuildOptions,
    /// Leave graph.svg out (graph.dot is still written).
    pub no_svg: bool,
}

/// Where a build's pages were read, for `sources.json`.
#[derive(Debug, Clone, Default)]
pub struct SourcesPlan {
    /// The pages given.
    pub files: Vec<PathBuf>,
    /// `--append`: the build's earlier sources and their directory.
    pub previous: Option<(Sources, PathBuf)>,
}

/// What became of the picture of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// Neither graph.dot nor graph.svg: this many nodes (more than
    /// [`MAX_DRAWN`]) are too many to draw.
    TooMany(usize),
    /// graph.dot written, graph.svg not asked for.
    NoSvg,
    /// graph.dot and graph.svg written.
    Svg,
    /// graph.dot written; Graphviz's `dot` is not installed.
    NoGraphviz,
}

/// A build that was written.
#[derive(Debug)]
pub struct Built {
    /// The graph (a caller ending the process may leak it rather than free
    /// millions of nodes one by one).
    pub graph: KnowledgeGraph,
    /// Nodes by type.
    pub counts: BTreeMap<&'static str, usize>,
    /// Repost clusters (each counted once in the graph's articles).
    pub clusters: usize,
    /// What became of the picture.
    pub picture: Picture,
}

/// Stream documents into a graph and write the build directory `out` as
/// one generation: graph.json, mentions.jsonl (both streamed),
/// sources.json (when `sources` is given), graph.dot and graph.svg go into
/// a staging directory beside `out`, which is then switched in as a whole.
/// `stream` is read twice: once to find the reposts, once to build.
pub fn write_build<I: Iterator<Item = Result<Input, IngestError>>>(
    res: &Resources,
    stream: impl Fn() -> Result<I, IngestError>,
    out: &Path,
    opts: &WriteOptions,
    sources: Option<SourcesPlan>,
    hooks: &mut dyn BuildHooks,
) -> Result<Built, BuildError> {
    let generation = Generation::begin(out)?;
    hooks.staging(generation.dir());
    let dir = generation.dir().to_path_buf();
    // mentions.jsonl is written while the graph grows.
    let mut shard = export::AtomicFile::create(&dir.join(SHARD_FILE))?;
    // The first pass signs every article and finds the reposts; the
    // second builds the graph with one article for each cluster.
    hooks.stage("finding reposts");
    let reposts = pipeline::scan_reposts(stream()?);
    hooks.stage("");
    let built = pipeline::build_stream(
        res,
        stream()?,
        &reposts,
        &opts.build,
        &mut |line: &[u8]| shard.writer.write_all(line).map_err(StreamFailure::Write),
        &mut |n| hooks.progress(n),
    );
    let (mut g, report): (KnowledgeGraph, BuildReport) = match built {
        Ok(b) => b,
        Err(StreamFailure::Input(e)) => return Err(e.into()),
        Err(StreamFailure::Write(e)) => return Err(shard.error(e).into()),
        Err(StreamFailure::Temp(e)) => return Err(temp_failure(e).into()),
    };
    for e in &report.skipped {
        hooks.skipped(e);
    }
    if report.documents == 0 {
        return Err(BuildError::NoInput);
    }
    for doc in &report.without_entities {
        hooks.no_entities(doc);
    }

    // Writing needs no lookup by id: free the indices for the output's
    // sorting and grouping.
    g.release_indices();
    hooks.stage("writing graph.json");
    export::write_atomic_with(&dir.join("graph.json"), |w| json::write_graph(&g, w))?;
    hooks.stage("writing mentions.jsonl");
    shard.commit()?;
    if let Some(plan) = sources {
        // Where the pages are, so `query --evidence` can quote them:
        // relative to the output directory, with the fingerprint of the
        // text the build read.
        let previous = plan
            .previous
            .as_ref()
            .map(|(s, d)| (s.clone(), d.as_path()));
        let mut s = Sources::record(
            generation.target(),
            &plan.files,
            &report.fingerprints,
            previous,
        );
        s.retain(&g.documents);
        export::write_atomic(&dir.join(SOURCES_FILE), &s.to_bytes())?;
    }
    let counts = g.counts();
    let drawn: usize = NodeType::ALL
        .into_iter()
        .filter(|t| t.is_entity())
        .map(|t| counts.get(t.as_str()).copied().unwrap_or(0))
        .sum();
    let picture = if drawn > MAX_DRAWN {
        Picture::TooMany(drawn)
    } else {
        hooks.stage("writing graph.dot");
        let dot_text = dot::to_dot(&g).map_err(|source| BuildError::Dot {
            path: out.join("graph.dot"),
            source,
        })?;
        export::write_atomic(&dir.join("graph.dot"), dot_text.as_bytes())?;
        if opts.no_svg {
            Picture::NoSvg
        } else if dot::graphviz_available() {
            hooks.stage("rendering graph.svg");
            dot::render(&dot_text, "svg", &dir.join("graph.svg"))
                .map_err(|e| BuildError::Render(rename_error(e, &dir, out)))?;
            Picture::Svg
        } else {
            Picture::NoGraphviz
        }
    };
    let mut generation = Some(generation);
    hooks.commit(&dir, &mut || match generation.take() {
        Some(g) => g.commit(),
        None => Ok(()),
    })?;
    hooks.finish();
    Ok(Built {
        graph: g,
        counts,
        clusters: reposts.clusters,
        picture,
    })
}

/// An error about a file in the staging directory, named as the file it
/// becomes in the output directory.
fn rename_error(e: ExportError, staging: &Path, out: &Path) -> ExportError {
    let fix = |p: PathBuf| match p.strip_prefix(staging) {
        Ok(rest) => out.join(rest),
        Err(_) => p,
    };
    match e {
        ExportError::Io { path, source } => ExportError::Io {
            path: fix(path),
            source,
        },
        ExportError::Graphviz { path, reason } => ExportError::Graphviz {
            path: fix(path),
            reason,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_paths_in_errors_are_named_as_the_output_files() {
        let staging = Path::new("/tmp/.out.govgraph-new-1-0");
        let out = Path::new("/tmp/out");
        let e = rename_error(
            ExportError::Graphviz {
                path: staging.join("graph.svg"),
                reason: "killed".into(),
            },
            staging,
            out,
        );
        assert!(e.to_string().starts_with("/tmp/out/graph.svg: "), "{e}");
        let other = Path::new("/elsewhere/x");
        let e = rename_error(
            ExportError::Io {
                path: other.to_path_buf(),
                source: std::io::Error::other("full"),
            },
            staging,
            out,
        );
        assert!(e.to_string().starts_with("/elsewhere/x: "), "{e}");
    }

    #[test]
    fn build_errors_say_their_exit_codes() {
        let io = || std::io::Error::other("denied");
        assert_eq!(BuildError::NoInput.exit_code(), 2);
        assert_eq!(
            BuildError::Output(ExportError::Io {
                path: "x".into(),
                source: io()
            })
            .exit_code(),
            3
        );
        let render = BuildError::Render(ExportError::Graphviz {
            path: "g.svg".into(),
            reason: "no".into(),
        });
        assert_eq!(render.exit_code(), 3);
        assert_eq!(render.to_string(), "rendering graph.svg");
        assert_eq!(
            BuildError::Dot {
                path: "o/graph.dot".into(),
                source: io()
            }
            .exit_code(),
            2
        );
    }
}
