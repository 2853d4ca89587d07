// Article Highlighter for published pages: highlights the people, organisations, places and
// quotations of an article where it stands, in place and reversibly.
//
//   <script type="module" src="/embed.js" data-selector="article"></script>
//
// or, from code (a bundler or a plain module script):
//
//   import { highlightElement, unhighlightElement } from "./embed.js";
//   await highlightElement(document.querySelector("article"), { labels: ["PER", "LOC"] });
//
// How it works, and why (docs/EMBED.md has the user-facing version):
// 1. Collect: walk the element's text nodes into one string. Block elements (p, headings, li,
//    td, br, div, …) add a blank line, so the core sees separate paragraphs and no name runs
//    across two of them; inline elements (b, a, em, …) add nothing, so "<b>Angela</b> Merkel"
//    is one name. Skipped elements (code, pre, script, textarea, [contenteditable],
//    [data-no-highlight], …) add a separator and are never touched.
// 2. Analyse the string with the wasm core (in a module worker when the browser allows it, so
//    a long page does not freeze; on the main thread otherwise). Offsets are UTF-16 units,
//    the same as the text nodes' own.
// 3. Wrap: each text node is split only where a highlight starts or ends (splitText) and the
//    pieces are moved into new <mark>/<span> elements. Existing elements are never moved,
//    recreated or serialised (no innerHTML), so their listeners, form state and identity
//    survive. Work is cut into slices that yield to the browser between them.
// 4. Undo: unwrap every element we created and merge each split text node back (only the
//    nodes we split: the page's own adjacent text nodes stay as they were), so innerHTML is
//    exactly what it was.
//
// mark.js, the usual DOM highlighter, joins paragraphs without separators, drops overlapping
// highlights and cannot nest an entity inside a quote; these three are why this is written
// here rather than taken from npm.

import init, { analyze } from "./pkg/article_highlighter.js";

/** Every entity label, in the order the legend uses. */
export const LABELS = Object.freeze(["PER", "ORG", "LOC", "MISC"]);
/** Quote kinds shown by default. "scare" quotes (single words in quotation marks) are nobody's
 * words, so they are left out, as on the Article Highlighter page. */
export const QUOTE_KINDS = Object.freeze(["statement", "partial", "continued"]);
const ALL_QUOTE_KINDS = Object.freeze([...QUOTE_KINDS, "scare"]);
export const DEFAULT_CLASS_PREFIX = "ah-";

/** Elements that separate text like a paragraph break. Decided by tag, not computed style:
 * reading styles of a 5,000-paragraph page would cost more than the analysis. */
const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
  "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p",
  "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
/** Elements whose text is never read nor changed. Code, form controls and embedded content
 * are not prose; their text must stay byte-for-byte (and form controls keep their state). */
const SKIP_TAGS = new Set([
  "audio", "button", "canvas", "code", "embed", "iframe", "img", "input", "kbd", "math",
  "noscript", "object", "pre", "rp", "rt", "samp", "script", "select", "style", "svg", "template",
  "textarea", "video",
]);
/** Skipped elements that separate text like a block; the others separate like a space. */
const SKIP_BLOCK_TAGS = new Set(["audio", "canvas", "iframe", "noscript", "object", "pre", "select", "textarea", "video"]);
/** Skipped elements that separate nothing: they are not shown. */
const SILENT_TAGS = new Set(["rp", "rt", "script", "style", "template"]);
/** Separators put into the analysed text; they belong to no text node, so nothing wraps them. */
const BLOCK_SEPARATOR = "\n\n";
const INLINE_SEPARATOR = " ";
/** A slice of wrapping work runs this long before yielding to the browser (ms); the relayout
 * it causes takes about as long again, so frames stay well under 50 ms. */
const SLICE_MS = 10;
/** A text node longer than this (UTF-16 units) is wrapped in blocks (wrapLongTextNode). Far
 * above any article's paragraph: wrapped in place, 500,000 characters still lay out in linear
 * time (0.6 s), 1 MB takes 1.8 s and 10 MB 157 s. */
const LONG_TEXT = 100_000;
/** Such a node's blocks hold about this many UTF-16 units (as the page's, www/render.js). */
const BLOCK_CHARS = 4_000;
/** An idle analysis worker is stopped after this long (ms). */
const WORKER_IDLE_MS = 30_000;
/** Longest wait for a frame before a slice runs anyway (ms). */
const YIELD_TIMEOUT_MS = 100;
/** Text nodes visited between two clock reads. */
const CLOCK_EVERY = 32;
/** Entities or quotes read between two clock reads. */
const RANGES_PER_CLOCK = 1024;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

let nextId = 1; // data-entity / data-quote ids, unique within the document
let nextRun = 1; // per highlight run, makes data-cluster unique within the document
/** @type {WeakMap<Element, Run>} highlighted elements and how to undo them. Weak, with a set
 * of weak references to iterate, so an article the page throws away is not kept alive. */
const runs = new WeakMap();
/** @type {Set<WeakRef<Element>>} */
const highlighted = new Set();

