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

struct Builder {
    /// The longest mention so far (mixed case preferred to a headline's capitals).
    name: String,
    alias: Option<&'static str>,
    votes: [usize; 4],
    mentions: Vec<usize>,
    /// Words of the longest mention.
    words: Vec<String>,
    last_at: usize,
}

fn label_index(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn is_acronym(s: &str) -> bool {
    ACRONYM_LEN.contains(&s.chars().count()) && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Groups `entities` (sorted by start) into clusters, setting each entity's `cluster`.
///
/// ```
/// use article_highlighter::Analyzer;
/// let a = Analyzer::new().unwrap().analyze("President Vladimir Putin spoke. Putin later left the U.S. for Moscow.");
/// let putin = &a.clusters[a.entities[1].cluster.unwrap()];
/// assert_eq!(putin.name, "Vladimir Putin");
/// assert_eq!(putin.mentions, [0, 1]);
/// ```
pub fn build(doc: &Doc, entities: &mut [Entity]) -> Vec<Cluster> {
    let mut builders: Vec<Builder> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let words_of = |e: &Entity| -> Vec<String> {
        doc.text[e.span]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    // Full names first, so that short mentions before them ("Putin" in a headline) find them.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(doc.text[entities[i].span].split_whitespace().count().min(2)),
            i,
        )
    });
    let mut assigned = vec![usize::MAX; entities.len()];
    let mut index: Option<Index> = None;
    for &i in &order {
        let e = &entities[i];
        let text = &doc.text[e.span];
        let alias = canonical_alias(text);
        let key = alias.unwrap_or(text).to_lowercase();
        let words = words_of(e);
        let mut target = by_key.get(&key).copied();
        if target.is_none() && words.len() == 1 {
            // Every multi-word mention has been placed (see `order`): index those names once.
            let index = index.get_or_insert_with(|| Index::new(&builders));
            target = match_short(&builders, index, &words[0], e.label, e.span.start);
        }
        let b = match target {
            Some(b) => b,
            None => {
                builders.push(Builder {
                    name: text.to_string(),
                    alias,
                    votes: [0; 4],
                    mentions: Vec::new(),
                    words: words.clone(),
                    last_at: 0,
                });
                builders.len() - 1
            }
        };
        by_key.entry(key).or_insert(b);
        let bl = &mut builders[b];
        bl.votes[label_index(e.label)] += 1;
        bl.mentions.push(i);
        bl.last_at = bl.last_at.max(e.span.start);
        if alias.is_none()
            && (words.len() > bl.words.len()
                || words.len() == bl.words.len() && is_shouting(&bl.name) && !is_shouting(text))
        {
            bl.name = text.to_string();
            bl.words = words;
        }
        if bl.alias.is_none() {
            bl.alias = alias;
        }
        assigned[i] = b;
    }
    // Number clusters by first mention.
    let mut first: Vec<(usize, usize)> = builders
        .iter()
        .enumerate()
        .map(|(b, bl)| (bl.mentions.iter().copied().min().unwrap_or(0), b))
        .collect();
    first.sort_unstable();
    let mut id_of = vec![0; builders.len()];
    for (id, &(_, b)) in first.iter().enumerate() {
        id_of[b] = id;
    }
    let mut clusters: Vec<Cluster> = first
        .iter()
        .enumerate()
        .map(|(id, &(_, b))| {
            let bl = &builders[b];
            let mut best = 0;
            for k in 1..4 {
                if bl.votes[k] > bl.votes[best] {
                    best = k;
                }
            }
            let mut mentions = bl.mentions.clone();
            mentions.sort_unstable();
            Cluster {
                id,
                name: bl.alias.map_or_else(|| bl.name.clone(), str::to_string),
                label: Label::ALL[best],
                mentions,
            }
        })
        .collect();
    for (i, e) in entities.iter_mut().enumerate() {
        e.cluster = Some(id_of[assigned[i]]);
    }
    clusters.shrink_to_fit();
    clusters
}

fn is_shouting(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

/// Multi-word names by lower-cased last word, first word and initials, so that one-word
/// mentions find theirs in constant time (a long article has thousands of mentions).
#[derive(Default)]
struct Index {
    person_last: HashMap<String, Vec<usize>>,
    person_first: HashMap<String, Vec<usize>>,
    initials: HashMap<String, Vec<usize>>,
    org_first: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(builders: &[Builder]) -> Index {
        let mut index = Index::default();
        for (b, bl) in builders.iter().enumerate() {
            let (Some(first), Some(last)) = (bl.words.first(), bl.words.last()) else {
                continue;
            };
            if bl.words.len() < 2 {
                continue;
            }
            if bl.votes[label_index(Label::Per)] > 0 {
                index
                    .person_last
                    .entry(last.to_lowercase())
                    .or_default()
                    .push(b);
                index
                    .person_first
                    .entry(first.to_lowercase())
                    .or_default()
                    .push(b);
            }
            if bl.votes[label_index(Label::Org)] > 0 {
                index
                    .org_first
                    .entry(first.to_lowercase())
                    .or_default()
                    .push(b);
            }
            index
                .initials
                .entry(initials(&bl.words))
                .or_default()
                .push(b);
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
    let lower = word.to_lowercase();
    let only = |v: Option<&Vec<usize>>| v.filter(|v| v.len() == 1).map(|v| v[0]);
    if label == Label::Per {
        // Surname: the most recent person before `at` whose name ends with it, else any.
        if let Some(surname) = index.person_last.get(&lower) {
            let before = surname
                .iter()
                .filter(|&&b| builders[b].last_at <= at)
                .max_by_key(|&&b| builders[b].last_at);
            return before.or(surname.first()).copied();
        }
        return only(index.person_first.get(&lower));
    }
    if is_acronym(word) {
        if let Some(b) = only(index.initials.get(word)) {
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
