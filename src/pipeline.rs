//! The whole build: documents stream through extract and resolve in
//! parallel, a chunk at a time, into one graph.
//!
//! Memory is bounded by the graph, not by the corpus: a chunk of pages is
//! read, extracted and resolved on all cores while the previous chunk is
//! added to the graph and its mentions written out; then both are dropped.
//! Documents enter in document-name order and the graph does not depend on
//! the order anyway, so the output is the same bytes for any thread count
//! and chunk size.

use crate::extract::{check_record, extract_document, DocMentions};
use crate::graph::KnowledgeGraph;
use crate::ingest::{base_name, collect_inputs, io_error, Document, IngestError};
use crate::repost::{Reposts, Signature, Signed};
use crate::resolve::{resolve_document, ResolveOptions, ResolvedDoc};
use crate::resources::Resources;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Year for dates printed without one, when a page gives none.
    pub year: Option<i32>,
    /// Report bad files and go on instead of failing.
    pub keep_going: bool,
    /// Mentions (and as many pieces of evidence) the graph keeps in memory
    /// before spilling to temporary files (`None`: the default, see
    /// [`KnowledgeGraph::with_record_budget`]).
    pub record_budget: Option<usize>,
    /// A partition's build only: the first document of the corpus that
    /// brings in each place named through a dropped mention (see
    /// [`KnowledgeGraph::set_first_seen`]).
    pub first_seen: rustc_hash::FxHashMap<Box<str>, Box<str>>,
}

impl BuildOptions {
    /// An empty graph with these options' record budget.
    fn new_graph(&self) -> KnowledgeGraph {
        let mut g = self
            .record_budget
            .map_or_else(KnowledgeGraph::default, KnowledgeGraph::with_record_budget);
        if !self.first_seen.is_empty() {
            g.set_first_seen(self.first_seen.clone());
        }
        g
    }
}

/// Documents a chunk holds: enough to keep every core busy, few enough that
/// a chunk of pages and their mentions stays small beside the graph.
pub const CHUNK_DOCS: usize = 64;

/// One document of a build, as it enters the stream.
#[derive(Debug)]
pub enum Input {
    /// A page to read and extract.
    Page(PathBuf),
    /// A line of a shard (or of a build's mentions.jsonl): mentions already
    /// extracted, parsed and checked on the workers.
    Shard {
        /// The shard file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
}

/// What a build saw besides the graph.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Documents in the graph.
    pub documents: usize,
    /// Pages skipped with `keep_going`.
    pub skipped: Vec<IngestError>,
    /// The fingerprint of each page read (not of shard lines), by document
    /// name: `sources.json` records it, so evidence is quoted only from the
    /// page the build read.
    pub fingerprints: std::collections::BTreeMap<String, u64>,
    /// Pages read (not shard lines) in which nothing was found: no person,
    /// place, agency or event. In document order.
    pub without_entities: Vec<String>,
}

/// A document after the workers: its mentions as a shard line, resolved.
struct Processed {
    line: Vec<u8>,
    resolved: ResolvedDoc,
    /// A page's name and fingerprint.
    page: Option<(String, u64)>,
    /// A page in which nothing was found.
    empty: bool,
}

/// Read, extract (pages only), check (shard lines only), serialise and
/// resolve one document. A page that cannot be read is the only error
/// `keep_going` may skip; a bad shard line always stops the build.
fn process(
    res: &Resources,
    ropts: &ResolveOptions,
    reposts: &Reposts,
    input: Input,
) -> Result<Processed, (IngestError, bool)> {
    let (mentions, page) = match input {
        Input::Page(path) => {
            let doc = Document::read(&path).map_err(|e| (e, true))?;
            let page = (doc.name.clone(), doc.fingerprint);
            (extract_document(res, &doc), Some(page))
        }
        Input::Shard { path, line, bytes } => (
            parse_shard_line(res, &path, line, &bytes).map_err(|e| (e, false))?,
            None,
        ),
    };
    let empty = page.is_some()
        && mentions.articles.iter().all(|a| {
            a.persons.is_empty()
                && a.places.is_empty()
                && a.agencies.is_empty()
                && a.events.is_empty()
        });
    let line = shard_line(&mentions);
    let mut resolved = resolve_document(res, &mentions, ropts);
    for a in &mut resolved.articles {
        a.set_repost_role(reposts.role(&resolved.doc, a.index));
    }
    Ok(Processed {
        line,
        resolved,
        page,
        empty,
    })
}

