//! Packed storage for the bulk of a graph: mentions and evidence.
//!
//! A large build reads tens of millions of mentions; as structs holding
//! strings each would cost some 90 bytes and an allocation. Here a record
//! is a few `u32`s: the document and the surface text are indices into
//! interning tables, and records are appended to fixed-size chunks (no
//! vector doubling: a growing vector holds three times its data while it is
//! copied). Beyond a budget, chunks are spilled to an unnamed temporary
//! file; [`Log::for_each_group`] reads everything back one group of owners
//! at a time, so memory never holds all records, on the way in or out.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Strings stored once and named by a `u32`: each string in one
/// allocation, looked up through a table of ids hashed by their strings
/// (an `Arc` kept in both a vector and a map cost 40 bytes more a string,
/// and a large build interns millions).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    strings: Vec<Box<str>>,
    index: HashTable<u32>,
}

impl Interner {
    /// The id of `s`, added when new.
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        let strings = &self.strings;
        let hash = |i: &u32| FxBuildHasher.hash_one(&*strings[*i as usize]);
        if self.index.len() != strings.len() {
            // Released (see `release`): rebuilt on first use.
            let mut index = HashTable::with_capacity(strings.len());
            for i in 0..strings.len() as u32 {
                index.insert_unique(hash(&i), i, hash);
            }
            self.index = index;
        }
        let h = FxBuildHasher.hash_one(s);
        if let Some(&i) = self.index.find(h, |&i| *strings[i as usize] == *s) {
            return i;
        }
        let i = u32::try_from(strings.len()).expect("fewer than 2^32 distinct strings");
        self.strings.push(s.into());
        let strings = &self.strings;
        self.index.insert_unique(h, i, |i: &u32| {
            FxBuildHasher.hash_one(&*strings[*i as usize])
        });
        i
    }
    /// Drop the lookup map (strings are still read by id); the next
    /// [`Interner::intern`] rebuilds it.
    pub(crate) fn release(&mut self) {
        self.index = HashTable::new();
    }
    /// The string of `id`.
    pub(crate) fn get(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }
    /// Rank of each id in the byte order of the strings.
    pub(crate) fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.strings.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).cmp(self.get(b)));
        super::order::ranks_of(&order)
    }
}

/// Insert `item` at `i` of a boxed slice, which stays exactly as long as
/// its items (no capacity word, no spare room: nodes hold millions of
/// these small lists, and most never grow after their first mention).
pub(crate) fn insert_exact<T>(items: &mut Box<[T]>, i: usize, item: T) {
    let mut v = std::mem::take(items).into_vec();
    v.reserve_exact(1);
    v.insert(i, item);
    *items = v.into_boxed_slice();
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
    fn words(&self) -> [u32; 4] {
        [self.doc, self.article, self.start, self.end]
    }
    fn from_words(w: &[u32]) -> Place {
        Place {
            doc: w[0],
            article: w[1],
            start: w[2],
            end: w[3],
        }
    }
    pub(crate) fn key(&self, doc_rank: &[u32]) -> (u32, u32, u32, u32) {
        (
            doc_rank[self.doc as usize],
            self.article,
            self.start,
            self.end,
        )
    }
}

/// A record that belongs to one owner (a node or an edge), stored as
/// `WORDS` little-endian `u32`s when spilled.
pub(crate) trait Owned: Copy + Send + Sync {
    /// Words in the spilled form.
    const WORDS: usize;
    /// The owner's index.
    fn owner(&self) -> u32;
    /// Append the words of the record.
    fn put(&self, out: &mut Vec<u32>);
    /// The record from its words.
    fn take(w: &[u32]) -> Self;
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
    const WORDS: usize = 7;
    fn owner(&self) -> u32 {
        self.node
    }
    fn put(&self, out: &mut Vec<u32>) {
        out.push(self.node);
        out.extend(self.at.words());
        out.extend([self.text, self.titles]);
    }
    fn take(w: &[u32]) -> Self {
        MentionRec {
            node: w[0],
            at: Place::from_words(&w[1..5]),
            text: w[5],
            titles: w[6],
        }
    }
}

/// One piece of evidence of an edge: 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EvidenceRec {
    pub edge: u32,
    pub at: Place,
}

