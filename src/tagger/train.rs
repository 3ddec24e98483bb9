//! Training: an averaged structured perceptron over the features of
//! [`super::features`], decoded with the same constrained Viterbi as
//! tagging, then quantised into a [`Model`].
//!
//! Why a perceptron written here rather than a CRF library: the model must
//! be scored by govgraph's own fast decoder (n-gram rows, see
//! [`super::model`]), so a library would only train; the perceptron is a
//! few dozen lines, needs no gradient or line search, and with integer
//! updates and one thread it is exactly deterministic: the same corpus and
//! options give the same model bytes on every run and machine.
//!
//! Data: `char<TAB>tag` lines, a blank line after each sentence, tags
//! `O`/`B-X`/`I-X` over PER, LOC, ORG ([`read_bio`]). Characters are
//! normalised as `ingest` normalises pages (Traditional → Simplified,
//! full-width → ASCII), so training sees what tagging sees.

use super::decode::{allowed, spans_of, viterbi, Lattice, LANES, N_TAGS, O};
use super::features::{attr_count, jieba_words, Extractor, FeatureConfig, LineFeatures};
use super::model::{emissions, score_offset, Model, Table, NGRAM_UNIT};
use super::Tagger;
use crate::resources::Resources;
use rustc_hash::FxHashMap;

/// A sentence of training or test data, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The characters, normalised as pages are.
    pub text: String,
    /// One tag id a character (see [`super::decode::TAG_NAMES`]).
    pub tags: Vec<u8>,
}

/// Read `char<TAB>tag` lines (a blank line ends a sentence; an empty tag is
/// `O`). An unknown tag or a malformed line is an error naming its line.
pub fn read_bio(text: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let (mut chars, mut tags) = (String::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !tags.is_empty() {
                out.push(Sentence {
                    text: crate::ingest::normalize(&std::mem::take(&mut chars)),
                    tags: std::mem::take(&mut tags),
                });
            }
            continue;
        }
        let (c, t) = line
            .split_once('\t')
            .or_else(|| line.split_once(' '))
            .ok_or_else(|| format!("line {}: expected `char<TAB>tag`", n + 1))?;
        let mut cs = c.chars();
        let (Some(ch), None) = (cs.next(), cs.next()) else {
            return Err(format!("line {}: {c:?} is not one character", n + 1));
        };
        let tag = if t.is_empty() {
            O
        } else {
            super::decode::tag_of_name(t)
                .ok_or_else(|| format!("line {}: unknown tag {t:?}", n + 1))?
        };
        chars.push(ch);
        tags.push(tag);
    }
    if !tags.is_empty() {
        out.push(Sentence {
            text: crate::ingest::normalize(&chars),
            tags,
        });
    }
    Ok(out)
}

/// How to train.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// The features.
    pub config: FeatureConfig,
    /// Passes over the data.
    pub epochs: usize,
    /// N-grams seen fewer times in the data get no weights.
    pub min_count: u32,
    /// Seed of the order sentences are visited in.
    pub seed: u64,
    /// Scores whose quantised magnitude is below this are dropped (0 keeps
    /// every non-zero one; n-gram scores, in steps of
    /// [`NGRAM_UNIT`], lose those below half a step anyway): a smaller
    /// model.
    pub min_weight: i16,
    /// The learner.
    pub algorithm: Algorithm,
}

/// How weights are learnt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Algorithm {
    /// Averaged structured perceptron.
    Perceptron,
    /// Linear-chain CRF, L2-regularised, by stochastic gradient.
    Crf {
        /// L2 coefficient (CRFsuite's c2).
        c2: f64,
        /// Initial learning rate.
        eta0: f64,
    },
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            config: FeatureConfig::default(),
            epochs: 24,
            min_count: 2,
            seed: 0x5EED,
            min_weight: 0,
            algorithm: Algorithm::Crf {
                c2: 0.3,
                eta0: 0.03,
            },
        }
    }
}

