//! Named entities: people (PER), organisations (ORG), places (LOC) and other names (MISC).
//!
//! [`Recognizer`] is the one interface the analyser calls. Today it runs the rule-based finder
//! in [`rules`]; a learned tagger plugs in behind the same `find`.

pub mod rules;

use crate::{Doc, Error, Span};
use serde::Serialize;
use std::fmt;

/// The CoNLL-2003 entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Label {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "MISC")]
    Misc,
}

impl Label {
    /// Every label, in a fixed order.
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    /// The short code used in data files and the DOM: "PER", "ORG", "LOC", "MISC".
    pub const fn code(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// The label in words, for readers: "Person", "Organisation", "Place", "Other name".
    pub const fn name(self) -> &'static str {
        match self {
            Label::Per => "Person",
            Label::Org => "Organisation",
            Label::Loc => "Place",
            Label::Misc => "Other name",
        }
    }

    /// Parses a code ("PER", …); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One entity mention.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Entity {
    /// Byte span of the name, without a leading "the", titles or a possessive ’s.
    pub span: Span,
    pub label: Label,
    /// Confidence in `[0, 1]`.
    pub score: f32,
    /// Index into [`crate::Analysis::clusters`], set by [`crate::clusters::build`].
    pub cluster: Option<usize>,
}

impl Entity {
    /// A mention with no cluster yet.
    pub fn new(span: Span, label: Label, score: f32) -> Entity {
        Entity { span, label, score, cluster: None }
    }
}

/// Finds entities in a [`Doc`].
#[derive(Debug)]
pub struct Recognizer {
    _private: (),
}

impl Recognizer {
    /// Loads what the finder needs.
    pub fn new() -> Result<Recognizer, Error> {
        Ok(Recognizer { _private: () })
    }

    /// Entities of `doc`, sorted by start and not overlapping.
    pub fn find(&self, doc: &Doc) -> Vec<Entity> {
        rules::find(doc)
    }
}
