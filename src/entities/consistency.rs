//! Document-level consistency: one name keeps one label, and later mentions of a name the
//! tagger found once are found again.
//!
//! News names someone in full once ("Yevgeny Prigozhin") and by surname afterwards
//! ("Prigozhin"); the tagger sees one sentence at a time and may miss or mislabel the short
//! form, especially at a sentence start or in a headline.

use super::features::{gaz, hash_lower, DocInfo, IdMap, LineCase};
use super::tagger::token_span;
use super::Label;
use crate::text::{Doc, TokenKind};
use rustc_hash::FxHashMap as HashMap;

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
/// The vote a person's full name that opens with a known given name gives its surname.
const GIVEN_NAME_SURNAME_VOTE: f32 = 10.0;
/// Last words that make a name a company's full name ("Veltrona Mining Corp", "Harlow AG"),
/// whose first word then votes ORG ([`apply`]).
const COMPANY_SUFFIXES: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "AG", "SA", "NV",
    "AB", "ASA", "SpA", "GmbH", "LLC", "Bhd",
];
/// In a sports report, an ORG or LOC the tagger is at least this sure of is not turned into
/// the other by the votes of the same name's other mentions.
const SPORT_SURE_PLACE_OR_TEAM: f32 = 0.7;
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
    let mut votes: HashMap<&str, [f32; 4]> = HashMap::default();
    // Surnames that are also function words ("May" of "Theresa May"): repeats of these are
    // looked for too, away from dates.
    let mut word_surnames: HashMap<&str, ()> = HashMap::default();
    // The keys of `votes` by first byte and length (bit `len.min(63)` of `keys[first]`): most
    // runs of capitalised tokens looked up below need no hashing to fail.
    let mut keys = [0u64; 256];
    let key_bit = |key: &str| {
        let first = key.as_bytes().first().copied().unwrap_or(0);
        (usize::from(first), 1u64 << key.len().min(63))
    };
    for m in mentions.iter() {
        let (first, bit) = key_bit(text(m));
        keys[first] |= bit;
        votes.entry(text(m)).or_default()[label_index(m.label)] += m.score.max(MIN_VOTE);
        if m.label == Label::Per && m.end - m.first >= 2 {
            let last = doc.token_text(m.end - 1);
            if last.chars().next().is_some_and(char::is_uppercase) {
                let (first, bit) = key_bit(last);
                keys[first] |= bit;
                // A full name is strong evidence for its surname; one that opens with a
                // known given name ("Maya Castellano-Pruitt") outweighs the surname's own
                // labels, however many ("Castellano-Pruitt" tagged ORG six times).
                let vote = if info.toks[m.first].gaz & gaz::FIRST != 0 {
                    GIVEN_NAME_SURNAME_VOTE
                } else {
                    4.0 * m.score.max(MIN_VOTE)
                };
                votes.entry(last).or_default()[label_index(Label::Per)] += vote;
                if info.toks[m.end - 1].gaz & gaz::FUNCTION != 0 {
                    word_surnames.insert(last, ());
                }
            }
        }
        // A company named in full votes ORG for its first word, the short name the story
        // goes on with ("Veltrona Mining Corp" → "Veltrona said", which the tagger read as a
        // person), unless that word is a place or nationality ("China National … Corp").
        if m.label == Label::Org
            && m.end - m.first >= 2
            && COMPANY_SUFFIXES.contains(&doc.token_text(m.end - 1))
        {
            let t = &info.toks[m.first];
            let not_short_name =
                gaz::FUNCTION | gaz::TITLE | gaz::PLACE | gaz::PLACE_B | gaz::DEMONYM;
            if t.is_word && t.casing.init_cap && t.gaz & not_short_name == 0 {
                let head = doc.token_text(m.first);
                let (first, bit) = key_bit(head);
                keys[first] |= bit;
                votes.entry(head).or_default()[label_index(Label::Org)] +=
                    2.0 * m.score.max(MIN_VOTE);
            }
        }
    }
    let dated = |i: usize| {
        let number = |k: usize| {
            doc.tokens
                .get(k)
                .is_some_and(|t| t.kind == TokenKind::Number)
        };
        let function = |k: usize| {
            k < doc.tokens.len()
                && info.toks[k].gaz & gaz::FUNCTION != 0
                && !info.toks[k].casing.init_cap
        };
        number(i + 1) || i > 0 && (number(i - 1) || function(i - 1))
    };
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
    // (Keyed by the hash of the lower-cased text: no string per name. Built on first use:
    // most articles have no such line.)
    let lower_votes: std::cell::OnceCell<IdMap<u64, [f32; 4]>> = std::cell::OnceCell::new();
    let lower_votes = || {
        lower_votes.get_or_init(|| {
            let mut lower_votes: IdMap<u64, [f32; 4]> =
                IdMap::with_capacity_and_hasher(votes.len(), Default::default());
            for (k, v) in &votes {
                let e = lower_votes.entry(hash_lower(k)).or_default();
                e.iter_mut().zip(v).for_each(|(a, b)| *a += b);
            }
            lower_votes
        })
    };
    let shouted = |i: usize| info.line_case[i] == LineCase::AllCaps;
    let lookup = |i: usize, key: &str| {
        if shouted(i) {
            lower_votes().get(&hash_lower(key))
        } else {
            votes.get(key)
        }
    };
    for m in mentions.iter_mut() {
        if let Some(v) = lookup(m.first, &doc.text[token_span(doc, m.first, m.end)]) {
            let label = winner(v, m.label);
            // In a sports report a place's name is a team in one line and a place in the
            // next ("BOSTON 70 55 .560" ORG, "TEXAS AT BOSTON" LOC): a sure ORG or
            // LOC keeps its label against the other's votes.
            let team_or_place = matches!(
                (m.label, label),
                (Label::Org, Label::Loc) | (Label::Loc, Label::Org)
            );
            if !(info.sport && team_or_place && m.score >= SPORT_SURE_PLACE_OR_TEAM) {
                m.label = label;
            }
        }
    }
    // Missed repeats: capitalised token runs equal to a name already found.
    let mut taken = vec![false; doc.tokens.len()];
    for m in mentions.iter() {
        taken[m.first..m.end].iter_mut().for_each(|t| *t = true);
    }
    let mut best_score: HashMap<&str, f32> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    for m in mentions.iter() {
        let s = best_score.entry(text(m)).or_insert(0.0);
        *s = s.max(m.score);
    }
    let mut added = Vec::new();
    // Only a token that starts with a capital can be a candidate: the others are passed over
    // by going through `DocInfo::capitalised` (`next` is the first entry not passed yet).
    let capitalised = &info.capitalised;
    let mut next = 0;
    for s in &doc.sentences {
        let r = s.tokens.clone();
        let mut i = r.start;
        while i < r.end {
            while capitalised.get(next).is_some_and(|&c| (c as usize) < i) {
                next += 1;
            }
            match capitalised.get(next) {
                Some(&c) if (c as usize) < r.end => i = c as usize,
                _ => break,
            }
            let t = &info.toks[i];
            let candidate = !taken[i]
                && t.is_word
                && t.casing.init_cap
                && t.gaz & gaz::TITLE == 0
                && (t.gaz & gaz::FUNCTION == 0
                    || word_surnames.contains_key(doc.token_text(i)) && !dated(i));
            let mut matched = None;
            if candidate {
                for n in (1..=MAX_REPEAT_TOKENS.min(r.end - i)).rev() {
                    if taken[i..i + n].iter().any(|&t| t) {
                        continue;
                    }
                    let key = &doc.text[token_span(doc, i, i + n)];
                    // Outside ALL-CAPS lines a key is found as written: its first byte and
                    // length must be a name's.
                    let (first, bit) = key_bit(key);
                    if !shouted(i) && keys[first] & bit == 0 {
                        continue;
                    }
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

/// True when a gazetteer backs `m` even in a headline: every token a place, one demonym, or a
/// two-word person whose first word is a known given name ("Rebecca Thorne").
fn gazetteer_backed(info: &DocInfo, m: &Mention) -> bool {
    let toks = &info.toks[m.first..m.end];
    let single = |bits: u16| toks.len() == 1 && toks[0].gaz & bits != 0;
    single(gaz::PLACE | gaz::DEMONYM)
        || toks.len() > 1
            && toks[0].gaz & gaz::PLACE_B != 0
            && toks[1..].iter().all(|t| t.gaz & gaz::PLACE_I != 0)
        || m.label == Label::Per && toks.len() == 2 && toks[0].gaz & gaz::FIRST != 0
}

/// Fewest capitalised words that make a first line a Title Case headline.
const TITLE_CASE_MIN_WORDS: usize = 4;

/// True when tokens `range` read as a Title Case headline: at least four capitalised words
/// and no lower-case word but short function words ("of", "the"), a possessive ’s and brands
/// with an inner capital ("iPhone").
fn is_title_case_line(doc: &Doc, info: &DocInfo, range: std::ops::Range<usize>) -> bool {
    let mut capitalised = 0;
    for k in range {
        let t = &info.toks[k];
        if !t.is_word {
            continue;
        }
        let word = doc.token_text(k);
        if t.casing.init_cap && t.casing.has_lower {
            capitalised += 1;
        } else if t.casing.has_lower {
            let short_function = t.gaz & gaz::FUNCTION != 0 && word.chars().count() <= 4;
            // A brand written with an inner capital ("iPhone", "eBay") keeps its case.
            let brand = word.chars().any(char::is_uppercase);
            if !(short_function || brand || matches!(word, "’s" | "'s")) {
                return false;
            }
        }
    }
    capitalised >= TITLE_CASE_MIN_WORDS
}

/// Drops the tagger's guesses in a Title Case headline (the first paragraph) unless a
/// gazetteer backs them; [`apply`] then finds again the names that the article's body
/// confirms.
///
/// In a Title Case headline every word is capitalised, and CoNLL-2003, the training data, has
/// none (its headlines are ALL CAPS), so the tagger reads "One Tweet Sums Up The Absurd Double
/// Standard" as a name. Names in a headline are nearly always named again in the body, where
/// casing is informative. Later Title Case lines in CoNLL text are name lists and tables.
///
/// Later paragraphs count too when they read as a web page's subheads, not a list or a table:
/// Title Case with a short word capitalised after the first, [`SUBHEAD_MIN_TOKENS`] tokens or
/// more, no number, comma or parenthesis, outside sports reports, with a paragraph after them
/// ("Trump Booed After Telling Jeb Bush To Pipe Down" in a live blog, where the tagger read
/// "Trump Booed" as a name).
///
/// Returns the headlines' tokens that were read as Title Case, for [`headline_repeats`].
pub fn drop_unsupported_headline(
    doc: &Doc,
    info: &DocInfo,
    mentions: &mut Vec<Mention>,
) -> Vec<std::ops::Range<usize>> {
    let mut headlines = Vec::new();
    // A one-paragraph text has no body to confirm anything.
    if doc.paragraphs.len() < 2 {
        return headlines;
    }
    let tokens_of = |p: &crate::text::Paragraph| {
        let a = doc.sentences.get(p.sentences.start)?;
        let b = doc.sentences.get(p.sentences.end.wrapping_sub(1))?;
        Some(a.tokens.start..b.tokens.end)
    };
    let last = doc.paragraphs.len() - 1;
    for (k, p) in doc.paragraphs[..last].iter().enumerate() {
        let Some(range) = tokens_of(p) else { continue };
        // A headline capitalises its short words ("Sides With … On …"); a company's name or a
        // photo credit on a line of its own does not ("Morgan Stanley and Co Inc",
        // "Jane Doe via Getty Images").
        let capitalised_function_word = |t: usize| {
            let i = &info.toks[t];
            i.gaz & gaz::FUNCTION != 0 && i.casing.init_cap && i.casing.has_lower
        };
        let subhead = k == 0
            || !info.sport
                && range.len() >= SUBHEAD_MIN_TOKENS
                && range.clone().skip(1).any(capitalised_function_word)
                && range.clone().all(|t| {
                    doc.tokens[t].kind != crate::TokenKind::Number
                        && !matches!(doc.token_text(t), "," | "(" | ")")
                });
        if subhead && is_title_case_line(doc, info, range.clone()) {
            headlines.push(range);
        }
    }
    if !headlines.is_empty() {
        mentions.retain(|m| {
            !headlines.iter().any(|h| h.contains(&m.first)) || gazetteer_backed(info, m)
        });
    }
    headlines
}

/// Tokens a later paragraph needs to be read as a subhead ([`drop_unsupported_headline`]).
const SUBHEAD_MIN_TOKENS: usize = 5;

/// Names of a Title Case headline that the body names, found after the rules that run after
/// [`apply`]: "Apple Unveils Cheaper iPhone" over "Apple on Tuesday unveiled …", where the
/// body's "Apple" comes from a rule, not the tagger. The longest run of the headline's
/// capitalised words (up to [`MAX_REPEAT_TOKENS`]) written as a body mention takes its label;
/// so does one word that ends a longer body mention of a person ("Musk" of "Elon Musk") or a
/// plural one of an organisation in a sports report ("Chiefs" of "Kansas City Chiefs"; not
/// "Court" of "Supreme Court" or "News" of "Fox News").
pub fn headline_repeats(
    doc: &Doc,
    info: &DocInfo,
    headline: std::ops::Range<usize>,
    mentions: &mut Vec<Mention>,
) {
    let text = |first: usize, end: usize| &doc.text[token_span(doc, first, end)];
    let mut body: HashMap<&str, Label> = HashMap::default();
    // The body: every mention outside the headline (a subhead has text before it too).
    let outside = |m: &&Mention| !headline.contains(&m.first);
    for m in mentions.iter().filter(outside) {
        let last = doc.token_text(m.end - 1);
        let ends_name = m.end - m.first > 1
            && match m.label {
                Label::Per => true,
                Label::Org => info.sport && last.len() > 3 && last.ends_with('s'),
                _ => false,
            };
        if ends_name {
            body.entry(last).or_insert(m.label);
        }
    }
    for m in mentions.iter().filter(outside) {
        body.insert(text(m.first, m.end), m.label);
    }
    let mut taken = vec![false; headline.len()];
    for m in mentions
        .iter()
        .filter(|m| m.first < headline.end && m.end > headline.start)
    {
        for k in m.first.max(headline.start)..m.end.min(headline.end) {
            taken[k - headline.start] = true;
        }
    }
    let mut added = Vec::new();
    let mut i = headline.start;
    while i < headline.end {
        let free = |k: usize| !taken[k - headline.start];
        let longest = (1..=MAX_REPEAT_TOKENS.min(headline.end - i))
            .rev()
            .filter(|&n| (i..i + n).all(free))
            .find_map(|n| body.get(text(i, i + n)).map(|&label| (n, label)));
        match longest {
            Some((n, label)) => {
                added.push(Mention {
                    first: i,
                    end: i + n,
                    label,
                    score: REPEAT_DEFAULT_SCORE * REPEAT_SCORE_FACTOR,
                });
                i += n;
            }
            None => i += 1,
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

#[cfg(test)]
mod headline_tests {
    use crate::Analyzer;

    fn names(text: &str) -> Vec<String> {
        let a = Analyzer::new().unwrap().analyze(text);
        a.entities
            .iter()
            .map(|e| format!("{}|{}", &text[e.span], e.label))
            .collect()
    }

    #[test]
    fn title_case_headline_keeps_only_confirmed_names() {
        let got = names("Hillary Clinton Goes After Donald Trump As The New Angela Merkel.\n\nHillary Clinton said Donald Trump was like Angela Merkel.");
        assert_eq!(
            &got[..3],
            [
                "Hillary Clinton|PER",
                "Donald Trump|PER",
                "Angela Merkel|PER"
            ],
            "{got:?}"
        );
        let got = names("One Tweet Sums Up The Absurd Double Standard Clinton And Trump Face\n\nHillary Clinton and Donald Trump debated.");
        // The surnames are named in the body; the rest of the headline is not a name.
        assert_eq!(
            got,
            [
                "Clinton|PER",
                "Trump|PER",
                "Hillary Clinton|PER",
                "Donald Trump|PER"
            ],
            "{got:?}"
        );
    }
}
