//! Quotations and their speakers.
//!
//! [`find`] works in three passes, each linear in the text:
//! 1. [`marks`] pairs quotation marks into segments, one paragraph at a time.
//! 2. Each segment gets a [`QuoteKind`]: segments that continue a quotation from the previous
//!    paragraph, scare quotes and titles, partial phrases, whole statements.
//! 3. [`attribution`] finds each quote's speaker mention in a bounded window of tokens around
//!    it; quotes without one inherit from the quotation they continue or the one just before;
//!    the mention is then linked to an entity cluster.

mod attribution;
pub mod marks;
mod resolve;
mod words;

use crate::text::TokenKind;
use crate::{Cluster, Doc, Entity, Span};
use attribution::{Found, Tokens};
use marks::{Family, Segment};
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
        Speaker {
            span,
            cluster: None,
        }
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

/// Attribute a quote with no attribution pattern to the closest mention before it: PolNeAR
/// attributes nearly every quote, so a guess beats no speaker.
const NEAREST_FALLBACK: bool = true;
/// Longest speaker label of a transcript line ("SEN. ELIZABETH WARREN:"), in bytes.
const TRANSCRIPT_LABEL_MAX: usize = 40;
/// Longest sentence after a quote ending in "?" or "!" that is read as its attribution.
const NEXT_SENTENCE_ATTRIBUTION: usize = 8;
/// Whether an unattributed quote that opens a line takes the subject of the line before.
const PREVIOUS_LINE_SUBJECT: bool = true;
/// After a quote ending in "?" or "!" that a longer sentence follows, how close the speech
/// verb must be ("“…?” Trump said to a crowd").
const NEXT_SENTENCE_VERB: usize = 4;
/// A headline is a short first paragraph of a longer text.
const HEADLINE_MAX_TOKENS: usize = 30;
/// Quotes of at most this many words that look like a title ("Shark Tank", “Little Marco”)
/// are names, not someone's words.
const TITLE_MAX_WORDS: usize = 4;
/// Lower-case words allowed inside a title ("The Art of the Deal").
const TITLE_SMALL_WORDS: &[&str] = &[
    "of", "the", "and", "a", "an", "to", "in", "for", "on", "at", "by", "with", "or", "de",
];

