//! The model: its plain data ([`Model`]), its file format, and the compiled
//! form that tags ([`Compiled`]).
//!
//! A model is integer weights: a score per tag for every attribute, a row of
//! scores per tag and reached position for every kept n-gram, and
//! tag-to-tag transition scores. Integers (i16 quantised from the averaged
//! perceptron's weights) keep the file small and make a line's scores
//! exact sums, the same on every machine.
//!
//! **File format** (little-endian): the magic `GGNER01\n`; the feature
//! configuration (6 bytes); the scale (f32); the number of attribute ids (u32); transitions
//! then start scores (i32, 7×7 then 7); attribute weights (7 i16 each); for
//! each n-gram kind, the number of n-grams (u32) then, in increasing key
//! order, the key's difference from the previous one (LEB128) and its row:
//! a byte with a bit per reached position that has a non-zero score, and
//! for each such position a byte with a bit per tag, then those tags'
//! scores (i8, in units of [`NGRAM_UNIT`]). Last, an FNV-1a hash (u64) of everything before
//! it, so a damaged file is refused rather than read as a worse model.

use super::decode::{LANES, N_TAGS};
use super::features::{
    attr_count, pack, Extractor, FeatureConfig, Kind, LineFeatures, Reads, BASES, CLASSES, COLUMNS,
    SURNAME, TEMPLATES, VALUES,
};

/// The first bytes of a model file.
pub const MAGIC: &[u8; 8] = b"GGNER01\n";

/// The n-grams of one kind and their rows of scores.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Keys ([`super::features::pack`]), strictly increasing.
    pub keys: Vec<u64>,
    /// `row_len * LANES` scores per key, in key order (lane 7 is 0), in
    /// units of [`NGRAM_UNIT`].
    pub rows: Vec<i8>,
}

/// An n-gram score of 1 is this much of the model's other scores: n-gram
/// rows, most of a model's bytes and of its memory reads, are held in one
/// byte a score (dev F1 unchanged against i16: 0.8878 and 0.8873).
pub const NGRAM_UNIT: i32 = 256;

/// A model as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The features it reads.
    pub config: FeatureConfig,
    /// Integer weights are the trained (real) weights times this.
    pub scale: f32,
    /// `trans[p * LANES + c]`: score of tag `c` after tag `p`.
    pub trans: [i32; LANES * LANES],
    /// Score of each tag at the start of a line.
    pub start: [i32; LANES],
    /// `LANES` scores per attribute id.
    pub attrs: Vec<i16>,
    /// One table per kind of [`FeatureConfig::kinds`].
    pub tables: Vec<Table>,
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn put_uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