/// Exact-span precision and recall counts, per type (PER, LOC, ORG).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives per type.
    pub tp: [usize; 3],
    /// False positives per type.
    pub fp: [usize; 3],
    /// False negatives per type.
    pub fn_: [usize; 3],
}

impl Counts {
    /// Precision, recall and F1 of type `t` (0 PER, 1 LOC, 2 ORG), or of all
    /// three together (`None`, micro-averaged).
    pub fn prf(&self, t: Option<usize>) -> (f64, f64, f64) {
        let sum = |a: &[usize; 3]| t.map_or(a.iter().sum(), |t| a[t]) as f64;
        let (tp, fp, fn_) = (sum(&self.tp), sum(&self.fp), sum(&self.fn_));
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }

    /// Add one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[u8], pred: &[u8]) {
        let g = spans_of(gold);
        let p = spans_of(pred);
        for s in &p {
            if g.contains(s) {
                self.tp[usize::from(s.2)] += 1;
            } else {
                self.fp[usize::from(s.2)] += 1;
            }
        }
        for s in &g {
            if !p.contains(s) {
                self.fn_[usize::from(s.2)] += 1;
            }
        }
    }
}

/// Tag `sentences` with `tagger` and count exact-span matches.
pub fn evaluate(tagger: &Tagger, res: &Resources, sentences: &[Sentence]) -> Counts {
    let mut counts = Counts::default();
    let mut pred = Vec::new();
    for s in sentences {
        tagger.tag_ids(res, &s.text, &mut pred);
        counts.add(&s.tags, &pred);
    }
    counts
}

/// [`evaluate`] with the sentences read as pages of `page` consecutive
/// sentences (as `ner_bench.py` writes them), each page's people spread
/// by [`super::agree::spread_people`] as `govgraph tag` does.
pub fn evaluate_pages(
    tagger: &Tagger,
    res: &Resources,
    sentences: &[Sentence],
    page: usize,
) -> Counts {
    let mut counts = Counts::default();
    let mut pred = Vec::new();
    for chunk in sentences.chunks(page.max(1)) {
        let lines: Vec<Vec<char>> = chunk.iter().map(|s| s.text.chars().collect()).collect();
        let mut spans: Vec<Vec<super::agree::Span>> = chunk
            .iter()
            .map(|s| {
                tagger.tag_ids(res, &s.text, &mut pred);
                spans_of(&pred)
            })
            .collect();
        super::agree::spread_people(&lines, &mut spans);
        for (s, ss) in chunk.iter().zip(&spans) {
            let mut tags = vec![0u8; s.tags.len()];
            for &(a, b, t) in ss {
                tags[a] = 1 + 2 * t;
                for x in &mut tags[a + 1..b] {
                    *x = 2 + 2 * t;
                }
            }
            counts.add(&s.tags, &tags);
        }
    }
    counts
}

/// splitmix64: the visiting order's random numbers.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// No n-gram at this place.
const NONE: u32 = u32::MAX;

/// A training sentence made ready: its features, and for each n-gram kind
/// and padded position the number of the n-gram there (or [`NONE`]).
struct Prepared {
    features: LineFeatures,
    /// Attribute ids, position by position; position `i`'s end at
    /// `attr_ends[i]`.
    attrs: Vec<u32>,
    attr_ends: Vec<u32>,
    grams: Vec<Vec<u32>>,
    tags: Vec<u8>,
}

impl Prepared {
    fn attrs_at(&self, i: usize) -> &[u32] {
        let from = if i == 0 { 0 } else { self.attr_ends[i - 1] };
        &self.attrs[from as usize..self.attr_ends[i] as usize]
    }
}

/// The training data made ready, and where each feature's weights are in
/// one flat vector: attributes first (`LANES` each), then each kind's
/// n-grams (a row of `row_len * LANES` each).
struct Corpus {
    config: FeatureConfig,
    sentences: Vec<Prepared>,
    keys: Vec<Vec<u64>>,
    bases: Vec<usize>,
    row_lens: Vec<usize>,
    firsts: Vec<isize>,
    weights: usize,
}

