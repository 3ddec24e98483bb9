//! Word lists compiled into matchers: the title grammar, agency heads and
//! short forms, event triggers and participation roles.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// What a title-grammar word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleWord {
    /// A post that may stand right before a name.
    Post,
    /// A reporter's post (记者, 通讯员) or a page's credit (作者, 撰稿).
    Reporter,
    /// A group label printed over a list of names (县领导, 援青干部): the
    /// title of each, when no other is printed. Ordinary words follow such
    /// labels often, so a name after one must read as a name.
    Label,
    /// A word of standing before a name (村民, 老党员): read like a label,
    /// but it is no title.
    Status,
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
        let build = |kind| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(kind)
                .build(words.iter().map(|(w, _)| w.as_str()))
        };
        // Lists too large for a DFA (a huge user lexicon) get the automaton
        // the crate picks.
        let ac = build(Some(aho_corasick::AhoCorasickKind::DFA))
            .or_else(|_| build(None))
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

    /// The words, in the numbering [`MultiMatcher`] reports.
    pub fn words(&self) -> Vec<&str> {
        self.words.iter().map(|(w, _)| w.as_str()).collect()
    }

    /// Matches by word number (from a [`MultiMatcher`] over this list) as
    /// [`WordMatcher::find`] gives them.
    pub fn with_values(&self, found: &[(usize, usize, usize)]) -> Vec<(usize, usize, V)> {
        found
            .iter()
            .map(|&(s, e, w)| (s, e, self.words[w].1.clone()))
            .collect()
    }

    /// The value of an exact word. The leftmost-longest match at the start
    /// of `word`, when `word` is a word of the list, is `word` itself.
    pub fn get(&self, word: &str) -> Option<&V> {
        self.ac
            .find(word)
            .filter(|m| m.start() == 0 && m.end() == word.len())
            .map(|m| &self.words[m.pattern().as_usize()].1)
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

/// Several word lists searched in one pass over a text: for each list, the
/// matches its [`WordMatcher::find`] gives, as (start, end, word number).
/// One automaton holds all the lists and reports every occurrence; each
/// list's leftmost-longest matches are then picked from its occurrences
/// (earliest start, then longest, then on from its end), which is what a
/// leftmost-longest search finds. Turn word numbers into values with
/// [`WordMatcher::with_values`].
#[derive(Clone)]
pub struct MultiMatcher {
    /// The first pattern of each list, then the number of patterns.
    starts: Vec<usize>,
    /// One automaton over the distinct words of all lists; a match's value
    /// is the word's position in `owners`.
    all: daachorse::CharwiseDoubleArrayAhoCorasick<u32>,
    /// For each distinct word, the patterns (numbered across the lists)
    /// that spell it: a word may be in several lists.
    owners: Vec<Vec<u32>>,
}

impl std::fmt::Debug for MultiMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultiMatcher")
            .field("starts", &self.starts)
            .field("words", &self.owners.len())
            .finish()
    }
}

impl MultiMatcher {
    /// Search `lists` (their words, in order) together.
    ///
    /// A character-wise double-array automaton (daachorse): on Chinese
    /// text it steps one character, not one byte, at a time, which made
    /// this one pass a line over every word list cheaper than
    /// aho-corasick's DFA (measured in the commit that made the change).
    pub fn new(lists: &[&[&str]]) -> Self {
        let mut starts = vec![0];
        for l in lists {
            starts.push(starts.last().copied().unwrap_or(0) + l.len());
        }
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut words: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for (p, w) in lists.iter().flat_map(|l| l.iter()).enumerate() {
            if w.is_empty() {
                continue;
            }
            let k = *index.entry(w).or_insert_with(|| {
                words.push(w);
                owners.push(Vec::new());
                (words.len() - 1) as u32
            });
            owners[k as usize].push(p as u32);
        }
        let all = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::Standard)
            .build_with_values(words.iter().enumerate().map(|(k, w)| (*w, k as u32)))
            .expect("word list automaton");
        MultiMatcher {
            starts,
            all,
            owners,
        }
    }

    /// Each list's leftmost-longest matches in `text`: (byte start, byte
    /// end, word number in its list).
    pub fn find(&self, text: &str) -> Vec<Vec<(usize, usize, usize)>> {
        let lists = self.starts.len() - 1;
        let mut found = vec![Vec::new(); lists];
        if self.owners.is_empty() {
            return found;
        }
        for m in self.all.find_overlapping_iter(text) {
            for &p in &self.owners[m.value() as usize] {
                let p = p as usize;
                let l = self.starts.partition_point(|&s| s <= p) - 1;
                found[l].push((m.start(), m.end(), p - self.starts[l]));
            }
        }
        found.into_iter().map(leftmost_longest).collect()
    }
}

