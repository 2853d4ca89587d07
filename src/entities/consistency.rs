//! Document-level consistency: one name keeps one label, and later mentions of a name the
//! tagger found once are found again.
//!
//! News names someone in full once ("Yevgeny Prigozhin") and by surname afterwards
//! ("Prigozhin"); the tagger sees one sentence at a time and may miss or mislabel the short
//! form, especially at a sentence start or in a headline.

use super::features::{gaz, DocInfo, LineCase};
use super::tagger::token_span;
use super::Label;
use crate::text::Doc;
use std::collections::HashMap;

/// A mention as token indexes `[first, end)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mention {
    pub first: usize,
    pub end: usize,
    pub label: Label,
    pub score: f32,
}

/// Longest name (in tokens) looked for again in the rest of the document.
const MAX_REPEAT_TOKENS: usize = 4;
/// Confidence given to a mention found only by repeating an earlier one, relative to it.
const REPEAT_SCORE_FACTOR: f32 = 0.8;
/// Confidence of a repeat whose source mention's score is unknown (a headline's case).
const REPEAT_DEFAULT_SCORE: f32 = 0.6;
/// Every mention votes for its label with at least this weight, however unsure the tagger.
const MIN_VOTE: f32 = 0.05;

fn label_index(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

/// Makes labels consistent and adds missed repeats of names, keeping `mentions` sorted and
/// non-overlapping.
pub fn apply(doc: &Doc, info: &DocInfo, mentions: &mut Vec<Mention>) {
    if mentions.is_empty() {
        return;
    }
    let text = |m: &Mention| &doc.text[token_span(doc, m.first, m.end)];
    // Surnames of people named in full: "Prigozhin" of "Yevgeny Prigozhin".
    let mut votes: HashMap<&str, [f32; 4]> = HashMap::new();
    for m in mentions.iter() {
        votes.entry(text(m)).or_default()[label_index(m.label)] += m.score.max(MIN_VOTE);
        if m.label == Label::Per && m.end - m.first >= 2 {
            let last = doc.token_text(m.end - 1);
            if last.chars().next().is_some_and(char::is_uppercase) {
                // A full name is strong evidence for its surname.
                votes.entry(last).or_default()[label_index(Label::Per)] +=
                    2.0 * m.score.max(MIN_VOTE);
            }
        }
    }
    // Ties keep the mention's own label.
    let winner = |v: &[f32; 4], own: Label| {
        let mut best = label_index(own);
        for k in 0..4 {
            if v[k] > v[best] {
                best = k;
            }
        }
        Label::ALL[best]
    };
    // In an ALL-CAPS headline "PUTIN" is "Putin": compare those lines ignoring case.
    let mut lower_votes: HashMap<String, [f32; 4]> = HashMap::new();
    for (k, v) in &votes {
        let e = lower_votes.entry(k.to_lowercase()).or_default();
        e.iter_mut().zip(v).for_each(|(a, b)| *a += b);
    }
    let shouted = |i: usize| info.line_case[i] == LineCase::AllCaps;
    let lookup = |i: usize, key: &str| {
        if shouted(i) {
            lower_votes.get(&key.to_lowercase())
        } else {
            votes.get(key)
        }
    };
    for m in mentions.iter_mut() {
        if let Some(v) = lookup(m.first, &doc.text[token_span(doc, m.first, m.end)]) {
            m.label = winner(v, m.label);
        }
    }
    // Missed repeats: capitalised token runs equal to a name already found.
    let mut taken = vec![false; doc.tokens.len()];
    for m in mentions.iter() {
        taken[m.first..m.end].iter_mut().for_each(|t| *t = true);
    }
    let mut best_score: HashMap<&str, f32> = HashMap::new();
    for m in mentions.iter() {
        let s = best_score.entry(text(m)).or_insert(0.0);
        *s = s.max(m.score);
    }
    let mut added = Vec::new();
    for s in &doc.sentences {
        let r = s.tokens.clone();
        let mut i = r.start;
        while i < r.end {
            let t = &info.toks[i];
            let candidate = !taken[i]
                && t.is_word
                && t.casing.init_cap
                && t.gaz & (gaz::FUNCTION | gaz::TITLE) == 0;
            let mut matched = None;
            if candidate {
                for n in (1..=MAX_REPEAT_TOKENS.min(r.end - i)).rev() {
                    if taken[i..i + n].iter().any(|&t| t) {
                        continue;
                    }
                    let key = &doc.text[token_span(doc, i, i + n)];
                    if let Some(v) = lookup(i, key) {
                        let label = winner(v, Label::Per);
                        let score = best_score.get(key).copied().unwrap_or(REPEAT_DEFAULT_SCORE)
                            * REPEAT_SCORE_FACTOR;
                        matched = Some(Mention {
                            first: i,
                            end: i + n,
                            label,
                            score,
                        });
                        break;
                    }
                }
            }
            if let Some(m) = matched {
                added.push(m);
                i = m.end;
            } else {
                i += 1;
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.first);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::features::DocInfo;

    #[test]
    fn surname_follows_full_name() {
        let doc = Doc::new("Yevgeny Prigozhin spoke. Prigozhin left. Later Prigozhin ate.");
        let info = DocInfo::new(&doc);
        let mut m = vec![
            Mention {
                first: 0,
                end: 2,
                label: Label::Per,
                score: 0.9,
            },
            Mention {
                first: 4,
                end: 5,
                label: Label::Org,
                score: 0.6,
            },
        ];
        apply(&doc, &info, &mut m);
        let got: Vec<(&str, Label)> = m
            .iter()
            .map(|m| (&doc.text[token_span(&doc, m.first, m.end)], m.label))
            .collect();
        assert_eq!(
            got,
            [
                ("Yevgeny Prigozhin", Label::Per),
                ("Prigozhin", Label::Per),
                ("Prigozhin", Label::Per)
            ]
        );
    }
}
