//! Paragraphs, tokens and sentences: the layers every later stage reads.
//!
//! All spans are byte spans ([`Span`]). Tokens never cross a paragraph boundary, sentences
//! never cross a paragraph boundary, and every token belongs to exactly one sentence.

use crate::Span;
use serde::Serialize;
use std::ops::Range;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with inner digits, hyphens, apostrophes or abbreviation dots.
    Word,
    /// Starts with a digit: 1996, 3.5, 1,000, 9/11.
    Number,
    /// One punctuation or symbol char (or a run of dots, dashes).
    Punct,
}

/// One token: its byte span and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// A sentence: its byte span and the indexes of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

/// A paragraph: its byte span (trimmed of surrounding white space) and its sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub sentences: Range<usize>,
}

/// Bytes a sentence of news takes, for reserving [`Doc::sentences`] (a guess; more grow it).
const SENTENCE_BYTES: usize = 128;
/// Bytes a line of news takes, for reserving the lines of [`paragraph_spans`] (likewise).
const LINE_BYTES: usize = 96;

/// The text split into paragraphs, sentences and tokens. Created by [`Doc::new`].
#[derive(Clone, Debug)]
pub struct Doc<'t> {
    pub text: &'t str,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

impl<'t> Doc<'t> {
    /// Splits `text` into paragraphs, sentences and tokens. Linear in the text's length.
    ///
    /// ```
    /// use article_highlighter::text::Doc;
    /// let doc = Doc::new("Mr. Ma spoke. He left.\nNew line");
    /// assert_eq!(doc.paragraphs.len(), 2);
    /// assert_eq!(doc.sentences.len(), 3);
    /// assert_eq!(doc.token_text(0), "Mr.");
    /// ```
    pub fn new(text: &'t str) -> Doc<'t> {
        let spans = paragraph_spans(text);
        let mut doc = Doc {
            text,
            paragraphs: Vec::with_capacity(spans.len()),
            // About one sentence per 120 bytes of news: most texts need no second allocation.
            sentences: Vec::with_capacity(text.len() / SENTENCE_BYTES + 1),
            // News has about one token per five bytes, but a quarter of the articles of
            // bench/corpus/news have more (up to one per 4.3 bytes), and the vector was then
            // copied once it filled: one allocation for nearly all texts.
            tokens: Vec::with_capacity(text.len() / 4 + 1),
        };
        for para in spans {
            let first_token = doc.tokens.len();
            tokenize_into(text, para, &mut doc.tokens);
            let first_sentence = doc.sentences.len();
            split_sentences(
                text,
                &doc.tokens,
                first_token..doc.tokens.len(),
                &mut doc.sentences,
            );
            doc.paragraphs.push(Paragraph {
                span: para,
                sentences: first_sentence..doc.sentences.len(),
            });
        }
        doc
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'t str {
        &self.text[self.tokens[i].span]
    }

    /// The tokens that start a line (the first token, and every token with a newline between
    /// it and the token before), in order: found from the text's newlines (`memchr`), which
    /// are far fewer than its tokens.
    pub fn line_starts(&self) -> Vec<usize> {
        // Every paragraph starts a line; news has few more.
        let mut out = Vec::with_capacity(self.paragraphs.len() + 1);
        if self.tokens.is_empty() {
            return out;
        }
        out.push(0);
        let mut from = 0;
        for at in newlines(self.text.as_bytes()) {
            // No token holds a newline: the first token after it starts a line.
            from += self.tokens[from..].partition_point(|t| t.span.start < at);
            if from == self.tokens.len() {
                break;
            }
            if out.last() != Some(&from) {
                out.push(from);
            }
        }
        out
    }

    /// Index of the paragraph holding byte offset `at` (the last one starting at or before it).
    pub fn paragraph_at(&self, at: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.span.start <= at);
        i.checked_sub(1)
    }
}

/// Paragraph spans: if the text has a blank line, blank lines separate paragraphs; otherwise
/// every line is a paragraph (pasted news often has one line per paragraph). Each span is
/// trimmed of surrounding white space; empty paragraphs are skipped.
///
/// ```
/// use article_highlighter::text::paragraph_spans;
/// let spans = paragraph_spans("a\nb\n\nc");
/// assert_eq!(spans.len(), 2);
/// ```
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut lines = Vec::with_capacity(text.len() / LINE_BYTES + 1);
    let mut start = 0;
    for at in newlines(text.as_bytes()) {
        lines.push(Span::new(start, at));
        start = at + 1;
    }
    lines.push(Span::new(start, text.len()));
    // A line that starts with a visible ASCII char (nearly all) is not blank: no trim.
    let is_blank = |s: Span| match text.as_bytes()[s.start..s.end].first() {
        Some(&b) if is_visible_ascii(b) => false,
        _ => text[s].trim().is_empty(),
    };
    let has_blank_line = lines.iter().any(|&l| is_blank(l));
    let mut out = Vec::with_capacity(lines.len());
    let mut push = |s: Span| {
        let t = trim_span(text, s);
        if !t.is_empty() {
            out.push(t);
        }
    };
    if has_blank_line {
        let mut current: Option<Span> = None;
        for &line in &lines {
            if is_blank(line) {
                if let Some(p) = current.take() {
                    push(p);
                }
            } else {
                current = Some(match current {
                    Some(p) => Span::new(p.start, line.end),
                    None => line,
                });
            }
        }
        if let Some(p) = current {
            push(p);
        }
    } else {
        lines.into_iter().for_each(push);
    }
    out
}

