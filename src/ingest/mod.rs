//! `ingest`: read files, decode them, normalise characters and split pages
//! into articles.
//!
//! Owns: [`Document`], [`Article`], [`Line`]. The only stage that reads
//! input files. Never interprets names or events: it only decides which
//! lines are headlines, bodies, bylines, captions and markers.

mod decode;
mod split;

pub use crate::text::normalize;
pub use decode::{decode_bytes, Encoding};
pub use split::split_articles;

use crate::text::Span;
use std::path::{Path, PathBuf};

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("{path}: no such file or directory")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// The OS refused to read the file or directory.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file holds no text.
    #[error("{path}: empty file")]
    Empty {
        /// The path.
        path: PathBuf,
    },
    /// The bytes are not text in any supported encoding.
    #[error("{path}: not a text page: {reason}")]
    NotText {
        /// The path.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// A directory with no `*.txt` file below it.
    #[error("{path}: directory holds no .txt file")]
    EmptyDir {
        /// The directory.
        path: PathBuf,
    },
    /// Not a regular file or directory (a FIFO, a socket, a device).
    #[error("{path}: not a regular file")]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// Larger than any newspaper page (and than offsets can address).
    #[error("{path}: {bytes} bytes: too large for a page (the limit is {MAX_PAGE_BYTES} bytes)")]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// A line of a shard (`mentions.jsonl`) that is not a valid record:
    /// truncated or corrupt JSON, or references that do not hold.
    #[error("{path}:{line}: not a govgraph shard record: {reason}")]
    BadShard {
        /// The shard file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// `build --append`: a page whose name the build already holds, without
    /// `--replace`.
    #[error("{path}: the build in {dir} already holds a page named {name}; give --replace to replace it")]
    AlreadyBuilt {
        /// The new page.
        path: PathBuf,
        /// Its base name.
        name: String,
        /// The build directory appended to.
        dir: PathBuf,
    },
    /// Two inputs share a base name, which documents are keyed by.
    #[error("{path}: another input has the same file name {name}")]
    DuplicateName {
        /// The second path.
        path: PathBuf,
        /// The shared base name.
        name: String,
    },
}

/// What a line of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A headline or subtitle of an article.
    Headline,
    /// A section heading inside an article.
    Subhead,
    /// Running text.
    Body,
    /// A line that only names the reporters (杨桂英, (赵丽华 胡玉梅)).
    Byline,
    /// A photo caption credit (本报记者 易文军 摄).
    Caption,
    /// A continuation marker ((上接第一版)).
    Marker,
}

/// One non-blank line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line's characters, trimmed.
    pub span: Span,
    /// What the line is.
    pub kind: LineKind,
}

/// One article of a page: headline lines, body, bylines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Position of the article in its document, from 0.
    pub index: usize,
    /// From its first to its last line.
    pub span: Span,
    /// Its lines in order.
    pub lines: Vec<Line>,
}

impl Article {
    /// The headline lines.
    pub fn headlines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.kind == LineKind::Headline)
    }
}

/// A decoded, normalised page split into articles.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's base name: the key documents are known by.
    pub name: String,
    /// The text after decoding and normalisation (one char per original char).
    pub text: String,
    /// The encoding the bytes were in.
    pub encoding: Encoding,
    /// Articles in page order.
    pub articles: Vec<Article>,
    /// [`fingerprint`] of the decoded text as printed (before
    /// normalisation): tells whether a page still is the one a build read.
    pub fingerprint: u64,
}

impl Document {
    /// Build a document from text already decoded (used by tests and the library API).
    pub fn from_text(name: &str, raw: &str) -> Document {
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        let text = normalize(raw);
        let articles = split_articles(&text);
        Document {
            name: name.to_string(),
            text,
            encoding: Encoding::Utf8,
            articles,
            fingerprint: fingerprint(raw),
        }
    }

    /// Decode `bytes` read from `path` and build the document.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Document, IngestError> {
        let (raw, encoding) = decode_page(path, bytes)?;
        let mut doc = Document::from_text(&base_name(path), &raw);
        doc.encoding = encoding;
        Ok(doc)
    }

    /// Read and decode one file.
    pub fn read(path: &Path) -> Result<Document, IngestError> {
        Document::from_bytes(path, &read_regular_file(path)?)
    }

    /// The characters of a span, as a new string.
    pub fn slice(&self, span: Span) -> String {
        self.text
            .chars()
            .skip(span.start)
            .take(span.len())
            .collect()
    }
}

/// A page as printed, for quoting: the decoded characters exactly as the
/// file holds them (Traditional script, full-width punctuation), beside
/// their normalised form, one character for one, which only serves to
/// find sentence ends and to match.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// The decoded text after any BOM, unchanged.
    pub original: String,
    /// The same text normalised as [`Document::text`] is.
    pub normalized: String,
    /// [`fingerprint`] of `original`.
    pub fingerprint: u64,
}

