//! `resources`: every dictionary, gazetteer, matcher and regex, compiled once
//! into an immutable, `Send + Sync` [`Resources`] passed by reference to
//! every stage.
//!
//! Built-in data lives in `data/` and is embedded at build time; a user
//! lexicon (`--dict FILE`) goes through the same loaders.

pub mod classes;
pub mod gazetteer;
pub mod lexicon;
pub mod names;
pub mod posts;
pub mod surfaces;

use gazetteer::{Gazetteer, Level};
use lexicon::{MultiMatcher, TitleWord, WordMatcher};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A problem in a user dictionary.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// The file could not be read.
    #[error("{path}: cannot read dictionary: {source}")]
    Io {
        /// The dictionary file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A line is not `word<TAB>type`.
    #[error("{path}:{line}: {reason}")]
    Malformed {
        /// The dictionary file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Type of a user dictionary word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordType {
    /// A personal name.
    Person,
    /// A place name.
    Place,
    /// An organisation name.
    Agency,
    /// A job title.
    Title,
}

/// One entry of a user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWord {
    /// The word.
    pub word: String,
    /// Its type.
    pub kind: WordType,
}

/// Parse a user dictionary: one `word<TAB>type` (or `word type`) a line,
/// type in person/place/agency/title; `#` comments and blank lines allowed.
pub fn parse_user_dict(path: &Path, text: &str) -> Result<Vec<UserWord>, DictError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: String| DictError::Malformed {
            path: path.to_path_buf(),
            line: i + 1,
            reason,
        };
        let parts: Vec<&str> = line.split(['\t', ' ']).filter(|s| !s.is_empty()).collect();
        if parts.len() != 2 {
            return Err(bad(format!(
                "expected `word<TAB>type`, found {} field(s) in {line:?}",
                parts.len()
            )));
        }
        let kind = match parts[1] {
            "person" => WordType::Person,
            "place" => WordType::Place,
            "agency" => WordType::Agency,
            "title" => WordType::Title,
            other => {
                return Err(bad(format!(
                    "unknown type {other:?} (expected person, place, agency or title)"
                )))
            }
        };
        if parts[0].chars().count() < 2 {
            return Err(bad(format!(
                "word {:?} is shorter than two characters",
                parts[0]
            )));
        }
        out.push(UserWord {
            word: crate::text::normalize(parts[0]),
            kind,
        });
    }
    Ok(out)
}

/// Read and parse a user dictionary file.
pub fn read_user_dict(path: &Path) -> Result<Vec<UserWord>, DictError> {
    let bytes = std::fs::read(path).map_err(|e| DictError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| DictError::Malformed {
        path: path.to_path_buf(),
        line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        reason: "not valid UTF-8".into(),
    })?;
    parse_user_dict(path, &text)
}

/// Everything extraction and resolution need, compiled once.
pub struct Resources {
    /// The segmenter and tagger, with gazetteer and lexicon words added.
    pub jieba: jieba_rs::Jieba,
    /// Administrative divisions.
    pub gazetteer: Gazetteer,
    /// Surnames.
    pub surnames: names::Surnames,
    /// Title grammar words.
    pub titles: WordMatcher<TitleWord>,
    /// Heads that end agency names; the value is true for sub-unit heads (党支部, 科).
    pub agency_heads: WordMatcher<bool>,
    /// Words ending in an agency head that name no organisation (全部, 干部),
    /// in a list: a line's every head is checked against all of them, which
    /// a scan of a few dozen short words does faster than a hash set.
    pub non_agency: Vec<String>,
    /// Verbs that may sit inside an organisation's name (审批, 购销).
    pub agency_verbs: HashSet<String>,
    /// Words that describe an institution rather than name it (新建, 智慧),
    /// dropped from the start of a name read back from its head.
    pub agency_descriptors: Vec<String>,
    /// Words that often follow a personal name.
    pub name_followers: WordMatcher<()>,
    /// Verbs that take people as their object (听取, 会见): printed as a
    /// word right before a title, one ends the title read back from its
    /// post (`data/people_verbs.txt`).
    pub people_verbs: HashSet<String>,
    /// Agency short forms: surface -> (canonical template, level).
    pub abbreviations: HashMap<String, (String, Option<char>)>,
    /// Matcher over the short forms and user agency names.
    pub agency_words: WordMatcher<bool>,
    /// [`Resources::agency_words`], [`Resources::agency_heads`],
    /// [`Resources::titles`] and [`Resources::triggers`] searched in one pass
    /// (every line is searched for all four): see [`Resources::line_words`].
    line_lists: MultiMatcher,
    /// Event trigger words and their kinds.
    pub triggers: WordMatcher<String>,
    /// Participation words -> role.
    pub roles: WordMatcher<String>,
    /// Names the user declared to be people.
    pub user_people: Vec<String>,
    /// The statistical PER/LOC/ORG tagger, built from the shipped model and
    /// these lexicons (its features read them).
    pub tagger: Option<crate::tagger::Tagger>,
    /// Which tagged types a build adds beside the rules' mentions.
    pub tagged: crate::tagger::TaggedTypes,
}

