//! Name clusters: mentions of one person, organisation or place grouped under one name.
//!
//! Rules, in the order they apply to each mention (in text order, full names first):
//! 1. Aliases from `data/gazetteer/aliases.txt` map a mention to its canonical name
//!    ("U.S." → "United States"), which also becomes the cluster's name.
//! 2. Mentions with the same text (ignoring case: "SHEARER" in a headline) share a cluster.
//! 3. A one-word person mention joins the person whose full name ends with it ("Putin" →
//!    "Vladimir Putin"); when several do, the one mentioned most recently before it.
//! 4. A bare first name ("Alan") joins only when exactly one full name in the article has it.
//! 5. An acronym joins the one multi-word name whose initials it spells ("EU" → "European
//!    Union"), and a one-word organisation the one organisation name it starts ("Acme" →
//!    "Acme Group").
//!
//! A cluster's label is the label most of its mentions carry; its name is the canonical alias
//! or else its longest mention.

use crate::entities::features::{hash_lower, IdMap};
use crate::{Doc, Entity, Label};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A group of entity mentions that name the same thing.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Cluster {
    /// Index of this cluster in [`crate::Analysis::clusters`].
    pub id: usize,
    /// The canonical name: the alias target or the longest mention ("Vladimir Putin").
    pub name: String,
    pub label: Label,
    /// Indexes into [`crate::Analysis::entities`], in text order.
    pub mentions: Vec<usize>,
}

/// Shortest and longest acronym matched against initials.
const ACRONYM_LEN: std::ops::RangeInclusive<usize> = 2..=6;

/// The alias table: alias → canonical name.
fn aliases() -> &'static HashMap<&'static str, &'static str> {
    static A: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    A.get_or_init(|| {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/gazetteer/aliases.txt"
        ))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
    })
}

/// The canonical name of an alias ("U.S." → "United States"), if it is one.
///
/// ```
/// assert_eq!(article_highlighter::clusters::canonical_alias("U.S."), Some("United States"));
/// assert_eq!(article_highlighter::clusters::canonical_alias("Moscow"), None);
/// ```
pub fn canonical_alias(name: &str) -> Option<&'static str> {
    aliases().get(name).copied()
}

struct Builder<'t> {
    /// The longest mention so far (mixed case preferred to a headline's capitals).
    name: &'t str,
    alias: Option<&'static str>,
    votes: [usize; 4],
    /// Words of the longest mention: a range of the words of all mentions (no vector per
    /// builder).
    words: std::ops::Range<usize>,
    last_at: usize,
}

fn label_index(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

/// Hash of the initials of the capitalised words ("European Union" → hash of "EU").
fn initials(words: &[&str]) -> u64 {
    let mut buf = [0u8; 4];
    let mut h = FNV_START;
    for c in words.iter().filter_map(|w| w.chars().next()) {
        if c.is_uppercase() {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h = fnv(h, b);
            }
        }
    }
    h
}

