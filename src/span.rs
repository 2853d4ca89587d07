//! Byte spans into the analysed text.

use serde::Serialize;
use std::ops::Index;

/// A half-open range `[start, end)` of **UTF-8 byte offsets** into the analysed text.
///
/// # Numbering
/// Offsets count bytes of the `&str` given to [`crate::Analyzer::analyze`]; `start <= end`,
/// and both always lie on `char` boundaries. Front ends convert them with
/// [`crate::offsets::OffsetMap`]: to UTF-16 code units for JavaScript, to code points for the
/// CLI and the data files.
///
/// ```
/// use article_highlighter::Span;
/// let text = "Hi Ma";
/// assert_eq!(&text[Span::new(3, 5)], "Ma");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}
