//! The one converter between UTF-8 byte offsets (Rust), UTF-16 code units (JavaScript) and
//! Unicode code points (Python, the JSONL data files, the CLI).
//!
//! Built once per text in O(n); every lookup afterwards is O(log n). Only front ends use it:
//! the analyser itself works in bytes.

use crate::Span;

/// Which unit a converted offset counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 bytes: offsets as the Rust core has them.
    Bytes,
    /// UTF-16 code units: JavaScript's `String.prototype.slice`.
    Utf16,
    /// Unicode scalar values: Python's `str` indexing and ../shared/data/FORMAT.md.
    CodePoints,
}

/// Maps byte offsets of one text to UTF-16 and code-point offsets.
///
/// ```
/// use article_highlighter::offsets::{OffsetMap, Unit};
/// let text = "😀 Putin";
/// let map = OffsetMap::new(text);
/// assert_eq!(map.convert(5, Unit::Utf16), 3);       // the emoji is 2 UTF-16 units
/// assert_eq!(map.convert(5, Unit::CodePoints), 2);  // and 1 code point
/// ```
#[derive(Clone, Debug)]
pub struct OffsetMap {
    /// Byte offset of every char that is not one byte long, with the code-point and UTF-16
    /// offsets at that char. ASCII-only texts keep this empty and convert by identity.
    breaks: Vec<Break>,
    len_bytes: usize,
}

#[derive(Clone, Copy, Debug)]
struct Break {
    byte: usize,
    chars: usize,
    utf16: usize,
    /// UTF-8 length of this char (2 to 4).
    len: usize,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> OffsetMap {
        let mut breaks = Vec::new();
        let (mut chars, mut utf16) = (0, 0);
        let bytes = text.as_bytes();
        let mut byte = 0;
        while byte < bytes.len() {
            // ASCII runs count one unit per byte in every encoding.
            let next = crate::text::skip_ascii(bytes, byte, &[]);
            chars += next - byte;
            utf16 += next - byte;
            byte = next;
            if byte == bytes.len() {
                break;
            }
            // `text` is valid UTF-8: a (non-ASCII) lead byte gives the char's length.
            let len = match bytes[byte] {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            breaks.push(Break {
                byte,
                chars,
                utf16,
                len,
            });
            chars += 1;
            utf16 += utf16_width(len);
            byte += len;
        }
        OffsetMap {
            breaks,
            len_bytes: text.len(),
        }
    }

    /// A converter to `unit` for offsets that mostly come in ascending order (the spans of a
    /// sorted list): each step moves from the previous position instead of searching.
    pub fn ascending(&self, unit: Unit) -> Ascending<'_> {
        Ascending {
            map: self,
            unit,
            at: 0,
        }
    }

    /// Converts a byte offset (on a char boundary) to `unit`. An offset past the end is
    /// clamped to the end.
    pub fn convert(&self, byte: usize, unit: Unit) -> usize {
        let byte = byte.min(self.len_bytes);
        // The last multi-byte char that starts before `byte`; everything after it up to
        // `byte` is ASCII, one unit per byte in every encoding.
        let i = self.breaks.partition_point(|b| b.byte < byte);
        if unit == Unit::Bytes || i == 0 {
            return byte;
        }
        let b = self.breaks[i - 1];
        let ascii_after = byte.saturating_sub(b.byte + b.len);
        match unit {
            Unit::Bytes => byte,
            Unit::CodePoints => b.chars + 1 + ascii_after,
            Unit::Utf16 => b.utf16 + utf16_width(b.len) + ascii_after,
        }
    }

    /// Converts both ends of a span.
    pub fn span(&self, span: Span, unit: Unit) -> (usize, usize) {
        (self.convert(span.start, unit), self.convert(span.end, unit))
    }

    /// Appends the UTF-16 offsets of both ends of each span to `out`. Made for spans in
    /// ascending order (tokens, sentences): then it is one walk over the text's non-ASCII
    /// chars. Any order gives the same offsets as [`OffsetMap::convert`], going back to the
    /// start of the text when an offset is lower than the one before.
    pub fn extend_utf16(&self, spans: impl Iterator<Item = Span>, out: &mut Vec<u32>) {
        // Breaks before the current offset, and how many more bytes than UTF-16 units they
        // take: an offset in UTF-16 units is its byte offset minus that.
        let (mut at, mut extra, mut last) = (0, 0, 0);
        for span in spans {
            for byte in [span.start, span.end] {
                let byte = byte.min(self.len_bytes);
                if byte < last {
                    (at, extra) = (0, 0);
                }
                last = byte;
                while let Some(b) = self.breaks.get(at).filter(|b| b.byte < byte) {
                    extra += b.len - utf16_width(b.len);
                    at += 1;
                }
                out.push((byte - extra) as u32);
            }
        }
    }

