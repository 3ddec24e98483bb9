//! What the tagger sees of a line: character n-grams around each
//! character, and a handful of small "attributes" per character (character
//! classes, govgraph's own lexicons, optionally jieba's words).
//!
//! Training and tagging compute features with this one module, so a model
//! sees at run time exactly what it saw in training.
//!
//! **N-grams.** The line is padded with [`BOS`] and [`EOS`] characters, `W`
//! (the window) on each side. Every n-gram of the padded line (n up to
//! [`FeatureConfig::max_ngram`]; optionally the skip bigram `c[-1] c[+1]`)
//! is a feature of each position whose window `[-W, +W]` holds it. A model
//! stores, for each n-gram, one row of scores per position it reaches (see
//! [`FeatureConfig::row_len`]): tagging looks each n-gram up once and adds
//! its row to a run of consecutive positions, as vaporetto does.
//!
//! **Attributes** are small integers ([`attr_count`] of them), a position's
//! own: a bias, the classes of the characters around it, and where the
//! words of govgraph's lists lie around it (place names of the gazetteer,
//! titles, agency heads and short forms, words that follow names and
//! honorifics, surnames), each as B/I/E/S/none of a word of that list
//! (leftmost-longest matches, as the rules read them), and a few pairs of
//! those (a surname right after a title). With [`FeatureConfig::jieba`], the
//! jieba word a character is in (its position in the word and its part of
//! speech) too.

use crate::resources::lexicon::MultiMatcher;
use crate::resources::Resources;
use crate::text::is_han;
use std::collections::HashSet;

/// The character padding a line on the left.
pub const BOS: u32 = 2;
/// The character padding a line on the right.
pub const EOS: u32 = 3;
/// The first of the three markers of the masked line: a single surname,
/// the first and the second character of a compound one (private-use
/// characters, which normalised text does not hold).
const MARK: u32 = 0xE000;

/// Which features a model reads; stored in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Characters on each side a position sees (1 to 3).
    pub window: u8,
    /// Longest contiguous n-gram (1 to 3).
    pub max_ngram: u8,
    /// The skip bigram `c[-1] c[+1]`.
    pub skip_bigram: bool,
    /// govgraph's lexicons (gazetteer, titles, agency words, surnames).
    pub lexicon: bool,
    /// jieba's words and parts of speech.
    pub jieba: bool,
    /// Bigrams and trigrams of the line with every surname character
    /// replaced by a marker (`<surname>海花`): given-name characters learnt
    /// from every name, not one surname's.
    pub surname_ngrams: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            window: 2,
            max_ngram: 3,
            skip_bigram: false,
            lexicon: true,
            jieba: true,
            surname_ngrams: true,
        }
    }
}

/// One kind of n-gram feature: `n` contiguous characters, or (skip) the
/// characters before and after a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// Characters in the key.
    pub n: u8,
    /// `c[-1] c[+1]` rather than contiguous characters.
    pub skip: bool,
    /// Read from the line with surnames masked (only n-grams holding a
    /// masked surname are features).
    pub masked: bool,
}

impl Kind {
    /// Characters of the padded line the key is read from.
    pub fn span(self) -> usize {
        if self.skip {
            3
        } else {
            usize::from(self.n)
        }
    }

    /// The key of this kind starting at padded position `q`, if there is
    /// a feature of this kind there.
    #[inline]
    pub fn key(self, f: &LineFeatures, q: usize) -> Option<u64> {
        if self.skip {
            Some(pack(&[f.padded[q], f.padded[q + 2]]))
        } else if self.masked {
            let g = &f.masked[q..q + usize::from(self.n)];
            g.iter().any(|&c| c >= MARK).then(|| pack(g))
        } else {
            Some(pack(&f.padded[q..q + usize::from(self.n)]))
        }
    }
}

/// Up to three characters in one key, 21 bits each (no character is 0).
pub fn pack(chars: &[u32]) -> u64 {
    chars.iter().fold(0u64, |k, &c| (k << 21) | u64::from(c))
}

