//! Name clusters: mentions of one person, organisation or place grouped under one name.

use crate::{Doc, Entity, Label};

/// A group of entity mentions that name the same thing.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Cluster {
    /// Index of this cluster in [`crate::Analysis::clusters`].
    pub id: usize,
    /// The canonical name: the longest full mention ("Vladimir Putin" for "Putin").
    pub name: String,
    pub label: Label,
    /// Indexes into [`crate::Analysis::entities`], in text order.
    pub mentions: Vec<usize>,
}

/// Groups `entities` into clusters, setting each entity's `cluster`. Identical mention texts
/// with the same label share a cluster.
pub fn build(doc: &Doc, entities: &mut [Entity]) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_key: std::collections::HashMap<(&str, Label), usize> = std::collections::HashMap::new();
    for (i, e) in entities.iter_mut().enumerate() {
        let name = &doc.text[e.span];
        let id = *by_key.entry((name, e.label)).or_insert_with(|| {
            clusters.push(Cluster { id: clusters.len(), name: name.to_string(), label: e.label, mentions: Vec::new() });
            clusters.len() - 1
        });
        clusters[id].mentions.push(i);
        e.cluster = Some(id);
    }
    clusters
}
