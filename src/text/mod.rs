//! Text helpers shared by every stage: character offsets and character
//! normalisation.
//!
//! govgraph counts offsets in Unicode characters. Regexes and Aho-Corasick
//! report byte offsets, so each stage that runs them converts through
//! [`CharIndex`]. [`normalize`] maps Traditional to Simplified and
//! full-width to ASCII one character for one, as pages are read (`ingest`),
//! dictionaries loaded (`resources`) and names typed (`model::lookup`)
//! alike; it lives here, below all three, so none imports another for it.

mod normalize;

pub use normalize::{normalize, normalize_char};

/// A half-open span of characters `[start, end)` in a document.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Span {
    /// Build a span.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Number of characters.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span holds no character.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share a character.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Byte offset of every character of a string, for byte <-> char conversion.
#[derive(Debug, Clone)]
pub struct CharIndex {
    starts: Vec<usize>,
    len_bytes: usize,
}

impl CharIndex {
    /// Index the characters of `s`.
    pub fn new(s: &str) -> Self {
        CharIndex {
            starts: s.char_indices().map(|(b, _)| b).collect(),
            len_bytes: s.len(),
        }
    }
    /// Number of characters.
    pub fn len(&self) -> usize {
        self.starts.len()
    }
    /// True for the empty string.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
    /// Character offset of a byte offset that lies on a character boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i,
        }
    }
    /// Byte offset of a character offset (`len` maps to the end).
    pub fn byte_of(&self, ch: usize) -> usize {
        self.starts.get(ch).copied().unwrap_or(self.len_bytes)
    }
}

/// Every string of three of `parts` (repeats allowed), and the empty one:
/// test texts that put each part first, last, alone and beside every other.
#[cfg(test)]
pub(crate) fn texts_of_three(parts: &[&str]) -> Vec<String> {
    let mut texts = vec![String::new()];
    for a in parts {
        for b in parts {
            for c in parts {
                texts.push(format!("{a}{b}{c}"));
            }
        }
    }
    texts
}

/// True when `hit` holds for some byte of `b`, where `hit` holds only for
/// bytes below `below` or equal to one of `equal`. Eight bytes at a time:
/// the classic zero-byte tests on a `u64` tell, without a branch per byte,
/// whether a word holds any such byte (exact as a yes/no answer); only
/// those words are read byte by byte.
pub fn any_byte(b: &[u8], below: u8, equal: [u8; 2], hit: impl Fn(u8) -> bool) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let maybe = (below <= 0x80 && x.wrapping_sub(ONES * u64::from(below)) & !x & HIGH != 0)
            || has_zero(x ^ (ONES * u64::from(equal[0])))
            || has_zero(x ^ (ONES * u64::from(equal[1])));
        if maybe && w.iter().any(|&x| hit(x)) {
            return true;
        }
    }
    words.remainder().iter().any(|&x| hit(x))
}

/// True for CJK ideographs (BMP blocks and Extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_byte_finds_every_byte_at_every_position() {
        // Each byte value at each position of texts of every length around
        // a word, among bytes that are never hits (and among near misses).
        let sets: [(u8, [u8; 2]); 3] = [
            (0x20, [b'"', b'\\']),
            (0x20, [0x7F, 0xC2]),
            (0, [b'a', 0xFF]),
        ];
        for (below, equal) in sets {
            let hit = |x: u8| x < below || equal.contains(&x);
            for len in 1..=17 {
                for fill in [0x41u8, 0xE5, below, equal[0].wrapping_add(1)] {
                    if hit(fill) {
                        continue;
                    }
                    for at in 0..len {
                        for v in 0..=255u8 {
                            let mut b = vec![fill; len];
                            b[at] = v;
                            assert_eq!(any_byte(&b, below, equal, hit), hit(v), "{b:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn text_char_index_round_trips() {
        let s = "a沁县b";
        let ix = CharIndex::new(s);
        assert_eq!(ix.len(), 4);
        assert_eq!(ix.char_of(1), 1);
        assert_eq!(ix.char_of(4), 2);
        assert_eq!(ix.byte_of(3), 7);
        assert_eq!(ix.byte_of(4), 8);
    }

    #[test]
    fn text_span_relations() {
        let a = Span::new(0, 5);
        assert!(a.contains(Span::new(1, 3)));
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
    }
}