/// The words of the lists searched in every line, found in one pass: the
/// matches each list's `find` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineWords {
    /// [`Resources::agency_words`]' matches.
    pub agency_words: Vec<(usize, usize, bool)>,
    /// [`Resources::agency_heads`]' matches.
    pub agency_heads: Vec<(usize, usize, bool)>,
    /// [`Resources::titles`]' matches.
    pub titles: Vec<(usize, usize, TitleWord)>,
    /// [`Resources::triggers`]' matches. No trigger holds a character that
    /// ends a sentence, so a sentence's triggers are those of its line that
    /// start in it (tested on the data).
    pub triggers: Vec<(usize, usize, String)>,
}

impl Resources {
    /// Agency short forms, agency heads, titles and event triggers in `text`
    /// (byte offsets), searched together.
    pub fn line_words(&self, text: &str) -> LineWords {
        let found = self.line_lists.find(text);
        LineWords {
            agency_words: self.agency_words.with_values(&found[0]),
            agency_heads: self.agency_heads.with_values(&found[1]),
            titles: self.titles.with_values(&found[2]),
            triggers: self.triggers.with_values(&found[3]),
        }
    }

    /// The built-in resources.
    pub fn builtin() -> Result<Resources, DictError> {
        Ok(Resources::with_user_words(&[]))
    }

    /// Built-in resources extended by user dictionaries.
    pub fn with_user_dicts(paths: &[PathBuf]) -> Result<Resources, DictError> {
        let mut words = Vec::new();
        for p in paths {
            words.extend(read_user_dict(p)?);
        }
        Ok(Resources::with_user_words(&words))
    }

    /// Built-in resources plus user words.
    pub fn with_user_words(user: &[UserWord]) -> Resources {
        let of = |k: WordType| -> Vec<String> {
            user.iter()
                .filter(|w| w.kind == k)
                .map(|w| w.word.clone())
                .collect()
        };
        let titles_words =
            lexicon::title_words(include_str!("../../data/titles.tsv"), &of(WordType::Title));
        let abbreviations = lexicon::abbreviations(include_str!("../../data/agency_abbrev.tsv"));
        let (people, agencies) = (of(WordType::Person), of(WordType::Agency));
        let extra_places: Vec<(String, Level)> = of(WordType::Place)
            .into_iter()
            .map(|p| (p, Level::Other))
            .collect();
        if !extra_places.is_empty() {
            // A user's place changes the gazetteer, whose short forms are
            // judged by jieba: one thing after the other.
            let plain = jieba_rs::Jieba::new();
            let gazetteer = Gazetteer::build(
                include_str!("../../data/divisions.tsv"),
                &surfaces::word_set(include_str!("../../data/place_alias_stop.txt")),
                &surfaces::word_set(include_str!("../../data/generic_places.txt")),
                &extra_places,
                &|s| surfaces::keep_short(&plain, s),
            );
            let added = JiebaWords::of(&gazetteer, &titles_words, &abbreviations);
            let jieba = segmenter(plain, &added, &people, &agencies);
            return Resources::assemble(user, gazetteer, titles_words, abbreviations, jieba);
        }
        std::thread::scope(|scope| {
            // jieba's dictionary takes a third of the start-up to load and
            // has no serialised form (its trie is private to jieba-rs): it
            // loads on a thread of its own, and takes the words govgraph
            // adds there, while the rest is built on this one.
            let (send, receive) = std::sync::mpsc::channel::<JiebaWords>();
            let (people, agencies) = (&people, &agencies);
            let loading = scope.spawn(move || {
                let plain = jieba_rs::Jieba::new();
                // No words come only when this thread's caller panicked.
                let added = receive.recv().ok()?;
                Some(segmenter(plain, &added, people, agencies))
            });
            // What the branch above gives with no extra place, computed by
            // build.rs.
            let gazetteer = Gazetteer::builtin();
            // A send fails only when the loading thread panicked: the join
            // below passes its panic on.
            let _ = send.send(JiebaWords::of(&gazetteer, &titles_words, &abbreviations));
            // Nothing assemble builds reads jieba (the tagger reads a line's
            // words when it tags, not when it is compiled): it gets an empty
            // one, replaced once the loaded one is ready.
            let placeholder = jieba_rs::Jieba::empty();
            let mut res =
                Resources::assemble(user, gazetteer, titles_words, abbreviations, placeholder);
            res.jieba = join(loading).expect("jieba's words were sent");
            res
        })
    }

