// What the reader takes away: self-contained HTML, JSON, W3C Web Annotations, downloads.

/** Inline styles for copied HTML (the light palette of style.css; no stylesheet travels). */
const INLINE = {
  PER: "background:#fde3b0;text-decoration:underline solid #a35b00 2px",
  ORG: "background:#cde6f7;text-decoration:underline double #005a8c 2px",
  LOC: "background:#c9efe0;text-decoration:underline dashed #006b4f 2px",
  MISC: "background:#f3d3e6;text-decoration:underline dotted #8a3d6b 2px",
  QUOTE: "background:#ecebe6;font-style:italic",
  P: "white-space:pre-wrap;margin:0 0 1em",
  ROOT: "font-family:system-ui,sans-serif;line-height:1.55;color:#1c1c1c;background:#fdfdfb",
};

/**
 * The highlighted article as one HTML string with inline styles: it pastes into mail, a word
 * processor or a CMS looking the same. Marks and quotes keep their data attributes; the label
 * in words and the speaker become `title` tooltips.
 * @param {Element} output the rendered article
 * @param {Map<string, string>} labelWords
 */
export function selfContainedHtml(output, labelWords) {
  const copy = output.cloneNode(true);
  copy.querySelectorAll(".sr-only").forEach((hidden) => hidden.remove());
  for (const e of copy.querySelectorAll("[class], [tabindex], [aria-describedby]")) {
    for (const name of ["class", "tabindex", "aria-describedby"]) e.removeAttribute(name);
  }
  copy.querySelectorAll("p").forEach((p) => p.setAttribute("style", INLINE.P));
  copy.querySelectorAll("mark[data-label]").forEach((mark) => {
    mark.setAttribute("style", INLINE[mark.dataset.label] ?? "");
    mark.title = labelWords.get(mark.dataset.label) ?? mark.dataset.label;
  });
  copy.querySelectorAll("[data-quote]").forEach((quote) => {
    quote.setAttribute("style", INLINE.QUOTE);
    quote.title = quote.dataset.speaker ? `Quotation: ${quote.dataset.speaker}` : "Quotation";
  });
  const root = document.createElement("div");
  root.setAttribute("style", INLINE.ROOT);
  root.append(...copy.childNodes);
  return root.outerHTML;
}

/**
 * Code-point offset of every UTF-16 offset of `text` (W3C selectors count code points;
 * JavaScript strings count UTF-16 units).
 * @param {string} text
 * @returns {Uint32Array} index: UTF-16 offset 0..=length
 */
function codePointOffsets(text) {
  const map = new Uint32Array(text.length + 1);
  let points = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = points;
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length
      && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (pair) map[++i] = points;
    points++;
  }
  map[text.length] = points;
  return map;
}

/** Context kept on each side of a TextQuoteSelector's `exact` text. */
const CONTEXT_CHARS = 32;

/**
 * The analysis as a W3C Web Annotation collection (https://www.w3.org/TR/annotation-model/):
 * one annotation per entity mention and per quotation segment, each targeting the text with
 * a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (code points).
 * @param {string} text
 * @param {object} analysis from the core (UTF-16 offsets)
 * @param {Map<string, string>} labelWords
 * @param {string} source an IRI for the text
 */
export function webAnnotations(text, analysis, labelWords, source) {
  const points = codePointOffsets(text);
  const target = (start, end) => ({
    source,
    selector: [
      {
        type: "TextQuoteSelector",
        exact: text.slice(start, end),
        prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
        suffix: text.slice(end, end + CONTEXT_CHARS),
      },
      { type: "TextPositionSelector", start: points[start], end: points[end] },
    ],
  });
  const body = (purpose, value) => ({ type: "TextualBody", purpose, value, format: "text/plain" });
  const items = [];
  analysis.entities.forEach((e, i) => {
    const cluster = e.cluster === null ? null : analysis.clusters[e.cluster];
    items.push({
      id: `${source}#entity-${i}`,
      type: "Annotation",
      motivation: "classifying",
      body: [body("classifying", labelWords.get(e.label) ?? e.label), ...(cluster ? [body("describing", cluster.name)] : [])],
      target: target(e.start, e.end),
    });
  });
  analysis.quotes.forEach((q, i) => {
    items.push({
      id: `${source}#quote-${i}`,
      type: "Annotation",
      motivation: "classifying",
      body: [body("classifying", "Quotation"), ...(q.speaker ? [body("describing", `Said by ${q.speaker.name}`)] : [])],
      target: target(q.start, q.end),
    });
  });
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "AnnotationCollection",
    label: "Article Highlighter annotations",
    total: items.length,
    first: { type: "AnnotationPage", items },
  };
}

/** An IRI naming the text by its content (SHA-256), so annotations of one text share it. */
export async function textIri(text) {
  if (!globalThis.crypto?.subtle) return "urn:article-highlighter:text";
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `urn:sha256:${hex}`;
}

/** Saves `content` as a file through a local blob: URL (nothing is uploaded). */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies to the clipboard: `html` (with `text` as the plain alternative) or only `text`. */
export async function copy(text, html) {
  if (html && globalThis.ClipboardItem) {
    await navigator.clipboard.write([
      new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" }),
      }),
    ]);
  } else {
    await navigator.clipboard.writeText(text);
  }
}
