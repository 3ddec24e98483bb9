//! One line of an article prepared for the extractors: text, characters and
//! offsets.

use crate::ingest::LineKind;
use crate::text::{CharIndex, Span};

/// One line with its characters and where it sits in the document.
#[derive(Debug, Clone)]
pub struct LineText {
    /// The line's text.
    pub text: String,
    /// Its characters.
    pub chars: Vec<char>,
    /// Where it starts in the document (characters).
    pub start: usize,
    /// What kind of line.
    pub kind: LineKind,
    /// jieba's words with local char offsets (empty until [`LineText::tag`]).
    pub tokens: Vec<Token>,
    index: CharIndex,
}

/// Does `ch` end a sentence (see [`LineText::sentence_at`])?
pub fn ends_sentence(ch: char) -> bool {
    matches!(ch, '。' | '!' | '?' | ';' | '；')
}

/// One jieba word of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Local start (chars).
    pub start: usize,
    /// Local end (chars).
    pub end: usize,
    /// Part-of-speech tag.
    pub tag: Tag,
}

/// A part-of-speech tag. jieba's tags are one to four ASCII letters: they
/// are held in the token itself (a string on the heap per token was a
/// third of an extraction's allocations); a longer one goes on the heap.
#[derive(Clone, PartialEq, Eq)]
pub enum Tag {
    /// Up to [`Tag::INLINE`] bytes, in place.
    Short {
        /// Bytes used.
        len: u8,
        /// The tag's bytes, then zeros.
        bytes: [u8; Tag::INLINE],
    },
    /// A longer tag.
    Long(Box<str>),
}

impl Tag {
    /// Longest tag held in place.
    pub const INLINE: usize = 7;

    /// The tag `s`.
    pub fn new(s: &str) -> Tag {
        if s.len() <= Tag::INLINE {
            let mut bytes = [0; Tag::INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Tag::Short {
                len: s.len() as u8,
                bytes,
            }
        } else {
            Tag::Long(s.into())
        }
    }

    /// The tag as a string.
    pub fn as_str(&self) -> &str {
        match self {
            // Whole characters of a string were copied: always UTF-8.
            Tag::Short { len, bytes } => std::str::from_utf8(&bytes[..*len as usize]).unwrap_or(""),
            Tag::Long(s) => s,
        }
    }
}

impl std::ops::Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl LineText {
    /// A line from its text and start offset.
    pub fn from_str(text: &str, start: usize, kind: LineKind) -> LineText {
        LineText {
            chars: text.chars().collect(),
            index: CharIndex::new(text),
            text: text.to_string(),
            start,
            kind,
            tokens: Vec::new(),
        }
    }

    /// A line from its text, already tagged.
    pub fn tagged(text: &str, start: usize, kind: LineKind, jieba: &jieba_rs::Jieba) -> LineText {
        let mut l = Self::from_str(text, start, kind);
        l.tag(jieba);
        l
    }

    /// Segment and tag the line with jieba.
    pub fn tag(&mut self, jieba: &jieba_rs::Jieba) {
        // jieba gives each word's character offsets in the line.
        self.tokens = jieba
            .tag(&self.text, true)
            .into_iter()
            .map(|t| Token {
                start: t.start,
                end: t.end,
                tag: Tag::new(t.tag),
            })
            .collect();
    }

