//! The learned sequence tagger: a linear model over hashed features ([`super::features`]) with
//! BIO labels and first-order Viterbi decoding, trained as an averaged perceptron by
//! `src/bin/train.rs`.
//!
//! # Model file (`data/model/ner.bin`, little-endian)
//! ```text
//! magic "AHNER01\0" | n_features u32 | scale f32
//! transitions: (N_TAGS + 1) * N_TAGS f32   (row N_TAGS = sentence start)
//! keys: n_features varints, deltas of the sorted u32 feature keys
//! weights: n_features * N_TAGS i8, decoded as sign(q) * (|q| / 127)^2 * scale
//! ```
//! The square-law quantisation keeps small weights distinct while the largest fit in an i8.

use super::features::{
    bias_key, context_keys, extract_rest, gaz, gaz_bit_key, is_plain_at, neighbour_keys, own_keys,
    pair_gaz_m1_key, seen_context_keys, shape3_key, takes_word_m1, Common, Context, DocInfo, Small,
    TokInfo, MAX_FEATURES, SEEN_VALUES,
};
use super::Label;
use crate::text::{Doc, TokenKind};
use crate::Span;

/// Number of BIO tags: O, then B and I for each of PER, ORG, LOC, MISC.
pub const N_TAGS: usize = 9;
const MAGIC: &[u8; 8] = b"AHNER01\0";
/// Tag 0 is outside any entity.
pub const O: usize = 0;

/// The label of a tag, if it is not O.
pub fn tag_label(tag: usize) -> Option<Label> {
    (tag != O && tag < N_TAGS).then(|| Label::ALL[(tag - 1) / 2])
}

/// True for a B- tag.
pub fn is_begin(tag: usize) -> bool {
    tag != O && (tag - 1) % 2 == 0
}

/// The B- tag of `label`.
pub fn begin_tag(label: Label) -> usize {
    1 + 2 * Label::ALL.iter().position(|&l| l == label).unwrap_or(0)
}

/// True when `to` may follow `from` (`None` = sentence start): I-X only after B-X or I-X.
pub fn allowed(from: Option<usize>, to: usize) -> bool {
    if to == O || is_begin(to) {
        return true;
    }
    matches!(from, Some(f) if f != O && tag_label(f) == tag_label(to))
}

/// A loaded model: an open-addressing table from feature key to quantised tag weights.
#[derive(Debug, Clone)]
pub struct Model {
    /// Feature key per slot, 0 = empty. Kept apart from the weights so that probing (mostly
    /// for features the model does not have) scans a dense array: 16 keys per cache line.
    slots: Vec<u32>,
    /// Quantised weight per tag, for the key in the same slot.
    rows: Vec<[i8; N_TAGS]>,
    mask: usize,
    n: usize,
    /// `sign(q) * q²` of each i8 (indexed by its bit pattern): weights are summed as exact
    /// integers in these units, so the order of the sum cannot change a score.
    lut: [i32; 256],
    /// The weight of one unit of `lut`: `scale / 127²`.
    unit: f32,
    /// Weights of the bias feature (every token has it), looked up once.
    bias: [i32; N_TAGS],
    /// Per [`Common`] token, the sums of the bias and its [`own_keys`], and of its two
    /// [`neighbour_keys`]: most tokens need no lookups for these.
    common: Vec<[[i32; N_TAGS]; 3]>,
    /// The [`neighbour_keys`] of the sentence edge.
    edge: [[i32; N_TAGS]; 2],
    /// Per [`Common`] token among the first [`CONTEXT_WORDS`], the sums of its
    /// [`context_keys`]: the words around a name are mostly these.
    context: Vec<[[i32; N_TAGS]; Context::ROLES]>,
    /// The [`context_keys`] of the sentence edge.
    edge_context: [[i32; N_TAGS]; Context::ROLES],
    /// The features of [`Small`] values, summed per value: `Seen` and `Context` by
    /// [`Small::seen`], ...
    seen_context: Vec<[i32; N_TAGS]>,
    /// ... `GazBit` by bit, casing and line ([`gaz_bit_row`]), ...
    gaz_bits: Vec<[i32; N_TAGS]>,
    /// ... and `PairGazM1` by the previous token's bits and the casing ([`pair_row`]).
    pair_gaz_m1: Vec<[i32; N_TAGS]>,
    /// `(N_TAGS + 1) * N_TAGS` transition weights; the last row is the sentence start.
    pub trans: Vec<f32>,
    /// `trans` with forbidden BIO transitions set to minus infinity.
    trans_masked: Vec<f32>,
    /// What the Viterbi passes take from `trans_masked`, made once.
    lanes: TransLanes,
}

/// How many of the most frequent [`Common`] tokens keep sums of their [`context_keys`].
const CONTEXT_WORDS: usize = 2000;

/// Casing values of [`Small::cap`] (init cap, all caps) and line values of [`Small::line`].
const CAPS: usize = 4;
const LINES: usize = 3;

/// The row of `Model::gaz_bits` for bit `b`, casing `cap` and line `line`.
#[inline(always)]
fn gaz_bit_row(b: usize, cap: usize, line: usize) -> usize {
    b + gaz::BITS as usize * (cap + CAPS * line)
}

