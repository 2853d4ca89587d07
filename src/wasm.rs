//! The JavaScript API (WebAssembly, built with wasm-pack): a thin layer that converts and
//! forwards. The analysis itself is [`crate::Analyzer`]; offsets become UTF-16 code units
//! (JavaScript's `String.prototype.slice`) through [`crate::output::AnalysisView`], and the
//! DOM is built from [`crate::output::events`], the same nested walk the CLI renders.
//!
//! ```js
//! import init, { analyze, renderInto } from "./pkg/article_highlighter.js";
//! await init();
//! const result = analyze(text);        // plain object: { unit: "utf16", entities: [...], ... }
//! for (const e of result.entities) console.log(e.label, text.slice(e.start, e.end));
//! renderInto(document.querySelector("#output"), text);
//! ```
//!
//! Strings cross from JavaScript as UTF-8; a lone surrogate (invalid UTF-16) becomes U+FFFD.
//! Both are one UTF-16 code unit, so every offset still indexes the caller's original string.

use crate::offsets::{OffsetMap, Unit};
use crate::output::{events, markers as marker_text, speaker_name, Event};
use crate::{Analysis, Analyzer, Label, Options, QuoteKind};
use js_sys::JsString;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Node};

/// Quote kinds the page does not highlight: scare quotes are nobody's words (as in the CLI).
const HIDDEN_QUOTES: [QuoteKind; 1] = [QuoteKind::Scare];

/// Class of the visually hidden text that tells screen readers a mark's label in words.
pub const SCREEN_READER_CLASS: &str = "sr-only";

thread_local! {
    /// Built once per module instance: the embedded tables are loaded on first use.
    static ANALYZER: Result<Analyzer, String> = Analyzer::new().map_err(|e| e.to_string());
}

/// Installs the panic hook once, when the module is instantiated: a Rust panic then shows its
/// message in the console instead of "unreachable executed".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

fn with_analysis<R>(
    text: &str,
    options: Options,
    f: impl FnOnce(&Analysis) -> Result<R, JsValue>,
) -> Result<R, JsValue> {
    ANALYZER.with(|analyzer| match analyzer {
        Ok(analyzer) => f(&analyzer.analyze_with(text, options)),
        Err(why) => Err(JsError::new(why).into()),
    })
}

/// Serialises as a plain JavaScript object: absent values are `null`, maps are objects.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// `analyze(text, options?)`: the whole analysis as a plain object, offsets in UTF-16 code
/// units. Field names are those of the CLI's JSON (`paragraphs`, `entities`, `quotes`,
/// `clusters`; `start`, `end`, `label`, `text`, `speaker`, …); `unit` is `"utf16"`. Every
/// `text` field is `text.slice(start, end)` of the string passed in. `options` (each flag
/// defaults to `true`; anything but a boolean is an error):
/// - `{ sentences: false, tokens: false }` leaves out the two largest parts, which a page that
///   only highlights does not read;
/// - `{ guessSpeakers: false }` leaves a quote's `speaker` `null` when no cue in the text says
///   who spoke (every speaker has `evidence`: "verb", "colon", "according-to", "dash",
///   "pronoun", "continued" or "guess"; this drops the guesses).
#[wasm_bindgen]
pub fn analyze(text: &JsString, options: Option<js_sys::Object>) -> Result<JsValue, JsValue> {
    let utf8 = text_of(text, "analyze")?;
    let parts = Parts::of(options.as_ref(), "analyze")?;
    with_analysis(&utf8, parts.options(), |analysis| {
        to_object(text, analysis, parts)
    })
}

/// What the `options` of [`analyze`] ask for: the optional parts of the object (`sentences`
/// and `tokens`, both by default; tokens are most of the object, about one per five characters
/// of text) and whether speakers are guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Parts {
    sentences: bool,
    tokens: bool,
    guess_speakers: bool,
}

