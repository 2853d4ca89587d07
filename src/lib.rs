//! Article Highlighter finds the people, organisations, places and other named things in a
//! news article, and its quotations with who said them.
//!
//! The core is plain Rust and works in UTF-8 byte spans ([`Span`]). Front ends convert at the
//! edges with [`offsets::OffsetMap`]: the WebAssembly bindings (`wasm` module, UTF-16 code
//! units for JavaScript) and the CLI binaries (code points, the JSONL format of the data).
//!
//! ```
//! use article_highlighter::{Analyzer, Label};
//! let analyzer = Analyzer::new().unwrap();
//! let analysis = analyzer.analyze("“We will win,” President Vladimir Putin said in Moscow.");
//! let text = analysis.text();
//! assert!(analysis.entities.iter().any(|e| &text[e.span] == "Vladimir Putin" && e.label == Label::Per));
//! assert_eq!(analysis.quotes.len(), 1);
//! // The speaker mention keeps its title (issue 5); the name shown is the cluster's.
//! let speaker = analysis.quotes[0].speaker.as_ref().unwrap();
//! assert_eq!(&text[speaker.span], "President Vladimir Putin");
//! assert_eq!(article_highlighter::output::speaker_name(&analysis, speaker), "Vladimir Putin");
//! ```
//!
//! Contents:
//! - [`text`]: paragraphs, sentences, tokens.
//! - [`entities`]: the entity finder (rules and a learned tagger behind one interface).
//! - [`quotes`]: quotation spans and their speakers.
//! - [`clusters`]: groups mentions of one name ("Putin" → "Vladimir Putin").
//! - [`offsets`]: byte ↔ UTF-16 ↔ code-point conversion.
//! - [`output`]: the serialisable view shared by the CLI and the JavaScript API.

#[cfg(feature = "cli")]
pub mod cli;
pub mod clusters;
pub mod entities;
pub mod lexicon;
pub mod offsets;
pub mod output;
pub mod quotes;
mod span;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use clusters::Cluster;
pub use entities::{Entity, Label};
pub use quotes::{Evidence, Quote, QuoteKind, Speaker};
pub use span::Span;
pub use text::{Doc, Paragraph, Sentence, Token, TokenKind};

use std::fmt;

/// Builds the analyser's tables once; [`Analyzer::analyze`] then runs on any text.
#[derive(Debug)]
pub struct Analyzer {
    entities: entities::Recognizer,
}

/// Why an [`Analyzer`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The embedded entity model's bytes are not a model this version can read.
    Model(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(why) => write!(f, "cannot load the entity model: {why}"),
        }
    }
}

impl std::error::Error for Error {}

impl Analyzer {
    /// Loads the embedded tables and model. Fails only if the embedded model is corrupt.
    pub fn new() -> Result<Analyzer, Error> {
        Ok(Analyzer {
            entities: entities::Recognizer::new()?,
        })
    }

    /// Analyses `text`. Never fails and never panics: empty text gives an empty analysis.
    /// Linear time in the length of the text.
    pub fn analyze<'t>(&self, text: &'t str) -> Analysis<'t> {
        self.analyze_with(text, Options::default())
    }

    /// [`Analyzer::analyze`] with [`Options`].
    ///
    /// ```
    /// use article_highlighter::{Analyzer, Evidence, Options};
    /// let analyzer = Analyzer::new().unwrap();
    /// let text = "Lena Ortiz met the union.\n\n“There will be no more delays.”";
    /// let guessed = analyzer.analyze(text);
    /// assert_eq!(guessed.quotes[0].speaker.as_ref().unwrap().evidence, Evidence::Guess);
    /// let strict = analyzer.analyze_with(text, Options::default().guess_speakers(false));
    /// assert!(strict.quotes[0].speaker.is_none());
    /// ```
    pub fn analyze_with<'t>(&self, text: &'t str, options: Options) -> Analysis<'t> {
        let doc = Doc::new(text);
        let mut entities = self.entities.find(&doc);
        let clusters = clusters::build(&doc, &mut entities);
        let quotes = quotes::find_with(&doc, &entities, &clusters, options);
        Analysis {
            doc,
            entities,
            quotes,
            clusters,
        }
    }
}

/// How [`Analyzer::analyze_with`] analyses a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Give a quote with no cue a guessed speaker ([`Evidence::Guess`]): on by default, since
    /// news attributes nearly every quote and a guess is right more often than not. `false`
    /// leaves such quotes without a speaker; every speaker left then has a cue in the text
    /// (a speech verb, colon, dash, "according to", a resolved pronoun, or the quotation it
    /// continues).
    pub guess_speakers: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            guess_speakers: true,
        }
    }
}

impl Options {
    /// These options with speaker guessing on or off.
    pub fn guess_speakers(mut self, on: bool) -> Options {
        self.guess_speakers = on;
        self
    }
}

/// The result of [`Analyzer::analyze`]: every layer, in byte spans, sorted by position.
///
/// New layers and fields are added over time; the struct is `#[non_exhaustive]` so that
/// adding one does not break callers.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Analysis<'t> {
    /// Paragraphs, sentences and tokens.
    pub doc: Doc<'t>,
    /// Named entities, sorted by start, never overlapping.
    pub entities: Vec<Entity>,
    /// Quotations, sorted by start, never overlapping.
    pub quotes: Vec<Quote>,
    /// Groups of entities that name the same thing; `Entity::cluster` indexes this list.
    pub clusters: Vec<Cluster>,
}

impl<'t> Analysis<'t> {
    /// The analysed text.
    pub fn text(&self) -> &'t str {
        self.doc.text
    }
}
