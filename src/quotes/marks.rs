//! Pairing quotation marks into segments, one paragraph at a time, in one left-to-right pass.
//!
//! Every char is looked at once and the only state is the currently open mark, so the pass is
//! linear on any input (100,000 stray marks included). An opening mark that never closes ends
//! at its paragraph's end: it never swallows the rest of the article.

use crate::{Doc, Span};

/// The families of quotation marks; a segment opened by one family closes only with its own
/// closers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// “…” and "…" (news in English; straight and curly mix freely in pasted text).
    Double,
    /// ‘…’ and, in headlines, '…'.
    Single,
    /// «…».
    Guillemet,
    /// „…“ and „…” (German, Polish, Czech…).
    Low,
    /// 「…」 and 『…』.
    Corner,
}

/// One quotation-mark segment inside one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// From the opening mark to the closing mark, or to the paragraph end when unclosed.
    pub span: Span,
    /// The words between the marks.
    pub content: Span,
    pub family: Family,
    /// Index of the line (see [`lines`]) holding the segment.
    pub line: usize,
    /// False when the paragraph ended before a closing mark.
    pub closed: bool,
}

/// The open mark being tracked.
#[derive(Clone, Copy)]
struct Open {
    at: usize,
    after: usize,
    family: Family,
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The lines of every paragraph, trimmed, empty ones left out: the units quotes live in.
///
/// A paragraph of pasted news often holds one journalistic paragraph per line (the text has a
/// blank line somewhere, so single line breaks do not split [`Doc`] paragraphs); PolNeAR's
/// gold quotes never cross a line break. So a quote closes at its line's end at the latest,
/// and a line that opens with a quote mark continues a quote left open by the line before.
pub fn lines(doc: &Doc) -> Vec<Span> {
    let mut out = Vec::with_capacity(doc.paragraphs.len());
    for para in &doc.paragraphs {
        // `split` finds the newlines with `memchr`, a word at a time.
        let mut start = para.span.start;
        for line in doc.text[para.span].split('\n') {
            push_trimmed(doc.text, Span::new(start, start + line.len()), &mut out);
            start += line.len() + 1;
        }
    }
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = crate::text::trim_span(text, span);
    if !t.is_empty() {
        out.push(t);
    }
}

/// Quotation-mark segments in `lines` of `doc`, sorted and not overlapping, each inside one
/// line. `headline` is the index of a line that reads as a headline, where straight single
/// quotes are quotation marks too ('Demoralizing'); elsewhere they are apostrophes.
pub fn segments(doc: &Doc, lines: &[Span], headline: Option<usize>) -> Vec<Segment> {
    let text = doc.text;
    let mut out = Vec::new();
    for (pi, para) in lines.iter().enumerate() {
        let in_headline = headline == Some(pi);
        let mut open: Option<Open> = None;
        let mut prev: Option<char> = None;
        let bytes = text.as_bytes();
        let mut at = para.start;
        while at < para.end {
            // Every mark is a straight quote or a non-ASCII char: other ASCII only moves on.
            let b = bytes[at];
            if b < 0x80 && b != b'"' && b != b'\'' {
                let next = crate::text::skip_ascii(&bytes[..para.end], at, b"\"'");
                prev = Some(char::from(bytes[next - 1]));
                at = next;
                continue;
            }
            let Some(c) = text[at..para.end].chars().next() else {
                break;
            };
            let after = at + c.len_utf8();
            let next = text[after..para.end].chars().next();
            let start = |family| Some(Open { at, after, family });
            let mut close = |o: Open| {
                out.push(Segment {
                    span: Span::new(o.at, after),
                    content: Span::new(o.after, at),
                    family: o.family,
                    line: pi,
                    closed: true,
                });
            };
            match (open, c) {
                // Openers that are never anything else.
                (None, '“' | '«' | '„' | '「' | '『') => {
                    open = start(match c {
                        '“' => Family::Double,
                        '«' => Family::Guillemet,
                        '„' => Family::Low,
                        _ => Family::Corner,
                    })
                }
                (None, '"') => open = start(Family::Double),
                // ‘ opens after a space or punctuation (not inside a word: O‘Neil).
                (None, '‘') if !is_word(prev) => open = start(Family::Single),
                (None, '\'') if in_headline && !is_word(prev) && is_word(next) => {
                    open = start(Family::Single)
                }
                (Some(o), _) => match (o.family, c) {
                    (Family::Double, '”' | '"')
                    | (Family::Low, '“' | '”')
                    | (Family::Guillemet, '»')
                    | (Family::Corner, '」' | '』') => {
                        close(o);
                        open = None;
                    }
                    // A ’ closes a single quote unless it is an apostrophe inside a word
                    // (don’t) or before a number or word (’90s, ’n’).
                    (Family::Single, '’' | '\'')
                        if !prev.is_some_and(char::is_whitespace)
                            && !is_word(next)
                            && (c == '’' || in_headline) =>
                    {
                        close(o);
                        open = None;
                    }
                    // A double opener inside an open single quote means the single one was
                    // not a quotation mark after all.
                    (Family::Single, '“' | '"') => open = start(Family::Double),
                    // The same opener again: the earlier one was never closed.
                    (Family::Double, '“')
                    | (Family::Guillemet, '«')
                    | (Family::Low, '„')
                    | (Family::Corner, '「' | '『') => open = start(o.family),
                    _ => {}
                },
                _ => {}
            }
            prev = Some(c);
            at = after;
        }
        // Unclosed at the paragraph end: a single quote is dropped (it was most likely an
        // apostrophe); any other mark runs to the paragraph end.
        if let Some(o) = open {
            if o.family != Family::Single {
                out.push(Segment {
                    span: Span::new(o.at, para.end),
                    content: Span::new(o.after, para.end),
                    family: o.family,
                    line: pi,
                    closed: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<&str> {
        let doc = Doc::new(text);
        segments(&doc, &lines(&doc), Some(0))
            .into_iter()
            .map(|s| &text[s.span])
            .collect()
    }

    #[test]
    fn pairs_each_family() {
        assert_eq!(
            segs("a “b” c \"d\" «e» „f“ 「g」 ‘h’"),
            ["“b”", "\"d\"", "«e»", "„f“", "「g」", "‘h’"]
        );
    }

    #[test]
    fn apostrophes_do_not_open_or_close() {
        assert_eq!(
            segs("x\n‘Don’t’ and Russia’s ’90s rock ’n’ roll, students’ union"),
            ["‘Don’t’"]
        );
        assert!(segs("Headline\nRussia’s rock ’n’ roll").is_empty());
    }

    #[test]
    fn unclosed_runs_to_paragraph_end_only() {
        assert_eq!(segs("“a b\n\nc “d”"), ["“a b", "“d”"]);
        // Lines inside a blank-line paragraph are units too.
        assert_eq!(segs("x\n\n“a b\nc “d”"), ["“a b", "“d”"]);
    }
}