function highlightedElements() {
  const out = [];
  for (const ref of highlighted) {
    const el = ref.deref();
    if (el && runs.has(el)) out.push(el);
    else highlighted.delete(ref);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Options

function normalizeOptions(options = {}) {
  const labels = options.labels ?? LABELS;
  if (!Array.isArray(labels) || labels.some((l) => !LABELS.includes(l))) {
    throw new TypeError(`labels must be an array of ${LABELS.join(", ")}`);
  }
  let quotes = options.quotes ?? true;
  if (quotes === true) quotes = QUOTE_KINDS;
  else if (quotes === false) quotes = [];
  if (!Array.isArray(quotes) || quotes.some((k) => !ALL_QUOTE_KINDS.includes(k))) {
    throw new TypeError(`quotes must be true, false or an array of ${ALL_QUOTE_KINDS.join(", ")}`);
  }
  const guessSpeakers = options.guessSpeakers ?? true;
  if (typeof guessSpeakers !== "boolean") throw new TypeError("guessSpeakers must be true or false");
  if (options.analyze !== undefined && typeof options.analyze !== "function") {
    throw new TypeError("analyze must be a function (text) => { entities, quotes }");
  }
  const classPrefix = options.classPrefix ?? DEFAULT_CLASS_PREFIX;
  // It becomes part of class names, ids and custom property names: keep it a plain identifier.
  if (typeof classPrefix !== "string" || !/^[A-Za-z_][\w-]*$/.test(classPrefix)) {
    throw new TypeError("classPrefix must be a CSS identifier such as \"ah-\"");
  }
  return {
    labels: new Set(labels),
    quotes: new Set(quotes),
    classPrefix,
    styles: options.styles ?? true,
    worker: options.worker ?? true,
    analyze: options.analyze ?? null,
    guessSpeakers,
  };
}

// ---------------------------------------------------------------------------------------------
// Styles: one small stylesheet per class prefix, adopted (not a <style> element), so a site's
// `style-src 'self'` CSP does not block it and the page's DOM is not touched. Every rule is
// wrapped in :where() (no specificity), so any rule of the site wins.

const styledPrefixes = new Set();

/** The default stylesheet for `prefix`; www/embed.css is the same for the default prefix. */
export function stylesheetText(prefix = DEFAULT_CLASS_PREFIX) {
  const p = prefix;
  return `
:where(mark.${p}entity) {
  background: var(--${p}misc, #e5d8f3); color: var(--${p}text, #1b1b1b);
  border-bottom: 2px solid var(--${p}misc-line, #7d5ba6); border-radius: 0.15em;
  padding: 0 0.05em; -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
:where(mark.${p}entity[data-label="PER"]) { background: var(--${p}per, #ffe38f); border-bottom-color: var(--${p}per-line, #b58900); }
:where(mark.${p}entity[data-label="ORG"]) { background: var(--${p}org, #c7e4ff); border-bottom-color: var(--${p}org-line, #2f6fad); border-bottom-style: dashed; }
:where(mark.${p}entity[data-label="LOC"]) { background: var(--${p}loc, #cdeec4); border-bottom-color: var(--${p}loc-line, #3d8a2f); border-bottom-style: dotted; }
:where(mark.${p}entity[data-label="MISC"]) { border-bottom-style: double; border-bottom-width: 3px; }
:where(.${p}quote) {
  background: var(--${p}quote, rgba(214, 64, 69, 0.08));
  box-shadow: inset 0 -0.12em 0 var(--${p}quote-line, #c0392b);
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
}
:where(.${p}block) { display: block; content-visibility: auto; contain-intrinsic-size: auto 40em; }
@media print { :where(.${p}block) { content-visibility: visible; } }
`;
}

function injectStyles(doc, prefix) {
  const key = prefix;
  if (styledPrefixes.has(key)) return;
  styledPrefixes.add(key);
  const css = stylesheetText(prefix);
  try {
    const sheet = new doc.defaultView.CSSStyleSheet();
    sheet.replaceSync(css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // Browsers without constructable stylesheets: a <style> in <head>.
    const style = doc.createElement("style");
    style.dataset.articleHighlighter = prefix;
    style.textContent = css;
    doc.head.append(style);
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis: once in a module worker if possible, else on the main thread.

let mainReady = null;
function mainThreadAnalyze(text, guessSpeakers) {
  mainReady ??= init();
  return mainReady.then(() => slim(analyze(text, { sentences: false, tokens: false, guessSpeakers })));
}

/** Only what wrapping needs (tokens and sentences are large on long pages). */
function slim(result) {
  return { entities: result.entities, quotes: result.quotes };
}

let worker = null; // null: none running; false: unavailable in this page
let workerSeq = 0;
let idleTimer = 0;
const pending = new Map();

function startWorker() {
  if (worker !== null) return worker;
  let w;
  try {
    w = new Worker(new URL("./embed-worker.js", import.meta.url), { type: "module" });
  } catch {
    return (worker = false); // e.g. a CSP whose worker-src leaves out this origin
  }
  worker = w;
  w.addEventListener("message", ({ data }) => {
    const job = pending.get(data.id);
    if (!job) return;
    if (data.part) {
      // The result comes in parts, each copied into the page in its own task.
      for (const e of data.part.entities) job.entities.push(e);
      for (const q of data.part.quotes) job.quotes.push(q);
      if (!data.last) return;
    }
    pending.delete(data.id);
    if (data.error) job.reject(new Error(data.error));
    else job.resolve({ entities: job.entities, quotes: job.quotes });
    if (pending.size === 0) {
      // An idle worker holds a wasm instance (megabytes): let it go, start again when needed.
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (worker === w && pending.size === 0) {
          w.terminate();
          worker = null;
        }
      }, WORKER_IDLE_MS);
    }
  });
  // A module worker that cannot start (blocked, no module workers) reports only "error".
  w.addEventListener("error", (event) => {
    event.preventDefault();
    if (worker !== w) return;
    w.terminate();
    worker = false;
    const why = new Error("the analysis worker could not start");
    for (const { reject } of pending.values()) reject(why);
    pending.clear();
  });
  return w;
}

async function analyzeText(text, useWorker, guessSpeakers) {
  if (useWorker && typeof Worker === "function" && startWorker()) {
    try {
      return await new Promise((resolve, reject) => {
        const id = ++workerSeq;
        pending.set(id, { resolve, reject, entities: [], quotes: [] });
        clearTimeout(idleTimer);
        worker.postMessage({ id, text, guessSpeakers });
      });
    } catch (error) {
      if (worker !== false) throw error; // the analysis failed, not the worker
      // The worker could not start: fall through to the main thread.
    }
  }
  return mainThreadAnalyze(text, guessSpeakers);
}

// ---------------------------------------------------------------------------------------------
// Collecting text

function isSkipped(el) {
  if (SKIP_TAGS.has(el.localName)) return true;
  if (el.hasAttribute("data-no-highlight") || el.hasAttribute("hidden")) return true;
  const editable = el.getAttribute("contenteditable");
  return editable !== null && editable !== "false";
}

/** True when `el` or an ancestor (up to the document) is skipped: then so is everything in it. */
function insideSkipped(el) {
  for (let e = el; e && e.nodeType === ELEMENT_NODE; e = e.parentElement) {
    if (isSkipped(e)) return true;
  }
  return false;
}

/** The text under `root` with block separators, and the text nodes with their offsets in it.
 * Tabs and line breaks inside text nodes become spaces (one unit each, so offsets are
 * unchanged): HTML shows them as spaces, and a blank line in the source of one <p> must not
 * split it into two paragraphs. */
function collect(root) {
  const parts = [];
  const nodes = []; // { node, start, text }
  let length = 0;
  let atSeparator = true; // at the start, or just after a block separator
  const separate = (block) => {
    if (atSeparator) return;
    const sep = block ? BLOCK_SEPARATOR : INLINE_SEPARATOR;
    parts.push(sep);
    length += sep.length;
    atSeparator = block;
  };
  const isBlock = (el) => BLOCK_TAGS.has(el.localName);

  let node = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === TEXT_NODE) {
      const text = node.data;
      if (text.length > 0) {
        nodes.push({ node, start: length, text });
        parts.push(text.replace(/[\t\n\r\f\v]/g, " "));
        length += text.length;
        if (atSeparator && /\S/.test(text)) atSeparator = false;
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      if (isSkipped(node)) {
        if (!SILENT_TAGS.has(node.localName)) separate(isBlock(node) || SKIP_BLOCK_TAGS.has(node.localName));
      } else {
        if (isBlock(node)) separate(true);
        descend = node.firstChild !== null;
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Leave finished elements (closing blocks) until one has a next sibling.
    if (node.nodeType === ELEMENT_NODE && !isSkipped(node) && isBlock(node)) separate(true);
    while (node !== root && node.nextSibling === null) {
      node = node.parentNode;
      if (node === root || node === null) break;
      if (isBlock(node)) separate(true);
    }
    node = node === root || node === null ? null : node.nextSibling;
  }
  if (atSeparator && parts.length > 0 && parts[parts.length - 1] === BLOCK_SEPARATOR) parts.pop(); // no text follows it
  return { text: parts.join(""), nodes };
}

// ---------------------------------------------------------------------------------------------
// Ranges: from the analysis to per-text-node pieces

/** Sorted by start, each clipped to begin after the previous ends, empty ones dropped. One
 * layer (quotes, entities) never overlaps itself, so every element nests properly. */
function layer(ranges) {
  const order = (x, y) => x.start - y.start || y.end - x.end;
  // The core's lists come sorted: checking is linear, sorting 555,000 entities took 0.1 s.
  let sorted = true;
  for (let i = 1; i < ranges.length && sorted; i++) sorted = order(ranges[i - 1], ranges[i]) <= 0;
  if (!sorted) ranges.sort(order);
  const out = [];
  let end = 0;
  for (const r of ranges) {
    const start = Math.max(r.start, end);
    if (start < r.end) {
      r.start = start;
      out.push(r);
      end = r.end;
    }
  }
  return out;
}

/**
 * The quotes and entities of `result` that are shown, as two layers of { start, end, q or e,
 * attrs }. Built in slices that yield to the browser (10 MB on one line has 830,000 of them);
 * resolves to null if `run` is cancelled meanwhile. Spans from a custom `analyze` option are
 * checked too: bad ones are dropped, not thrown.
 */
async function shownRanges(result, textLength, opts, run) {
  const valid = (r) => Number.isInteger(r?.start) && Number.isInteger(r.end) && r.start >= 0 && r.start < r.end && r.end <= textLength;
  const quotes = [];
  const entities = [];
  let sliceStart = performance.now();
  for (const [list, isQuote] of [[result?.quotes, true], [result?.entities, false]]) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      if (i % RANGES_PER_CLOCK === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToBrowser();
        if (run.cancelled) return null;
        sliceStart = performance.now();
      }
      const r = list[i];
      if (!valid(r)) continue;
      if (isQuote) {
        if (opts.quotes.has(r.kind)) quotes.push({ start: r.start, end: r.end, q: r, group: r.group ?? `i${quotes.length}`, attrs: null });
      } else if (opts.labels.has(r.label)) {
        entities.push({ start: r.start, end: r.end, e: r, attrs: null });
      }
    }
  }
  return { quotes: layer(quotes), entities: layer(entities) };
}

/**
 * Turns the analysis into per-text-node work, lazily: `at(start, end)` gives the ranges of the
 * text node at [start, end) of the collected text, as { quotes: [{a, b, attrs}], entities:
 * [...] } in node-local offsets, or null. Asked for nodes in document order, it walks the
 * sorted quotes and entities once (linear), so no planning pass blocks the page up front.
 * Ids are given on first use, in document order.
 */
function planner({ quotes, entities }, opts, run) {
  const prefix = opts.classPrefix;
  const cluster = (c) => (c === null || c === undefined ? null : `${prefix}c${run}-${c}`);
  const quoteIds = new Map(); // group → id: the segments of one quotation share it
  let entityCount = 0;

  const quoteAttrs = (r) => {
    if (r.attrs) return r.attrs;
    const q = r.q;
    if (!quoteIds.has(r.group)) quoteIds.set(r.group, `${prefix}q${nextId++}`);
    const attrs = { class: `${prefix}quote`, "data-quote": quoteIds.get(r.group), "data-kind": q.kind };
    if (q.speaker) {
      attrs["data-speaker"] = String(q.speaker.name ?? q.speaker.text ?? "");
      if (q.speaker.evidence) attrs["data-evidence"] = String(q.speaker.evidence);
      const c = cluster(q.speaker.cluster);
      if (c) attrs["data-speaker-cluster"] = c;
    }
    return (r.attrs = attrs);
  };
  const entityAttrs = (r) => {
    if (r.attrs) return r.attrs;
    entityCount++;
    const attrs = { class: `${prefix}entity`, "data-label": r.e.label, "data-entity": `${prefix}e${nextId++}` };
    const c = cluster(r.e.cluster);
    if (c) attrs["data-cluster"] = c;
    return (r.attrs = attrs);
  };

  /** The end of the range of `list` (sorted, disjoint) that has `pos` strictly inside, else 0. */
  const around = (list, pos) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && list[lo].start < pos ? list[lo].end : 0;
  };

  let qi = 0;
  let ei = 0;
  return {
    counts: () => ({ entities: entityCount, quotes: quoteIds.size }),
    entityAround: (pos) => around(entities, pos),
    quoteAround: (pos) => around(quotes, pos),
    /** Whether [start, end) has anything to wrap; asked in document order, like at(). */
    any(start, end) {
      while (qi < quotes.length && quotes[qi].end <= start) qi++;
      while (ei < entities.length && entities[ei].end <= start) ei++;
      return (qi < quotes.length && quotes[qi].start < end) || (ei < entities.length && entities[ei].start < end);
    },
    at(start, end) {
      while (qi < quotes.length && quotes[qi].end <= start) qi++;
      while (ei < entities.length && entities[ei].end <= start) ei++;
      const qs = [];
      for (let k = qi; k < quotes.length && quotes[k].start < end; k++) {
        const r = quotes[k];
        qs.push({ a: Math.max(r.start, start) - start, b: Math.min(r.end, end) - start, attrs: quoteAttrs(r) });
      }
      const es = [];
      let qk = 0; // first quote of this node that may overlap the current entity
      for (let k = ei; k < entities.length && entities[k].start < end; k++) {
        const r = entities[k];
        const a = Math.max(r.start, start) - start;
        const b = Math.min(r.end, end) - start;
        const attrs = entityAttrs(r);
        // An entity that crosses a quote's edge is cut there: both pieces are fragments of
        // the same mention (same data-entity), one inside the quote and one outside. Both
        // lists are sorted and disjoint, so one forward pointer keeps this linear.
        while (qk < qs.length && qs[qk].b <= a) qk++;
        const cuts = [a, b];
        for (let j = qk; j < qs.length && qs[j].a < b; j++) {
          const q = qs[j];
          if (q.a > a) cuts.push(q.a);
          if (q.b < b) cuts.push(q.b);
        }
        cuts.sort((x, y) => x - y);
        for (let j = 0; j + 1 < cuts.length; j++) {
          if (cuts[j] < cuts[j + 1]) es.push({ a: cuts[j], b: cuts[j + 1], attrs });
        }
      }
      return qs.length || es.length ? { quotes: qs, entities: es } : null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Wrapping and unwrapping

/**
 * @typedef {{ node: Text, text: string, pieces: Text[], starts: number[], blocks: Element[] | null }} Split
 *   `blocks`: for a long text node, the blocks that hold all its pieces and wrappers.
 * @typedef {{ el: Element, prefix: string, splits: Split[], wrappers: Element[], cancelled: boolean }} Run
 */

function makeElement(doc, tag, attrs) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** Wraps one text node's ranges; records what it split and created in `run`. */
function wrapTextNode(doc, entry, ranges, run) {
  const { node, text } = entry;
  const inner = innerCuts(ranges, text.length);
  // `node` stays the first piece and keeps its identity; the others are new text nodes. Not
  // splitText(): each call copies the rest of the node, quadratic for thousands of cuts in one
  // long text node (11.7 s for 80,000 cuts in 840,000 chars). Live ranges are not moved along,
  // which is why the selection is carried over by hand.
  const right = inner.map((c, k) => doc.createTextNode(text.slice(c, inner[k + 1] ?? text.length)));
  if (right.length > 0) {
    const rest = doc.createDocumentFragment();
    for (const piece of right) rest.appendChild(piece);
    node.data = text.slice(0, inner[0]);
    node.parentNode.insertBefore(rest, node.nextSibling);
  }
  const starts = [0, ...inner];
  if (right.length > 0) run.splits.push({ node, text, pieces: right, starts, blocks: null });
  wrapPieces(doc, [node, ...right], starts, ranges, run.wrappers);
}

/** The offsets strictly inside (0, length) where a range of `ranges` begins or ends, sorted. */
function innerCuts(ranges, length) {
  const cuts = new Set();
  for (const r of ranges.quotes) cuts.add(r.a).add(r.b);
  for (const r of ranges.entities) cuts.add(r.a).add(r.b);
  return [...cuts].filter((c) => c > 0 && c < length).sort((x, y) => x - y);
}

/** Wraps `pieces` (consecutive text nodes starting at `starts`, one per cut) in marks, then
 * the marks and pieces in quote spans; the new elements are pushed to `created`. */
function wrapPieces(doc, pieces, starts, ranges, created) {
  const index = new Map(starts.map((start, k) => [start, k]));
  const pieceAt = (offset) => index.get(offset);
  // The outermost node now holding each piece (the piece, or the mark around it).
  const top = pieces.slice();

  for (const r of ranges.entities) {
    const from = pieceAt(r.a);
    const mark = makeElement(doc, "mark", r.attrs);
    pieces[from].parentNode.insertBefore(mark, pieces[from]);
    for (let k = from; k < pieces.length && starts[k] < r.b; k++) {
      mark.appendChild(pieces[k]);
      top[k] = mark;
    }
    created?.push(mark);
  }
  for (const r of ranges.quotes) {
    const from = pieceAt(r.a);
    const span = makeElement(doc, "span", r.attrs);
    top[from].parentNode.insertBefore(span, top[from]);
    for (let k = from; k < pieces.length && starts[k] < r.b; k++) {
      if (top[k].parentNode !== span) span.appendChild(top[k]);
    }
    created?.push(span);
  }
}

/**
 * Wraps a text node longer than LONG_TEXT, such as a whole book on one line. The browser lays
 * out one paragraph as a whole, and its time grows faster than the paragraph once it holds
 * many boxes that break across lines (`box-decoration-break: clone`): 1.8 s for 1 MB wrapped
 * in place, 157 s for 10 MB. So the node's text is cut into blocks of about BLOCK_CHARS,
 * each a `<span class="ah-block">` laid out only near the screen (`content-visibility`), and
 * each block is wrapped on its own. The blocks are built in slices in a detached fragment,
 * which costs no layout, and swapped in for the node in one step at the end; until then the
 * page shows the node as it was. Blocks end after white space outside names and quotes when
 * the text allows (never inside a name); a quote cut by a block continues in a copy of its
 * span (same data-quote), as across the page's own elements.
 * Resolves to false if the run was cancelled meanwhile.
 */
async function wrapLongTextNode(doc, el, entry, work, run, slicer) {
  const { node, text, start } = entry;
  const pieces = [];
  const starts = [];
  const blocks = [];
  const fragment = doc.createDocumentFragment();
  const blockClass = `${run.prefix}block`;
  for (let a = 0; a < text.length;) {
    if (slicer.overdue()) {
      if (!(await slicer.pause())) return false;
      // The page changed the node meanwhile: it is left alone (nothing of it was touched).
      if (node.data !== text || !el.contains(node)) return true;
    }
    const b = blockEnd(text, a, start, work);
    const ranges = work.at(start + a, start + b) ?? { quotes: [], entities: [] };
    const inner = innerCuts(ranges, b - a);
    const block = doc.createElement("span");
    block.className = blockClass;
    const blockPieces = [];
    const blockStarts = [0, ...inner];
    for (let k = 0; k < blockStarts.length; k++) {
      const piece = doc.createTextNode(text.slice(a + blockStarts[k], a + (blockStarts[k + 1] ?? b - a)));
      block.appendChild(piece);
      blockPieces.push(piece);
      pieces.push(piece);
      starts.push(a + blockStarts[k]);
    }
    wrapPieces(doc, blockPieces, blockStarts, ranges, null);
    fragment.appendChild(block);
    blocks.push(block);
    a = b;
  }
  if (run.cancelled) return false;
  // The page may have changed the node while the blocks were built: then it is left alone.
  if (node.data !== text || !el.contains(node)) return true;
  // `node` becomes the first piece, as in wrapTextNode, so that undo gives it back.
  const parent = node.parentNode;
  const next = node.nextSibling;
  pieces[0].replaceWith(node);
  node.data = text.slice(0, starts[1] ?? text.length);
  parent.insertBefore(fragment, next);
  run.splits.push({ node, text, pieces: pieces.slice(1), starts, blocks });
  return true;
}

/** Where the block of a long text node that begins at `a` ends: after the first white space
 * past BLOCK_CHARS that is outside names and quotes, else outside names, else (no white space)
 * at BLOCK_CHARS moved past the name there. `start` is the node's offset in the analysed text. */
function blockEnd(text, a, start, work) {
  if (text.length - a <= BLOCK_CHARS + BLOCK_CHARS / 2) return text.length;
  const from = a + BLOCK_CHARS;
  const to = Math.min(text.length, from + BLOCK_CHARS);
  let inQuote = -1; // the first white space outside names but inside a quote
  for (let i = from; i < to; i++) {
    if (!isSpace(text.charCodeAt(i))) continue;
    const entity = work.entityAround(start + i + 1);
    if (entity > 0) {
      i = entity - start - 1;
      continue;
    }
    const quote = work.quoteAround(start + i + 1);
    if (quote === 0) return i + 1;
    if (inQuote < 0) inQuote = i + 1;
    i = quote - start - 1;
  }
  if (inQuote > 0) return inQuote;
  let cut = from;
  const entity = work.entityAround(start + cut);
  if (entity > 0) cut = entity - start;
  else if (isLowSurrogate(text.charCodeAt(cut)) && isHighSurrogate(text.charCodeAt(cut - 1))) cut++;
  return Math.min(cut, text.length);
}

const isSpace = (unit) => unit === 0x20 || unit === 0x0a || unit === 0x09 || unit === 0x0d || unit === 0x0c;
const isHighSurrogate = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** Selection endpoints as (original text node, offset), so they survive splitting, moving
 * and merging: live ranges collapse when their node is moved. */
function saveSelection(doc) {
  const sel = doc.getSelection?.();
  if (!sel || sel.rangeCount === 0 || sel.anchorNode === null) return null;
  return { sel, anchor: [sel.anchorNode, sel.anchorOffset], focus: [sel.focusNode, sel.focusOffset] };
}

function restoreSelection(saved, map) {
  if (!saved) return;
  const [anchor, focus] = [map(saved.anchor), map(saved.focus)];
  const { sel } = saved;
  const same = sel.anchorNode === anchor[0] && sel.anchorOffset === anchor[1] &&
    sel.focusNode === focus[0] && sel.focusOffset === focus[1];
  if (same) return;
  try {
    sel.setBaseAndExtent(anchor[0], anchor[1], focus[0], focus[1]);
  } catch {
    // The page changed the nodes meanwhile: leave the selection as the browser has it.
  }
}

/** Maps a point in an original text node to the piece that now holds it. */
function toPieces(splits) {
  const byNode = new Map(splits.map((s) => [s.node, s]));
  return (point) => {
    const s = byNode.get(point[0]);
    if (!s) return point;
    let k = s.starts.length - 1;
    while (k > 0 && s.starts[k] > point[1]) k--;
    return [k === 0 ? s.node : s.pieces[k - 1], point[1] - s.starts[k]];
  };
}

/** Maps a point in a piece back to the merged original node. */
function fromPieces(splits) {
  const byPiece = new Map();
  for (const s of splits) s.pieces.forEach((p, k) => byPiece.set(p, [s.node, s.starts[k + 1]]));
  return (point) => {
    const hit = byPiece.get(point[0]);
    return hit ? [hit[0], hit[1] + point[1]] : point;
  };
}

function undo(run) {
  run.cancelled = true;
  const doc = run.el.ownerDocument;
  const saved = saveSelection(doc);
  // Merge back only what we split: the first piece is the original node, so it gets its whole
  // text back and the other pieces go. Done before unwrapping, so that most wrappers are then
  // empty and are removed rather than unwrapped (half the DOM moves).
  for (const s of run.splits) {
    if (s.blocks) {
      // A long node: everything made for it is inside its blocks, so they go whole.
      if (s.blocks[0].parentNode) s.blocks[0].before(s.node);
      s.node.data = s.text;
      for (const b of s.blocks) b.remove();
      continue;
    }
    for (const p of s.pieces) p.remove();
    s.node.data = s.text;
  }
  for (const w of run.wrappers) {
    if (!w.parentNode) continue;
    if (w.firstChild === null) w.remove();
    else w.replaceWith(...w.childNodes);
  }
  if (saved) restoreSelection(saved, fromPieces(run.splits));
  run.wrappers = [];
  run.splits = [];
}

/** Waits for the next frame to be painted, so that each slice's DOM changes are laid out in
 * their own frame: the browser's relayout, not the script, is the larger cost on long pages
 * (scheduler.yield() alone let it batch 8 slices into one 460 ms frame). A hidden tab paints
 * no frames; the timeout keeps the work going there, at the browser's throttled pace. */
const yieldToBrowser = () =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, YIELD_TIMEOUT_MS);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }, 0));
  });

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Highlights the entities and quotations in `el`'s text, in place.
 * Resolves to counts of what was highlighted. Calling it again first removes the previous
 * highlights (of `el`, and of any highlighted element inside or around it).
 * @param {Element} el
 * @param {{labels?: string[], quotes?: boolean | string[], classPrefix?: string,
 *          styles?: boolean, worker?: boolean}} [options]
 * @returns {Promise<{entities: number, quotes: number, cancelled: boolean, timings?: object}>}
 */