    /// Index of the token holding local char `c`.
    pub fn token_at(&self, c: usize) -> Option<usize> {
        self.tokens
            .binary_search_by(|t| {
                if t.end <= c {
                    std::cmp::Ordering::Less
                } else if t.start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .ok()
    }

    /// True when local chars `[s, e)` start and end on token boundaries.
    pub fn on_boundaries(&self, s: usize, e: usize) -> bool {
        let starts = self
            .token_at(s)
            .map(|i| self.tokens[i].start == s)
            .unwrap_or(false);
        let ends = e == self.chars.len()
            || self
                .token_at(e)
                .map(|i| self.tokens[i].start == e)
                .unwrap_or(false);
        starts && ends
    }

    /// Document span of a byte range of the line.
    pub fn span_of_bytes(&self, b0: usize, b1: usize) -> Span {
        Span::new(
            self.start + self.index.char_of(b0),
            self.start + self.index.char_of(b1),
        )
    }

    /// Local char offset of a byte offset.
    pub fn char_of(&self, b: usize) -> usize {
        self.index.char_of(b)
    }

    /// Byte offset of a local char offset.
    pub fn byte_of(&self, c: usize) -> usize {
        self.index.byte_of(c)
    }

    /// Document span of a local char range.
    pub fn span(&self, c0: usize, c1: usize) -> Span {
        Span::new(self.start + c0, self.start + c1)
    }

    /// Text of a local char range.
    pub fn sub(&self, c0: usize, c1: usize) -> String {
        self.str_of(c0, c1).to_string()
    }

    /// Text of a local char range, borrowed (clamped to the line; empty
    /// when the range is).
    pub fn str_of(&self, c0: usize, c1: usize) -> &str {
        let n = self.chars.len();
        let (c0, c1) = (c0.min(n), c1.min(n));
        if c0 >= c1 {
            return "";
        }
        &self.text[self.byte_of(c0)..self.byte_of(c1)]
    }

    /// Text from local char `c` to the end.
    pub fn rest(&self, c: usize) -> &str {
        &self.text[self.byte_of(c.min(self.chars.len()))..]
    }

    /// Local sentence bounds (char offsets) around `c`: split at 。！？; and line ends.
    pub fn sentence_at(&self, c: usize) -> (usize, usize) {
        let is_end = ends_sentence;
        let mut s = c.min(self.chars.len());
        while s > 0 && !is_end(self.chars[s - 1]) {
            s -= 1;
        }
        let mut e = c;
        while e < self.chars.len() && !is_end(self.chars[e]) {
            e += 1;
        }
        (s, (e + 1).min(self.chars.len()))
    }

    /// All sentences of the line as local (start, end).
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut c = 0;
        while c < self.chars.len() {
            let (s, e) = self.sentence_at(c);
            out.push((s, e));
            c = e.max(c + 1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_back_whole_in_place_or_not() {
        for s in ["", "m", "nrfg", "abcdefg", "abcdefgh", "名词", "名词性短语"] {
            let t = Tag::new(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(&*t, s);
            assert!(t == s);
            assert_eq!(
                matches!(t, Tag::Short { .. }),
                s.len() <= Tag::INLINE,
                "{s}"
            );
            assert_eq!(format!("{t:?}"), format!("{s:?}"));
        }
        assert!(Tag::new("nr").starts_with('n'));
        assert!(Tag::new("nr") != "nrt");
        assert_ne!(Tag::new("abcdefgh"), Tag::new("abcdefgi"));
    }

    #[test]
    fn line_tokens_tile_the_line_in_characters() {
        let jieba = jieba_rs::Jieba::new();
        let text = "10月22日，县委常委 韩秀兰（ABC公司）到定昌镇调研…… 2023年";
        let mut l = LineText::from_str(text, 5, LineKind::Body);
        l.tag(&jieba);
        let mut c = 0;
        for (t, w) in l.tokens.iter().zip(jieba.tag(text, true)) {
            assert_eq!(
                (t.start, t.end),
                (c, c + w.word.chars().count()),
                "{}",
                w.word
            );
            c = t.end;
        }
        assert_eq!(c, text.chars().count());
    }

    #[test]
    fn line_sub_copies_the_characters_of_a_range() {
        let l = LineText::from_str("县委常委韩秀兰出席", 10, LineKind::Body);
        assert_eq!(l.sub(4, 7), "韩秀兰");
        assert_eq!(l.sub(7, 100), "出席");
        assert_eq!(l.sub(5, 5), "");
        assert_eq!(l.sub(8, 3), "");
        assert_eq!(l.span(4, 7), Span::new(14, 17));
    }
}