/// Gazetteer bit sets a token can have ([`gaz::BITS`] bits), and one more for the sentence
/// edge: the rows of `Model::pair_gaz_m1` per casing.
const GAZ_SETS: usize = (1 << gaz::BITS) + 1;

/// The row of `Model::pair_gaz_m1` for the previous token's bits (`0xffff` at the edge) and
/// casing `cap`, if it has one.
#[inline(always)]
fn pair_row(gaz_m1: u16, cap: usize) -> Option<usize> {
    let set = if gaz_m1 == 0xffff {
        GAZ_SETS - 1
    } else {
        usize::from(gaz_m1)
    };
    (set < GAZ_SETS && cap < CAPS).then_some(cap * GAZ_SETS + set)
}

/// A sentence decoded: a tag and a confidence margin per token.
#[derive(Debug, Default, Clone)]
pub struct Tagged {
    pub tags: Vec<usize>,
    pub margins: Vec<f32>,
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u64 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return u32::try_from(v).ok();
        }
    }
    None
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Quantises `w` (given the largest magnitude `scale`) to an i8 with the square law.
pub fn quantise(w: f32, scale: f32) -> i8 {
    if scale <= 0.0 {
        return 0;
    }
    let q = (w.abs() / scale).sqrt() * 127.0;
    (q.round().min(127.0) as i8) * if w < 0.0 { -1 } else { 1 }
}

impl Model {
    /// A model with no features: every token is O. Used when no model is embedded.
    pub fn empty() -> Model {
        Model::from_parts(&[], &[], 0.0, vec![0.0; (N_TAGS + 1) * N_TAGS])
    }