    /// The resources around a gazetteer, the title grammar's words, the
    /// agency short forms and jieba.
    fn assemble(
        user: &[UserWord],
        gazetteer: Gazetteer,
        titles_words: Vec<(String, TitleWord)>,
        abbreviations: HashMap<String, (String, Option<char>)>,
        jieba: jieba_rs::Jieba,
    ) -> Resources {
        let of = |k: WordType| -> Vec<String> {
            user.iter()
                .filter(|w| w.kind == k)
                .map(|w| w.word.clone())
                .collect()
        };
        let titles = WordMatcher::new(titles_words);
        let agency_heads = WordMatcher::new(
            lexicon::tsv_rows(include_str!("../../data/agency_suffixes.txt"))
                .map(|r| (r[0].to_string(), r.get(1) == Some(&"unit")))
                .collect(),
        );
        let mut non_agency: Vec<String> =
            lexicon::word_lines(include_str!("../../data/non_agency_words.txt"))
                .map(String::from)
                .collect();
        non_agency.sort();
        non_agency.dedup();
        let agency_verbs = lexicon::word_lines(include_str!("../../data/agency_inner_verbs.txt"))
            .map(String::from)
            .collect();
        let mut agency_descriptors: Vec<String> =
            lexicon::word_lines(include_str!("../../data/agency_descriptors.txt"))
                .map(String::from)
                .collect();
        // Longest first: 新成立 before 成立.
        agency_descriptors.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let people_verbs = lexicon::word_lines(include_str!("../../data/people_verbs.txt"))
            .map(String::from)
            .collect();
        let name_followers = WordMatcher::new(
            lexicon::word_lines(include_str!("../../data/name_followers.txt"))
                .map(|w| (w.to_string(), ()))
                .collect(),
        );
        let mut aw: Vec<(String, bool)> =
            abbreviations.keys().map(|k| (k.clone(), false)).collect();
        aw.sort();
        for a in of(WordType::Agency) {
            aw.push((a, true));
        }
        let agency_words = WordMatcher::new(aw);

        let triggers = WordMatcher::new(
            lexicon::tsv_rows(include_str!("../../data/event_triggers.tsv"))
                .filter(|r| r.len() >= 2)
                .map(|r| (r[0].to_string(), r[1].to_string()))
                .collect(),
        );
        let roles = WordMatcher::new(
            lexicon::tsv_rows(include_str!("../../data/roles.tsv"))
                .filter(|r| r.len() >= 2)
                .map(|r| (r[0].to_string(), r[1].to_string()))
                .collect(),
        );
        let line_lists = MultiMatcher::new(&[
            &agency_words.words(),
            &agency_heads.words(),
            &titles.words(),
            &triggers.words(),
        ]);
        let mut res = Resources {
            jieba,
            gazetteer,
            surnames: names::Surnames::builtin().clone(),
            titles,
            agency_heads,
            non_agency,
            agency_verbs,
            agency_descriptors,
            name_followers,
            people_verbs,
            abbreviations,
            agency_words,
            line_lists,
            triggers,
            roles,
            user_people: {
                // Longest first, so 张三丰 wins over 张三; then by name, for determinism.
                let mut v = of(WordType::Person);
                v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
                v.dedup();
                v
            },
            tagger: None,
            tagged: crate::tagger::TaggedTypes::default(),
        };
        // The shipped model is part of the binary and tested to load.
        res.tagger = crate::tagger::Tagger::new(&res).ok();
        res
    }
}

/// The result of a scoped thread; its panic goes on in the caller.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The words govgraph adds to jieba, each list in the order they go in.
struct JiebaWords {
    /// The gazetteer's surfaces, and whether each is a short form.
    places: Vec<(String, bool)>,
    /// Title grammar words that are no organ names.
    titles: Vec<String>,
    /// Agency short forms.
    short_forms: Vec<String>,
}