/// The leftmost-longest matches among all occurrences `(start, end, word)`
/// of distinct words.
fn leftmost_longest(mut all: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    // A word twice in one list: its first entry wins.
    all.sort_unstable_by_key(|&(s, e, w)| (s, std::cmp::Reverse(e), w));
    let mut from = 0;
    all.retain(|&(s, e, _)| {
        let take = s >= from;
        if take {
            from = e;
        }
        take
    });
    all
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
            "label" => out.push((row[1].to_string(), TitleWord::Label)),
            "status" => out.push((row[1].to_string(), TitleWord::Status)),
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
            for l in super::classes::division_level_chars() {
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
                .filter(|&c| canon.contains("{J}") && super::classes::is_division_level_char(c));
            out.insert(short.to_string(), (canon.to_string(), level));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&str], tag: u8) -> WordMatcher<(u8, String)> {
        WordMatcher::new(
            words
                .iter()
                .map(|w| (w.to_string(), (tag, w.to_string())))
                .collect(),
        )
    }

    #[test]
    fn lexicon_get_finds_exact_words_only() {
        let l = list(&["市长", "副市长", "市", "长江"], 0);
        for w in ["市长", "副市长", "市", "长江"] {
            assert_eq!(l.get(w).map(|v| v.1.as_str()), Some(w));
        }
        for w in ["长", "市长助理", "副市", "", "长江市"] {
            assert!(l.get(w).is_none(), "{w}");
        }
    }

    #[test]
    fn multi_matcher_reads_a_word_twice_in_a_list_as_its_first_entry() {
        // 县长 twice in the first list and once in the second; an empty word
        // matches nothing.
        let m = MultiMatcher::new(&[&["县长", "长", "县长"], &["", "县长"]]);
        let found = m.find("副县长讲话");
        assert_eq!(found[0], vec![(3, 9, 0)]);
        assert_eq!(found[1], vec![(3, 9, 1)]);
        assert_eq!(MultiMatcher::new(&[&[]]).find("副县长"), vec![vec![]]);
    }

    #[test]
    fn several_lists_find_what_each_list_finds_alone() {
        // Words nested in, overlapping and repeating one another, in each
        // list and across them.
        let a = list(
            &[
                "中心",
                "服务中心",
                "服务",
                "县残联",
                "残联",
                "联合会",
                "合会",
            ],
            1,
        );
        let b = list(&["局", "公安局", "安局", "中心", "服务站", "站", "会"], 2);
        let c = list(&["站长", "长", "副站长", "局局长"], 3);
        let multi = MultiMatcher::new(&[&a.words(), &b.words(), &c.words()]);
        let parts = [
            "服务",
            "中心",
            "公安局",
            "县残联合会",
            "站",
            "安局",
            "，",
            "a",
            "局局",
            "长",
        ];
        let mut texts = crate::text::texts_of_three(&parts);
        texts.push("县公安局服务中心和县残联联合会服务站副站长".into());
        for t in &texts {
            let found = multi.find(t);
            assert_eq!(found.len(), 3);
            assert_eq!(a.with_values(&found[0]), a.find(t), "{t}");
            assert_eq!(b.with_values(&found[1]), b.find(t), "{t}");
            assert_eq!(c.with_values(&found[2]), c.find(t), "{t}");
        }
    }

    #[test]
    fn no_trigger_holds_a_character_that_ends_a_sentence() {
        // A sentence's triggers are taken from its line's (events.rs): a
        // trigger across a sentence end would be found in the line only.
        let res = crate::resources::Resources::builtin().unwrap();
        let words = res.triggers.words();
        assert!(words.len() > 20);
        for w in words {
            assert!(!w.chars().any(crate::extract::ends_sentence), "{w}");
        }
    }

    #[test]
    fn the_line_lists_read_seed_pages_as_each_list_does() {
        let res = crate::resources::Resources::builtin().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut lines = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            // The seed pages are UTF-8: read as ingest reads them, without
            // this layer importing ingest.
            let text = crate::text::normalize(&std::fs::read_to_string(e.unwrap().path()).unwrap());
            for line in text.lines() {
                let w = res.line_words(line);
                assert_eq!(w.agency_words, res.agency_words.find(line), "{line}");
                assert_eq!(w.agency_heads, res.agency_heads.find(line), "{line}");
                assert_eq!(w.titles, res.titles.find(line), "{line}");
                assert_eq!(w.triggers, res.triggers.find(line), "{line}");
                lines += usize::from(!w.agency_heads.is_empty() && !w.titles.is_empty());
            }
        }
        assert!(lines > 50);
    }
}