impl Parts {
    /// Reads `{ sentences?, tokens?, guessSpeakers? }` (booleans); a missing flag means `true`,
    /// and anything but a boolean is an error naming the option.
    fn of(options: Option<&js_sys::Object>, function: &str) -> Result<Parts, JsValue> {
        let Some(options) = options else {
            return Ok(Parts {
                sentences: true,
                tokens: true,
                guess_speakers: true,
            });
        };
        // The flags are read in JavaScript, in one call: three `Reflect.get` from here, each
        // with its property name made a JavaScript string, took about 1.4 µs a call.
        let bits = option_bits(options)?;
        if bits == OPTIONS_NOT_OBJECT {
            let kind = options.js_typeof().as_string().unwrap_or_default();
            return Err(JsError::new(&format!(
                "{function}(text, options): options must be an object, not {kind}"
            ))
            .into());
        }
        if bits < 0 {
            let name = usize::try_from(-2 - bits)
                .ok()
                .and_then(|k| OPTION_NAMES.get(k))
                .copied()
                .unwrap_or("?");
            return Err(JsError::new(&format!(
                "{function}(text, options): options.{name} must be true or false"
            ))
            .into());
        }
        Ok(Parts {
            sentences: bits & 1 != 0,
            tokens: bits & 2 != 0,
            guess_speakers: bits & 4 != 0,
        })
    }

    /// The analyser's options.
    fn options(self) -> Options {
        Options::default().guess_speakers(self.guess_speakers)
    }

    /// The bits `src/wasm/build.js` reads: 1 = sentences, 2 = tokens.
    fn bits(self) -> u32 {
        u32::from(self.sentences) | u32::from(self.tokens) << 1
    }
}

/// The flags of `options` in the order of the bits `optionBits` (src/wasm/build.js) returns.
const OPTION_NAMES: [&str; 3] = ["sentences", "tokens", "guessSpeakers"];

/// What `optionBits` returns for options that are not an object.
const OPTIONS_NOT_OBJECT: i32 = -1;

#[wasm_bindgen(module = "/src/wasm/build.js")]
extern "C" {
    /// `options`' flags as bits (`1 << k` for [`OPTION_NAMES`]`[k]`; a missing flag is
    /// `true`), [`OPTIONS_NOT_OBJECT`], or `-2 - k` when flag `k` is not a boolean.
    #[wasm_bindgen(js_name = optionBits, catch)]
    fn option_bits(options: &js_sys::Object) -> Result<i32, JsValue>;

    #[wasm_bindgen(js_name = buildAnalysis, catch)]
    fn build_analysis(
        text: &JsString,
        parts: u32,
        nums: &[u32],
        scores: &[f32],
        names: &str,
        lens: &[u32],
    ) -> Result<JsValue, JsValue>;
}

