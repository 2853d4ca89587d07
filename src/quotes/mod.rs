//! Quotations and their speakers.
//!
//! [`find`] works in three passes, each linear in the text:
//! 1. [`marks`] pairs quotation marks into segments, one line at a time (pasted news keeps
//!    one paragraph per line; see [`marks::lines`]).
//! 2. Each segment gets a [`QuoteKind`]: segments that continue a quotation from the previous
//!    line, scare quotes and titles, partial phrases, whole statements.
//! 3. `attribution` finds each quote's speaker mention in a bounded window of tokens around
//!    it; quotes without one inherit from the quotation they continue or the one just before,
//!    or get a guess; `resolve` then links the mention to an entity cluster.

mod attribution;
pub mod marks;
mod resolve;
pub(crate) mod words;

use crate::text::TokenKind;
use crate::{Cluster, Doc, Entity, Options, Span};
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

impl QuoteKind {
    /// The kind's name as the JSON output spells it: "statement", "partial", "continued",
    /// "scare".
    pub const fn code(self) -> &'static str {
        match self {
            QuoteKind::Statement => "statement",
            QuoteKind::Partial => "partial",
            QuoteKind::Continued => "continued",
            QuoteKind::Scare => "scare",
        }
    }
}

/// What ties a quotation to its speaker: the cue in the text, or none ([`Evidence::Guess`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Evidence {
    /// A speech verb links the mention and the quote: `“…,” X said`, `X called it “…”`,
    /// `The two diplomats “exchanged views …”` (the quote is the subject's predicate).
    Verb,
    /// A colon lead-in: `X said: “…”`, `From the ministry: “…”`, a transcript's `SMITH:`.
    Colon,
    /// `according to X`.
    AccordingTo,
    /// A dash after the quote: `“…” — X`.
    Dash,
    /// A cue names a pronoun (`“…,” he said`), which is resolved to an earlier name.
    Pronoun,
    /// No cue of its own, but the quote continues a quotation whose speaker has one, or
    /// follows such a quote in its paragraph or as the next paragraph's opening (news
    /// style: `“A,” X said. “B.”`); reported speech between the two names who goes on
    /// (`“A,” X said. Y says … . “B.”`).
    Continued,
    /// No cue at all: the subject of the quote's sentence or the line before, or the
    /// nearest name. [`Options::guess_speakers`] `false` leaves these out.
    Guess,
}

impl Evidence {
    /// The name the JSON output gives: "verb", "colon", "according-to", "dash", "pronoun",
    /// "continued", "guess".
    pub const fn code(self) -> &'static str {
        match self {
            Evidence::Verb => "verb",
            Evidence::Colon => "colon",
            Evidence::AccordingTo => "according-to",
            Evidence::Dash => "dash",
            Evidence::Pronoun => "pronoun",
            Evidence::Continued => "continued",
            Evidence::Guess => "guess",
        }
    }
}

/// Who a quotation is attributed to.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Speaker {
    /// The mention the quote is attributed to: a name, pronoun or noun phrase.
    pub span: Span,
    /// The entity cluster the mention refers to, when resolved.
    pub cluster: Option<usize>,
    /// What ties the mention to the quote.
    pub evidence: Evidence,
}

impl Speaker {
    /// A speaker mention with no resolved cluster.
    pub fn new(span: Span, evidence: Evidence) -> Speaker {
        Speaker {
            span,
            cluster: None,
            evidence,
        }
    }

    /// The same mention, carried to another quote with no cue of its own: a guess stays a
    /// guess, anything else becomes [`Evidence::Continued`].
    fn carried(&self) -> Speaker {
        Speaker {
            evidence: match self.evidence {
                Evidence::Guess => Evidence::Guess,
                _ => Evidence::Continued,
            },
            ..self.clone()
        }
    }
}

/// One quotation segment (within one paragraph).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Quote {
    /// The segment including its quotation marks (or up to its line's end when unclosed).
    pub span: Span,
    /// The words inside the marks.
    pub content: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// Segments of one quotation that spans paragraphs share a group id.
    pub group: usize,
}