/// Finds the quotations of `doc`, sorted by start and not overlapping.
///
/// ```
/// use article_highlighter::{quotes, text::Doc, QuoteKind};
/// let doc = Doc::new("“We will win,” she said.\n\nThe so-called “deal” fell apart.");
/// let q = quotes::find(&doc, &[], &[]);
/// assert_eq!(&doc.text[q[0].span], "“We will win,”");
/// assert_eq!(&doc.text[q[0].speaker.as_ref().unwrap().span], "she");
/// assert_eq!(q[1].kind, QuoteKind::Scare);
/// ```
pub fn find(doc: &Doc, entities: &[Entity], clusters: &[Cluster]) -> Vec<Quote> {
    let lines = marks::lines(doc);
    let headline = headline(doc, &lines);
    let segments = marks::segments(doc, &lines, headline);
    let toks = Tokens {
        doc,
        entities,
        headline_span: headline.map(|h| lines[h]),
    };
    let resolver = resolve::Resolver::new(doc, entities, clusters);
    let mut quotes: Vec<Quote> = Vec::with_capacity(segments.len());
    // (paragraph, group) of a quotation left open at its paragraph's end.
    let mut open_group: Option<(usize, usize)> = None;
    let mut next_group = 0;
    // Speaker of the most recent attributed quote: (paragraph, speaker).
    let mut last_speaker: Option<(usize, Speaker)> = None;
    for seg in &segments {
        if is_markup(doc.text, seg) || doc.text[seg.content].trim().is_empty() {
            continue;
        }
        let line = lines[seg.line];
        let continues =
            open_group.filter(|&(p, _)| p + 1 == seg.line && seg.span.start == line.start);
        let group = match continues {
            Some((_, g)) => g,
            None => {
                next_group += 1;
                next_group - 1
            }
        };
        open_group = (!seg.closed).then_some((seg.line, group));
        let qs = first_token_at(doc, seg.span.start);
        let qe = first_token_at(doc, seg.span.end);
        let in_headline = headline == Some(seg.line);
        // The sentence after the mark: a quote that ends in “?” or “.” is split from "Vitter
        // demanded." by the sentence splitter.
        let after_end = if qe < doc.tokens.len() && line.contains(doc.tokens[qe].span) {
            let next = toks.sentence_of(qe);
            let asks = doc.text[seg.content].trim_end().ends_with(['?', '!']);
            // A new sentence after the quote attributes it only when the quote ends in "?" or
            // "!" and the sentence is short ("Vitter demanded."), or very short after "."
            // ("Trump said."), not "He says referees …"; or
            // when it is a dash attribution (“Never again.” — Lena Ortiz).
            let dash = matches!(doc.token_text(qe), "—" | "–" | "―" | "--");
            let short = asks && next.len() <= NEXT_SENTENCE_ATTRIBUTION;
            let line_end = first_token_at(doc, line.end);
            if next.start < qe || dash || short {
                next.end.min(line_end)
            } else if asks {
                // “…?” Trump said to a crowd of about 500: the verb comes at once.
                next.end.min(line_end).min(qe + NEXT_SENTENCE_VERB)
            } else {
                qe
            }
        } else {
            qe
        };
        let after = toks.after(qe, after_end.max(qe));
        let kind = if continues.is_some() {
            QuoteKind::Continued
        } else if !matches!(after, Some(Found::TightAfter(_)))
            && is_name_like(doc, seg, in_headline, qs)
        {
            QuoteKind::Scare
        } else if is_partial(doc.text, seg) {
            QuoteKind::Partial
        } else {
            QuoteKind::Statement
        };
        let mut speaker = None;
        if kind != QuoteKind::Scare {
            let sentence_start = toks.sentence_of(qs).start.min(qs);
            let para_first_token = first_token_at(doc, line.start);
            let before = toks.before(sentence_start.max(para_first_token), qs);
            let found = match (after, before) {
                (Some(a @ (Found::TightAfter(_) | Found::According(_))), _) => Some(a),
                (_, Some(b)) => Some(b),
                (a, None) => a,
            };
            speaker = found
                .map(|f| Speaker::new(f.span()))
                .or_else(|| transcript_label(doc, seg));
            let opens_paragraph = seg.span.start == line.start;
            // A colon lead-in ending the previous paragraph: "Cruz continued:" ¶ “…”.
            if speaker.is_none() && opens_paragraph && continues.is_none() && seg.line > 0 {
                let prev = lines[seg.line - 1];
                if doc.text[prev].ends_with(':') {
                    let end = first_token_at(doc, prev.end);
                    let lo = end
                        .checked_sub(1)
                        .map_or(0, |last| toks.sentence_of(last).start)
                        .max(first_token_at(doc, prev.start));
                    speaker = toks
                        .before(lo, end)
                        .map(|f| Speaker::new(f.span()))
                        .or_else(|| toks.sentence_subject(lo, end).map(Speaker::new));
                }
            }
            // Inherit: a continued segment from its quotation; a quote with no attribution
            // from the quote just before it in the same or the previous paragraph.
            if speaker.is_none() {
                if let Some(prev) = quotes.last().filter(|q| q.group == group) {
                    speaker = prev.speaker.clone();
                } else if let Some((p, s)) = &last_speaker {
                    if *p == seg.line || *p + 1 == seg.line && opens_paragraph {
                        speaker = Some(s.clone());
                    }
                }
            }
            // A line that opens with an unattributed quote after a line about someone:
            // "Clinton restricted comments to …" ¶ “If any bank can’t be managed, …”
            if speaker.is_none() && opens_paragraph && seg.line > 0 && PREVIOUS_LINE_SUBJECT {
                let prev = lines[seg.line - 1];
                let end = first_token_at(doc, prev.end);
                let lo = end
                    .checked_sub(1)
                    .map_or(0, |last| toks.sentence_of(last).start)
                    .max(first_token_at(doc, prev.start));
                speaker = toks.sentence_subject_named(lo, end).map(Speaker::new);
            }
            // Last resort: the closest person, organisation or pronoun before the quote in
            // its paragraph.
            if speaker.is_none() && NEAREST_FALLBACK {
                speaker = toks
                    .sentence_subject_named(sentence_start.max(para_first_token), qs)
                    .or_else(|| toks.nearest_before(para_first_token, qs))
                    .map(Speaker::new);
            }
            // "After saying her foot was “so swollen …,” she was …": the subject follows.
            if speaker.is_none() && NEAREST_FALLBACK && qe < after_end {
                speaker = toks.subject_after(qe, after_end).map(Speaker::new);
            }
            // A headline's quote belongs to the headline's subject ("Frustrated Parents Rally
            // Nationwide To ‘Reclaim Our Schools’").
            if speaker.is_none() && in_headline && qs > para_first_token {
                speaker = toks
                    .headline_subject(para_first_token, qs)
                    .map(Speaker::new);
            }
            if let Some(s) = &mut speaker {
                if s.cluster.is_none() {
                    s.cluster = resolver.cluster(s.span);
                }
                last_speaker = Some((seg.line, s.clone()));
            }
        }
        quotes.push(Quote {
            span: seg.span,
            content: seg.content,
            kind,
            speaker,
            group,
        });
    }
    quotes
}

