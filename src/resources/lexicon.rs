//! Word lists compiled into matchers: the title grammar, agency heads and
//! short forms, event triggers and participation roles.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// What a title-grammar word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleWord {
    /// A post that may stand right before a name.
    Post,
    /// A reporter's post (记者, 通讯员).
    Reporter,
    /// An organ name containing a post word (常委会): never ends a title.
    Body,
}

/// Any list of words with a value, matched leftmost-longest.
#[derive(Debug, Clone)]
pub struct WordMatcher<V> {
    words: Vec<(String, V)>,
    ac: AhoCorasick,
}

impl<V: Clone> WordMatcher<V> {
    /// Compile the list (later duplicates are dropped).
    pub fn new(mut words: Vec<(String, V)>) -> Self {
        let mut seen = std::collections::HashSet::new();
        words.retain(|(w, _)| !w.is_empty() && seen.insert(w.clone()));
        // A full DFA: these lists are small (at most a few thousand words),
        // searched many times an article; the DFA is the fastest searcher.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(words.iter().map(|(w, _)| w.as_str()))
            .expect("word automaton");
        WordMatcher { words, ac }
    }

    /// Non-overlapping leftmost-longest matches: (byte start, byte end, value).
    pub fn find(&self, text: &str) -> Vec<(usize, usize, V)> {
        self.ac
            .find_iter(text)
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.words[m.pattern().as_usize()].1.clone(),
                )
            })
            .collect()
    }

    /// The first match of [`WordMatcher::find`], found without the others.
    pub fn first(&self, text: &str) -> Option<(usize, usize, V)> {
        let m = self.ac.find(text)?;
        Some((
            m.start(),
            m.end(),
            self.words[m.pattern().as_usize()].1.clone(),
        ))
    }

    /// The value of an exact word.
    pub fn get(&self, word: &str) -> Option<&V> {
        self.words.iter().find(|(w, _)| w == word).map(|(_, v)| v)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Parse a `kind<TAB>word` or `word<TAB>value` table, skipping comments.
pub fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

/// One word per line, skipping comments.
pub fn word_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Expand the title grammar into matchable words.
pub fn title_words(titles_tsv: &str, extra_posts: &[String]) -> Vec<(String, TitleWord)> {
    let mut levels = Vec::new();
    let mut level_posts = Vec::new();
    let mut out = Vec::new();
    for row in tsv_rows(titles_tsv) {
        if row.len() < 2 {
            continue;
        }
        match row[0] {
            "level" => levels.push(row[1].to_string()),
            "levelpost" => level_posts.push(row[1].to_string()),
            "post" => out.push((row[1].to_string(), TitleWord::Post)),
            "reporter" => out.push((row[1].to_string(), TitleWord::Reporter)),
            "body" => out.push((row[1].to_string(), TitleWord::Body)),
            _ => {}
        }
    }
    for l in &levels {
        for p in &level_posts {
            out.push((format!("{l}{p}"), TitleWord::Post));
        }
    }
    for p in extra_posts {
        out.push((p.clone(), TitleWord::Post));
    }
    out
}

/// Agency short forms: surface -> (canonical template, level char if any).
pub fn abbreviations(tsv: &str) -> HashMap<String, (String, Option<char>)> {
    let mut out = HashMap::new();
    for row in tsv_rows(tsv) {
        if row.len() < 2 {
            continue;
        }
        let (short, canon) = (row[0], row[1]);
        if short.contains("{L}") {
            for l in ['省', '市', '县', '区', '镇', '乡'] {
                out.insert(
                    short.replace("{L}", &l.to_string()),
                    (canon.to_string(), Some(l)),
                );
            }
        } else {
            // 镇人大: a short form printed with its level word takes that
            // level's jurisdiction, as {L} does.
            let level = short
                .chars()
                .next()
                .filter(|c| canon.contains("{J}") && "省市县区镇乡".contains(*c));
            out.insert(short.to_string(), (canon.to_string(), level));
        }
    }
    out
}
