//! Linking a speaker mention to the entity cluster it names.

use super::words::{self, PronounKind};
use crate::{Cluster, Doc, Entity, Label, Span};
use rustc_hash::FxHashMap as HashMap;

/// How many entities before a mention a pronoun or noun phrase looks back through: bounds the
/// work per quote, so resolution stays linear on any input.
const LOOK_BACK: usize = 200;

/// Resolves speaker mentions of one text to entity clusters. Built once per text by
/// [`Resolver::new`].
pub struct Resolver<'a> {
    doc: &'a Doc<'a>,
    entities: &'a [Entity],
    clusters: &'a [Cluster],
    /// Last word of each cluster name → the cluster ("Putin" → "Vladimir Putin").
    by_last_word: HashMap<&'a str, usize>,
    /// Per cluster, the text's evidence that the person is a man (> 0) or a woman (< 0);
    /// worked out on the first gendered pronoun ([`Resolver::genders`]).
    genders: std::cell::OnceCell<Vec<i32>>,
}

/// A pronoun's gender: `he`, `him`, `his` (1), `she`, `her`, `hers` (-1), else 0.
fn pronoun_gender(lower: &str) -> i32 {
    match lower {
        "he" | "him" | "his" | "himself" => 1,
        "she" | "her" | "hers" | "herself" => -1,
        _ => 0,
    }
}

impl<'a> Resolver<'a> {
    pub fn new(doc: &'a Doc<'a>, entities: &'a [Entity], clusters: &'a [Cluster]) -> Resolver<'a> {
        let mut by_last_word =
            HashMap::with_capacity_and_hasher(clusters.len(), Default::default());
        for c in clusters {
            // The word after the last space, for names with one (a byte search: names are
            // short, and a space is one byte).
            let last_space = c.name.bytes().rposition(|b| b == b' ');
            if let Some(last) = last_space.map(|k| &c.name[k + 1..]) {
                by_last_word.entry(last).or_insert(c.id);
            }
        }
        Resolver {
            doc,
            entities,
            clusters,
            by_last_word,
            genders: std::cell::OnceCell::new(),
        }
    }

    /// Gender evidence per cluster, from two plain signs: a courtesy title right before a
    /// mention ("Mr. Becker", "Ms. Reyes"), and a gendered pronoun right after a mention and
    /// a speech verb or at the start of the next sentence when the mention opened its own
    /// ("Becker said he …", "Reyes laughed. She …"). Linear in the text.
    fn genders(&self) -> &[i32] {
        self.genders.get_or_init(|| {
            let doc = self.doc;
            let mut votes = vec![0i32; self.clusters.len()];
            let word = |k: usize| doc.tokens.get(k).map_or("", |t| &doc.text[t.span]);
            for e in self.entities {
                let (Some(c), Label::Per) = (e.cluster, e.label) else {
                    continue;
                };
                let first = doc.tokens.partition_point(|t| t.span.start < e.span.start);
                let end = doc.tokens.partition_point(|t| t.span.start < e.span.end);
                if first > 0 {
                    votes[c] += 3 * match word(first - 1) {
                        "Mr." | "Mr" => 1,
                        "Mrs." | "Mrs" | "Ms." | "Ms" | "Miss" => -1,
                        _ => 0,
                    };
                }
                // "Becker said he …", "Becker told reporters she …" is no sign: only right
                // after "said" / "says".
                if matches!(word(end), "said" | "says") {
                    votes[c] += pronoun_gender(word(end + 1));
                }
                // "Reyes laughed. She …": the mention opens its sentence and the next one
                // opens with a pronoun.
                let s = doc.sentences.partition_point(|s| s.tokens.end <= first);
                if let Some(sentence) = doc.sentences.get(s) {
                    if sentence.tokens.start == first {
                        if let Some(next) = doc.sentences.get(s + 1) {
                            let lower = crate::text::lower_or_same(word(next.tokens.start));
                            votes[c] += pronoun_gender(lower.as_str());
                        }
                    }
                }
            }
            votes
        })
    }

    /// The cluster a speaker mention refers to:
    /// - a mention that overlaps an entity takes that entity's cluster (a lone surname the
    ///   cluster of the full name that ends with it);
    /// - "who"/"which" take the entity right before them ("Obama, who called …");
    /// - a pronoun takes the most recent fitting entity before it ("he" → the last person,
    ///   "they" → the last organisation, else person);
    /// - a noun phrase ("the ministry") takes the most recent organisation whose name ends
    ///   with the phrase's last word ("Chinese Foreign Ministry");
    /// - a name the entity finder missed takes a cluster whose name ends with it ("Putin").
    pub fn cluster(&self, mention: Span) -> Option<usize> {
        let entities = self.entities;
        // Entities are sorted and do not overlap, so their ends are sorted too.
        let first_after = entities.partition_point(|e| e.span.start < mention.end);
        let before = &entities[..first_after];
        if let Some(c) = before
            .iter()
            .rev()
            .take_while(|e| e.span.end > mention.start)
            .find_map(|e| e.cluster)
        {
            // A lone surname with a cluster of its own ("Merkel") names the full name's
            // cluster ("Angela Merkel") when the article has one.
            let name = self.clusters.get(c).map_or("", |c| c.name.as_str());
            return Some(if name.contains(' ') {
                c
            } else {
                self.by_last_word.get(name).copied().unwrap_or(c)
            });
        }
        let earlier = || {
            before
                .iter()
                .rev()
                .filter(|e| e.span.end <= mention.start)
                .take(LOOK_BACK)
        };
        let text = &self.doc.text[mention];
        let lower = crate::text::lower_or_same(text);
        // "Obama, who called …": the entity the relative pronoun follows.
        if matches!(lower.as_str(), "who" | "which") {
            return earlier().next().and_then(|e| e.cluster);
        }
        if let Some(&kind) = words::pronouns().get(lower.as_str()) {
            let want: &[Label] = match kind {
                PronounKind::Person => &[Label::Per],
                PronounKind::Group => &[Label::Org, Label::Per],
            };
            // "she" passes over a man the text has called "he" or "Mr.", and "he" over a
            // woman.
            let gender = pronoun_gender(lower.as_str());
            let fits = |e: &&Entity| {
                gender == 0
                    || e.label != Label::Per
                    || e.cluster
                        .and_then(|c| self.genders().get(c))
                        .map_or(true, |&g| g * gender >= 0)
            };
            return want.iter().find_map(|&label| {
                earlier()
                    .filter(fits)
                    .find(|e| e.label == label)
                    .and_then(|e| e.cluster)
            });
        }
        let head = text.rsplit(' ').next().unwrap_or(text);
        if text.chars().next().is_some_and(char::is_lowercase) {
            return earlier()
                .filter(|e| e.label == Label::Org)
                .find(|e| {
                    self.doc.text[e.span]
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| w.eq_ignore_ascii_case(head))
                })
                .and_then(|e| e.cluster);
        }
        self.by_last_word.get(head).copied()
    }
}