/// The object [`analyze`] returns: what [`crate::output::AnalysisView`] serialises (the CLI's JSON) in UTF-16
/// units, handed to JavaScript in the flat form `src/wasm/build.js` reads (its header comment
/// has the layout), which builds the objects there. `tests/wasm_node.rs` checks the two agree.
fn to_object(text: &JsString, analysis: &Analysis, parts: Parts) -> Result<JsValue, JsValue> {
    let map = OffsetMap::new(analysis.text());
    let mut utf16 = map.ascending(Unit::Utf16);
    let mut span = |s: crate::Span| {
        let (start, end) = utf16.span(s);
        [start as u32, end as u32]
    };
    let doc = &analysis.doc;
    let mut flat = Flat::default();
    // Spans of paragraphs, sentences and tokens are most of it: one allocation.
    flat.nums.reserve(
        2 * (doc.paragraphs.len() + doc.sentences.len() + doc.tokens.len())
            + 6 * analysis.entities.len()
            + 16 * analysis.quotes.len()
            + 16,
    );
    let unit = flat.code("utf16");
    debug_assert_eq!(unit, 0);
    // Cluster names first: speakers refer to them.
    let cluster_names: Vec<u32> = analysis
        .clusters
        .iter()
        .map(|c| flat.string(&c.name))
        .collect();
    flat.count(doc.paragraphs.len());
    for p in &doc.paragraphs {
        flat.nums.extend(span(p.span));
    }
    // Sentences and tokens are in text order: one walk each.
    if parts.sentences {
        flat.count(doc.sentences.len());
        map.extend_utf16(doc.sentences.iter().map(|s| s.span), &mut flat.nums);
    }
    if parts.tokens {
        flat.count(doc.tokens.len());
        map.extend_utf16(doc.tokens.iter().map(|t| t.span), &mut flat.nums);
    }
    flat.count(analysis.entities.len());
    for e in &analysis.entities {
        let label = flat.code(e.label.code());
        flat.nums.extend(span(e.span));
        flat.nums.extend([label, plus_one(e.cluster)]);
        flat.scores.push(e.score);
    }
    flat.count(analysis.quotes.len());
    for q in &analysis.quotes {
        let kind = flat.code(q.kind.code());
        flat.nums.extend(span(q.span));
        flat.nums.extend(span(q.content));
        flat.nums
            .extend([kind, q.group as u32, u32::from(q.speaker.is_some())]);
        if let Some(speaker) = &q.speaker {
            // Named after its cluster when that resolves (as `speaker_name` does).
            let name = speaker
                .cluster
                .and_then(|c| cluster_names.get(c))
                .map_or(0, |&n| n + 1);
            let evidence = flat.code(speaker.evidence.code());
            flat.nums.extend(span(speaker.span));
            flat.nums
                .extend([plus_one(speaker.cluster), name, evidence]);
        }
    }
    flat.count(analysis.clusters.len());
    for (c, &name) in analysis.clusters.iter().zip(&cluster_names) {
        let label = flat.code(c.label.code());
        flat.nums
            .extend([c.id as u32, name, label, c.mentions.len() as u32]);
        flat.nums.extend(c.mentions.iter().map(|&m| m as u32));
    }
    build_analysis(
        text,
        parts.bits(),
        &flat.nums,
        &flat.scores,
        &flat.names,
        &flat.lens,
    )
}

/// The flat form of an analysis for `src/wasm/build.js`.
#[derive(Default)]
struct Flat {
    nums: Vec<u32>,
    scores: Vec<f32>,
    /// Every string, joined; `lens` holds their lengths in UTF-16 units.
    names: String,
    lens: Vec<u32>,
    /// Strings given so far that repeat (labels, kinds, the unit), by index.
    shared: Vec<(&'static str, u32)>,
}

impl Flat {
    fn count(&mut self, n: usize) {
        self.nums.push(n as u32);
    }

    /// The index of a label, kind or unit name among the strings, added the first time.
    fn code(&mut self, s: &'static str) -> u32 {
        if let Some(&(_, i)) = self.shared.iter().find(|(c, _)| *c == s) {
            return i;
        }
        let i = self.string(s);
        self.shared.push((s, i));
        i
    }

