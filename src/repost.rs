//! Reposts: near-duplicate articles across the whole corpus.
//!
//! A county paper's story comes back from the county site, the city site and
//! aggregators, with new furniture lines, another headline, in Traditional
//! script or cut off. Each article gets a [`Signature`] of its normalised
//! text (ingest already made it Simplified and half-width): the headline,
//! bylines, captions, markers and furniture lines (来源:, 发布时间:, 责任编辑:
//! …) are left out and only letters and digits are kept, so punctuation and
//! spacing do not count either. The signature is a one-permutation MinHash
//! of the text's character 5-grams ([`BINS`] bins, densified, 16 bits a bin)
//! with the number of distinct 5-grams, the text's length and a hash of it.
//!
//! [`cluster`] finds candidate pairs by banding ([`BANDS`] bands of
//! [`ROWS`] bins: pairs share a band with probability 1-(1-J³)⁴², 0.996 at
//! Jaccard 0.5, 0.94 at 0.4, 4·10⁻⁵ at 0.01), so the cost stays near-linear,
//! and accepts a pair when the shorter text is contained in the longer one:
//! the containment estimated from the MinHash Jaccard J and the two set sizes,
//! `J·(|A|+|B|)/((1+J)·min(|A|,|B|))`, is at least [`MIN_CONTAINMENT`] and the
//! shorter has at least [`MIN_SIZE_RATIO`] of the longer's 5-grams (a copy
//! cut off after 40 % of its text is still a repost; a short brief quoted in
//! a long report is not), and the two leads (first paragraphs, at most
//! [`LEAD_CHARS`] characters, with a MinHash of [`LEAD_BINS`] bins of their own) are alike
//! ([`MIN_LEAD_JACCARD`]): stories written on one pattern that share their
//! stock sentences open on other names, dates and places. Joined pairs can
//! chain, so within a chain each article joins the first canonical copy it
//! is one article with. Two reports of one meeting in their own words
//! share names and set phrases but few 5-grams, far below the threshold.
//!
//! Each cluster keeps one canonical copy, chosen by content: the longest
//! text, then the smallest content hash, then the smallest (document,
//! article) for identical texts. Nothing depends on input order.

use crate::ingest::{Article, LineKind};
use crate::text::CharIndex;
use std::collections::HashMap;

/// MinHash bins of a signature.
pub const BINS: usize = 128;
/// MinHash bins of the lead (the first [`LEAD_CHARS`] characters).
pub const LEAD_BINS: usize = 32;
/// Characters of the lead, at most.
pub const LEAD_CHARS: usize = 100;
/// Characters of the lead, at least (a short first paragraph takes the
/// next one in).
pub const MIN_LEAD_CHARS: usize = 30;
/// Estimated Jaccard similarity of the two leads (first paragraphs), at
/// least: a copy keeps the lead (who, when, where), while stories of one
/// pattern that share their stock sentences open on other names, dates and
/// places.
pub const MIN_LEAD_JACCARD: f64 = 0.7;
/// Bins a band hashes together.
pub const ROWS: usize = 3;
/// Bands (the last `BINS % ROWS` bins are only compared, not banded).
pub const BANDS: usize = BINS / ROWS;
/// Characters in a shingle.
pub const SHINGLE: usize = 5;
/// Fewest distinct shingles a MinHash is made of (shorter texts, a headline
/// and a byline or a one-line notice, get an exact signature instead).
pub const MIN_SHINGLES: u32 = 16;
/// Estimated containment of the shorter text in the longer one from which
/// two articles are one.
pub const MIN_CONTAINMENT: f64 = 0.8;
/// The shorter text's share of the longer one's shingles, at least.
pub const MIN_SIZE_RATIO: f64 = 0.4;
/// Candidates a band bucket compares each member with, at most (members
/// already joined are skipped, so copies cost nothing).
const MAX_REPS: usize = 16;
/// Canonical copies a set of joined pairs compares each member with, at
/// most (a set chained through shared sentences can be large).
const MAX_CANONICAL: usize = 256;

/// Labels of furniture lines: a line starting with one of them (and a
/// colon, or directly a value) is page furniture, not the article's text.
const FURNITURE: &[&str] = &[
    "来源",
    "发布时间",
    "发布日期",
    "发布者",
    "发布机构",
    "责任编辑",
    "编辑",
    "作者",
    "审核",
    "校对",
    "浏览次数",
    "点击数",
    "阅读次数",
    "访问量",
    "字号",
    "打印",
    "分享到",
    "信息来源",
    "文章来源",
    "稿件来源",
    "时间",
    "供稿",
    "原标题",
];