impl Model {
    /// The model's file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        let c = &self.config;
        out.extend_from_slice(&[
            c.window,
            c.max_ngram,
            u8::from(c.skip_bigram),
            u8::from(c.lexicon),
            u8::from(c.jieba),
            u8::from(c.surname_ngrams),
        ]);
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(attr_count() as u32).to_le_bytes());
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                out.extend_from_slice(&self.trans[p * LANES + t].to_le_bytes());
            }
        }
        for t in 0..N_TAGS {
            out.extend_from_slice(&self.start[t].to_le_bytes());
        }
        for a in self.attrs.chunks(LANES) {
            for &w in &a[..N_TAGS] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        for (kind, table) in self.config.kinds().into_iter().zip(&self.tables) {
            let row_len = self.config.row_len(kind);
            out.extend_from_slice(&(table.keys.len() as u32).to_le_bytes());
            let mut prev = 0u64;
            for (k, row) in table.keys.iter().zip(table.rows.chunks(row_len * LANES)) {
                put_uleb(&mut out, k - prev);
                prev = *k;
                let slots: Vec<&[i8]> = row.chunks(LANES).collect();
                let mut mask = 0u8;
                for (r, s) in slots.iter().enumerate() {
                    if s.iter().any(|&w| w != 0) {
                        mask |= 1 << r;
                    }
                }
                out.push(mask);
                for s in slots.iter().filter(|s| s.iter().any(|&w| w != 0)) {
                    let mut tags = 0u8;
                    for (t, &w) in s[..N_TAGS].iter().enumerate() {
                        if w != 0 {
                            tags |= 1 << t;
                        }
                    }
                    out.push(tags);
                    for &w in s[..N_TAGS].iter().filter(|&&w| w != 0) {
                        out.push(w as u8);
                    }
                }
            }
        }
        let h = fnv1a(&out);
        out.extend_from_slice(&h.to_le_bytes());
        out
    }

    /// Read a model file; a wrong, truncated or damaged file says what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a govgraph tagger model (bad magic)".into());
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut stored = [0u8; 8];
        stored.copy_from_slice(sum);
        if fnv1a(body) != u64::from_le_bytes(stored) {
            return Err("damaged model file (checksum mismatch)".into());
        }
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let flag = |b: u8| -> Result<bool, String> {
            match b {
                0 => Ok(false),
                1 => Ok(true),
                _ => Err(format!("bad flag byte {b}")),
            }
        };
        let config = FeatureConfig {
            window: r.u8()?,
            max_ngram: r.u8()?,
            skip_bigram: flag(r.u8()?)?,
            lexicon: flag(r.u8()?)?,
            jieba: flag(r.u8()?)?,
            surname_ngrams: flag(r.u8()?)?,
        };
        config.check()?;
        let scale = f32::from_bits(r.u32()?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(format!("scale {scale} is not a positive number"));
        }
        let n_attrs = r.u32()? as usize;
        if n_attrs != attr_count() {
            return Err(format!(
                "the model has {n_attrs} attributes, this govgraph {}: retrain it",
                attr_count()
            ));
        }
        let mut trans = [0i32; LANES * LANES];
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                trans[p * LANES + t] = r.i32()?;
            }
        }
        let mut start = [0i32; LANES];
        for s in start.iter_mut().take(N_TAGS) {
            *s = r.i32()?;
        }
        let mut attrs = vec![0i16; n_attrs * LANES];
        for a in attrs.chunks_mut(LANES) {
            for w in &mut a[..N_TAGS] {
                *w = r.i16()?;
            }
        }
        let mut tables = Vec::new();
        for kind in config.kinds() {
            let row_len = config.row_len(kind);
            let n = r.u32()? as usize;
            if n > body.len() {
                return Err(format!("{n} n-grams in a file of {} bytes", body.len()));
            }
            let mut keys = Vec::with_capacity(n);
            let mut rows = vec![0i8; n * row_len * LANES];
            let mut prev = 0u64;
            for i in 0..n {
                let d = r.uleb()?;
                if d == 0 {
                    // Keys increase, and no key is 0 (no character is).
                    return Err("n-gram keys out of order".into());
                }
                prev = prev
                    .checked_add(d)
                    .ok_or_else(|| "n-gram key overflows".to_string())?;
                keys.push(prev);
                let mask = r.u8()?;
                if row_len < 8 && mask >> row_len != 0 {
                    return Err(format!("row mask {mask:#x} for {row_len} positions"));
                }
                for slot in 0..row_len {
                    if mask & (1 << slot) == 0 {
                        continue;
                    }
                    let tags = r.u8()?;
                    if tags >> N_TAGS != 0 {
                        return Err(format!("tag mask {tags:#x}"));
                    }
                    let at = (i * row_len + slot) * LANES;
                    for t in 0..N_TAGS {
                        if tags & (1 << t) != 0 {
                            rows[at + t] = r.u8()? as i8;
                        }
                    }
                }
            }
            tables.push(Table { keys, rows });
        }
        if r.at != body.len() {
            return Err(format!("{} bytes after the model", body.len() - r.at));
        }
        Ok(Model {
            config,
            scale,
            trans,
            start,
            attrs,
            tables,
        })
    }

    /// The model with every n-gram score of magnitude below `min` (in the
    /// units of the other scores) set to 0, and n-grams left with no score
    /// dropped: a smaller model.
    pub fn pruned(&self, min: i32) -> Model {
        let mut m = self.clone();
        for (kind, table) in self.config.kinds().into_iter().zip(&mut m.tables) {
            let width = self.config.row_len(kind) * LANES;
            let mut kept = Table::default();
            for (&k, row) in table.keys.iter().zip(table.rows.chunks(width)) {
                let row: Vec<i8> = row
                    .iter()
                    .map(|&w| {
                        if (i32::from(w) * NGRAM_UNIT).abs() < min {
                            0
                        } else {
                            w
                        }
                    })
                    .collect();
                if row.iter().any(|&w| w != 0) {
                    kept.keys.push(k);
                    kept.rows.extend_from_slice(&row);
                }
            }
            *table = kept;
        }
        m
    }

    /// Number of n-grams kept, all kinds together.
    pub fn ngrams(&self) -> usize {
        self.tables.iter().map(|t| t.keys.len()).sum()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| "model file truncated".to_string())?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i32(&mut self) -> Result<i32, String> {
        Ok(self.u32()? as i32)
    }
    fn i16(&mut self) -> Result<i16, String> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    fn uleb(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("number too long".into())
    }
}

