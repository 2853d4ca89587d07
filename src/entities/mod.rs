//! Named entities: people (PER), organisations (ORG), places (LOC) and other names (MISC).
//!
//! [`Recognizer`] is the one interface the analyser calls. It runs the learned tagger
//! ([`tagger`], features in [`features`], model in `data/model/ner.bin`, see MODEL.md), then
//! makes labels consistent across the document ([`consistency`]). The rule-based finder in
//! [`rules`] is the fallback when no model is embedded.

pub mod consistency;
pub mod features;
pub mod rules;
pub mod tagger;

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
        Entity {
            span,
            label,
            score,
            cluster: None,
        }
    }
}

/// The embedded model, written by `cargo run --release --bin train` (see MODEL.md).
const MODEL_BYTES: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/ner.bin"));

/// Temperature turning a tagger margin into a confidence: margin / T through a logistic.
/// With 1.0, on conll2003-dev, mentions scored 0.9+ are 98% right, 0.8–0.9 92%, 0.6–0.7 73%.
const MARGIN_TEMPERATURE: f32 = 1.0;

/// Finds entities in a [`Doc`].
#[derive(Debug)]
pub struct Recognizer {
    model: tagger::Model,
    /// Run the document-level pass ([`consistency`]); on unless switched off for measuring.
    consistent: bool,
}

impl Recognizer {
    /// Loads the embedded model and gazetteers. Fails only if the model bytes are corrupt.
    pub fn new() -> Result<Recognizer, Error> {
        Recognizer::from_model_bytes(MODEL_BYTES)
    }

    /// A recognizer running the model in `bytes` (the format of [`tagger`]); an empty slice
    /// gives the rule-based fallback.
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Recognizer, Error> {
        let model = if bytes.is_empty() {
            tagger::Model::empty()
        } else {
            tagger::Model::from_bytes(bytes).map_err(Error::Model)?
        };
        features::Gazetteer::get();
        Ok(Recognizer {
            model,
            consistent: true,
        })
    }

    /// A recognizer running `model` (used by the trainer to score a model it holds).
    pub fn from_model(model: tagger::Model) -> Recognizer {
        Recognizer {
            model,
            consistent: true,
        }
    }

    /// The same recognizer without the document-level pass (to measure what it adds).
    pub fn without_consistency(self) -> Recognizer {
        Recognizer {
            consistent: false,
            ..self
        }
    }

    /// Entities of `doc`, sorted by start and not overlapping.
    pub fn find(&self, doc: &Doc) -> Vec<Entity> {
        if self.model.is_empty() {
            return rules::find(doc);
        }
        let info = features::DocInfo::new(doc);
        let tagged = self.model.tag_doc(doc, &info);
        let mut found: Vec<consistency::Mention> = tagger::spans(&tagged.tags)
            .into_iter()
            .map(|(i, j, label)| {
                let margin =
                    tagged.margins[i..j]
                        .iter()
                        .fold(f32::INFINITY, |m, &x| if x < m { x } else { m });
                consistency::Mention {
                    first: i,
                    end: j,
                    label,
                    score: confidence(margin),
                }
            })
            .collect();
        trim_mentions(doc, &info, &mut found);
        found.retain(|m| m.end > m.first);
        if self.consistent {
            consistency::drop_unsupported_headline(doc, &info, &mut found);
            consistency::apply(doc, &info, &mut found);
        }
        found
            .into_iter()
            .map(|m| Entity::new(tagger::token_span(doc, m.first, m.end), m.label, m.score))
            .collect()
    }
}

/// Keeps a leading "the" out of every span and titles out of person spans ("Prince Mohammed
/// bin Salman" → "Mohammed bin Salman"), as the data's conventions require (FORMAT.md); the
/// tagger learned them from Reuters text but misses titles that are rare there.
///
/// An abbreviated title ("Mr.", "Dr.", "Gen.") also makes the rest a person, whatever the
/// tagger said ("Mr. Macron" once came out as ORG).
fn trim_mentions(doc: &Doc, info: &features::DocInfo, found: &mut [consistency::Mention]) {
    // Only a lower-case "the": "The Hague" and "The Times" keep theirs.
    let the = features::hash_str("the");
    for m in found.iter_mut() {
        while m.end - m.first > 1 {
            let t = &info.toks[m.first];
            let is_title = t.gaz & features::gaz::TITLE != 0;
            if is_title && doc.token_text(m.first).ends_with('.') {
                m.label = Label::Per;
            }
            if is_title && m.label == Label::Per || t.word == the {
                m.first += 1;
            } else {
                break;
            }
        }
        // Ordinals, months and weekdays are never a name alone ("Third" in a headline); nor
        // is the month "May" after a preposition or before a number ("in May", "May 5").
        if m.end - m.first == 1 {
            let word = doc.token_text(m.first);
            let prev_function = m.first > 0
                && info.toks[m.first - 1].gaz & features::gaz::FUNCTION != 0
                && info.toks[m.first - 1].casing.has_lower
                && !info.toks[m.first - 1].casing.init_cap;
            let next_number = doc
                .tokens
                .get(m.end)
                .is_some_and(|t| t.kind == crate::TokenKind::Number);
            let month_may = word.eq_ignore_ascii_case("may") && (prev_function || next_number);
            if month_may || not_alone().contains(crate::text::lowercase(word).as_str()) {
                m.end = m.first;
                continue;
            }
        }
        // Never runs across a dash: "LISBON — Dock workers" is a dateline and a sentence, and
        // the tagger once joined them. No CoNLL-2003 train or dev name contains a dash token.
        if let Some(k) =
            (m.first + 1..m.end).find(|&k| matches!(doc.token_text(k), "—" | "–" | "-" | "--"))
        {
            m.end = k;
        }
        // Nor ends with a quote mark or comma ("Corp." keeps its dot: the data's
        // spans include it though the tokenizer may split it off).
        while m.end - m.first > 1
            && matches!(
                doc.token_text(m.end - 1),
                "“" | "”" | "\"" | "‘" | "’" | "'" | "," | ";" | ":"
            )
        {
            m.end -= 1;
        }
    }
}

crate::lexicon::word_set!(
    /// Lower-case words never tagged as a name on their own (`data/gazetteer/not-alone.txt`).
    not_alone, "data/gazetteer/not-alone.txt");

/// Maps a tagger margin (best tag score minus the runner-up) to `[0, 1]`.
fn confidence(margin: f32) -> f32 {
    1.0 / (1.0 + (-margin / MARGIN_TEMPERATURE).exp())
}