/// The MinHash signature of one article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Characters of the signed text (letters and digits).
    pub chars: u32,
    /// Distinct shingles.
    pub shingles: u32,
    /// Hash of the signed text.
    pub hash: u64,
    /// The MinHash, 16 bits a bin.
    pub mins: [u16; BINS],
    /// The MinHash of the lead.
    pub lead: [u16; LEAD_BINS],
}

/// A fixed 64-bit mix (splitmix64's finaliser): no seed from the system.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether a line is page furniture (来源:某某网, 责任编辑:某某).
pub fn is_furniture(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '[' || c == '【');
    FURNITURE.iter().any(|f| {
        t.strip_prefix(f).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with([':', '：', '】', ']']) || rest.is_empty()
        })
    })
}

/// The text a signature is made of: the article's body and section heads
/// without furniture lines, letters and digits only.
///
/// Also gives the length of its lead: the first paragraph (with the next
/// ones while it is shorter than [`MIN_LEAD_CHARS`]), at most
/// [`LEAD_CHARS`] characters.
pub fn signed_text(text: &str, index: &CharIndex, article: &Article) -> (Vec<char>, usize) {
    let mut out = Vec::new();
    let mut lead = None;
    for l in &article.lines {
        if !matches!(l.kind, LineKind::Body | LineKind::Subhead) {
            continue;
        }
        let line = &text[index.byte_of(l.span.start)..index.byte_of(l.span.end)];
        if is_furniture(line) {
            continue;
        }
        out.extend(line.chars().filter(|&c| signed_char(c)));
        if lead.is_none() && out.len() >= MIN_LEAD_CHARS {
            lead = Some(out.len().min(LEAD_CHARS));
        }
    }
    let lead = lead.unwrap_or(out.len().min(LEAD_CHARS));
    (out, lead)
}

/// Sign an article of a normalised document. An article whose body is too
/// short for a MinHash (a headline and a byline, a one-line notice) gets an
/// exact signature of all its lines, which joins identical copies only
/// (`None`: no letter or digit at all).
pub fn sign_article(text: &str, index: &CharIndex, article: &Article) -> Option<Signature> {
    let (body, lead) = signed_text(text, index, article);
    if let Some(sig) = sign_text(&body, lead) {
        return Some(sig);
    }
    let mut all = Vec::new();
    for l in article.lines.iter().filter(|l| l.kind != LineKind::Marker) {
        let line = &text[index.byte_of(l.span.start)..index.byte_of(l.span.end)];
        all.extend(line.chars().filter(|&c| signed_char(c)));
    }
    exact_signature(&all)
}

/// The hash of a text reduced to letters and digits.
fn text_hash(chars: &[char]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &c in chars {
        hash = mix(hash ^ c as u64);
    }
    hash
}

/// Does `c` count in a signature: a letter or digit (`char::is_alphanumeric`),
/// answered without the Unicode tables for the common CJK block, all of
/// whose characters are letters (a test holds it to the tables).
#[inline]
fn signed_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
}

/// How many bins two signatures have equal. Written as a sum of 0s and 1s
/// over fixed-size arrays so that it compiles to vector compares: the
/// clustering of a large build makes millions of these comparisons on one
/// thread.
#[inline]
fn same_bins<const K: usize>(a: &[u16; K], b: &[u16; K]) -> u32 {
    a.iter().zip(b).map(|(x, y)| u32::from(x == y)).sum()
}

/// A signature that only identical texts share: no shingles, no bins.
pub fn exact_signature(chars: &[char]) -> Option<Signature> {
    (!chars.is_empty()).then(|| Signature {
        chars: u32::try_from(chars.len()).unwrap_or(u32::MAX),
        shingles: 0,
        hash: text_hash(chars),
        mins: [0; BINS],
        lead: [0; LEAD_BINS],
    })
}