impl Corpus {
    fn new(res: &Resources, sentences: &[Sentence], opts: &TrainOptions) -> Corpus {
        let config = opts.config;
        let extractor = Extractor::new(config, res);
        let kinds = config.kinds();
        let mut counts: Vec<FxHashMap<u64, u32>> = vec![FxHashMap::default(); kinds.len()];
        let mut feats = Vec::with_capacity(sentences.len());
        for s in sentences {
            let words = if config.jieba {
                jieba_words(&res.jieba, &s.text)
            } else {
                Vec::new()
            };
            let mut f = LineFeatures::default();
            extractor.line(&s.text, &words, &mut f);
            for (k, kind) in kinds.iter().enumerate() {
                for q in 0..(f.padded.len() + 1).saturating_sub(kind.span()) {
                    if let Some(key) = kind.key(&f, q) {
                        *counts[k].entry(key).or_insert(0) += 1;
                    }
                }
            }
            feats.push(f);
        }
        // Kept n-grams in key order, numbered.
        let mut keys: Vec<Vec<u64>> = Vec::new();
        let mut numbers: Vec<FxHashMap<u64, u32>> = Vec::new();
        for c in counts {
            let mut kept: Vec<u64> = c
                .into_iter()
                .filter(|&(_, n)| n >= opts.min_count)
                .map(|(k, _)| k)
                .collect();
            kept.sort_unstable();
            numbers.push(
                kept.iter()
                    .enumerate()
                    .map(|(i, &k)| (k, i as u32))
                    .collect(),
            );
            keys.push(kept);
        }
        let mut bases = Vec::new();
        let mut next = attr_count() * LANES;
        for (k, kind) in kinds.iter().enumerate() {
            bases.push(next);
            next += keys[k].len() * config.row_len(*kind) * LANES;
        }
        let prepared = feats
            .into_iter()
            .zip(sentences)
            .map(|(f, s)| {
                let grams = kinds
                    .iter()
                    .enumerate()
                    .map(|(k, kind)| {
                        (0..(f.padded.len() + 1).saturating_sub(kind.span()))
                            .map(|q| {
                                kind.key(&f, q)
                                    .and_then(|key| numbers[k].get(&key).copied())
                                    .unwrap_or(NONE)
                            })
                            .collect()
                    })
                    .collect();
                let (mut attrs, mut attr_ends) = (Vec::new(), Vec::new());
                for i in 0..f.len() {
                    extractor.attrs_at(&f, i, &mut attrs);
                    attr_ends.push(attrs.len() as u32);
                }
                Prepared {
                    features: f,
                    attrs,
                    attr_ends,
                    grams,
                    tags: s.tags.clone(),
                }
            })
            .collect();
        Corpus {
            config,
            sentences: prepared,
            keys,
            bases,
            row_lens: kinds.iter().map(|k| config.row_len(*k)).collect(),
            firsts: kinds.iter().map(|k| config.first_target(*k)).collect(),
            weights: next,
        }
    }

    /// Each position's scores under weights `w`.
    fn scores<W: Copy, S: Copy + Default + From<W> + std::ops::AddAssign>(
        &self,
        p: &Prepared,
        w: &[W],
        out: &mut Vec<S>,
    ) {
        emissions(
            &self.config,
            &p.features,
            |k, q| {
                let g = p.grams[k][q];
                (g != NONE).then(|| {
                    let at = self.bases[k] + g as usize * self.row_lens[k] * LANES;
                    &w[at..at + self.row_lens[k] * LANES]
                })
            },
            |i| p.attrs_at(i),
            |a| &w[a as usize * LANES..(a as usize + 1) * LANES],
            out,
        );
    }