/// One document's mentions as a shard line (JSON and a newline).
pub fn shard_line(m: &DocMentions) -> Vec<u8> {
    // About four bytes of JSON a character of the page.
    let mut out = Vec::with_capacity(m.chars * 4 + 256);
    crate::extract::write_doc(m, &mut out);
    out.push(b'\n');
    out
}

/// Parse and check one shard line: truncated or corrupt JSON, and records
/// whose references do not hold, are bad input named with their line.
pub fn parse_shard_line(
    res: &Resources,
    path: &Path,
    line: usize,
    bytes: &[u8],
) -> Result<DocMentions, IngestError> {
    let bad = |reason: String| IngestError::BadShard {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let m: DocMentions = serde_json::from_slice(bytes).map_err(|e| {
        // serde counts lines inside this one line: keep only the column.
        let msg = e.to_string();
        let msg = msg.rsplit_once(" at line ").map_or(&*msg, |(m, _)| m);
        let hint = if e.is_eof() { " (truncated?)" } else { "" };
        bad(format!("{msg} at column {}{hint}", e.column()))
    })?;
    check_record(res, &m).map_err(bad)?;
    Ok(m)
}

/// The signed articles of one document of the stream (pages are read and
/// split, not extracted; shard lines give the signatures they carry).
/// Anything unreadable gives none: the build proper reports it.
fn signatures_of(input: Input) -> Vec<Signed> {
    match input {
        Input::Page(path) => {
            let Ok(doc) = Document::read(&path) else {
                return Vec::new();
            };
            let index = crate::text::CharIndex::new(&doc.text);
            doc.articles
                .iter()
                .filter_map(|a| {
                    crate::repost::sign_article(&doc.text, &index, a).map(|sig| Signed {
                        doc: doc.name.clone(),
                        index: a.index,
                        sig,
                    })
                })
                .collect()
        }
        Input::Shard { bytes, .. } => {
            #[derive(serde::Deserialize)]
            struct Art {
                index: usize,
                #[serde(default)]
                repost: Option<Signature>,
            }
            #[derive(serde::Deserialize)]
            struct Line {
                doc: String,
                articles: Vec<Art>,
            }
            let Ok(line) = serde_json::from_slice::<Line>(&bytes) else {
                return Vec::new();
            };
            let doc = line.doc;
            line.articles
                .into_iter()
                .filter_map(|a| {
                    a.repost.map(|sig| Signed {
                        doc: doc.clone(),
                        index: a.index,
                        sig,
                    })
                })
                .collect()
        }
    }
}

/// The first pass of a build: sign every article of `inputs` (the same
/// stream the build will take) and cluster the reposts. Only signatures
/// are kept (about 300 bytes an article), never pages or mentions.
pub fn scan_reposts(inputs: impl Iterator<Item = Result<Input, IngestError>>) -> Reposts {
    let mut signed = Vec::new();
    let mut inputs = inputs.filter_map(Result::ok);
    loop {
        let chunk: Vec<Input> = inputs.by_ref().take(CHUNK_DOCS * 4).collect();
        if chunk.is_empty() {
            break;
        }
        let sigs: Vec<Vec<Signed>> = chunk.into_par_iter().map(signatures_of).collect();
        signed.extend(sigs.into_iter().flatten());
    }
    crate::repost::cluster(signed)
}

/// Run a build over `inputs`, given in document-name order (see
/// [`page_inputs`], [`ShardReader`], [`merge_sorted`]), with the repost
/// clusters [`scan_reposts`] found in the same inputs. Each document's
/// shard line goes to `sink` in that order (a build writes them to
/// mentions.jsonl); `progress` hears the number of documents done.
pub fn build_stream<E: From<IngestError> + From<std::io::Error> + Send>(
    res: &Resources,
    inputs: impl Iterator<Item = Result<Input, IngestError>>,
    reposts: &Reposts,
    opts: &BuildOptions,
    sink: &mut (dyn FnMut(&[u8]) -> Result<(), E> + Send),
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<(KnowledgeGraph, BuildReport), E> {
    let ropts = ResolveOptions { year: opts.year };
    let mut inputs = inputs.fuse();
    let mut graph = opts.new_graph();
    let mut report = BuildReport::default();
    let mut ready: Vec<Processed> = Vec::new();
    loop {
        let chunk = inputs
            .by_ref()
            .take(CHUNK_DOCS)
            .collect::<Result<Vec<Input>, IngestError>>()?;
        if chunk.is_empty() && ready.is_empty() {
            break;
        }
        // Workers process this chunk while this thread adds the last one.
        let (done, added) = rayon::join(
            || {
                chunk
                    .into_par_iter()
                    .map(|i| process(res, &ropts, reposts, i))
                    .collect::<Vec<_>>()
            },
            || -> Result<usize, E> {
                let n = ready.len();
                for p in ready.drain(..) {
                    sink(&p.line)?;
                    graph.add_document(res, &p.resolved);
                    if let Some((name, f)) = p.page {
                        if p.empty {
                            report.without_entities.push(name.clone());
                        }
                        report.fingerprints.insert(name, f);
                    }
                }
                Ok(n)
            },
        );
        progress(added?);
        if let Some(e) = graph.spill_error() {
            return Err(e.into());
        }
        for r in done {
            match r {
                Ok(p) => ready.push(p),
                Err((e, skippable)) if skippable && opts.keep_going => report.skipped.push(e),
                Err((e, _)) => return Err(e.into()),
            }
        }
    }
    report.documents = graph.documents.len();
    Ok((graph, report))
}

/// Extract pages a chunk at a time (in parallel), each document's shard
/// line to `sink` in document order: `govgraph extract`.
pub fn extract_stream<E: From<IngestError>>(
    res: &Resources,
    files: &[PathBuf],
    keep_going: bool,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    progress: &mut dyn FnMut(usize),
) -> Result<BuildReport, E> {
    let mut report = BuildReport::default();
    for chunk in files.chunks(CHUNK_DOCS) {
        let done: Vec<Result<Vec<u8>, IngestError>> = chunk
            .par_iter()
            .map(|f| Document::read(f).map(|d| shard_line(&extract_document(res, &d))))
            .collect();
        for r in done {
            match r {
                Ok(line) => {
                    sink(&line)?;
                    report.documents += 1;
                }
                Err(e) if keep_going => report.skipped.push(e),
                Err(e) => return Err(e.into()),
            }
        }
        progress(chunk.len());
    }
    Ok(report)
}

/// The pages below `inputs` (files, and `*.txt` below directories) in
/// document-name order.
pub fn page_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = collect_inputs(inputs)?;
    // Documents are keyed by base name (unique across inputs): the stream
    // goes in that order, the order of mentions.jsonl.
    files.sort_by_cached_key(|f| base_name(f));
    Ok(files)
}

/// Reads a shard line by line, in document order, giving each line with
/// its document name (the rest is parsed later, on the workers).
pub struct ShardReader {
    path: PathBuf,
    lines: std::io::Split<std::io::BufReader<std::fs::File>>,
    line: usize,
    last: Option<String>,
    yielded: bool,
}

/// The document name of a shard line, read without building the record.
fn doc_of(bytes: &[u8]) -> Result<String, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct DocOnly {
        doc: String,
    }
    serde_json::from_slice::<DocOnly>(bytes).map(|d| d.doc)
}