export async function highlightElement(el, options = {}) {
  if (!el || el.nodeType !== ELEMENT_NODE) throw new TypeError("highlightElement needs an element");
  const opts = normalizeOptions(options);
  const doc = el.ownerDocument;
  for (const other of highlightedElements()) {
    if (other === el || other.contains(el) || el.contains(other)) unhighlightElement(other);
  }
  /** @type {Run} */
  const run = { el, prefix: opts.classPrefix, splits: [], wrappers: [], cancelled: false };
  runs.set(el, run);
  highlighted.add(new WeakRef(el));
  const cancelled = { entities: 0, quotes: 0, cancelled: true };
  if (insideSkipped(el)) return { entities: 0, quotes: 0, cancelled: false };

  // Adopting a stylesheet restyles the whole page: do it now, while the analysis runs.
  if (opts.styles) injectStyles(doc, opts.classPrefix);
  const t0 = performance.now();
  const { text, nodes } = collect(el);
  const t1 = performance.now();
  const result = opts.analyze ? await opts.analyze(text) : await analyzeText(text, opts.worker, opts.guessSpeakers);
  const t2 = performance.now();
  if (run.cancelled) return cancelled;
  const shown = await shownRanges(result, text.length, opts, run);
  if (!shown) return cancelled;
  const work = planner(shown, opts, nextRun++);
  // The reader's selection is kept across splits and moves (live ranges collapse when their
  // node moves). Reading it forces a layout when the DOM has changed, which costs 10-20 ms on
  // a 5,000-paragraph page; so it is read at the start, and again in a later slice only if it
  // is inside `el` or the reader changed it meanwhile (selectionchange).
  let selectionChanged = false;
  const onSelectionChange = () => { selectionChanged = true; };
  doc.addEventListener("selectionchange", onSelectionChange);
  const sliceSelection = () => {
    const saved = saveSelection(doc);
    return saved && (el.contains(saved.anchor[0]) || el.contains(saved.focus[0])) ? saved : null;
  };
  let saved = sliceSelection();
  let sliceSplits = run.splits.length;
  const endSlice = () => {
    if (saved) restoreSelection(saved, toPieces(run.splits.slice(sliceSplits)));
    busy += performance.now() - sliceStart;
  };
  let sliceStart = performance.now();
  let slices = 1;
  let busy = 0;
  const slicer = {
    overdue: () => performance.now() - sliceStart > SLICE_MS,
    /** Ends the slice and waits for the browser; resolves to false if the run was cancelled. */
    async pause() {
      endSlice();
      selectionChanged = false;
      await yieldToBrowser();
      if (run.cancelled) return false;
      sliceStart = performance.now();
      slices++;
      if (saved || selectionChanged) saved = sliceSelection();
      sliceSplits = run.splits.length;
      return true;
    },
  };
  for (let n = 0; n < nodes.length; n++) {
    if (n % CLOCK_EVERY === 0 && slicer.overdue() && !(await slicer.pause())) {
      doc.removeEventListener("selectionchange", onSelectionChange);
      return cancelled;
    }
    const entry = nodes[n];
    const end = entry.start + entry.text.length;
    if (entry.text.length > LONG_TEXT && work.any(entry.start, end)) {
      if (entry.node.data !== entry.text || !el.contains(entry.node)) continue;
      if (!(await wrapLongTextNode(doc, el, entry, work, run, slicer))) {
        doc.removeEventListener("selectionchange", onSelectionChange);
        return cancelled;
      }
      continue;
    }
    const ranges = work.at(entry.start, end);
    // The page may have changed while we waited: wrap only text nodes still as they were.
    if (!ranges || entry.node.data !== entry.text || !el.contains(entry.node)) continue;
    wrapTextNode(doc, entry, ranges, run);
  }
  endSlice();
  doc.removeEventListener("selectionchange", onSelectionChange);
  const timings = { collect: t1 - t0, analyze: t2 - t1, wrap: busy, slices, total: performance.now() - t0 };
  return { ...work.counts(), cancelled: false, timings };
}