    /// Where the weights of each feature of position `i` start (add a tag).
    fn features_at(&self, p: &Prepared, i: usize, mut visit: impl FnMut(usize)) {
        for &a in p.attrs_at(i) {
            visit(a as usize * LANES);
        }
        let pad = self.config.pad() as isize;
        for (k, grams) in p.grams.iter().enumerate() {
            for r in 0..self.row_lens[k] {
                let q = i as isize + pad - self.firsts[k] - r as isize;
                if q < 0 || q as usize >= grams.len() {
                    continue;
                }
                let g = grams[q as usize];
                if g != NONE {
                    visit(self.bases[k] + (g as usize * self.row_lens[k] + r) * LANES);
                }
            }
        }
    }

    /// Weights as a model: one scale for all, the largest magnitude of the
    /// attribute and transition scores 32767 (i16), n-gram scores in units
    /// of [`NGRAM_UNIT`] (i8, clamped); scores below `min_weight` dropped,
    /// and n-grams with no score left.
    fn quantise(&self, w: &[f64], trans: &[f64], start: &[f64], min_weight: i16) -> Model {
        let max = w.iter().fold(0f64, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        let keep = |v: f64| v.abs() >= f64::from(min_weight);
        let q16 = |x: f64| -> i16 {
            let v = (x * scale).round().clamp(-32767.0, 32767.0);
            if keep(v) {
                v as i16
            } else {
                0
            }
        };
        let q8 = |x: f64| -> i8 {
            let v = (x * scale / f64::from(NGRAM_UNIT))
                .round()
                .clamp(-127.0, 127.0);
            if keep(v * f64::from(NGRAM_UNIT)) {
                v as i8
            } else {
                0
            }
        };
        let q32 = |x: f64| (x * scale).round() as i32;
        let mut tr = [0; LANES * LANES];
        let mut st = [0; LANES];
        for p in 0..N_TAGS {
            st[p] = q32(start[p]);
            for t in 0..N_TAGS {
                tr[p * LANES + t] = q32(trans[p * LANES + t]);
            }
        }
        let attrs = w[..attr_count() * LANES].iter().map(|&x| q16(x)).collect();
        let mut tables = Vec::new();
        for (k, kind) in self.config.kinds().into_iter().enumerate() {
            let width = self.config.row_len(kind) * LANES;
            let mut table = Table::default();
            for (g, &key) in self.keys[k].iter().enumerate() {
                let at = self.bases[k] + g * width;
                let row: Vec<i8> = w[at..at + width].iter().map(|&x| q8(x)).collect();
                if row.iter().any(|&x| x != 0) {
                    table.keys.push(key);
                    table.rows.extend_from_slice(&row);
                }
            }
            tables.push(table);
        }
        Model {
            config: self.config,
            scale: scale as f32,
            trans: tr,
            start: st,
            attrs,
            tables,
        }
    }
}

/// What happened in an epoch, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Sentences whose best tagging was wrong (perceptron), or the
    /// negative log-likelihood of the data (CRF, rounded).
    pub loss: u64,
}

/// Train a model on `sentences` with the lexicons of `res`. `report` hears
/// each epoch's figures and can ask for the model as it stands (to score a
/// dev set; asking changes nothing).
pub fn train(
    res: &Resources,
    sentences: &[Sentence],
    opts: &TrainOptions,
    report: impl FnMut(EpochReport, &dyn Fn() -> Model),
) -> Model {
    let corpus = Corpus::new(res, sentences, opts);
    match opts.algorithm {
        Algorithm::Perceptron => perceptron(&corpus, opts, report),
        Algorithm::Crf { c2, eta0 } => crf(&corpus, opts, c2, eta0, report),
    }
}

