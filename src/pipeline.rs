//! The whole build: read inputs, extract and resolve documents in parallel,
//! merge them into one graph.

use crate::extract::{extract_document, DocMentions};
use crate::graph::KnowledgeGraph;
use crate::ingest::{collect_inputs, Document, IngestError};
use crate::resolve::{resolve_document, ResolveOptions, ResolvedDoc};
use crate::resources::Resources;
use rayon::prelude::*;
use std::path::PathBuf;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Year for dates printed without one, when a page gives none.
    pub year: Option<i32>,
    /// Report bad files and go on instead of failing.
    pub keep_going: bool,
}

/// Read every input (files, and `*.txt` below directories), in sorted order.
/// With `keep_going`, unreadable files are returned as errors beside the
/// documents instead of failing the whole read.
pub fn read_inputs(
    inputs: &[PathBuf],
    keep_going: bool,
) -> Result<(Vec<Document>, Vec<IngestError>), IngestError> {
    let files = collect_inputs(inputs)?;
    let results: Vec<Result<Document, IngestError>> =
        files.par_iter().map(|f| Document::read(f)).collect();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(e) if keep_going => errors.push(e),
            Err(e) => return Err(e),
        }
    }
    Ok((docs, errors))
}

/// Extract every document (in parallel; output in document-name order).
pub fn extract_all(res: &Resources, docs: &[Document]) -> Vec<DocMentions> {
    let mut out: Vec<DocMentions> = docs.par_iter().map(|d| extract_document(res, d)).collect();
    out.sort_by(|a, b| a.doc.cmp(&b.doc));
    out
}

/// Resolve extracted documents and merge them into one graph.
pub fn merge_mentions(
    res: &Resources,
    mentions: &[DocMentions],
    opts: &BuildOptions,
) -> KnowledgeGraph {
    let ropts = ResolveOptions { year: opts.year };
    let mut resolved: Vec<ResolvedDoc> = mentions
        .par_iter()
        .map(|m| resolve_document(res, m, &ropts))
        .collect();
    resolved.sort_by(|a, b| a.doc.cmp(&b.doc));
    let mut g = KnowledgeGraph::default();
    g.add_documents(res, &resolved);
    g
}

/// Documents in, graph out.
pub fn build_graph(res: &Resources, docs: &[Document], opts: &BuildOptions) -> KnowledgeGraph {
    merge_mentions(res, &extract_all(res, docs), opts)
}