    /// Builds the lookup table from sorted unique `keys`, their quantised weight rows and the
    /// quantisation scale.
    pub fn from_parts(keys: &[u32], qs: &[i8], scale: f32, trans: Vec<f32>) -> Model {
        // Load factor at most 1/2: most lookups are for features the model lacks, and a miss
        // probes until an empty slot.
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u32; cap];
        let mut rows = vec![[0i8; N_TAGS]; cap];
        let mask = cap - 1;
        for (r, &k) in keys.iter().enumerate() {
            let mut s = slot_of(k, mask);
            while slots[s] != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = k;
            if let Some(row) = qs.get(r * N_TAGS..r * N_TAGS + N_TAGS) {
                rows[s].copy_from_slice(row);
            }
        }
        let mut lut = [0i32; 256];
        for (b, v) in lut.iter_mut().enumerate() {
            let q = i32::from(b as u8 as i8);
            *v = q * q.abs();
        }
        let trans_masked = mask_transitions(&trans);
        let lanes = TransLanes::new(&trans_masked);
        let mut model = Model {
            slots,
            rows,
            mask,
            n: keys.len(),
            lut,
            unit: scale / (127.0 * 127.0),
            trans,
            trans_masked,
            lanes,
            bias: [0; N_TAGS],
            common: Vec::new(),
            edge: [[0; N_TAGS]; 2],
            context: Vec::new(),
            edge_context: [[0; N_TAGS]; Context::ROLES],
            seen_context: Vec::new(),
            gaz_bits: Vec::new(),
            pair_gaz_m1: Vec::new(),
        };
        let sum = |keys: &[u32]| {
            let mut units = [0i32; N_TAGS];
            model.score_into(keys, &mut units);
            units
        };
        let bias = sum(&[bias_key()]);
        let [m1, p1] = neighbour_keys(None);
        let edge = [sum(&[m1]), sum(&[p1])];
        let common = Common::get()
            .toks()
            .iter()
            .map(|t| {
                let [m1, p1] = neighbour_keys(Some(t));
                let (own, n) = own_keys(t);
                let mut own = sum(&own[..n]);
                add_row(&mut own, &bias);
                [own, sum(&[m1]), sum(&[p1])]
            })
            .collect();
        let roles = |t: Option<&TokInfo>| context_keys(t).map(|k| sum(&[k]));
        let edge_context = roles(None);
        let context = Common::get()
            .toks()
            .iter()
            .take(CONTEXT_WORDS)
            .map(|t| roles(Some(t)))
            .collect();
        let seen_context = (0..SEEN_VALUES)
            .map(|v| sum(&seen_context_keys(v as u8)))
            .collect();
        let mut gaz_bits = vec![[0; N_TAGS]; gaz::BITS as usize * CAPS * LINES];
        for line in 0..LINES {
            for cap in 0..CAPS {
                for b in 0..gaz::BITS as usize {
                    gaz_bits[gaz_bit_row(b, cap, line)] =
                        sum(&[gaz_bit_key(b as u32, cap as u8, line as u8)]);
                }
            }
        }
        let mut pair_gaz_m1 = vec![[0; N_TAGS]; CAPS * GAZ_SETS];
        for cap in 0..CAPS {
            for set in 0..GAZ_SETS {
                let gaz_m1 = if set == GAZ_SETS - 1 {
                    0xffff
                } else {
                    set as u16
                };
                if let Some(row) = pair_row(gaz_m1, cap) {
                    pair_gaz_m1[row] = sum(&[pair_gaz_m1_key(gaz_m1, cap as u8)]);
                }
            }
        }
        model.seen_context = seen_context;
        model.gaz_bits = gaz_bits;
        model.pair_gaz_m1 = pair_gaz_m1;
        model.bias = bias;
        model.edge = edge;
        model.common = common;
        model.edge_context = edge_context;
        model.context = context;
        model
    }

    /// Parses a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err("not an AHNER01 model file".into());
        }
        let word = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let n = word(8) as usize;
        let scale = f32::from_bits(word(12));
        let mut at = 16;
        let n_trans = (N_TAGS + 1) * N_TAGS;
        if bytes.len() < at + 4 * n_trans {
            return Err("model file truncated in transitions".into());
        }
        let trans: Vec<f32> = (0..n_trans)
            .map(|k| f32::from_bits(word(at + 4 * k)))
            .collect();
        at += 4 * n_trans;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let d = read_varint(bytes, &mut at).ok_or("model file truncated in keys")?;
            prev = prev.checked_add(d).ok_or("bad key delta")?;
            keys.push(prev);
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) || keys.first() == Some(&0) {
            return Err("model keys are not sorted and unique".into());
        }
        let qs = bytes
            .get(at..at + n * N_TAGS)
            .ok_or("model file truncated in weights")?;
        if at + n * N_TAGS != bytes.len() {
            return Err("model file has trailing bytes".into());
        }
        let qs: Vec<i8> = qs.iter().map(|&q| q as i8).collect();
        Ok(Model::from_parts(&keys, &qs, scale, trans))
    }

    /// Serialises sorted unique `keys` with float weight rows (quantised here).
    pub fn to_bytes(keys: &[u32], weights: &[f32], trans: &[f32]) -> Vec<u8> {
        let scale = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        for t in trans {
            out.extend_from_slice(&t.to_bits().to_le_bytes());
        }
        let mut prev = 0;
        for &k in keys {
            write_varint(&mut out, k - prev);
            prev = k;
        }
        out.extend(weights.iter().map(|&w| quantise(w, scale) as u8));
        out
    }

    /// Number of features in the model.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when the model has no features.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline]
    fn row(&self, key: u32) -> Option<&[i8; N_TAGS]> {
        // Masks taken from the slices' own length (never 0: at least 16 slots), so that every
        // index is seen to be in bounds and the probe loop has no bounds checks.
        let slots = &self.slots[..];
        let rows = self.rows.get(..slots.len())?;
        let mask = slots.len().checked_sub(1)?;
        let mut s = slot_of(key, mask);
        loop {
            let k = slots[s];
            if k == key {
                return Some(&rows[s]);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & mask;
        }
    }

    /// (lookups, hits, slots probed) for `keys`: how well the table is laid out.
    pub fn probe_stats(&self, keys: &[u32]) -> (usize, usize, usize) {
        let (mut hits, mut probes) = (0, 0);
        for &key in keys {
            let mut s = slot_of(key, self.mask);
            loop {
                probes += 1;
                let k = self.slots[s];
                if k == key {
                    hits += 1;
                }
                if k == key || k == 0 {
                    break;
                }
                s = (s + 1) & self.mask;
            }
        }
        (keys.len(), hits, probes)
    }

    /// Adds the weights of `keys` into `scores`, in units of [`Model::weights`].
    #[inline]
    pub fn score_into(&self, keys: &[u32], scores: &mut [i32; N_TAGS]) {
        for &k in keys {
            if let Some(row) = self.row(k) {
                add_quantised(scores, row, &self.lut);
            }
        }
    }

    /// Scores from summed units ([`Model::score_into`]): one rounding per tag.
    #[inline]
    pub fn weights(&self, units: &[i32; N_TAGS]) -> [f32; N_TAGS] {
        units.map(|u| u as f32 * self.unit)
    }

    /// The summed weights of every feature of token `i` in sentence `sent`: the keys of
    /// [`super::features::extract`], with the parts that depend on one word taken from the
    /// per-word sums where the word is [`Common`].
    #[inline]
    pub fn emission_units(
        &self,
        info: &DocInfo,
        sent: std::ops::Range<usize>,
        i: usize,
        buf: &mut [u32; MAX_FEATURES],
    ) -> [i32; N_TAGS] {
        let t = &info.toks[i];
        let prev = (i > sent.start).then(|| &info.toks[i - 1]);
        let next = (i + 1 < sent.end).then(|| &info.toks[i + 1]);
        let common = self.common.get(t.common as usize);
        let mut units = match common {
            // Most tokens: a common word, plain, whose only other feature is its shape
            // trigram.
            Some(rows) if is_plain_at(info, i) => {
                let mut units = rows[0];
                self.score_into(&[shape3_key(prev, t, next)], &mut units);
                units
            }
            _ => {
                let (n, own_tabled, small) = extract_rest(info, sent.clone(), i, buf);
                // The bias comes first: its weights are at hand (in `rows[0]` too).
                debug_assert_eq!(buf[0], bias_key());
                let mut units = match common {
                    Some(rows) if own_tabled => rows[0],
                    _ => self.bias,
                };
                self.score_into(&buf[1..n], &mut units);
                if !is_plain_at(info, i) {
                    self.add_small(&small, &mut units);
                    let at =
                        |j: Option<usize>| j.filter(|j| sent.contains(j)).map(|j| &info.toks[j]);
                    self.add_context(at(i.checked_sub(2)), 0, &mut units);
                    self.add_context(at(Some(i + 2)), 1, &mut units);
                    self.add_context(prev, 2, &mut units);
                    self.add_context(next, 3, &mut units);
                    if takes_word_m1(info, i) {
                        self.add_context(prev, Context::WORD_M1, &mut units);
                    }
                }
                units
            }
        };
        self.add_neighbour(prev, 0, &mut units);
        self.add_neighbour(next, 1, &mut units);
        units
    }

    /// Adds the features of `small` from the tables of their summed weights.
    #[inline(always)]
    fn add_small(&self, small: &Small, units: &mut [i32; N_TAGS]) {
        let (cap, line) = (usize::from(small.cap), usize::from(small.line));
        match self.seen_context.get(usize::from(small.seen)) {
            Some(row) => add_row(units, row),
            None => self.score_into(&seen_context_keys(small.seen), units),
        }
        let mut bits = small.gaz & ((1 << gaz::BITS) - 1);
        while bits != 0 {
            let b = bits.trailing_zeros();
            match self.gaz_bits.get(gaz_bit_row(b as usize, cap, line)) {
                Some(row) if cap < CAPS => add_row(units, row),
                _ => self.score_into(&[gaz_bit_key(b, small.cap, small.line)], units),
            }
            bits &= bits - 1;
        }
        match pair_row(small.gaz_m1, cap).and_then(|r| self.pair_gaz_m1.get(r)) {
            Some(row) => add_row(units, row),
            None => self.score_into(&[pair_gaz_m1_key(small.gaz_m1, small.cap)], units),
        }
    }

    /// Adds neighbour `t`'s key `which` of [`neighbour_keys`] (0: it is the previous token,
    /// 1: the next).
    #[inline(always)]
    fn add_neighbour(&self, t: Option<&TokInfo>, which: usize, units: &mut [i32; N_TAGS]) {
        let row = match t {
            None => &self.edge[which],
            Some(t) => match self.common.get(t.common as usize) {
                Some(rows) => &rows[1 + which],
                None => return self.score_into(&[neighbour_keys(Some(t))[which]], units),
            },
        };
        add_row(units, row);
    }

    /// Adds context word `t`'s key `role` of [`context_keys`].
    #[inline(always)]
    fn add_context(&self, t: Option<&TokInfo>, role: usize, units: &mut [i32; N_TAGS]) {
        let row = match t {
            None => &self.edge_context[role],
            Some(t) => match self.context.get(t.common as usize) {
                Some(rows) => &rows[role],
                None => return self.score_into(&[context_keys(Some(t))[role]], units),
            },
        };
        add_row(units, row);
    }

    /// Tags every sentence of `doc`.
    pub fn tag_doc(&self, doc: &Doc, info: &DocInfo) -> Tagged {
        let mut out = Tagged {
            tags: vec![O; doc.tokens.len()],
            margins: vec![0.0; doc.tokens.len()],
        };
        // Scratch space for the longest sentence, allocated once.
        let longest = doc.sentences.iter().map(|s| s.tokens.len()).max();
        let mut emissions: Vec<[f32; N_TAGS]> = Vec::with_capacity(longest.unwrap_or(0));
        let mut forward: Vec<[f32; N_TAGS]> = Vec::with_capacity(longest.unwrap_or(0));
        let mut buf = [0u32; MAX_FEATURES];
        for s in &doc.sentences {
            let r = s.tokens.clone();
            emissions.clear();
            for (i, token) in r.clone().zip(&doc.tokens[r.clone()]) {
                let mut e = self.weights(&self.emission_units(info, r.clone(), i, &mut buf));
                // No name starts with a punctuation mark (an opening quote once began a PER).
                if token.kind == TokenKind::Punct {
                    for t in [1, 3, 5, 7] {
                        e[t] = f32::NEG_INFINITY;
                    }
                }
                emissions.push(e);
            }
            viterbi_margins_with(
                &emissions,
                &self.trans_masked,
                &self.lanes,
                &mut forward,
                &mut out.tags[r.clone()],
                &mut out.margins[r],
            );
        }
        out
    }
}