impl FeatureConfig {
    /// Is this a configuration a model may have?
    pub fn check(&self) -> Result<(), String> {
        if !(1..=3).contains(&self.window) {
            return Err(format!("window {} is not 1 to 3", self.window));
        }
        if !(1..=3).contains(&self.max_ngram) || self.max_ngram > 2 * self.window + 1 {
            return Err(format!("n-grams of {} characters", self.max_ngram));
        }
        Ok(())
    }

    /// The n-gram kinds, in the order a model stores them.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut k: Vec<Kind> = (1..=self.max_ngram)
            .map(|n| Kind {
                n,
                skip: false,
                masked: false,
            })
            .collect();
        if self.skip_bigram {
            k.push(Kind {
                n: 2,
                skip: true,
                masked: false,
            });
        }
        if self.surname_ngrams && self.lexicon {
            for n in 2..=self.max_ngram {
                k.push(Kind {
                    n,
                    skip: false,
                    masked: true,
                });
            }
        }
        k
    }

    /// Padding on each side of a line.
    pub fn pad(&self) -> usize {
        usize::from(self.window)
    }

    /// Positions an n-gram of `kind` reaches: a row of that many
    /// positions' scores.
    pub fn row_len(&self, kind: Kind) -> usize {
        if kind.skip {
            1
        } else {
            2 * self.pad() + 2 - usize::from(kind.n)
        }
    }

    /// The first padded position an n-gram at padded position `q` reaches
    /// is `q + first_target(kind)` (the row covers the next
    /// [`FeatureConfig::row_len`] positions), which may be negative.
    pub fn first_target(&self, kind: Kind) -> isize {
        if kind.skip {
            1
        } else {
            isize::from(kind.n) - 1 - self.pad() as isize
        }
    }
}

/// The class of a character: 0 padding, 1 Han, 2 digit, 3 Latin letter,
/// 4 Chinese numeral, 5 punctuation or symbol, 6 anything else.
pub fn class_of(c: u32) -> u32 {
    match CLASS_TABLE.get(c as usize) {
        Some(&k) => u32::from(k & 7),
        None => class_slow(c),
    }
}

/// Is `c` one of [`TRANSLIT_CHARS`]?
fn is_translit(c: u32) -> bool {
    CLASS_TABLE.get(c as usize).is_some_and(|&k| k & 8 != 0)
}

/// [`class_of`] for the Basic Multilingual Plane, looked up, and 8 for the
/// characters of [`TRANSLIT_CHARS`].
static CLASS_TABLE: std::sync::LazyLock<Box<[u8]>> = std::sync::LazyLock::new(|| {
    let mut t: Box<[u8]> = (0..0x1_0000u32).map(|c| class_slow(c) as u8).collect();
    for c in TRANSLIT_CHARS.chars().filter(|c| !c.is_whitespace()) {
        t[c as usize] |= 8;
    }
    t
});

fn class_slow(c: u32) -> u32 {
    if c == BOS || c == EOS {
        return 0;
    }
    let Some(ch) = char::from_u32(c) else {
        return 6;
    };
    if "〇一二三四五六七八九十百千万亿两零壹贰叁肆伍陆柒捌玖拾佰仟".contains(ch)
    {
        4
    } else if is_han(ch) {
        1
    } else if ch.is_ascii_digit() {
        2
    } else if ch.is_alphabetic() {
        3
    } else if ch.is_ascii_punctuation() || ch.is_ascii_whitespace() || !ch.is_alphanumeric() {
        5
    } else {
        6
    }
}

pub(crate) const CLASSES: u32 = 7;

/// Characters of the standard transliteration of foreign names (Xinhua's
/// table): a run of them (克里斯蒂娜, 斯洛文尼亚) is likely a foreign name
/// or place, whatever its characters mean one by one.
const TRANSLIT_CHARS: &str = "阿艾爱安奥巴拜班邦保鲍贝本比彼毕波伯博布查达戴丹道德登迪蒂丁杜多厄恩法范菲费芬丰\
    弗福富盖甘冈戈格古圭哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱赖兰朗劳勒雷蕾里利莉列\
    林琳隆卢鲁路伦罗洛马玛迈麦曼梅门蒙米密缪莫默姆穆纳娜奈南内尼妮涅宁纽努诺欧帕派潘佩彭皮普齐奇乔切琼\
    丘萨塞桑瑟森沙莎尚舍圣施什舒斯松苏索塔泰坦汤特滕提托瓦万旺威韦维温沃乌伍西希夏谢辛休雅亚扬耶伊因英\
    尤约泽扎詹兹茨娃娅";

