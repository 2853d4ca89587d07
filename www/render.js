// Builds the highlighted article on the main thread from the nested event list that the Rust
// core computes (`analyzeWithEvents`, possibly in a Web Worker, which has no DOM). The elements
// and attributes are exactly those of the core's `renderInto` (tests/e2e checks they match):
//   <p> per paragraph; <mark data-label data-index data-cluster> + hidden label words;
//   <span data-quote=kind data-group data-index data-speaker>.
// One exception, for paragraphs longer than LONG_PARAGRAPH (no article has them; a 10 MB text
// on one line does): their content is cut into <span class="chunk"> blocks of about
// CHUNK_CHARS, so that the browser lays out only the blocks near the screen (style.css). A
// quotation cut by a block boundary continues in a copy of its span (same data-group and
// data-index); a name is never cut.
// Only text nodes and elements are created: user text is never parsed as HTML.

/** Event codes of `analyzeWithEvents` (src/wasm.rs `EventCode`). */
const TEXT = 0, PARAGRAPH_START = 1, PARAGRAPH_END = 2, QUOTE_START = 3, QUOTE_END = 4,
  ENTITY_START = 5, ENTITY_END = 6;

/** Paragraphs longer than this many UTF-16 units are shown in blocks (see above). */
export const LONG_PARAGRAPH = 20_000;
/** A block holds about this many UTF-16 units; it ends after white space when there is some. */
export const CHUNK_CHARS = 4_000;
/** The time is checked after this many events (reading the clock costs too). */
const CLOCK_EVERY = 512;

const isSpace = (unit) => unit === 0x20 || unit === 0x0a || unit === 0x09 || unit === 0x0d || unit === 0x0c;

/**
 * Builds the highlighted article step by step: `step(deadline)` handles events until
 * `performance.now()` passes `deadline` and returns whether all are done. The tree grows
 * under a fragment until `attach()` moves it into the element; later steps then add to the
 * element directly, so a long article shows its beginning while the rest is built.
 */
export class Builder {
  /**
   * @param {Element} element
   * @param {string} text the analysed text (event offsets are UTF-16 units into it)
   * @param {object} analysis the `analysis` object of `analyzeWithEvents`
   * @param {Uint32Array} events triples [code, a, b]
   * @param {Map<string, string>} labelWords label code → words ("PER" → "Person")
   */
  constructor(element, text, analysis, events, labelWords) {
    Object.assign(this, { element, text, analysis, events, labelWords });
    this.doc = element.ownerDocument;
    this.root = this.doc.createDocumentFragment();
    this.open = [this.root];
    this.k = 0;
    this.inParagraph = false;
    this.attached = false;
    /** Inside a paragraph cut into blocks: the characters in the current block. */
    this.chunked = false;
    this.chunkChars = 0;
    this.marksOpen = 0;
    /** What was shown: entities by label and by cluster, quotation groups, the indices of the
     *  quotations, blocks made. */
    this.counts = { labels: new Map(), clusters: new Map(), groups: new Set(), quotes: [], chunks: 0 };
  }

  /** The share of events handled, 0..1. */
  get progress() {
    return this.events.length ? this.k / this.events.length : 1;
  }

  /** Moves what is built so far into the element (replacing its children). */
  attach() {
    if (this.attached) return;
    this.element.replaceChildren(this.root);
    this.open[0] = this.element;
    this.attached = true;
  }

  step(deadline = Infinity) {
    const { events, doc, analysis, counts } = this;
    const open = this.open;
    while (this.k < events.length) {
      if (this.k % (3 * CLOCK_EVERY) === 0 && this.k > 0 && performance.now() > deadline) return false;
      const k = this.k;
      this.k += 3;
      const code = events[k], a = events[k + 1];
      let child;
      switch (code) {
        case TEXT:
          if (this.inParagraph) this.addText(a, events[k + 2]);
          continue;
        case PARAGRAPH_START: {
          this.inParagraph = true;
          child = doc.createElement("p");
          const paragraph = analysis.paragraphs?.[a];
          this.chunked = paragraph !== undefined && paragraph.end - paragraph.start > LONG_PARAGRAPH;
          if (this.chunked) {
            open[open.length - 1].append(child);
            open.push(child);
            this.newChunk();
            continue;
          }
          break;
        }
        case QUOTE_START: {
          const quote = analysis.quotes[a];
          counts.groups.add(quote.group);
          counts.quotes.push(a);
          child = quoteElement(doc, quote, a);
          break;
        }
        case ENTITY_START: {
          const entity = analysis.entities[a];
          counts.labels.set(entity.label, (counts.labels.get(entity.label) ?? 0) + 1);
          if (entity.cluster !== null) counts.clusters.set(entity.cluster, (counts.clusters.get(entity.cluster) ?? 0) + 1);
          this.marksOpen++;
          child = markElement(doc, entity, a);
          break;
        }
        case ENTITY_END: {
          const hidden = doc.createElement("span");
          hidden.className = "sr-only";
          const label = analysis.entities[a].label;
          hidden.textContent = ` (${this.labelWords.get(label) ?? label})`;
          open[open.length - 1].append(hidden);
          this.marksOpen--;
          if (open.length > 1) open.pop();
          continue;
        }
        case PARAGRAPH_END:
          this.inParagraph = false;
          if (this.chunked) {
            open.pop(); // the block
            this.chunked = false;
          }
          if (open.length > 1) open.pop();
          continue;
        case QUOTE_END:
          if (open.length > 1) open.pop();
          continue;
        default:
          throw new Error(`unknown event code ${code}`);
      }
      open[open.length - 1].append(child);
      open.push(child);
    }
    return true;
  }