impl ShardReader {
    /// Open a shard (a regular file).
    pub fn open(path: &Path) -> Result<ShardReader, IngestError> {
        let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
        if !meta.is_file() {
            return Err(IngestError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        let f = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
        Ok(ShardReader {
            path: path.to_path_buf(),
            lines: std::io::BufReader::with_capacity(1 << 20, f).split(b'\n'),
            line: 0,
            last: None,
            yielded: false,
        })
    }

    fn bad(&self, reason: String) -> IngestError {
        IngestError::BadShard {
            path: self.path.clone(),
            line: self.line,
            reason,
        }
    }
}

impl Iterator for ShardReader {
    /// (document name, input).
    type Item = Result<(String, Input), IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let bytes = match self.lines.next() {
                None if !self.yielded => {
                    self.yielded = true; // report once
                    return Some(Err(IngestError::Empty {
                        path: self.path.clone(),
                    }));
                }
                None => return None,
                Some(Err(e)) => return Some(Err(io_error(&self.path.clone(), e))),
                Some(Ok(b)) => b,
            };
            self.line += 1;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // A line without a readable name: the full parse on a worker
            // names the fault precisely.
            let doc = doc_of(&bytes).unwrap_or_default();
            if let Some(last) = &self.last {
                if doc == *last && !doc.is_empty() {
                    continue; // the first record of a document wins
                }
                if doc.as_str() < last.as_str() && !doc.is_empty() {
                    return Some(Err(self.bad(format!(
                        "document {doc:?} comes after {last:?}: a shard must be in document order, \
                         as `govgraph extract` writes it (give shards as separate arguments, never concatenated)"
                    ))));
                }
            }
            self.last = Some(doc.clone());
            self.yielded = true;
            return Some(Ok((
                doc,
                Input::Shard {
                    path: self.path.clone(),
                    line: self.line,
                    bytes,
                },
            )));
        }
    }
}

