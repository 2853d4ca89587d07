//! The rule-based entity finder: capitalised runs, titles, organisation words, gazetteers.
//!
//! It is the fallback and the baseline the learned tagger is measured against; its decisions
//! are deliberately simple and each one is named below.

use super::{Entity, Label};
use crate::lexicon;
use crate::text::{Doc, TokenKind};
use crate::Span;

/// Confidence given to every rule-based mention: the rules do not rank their guesses.
const RULE_SCORE: f32 = 0.5;

/// Lower-case words allowed inside a name between capitalised words: "Bank of England",
/// "Charles de Gaulle", "Ursula von der Leyen", "Mohammed bin Salman".
const CONNECTORS: &[&str] = &[
    "of", "de", "von", "der", "van", "den", "bin", "ibn", "al", "la", "le", "du", "del", "della",
    "da", "dos", "&",
];

fn is_capitalised(doc: &Doc, i: usize) -> bool {
    doc.tokens[i].kind == TokenKind::Word
        && doc
            .token_text(i)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Entities of `doc` found by rules, sorted and not overlapping.
pub fn find(doc: &Doc) -> Vec<Entity> {
    let mut out = Vec::new();
    for para in &doc.paragraphs {
        for s in para.sentences.clone() {
            let sentence = &doc.sentences[s];
            let range = sentence.tokens.clone();
            let words = range
                .clone()
                .filter(|&i| doc.tokens[i].kind == TokenKind::Word)
                .count();
            let shouting = words >= 4
                && range
                    .clone()
                    .filter(|&i| doc.tokens[i].kind == TokenKind::Word)
                    .all(|i| is_all_caps(doc.token_text(i)));
            let mut i = range.start;
            while i < range.end {
                if !is_capitalised(doc, i) {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < range.end {
                    if is_capitalised(doc, j) {
                        j += 1;
                    } else if CONNECTORS.contains(&doc.token_text(j))
                        && j + 1 < range.end
                        && is_capitalised(doc, j + 1)
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                let is_first_of_paragraph = s == para.sentences.start && i == range.start;
                if let Some(e) =
                    classify(doc, i, j, i == range.start, is_first_of_paragraph, shouting)
                {
                    out.push(e);
                }
                i = j;
            }
        }
    }
    out
}

/// Decides whether tokens `[i, j)` (a capitalised run) name something, and what.
fn classify(
    doc: &Doc,
    mut i: usize,
    j: usize,
    sentence_start: bool,
    paragraph_start: bool,
    shouting: bool,
) -> Option<Entity> {
    let text = |a: usize, b: usize| &doc.text[doc.tokens[a].span.start..doc.tokens[b - 1].span.end];
    // "The", "But", "In": capitalised because they start a sentence, never part of a name.
    while i < j && lexicon::function_words().contains(&crate::text::lowercase(doc.token_text(i))) {
        i += 1;
    }
    if i >= j {
        return None;
    }
    let last = doc.token_text(j - 1);
    if lexicon::org_words().contains(last) && j - i >= 2 {
        return Some(entity(doc, i, j, Label::Org));
    }
    let mut titled = false;
    while i < j && lexicon::is_title(doc.token_text(i)) {
        i += 1;
        titled = true;
    }
    if i >= j {
        return None;
    }
    let name = text(i, j);
    let next = doc.tokens.get(j).map(|t| &doc.text[t.span]);
    let first_word = doc.token_text(i);
    let label = if lexicon::places().contains(name) {
        Label::Loc
    } else if j - i == 1 && lexicon::demonyms().contains(name) {
        Label::Misc
    } else if titled || lexicon::first_names().contains(first_word) {
        Label::Per
    } else if paragraph_start
        && is_all_caps(name)
        && matches!(next, Some("," | "(" | "-" | "—" | "–"))
    {
        // A dateline: "TAIPEI, Taiwan —", "LONDON (Reuters) -".
        Label::Loc
    } else if shouting || (sentence_start && j - i == 1) {
        return None;
    } else if j - i == 1 && is_all_caps(name) && name.chars().count() >= 2 {
        Label::Org
    } else {
        Label::Per
    };
    Some(entity(doc, i, j, label))
}

fn entity(doc: &Doc, i: usize, j: usize, label: Label) -> Entity {
    Entity::new(
        Span::new(doc.tokens[i].span.start, doc.tokens[j - 1].span.end),
        label,
        RULE_SCORE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Label)> {
        let doc = Doc::new(text);
        find(&doc)
            .into_iter()
            .map(|e| (text[e.span].to_string(), e.label))
            .collect()
    }

    #[test]
    fn titles_stay_outside_person_spans() {
        assert_eq!(
            found("He met Deputy Foreign Minister Andrei Rudenko today."),
            [("Andrei Rudenko".into(), Label::Per)]
        );
    }

    #[test]
    fn the_and_possessive_stay_outside() {
        let f = found("The talks in Moscow’s suburbs involved the Acme Group.");
        assert_eq!(
            f,
            [
                ("Moscow".into(), Label::Loc),
                ("Acme Group".into(), Label::Org)
            ]
        );
    }

    #[test]
    fn dateline_is_a_place() {
        let f = found("TAIPEI, Taiwan — Officials met.");
        assert_eq!(f[0], ("TAIPEI".into(), Label::Loc));
        assert_eq!(f[1], ("Taiwan".into(), Label::Loc));
    }

    #[test]
    fn demonyms_are_misc() {
        assert_eq!(
            found("a Chinese delegation"),
            [("Chinese".into(), Label::Misc)]
        );
    }
}
