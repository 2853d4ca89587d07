//! What front ends show: a serialisable view of an [`Analysis`] in the offset unit the front
//! end needs, and the nested event stream every renderer (terminal, markers, DOM) consumes.

use crate::offsets::{OffsetMap, Unit};
use crate::{Analysis, Label, QuoteKind, Span};
use serde::Serialize;

/// A span in the view's unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SpanView {
    pub start: usize,
    pub end: usize,
}

/// An entity mention as front ends see it.
#[derive(Clone, Debug, Serialize)]
pub struct EntityView<'a> {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub text: &'a str,
    pub score: f32,
    pub cluster: Option<usize>,
}

/// A quote's speaker as front ends see it.
#[derive(Clone, Debug, Serialize)]
pub struct SpeakerView<'a> {
    pub start: usize,
    pub end: usize,
    /// The mention as written ("he", "the ministry", "Putin").
    pub text: &'a str,
    pub cluster: Option<usize>,
    /// The resolved name: the cluster's canonical name, else the mention text.
    pub name: &'a str,
    /// What ties the mention to the quote ([`crate::Evidence::code`]): "verb", "colon",
    /// "according-to", "dash", "pronoun", "continued" or "guess".
    pub evidence: &'static str,
}

/// A quotation segment as front ends see it.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteView<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub content: SpanView,
    pub kind: QuoteKind,
    pub group: usize,
    pub speaker: Option<SpeakerView<'a>>,
}

/// A name cluster as front ends see it.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterView<'a> {
    pub id: usize,
    pub name: &'a str,
    pub label: Label,
    /// Indexes into `entities`.
    pub mentions: &'a [usize],
}

/// The whole analysis with offsets in one unit: the CLI's JSON (code points) and the object
/// JavaScript receives (UTF-16 code units) are both this.
#[derive(Clone, Debug, Serialize)]
pub struct AnalysisView<'a> {
    /// "codepoints" or "utf16" (or "bytes"): the unit of every offset below.
    pub unit: &'static str,
    pub paragraphs: Vec<SpanView>,
    pub sentences: Vec<SpanView>,
    pub tokens: Vec<SpanView>,
    pub entities: Vec<EntityView<'a>>,
    pub quotes: Vec<QuoteView<'a>>,
    pub clusters: Vec<ClusterView<'a>>,
}

impl<'a> AnalysisView<'a> {
    /// Converts every span of `analysis` to `unit`.
    ///
    /// ```
    /// use article_highlighter::{Analyzer, offsets::Unit, output::AnalysisView};
    /// let a = Analyzer::new().unwrap().analyze("😀 Angela Merkel spoke.");
    /// let view = AnalysisView::new(&a, Unit::Utf16);
    /// assert_eq!((view.entities[0].start, view.entities[0].text), (3, "Angela Merkel"));
    /// ```
    pub fn new(analysis: &'a Analysis<'a>, unit: Unit) -> AnalysisView<'a> {
        let text = analysis.text();
        let map = OffsetMap::new(text);
        let mut ascending = map.ascending(unit);
        let mut sv = |s: Span| {
            let (start, end) = ascending.span(s);
            SpanView { start, end }
        };
        AnalysisView {
            unit: match unit {
                Unit::Bytes => "bytes",
                Unit::Utf16 => "utf16",
                Unit::CodePoints => "codepoints",
            },
            paragraphs: analysis.doc.paragraphs.iter().map(|p| sv(p.span)).collect(),
            sentences: analysis.doc.sentences.iter().map(|s| sv(s.span)).collect(),
            tokens: analysis.doc.tokens.iter().map(|t| sv(t.span)).collect(),
            entities: analysis
                .entities
                .iter()
                .map(|e| {
                    let s = sv(e.span);
                    EntityView {
                        start: s.start,
                        end: s.end,
                        label: e.label,
                        text: &text[e.span],
                        score: e.score,
                        cluster: e.cluster,
                    }
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| {
                    let s = sv(q.span);
                    QuoteView {
                        start: s.start,
                        end: s.end,
                        text: &text[q.span],
                        content: sv(q.content),
                        kind: q.kind,
                        group: q.group,
                        speaker: q.speaker.as_ref().map(|sp| {
                            let s = sv(sp.span);
                            SpeakerView {
                                start: s.start,
                                end: s.end,
                                text: &text[sp.span],
                                cluster: sp.cluster,
                                name: speaker_name(analysis, sp),
                                evidence: sp.evidence.code(),
                            }
                        }),
                    }
                })
                .collect(),
            clusters: analysis
                .clusters
                .iter()
                .map(|c| ClusterView {
                    id: c.id,
                    name: &c.name,
                    label: c.label,
                    mentions: &c.mentions,
                })
                .collect(),
        }
    }
}

