//! Quotations and their speakers.

use crate::{Cluster, Doc, Entity, Span};
use serde::Serialize;

/// What kind of quotation a [`Quote`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QuoteKind {
    /// A whole statement in quotation marks.
    Statement,
    /// A phrase quoted inside the writer's own sentence ("called it “a con”").
    Partial,
    /// A later paragraph's segment of a quotation that spans paragraphs.
    Continued,
    /// Scare quotes, titles and nicknames ("the so-called “deal”"): not someone's words.
    Scare,
}

/// Who a quotation is attributed to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Speaker {
    /// The mention the quote is attributed to: a name, pronoun or noun phrase.
    pub span: Span,
    /// The entity cluster the mention refers to, when resolved.
    pub cluster: Option<usize>,
}

impl Speaker {
    /// A speaker mention with no resolved cluster.
    pub fn new(span: Span) -> Speaker {
        Speaker { span, cluster: None }
    }
}

/// One quotation segment (within one paragraph).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Quote {
    /// The segment including its quotation marks (or up to the paragraph end when unclosed).
    pub span: Span,
    /// The words inside the marks.
    pub content: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// Segments of one quotation that spans paragraphs share a group id.
    pub group: usize,
}

/// Finds the quotations of `doc`, sorted by start and not overlapping.
pub fn find(doc: &Doc, entities: &[Entity], clusters: &[Cluster]) -> Vec<Quote> {
    let _ = (doc, entities, clusters);
    Vec::new()
}
