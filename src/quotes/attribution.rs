//! Finding the mention a quotation is attributed to, from the tokens around it.
//!
//! Every search looks at a bounded window of tokens next to the quote (named constants below),
//! so attribution adds at most a constant amount of work per quote.

use super::words;
use crate::text::TokenKind;
use crate::{Doc, Span};

/// Tokens after a quote searched for a speech verb ("“…,” the foreign ministry spokesman said").
const AFTER_WINDOW: usize = 14;
/// A verb this close after the quote is a tight attribution (`“…,” X said`), preferred over
/// a verb before the quote.
const TIGHT_AFTER: usize = 5;
/// Tokens before a quote searched for a speech verb, "according to" or a colon.
const BEFORE_WINDOW: usize = 40;
/// Longest speaker mention, in tokens.
const MAX_MENTION: usize = 12;
/// Longest appositive skipped between a speaker and its verb ("Clinton, who spoke Tuesday, said").
const MAX_APPOSITIVE: usize = 16;
/// Longest name before a colon lead-in ("Marco Rubio: ‘…’").
const MAX_COLON_LEAD: usize = 6;

/// Where an attribution was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Right after the quote: `“…,” X said`, `“…” — X`.
    TightAfter(Span),
    /// Before the quote: `X said: “…”`, `according to X, “…”`, `X called it “a con”`.
    Before(Span),
    /// After the quote but further away: `… his “revolution” will end, Sanders said`.
    LooseAfter(Span),
}

impl Found {
    pub fn span(self) -> Span {
        match self {
            Found::TightAfter(s) | Found::Before(s) | Found::LooseAfter(s) => s,
        }
    }
}

/// Token view of a [`Doc`] with the lookups attribution needs.
pub struct Tokens<'d, 't> {
    pub doc: &'d Doc<'t>,
    /// Index of the headline paragraph, where speech verbs are capitalised ("Says").
    pub headline_span: Option<Span>,
}