/// Hash of a string's bytes, as [`initials`] hashes its letters.
fn exact(s: &str) -> u64 {
    s.bytes().fold(FNV_START, fnv)
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

fn is_acronym(s: &str) -> bool {
    ACRONYM_LEN.contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Groups `entities` (sorted by start) into clusters, setting each entity's `cluster`.
///
/// Mentions are compared by hashes of their lower-cased text (64 bits: a collision in an
/// article's few thousand names is beyond unlikely), which keeps this to a handful of
/// allocations per cluster rather than per mention.
///
/// ```
/// use article_highlighter::Analyzer;
/// let a = Analyzer::new().unwrap().analyze("President Vladimir Putin spoke. Putin later left the U.S. for Moscow.");
/// let putin = &a.clusters[a.entities[1].cluster.unwrap()];
/// assert_eq!(putin.name, "Vladimir Putin");
/// assert_eq!(putin.mentions, [0, 1]);
/// ```
pub fn build(doc: &Doc, entities: &mut [Entity]) -> Vec<Cluster> {
    let mut builders: Vec<Builder> = Vec::with_capacity(entities.len());
    let mut by_key: IdMap<u64, usize> = IdMap::default();
    let text_of = |e: &Entity| &doc.text[e.span];
    // The words of every mention, split once: mention `i` has `pool[spans[i]]`.
    let mut pool: Vec<&str> = Vec::with_capacity(2 * entities.len());
    let spans: Vec<std::ops::Range<usize>> = entities
        .iter()
        .map(|e| {
            let at = pool.len();
            split_words(text_of(e), usize::MAX, &mut pool);
            at..pool.len()
        })
        .collect();
    // Full names first, so that short mentions before them ("Putin" in a headline) find them:
    // mentions of two words or more, then of one, then of none, each in text order (counted
    // into place, not sorted).
    let mut order: Vec<usize> = Vec::with_capacity(entities.len());
    for n in [2, 1, 0] {
        order.extend((0..entities.len()).filter(|&i| spans[i].len().min(2) == n));
    }
    let mut assigned = vec![usize::MAX; entities.len()];
    let mut index: Option<Index> = None;
    by_key.reserve(entities.len());
    for &i in &order {
        let e = &entities[i];
        let text = text_of(e);
        let alias = canonical_alias(text);
        let key = hash_lower(alias.unwrap_or(text));
        let words = &pool[spans[i].clone()];
        let mut target = by_key.get(&key).copied();
        if target.is_none() && words.len() == 1 {
            // Every multi-word mention has been placed (see `order`): index those names once.
            let index = index.get_or_insert_with(|| Index::new(&builders, &pool));
            target = match_short(&builders, index, words[0], e.label, e.span.start);
        }
        let b = match target {
            Some(b) => b,
            None => {
                builders.push(Builder {
                    name: text,
                    alias,
                    votes: [0; 4],
                    words: spans[i].clone(),
                    last_at: 0,
                });
                builders.len() - 1
            }
        };
        by_key.entry(key).or_insert(b);
        let bl = &mut builders[b];
        bl.votes[label_index(e.label)] += 1;
        bl.last_at = bl.last_at.max(e.span.start);
        if alias.is_none()
            && (words.len() > bl.words.len()
                || words.len() == bl.words.len() && is_shouting(bl.name) && !is_shouting(text))
        {
            bl.name = text;
            bl.words = spans[i].clone();
        }
        if bl.alias.is_none() {
            bl.alias = alias;
        }
        assigned[i] = b;
    }
    // Number clusters by first mention: in text order, a builder not met before is the next
    // cluster. Every builder has a mention (the one that made it).
    let mut id_of = vec![usize::MAX; builders.len()];
    let mut count = vec![0usize; builders.len()];
    let mut by_id: Vec<usize> = Vec::with_capacity(builders.len());
    for &b in &assigned {
        if id_of[b] == usize::MAX {
            id_of[b] = by_id.len();
            by_id.push(b);
        }
        count[b] += 1;
    }
    let mut clusters: Vec<Cluster> = by_id
        .iter()
        .enumerate()
        .map(|(id, &b)| {
            let bl = &builders[b];
            let mut best = 0;
            for k in 1..4 {
                if bl.votes[k] > bl.votes[best] {
                    best = k;
                }
            }
            Cluster {
                id,
                name: bl.alias.unwrap_or(bl.name).to_string(),
                label: Label::ALL[best],
                mentions: Vec::with_capacity(count[b]),
            }
        })
        .collect();
    // Mentions in text order, as they are sorted.
    for (i, e) in entities.iter_mut().enumerate() {
        let id = id_of[assigned[i]];
        e.cluster = Some(id);
        clusters[id].mentions.push(i);
    }
    clusters
}

/// The words of `s` (split at white space, as `str::split_whitespace` does), at most `max`,
/// added to `out`. ASCII text (most names) is split byte by byte.
fn split_words<'s>(s: &'s str, max: usize, out: &mut Vec<&'s str>) {
    if !s.is_ascii() {
        out.extend(s.split_whitespace().take(max));
        return;
    }
    // The ASCII chars `char::is_whitespace` accepts: tab, line feed, vertical tab, form feed,
    // carriage return and space.
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = s.as_bytes();
    let mut at = 0;
    let mut taken = 0;
    while taken < max {
        while at < bytes.len() && space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        let start = at;
        while at < bytes.len() && !space(bytes[at]) {
            at += 1;
        }
        out.push(&s[start..at]);
        taken += 1;
    }
}

fn is_shouting(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

/// Multi-word names by lower-cased last word, first word and initials (hashed), so that
/// one-word mentions find theirs in constant time (a long article has thousands of mentions).
#[derive(Default)]
struct Index {
    person_last: IdMap<u64, Ids>,
    person_first: IdMap<u64, Ids>,
    initials: IdMap<u64, Ids>,
    org_first: IdMap<u64, Ids>,
}

/// The builders under one key of an [`Index`], in the order added: mostly one, which needs no
/// vector.
enum Ids {
    One([usize; 1]),
    Many(Vec<usize>),
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::Many(Vec::new())
    }
}

impl Ids {
    fn push(&mut self, b: usize) {
        match self {
            Ids::Many(v) if v.is_empty() => *self = Ids::One([b]),
            Ids::Many(v) => v.push(b),
            Ids::One([a]) => *self = Ids::Many(vec![*a, b]),
        }
    }

    fn as_slice(&self) -> &[usize] {
        match self {
            Ids::One(one) => one,
            Ids::Many(v) => v,
        }
    }
}

impl Index {
    fn new(builders: &[Builder], pool: &[&str]) -> Index {
        let n = builders.len();
        let map = || IdMap::with_capacity_and_hasher(n, Default::default());
        let mut index = Index {
            person_last: map(),
            person_first: map(),
            initials: map(),
            org_first: map(),
        };
        for (b, bl) in builders.iter().enumerate() {
            let words = &pool[bl.words.clone()];
            let (Some(&first), Some(&last)) = (words.first(), words.last()) else {
                continue;
            };
            if words.len() < 2 {
                continue;
            }
            if bl.votes[label_index(Label::Per)] > 0 {
                index
                    .person_last
                    .entry(hash_lower(last))
                    .or_default()
                    .push(b);
                index
                    .person_first
                    .entry(hash_lower(first))
                    .or_default()
                    .push(b);
            }
            if bl.votes[label_index(Label::Org)] > 0 {
                index
                    .org_first
                    .entry(hash_lower(first))
                    .or_default()
                    .push(b);
            }
            index.initials.entry(initials(words)).or_default().push(b);
        }
        index
    }
}

/// The cluster a one-word mention `word` belongs to by rules 3-5, if any.
fn match_short(
    builders: &[Builder],
    index: &Index,
    word: &str,
    label: Label,
    at: usize,
) -> Option<usize> {
    let lower = hash_lower(word);
    let only = |v: Option<&Ids>| v.map(Ids::as_slice).filter(|v| v.len() == 1).map(|v| v[0]);
    if label == Label::Per {
        // Surname: the most recent person before `at` whose name ends with it, else any.
        if let Some(surname) = index.person_last.get(&lower).map(Ids::as_slice) {
            let before = surname
                .iter()
                .filter(|&&b| builders[b].last_at <= at)
                .max_by_key(|&&b| builders[b].last_at);
            return before.or(surname.first()).copied();
        }
        return only(index.person_first.get(&lower));
    }
    if is_acronym(word) {
        if let Some(b) = only(index.initials.get(&exact(word))) {
            return Some(b);
        }
    }
    if label == Label::Org {
        return only(index.org_first.get(&lower));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn clusters(text: &str, names: &[(&str, Label)]) -> (Vec<Entity>, Vec<Cluster>) {
        let doc = Doc::new(text);
        let mut from = 0;
        let mut ents: Vec<Entity> = names
            .iter()
            .map(|&(n, l)| {
                let s = from + text[from..].find(n).unwrap();
                from = s + n.len();
                Entity::new(Span::new(s, s + n.len()), l, 0.9)
            })
            .collect();
        let c = build(&doc, &mut ents);
        (ents, c)
    }

    #[test]
    fn words_split_as_split_whitespace_splits_them() {
        for s in [
            "",
            " ",
            "Putin",
            "Vladimir  Putin ",
            "\tA\x0bB\x0cC\rD\nE F\x1cG\x1fH",
            " São Paulo\u{a0}FC\u{85}x ",
            "U.S. Department of State",
        ] {
            for max in [0, 1, 2, usize::MAX] {
                let mut got = Vec::new();
                split_words(s, max, &mut got);
                let want: Vec<&str> = s.split_whitespace().take(max).collect();
                assert_eq!(got, want, "{s:?} {max}");
            }
        }
    }

    #[test]
    fn surname_and_alias() {
        let (e, c) = clusters(
            "Putin: Vladimir Putin went to the U.S., and the United States welcomed Putin.",
            &[
                ("Putin", Label::Per),
                ("Vladimir Putin", Label::Per),
                ("U.S.", Label::Loc),
                ("United States", Label::Loc),
                ("Putin", Label::Per),
            ],
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].name, "Vladimir Putin");
        assert_eq!(c[0].mentions, [0, 1, 4]);
        assert_eq!(c[1].name, "United States");
        assert_eq!(e[2].cluster, e[3].cluster);
    }

    #[test]
    fn bare_first_name_needs_one_owner() {
        let (e, _) = clusters(
            "Alan Shearer and Alan Smith met. Alan left.",
            &[
                ("Alan Shearer", Label::Per),
                ("Alan Smith", Label::Per),
                ("Alan", Label::Per),
            ],
        );
        assert_ne!(e[2].cluster, e[0].cluster);
        assert_ne!(e[2].cluster, e[1].cluster);
        let (e, _) = clusters(
            "Alan Shearer met Tony Adams. Alan left.",
            &[
                ("Alan Shearer", Label::Per),
                ("Tony Adams", Label::Per),
                ("Alan", Label::Per),
            ],
        );
        assert_eq!(e[2].cluster, e[0].cluster);
    }

    #[test]
    fn acronym_and_headline_case() {
        let (e, c) = clusters(
            "SHEARER NAMED. The European Union and the EU agreed with Alan Shearer.",
            &[
                ("SHEARER", Label::Per),
                ("European Union", Label::Org),
                ("EU", Label::Org),
                ("Alan Shearer", Label::Per),
            ],
        );
        assert_eq!(e[0].cluster, e[3].cluster);
        assert_eq!(e[1].cluster, e[2].cluster);
        assert_eq!(c[e[0].cluster.unwrap()].name, "Alan Shearer");
        assert_eq!(c[e[2].cluster.unwrap()].name, "European Union");
    }
}