/// The averaged structured perceptron: on a wrong sentence, +1 to the gold
/// tag's and -1 to the predicted tag's weight of every feature where they
/// differ (and of the transitions). Integer updates: exactly reproducible.
fn perceptron(
    corpus: &Corpus,
    opts: &TrainOptions,
    mut report: impl FnMut(EpochReport, &dyn Fn() -> Model),
) -> Model {
    // `u` sums (update number × change): the average is `w - u / c`.
    let mut w = vec![0i32; corpus.weights];
    let mut u = vec![0i64; corpus.weights];
    let (mut trans, mut trans_u) = ([0i32; LANES * LANES], [0i64; LANES * LANES]);
    let (mut start, mut start_u) = ([0i32; LANES], [0i64; LANES]);
    let mut order: Vec<usize> = (0..corpus.sentences.len()).collect();
    let mut rng = SplitMix(opts.seed);
    let mut c: i64 = 1;
    let (mut scores, mut lattice, mut pred) = (Vec::<i32>::new(), Lattice::default(), Vec::new());
    let off = score_offset(&corpus.config);
    let averaged = |w: &[i32],
                    u: &[i64],
                    trans: &[i32],
                    trans_u: &[i64],
                    start: &[i32],
                    start_u: &[i64],
                    c: i64| {
        let avg = |w: &[i32], u: &[i64]| -> Vec<f64> {
            w.iter()
                .zip(u)
                .map(|(&w, &u)| f64::from(w) - u as f64 / c as f64)
                .collect()
        };
        corpus.quantise(
            &avg(w, u),
            &avg(trans, trans_u),
            &avg(start, start_u),
            opts.min_weight,
        )
    };
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let mut mistakes = 0;
        for &s in &order {
            let p = &corpus.sentences[s];
            corpus.scores(p, &w, &mut scores);
            viterbi(
                p.tags.len(),
                |i| {
                    let mut e = [0i32; LANES];
                    e.copy_from_slice(&scores[(i + off) * LANES..(i + off + 1) * LANES]);
                    e
                },
                &trans,
                &start,
                &mut lattice,
                &mut pred,
            );
            if pred != p.tags {
                mistakes += 1;
                for i in 0..p.tags.len() {
                    let (g, y) = (usize::from(p.tags[i]), usize::from(pred[i]));
                    if g != y {
                        corpus.features_at(p, i, |at| {
                            w[at + g] += 1;
                            u[at + g] += c;
                            w[at + y] -= 1;
                            u[at + y] -= c;
                        });
                    }
                    let (gp, yp) = if i == 0 {
                        (None, None)
                    } else {
                        (
                            Some(usize::from(p.tags[i - 1])),
                            Some(usize::from(pred[i - 1])),
                        )
                    };
                    if (gp, g) == (yp, y) {
                        continue;
                    }
                    let (w, u, gi, yi) = match (gp, yp) {
                        (Some(gp), Some(yp)) => (
                            &mut trans[..],
                            &mut trans_u[..],
                            gp * LANES + g,
                            yp * LANES + y,
                        ),
                        _ => (&mut start[..], &mut start_u[..], g, y),
                    };
                    w[gi] += 1;
                    u[gi] += c;
                    w[yi] -= 1;
                    u[yi] -= c;
                }
            }
            c += 1;
        }
        report(
            EpochReport {
                epoch,
                loss: mistakes,
            },
            &|| averaged(&w, &u, &trans, &trans_u, &start, &start_u, c),
        );
    }
    averaged(&w, &u, &trans, &trans_u, &start, &start_u, c)
}

