//! Token features for the learned tagger, hashed to `u32` keys without building strings.
//!
//! Every feature is a (template, value) pair. Values are hashes of token text (exact and
//! lower-cased), shapes, affixes and gazetteer bits; a feature's key mixes the template id
//! into the value hash. The same code runs in training (`src/bin/train.rs`) and at analysis
//! time, so the two can never disagree.
//!
//! Context that generalises beyond the training texts (Reuters 1996) matters more than word
//! identity: casing in context (sentence-initial, ALL-CAPS or Title Case headline lines),
//! whether the same word appears lower-cased elsewhere in the document, and gazetteers.

use crate::text::{Doc, TokenKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Hasher for keys that are already good hashes: passes the `u64` through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
}

/// A `HashMap` keyed by pre-hashed values.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A table from pre-hashed `u64` keys to small values, for the lookups made per token: open
/// addressing with linear probing in one array of (key, value) pairs, at most three quarters
/// full, as `HashMap` is seven eighths (key 0 is kept apart). A lookup is a multiply, a shift and mostly one compare, where `HashMap`
/// runs its group probing, which in WebAssembly (no SIMD) takes four control bytes at a time.
/// No removal, and no iteration: nothing here needs them.
#[derive(Debug, Clone)]
pub struct IdTable<V> {
    slots: Vec<(u64, V)>,
    /// `64 - log2(slots.len())`: a key's home slot is the top bits of key × a constant.
    shift: u32,
    len: usize,
    /// The value of key 0, which marks an empty slot.
    zero: Option<V>,
}

impl<V: Copy + Default> Default for IdTable<V> {
    fn default() -> Self {
        IdTable::with_capacity(0)
    }
}