impl Owned for EvidenceRec {
    const WORDS: usize = 5;
    fn owner(&self) -> u32 {
        self.edge
    }
    fn put(&self, out: &mut Vec<u32>) {
        out.push(self.edge);
        out.extend(self.at.words());
    }
    fn take(w: &[u32]) -> Self {
        EvidenceRec {
            edge: w[0],
            at: Place::from_words(&w[1..5]),
        }
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

/// A vector in fixed-size chunks: it never reallocates, so growing it to
/// millions of items costs no spare half and no copy.
#[derive(Debug)]
pub(crate) struct ChunkVec<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// Items per [`ChunkVec`] chunk.
const VEC_CHUNK: usize = 1 << 14;

impl<T> Default for ChunkVec<T> {
    fn default() -> Self {
        ChunkVec {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> ChunkVec<T> {
    /// Append an item.
    pub(crate) fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < VEC_CHUNK => c.push(item),
            _ => {
                let mut c = Vec::with_capacity(VEC_CHUNK);
                c.push(item);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }
    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
    /// Items in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

impl<T> std::ops::Index<usize> for ChunkVec<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / VEC_CHUNK][i % VEC_CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for ChunkVec<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / VEC_CHUNK][i % VEC_CHUNK]
    }
}

/// Split `sorted` — records ordered as `owners`, each owner's together —
/// into each owner's run, in the order of `owners` (empty runs included).
pub(crate) fn rows<'r, T: Owned>(
    mut sorted: &'r [T],
    owners: &'r [u32],
) -> impl Iterator<Item = (u32, &'r [T])> + 'r {
    owners.iter().map(move |&o| {
        let n = sorted.iter().take_while(|r| r.owner() == o).count();
        let (row, rest) = sorted.split_at(n);
        sorted = rest;
        (o, row)
    })
}

/// A group's records in owner order, then in `cmp` order within an owner.
/// Owners are ranked `lo..lo + owners` (`rank` maps an owner to its rank):
/// a counting pass puts the records in owner order, and only each owner's
/// few records are compared. A comparison sort of the whole group looked
/// up both records' owner ranks at every comparison.
pub(crate) fn sort_by_owner<T: Owned>(
    recs: Vec<T>,
    lo: usize,
    owners: usize,
    rank: &[u32],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let slot = |r: &T| rank[r.owner() as usize] as usize - lo;
    let mut next = vec![0usize; owners + 1];
    for r in &recs {
        next[slot(r) + 1] += 1;
    }
    for i in 0..owners {
        next[i + 1] += next[i];
    }
    let mut out = recs.clone();
    for r in recs {
        let at = &mut next[slot(&r)];
        out[*at] = r;
        *at += 1;
    }
    out.par_chunk_by_mut(|a, b| a.owner() == b.owner())
        .for_each(|run| run.sort_unstable_by(&cmp));
    out
}

/// Records per chunk (about 1.5 MB of mentions).
const CHUNK: usize = 1 << 16;

/// Records a log keeps in memory before it spills them to a temporary
/// file, and the most a group read back holds (see [`Log::for_each_group`]).
pub(crate) const DEFAULT_BUDGET: usize = 1 << 20;

/// Append-only records, kept in memory up to a budget and spilled to an
/// unnamed temporary file beyond it (the operating system removes it
/// whatever happens to the process), read back a group of owners at a time.
#[derive(Debug)]
pub(crate) struct Log<T> {
    /// Records per chunk.
    chunk: usize,
    /// Records kept in memory, and the most one group holds.
    budget: usize,
    /// Records not spilled, in chunks of `chunk` (no vector doubling: a
    /// growing vector holds three times its data while it is copied).
    chunks: Vec<Vec<T>>,
    /// Spilled records, as words.
    spill: Option<std::fs::File>,
    spilled: usize,
    /// Records per owner (repeats included).
    counts: Vec<u32>,
    /// The first failure to spill: reported when the records are read.
    error: Option<std::io::Error>,
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log::with_budget(DEFAULT_BUDGET)
    }
}

impl<T> Log<T> {
    /// A log keeping up to `budget` records in memory.
    pub(crate) fn with_budget(budget: usize) -> Self {
        let budget = budget.max(1);
        Log {
            chunk: budget.div_ceil(4).min(CHUNK),
            budget,
            chunks: Vec::new(),
            spill: None,
            spilled: 0,
            counts: Vec::new(),
            error: None,
        }
    }
}

impl<T: Owned> Log<T> {
    /// Append a record.
    pub(crate) fn push(&mut self, rec: T) {
        let o = rec.owner() as usize;
        if o >= self.counts.len() {
            self.counts.resize(o + 1, 0);
        }
        self.counts[o] += 1;
        match self.chunks.last_mut() {
            Some(c) if c.len() < self.chunk => c.push(rec),
            _ => {
                if self.chunks.len() * self.chunk >= self.budget && self.error.is_none() {
                    if let Err(e) = self.spill_chunks() {
                        self.error = Some(temp_error(e));
                    }
                }
                let mut c = Vec::with_capacity(self.chunk);
                c.push(rec);
                self.chunks.push(c);
            }
        }
    }

    /// Write the chunks in memory to the spill file.
    fn spill_chunks(&mut self) -> std::io::Result<()> {
        use std::io::{Seek, Write};
        if self.spill.is_none() {
            self.spill = Some(tempfile::tempfile()?);
        }
        let file = self.spill.as_ref().expect("spill file");
        let mut file_ref = file;
        file_ref.seek(std::io::SeekFrom::End(0))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file_ref);
        let (mut words, mut bytes) = (Vec::new(), Vec::with_capacity(self.chunk * T::WORDS * 4));
        for c in self.chunks.drain(..) {
            bytes.clear();
            for r in &c {
                encode(r, &mut words, &mut bytes);
            }
            w.write_all(&bytes)?;
            self.spilled += c.len();
        }
        w.flush()
    }

    /// The first failure to spill, if any.
    pub(crate) fn error(&self) -> Option<&std::io::Error> {
        self.error.as_ref()
    }

    /// Number of records (repeats included).
    pub(crate) fn len(&self) -> usize {
        self.spilled + self.chunks.iter().map(Vec::len).sum::<usize>()
    }

    /// Records of `owner` (repeats included).
    pub(crate) fn count(&self, owner: u32) -> usize {
        self.counts.get(owner as usize).map_or(0, |&c| c as usize)
    }

    /// The most records a group read back should hold.
    pub(crate) fn budget(&self) -> usize {
        self.budget
    }

    /// Visit every record: spilled ones first, then those in memory.
    fn visit(&self, mut f: impl FnMut(T) -> std::io::Result<()>) -> std::io::Result<()> {
        if let Some(e) = &self.error {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        if let Some(file) = &self.spill {
            read_records::<T>(file, self.spilled, &mut f)?;
        }
        for c in &self.chunks {
            for r in c {
                f(*r)?;
            }
        }
        Ok(())
    }

    /// Call `each(g, records)` for the groups `0..groups` in turn, with the
    /// records `group_of` puts in group `g` (in no particular order). One
    /// group is read from memory and the spill file; several are first
    /// distributed to one temporary file each, so memory holds one group.
    pub(crate) fn for_each_group(
        &self,
        groups: usize,
        group_of: impl Fn(&T) -> usize,
        mut each: impl FnMut(usize, Vec<T>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use std::io::{Seek, Write};
        if groups <= 1 {
            let mut all = Vec::with_capacity(self.len());
            self.visit(|r| {
                all.push(r);
                Ok(())
            })?;
            return if groups == 1 { each(0, all) } else { Ok(()) };
        }
        let mut files = Vec::with_capacity(groups);
        for _ in 0..groups {
            files.push(std::io::BufWriter::with_capacity(1 << 16, temp_file()?));
        }
        let mut sizes = vec![0usize; groups];
        let (mut words, mut bytes) = (Vec::new(), Vec::new());
        self.visit(|r| {
            let g = group_of(&r);
            bytes.clear();
            encode(&r, &mut words, &mut bytes);
            sizes[g] += 1;
            files[g].write_all(&bytes)
        })?;
        for (g, w) in files.into_iter().enumerate() {
            let mut file = w.into_inner().map_err(|e| temp_error(e.into_error()))?;
            file.seek(std::io::SeekFrom::Start(0)).map_err(temp_error)?;
            let mut recs = Vec::with_capacity(sizes[g]);
            read_records::<T>(&file, sizes[g], &mut |r| {
                recs.push(r);
                Ok(())
            })?;
            drop(file);
            each(g, recs)?;
        }
        Ok(())
    }
}

/// An unnamed temporary file (removed by the system however the process
/// ends), in `TMPDIR`.
fn temp_file() -> std::io::Result<std::fs::File> {
    tempfile::tempfile().map_err(temp_error)
}

/// An error on a temporary file, saying what it was for and how to move
/// them elsewhere.
fn temp_error(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(
        e.kind(),
        format!("temporary file for the graph's records (set TMPDIR to move them): {e}"),
    )
}

/// Append the little-endian bytes of `rec` to `out` (`words` is scratch).
fn encode<T: Owned>(rec: &T, words: &mut Vec<u32>, out: &mut Vec<u8>) {
    words.clear();
    rec.put(words);
    out.extend(words.iter().flat_map(|w| w.to_le_bytes()));
}

/// Read `n` records from the start of `file`.
fn read_records<T: Owned>(
    file: &std::fs::File,
    n: usize,
    f: &mut impl FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut file_ref = file;
    file_ref.seek(std::io::SeekFrom::Start(0))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file_ref);
    let mut bytes = vec![0u8; T::WORDS * 4];
    let mut words = vec![0u32; T::WORDS];
    for _ in 0..n {
        r.read_exact(&mut bytes)?;
        for (w, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        f(T::take(&words))?;
    }
    Ok(())
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
    fn store_sort_by_owner_is_a_sort_by_owner_rank_then_record() {
        // Owners 0..50 ranked in a scrambled order; the group holds ranks
        // 10..40, records in a scrambled order with repeats.
        let rank: Vec<u32> = (0..50u32).map(|o| (o * 37) % 50).collect();
        let owners: Vec<u32> = (0..50u32)
            .filter(|&o| (10..40).contains(&rank[o as usize]))
            .collect();
        let recs: Vec<EvidenceRec> = (0..500u32)
            .map(|i| ev(owners[(i * 7 % 30) as usize], i % 3, (i * 13) % 17))
            .collect();
        let sorted = sort_by_owner(recs.clone(), 10, 30, &rank, |a, b| {
            a.at.key(&[0, 1, 2]).cmp(&b.at.key(&[0, 1, 2]))
        });
        let mut want = recs;
        want.sort_by_key(|r| (rank[r.edge as usize], r.at.key(&[0, 1, 2])));
        assert_eq!(sorted, want);
    }

    fn group_records(log: &Log<EvidenceRec>, groups: usize) -> Vec<Vec<EvidenceRec>> {
        let mut out = Vec::new();
        log.for_each_group(
            groups,
            |r| r.edge as usize % groups,
            |g, mut recs| {
                assert_eq!(g, out.len(), "groups come in order");
                recs.sort_unstable_by_key(|r| (r.edge, r.at.start));
                out.push(recs);
                Ok(())
            },
        )
        .expect("read back");
        out
    }

    #[test]
    fn records_read_back_the_same_from_memory_and_from_spill_files() {
        let recs: Vec<EvidenceRec> = (0..40).map(|i| ev(i % 7, i, i * 3)).collect();
        let mut small = Log::with_budget(4);
        let mut large = Log::with_budget(1000);
        for r in &recs {
            small.push(*r);
            large.push(*r);
        }
        assert!(small.spill.is_some() && small.spilled >= 32, "spilled");
        assert!(large.spill.is_none());
        assert_eq!((small.len(), large.len()), (40, 40));
        assert_eq!(small.count(3), 6);
        for groups in [1, 3] {
            let (a, b) = (group_records(&small, groups), group_records(&large, groups));
            assert_eq!(a, b);
            assert_eq!(a.iter().map(Vec::len).sum::<usize>(), 40);
            for (g, recs) in a.iter().enumerate() {
                assert!(recs.iter().all(|r| r.edge as usize % groups == g));
            }
        }
    }

    #[test]
    fn mention_records_round_trip_through_words() {
        let m = MentionRec {
            node: 1,
            at: Place {
                doc: 2,
                article: 3,
                start: 4,
                end: 5,
            },
            text: 6,
            titles: 7,
        };
        let mut w = Vec::new();
        m.put(&mut w);
        assert_eq!(w.len(), MentionRec::WORDS);
        assert_eq!(MentionRec::take(&w), m);
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
    fn chunk_vec_indexes_across_chunks() {
        let mut v = ChunkVec::default();
        for i in 0..(VEC_CHUNK + 5) {
            v.push(i);
        }
        v[VEC_CHUNK + 1] = 7;
        assert_eq!(
            (v.len(), v[3], v[VEC_CHUNK], v[VEC_CHUNK + 1]),
            (VEC_CHUNK + 5, 3, VEC_CHUNK, 7)
        );
        assert_eq!(v.iter().count(), VEC_CHUNK + 5);
        assert!(v.chunks.iter().all(|c| c.capacity() == VEC_CHUNK));
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