/// Words that follow a name (besides `data/name_followers.txt`) and are not
/// in the title grammar: honorifics and relations.
const HONORIFICS: &[&str] = &[
    "先生",
    "女士",
    "小姐",
    "夫人",
    "太太",
    "同志",
    "老师",
    "教授",
    "博士",
    "师傅",
    "大夫",
    "医生",
    "院士",
    "大使",
    "总统",
    "总理",
    "首相",
    "主席",
    "委员长",
    "阁下",
    "同学",
    "老人",
    "一家",
];

/// Codes of a position's lexicon matches: B, I, E, S of a word of that
/// list, or 0.
const NONE: u8 = 0;
const B: u8 = 1;
const I: u8 = 2;
const E: u8 = 3;
const S: u8 = 4;
const BIES: u32 = 5;

/// Columns of a position's codes: the lists searched (in [`Lexicon`]'s
/// matcher order), then the surname and jieba codes.
const TITLE: usize = 0;
const HEAD: usize = 1;
const SHORT: usize = 2;
const FOLLOW: usize = 3;
const LISTS: usize = 4;
pub(crate) const SURNAME: usize = LISTS;
const JIEBA: usize = LISTS + 1;
const TRANSLIT: usize = LISTS + 2;
pub(crate) const COLUMNS: usize = LISTS + 3;

/// Surname codes: 1 a single surname, 2 the first and 3 the second
/// character of a compound one.
const SURNAME_CODES: u32 = 4;

/// jieba's parts of speech, folded to a few classes (the index + 1 is the
/// class; 0 for any other tag).
const POS: &[&str] = &[
    "nr", "nrt", "nrfg", "ns", "nt", "nz", "n", "v", "vn", "a", "m", "q", "t", "f", "s", "x",
    "eng", "j", "p", "c", "u", "d", "r",
];
const POS_CLASSES: u32 = POS.len() as u32 + 1;

/// The part-of-speech class of a jieba tag.
pub fn pos_class(tag: &str) -> u8 {
    POS.iter()
        .position(|&p| p == tag)
        .map_or(0, |i| (i + 1) as u8)
}

/// A jieba word of a line: character offsets and [`pos_class`] of its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// First character.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// [`pos_class`] of its tag.
    pub pos: u8,
}

impl Word {
    /// The word at characters `[start, end)` with jieba's tag `tag`.
    pub fn new(start: usize, end: usize, tag: &str) -> Word {
        Word {
            start,
            end,
            pos: pos_class(tag),
        }
    }
}

/// jieba's words of a line (`jieba.tag` with its HMM), as the features read
/// them.
pub fn jieba_words(jieba: &jieba_rs::Jieba, text: &str) -> Vec<Word> {
    jieba
        .tag(text, true)
        .iter()
        .map(|t| Word::new(t.start, t.end, t.tag))
        .collect()
}

/// Values of each code column.
pub(crate) const VALUES: [u32; COLUMNS] = [
    BIES,
    BIES,
    BIES,
    BIES,
    SURNAME_CODES,
    1 + 4 * POS_CLASSES,
    1 + 4 * 3,
];

/// What an attribute template reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reads {
    /// Always 0: one weight per tag.
    Bias,
    /// The classes of the characters at -1, 0 and +1.
    Classes,
    /// A code column at an offset.
    One(usize, isize),
    /// Two code columns at offsets, where both are non-zero.
    Pair((usize, isize), (usize, isize)),
}

impl Reads {
    pub(crate) const fn values(self) -> u32 {
        match self {
            Reads::Bias => 1,
            Reads::Classes => CLASSES * CLASSES * CLASSES,
            Reads::One(c, _) => VALUES[c],
            Reads::Pair((a, _), (b, _)) => VALUES[a] * VALUES[b],
        }
    }