#[inline(always)]
fn add_row(units: &mut [i32; N_TAGS], row: &[i32; N_TAGS]) {
    for (u, r) in units.iter_mut().zip(row) {
        *u += r;
    }
}

/// Adds a quantised row in units of [`Model::weights`]: `sign(q) * q²` per tag, the values
/// `Model::lut` holds. The first eight are computed in their lanes (as `i16`: at most 128²,
/// which fits) rather than loaded from the table one by one, so that the compiler does them
/// together (SSE2, WebAssembly SIMD); the ninth comes from the table. Exact integers either
/// way.
#[inline(always)]
fn add_quantised(units: &mut [i32; N_TAGS], row: &[i8; N_TAGS], lut: &[i32; 256]) {
    let [head @ .., last] = row;
    let [units_head @ .., units_last] = units;
    let mut squares = [0i16; N_TAGS - 1];
    for (s, &q) in squares.iter_mut().zip(head) {
        let q = i16::from(q);
        *s = q * q.abs();
    }
    for (u, &s) in units_head.iter_mut().zip(&squares) {
        *u += i32::from(s);
    }
    *units_last += lut[*last as u8 as usize];
}

/// Label index + 1 of each tag (0 for O): tags with the same value carry the same label.
const LABEL_OF: [u8; N_TAGS] = [0, 1, 1, 2, 2, 3, 3, 4, 4];