/**
 * The text the analyser is given for `el`: its text nodes, with a blank line for each block
 * boundary and a space for each skipped inline element (line breaks inside text nodes read as
 * spaces). Offsets in it are the offsets `analyze` options receive. For debugging and tests.
 * @param {Element} el
 * @returns {string}
 */
export function textOf(el) {
  return insideSkipped(el) ? "" : collect(el).text;
}

/**
 * Removes the highlights `highlightElement` added to `el` (also stops one in progress).
 * Afterwards `el.innerHTML` is exactly what it was before. Returns false if `el` was not
 * highlighted.
 * @param {Element} el
 * @returns {boolean}
 */
export function unhighlightElement(el) {
  const run = runs.get(el);
  if (!run) return false;
  runs.delete(el);
  for (const ref of highlighted) if (ref.deref() === el) highlighted.delete(ref);
  undo(run);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Auto mode: <script type="module" src=".../embed.js" data-selector="article">. Modules have no
// document.currentScript, so the tag is found by its resolved src, which is import.meta.url.

function ownScript() {
  if (typeof document === "undefined") return null;
  const scripts = [...document.querySelectorAll("script[src][data-selector]")];
  const bare = (u) => u.split(/[?#]/)[0];
  return scripts.find((s) => s.src === import.meta.url) ?? scripts.find((s) => bare(s.src) === bare(import.meta.url)) ?? null;
}

function optionsFromAttributes(script) {
  const d = script.dataset;
  const options = {};
  if (d.labels) options.labels = d.labels.split(/[\s,]+/).filter(Boolean);
  if (d.quotes) options.quotes = d.quotes === "false" ? false : d.quotes === "true" ? true : d.quotes.split(/[\s,]+/).filter(Boolean);
  if (d.classPrefix) options.classPrefix = d.classPrefix;
  if (d.worker === "false") options.worker = false;
  if (d.styles === "false") options.styles = false;
  if (d.guessSpeakers === "false") options.guessSpeakers = false;
  return options;
}

function autoHighlight(script) {
  const selector = script.dataset.selector;
  const options = optionsFromAttributes(script);
  const seen = new WeakSet();
  const highlight = (el) => {
    if (seen.has(el)) return null;
    seen.add(el);
    return highlightElement(el, options).then(
      (summary) => {
        el.dispatchEvent(new CustomEvent("articlehighlighted", { bubbles: true, detail: summary }));
        return summary;
      },
      (error) => console.error("Article Highlighter:", error),
    );
  };
  const highlightAll = (root) => {
    const found = [];
    if (root.matches?.(selector)) found.push(root);
    if (root.querySelectorAll) found.push(...root.querySelectorAll(selector));
    // Outermost matches only: highlighting an element also covers the ones inside it.
    const outer = found.filter((el) => !found.some((o) => o !== el && o.contains(el)));
    return Promise.all(outer.map(highlight).filter(Boolean));
  };
  const start = () => {
    let done;
    try {
      done = highlightAll(document);
    } catch (error) {
      console.error("Article Highlighter: bad data-selector", error); // querySelectorAll threw
      return Promise.resolve([]);
    }
    if ("observe" in script.dataset) {
      const prefix = options.classPrefix ?? DEFAULT_CLASS_PREFIX;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const added of r.addedNodes) {
            if (added.nodeType !== ELEMENT_NODE || ["entity", "quote", "block"].some((c) => added.classList.contains(prefix + c))) continue;
            highlightAll(added);
          }
        }
      }).observe(document.body ?? document.documentElement, { childList: true, subtree: true });
    }
    return done;
  };
  if (document.readyState === "loading") {
    return new Promise((resolve) => document.addEventListener("DOMContentLoaded", () => resolve(start()), { once: true }));
  }
  return start();
}

const script = ownScript();
/** In auto mode, settles when the elements present at load are highlighted; else null. */
export const autoHighlighted = script ? autoHighlight(script) : null;