/// Merge streams that are each in document order into one, in document
/// order. A document in several streams is taken from the first stream
/// that has it (a build's new pages before its earlier mentions; shards in
/// the order given).
pub fn merge_sorted<I>(streams: Vec<I>) -> impl Iterator<Item = Result<Input, IngestError>>
where
    I: Iterator<Item = Result<(String, Input), IngestError>>,
{
    let mut streams: Vec<std::iter::Peekable<I>> =
        streams.into_iter().map(Iterator::peekable).collect();
    std::iter::from_fn(move || {
        // The stream with the smallest next document (first stream on ties);
        // an error comes out as soon as it is seen.
        let mut best: Option<(usize, String)> = None;
        for (i, s) in streams.iter_mut().enumerate() {
            match s.peek() {
                None => continue,
                Some(Err(_)) => return s.next().map(|r| r.map(|(_, x)| x)),
                Some(Ok((doc, _))) => {
                    if best
                        .as_ref()
                        .is_none_or(|(_, bd)| doc.cmp(bd) == Ordering::Less)
                    {
                        best = Some((i, doc.clone()));
                    }
                }
            }
        }
        let (b, _) = best?;
        let (doc, input) = streams[b].next()?.ok()?;
        // Drop the same document from the other streams.
        for (i, s) in streams.iter_mut().enumerate() {
            if i != b {
                while matches!(s.peek(), Some(Ok((d, _))) if *d == doc) {
                    s.next();
                }
            }
        }
        Some(Ok(input))
    })
}