/// The larger of two scores. (`f32::max` handles NaN, which these sums never are, and
/// compiles to a libm call in WebAssembly.)
#[inline(always)]
fn larger(a: f32, b: f32) -> f32 {
    if b > a {
        b
    } else {
        a
    }
}

/// The lowest and highest transition score into O and B- tags, which any tag may precede.
fn free_spread(trans: &[f32; (N_TAGS + 1) * N_TAGS]) -> (f32, f32) {
    let (mut low, mut high) = (f32::INFINITY, f32::NEG_INFINITY);
    for f in 0..N_TAGS {
        for t in [O, 1, 3, 5, 7] {
            let w = trans[f * N_TAGS + t];
            high = larger(high, w);
            low = -larger(-low, -w);
        }
    }
    (low, high)
}

/// The best tags of a sentence and, per token, how much better the best path with the chosen
/// label there scores than the best path with any other label (max-marginals: a forward and
/// a backward pass). Emission scores alone mislead: I- tags have large emissions that only
/// count after a B- tag. Margins are computed for entity tokens only (they are read for
/// nothing else); O tokens get 0.
pub fn viterbi_margins(
    emissions: &[[f32; N_TAGS]],
    trans: &[f32],
    forward: &mut Vec<[f32; N_TAGS]>,
) -> (Vec<usize>, Vec<f32>) {
    let mut tags = vec![O; emissions.len()];
    let mut margins = vec![0f32; emissions.len()];
    viterbi_margins_into(emissions, trans, forward, &mut tags, &mut margins);
    (tags, margins)
}

/// [`viterbi_margins`] into `tags` and `margins`, which have one slot per emission.
pub fn viterbi_margins_into(
    emissions: &[[f32; N_TAGS]],
    trans: &[f32],
    forward: &mut Vec<[f32; N_TAGS]>,
    tags: &mut [usize],
    margins: &mut [f32],
) {
    let lanes = TransLanes::new(trans);
    viterbi_margins_with(emissions, trans, &lanes, forward, tags, margins);
}

/// What the Viterbi passes take from the (masked) transitions besides the table itself: the
/// spread of [`free_spread`] and, per lane t = 1..=8 (index t - 1), the transition into t from
/// t - 1 and from t itself (B-X to I-X and I-X to I-X at the I- lanes; at the others they are
/// taken and not used). A model makes them once, instead of once a sentence and pass.
#[derive(Debug, Clone, Default)]
struct TransLanes {
    low: f32,
    high: f32,
    from_left: [f32; N_TAGS - 1],
    from_same: [f32; N_TAGS - 1],
    /// By predecessor f (a lane each), for the backward pass: the transitions into the tags
    /// any tag may precede ([`FREE`]), and into the I- tag that may follow f (its own after an
    /// I- tag, its label's after a B- tag; none after O).
    into_free: [[f32; N_TAGS]; FREE.len()],
    into_inside: [f32; N_TAGS],
}

/// The tags any tag may precede: O and the B- tags.
const FREE: [usize; 5] = [O, 1, 3, 5, 7];

impl TransLanes {
    fn new(trans: &[f32]) -> TransLanes {
        let Ok(trans) = <&[f32; (N_TAGS + 1) * N_TAGS]>::try_from(trans) else {
            return TransLanes::default();
        };
        let (low, high) = free_spread(trans);
        let mut lanes = TransLanes {
            low,
            high,
            ..TransLanes::default()
        };
        let pairs = lanes.from_left.iter_mut().zip(&mut lanes.from_same);
        for (j, (l, s)) in pairs.enumerate() {
            let t = j + 1;
            *l = trans[(t - 1) * N_TAGS + t];
            *s = trans[t * N_TAGS + t];
        }
        lanes.into_inside = [f32::NEG_INFINITY; N_TAGS];
        for f in 0..N_TAGS {
            let row = &trans[f * N_TAGS..f * N_TAGS + N_TAGS];
            for (column, &t) in lanes.into_free.iter_mut().zip(&FREE) {
                column[f] = row[t];
            }
            if f != O {
                lanes.into_inside[f] = row[if is_begin(f) { f + 1 } else { f }];
            }
        }
        lanes
    }
}