impl PageSource {
    /// Read and decode one page, keeping its characters as printed.
    pub fn read(path: &Path) -> Result<PageSource, IngestError> {
        let bytes = read_regular_file(path)?;
        let (raw, _) = decode_page(path, &bytes)?;
        let original = raw.strip_prefix('\u{FEFF}').unwrap_or(&raw).to_string();
        Ok(PageSource {
            normalized: normalize(&original),
            fingerprint: fingerprint(&original),
            original,
        })
    }
}

/// Decode a page's bytes; a problem is named with the page.
fn decode_page(path: &Path, bytes: &[u8]) -> Result<(String, Encoding), IngestError> {
    decode_bytes(bytes).map_err(|reason| match reason {
        decode::DecodeProblem::Empty => IngestError::Empty {
            path: path.to_path_buf(),
        },
        other => IngestError::NotText {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    })
}

/// A 64-bit fingerprint of a page's decoded text (after any BOM, before
/// normalisation), the same on every machine and in every version: FNV-1a
/// over eight bytes at a time, then the remaining bytes. Not cryptographic;
/// it tells a page edited since a build from the page the build read.
pub fn fingerprint(text: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(a)).wrapping_mul(PRIME);
        h ^= h >> 29;
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h ^ (bytes.len() as u64).wrapping_mul(PRIME)
}

/// The largest page file read: a newspaper page is well under a megabyte,
/// and the graph stores character offsets in 32 bits.
pub const MAX_PAGE_BYTES: u64 = 1 << 30;

/// The base name of a path, as documents are keyed.
pub fn base_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Read the bytes of a regular file. Anything else (a FIFO, a socket, a
/// device, a directory) is refused from its metadata, before it is opened,
/// so a FIFO with no writer cannot block the build.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(IngestError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_PAGE_BYTES {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    std::fs::read(path).map_err(|e| io_error(path, e))
}

/// An I/O error on `path`: a missing file is told apart.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> IngestError {
    if e.kind() == std::io::ErrorKind::NotFound {
        IngestError::Missing {
            path: path.to_path_buf(),
        }
    } else {
        IngestError::Io {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

/// Expand inputs into the list of files to read: files as given, every
/// `*.txt` below a directory in sorted order. Symlinked directories are not
/// followed (so a symlink loop cannot trap the walk).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| io_error(input, e))?;
        if meta.is_dir() {
            let before = files.len();
            walk_dir(input, &mut files)?;
            if files.len() == before {
                return Err(IngestError::EmptyDir {
                    path: input.clone(),
                });
            }
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashMap::new();
    for f in &files {
        let name = base_name(f);
        if let Some(prev) = seen.insert(name.clone(), f.clone()) {
            if prev != *f {
                return Err(IngestError::DuplicateName {
                    path: f.clone(),
                    name,
                });
            }
        }
    }
    files.dedup();
    Ok(files)
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
    let rd = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut entries: Vec<PathBuf> = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        entries.push(entry.path());
    }
    entries.sort();
    for path in entries {
        let lmeta = std::fs::symlink_metadata(&path).map_err(|e| io_error(&path, e))?;
        if lmeta.file_type().is_symlink() {
            // Follow symlinked files, never symlinked directories (so a
            // symlink loop cannot trap the walk). A `*.txt` link that leads
            // nowhere (dangling, or a loop of links) is kept: reading it
            // reports the page as missing or unreadable instead of dropping
            // it without a word.
            let to_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if is_txt(&path) && !to_dir {
                out.push(path);
            }
        } else if lmeta.is_dir() {
            walk_dir(&path, out)?;
        } else if is_txt(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_txt(p: &Path) -> bool {
    p.extension().map(|e| e == "txt").unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_source_keeps_the_printed_characters_beside_the_normalised() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.txt");
        std::fs::write(&path, "\u{FEFF}縣長張三：說明。\n").expect("write");
        let p = PageSource::read(&path).expect("read");
        assert_eq!(p.original, "縣長張三：說明。\n");
        assert_eq!(p.original.chars().count(), p.normalized.chars().count());
        assert_eq!(p.normalized, Document::read(&path).expect("doc").text);
        assert_eq!(
            p.fingerprint,
            Document::read(&path).expect("doc").fingerprint
        );
        assert_ne!(fingerprint("縣長張三"), fingerprint("县长张三"));
        assert_ne!(fingerprint("ab"), fingerprint("ba"));
        assert_eq!(
            fingerprint("一二三四五六七八九"),
            fingerprint("一二三四五六七八九")
        );
    }

    #[test]
    fn a_file_larger_than_any_page_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("huge.txt");
        // Sparse: no gigabyte is written.
        let f = std::fs::File::create(&path).expect("create");
        f.set_len(MAX_PAGE_BYTES + 1).expect("set_len");
        let e = read_regular_file(&path).expect_err("too large");
        assert!(matches!(e, IngestError::TooLarge { .. }));
        assert!(e.to_string().contains("huge.txt"), "{e}");
    }
}
