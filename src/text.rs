//! Character-offset helpers shared by every stage.
//!
//! govgraph counts offsets in Unicode characters. Regexes and Aho-Corasick
//! report byte offsets, so each stage that runs them converts through
//! [`CharIndex`].

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

/// True for CJK ideographs (BMP blocks and Extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

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