/// [`viterbi_margins_into`] with the [`TransLanes`] of `trans`.
fn viterbi_margins_with(
    emissions: &[[f32; N_TAGS]],
    trans: &[f32],
    lanes: &TransLanes,
    forward: &mut Vec<[f32; N_TAGS]>,
    tags: &mut [usize],
    margins: &mut [f32],
) {
    viterbi_forward(emissions, trans, lanes, forward, tags);
    let n = tags.len();
    margins.fill(0.0);
    // The backward pass only has to reach the first entity token: none, no pass at all.
    let Some(first) = tags.iter().position(|&t| t != O) else {
        return;
    };
    let (low, high) = (lanes.low, lanes.high);
    let mut backward = [0f32; N_TAGS];
    for k in (first..n).rev() {
        let tag = tags[k];
        if tag != O {
            let own_label = LABEL_OF[tag];
            let (mut own, mut other) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
            for t in 0..N_TAGS {
                let v = forward[k][t] + backward[t];
                if LABEL_OF[t] == own_label {
                    own = larger(own, v);
                } else {
                    other = larger(other, v);
                }
            }
            margins[k] = if other.is_finite() {
                own - other
            } else {
                f32::MAX
            };
        }
        if k > first {
            // Score from tag t at token k on: emission, then the best continuation.
            let mut ahead = [0f32; N_TAGS];
            for ((a, &x), &b) in ahead.iter_mut().zip(&emissions[k]).zip(&backward) {
                *a = x + b;
            }
            // Only O, a B- tag, or (after B-X or I-X) I-X of the same X may follow tag f. As
            // in the forward pass, a clear lead of O over the B- tags decides for every f.
            // Lane by lane (a predecessor f each), every lane's sums and maxima in the order
            // of the tags.
            // (Each B- tag tested, as in `o_leads`.)
            let lead = ahead[O] + low;
            let mut clear = true;
            for t in [1, 3, 5, 7] {
                clear &= ahead[t] + high <= lead;
            }
            let mut prev = [f32::NEG_INFINITY; N_TAGS];
            if clear {
                for (p, &w) in prev.iter_mut().zip(&lanes.into_free[0]) {
                    *p = w + ahead[O];
                }
            } else {
                for (column, &t) in lanes.into_free.iter().zip(&FREE) {
                    for (p, &w) in prev.iter_mut().zip(column) {
                        *p = larger(*p, w + ahead[t]);
                    }
                }
            }
            // Lanes 1..=8: the I- tag after f is 2, 2, 4, 4, 6, 6, 8, 8.
            let inside_ahead = [
                ahead[2], ahead[2], ahead[4], ahead[4], ahead[6], ahead[6], ahead[8], ahead[8],
            ];
            let [_, prev_lanes @ ..] = &mut prev;
            let [_, inside_lanes @ ..] = &lanes.into_inside;
            for ((p, &w), &a) in prev_lanes.iter_mut().zip(inside_lanes).zip(&inside_ahead) {
                *p = larger(*p, w + a);
            }
            backward = prev;
        }
    }
}

/// Transitions with the BIO constraints applied (forbidden moves at minus infinity).
pub fn mask_transitions(trans: &[f32]) -> Vec<f32> {
    let mut t = trans.to_vec();
    for from in 0..=N_TAGS {
        for to in 0..N_TAGS {
            if !allowed((from < N_TAGS).then_some(from), to) {
                t[from * N_TAGS + to] = f32::NEG_INFINITY;
            }
        }
    }
    t
}

/// The best tag sequence for `emissions` under `trans`, which must come from
/// [`mask_transitions`] so that the BIO constraints hold. `forward` is scratch space.
pub fn viterbi(
    emissions: &[[f32; N_TAGS]],
    trans: &[f32],
    forward: &mut Vec<[f32; N_TAGS]>,
) -> Vec<usize> {
    let mut tags = vec![O; emissions.len()];
    viterbi_forward(
        emissions,
        trans,
        &TransLanes::new(trans),
        forward,
        &mut tags,
    );
    tags
}