impl<V: Copy + Default> IdTable<V> {
    /// A table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> IdTable<V> {
        let cap = (n.max(3) * 4 / 3 + 1).next_power_of_two();
        IdTable {
            slots: vec![(0, V::default()); cap],
            shift: 64 - cap.trailing_zeros(),
            len: 0,
            zero: None,
        }
    }

    #[inline(always)]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        if key == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut s = self.home(key);
        loop {
            let (k, v) = self.slots[s];
            if k == key {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & mask;
        }
    }

    /// The value of `key`, inserted as `make()` first if the key is new (`make` is told the
    /// number of keys before it).
    #[inline]
    pub fn get_or_insert_with(&mut self, key: u64, make: impl FnOnce(usize) -> V) -> &mut V {
        if key == 0 {
            if self.zero.is_none() {
                self.zero = Some(make(self.len));
                self.len += 1;
            }
            return self.zero.get_or_insert_with(V::default);
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut s = self.home(key);
        loop {
            let k = self.slots[s].0;
            if k == key {
                return &mut self.slots[s].1;
            }
            if k == 0 {
                self.slots[s] = (key, make(self.len));
                self.len += 1;
                return &mut self.slots[s].1;
            }
            s = (s + 1) & mask;
        }
    }

    /// Sets the value of `key`.
    pub fn insert(&mut self, key: u64, value: V) {
        *self.get_or_insert_with(key, |_| value) = value;
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let cap = old.len() * 2;
        self.slots = vec![(0, V::default()); cap];
        self.shift = 64 - cap.trailing_zeros();
        let mask = cap - 1;
        for (k, v) in old {
            if k != 0 {
                let mut s = self.home(k);
                while self.slots[s].0 != 0 {
                    s = (s + 1) & mask;
                }
                self.slots[s] = (k, v);
            }
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Numbers distinct `u64` keys that are already good hashes 0, 1, 2, … in the order they come,
/// for the tables every token looks up ([`Common`]): open addressing over `u16` slots that
/// hold a key's number, at most half full, and the keys by number in a dense array. For the
/// 8,000 common words that is 32 KB of slots and 64 KB of keys, which mostly stay in the
/// processor's cache, where an [`IdTable`] of (key, number) pairs took 256 KB and a token's
/// lookup missed the cache before its [`TokInfo`] could be read.
#[derive(Debug, Clone)]
pub struct KeyNumbers {
    /// The number of the key placed here, or [`KeyNumbers::EMPTY`].
    slots: Vec<u16>,
    /// Keys by number.
    keys: Vec<u64>,
    /// `64 - log2(slots.len())`: a key's home slot is its top bits.
    shift: u32,
}

impl KeyNumbers {
    const EMPTY: u16 = u16::MAX;

    /// Most keys a table numbers: numbers are below [`KeyNumbers::EMPTY`].
    pub const MAX: usize = KeyNumbers::EMPTY as usize;

    /// A table that numbers `n` keys without growing.
    pub fn with_capacity(n: usize) -> KeyNumbers {
        let cap = (n.max(8) * 2).next_power_of_two();
        KeyNumbers {
            slots: vec![KeyNumbers::EMPTY; cap],
            keys: Vec::with_capacity(n),
            shift: 64 - cap.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn home(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }

    /// The number of `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut s = self.home(key);
        loop {
            let k = usize::from(self.slots[s & mask]);
            if k == usize::from(KeyNumbers::EMPTY) {
                return None;
            }
            if self.keys.get(k) == Some(&key) {
                return Some(k);
            }
            s += 1;
        }
    }

    /// The number of `key`, the next one if the key is new; `None` when the table already
    /// numbers [`KeyNumbers::MAX`] keys.
    pub fn number(&mut self, key: u64) -> Option<usize> {
        if let Some(k) = self.get(key) {
            return Some(k);
        }
        let next = self.keys.len();
        if next >= KeyNumbers::MAX {
            return None;
        }
        if (next + 1) * 2 > self.slots.len() {
            let cap = self.slots.len() * 2;
            self.slots = vec![KeyNumbers::EMPTY; cap];
            self.shift = 64 - cap.trailing_zeros();
            for k in 0..next {
                self.place(self.keys[k], k as u16);
            }
        }
        self.keys.push(key);
        self.place(key, next as u16);
        Some(next)
    }

    /// Puts number `k` of the new `key` in the first free slot from its home.
    fn place(&mut self, key: u64, k: u16) {
        let mask = self.slots.len() - 1;
        let mut s = self.home(key) & mask;
        while self.slots[s] != KeyNumbers::EMPTY {
            s = (s + 1) & mask;
        }
        self.slots[s] = k;
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A [`KeyNumbers`] with a value per key, kept by number: the gazetteers' words and phrases,
/// looked up for every rare word and capitalised token (mostly for a key that is not there,
/// which reads only the slots).
#[derive(Debug, Clone)]
pub struct KeyValues<V> {
    numbers: KeyNumbers,
    values: Vec<V>,
}

impl<V: Copy + Default> KeyValues<V> {
    /// A table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> KeyValues<V> {
        KeyValues {
            numbers: KeyNumbers::with_capacity(n),
            values: Vec::with_capacity(n),
        }
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<V> {
        self.numbers
            .get(key)
            .and_then(|k| self.values.get(k).copied())
    }

    /// The value of `key`, the default first if the key is new.
    ///
    /// # Panics
    /// When the table already holds [`KeyNumbers::MAX`] keys (the embedded lists have far
    /// fewer).
    pub fn entry(&mut self, key: u64) -> &mut V {
        let k = self
            .numbers
            .number(key)
            .expect("a KeyValues table holds at most 65,535 keys");
        if k == self.values.len() {
            self.values.push(V::default());
        }
        &mut self.values[k]
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A set of `u64` hashes kept as 8,192 bits, one per value of a hash's top 13 bits: a test
/// that is mostly for a hash not in the set (the capitalised words of an article against the
/// first words of the listed organisations) answers from 1 KB of cache, without probing a
/// table; a hash it may contain is then looked up in the table itself.
#[derive(Debug, Clone)]
pub struct HashFilter {
    bits: [u64; HashFilter::WORDS],
}

impl HashFilter {
    const WORDS: usize = 128;

    /// An empty set.
    pub fn new() -> HashFilter {
        HashFilter {
            bits: [0; HashFilter::WORDS],
        }
    }

    #[inline(always)]
    fn place(key: u64) -> (usize, u64) {
        let bit = (key >> (64 - 13)) as usize;
        (bit / 64 % HashFilter::WORDS, 1 << (bit % 64))
    }

    /// Adds `key`.
    pub fn insert(&mut self, key: u64) {
        let (word, bit) = HashFilter::place(key);
        self.bits[word] |= bit;
    }

    /// False when `key` was never added; true when it was, and for about one other key in
    /// `8192 / keys added`.
    #[inline(always)]
    pub fn may_contain(&self, key: u64) -> bool {
        let (word, bit) = HashFilter::place(key);
        self.bits[word] & bit != 0
    }
}

impl Default for HashFilter {
    fn default() -> Self {
        HashFilter::new()
    }
}

/// A 64-bit finaliser (splitmix64): spreads every input bit over the output.
#[inline]
pub const fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Hash of a string's bytes (FNV-1a, then mixed).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// [`hash_str`] of a string's bytes.
#[inline]
fn hash_bytes(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h ^ SEED)
}

/// A hash of a token's bytes for finding it among the [`Common`] tokens and the document's
/// rare tokens, which is no feature (any hash of the bytes serves): four to eight bytes are
/// read at a time, where [`hash_bytes`] takes a multiply per byte.
#[inline]
fn quick_hash(s: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let n = s.len();
    let len = (n as u64).wrapping_mul(K);
    match n {
        0 => mix(len),
        // The first, middle and last bytes are all the bytes.
        1..=3 => {
            let v = u64::from(s[0]) | u64::from(s[n / 2]) << 8 | u64::from(s[n - 1]) << 16;
            mix(v ^ len)
        }
        // The first four and the last four (overlapping) are all the bytes.
        4..=8 => {
            let word = |c: Option<&[u8; 4]>| c.map_or(0, |c| u64::from(u32::from_le_bytes(*c)));
            mix((word(s.first_chunk()) | word(s.last_chunk()) << 32) ^ len)
        }
        _ => {
            let mut h = len;
            for c in s.chunks_exact(8) {
                h = mix(h ^ c.first_chunk().map_or(0, |c| u64::from_le_bytes(*c)));
            }
            mix(h ^ s.last_chunk().map_or(0, |c| u64::from_le_bytes(*c)))
        }
    }
}

/// Hash of a string's lower-cased chars, with no allocation.
#[inline]
pub fn hash_lower(s: &str) -> u64 {
    if s.is_ascii() {
        // Most tokens: no char decoding, same hash as the general path below.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in s.as_bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
        return mix(h ^ SEED);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c.is_ascii() {
            h = (h ^ u64::from(c.to_ascii_lowercase() as u8)).wrapping_mul(0x0100_0000_01b3);
        } else {
            for l in c.to_lowercase() {
                for &b in l.encode_utf8(&mut buf).as_bytes() {
                    h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    mix(h ^ SEED)
}

/// Folds the next token's hash into a phrase hash ("New" + "York").
#[inline]
pub fn hash_phrase(h: u64, next: u64) -> u64 {
    mix(h.rotate_left(17) ^ next)
}

/// Gazetteer membership bits of a token.
pub mod gaz {
    pub const FIRST: u16 = 1;
    pub const SURNAME: u16 = 2;
    pub const PLACE: u16 = 4;
    pub const DEMONYM: u16 = 8;
    pub const ORG_WORD: u16 = 16;
    pub const TITLE: u16 = 32;
    pub const FUNCTION: u16 = 64;
    /// First token of a multi-token place ("New" of "New York").
    pub const PLACE_B: u16 = 128;
    /// Later token of a multi-token place.
    pub const PLACE_I: u16 = 256;
    /// Number of bits above.
    pub const BITS: u32 = 9;
}

/// Bits of [`DocInfo::facts`], each a fact of the token's [`TokInfo`] or kind.
pub mod fact {
    use super::{gaz, TokInfo};
    use crate::text::TokenKind;

    /// [`TokInfo::is_word`].
    pub const WORD: u8 = 1;
    /// A number token ([`TokenKind::Number`]).
    pub const NUMBER: u8 = 2;
    /// [`super::Casing::init_cap`].
    pub const INIT_CAP: u8 = 4;
    /// [`super::Casing::has_lower`].
    pub const HAS_LOWER: u8 = 8;
    /// [`super::Casing::all_caps`].
    pub const ALL_CAPS: u8 = 16;
    /// A function word ([`gaz::FUNCTION`]).
    pub const FUNCTION: u8 = 32;
    /// A capital after a first letter in lower case ("xAI", "eBay", "iPhone").
    pub const INNER_CAP: u8 = 64;

    /// The fact bits of info `t` (all but [`NUMBER`], which is the token's kind:
    /// [`number`]).
    #[inline]
    pub fn of(t: &TokInfo) -> u8 {
        (u8::from(t.is_word) * WORD)
            | (u8::from(t.casing.init_cap) * INIT_CAP)
            | (u8::from(t.casing.has_lower) * HAS_LOWER)
            | (u8::from(t.casing.all_caps) * ALL_CAPS)
            | (u8::from(t.gaz & gaz::FUNCTION != 0) * FUNCTION)
            | (u8::from(t.casing.inner_cap) * INNER_CAP)
    }

    /// [`NUMBER`] for a token of kind `kind`.
    #[inline(always)]
    pub fn number(kind: TokenKind) -> u8 {
        u8::from(kind == TokenKind::Number) * NUMBER
    }
}

/// Phrase bit (not a feature): the phrase begins a longer place name ("New" "York" of "New
/// York City"), so a longest-match lookup goes on.
const PLACE_PREFIX: u16 = 1 << 15;

/// The gazetteers, keyed by lower-cased hashes of single tokens and of token phrases.
#[derive(Debug)]
pub struct Gazetteer {
    words: KeyValues<u16>,
    phrases: KeyValues<u16>,
    max_phrase: usize,
}

macro_rules! list {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path))
    };
}

impl Gazetteer {
    /// The embedded gazetteers, built once.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut g = Gazetteer {
            words: KeyValues::with_capacity(1 << 14),
            phrases: KeyValues::with_capacity(1 << 12),
            max_phrase: 1,
        };
        let lists: [(&'static str, u16); 8] = [
            (list!("data/gazetteer/first-names.txt"), gaz::FIRST),
            (list!("data/gazetteer/surnames.txt"), gaz::SURNAME),
            (list!("data/gazetteer/places.txt"), gaz::PLACE),
            (list!("data/gazetteer/state-abbreviations.txt"), gaz::PLACE),
            (list!("data/gazetteer/demonyms.txt"), gaz::DEMONYM),
            (list!("data/lexicon/org-words.txt"), gaz::ORG_WORD),
            (list!("data/lexicon/titles.txt"), gaz::TITLE),
            (list!("data/lexicon/function-words.txt"), gaz::FUNCTION),
        ];
        for (src, bit) in lists {
            for line in src.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                g.add(line, bit);
            }
        }
        // Abbreviated titles are listed without their dot ("Mr"); text has "Mr." as one token.
        for line in list!("data/lexicon/title-abbreviations.txt")
            .lines()
            .map(str::trim)
        {
            if !line.is_empty() && !line.starts_with('#') {
                *g.words.entry(hash_lower(line)) |= gaz::TITLE;
                let mut dotted = [0u8; 32];
                if line.len() < dotted.len() {
                    dotted[..line.len()].copy_from_slice(line.as_bytes());
                    dotted[line.len()] = b'.';
                    if let Ok(d) = std::str::from_utf8(&dotted[..=line.len()]) {
                        *g.words.entry(hash_lower(d)) |= gaz::TITLE;
                    }
                }
            }
        }
        g
    }

    fn add(&mut self, entry: &str, bit: u16) {
        // Entries are split like article text is, so "Washington D.C." matches its tokens.
        let simple = entry
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
        let mut hashes: Vec<u64> = Vec::new();
        if simple {
            hashes.extend(entry.split(' ').filter(|w| !w.is_empty()).map(hash_lower));
        } else {
            let doc = Doc::new(entry);
            hashes.extend((0..doc.tokens.len()).map(|i| hash_lower(doc.token_text(i))));
        }
        match hashes.len() {
            0 => {}
            1 => *self.words.entry(hashes[0]) |= bit,
            n => {
                let mut h = hashes[0];
                for (k, &t) in hashes.iter().enumerate().skip(1) {
                    h = hash_phrase(h, t);
                    if bit == gaz::PLACE && k + 1 < n {
                        *self.phrases.entry(h) |= PLACE_PREFIX;
                    }
                }
                *self.phrases.entry(h) |= bit;
                self.max_phrase = self.max_phrase.max(n);
            }
        }
    }

    /// Bits of one token, by its lower-cased hash.
    #[inline]
    pub fn word_bits(&self, lower: u64) -> u16 {
        self.words.get(lower).unwrap_or(0)
    }

    /// Bits of a multi-token phrase, by its folded hash.
    #[inline]
    pub fn phrase_bits(&self, phrase: u64) -> u16 {
        self.phrases.get(phrase).unwrap_or(0)
    }
}

/// Word classes learned from unlabelled text (k-means over GloVe word vectors of Wikipedia and
/// newswire text; `scripts/make_clusters.py`, MODEL.md), at three granularities: a fine class
/// per word, and the mid and coarse groups the fine classes fall into. They let the tagger
/// treat a name it never saw in training like the names that occur in the same contexts.
///
/// # Format (`data/model/clusters.bin`, written by `scripts/make_clusters.py`)
/// `"AHCL03\0\0"`, word count u32 LE, key bits K (u8), Rice parameter R (u8), fine-class
/// count C (u16 LE); the mid group of each fine class (C bytes) and its coarse group (C bytes);
/// the fine class of each word in key order (one byte each); the byte length (u32 LE) of a bit
/// stream holding the gaps between the sorted keys, Rice-coded with parameter R, least
/// significant bit first. A word's key is the top K bits of [`hash_lower`]: the file holds no
/// words, and a word outside the list takes a class with a chance of about words / 2^K.
#[derive(Debug, Default)]
pub struct WordClusters {
    map: ClassTable,
    shift: u32,
    mid: Vec<u8>,
    coarse: Vec<u8>,
}

/// The word classes by key: for keys of up to 24 bits (the file's 24), open addressing over
/// `u32` slots that hold the key and the class together (`key << 8 | class`; 0 = empty, key 0
/// kept apart), at most about three quarters full: 512 KB for the 100,000 words, where a
/// `HashMap` took 1.2 MB, over which the lookup of every rare word missed the cache. Longer
/// keys go to an [`IdTable`].
#[derive(Debug, Default)]
struct ClassTable {
    packed: Vec<u32>,
    shift: u32,
    zero: Option<u8>,
    wide: IdTable<u8>,
    len: usize,
}

impl ClassTable {
    fn with_capacity(n: usize, key_bits: u32) -> ClassTable {
        if key_bits > 24 {
            return ClassTable {
                wide: IdTable::with_capacity(n),
                ..ClassTable::default()
            };
        }
        let cap = (n.max(3) * 4 / 3 + 1).next_power_of_two();
        ClassTable {
            packed: vec![0; cap],
            shift: 64 - cap.trailing_zeros(),
            ..ClassTable::default()
        }
    }

    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Sets the class of `key` (keys come once each, from the file).
    fn insert(&mut self, key: u32, class: u8) {
        if self.packed.is_empty() {
            self.wide.insert(u64::from(key), class);
            self.len = self.wide.len();
            return;
        }
        if key == 0 {
            self.len += usize::from(self.zero.is_none());
            self.zero = Some(class);
            return;
        }
        if (self.len + 1) * 4 > self.packed.len() * 3 {
            // More keys than the header said: grow.
            let old = std::mem::take(&mut self.packed);
            self.packed = vec![0; old.len() * 2];
            self.shift = 64 - self.packed.len().trailing_zeros();
            for p in old.into_iter().filter(|&p| p != 0) {
                self.place(p);
            }
        }
        if self.place(key << 8 | u32::from(class)) {
            self.len += 1;
        }
    }

    /// Puts a packed key and class in its slot; true if the key is new.
    fn place(&mut self, packed: u32) -> bool {
        let mask = self.packed.len() - 1;
        let mut s = self.home(packed >> 8);
        while self.packed[s] != 0 && self.packed[s] >> 8 != packed >> 8 {
            s = (s + 1) & mask;
        }
        let new = self.packed[s] == 0;
        self.packed[s] = packed;
        new
    }

    #[inline]
    fn get(&self, key: u32) -> Option<u8> {
        if self.packed.is_empty() {
            return self.wide.get(u64::from(key));
        }
        if key == 0 {
            return self.zero;
        }
        let mask = self.packed.len() - 1;
        let mut s = self.home(key);
        loop {
            let p = self.packed[s];
            if p >> 8 == key {
                return Some(p as u8);
            }
            if p == 0 {
                return None;
            }
            s = (s + 1) & mask;
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Magic bytes of the word-cluster file.
pub const CLUSTERS_MAGIC: &[u8; 8] = b"AHCL03\0\0";

/// The group (`+ 1`) that `groups` gives the fine class `class` (`+ 1`); 0 for none.
#[inline]
fn group_of(groups: &[u8], class: u16) -> u16 {
    class
        .checked_sub(1)
        .and_then(|c| groups.get(usize::from(c)))
        .map_or(0, |&g| u16::from(g) + 1)
}

/// Reads Rice-coded numbers from a bit stream, least significant bit first.
struct RiceReader<'a> {
    bytes: &'a [u8],
    bit: usize,
    r: u32,
}

impl RiceReader<'_> {
    fn bit(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.bit >> 3)? >> (self.bit & 7) & 1;
        self.bit += 1;
        Some(u32::from(b))
    }

    fn next(&mut self) -> Option<u32> {
        let mut q: u32 = 0;
        while self.bit()? == 1 {
            q = q.checked_add(1)?;
        }
        let mut low = 0;
        for i in 0..self.r {
            low |= self.bit()? << i;
        }
        q.checked_shl(self.r)?.checked_add(low)
    }
}

impl WordClusters {
    /// The embedded clusters, loaded once (empty if the file is empty or unreadable).
    pub fn get() -> &'static WordClusters {
        static C: OnceLock<WordClusters> = OnceLock::new();
        C.get_or_init(|| {
            WordClusters::parse(include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/model/clusters.bin"
            )))
            .unwrap_or_default()
        })
    }

    /// Parses the cluster file format; `None` when the bytes are not such a file.
    pub fn parse(bytes: &[u8]) -> Option<WordClusters> {
        if bytes.is_empty() {
            return Some(WordClusters::default());
        }
        let header = bytes.get(..16)?;
        if &header[..8] != CLUSTERS_MAGIC {
            return None;
        }
        let n = u32::from_le_bytes([header[8], header[9], header[10], header[11]]) as usize;
        let (key_bits, r) = (u32::from(header[12]), u32::from(header[13]));
        let classes = usize::from(u16::from_le_bytes([header[14], header[15]]));
        if !(1..=32).contains(&key_bits) || r > 31 {
            return None;
        }
        let mut at: usize = 16;
        let mut take = |len: usize| {
            let part = bytes.get(at..at.checked_add(len)?)?;
            at += len;
            Some(part)
        };
        let mid = take(classes)?.to_vec();
        let coarse = take(classes)?.to_vec();
        let class_of = take(n)?;
        let len = take(4)?;
        let stream = take(u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize)?;
        let mut gaps = RiceReader {
            bytes: stream,
            bit: 0,
            r,
        };
        let mut map = ClassTable::with_capacity(n, key_bits);
        let mut key: u32 = 0;
        for &class in class_of {
            key = key.checked_add(gaps.next()?)?;
            if usize::from(class) >= classes {
                return None;
            }
            map.insert(key, class);
        }
        Some(WordClusters {
            map,
            shift: 64 - key_bits,
            mid,
            coarse,
        })
    }

    /// Fine class of a word by its lower-cased hash: `class + 1`, or 0 when the word has none.
    #[inline]
    pub fn of(&self, lower: u64) -> u16 {
        if self.map.is_empty() {
            return 0;
        }
        self.map
            .get((lower >> self.shift) as u32)
            .map_or(0, |c| u16::from(c) + 1)
    }

    /// The mid group of a fine class as [`WordClusters::of`] gives it (`class + 1`): `group
    /// + 1`, or 0 for none.
    #[inline]
    pub fn mid(&self, class: u16) -> u16 {
        group_of(&self.mid, class)
    }

    /// The coarse group of a fine class, likewise.
    #[inline]
    pub fn coarse(&self, class: u16) -> u16 {
        group_of(&self.coarse, class)
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no clusters are loaded.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Shape and casing of a word.
#[derive(Clone, Copy, Debug, Default)]
pub struct Casing {
    pub init_cap: bool,
    pub all_caps: bool,
    pub has_lower: bool,
    /// A capital after a first letter in lower case: "xAI", "eBay", "iPhone".
    pub inner_cap: bool,
}

/// Compressed shape hash ("Xx", "X.X.", "d", "x-Xx") and casing of `s`.
fn shape(s: &str) -> (u64, Casing) {
    if s.is_ascii() {
        return shape_ascii(s.as_bytes());
    }
    let mut h: u64 = 0x51ab;
    let mut last = '\0';
    let mut casing = Casing::default();
    let mut letters = 0;
    let mut uppers = 0;
    let mut n = 0;
    for (k, c) in s.chars().enumerate() {
        let class = if c.is_uppercase() {
            uppers += 1;
            letters += 1;
            if k == 0 {
                casing.init_cap = true;
            }
            'X'
        } else if c.is_lowercase() {
            letters += 1;
            casing.has_lower = true;
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            letters += 1;
            'a'
        } else {
            c
        };
        if class != last {
            h = mix(h ^ class as u64);
            last = class;
        }
        n += 1;
    }
    casing.all_caps = letters > 0 && uppers == letters;
    casing.inner_cap = uppers > 0 && s.starts_with(char::is_lowercase);
    // Short and long words of one shape behave differently ("US" vs "NATO" vs "REUTERS").
    let len_bucket = match n {
        0..=1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        _ => 4,
    };
    (mix(h ^ len_bucket), casing)
}

/// [`shape`] for ASCII text, byte by byte (the same result): the shape part of
/// [`ascii_hashes`].
fn shape_ascii(s: &[u8]) -> (u64, Casing) {
    let (hashes, casing) = ascii_hashes(s);
    (hashes[5], casing)
}

/// What the feature extractor knows about one token.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub pre3: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub gaz: u16,
    /// Word cluster + 1 ([`WordClusters::of`]); 0 for none; [`TokInfo::CLASS_LATER`] for a
    /// lower-case rare word, whose class is looked up when asked for ([`TokInfo::cluster`]).
    cluster: u16,
    pub casing: Casing,
    pub is_word: bool,
    /// Index in [`Common`], or [`Common::NONE`].
    pub common: u32,
    /// Where [`DocInfo`] keeps the seen bits of this token's lower-case form: its place among
    /// the lower-case forms of [`Common`] words ([`Common::seen_slot`]), or [`Common::NO_SLOT`]
    /// for a form not among them.
    pub seen_slot: u16,
    /// [`fact`] bits of `is_word`, `casing` and `gaz` ([`fact::of`]; [`fact::NUMBER`] is the
    /// token's kind, which [`DocInfo::facts`] adds): computed once with the rest, so that a
    /// common token's byte is copied rather than made again in every document.
    pub facts: u8,
}

fn affix_hash(s: &str, n: usize, suffix: bool, tag: u64) -> u64 {
    if s.is_ascii() {
        // Most tokens: byte offsets are char offsets.
        let part = if s.len() <= n {
            s
        } else if suffix {
            &s[s.len() - n..]
        } else {
            &s[..n]
        };
        return mix(hash_lower(part) ^ tag);
    }
    let count = s.chars().count();
    if count <= n {
        return mix(hash_lower(s) ^ tag);
    }
    let cut = if suffix {
        s.char_indices().nth(count - n).map_or(0, |(b, _)| b)
    } else {
        s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
    };
    let part = if suffix { &s[cut..] } else { &s[..cut] };
    mix(hash_lower(part) ^ tag)
}

/// FNV-1a step (the hash of [`hash_str`] and [`hash_lower`] before its final mix).
#[inline(always)]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Casing facts of an ASCII byte in [`ASCII_CLASSES`]: an upper-case letter, a lower-case
/// letter.
const UPPER: u8 = 1;
const LOWER: u8 = 2;

/// Per byte: its shape class as [`shape`] writes it ('X', 'x', 'd', or the byte itself) and
/// its casing facts ([`UPPER`], [`LOWER`]), so that [`ascii_hashes`] takes one load
/// per byte where it tested ranges.
static ASCII_CLASSES: [(u8, u8); 256] = {
    let mut table = [(0u8, 0u8); 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            (b'X', UPPER)
        } else if c.is_ascii_lowercase() {
            (b'x', LOWER)
        } else if c.is_ascii_digit() {
            (b'd', 0)
        } else {
            (c, 0)
        };
        b += 1;
    }
    table
};

/// The hashes of an ASCII token in one pass: the same values as `hash_str`, `hash_lower` and
/// `affix_hash` (the lower-case hash of the first three bytes is the running hash there), and
/// its shape and casing as [`shape`] computes them.
#[inline]
fn ascii_hashes(s: &[u8]) -> ([u64; 6], Casing) {
    let (mut word, mut lower, mut pre3) = (FNV_START, FNV_START, FNV_START);
    let mut shape: u64 = 0x51ab;
    let mut last = 0u8;
    let mut facts = 0u8;
    for (k, &b) in s.iter().enumerate() {
        word = fnv(word, b);
        lower = fnv(lower, b.to_ascii_lowercase());
        if k == 2 {
            pre3 = lower;
        }
        let (class, fact) = ASCII_CLASSES[usize::from(b)];
        facts |= fact;
        if class != last {
            shape = mix(shape ^ u64::from(class));
            last = class;
        }
    }
    // ASCII letters are upper or lower case: all are capitals when some are and none is not.
    let casing = Casing {
        init_cap: s.first().is_some_and(u8::is_ascii_uppercase),
        all_caps: facts & UPPER != 0 && facts & LOWER == 0,
        has_lower: facts & LOWER != 0,
        inner_cap: facts & UPPER != 0 && s.first().is_some_and(u8::is_ascii_lowercase),
    };
    let len_bucket = match s.len() {
        0..=1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        _ => 4,
    };
    if s.len() < 3 {
        pre3 = lower;
    }
    let suffix = |n: usize| {
        let part = &s[s.len().saturating_sub(n)..];
        let h = part
            .iter()
            .fold(FNV_START, |h, &b| fnv(h, b.to_ascii_lowercase()));
        mix(h ^ SEED)
    };
    (
        [
            mix(word ^ SEED),
            mix(lower ^ SEED),
            mix(mix(pre3 ^ SEED) ^ 1),
            mix(suffix(3) ^ 3),
            mix(suffix(4) ^ 4),
            mix(shape ^ len_bucket),
        ],
        casing,
    )
}

impl TokInfo {
    /// [`TokInfo::cluster`] not looked up yet. Only the features of a token that is not plain
    /// read the word class, and a lower-case word is plain but in a headline: a rare one's
    /// lookup, into a table too large for the processor's caches, mostly waits on memory for
    /// nothing.
    const CLASS_LATER: u16 = u16::MAX;

    /// Word cluster + 1 ([`WordClusters::of`]); 0 for none.
    #[inline]
    pub fn cluster(&self) -> u16 {
        if self.cluster == TokInfo::CLASS_LATER {
            WordClusters::get().of(self.lower)
        } else {
            self.cluster
        }
    }

    fn new(s: &str, kind: TokenKind, g: &Gazetteer) -> TokInfo {
        TokInfo::build(s, kind, g, true)
    }

    /// [`TokInfo::new`] for a document's rare token: a word that is not capitalised gets its
    /// class when asked for ([`TokInfo::CLASS_LATER`]).
    fn rare(s: &str, kind: TokenKind, g: &Gazetteer) -> TokInfo {
        TokInfo::build(s, kind, g, false)
    }

    fn build(s: &str, kind: TokenKind, g: &Gazetteer, every_class: bool) -> TokInfo {
        let ([word, lower, pre3, suf3, suf4, shape], casing) = if s.is_ascii() {
            ascii_hashes(s.as_bytes())
        } else {
            let (shape, casing) = shape(s);
            let lower = hash_lower(s);
            // Short tokens (quotation marks, dashes) are their own affixes.
            let chars = s.chars().count();
            let affix = |n: usize, suffix: bool, tag: u64| {
                if chars <= n {
                    mix(lower ^ tag)
                } else {
                    affix_hash(s, n, suffix, tag)
                }
            };
            (
                [
                    hash_str(s),
                    lower,
                    affix(3, false, 1),
                    affix(3, true, 3),
                    affix(4, true, 4),
                    shape,
                ],
                casing,
            )
        };
        let mut t = TokInfo {
            word,
            lower,
            shape,
            pre3,
            suf3,
            suf4,
            gaz: if kind == TokenKind::Word {
                g.word_bits(lower)
            } else {
                0
            },
            cluster: if !(USE_CLUSTERS && kind == TokenKind::Word) {
                0
            } else if every_class || casing.init_cap || casing.all_caps {
                WordClusters::get().of(lower)
            } else {
                TokInfo::CLASS_LATER
            },
            casing,
            is_word: kind == TokenKind::Word,
            common: Common::NONE,
            seen_slot: Common::NO_SLOT,
            facts: 0,
        };
        t.facts = fact::of(&t);
        t
    }
}

/// Frequent tokens (exact form) with their [`TokInfo`] computed once: most tokens of an
/// article are among them (about 85 % of lower-case ones), so their hashing and gazetteer
/// lookups happen at load time, and the tagger keeps their weight sums ([`super::tagger`]).
/// The list (`data/model/common-words.txt`) comes from `train --make-common` over openly
/// licensed texts (MODEL.md).
#[derive(Debug)]
pub struct Common {
    /// Index in `toks` by the token's [`quick_hash`].
    index: KeyNumbers,
    toks: Vec<TokInfo>,
    /// [`TokInfo::seen_slot`] by lower-case hash: the distinct lower-case forms of the words
    /// of the list, numbered from 0.
    slots: KeyNumbers,
}

impl Common {
    /// [`TokInfo::common`] of a token not in the list.
    pub const NONE: u32 = u32::MAX;

    /// [`TokInfo::seen_slot`] of a lower-case form not among the list's.
    pub const NO_SLOT: u16 = u16::MAX;

    /// The embedded list, built once.
    pub fn get() -> &'static Common {
        static C: OnceLock<Common> = OnceLock::new();
        C.get_or_init(|| Common::build(list!("data/model/common-words.txt")))
    }

    fn build(src: &str) -> Common {
        let g = Gazetteer::get();
        // One tokenizer pass over the whole list; a line is kept if it is one token as article
        // text tokenises it (the kind decides whether a token can take the entry).
        let doc = Doc::new(src);
        let mut c = Common {
            index: KeyNumbers::with_capacity(doc.tokens.len().min(KeyNumbers::MAX)),
            toks: Vec::new(),
            slots: KeyNumbers::with_capacity(0),
        };
        let bytes = src.as_bytes();
        for (k, t) in doc.tokens.iter().enumerate() {
            let (start, end) = (t.span.start, t.span.end);
            let whole_line = (start == 0 || bytes[start - 1] == b'\n')
                && (end == bytes.len() || bytes[end] == b'\n');
            if !whole_line || bytes[start] == b'#' {
                continue;
            }
            let key = quick_hash(&bytes[start..end]);
            if c.index.get(key).is_some() {
                continue;
            }
            let at = c.toks.len();
            if c.index.number(key) != Some(at) {
                break;
            }
            let mut info = TokInfo::new(doc.token_text(k), t.kind, g);
            info.common = at as u32;
            c.toks.push(info);
        }
        c.slots = KeyNumbers::with_capacity(c.toks.len());
        for t in c.toks.iter().filter(|t| t.is_word) {
            // (At most half the range, so that `NO_SLOT` falls outside `DocInfo::seen_bits`.)
            if c.slots.len() < usize::from(Common::NO_SLOT / 2) {
                c.slots.number(t.lower);
            }
        }
        for k in 0..c.toks.len() {
            c.toks[k].seen_slot = c.seen_slot(c.toks[k].lower);
        }
        c
    }

    /// The [`TokInfo::seen_slot`] of the lower-case form `lower`.
    #[inline]
    pub fn seen_slot(&self, lower: u64) -> u16 {
        self.slots.get(lower).map_or(Common::NO_SLOT, |s| s as u16)
    }

    /// Number of [`TokInfo::seen_slot`] values other than [`Common::NO_SLOT`].
    pub fn seen_slots(&self) -> usize {
        self.slots.len()
    }

    /// Every token of the list, [`TokInfo::common`] being its index.
    pub fn toks(&self) -> &[TokInfo] {
        &self.toks
    }

    /// The info of the token `word`, if it is in the list.
    pub fn lookup(&self, word: &[u8]) -> Option<&TokInfo> {
        self.lookup_hashed(quick_hash(word))
    }

    /// [`Common::lookup`] by the token's [`quick_hash`].
    #[inline]
    fn lookup_hashed(&self, word: u64) -> Option<&TokInfo> {
        self.index.get(word).and_then(|k| self.toks.get(k))
    }
}

/// How a line is written: most news lines are sentences; headlines are ALL CAPS or Title Case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum LineCase {
    Normal = 0,
    AllCaps = 1,
    TitleCase = 2,
}

/// Read Title Case lines as ALL-CAPS ones (see `DocInfo::new`). Off: on conll2003-dev it cost
/// 0.3–0.9 F1 over three seeds (name lists and table fragments look like Title Case lines),
/// and no Title Case test data is at hand to show what it gains on modern headlines.
const TITLE_CASE_AS_CAPS: bool = false;

/// Words needed before a line counts as a headline by its casing.
const HEADLINE_MIN_WORDS: usize = 3;

/// Per-document facts that features read: token info, line casing, and how each word is
/// written elsewhere in the document.
#[derive(Debug, Default)]
pub struct DocInfo {
    pub toks: Vec<TokInfo>,
    /// A byte of [`fact`] bits per token: its kind and casing, and whether it is a function
    /// word. Loops over every token that test only these read a byte a token instead of the
    /// token's 64-byte [`TokInfo`].
    pub facts: Vec<u8>,
    /// Casing of the sentence each token belongs to.
    pub line_case: Vec<LineCase>,
    /// First token of its sentence (after any opening quotes or dashes).
    pub sent_initial: Vec<bool>,
    /// Per lower-cased word: bit 0 = seen in lower case, bit 1 = seen capitalised mid-sentence
    /// in a normal line. Words with a [`TokInfo::seen_slot`] keep theirs in `seen_bits`.
    seen: IdMap<u64, u8>,
    /// The two seen bits of each [`TokInfo::seen_slot`], at bits `2 * slot` and `2 * slot + 1`:
    /// the lower-case forms of common words, which most tokens have, without hashing.
    seen_bits: Vec<u64>,
    /// The document reports sport: one of its first words names one ("SOCCER - …") or it has
    /// scores ("2-1"). Places there are often teams (ORG).
    pub sport: bool,
    /// The document reports business or markets ([`is_business`]) and not sport: an unknown
    /// capitalised word there is more often a company than a person.
    pub business: bool,
    /// The tokens that start with a capital (`casing.init_cap`), in order: the rules that look
    /// for names there (`known_names`, `known_people`, the consistency pass's repeats) go
    /// through these instead of testing every token's info (a 64-byte read and a jump that
    /// goes either way, per token and rule).
    pub capitalised: Vec<u32>,
    /// The words that start in lower case with a capital after ("xAI", "eBay"), in order:
    /// [`known_names`](super::known_names) looks for listed names there too.
    pub inner_capitalised: Vec<u32>,
    /// The tokens that may be words some rules after tagging look for, by their length and
    /// first byte (`entities::is_keyword`), in order: found here, in the pass over every token
    /// that reads their bytes anyway.
    pub keywords: Vec<usize>,
}

const SEEN_LOWER: u8 = 1;
const SEEN_CAP_MID: u8 = 2;

/// Most words [`DocInfo::seen`] is sized for up front; past this it grows as words come.
///
/// The map holds the lower-case forms that no common word has (the others have a
/// [`TokInfo::seen_slot`]): a news article has about one for every fifteen tokens (4,402 in
/// the 66,115 tokens of bench/corpus/news), so an eighth of the token count fits it without
/// rehashing. A long text repeats its words: the first 3 MB of polnear-train put 22,658 words
/// in the map when it held every form, for 567,399 tokens, and a table made for half the
/// tokens took 8 MB of buckets (a ninth of the wasm memory of the analysis,
/// bench/scaling.mjs) over which every token's lookup scattered.
const SEEN_PRESIZE_MAX: usize = 1 << 13;

impl DocInfo {
    /// Computes token info for `doc`.
    ///
    /// One pass over the tokens builds their info and, from it, what the later passes ask of
    /// every token: a byte of [`DocInfo::facts`], the list of [`DocInfo::capitalised`] tokens
    /// and the seen bit of each word in lower case. The place-name pass then goes through the
    /// capitalised tokens only, and the sentence passes read the fact bytes: a token's 64-byte
    /// [`TokInfo`] is read once, where each pass read it again (a cache line and a jump on its
    /// casing per token and pass).
    pub fn new(doc: &Doc) -> DocInfo {
        let g = Gazetteer::get();
        let common = Common::get();
        let n = doc.tokens.len();
        let mut info = DocInfo {
            toks: Vec::with_capacity(n),
            facts: Vec::with_capacity(n),
            line_case: vec![LineCase::Normal; n],
            sent_initial: vec![false; n],
            seen: IdMap::with_capacity_and_hasher(
                (n / 8).min(SEEN_PRESIZE_MAX),
                Default::default(),
            ),
            seen_bits: vec![0; (2 * common.seen_slots()).div_ceil(64)],
            sport: false,
            business: false,
            capitalised: Vec::new(),
            inner_capitalised: Vec::new(),
            keywords: Vec::new(),
        };
        // The capitalised tokens' indices are written at `caps[count]` for every token and
        // `count` moves on for those with a capital: no jump on the casing.
        let mut caps = vec![0u32; n];
        let mut count = 0;
        // Tokens not in the list, by their hash and kind: the index of their first occurrence.
        // Names and numbers recur within a story, and each costs a pass over its bytes and two
        // table lookups the first time only.
        let mut rare: IdTable<u32> = IdTable::with_capacity((n / 8).min(SEEN_PRESIZE_MAX));
        for (i, t) in doc.tokens.iter().enumerate() {
            let is_word = t.kind == TokenKind::Word;
            // The bytes are enough to hash; the text is sliced (char boundaries checked) only
            // for a token not in the list.
            let bytes = &doc.text.as_bytes()[t.span.start..t.span.end];
            let word = quick_hash(bytes);
            if super::is_keyword(bytes.len(), bytes.first().copied().unwrap_or(0)) {
                info.keywords.push(i);
            }
            let info_of = match common.lookup_hashed(word) {
                Some(c) if c.is_word == is_word => *c,
                _ => {
                    let key = word ^ (t.kind as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                    let first = *rare.get_or_insert_with(key, |_| i as u32) as usize;
                    if first < i {
                        info.toks[first]
                    } else {
                        let mut fresh = TokInfo::rare(doc.token_text(i), t.kind, g);
                        fresh.seen_slot = common.seen_slot(fresh.lower);
                        fresh
                    }
                }
            };
            let facts = info_of.facts | fact::number(t.kind);
            if let Some(c) = caps.get_mut(count) {
                *c = i as u32;
            }
            count += usize::from(facts & fact::INIT_CAP != 0);
            if facts & fact::INNER_CAP != 0 {
                info.inner_capitalised.push(i as u32);
            }
            // A word in lower case: its seen bit does not depend on its line (capitals
            // mid-sentence, which do, are marked after the sentence passes).
            if !TITLE_CASE_AS_CAPS {
                let lower = facts & (fact::WORD | fact::HAS_LOWER | fact::INIT_CAP)
                    == fact::WORD | fact::HAS_LOWER;
                info.mark_seen(info_of.seen_slot, info_of.lower, SEEN_LOWER, lower);
            }
            info.facts.push(facts);
            info.toks.push(info_of);
        }
        caps.truncate(count);
        info.capitalised = caps;
        // Multi-token places: longest match from each start. Place names start with a
        // capital, so only the capitalised tokens are looked at; a place found is passed over
        // (`from` is the first token after it).
        let mut from = 0;
        for &c in &info.capitalised {
            let i = c as usize;
            if i < from || info.facts[i] & fact::WORD == 0 {
                continue;
            }
            let mut matched = 0;
            let mut h = info.toks[i].lower;
            for k in 1..g.max_phrase.min(n - i) {
                h = hash_phrase(h, info.toks[i + k].lower);
                let bits = g.phrase_bits(h);
                if bits & gaz::PLACE != 0 {
                    matched = k + 1;
                }
                // No place goes on from here.
                if bits & PLACE_PREFIX == 0 {
                    break;
                }
            }
            if matched > 0 {
                info.toks[i].gaz |= gaz::PLACE_B;
                for t in &mut info.toks[i + 1..i + matched] {
                    t.gaz |= gaz::PLACE_I;
                }
                from = i + matched;
            }
        }
        // Set when a Title Case line is read in capitals: `capitalised` is then made again.
        let mut recased = false;
        for s in &doc.sentences {
            let r = s.tokens.clone();
            let facts = &info.facts[r.clone()];
            // The first word or number (after any opening quotes or dashes).
            if let Some(k) = facts
                .iter()
                .position(|&f| f & (fact::WORD | fact::NUMBER) != 0)
            {
                info.sent_initial[r.start + k] = true;
            }
            // Words with a lower-case letter or in capitals, those in capitals, and those
            // capitalised or lower-case function words: counted without a jump per token.
            let mut words = 0;
            let mut caps = 0;
            let mut titled = 0;
            for &f in facts {
                let counted =
                    usize::from(f & fact::WORD != 0 && f & (fact::HAS_LOWER | fact::ALL_CAPS) != 0);
                words += counted;
                caps += counted & usize::from(f & fact::ALL_CAPS != 0);
                titled += counted
                    & usize::from(
                        f & fact::INIT_CAP != 0
                            || f & (fact::FUNCTION | fact::HAS_LOWER)
                                == fact::FUNCTION | fact::HAS_LOWER,
                    );
            }
            let case = if words >= HEADLINE_MIN_WORDS && caps == words {
                LineCase::AllCaps
            } else if words > HEADLINE_MIN_WORDS
                && titled == words
                && r.clone().any(|k| {
                    info.facts[k] & (fact::INIT_CAP | fact::FUNCTION) == fact::INIT_CAP
                        && !info.sent_initial[k]
                })
                && facts.iter().filter(|&&f| f & fact::INIT_CAP != 0).count() * 4 >= words * 3
            {
                LineCase::TitleCase
            } else {
                LineCase::Normal
            };
            // A Title Case headline is read like an ALL-CAPS one: its capitals say nothing
            // about names, and the training data (CoNLL-2003) teaches the ALL-CAPS case only.
            // Sports tables and name lists ("Bolton Wanderers 3 Grimsby Town 1", "Tiger Woods,
            // Steve Jurgenson, …") are not headlines: ask for a line without numbers, commas
            // or colons.
            let numeric = || {
                r.clone().any(|k| {
                    doc.tokens[k].kind == TokenKind::Number
                        || matches!(doc.token_text(k), "," | ":" | ";")
                })
            };
            let case = if case == LineCase::TitleCase && TITLE_CASE_AS_CAPS && !numeric() {
                for k in r.clone() {
                    if info.toks[k].is_word {
                        let upper = doc.token_text(k).to_uppercase();
                        let (shape_hash, casing) = shape(&upper);
                        let t = &mut info.toks[k];
                        t.shape = shape_hash;
                        t.casing = casing;
                        // No longer the common token's info: no per-word sums for it.
                        t.common = Common::NONE;
                        t.facts = fact::of(t);
                        info.facts[k] = t.facts | fact::number(doc.tokens[k].kind);
                    }
                }
                recased = true;
                LineCase::AllCaps
            } else {
                case
            };
            mark_after_dateline(doc, &mut info, r.clone());
            if case != LineCase::Normal {
                info.line_case[r].fill(case);
            }
        }
        if recased {
            info.capitalised = (0..n)
                .filter(|&k| info.toks[k].casing.init_cap)
                .map(|k| k as u32)
                .collect();
        }
        if TITLE_CASE_AS_CAPS {
            // Lower-case words, from their casing as it is now.
            for k in 0..n {
                let f = info.facts[k];
                let lower = f & (fact::WORD | fact::HAS_LOWER | fact::INIT_CAP)
                    == fact::WORD | fact::HAS_LOWER;
                info.mark_seen(
                    info.toks[k].seen_slot,
                    info.toks[k].lower,
                    SEEN_LOWER,
                    lower,
                );
            }
        }
        // Capitalised words in the middle of a sentence of a normal line.
        for c in 0..info.capitalised.len() {
            let k = info.capitalised[c] as usize;
            let mid = info.facts[k] & (fact::WORD | fact::HAS_LOWER)
                == fact::WORD | fact::HAS_LOWER
                && info.line_case[k] == LineCase::Normal
                && !info.sent_initial[k];
            if mid {
                info.mark_seen(
                    info.toks[k].seen_slot,
                    info.toks[k].lower,
                    SEEN_CAP_MID,
                    true,
                );
            }
        }
        if GENRE {
            info.sport = is_sport(doc, &info.toks, &info.facts);
            info.business = BUSINESS && !info.sport && is_business(doc);
        }
        info
    }

    /// Sets seen bit `bit` of a lower-case form (its [`TokInfo::seen_slot`] `slot` and hash
    /// `lower`) when `on`; for a form with a slot, without a jump on `on`.
    #[inline(always)]
    fn mark_seen(&mut self, slot: u16, lower: u64, bit: u8, on: bool) {
        match self.seen_bits.get_mut(usize::from(slot) / 32) {
            Some(w) => *w |= u64::from(bit & u8::from(on).wrapping_neg()) << (2 * (slot % 32)),
            None => {
                if on {
                    *self.seen.entry(lower).or_insert(0) |= bit;
                }
            }
        }
    }

    /// The seen bits of `t`'s lower-case form (see [`DocInfo::seen`]).
    #[inline]
    pub fn seen(&self, t: &TokInfo) -> u8 {
        match self.seen_bits.get(usize::from(t.seen_slot) / 32) {
            Some(w) => (w >> (2 * (t.seen_slot % 32)) & 3) as u8,
            None => self.seen.get(&t.lower).copied().unwrap_or(0),
        }
    }
}

/// Use the document's genre ([`DocInfo::sport`]) with a capitalised token's gazetteer bits and
/// with its word class: train-cv micro F1 0.9035 → 0.9092 (ORG 0.848 → 0.859). A "table row"
/// bit (two numbers, at most one lower-case word) besides it cost 0.2 and is not used.
pub const GENRE: bool = true;

/// Scores ("2-1", "21-14") that make a document a sports report (two digits a side at most:
/// with three, phone numbers and ranges counted too, and train-cv lost 0.1).
const SPORT_SCORES: usize = 3;

/// True for a sports report: one of its first words names a sport, or it has scores.
fn is_sport(doc: &Doc, toks: &[TokInfo], facts: &[u8]) -> bool {
    let named = (0..doc.tokens.len().min(4)).any(|k| {
        let t = doc.token_text(k);
        t.len() <= 12 && crate::lexicon::sports().contains(t.to_ascii_uppercase().as_str())
    });
    if named {
        return true;
    }
    // Two sides of one or two digits around the first '-': five bytes at most, so longer
    // numbers (most of them: years, amounts) need no search for the dash.
    let score = |t: &[u8]| {
        let side = |x: &[u8]| (1..=2).contains(&x.len()) && x.iter().all(u8::is_ascii_digit);
        t.len() <= 5
            && t.iter()
                .position(|&b| b == b'-')
                .is_some_and(|k| side(&t[..k]) && side(&t[k + 1..]))
    };
    // (The numbers are found by their fact bytes: most tokens cost a byte, not their token.)
    let bytes = doc.text.as_bytes();
    let scores = facts
        .iter()
        .zip(&doc.tokens)
        .filter(|&(&f, t)| f & fact::NUMBER != 0 && score(&bytes[t.span.start..t.span.end]))
        .nth(SPORT_SCORES - 1)
        .is_some();
    scores || SPORT_WORDS && has_sport_words(doc, toks)
}

/// Also read a document as a sports report when its opening has words of a game report.
pub const SPORT_WORDS: bool = true;

/// Tokens looked at for [`has_sport_words`].
const SPORT_WINDOW: usize = 200;

/// Different words of [`crate::lexicon::sport_words`] that make a document a sports report.
const SPORT_WORDS_NEEDED: usize = 2;

/// True when the opening of `doc` has two different words of a game report ("touchdown",
/// "inning"; politics has its "goals" and its "overtime", but seldom both).
/// The words are found by the hash each token's info has ([`TokInfo::word`]) in a bit filter
/// first: most tokens cost one test of a bit.
fn has_sport_words(doc: &Doc, toks: &[TokInfo]) -> bool {
    let words = crate::lexicon::sport_words();
    static HASHES: std::sync::OnceLock<HashFilter> = std::sync::OnceLock::new();
    let hashes = HASHES.get_or_init(|| {
        let mut filter = HashFilter::new();
        for w in words.iter() {
            filter.insert(hash_str(w));
        }
        filter
    });
    let mut seen: Vec<&str> = Vec::with_capacity(SPORT_WORDS_NEEDED);
    for (k, t) in toks.iter().enumerate().take(SPORT_WINDOW) {
        if !(t.is_word && hashes.may_contain(t.word)) {
            continue;
        }
        let w = doc.token_text(k);
        if words.contains(w) && !seen.contains(&w) {
            seen.push(w);
            if seen.len() == SPORT_WORDS_NEEDED {
                return true;
            }
        }
    }
    false
}

/// Tell business reports ([`DocInfo::business`]) from other text in the genre features.
pub const BUSINESS: bool = true;

/// Words of [`crate::lexicon::business`] among its first [`BUSINESS_WINDOW`] tokens that make a
/// document a business report.
const BUSINESS_WORDS: usize = 2;

/// Tokens looked at for [`is_business`]: about the headline and the first paragraph.
const BUSINESS_WINDOW: usize = 120;

/// True for a business or market report: two business words ("shares", "profit") in its
/// opening.
fn is_business(doc: &Doc) -> bool {
    let words = crate::lexicon::business();
    doc.tokens
        .iter()
        .take(BUSINESS_WINDOW)
        .filter(|t| {
            let w = &doc.text[t.span.start..t.span.end];
            t.kind == TokenKind::Word
                && (3..=9).contains(&w.len())
                && w.as_bytes()[0].is_ascii_lowercase()
                && words.contains(w)
        })
        .nth(BUSINESS_WORDS - 1)
        .is_some()
}

/// Tokens a dateline may take before its dash: "LONDON (Reuters) -", "TAIPEI, Taiwan —".
const DATELINE_MAX_TOKENS: usize = 8;

/// After a dateline with a credit ("LONDON (Reuters) - Shares fell"), the word after the dash starts the
/// story's first sentence: mark it sentence-initial so its capital is not read as a name.
fn mark_after_dateline(doc: &Doc, info: &mut DocInfo, r: std::ops::Range<usize>) {
    let Some(first) = r.clone().next() else {
        return;
    };
    if info.facts[first] & (fact::WORD | fact::ALL_CAPS) != fact::WORD | fact::ALL_CAPS {
        return;
    }
    for k in r.clone().take(DATELINE_MAX_TOKENS).skip(1) {
        let t = doc.token_text(k);
        // After an agency credit, "(Reuters) -", or a known place in capitals, "LISBON —"
        // ("RTRS - Arthur Yates …" is no dateline): the story's first word. (After "TAIPEI, Taiwan —" a name such as "Lai Ching-te" is
        // still told by its other features: the gazetteers, word classes, later mentions.)
        let credit = doc.token_text(k - 1) == ")";
        let place = info.toks[first].gaz & (gaz::PLACE | gaz::PLACE_B) != 0;
        if matches!(t, "-" | "--" | "—" | "–") && (credit || place) {
            // Not in an ALL-CAPS headline ("SOCCER - JAPAN GET LUCKY WIN").
            if let Some(next) = (k + 1..r.end).find(|&j| info.toks[j].is_word) {
                info.sent_initial[next] |= info.toks[next].casing.has_lower;
            }
            return;
        }
        let ok = !info.toks[k].is_word || info.toks[k].casing.init_cap;
        if !ok {
            return;
        }
    }
}

/// Template ids: one per kind of feature. Changing them invalidates trained models. Names
/// starting with `_` are templates that an ablation on conll2003-dev showed to add nothing
/// (MODEL.md); they keep their ids so the others' keys do not move.
#[derive(Clone, Copy)]
#[repr(u64)]
enum T {
    Bias = 1,
    Word,
    Lower,
    Shape,
    Pre3,
    _Suf2,
    Suf3,
    Suf4,
    LowerM1,
    LowerP1,
    LowerM2,
    LowerP2,
    ShapeM1,
    ShapeP1,
    Shape3,
    _BigramM,
    BigramP,
    GazBit,
    GazCtx,
    Context,
    Seen,
    _ShapeCtx,
    LowerCtx,
    WordM1,
    _WordP1,
    PairGazM1,
    Cluster,
    _ClusterM1,
    _ClusterP1,
    _ClusterLite,
    _ClusterMid,
    ClusterCoarse,
    Genre,
    GenreClass,
}

/// Use the word classes of `data/model/clusters.bin` ([`WordClusters`], from
/// `scripts/make_clusters.py`): a capitalised token's fine class and coarse group, each with
/// its casing, among its own-text features ([`own_keys`]). On: train-cv micro F1 0.890 → 0.904,
/// and more on other text (BTC news tweets +4, WNUT-17 +3, MODEL.md). The neighbours' classes
/// (templates `_ClusterM1`, `_ClusterP1`) added 0.1 on train-cv, within noise, for two more
/// lookups per name token, and are not used. (Classes from 0.6 M words of PolNeAR, CoNLL and
/// wikigold text, the earlier `train --make-clusters`, moved dev F1 by +0.2 only.)
pub const USE_CLUSTERS: bool = true;

/// The most features one token can have.
pub const MAX_FEATURES: usize = 40;

#[inline]
fn key(t: T, v: u64) -> u32 {
    let k = mix(v ^ (t as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)) as u32;
    k.max(1)
}

/// The key of the bias feature, which [`extract`] always writes first: a tagger can add its
/// weights once per token without looking them up.
pub fn bias_key() -> u32 {
    key(T::Bias, 0)
}

/// Hash of "no token here" (beyond the sentence edge).
const EDGE: u64 = 0x6564_6765;

/// Writes the feature keys of token `i` (in sentence `sent` = token range) into `out`,
/// returning how many.
pub fn extract(
    info: &DocInfo,
    sent: std::ops::Range<usize>,
    i: usize,
    out: &mut [u32; MAX_FEATURES],
) -> usize {
    extract_keys::<true>(info, sent, i, out).0
}

/// The keys of [`extract`] but those a tagger can sum once per word: every token's
/// [`neighbour_keys`] (the previous and next word); a token that is not plain also its
/// [`context_keys`] ([`Context::ROLES`]; the previous word's exact form only in a normal line,
/// see [`takes_word_m1`]); and a [`Common`] token's [`own_keys`] where they apply. The flag says
/// whether they apply: the token is common, and plain or capitalised in a line that is not ALL
/// CAPS (there the exact form is not a feature).
///
/// Nor the features of a token that is not plain whose values come from small sets (see
/// [`Small`]): those values come back instead, for tables of their summed weights.
pub fn extract_rest(
    info: &DocInfo,
    sent: std::ops::Range<usize>,
    i: usize,
    out: &mut [u32; MAX_FEATURES],
) -> (usize, bool, Small) {
    extract_keys::<false>(info, sent, i, out)
}

/// The values of the features of a token that is not plain that come from small sets, which
/// [`extract_rest`] leaves out of its keys: `Seen` (whose value also decides `Context`: see
/// [`seen_context_keys`]), `GazBit` per bit of `gaz` (with `cap` and `line`, see
/// [`gaz_bit_key`]) and `PairGazM1` ([`pair_gaz_m1_key`]). A plain token has none of these.
#[derive(Clone, Copy, Debug, Default)]
pub struct Small {
    /// The `Seen` value: seen bits, sentence-initial, line casing and the token's casing.
    pub seen: u8,
    /// The token's gazetteer bits.
    pub gaz: u16,
    /// The token's casing (init cap, all caps) as `GazBit` and `PairGazM1` take it.
    pub cap: u8,
    /// The line's casing ([`LineCase`] as a number).
    pub line: u8,
    /// The previous token's gazetteer bits, or `0xffff` at the sentence edge.
    pub gaz_m1: u16,
}

/// Most `Seen` values ([`Small::seen`]): 2 seen bits, initial, 2 line bits, 2 casing bits.
pub const SEEN_VALUES: usize = 256;

/// The keys of `Seen` and `Context` for a [`Small::seen`] value (the `Context` value is the
/// sentence-initial flag, line and casing that `Seen` holds too).
pub fn seen_context_keys(seen: u8) -> [u32; 2] {
    let v = u64::from(seen);
    let (initial, line, cap) = (v >> 2 & 1, v >> 3 & 7, v >> 6);
    [
        key(T::Seen, v),
        key(T::Context, initial | line << 1 | cap << 4),
    ]
}

/// The key of `GazBit` for gazetteer bit `b` of a token with casing `cap` in a line `line`.
pub fn gaz_bit_key(b: u32, cap: u8, line: u8) -> u32 {
    key(
        T::GazBit,
        u64::from(b) | u64::from(cap) << 8 | u64::from(line) << 12,
    )
}

/// The key of `PairGazM1`: the previous token's gazetteer bits (`0xffff` at the edge) with the
/// token's casing.
pub fn pair_gaz_m1_key(gaz_m1: u16, cap: u8) -> u32 {
    key(T::PairGazM1, u64::from(gaz_m1) | u64::from(cap) << 20)
}

/// True for a token that [`extract`] reads as plain: lower-case (or a number or punctuation
/// mark) in a normal line.
#[inline(always)]
fn is_plain(t: &TokInfo, line: LineCase) -> bool {
    !t.casing.init_cap && !t.casing.all_caps && line == LineCase::Normal
}

/// The keys of features that depend on the token's own text only, as [`extract`] gives them
/// to a plain token (lower-case form, shape, suffix) or, if the token is capitalised, in a
/// line that is not ALL CAPS (also the exact form, prefix and 4-suffix).
pub fn own_keys(t: &TokInfo) -> ([u32; OWN_KEYS], usize) {
    own_keys_as(t, !t.casing.init_cap && !t.casing.all_caps)
}

/// The most keys [`own_keys`] gives.
pub const OWN_KEYS: usize = 8;

/// [`own_keys`] as a plain token has them, or else as any other (the exact form first; the
/// word's fine class and coarse group last, each with its casing).
#[inline(always)]
fn own_keys_as(t: &TokInfo, plain: bool) -> ([u32; OWN_KEYS], usize) {
    if plain {
        let keys = [
            key(T::Lower, t.lower),
            key(T::Shape, t.shape),
            key(T::Suf3, t.suf3),
        ];
        return ([keys[0], keys[1], keys[2], 0, 0, 0, 0, 0], 3);
    }
    let mut keys = [
        key(T::Word, t.word),
        key(T::Lower, t.lower),
        key(T::Shape, t.shape),
        key(T::Pre3, t.pre3),
        key(T::Suf3, t.suf3),
        key(T::Suf4, t.suf4),
        0,
        0,
    ];
    if !USE_CLUSTERS {
        return (keys, 6);
    }
    let cap = u64::from(t.casing.init_cap) | u64::from(t.casing.all_caps) << 1;
    let wc = WordClusters::get();
    let cluster = t.cluster();
    keys[6] = key(T::Cluster, u64::from(cluster) | cap << 16);
    keys[7] = key(T::ClusterCoarse, u64::from(wc.coarse(cluster)) | cap << 16);
    (keys, 8)
}

/// True when [`extract`] reads token `i` as plain (see [`own_keys`]).
#[inline(always)]
pub fn is_plain_at(info: &DocInfo, i: usize) -> bool {
    is_plain(&info.toks[i], info.line_case[i])
}

/// The key of the shape trigram of `t` between `prev` and `next` (`None` = the sentence edge),
/// which every token has.
#[inline(always)]
pub fn shape3_key(prev: Option<&TokInfo>, t: &TokInfo, next: Option<&TokInfo>) -> u32 {
    let shape_of = |o: Option<&TokInfo>| o.map_or(EDGE, |t| t.shape);
    key(
        T::Shape3,
        mix(shape_of(prev) ^ t.shape.rotate_left(21) ^ shape_of(next).rotate_left(42)),
    )
}

/// What [`context_keys`] give, in order: a token two before, two after, just before and just
/// after a token that is not plain, and (in a normal line) just before it by its exact form.
pub struct Context;

impl Context {
    /// Number of [`context_keys`].
    pub const ROLES: usize = 5;
    /// Index of the previous word's exact form among [`context_keys`].
    pub const WORD_M1: usize = 4;
}

/// The keys a token `t` gives a token that is not plain, two before (`LowerM2`), two after
/// (`LowerP2`), just before (`ShapeM1`), just after (`ShapeP1`) and just before by its exact
/// form (`WordM1`); `None` = beyond the sentence edge.
pub fn context_keys(t: Option<&TokInfo>) -> [u32; Context::ROLES] {
    let (lower, shape, word) = t.map_or((EDGE, EDGE, EDGE), |t| (t.lower, t.shape, t.word));
    [
        key(T::LowerM2, lower),
        key(T::LowerP2, lower),
        key(T::ShapeM1, shape),
        key(T::ShapeP1, shape),
        key(T::WordM1, word),
    ]
}

/// True when token `i`, not plain, has the previous word's exact form as a feature.
#[inline(always)]
pub fn takes_word_m1(info: &DocInfo, i: usize) -> bool {
    info.line_case[i] == LineCase::Normal
}

/// The keys a token gives the token after it and the token before it (its lower-case form as
/// `LowerM1` and `LowerP1`); `None` = the sentence edge. With [`own_keys`] and
/// [`extract_rest`], exactly the keys of [`extract`].
pub fn neighbour_keys(t: Option<&TokInfo>) -> [u32; 2] {
    let lower = t.map_or(EDGE, |t| t.lower);
    [key(T::LowerM1, lower), key(T::LowerP1, lower)]
}

#[inline(always)]
fn extract_keys<const ALL: bool>(
    info: &DocInfo,
    sent: std::ops::Range<usize>,
    i: usize,
    out: &mut [u32; MAX_FEATURES],
) -> (usize, bool, Small) {
    let mut n = 0;
    macro_rules! push {
        ($t:expr, $v:expr $(,)?) => {{
            out[n] = key($t, $v);
            n += 1;
        }};
    }
    let t = &info.toks[i];
    let at = |k: isize| -> Option<&TokInfo> {
        let j = i as isize + k;
        (j >= sent.start as isize && j < sent.end as isize).then(|| &info.toks[j as usize])
    };
    let lower_of = |o: Option<&TokInfo>| o.map_or(EDGE, |t| t.lower);
    let shape_of = |o: Option<&TokInfo>| o.map_or(EDGE, |t| t.shape);
    let (m1, p1, m2, p2) = (at(-1), at(1), at(-2), at(2));
    let line = info.line_case[i] as u64;
    let initial = u64::from(info.sent_initial[i]);
    push!(T::Bias, 0);
    // Left to the caller: see `extract_rest`.
    let own_tabled = !ALL
        && t.common != Common::NONE
        && (is_plain(t, info.line_case[i])
            || (t.casing.init_cap || t.casing.all_caps) && info.line_case[i] != LineCase::AllCaps);
    // A plain lower-case word, number or punctuation mark in running text is almost never an
    // entity on its own: a few features decide it, which halves the lookups per token.
    // ("de", "von", "bin" inside names and "al-Assad" are told by these features too.)
    let mut push_own = |plain: bool, skip: usize| {
        let (keys, k) = own_keys_as(t, plain);
        out[n..n + k - skip].copy_from_slice(&keys[skip..k]);
        n += k - skip;
    };
    if is_plain(t, info.line_case[i]) {
        if !own_tabled {
            push_own(true, 0);
        }
        if ALL {
            push!(T::LowerM1, lower_of(m1));
            push!(T::LowerP1, lower_of(p1));
        }
        out[n] = shape3_key(m1, t, p1);
        n += 1;
        return (n, own_tabled, Small::default());
    }
    if !own_tabled {
        // In an ALL-CAPS line the exact form carries no casing information: use the lower
        // form (the exact form comes first).
        push_own(false, usize::from(info.line_case[i] == LineCase::AllCaps));
    }
    if ALL {
        push!(T::LowerM1, lower_of(m1));
        push!(T::LowerP1, lower_of(p1));
        push!(T::LowerM2, lower_of(m2));
        push!(T::LowerP2, lower_of(p2));
        push!(T::ShapeM1, shape_of(m1));
        push!(T::ShapeP1, shape_of(p1));
    }
    out[n] = shape3_key(m1, t, p1);
    n += 1;
    push!(T::BigramP, mix(t.lower ^ lower_of(p1).rotate_left(29)));
    let cap = u64::from(t.casing.init_cap) | u64::from(t.casing.all_caps) << 1;
    let gm = m1.map_or(0xffff, |t| t.gaz as u64);
    let gp = p1.map_or(0xffff, |t| t.gaz as u64);
    let seen = u64::from(info.seen(t));
    let small = Small {
        seen: (seen | initial << 2 | line << 3 | cap << 6) as u8,
        gaz: t.gaz,
        cap: cap as u8,
        line: line as u8,
        gaz_m1: gm as u16,
    };
    // (In the order training has always seen them.)
    if ALL {
        for b in 0..gaz::BITS {
            if t.gaz & (1 << b) != 0 {
                out[n] = gaz_bit_key(b, small.cap, small.line);
                n += 1;
            }
        }
    }
    push!(T::GazCtx, gm | gp << 16 | u64::from(t.gaz) << 32);
    let [seen_key, context_key] = seen_context_keys(small.seen);
    if ALL {
        out[n] = pair_gaz_m1_key(small.gaz_m1, small.cap);
        out[n + 1] = context_key;
        n += 2;
    }
    if GENRE {
        // In a sports report a place is often a team ("Arsenal", "Leicester", "HARTFORD 61").
        // In a business report an unknown word is often a company ("Kekkila said").
        let sport = u64::from(info.sport) | u64::from(info.business) << 63;
        push!(
            T::Genre,
            sport | u64::from(t.gaz) << 1 | cap << 12 | line << 14
        );
        push!(
            T::GenreClass,
            sport | u64::from(t.cluster()) << 1 | cap << 12
        );
    }
    if ALL {
        out[n] = seen_key;
        n += 1;
    }
    push!(
        T::LowerCtx,
        mix(t.lower ^ (initial | line << 1).wrapping_mul(0x1234_5678_9abc)),
    );
    if ALL && info.line_case[i] == LineCase::Normal {
        push!(T::WordM1, m1.map_or(EDGE, |t| t.word));
    }
    (n, own_tabled, small)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_hash_tells_tokens_apart() {
        // Every length bucket, repeated bytes (whose overlapping words agree) and near misses.
        let words = [
            "",
            "a",
            "aa",
            "aaa",
            "aaaa",
            "aaaaa",
            "aaaaaaaa",
            "aaaaaaaaa",
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaa",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abce",
            "Trump",
            "trump",
            "Trumps",
            "international",
            "internationaL",
            "Internationale",
            "1,000",
            "1,0000",
        ];
        let mut seen = std::collections::HashSet::new();
        for w in words {
            assert!(seen.insert(quick_hash(w.as_bytes())), "{w}");
            assert_eq!(
                quick_hash(w.as_bytes()),
                quick_hash(w.to_string().as_bytes())
            );
        }
        let common = Common::get();
        let the = common.lookup(b"the").expect("'the' is common");
        assert_eq!(the.word, hash_str("the"));
        assert!(common.lookup(b"Zqxvbnmwtk").is_none());
    }

    #[test]
    fn ascii_fast_paths_agree_with_general_ones() {
        for w in [
            "Moscow", "U.S.", "al-Assad", "1,000", "McDONALD", "x", "", "xAI", "eBay",
        ] {
            // The general paths run when a non-ASCII char is present; compare through one.
            let general = |s: &str| {
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for c in s.chars() {
                    for l in c.to_lowercase() {
                        let mut buf = [0u8; 4];
                        for &b in l.encode_utf8(&mut buf).as_bytes() {
                            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                        }
                    }
                }
                mix(h ^ SEED)
            };
            assert_eq!(hash_lower(w), general(w), "{w}");
            let (a, ca) = shape_ascii(w.as_bytes());
            let (b, cb) = {
                // shape() without its ASCII shortcut: feed the chars through the general loop
                // by appending and removing nothing; compare with a copy of the logic.
                let mut h: u64 = 0x51ab;
                let mut last = '\0';
                let mut c = Casing::default();
                let (mut letters, mut uppers, mut n) = (0, 0, 0);
                for (k, ch) in w.chars().enumerate() {
                    let class = if ch.is_uppercase() {
                        uppers += 1;
                        letters += 1;
                        c.init_cap |= k == 0;
                        'X'
                    } else if ch.is_lowercase() {
                        letters += 1;
                        c.has_lower = true;
                        'x'
                    } else if ch.is_ascii_digit() {
                        'd'
                    } else {
                        ch
                    };
                    if class != last {
                        h = mix(h ^ class as u64);
                        last = class;
                    }
                    n += 1;
                }
                c.all_caps = letters > 0 && uppers == letters;
                c.inner_cap = uppers > 0 && w.starts_with(char::is_lowercase);
                let bucket = match n {
                    0..=1 => 1,
                    2..=3 => 2,
                    4..=7 => 3,
                    _ => 4,
                };
                (mix(h ^ bucket), c)
            };
            assert_eq!(a, b, "{w}");
            assert_eq!(
                (ca.init_cap, ca.all_caps, ca.has_lower, ca.inner_cap),
                (cb.init_cap, cb.all_caps, cb.has_lower, cb.inner_cap)
            );
        }
    }

    #[test]
    fn one_pass_ascii_hashes_agree() {
        for w in [
            "", "a", "ab", "abc", "Abcd", "MOSCOW", "U.S.", "al-Assad", "1,000", "x-Ray",
        ] {
            let (shape, casing) = shape_ascii(w.as_bytes());
            let expected = [
                hash_str(w),
                hash_lower(w),
                affix_hash(w, 3, false, 1),
                affix_hash(w, 3, true, 3),
                affix_hash(w, 4, true, 4),
                shape,
            ];
            let (got, got_casing) = ascii_hashes(w.as_bytes());
            assert_eq!(got, expected, "{w}");
            assert_eq!(
                (
                    got_casing.init_cap,
                    got_casing.all_caps,
                    got_casing.has_lower,
                    got_casing.inner_cap
                ),
                (
                    casing.init_cap,
                    casing.all_caps,
                    casing.has_lower,
                    casing.inner_cap
                ),
                "{w}"
            );
        }
    }

    #[test]
    fn id_table_agrees_with_a_hash_map() {
        let mut table: IdTable<u32> = IdTable::with_capacity(3);
        let mut map: HashMap<u64, u32> = HashMap::new();
        // Key 0, keys that share home slots, and enough keys to grow several times.
        let keys = (0..2000u64).map(|k| if k % 7 == 0 { k << 58 } else { mix(k) });
        for (n, k) in keys.clone().chain(keys.clone().step_by(3)).enumerate() {
            let v = n as u32;
            *table.get_or_insert_with(k, |_| v) += 1;
            *map.entry(k).or_insert(v) += 1;
        }
        table.insert(12345, 9);
        map.insert(12345, 9);
        assert_eq!(table.len(), map.len());
        for k in keys.chain([12345, 1, 0xdead_beef]) {
            assert_eq!(table.get(k), map.get(&k).copied(), "{k}");
        }
    }

    #[test]
    fn key_numbers_count_keys_in_order() {
        let mut numbers = KeyNumbers::with_capacity(3);
        // Key 0, keys that share home slots (same top bits), and enough keys to grow.
        let keys: Vec<u64> = (0..3000u64)
            .map(|k| if k % 7 == 0 { k } else { mix(k) })
            .collect();
        for (n, &k) in keys.iter().enumerate() {
            assert_eq!(numbers.number(k), Some(n));
        }
        for (n, &k) in keys.iter().enumerate() {
            assert_eq!(numbers.number(k), Some(n));
            assert_eq!(numbers.get(k), Some(n));
        }
        assert_eq!(numbers.len(), keys.len());
        assert_eq!(numbers.get(mix(5000)), None);
    }

    #[test]
    fn hash_filter_keeps_every_key_added() {
        let mut filter = HashFilter::new();
        let keys: Vec<u64> = (0..500u64).map(mix).collect();
        for &k in &keys {
            filter.insert(k);
        }
        assert!(keys.iter().all(|&k| filter.may_contain(k)));
        // About 6 % of other keys get through (500 of 8,192 bits set).
        let others = (1000..11_000u64)
            .filter(|&k| filter.may_contain(mix(k)))
            .count();
        assert!(others < 1000, "{others}");
    }

    #[test]
    fn capitalised_are_every_token_with_a_capital() {
        let text = "SOCCER - JAPAN GET LUCKY WIN\nThe New York Times said on Tuesday that New \
            York City and Los Angeles County, U.S., met McDonald’s. \"Why?\" asked Ms. Ortiz. \
            Élodie Dupré left Zürich.";
        let doc = Doc::new(text);
        let info = DocInfo::new(&doc);
        let every: Vec<u32> = (0..doc.tokens.len())
            .filter(|&k| info.toks[k].casing.init_cap)
            .map(|k| k as u32)
            .collect();
        assert!(every.len() > 10);
        assert!(info.toks.iter().any(|t| t.gaz & gaz::PLACE_I != 0));
        assert_eq!(info.capitalised, every);
    }

    /// A text with a headline in capitals, a dateline, capitals mid-sentence and at sentence
    /// starts, rare words and numbers, for the tests of what `DocInfo::new` derives.
    const DERIVED: &str = "SOCCER - JAPAN GET LUCKY WIN 2-1\nLISBON — The minister of the \
        Interior said Zorblat and the zorblat league met at 10 a.m. on Tuesday. Zorblat \
        left. \"Why?\" asked Ms. Ortiz of Banco Zorblat, U.S. ALLIES AND Élodie Dupré.\n\
        How To Read The Tables Of Results Here\nthe end";

    #[test]
    fn facts_are_each_tokens_info_and_kind() {
        let doc = Doc::new(DERIVED);
        let info = DocInfo::new(&doc);
        assert_eq!(std::mem::size_of::<TokInfo>(), 64);
        assert_eq!(info.facts.len(), doc.tokens.len());
        for (k, t) in info.toks.iter().enumerate() {
            let want = fact::of(t) | fact::number(doc.tokens[k].kind);
            assert_eq!(info.facts[k], want, "{k} {:?}", doc.token_text(k));
        }
        assert!(info.facts.iter().any(|&f| f & fact::NUMBER != 0));
        assert!(info.facts.iter().any(|&f| f & fact::FUNCTION != 0));
    }

    #[test]
    fn keywords_are_the_tokens_of_a_keyword_s_length_and_first_byte() {
        let text = format!("{DERIVED} Interstate 5: #Zorblat counties, Apple and X.");
        let doc = Doc::new(&text);
        let info = DocInfo::new(&doc);
        let every: Vec<usize> = (0..doc.tokens.len())
            .filter(|&k| {
                let t = doc.token_text(k).as_bytes();
                super::super::is_keyword(t.len(), t.first().copied().unwrap_or(0))
            })
            .collect();
        assert!(every.len() >= 6, "{every:?}");
        assert_eq!(info.keywords, every);
    }

    #[test]
    fn seen_bits_are_those_of_each_sentence_s_words() {
        let doc = Doc::new(DERIVED);
        let info = DocInfo::new(&doc);
        // As a loop over each sentence's words sets them.
        let mut want: HashMap<u64, u8> = HashMap::new();
        for s in &doc.sentences {
            for k in s.tokens.clone() {
                let t = &info.toks[k];
                if !t.is_word {
                    continue;
                }
                let bit = if t.casing.has_lower && !t.casing.init_cap {
                    SEEN_LOWER
                } else if t.casing.init_cap
                    && t.casing.has_lower
                    && info.line_case[k] == LineCase::Normal
                    && !info.sent_initial[k]
                {
                    SEEN_CAP_MID
                } else {
                    continue;
                };
                *want.entry(t.lower).or_insert(0) |= bit;
            }
        }
        assert!(want.values().any(|&b| b == SEEN_LOWER | SEEN_CAP_MID));
        assert!(want.values().any(|&b| b == SEEN_CAP_MID));
        for (k, t) in info.toks.iter().enumerate().filter(|(_, t)| t.is_word) {
            let bits = want.get(&t.lower).copied().unwrap_or(0);
            assert_eq!(info.seen(t), bits, "{k} {:?}", doc.token_text(k));
        }
    }

    #[test]
    fn lower_hash_ignores_case() {
        assert_eq!(hash_lower("Moscow"), hash_lower("MOSCOW"));
        assert_ne!(hash_lower("Moscow"), hash_lower("Moscows"));
        assert_eq!(hash_lower("Élysée"), hash_lower("ÉLYSÉE"));
    }

    #[test]
    fn gazetteer_phrases_and_words() {
        let doc = Doc::new("He flew to New York and met John Smith in PARIS.");
        let info = DocInfo::new(&doc);
        let bits = |i: usize| info.toks[i].gaz;
        assert_ne!(bits(3) & gaz::PLACE_B, 0, "New");
        assert_ne!(bits(4) & gaz::PLACE_I, 0, "York");
        assert_ne!(bits(7) & gaz::FIRST, 0, "John");
        assert_ne!(bits(8) & gaz::SURNAME, 0, "Smith");
        assert_ne!(bits(10) & gaz::PLACE, 0, "PARIS");
    }

    #[test]
    fn headline_casing() {
        let doc = Doc::new("SOCCER - JAPAN GET LUCKY WIN\nJapan won on Friday.");
        let info = DocInfo::new(&doc);
        assert_eq!(info.line_case[0], LineCase::AllCaps);
        assert_eq!(info.line_case[doc.tokens.len() - 1], LineCase::Normal);
    }

    #[test]
    fn word_clusters_read_back_what_the_script_writes() {
        // Two fine classes, mid and coarse groups; keys 5 and 12 (gaps 5, 7), Rice R = 2:
        // 5 = 1·4 + 1 → bits 1 0 | 1 0; 7 = 1·4 + 3 → bits 1 0 | 1 1.
        let mut bytes = CLUSTERS_MAGIC.to_vec();
        bytes.extend(2u32.to_le_bytes());
        bytes.extend([24u8, 2]);
        bytes.extend(2u16.to_le_bytes());
        bytes.extend([7, 8, 1, 0]); // mid of classes 0 and 1, then coarse
        bytes.extend([1, 0]); // class of key 5, of key 12
        let stream: u8 = 0b1101_0101; // LSB first: 1,0,1,0, 1,0,1,1
        bytes.extend(1u32.to_le_bytes());
        bytes.push(stream);
        let c = WordClusters::parse(&bytes).unwrap();
        assert_eq!(c.len(), 2);
        let hash_of_key = |k: u64| k << 40; // top 24 bits
        assert_eq!(c.of(hash_of_key(5)), 2);
        assert_eq!(c.of(hash_of_key(12)), 1);
        assert_eq!(c.of(hash_of_key(6)), 0);
        assert_eq!((c.mid(2), c.coarse(2)), (9, 1));
        assert_eq!((c.mid(0), c.coarse(0)), (0, 0));
        // Truncated or foreign bytes are refused, never read out of bounds.
        for cut in 0..bytes.len() {
            assert!(
                WordClusters::parse(&bytes[..cut]).map_or(true, |c| c.is_empty()),
                "{cut}"
            );
        }
        assert!(WordClusters::parse(b"AHCL02\0\0rest").is_none());
    }

    #[test]
    fn embedded_word_classes_cover_news_words() {
        let c = WordClusters::get();
        assert!(c.len() > 50_000, "{}", c.len());
        for w in ["the", "minister", "London", "Merkel", "said", "Toyota"] {
            assert_ne!(c.of(hash_lower(w)), 0, "{w}");
        }
        // Case does not matter; a made-up word has no class.
        assert_eq!(c.of(hash_lower("PARIS")), c.of(hash_lower("paris")));
        assert_eq!(c.of(hash_lower("Zqxvbnmwtk")), 0);
    }

    #[test]
    fn features_fit_the_buffer() {
        let doc = Doc::new("New York Washington D.C. London Paris Smith John");
        let info = DocInfo::new(&doc);
        let mut buf = [0u32; MAX_FEATURES];
        for i in 0..doc.tokens.len() {
            let n = extract(&info, 0..doc.tokens.len(), i, &mut buf);
            assert!(n <= MAX_FEATURES && buf[..n].iter().all(|&k| k != 0));
        }
    }
}