/// One n-gram table, indexed for lookups. Open addressing with the rows
/// in the table: a bucket holds a key (0: empty) and its scores side by
/// side, so a lookup reads one place of memory (a hit's scores come with
/// its key). At most a third of the buckets are used, so a key that is
/// not there is told by its home bucket or the next few. Single characters
/// of the Basic Multilingual Plane are looked up in a direct table
/// instead.
#[derive(Debug, Clone)]
struct Index {
    kind: Kind,
    /// Bytes of a row's scores (`row_len * LANES`).
    width: usize,
    /// Bytes per bucket: the key (8), then the scores.
    stride: usize,
    mask: usize,
    buckets: Vec<i8>,
    /// For single characters of the BMP: their rows, and each code point's
    /// row number + 1 (0: none).
    direct: Vec<u32>,
    direct_rows: Vec<i8>,
}

/// Bytes holding a key at the start of a bucket.
const KEY_BYTES: usize = 8;

/// The hash of a key: a multiply and xor-shift mix.
#[inline]
fn mix(key: u64) -> u64 {
    let h = (key ^ (key >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 29)
}

impl Index {
    fn new(config: &FeatureConfig, kind: Kind, table: Table) -> Index {
        let width = config.row_len(kind) * LANES;
        let stride = KEY_BYTES + width;
        let unigram = kind.n == 1 && !kind.skip && !kind.masked;
        let (mut direct, mut direct_rows) = (Vec::new(), Vec::new());
        if unigram {
            direct = vec![0u32; 0x1_0000];
        }
        let mut hashed = Vec::new();
        for (&k, row) in table.keys.iter().zip(table.rows.chunks(width)) {
            if unigram && k < 0x1_0000 {
                direct_rows.extend_from_slice(row);
                direct[k as usize] = (direct_rows.len() / width) as u32;
            } else {
                hashed.push((k, row));
            }
        }
        let cap = (3 * hashed.len() + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut buckets = vec![0i8; cap * stride];
        for (k, row) in hashed {
            let mut at = (mix(k) >> 32) as usize & mask;
            while buckets[at * stride..at * stride + KEY_BYTES] != [0; KEY_BYTES] {
                at = (at + 1) & mask;
            }
            let b = &mut buckets[at * stride..(at + 1) * stride];
            b[..KEY_BYTES].copy_from_slice(&k.to_le_bytes().map(|x| x as i8));
            b[KEY_BYTES..].copy_from_slice(row);
        }
        Index {
            kind,
            width,
            stride,
            mask,
            buckets,
            direct,
            direct_rows,
        }
    }

    /// The key in bucket `at`.
    #[inline(always)]
    fn key_at(&self, at: usize) -> u64 {
        let b = &self.buckets[at * self.stride..at * self.stride + KEY_BYTES];
        let b: [i8; KEY_BYTES] = b.try_into().unwrap_or([0; KEY_BYTES]);
        u64::from_le_bytes(b.map(|x| x as u8))
    }

    /// The scores of bucket `at`.
    #[inline(always)]
    fn scores_at(&self, at: usize) -> &[i8] {
        let from = at * self.stride + KEY_BYTES;
        &self.buckets[from..from + self.width]
    }

    /// The row of the direct table's row number + 1 `r` (not 0).
    #[inline(always)]
    fn direct_row(&self, r: u32) -> &[i8] {
        let at = (r as usize - 1) * self.width;
        &self.direct_rows[at..at + self.width]
    }

    /// The row of `key`, if the model has one.
    #[cfg(test)]
    fn row(&self, key: u64) -> Option<&[i8]> {
        if !self.direct.is_empty() && key < 0x1_0000 {
            let r = self.direct[key as usize];
            return (r != 0).then(|| self.direct_row(r));
        }
        self.probe((mix(key) >> 32) as usize & self.mask, key)
    }

    /// Linear probing for `key` from bucket `at`.
    #[inline]
    fn probe(&self, mut at: usize, key: u64) -> Option<&[i8]> {
        loop {
            match self.key_at(at) {
                0 => return None,
                k if k == key => return Some(self.scores_at(at)),
                _ => at = (at + 1) & self.mask,
            }
        }
    }
}

/// A model ready to score lines.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The features it reads.
    pub config: FeatureConfig,
    /// Integer weights per unit of trained weight (see [`Model::scale`]).
    pub scale: f32,
    /// Transition scores (see [`Model::trans`]).
    pub trans: [i32; LANES * LANES],
    /// Start scores.
    pub start: [i32; LANES],
    indices: Vec<Index>,
    /// The scores of each class window, the bias added (every position
    /// has both).
    classes: Vec<i32>,
    /// Attributes regrouped like n-grams (see [`CodeRows`]).
    columns: Vec<CodeRows>,
    /// Templates of two codes.
    pairs: Vec<PairRows>,
}

/// A template of two codes: (column, offset) twice, and the scores of
/// its attributes.
type PairRows = ((usize, isize), (usize, isize), Vec<i16>);

/// The templates reading one code column at offsets `lo..=hi`, regrouped as
/// n-grams are: a code `v` at position `q` adds row `v` to positions
/// `q - hi ..= q - lo` (the attribute `column[off]` of position `i` reads
/// the code at `i + off`). A line's few non-zero codes then cost one row
/// each, instead of every template a lookup at every position.
#[derive(Debug, Clone)]
struct CodeRows {
    column: usize,
    lo: isize,
    hi: isize,
    /// `(hi - lo + 1) * LANES` scores per code value.
    rows: Vec<i16>,
}

impl Compiled {
    /// Index a model's tables; `extractor` says which attribute templates
    /// are read.
    pub fn new(model: Model, extractor: &Extractor) -> Compiled {
        let config = model.config;
        let attr = |id: u32| &model.attrs[id as usize * LANES..(id as usize + 1) * LANES];
        let read = extractor.templates();
        let mut classes = vec![0i32; (CLASSES * CLASSES * CLASSES) as usize * LANES];
        let mut offsets: [Vec<(isize, usize)>; COLUMNS] = Default::default();
        let mut pairs = Vec::new();
        for &t in read {
            match TEMPLATES[t].1 {
                Reads::Bias => {
                    for c in classes.chunks_mut(LANES) {
                        for (x, &w) in c.iter_mut().zip(attr(BASES[t])) {
                            *x += i32::from(w);
                        }
                    }
                }
                Reads::Classes => {
                    for (v, c) in classes.chunks_mut(LANES).enumerate() {
                        for (x, &w) in c.iter_mut().zip(attr(BASES[t] + v as u32)) {
                            *x += i32::from(w);
                        }
                    }
                }
                Reads::One(col, off) => offsets[col].push((off, t)),
                Reads::Pair(a, b) => {
                    assert!(
                        a.0 == SURNAME || b.0 == SURNAME,
                        "scores() reads pairs at surnames only"
                    );
                    let n = TEMPLATES[t].1.values() as usize;
                    let at = BASES[t] as usize * LANES;
                    pairs.push((a, b, model.attrs[at..at + n * LANES].to_vec()));
                }
            }
        }
        let columns = offsets
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.is_empty())
            .map(|(column, o)| {
                let lo = o.iter().map(|x| x.0).min().unwrap_or(0);
                let hi = o.iter().map(|x| x.0).max().unwrap_or(0);
                let width = (hi - lo + 1) as usize * LANES;
                let mut rows = vec![0i16; VALUES[column] as usize * width];
                for v in 1..VALUES[column] as usize {
                    for &(off, t) in o {
                        let at = v * width + (hi - off) as usize * LANES;
                        rows[at..at + LANES].copy_from_slice(attr(BASES[t] + v as u32));
                    }
                }
                CodeRows {
                    column,
                    lo,
                    hi,
                    rows,
                }
            })
            .collect();
        let indices = config
            .kinds()
            .into_iter()
            .zip(model.tables)
            .map(|(k, t)| Index::new(&config, k, t))
            .collect();
        Compiled {
            config,
            scale: model.scale,
            trans: model.trans,
            start: model.start,
            indices,
            classes,
            columns,
            pairs,
        }
    }

    /// Every position's score of each tag: `LANES` scores a position,
    /// position `i` of the line at `scores[(i + score_offset) * LANES..]`
    /// (see [`score_offset`]). The same sums as [`emissions`] over the
    /// model's features, regrouped: n-gram lookups in phases, so that the
    /// table reads of a whole line are in flight together (one at a time,
    /// waiting on the cache was most of the tagging time), and attributes
    /// by code (see [`CodeRows`]).
    pub fn scores(&self, f: &LineFeatures, scores: &mut Vec<i32>, scratch: &mut Scratch) {
        let pad = self.config.pad();
        let len = f.len();
        scores.clear();
        scores.resize((len + 4 * pad + 2) * LANES, 0);
        let probes = &mut scratch.probes;
        for idx in &self.indices {
            let first = self.config.first_target(idx.kind);
            let span = idx.kind.span();
            let width = idx.width;
            let target = |q: usize| (q as isize + first + pad as isize) as usize * LANES;
            probes.clear();
            let ends = (f.padded.len() + 1).saturating_sub(span);
            let push = |probes: &mut Vec<Probe>, q: usize, key: u64| {
                probes.push(Probe {
                    q: q as u32,
                    key,
                    hash: mix(key),
                    slot: 0,
                })
            };
            let p = &f.padded;
            match (idx.kind.n, idx.kind.skip || idx.kind.masked) {
                // The common kinds, keys made in a tight loop: single
                // characters of the BMP from the direct table.
                (1, false) => {
                    for (q, &c) in p[..ends].iter().enumerate() {
                        let r = idx.direct.get(c as usize).copied().unwrap_or(0);
                        if r != 0 {
                            let t = target(q);
                            add_ngram(&mut scores[t..t + width], idx.direct_row(r));
                        } else if c as usize >= idx.direct.len() {
                            push(probes, q, u64::from(c));
                        }
                    }
                }
                (2, false) => {
                    for (q, w) in p.windows(2).enumerate() {
                        push(probes, q, pack(w));
                    }
                }
                (3, false) => {
                    for (q, w) in p.windows(3).enumerate() {
                        push(probes, q, pack(w));
                    }
                }
                _ => {
                    let mut visit = |q: usize| {
                        if let Some(key) = idx.kind.key(f, q) {
                            push(probes, q, key);
                        }
                    };
                    if idx.kind.masked {
                        // A masked n-gram holds a surname: only the starts
                        // near one, each once.
                        let mut next = 0;
                        for &m in &f.surnames {
                            let m = m as usize + pad;
                            let last = m.min(ends.saturating_sub(1));
                            for q in m.saturating_sub(span - 1).max(next)..=last {
                                visit(q);
                            }
                            next = next.max(m + 1);
                        }
                    } else {
                        (0..ends).for_each(visit);
                    }
                }
            }
            // Every key's home bucket's key, read without a branch on what
            // is read, so the reads overlap; then the hits' scores (in the
            // same place), probing on past other keys.
            for p in probes.iter_mut() {
                p.slot = idx.key_at((p.hash >> 32) as usize & idx.mask);
            }
            for p in probes.iter() {
                let home = (p.hash >> 32) as usize & idx.mask;
                let row = if p.slot == p.key {
                    Some(idx.scores_at(home))
                } else if p.slot == 0 {
                    None
                } else {
                    idx.probe((home + 1) & idx.mask, p.key)
                };
                if let Some(row) = row {
                    let t = target(p.q as usize);
                    add_ngram(&mut scores[t..t + width], row);
                }
            }
        }
        let off = score_offset(&self.config);
        for i in 0..len {
            let c = f.classes(pad, i) as usize * LANES;
            let at = (i + off) * LANES;
            add(&mut scores[at..at + LANES], &self.classes[c..c + LANES]);
        }
        add_code_rows(&self.columns, f, off, scores);
        // Every pair reads a surname: only positions near one can have it.
        for ((ca, oa), (cb, ob), w) in &self.pairs {
            let so = if *ca == SURNAME { *oa } else { *ob };
            for &q in &f.surnames {
                let ii = q as isize - so;
                if ii < 0 || ii as usize >= len {
                    continue;
                }
                let (x, y) = (f.code(ii + oa, *ca), f.code(ii + ob, *cb));
                if x != 0 && y != 0 {
                    let v = (x * VALUES[*cb] + y) as usize * LANES;
                    let at = (ii as usize + off) * LANES;
                    add(&mut scores[at..at + LANES], &w[v..v + LANES]);
                }
            }
        }
    }
}