    /// Is this template read under `config`? The lists and surnames are
    /// the lexicon's, jieba's codes jieba's.
    fn read_by(self, config: &FeatureConfig) -> bool {
        let column = |c: usize| {
            if c == JIEBA {
                config.jieba
            } else {
                config.lexicon
            }
        };
        match self {
            Reads::Bias | Reads::Classes => true,
            Reads::One(c, _) => column(c),
            Reads::Pair((a, _), (b, _)) => column(a) && column(b),
        }
    }
}

/// The attribute templates: a name and what it reads. Attribute ids are a
/// template's base plus a value; value 0 of a code means "nothing here"
/// and is never emitted.
pub(crate) const TEMPLATES: &[(&str, Reads)] = &[
    ("bias", Reads::Bias),
    ("class[-1,0,+1]", Reads::Classes),
    ("title[-1]", Reads::One(TITLE, -1)),
    ("title[0]", Reads::One(TITLE, 0)),
    ("title[+1]", Reads::One(TITLE, 1)),
    ("head[-1]", Reads::One(HEAD, -1)),
    ("head[0]", Reads::One(HEAD, 0)),
    ("head[+1]", Reads::One(HEAD, 1)),
    ("head[+2]", Reads::One(HEAD, 2)),
    ("short[-1]", Reads::One(SHORT, -1)),
    ("short[0]", Reads::One(SHORT, 0)),
    ("short[+1]", Reads::One(SHORT, 1)),
    ("follow[0]", Reads::One(FOLLOW, 0)),
    ("follow[+1]", Reads::One(FOLLOW, 1)),
    ("follow[+2]", Reads::One(FOLLOW, 2)),
    ("follow[+3]", Reads::One(FOLLOW, 3)),
    ("surname[-2]", Reads::One(SURNAME, -2)),
    ("surname[-1]", Reads::One(SURNAME, -1)),
    ("surname[0]", Reads::One(SURNAME, 0)),
    (
        "surname[0]*title[-1]",
        Reads::Pair((SURNAME, 0), (TITLE, -1)),
    ),
    (
        "surname[0]*follow[+2]",
        Reads::Pair((SURNAME, 0), (FOLLOW, 2)),
    ),
    (
        "surname[0]*follow[+3]",
        Reads::Pair((SURNAME, 0), (FOLLOW, 3)),
    ),
    (
        "surname[-1]*follow[+1]",
        Reads::Pair((SURNAME, -1), (FOLLOW, 1)),
    ),
    (
        "surname[-2]*follow[+1]",
        Reads::Pair((SURNAME, -2), (FOLLOW, 1)),
    ),
    ("jieba[-1]", Reads::One(JIEBA, -1)),
    ("jieba[0]", Reads::One(JIEBA, 0)),
    ("jieba[+1]", Reads::One(JIEBA, 1)),
    ("jieba[0]*surname[0]", Reads::Pair((JIEBA, 0), (SURNAME, 0))),
    ("translit[-1]", Reads::One(TRANSLIT, -1)),
    ("translit[0]", Reads::One(TRANSLIT, 0)),
    ("translit[+1]", Reads::One(TRANSLIT, 1)),
];

/// Positions of code padding on each side of a line (the widest offset).
pub(crate) const CODE_PAD: usize = 3;

/// The first attribute id of each template.
pub(crate) const BASES: [u32; TEMPLATES.len()] = {
    let mut b = [0u32; TEMPLATES.len()];
    let mut i = 1;
    while i < TEMPLATES.len() {
        b[i] = b[i - 1] + TEMPLATES[i - 1].1.values();
        i += 1;
    }
    b
};

/// Number of attribute ids (whatever the configuration: unused templates
/// keep their place).
pub fn attr_count() -> usize {
    TEMPLATES.iter().map(|t| t.1.values() as usize).sum()
}

/// The name of the template an attribute id belongs to, and its value.
pub fn attr_name(id: u32) -> (&'static str, u32) {
    let mut base = 0;
    for &(name, reads) in TEMPLATES {
        let n = reads.values();
        if id < base + n {
            return (name, id - base);
        }
        base += n;
    }
    ("?", id)
}