/// `span` without leading and trailing white space.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span];
    // Most spans start and end with a visible ASCII char: nothing to trim.
    if let (Some(&first), Some(&last)) = (s.as_bytes().first(), s.as_bytes().last()) {
        if is_visible_ascii(first) && is_visible_ascii(last) {
            return span;
        }
    }
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

/// True for an ASCII byte that is no white space (`char::is_whitespace` takes tab, line feed,
/// vertical tab, form feed, carriage return and space).
#[inline]
fn is_visible_ascii(b: u8) -> bool {
    b < 0x80 && b != b' ' && !(b'\t'..=b'\r').contains(&b)
}

/// The first index at or after `from` whose byte is not ASCII or is one of the ASCII bytes
/// `stops` (`bytes.len()` if none), looking at eight bytes at a time: the scans over whole
/// texts (offsets, quotation marks) skip the plain ASCII that is most of an article.
pub(crate) fn skip_ascii(bytes: &[u8], mut from: usize, stops: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        // A byte with its high bit set, or (the classic zero-byte test on `word ^ stop`) a
        // stop byte. The test can also fire on a byte after a match, never miss one: the word
        // is then searched byte by byte below.
        let mut hit = word & HIGH;
        for &stop in stops {
            let x = word ^ (ONES * u64::from(stop));
            hit |= x.wrapping_sub(ONES) & !x & HIGH;
        }
        if hit != 0 {
            break;
        }
        from += 8;
    }
    while let Some(&b) = bytes.get(from) {
        if b >= 0x80 || stops.contains(&b) {
            break;
        }
        from += 1;
    }
    from
}

/// The positions of the newlines of `bytes`, found eight bytes at a time (in WebAssembly
/// `memchr` looks at four). Unlike [`skip_ascii`] the search does not stop at non-ASCII
/// bytes: the curly quotes and dashes of news would stop it several times a line.
pub(crate) fn newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find_newline(bytes, from)?;
        from = at + 1;
        Some(at)
    })
}