/// `scores += row * NGRAM_UNIT`, lane by lane. Not inlined: on its own the
/// compiler widens eight bytes at a time with SSE2; inlined in
/// [`Compiled::scores`] it stayed scalar (a tenth of the tagging time).
#[inline(never)]
fn add_ngram(scores: &mut [i32], row: &[i8]) {
    for (s, w) in scores.chunks_exact_mut(LANES).zip(row.chunks_exact(LANES)) {
        let (Ok(s), Ok(w)) = (
            <&mut [i32; LANES]>::try_from(s),
            <&[i8; LANES]>::try_from(w),
        ) else {
            continue;
        };
        for k in 0..LANES {
            s[k] += i32::from(w[k]) * NGRAM_UNIT;
        }
    }
}

/// Add code rows for the codes of `f` (position `i` at `i + off` in
/// `scores`).
fn add_code_rows(columns: &[CodeRows], f: &LineFeatures, off: usize, scores: &mut [i32]) {
    for q in 0..f.len() {
        let codes = f.codes_at(q);
        if codes.iter().all(|&c| c == 0) {
            continue;
        }
        for col in columns {
            let v = usize::from(codes[col.column]);
            if v != 0 {
                let width = (col.hi - col.lo + 1) as usize * LANES;
                // Position q - hi, in the buffer (offset `off` >= hi).
                let at = (q + off).wrapping_add_signed(-col.hi) * LANES;
                add(
                    &mut scores[at..at + width],
                    &col.rows[v * width..(v + 1) * width],
                );
            }
        }
    }
}

