//! `tagger`: a statistical character-level PER/LOC/ORG tagger (BIO tags),
//! a second opinion beside the rules of `extract`.
//!
//! Why: the rules find what their grammars and lists describe (a title
//! before a name, a head after an agency's name); a statistical tagger,
//! trained on a newswire NER corpus, also finds people, places and
//! organisations printed without those cues. It is built to run on every
//! line of a build: a linear model scored in one pass over the line (n-gram
//! rows added to flat score arrays, as vaporetto does; see [`model`]), then
//! a seven-tag Viterbi under the BIO constraints ([`decode`]).
//!
//! The model is trained by `examples/train_tagger.rs` ([`train`]) and
//! shipped inside the binary (`models/ner/model.bin`, see its README);
//! nothing is downloaded. Tagging is pure: the same line gives the same
//! spans, on any thread.
//!
//! ```
//! use govgraph::resources::Resources;
//! use govgraph::tagger::{NerKind, Tagger};
//! let res = Resources::builtin().unwrap();
//! let tagger = Tagger::new(&res).unwrap();
//! let spans = tagger.tag(&res, "市长张晓明在北京会见了国家发展和改革委员会的代表。");
//! assert!(spans.iter().any(|s| s.kind == NerKind::Per && (s.start, s.end) == (2, 5)));
//! ```

pub mod agree;
pub mod decode;
pub mod features;
pub mod model;
pub mod pages;
pub mod runs;
pub mod train;

use crate::extract::LineText;

/// Which of the tagger's types a build adds to the graph beside the rules'
/// mentions (`--tagged`). The default is all three: a tagged place or
/// organisation joins only where it reads as one to the rules (a name of
/// the world table, a place's ending after a stem that is no common word,
/// an organisation jieba knows or one ending in an organisation's head:
/// `extract::tagged`), which gained on county news pages and on the NER
/// corpus both (figures in the README's extraction quality section).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggedTypes {
    /// Add tagged people.
    pub people: bool,
    /// Add tagged places.
    pub places: bool,
    /// Add tagged organisations.
    pub organisations: bool,
}

impl TaggedTypes {
    /// Whether any type joins: with none, the tagger does not run at all
    /// (`--tagged none` is the rules-only build).
    pub fn any(&self) -> bool {
        self.people || self.places || self.organisations
    }
}

impl Default for TaggedTypes {
    fn default() -> Self {
        TaggedTypes {
            people: true,
            places: true,
            organisations: true,
        }
    }
}

impl std::str::FromStr for TaggedTypes {
    type Err = String;

    /// `none`, `all`, or a comma-separated list of `people`, `places`,
    /// `organisations` (also `PER`, `LOC`, `ORG`).
    fn from_str(s: &str) -> Result<Self, String> {
        let mut t = TaggedTypes {
            people: false,
            places: false,
            organisations: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "none" => {}
                "all" => {
                    t = TaggedTypes {
                        people: true,
                        places: true,
                        organisations: true,
                    }
                }
                "people" | "per" => t.people = true,
                "places" | "loc" => t.places = true,
                "organisations" | "organizations" | "org" => t.organisations = true,
                other => {
                    return Err(format!(
                        "unknown tagged type {other:?} (expected people, places, organisations, all or none)"
                    ))
                }
            }
        }
        Ok(t)
    }
}
use crate::resources::Resources;
use decode::{Lattice, LANES};
use features::{Extractor, LineFeatures, Word};
use model::{score_offset, Compiled, Model};
use std::cell::RefCell;

/// The shipped model (see `models/ner/README.md`).
pub(crate) static BUILTIN: &[u8] = include_bytes!("../../models/ner/model.bin");

/// The type of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerKind {
    /// A person.
    Per,
    /// A place.
    Loc,
    /// An organisation.
    Org,
}

