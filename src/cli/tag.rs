//! `govgraph tag`: the statistical tagger's PER/LOC/ORG spans of every line
//! of the pages, as JSON lines on standard output (see
//! `govgraph::tagger::pages` for the format).

use anyhow::Result;
use govgraph::ingest::IngestError;
use govgraph::pipeline;
use govgraph::tagger::{pages, Tagger};
use std::io::Write;
use std::path::PathBuf;

/// Print the statistical tagger's PER/LOC/ORG spans: one JSON line per input
/// line that has spans.
///
/// Each line: {"doc":PATH,"line":N,"spans":[{"start":S,"end":E,"type":"PER"}]},
/// N counted from 1, S and E character offsets in the line (end exclusive).
/// Pages are read as `build` reads them.
///
/// Example: govgraph tag seeds
#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Files, or directories (every *.txt below, in sorted order).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// User lexicon: `word<TAB>type` lines (as for build; its words are
    /// words of jieba and of the tagger's lexicon features).
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Report unreadable files and go on instead of failing.
    #[arg(long)]
    keep_going: bool,
    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

/// A failure while tagging: bad input, or standard output closed.
enum Failure {
    Input(IngestError),
    Write(std::io::Error),
}

impl From<IngestError> for Failure {
    fn from(e: IngestError) -> Self {
        Failure::Input(e)
    }
}

/// Run `govgraph tag`.
pub fn run(args: TagArgs) -> Result<()> {
    let res = super::setup_resources(&args.dicts, args.threads)?;
    let tagger = Tagger::new(&res)?;
    let files = pipeline::page_inputs(&args.inputs)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = pages::tag_stream(&tagger, &res, &files, args.keep_going, &mut |bytes| {
        out.write_all(bytes).map_err(Failure::Write)
    });
    let written = r.and_then(|r| out.flush().map(|_| r).map_err(Failure::Write));
    let report = match written {
        Ok(r) => r,
        Err(Failure::Input(e)) => return Err(e.into()),
        // A closed pipe (`| head`) is not an error.
        Err(Failure::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
        Err(Failure::Write(e)) => return Err(anyhow::anyhow!("standard output: {e}")),
    };
    super::report_skipped(&report.skipped);
    if report.documents == 0 {
        anyhow::bail!("no readable input page");
    }
    Ok(())
}