impl JiebaWords {
    fn of(
        gazetteer: &Gazetteer,
        titles: &[(String, TitleWord)],
        abbreviations: &HashMap<String, (String, Option<char>)>,
    ) -> JiebaWords {
        let mut places: Vec<(String, bool)> = gazetteer
            .surfaces()
            .map(|(s, short)| (s.to_string(), short))
            .collect();
        places.sort();
        let mut titles: Vec<String> = titles
            .iter()
            .filter(|(_, w)| *w != TitleWord::Body)
            .map(|(w, _)| w.clone())
            .collect();
        titles.sort();
        let mut short_forms: Vec<String> = abbreviations.keys().cloned().collect();
        short_forms.sort();
        JiebaWords {
            places,
            titles,
            short_forms,
        }
    }
}

/// jieba with the gazetteer, titles and agency short forms added, so that
/// segmentation keeps place names, posts and organs whole (郭村镇 端村, not
/// 郭 村镇 端村), then the user's people and agencies. A short form is added
/// only when jieba does not already know it as an ordinary word (振兴 stays
/// a verb).
fn segmenter(
    mut jieba: jieba_rs::Jieba,
    added: &JiebaWords,
    people: &[String],
    agencies: &[String],
) -> jieba_rs::Jieba {
    for (s, short) in &added.places {
        let (s, short) = (s.as_str(), *short);
        // 和县 as a word reads 县委和县政府 as 县委|和县|政府: a two-character
        // name starting with a conjunction is left to jieba's own judgement.
        if s.chars().count() == 2 && s.starts_with(['和', '与', '及']) {
            continue;
        }
        if short && jieba.has_word(s) {
            let known_as_place = jieba
                .tag(s, false)
                .first()
                .map(|t| t.word == s && t.tag.starts_with("ns"))
                .unwrap_or(false);
            if !known_as_place {
                continue;
            }
        }
        jieba.add_word(s, Some(50_000), Some("ns"));
    }
    for w in &added.titles {
        if !jieba.has_word(w) {
            jieba.add_word(w, Some(20_000), Some("n"));
        }
    }
    for row in lexicon::tsv_rows(include_str!("../../data/jieba_words.txt")) {
        if let [word, tag, ..] = row.as_slice() {
            jieba.add_word(word, Some(30_000), Some(tag));
        }
    }
    for a in &added.short_forms {
        // 县党群服务中心 as a word would split 沁源县|党群 into 沁源|县党群:
        // only short forms without a level character go in.
        let leveled = a.starts_with(classes::is_division_level_char);
        if !leveled && !jieba.has_word(a) {
            jieba.add_word(a, Some(20_000), Some("nt"));
        }
    }
    for p in people {
        jieba.add_word(p, Some(100_000), Some("nr"));
    }
    for a in agencies {
        jieba.add_word(a, Some(100_000), Some("nt"));
    }
    jieba
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_user_dict_names_bad_line() {
        let err =
            parse_user_dict(Path::new("my.dict"), "# c\n张三\tperson\n李四 persn\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("my.dict:3:"), "{msg}");
        assert!(msg.contains("unknown type"), "{msg}");
    }

    #[test]
    fn resources_user_dict_parses_types() {
        let w = parse_user_dict(Path::new("d"), "韩城镇\tplace\n县融媒体中心 agency\n").unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].kind, WordType::Place);
    }

    #[test]
    fn resources_gazetteer_short_forms() {
        let r = Resources::builtin().unwrap();
        let hits = r.gazetteer.find("河北张家口冰雪产业博览会在涿鹿举行");
        let names: Vec<String> = hits
            .iter()
            .map(|h| "河北张家口冰雪产业博览会在涿鹿举行"[h.start..h.end].to_string())
            .collect();
        assert_eq!(names, vec!["河北", "张家口", "涿鹿"]);
    }

    #[test]
    fn first_match_is_the_first_of_all_matches() {
        let r = Resources::builtin().unwrap();
        let texts = [
            "",
            "会议由县委常委、常务副县长郝淑芳主持",
            "河北张家口冰雪产业博览会在涿鹿举行",
            "县残联和县教育局联合开展活动",
            "没有地名也没有机构",
        ];
        for t in texts {
            let place = r.gazetteer.first(t).map(|h| (h.start, h.end));
            assert_eq!(
                place,
                r.gazetteer.find(t).first().map(|h| (h.start, h.end)),
                "{t}"
            );
            assert_eq!(r.titles.first(t), r.titles.find(t).first().cloned(), "{t}");
            assert_eq!(
                r.agency_heads.first(t),
                r.agency_heads.find(t).first().cloned(),
                "{t}"
            );
        }
        assert!(r.gazetteer.first(texts[2]).is_some());
        assert!(r.titles.first(texts[1]).is_some());
        assert!(r.agency_heads.first(texts[3]).is_some());
    }
}
