//! Linking a speaker mention to the entity cluster it names.

use super::words::{self, PronounKind};
use crate::{Cluster, Doc, Entity, Label, Span};

/// The cluster a speaker mention refers to:
/// - a mention that overlaps an entity takes that entity's cluster;
/// - a pronoun takes the most recent fitting entity before it ("he" → the last person);
/// - a noun phrase ("the ministry") takes the most recent organisation whose name ends with
///   the phrase's last word ("Chinese Foreign Ministry");
/// - a name the entity finder missed takes a cluster whose name contains it.
pub fn cluster(doc: &Doc, entities: &[Entity], clusters: &[Cluster], mention: Span) -> Option<usize> {
    // Entities are sorted by start: everything from `first_after` on starts at or after the
    // mention's end.
    let first_after = entities.partition_point(|e| e.span.start < mention.end);
    let overlapping = entities[..first_after].iter().rev().take_while(|e| e.span.end > mention.start || e.span.start >= mention.start);
    if let Some(c) = overlapping.filter(|e| e.span.overlaps(mention)).find_map(|e| e.cluster) {
        return Some(c);
    }
    let text = &doc.text[mention];
    let lower = text.to_lowercase();
    let earlier = || entities[..first_after].iter().rev().filter(|e| e.span.end <= mention.start);
    if let Some(&kind) = words::pronouns().get(lower.as_str()) {
        let want = match kind {
            PronounKind::Person => &[Label::Per][..],
            PronounKind::Group => &[Label::Org, Label::Per][..],
        };
        for label in want {
            if let Some(c) = earlier().find(|e| e.label == *label).and_then(|e| e.cluster) {
                return Some(c);
            }
        }
        return None;
    }
    let head = text.rsplit(' ').next().unwrap_or(text);
    if text.chars().next().is_some_and(char::is_lowercase) {
        // "the ministry" → the most recent ORG whose name ends in "Ministry".
        return earlier()
            .filter(|e| e.label == Label::Org)
            .find(|e| {
                doc.text[e.span].rsplit(' ').next().is_some_and(|w| w.eq_ignore_ascii_case(head))
            })
            .and_then(|e| e.cluster);
    }
    // A name the entity finder missed: a cluster whose name ends with it ("Putin").
    clusters
        .iter()
        .find(|c| c.name.ends_with(head) && c.name.len() > head.len() && c.name.as_bytes()[c.name.len() - head.len() - 1] == b' ')
        .map(|c| c.id)
}
