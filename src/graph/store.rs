//! Packed storage for the bulk of a graph: mentions and evidence.
//!
//! A large build reads tens of millions of mentions; as structs holding
//! strings each would cost some 90 bytes and an allocation. Here a record
//! is a few `u32`s: the document and the surface text are indices into
//! interning tables, and records are appended to fixed-size chunks (no
//! vector doubling: a growing vector holds three times its data while it is
//! copied). [`Log::seal`] gathers the chunks into one vector, sorts it by
//! owner and indexes each owner's run (compressed sparse rows).

use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Strings stored once and named by a `u32`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    strings: Vec<Arc<str>>,
    index: FxHashMap<Arc<str>, u32>,
}

impl Interner {
    /// The id of `s`, added when new.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).expect("fewer than 2^32 distinct strings");
        let s: Arc<str> = Arc::from(s);
        self.strings.push(s.clone());
        self.index.insert(s, i);
        i
    }
    /// The string of `id`.
    pub(crate) fn get(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }
    /// Rank of each id in the byte order of the strings.
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.strings.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).cmp(self.get(b)));
        let mut rank = vec![0u32; order.len()];
        for (r, i) in order.into_iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        rank
    }
}

/// Where a record was read: document (interned), article, character span.
/// Offsets fit in `u32`: ingest refuses pages over 1 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Place {
    pub doc: u32,
    pub article: u32,
    pub start: u32,
    pub end: u32,
}

impl Place {
    /// Sort key with the document's rank in name order.
    pub(crate) fn key(&self, doc_rank: &[u32]) -> (u32, u32, u32, u32) {
        (
            doc_rank[self.doc as usize],
            self.article,
            self.start,
            self.end,
        )
    }
}

/// A record that belongs to one owner (a node or an edge).
pub(crate) trait Owned: Copy {
    fn owner(&self) -> u32;
}

/// One mention of a node: 28 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MentionRec {
    pub node: u32,
    pub at: Place,
    /// Surface text (interned).
    pub text: u32,
    /// Titles printed with the mention: 0 for none, else one past the
    /// offset of the list in [`TitleLists`].
    pub titles: u32,
}

impl Owned for MentionRec {
    fn owner(&self) -> u32 {
        self.node
    }
}

/// One piece of evidence of an edge: 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EvidenceRec {
    pub edge: u32,
    pub at: Place,
}

impl Owned for EvidenceRec {
    fn owner(&self) -> u32 {
        self.edge
    }
}

/// The titles of person mentions, flattened: a list is its length followed
/// by (title text, start, end) triples.
#[derive(Debug, Clone, Default)]
pub(crate) struct TitleLists(Vec<u32>);

impl TitleLists {
    /// Store a list; returns the id a [`MentionRec`] keeps (0 for none).
    pub(crate) fn push(&mut self, titles: impl ExactSizeIterator<Item = (u32, u32, u32)>) -> u32 {
        if titles.len() == 0 {
            return 0;
        }
        let at = self.0.len();
        self.0.push(titles.len() as u32);
        for (t, s, e) in titles {
            self.0.extend([t, s, e]);
        }
        u32::try_from(at + 1).expect("fewer than 2^32 title words")
    }
    /// The list of `id` as (title text, start, end) triples.
    pub(crate) fn get(&self, id: u32) -> &[u32] {
        if id == 0 {
            return &[];
        }
        let at = id as usize - 1;
        let n = self.0[at] as usize;
        &self.0[at + 1..at + 1 + 3 * n]
    }
}

/// Records per chunk (about 1.5 MB of mentions).
const CHUNK: usize = 1 << 16;

/// Append-only records, sealed into owner-sorted rows.
#[derive(Debug, Clone)]
pub(crate) struct Log<T> {
    /// Records appended since the last seal.
    chunks: Vec<Vec<T>>,
    /// Sealed records, sorted by owner.
    sealed: Vec<T>,
    /// `rows[o]..rows[o + 1]` are owner `o`'s records in `sealed`.
    rows: Vec<u32>,
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log {
            chunks: Vec::new(),
            sealed: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<T: Owned> Log<T> {
    /// Append a record.
    pub(crate) fn push(&mut self, rec: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(rec),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(rec);
                self.chunks.push(c);
            }
        }
    }

