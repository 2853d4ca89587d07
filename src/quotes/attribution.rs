//! Finding the mention a quotation is attributed to, from the tokens around it.
//!
//! Every search looks at a bounded window of tokens next to the quote (named constants below),
//! so attribution adds at most a constant amount of work per quote.

use super::{words, Evidence};
use crate::text::{lower_or_same, LowerOrSame, TokenKind};
use crate::{Doc, Entity, Label, Span};
use std::cell::Cell;

/// Tokens after a quote searched for a speech verb ("“…,” the foreign ministry spokesman said").
const AFTER_WINDOW: usize = 24;
/// Tokens after a quote within which a speech verb is the quote's own attribution, before
/// one that closes the sentence ([`Tokens::sentence_final`]) is looked for.
const NEAR_VERB: usize = 12;
/// A verb this close after the quote is a tight attribution (`“…,” X said`), preferred over
/// a verb before the quote.
const TIGHT_AFTER: usize = 5;
/// Tokens before a quote searched for a speech verb, "according to" or a colon.
const BEFORE_WINDOW: usize = 60;
/// "X said, according to Y": how far after the verb "according to" may follow.
const ACCORDING_AFTER_VERB: usize = 16;
/// Longest speaker of a parenthetical attribution (", he said,"), in tokens.
const PARENTHETICAL_SPEAKER: usize = 3;
/// Longest speaker mention, in tokens.
const MAX_MENTION: usize = 12;
/// Longest appositive skipped between a speaker and its verb ("Clinton, who spoke Tuesday, said").
const MAX_APPOSITIVE: usize = 16;
/// Longest quoted name stepped over inside an attribution, marks included, in tokens.
const SHORT_INNER_QUOTE: usize = 6;
/// Longest name before a colon lead-in ("Marco Rubio: ‘…’").
const MAX_COLON_LEAD: usize = 6;
/// Quotes joined by "and" that one attribution after them may cover (“A” and “B,” X said).
const MAX_JOINED_QUOTES: usize = 2;
/// Longest dateline before its dash, in tokens ("PORTLAND , Ore . -", "Washington ( AFP ) –").
const MAX_DATELINE: usize = 10;
/// The farthest token from a sentence's start that its reported-speech verb may be.
const REPORTED_VERB: usize = 8;

/// Where an attribution was found, the speaker mention, and the cue that ties it to the quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Right after the quote: `“…,” X said`, `“…” — X`.
    TightAfter(Span, Evidence),
    /// Before the quote: `X said: “…”`, `according to X, “…”`, `X called it “a con”`.
    Before(Span, Evidence),
    /// After the quote but further away: `… his “revolution” will end, Sanders said`.
    LooseAfter(Span, Evidence),
    /// `…, according to X` after the quote: the outermost source of the sentence.
    According(Span, Evidence),
    /// Before the quote, as the subject of the clause the quote completes: `The two
    /// diplomats “exchanged views …”`, `X pledged “to …”`, `X described the talks as “…”`.
    /// Such a subject speaks even when `according to Y` follows (Y only reports it).
    Subject(Span, Evidence),
}

impl Found {
    pub fn span(self) -> Span {
        self.parts().0
    }

    /// The mention and its cue.
    pub fn parts(self) -> (Span, Evidence) {
        match self {
            Found::TightAfter(s, e)
            | Found::Before(s, e)
            | Found::LooseAfter(s, e)
            | Found::According(s, e)
            | Found::Subject(s, e) => (s, e),
        }
    }
}

/// True for a title or organisation word in any case ("minister", "ministry", "Party").
fn is_role_word(word: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(first) = word.bytes().next().filter(|_| word.len() <= buf.len()) else {
        return false;
    };
    buf[..word.len()].copy_from_slice(word.as_bytes());
    buf[0] = first.to_ascii_uppercase();
    std::str::from_utf8(&buf[..word.len()]).is_ok_and(|w| {
        crate::lexicon::titles().contains(w) || crate::lexicon::org_words().contains(w)
    })
}

/// True for a speech verb whose object is the listener: "told Fox News: “…”".
fn is_listener_verb(verb: &str) -> bool {
    matches!(
        verb,
        "told" | "tells" | "tell" | "asked" | "asks" | "urged" | "warned"
    )
}

/// True for a speech verb that needs its object and so never comes before its subject: in
/// "“…,” described the damage as “…”" and "“Scandal,” thanked Obama for “…”" the words after
/// the verb are no inverted speaker ("“…,” said the minister").
fn never_inverted(verb: &str) -> bool {
    matches!(
        verb,
        "called"
            | "calls"
            | "described"
            | "describes"
            | "dubbed"
            | "dubs"
            | "labeled"
            | "labelled"
            | "branded"
            | "characterized"
            | "characterizes"
            | "termed"
            | "thanked"
            | "thanks"
            | "coined"
            | "informed"
            | "informs"
            | "urged"
    )
}

/// Whether the text is inside a quotation after the token `t`, given whether it was before:
/// an opening mark opens, a closing mark closes, a straight mark does either.
fn quoted_after(quoted: bool, t: &str) -> bool {
    match t {
        "“" | "«" | "„" | "「" => true,
        "”" | "»" | "」" => false,
        "\"" => !quoted,
        _ => quoted,
    }
}

/// True for "the", "a" or "an" in either case.
fn is_article(t: &str) -> bool {
    matches!(t, "the" | "The" | "a" | "A" | "an" | "An")
}

/// True for a word shaped like a plural noun ("protesters", never "press" or "is").
fn looks_plural(t: &str) -> bool {
    t.len() > 3 && t.ends_with('s') && !t.ends_with("ss")
}

/// True for a lower-case word shaped like a past tense ("unveiled", never "red" or "Ted").
fn looks_past_tense(t: &str) -> bool {
    t.len() > 4 && t.ends_with("ed") && t.starts_with(char::is_lowercase)
}

/// Index of the first token starting at or after byte `at`.
fn first_token_from(doc: &Doc, at: usize) -> usize {
    doc.tokens.partition_point(|t| t.span.start < at)
}

/// Token view of a [`Doc`] with the lookups attribution needs.
pub struct Tokens<'d, 't> {
    pub doc: &'d Doc<'t>,
    /// The entities of `doc`, sorted.
    pub entities: &'d [Entity],
    /// Index of the headline paragraph, where speech verbs are capitalised ("Says").
    pub headline_span: Option<Span>,
    /// Per token, the answers of [`Tokens::is_verb`], [`Tokens::is_participle`] and
    /// [`Tokens::is_stop`] found so far (see [`Memo`]): the windows of a paragraph's quotes
    /// overlap, and a mention scan asks about the same tokens again.
    memo: Vec<Cell<u8>>,
}

/// The bits of [`Tokens::memo`]: for each question, one bit that it was answered and one for
/// the answer. Every answer depends only on the document and the token's index.
struct Memo;

impl Memo {
    const VERB: u8 = 0;
    const PARTICIPLE: u8 = 2;
    const STOP: u8 = 4;
}

impl<'d, 't> Tokens<'d, 't> {
    pub fn new(doc: &'d Doc<'t>, entities: &'d [Entity], headline_span: Option<Span>) -> Self {
        Tokens {
            doc,
            entities,
            headline_span,
            memo: vec![Cell::new(0); doc.tokens.len()],
        }
    }

    /// The answer to question `q` (a [`Memo`] bit) about token `i`, computed once.
    #[inline]
    fn memo(&self, i: usize, q: u8, answer: impl FnOnce() -> bool) -> bool {
        let Some(cell) = self.memo.get(i) else {
            return answer();
        };
        let m = cell.get();
        if m & (1 << q) != 0 {
            return m & (2 << q) != 0;
        }
        let a = answer();
        cell.set(m | (1 << q) | (u8::from(a) << (q + 1)));
        a
    }