impl<'d, 't> Tokens<'d, 't> {
    fn text(&self, i: usize) -> &'t str {
        self.doc.token_text(i)
    }

    fn is_word(&self, i: usize) -> bool {
        self.doc.tokens[i].kind != TokenKind::Punct
    }

    fn in_headline(&self, i: usize) -> bool {
        self.headline_span.is_some_and(|h| h.contains(self.doc.tokens[i].span))
    }

    /// Lower-case form for list lookups: lists hold lower-case words; capitalised words match
    /// only in the headline (title case) — elsewhere "Said" is a name.
    fn lookup_form(&self, i: usize) -> Option<String> {
        let t = self.text(i);
        if t.chars().next().is_some_and(char::is_uppercase) && !self.in_headline(i) {
            return None;
        }
        Some(t.to_lowercase())
    }

    pub fn is_verb(&self, i: usize) -> bool {
        self.is_word(i) && self.lookup_form(i).is_some_and(|w| words::speech_verbs().contains(&w))
    }

    fn is_participle(&self, i: usize) -> bool {
        self.is_word(i) && self.lookup_form(i).is_some_and(|w| words::speech_participles().contains(&w))
    }

    fn is_skip(&self, i: usize) -> bool {
        words::skip_words().contains(self.text(i))
    }

    fn is_stop(&self, i: usize) -> bool {
        let t = self.text(i);
        words::stop_words().contains(t) || t.chars().next().is_some_and(char::is_uppercase) && words::stop_words().contains(&*t.to_lowercase()) && !self.is_capitalised_name_start(i)
    }

    /// A capitalised stop word at a sentence start ("That", "In") is a stop; elsewhere a
    /// capitalised word is part of a name.
    fn is_capitalised_name_start(&self, i: usize) -> bool {
        i > 0 && self.doc.tokens[i - 1].kind == TokenKind::Word
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        matches!(self.text(i), "“" | "”" | "\"" | "‘" | "«" | "»" | "„" | "「" | "」")
    }

    /// True for tokens that may sit inside a mention: words, numbers, possessive ’s,
    /// hyphens and the dots of abbreviations.
    fn in_mention(&self, i: usize) -> bool {
        if self.is_word(i) {
            return !self.is_verb(i) && !self.is_participle(i) && !self.is_stop(i);
        }
        matches!(self.text(i), "’s" | "'s" | "-" | "&" | "’" | "'")
    }

    /// The mention ending at token `last` (inclusive), scanning back no further than `lo`:
    /// adverbs and auxiliaries next to the verb are skipped first.
    fn mention_back(&self, last: usize, lo: usize) -> Option<Span> {
        let mut end = last as isize;
        while end >= lo as isize && self.is_skip(end as usize) {
            end -= 1;
        }
        if end < lo as isize {
            return None;
        }
        let end = end as usize;
        let mut start = end + 1;
        while start > lo && end + 1 - (start - 1) <= MAX_MENTION && self.in_mention(start - 1) {
            start -= 1;
        }
        self.words_span(start, end + 1)
    }

    /// The mention starting at token `first`, ending before `hi`.
    fn mention_forward(&self, first: usize, hi: usize) -> Option<Span> {
        let mut i = first;
        while i < hi && !self.is_word(i) {
            i += 1;
        }
        let start = i;
        // A leading determiner is part of the mention ("the ministry").
        while i < hi && i - start < MAX_MENTION && (self.in_mention(i) || i == start && self.is_word(i) && !self.is_verb(i)) {
            i += 1;
        }
        self.words_span(start, i)
    }

    /// The span from the first to the last word token of `start..end`, when there is one.
    fn words_span(&self, start: usize, end: usize) -> Option<Span> {
        let first = (start..end).find(|&i| self.is_word(i))?;
        let last = (start..end).rev().find(|&i| self.is_word(i))?;
        Some(Span::new(self.doc.tokens[first].span.start, self.doc.tokens[last].span.end))
    }

    /// The sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> std::ops::Range<usize> {
        let k = self.doc.sentences.partition_point(|s| s.tokens.start <= i);
        k.checked_sub(1).map_or(0..0, |k| self.doc.sentences[k].tokens.clone())
    }

    /// An attribution after the quote that ends before token `qe`: tokens `qe..hi`.
    pub fn after(&self, qe: usize, hi: usize) -> Option<Found> {
        let hi = hi.min(qe + AFTER_WINDOW).min(self.doc.tokens.len());
        let mut i = qe;
        while i < hi && !self.is_word(i) {
            // Dash attribution: “…” — X.
            if matches!(self.text(i), "—" | "–" | "--" | "-" | "―") {
                return self.mention_forward(i + 1, hi).map(Found::TightAfter);
            }
            if self.is_quote_mark(i) {
                return None;
            }
            i += 1;
        }
        let start = i;
        for v in start..hi {
            if self.is_quote_mark(v) {
                return None;
            }
            if self.text(v) == "according" && v + 1 < hi && self.text(v + 1) == "to" {
                let m = self.mention_forward(v + 2, hi)?;
                return Some(if v - start < TIGHT_AFTER { Found::TightAfter(m) } else { Found::LooseAfter(m) });
            }
            if !self.is_verb(v) {
                continue;
            }
            let tight = v - start < TIGHT_AFTER;
            if v == start {
                // “…,” said X
                return self.mention_forward(v + 1, hi).map(if tight { Found::TightAfter } else { Found::LooseAfter });
            }
            // The first comma-separated chunk when it reads as the speaker (“…,” X, a
            // spokesman, said), else the last chunk before the verb (…, Sanders said).
            let first_comma = (start..v).find(|&k| self.text(k) == ",");
            let found = match first_comma {
                None => self.mention_back(v - 1, start),
                Some(c) => {
                    let last_comma = (start..v).rev().find(|&k| self.text(k) == ",").unwrap_or(c);
                    let first_chunk = self.mention_back(c.saturating_sub(1).max(start), start).filter(|_| c > start);
                    let first_ok = first_chunk.is_some() && (start..c).all(|k| self.in_mention(k) || self.is_skip(k));
                    if first_ok {
                        first_chunk
                    } else if last_comma + 1 < v {
                        self.mention_back(v - 1, last_comma + 1)
                    } else {
                        first_chunk
                    }
                }
            };
            return found.map(if tight { Found::TightAfter } else { Found::LooseAfter });
        }
        None
    }

    /// An attribution before the quote that starts at token `qs`, within tokens `lo..qs`.
    pub fn before(&self, lo: usize, qs: usize) -> Option<Found> {
        let lo = lo.max(qs.saturating_sub(BEFORE_WINDOW));
        let mut colon = None;
        for v in (lo..qs).rev() {
            let t = self.text(v);
            if t == ":" && colon.is_none() {
                colon = Some(v);
            }
            if t == "according" && v + 1 < qs && self.text(v + 1) == "to" {
                return self.mention_forward(v + 2, qs).map(Found::Before);
            }
            if self.is_verb(v) {
                if let Some(m) = self.subject_of(v, lo) {
                    return Some(Found::Before(m));
                }
                // Inverted: said Trump: “…”
                if colon.is_some() {
                    if let Some(m) = self.mention_forward(v + 1, colon.unwrap_or(qs)) {
                        return Some(Found::Before(m));
                    }
                }
                return self.sentence_subject(lo, v).map(Found::Before);
            }
            if self.is_participle(v) {
                return self.sentence_subject(lo, v).map(Found::Before);
            }
        }
        // Colon lead-ins without a verb: "From the ministry: “…”", "Marco Rubio: ‘…’".
        let c = colon?;
        if c > lo && self.text(lo).eq_ignore_ascii_case("from") {
            return self.mention_forward(lo + 1, c).map(Found::Before);
        }
        if c - lo <= MAX_COLON_LEAD && c > lo {
            return self.mention_back(c - 1, lo).map(Found::Before);
        }
        None
    }

    /// The speaker before the verb at `v`: "Trump said", "the ministry later said",
    /// "Clinton, who spoke Tuesday, said".
    fn subject_of(&self, v: usize, lo: usize) -> Option<Span> {
        if v == lo {
            return None;
        }
        if self.text(v - 1) == "," {
            // Skip one appositive back to the comma that opens it.
            let stop = v.saturating_sub(MAX_APPOSITIVE).max(lo);
            let open = (stop..v - 1).rev().find(|&k| self.text(k) == ",")?;
            return (open > lo).then(|| self.mention_back(open - 1, lo)).flatten();
        }
        self.mention_back(v - 1, lo)
    }

    /// The first mention of the sentence that starts at `lo`, before `hi`, skipping an
    /// opening phrase that ends in a comma ("On Tuesday, Trump …").
    fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Span> {
        let mut start = lo;
        if start < hi && self.is_stop(start) {
            start = (start..hi.min(start + MAX_MENTION)).find(|&k| self.text(k) == ",")? + 1;
        }
        self.mention_forward(start, hi)
    }
}