/// The distinct hashes of a text's shingles.
fn shingle_hashes(chars: &[char]) -> Vec<u64> {
    let mut hs: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| {
            let mut h = 0u64;
            for &c in w {
                h = (h.rotate_left(21) ^ c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            mix(h)
        })
        .collect();
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// One-permutation MinHash of `K` bins (a power of two) over distinct
/// hashes: the top bits choose the bin, the low bits compete; an empty bin
/// takes the value of the first filled bin on a fixed pseudo-random walk
/// from it (the same walk for every text). 16 bits a bin.
fn one_permutation<const K: usize>(hs: &[u64]) -> [u16; K] {
    let bits = K.trailing_zeros();
    let mut full = [u64::MAX; K];
    for &h in hs {
        let bin = (h >> (64 - bits)) as usize;
        let v = h & ((1 << (64 - bits)) - 1);
        if v < full[bin] {
            full[bin] = v;
        }
    }
    let mut mins = [0u16; K];
    if hs.is_empty() {
        return mins;
    }
    for (i, m) in mins.iter_mut().enumerate() {
        let mut j = i;
        let mut step = 0u64;
        while full[j] == u64::MAX {
            step += 1;
            j = (mix(((i as u64) << 32) | step) % K as u64) as usize;
        }
        // 16 bits of the minimum, folded with the bin it came from.
        *m = (mix(full[j] ^ ((j as u64) << 58)) >> 48) as u16;
    }
    mins
}

/// Sign a text already reduced to letters and digits, its lead the first
/// [`LEAD_CHARS`] characters.
pub fn sign_chars(chars: &[char]) -> Option<Signature> {
    sign_text(chars, chars.len().min(LEAD_CHARS))
}

/// Sign a text already reduced to letters and digits whose lead is its
/// first `lead` characters.
pub fn sign_text(chars: &[char], lead: usize) -> Option<Signature> {
    if chars.len() < SHINGLE {
        return None;
    }
    let hs = shingle_hashes(chars);
    let shingles = u32::try_from(hs.len()).unwrap_or(u32::MAX);
    if shingles < MIN_SHINGLES {
        return None;
    }
    let lead = shingle_hashes(&chars[..lead.min(chars.len())]);
    Some(Signature {
        chars: u32::try_from(chars.len()).unwrap_or(u32::MAX),
        shingles,
        hash: text_hash(chars),
        mins: one_permutation::<BINS>(&hs),
        lead: one_permutation::<LEAD_BINS>(&lead),
    })
}

impl Signature {
    /// The signature as it is written in a shard line:
    /// `chars:shingles:hash:bins:lead bins`, numbers in hexadecimal.
    pub fn to_field(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(BINS * 4 + 40);
        let _ = write!(
            s,
            "{:x}:{:x}:{:016x}:",
            self.chars, self.shingles, self.hash
        );
        for m in &self.mins {
            let _ = write!(s, "{m:04x}");
        }
        s.push(':');
        for m in &self.lead {
            let _ = write!(s, "{m:04x}");
        }
        s
    }

    /// Read a signature written by [`Signature::to_field`].
    pub fn from_field(s: &str) -> Result<Signature, String> {
        let bad = |what: &str| format!("repost signature: {what}");
        let mut parts = s.split(':');
        let mut num = |what: &str| {
            parts
                .next()
                .and_then(|p| u64::from_str_radix(p, 16).ok())
                .ok_or_else(|| bad(what))
        };
        let chars = u32::try_from(num("bad character count")?).map_err(|_| bad("too long"))?;
        let shingles = u32::try_from(num("bad shingle count")?).map_err(|_| bad("too long"))?;
        let hash = num("bad hash")?;
        let bins = parts.next().ok_or_else(|| bad("no bins"))?;
        let lead_bins = parts.next().unwrap_or_default();
        if parts.next().is_some()
            || bins.len() != BINS * 4
            || lead_bins.len() != LEAD_BINS * 4
            || !bins.is_ascii()
            || !lead_bins.is_ascii()
        {
            return Err(bad(&format!(
                "expected {BINS} bins and {LEAD_BINS} lead bins of 4 hex digits"
            )));
        }
        let hex = |text: &str, out: &mut [u16]| -> Result<(), String> {
            for (i, m) in out.iter_mut().enumerate() {
                *m = u16::from_str_radix(&text[i * 4..i * 4 + 4], 16)
                    .map_err(|_| bad("bins are not hexadecimal"))?;
            }
            Ok(())
        };
        let mut mins = [0u16; BINS];
        hex(bins, &mut mins)?;
        let mut lead = [0u16; LEAD_BINS];
        hex(lead_bins, &mut lead)?;
        let exact = shingles == 0 && mins.iter().all(|&m| m == 0) && lead.iter().all(|&m| m == 0);
        if (shingles < MIN_SHINGLES && !exact) || chars < shingles || chars == 0 {
            return Err(bad("counts do not hold"));
        }
        Ok(Signature {
            chars,
            shingles,
            hash,
            mins,
            lead,
        })
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        f64::from(same_bins(&self.mins, &other.mins)) / BINS as f64
    }

    /// Estimated Jaccard similarity of the two leads.
    pub fn lead_jaccard(&self, other: &Signature) -> f64 {
        f64::from(same_bins(&self.lead, &other.lead)) / LEAD_BINS as f64
    }

    /// Estimated share of the shorter text's shingles found in the longer.
    pub fn containment(&self, other: &Signature) -> f64 {
        let j = self.jaccard(other);
        let (a, b) = (f64::from(self.shingles), f64::from(other.shingles));
        (j * (a + b) / ((1.0 + j) * a.min(b))).min(1.0)
    }

    /// Whether two articles are one (a repost of the other).
    pub fn same_article(&self, other: &Signature) -> bool {
        if self.hash == other.hash && self.chars == other.chars {
            return true;
        }
        if self.shingles == 0 || other.shingles == 0 {
            return false; // exact signatures join identical texts only
        }
        let (a, b) = (
            self.shingles.min(other.shingles),
            self.shingles.max(other.shingles),
        );
        f64::from(a) >= MIN_SIZE_RATIO * f64::from(b)
            && self.containment(other) >= MIN_CONTAINMENT
            && self.lead_jaccard(other) >= MIN_LEAD_JACCARD
    }

    /// Orders the copies of a cluster: the canonical one first.
    fn canon_key(&self) -> (std::cmp::Reverse<u32>, u64) {
        (std::cmp::Reverse(self.chars), self.hash)
    }
}

impl serde::Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_field())
    }
}