    fn text(&self, i: usize) -> &'t str {
        self.doc.token_text(i)
    }

    fn is_word(&self, i: usize) -> bool {
        self.doc.tokens[i].kind != TokenKind::Punct
    }

    fn in_headline(&self, i: usize) -> bool {
        self.headline_span
            .is_some_and(|h| h.contains(self.doc.tokens[i].span))
    }

    /// Lower-case form for list lookups: lists hold lower-case words; capitalised words match
    /// only in the headline (title case) — elsewhere "Said" is a name.
    fn lookup_form(&self, i: usize) -> Option<LowerOrSame<'t>> {
        let t = self.text(i);
        if t.chars().next().is_some_and(char::is_uppercase) && !self.in_headline(i) {
            return None;
        }
        Some(lower_or_same(t))
    }

    pub fn is_verb(&self, i: usize) -> bool {
        self.memo(i, Memo::VERB, || self.find_verb(i))
    }

    fn find_verb(&self, i: usize) -> bool {
        if matches!(self.text(i), "point" | "points" | "pointed") {
            // "points out", never "10 points".
            return self.doc.tokens.get(i + 1).is_some() && self.text(i + 1) == "out";
        }
        let particle = |p: &str| self.doc.tokens.get(i + 1).is_some() && self.text(i + 1) == p;
        match self.text(i) {
            // "Trump shot back", "Rubio fired back", "Trump went on": never "shot dead".
            "shot" | "fired" | "hit" | "pushed" | "pushes" => return particle("back"),
            "went" | "goes" => return particle("on"),
            // "A 2014 House report found “no evidence …”": what a finding says, quoted.
            "found" | "finds" => return i + 1 < self.doc.tokens.len() && self.is_quote_mark(i + 1),
            "cut" | "chimed" | "chimes" | "weighed" | "weighs" => return particle("in"),
            "lashed" | "lashes" => return particle("out"),
            // "As Blumenthal spoke, the NRA …" attributes nothing; "spoke up" does.
            "piped" | "spoke" | "speaks" => return particle("up"),
            // "As one official put it, …", "Trump put it bluntly: “…”": never "put it on
            // the table".
            "put" | "puts" | "phrased" | "phrases" => return self.puts_it(i),
            _ => {}
        }
        if self.is_word(i) && words::speech_verbs_base().contains(self.text(i)) {
            // "the Saudis state in a paper", "they state that …", never "GOP state leaders".
            let next = self.doc.tokens.get(i + 1).map_or("", |_| self.text(i + 1));
            let noun_follows = next.starts_with(char::is_lowercase)
                && next != "that"
                && !words::determiners().contains(next)
                && !words::prepositions().contains(next);
            if self.text(i) == "state" && noun_follows {
                return false;
            }
            return i > 0 && self.is_plural_subject(i - 1);
        }
        if !self.is_word(i)
            || !self
                .lookup_form(i)
                .is_some_and(|w| words::speech_verbs().contains(&w))
        {
            return false;
        }
        // "his tweets", "a series of reports": after a determiner or "of", an -s form is a
        // plural noun ("says" never is).
        let t = self.text(i);
        if t == "states" {
            // "the ad states", never "in states across the country" or "Asian states".
            let prev = if i > 0 { self.text(i - 1) } else { "" };
            return prev.starts_with(char::is_lowercase)
                && !words::prepositions().contains(prev)
                && !words::determiners().contains(prev);
        }
        // "his tweets", "the repeated calls": after a determiner, "of" or an -ed adjective.
        let noun_context = i > 0 && {
            let prev = self.text(i - 1);
            words::determiners().contains(prev)
                || prev == "of"
                || prev.ends_with("ed") && prev.starts_with(char::is_lowercase)
        };
        // "the repeated calls": after an article or a possessive, any form is an adjective
        // or a noun ("another said" and "most said" are no such thing).
        let after_article = i > 0
            && matches!(
                self.text(i - 1),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "your"
                    | "my"
                    | "’s"
                    | "'s"
            );
        // "Republican claims of “significant breakthroughs”": these are nouns before "of".
        let noun_of = matches!(
            t,
            "claims" | "reports" | "charges" | "accusations" | "warnings" | "denials" | "remarks"
        ) && particle("of");
        !(t.ends_with('s') && t != "says" && noun_context || after_article || noun_of)
    }

    /// True when "put" or "phrased" at `i` is followed by "it" and then punctuation, a quote
    /// or one adverb before them ("put it bluntly:", "put it this way" is left out).
    fn puts_it(&self, i: usize) -> bool {
        let n = self.doc.tokens.len();
        if i + 2 >= n || self.text(i + 1) != "it" {
            return false;
        }
        let ends = |k: usize| {
            k >= n
                || matches!(self.text(k), "," | ":" | "." | ";" | "—" | "–" | "―")
                || self.is_quote_mark(k)
        };
        ends(i + 2) || self.text(i + 2).ends_with("ly") && ends(i + 3)
    }

    /// True when token `i` can be the subject right before a verb's base form ("critics
    /// argue", "the two write", "they note", "Democrats claim"): a plural or group pronoun, a
    /// name, a plural noun or a number word; never an adjective ("a snappy retort").
    fn is_plural_subject(&self, i: usize) -> bool {
        let t = self.text(i);
        if !self.is_word(i) {
            return false;
        }
        let lower = lower_or_same(t);
        matches!(
            lower.as_str(),
            "we" | "you" | "they" | "two" | "three" | "four" | "both" | "many" | "others"
        ) || t.starts_with(char::is_uppercase) && self.is_capitalised_name_start(i)
            || looks_plural(t) && !words::determiners().contains(t)
    }

    fn is_participle(&self, i: usize) -> bool {
        self.memo(i, Memo::PARTICIPLE, || self.find_participle(i))
    }

    fn find_participle(&self, i: usize) -> bool {
        self.is_word(i)
            && self
                .lookup_form(i)
                .is_some_and(|w| words::speech_participles().contains(&w))
    }

    fn is_skip(&self, i: usize) -> bool {
        words::skip_words().contains(self.text(i))
    }

    fn is_stop(&self, i: usize) -> bool {
        self.memo(i, Memo::STOP, || self.find_stop(i))
    }

    fn find_stop(&self, i: usize) -> bool {
        let t = self.text(i);
        if words::stop_words().contains(t) {
            return true;
        }
        t.chars().next().is_some_and(char::is_uppercase)
            && !self.is_capitalised_name_start(i)
            && words::stop_words().contains(lower_or_same(t).as_str())
    }

    /// A capitalised stop word at a sentence start ("That", "In") is a stop; elsewhere a
    /// capitalised word is part of a name.
    fn is_capitalised_name_start(&self, i: usize) -> bool {
        i > 0 && self.doc.tokens[i - 1].kind == TokenKind::Word
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        // Every mark starts with '"' or the lead byte 0xC2, 0xE2 or 0xE3 (« », “ ” ‘ „,
        // 「 」): a word fails on its first byte.
        let first = self.doc.text.as_bytes().get(self.doc.tokens[i].span.start);
        matches!(first, Some(b'"' | 0xC2 | 0xE2 | 0xE3))
            && matches!(
                self.text(i),
                "“" | "”" | "\"" | "‘" | "«" | "»" | "„" | "「" | "」"
            )
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
        let mut end = end as usize;
        // "Rep. Gwen Moore (D-Wis.) said": skip the parenthesis.
        if self.text(end) == ")" {
            let open = (lo..end)
                .rev()
                .take(MAX_MENTION)
                .find(|&k| self.text(k) == "(")?;
            end = open.checked_sub(1).filter(|&e| e >= lo)?;
        }
        // "one Democrat …, who added that …": the relative pronoun is the mention; the
        // resolver links it to the name it follows.
        if self.is_pronoun(end) || matches!(self.text(end), "who" | "which") {
            return self.words_span(end, end + 1);
        }
        let mut start = end + 1;
        // "both sides unveiled new promises": a past tense after a noun ends the phrase (after
        // a determiner it is an adjective: "the retired general").
        let past_tense = |k: usize| {
            looks_past_tense(self.text(k))
                && k > lo
                && self.is_word(k - 1)
                && !words::determiners().contains(self.text(k - 1))
                && !words::prepositions().contains(self.text(k - 1))
        };
        while start > lo
            && end + 1 - (start - 1) <= MAX_MENTION
            && self.in_mention(start - 1)
            && !past_tense(start - 1)
        {
            start -= 1;
            // A determiner opens the noun phrase: "the ministry", not "… the ministry".
            if words::determiners().contains(self.text(start)) {
                break;
            }
        }
        // "the Center for Digital Liberty said": a name the entity finder has whole runs on
        // through its lower-case words, with the determiner before it.
        if let Some(e) = self.entity_ending_at(end) {
            let first = first_token_from(self.doc, e.span.start);
            if first < start && first >= lo {
                start = first;
                if start > lo && words::determiners().contains(self.text(start - 1)) {
                    start -= 1;
                }
            }
        }
        // "Cory James, 22, of Flint, Mich., said": a preposition opens no mention.
        while start < end && words::prepositions().contains(self.text(start)) {
            start += 1;
        }
        // "“We will win,” was all Ortiz would say": "all" before a name is no part of it.
        if start < end
            && self.text(start) == "all"
            && self.text(start + 1).starts_with(char::is_uppercase)
        {
            start += 1;
        }
        // A participle phrase between subject and verb ("Another source speaking to Fox News
        // said"): the speaker is before it.
        if start > lo + 2
            && start <= end
            && matches!(self.text(start - 1), "to" | "with" | "for" | "on")
            && self.text(start - 2).ends_with("ing")
            && self.text(start - 2).starts_with(char::is_lowercase)
        {
            if let Some(m) = self.mention_back(start - 3, lo) {
                return Some(m);
            }
        }
        // A prepositional phrase between subject and verb ("Trump at the time said"): the
        // speaker is before it.
        // ("… a 300-euro fine after the man had posted …": "after" and "before" also open a
        // clause, whose subject speaks.)
        if start > lo + 1
            && start <= end
            && words::prepositions().contains(self.text(start - 1))
            && !matches!(self.text(start - 1), "after" | "before")
            && !self
                .text(start)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            return self.mention_back(start - 2, lo);
        }
        // "the former senator from Ohio said", "a spokesman for Smith said": the place or
        // employer after "from" or "for" belongs to a role before it.
        if start > lo + 1
            && start <= end
            && matches!(self.text(start - 1), "from" | "for")
            && self.text(start - 2).starts_with(char::is_lowercase)
            && is_role_word(self.text(start - 2))
        {
            if let Some(role) = self.mention_back(start - 2, lo) {
                return Some(Span::new(role.start, self.doc.tokens[end].span.end));
            }
        }
        // Lower-case words alone, with no determiner, name or pronoun, are a clause, not a
        // speaker ("he made a last-minute decision").
        let named = (start..=end).any(|k| {
            self.text(k)
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || words::determiners().contains(self.text(k))
        });
        if !named || start > end {
            return None;
        }
        self.words_span(start, end + 1)
    }

    /// True when a capitalised name starts at token `k` (before `hi`) and runs to the end of
    /// the clause: "professor Paul Beck." after "Ohio State University".
    fn role_before_name(&self, k: usize, hi: usize) -> bool {
        k < hi && self.text(k).starts_with(char::is_uppercase) && {
            let end = (k..hi)
                .find(|&e| !self.text(e).starts_with(char::is_uppercase) && self.text(e) != ".")
                .unwrap_or(hi);
            end >= hi
                || matches!(self.text(end), "," | ":" | "—" | "–" | "―")
                || self.is_quote_mark(end)
        }
    }

    /// The mention starting at token `first`, ending before `hi`.
    fn mention_forward(&self, first: usize, hi: usize) -> Option<Span> {
        let mut i = first;
        while i < hi && !self.is_word(i) {
            i += 1;
        }
        let start = i;
        if i < hi && self.is_pronoun(i) {
            return self.words_span(i, i + 1);
        }
        // "“…” offered at the GOP gathering", "said in an interview": a phrase that a
        // preposition opens names nobody.
        if i < hi && (self.text(i) == "to" || words::prepositions().contains(self.text(i))) {
            return None;
        }
        // A leading determiner is part of the mention ("the ministry").
        let mut named = false;
        let after_article = |i: usize| {
            i == start + 1
                && is_article(self.text(start))
                && self
                    .text(i)
                    .starts_with(|c: char| c.is_uppercase() || c.is_lowercase())
                && !words::determiners().contains(self.text(i))
        };
        while i < hi
            && i - start < MAX_MENTION
            && (self.in_mention(i)
                || after_article(i)
                || i == start && self.is_word(i) && !self.is_verb(i))
        {
            let t = self.text(i);
            let lower = t.chars().next().is_some_and(char::is_lowercase);
            // A lower-case word after a name is the verb or the rest of the clause: "Trump
            // openly admires …", "Politifact seized on …" (but "Bank of England").
            if named
                && lower
                && !matches!(
                    t,
                    "of" | "de" | "von" | "van" | "der" | "al" | "bin" | "la" | "le" | "du" | "da"
                )
                && !(is_role_word(t) && self.role_before_name(i + 1, hi))
                // "Smith's spokesman": a possessive goes on with its noun.
                && !(i > start && matches!(self.text(i - 1), "’s" | "'s"))
                // An adverb or day right after a leading article goes on with the phrase
                // ("The famously gruff senator", "a Wednesday editorial").
                || (self.is_skip(i) || self.is_stop(i)) && i > start && !after_article(i)
                // "both sides unveiled …": a past tense after the noun ends the phrase.
                || !named && i > start + 1 && looks_past_tense(t)
            {
                break;
            }
            named |= t.chars().next().is_some_and(char::is_uppercase)
                && !words::determiners().contains(t)
                && !(after_article(i) && self.is_stop(i));
            i += 1;
        }
        // "said Robert Antonacci of the New York delegation": no dangling "of" or article.
        while i > start + 1 && (self.text(i - 1) == "of" || is_article(self.text(i - 1))) {
            i -= 1;
        }
        self.words_span(start, i)
    }

    /// The span from the first to the last word token of `start..end`, when there is one.
    fn words_span(&self, start: usize, end: usize) -> Option<Span> {
        let first = (start..end).find(|&i| self.is_word(i))?;
        let last = (start..end).rev().find(|&i| self.is_word(i))?;
        // An article alone ("The “NIMBYs in rosettes” line") is no mention.
        if first == last && is_article(self.text(first)) {
            return None;
        }
        Some(Span::new(
            self.doc.tokens[first].span.start,
            self.doc.tokens[last].span.end,
        ))
    }

    /// The sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> std::ops::Range<usize> {
        let k = self.doc.sentences.partition_point(|s| s.tokens.start <= i);
        k.checked_sub(1)
            .map_or(0..0, |k| self.doc.sentences[k].tokens.clone())
    }

    /// An attribution after the quote that ends before token `qe`: tokens `qe..hi`.
    pub fn after(&self, qe: usize, hi: usize) -> Option<Found> {
        self.after_hops(qe, hi, MAX_JOINED_QUOTES)
    }

    /// [`Tokens::after`], stepping over at most `hops` quotes joined to this one by "and".
    fn after_hops(&self, qe: usize, hi_line: usize, hops: usize) -> Option<Found> {
        let hi = hi_line.min(qe + AFTER_WINDOW).min(self.doc.tokens.len());
        // The agent of a passive verb before the quote: "labeled a “witch hunt” by Democrats".
        if qe < hi && self.text(qe) == "by" {
            if let Some(m) = self.passive_agent(qe, hi) {
                return Some(Found::TightAfter(m, Evidence::Verb));
            }
        }
        let mut i = qe;
        while i < hi && !self.is_word(i) {
            // Dash attribution: “…” — X.
            if matches!(self.text(i), "—" | "–" | "--" | "-" | "―") {
                return self
                    .dash_mention(i + 1, hi)
                    .map(|m| Found::TightAfter(m, Evidence::Dash));
            }
            if self.is_quote_mark(i) {
                return None;
            }
            i += 1;
        }
        let start = i;
        // "… was “particularly burdensome” on the county's voters, which had fewer polling
        // places, the lawsuit alleges.": an attribution that closes the sentence speaks its
        // quotes, whatever verbs the clauses between have.
        if let Some(found) = self.sentence_final(qe, start) {
            return Some(found);
        }
        // A short quoted name inside the attribution ("Bill Eastland, wearing “Ted Cruz”
        // pins, said") is stepped over; any other quotation mark ends the search.
        let mut inner_until = start;
        for v in start..hi {
            if v < inner_until {
                continue;
            }
            if self.is_quote_mark(v) {
                // “A” and “B,” X said: both are X's.
                let joined = (qe..v).all(|k| matches!(self.text(k), "and" | "or" | ","))
                    && (qe..v).any(|k| matches!(self.text(k), "and" | "or"));
                let close = matches!(self.text(v), "“" | "\"")
                    .then(|| {
                        (v + 2..hi.min(v + SHORT_INNER_QUOTE)).find(|&c| self.is_quote_mark(c))
                    })
                    .flatten()
                    .filter(|&c| matches!(self.text(c), "”" | "\""));
                match close {
                    Some(c) if v > start && !joined => {
                        inner_until = c + 1;
                        continue;
                    }
                    _ => {}
                }
                if joined && hops > 0 && matches!(self.text(v), "“" | "\"") {
                    let end = self.doc.tokens.len().min(v + 1 + AFTER_WINDOW);
                    let close = (v + 1..end).find(|&c| matches!(self.text(c), "”" | "\""))?;
                    return self.after_hops(close + 1, hi_line, hops - 1);
                }
                return None;
            }
            if self.text(v) == "according" && v + 1 < hi && self.text(v + 1) == "to" {
                // "…, according to The New York Times" names the outermost source of the
                // sentence, whoever else speaks in it.
                let m = self.according_source(v + 2, hi)?;
                return Some(Found::According(m, Evidence::AccordingTo));
            }
            // A passive ("hours after the staffer was charged with battery") names the one it
            // is about, not a speaker.
            if !self.is_verb(v) || self.is_passive_not_quoted(v, start) {
                continue;
            }
            // A clause word before the verb ("… when he said") makes it a later clause's
            // verb, not the quote's attribution.
            // "After Scalia said that … “less advanced schools,” Trump said: “…”": a verb
            // that a colon ends introduces the next quote; an attribution before this one
            // comes first.
            let introduces_next = v + 1 < hi && self.text(v + 1) == ":";
            let tight = v - start < TIGHT_AFTER
                && !introduces_next
                && !(start..v).any(|k| self.is_word(k) && self.is_stop(k));
            // “…,” X, a spokesman, said: the quote ends in a comma (or ? !) or one follows it.
            let comma_quote = qe >= 2 && matches!(self.text(qe - 2), "," | "?" | "!")
                || qe < hi && self.text(qe) == ",";
            // “…,” X said, according to Y: the words reach the reader through Y.
            if let Some(k) = (v + 1..hi.min(v + ACCORDING_AFTER_VERB))
                .find(|&k| self.text(k) == "according" && k + 1 < hi && self.text(k + 1) == "to")
            {
                if let Some(m) = self.according_source(k + 2, hi) {
                    return Some(if tight {
                        Found::TightAfter(m, Evidence::AccordingTo)
                    } else {
                        Found::LooseAfter(m, Evidence::AccordingTo)
                    });
                }
            }
            if v == start {
                // “…,” said X — but "“…” suggests that X …" is the writer's clause going on
                // (an inverted attribution never has "that" after its verb).
                if v + 1 < hi && self.text(v + 1) == "that" || never_inverted(self.text(v)) {
                    return None;
                }
                return self.mention_forward(v + 1, hi).map(|m| {
                    if tight {
                        Found::TightAfter(m, Evidence::Verb)
                    } else {
                        Found::LooseAfter(m, Evidence::Verb)
                    }
                });
            }
            // The first comma-separated chunk when it reads as the speaker (“…,” X, a
            // spokesman, said), else the last chunk before the verb (…, Sanders said).
            let first_comma = (start..v).find(|&k| self.text(k) == ",");
            let found = match first_comma {
                None => self
                    .mention_back(v - 1, start)
                    .map(|m| self.with_conjunct(m, start))
                    .or_else(|| self.plain_group(start, v)),
                Some(c) => {
                    let last_comma = (start..v).rev().find(|&k| self.text(k) == ",").unwrap_or(c);
                    let first_chunk = self
                        .mention_back(c.saturating_sub(1).max(start), start)
                        .filter(|_| c > start);
                    let first_ok = first_chunk.is_some()
                        && (start..c).all(|k| self.in_mention(k) || self.is_skip(k));
                    let last_chunk = (last_comma + 1 < v)
                        .then(|| self.mention_back(v - 1, last_comma + 1))
                        .flatten();
                    let last_is_name = last_chunk
                        .is_some_and(|m| self.doc.text[m].starts_with(char::is_uppercase));
                    // “…,” one of the protesters, Ana Ruiz, said: the name in apposition to a
                    // first chunk that names nobody.
                    let first_named = first_chunk
                        .is_some_and(|m| self.doc.text[m].starts_with(char::is_uppercase));
                    let ends_clause = v + 1 >= hi
                        || !self.is_word(v + 1)
                        || words::prepositions().contains(self.text(v + 1));
                    let appositive =
                        (last_comma + 1 == v && last_comma > c && !first_named && ends_clause)
                            .then(|| {
                                let p = (c..last_comma).rev().find(|&k| self.text(k) == ",")?;
                                self.mention_back(last_comma - 1, p + 1)
                            })
                            .flatten()
                            .filter(|m| self.doc.text[*m].starts_with(char::is_uppercase));
                    if let Some(m) = appositive {
                        return Some(Found::TightAfter(m, Evidence::Verb));
                    }
                    if first_ok && !last_is_name && comma_quote {
                        return first_chunk.map(|m| Found::TightAfter(m, Evidence::Verb));
                    } else if last_is_name {
                        // ‘…’ Could Address Clean Energy, Lindsey Graham Says
                        last_chunk
                    } else if let Some(m) = (self.text(v - 1) == ",")
                        .then(|| self.named_after(v, hi))
                        .flatten()
                    {
                        // “…” about the decision, said RoseAnn DeMoro, …; “…” in 2008, said
                        // Ohio State University professor Paul Beck.
                        Some(m)
                    } else if last_comma + 1 < v {
                        self.mention_back(v - 1, last_comma + 1)
                    } else {
                        first_chunk
                    }
                }
            };
            // A verb with no speaker before it ("and donations began …") is not the
            // attribution; a later verb may be ("…, Gilbert said").
            if let Some(m) = found {
                return Some(if tight {
                    Found::TightAfter(m, Evidence::Verb)
                } else {
                    Found::LooseAfter(m, Evidence::Verb)
                });
            }
        }
        None
    }

    /// The speaker of an attribution that closes the sentence going on at token `from`, past
    /// other clauses: ", the lawsuit alleges.", ", the minister said on Tuesday.", ", said Ana
    /// Reyes, a nurse.", ", according to the campaign manager." Only when a verb stands
    /// between (else the nearest-verb search above is the same) and no quotation mark does.
    fn sentence_final(&self, qe: usize, from: usize) -> Option<Found> {
        // The quote goes on with its sentence: it does not end in a full stop and the text
        // after it is in the same sentence.
        let last_inside = qe.checked_sub(2)?;
        if matches!(self.text(last_inside), "." | "!" | "?")
            || from >= self.doc.tokens.len()
            || self.sentence_of(from) != self.sentence_of(qe - 1)
        {
            return None;
        }
        let end = self.sentence_of(from).end.min(from + BEFORE_WINDOW);
        let stop = (from..end).find(|&k| matches!(self.text(k), "." | "!" | "?"))?;
        // The last comma that "according to" or a speech verb follows (an appositive may
        // come after it).
        let according = |c: usize| {
            c + 2 < stop
                && self.text(c + 1).eq_ignore_ascii_case("according")
                && self.text(c + 2) == "to"
        };
        let comma = (from + 1..stop)
            .rev()
            .filter(|&k| self.text(k) == ",")
            .find(|&c| according(c) || (c + 1..stop).any(|k| self.is_verb(k)))?;
        if comma < from + NEAR_VERB {
            return None;
        }
        let between = from..comma;
        // A speech verb near the quote is its own attribution ("“…,” said X, who …, in a
        // statement.", "“…,” X, the party's chairman, told AFP.").
        if between.clone().any(|k| self.is_quote_mark(k))
            || (from..comma.min(from + NEAR_VERB)).any(|k| self.is_verb(k) || self.is_participle(k))
        {
            return None;
        }
        // ", according to campaign manager Jeff Weaver.": the outermost source.
        if according(comma) {
            return self
                .according_source(comma + 3, stop)
                .map(|m| Found::According(m, Evidence::AccordingTo));
        }
        let found = |m: Span| Found::LooseAfter(m, Evidence::Verb);
        // The clause after the comma: a mention and a verb, or a verb and a mention, then at
        // most a short phrase of time or place ("on Tuesday", "in a statement").
        let v = (comma + 1..stop).find(|&k| self.is_verb(k))?;
        let tail_ok = |t: usize| {
            t >= stop
                || stop - t <= 5
                    && (words::prepositions().contains(self.text(t))
                        || matches!(
                            self.text(t),
                            "Monday"
                                | "Tuesday"
                                | "Wednesday"
                                | "Thursday"
                                | "Friday"
                                | "Saturday"
                                | "Sunday"
                                | "last"
                                | "earlier"
                                | "later"
                                | "yesterday"
                                | "today"
                                | "this"
                        ))
                    && (t..stop).all(|k| self.text(k) != ",")
        };
        if v > comma + 1 {
            let m = self.mention_back(v - 1, comma + 1)?;
            let named = (comma + 1..v).all(|k| {
                self.doc.tokens[k].span.start >= m.start && self.doc.tokens[k].span.end <= m.end
                    || self.is_skip(k)
            });
            return (named && tail_ok(v + 1)).then_some(found(m));
        }
        if is_listener_verb(self.text(v)) {
            return None;
        }
        let m = self.mention_forward(v + 1, stop)?;
        if !self.doc.text[m].starts_with(char::is_uppercase) {
            return None;
        }
        let after = first_token_from(self.doc, m.end);
        // ", said Alan Abramowitz, a demographer at Emory University.": an appositive.
        let appositive = after < stop
            && self.text(after) == ","
            && (after + 1..stop).all(|k| !self.is_verb(k) && !self.is_quote_mark(k));
        (tail_ok(after) || appositive).then_some(found(m))
    }

    /// An attribution before the quote that starts at token `qs`, within tokens `lo..qs`.
    /// The first speech verb after any earlier quote in the window wins: in "Rubio said that
    /// … whom he called a “con artist”" the words are reported by Rubio.
    pub fn before(&self, lo: usize, qs: usize) -> Option<Found> {
        let mut lo = lo.max(qs.saturating_sub(BEFORE_WINDOW));
        // An interview's "Q:" or "A:" is no name: the sentence after it may attribute the
        // quote ("Q: Mendoza has called your plan “a gift.” …").
        if lo + 2 < qs && matches!(self.text(lo), "Q" | "A") && self.text(lo + 1) == ":" {
            lo += 2;
        }
        let sentence_lo = lo;
        // "Rush Limbaugh: Hillary Asking Moderator To … ‘Reeks of Fear’": a name and a colon
        // that open the sentence name its source, whatever verbs follow.
        if let Some(c) = (lo..qs.min(lo + MAX_COLON_LEAD + 1)).find(|&k| self.text(k) == ":") {
            let names = c > lo
                && (lo..c).all(|k| {
                    self.text(k).starts_with(char::is_uppercase) || self.text(k).ends_with('.')
                });
            if names && !self.is_story_label(lo, c) {
                return self
                    .words_span(lo, c)
                    .map(|m| Found::Before(m, Evidence::Colon));
            }
        }
        // A parenthetical attribution closest to the quote: "— no different, he said, from
        // Bush calling Reagan’s policies “voodoo economics”".
        for c in (lo + 2..qs).rev() {
            if self.text(c) != "," || !self.is_verb(c - 1) {
                continue;
            }
            let v = c - 1;
            // "…, Trump was asked, “…”": the one asked listens.
            if self.is_passive_not_quoted(v, lo) {
                continue;
            }
            // (Not "“A,” X says, but …": that comma closes an earlier quote.)
            let open = (lo..v)
                .rev()
                .take(PARENTHETICAL_SPEAKER + 1)
                .find(|&k| self.text(k) == ",")
                .filter(|&open| (open..v).all(|k| !self.is_quote_mark(k)));
            if let Some(m) = open.and_then(|open| self.mention_back(v - 1, open + 1)) {
                return Some(Found::Before(m, Evidence::Verb));
            }
        }
        if let Some(m) = self.in_words_of(lo, qs) {
            return Some(Found::Before(m, Evidence::AccordingTo));
        }
        let mut colon = None;
        let mut participle = None;
        let mut according = None;
        let mut verbs: Vec<usize> = Vec::new();
        // Words inside earlier quotes of the sentence are not the writer's: skip them.
        let mut quoted = false;
        let mut last_quote_end = None;
        for v in lo..qs {
            let t = self.text(v);
            quoted = quoted_after(quoted, t);
            if self.is_quote_mark(v) && !quoted {
                last_quote_end = Some(v);
            }
            if quoted || self.is_quote_mark(v) {
                continue;
            }
            if t == ":" {
                colon = Some(v);
            }
            if t.eq_ignore_ascii_case("according") && v + 1 < qs && self.text(v + 1) == "to" {
                according.get_or_insert(v);
            } else if self.is_verb(v) {
                verbs.push(v);
            } else if self.is_participle(v) {
                // The first participle, unless a later one has its own subject: in "Ryan
                // saying he was “…” and Trump calling it a “great meeting”" the second quote
                // is Trump's.
                let own_subject = v > lo && self.text(v - 1) != "," && {
                    let t = self.text(v - 1);
                    t.starts_with(char::is_uppercase) && self.in_mention(v - 1)
                };
                if participle.is_none() || own_subject {
                    participle = Some(v);
                }
            }
        }
        // The first attribution speaks the quote ("Rubio said that … whom he called a “con
        // artist”"), but not one inside an opening subordinate clause: in "After Scalia said
        // that …, Trump said: “…”" the words are Trump's.
        let intro_end = self.opening_clause_end(lo, qs);
        let candidates = || {
            verbs
                .iter()
                .copied()
                .filter(move |&v| v >= intro_end && !self.in_closed_relative_clause(v, lo, qs))
                // "When Mook was asked …, he laughed and said": the one asked listens (the
                // agent of "was asked by X" speaks).
                .filter(move |&v| {
                    !(is_listener_verb(self.text(v))
                        && self.is_passive(v, lo)
                        && self.text(v + 1) != "by")
                })
        };
        // A verb after an earlier quote of the sentence starts a new attribution: in "Cruz
        // accuses Obama of “leading from behind” and Trump says he is “losing …”" the second
        // quote is Trump's.
        // So does a verb after a clause that ", while" or "; " opens ("Rubio suggested that …,
        // while Cruz said that the “…”").
        let clause = (lo + 1..qs).rev().find(|&k| {
            self.text(k) == ";"
                || matches!(self.text(k), "while" | "whereas") && self.text(k - 1) == ","
        });
        let boundary = last_quote_end.max(clause);
        let first = candidates()
            .find(|&v| v > boundary.unwrap_or(lo) && self.subject_of(v, lo).is_some())
            .filter(|_| boundary.is_some())
            .or_else(|| candidates().next());
        if let Some(a) = according.filter(|&a| first.map_or(true, |v| a < v)) {
            // "According to an arrest affidavit, Haynes approached the woman … and said, “Give
            // me the keys …”": the quote, after a comma or colon, is what the subject said. A
            // quote run into the report ("According to pool reports, Obama said “there is
            // love” …") stays the source's, as PolNeAR has it.
            let own_speech =
                first.filter(|&v| v + 2 == qs && matches!(self.text(v + 1), "," | ":"));
            if let Some(v) = own_speech {
                // The person named right after the according phrase's comma.
                let comma = (a + 2..v).find(|&k| self.text(k) == ",");
                if let Some(m) = comma.and_then(|c| self.person_starting_at(c + 1, v)) {
                    return Some(Found::Before(m, Evidence::Verb));
                }
            }
            return self
                .according_source(a + 2, qs)
                .map(|m| Found::Before(m, Evidence::AccordingTo));
        }
        // A later verb that takes the quote as its object names its own speaker: in "DeSantis
        // said he backs a bill against accreditors, which he called “a cartel”" and "when Rubio
        // thanked Miami, a man yelled “Stay there!”" the words are not the first verb's.
        if let Some(&last) = verbs.last().filter(|&&l| first.is_some_and(|f| l > f)) {
            // "… to the growth of the movement, as the foundation's website notes: “…”": a
            // later verb that the colon before the quote ends introduces it.
            // Not "Trump said he responded: “…”", reported by the first verb.
            let own_clause = first.is_some_and(|f| {
                (f + 1..last).any(|k| {
                    matches!(self.text(k), "," | "as")
                        || words::subordinators().contains(lower_or_same(self.text(k)).as_str())
                })
            });
            if last + 2 == qs && self.text(last + 1) == ":" && own_clause {
                if let Some(m) = self.subject_of(last, lo) {
                    return Some(Found::Before(m, Evidence::Colon));
                }
            }
            // "…, who he noted was “in his final year”": a relative clause with its own
            // subject, a copula between its verb and the quote.
            let relative_copula = last >= lo + 2
                && matches!(self.text(last - 2), "who" | "whom")
                && self.is_pronoun(last - 1)
                && qs > last + 1
                && qs - last <= 3
                && (last + 1..qs).all(|k| matches!(self.text(k), "was" | "is" | "were" | "are"));
            if self.verb_takes_quote(last, qs) || relative_copula {
                if let Some(m) = self.subject_of(last, lo) {
                    let m = self.relative_antecedent(m, lo).unwrap_or(m);
                    return Some(Found::Subject(m, Evidence::Verb));
                }
            }
            // "Axelrod tweeted after Clinton argued for the second debate that “…”": the
            // verb of a later clause that a subordinator opens, its "that" right before the
            // quote.
            let first_verb = first.unwrap_or(lo);
            let opened = (first_verb + 1..last).any(|k| {
                matches!(
                    self.text(k),
                    "after"
                        | "when"
                        | "as"
                        | "while"
                        | "before"
                        | "because"
                        | "although"
                        | "though"
                        | "but"
                )
            });
            // "that" right before the quote, or "that" and a pronoun ("tweeted that he
            // “rejects …”"), or a pronoun and its verb ("cautions that she sees “…”").
            let that_at = if qs > 1 && self.is_pronoun(qs - 1) {
                qs - 2
            } else if qs > 2
                && self.is_pronoun(qs - 2)
                && self.text(qs - 1).starts_with(char::is_lowercase)
                && self.is_word(qs - 1)
            {
                qs - 3
            } else {
                qs - 1
            };
            let that_quote = that_at > last
                && qs - last <= 8
                && self.text(that_at) == "that"
                && (last + 1..that_at).all(|k| self.is_word(k) && !self.is_verb(k));
            // Or a pronoun and a word or two of its own ("hours after Sanders said he was
            // “encouraged”").
            let pronoun_clause = qs > last + 2
                && qs - last <= 4
                && self.is_pronoun(last + 1)
                && (last + 2..qs).all(|k| {
                    self.is_word(k)
                        && self.text(k).starts_with(char::is_lowercase)
                        && !self.is_verb(k)
                });
            if opened && (that_quote || pronoun_clause) {
                if let Some(m) = self
                    .subject_of(last, lo)
                    .filter(|m| first_token_from(self.doc, m.start) > first_verb)
                {
                    return Some(Found::Subject(m, Evidence::Verb));
                }
            }
            // "Swanson praised Franklin Graham, who has vowed not to buy … because of the
            // organization's “…”": the verb of a relative clause open up to the quote (in
            // "was praised by Lena Ortiz, who called it “…”" the agent is named already).
            let agent = self.text(first_verb + 1) == "by";
            let open_relative = !agent
                && (first_verb + 1..last)
                    .rev()
                    .find(|&k| matches!(self.text(k), "who" | "which") && self.text(k - 1) == ",")
                    .is_some_and(|rel| {
                        (rel + 1..qs).all(|k| self.text(k) != "," && !self.is_quote_mark(k))
                    });
            if open_relative {
                if let Some(m) = self.subject_of(last, lo) {
                    return Some(Found::Before(m, Evidence::Verb));
                }
            }
        }
        // A clause of its own after an earlier quote ends in the colon right before this one:
        // in "Reid said they are “non-entities,” but he gave Cruz a compliment: “…”" its
        // subject speaks.
        if let (Some(v), Some(c), Some(b)) = (first, colon, last_quote_end) {
            let conj = (b + 1..c).find(|&k| self.text(k) != ",");
            let own_clause = conj.is_some_and(|k| {
                matches!(self.text(k), "but" | "yet" | "and" | "though" | "although")
                    && k + 1 < c
                    && self.text(k + 1) != "that"
            });
            if c + 1 == qs && v < b && own_clause {
                // The subject and a lower-case word after it, its verb.
                let subject = self.sentence_subject(b + 1, c).filter(|m| {
                    let k = first_token_from(self.doc, m.end);
                    k < c && {
                        let t = self.text(k);
                        t.starts_with(char::is_lowercase)
                            && !words::determiners().contains(t)
                            && !words::prepositions().contains(t)
                    }
                });
                if let Some(m) = subject {
                    return Some(Found::Before(m, Evidence::Colon));
                }
            }
        }
        // A participle with its own named subject after the verbs ("… how the United States
        // responds to violence, with Senator John McCain telling reporters he viewed Obama as
        // “directly responsible”"): its subject speaks.
        // ("Trump posted a message on Twitter reading “…”" is no such subject: only "with"
        // and a name right before the participle.)
        let participle_wins = participle.is_some_and(|p| {
            let with = (lo..p)
                .rev()
                .take(MAX_MENTION)
                .find(|&k| self.text(k).eq_ignore_ascii_case("with"));
            first.is_some_and(|f| p > f)
                && verbs.iter().all(|&v| v < p)
                && self.text(p - 1).starts_with(char::is_uppercase)
                && with.is_some_and(|w| {
                    w + 1 < p && (w + 1..p).all(|k| self.in_mention(k) || self.text(k) == ".")
                })
        });
        if let Some(v) = first.filter(|_| !participle_wins) {
            return self.verb_attribution(v, lo, qs).or_else(|| {
                self.sentence_subject(sentence_lo, v)
                    .map(|m| Found::Before(m, Evidence::Verb))
            });
        }
        if let Some(p) = participle {
            // "with Gorka noting …", "Trump reportedly yelling: …": a name or pronoun right
            // before the participle is its subject.
            if p > sentence_lo && self.text(p - 1) != "," {
                if let Some(m) = self.mention_back(p - 1, sentence_lo).filter(|m| {
                    let t = &self.doc.text[*m];
                    t.chars().next().is_some_and(char::is_uppercase)
                        || words::pronouns().contains_key(lower_or_same(t).as_str())
                }) {
                    return Some(Found::Before(m, Evidence::Verb));
                }
                // "with many marchers and spectators chanting “…”": all the words between
                // "with" and the participle.
                let with = (sentence_lo.max(p.saturating_sub(MAX_MENTION))..p)
                    .rev()
                    .find(|&k| self.text(k).eq_ignore_ascii_case("with"));
                if let Some(w) = with.filter(|&w| {
                    w + 1 < p
                        && (w + 1..p).all(|k| self.is_word(k) && !self.is_verb(k))
                        && !words::determiners().contains(self.text(p - 1))
                }) {
                    return self
                        .words_span(w + 1, p)
                        .map(|m| Found::Before(m, Evidence::Verb));
                }
            }
            return self
                .sentence_subject(sentence_lo, p)
                .map(|m| Found::Before(m, Evidence::Verb));
        }
        // Colon lead-ins without a verb: "From the ministry: “…”", "Marco Rubio: ‘…’".
        let c = colon?;
        // "Pollsters agree - Carl Bialik: “…”": the name after the dash.
        let lead = (lo..c)
            .rev()
            .find(|&k| matches!(self.text(k), "-" | "—" | "–" | "―"))
            .map_or(lo, |d| d + 1);
        // "From the ministry: “…”", "More from Jones: “…”".
        let from = (lead..c.min(lead + 2)).find(|&k| self.text(k).eq_ignore_ascii_case("from"));
        if let Some(f) = from.filter(|&f| f == lead || self.text(lead) == "More") {
            return self
                .mention_forward(f + 1, c)
                .map(|m| Found::Before(m, Evidence::Colon));
        }
        // "For instance: …" and "Wait, it gets better: …" name nobody.
        let opener = lead < c && {
            let first = lower_or_same(self.text(lead));
            words::stop_words().contains(first.as_str())
                || words::prepositions().contains(first.as_str())
                || (lead..c).any(|k| self.text(k) == ",")
        };
        if c - lead <= MAX_COLON_LEAD && c > lead && !opener && !self.is_story_label(lead, c) {
            return self
                .mention_forward(lead, c)
                .map(|m| Found::Before(m, Evidence::Colon));
        }
        // A longer lead-in clause ends in the colon right before the quote: a person named
        // right before the colon ("… doesn't surprise pollster Daron Shaw: “…”"), else the
        // subject of its main clause ("When Trump suggested it, Rubio fired back: “…”").
        if c + 1 == qs && c > lo {
            // "… delivered a blunt message to Trump: “…”": a person after "to" or "for" is
            // the listener; the subject speaks.
            let listener = |name: Span| {
                let k = first_token_from(self.doc, name.start);
                k > lo && matches!(self.text(k - 1), "to" | "for")
            };
            if let Some(name) = self.person_ending_at(c, lo).filter(|&n| !listener(n)) {
                return Some(Found::Before(name, Evidence::Colon));
            }
            let main = self.opening_clause_end(lo, c);
            return self
                .sentence_subject(main, c)
                .map(|m| Found::Before(m, Evidence::Colon));
        }
        None
    }

    /// The subject noun phrase of a clause that the quote at `qs` completes: all of `lo..qs`
    /// (after an opening phrase that ends in a comma) when the quote goes on with the verb
    /// ("The two diplomats “exchanged views …”", "On Tuesday, the delegations “reached …”"),
    /// or all but a past-tense verb right before the quote ("The presidents discussed “…”").
    /// A quote that holds the verb opens in lower case; "Trade was “…”" is no such clause.
    pub fn subject_then_quote(&self, lo: usize, qs: usize) -> Option<Span> {
        let lo = lo.max(qs.saturating_sub(BEFORE_WINDOW));
        if qs <= lo + 1 {
            return None;
        }
        let verb = self.text(qs - 1);
        let np_end = if verb.starts_with(char::is_lowercase)
            && (verb.ends_with("ed") || self.is_verb(qs - 1))
            && !self.is_skip(qs - 1)
        {
            qs - 1
        } else {
            let content = self.doc.tokens.get(qs + 1)?;
            let opens_lower = self.doc.text[content.span]
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            if !opens_lower {
                return None;
            }
            qs
        };
        let mut first = lo;
        if self.opens_phrase(first) {
            let comma = (lo..np_end.min(lo + MAX_APPOSITIVE)).find(|&k| self.text(k) == ",")?;
            first = comma + 1;
        }
        while first < np_end && !self.is_word(first) {
            first += 1;
        }
        if first >= np_end || np_end - first > MAX_MENTION {
            return None;
        }
        let t = self.text(first);
        let opens_np = t.starts_with(char::is_uppercase) || words::determiners().contains(t);
        let all_mention = (first..np_end).all(|k| {
            self.in_mention(k) && !self.is_skip(k) && !self.is_pronoun(k)
                || k > first && self.text(k) == "and"
        });
        // The head noun ends the phrase: a name ("Ortiz and Becker"), a plural ("The two
        // diplomats"), or a title or organisation word ("the ministry"); never "a" or "made".
        let head = self.text(np_end - 1);
        let head_ok = head.starts_with(char::is_uppercase) && !words::determiners().contains(head)
            || looks_plural(head) && !head.contains(['\'', '’'])
            || is_role_word(head);
        (opens_np && all_mention && head_ok)
            .then(|| self.words_span(first, np_end))
            .flatten()
    }

    /// True when the quote at `qs` is the object of the verb at `v`: right after it
    /// ("pledged “to …”") or after "as" that ends a short object ("described the talks as
    /// “…”").
    fn verb_takes_quote(&self, v: usize, qs: usize) -> bool {
        v + 1 == qs
            || qs - v <= 5
                && self.text(qs - 1) == "as"
                && (v + 1..qs).all(|k| self.is_word(k) && !self.is_stop(k) || self.text(k) == "as")
    }

    /// True when the verb at `v` is inside a relative clause that closes before the quote at
    /// `qs`: in "Clinton, who called Sanders shortly after, told her supporters, “…”" the words
    /// are Clinton's, told in the main clause. (Left open up to the quote, "said Weaver, who
    /// said there were “…”", the clause's verb does attribute it.)
    fn in_closed_relative_clause(&self, v: usize, lo: usize, qs: usize) -> bool {
        let Some(rel) = (lo + 1..v)
            .rev()
            .take(MAX_APPOSITIVE)
            .find(|&k| matches!(self.text(k), "who" | "whom" | "which") && self.text(k - 1) == ",")
        else {
            return false;
        };
        // Closed: a comma after the verb with the main clause's words after it. In "Mike
        // Lee, who declared in the spin room, “…”" the clause runs up to the quote.
        let close = (v + 1..qs).find(|&k| self.text(k) == ",");
        (rel + 1..v).all(|k| self.text(k) != ",")
            && close.is_some_and(|c| (c + 1..qs).any(|k| self.is_word(k)))
    }

    /// The end of an opening subordinate clause of the sentence part `lo..qs` ("After Scalia
    /// said that …," "When asked about it,"): the comma that closes it; `lo` when the part
    /// opens otherwise.
    fn opening_clause_end(&self, lo: usize, qs: usize) -> usize {
        let Some(first) = (lo..qs).find(|&k| self.is_word(k)) else {
            return lo;
        };
        let opener = lower_or_same(self.text(first));
        if !words::subordinators().contains(opener.as_str()) {
            // "Later in the show, after the interview concluded, Maher stated …": a
            // subordinate clause after an opening phrase without verbs.
            let Some(c) = (first + 1..qs).find(|&k| self.text(k) == ",") else {
                return lo;
            };
            let preposition = words::prepositions().contains(opener.as_str());
            let verbless = (first..c).all(|k| !self.is_verb(k) && !self.is_participle(k));
            // "Despite what he wrote in the speech, Cross said he “…”": a verb inside an
            // opening prepositional phrase is not the main clause's.
            // (Not when the comma ends the attribution itself: "At the bottom it reads, “…”".)
            if preposition && !verbless && (c + 1..qs).any(|k| self.is_verb(k)) {
                return c + 1;
            }
            let phrase = (preposition
                || matches!(
                    opener.as_str(),
                    "later" | "earlier" | "then" | "meanwhile" | "still" | "now" | "today"
                ))
                && verbless;
            let next = c + 1;
            if phrase
                && next < qs
                && words::subordinators().contains(lower_or_same(self.text(next)).as_str())
            {
                return (next + 1..qs)
                    .find(|&k| self.text(k) == ",")
                    .map_or(lo, |c| c + 1);
            }
            return lo;
        }
        let comma = (first + 1..qs).find(|&k| self.text(k) == ",");
        // A clause set off by dashes ends at the last dash when the first comma is the
        // attribution's, right before the quote: "When Clinton noted that … ― as was true for
        // years ― Trump boasted, “…”".
        if comma.is_some_and(|c| c + 2 >= qs) {
            if let Some(d) = (first + 1..qs)
                .rev()
                .find(|&k| matches!(self.text(k), "—" | "–" | "―"))
            {
                return d + 1;
            }
        }
        comma.map_or(lo, |c| c + 1)
    }

    /// The speaker that the speech verb at `v` (before the quote at `qs`) names: the agent of a
    /// passive ("was praised by X"), the name after a verb that follows an earlier quote
    /// ("“A,” said X, “B.”"), the verb's subject, or an inverted subject ("said Trump: “…”").
    fn verb_attribution(&self, v: usize, lo: usize, qs: usize) -> Option<Found> {
        // Passive with an agent: "the plan was praised by the minister, who called it “…”":
        // the speaker is the agent after "by", not the subject. (Without one the subject
        // stays: "Costa was quoted as saying “…”".)
        if v + 1 < qs && self.text(v + 1) == "by" && self.is_passive(v, lo) {
            if let Some(m) = self.mention_forward(v + 2, qs) {
                return Some(Found::Before(m, Evidence::Verb));
            }
        }
        // “A,” said X, “B.”: the verb follows an earlier quote; X comes after it. (Not a
        // "that" clause: in "The ad, titled “Unifier?”, concludes that Trump is too “…”" the
        // subject speaks.)
        if self.follows_quote(v, lo) && self.text(v + 1) != "that" && !never_inverted(self.text(v))
        {
            if let Some(m) = self.mention_forward(v + 1, qs) {
                return Some(Found::Before(m, Evidence::Verb));
            }
        }
        if let Some(m) = self.subject_of(v, lo) {
            let m = self.relative_antecedent(m, lo).unwrap_or(m);
            if self.verb_takes_quote(v, qs) {
                return Some(Found::Subject(m, Evidence::Verb));
            }
            return Some(Found::Before(m, Evidence::Verb));
        }
        // Inverted: "said Trump: “…”", "read one": a name or pronoun right after the verb that
        // runs up to a comma, colon or the quote. After "told" or "asked" that name is the
        // listener ("Priebus later told Fox News: “…”"): the sentence's subject speaks.
        if is_listener_verb(self.text(v)) {
            return None;
        }
        self.inverted(v, qs)
            .map(|m| Found::Before(m, Evidence::Verb))
    }

    /// The agent after "by" at token `by`, right after a quote that a passive speech verb
    /// introduces: "was labeled as a “witch hunt” by Democrats", "has been called “strategic
    /// ambiguity” by Joshua Hendrick".
    fn passive_agent(&self, by: usize, hi: usize) -> Option<Span> {
        let close = by.checked_sub(1)?;
        let lo = close.saturating_sub(SHORT_INNER_QUOTE * 2);
        let open = (lo..close)
            .rev()
            .find(|&k| matches!(self.text(k), "“" | "\""))?;
        let mut v = open.checked_sub(1)?;
        // "labeled as a “…”", "called it a “…”": a few small words between verb and quote.
        for _ in 0..3 {
            if self.is_verb(v) {
                break;
            }
            if !matches!(self.text(v), "as" | "a" | "an" | "the" | "it") {
                return None;
            }
            v = v.checked_sub(1)?;
        }
        // "was called", or a participle clause: "— often labeled as a “witch hunt” by …".
        let passive = self.is_passive(v, v.saturating_sub(4)) || self.text(v).ends_with("ed");
        (self.is_verb(v) && passive)
            .then(|| self.mention_forward(by + 1, hi))
            .flatten()
    }

    /// True when tokens `lo..c` are a story label ("The Latest", "UPDATE 2"), not a source.
    fn is_story_label(&self, lo: usize, c: usize) -> bool {
        let first = if self.text(lo).eq_ignore_ascii_case("the") {
            lo + 1
        } else {
            lo
        };
        first < c && crate::lexicon::story_labels().contains(&self.text(first).to_ascii_uppercase())
    }

    /// True when the verb at `v` comes right after an earlier quote's closing mark (and a
    /// comma): "“A,” said X".
    fn follows_quote(&self, v: usize, lo: usize) -> bool {
        let mut k = v;
        while k > lo && matches!(self.text(k - 1), "," | "”" | "\"" | "’" | "»") {
            k -= 1;
        }
        k < v && (k..v).any(|j| self.is_quote_mark(j) || self.text(j) == "’")
    }

    /// True when the verb at `v` is a passive participle: a form of "be" (adverbs between
    /// allowed) right before it ("was praised", "were widely quoted").
    fn is_passive(&self, v: usize, lo: usize) -> bool {
        let mut k = v;
        while k > lo {
            k -= 1;
            match self.text(k) {
                "was" | "were" | "is" | "are" | "been" | "be" | "being" => return true,
                t if self.is_skip(k) || t.ends_with("ly") => continue,
                _ => return false,
            }
        }
        false
    }

    /// A passive verb other than "quoted": its subject is spoken about or to ("was charged",
    /// "was asked"), while "X is quoted as saying" names the speaker.
    fn is_passive_not_quoted(&self, v: usize, lo: usize) -> bool {
        self.is_passive(v, lo) && self.text(v) != "quoted"
    }

    /// The mention after a dash ("“…” — Lena Ortiz"): a name or a noun phrase with a
    /// determiner not followed by more lower-case words; "— and more" and "— a play on
    /// words" are no speakers.
    fn dash_mention(&self, first: usize, hi: usize) -> Option<Span> {
        let k = (first..hi).find(|&k| self.is_word(k))?;
        let t = self.text(k);
        if !(t.chars().next().is_some_and(char::is_uppercase) || words::determiners().contains(t)) {
            return None;
        }
        let m = self.mention_forward(k, hi)?;
        let after = (k..hi).find(|&a| self.doc.tokens[a].span.start >= m.end);
        let ends = after.map_or(true, |a| {
            !self.text(a).chars().next().is_some_and(char::is_lowercase)
        });
        ends.then_some(m)
    }

    /// The speaker named after the verb at `v` that follows a comma ("…, said RoseAnn
    /// DeMoro", "…, said Ohio State University professor Paul Beck"): an inverted name, else
    /// a mention that opens with a capital. Never after "told" or "asked", whose object is
    /// the listener.
    fn named_after(&self, v: usize, hi: usize) -> Option<Span> {
        if is_listener_verb(self.text(v)) {
            return None;
        }
        self.inverted(v, hi).or_else(|| {
            let k = (v + 1..hi).find(|&k| self.is_word(k))?;
            // "…, said the bureau's director, James B. Comey": a determiner opens the speaker.
            if !(self.text(k).starts_with(char::is_uppercase)
                || k == v + 1 && matches!(self.text(k), "the" | "a" | "an" | "his" | "her" | "its"))
            {
                return None;
            }
            let m = self.mention_forward(k, hi)?;
            // The name in apposition belongs to the speaker: "the bureau's director, James B.
            // Comey, on Monday".
            let comma = first_token_from(self.doc, m.end);
            if comma < hi && self.text(comma) == "," {
                let end = (comma + 1..hi)
                    .find(|&e| matches!(self.text(e), "," | "." | ";"))
                    .unwrap_or(hi);
                if let Some(name) = self.person_between(comma + 1, end) {
                    return Some(Span::new(m.start, name.end));
                }
            }
            Some(m)
        })
    }

    /// The speaker after the verb at `v` in "said Trump: “…”": a capitalised name that runs
    /// up to a comma, colon or the quote at `qs` ("says he has “…”" is no inversion).
    fn inverted(&self, v: usize, qs: usize) -> Option<Span> {
        let first = v + 1;
        if first >= qs
            || !self
                .text(first)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            return None;
        }
        let mut end = first;
        while end < qs
            && end - first < MAX_MENTION
            && (self.in_mention(end) || self.text(end).ends_with('.'))
            && !self
                .text(end)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            end += 1;
        }
        let ends_clause = end >= qs
            || matches!(self.text(end), "," | ":" | "—" | "–" | "―")
            || self.is_quote_mark(end);
        ends_clause.then(|| self.words_span(first, end)).flatten()
    }

    /// The speaker before the verb at `v`: "Trump said", "the ministry later said",
    /// "Clinton, who spoke Tuesday, said".
    fn subject_of(&self, v: usize, lo: usize) -> Option<Span> {
        if v == lo {
            return None;
        }
        // The comma inside a quote that ends the appositive: "Washington, star of television's
        // “Scandal,” thanked Obama for “…”".
        let at = if v >= lo + 2 && matches!(self.text(v - 1), "”" | "\"") && self.text(v - 2) == ","
        {
            v - 1
        } else {
            v
        };
        let close = self.text(at - 1);
        if matches!(close, "," | "—" | "–" | "―" | ")") {
            let v = at;
            // Skip one appositive back to the mark that opens it.
            let opener = if close == ")" { "(" } else { close };
            let stop = v.saturating_sub(2 * MAX_APPOSITIVE).max(lo);
            // "Clinton, during a town hall meeting in Columbus, Ohio, said": a chunk that
            // ends a phrase opened by a preposition is not the speaker; try the comma before.
            // "A spokesperson for the commission, Ingrid Halvorsen, said": an appositive that
            // is exactly a person's name names the speaker.
            if close == "," {
                if let Some(open) = (stop..v - 1).rev().find(|&k| self.text(k) == ",") {
                    if let Some(name) = self.person_between(open + 1, v - 1) {
                        return Some(name);
                    }
                    // "…, Gov. John Kasich (R-OH), said": a title, name and party label.
                    if let Some(m) = self.titled_person(open + 1, v - 1) {
                        return Some(m);
                    }
                }
            }
            let mut end = v - 1;
            while let Some(open) = (stop..end).rev().find(|&k| self.text(k) == opener) {
                if open <= lo {
                    return None;
                }
                let m = self.mention_back(open - 1, lo)?;
                // "Daniel Okonkwo, a cellist in Portland, Oregon, who has played …, said": a
                // relative clause after a place; its person is before.
                if matches!(self.text(open + 1), "who" | "which" | "whose") && self.is_place(m) {
                    end = open;
                    continue;
                }
                let first = first_token_from(self.doc, m.start);
                // (Nor is an age, "Cory James, 22, of Flint, said", or a party and state,
                // "Rep. Jim Jordan, R-Ohio, the committee's chairman, said".)
                let text = &self.doc.text[m];
                let number = text.bytes().all(|b| b.is_ascii_digit());
                let party = matches!(text.get(..2), Some("R-" | "D-" | "I-"));
                if first > lo && words::prepositions().contains(self.text(first - 1))
                    || number
                    || party
                {
                    end = open;
                    continue;
                }
                return Some(m);
            }
            return None;
        }
        // "he laughed and said", "The mayor paused, smiled and said": the subject of the
        // first of the coordinated verbs.
        if close == "and" {
            let mut k = v - 1;
            while k > lo && {
                let t = self.text(k - 1);
                t == "," || t.ends_with("ed") && t.starts_with(char::is_lowercase)
            } {
                k -= 1;
            }
            if k < v - 1 && k > lo && self.text(k) != "," {
                return self.mention_back(k - 1, lo);
            }
        }
        self.mention_back(v - 1, lo)
    }

    /// The person entity whose first token is token `first` (and ends before token `hi`).
    fn person_starting_at(&self, first: usize, hi: usize) -> Option<Span> {
        let start = self.doc.tokens.get(first)?.span.start;
        let to = self.doc.tokens.get(hi.checked_sub(1)?)?.span.end;
        let k = self.entities.partition_point(|e| e.span.start < start);
        self.entities
            .get(k)
            .filter(|e| e.span.start == start && e.span.end <= to && e.label == Label::Per)
            .map(|e| e.span)
    }

    /// The entity whose span is exactly `span`.
    fn entity_at(&self, span: Span) -> Option<&'d Entity> {
        let k = self.entities.partition_point(|e| e.span.start < span.start);
        self.entities.get(k).filter(|e| e.span == span)
    }

    /// The entity whose last token is token `last`.
    fn entity_ending_at(&self, last: usize) -> Option<&'d Entity> {
        let end = self.doc.tokens.get(last)?.span.end;
        let k = self.entities.partition_point(|e| e.span.end < end);
        self.entities.get(k).filter(|e| e.span.end == end)
    }

    /// Whether `m` is exactly a place entity.
    fn is_place(&self, m: Span) -> bool {
        self.entity_at(m).is_some_and(|e| e.label == Label::Loc)
    }

    /// The person entity whose last token is the one before token `end` (and starts after
    /// `lo`).
    fn person_ending_at(&self, end: usize, lo: usize) -> Option<Span> {
        let from = self.doc.tokens.get(lo)?.span.start;
        self.entity_ending_at(end.checked_sub(1)?)
            .filter(|e| e.span.start >= from && e.label == Label::Per)
            .map(|e| e.span)
    }

    /// The span of tokens `first..end` when it is a person entity with a capitalised title
    /// before it and a parenthesised label after it ("Gov. John Kasich (R-OH)").
    fn titled_person(&self, first: usize, end: usize) -> Option<Span> {
        if first + 3 > end || self.text(end - 1) != ")" {
            return None;
        }
        let open = (first..end).rev().find(|&k| self.text(k) == "(")?;
        let name_start = (first..open).find(|&k| !self.text(k).ends_with('.'))?;
        if !(first..name_start).all(|k| self.text(k).starts_with(char::is_uppercase)) {
            return None;
        }
        self.person_between(name_start, open)?;
        Some(Span::new(
            self.doc.tokens[first].span.start,
            self.doc.tokens[end - 1].span.end,
        ))
    }

    /// The span of tokens `first..end` when it is exactly one person entity.
    fn person_between(&self, first: usize, end: usize) -> Option<Span> {
        if first >= end {
            return None;
        }
        let span = Span::new(
            self.doc.tokens[first].span.start,
            self.doc.tokens[end - 1].span.end,
        );
        self.entity_at(span)
            .filter(|e| e.label == Label::Per)
            .map(|e| e.span)
    }

    /// The subject of the sentence part `lo..hi`, after an opening phrase that ends in a
    /// comma ("Reprising her favourite line, the former secretary of state talked about …"):
    /// its first noun phrase when that is a pronoun, starts with a determiner or is a name the
    /// entity finder knows; else its first person or organisation entity or pronoun ("Hours
    /// later, Trump returned the compliment, telling Reuters …").
    pub fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Span> {
        self.subject(lo, hi, true)
    }

    /// Like [`Tokens::sentence_subject`], but only a name the entity finder knows or a
    /// pronoun: the guess for a quote with no attribution at all, where "The shop stayed
    /// dark behind a “Closed”" has no speaker.
    pub fn sentence_subject_named(&self, lo: usize, hi: usize) -> Option<Span> {
        self.subject(lo, hi, false)
    }

    /// The subject of the sentence part `lo..hi` as a guess for a quote with no attribution:
    /// [`Tokens::sentence_subject`], but a lower-case noun phrase is cut to its determiner and
    /// first word ("The ad" of "The ad targets a “rigged economy”"): without parts of speech
    /// the verb cannot be told from the noun.
    pub fn sentence_subject_guess(&self, lo: usize, hi: usize) -> Option<Span> {
        let m = self.subject(lo, hi, true)?;
        let k = first_token_from(self.doc, m.start);
        let lower_np = words::determiners().contains(self.text(k))
            && self
                .doc
                .tokens
                .get(k + 2)
                .is_some_and(|t| t.span.end <= m.end)
            && self.text(k + 1).starts_with(char::is_lowercase);
        if lower_np {
            return self.words_span(k, k + 2);
        }
        Some(m)
    }

    fn subject(&self, lo: usize, hi: usize, noun_phrases: bool) -> Option<Span> {
        let mut lo = lo.max(hi.saturating_sub(BEFORE_WINDOW));
        if let Some(dash) = self.dateline_end(lo, hi) {
            lo = dash + 1;
        }
        // A story label before a colon ("The Latest: Trump delivers …") is no subject.
        if let Some(c) = (lo..hi.min(lo + 3)).find(|&k| self.text(k) == ":") {
            if self.is_story_label(lo, c) {
                lo = c + 1;
            }
        }
        if lo < hi && self.opens_phrase(lo) {
            if let Some(comma) = (lo..hi.min(lo + MAX_APPOSITIVE)).find(|&k| self.text(k) == ",") {
                lo = comma + 1;
            }
        }
        let from = self.doc.tokens.get(lo)?.span.start;
        let to = self.doc.tokens.get(hi.saturating_sub(1))?.span.end;
        let first = self.entities.partition_point(|e| e.span.start < from);
        let first_entity = self.entities[first..]
            .iter()
            .take(MAX_MENTION)
            .take_while(|e| e.span.end <= to)
            .find(|e| matches!(e.label, Label::Per | Label::Org))
            .map(|e| e.span);
        let np_start = (lo..hi).find(|&k| self.is_word(k));
        if let Some(k) = np_start {
            let is_np = self.is_guess_pronoun(k)
                || noun_phrases && words::determiners().contains(self.text(k))
                || first_entity.is_some_and(|e| e.start == self.doc.tokens[k].span.start);
            if self.is_guess_pronoun(k) {
                return Some(self.doc.tokens[k].span);
            }
            // "Federal labor organizations have long campaigned …": a plural noun phrase
            // without a determiner before an auxiliary or a speech verb.
            if noun_phrases && self.text(k).starts_with(char::is_uppercase) && !self.is_stop(k) {
                let end = (k + 1..hi.min(k + 5)).find(|&e| {
                    self.is_verb(e)
                        || matches!(
                            self.text(e),
                            "have" | "has" | "are" | "were" | "will" | "would" | "can" | "could"
                        )
                });
                if let Some(e) = end.filter(|&e| {
                    looks_plural(self.text(e - 1))
                        && (k + 1..e).all(|j| {
                            self.is_word(j) && self.text(j).starts_with(char::is_lowercase)
                        })
                }) {
                    return self.words_span(k, e);
                }
            }
            if noun_phrases && self.is_group_start(k) {
                // "Hundreds of dock workers marched …": the group's words up to a verb-like
                // word, a stop word or punctuation ("of" kept).
                let end = (k + 1..hi.min(k + MAX_MENTION))
                    .find(|&e| {
                        let t = self.text(e);
                        t != "of"
                            && (!self.is_word(e)
                                || self.is_stop(e)
                                || self.is_verb(e)
                                || t.ends_with("ed"))
                    })
                    .unwrap_or(hi.min(k + MAX_MENTION));
                return self.words_span(k, end);
            }
            if is_np {
                if let Some(m) = self.mention_forward(k, hi) {
                    return Some(m);
                }
            }
        }
        let first_pronoun = (lo..hi)
            .find(|&k| self.is_guess_pronoun(k))
            .map(|k| self.doc.tokens[k].span);
        match (first_entity, first_pronoun) {
            (Some(e), Some(p)) => Some(if p.start < e.start { p } else { e }),
            (e, p) => e.or(p),
        }
    }

    /// The named subject of the sentence (from `lo`) for a pronoun `m` that opens an object
    /// relative clause: in "Rubio said he began to unmask Trump, whom he called a “con
    /// artist”" the words are Rubio's, named ("who he called" alike).
    fn relative_antecedent(&self, m: Span, lo: usize) -> Option<Span> {
        let k = first_token_from(self.doc, m.start);
        if k == 0 || k <= lo || !self.is_pronoun(k) {
            return None;
        }
        if !matches!(self.text(k - 1), "who" | "whom" | "what") {
            return None;
        }
        let name = self.sentence_subject_named(lo, k - 1)?;
        let i = self.entities.partition_point(|e| e.span.start < name.start);
        self.entities
            .get(i)
            .is_some_and(|e| e.span == name && e.label == Label::Per)
            .then_some(name)
    }

    /// A group named in lower-case words without a determiner between a quote and its verb
    /// at `v`: "“…,” officials said", "“…,” police said", "“…,” federal prosecutors wrote".
    fn plain_group(&self, start: usize, v: usize) -> Option<Span> {
        let mut end = v;
        while end > start && self.is_skip(end - 1) {
            end -= 1;
        }
        if end <= start || end - start > 3 {
            return None;
        }
        let plain = (start..end).all(|k| {
            let t = self.text(k);
            self.is_word(k)
                && t.starts_with(char::is_lowercase)
                && !self.is_stop(k)
                && !self.is_verb(k)
                && !self.is_participle(k)
        });
        let head = self.text(end - 1);
        let group = looks_plural(head)
            || matches!(
                head,
                "police" | "staff" | "military" | "crowd" | "audience" | "public"
            );
        (plain && group)
            .then(|| self.words_span(start, end))
            .flatten()
    }

    /// `m` with a mention joined to it by "and" before it, from `lo` on: "Smith and Jones
    /// said".
    fn with_conjunct(&self, m: Span, lo: usize) -> Span {
        let k = first_token_from(self.doc, m.start);
        if k < lo + 2 || self.text(k - 1) != "and" {
            return m;
        }
        match self.mention_back(k - 2, lo) {
            Some(first) if first.end <= self.doc.tokens[k - 1].span.start => {
                Span::new(first.start, m.end)
            }
            _ => m,
        }
    }

    /// The source that "in X's words" or "in the words of X" names before the quote at
    /// `qs`, with no other quote between: "X's words" ("In Becker's words, the plan is
    /// “a scam.”"), or X.
    fn in_words_of(&self, lo: usize, qs: usize) -> Option<Span> {
        let k = (lo + 2..qs).rev().find(|&k| self.text(k) == "words")?;
        if (k + 1..qs).any(|j| self.is_quote_mark(j)) {
            return None;
        }
        let is_in = |i: usize| self.text(i).eq_ignore_ascii_case("in");
        if self.text(k - 1) == "the" && is_in(k - 2) && self.text(k + 1) == "of" {
            return self.mention_forward(k + 2, qs);
        }
        if !matches!(self.text(k - 1), "’s" | "'s" | "’" | "'") {
            return None;
        }
        let first = (lo.max(k.saturating_sub(MAX_MENTION))..k - 1)
            .rev()
            .find(|&i| is_in(i))?;
        let named = first + 1 < k - 1
            && (first + 1..k - 1).all(|j| self.in_mention(j))
            && self.text(first + 1).starts_with(char::is_uppercase);
        named.then(|| self.words_span(first + 1, k + 1)).flatten()
    }

    /// The source after "according to" (from token `first`): the mention there, or the
    /// author after "by" ("according to calculations by Amy Glasmeier", "according to a court
    /// document filed by state attorney Dave Aronberg").
    fn according_source(&self, first: usize, hi: usize) -> Option<Span> {
        let m = self.mention_forward(first, hi)?;
        let k = first_token_from(self.doc, m.end);
        let by = (k..hi.min(k + 3))
            .find(|&b| self.text(b) == "by")
            .filter(|&b| {
                (k..b).all(|j| self.is_word(j) && self.text(j).starts_with(char::is_lowercase))
            });
        Some(
            by.and_then(|b| self.mention_forward(b + 1, hi))
                .unwrap_or(m),
        )
    }

    /// True when a speech verb and a colon come right before the quote at `qs` ("Smith
    /// said: “No.”"): what follows is someone's words, however short.
    pub fn verb_and_colon_before(&self, qs: usize) -> bool {
        qs >= 2 && self.text(qs - 1) == ":" && self.is_verb(qs - 2)
    }

    /// True when token `k` opens a noun phrase for a group of people without a determiner:
    /// "Hundreds of demonstrators", "Several senators", "Republicans on Capitol Hill".
    fn is_group_start(&self, k: usize) -> bool {
        let t = self.text(k);
        if matches!(
            t,
            "Hundreds" | "Thousands" | "Dozens" | "Scores" | "Several" | "Many" | "Some" | "Most"
        ) {
            return true;
        }
        // A plural name of a group: "Republicans", "Democrats", "Conservatives".
        let at = self.doc.tokens[k].span;
        let i = self.entities.partition_point(|e| e.span.start < at.start);
        t.len() > 3
            && t.ends_with('s')
            && self
                .entities
                .get(i)
                .is_some_and(|e| e.span == at && e.label == Label::Misc)
    }

    /// The dash that ends a dateline opening `lo..hi` ("Washington (AFP) –", "PORTLAND, Ore.
    /// -", "PHILADELPHIA, July 25 (UPI) —"): capitalised words, abbreviations, numbers, commas
    /// and a parenthesised agency before it.
    /// The agency only files the story; the sentence's subject comes after the dash.
    fn dateline_end(&self, lo: usize, hi: usize) -> Option<usize> {
        let end = hi.min(lo + MAX_DATELINE);
        let dash = (lo..end).find(|&k| !self.dateline_token(k))?;
        let spaced =
            self.doc.text[..self.doc.tokens[dash].span.start].ends_with(char::is_whitespace);
        (dash > lo && spaced && matches!(self.text(dash), "—" | "–" | "―" | "-" | "--"))
            .then_some(dash)
    }

    fn dateline_token(&self, k: usize) -> bool {
        let t = self.text(k);
        matches!(t, "(" | ")" | "," | ".")
            || t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    }

    /// True when token `i` opens an introductory phrase rather than a subject: a
    /// preposition or conjunction ("After", "In"), an -ing or -ly word ("Speaking", "Later").
    fn opens_phrase(&self, i: usize) -> bool {
        let t = lower_or_same(self.text(i));
        words::stop_words().contains(t.as_str())
            || words::prepositions().contains(t.as_str())
            || t.ends_with("ing")
            || t.ends_with("ly")
            || t.as_str() == "later"
            // A participle opening the sentence ("Preceded at the lectern by Joe Arpaio,
            // Trump launched …"), not a name ("Ted", "Reed").
            || t.len() > 5 && t.ends_with("ed") && !self.starts_entity(i)
    }

    /// True when an entity mention starts at token `i`.
    fn starts_entity(&self, i: usize) -> bool {
        let at = self.doc.tokens[i].span.start;
        self.entities
            .binary_search_by_key(&at, |e| e.span.start)
            .is_ok()
    }

    /// The subject of reported speech in the sentence `lo..hi`, which holds no quote: "She
    /// says people should …", "Rather, he said, the struggles …", "Greene added that …".
    /// The speech verb comes early in the sentence, as a main clause's verb does.
    pub fn reported_speaker(&self, lo: usize, hi: usize) -> Option<Span> {
        if (lo..hi).any(|k| self.is_quote_mark(k)) {
            return None;
        }
        let v = (lo..hi.min(lo + REPORTED_VERB)).find(|&v| self.is_verb(v))?;
        self.subject_of(v, lo)
    }

    /// The named subject of the sentence `lo..hi` when it is not inside a quotation that
    /// opens at or after token `from` (a line that is itself a quote, “We have to …”, names
    /// no subject).
    pub fn named_subject_outside_quotes(&self, from: usize, lo: usize, hi: usize) -> Option<Span> {
        let m = self.sentence_subject_named(lo, hi)?;
        let k = first_token_from(self.doc, m.start);
        let mut quoted = false;
        for j in from.min(lo)..k {
            quoted = quoted_after(quoted, self.text(j));
        }
        (!quoted).then_some(m)
    }

    /// The named subject of the sentence `lo..hi` when it holds no quote.
    pub fn named_subject_unquoted(&self, lo: usize, hi: usize) -> Option<Span> {
        if (lo..hi).any(|k| self.is_quote_mark(k)) {
            return None;
        }
        self.sentence_subject_named(lo, hi)
    }

    /// A pronoun or known name right after the quote that ends at `qe` (past its comma).
    pub fn subject_after(&self, qe: usize, hi: usize) -> Option<Span> {
        let k = (qe..hi.min(qe + 3)).find(|&k| self.is_word(k))?;
        if self.is_guess_pronoun(k) {
            return Some(self.doc.tokens[k].span);
        }
        let at = self.doc.tokens[k].span.start;
        let e = self
            .entities
            .get(self.entities.partition_point(|e| e.span.start < at))?;
        (e.span.start == at && matches!(e.label, Label::Per | Label::Org)).then_some(e.span)
    }

    /// The first words of a headline, up to the quote at `qs`: its subject.
    pub fn headline_subject(&self, lo: usize, qs: usize) -> Option<Span> {
        let end = (lo..qs.min(lo + MAX_COLON_LEAD))
            .find(|&k| !self.is_word(k))
            .unwrap_or(qs.min(lo + MAX_COLON_LEAD));
        self.words_span(lo, end.min(lo + 2))
    }

    /// A pronoun a fallback may guess as the speaker: "it" only counts before a speech verb
    /// ("it said"), never in "it is unclear".
    fn is_guess_pronoun(&self, i: usize) -> bool {
        self.is_pronoun(i) && !self.text(i).eq_ignore_ascii_case("it")
    }

    /// True when mention `m` is a pronoun ("he", "They") or a relative "who"/"which": it
    /// names its speaker only through an earlier name.
    pub fn is_pronoun_mention(&self, m: Span) -> bool {
        let t = &self.doc.text[m];
        matches!(t, "who" | "which") || words::pronouns().contains_key(lower_or_same(t).as_str())
    }

    /// True for a speaker pronoun ("he", "She", "they").
    pub fn is_pronoun(&self, i: usize) -> bool {
        words::pronouns().contains_key(lower_or_same(self.text(i)).as_str())
    }

    /// The mention nearest before token `qs` (and after `lo`, at most [`BEFORE_WINDOW`] tokens
    /// back) that `same` accepts: a person or organisation entity, or a speaker pronoun; not
    /// inside a quotation.
    pub fn nearest_mention_of(
        &self,
        lo: usize,
        qs: usize,
        same: impl Fn(Span) -> bool,
    ) -> Option<Span> {
        let lo = lo.max(qs.saturating_sub(BEFORE_WINDOW));
        let mut quoted = false;
        let mut best = None;
        for k in lo..qs {
            quoted = quoted_after(quoted, self.text(k));
            if quoted || !self.is_word(k) {
                continue;
            }
            let at = self.doc.tokens[k].span;
            let e = self
                .entities
                .get(self.entities.partition_point(|e| e.span.start < at.start));
            let mention = match e {
                Some(e)
                    if e.span.start == at.start && matches!(e.label, Label::Per | Label::Org) =>
                {
                    Some(e.span)
                }
                _ if self.is_guess_pronoun(k) => Some(at),
                _ => None,
            };
            if let Some(m) = mention.filter(|&m| same(m)) {
                best = Some(m);
            }
        }
        best
    }

    /// The closest person or organisation entity or speaker pronoun before token `qs` and
    /// after token `lo`: the fallback for a quote with no attribution pattern.
    pub fn nearest_before(&self, lo: usize, qs: usize) -> Option<Span> {
        let from = self.doc.tokens.get(lo)?.span.start;
        let to = self
            .doc
            .tokens
            .get(qs)
            .map_or(self.doc.text.len(), |t| t.span.start);
        let k = self.entities.partition_point(|e| e.span.start < to);
        let entity = self.entities[..k]
            .iter()
            .rev()
            .take(MAX_MENTION)
            .find(|e| e.span.start >= from && matches!(e.label, Label::Per | Label::Org))
            .map(|e| e.span);
        let pronoun = (lo..qs)
            .rev()
            .take(BEFORE_WINDOW)
            .find(|&k| self.is_guess_pronoun(k))
            .map(|k| self.doc.tokens[k].span);
        match (entity, pronoun) {
            (Some(e), Some(p)) => Some(if p.start > e.start { p } else { e }),
            (e, p) => e.or(p),
        }
    }
}