/// The documents of an earlier build (its shard, `dir/mentions.jsonl`) for
/// [`merge_sorted`] beside new `pages` (`build --append`). A page named
/// like a document of the build is refused ([`IngestError::AlreadyBuilt`])
/// unless `replace`, when the earlier document is left out and its name
/// pushed to `replaced`, in document order.
pub fn earlier_documents(
    shard: ShardReader,
    dir: &Path,
    pages: &[PathBuf],
    replace: bool,
    replaced: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
) -> impl Iterator<Item = Result<(String, Input), IngestError>> {
    let by_name: std::collections::HashMap<String, PathBuf> = pages
        .iter()
        .map(|p| (crate::ingest::base_name(p), p.clone()))
        .collect();
    let dir = dir.to_path_buf();
    shard.filter_map(move |r| match r {
        Ok((doc, _)) if by_name.contains_key(&doc) => {
            if replace {
                replaced.borrow_mut().push(doc);
                None
            } else {
                Some(Err(IngestError::AlreadyBuilt {
                    path: by_name[&doc].clone(),
                    name: doc,
                    dir: dir.clone(),
                }))
            }
        }
        other => Some(other),
    })
}

/// Pages as a stream for [`merge_sorted`]: (document name, page).
pub fn keyed_pages(
    files: Vec<PathBuf>,
) -> impl Iterator<Item = Result<(String, Input), IngestError>> {
    files
        .into_iter()
        .map(|f| Ok((base_name(&f), Input::Page(f))))
}

/// Documents in, graph out (everything in memory: for tests and small
/// inputs; the CLI streams with [`build_stream`]).
pub fn build_graph(res: &Resources, docs: &[Document], opts: &BuildOptions) -> KnowledgeGraph {
    let ropts = ResolveOptions { year: opts.year };
    let mentions: Vec<DocMentions> = docs.par_iter().map(|d| extract_document(res, d)).collect();
    let reposts = crate::repost::cluster(
        mentions
            .iter()
            .flat_map(|m| {
                m.articles.iter().filter_map(|a| {
                    a.repost.clone().map(|sig| Signed {
                        doc: m.doc.clone(),
                        index: a.index,
                        sig,
                    })
                })
            })
            .collect(),
    );
    let mut resolved: Vec<ResolvedDoc> = mentions
        .par_iter()
        .map(|m| {
            let mut r = resolve_document(res, m, &ropts);
            for a in &mut r.articles {
                a.set_repost_role(reposts.role(&r.doc, a.index));
            }
            r
        })
        .collect();
    resolved.sort_by(|a, b| a.doc.cmp(&b.doc));
    let mut g = opts.new_graph();
    g.add_documents(res, &resolved);
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(docs: &[&str]) -> Vec<Result<(String, Input), IngestError>> {
        docs.iter()
            .map(|d| Ok((d.to_string(), Input::Page(PathBuf::from(format!("s/{d}"))))))
            .collect()
    }

    fn names(merged: Vec<Result<Input, IngestError>>) -> Vec<String> {
        merged
            .into_iter()
            .map(|r| match r.unwrap() {
                Input::Page(p) => p.display().to_string(),
                Input::Shard { path, line, .. } => format!("{}:{line}", path.display()),
            })
            .collect()
    }

    #[test]
    fn merge_sorted_interleaves_and_first_stream_wins_a_tie() {
        let mut second = stream(&["b.txt", "c.txt", "d.txt"]);
        for r in second.iter_mut() {
            if let Ok((_, Input::Page(p))) = r {
                *p = PathBuf::from(format!("t/{}", p.file_name().unwrap().to_string_lossy()));
            }
        }
        let merged: Vec<_> = merge_sorted(vec![
            stream(&["a.txt", "c.txt"]).into_iter(),
            second.into_iter(),
        ])
        .collect();
        assert_eq!(names(merged), ["s/a.txt", "t/b.txt", "s/c.txt", "t/d.txt"]);
    }

    #[test]
    fn merge_sorted_passes_an_error_on() {
        let bad = vec![Err(IngestError::Empty {
            path: PathBuf::from("x.jsonl"),
        })];
        let merged: Vec<_> =
            merge_sorted(vec![stream(&["a.txt"]).into_iter(), bad.into_iter()]).collect();
        assert!(merged
            .iter()
            .any(|r| matches!(r, Err(IngestError::Empty { .. }))));
    }
}
