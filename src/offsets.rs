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
        for (byte, c) in text.char_indices() {
            if c.len_utf8() != 1 {
                breaks.push(Break {
                    byte,
                    chars,
                    utf16,
                    len: c.len_utf8(),
                });
            }
            chars += 1;
            utf16 += c.len_utf16();
        }
        OffsetMap {
            breaks,
            len_bytes: text.len(),
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
    }
}