impl NerKind {
    /// `PER`, `LOC` or `ORG`.
    pub fn as_str(self) -> &'static str {
        match self {
            NerKind::Per => "PER",
            NerKind::Loc => "LOC",
            NerKind::Org => "ORG",
        }
    }

    /// The decoder's type id (0 PER, 1 LOC, 2 ORG).
    fn type_id(self) -> u8 {
        match self {
            NerKind::Per => 0,
            NerKind::Loc => 1,
            NerKind::Org => 2,
        }
    }

    fn from_type(t: u8) -> NerKind {
        match t {
            0 => NerKind::Per,
            1 => NerKind::Loc,
            _ => NerKind::Org,
        }
    }
}

/// An entity found in a line: characters `[start, end)` of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NerSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Its type.
    pub kind: NerKind,
}

/// A model that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    /// The bytes are not a model this govgraph reads.
    #[error("{origin}: not a usable tagger model: {reason}")]
    BadModel {
        /// Where the bytes came from (a path, or "built-in model").
        origin: String,
        /// What is wrong.
        reason: String,
    },
}

/// Buffers reused from line to line (one set per thread).
#[derive(Default)]
struct Scratch {
    features: LineFeatures,
    scores: Vec<i32>,
    probes: model::Scratch,
    lattice: Lattice,
    tags: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The tagger: a compiled model and the lexicons its features read. Built
/// once; `Send + Sync`, and tagging takes `&self`.
#[derive(Debug, Clone)]
pub struct Tagger {
    model: Compiled,
    extractor: Extractor,
}

impl Tagger {
    /// The shipped model, with the lexicons of `res`.
    pub fn new(res: &Resources) -> Result<Tagger, TaggerError> {
        Tagger::from_bytes(BUILTIN, "built-in model", res)
    }

    /// A model read from its file bytes; `origin` names them in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str, res: &Resources) -> Result<Tagger, TaggerError> {
        let model = Model::from_bytes(bytes).map_err(|reason| TaggerError::BadModel {
            origin: origin.to_string(),
            reason,
        })?;
        Ok(Tagger::from_model(model, res))
    }

    /// A model already in memory.
    pub fn from_model(model: Model, res: &Resources) -> Tagger {
        let extractor = Extractor::new(model.config, res);
        Tagger {
            model: Compiled::new(model, &extractor),
            extractor,
        }
    }

    /// Does the model read jieba's words? Then [`Tagger::tag`] segments the
    /// line with jieba (several times slower than the tagger itself) and
    /// [`Tagger::tag_line`] takes the words a [`LineText`] already holds.
    pub fn uses_jieba(&self) -> bool {
        self.model.config.jieba
    }

    /// The entities of one line of normalised text (`ingest` normalises
    /// pages), offsets in characters of `text`. `res` gives jieba, when the
    /// model reads jieba's words.
    pub fn tag(&self, res: &Resources, text: &str) -> Vec<NerSpan> {
        let words = if self.uses_jieba() {
            features::jieba_words(&res.jieba, text)
        } else {
            Vec::new()
        };
        self.tag_with_words(text, &words)
    }

    /// [`Tagger::tag`] for a line already segmented by jieba (the tokens of
    /// an extraction's [`LineText::tag`]): no second segmentation.
    pub fn tag_line(&self, line: &LineText) -> Vec<NerSpan> {
        self.tag_with_words(&line.text, &words_of(line))
    }

    /// [`Tagger::tag`] with the line's jieba words given (ignored when the
    /// model does not read them).
    pub fn tag_with_words(&self, text: &str, words: &[Word]) -> Vec<NerSpan> {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            self.decode(text, words, s);
            let mut found = spans(&s.tags);
            // Most lines hold no person's span long enough to be a run.
            if found
                .iter()
                .any(|f| f.kind == NerKind::Per && f.end - f.start >= 4)
            {
                let chars: Vec<char> = text.chars().collect();
                runs::split_runs_of_names(&chars, &mut found);
            }
            found
        })
    }

    /// The tag ids of a line (see [`decode::TAG_NAMES`]).
    pub fn tag_ids(&self, res: &Resources, text: &str, out: &mut Vec<u8>) {
        let words = if self.uses_jieba() {
            features::jieba_words(&res.jieba, text)
        } else {
            Vec::new()
        };
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            self.decode(text, &words, &mut s);
            out.clear();
            out.extend_from_slice(&s.tags);
        })
    }

    fn decode(&self, text: &str, words: &[Word], s: &mut Scratch) {
        self.extractor.line(text, words, &mut s.features);
        self.model.scores(&s.features, &mut s.scores, &mut s.probes);
        self.best_tags(s.features.len(), &s.scores, &mut s.lattice, &mut s.tags);
    }

    /// Viterbi over a line's scores.
    fn best_tags(&self, len: usize, scores: &[i32], lattice: &mut Lattice, tags: &mut Vec<u8>) {
        let off = score_offset(&self.model.config);
        decode::viterbi(
            len,
            |i| {
                let mut e = [0i32; LANES];
                e.copy_from_slice(&scores[(i + off) * LANES..(i + off + 1) * LANES]);
                e
            },
            &self.model.trans,
            &self.model.start,
            lattice,
            tags,
        );
    }
}

