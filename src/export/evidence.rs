//! Evidence sentences: graph.json cites evidence by document, article and
//! character offsets, not by text. Given the pages' texts (read by
//! `ingest`, handed in by the caller), this module cuts out the cited span
//! and the rest of its sentence around it, for the HTML page to show, in
//! the page's characters as printed (the normalised text only finds where
//! sentences end).

use super::json::{GraphFile, WireEvidence};
use std::collections::{BTreeMap, HashMap};

/// Characters that end a sentence (or a line) in these pages.
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '!', '?', ';', '\n'];

/// Most characters of context shown on either side of a span.
const CONTEXT: usize = 80;

/// Most characters of the span itself shown.
const SPAN: usize = 400;

/// A cited span with its sentence around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Text of the sentence before the span.
    pub before: String,
    /// The span (shortened to its first 400 characters, with "…").
    pub text: String,
    /// Text of the sentence after the span.
    pub after: String,
}

/// The texts of the pages a graph was built from, keyed by document name.
#[derive(Debug, Clone, Default)]
pub struct PageTexts {
    docs: HashMap<String, Page>,
}

/// A page's characters as printed and normalised (as many of each).
#[derive(Debug, Clone, Default)]
struct Page {
    printed: Vec<char>,
    norm: Vec<char>,
}

impl Page {
    fn len(&self) -> usize {
        self.printed.len()
    }
}

impl PageTexts {
    /// No pages.
    pub fn new() -> PageTexts {
        PageTexts::default()
    }

    /// Add the text of document `name` (offsets count its characters).
    pub fn insert(&mut self, name: &str, text: &str) {
        self.insert_printed(name, text, text);
    }

    /// Add document `name` as printed (`ingest::PageSource::original`),
    /// with its normalised text (`normalized`, as many characters), which
    /// only finds sentence ends: snippets quote the printed characters.
    pub fn insert_printed(&mut self, name: &str, printed: &str, normalized: &str) {
        let printed: Vec<char> = printed.chars().collect();
        let mut norm: Vec<char> = normalized.chars().collect();
        if norm.len() != printed.len() {
            norm = printed.clone();
        }
        self.docs.insert(name.to_string(), Page { printed, norm });
    }

    /// True when no page was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The documents `g` cites whose text is missing, or too short for an
    /// offset cited in it (a page edited since the build). Sorted.
    pub fn problems(&self, g: &GraphFile) -> Vec<String> {
        let mut longest: BTreeMap<&str, usize> = BTreeMap::new();
        let all = g
            .edges
            .iter()
            .flat_map(|e| e.evidence.iter().map(|v| (&v.doc, v.end)));
        for (doc, end) in all {
            let m = longest.entry(doc).or_default();
            *m = (*m).max(end);
        }
        longest
            .into_iter()
            .filter_map(|(doc, end)| match self.docs.get(doc) {
                None => Some(format!("{doc}: page not given")),
                Some(t) if t.len() < end => Some(format!(
                    "{doc}: page has {} characters but the graph cites offset {end}",
                    t.len()
                )),
                Some(_) => None,
            })
            .collect()
    }

    /// The printed characters of document `doc` from `start` to the end of
    /// that line (trimmed), or `None` when the page is unknown or too short.
    pub fn printed_line(&self, doc: &str, start: usize) -> Option<String> {
        let page = self.docs.get(doc)?;
        let rest = page.printed.get(start..)?;
        let line: String = rest.iter().take_while(|&&c| c != '\n').collect();
        Some(line.trim().to_string())
    }

    /// The sentence around `ev`, or `None` when its page is unknown or too short.
    pub fn snippet(&self, ev: &WireEvidence) -> Option<Snippet> {
        let page = self.docs.get(&ev.doc)?;
        if ev.start > ev.end || ev.end > page.len() {
            return None;
        }
        let (t, p) = (&page.norm, &page.printed);
        let mut from = ev.start;
        while from > 0 && ev.start - from < CONTEXT && !SENTENCE_END.contains(&t[from - 1]) {
            from -= 1;
        }
        let mut to = ev.end;
        // Take the span's own sentence end, if it is just outside it.
        while to < t.len() && to - ev.end < CONTEXT {
            to += 1;
            if SENTENCE_END.contains(&t[to - 1]) {
                break;
            }
        }
        let text: String = if ev.end - ev.start > SPAN {
            p[ev.start..ev.start + SPAN].iter().collect::<String>() + "…"
        } else {
            p[ev.start..ev.end].iter().collect()
        };
        let clean = |s: &[char]| s.iter().collect::<String>().trim().to_string();
        Some(Snippet {
            before: clean(&p[from..ev.start]),
            text,
            after: clean(&p[ev.end..to]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(start: usize, end: usize) -> WireEvidence {
        WireEvidence {
            doc: "a.txt".into(),
            article: 0,
            start,
            end,
        }
    }

    #[test]
    fn evidence_snippet_extends_to_the_sentence() {
        let mut p = PageTexts::new();
        p.insert("a.txt", "标题\n10月24日,副县长黄振东出席会议。会后调研。");
        // The span 黄振东 (chars 13..16).
        let s = p.snippet(&ev(13, 16)).unwrap();
        assert_eq!(s.text, "黄振东");
        assert_eq!(s.before, "10月24日,副县长");
        assert_eq!(s.after, "出席会议。");
        assert_eq!(p.snippet(&ev(13, 99)), None);
        let mut other = ev(0, 1);
        other.doc = "b.txt".into();
        assert_eq!(p.snippet(&other), None);
    }

    #[test]
    fn evidence_snippet_quotes_the_printed_characters() {
        let printed = "標題\n10月24日，副縣長黃振東出席會議！會後調研。";
        let mut p = PageTexts::new();
        p.insert_printed("a.txt", printed, &crate::text::normalize(printed));
        let s = p.snippet(&ev(13, 16)).unwrap();
        assert_eq!(s.text, "黃振東");
        assert_eq!(s.before, "10月24日，副縣長");
        // The full-width ！ ends the sentence as '!' would.
        assert_eq!(s.after, "出席會議！");
    }
}
