//! Evidence sentences: graph.json cites where each fact was read (document,
//! article, character offsets), not the text; this module finds the input
//! pages again and quotes the sentence around a span, with its line number.
//!
//! Where pages are looked for, in order:
//! 1. `--pages` paths (files, or directories searched for `*.txt`), matched
//!    by file name as the build keys documents;
//! 2. `sources.json` beside graph.json, written by `govgraph build`: each
//!    document's path relative to the build directory (so a build directory
//!    moved together with its pages still works; no absolute path is
//!    recorded, so a committed build is the same on every machine).
//!
//! A page is used only when its character count equals the one the graph
//! recorded (`attrs.chars` of the document node) and, where `sources.json`
//! recorded one, its fingerprint is the one the build read: a page edited
//! since the build is reported instead of being quoted at wrong offsets.
//!
//! Quotes are the page's characters as printed (Traditional script,
//! full-width punctuation), from its decoded bytes; the normalised text
//! only finds where sentences end.

use super::QueryGraph;
use crate::ingest::{base_name, collect_inputs, PageSource};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// File name of the page locations written beside graph.json by `build`.
pub const SOURCES_FILE: &str = "sources.json";

/// The longest sentence quoted, in characters on each side of the span.
const REACH: usize = 160;

/// `sources.json`: where each input page of a build was read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sources {
    /// Per document name.
    pub documents: BTreeMap<String, SourcePath>,
}

/// Where one page was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcePath {
    /// Relative to the build directory.
    pub relative: String,
    /// The page's fingerprint when the build read it (`ingest::fingerprint`,
    /// 16 hex digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

impl SourcePath {
    /// Whether `page` is the page the build read: true when no fingerprint
    /// was recorded (the character count is checked against the graph).
    pub fn matches(&self, page: &PageSource) -> bool {
        self.fingerprint
            .as_ref()
            .is_none_or(|f| *f == fingerprint_hex(page.fingerprint))
    }
}

/// A fingerprint as `sources.json` writes it.
fn fingerprint_hex(f: u64) -> String {
    format!("{f:016x}")
}

impl Sources {
    /// Record `files` (paths as read, with the fingerprints the build took
    /// of them) for a build written to `out_dir`, over `previous` entries
    /// (an `--append` build keeps the pages it had), which are relative to
    /// the directory given with them and are made relative to `out_dir`.
    pub fn record(
        out_dir: &Path,
        files: &[PathBuf],
        fingerprints: &BTreeMap<String, u64>,
        previous: Option<(Sources, &Path)>,
    ) -> Sources {
        let out_abs = absolute(out_dir);
        let mut s = Sources::default();
        if let Some((prev, prev_dir)) = previous {
            let prev_abs = absolute(prev_dir);
            for (doc, mut p) in prev.documents {
                if prev_abs != out_abs {
                    let page = clean(&prev_abs.join(&p.relative));
                    p.relative = relative(&out_abs, &page).to_string_lossy().into_owned();
                }
                s.documents.insert(doc, p);
            }
        }
        for f in files {
            let name = base_name(f);
            let fingerprint = fingerprints.get(&name).map(|&v| fingerprint_hex(v));
            s.documents.insert(
                name,
                SourcePath {
                    relative: relative(&out_abs, &absolute(f))
                        .to_string_lossy()
                        .into_owned(),
                    fingerprint,
                },
            );
        }
        s
    }
    /// Keep only these documents.
    pub fn retain(&mut self, docs: &std::collections::BTreeSet<String>) {
        self.documents.retain(|d, _| docs.contains(d));
    }
    /// The bytes of `sources.json`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("sources serialise");
        v.push(b'\n');
        v
    }
    /// Read `sources.json` in `dir`, if there is a readable one.
    pub fn read(dir: &Path) -> Option<Sources> {
        let bytes = std::fs::read(dir.join(SOURCES_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// `p` made absolute: canonical when it exists, else lexically cleaned
/// (`.` and `..` folded) against the current directory.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let joined = std::env::current_dir()
        .map(|d| d.join(p))
        .unwrap_or_else(|_| p.to_path_buf());
    clean(&joined)
}

/// `p` with `.` and `..` folded lexically.
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The path from directory `from` to `to`, both absolute and clean.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out
}

/// A span of a page and, when the page was found, its line and sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// Document name.
    pub doc: String,
    /// Article index.
    pub article: usize,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Line of `start`, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The sentence around the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
}

impl Quote {
    /// `doc#article` and, when known, `:line`.
    pub fn place(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}", self.doc),
            None => format!("{}#{}", self.doc, self.article),
        }
    }
    /// The detail line printed under a table row.
    pub fn detail(&self) -> String {
        match &self.sentence {
            Some(s) => format!("{}  {s}", self.place()),
            None => format!("{} [{}..{}]", self.place(), self.start, self.end),
        }
    }
}