    /// True when records were appended since the last seal.
    pub(crate) fn is_dirty(&self) -> bool {
        !self.chunks.is_empty()
    }

    /// Gather all records, sort them with `cmp` (which must order by owner
    /// first), drop those `same` calls equal, and index the rows of `owners`
    /// owners. Each chunk is freed as it is copied.
    pub(crate) fn seal(
        &mut self,
        owners: usize,
        cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
        same: impl Fn(&T, &T) -> bool,
    ) where
        T: Send,
    {
        use rayon::slice::ParallelSliceMut;
        if !self.chunks.is_empty() {
            let more: usize = self.chunks.iter().map(Vec::len).sum();
            self.sealed.reserve_exact(more);
            for c in self.chunks.drain(..) {
                self.sealed.extend_from_slice(&c);
            }
        }
        self.sealed.par_sort_unstable_by(&cmp);
        self.sealed.dedup_by(|a, b| same(a, b));
        self.sealed.shrink_to_fit();
        u32::try_from(self.sealed.len()).expect("fewer than 2^32 records");
        let mut rows = vec![0u32; owners + 1];
        for r in &self.sealed {
            rows[r.owner() as usize + 1] += 1;
        }
        for i in 0..owners {
            rows[i + 1] += rows[i];
        }
        self.rows = rows;
    }

    /// The sealed records of `owner` (empty before the first seal).
    pub(crate) fn row(&self, owner: u32) -> &[T] {
        let o = owner as usize;
        if o + 1 >= self.rows.len() {
            return &[];
        }
        &self.sealed[self.rows[o] as usize..self.rows[o + 1] as usize]
    }

    /// Number of records.
    pub(crate) fn len(&self) -> usize {
        self.sealed.len() + self.chunks.iter().map(Vec::len).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(edge: u32, doc: u32, start: u32) -> EvidenceRec {
        EvidenceRec {
            edge,
            at: Place {
                doc,
                article: 0,
                start,
                end: start + 1,
            },
        }
    }

    #[test]
    fn seal_sorts_rows_by_owner_and_drops_repeats() {
        let mut log = Log::default();
        for r in [ev(2, 0, 5), ev(0, 1, 1), ev(2, 0, 3), ev(2, 0, 5)] {
            log.push(r);
        }
        assert!(log.is_dirty());
        log.seal(
            3,
            |a, b| (a.edge, a.at.start).cmp(&(b.edge, b.at.start)),
            |a, b| a == b,
        );
        assert!(!log.is_dirty());
        assert_eq!(log.row(0), &[ev(0, 1, 1)]);
        assert_eq!(log.row(1), &[]);
        assert_eq!(log.row(2), &[ev(2, 0, 3), ev(2, 0, 5)]);
        // More records after a seal join the sealed ones at the next seal.
        log.push(ev(1, 0, 9));
        log.seal(3, |a, b| a.edge.cmp(&b.edge), |a, b| a == b);
        assert_eq!(log.row(1), &[ev(1, 0, 9)]);
        assert_eq!(log.len(), 4);
    }

    #[test]
    fn chunks_never_grow_past_their_size() {
        let mut log = Log::default();
        for i in 0..(CHUNK as u32 + 3) {
            log.push(ev(0, 0, i));
        }
        assert_eq!(log.chunks.len(), 2);
        assert!(log.chunks.iter().all(|c| c.capacity() == CHUNK));
    }

    #[test]
    fn interner_and_title_lists_round_trip() {
        let mut s = Interner::default();
        let (a, b) = (s.intern("县长"), s.intern("副县长"));
        assert_eq!(s.intern("县长"), a);
        assert_eq!((s.get(a), s.get(b), s.strings.len()), ("县长", "副县长", 2));
        // Ranks follow byte order: 副 (U+526F) sorts before 县 (U+53BF).
        assert_eq!(s.ranks(), vec![1, 0]);
        let mut t = TitleLists::default();
        assert_eq!(t.push([].into_iter()), 0);
        let id = t.push([(a, 3, 5), (b, 6, 9)].into_iter());
        assert_eq!(t.get(id), &[a, 3, 5, b, 6, 9]);
        assert!(t.get(0).is_empty());
    }
}