  /** Appends text `a..b`; in a paragraph cut into blocks, starts new blocks on the way. */
  addText(a, b) {
    if (this.chunked && this.marksOpen === 0) {
      // Many short texts between names with no white space: cut between two events.
      if (this.chunkChars >= 2 * CHUNK_CHARS) this.newChunk();
      while (this.chunkChars + (b - a) > CHUNK_CHARS) {
        const from = Math.max(a, a + CHUNK_CHARS - this.chunkChars);
        let cut = this.breakAfter(from, Math.min(b, from + CHUNK_CHARS));
        if (cut < 0) {
          if (b - from < CHUNK_CHARS) break; // a later text may have white space
          cut = from; // a long run without white space: cut between two code points
          if (isLowSurrogate(this.text.charCodeAt(cut)) && isHighSurrogate(this.text.charCodeAt(cut - 1))) cut++;
        }
        this.appendText(a, cut);
        this.newChunk();
        a = cut;
      }
    }
    this.appendText(a, b);
  }

  appendText(a, b) {
    if (a === b) return;
    this.open[this.open.length - 1].append(this.doc.createTextNode(this.text.slice(a, b)));
    this.chunkChars += b - a;
  }

  /** The offset just after the first line break in `from..to`, else after the first white
   *  space, else -1. After a line break a new block does not change how the text looks. */
  breakAfter(from, to) {
    const text = this.text;
    let space = -1;
    for (let i = from; i < to; i++) {
      const unit = text.charCodeAt(i);
      if (unit === 0x0a) return i + 1;
      if (space < 0 && isSpace(unit)) space = i + 1;
      if (space >= 0 && i - space > 200) break; // close enough: a line break is unlikely soon
    }
    return space;
  }

  /** Ends the current block (if any) and opens the next; open quotations continue in it. */
  newChunk() {
    const open = this.open;
    let at = open.length - 1;
    while (at > 0 && !open[at].classList?.contains("chunk")) at--;
    const continued = at > 0 ? open.splice(at + 1) : [];
    if (at > 0) open.pop();
    const chunk = this.doc.createElement("span");
    chunk.className = "chunk";
    open[open.length - 1].append(chunk);
    open.push(chunk);
    for (const quote of continued) {
      const copy = quote.cloneNode(false);
      open[open.length - 1].append(copy);
      open.push(copy);
    }
    this.chunkChars = 0;
    this.counts.chunks++;
  }
}

/** The `options` of `analyzeWithEvents` for the page: it reads no sentences or tokens, so the
 * core leaves them out (most of the object: about one token per five characters). */
export const PAGE_PARTS = Object.freeze({ sentences: false, tokens: false });

/**
 * The part of `analyzeWithEvents`' analysis that the page uses (this file, the panels, the Web
 * Annotations export). The worker sends only this: without the tokens, sentences and every
 * `text` field, copying 10 MB of analysis into the main thread takes a fraction of the time.
 * (The JSON download asks the core for the whole analysis.)
 */
export function pageAnalysis({ unit, paragraphs, entities, quotes, clusters }) {
  return {
    unit,
    paragraphs,
    entities: entities.map(({ start, end, label, cluster }) => ({ start, end, label, cluster })),
    quotes: quotes.map(({ start, end, kind, group, speaker }) =>
      ({ start, end, kind, group, speaker: speaker && { name: speaker.name, cluster: speaker.cluster, evidence: speaker.evidence } })),
    clusters: clusters.map(({ id, name, label }) => ({ id, name, label })),
  };
}

const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Replaces `element`'s children with the highlighted `text`, all at once.
 * @param {Element} element
 * @param {string} text the analysed text (event offsets are UTF-16 units into it)
 * @param {object} analysis the `analysis` object of `analyzeWithEvents`
 * @param {Uint32Array} events triples [code, a, b]
 * @param {Map<string, string>} labelWords label code → words ("PER" → "Person")
 * @returns {Builder["counts"]} what was shown
 */
export function renderEvents(element, text, analysis, events, labelWords) {
  const builder = new Builder(element, text, analysis, events, labelWords);
  builder.step();
  builder.attach();
  return builder.counts;
}

function markElement(doc, entity, index) {
  const mark = doc.createElement("mark");
  mark.setAttribute("data-label", entity.label);
  mark.setAttribute("data-index", String(index));
  if (entity.cluster !== null) mark.setAttribute("data-cluster", String(entity.cluster));
  return mark;
}

function quoteElement(doc, quote, index) {
  const span = doc.createElement("span");
  span.setAttribute("data-quote", quote.kind);
  span.setAttribute("data-group", String(quote.group));
  span.setAttribute("data-index", String(index));
  if (quote.speaker !== null) {
    span.setAttribute("data-speaker", quote.speaker.name);
    span.setAttribute("data-evidence", quote.speaker.evidence);
  }
  return span;
}