impl<'de> serde::Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Signature, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Signature::from_field(&s).map_err(serde::de::Error::custom)
    }
}

/// One signed article of the corpus.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Document base name.
    pub doc: String,
    /// Article index in the document.
    pub index: usize,
    /// Its signature.
    pub sig: Signature,
}

/// What an article is in its repost cluster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The copy whose mentions stand for the cluster, reported by
    /// `sources` articles in all (itself included).
    Canonical {
        /// Articles in the cluster.
        sources: usize,
    },
    /// Another copy: its article is the canonical one's.
    Copy {
        /// The canonical copy's document.
        doc: String,
        /// The canonical copy's article index.
        index: usize,
    },
}

/// The repost clusters of a corpus: the role of every article in a cluster
/// of two or more (articles not listed stand alone).
#[derive(Debug, Clone, Default)]
pub struct Reposts {
    roles: HashMap<(String, usize), Role>,
    /// Clusters of two or more articles.
    pub clusters: usize,
    /// Articles that are copies of another (cluster members beyond the
    /// canonical one).
    pub copies: usize,
}

/// One line of a roles file: an article of a cluster and its role.
#[derive(serde::Serialize, serde::Deserialize)]
struct RoleLine {
    doc: String,
    index: usize,
    role: Role,
}

impl Reposts {
    /// The roles as JSON lines (`{"doc":…,"index":…,"role":…}`), sorted
    /// by document and article: what the first pass of a distributed build
    /// hands every partition (`govgraph dist reposts`).
    pub fn to_lines(&self) -> Vec<u8> {
        let mut keys: Vec<&(String, usize)> = self.roles.keys().collect();
        keys.sort();
        let mut out = Vec::new();
        for k in keys {
            let line = RoleLine {
                doc: k.0.clone(),
                index: k.1,
                role: self.roles[k].clone(),
            };
            serde_json::to_writer(&mut out, &line).expect("writing to memory");
            out.push(b'\n');
        }
        out
    }

    /// Roles read back from [`Reposts::to_lines`]; a bad line is named by
    /// its number (1-based) and the cause.
    pub fn from_lines(text: &[u8]) -> Result<Reposts, (usize, String)> {
        let mut r = Reposts::default();
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let l: RoleLine = serde_json::from_slice(line).map_err(|e| (i + 1, e.to_string()))?;
            match l.role {
                Role::Canonical { .. } => r.clusters += 1,
                Role::Copy { .. } => r.copies += 1,
            }
            r.roles.insert((l.doc, l.index), l.role);
        }
        Ok(r)
    }

    /// The role of an article (`None`: it stands alone).
    pub fn role(&self, doc: &str, index: usize) -> Option<&Role> {
        if self.roles.is_empty() {
            return None;
        }
        self.roles.get(&(doc.to_string(), index))
    }
}