/// How many lines after the last attributed quote a quote that opens its line with no cue
/// is guessed to be that speaker's.
const RECENT_SPEAKER_LINES: usize = 3;
/// Longest speaker label of a transcript line ("SEN. ELIZABETH WARREN:"), in bytes.
const TRANSCRIPT_LABEL_MAX: usize = 40;
/// Longest sentence after a quote that is read as its attribution ("Trump said.").
const NEXT_SENTENCE_ATTRIBUTION: usize = 8;
/// After a quote ending in "?" or "!" that a longer sentence follows, how close the speech
/// verb must be, in tokens ("“…?” Trump said to a crowd", "“…!” Rep. Glenn Thompson,
/// R-Pa., said of …").
const NEXT_SENTENCE_VERB: usize = 12;
/// Longest line after a quote's paragraph that signs it with a dash ("- Bernie Sanders.",
/// "—President Obama, tweeting after Clinton's speech."), in tokens.
const NEXT_LINE_SIGNATURE: usize = 12;
/// A headline is a short first line of a longer text.
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
    find_with(doc, entities, clusters, Options::default())
}

/// [`find`] with [`Options`].
pub fn find_with(
    doc: &Doc,
    entities: &[Entity],
    clusters: &[Cluster],
    options: Options,
) -> Vec<Quote> {
    let lines = marks::lines(doc);
    let headline = headline(doc, &lines);
    let segments = marks::segments(doc, &lines, headline);
    let cx = Context {
        doc,
        options,
        lines: &lines,
        headline,
        toks: Tokens::new(doc, entities, headline.map(|h| lines[h])),
    };
    let resolver = resolve::Resolver::new(doc, entities, clusters);
    let mut quotes: Vec<Quote> = Vec::with_capacity(segments.len());
    // (line, group) of a quotation left open at its line's end.
    let mut open_group: Option<(usize, usize)> = None;
    let mut next_group = 0;
    // Speaker of the most recent attributed quote: (line, speaker).
    let mut last_speaker: Option<(usize, Speaker)> = None;
    for seg in &segments {
        if is_markup(doc.text, seg) || doc.text[seg.content].trim().is_empty() {
            continue;
        }
        let line = lines[seg.line];
        let continues = open_group
            .filter(|&(l, _)| l + 1 == seg.line && seg.span.start == line.start)
            .map(|(_, g)| g);
        let group = continues.unwrap_or_else(|| {
            next_group += 1;
            next_group - 1
        });
        open_group = (!seg.closed).then_some((seg.line, group));
        let at = cx.place(seg);
        let after = cx.toks.after(at.qe, at.after_end);
        let kind = if continues.is_some() {
            QuoteKind::Continued
        } else if !matches!(after, Some(Found::TightAfter(..)))
            && !cx.toks.verb_and_colon_before(at.qs)
            && !exclaimed_after_colon(doc, seg, at.qs)
            && !is_sentence_of_its_own(doc, seg, at.qs)
            && is_name_like(doc, seg, cx.headline == Some(seg.line), at.qs)
        {
            QuoteKind::Scare
        } else if is_partial(doc.text, seg) {
            QuoteKind::Partial
        } else {
            QuoteKind::Statement
        };
        let mut speaker = None;
        if kind != QuoteKind::Scare {
            let previous = quotes.last().filter(|q| q.group == group);
            speaker = cx.speaker(
                seg,
                &at,
                after,
                continues.is_some(),
                previous,
                &last_speaker,
            );
            if let Some(s) = &mut speaker {
                s.cluster = resolver.cluster(s.span);
                // A speaker carried from an earlier quote is named again nearer this one
                // ("“…,” she says. She wants them “to admit it.”"): the nearest mention is the
                // one this quote is attributed to.
                if s.evidence == Evidence::Continued && continues.is_none() {
                    let (cluster, said) = (s.cluster, &doc.text[s.span]);
                    // The same entity, or the same pronoun when it resolves to none.
                    let same = |m: Span| match cluster {
                        Some(c) => resolver.cluster(m) == Some(c),
                        None => doc.text[m].eq_ignore_ascii_case(said),
                    };
                    if let Some(near) = cx.toks.nearest_mention_of(at.sentence_start, at.qs, same) {
                        if near.start > s.span.start {
                            s.span = near;
                        }
                    }
                }
                // A speaker guessed from a paragraph or more back is pointed at the name's
                // mention nearest the quote ("“…,” Tate said. ¶ Tate said he had … ¶ “It’s a
                // lot.”": the second "Tate").
                let far = seg.line > 0 && s.span.end <= lines[seg.line - 1].start;
                if s.evidence == Evidence::Guess && far {
                    if let Some(c) = s.cluster {
                        let from = first_token_at(doc, s.span.end);
                        let same = |m: Span| {
                            !cx.toks.is_pronoun_mention(m) && resolver.cluster(m) == Some(c)
                        };
                        if let Some(near) = cx.toks.nearest_mention_of(from, at.qs, same) {
                            s.span = near;
                        }
                    }
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
    share_speakers_within_groups(&mut quotes);
    quotes
}

/// Every segment of a quotation that runs over several paragraphs has its speaker: the
/// attribution usually follows the last segment ("“…\n\n“…,” she said."), so a segment
/// without one, or with a guess, takes the next segment's (a guess only when the next one's
/// own words name the speaker), else the previous one's. Segments of one group are
/// consecutive in `quotes`.
fn share_speakers_within_groups(quotes: &mut [Quote]) {
    let mut start = 0;
    while start < quotes.len() {
        let group = quotes[start].group;
        let end = start
            + quotes[start..]
                .iter()
                .take_while(|q| q.group == group)
                .count();
        let mut carried: Option<Speaker> = None;
        for q in quotes[start..end].iter_mut().rev() {
            match &q.speaker {
                // A later segment's attribution outranks a guess ("“They told us … ¶ “Well,
                // tonight …,” Echeverría said.").
                Some(s)
                    if s.evidence == Evidence::Guess
                        && carried.as_ref().is_some_and(|c| {
                            !matches!(c.evidence, Evidence::Guess | Evidence::Continued)
                        }) =>
                {
                    q.speaker = carried.as_ref().map(Speaker::carried)
                }
                Some(s) => carried = Some(s.clone()),
                None if q.kind != QuoteKind::Scare => {
                    q.speaker = carried.as_ref().map(Speaker::carried)
                }
                None => {}
            }
        }
        for k in start + 1..end {
            if quotes[k].speaker.is_none() && quotes[k].kind != QuoteKind::Scare {
                quotes[k].speaker = quotes[k - 1].speaker.as_ref().map(Speaker::carried);
            }
        }
        start = end;
    }
}

/// What every quote of one text is looked up in.
struct Context<'a, 'd, 't> {
    doc: &'d Doc<'t>,
    options: Options,
    lines: &'a [Span],
    headline: Option<usize>,
    toks: Tokens<'d, 't>,
}

/// Where a segment sits, in token indexes.
struct Place {
    /// The opening mark's token.
    qs: usize,
    /// The first token after the segment.
    qe: usize,
    /// End of the tokens after the quote searched for its attribution.
    after_end: usize,
    /// Start of the quote's sentence (within its line).
    sentence_start: usize,
    /// First token of the quote's line.
    line_start: usize,
}

impl Context<'_, '_, '_> {
    fn place(&self, seg: &Segment) -> Place {
        let (doc, toks) = (self.doc, &self.toks);
        let line = self.lines[seg.line];
        let qs = first_token_at(doc, seg.span.start);
        let qe = first_token_at(doc, seg.span.end);
        let line_start = first_token_at(doc, line.start);
        let line_end = first_token_at(doc, line.end);
        // The attribution after a quote lies in the rest of its sentence. A new sentence
        // after the quote counts only after a dash (“Never again.” — Lena Ortiz), when short
        // ("Vitter demanded.", "“… missing.” Trump said."), or after a quote ending in "?"
        // or "!" when a verb comes at once ("“…?” Trump said to a crowd of about 500"); never
        // "“…soft.” He says referees …".
        let after_end = if qe < line_end {
            let next = toks.sentence_of(qe);
            let asks = doc.text[seg.content].trim_end().ends_with(['?', '!']);
            let dash = matches!(doc.token_text(qe), "—" | "–" | "―" | "--");
            if next.start < qe || dash || next.len() <= NEXT_SENTENCE_ATTRIBUTION {
                next.end.min(line_end)
            } else if asks {
                next.end.min(line_end).min(qe + NEXT_SENTENCE_VERB)
            } else {
                qe
            }
        } else {
            // A quote that ends its paragraph may be signed on the next line: “…” ¶ - Bernie
            // Sanders.
            self.lines
                .get(seg.line + 1)
                .map(|next| {
                    (
                        first_token_at(doc, next.start),
                        first_token_at(doc, next.end),
                    )
                })
                .filter(|&(first, end)| {
                    let dash = |k: usize| matches!(doc.token_text(k), "—" | "–" | "―" | "--" | "-");
                    // "– Ready to quiz Trump –." between dashes is a section heading.
                    let last = (first..end).rev().find(|&k| doc.token_text(k) != ".");
                    first == qe
                        && first < end
                        && end - first <= NEXT_LINE_SIGNATURE
                        && dash(first)
                        && last.is_some_and(|k| k > first && !dash(k))
                })
                .map_or(qe, |(_, end)| end)
        };
        Place {
            qs,
            qe,
            after_end: after_end.max(qe),
            sentence_start: toks.sentence_of(qs).start.min(qs).max(line_start),
            line_start,
        }
    }

    /// The speaker of a segment, trying in turn: the attribution patterns around it; a colon
    /// lead-in ending the line before; the quotation it continues or the quote just before
    /// it; then, when guessing, the subject of the line before; the subject of its own
    /// sentence or the nearest name; a name right after it; the headline's first words.
    fn speaker(
        &self,
        seg: &Segment,
        at: &Place,
        after: Option<Found>,
        continued: bool,
        previous_segment: Option<&Quote>,
        last_speaker: &Option<(usize, Speaker)>,
    ) -> Option<Speaker> {
        let (doc, toks) = (self.doc, &self.toks);
        let opens_line = seg.span.start == self.lines[seg.line].start;
        let before = toks.before(at.sentence_start, at.qs);
        let found = match (after, before) {
            // "The two diplomats “exchanged views …,” according to a readout": the subject
            // whose verb takes the quote speaks; the readout only reports it.
            (Some(a @ Found::According(..)), b) => toks
                .subject_then_quote(at.sentence_start, at.qs)
                .map(|m| Found::Subject(m, Evidence::Verb))
                .or(b.filter(|b| matches!(b, Found::Subject(..))))
                .or(Some(a)),
            // A dash after a quote inside a sentence that a verb before it attributes is a
            // byline or an aside ("… insisted his party was “still the No. 1 force.”--Kim
            // Hjelmgaard."), not the quote's signature.
            (Some(Found::TightAfter(_, Evidence::Dash)), Some(b))
                if at.qs > at.sentence_start && b.parts().1 == Evidence::Verb =>
            {
                Some(b)
            }
            (Some(a @ Found::TightAfter(..)), _) => Some(a),
            (_, Some(b)) => Some(b),
            (a, None) => a,
        };
        let cued = |(m, e): (Span, Evidence)| {
            let e = if toks.is_pronoun_mention(m) {
                Evidence::Pronoun
            } else {
                e
            };
            Speaker::new(m, e)
        };
        if let Some(s) = found
            .map(|f| cued(f.parts()))
            .or_else(|| transcript_label(doc, seg))
        {
            return Some(s);
        }
        // The last sentence of the line before, for lead-ins across lines.
        let previous_line = (opens_line && seg.line > 0).then(|| {
            let prev = self.lines[seg.line - 1];
            let end = first_token_at(doc, prev.end);
            let lo = end
                .checked_sub(1)
                .map_or(0, |last| toks.sentence_of(last).start)
                .max(first_token_at(doc, prev.start));
            (prev, lo, end)
        });
        // A colon lead-in ending the line before: "Cruz continued:" ¶ “…”.
        if let Some((prev, lo, end)) = previous_line.filter(|_| !continued) {
            if doc.text[prev].ends_with(':') {
                let lead = toks
                    .before(lo, end)
                    .map(Found::span)
                    .or_else(|| toks.sentence_subject(lo, end));
                if let Some(m) = lead {
                    return Some(cued((m, Evidence::Colon)));
                }
            }
        }
        // Inherit: a continued segment from its quotation; a quote with no attribution from
        // the quote just before it on the same line, or on the line before when it opens its
        // line.
        if let Some(s) = previous_segment.and_then(|q| q.speaker.as_ref()) {
            return Some(s.carried());
        }
        // Reported speech in the sentence before a quote that opens its own names who goes
        // on: "“A,” said Gloria Garcia. She says people should … . “B.”"
        let between = if at.qs > at.sentence_start {
            None
        } else if at.sentence_start > at.line_start {
            let lo = toks
                .sentence_of(at.sentence_start - 1)
                .start
                .max(at.line_start);
            Some((lo, at.sentence_start))
        } else {
            previous_line.map(|(_, lo, end)| (lo, end))
        };
        let reported = between.and_then(|(lo, hi)| toks.reported_speaker(lo, hi));
        // A guess carried from the quote before yields to this quote's own guesses.
        let mut carried_guess = None;
        let near = last_speaker
            .as_ref()
            .filter(|(line, _)| *line == seg.line || *line + 1 == seg.line && opens_line);
        let last_word = |span: Span| doc.text[span].rsplit(' ').next().unwrap_or("");
        if let Some((_, s)) = near {
            // A quote inside a sentence whose own named subject is someone else is not the
            // last speaker's: "… Sanders said. Meanwhile, Clinton endorsed the deal, although
            // she made it clear that she has “serious concerns”".
            // (Not a name the quote's words go on from: "Biden “kind of misspoke.”")
            let own_subject = (at.qs > at.sentence_start)
                .then(|| toks.named_subject_unquoted(at.sentence_start, at.qs))
                .flatten()
                .filter(|&m| {
                    !toks.is_pronoun_mention(m)
                        && last_word(m) != last_word(s.span)
                        && first_token_at(doc, m.end) < at.qs
                });
            if s.evidence == Evidence::Guess {
                carried_guess = Some(s.carried());
            } else if own_subject.is_none() {
                if let Some(m) = reported {
                    return Some(Speaker::new(m, Evidence::Continued));
                }
                // The speaker named again as the subject of the sentence between: "“A,” says
                // Melissa Roloson. Roloson supports … . “B.”"
                let again = between
                    .and_then(|(lo, hi)| toks.named_subject_unquoted(lo, hi))
                    .filter(|&m| m != s.span && last_word(m) == last_word(s.span));
                return Some(match again {
                    Some(m) => Speaker {
                        span: m,
                        ..s.carried()
                    },
                    None => s.carried(),
                });
            }
        }
        if !self.options.guess_speakers {
            return None;
        }
        if let Some(m) = reported {
            return Some(Speaker::new(m, Evidence::Guess));
        }
        // A line that opens with an unattributed quote after a line about someone:
        // "Clinton restricted comments to …" ¶ “If any bank can’t be managed, …”
        if let Some((prev, lo, end)) = previous_line {
            let from = first_token_at(doc, prev.start);
            if let Some(m) = toks.named_subject_outside_quotes(from, lo, end) {
                return Some(Speaker::new(m, Evidence::Guess));
            }
        }
        // Guesses: the subject of the quote's sentence (a noun phrase too: "The ad targets a
        // “corrupt political system”"; on PolNeAR train this guess was right 26 times more
        // than a name-only subject) or the nearest name before it; a
        // pronoun or name right after it ("After saying her foot was “so swollen …,” she
        // was …"); a headline's first words ("Frustrated Parents Rally Nationwide To
        // ‘Reclaim Our Schools’").
        // A quote that opens its sentence is about the name right after it sooner than the
        // one before it ("“Very good reporter,” Trump, the front-runner, …").
        let opens_sentence = at.qs <= at.sentence_start;
        toks.sentence_subject_guess(at.sentence_start, at.qs)
            .or_else(|| {
                opens_sentence
                    .then(|| toks.subject_after(at.qe, at.after_end))
                    .flatten()
            })
            .or_else(|| toks.nearest_before(at.line_start, at.qs))
            .or_else(|| toks.subject_after(at.qe, at.after_end))
            .or_else(|| {
                (self.headline == Some(seg.line) && at.qs > at.line_start)
                    .then(|| toks.headline_subject(at.line_start, at.qs))
                    .flatten()
            })
            .map(|m| Speaker::new(m, Evidence::Guess))
            .or(carried_guess)
            .or_else(|| {
                // A paragraph that opens with a quote nothing attributes, a paragraph or two
                // after someone's quote, with no one named in between: that speaker goes on
                // ("“…,” Arcand said. ¶ The town has also applied … ¶ “Those families are
                // stuck.”").
                last_speaker
                    .as_ref()
                    .filter(|(line, s)| {
                        opens_line
                            && seg.line <= line + RECENT_SPEAKER_LINES
                            && s.evidence != Evidence::Guess
                    })
                    .map(|(_, s)| Speaker {
                        evidence: Evidence::Guess,
                        ..s.carried()
                    })
            })
    }
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
        Speaker::new(
            Span::new(seg.content.start, seg.content.start + label.len()),
            Evidence::Colon,
        )
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

/// A quotation that is a sentence of its own: it opens a sentence (after . ? ! or at a line
/// start) and ends in . ? or ! inside the marks: "“Absolutely.”", "“Ready?”". Titles
/// and nicknames do not end so.
fn is_sentence_of_its_own(doc: &Doc, seg: &Segment, qs: usize) -> bool {
    let content = doc.text[seg.content].trim_end();
    let ends = content.ends_with(['.', '?', '!']) && !content.ends_with("..");
    let before = doc.text[..seg.span.start].trim_end_matches([' ', '\t']);
    let opens = qs == 0
        || before.is_empty()
        || before.ends_with(['\n', '.', '?', '!'])
        || before
            .strip_suffix(['”', '"'])
            .is_some_and(|b| b.trim_end().ends_with(['.', '?', '!']));
    ends && opens
}

/// A quotation after a colon that ends a sentence of its own inside its marks: “Reckless.” in
/// "The senator had one word for the plan: “Reckless.”" is someone's word, not a title.
fn exclaimed_after_colon(doc: &Doc, seg: &Segment, qs: usize) -> bool {
    qs >= 1
        && doc.token_text(qs - 1) == ":"
        && doc.text[seg.content].trim_end().ends_with(['.', '!', '?'])
}

/// Scare quotes, titles and nicknames: after "so-called", "dubbed"…; or a few title-case
/// words outside the headline (“Shark Tank”, “Little Marco”); or no letters at all.
fn is_name_like(doc: &Doc, seg: &Segment, in_headline: bool, qs: usize) -> bool {
    let content = &doc.text[seg.content];
    if !content.chars().any(char::is_alphabetic) {
        return true;
    }
    if qs > 0 && doc.tokens[qs - 1].kind == TokenKind::Word {
        let w = crate::text::lower_or_same(doc.token_text(qs - 1));
        if words::name_cues().contains(&w) {
            return true;
        }
        if w.as_str() == "as" && qs > 1 && doc.token_text(qs - 2).eq_ignore_ascii_case("known") {
            return true;
        }
    }
    if in_headline || seg.family == Family::Single && !seg.closed {
        return false;
    }
    let words = content
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .take(TITLE_MAX_WORDS + 1);
    // (Tested word by word as they come: no vector of them.)
    let (mut count, mut capitalised, mut title) = (0, false, true);
    for w in words {
        count += 1;
        let first = w.chars().next();
        capitalised |= first.is_some_and(char::is_uppercase);
        title &= first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || TITLE_SMALL_WORDS.contains(&w);
    }
    count <= TITLE_MAX_WORDS && capitalised && title
}