/// The first newline at or after `from`.
fn find_newline(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        // The zero-byte test on `word ^ '\n'`: it can fire on a byte after a match but never
        // before the first one, so the lowest bit set marks the first newline (little-endian).
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\n'));
        let hit = x.wrapping_sub(ONES) & !x & HIGH;
        if hit != 0 {
            return Some(from + (hit.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| b == b'\n').map(|k| from + k)
}

/// A word lower-cased, kept inline when it is short and ASCII (most words), so that list
/// lookups by lower-case form do not allocate.
#[derive(Clone, Debug)]
pub enum Lower {
    Inline { buf: [u8; 24], len: u8 },
    Heap(String),
}

/// `s` lower-cased, as [`str::to_lowercase`] does.
pub fn lowercase(s: &str) -> Lower {
    if s.len() <= 24 && s.is_ascii() {
        let mut buf = [0u8; 24];
        for (d, b) in buf.iter_mut().zip(s.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        return Lower::Inline {
            buf,
            len: s.len() as u8,
        };
    }
    Lower::Heap(s.to_lowercase())
}

impl Lower {
    /// The lower-cased text.
    pub fn as_str(&self) -> &str {
        match self {
            // Lower-cased ASCII is ASCII: the conversion cannot fail.
            Lower::Inline { buf, len } => {
                std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or_default()
            }
            Lower::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// A word lower-cased as [`lowercase`] does it, or the word itself when that leaves it as it
/// is (ASCII without a capital, most words looked up in lists): then there is nothing to copy
/// and no copy to check as UTF-8.
pub(crate) enum LowerOrSame<'a> {
    Same(&'a str),
    Lower(Lower),
}

/// `s` lower-cased, borrowed when it has no capital (see [`LowerOrSame`]).
#[inline]
pub(crate) fn lower_or_same(s: &str) -> LowerOrSame<'_> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        LowerOrSame::Same(s)
    } else {
        LowerOrSame::Lower(lowercase(s))
    }
}

impl LowerOrSame<'_> {
    /// The lower-cased text.
    #[inline]
    pub(crate) fn as_str(&self) -> &str {
        match self {
            LowerOrSame::Same(s) => s,
            LowerOrSame::Lower(l) => l.as_str(),
        }
    }
}

impl std::ops::Deref for LowerOrSame<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Apostrophes: straight and the typographic right single quote that most news uses.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // General Punctuation (curly quotes, dashes, ellipsis): common in news, never letters or
    // marks; answered without the Unicode tables.
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric() || is_combining(c)
}

/// Combining marks continue the word they follow (e + U+0301, the virama of नमस्ते, Thai and
/// Hebrew vowel and tone marks, variation selectors). Only marks that are not already
/// `char::is_alphanumeric` (most vowel signs are) need to be here.
fn is_combining(c: char) -> bool {
    let u = c as u32;
    u >= 0x300
        && matches!(
            u,
            0x300..=0x36F
                | 0x1AB0..=0x1AFF
                | 0x1DC0..=0x1DFF
                | 0x20D0..=0x20FF
                | 0xFE20..=0xFE2F
                // Variation selectors (emoji and CJK presentation).
                | 0xFE00..=0xFE0F
                | 0xE0100..=0xE01EF
                // Hebrew points and accents.
                | 0x591..=0x5BD
                | 0x5BF
                | 0x5C1..=0x5C2
                | 0x5C4..=0x5C5
                | 0x5C7
                // Arabic, Syriac, Thaana, NKo marks.
                | 0x610..=0x61A
                | 0x64B..=0x65F
                | 0x670
                | 0x6D6..=0x6DC
                | 0x6DF..=0x6E4
                | 0x6E7..=0x6E8
                | 0x6EA..=0x6ED
                | 0x711
                | 0x730..=0x74A
                | 0x7A6..=0x7B0
                | 0x7EB..=0x7F3
                // Sinhala signs and vowel signs.
                | 0xD81..=0xD83
                | 0xDCA..=0xDDF
                | 0xDF2..=0xDF3
                // Thai and Lao vowel and tone marks.
                | 0xE31
                | 0xE34..=0xE3A
                | 0xE47..=0xE4E
                | 0xEB1
                | 0xEB4..=0xEBC
                | 0xEC8..=0xECE
                // Tibetan, Myanmar, Khmer, Mongolian marks.
                | 0xF18..=0xF19
                | 0xF35
                | 0xF37
                | 0xF39
                | 0xF71..=0xF84
                | 0xF86..=0xF87
                | 0xF8D..=0xFBC
                | 0x102B..=0x103E
                | 0x1056..=0x1059
                | 0x105E..=0x1060
                | 0x1062..=0x1064
                | 0x1067..=0x106D
                | 0x1071..=0x1074
                | 0x1082..=0x108D
                | 0x108F
                | 0x109A..=0x109D
                | 0x17B4..=0x17D3
                | 0x17DD
                | 0x180B..=0x180D
                // Kana voicing marks, ideographic tone marks.
                | 0x302A..=0x302F
                | 0x3099..=0x309A
        )
        || is_indic_mark(u)
}

/// Signs, nukta, vowel signs and virama of the Indic blocks from Devanagari to Malayalam, which
/// share one layout: the same offsets in every 128-char block. Letters, digits and the dandas
/// at other offsets are not marks.
fn is_indic_mark(u: u32) -> bool {
    (0x900..=0xD7F).contains(&u)
        && u != 0xD4F // Malayalam sign para, a symbol
        && matches!((u - 0x900) % 0x80, 0x00..=0x03 | 0x3A..=0x4F | 0x51..=0x57 | 0x62..=0x63)
}

/// Invisible chars that join the parts of one word when letters stand on both sides: the soft
/// hyphen of hyphenated web text, and the zero-width non-joiner and joiner of Persian and
/// Indic spelling.
fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200C}' | '\u{200D}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The char starting at byte `at` of `text`, if `at < end` (`at` is on a char boundary).
#[inline]
fn char_at(text: &str, at: usize, end: usize) -> Option<char> {
    let b = *text.as_bytes().get(at)?;
    if at >= end {
        None
    } else if b < 0x80 {
        Some(char::from(b))
    } else {
        text.get(at..end)?.chars().next()
    }
}

/// The char ending at byte `at` of `text` and where it starts.
#[inline]
fn char_before(text: &str, at: usize) -> Option<(usize, char)> {
    let mut start = at.checked_sub(1)?;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    Some((start, text[start..at].chars().next()?))
}

/// ASCII letters and digits by byte: the test of the tokenizer's inner loop in one load.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The end of the run of ASCII letters and digits that starts at `from` in `bytes` (`from`
/// itself if there is none), eight bytes at a time. The tokenizer went through a word a byte
/// at a time, with a jump per byte whose exit depends on the word's length (and, in V8's code,
/// a stack check per byte): perf put a fifth of `Doc::new`'s samples in WebAssembly on that
/// loop (BENCHMARKS.md, issue 15, eleventh session). Most words now take one step.
#[inline]
fn ascii_alnum_end(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// Per byte: bit 7 set when the low seven bits are at least `low` and at most `high`.
    /// (Each byte is at most 0x7f before the add, and the add at most 0x80, so no byte
    /// carries into the next.)
    const fn within(x: u64, low: u8, high: u8) -> u64 {
        let at_least = x + ONES * (0x80 - low as u64);
        let above = x + ONES * (0x7f - high as u64);
        at_least & !above
    }
    while let Some(chunk) = bytes.get(from..from + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let low7 = word & !HIGH;
        // ASCII letters are the bytes that fall in a..=z with bit 5 set (A..=Z have it clear).
        let alnum = (within(low7, b'0', b'9') | within(low7 | (ONES * 0x20), b'a', b'z')) & !word;
        let stop = !alnum & HIGH;
        if stop != 0 {
            return from + (stop.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while bytes
        .get(from)
        .is_some_and(|&b| ASCII_ALNUM[usize::from(b)])
    {
        from += 1;
    }
    from
}

/// Splits `span` of `text` into tokens, appending them to `out`. Works on bytes, decoding a
/// char only where one is not ASCII, with a fast path through runs of ASCII letters and
/// digits (most of a news text).
fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = span.end;
    let in_span = &bytes[..end];
    let at = |p: usize| char_at(text, p, end);
    let len = |c: Option<char>| c.map_or(0, char::len_utf8);
    let mut p = span.start;
    loop {
        // Spaces between words, most of the chars that are not in a token.
        if in_span.get(p) == Some(&b' ') {
            p += 1;
            continue;
        }
        let Some(c) = at(p) else {
            break;
        };
        let start = p;
        let after = p + c.len_utf8();
        if c.is_whitespace() {
            p = after;
            continue;
        }
        if is_word_char(c) {
            let is_number = c.is_ascii_digit();
            let mut q = after;
            loop {
                q = ascii_alnum_end(in_span, q);
                // Most words end at a space or an ASCII mark that joins nothing (none of the
                // cases below): done without decoding it.
                match in_span.get(q) {
                    None => break,
                    Some(&b)
                        if b < 0x80 && !matches!(b, b',' | b'.' | b'/' | b':' | b'\'' | b'-') =>
                    {
                        break
                    }
                    _ => {}
                }
                let Some(d) = at(q) else {
                    break;
                };
                let d_end = q + d.len_utf8();
                if is_word_char(d) {
                    q = d_end;
                    continue;
                }
                let next = at(d_end);
                let next_is_word = next.is_some_and(is_word_char);
                // Possessive ’s / 's ends the word: "Moscow’s" → "Moscow" "’s".
                if is_apostrophe(d)
                    && matches!(next, Some('s' | 'S'))
                    && !at(d_end + 1).is_some_and(is_word_char)
                {
                    break;
                }
                // Inner hyphens, apostrophes and invisible joiners join: al-Assad, O'Brien,
                // don't, Mer<soft hyphen>kel, می<ZWNJ>خواهم.
                if (is_hyphen(d) || is_apostrophe(d) || is_inner_joiner(d)) && next_is_word {
                    q = d_end + len(next);
                    continue;
                }
                // Digit groups: 1,000 and 3.5 and 9/11.
                if matches!(d, ',' | '.' | '/' | ':')
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && char_before(text, q).is_some_and(|(_, b)| b.is_ascii_digit())
                {
                    q = d_end + 1;
                    continue;
                }
                // Abbreviation dots: U.S. and U.N. keep theirs.
                if d == '.' && next_is_word && is_single_letter_before(text, span.start, q) {
                    q = d_end + len(next);
                    continue;
                }
                break;
            }
            // Words run together by scraped lists ("Kelly AyotteRep. Bradley Byrne") and party
            // labels ("Rep. Chip Roy, R-Texas,") are two words: cut, and go on from the cut.
            // Both kinds start with a capital: most words need no check.
            let glued = if bytes[start].is_ascii_uppercase() {
                glued_word_end(text, span.start, start, q)
            } else {
                None
            };
            if let Some(cut) = glued {
                out.push(Token {
                    span: Span::new(start, cut),
                    kind: TokenKind::Word,
                });
                p = cut;
                continue;
            }
            // A trailing dot belongs to initials and known abbreviations: "U.S.", "W.", "Mr.".
            if in_span.get(q) == Some(&b'.') {
                let word = &text[start..q];
                if is_initials(word) || crate::lexicon::is_abbreviation(word) {
                    q += 1;
                }
            }
            let kind = if is_number {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                span: Span::new(start, q),
                kind,
            });
            p = q;
            continue;
        }
        // Possessive ’s as its own token.
        if is_apostrophe(c)
            && matches!(at(after), Some('s' | 'S'))
            && !at(after + 1).is_some_and(is_word_char)
        {
            out.push(Token {
                span: Span::new(start, after + 1),
                kind: TokenKind::Word,
            });
            p = after + 1;
            continue;
        }
        // Runs of the same dot or dash stay together: "...", "--".
        let mut q = after;
        if matches!(c, '.' | '-' | '—' | '–') {
            while at(q) == Some(c) {
                q += c.len_utf8();
            }
        }
        // Marks and variation selectors stay with the symbol they modify: "❤️" is one token.
        while let Some(d) = at(q).filter(|&d| is_combining(d)) {
            q += d.len_utf8();
        }
        out.push(Token {
            span: Span::new(start, q),
            kind: TokenKind::Punct,
        });
        p = q;
    }
}

/// True when the word chars just before byte `at` form one letter that follows nothing but a
/// dot or the paragraph's start (`from`): the "U" of "U.S".
fn is_single_letter_before(text: &str, from: usize, at: usize) -> bool {
    let Some((letter_at, letter)) = char_before(text, at) else {
        return false;
    };
    letter.is_alphabetic()
        && (letter_at <= from
            || !char_before(text, letter_at).is_some_and(|(_, c)| is_word_char(c)))
}

/// Where the word `start..end` of `text` (in the paragraph starting at `from`) should end
/// because two words were run together, if anywhere:
/// - a party label after a comma or parenthesis, "R-Texas", "D-N.Y.", "I-Vt.": the party
///   letter is a word of its own (the hyphen and the state follow);
/// - a lower-case letter followed by a title abbreviation and its dot ("AyotteRep. Bradley
///   Byrne", "ClintonSen. Warren") or by a given name that starts a full name ("AyotteBradley
///   Byrne"): the first word ends before the capital. Names with an inner capital after a
///   short prefix (McDonald, LeBron, DeSantis, MacKenzie, iPhone) are left whole.
fn glued_word_end(text: &str, from: usize, start: usize, end: usize) -> Option<usize> {
    let word = &text[start..end];
    let b = word.as_bytes();
    // Both kinds start with a capital: most words end the check here.
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    if b.len() >= 3
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
    {
        let before = text[from..start].trim_end().chars().next_back();
        return matches!(before, Some(',' | '(')).then_some(start + 1);
    }
    for i in 1..b.len() {
        if !(b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase()) {
            continue;
        }
        let rest = &word[i..];
        let rest_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let (right, after) = (&rest[..rest_end], &text[start + i + rest_end..]);
        let left = &word[..i];
        if left.len() < 3 || !left.bytes().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        if rest_end == rest.len()
            && after.starts_with('.')
            && crate::lexicon::title_abbreviations().contains(right)
        {
            return Some(start + i);
        }
        // "AyotteBradley Byrne": a given name followed by a capitalised word. A left part of
        // four letters or more keeps "MacDonald" whole; "Fitz" names are left alone too.
        let full_name_follows = after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_uppercase()));
        if rest_end == rest.len()
            && left.len() >= 4
            && !left.starts_with("Fitz")
            && right.len() >= 3
            && full_name_follows
            && crate::lexicon::first_names().contains(right)
        {
            return Some(start + i);
        }
    }
    None
}

