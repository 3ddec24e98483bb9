//! Tagging whole pages, as `govgraph tag` does: every line of a page read
//! and decoded by `ingest` (as `build` reads it), its spans as JSON lines.
//!
//! The wire format, one line per input line that has spans:
//! `{"doc":PATH,"line":N,"spans":[{"start":S,"end":E,"type":"PER"}]}`, `N`
//! counted from 1 (lines end at `\n`; a `\r` before it is not part of the
//! line), `S` and `E` character offsets in the line, end exclusive, type
//! `PER`, `LOC` or `ORG`.

use super::agree::{spread_people, Span};
use super::{NerKind, NerSpan, Tagger};
use crate::ingest::{Document, IngestError};
use crate::pipeline::{BuildReport, CHUNK_DOCS};
use crate::resources::Resources;
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;

/// The spans of one line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpans {
    /// 1-based line number.
    pub line: usize,
    /// Its entities, in order.
    pub spans: Vec<NerSpan>,
}

/// The lines of a page that have entities, in order. Each line is tagged
/// on its own, then the page's people are made to agree
/// ([`super::agree::spread_people`]: a name tagged in one line is tagged
/// where it recurs bare in another).
pub fn tag_document(tagger: &Tagger, res: &Resources, doc: &Document) -> Vec<LineSpans> {
    let mut numbers = Vec::new();
    let mut lines = Vec::new();
    let mut spans = Vec::new();
    for (i, line) in doc.text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let found: Vec<Span> = tagger
            .tag(res, line)
            .iter()
            .map(|s| (s.start, s.end, s.kind.type_id()))
            .collect();
        numbers.push(i + 1);
        lines.push(line.chars().collect::<Vec<char>>());
        spans.push(found);
    }
    spread_people(&lines, &mut spans);
    numbers
        .into_iter()
        .zip(spans)
        .filter(|(_, s)| !s.is_empty())
        .map(|(line, s)| LineSpans {
            line,
            spans: s
                .into_iter()
                .map(|(start, end, t)| NerSpan {
                    start,
                    end,
                    kind: NerKind::from_type(t),
                })
                .collect(),
        })
        .collect()
}

/// A line of `govgraph tag` output (the wire struct).
#[derive(Serialize)]
struct WireLine<'a> {
    doc: &'a str,
    line: usize,
    spans: Vec<WireSpan>,
}

#[derive(Serialize)]
struct WireSpan {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Append a page's lines of output (JSON and a newline each) to `out`.
pub fn write_json_lines(doc: &str, lines: &[LineSpans], out: &mut Vec<u8>) {
    for l in lines {
        let wire = WireLine {
            doc,
            line: l.line,
            spans: l
                .spans
                .iter()
                .map(|s| WireSpan {
                    start: s.start,
                    end: s.end,
                    kind: s.kind.as_str(),
                })
                .collect(),
        };
        // Writing plain data to a Vec cannot fail.
        serde_json::to_writer(&mut *out, &wire).expect("JSON to memory");
        out.push(b'\n');
    }
}

/// Tag pages a chunk at a time (in parallel), each page's output to
/// `sink` in the order of `files`. Unless `keep_going`, every page is read
/// first, so a bad page fails the run before anything is written; with
/// it, unreadable pages are skipped and reported.
pub fn tag_stream<E: From<IngestError>>(
    tagger: &Tagger,
    res: &Resources,
    files: &[PathBuf],
    keep_going: bool,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), E>,
) -> Result<BuildReport, E> {
    if !keep_going {
        for chunk in files.chunks(CHUNK_DOCS) {
            let read: Result<Vec<()>, IngestError> = chunk
                .par_iter()
                .map(|f| Document::read(f).map(|_| ()))
                .collect();
            read?;
        }
    }
    let mut report = BuildReport::default();
    for chunk in files.chunks(CHUNK_DOCS) {
        let done: Vec<Result<Vec<u8>, IngestError>> = chunk
            .par_iter()
            .map(|f| {
                let doc = Document::read(f)?;
                let mut out = Vec::new();
                write_json_lines(
                    &f.to_string_lossy(),
                    &tag_document(tagger, res, &doc),
                    &mut out,
                );
                Ok(out)
            })
            .collect();
        for r in done {
            match r {
                Ok(out) => {
                    sink(&out)?;
                    report.documents += 1;
                }
                Err(e) if keep_going => report.skipped.push(e),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::NerKind;

    #[test]
    fn pages_json_lines_are_the_wire_format() {
        let lines = vec![
            LineSpans {
                line: 2,
                spans: vec![
                    NerSpan {
                        start: 0,
                        end: 3,
                        kind: NerKind::Per,
                    },
                    NerSpan {
                        start: 5,
                        end: 7,
                        kind: NerKind::Loc,
                    },
                ],
            },
            LineSpans {
                line: 9,
                spans: vec![NerSpan {
                    start: 1,
                    end: 6,
                    kind: NerKind::Org,
                }],
            },
        ];
        let mut out = Vec::new();
        write_json_lines("dir/a \"b\".txt", &lines, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"doc\":\"dir/a \\\"b\\\".txt\",\"line\":2,\"spans\":[{\"start\":0,\"end\":3,\"type\":\"PER\"},{\"start\":5,\"end\":7,\"type\":\"LOC\"}]}\n\
             {\"doc\":\"dir/a \\\"b\\\".txt\",\"line\":9,\"spans\":[{\"start\":1,\"end\":6,\"type\":\"ORG\"}]}\n"
        );
    }
}
