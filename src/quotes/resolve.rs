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
        }
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
            return want
                .iter()
                .find_map(|&label| earlier().find(|e| e.label == label).and_then(|e| e.cluster));
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