/// "U.S", "U.N", "W": letters separated by single dots, each letter alone.
fn is_initials(word: &str) -> bool {
    // One letter, then a dot and a letter any number of times (no split: most words fail at
    // their second char).
    let mut chars = word.chars();
    loop {
        if !chars.next().is_some_and(char::is_alphabetic) {
            return false;
        }
        match chars.next() {
            None => return true,
            Some('.') => {}
            Some(_) => return false,
        }
    }
}

/// Chars that close a sentence when followed by a new sentence.
fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "..." | "…")
        || s.ends_with('.') && s.len() > 1 && !s.starts_with('.')
}

/// Closing marks that stay with the sentence they end: .” and .) and .'
fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "\"" | "’" | "'" | ")" | "]" | "»" | "“")
}

fn starts_sentence(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '«' | '—' | '-')
    })
}

fn split_sentences(text: &str, tokens: &[Token], range: Range<usize>, out: &mut Vec<Sentence>) {
    if range.is_empty() {
        return;
    }
    let tok = |i: usize| &text[tokens[i].span];
    let mut start = range.start;
    let mut i = range.start;
    let bytes = text.as_bytes();
    while i < range.end {
        // Every terminator ends in '.', '!', '?' or the last byte of '…': most tokens are
        // passed over on that byte alone.
        let last = bytes.get(tokens[i].span.end.wrapping_sub(1)).copied();
        if !matches!(last, Some(b'.' | b'!' | b'?' | 0xA6)) {
            i += 1;
            continue;
        }
        let t = tok(i);
        let ends = if matches!(t, "." | "!" | "?" | "..." | "…") {
            true
        } else if t.len() > 1 && t.ends_with('.') && tokens[i].kind == TokenKind::Word {
            // "U.S." or "Inc." may end a sentence; titles ("Mr.", "Gen.") never do.
            is_terminator(t) && !crate::lexicon::is_title_abbreviation(t)
        } else {
            false
        };
        if ends {
            let mut j = i + 1;
            // A straight quote mark right before a word opens the next sentence's quotation
            // ('Trump said. "The entire world …'); one after a space or at the end closes.
            let opens = |j: usize| {
                tok(j) == "\""
                    && text[tokens[j].span.end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            };
            while j < range.end && is_closer(tok(j)) && tok(j) != "“" && !opens(j) {
                j += 1;
            }
            let next_starts = j >= range.end || starts_sentence(tok(j));
            // An abbreviation followed by a capitalised word is ambiguous ("U.S. Army");
            // only a bare terminator is trusted there, or a word that opens sentences and
            // never goes on a name ("… in the U.S. He says …").
            // A quotation opening in lower case goes on the sentence: "said the U.S.
            // “clearly” needed …".
            let lower_quote = |j: usize| {
                matches!(tok(j), "“" | "\"" | "‘")
                    && j + 1 < range.end
                    && tok(j + 1).starts_with(char::is_lowercase)
            };
            let trusted = matches!(t, "." | "!" | "?" | "..." | "…")
                || j < range.end
                    && !lower_quote(j)
                    && (!tok(j).chars().next().is_some_and(char::is_uppercase)
                        || crate::lexicon::sentence_openers().contains(tok(j)));
            if next_starts && trusted && j < range.end {
                out.push(Sentence {
                    span: Span::new(tokens[start].span.start, tokens[j - 1].span.end),
                    tokens: start..j,
                });
                start = j;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    if start < range.end {
        out.push(Sentence {
            span: Span::new(tokens[start].span.start, tokens[range.end - 1].span.end),
            tokens: start..range.end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_ascii_finds_what_a_byte_loop_finds() {
        let texts = [
            "",
            "plain ascii only, longer than eight bytes",
            "“quoted” and 'single' and \"straight\" marks",
            "héllo wörld 😀 end",
            "abcdefg\"",
            "abcdefgh'ijklmnop",
            "\u{7f}\u{80}\u{7ff} \u{ffff}",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for stops in [&b""[..], b"\"'", b"\n"] {
                for from in 0..=bytes.len() {
                    let naive = (from..bytes.len())
                        .find(|&i| bytes[i] >= 0x80 || stops.contains(&bytes[i]))
                        .unwrap_or(bytes.len());
                    assert_eq!(skip_ascii(bytes, from, stops), naive, "{text:?} {from}");
                }
            }
        }
    }

    #[test]
    fn spans_trim_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\ta\x0b",
            "\x1ca\x1f",
            "\u{a0}a\u{3000}",
            "é",
            " é ",
            "a\u{85}",
            "\r\n",
            "x\x0c",
        ] {
            let t = trim_span(text, Span::new(0, text.len()));
            let lead = text.len() - text.trim_start().len();
            assert_eq!(&text[t], text.trim(), "{text:?}");
            if !text.trim().is_empty() {
                assert_eq!(t.start, lead, "{text:?}");
            }
        }
    }

    #[test]
    fn initials_as_split_at_dots_finds_them() {
        for word in [
            "", ".", "U", "U.", "U.S", "U.S.", ".U", "UK", "U..S", "U.S.A", "É.Ü", "1.2", "a.b.c",
            "a.bc", "ab.c",
        ] {
            let split = word
                .split('.')
                .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
            assert_eq!(is_initials(word), split, "{word:?}");
        }
    }

    #[test]
    fn alnum_runs_end_where_a_byte_loop_ends_them() {
        let text = "Grüße 42abcZ9 az AZ 09 @[`{/:\x7f\u{80}x ÿ 9876543210abcdefXYZ, end".as_bytes();
        for from in 0..=text.len() {
            let mut slow = from;
            while text.get(slow).is_some_and(u8::is_ascii_alphanumeric) {
                slow += 1;
            }
            assert_eq!(ascii_alnum_end(text, from), slow, "from {from}");
        }
        for b in 0..=255u8 {
            let mut bytes = [b'a'; 20];
            bytes[9] = b;
            let end = if b.is_ascii_alphanumeric() { 20 } else { 9 };
            assert_eq!(ascii_alnum_end(&bytes, 0), end, "byte {b}");
            assert_eq!(ascii_alnum_end(&bytes, 3), end, "byte {b}");
        }
    }

    #[test]
    fn newlines_are_found_as_memchr_finds_them() {
        for text in [
            "",
            "\n",
            "abc",
            "a\nb",
            "héllo\nwörld 😀\n\n end\n",
            "abcdefghij\nklmnopqrstu\n",
            "\n\n\n\n\n\n\n\n\n\n\n",
            "“quoted”\n—dash—\nĊĊĊĊ\n\u{10a}x\ny\u{10a}\u{10a}\n\u{7f}\u{b}\u{9}\n",
            "abcdefg\nabcdefgh\nabcdefghi\n\nabcdefg",
        ] {
            let fast: Vec<usize> = newlines(text.as_bytes()).collect();
            let slow: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn line_starts_are_tokens_after_a_newline() {
        for text in [
            "",
            "\n\n",
            "One two\nthree\r\n four\n\n\nGENEVA — Five.\nsix",
            "\n  lead\n",
            "a\n\nb\nc d\n\n",
        ] {
            let doc = Doc::new(text);
            let naive: Vec<usize> = (0..doc.tokens.len())
                .filter(|&i| {
                    i == 0
                        || text[doc.tokens[i - 1].span.end..doc.tokens[i].span.start].contains('\n')
                })
                .collect();
            assert_eq!(doc.line_starts(), naive, "{text:?}");
        }
    }

    #[test]
    fn lowercase_matches_std() {
        for w in [
            "",
            "Said",
            "MOSCOW",
            "al-Assad",
            "Élysée",
            "ÉLYSÉE",
            "İstanbul",
            "x".repeat(24).as_str(),
            "X".repeat(25).as_str(),
        ] {
            assert_eq!(lowercase(w).as_str(), w.to_lowercase(), "{w}");
        }
    }

    fn toks(text: &str) -> Vec<&str> {
        let doc = Doc::new(text);
        (0..doc.tokens.len()).map(|i| doc.token_text(i)).collect()
    }

    #[test]
    fn possessives_split() {
        assert_eq!(toks("Moscow’s army"), ["Moscow", "’s", "army"]);
        assert_eq!(toks("England 's team"), ["England", "'s", "team"]);
        assert_eq!(toks("students’ union"), ["students", "’", "union"]);
    }

    #[test]
    fn inner_punctuation_joins() {
        assert_eq!(
            toks("al-Assad met U.S. envoys"),
            ["al-Assad", "met", "U.S.", "envoys"]
        );
        assert_eq!(
            toks("1,000.5 people, don't"),
            ["1,000.5", "people", ",", "don't"]
        );
        assert_eq!(toks("Mr. Ma said."), ["Mr.", "Ma", "said", "."]);
        assert_eq!(toks("George W. Bush"), ["George", "W.", "Bush"]);
    }

    #[test]
    fn a_straight_quote_before_a_word_opens_the_next_sentence() {
        let doc = Doc::new("\"Go,\" Trump said. \"The world is different.\" He left.");
        let texts: Vec<&str> = doc.sentences.iter().map(|s| &doc.text[s.span]).collect();
        assert_eq!(
            texts,
            [
                "\"Go,\" Trump said.",
                "\"The world is different.\"",
                "He left."
            ]
        );
    }

    #[test]
    fn a_lower_case_quotation_after_an_abbreviation_goes_on_the_sentence() {
        let doc = Doc::new("She said the U.S. “clearly” needed more. In the U.S. “The end” came.");
        let texts: Vec<&str> = doc.sentences.iter().map(|s| &doc.text[s.span]).collect();
        assert_eq!(
            texts,
            [
                "She said the U.S. “clearly” needed more.",
                "In the U.S.",
                "“The end” came."
            ]
        );
    }

    #[test]
    fn a_pronoun_after_an_abbreviation_opens_a_sentence() {
        let doc = Doc::new("Attacks in the U.S. He says more are coming. The U.S. Army left.");
        let texts: Vec<&str> = doc.sentences.iter().map(|s| &doc.text[s.span]).collect();
        assert_eq!(
            texts,
            [
                "Attacks in the U.S.",
                "He says more are coming.",
                "The U.S. Army left."
            ]
        );
    }

    #[test]
    fn glued_words_are_cut() {
        assert_eq!(
            toks("Kelly AyotteRep. Bradley Byrne"),
            ["Kelly", "Ayotte", "Rep.", "Bradley", "Byrne"]
        );
        assert_eq!(
            toks("Kelly AyotteBradley Byrne"),
            ["Kelly", "Ayotte", "Bradley", "Byrne"]
        );
        assert_eq!(toks("ClintonSen. Warren"), ["Clinton", "Sen.", "Warren"]);
        // Inner capitals of one name stay: short prefixes, no title or full name after.
        for whole in [
            "McDonald Smith",
            "LeBron James",
            "DeSantis said",
            "MacKenzie Scott",
            "iPhone sales",
            "YouTube video",
            "JavaScript code",
            "FitzGerald Brown",
        ] {
            assert_eq!(toks(whole), whole.split(' ').collect::<Vec<_>>(), "{whole}");
        }
        // Party labels after a comma or parenthesis; "D-Day" and "I-95" elsewhere stay.
        assert_eq!(
            toks("Roy, R-Texas, and Moore (D-N.Y.) met"),
            [
                "Roy", ",", "R", "-", "Texas", ",", "and", "Moore", "(", "D", "-", "N.Y.", ")",
                "met"
            ]
        );
        assert_eq!(toks("D-Day on I-95"), ["D-Day", "on", "I-95"]);
    }

    #[test]
    fn quotes_and_dashes_are_tokens() {
        assert_eq!(
            toks("“Yes,” he said — no..."),
            ["“", "Yes", ",", "”", "he", "said", "—", "no", "..."]
        );
    }

    #[test]
    fn sentences() {
        let doc = Doc::new("Mr. Ma spoke in the U.S. He left. “Go.” She did!");
        let s: Vec<&str> = doc.sentences.iter().map(|s| &doc.text[s.span]).collect();
        assert_eq!(
            s,
            ["Mr. Ma spoke in the U.S.", "He left.", "“Go.”", "She did!"]
        );
    }

    #[test]
    fn paragraphs_blank_lines_or_lines() {
        let t = "One\ntwo\n\n  Three  \n";
        let p: Vec<&str> = paragraph_spans(t).into_iter().map(|s| &t[s]).collect();
        assert_eq!(p, ["One\ntwo", "Three"]);
        let t = "One\ntwo\r\nthree";
        let p: Vec<&str> = paragraph_spans(t).into_iter().map(|s| &t[s]).collect();
        assert_eq!(p, ["One", "two", "three"]);
        assert!(paragraph_spans("").is_empty());
        assert!(paragraph_spans(" \n\n ").is_empty());
    }

    #[test]
    fn combining_marks_stay_in_words() {
        assert_eq!(toks("Jose\u{301} said"), ["Jose\u{301}", "said"]);
    }

    #[test]
    fn marks_of_other_scripts_stay_in_words() {
        // Devanagari virama and nukta, Bengali, Tamil virama, Sinhala, Thai tone mark, Hebrew
        // points, Arabic harakat, a variation selector.
        assert_eq!(toks("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        assert_eq!(
            toks("ज़िन्दगी বাংলাদেশ தமிழ்நாடு ශ්‍රී"),
            ["ज़िन्दगी", "বাংলাদেশ", "தமிழ்நாடு", "ශ්‍රී"]
        );
        assert_eq!(toks("ไทยแลนด์ ok"), ["ไทยแลนด์", "ok"]);
        assert_eq!(toks("שָׁלוֹם עֲלֵיכֶם"), ["שָׁלוֹם", "עֲלֵיכֶם"]);
        assert_eq!(toks("عَرَبِيّ"), ["عَرَبِيّ"]);
        assert_eq!(toks("葛\u{E0100}飾"), ["葛\u{E0100}飾"]);
        assert_eq!(toks("I ❤\u{FE0F} it"), ["I", "❤\u{FE0F}", "it"]);
        // Dandas and digits of the same blocks stay what they are.
        assert_eq!(toks("भारत। १२"), ["भारत", "।", "१२"]);
    }

    #[test]
    fn invisible_joiners_join_only_inside_words() {
        assert_eq!(toks("Mer\u{AD}kel said"), ["Mer\u{AD}kel", "said"]);
        assert_eq!(toks("می\u{200C}خواهم بروم"), ["می\u{200C}خواهم", "بروم"]);
        // At a word's edge they are not part of it; between emoji they join nothing.
        assert_eq!(toks("Merkel\u{AD} x"), ["Merkel", "\u{AD}", "x"]);
        assert_eq!(toks("👨\u{200D}👩"), ["👨", "\u{200D}", "👩"]);
    }
}