/// A linear-chain CRF under the BIO constraints, trained by stochastic
/// gradient ascent on the L2-regularised log-likelihood (learning rate
/// `1 / (λ (t0 + t))`, as CRFsuite's l2sgd; `λ = c2 / sentences`, `t0` from
/// `eta0`). One thread and a fixed visiting order: the same floating-point
/// operations in the same order on every run.
fn crf(
    corpus: &Corpus,
    opts: &TrainOptions,
    c2: f64,
    eta0: f64,
    mut report: impl FnMut(EpochReport, &dyn Fn() -> Model),
) -> Model {
    // Weights are `scale * v` (the L2 decay of every weight at once).
    let mut v = vec![0f64; corpus.weights];
    let mut scale = 1.0f64;
    let mut trans = vec![0f64; LANES * LANES];
    let mut start = vec![0f64; LANES];
    let lambda = c2 / corpus.sentences.len() as f64;
    let t0 = 1.0 / (lambda * eta0);
    let mut t = 0f64;
    let mut order: Vec<usize> = (0..corpus.sentences.len()).collect();
    let mut rng = SplitMix(opts.seed);
    let off = score_offset(&corpus.config);
    let mut scores = Vec::<f64>::new();
    let mut fb = ForwardBackward::default();
    // Iterates of the second half of training, summed every SNAPSHOT
    // sentences: their mean is the model (tail averaging takes out most of
    // the noise of the last steps).
    const SNAPSHOT: usize = 1000;
    let tail = opts.epochs / 2 + 1;
    let mut sum = Sums {
        w: vec![0f64; corpus.weights],
        trans: vec![0f64; LANES * LANES],
        start: vec![0f64; LANES],
        n: 0,
    };
    let model = |v: &[f64], scale: f64, trans: &[f64], start: &[f64], sum: &Sums| {
        if sum.n == 0 {
            let w: Vec<f64> = v.iter().map(|x| x * scale).collect();
            corpus.quantise(&w, trans, start, opts.min_weight)
        } else {
            let n = sum.n as f64;
            let mean = |x: &[f64]| -> Vec<f64> { x.iter().map(|x| x / n).collect() };
            corpus.quantise(
                &mean(&sum.w),
                &mean(&sum.trans),
                &mean(&sum.start),
                opts.min_weight,
            )
        }
    };
    let mut seen = 0usize;
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let mut loss = 0f64;
        for &s in &order {
            seen += 1;
            if epoch >= tail && seen.is_multiple_of(SNAPSHOT) {
                for (a, x) in sum.w.iter_mut().zip(&v) {
                    *a += x * scale;
                }
                for (a, x) in sum.trans.iter_mut().zip(&trans) {
                    *a += x;
                }
                for (a, x) in sum.start.iter_mut().zip(&start) {
                    *a += x;
                }
                sum.n += 1;
            }
            let p = &corpus.sentences[s];
            let eta = 1.0 / (lambda * (t0 + t));
            t += 1.0;
            scale *= 1.0 - eta * lambda;
            if scale < 1e-9 {
                for x in &mut v {
                    *x *= scale;
                }
                scale = 1.0;
            }
            corpus.scores(p, &v, &mut scores);
            let len = p.tags.len();
            for x in &mut scores[off * LANES..(off + len) * LANES] {
                *x *= scale;
            }
            let emit = &scores[off * LANES..(off + len) * LANES];
            loss += fb.run(emit, &trans, &start, &p.tags);
            // Gradient of the log-likelihood: observed minus expected.
            for i in 0..len {
                let mut g = [0f64; LANES];
                for (tag, gt) in g.iter_mut().enumerate().take(N_TAGS) {
                    *gt = f64::from(u8::from(usize::from(p.tags[i]) == tag)) - fb.marginal(i, tag);
                }
                let step = eta / scale;
                corpus.features_at(p, i, |at| {
                    for tag in 0..N_TAGS {
                        v[at + tag] += step * g[tag];
                    }
                });
                if i == 0 {
                    for (tag, gt) in g.iter().enumerate().take(N_TAGS) {
                        start[tag] += eta * gt;
                    }
                } else {
                    let gp = usize::from(p.tags[i - 1]);
                    let gc = usize::from(p.tags[i]);
                    trans[gp * LANES + gc] += eta;
                    for a in 0..N_TAGS {
                        for b in 0..N_TAGS {
                            trans[a * LANES + b] -= eta * fb.pair(i, a, b);
                        }
                    }
                }
            }
        }
        report(
            EpochReport {
                epoch,
                loss: loss.round() as u64,
            },
            &|| model(&v, scale, &trans, &start, &sum),
        );
    }
    model(&v, scale, &trans, &start, &sum)
}

/// Sums of weights for averaging.
struct Sums {
    w: Vec<f64>,
    trans: Vec<f64>,
    start: Vec<f64>,
    n: usize,
}