/// [`viterbi`], leaving each token's forward scores (the best path up to it, per tag) in
/// `forward`. No back-pointers are kept: the walk back recomputes the one choice it needs per
/// token from the forward scores, so the forward pass is maxima only, without the
/// unpredictable branches of tracking nine arguments of the maximum.
fn viterbi_forward(
    emissions: &[[f32; N_TAGS]],
    trans: &[f32],
    lanes: &TransLanes,
    forward: &mut Vec<[f32; N_TAGS]>,
    tags: &mut [usize],
) {
    let n = emissions.len().min(tags.len());
    tags.fill(O);
    let Ok(trans) = <&[f32; (N_TAGS + 1) * N_TAGS]>::try_from(trans) else {
        return;
    };
    forward.clear();
    if n == 0 {
        return;
    }
    // Each token's scores are kept for the next token in a local array (registers), and
    // stored for the walk back: read back from `forward` at once, as an earlier version did,
    // they were reloaded as blocks just after being stored, which stalls the processor's store
    // forwarding.
    forward.resize(n, [f32::NEG_INFINITY; N_TAGS]);
    for t in 0..N_TAGS {
        forward[0][t] = trans[N_TAGS * N_TAGS + t] + emissions[0][t];
    }
    // Lane by lane (so that the compiler can take four or eight tags at a time), with each tag
    // summed exactly as before.
    let TransLanes {
        low,
        high,
        from_left,
        from_same,
        ..
    } = *lanes;
    let [_, from_o @ ..] = trans.first_chunk::<N_TAGS>().unwrap_or(&[0.0; N_TAGS]);
    let mut score = forward[0];
    for k in 1..n {
        let e = &emissions[k];
        let mut next = [0f32; N_TAGS];
        // O and B-X may follow any tag; I-X only B-X or I-X. When O leads every other tag by
        // more than the transitions' spread (most tokens of running text), it is the best
        // predecessor of every O and B- tag: one sum each instead of nine.
        let leads = o_leads(&score, low, high);
        // Kept for the walk back (in the slot it overwrites last): token k-1's `o_leads`.
        tags[k - 1] = usize::from(leads);
        if leads {
            let s0 = score[O];
            next[O] = s0 + trans[O] + e[O];
            let [_, after @ ..] = &score;
            let [before @ .., _] = &score;
            let [_, e_lanes @ ..] = e;
            let [_, out @ ..] = &mut next;
            for j in 0..N_TAGS - 1 {
                // Lane t = j + 1: O and B- tags (t odd) from O; I- tags (t even) from the
                // B- or I- tag of their label.
                let free = s0 + from_o[j] + e_lanes[j];
                let inside = larger(before[j] + from_left[j], after[j] + from_same[j]) + e_lanes[j];
                out[j] = if j % 2 == 1 { inside } else { free };
            }
        } else {
            // Every predecessor in turn, in the order of the tags. An I- tag's forbidden
            // predecessors add minus infinity, which never wins a `larger`: the same as
            // taking its B- and I- predecessors only.
            let mut best = [0f32; N_TAGS];
            for (b, &w) in best.iter_mut().zip(&trans[..N_TAGS]) {
                *b = score[0] + w;
            }
            for f in 1..N_TAGS {
                let row = &trans[f * N_TAGS..f * N_TAGS + N_TAGS];
                for (b, &w) in best.iter_mut().zip(row) {
                    *b = larger(*b, score[f] + w);
                }
            }
            for ((o, &b), &x) in next.iter_mut().zip(&best).zip(e) {
                *o = b + x;
            }
        }
        forward[k] = next;
        score = next;
    }
    let score = &forward[n - 1];
    let mut best = 0;
    for t in 1..N_TAGS {
        if score[t] > score[best] {
            best = t;
        }
    }
    tags[n - 1] = best;
    for k in (1..n).rev() {
        let leads = tags[k - 1] == 1;
        tags[k - 1] = best_before(&forward[k - 1], trans, tags[k], leads);
    }
}

/// The tag before `t` on the best path, from the forward scores of the token before: the
/// first tag of the highest score, as the forward pass's maxima count it. `leads` is
/// [`o_leads`] of `score`, as the forward pass found it.
#[inline]
fn best_before(
    score: &[f32; N_TAGS],
    trans: &[f32; (N_TAGS + 1) * N_TAGS],
    t: usize,
    leads: bool,
) -> usize {
    if t != O && !is_begin(t) {
        let after_begin = score[t - 1] + trans[(t - 1) * N_TAGS + t];
        let after_inside = score[t] + trans[t * N_TAGS + t];
        return if after_inside > after_begin { t } else { t - 1 };
    }
    // O comes first, so it also wins a tie.
    if leads {
        return O;
    }
    let mut best = score[0] + trans[t];
    let mut arg = 0;
    for f in 1..N_TAGS {
        let v = score[f] + trans[f * N_TAGS + t];
        if v > best {
            best = v;
            arg = f;
        }
    }
    arg
}

/// True when O's score leads every other tag's by at least the spread `high - low` of the
/// transitions into O and B- tags: then O is the best predecessor of every O and B- tag (and,
/// as rounded sums are monotonic, exactly so: the same maximum as comparing all nine).
#[inline(always)]
fn o_leads(score: &[f32; N_TAGS], low: f32, high: f32) -> bool {
    // Each of the eight tested, rather than their largest: as rounding is monotonic, the
    // largest passes exactly when all do (these sums are never NaN). The tests are lanes of
    // one comparison with no branch (WebAssembly's V8 compiled the maximum's pairwise `larger`
    // into compare-and-jump sequences).
    let [o, others @ ..] = score;
    all_within(others, high, o + low)
}

/// True when every `x + high <= lead` for `x` of `xs`: [`o_leads`]'s test.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn all_within(xs: &[f32; N_TAGS - 1], high: f32, lead: f32) -> bool {
    let mut all = true;
    for &x in xs {
        all &= x + high <= lead;
    }
    all
}