/// govgraph's word lists, searched in one pass per line.
#[derive(Debug, Clone)]
pub struct Lexicon {
    lists: MultiMatcher,
    /// By code point (Basic Multilingual Plane): 1 a single surname, 2 the
    /// first character of a compound one, 3 both.
    surname_chars: Box<[u8]>,
    compound_surnames: HashSet<[char; 2]>,
}

impl Lexicon {
    /// The lists of `res`: title words, agency heads and short forms, name
    /// followers (plus honorifics), surnames. (Place names are left to
    /// jieba, which holds every surface of the gazetteer as a place word:
    /// matching the gazetteer on its own cost a quarter of the tagging
    /// time and gained 0.1 point of dev F1.)
    pub fn new(res: &Resources) -> Lexicon {
        let titles = res.titles.words();
        let heads = res.agency_heads.words();
        let short = res.agency_words.words();
        let mut follow = res.name_followers.words();
        follow.extend_from_slice(HONORIFICS);
        let lists = MultiMatcher::new(&[&titles, &heads, &short, &follow]);
        let mut surname_chars = vec![0u8; 0x1_0000].into_boxed_slice();
        for c in res.surnames.singles() {
            if let Some(x) = surname_chars.get_mut(c as usize) {
                *x |= 1;
            }
        }
        let compound_surnames: HashSet<[char; 2]> = res
            .surnames
            .compounds()
            .filter_map(|s| {
                let mut c = s.chars();
                Some([c.next()?, c.next()?])
            })
            .collect();
        for [c, _] in &compound_surnames {
            if let Some(x) = surname_chars.get_mut(*c as usize) {
                *x |= 2;
            }
        }
        Lexicon {
            lists,
            surname_chars,
            compound_surnames,
        }
    }
}

/// A line's features: the padded characters, and each position's codes
/// (lexicon matches, surnames, jieba's word) its attributes are read from.
#[derive(Debug, Default, Clone)]
pub struct LineFeatures {
    /// The characters, with [`FeatureConfig::pad`] padding on each side.
    pub padded: Vec<u32>,
    /// The same with surnames masked (when the configuration reads it).
    pub masked: Vec<u32>,
    /// Positions (in the line) of the characters with a surname code.
    pub surnames: Vec<u32>,
    len: usize,
    /// Per position, from [`CODE_PAD`] positions before the line to as
    /// many after it: the lexicon codes of each list, then the surname code,
    /// then the jieba code.
    codes: Vec<[u8; COLUMNS]>,
    byte_to_char: Vec<u32>,
}

impl LineFeatures {
    /// Number of characters in the line.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an empty line.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Column `col`'s code at position `i` (which may be up to
    /// [`CODE_PAD`] outside the line: 0 there).
    #[inline]
    pub(crate) fn code(&self, i: isize, col: usize) -> u32 {
        u32::from(self.codes[(i + CODE_PAD as isize) as usize][col])
    }

    /// Every code of position `i` of the line.
    #[inline]
    pub(crate) fn codes_at(&self, i: usize) -> &[u8; COLUMNS] {
        &self.codes[i + CODE_PAD]
    }

    /// The class code of position `i`'s window (see [`Reads::Classes`]).
    #[inline]
    pub(crate) fn classes(&self, pad: usize, i: usize) -> u32 {
        let p = &self.padded[i + pad - 1..i + pad + 2];
        (class_of(p[0]) * CLASSES + class_of(p[1])) * CLASSES + class_of(p[2])
    }
}

/// Computes [`LineFeatures`] for a configuration.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// What is computed.
    pub config: FeatureConfig,
    lexicon: Option<Lexicon>,
    /// The templates the configuration reads, by index.
    templates: Vec<usize>,
}