/// Union-find over item numbers; the root of a set is its smallest member,
/// so the sets do not depend on the order of unions.
struct Sets(Vec<u32>);

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = (a.min(b), a.max(b));
            self.0[hi as usize] = lo;
        }
    }
}

/// Cluster signed articles into reposts. The result depends only on the set
/// of articles given, not on their order.
pub fn cluster(mut items: Vec<Signed>) -> Reposts {
    use rayon::slice::ParallelSliceMut;
    // The sorts run on every core (stable, or on keys with no ties left),
    // so the clusters are the same for any thread count.
    items.par_sort_by(|a, b| (&a.doc, a.index).cmp(&(&b.doc, b.index)));
    items.dedup_by(|a, b| a.doc == b.doc && a.index == b.index);
    let n = items.len();
    let mut sets = Sets((0..n as u32).collect());
    // Members of a bucket in canonical order (longest first), so a cut-off
    // copy meets the whole text first.
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.par_sort_by(|&a, &b| {
        let (x, y) = (&items[a as usize], &items[b as usize]);
        x.sig.canon_key().cmp(&y.sig.canon_key()).then(a.cmp(&b))
    });
    let mut rank = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    // Identical texts first: they join without a look at their bins.
    for w in order.windows(2) {
        let (a, b) = (&items[w[0] as usize].sig, &items[w[1] as usize].sig);
        if a.hash == b.hash && a.chars == b.chars {
            sets.union(w[0], w[1]);
        }
    }
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n);
    let mut reps: Vec<u32> = Vec::with_capacity(MAX_REPS);
    for band in 0..BANDS {
        keys.clear();
        for (i, it) in items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.sig.shingles > 0)
        {
            let mut k = band as u64;
            for &m in &it.sig.mins[band * ROWS..(band + 1) * ROWS] {
                k = (k << 16) | u64::from(m);
            }
            keys.push((mix(k), rank[i]));
        }
        keys.par_sort_unstable();
        for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() < 2 {
                continue;
            }
            reps.clear();
            for &(_, r) in bucket {
                let x = order[r as usize];
                let mut joined = false;
                for &rep in &reps {
                    if sets.find(rep) == sets.find(x) {
                        joined = true;
                        continue;
                    }
                    if items[rep as usize].sig.same_article(&items[x as usize].sig) {
                        sets.union(rep, x);
                        joined = true;
                    }
                }
                if !joined && reps.len() < MAX_REPS {
                    reps.push(x);
                }
            }
        }
    }
    // Members of each set, in canonical order.
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    for &i in &order {
        let root = sets.find(i);
        members.entry(root).or_default().push(i);
    }
    // Pairs chain (A holds B, B holds C, C is not A's): within a set, each
    // article joins the first canonical copy, longest first, it is itself
    // one article with, or becomes one. Every copy is then checked against
    // its canonical one, and nothing depends on the order of the pairs.
    let mut clusters: Vec<Vec<u32>> = Vec::new();
    for m in members.into_values().filter(|m| m.len() > 1) {
        let mut stars: Vec<Vec<u32>> = Vec::new();
        for &x in &m {
            let sig = &items[x as usize].sig;
            match stars
                .iter_mut()
                .take(MAX_CANONICAL)
                .find(|s| items[s[0] as usize].sig.same_article(sig))
            {
                Some(s) => s.push(x),
                None => stars.push(vec![x]),
            }
        }
        clusters.extend(stars.into_iter().filter(|s| s.len() > 1));
    }
    let mut out = Reposts::default();
    for m in clusters {
        out.clusters += 1;
        out.copies += m.len() - 1;
        let canon = &items[m[0] as usize];
        for (k, &i) in m.iter().enumerate() {
            let it = &items[i as usize];
            let role = if k == 0 {
                Role::Canonical { sources: m.len() }
            } else {
                Role::Copy {
                    doc: canon.doc.clone(),
                    index: canon.index,
                }
            };
            out.roles.insert((it.doc.clone(), it.index), role);
        }
    }
    out
}

#[cfg(test)]
mod tests;