    /// Converts an offset in `unit` back to bytes (the inverse of [`OffsetMap::convert`]); an
    /// offset inside a char (between the halves of a surrogate pair) rounds down to its start.
    pub fn to_bytes(&self, offset: usize, unit: Unit) -> usize {
        let key = |b: &Break| match unit {
            Unit::Bytes => b.byte,
            Unit::CodePoints => b.chars,
            Unit::Utf16 => b.utf16,
        };
        let i = self.breaks.partition_point(|b| key(b) < offset);
        let bytes = if i == 0 {
            offset
        } else {
            let b = self.breaks[i - 1];
            let width = match unit {
                Unit::Bytes => b.len,
                Unit::CodePoints => 1,
                Unit::Utf16 => utf16_width(b.len),
            };
            if offset < key(&b) + width {
                b.byte
            } else {
                b.byte + b.len + (offset - key(&b) - width)
            }
        };
        bytes.min(self.len_bytes)
    }
}

/// See [`OffsetMap::ascending`]; gives the same results as [`OffsetMap::convert`] in any order.
#[derive(Clone, Debug)]
pub struct Ascending<'a> {
    map: &'a OffsetMap,
    unit: Unit,
    /// Number of breaks before the last offset converted.
    at: usize,
}

/// How far [`Ascending`] walks before it searches instead.
const WALK: usize = 8;

impl Ascending<'_> {
    /// Converts a byte offset, as [`OffsetMap::convert`] does.
    pub fn convert(&mut self, byte: usize) -> usize {
        let map = self.map;
        let byte = byte.min(map.len_bytes);
        let breaks = &map.breaks;
        if self.at > 0 && breaks[self.at - 1].byte >= byte {
            self.at = breaks.partition_point(|b| b.byte < byte);
        } else {
            let mut steps = 0;
            while self.at < breaks.len() && breaks[self.at].byte < byte {
                self.at += 1;
                steps += 1;
                if steps == WALK {
                    self.at += breaks[self.at..].partition_point(|b| b.byte < byte);
                    break;
                }
            }
        }
        if self.unit == Unit::Bytes || self.at == 0 {
            return byte;
        }
        let b = breaks[self.at - 1];
        let ascii_after = byte.saturating_sub(b.byte + b.len);
        match self.unit {
            Unit::Bytes => byte,
            Unit::CodePoints => b.chars + 1 + ascii_after,
            Unit::Utf16 => b.utf16 + utf16_width(b.len) + ascii_after,
        }
    }

    /// Converts both ends of a span.
    pub fn span(&mut self, span: Span) -> (usize, usize) {
        (self.convert(span.start), self.convert(span.end))
    }
}

/// UTF-16 width of a char from its UTF-8 length: only 4-byte chars need a surrogate pair.
const fn utf16_width(utf8_len: usize) -> usize {
    if utf8_len == 4 {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let map = OffsetMap::new(text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix = &text[..byte];
            assert_eq!(
                map.convert(byte, Unit::CodePoints),
                prefix.chars().count(),
                "{text:?} @{byte}"
            );
            assert_eq!(
                map.convert(byte, Unit::Utf16),
                prefix.encode_utf16().count(),
                "{text:?} @{byte}"
            );
            for unit in [Unit::Bytes, Unit::CodePoints, Unit::Utf16] {
                assert_eq!(map.to_bytes(map.convert(byte, unit), unit), byte);
            }
        }
        // The span walk agrees, in ascending order (every pair of neighbouring boundaries as
        // a span) and in any other.
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let spans: Vec<Span> = bounds
            .windows(2)
            .map(|w| Span::new(w[0], w[1]))
            .chain(bounds.iter().rev().map(|&b| Span::new(b, b)))
            .collect();
        let mut walked = Vec::new();
        map.extend_utf16(spans.iter().copied(), &mut walked);
        let expected: Vec<u32> = spans
            .iter()
            .flat_map(|s| [s.start, s.end])
            .map(|b| map.convert(b, Unit::Utf16) as u32)
            .collect();
        assert_eq!(walked, expected, "{text:?}");
        // The walking converter agrees in ascending, descending and jumping order.
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len(), text.len() + 5])
            .collect();
        for unit in [Unit::Bytes, Unit::CodePoints, Unit::Utf16] {
            let mut walk = map.ascending(unit);
            let jumping = offsets
                .iter()
                .chain(offsets.iter().rev())
                .chain(offsets.iter().step_by(3))
                .chain(offsets.iter().rev().step_by(2));
            for &byte in jumping {
                assert_eq!(
                    walk.convert(byte),
                    map.convert(byte, unit),
                    "{text:?} @{byte}"
                );
            }
        }
    }

    #[test]
    fn ascii_is_identity() {
        check("Vladimir Putin said.");
    }

    #[test]
    fn emoji_cjk_and_combining_marks() {
        check("😀 Putin 👍🏽 met 習近平 in Zürich; e\u{301}te\u{301} “quote” 🇺🇦 end");
        check("e\u{301}\u{302}\u{303} Ma");
        check("");
        check("😀");
        check(&"ü😀a“".repeat(40));
    }
}