/// A page's characters as printed, their normalised form (to find
/// sentence ends) and where its lines start.
#[derive(Debug)]
struct PageText {
    chars: Vec<char>,
    norm: Vec<char>,
    line_starts: Vec<usize>,
}

impl PageText {
    fn new(original: &str, normalized: &str) -> PageText {
        let chars: Vec<char> = original.chars().collect();
        let mut norm: Vec<char> = normalized.chars().collect();
        if norm.len() != chars.len() {
            // Normalisation is one-for-one; should it ever not be, the
            // printed characters decide sentence ends themselves.
            norm = chars.clone();
        }
        let mut line_starts = vec![0];
        for (i, &c) in chars.iter().enumerate() {
            if c == '\n' {
                line_starts.push(i + 1);
            }
        }
        PageText {
            chars,
            norm,
            line_starts,
        }
    }

    /// Line (from 1) and sentence around `[start, end)`, as printed.
    fn quote(&self, start: usize, end: usize) -> Option<(usize, String)> {
        let n = self.chars.len();
        if start > end || end > n {
            return None;
        }
        let stop = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n');
        let t = &self.norm;
        let mut s = start;
        while s > 0 && !stop(t[s - 1]) && start - s < REACH {
            s -= 1;
        }
        let mut e = end;
        while e < n && !stop(t[e]) && e - end < REACH {
            e += 1;
        }
        if e < n && t[e] != '\n' && stop(t[e]) {
            e += 1;
        }
        let mut text: String = self.chars[s..e].iter().collect();
        if end - start > 2 * REACH {
            // A whole article cited: its opening is enough.
            text = self.chars[start..start + REACH].iter().collect::<String>() + "…";
        }
        let line = self.line_starts.partition_point(|&ls| ls <= start);
        Some((line, text.trim().replace('\n', " ")))
    }
}

/// Finds and quotes input pages. Pages are read once and kept.
#[derive(Debug)]
pub struct Pages<'g> {
    graph: &'g QueryGraph,
    quoting: bool,
    extra: Vec<PathBuf>,
    extra_files: RefCell<Option<HashMap<String, PathBuf>>>,
    sources: Option<Sources>,
    texts: RefCell<HashMap<String, Option<Rc<PageText>>>>,
    problems: RefCell<BTreeMap<String, String>>,
}