/// Scaled forward-backward over the seven tags under the BIO constraints:
/// marginals of tags and of tag pairs.
#[derive(Default)]
struct ForwardBackward {
    /// exp(emission - its maximum), per position.
    e: Vec<[f64; N_TAGS]>,
    /// exp(transition), 0 where the constraints forbid the pair.
    m: [[f64; N_TAGS]; N_TAGS],
    alpha: Vec<[f64; N_TAGS]>,
    beta: Vec<[f64; N_TAGS]>,
    /// Normaliser of each position's alpha.
    c: Vec<f64>,
}

impl ForwardBackward {
    /// Run on a sentence; returns its negative log-likelihood.
    fn run(&mut self, emit: &[f64], trans: &[f64], start: &[f64], gold: &[u8]) -> f64 {
        let len = gold.len();
        let mut shift = 0.0;
        self.e.clear();
        for i in 0..len {
            let row = &emit[i * LANES..i * LANES + N_TAGS];
            let max = row.iter().fold(f64::MIN, |m, &x| m.max(x));
            shift += max;
            let mut r = [0f64; N_TAGS];
            for (x, &y) in r.iter_mut().zip(row) {
                *x = (y - max).exp();
            }
            self.e.push(r);
        }
        for p in 0..N_TAGS {
            for t in 0..N_TAGS {
                self.m[p][t] = if allowed(Some(p as u8), t as u8) {
                    trans[p * LANES + t].exp()
                } else {
                    0.0
                };
            }
        }
        self.alpha.clear();
        self.c.clear();
        let mut a = [0f64; N_TAGS];
        for (t, at) in a.iter_mut().enumerate() {
            if allowed(None, t as u8) {
                *at = start[t].exp() * self.e[0][t];
            }
        }
        self.push_alpha(a);
        for i in 1..len {
            let prev = self.alpha[i - 1];
            let mut a = [0f64; N_TAGS];
            for (t, at) in a.iter_mut().enumerate() {
                let s: f64 = prev.iter().zip(&self.m).map(|(x, m)| x * m[t]).sum();
                *at = s * self.e[i][t];
            }
            self.push_alpha(a);
        }
        self.beta.clear();
        self.beta.resize(len, [0.0; N_TAGS]);
        self.beta[len - 1] = [1.0; N_TAGS];
        for i in (0..len - 1).rev() {
            let mut b = [0f64; N_TAGS];
            let (e, next) = (&self.e[i + 1], &self.beta[i + 1]);
            for (bp, m) in b.iter_mut().zip(&self.m) {
                let s: f64 = (0..N_TAGS).map(|t| m[t] * e[t] * next[t]).sum();
                *bp = s / self.c[i + 1];
            }
            self.beta[i] = b;
        }
        // log Z and the gold path's score.
        let log_z = self.c.iter().map(|c| c.ln()).sum::<f64>() + shift;
        let mut gold_score = start[usize::from(gold[0])];
        for i in 0..len {
            gold_score += emit[i * LANES + usize::from(gold[i])];
            if i > 0 {
                gold_score += trans[usize::from(gold[i - 1]) * LANES + usize::from(gold[i])];
            }
        }
        log_z - gold_score
    }

    fn push_alpha(&mut self, mut a: [f64; N_TAGS]) {
        let c: f64 = a.iter().sum::<f64>().max(f64::MIN_POSITIVE);
        for x in &mut a {
            *x /= c;
        }
        self.alpha.push(a);
        self.c.push(c);
    }

    /// P(tag at i = t).
    fn marginal(&self, i: usize, t: usize) -> f64 {
        self.alpha[i][t] * self.beta[i][t]
    }