impl Extractor {
    /// An extractor for `config`, with the lexicons of `res` if it reads them.
    pub fn new(config: FeatureConfig, res: &Resources) -> Extractor {
        let templates = TEMPLATES
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| r.read_by(&config))
            .map(|(i, _)| i)
            .collect();
        Extractor {
            config,
            lexicon: config.lexicon.then(|| Lexicon::new(res)),
            templates,
        }
    }

    /// The features of `text` (one line; `words` its jieba words when the
    /// configuration reads them, ignored otherwise).
    pub fn line(&self, text: &str, words: &[Word], out: &mut LineFeatures) {
        let pad = self.config.pad();
        out.padded.clear();
        out.padded.extend(std::iter::repeat_n(BOS, pad));
        out.padded.extend(text.chars().map(u32::from));
        out.padded.extend(std::iter::repeat_n(EOS, pad));
        let len = out.padded.len() - 2 * pad;
        out.codes.clear();
        out.codes.resize(len + 2 * CODE_PAD, [NONE; COLUMNS]);
        if let Some(lex) = &self.lexicon {
            self.lexicon_codes(lex, text, out);
        }
        if self.config.jieba {
            for w in words {
                let n = w.end.saturating_sub(w.start);
                for i in w.start..w.end.min(len) {
                    let place = if n == 1 {
                        3
                    } else if i == w.start {
                        0
                    } else if i + 1 == w.end {
                        2
                    } else {
                        1
                    };
                    out.codes[i + CODE_PAD][JIEBA] = 1 + place * POS_CLASSES as u8 + w.pos;
                }
            }
        }
        if self.config.lexicon {
            // Runs of two or more transliteration characters: place in the
            // run (B/I/E) and its length (2, 3, 4 or more).
            let chars = &out.padded[pad..pad + len];
            let mut i = 0;
            while i < len {
                let mut e = i;
                while e < len && is_translit(chars[e]) {
                    e += 1;
                }
                if e - i >= 2 {
                    let bucket = (e - i).min(4) - 2;
                    for k in i..e {
                        let place = if k == i {
                            0
                        } else if k + 1 == e {
                            2
                        } else {
                            1
                        };
                        out.codes[k + CODE_PAD][TRANSLIT] = 1 + (place * 3 + bucket) as u8;
                    }
                }
                i = e.max(i + 1);
            }
        }
        out.surnames.clear();
        for i in 0..len {
            if out.codes[i + CODE_PAD][SURNAME] != 0 {
                out.surnames.push(i as u32);
            }
        }
        out.masked.clear();
        if self.config.surname_ngrams && self.lexicon.is_some() {
            out.masked.extend_from_slice(&out.padded);
            for &i in &out.surnames {
                let s = u32::from(out.codes[i as usize + CODE_PAD][SURNAME]);
                out.masked[i as usize + pad] = MARK + s - 1;
            }
        }
        out.len = len;
    }

    /// The templates this extractor reads, by index in [`TEMPLATES`].
    pub(crate) fn templates(&self) -> &[usize] {
        &self.templates
    }

    /// Position `i`'s attribute ids, added to `out`.
    pub fn attrs_at(&self, f: &LineFeatures, i: usize, out: &mut Vec<u32>) {
        let ii = i as isize;
        for &t in &self.templates {
            let v = match TEMPLATES[t].1 {
                Reads::Bias => 0,
                Reads::Classes => f.classes(self.config.pad(), i),
                Reads::One(col, off) => match f.code(ii + off, col) {
                    0 => continue,
                    v => v,
                },
                Reads::Pair((ca, oa), (cb, ob)) => match (f.code(ii + oa, ca), f.code(ii + ob, cb))
                {
                    (0, _) | (_, 0) => continue,
                    (x, y) => x * VALUES[cb] + y,
                },
            };
            out.push(BASES[t] + v);
        }
    }

    fn lexicon_codes(&self, lex: &Lexicon, text: &str, out: &mut LineFeatures) {
        let len = out.codes.len() - 2 * CODE_PAD;
        let found = lex.lists.find(text);
        let b2c = &mut out.byte_to_char;
        b2c.clear();
        b2c.resize(text.len() + 1, 0);
        let mut n = 0u32;
        for (b, ch) in text.char_indices() {
            for k in 0..ch.len_utf8() {
                b2c[b + k] = n;
            }
            n += 1;
        }
        b2c[text.len()] = n;
        for (list, matches) in found.iter().enumerate() {
            for &(bs, be, _) in matches {
                let (s, e) = (b2c[bs] as usize, b2c[be] as usize);
                for i in s..e.min(len) {
                    out.codes[i + CODE_PAD][list] = if e - s == 1 {
                        S
                    } else if i == s {
                        B
                    } else if i + 1 == e {
                        E
                    } else {
                        I
                    };
                }
            }
        }
        let chars = &out.padded[self.config.pad()..self.config.pad() + len];
        for i in 0..len {
            // Beyond the BMP, no character is a surname.
            let flags = lex
                .surname_chars
                .get(chars[i] as usize)
                .copied()
                .unwrap_or(0);
            if flags & 2 != 0 && i + 1 < len {
                let pair = [chars[i], chars[i + 1]].map(|c| char::from_u32(c).unwrap_or('\0'));
                if lex.compound_surnames.contains(&pair) {
                    out.codes[i + CODE_PAD][SURNAME] = 2;
                    out.codes[i + 1 + CODE_PAD][SURNAME] = 3;
                }
            }
            if out.codes[i + CODE_PAD][SURNAME] == 0 && flags & 1 != 0 {
                out.codes[i + CODE_PAD][SURNAME] = 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    /// Each position's attributes as `template=value` names.
    fn attrs(config: FeatureConfig, text: &str) -> Vec<Vec<String>> {
        let ex = Extractor::new(config, &RES);
        let mut f = LineFeatures::default();
        ex.line(text, &[], &mut f);
        (0..f.len())
            .map(|i| {
                let mut ids = Vec::new();
                ex.attrs_at(&f, i, &mut ids);
                ids.into_iter()
                    .map(|a| {
                        let (n, v) = attr_name(a);
                        format!("{n}={v}")
                    })
                    .collect()
            })
            .collect()
    }

    fn has(attrs: &[String], want: &str) -> bool {
        attrs.iter().any(|a| a == want)
    }

    #[test]
    fn features_surname_after_a_title_and_before_a_follower() {
        // 县长 | 张晓明 | 出席: the surname 张 sits after a title (its E at -1)
        // and three characters before a word that follows names.
        let a = attrs(FeatureConfig::default(), "县长张晓伟出席会议");
        assert!(has(&a[2], "surname[0]=1"), "{:?}", a[2]);
        assert!(has(&a[2], "title[-1]=3"), "{:?}", a[2]);
        assert!(has(&a[2], &format!("surname[0]*title[-1]={}", 5 + 3)));
        assert!(has(&a[2], "follow[+3]=1"), "{:?}", a[2]);
        assert!(has(&a[3], "surname[-1]=1"));
        assert!(has(&a[4], "surname[-2]=1"));
        // 伟 is no surname: nothing of the kind at it.
        assert!(!a[4].iter().any(|x| x.starts_with("surname[0]")));
        // Every position has the bias and its class window.
        for p in &a {
            assert!(has(p, "bias=0"));
            assert!(p.iter().any(|x| x.starts_with("class[-1,0,+1]=")));
        }
    }

    #[test]
    fn features_compound_surnames_are_marked_as_pairs() {
        let a = attrs(FeatureConfig::default(), "由欧阳晓明主持");
        assert!(has(&a[1], "surname[0]=2"), "{:?}", a[1]);
        assert!(has(&a[2], "surname[0]=3"), "{:?}", a[2]);
        assert!(has(&a[3], "surname[-2]=2"), "{:?}", a[3]);
    }

    #[test]
    fn features_without_lexicon_read_only_bias_and_classes() {
        let config = FeatureConfig {
            lexicon: false,
            jieba: false,
            ..FeatureConfig::default()
        };
        for p in attrs(config, "县长张晓伟出席会议") {
            assert_eq!(p.len(), 2, "{p:?}");
        }
    }

    #[test]
    fn features_character_classes() {
        let c = |ch: char| class_of(u32::from(ch));
        assert_eq!(
            [
                c('县'),
                c('7'),
                c('Q'),
                c('三'),
                c(','),
                c('。'),
                c('\u{3000}')
            ],
            [1, 2, 3, 4, 5, 5, 5]
        );
        assert_eq!(class_of(BOS), 0);
        assert_eq!(class_of(EOS), 0);
        // Beyond the table: an astral Han character.
        assert_eq!(class_of(0x2_0000), class_slow(0x2_0000));
    }

    #[test]
    fn features_jieba_words_give_place_in_word_and_part_of_speech() {
        let ex = Extractor::new(FeatureConfig::default(), &RES);
        let mut f = LineFeatures::default();
        let words = [
            Word {
                start: 0,
                end: 3,
                pos: pos_class("nr"),
            },
            Word {
                start: 3,
                end: 4,
                pos: pos_class("v"),
            },
        ];
        ex.line("李晓明说", &words, &mut f);
        let at = |i: usize| {
            let mut ids = Vec::new();
            ex.attrs_at(&f, i, &mut ids);
            ids.into_iter().map(attr_name).collect::<Vec<_>>()
        };
        let nr = u32::from(pos_class("nr"));
        assert_eq!(nr, 1);
        let code = |place: u32, pos: u32| 1 + place * POS_CLASSES + pos;
        assert!(at(0).contains(&("jieba[0]", code(0, nr))));
        assert!(at(1).contains(&("jieba[0]", code(1, nr))));
        assert!(at(2).contains(&("jieba[0]", code(2, nr))));
        assert!(at(2).contains(&("jieba[+1]", code(3, u32::from(pos_class("v"))))));
        assert!(at(0).contains(&("jieba[0]*surname[0]", code(0, nr) * SURNAME_CODES + 1)));
        assert_eq!(pos_class("not-a-tag"), 0);
    }

    #[test]
    fn features_ngram_keys_read_the_padded_and_masked_line() {
        let config = FeatureConfig::default();
        let ex = Extractor::new(config, &RES);
        let mut f = LineFeatures::default();
        ex.line("王刚到", &[], &mut f);
        let pad = config.pad();
        let c = |ch: char| u32::from(ch);
        assert_eq!(f.padded, [BOS, BOS, c('王'), c('刚'), c('到'), EOS, EOS]);
        assert_eq!(f.len(), 3);
        assert_eq!(f.surnames, [0]);
        assert_eq!(f.masked[pad], MARK);
        let kinds = config.kinds();
        let tri = kinds.iter().find(|k| k.n == 3 && !k.masked).unwrap();
        let masked_bi = kinds.iter().find(|k| k.n == 2 && k.masked).unwrap();
        assert_eq!(tri.key(&f, 1), Some(pack(&[BOS, c('王'), c('刚')])));
        assert_eq!(masked_bi.key(&f, pad), Some(pack(&[MARK, c('刚')])));
        // No surname in 刚到: no masked n-gram there.
        assert_eq!(masked_bi.key(&f, pad + 1), None);
        // A trigram at padded position q reaches the positions whose window
        // holds it: q+2-2 ..= q+2, in padded positions.
        assert_eq!(config.first_target(*tri), 0);
        assert_eq!(config.row_len(*tri), 3);
    }

    #[test]
    fn features_attribute_ids_name_their_template() {
        let mut seen = 0;
        for (t, (name, reads)) in TEMPLATES.iter().enumerate() {
            let n = reads.values();
            assert_eq!(attr_name(BASES[t]), (*name, 0));
            assert_eq!(attr_name(BASES[t] + n - 1), (*name, n - 1));
            seen += n as usize;
        }
        assert_eq!(seen, attr_count());
    }

    #[test]
    fn features_runs_of_transliteration_characters() {
        // 克里斯蒂娜 is a run of five; 说 ends it; 张 alone makes no run.
        let a = attrs(FeatureConfig::default(), "克里斯蒂娜说张");
        let code = |place: u32, bucket: u32| format!("translit[0]={}", 1 + place * 3 + bucket);
        assert!(has(&a[0], &code(0, 2)), "{:?}", a[0]);
        assert!(has(&a[2], &code(1, 2)), "{:?}", a[2]);
        assert!(has(&a[4], &code(2, 2)), "{:?}", a[4]);
        assert!(has(&a[5], &format!("translit[-1]={}", 1 + 2 * 3 + 2)));
        assert!(!a[5].iter().any(|x| x.starts_with("translit[0]")));
        assert!(!a[6].iter().any(|x| x.starts_with("translit[0]")));
        // A run of two.
        let b = attrs(FeatureConfig::default(), "到马拉");
        assert!(has(&b[1], &code(0, 0)) && has(&b[2], &code(2, 0)), "{b:?}");
    }
}