/// Buffers of [`Compiled::scores`], reused from line to line.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    probes: Vec<Probe>,
}

/// A pending n-gram lookup of [`Compiled::scores`].
#[derive(Debug, Clone, Copy, Default)]
struct Probe {
    q: u32,
    key: u64,
    hash: u64,
    /// The key in its home bucket.
    slot: u64,
}

/// Where position 0 of a line sits in a score buffer, in positions.
pub fn score_offset(config: &FeatureConfig) -> usize {
    2 * config.pad()
}

/// Fill `scores` for a line: every n-gram's row (`row(kind index, padded
/// position)`) and every attribute's scores (`attr(id)`, the ids of
/// position `i` being `attrs(i)`) added up: the definition of a line's
/// scores. Training sums its weights (i32 or f64) this way; tagging sums
/// the same i16 weights regrouped ([`Compiled::scores`]).
pub fn emissions<'w, 'a, W: Copy + 'w, S: Copy + Default + From<W> + std::ops::AddAssign>(
    config: &FeatureConfig,
    f: &LineFeatures,
    mut row: impl FnMut(usize, usize) -> Option<&'w [W]>,
    attrs: impl Fn(usize) -> &'a [u32],
    attr: impl Fn(u32) -> &'w [W],
    scores: &mut Vec<S>,
) {
    let pad = config.pad();
    let len = f.len();
    scores.clear();
    scores.resize((len + 4 * pad + 2) * LANES, S::default());
    for (k, kind) in config.kinds().into_iter().enumerate() {
        let first = config.first_target(kind);
        for q in 0..(f.padded.len() + 1).saturating_sub(kind.span()) {
            if let Some(r) = row(k, q) {
                let at = (q as isize + first + pad as isize) as usize * LANES;
                add(&mut scores[at..at + r.len()], r);
            }
        }
    }
    let off = score_offset(config);
    for i in 0..len {
        let at = (i + off) * LANES;
        for &a in attrs(i) {
            add(&mut scores[at..at + LANES], attr(a));
        }
    }
}