    /// P(tags at i-1, i = a, b), i ≥ 1.
    fn pair(&self, i: usize, a: usize, b: usize) -> f64 {
        self.alpha[i - 1][a] * self.m[a][b] * self.e[i][b] * self.beta[i][b] / self.c[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static RES: LazyLock<Resources> = LazyLock::new(|| Resources::builtin().unwrap());

    /// BIO lines for sentences marked like `[P 张三]到[L 西安]`.
    fn bio(sentences: &[&str]) -> String {
        let mut out = String::new();
        for s in sentences {
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '[' {
                    let t = match chars.next() {
                        Some('P') => "PER",
                        Some('L') => "LOC",
                        _ => "ORG",
                    };
                    chars.next(); // the space
                    let mut first = true;
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                        let bi = if first { "B" } else { "I" };
                        out.push_str(&format!("{c}\t{bi}-{t}\n"));
                        first = false;
                    }
                } else {
                    out.push_str(&format!("{c}\tO\n"));
                }
            }
            out.push('\n');
        }
        out
    }

    const CORPUS: &[&str] = &[
        "[P 张晓伟]到[L 西安]考察[O 市交通局]工作。",
        "[O 县教育局]局长[P 李刚]在[L 渭南]出席会议。",
        "[P 王建国]说,[L 陕西]的变化很大。",
        "记者[P 赵小红]从[O 省卫生厅]获悉,[L 宝鸡]新建三所医院。",
        "[P 刘伟]和[P 陈静]前往[L 咸阳]看望群众。",
        "[O 市人民政府]召开会议,[P 周强]主持。",
        "[L 延安]和[L 榆林]的代表参加了[O 省农业厅]的培训。",
        "[P 孙志刚]表示,[O 县公安局]将加强巡逻。",
    ];

    #[test]
    fn train_reads_bio_and_normalises_characters() {
        let s = read_bio("１\tO\n號\tB-LOC\n\n張\tB-PER\n三\tI-PER\n2\t\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "1号");
        assert_eq!(s[0].tags, vec![0, 3]);
        assert_eq!(s[1].text, "张三2");
        assert_eq!(s[1].tags, vec![1, 2, 0]);
        let e = read_bio("a\tO\nbc\tO\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = read_bio("a\tO\n\nb\tB-MISC\n").unwrap_err();
        assert!(e.starts_with("line 3:") && e.contains("B-MISC"), "{e}");
        assert!(read_bio("no tab here\n").is_err());
        assert_eq!(read_bio("").unwrap(), vec![]);
    }

    fn tiny(algorithm: Algorithm) -> (Vec<Sentence>, TrainOptions) {
        let sentences = read_bio(&bio(CORPUS)).unwrap();
        let opts = TrainOptions {
            epochs: 8,
            min_count: 1,
            algorithm,
            ..TrainOptions::default()
        };
        (sentences, opts)
    }

    #[test]
    fn train_is_deterministic_and_learns_its_data() {
        for algorithm in [TrainOptions::default().algorithm, Algorithm::Perceptron] {
            let (sentences, opts) = tiny(algorithm);
            let mut reports = 0;
            let a = train(&RES, &sentences, &opts, |_, _| reports += 1);
            let b = train(&RES, &sentences, &opts, |_, _| {});
            assert_eq!(reports, opts.epochs);
            assert_eq!(a.to_bytes(), b.to_bytes(), "{algorithm:?}");
            let tagger = Tagger::from_model(a, &RES);
            let c = evaluate(&tagger, &RES, &sentences);
            assert!(c.prf(None).2 > 0.9, "{algorithm:?}: {c:?}");
        }
    }

    #[test]
    fn train_counts_exact_spans_only() {
        let mut c = Counts::default();
        // Gold PER [0,2) and LOC [3,5); predicted PER [0,3) and LOC [3,5).
        c.add(&[1, 2, 0, 3, 4], &[1, 2, 2, 3, 4]);
        assert_eq!((c.tp, c.fp, c.fn_), ([0, 1, 0], [1, 0, 0], [1, 0, 0]));
        let (p, r, f) = c.prf(None);
        assert_eq!((p, r, f), (0.5, 0.5, 0.5));
        assert_eq!(c.prf(Some(2)), (0.0, 0.0, 0.0));
    }
}