/// The name to show for a speaker: its cluster's canonical name when resolved ("Vladimir
/// Putin" for "he"), else the mention as written.
pub fn speaker_name<'a>(analysis: &'a Analysis<'a>, speaker: &crate::Speaker) -> &'a str {
    speaker
        .cluster
        .and_then(|c| analysis.clusters.get(c))
        .map_or(&analysis.text()[speaker.span], |c| c.name.as_str())
}

/// One step of the nested walk over the text made by [`events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Plain text (also the white space between paragraphs).
    Text(Span),
    ParagraphStart(usize),
    ParagraphEnd(usize),
    /// Start of `analysis.quotes[i]`.
    QuoteStart(usize),
    QuoteEnd(usize),
    /// Start of `analysis.entities[i]`.
    EntityStart(usize),
    EntityEnd(usize),
}

/// The text of `analysis` as properly nested events: paragraphs hold quotes and entities,
/// quotes hold entities. The `Text` events joined give back the whole text, byte for byte.
/// Quote kinds in `skip_quotes` are left out; an entity that crosses a quote's edge is shown
/// outside it, without its highlight.
///
/// ```
/// use article_highlighter::{Analyzer, output::{events, Event}};
/// let a = Analyzer::new().unwrap().analyze("Hi Angela Merkel");
/// let ev = events(&a, &[]);
/// assert_eq!(ev[0], Event::ParagraphStart(0));
/// assert!(ev.contains(&Event::EntityStart(0)));
/// ```
pub fn events(analysis: &Analysis, skip_quotes: &[QuoteKind]) -> Vec<Event> {
    // (position, order at that position, event): ends before starts; outer before inner.
    let mut marks: Vec<(usize, u8, Event)> = Vec::new();
    let paras = &analysis.doc.paragraphs;
    for (i, p) in paras.iter().enumerate() {
        marks.push((p.span.start, 3, Event::ParagraphStart(i)));
        marks.push((p.span.end, 2, Event::ParagraphEnd(i)));
    }
    // Paragraphs are sorted and disjoint: only the last one starting at or before a span can
    // hold it (a binary search, so that many paragraphs stay linear overall).
    let in_one_paragraph = |s: Span| {
        let i = paras.partition_point(|p| p.span.start <= s.start);
        i > 0 && paras[i - 1].span.contains(s)
    };
    let mut shown_quotes = Vec::new();
    for (i, q) in analysis.quotes.iter().enumerate() {
        if q.span.is_empty() || skip_quotes.contains(&q.kind) || !in_one_paragraph(q.span) {
            continue;
        }
        shown_quotes.push(q.span);
        marks.push((q.span.start, 4, Event::QuoteStart(i)));
        marks.push((q.span.end, 1, Event::QuoteEnd(i)));
    }
    shown_quotes.sort_unstable();
    // Quotes are disjoint: only the first quote ending after an entity's start can overlap it
    // without one overlapping the entity's crossed edge first.
    let crosses_quote = |e: Span| {
        let i = shown_quotes.partition_point(|q| q.end <= e.start);
        shown_quotes
            .get(i)
            .is_some_and(|q| q.overlaps(e) && !q.contains(e))
    };
    for (i, e) in analysis.entities.iter().enumerate() {
        if e.span.is_empty() || crosses_quote(e.span) || !in_one_paragraph(e.span) {
            continue;
        }
        marks.push((e.span.start, 5, Event::EntityStart(i)));
        marks.push((e.span.end, 0, Event::EntityEnd(i)));
    }
    marks.sort_by_key(|&(pos, order, _)| (pos, order));
    let mut out = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for (pos, _, event) in marks {
        if pos > at {
            out.push(Event::Text(Span::new(at, pos)));
            at = pos;
        }
        out.push(event);
    }
    let len = analysis.text().len();
    if len > at {
        out.push(Event::Text(Span::new(at, len)));
    }
    out
}

/// Escapes marker syntax in user text: `\`, `[`, `]` and `|` get a backslash, so a marker in
/// the output can always be told from text that merely looks like one.
pub fn escape_marker_text(text: &str, out: &mut String) {
    // The four are ASCII, so every byte offset where one stands is a char boundary: copy the
    // runs between them whole.
    let mut run_start = 0;
    for (i, b) in text.bytes().enumerate() {
        if matches!(b, b'\\' | b'[' | b']' | b'|') {
            out.push_str(&text[run_start..i]);
            out.push('\\');
            run_start = i;
        }
    }
    out.push_str(&text[run_start..]);
}