impl<'g> Pages<'g> {
    /// Pages for `graph`: quote sentences only when `quoting`; `extra` are
    /// the `--pages` paths.
    pub fn new(graph: &'g QueryGraph, quoting: bool, extra: &[PathBuf]) -> Pages<'g> {
        let dir = graph.graph_path().parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        Pages {
            graph,
            quoting,
            extra: extra.to_vec(),
            extra_files: RefCell::new(None),
            sources: Sources::read(dir),
            texts: RefCell::new(HashMap::new()),
            problems: RefCell::new(BTreeMap::new()),
        }
    }

    /// True when sentences are quoted.
    pub fn quoting(&self) -> bool {
        self.quoting
    }

    /// Why some documents could not be quoted, one line each.
    pub fn problems(&self) -> Vec<String> {
        self.problems
            .borrow()
            .iter()
            .map(|(d, why)| format!("{d}: {why}"))
            .collect()
    }

    /// Quote a span (only its place when not quoting or the page is missing).
    pub fn quote(&self, doc: &str, article: usize, start: usize, end: usize) -> Quote {
        let mut q = Quote {
            doc: doc.to_string(),
            article,
            start,
            end,
            line: None,
            sentence: None,
        };
        if self.quoting {
            if let Some(t) = self.text(doc) {
                match t.quote(start, end) {
                    Some((line, s)) => {
                        q.line = Some(line);
                        q.sentence = Some(s);
                    }
                    None => self.problem(doc, "a span lies outside the page".into()),
                }
            }
        }
        q
    }

    fn problem(&self, doc: &str, why: String) {
        self.problems
            .borrow_mut()
            .entry(doc.to_string())
            .or_insert(why);
    }

    fn text(&self, doc: &str) -> Option<Rc<PageText>> {
        if let Some(t) = self.texts.borrow().get(doc) {
            return t.clone();
        }
        let t = self.load(doc).map(Rc::new);
        self.texts.borrow_mut().insert(doc.to_string(), t.clone());
        t
    }

    fn candidates(&self, doc: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if !self.extra.is_empty() {
            let mut files = self.extra_files.borrow_mut();
            let files = files.get_or_insert_with(|| {
                let mut m = HashMap::new();
                for p in &self.extra {
                    match collect_inputs(std::slice::from_ref(p)) {
                        Ok(fs) => {
                            for f in fs {
                                m.entry(base_name(&f)).or_insert(f);
                            }
                        }
                        Err(e) => self.problem(&p.display().to_string(), e.to_string()),
                    }
                }
                m
            });
            out.extend(files.get(doc).cloned());
        }
        if let Some(s) = self.sources.as_ref().and_then(|s| s.documents.get(doc)) {
            let dir = self.graph.graph_path().parent().unwrap_or(Path::new("."));
            out.push(dir.join(&s.relative));
        }
        out
    }

    fn load(&self, doc: &str) -> Option<PageText> {
        let want = self
            .graph
            .find_id(&format!("document:{doc}"))
            .and_then(|v| self.graph.node_record(v).ok())
            .and_then(|r| r.attrs.get("chars").and_then(|c| c.as_u64()));
        let recorded = self.sources.as_ref().and_then(|s| s.documents.get(doc));
        let mut why = "page not found (give its directory with --pages DIR)".to_string();
        for p in self.candidates(doc) {
            if !p.is_file() {
                continue;
            }
            match PageSource::read(&p) {
                Ok(page) => {
                    let t = PageText::new(&page.original, &page.normalized);
                    if want.is_some_and(|w| w as usize != t.chars.len()) {
                        why = format!(
                            "{} has changed since the build ({} characters, the graph says {})",
                            p.display(),
                            t.chars.len(),
                            want.unwrap_or(0)
                        );
                        continue;
                    }
                    if recorded.is_some_and(|r| !r.matches(&page)) {
                        why = format!(
                            "{} has changed since the build (its text is not the text the build read)",
                            p.display()
                        );
                        continue;
                    }
                    return Some(t);
                }
                Err(e) => why = e.to_string(),
            }
        }
        self.problem(doc, why);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_quotes_the_sentence_and_line() {
        let page = "### 标题\n\n第一句话。县长李四出席会议并讲话。第三句\n";
        let t = PageText::new(page, page);
        let (line, s) = t.quote(13, 15).unwrap();
        assert_eq!(line, 3);
        assert_eq!(s, "县长李四出席会议并讲话。");
        let (_, s) = t.quote(4, 6).unwrap();
        assert_eq!(s, "### 标题");
        assert!(t.quote(5, 500).is_none());
    }

    #[test]
    fn evidence_quotes_the_characters_as_printed() {
        let printed = "縣長李四說：今天開會！王五出席。";
        let t = PageText::new(printed, &crate::text::normalize(printed));
        // 李四 (chars 2..4): the sentence ends at the full-width ！, which
        // normalises to '!'.
        let (line, s) = t.quote(2, 4).unwrap();
        assert_eq!(line, 1);
        assert_eq!(s, "縣長李四說：今天開會！");
        let (_, s) = t.quote(11, 13).unwrap();
        assert_eq!(s, "王五出席。");
    }

    #[test]
    fn evidence_relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/out"), Path::new("/a/b/seeds/x.txt")),
            PathBuf::from("../seeds/x.txt")
        );
        assert_eq!(
            relative(Path::new("/tmp/o"), Path::new("/tmp/o/p.txt")),
            PathBuf::from("p.txt")
        );
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn evidence_sources_round_trip_and_append() {
        let fp: BTreeMap<String, u64> = [("a.txt".to_string(), 0xabc)].into();
        let old = Sources::record(Path::new("/o"), &[PathBuf::from("/p/a.txt")], &fp, None);
        assert_eq!(
            old.documents["a.txt"].fingerprint.as_deref(),
            Some("0000000000000abc")
        );
        let s = Sources::record(
            Path::new("/o"),
            &[PathBuf::from("/q/b.txt")],
            &BTreeMap::new(),
            Some((old.clone(), Path::new("/o"))),
        );
        assert_eq!(s.documents["a.txt"], old.documents["a.txt"]);
        assert_eq!(s.documents["b.txt"].relative, "../q/b.txt");
        assert_eq!(s.documents["b.txt"].fingerprint, None);
        let back: Sources = serde_json::from_slice(&s.to_bytes()).unwrap();
        assert_eq!(back, s);
        // Appended into another directory: earlier entries are rebased.
        let t = Sources::record(
            Path::new("/x/y"),
            &[],
            &BTreeMap::new(),
            Some((old, Path::new("/o"))),
        );
        assert_eq!(t.documents["a.txt"].relative, "../../p/a.txt");
        // No absolute path is written.
        assert!(!String::from_utf8(t.to_bytes()).unwrap().contains("\"/"));
    }
}