/// A transcript line names its speaker in capitals before a colon: "PENCE: Well, …".
fn transcript_label(doc: &Doc, seg: &Segment) -> Option<Speaker> {
    let content = &doc.text[seg.content];
    let (label, _) = content.split_once(':')?;
    let is_label = label.len() <= TRANSCRIPT_LABEL_MAX
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\''))
        && label.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    is_label.then(|| {
        Speaker::new(Span::new(
            seg.content.start,
            seg.content.start + label.len(),
        ))
    })
}

/// The headline: the first line of a text with more than one, when short.
fn headline(doc: &Doc, lines: &[Span]) -> Option<usize> {
    let first = lines.first()?;
    let tokens = doc
        .tokens
        .iter()
        .take_while(|t| t.span.end <= first.end)
        .count();
    (lines.len() > 1 && tokens <= HEADLINE_MAX_TOKENS).then_some(0)
}

/// Index of the first token starting at or after byte `at`.
fn first_token_at(doc: &Doc, at: usize) -> usize {
    doc.tokens.partition_point(|t| t.span.start < at)
}

/// An attribute value in pasted markup (`<tweet id="7503">`) is no quotation.
fn is_markup(text: &str, seg: &Segment) -> bool {
    text[..seg.span.start].ends_with('=')
}

/// A phrase quoted inside the writer's sentence: the mark follows a word and the quoted
/// words start in lower case.
fn is_partial(text: &str, seg: &Segment) -> bool {
    let before = text[..seg.span.start].trim_end().chars().next_back();
    let first = text[seg.content].chars().find(|c| c.is_alphanumeric());
    before.is_some_and(char::is_alphanumeric) && !first.is_some_and(char::is_uppercase)
}

/// Scare quotes, titles and nicknames: after "so-called", "dubbed"…; or a few title-case
/// words outside the headline (“Shark Tank”, “Little Marco”); or no letters at all.
fn is_name_like(doc: &Doc, seg: &Segment, in_headline: bool, qs: usize) -> bool {
    let content = &doc.text[seg.content];
    if !content.chars().any(char::is_alphabetic) {
        return true;
    }
    if qs > 0 && doc.tokens[qs - 1].kind == TokenKind::Word {
        let w = doc.token_text(qs - 1).to_lowercase();
        if words::name_cues().contains(&w) {
            return true;
        }
        if w == "as" && qs > 1 && doc.token_text(qs - 2).eq_ignore_ascii_case("known") {
            return true;
        }
    }
    if in_headline || seg.family == Family::Single && !seg.closed {
        return false;
    }
    let words: Vec<&str> = content
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= TITLE_MAX_WORDS
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || TITLE_SMALL_WORDS.contains(w)
        })
}