/// The article with inline markers: `[Vladimir Putin|PER]`, `[“…”|QUOTE:Putin]` (entities
/// nest inside quotes). Scare quotes are not marked. Every other byte of the text is kept.
///
/// ```
/// use article_highlighter::{Analyzer, output::markers};
/// let a = Analyzer::new().unwrap().analyze("Hi Angela Merkel [sic]");
/// assert_eq!(markers(&a), "Hi [Angela Merkel|PER] \\[sic\\]");
/// ```
pub fn markers(analysis: &Analysis) -> String {
    let text = analysis.text();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for event in events(analysis, &[QuoteKind::Scare]) {
        match event {
            Event::Text(s) => escape_marker_text(&text[s], &mut out),
            Event::QuoteStart(_) | Event::EntityStart(_) => out.push('['),
            Event::EntityEnd(i) => {
                out.push('|');
                out.push_str(analysis.entities[i].label.code());
                out.push(']');
            }
            Event::QuoteEnd(i) => {
                out.push_str("|QUOTE");
                if let Some(sp) = &analysis.quotes[i].speaker {
                    out.push(':');
                    escape_marker_text(speaker_name(analysis, sp), &mut out);
                }
                out.push(']');
            }
            Event::ParagraphStart(_) | Event::ParagraphEnd(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    #[test]
    fn codes_are_the_json_names() {
        let kinds = [
            QuoteKind::Statement,
            QuoteKind::Partial,
            QuoteKind::Continued,
            QuoteKind::Scare,
        ];
        for kind in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code());
        }
        for label in crate::Label::ALL {
            assert_eq!(serde_json::to_value(label).unwrap(), label.code());
        }
    }

    /// The plain quadratic statement of which quotes and entities `events` shows.
    fn shown_reference(analysis: &Analysis, skip: &[QuoteKind]) -> (Vec<usize>, Vec<usize>) {
        let paras = &analysis.doc.paragraphs;
        let in_one = |s: Span| paras.iter().any(|p| p.span.contains(s));
        let quotes: Vec<usize> = (0..analysis.quotes.len())
            .filter(|&i| {
                let q = &analysis.quotes[i];
                !q.span.is_empty() && !skip.contains(&q.kind) && in_one(q.span)
            })
            .collect();
        let entities = (0..analysis.entities.len())
            .filter(|&i| {
                let e = analysis.entities[i].span;
                let crosses = quotes.iter().any(|&q| {
                    analysis.quotes[q].span.overlaps(e) && !analysis.quotes[q].span.contains(e)
                });
                !e.is_empty() && !crosses && in_one(e)
            })
            .collect();
        (quotes, entities)
    }

    #[test]
    fn events_show_what_the_reference_shows() {
        let texts = [
            "“Yes,” said Angela Merkel in Berlin.\n“No,” Vladimir Putin said.\nParis.",
            "Angela Merkel said: “Vladimir Putin and the Foreign Ministry of Portugal\n\nwill go.” \"Olaf\" Scholz",
            "“Angela” Merkel “met” Vladimir “Putin in” Moscow, “the so-called “deal”” Berlin",
            "",
        ];
        let analyzer = Analyzer::new().unwrap();
        let mut crossing = 0;
        for text in texts
            .iter()
            .map(|t| t.to_string())
            .chain([texts[0].repeat(300), texts[2].repeat(50)])
        {
            let mut a = analyzer.analyze(&text);
            // Stretch every other entity back into the quote before it, so some cross its edge.
            for k in (0..a.entities.len()).step_by(2) {
                let e = a.entities[k].span;
                let before = a
                    .quotes
                    .iter()
                    .rev()
                    .find(|q| q.span.end <= e.start && q.content.end > q.content.start);
                let floor = k.checked_sub(1).map_or(0, |p| a.entities[p].span.end);
                if let Some(q) = before.filter(|q| q.content.start >= floor) {
                    a.entities[k].span.start = q.content.start;
                }
            }
            for skip in [&[][..], &[QuoteKind::Scare][..]] {
                let (quotes, entities) = shown_reference(&a, skip);
                let ev = events(&a, skip);
                let got_q: Vec<usize> = ev
                    .iter()
                    .filter_map(|e| {
                        if let Event::QuoteStart(i) = e {
                            Some(*i)
                        } else {
                            None
                        }
                    })
                    .collect();
                let mut got_e: Vec<usize> = ev
                    .iter()
                    .filter_map(|e| {
                        if let Event::EntityStart(i) = e {
                            Some(*i)
                        } else {
                            None
                        }
                    })
                    .collect();
                got_e.sort_unstable();
                crossing += a.entities.len() - entities.len();
                assert_eq!((got_q, got_e), (quotes, entities), "{text:?}");
            }
        }
        assert!(
            crossing > 0,
            "the cases include entities that cross a quote's edge"
        );
    }

    #[test]
    fn marker_syntax_is_escaped() {
        let mut out = String::new();
        escape_marker_text("a[b]c|d\\e é[", &mut out);
        assert_eq!(out, "a\\[b\\]c\\|d\\\\e é\\[");
        out.clear();
        escape_marker_text("", &mut out);
        assert_eq!(out, "");
    }
}