/// The jieba words of a tagged [`LineText`].
fn words_of(line: &LineText) -> Vec<Word> {
    line.tokens
        .iter()
        .map(|t| Word::new(t.start, t.end, &t.tag))
        .collect()
}

/// Spans of a tag sequence.
fn spans(tags: &[u8]) -> Vec<NerSpan> {
    decode::spans_of(tags)
        .into_iter()
        .map(|(start, end, t)| NerSpan {
            start,
            end,
            kind: NerKind::from_type(t),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tagger_tagged_types_parse() {
        use super::TaggedTypes;
        let t: TaggedTypes = "people,ORG".parse().unwrap();
        assert!(t.people && !t.places && t.organisations);
        let n: TaggedTypes = "none".parse().unwrap();
        assert!(!n.any() && t.any());
        assert!(!n.people && !n.places && !n.organisations);
        assert!("persons".parse::<TaggedTypes>().is_err());
        assert_eq!(TaggedTypes::default(), "all".parse().unwrap());
    }

    use super::*;
    use crate::ingest::LineKind;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());
    static TAGGER: LazyLock<Tagger> = LazyLock::new(|| Tagger::new(&RES).unwrap());

    fn shown(text: &str, spans: &[NerSpan]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        spans
            .iter()
            .map(|s| {
                let w: String = chars[s.start..s.end].iter().collect();
                format!("{}:{w}", s.kind.as_str())
            })
            .collect()
    }

    #[test]
    fn tagger_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Tagger>();
        // The same spans on another thread (its own scratch buffers).
        let text = "副市长李建国在武汉市会见了湖北省商务厅的客人。";
        let here = TAGGER.tag(&RES, text);
        let there = std::thread::spawn(move || TAGGER.tag(&RES, text))
            .join()
            .unwrap();
        assert_eq!(here, there);
        assert!(!here.is_empty());
    }

    #[test]
    fn tagger_finds_names_places_and_organisations() {
        let text = "副市长李建国在武汉市会见了湖北省商务厅的客人。";
        assert_eq!(
            shown(text, &TAGGER.tag(&RES, text)),
            ["PER:李建国", "LOC:武汉市", "ORG:湖北省商务厅"]
        );
        assert!(TAGGER.tag(&RES, "").is_empty());
        assert!(TAGGER.tag(&RES, "。。。").is_empty());
    }

    #[test]
    fn tagger_line_tokens_give_what_segmenting_gives() {
        for text in [
            "副市长李建国在武汉市会见了湖北省商务厅的客人。",
            "10月8日,县委书记王建华主持召开会议,副县长刘芳出席。",
            "据新华社报道,克里斯蒂娜在布宜诺斯艾利斯发表讲话",
        ] {
            let line = LineText::tagged(text, 0, LineKind::Body, &RES.jieba);
            assert_eq!(TAGGER.tag_line(&line), TAGGER.tag(&RES, text), "{text}");
        }
    }

    #[test]
    fn tagger_refuses_a_bad_model_naming_it() {
        let e = Tagger::from_bytes(b"not a model", "my.bin", &RES).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("my.bin: not a usable tagger model"),
            "{msg}"
        );
    }
}