    /// Adds `s` to the strings; its index.
    fn string(&mut self, s: &str) -> u32 {
        self.names.push_str(s);
        self.lens.push(s.encode_utf16().count() as u32);
        self.lens.len() as u32 - 1
    }
}

fn plus_one(index: Option<usize>) -> u32 {
    index.map_or(0, |i| i as u32 + 1)
}

/// `markers(text, options?)`: the article with inline markers, as the CLI prints it when
/// piped: `[Angela Merkel|PER]`, `[“…”|QUOTE:Angela Merkel]`; user text that looks like a
/// marker is escaped with a backslash. `options` as for [`analyze`] (`guessSpeakers`).
#[wasm_bindgen]
pub fn markers(text: &JsString, options: Option<js_sys::Object>) -> Result<String, JsValue> {
    let parts = Parts::of(options.as_ref(), "markers")?;
    with_analysis(&text_of(text, "markers")?, parts.options(), |analysis| {
        Ok(marker_text(analysis))
    })
}

/// The text argument as Rust text, or a clear error when JavaScript passed something else
/// (the generated glue does not check: a number once reached the core as garbage).
fn text_of(text: &JsString, function: &str) -> Result<String, JsValue> {
    text.as_string().ok_or_else(|| {
        let kind = if text.is_null() {
            "null".to_string()
        } else {
            text.js_typeof().as_string().unwrap_or_default()
        };
        JsError::new(&format!(
            "{function}(text): text must be a string, not {kind}"
        ))
        .into()
    })
}

/// The codes of the flat event list returned by [`analyze_with_events`], one per
/// [`Event`] variant: each event is three numbers `[code, a, b]`.
#[derive(Clone, Copy)]
#[repr(u32)]
enum EventCode {
    /// `a..b` is plain text (UTF-16 offsets).
    Text = 0,
    /// `a` is the paragraph's index (`b` unused), likewise for the rest.
    ParagraphStart = 1,
    ParagraphEnd = 2,
    QuoteStart = 3,
    QuoteEnd = 4,
    EntityStart = 5,
    EntityEnd = 6,
}

/// `analyzeWithEvents(text, options?)`: `{ analysis, events }` where `analysis` is what
/// [`analyze`] returns (with the same `options`) and `events` a `Uint32Array` of triples `[code, a, b]`: the same nested walk that
/// [`render_into`] builds its DOM from (0 text `a..b` in UTF-16 units; 1/2 paragraph `a`
/// start/end; 3/4 quote `a`; 5/6 entity `a`; scare quotes left out). A Web Worker can run
/// this (workers have no DOM) and the page build the same elements on the main thread,
/// without re-deriving how highlights nest.
#[wasm_bindgen(js_name = analyzeWithEvents)]
pub fn analyze_with_events(
    text: &JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let utf8 = text_of(text, "analyzeWithEvents")?;
    let parts = Parts::of(options.as_ref(), "analyzeWithEvents")?;
    with_analysis(&utf8, parts.options(), |analysis| {
        let map = OffsetMap::new(&utf8);
        let utf16 = |byte: usize| map.convert(byte, Unit::Utf16) as u32;
        let mut flat: Vec<u32> = Vec::new();
        for event in events(analysis, &HIDDEN_QUOTES) {
            let (code, a, b) = match event {
                Event::Text(span) => (EventCode::Text, utf16(span.start), utf16(span.end)),
                Event::ParagraphStart(i) => (EventCode::ParagraphStart, i as u32, 0),
                Event::ParagraphEnd(i) => (EventCode::ParagraphEnd, i as u32, 0),
                Event::QuoteStart(i) => (EventCode::QuoteStart, i as u32, 0),
                Event::QuoteEnd(i) => (EventCode::QuoteEnd, i as u32, 0),
                Event::EntityStart(i) => (EventCode::EntityStart, i as u32, 0),
                Event::EntityEnd(i) => (EventCode::EntityEnd, i as u32, 0),
            };
            flat.extend([code as u32, a, b]);
        }
        let result = js_sys::Object::new();
        let view = to_object(text, analysis, parts)?;
        js_sys::Reflect::set(&result, &"analysis".into(), &view)?;
        js_sys::Reflect::set(
            &result,
            &"events".into(),
            &js_sys::Uint32Array::from(&flat[..]),
        )?;
        Ok(result.into())
    })
}

/// One entry of [`labels`].
#[derive(Serialize)]
struct LabelInfo {
    code: &'static str,
    name: &'static str,
}

/// `labels()`: every entity label as `{ code: "PER", name: "Person" }`, in a fixed order, so
/// that a page's legend uses the same words as the highlights.
#[wasm_bindgen]
pub fn labels() -> Result<JsValue, JsValue> {
    let all: Vec<LabelInfo> = Label::ALL
        .iter()
        .map(|l| LabelInfo {
            code: l.code(),
            name: l.name(),
        })
        .collect();
    to_js(&all)
}

/// `renderInto(element, text)`: analyses `text` and replaces `element`'s children with one
/// `<p>` per paragraph. Entities are `<mark data-label="PER" data-cluster="3" data-index="7">`
/// (`data-index` indexes `analyze(text).entities`; the label in words follows the name in a
/// visually hidden `<span class="sr-only">`); a quotation is `<span data-quote="statement"
/// data-group="0" data-index="2" data-speaker="Angela Merkel">` (no `data-speaker` when
/// unknown; `data-index` indexes `quotes`), with the entities inside it nested inside. A quote that spans
/// paragraphs is one span per paragraph, sharing `data-group`.
///
/// Built from text nodes and elements only, never from HTML, so user text cannot inject
/// markup. White space between paragraphs is dropped; inside a paragraph every char is kept
/// (style it with `white-space: pre-wrap` to show line breaks). `options` as for [`analyze`]
/// (`guessSpeakers`); a quote's `data-evidence` says what ties it to its speaker.
#[wasm_bindgen(js_name = renderInto)]
pub fn render_into(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: &JsValue,
    text: &JsString,
    options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let element = element
        .dyn_ref::<Element>()
        .ok_or_else(|| JsError::new("renderInto(element, text): element must be a DOM element"))?;
    let text = text_of(text, "renderInto")?;
    let parts = Parts::of(options.as_ref(), "renderInto")?;
    let document = element
        .owner_document()
        .ok_or_else(|| JsError::new("the element has no document"))?;
    with_analysis(&text, parts.options(), |analysis| {
        let fragment = build(&document, analysis)?;
        element.set_text_content(None);
        element.append_child(&fragment)?;
        Ok(())
    })
}

/// The DOM for `analysis`, as a fragment, from the nested [`events`].
fn build(document: &Document, analysis: &Analysis) -> Result<Node, JsValue> {
    let text = analysis.text();
    let root: Node = document.create_document_fragment().into();
    // Open elements, innermost last; events are properly nested, so ends pop in order.
    let mut open: Vec<Node> = vec![root.clone()];
    let mut in_paragraph = false;
    for event in events(analysis, &HIDDEN_QUOTES) {
        let element = match event {
            Event::Text(span) => {
                if in_paragraph {
                    let parent = open.last().unwrap_or(&root);
                    parent.append_child(&document.create_text_node(&text[span]))?;
                }
                continue;
            }
            Event::ParagraphEnd(_) | Event::QuoteEnd(_) | Event::EntityEnd(_) => {
                match event {
                    Event::ParagraphEnd(_) => in_paragraph = false,
                    Event::EntityEnd(i) => {
                        let hidden = label_in_words(document, analysis.entities[i].label)?;
                        open.last().unwrap_or(&root).append_child(&hidden)?;
                    }
                    _ => {}
                }
                if open.len() > 1 {
                    open.pop();
                }
                continue;
            }
            Event::ParagraphStart(_) => {
                in_paragraph = true;
                document.create_element("p")?
            }
            Event::QuoteStart(i) => quote_element(document, analysis, i)?,
            Event::EntityStart(i) => entity_element(document, analysis, i)?,
        };
        open.last().unwrap_or(&root).append_child(&element)?;
        open.push(element.into());
    }
    Ok(root)
}

fn entity_element(document: &Document, analysis: &Analysis, i: usize) -> Result<Element, JsValue> {
    let entity = &analysis.entities[i];
    let mark = document.create_element("mark")?;
    mark.set_attribute("data-label", entity.label.code())?;
    mark.set_attribute("data-index", &i.to_string())?;
    if let Some(cluster) = entity.cluster {
        mark.set_attribute("data-cluster", &cluster.to_string())?;
    }
    Ok(mark)
}

/// " (Person)" in a visually hidden span: screen readers say the label, sighted readers see
/// the colour and underline style. (An `aria-label` on `<mark>` is ignored or replaces the name.)
fn label_in_words(document: &Document, label: Label) -> Result<Element, JsValue> {
    let hidden = document.create_element("span")?;
    hidden.set_attribute("class", SCREEN_READER_CLASS)?;
    hidden.set_text_content(Some(&format!(" ({})", label.name())));
    Ok(hidden)
}

fn quote_element(document: &Document, analysis: &Analysis, i: usize) -> Result<Element, JsValue> {
    let quote = &analysis.quotes[i];
    let span = document.create_element("span")?;
    span.set_attribute("data-quote", quote.kind.code())?;
    span.set_attribute("data-group", &quote.group.to_string())?;
    span.set_attribute("data-index", &i.to_string())?;
    if let Some(speaker) = &quote.speaker {
        span.set_attribute("data-speaker", speaker_name(analysis, speaker))?;
        span.set_attribute("data-evidence", speaker.evidence.code())?;
    }
    Ok(span)
}
