// Builds the highlighted article on the main thread from the nested event list that the Rust
// core computes (`analyzeWithEvents`, possibly in a Web Worker, which has no DOM). The elements
// and attributes are exactly those of the core's `renderInto` (tests/e2e checks they match):
//   <p> per paragraph; <mark data-label data-index data-cluster> + hidden label words;
//   <span data-quote=kind data-group data-index data-speaker>.
// Only text nodes and elements are created: user text is never parsed as HTML.

/** Event codes of `analyzeWithEvents` (src/wasm.rs `EventCode`). */
const TEXT = 0, PARAGRAPH_START = 1, PARAGRAPH_END = 2, QUOTE_START = 3, QUOTE_END = 4,
  ENTITY_START = 5, ENTITY_END = 6;

/**
 * Replaces `element`'s children with the highlighted `text`.
 * @param {Element} element
 * @param {string} text the analysed text (event offsets are UTF-16 units into it)
 * @param {object} analysis the `analysis` object of `analyzeWithEvents`
 * @param {Uint32Array} events triples [code, a, b]
 * @param {Map<string, string>} labelWords label code → words ("PER" → "Person")
 */
export function renderEvents(element, text, analysis, events, labelWords) {
  const doc = element.ownerDocument;
  const root = doc.createDocumentFragment();
  const open = [root];
  let inParagraph = false;
  for (let k = 0; k < events.length; k += 3) {
    const code = events[k], a = events[k + 1], b = events[k + 2];
    const parent = open[open.length - 1];
    let child;
    switch (code) {
      case TEXT:
        if (inParagraph) parent.append(doc.createTextNode(text.slice(a, b)));
        continue;
      case PARAGRAPH_START:
        inParagraph = true;
        child = doc.createElement("p");
        break;
      case QUOTE_START:
        child = quoteElement(doc, analysis.quotes[a], a);
        break;
      case ENTITY_START:
        child = markElement(doc, analysis.entities[a], a);
        break;
      case ENTITY_END: {
        const hidden = doc.createElement("span");
        hidden.className = "sr-only";
        hidden.textContent = ` (${labelWords.get(analysis.entities[a].label) ?? analysis.entities[a].label})`;
        parent.append(hidden);
      }
      // falls through
      case PARAGRAPH_END:
      case QUOTE_END:
        if (code === PARAGRAPH_END) inParagraph = false;
        if (open.length > 1) open.pop();
        continue;
      default:
        throw new Error(`unknown event code ${code}`);
    }
    parent.append(child);
    open.push(child);
  }
  element.replaceChildren(root);
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
  if (quote.speaker !== null) span.setAttribute("data-speaker", quote.speaker.name);
  return span;
}