/// `scores += row`, lane by lane (both a whole number of `LANES`; not
/// inlined, as [`add_ngram`], so it is vectorised).
#[inline(never)]
fn add<W: Copy, S: From<W> + std::ops::AddAssign>(scores: &mut [S], row: &[W]) {
    for (s, w) in scores.chunks_exact_mut(LANES).zip(row.chunks_exact(LANES)) {
        let (Ok(s), Ok(w)) = (<&mut [S; LANES]>::try_from(s), <&[W; LANES]>::try_from(w)) else {
            continue;
        };
        for k in 0..LANES {
            s[k] += S::from(w[k]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small model with every part non-trivial: rows with zero and
    /// non-zero positions, negative and extreme scores.
    pub(crate) fn sample_model() -> Model {
        let config = FeatureConfig {
            window: 2,
            max_ngram: 2,
            skip_bigram: true,
            lexicon: true,
            jieba: false,
            surname_ngrams: true,
        };
        let mut trans = [0; LANES * LANES];
        let mut start = [0; LANES];
        for p in 0..N_TAGS {
            start[p] = p as i32 * 11 - 30;
            for t in 0..N_TAGS {
                trans[p * LANES + t] = (p as i32 - t as i32) * 1000 + 7;
            }
        }
        let mut attrs = vec![0; attr_count() * LANES];
        attrs[3 * LANES + 2] = -5;
        attrs[40 * LANES + 6] = i16::MAX;
        let mut tables = Vec::new();
        for (n, kind) in config.kinds().into_iter().enumerate() {
            let row = config.row_len(kind) * LANES;
            let keys: Vec<u64> = (0..5u64)
                .map(|i| 1 + i * i * 1_000_003 + n as u64)
                .collect();
            let mut rows = vec![0i8; keys.len() * row];
            for (i, w) in rows.iter_mut().enumerate() {
                if i % LANES != 7 && i % 3 == 0 {
                    *w = ((i * 37) % 255) as u8 as i8;
                }
            }
            rows[row] = i8::MIN;
            // The third n-gram's scores are all small.
            for (k, w) in rows[2 * row..3 * row].iter_mut().enumerate() {
                *w = if k % LANES == 7 { 0 } else { (k % 5) as i8 - 2 };
            }
            tables.push(Table { keys, rows });
        }
        Model {
            config,
            scale: 1234.5,
            trans,
            start,
            attrs,
            tables,
        }
    }

    #[test]
    fn model_bytes_round_trip() {
        let m = sample_model();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).expect("reads back");
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn model_damaged_files_are_refused() {
        let bytes = sample_model().to_bytes();
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .contains("checksum"));
        let mut flipped = bytes.clone();
        flipped[40] ^= 1;
        assert!(Model::from_bytes(&flipped)
            .unwrap_err()
            .contains("checksum"));
        let mut other = bytes.clone();
        other[0] = b'X';
        assert!(Model::from_bytes(&other).unwrap_err().contains("magic"));
    }

    static RES: std::sync::LazyLock<crate::resources::Resources> =
        std::sync::LazyLock::new(|| crate::resources::Resources::builtin().unwrap());

    #[test]
    fn model_index_finds_every_key_and_no_other() {
        let m = sample_model();
        let c = Compiled::new(m.clone(), &Extractor::new(m.config, &RES));
        for (idx, table) in c.indices.iter().zip(&m.tables) {
            let w = idx.width;
            for (i, &k) in table.keys.iter().enumerate() {
                assert_eq!(idx.row(k), Some(&table.rows[i * w..(i + 1) * w]));
            }
            for k in [table.keys[0] + 1, 0x7FFF, 0x1_2345, u64::MAX >> 1] {
                assert!(table.keys.binary_search(&k).is_err());
                assert_eq!(idx.row(k), None);
            }
        }
    }

    #[test]
    fn model_compiled_scores_are_the_sum_of_every_feature() {
        // The shipped model, regrouped for speed, against the definition:
        // each position's attributes and each n-gram's row added one by one.
        let model = Model::from_bytes(crate::tagger::BUILTIN).unwrap();
        let ex = Extractor::new(model.config, &RES);
        let compiled = Compiled::new(model.clone(), &ex);
        // Every score in the units of the attribute scores.
        let maps: Vec<std::collections::HashMap<u64, Vec<i32>>> = model
            .config
            .kinds()
            .into_iter()
            .zip(&model.tables)
            .map(|(kind, t)| {
                let w = model.config.row_len(kind) * LANES;
                let rows = t
                    .rows
                    .chunks(w)
                    .map(|r| r.iter().map(|&x| i32::from(x) * NGRAM_UNIT).collect());
                t.keys.iter().copied().zip(rows).collect()
            })
            .collect();
        let attrs: Vec<i32> = model.attrs.iter().map(|&x| i32::from(x)).collect();
        let kinds = model.config.kinds();
        let lines = [
            "县长张晓明和欧阳红梅在北京市人民政府会见了美国客人。",
            "",
            "王",
            "2023年10月,ABC公司在上海浦东新区成立,总经理李四出席。",
            "據新華社報道，臺灣同胞來到福建省廈門市",
            "马某某、司马光、诸葛亮、上官婉儿等人到场",
        ];
        let (mut got, mut want, mut scratch) = (Vec::new(), Vec::<i32>::new(), Scratch::default());
        for line in lines {
            let words = crate::tagger::features::jieba_words(&RES.jieba, line);
            let mut f = LineFeatures::default();
            ex.line(line, &words, &mut f);
            compiled.scores(&f, &mut got, &mut scratch);
            let per_pos: Vec<Vec<u32>> = (0..f.len())
                .map(|i| {
                    let mut v = Vec::new();
                    ex.attrs_at(&f, i, &mut v);
                    v
                })
                .collect();
            emissions(
                &model.config,
                &f,
                |k, q| {
                    kinds[k]
                        .key(&f, q)
                        .and_then(|key| maps[k].get(&key).map(Vec::as_slice))
                },
                |i| &per_pos[i],
                |a| &attrs[a as usize * LANES..(a as usize + 1) * LANES],
                &mut want,
            );
            let off = score_offset(&model.config) * LANES;
            let n = f.len() * LANES;
            assert_eq!(got[off..off + n], want[off..off + n], "{line}");
            assert!(want[off..off + n].iter().any(|&x| x != 0) || f.is_empty());
        }
    }

    #[test]
    fn model_pruning_drops_small_scores_and_empty_rows() {
        let m = sample_model();
        let p = m.pruned(20 * NGRAM_UNIT);
        for t in &p.tables {
            for w in &t.rows {
                assert!(*w == 0 || w.unsigned_abs() >= 20, "{w}");
            }
        }
        assert!(p.ngrams() < m.ngrams());
        assert_eq!(m.pruned(0), m);
        assert_eq!(p.attrs, m.attrs);
        assert_eq!(p.trans, m.trans);
    }
}