/// [`all_within`] as two comparisons of four lanes. LLVM does not vectorise the `&` of the
/// eight comparisons for WebAssembly: it took each lane out of its vector, added, compared
/// and and-ed them one by one, in the loop over every token of the forward pass
/// (BENCHMARKS.md, issue 15, eleventh session). The same sums and comparisons, lane by lane.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn all_within(xs: &[f32; N_TAGS - 1], high: f32, lead: f32) -> bool {
    use core::arch::wasm32::{f32x4, f32x4_add, f32x4_le, f32x4_splat, i32x4_all_true, v128_and};
    let (high, lead) = (f32x4_splat(high), f32x4_splat(lead));
    let low_half = f32x4(xs[0], xs[1], xs[2], xs[3]);
    let high_half = f32x4(xs[4], xs[5], xs[6], xs[7]);
    i32x4_all_true(v128_and(
        f32x4_le(f32x4_add(low_half, high), lead),
        f32x4_le(f32x4_add(high_half, high), lead),
    ))
}

#[inline]
fn slot_of(key: u32, mask: usize) -> usize {
    // Keys are hashes already (the low half of a 64-bit mix): their low bits are as good as
    // any, with no multiply.
    key as usize & mask
}

/// Entity token ranges of a tag sequence over `doc` tokens: `(first, end, label)`.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let Some(label) = tag_label(tags[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && !is_begin(tags[j]) && tag_label(tags[j]) == Some(label) {
            j += 1;
        }
        out.push((i, j, label));
        i = j;
    }
    out
}

/// The byte span of tokens `[i, j)`.
pub fn token_span(doc: &Doc, i: usize, j: usize) -> Span {
    Span::new(doc.tokens[i].span.start, doc.tokens[j - 1].span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_bytes_round_trip() {
        let keys = [3u32, 10, 1000, 70000];
        let mut w = vec![0f32; keys.len() * N_TAGS];
        w[0] = 1.5;
        w[N_TAGS + 2] = -0.25;
        w[3 * N_TAGS + 8] = 0.01;
        let trans: Vec<f32> = (0..(N_TAGS + 1) * N_TAGS).map(|k| k as f32 * 0.1).collect();
        let bytes = Model::to_bytes(&keys, &w, &trans);
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.len(), 4);
        let w = |key: u32, tag: usize| {
            let mut units = [0; N_TAGS];
            m.score_into(&[key], &mut units);
            m.weights(&units)[tag]
        };
        assert_eq!(w(3, 0), 1.5);
        assert!((w(10, 2) + 0.25).abs() < 0.01);
        assert_eq!(w(11, 0), 0.0);
        assert!(m.row(11).is_none());
        assert_eq!(m.trans, trans);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn per_word_sums_equal_every_feature_looked_up() {
        use crate::entities::features::{extract, LineCase};
        let model = Model::from_bytes(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/model/ner.bin"
        )))
        .unwrap();
        // Common and rare words, edges, numbers, punctuation, non-ASCII, ALL-CAPS and Title
        // Case lines, one-token sentences.
        let text = "SOCCER - JAPAN GET LUCKY WIN AS UK, US AND EU WATCH ON BBC TV\n\
            Chancellor Olaf Scholz Meets the Leaders of Europe In Brussels\n\
            The minister said on Tuesday that 1,200 zwölf schoolchildren in Zürich were \
            “unbelievably” brave. Why? Because the flood-hit valley of the Aare rose 3.5 metres \
            overnight, according to Reuters. he said so. Oh!";
        let doc = Doc::new(text);
        let info = DocInfo::new(&doc);
        assert!(info.toks.iter().any(|t| t.common != Common::NONE));
        assert!(info.toks.iter().any(|t| t.common == Common::NONE));
        let lines = [LineCase::AllCaps, LineCase::TitleCase, LineCase::Normal];
        for (line, cap) in lines.iter().flat_map(|l| [(l, false), (l, true)]) {
            let common_there = (0..doc.tokens.len()).any(|i| {
                let t = &info.toks[i];
                info.line_case[i] == *line
                    && t.common != Common::NONE
                    && t.casing.init_cap | t.casing.all_caps == cap
            });
            assert!(
                common_there || *line == LineCase::AllCaps && !cap,
                "{line:?} {cap}"
            );
        }
        let mut buf = [0u32; MAX_FEATURES];
        let mut checked = 0;
        for s in &doc.sentences {
            for i in s.tokens.clone() {
                let fast = model.emission_units(&info, s.tokens.clone(), i, &mut buf);
                let n = extract(&info, s.tokens.clone(), i, &mut buf);
                let mut slow = [0; N_TAGS];
                model.score_into(&buf[..n], &mut slow);
                assert_eq!(fast, slow, "token {i} {:?}", doc.token_text(i));
                checked += 1;
            }
        }
        assert_eq!(checked, doc.tokens.len());
    }

    #[test]
    fn viterbi_respects_bio() {
        // I-PER scores best alone, but cannot start a sentence.
        let mut e = [[0f32; N_TAGS]; 2];
        e[0][2] = 5.0;
        e[1][2] = 5.0;
        e[0][1] = 1.0;
        let trans = vec![0.0; (N_TAGS + 1) * N_TAGS];
        let tags = viterbi(&e, &mask_transitions(&trans), &mut Vec::new());
        assert_eq!(tags, [1, 2]);
        assert_eq!(spans(&tags), [(0, 2, Label::Per)]);
    }
}
