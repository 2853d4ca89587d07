//! Checks shared by tests/hostile.rs, tests/fuzz_corpus.rs and the fuzz targets (fuzz/), which
//! include this file with `#[path]`: every span valid, events nested with their text joining back
//! to the input, and the marker rendering giving back the input once markers and escapes go.

#![allow(dead_code)] // each includer uses part of it

use article_highlighter::output::{events, markers, Event};
use article_highlighter::{Analysis, Span};

/// The text of `markers()` output with the markers and the escapes removed: `\x` is `x`, an
/// unescaped `[` opens a marker, and an unescaped `|` starts its label (and speaker), which runs
/// to the unescaped `]` that closes it.
pub fn unmark(marked: &str) -> String {
    let mut out = String::with_capacity(marked.len());
    let mut chars = marked.chars();
    let mut in_label = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().expect("a backslash escapes a char");
                if !in_label {
                    out.push(next);
                }
            }
            '[' if !in_label => {}
            '|' if !in_label => in_label = true,
            ']' if in_label => in_label = false,
            _ if in_label => {}
            _ => out.push(c),
        }
    }
    assert!(!in_label, "unterminated marker label");
    out
}

fn spans_ok(text: &str, spans: impl Iterator<Item = Span>, what: &str) {
    let mut prev_end = 0;
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "{what} {s:?} out of bounds"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{what} {s:?} off a char boundary"
        );
        assert!(
            prev_end <= s.start,
            "{what} {s:?} not sorted or overlapping"
        );
        prev_end = s.end;
    }
}

/// Asserts every invariant of `analysis` of `text` and that both renderings preserve the text.
pub fn check_analysis(text: &str, a: &Analysis) {
    assert_eq!(a.text(), text);
    spans_ok(text, a.doc.paragraphs.iter().map(|p| p.span), "paragraph");
    spans_ok(text, a.doc.sentences.iter().map(|s| s.span), "sentence");
    spans_ok(text, a.doc.tokens.iter().map(|t| t.span), "token");
    spans_ok(text, a.entities.iter().map(|e| e.span), "entity");
    spans_ok(text, a.quotes.iter().map(|q| q.span), "quote");
    for q in &a.quotes {
        assert!(
            q.span.contains(q.content),
            "quote content outside its quote"
        );
        if let Some(sp) = &q.speaker {
            spans_ok(text, std::iter::once(sp.span), "speaker");
        }
    }
    for e in &a.entities {
        assert!(!e.span.is_empty(), "empty entity");
        assert!(
            (0.0..=1.0).contains(&e.score),
            "entity score {} outside [0, 1]",
            e.score
        );
        if let Some(c) = e.cluster {
            assert!(c < a.clusters.len(), "entity cluster {c} out of range");
        }
    }
    let mut joined = String::with_capacity(text.len());
    let mut open = Vec::new();
    for ev in events(a, &[]) {
        match ev {
            Event::Text(s) => joined.push_str(&text[s]),
            Event::ParagraphStart(_) | Event::QuoteStart(_) | Event::EntityStart(_) => {
                open.push(ev)
            }
            Event::ParagraphEnd(i) => assert_eq!(open.pop(), Some(Event::ParagraphStart(i))),
            Event::QuoteEnd(i) => assert_eq!(open.pop(), Some(Event::QuoteStart(i))),
            Event::EntityEnd(i) => assert_eq!(open.pop(), Some(Event::EntityStart(i))),
        }
    }
    assert!(open.is_empty(), "events left open: {open:?}");
    assert!(joined == text, "event text differs from the input");
    assert!(
        unmark(&markers(a)) == text,
        "markers() without markers and escapes differs from the input"
    );
}
