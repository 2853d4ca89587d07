// The Article Highlighter page: plain ES modules, no framework. The Rust core (WebAssembly in
// www/pkg, built by scripts/serve.sh) analyses the text in a Web Worker and returns the nested
// highlight events; render.js builds the DOM from them on the main thread. This file wires the
// input, the legend filter, the name and quotation panels, tooltips, keyboard use and exports.
import init, { analyze, analyzeWithEvents, labels, markers } from "./pkg/article_highlighter.js";
import { Builder, CHUNK_CHARS, LONG_PARAGRAPH, PAGE_PARTS, pageAnalysis } from "./render.js";
import { fileToText, htmlToText } from "./input.js";
import { copy, download, selfContainedHtml, textIri, webAnnotations } from "./export.js";

const $ = (selector) => document.querySelector(selector);
const input = $("#input");
const output = $("#output");
const status = $("#status");
const legend = $("#legend");
const tooltip = $("#tooltip");
const guessSpeakers = $("#guess-speakers");

/** Re-highlight this long after the last keystroke. */
const TYPING_DELAY_MS = 350;
/** Above this many UTF-16 units (≈ 50,000 words) the status says a long text takes a moment. */
const LONG_TEXT = 300_000;
/** Above this many UTF-16 units, paragraphs off screen are laid out lazily (style.css .is-long). */
const LAZY_LAYOUT = 30_000;
/** Above this the page declines (the browser tab would hold several copies of it, and a
 *  million or more highlight elements per 10 MB). */
const MAX_TEXT = 20_000_000;
/** The highlighted article is built in slices of this many milliseconds, so that typing,
 *  scrolling and clicks are answered while a long article is shown. */
const SLICE_MS = 40;
/** While a long article is built, the status says how far it is at most this often. */
const PROGRESS_EVERY_MS = 2_000;
/** Below this share of common English words (in texts of at least MIN_WORDS words), the
 *  status warns that the highlighter is made for English. English news is ≈ 0.3–0.45. */
const ENGLISH_SHARE = 0.08;
const MIN_WORDS = 20;
const ENGLISH_WORDS = new Set(
  "the of and to a in that is was he she it for on with as at by from his her they we said not but have has be are were".split(" "),
);

/** Plural nouns for counts, by label code; QUOTE for quotations. */
const NOUNS = {
  PER: ["person", "people"],
  ORG: ["organisation", "organisations"],
  LOC: ["place", "places"],
  MISC: ["other name", "other names"],
  QUOTE: ["quotation", "quotations"],
};
const HIGHLIGHT = "mark[data-label], [data-quote]";
/** The quotation panel lists at most this many quotations per speaker (long articles). */
const PANEL_QUOTES = 50;

/** Label code → words ("PER" → "Person"), from the core so the page uses its words. */
let labelWords = new Map();
/** The text and analysis now shown, and the counts of what is shown (render.js Builder). */
let current = null;
/** Runs the analysis: in a worker when possible. */
let analyser = null;
let latest = 0;
/** The text (and options) last sent for analysis and the promise of its result. */
let inFlight = null;
let typingTimer = 0;

const count = (n, [one, many]) => `${n} ${n === 1 ? one : many}`;
const plural = (code, n) => count(n, NOUNS[code]);

// ---------------------------------------------------------------------------------------------
// Analysis: one compiled module, shared with a worker; the main thread is the fallback.

async function compileModule() {
  const url = new URL("./pkg/article_highlighter_bg.wasm", import.meta.url);
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A static host that serves .wasm with the wrong MIME type.
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

function mainThreadAnalyser() {
  return {
    where: "main thread",
    run: async (text, options) => {
      const started = performance.now();
      const { analysis, events } = analyzeWithEvents(text, options);
      return { analysis: pageAnalysis(analysis), events, ms: performance.now() - started }; // as in the worker
    },
  };
}

function workerAnalyser(module) {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  const pending = new Map();
  let nextId = 0;
  const fallback = mainThreadAnalyser();
  const self = {
    where: "worker",
    run(text, options) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, text, options });
        worker.postMessage({ id, text, options });
      });
    },
  };
  worker.onmessage = ({ data }) => {
    const job = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) job?.reject(new Error(data.error));
    else job?.resolve(data);
  };
  // A browser without module workers: analyse on the main thread from now on.
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    self.where = fallback.where;
    self.run = fallback.run;
    for (const job of pending.values()) fallback.run(job.text, job.options).then(job.resolve, job.reject);
    pending.clear();
  };
  worker.postMessage({ module });
  return self;
}

// ---------------------------------------------------------------------------------------------
// Highlighting.

function englishShare(text) {
  const words = text.slice(0, 20_000).toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return 1;
  return words.filter((w) => ENGLISH_WORDS.has(w)).length / words.length;
}

function clearResult(message) {
  output.replaceChildren();
  output.setAttribute("aria-busy", "false");
  current = null;
  highlights = null;
  clearSelection();
  updateLegend(null);
  buildEntityPanel();
  buildQuotePanel();
  status.textContent = message;
}

async function highlight() {
  clearTimeout(typingTimer);
  const text = input.value;
  const id = ++latest;
  if (!text.trim()) {
    clearResult("Paste or type an article above, or drop a text file on it.");
    return;
  }
  if (text.length > MAX_TEXT) {
    clearResult(`This text is too long to highlight here (${text.length.toLocaleString("en")} characters; the limit is ${MAX_TEXT.toLocaleString("en")}). Split it, or use the command-line tool.`);
    return;
  }
  output.setAttribute("aria-busy", "true");
  if (text.length > LONG_TEXT) status.textContent = "Highlighting a long article: this takes a moment…";
  const started = performance.now();
  let result;
  try {
    // Highlight pressed while the same text is being analysed (typed, then the button): one
    // analysis, not two in a row (10 MB takes seconds).
    const options = analysisOptions();
    if (inFlight?.text !== text || inFlight.guess !== options.guessSpeakers) {
      inFlight = { text, guess: options.guessSpeakers, result: analyser.run(text, options) };
    }
    const asked = inFlight;
    try {
      result = await asked.result;
    } finally {
      if (inFlight === asked) inFlight = null;
    }
  } catch (error) {
    console.error(error);
    if (id === latest) clearResult("Something went wrong while highlighting this text.");
    return;
  }
  if (id !== latest) return; // a newer text is on its way
  // Built in slices: a short article in one, a long one shows its beginning after the first
  // slice while the rest is added. A newer text stops the building.
  const builder = new Builder(output, text, result.analysis, result.events, labelWords);
  let deadline = performance.now() + SLICE_MS;
  let progressAt = performance.now();
  while (!builder.step(deadline)) {
    if (!builder.attached) showNew(builder, text, result.analysis);
    if (performance.now() - progressAt > PROGRESS_EVERY_MS) {
      status.textContent = `Highlighting a long article: ${Math.floor(builder.progress * 100)} % shown…`;
      progressAt = performance.now();
    }
    await nextTask();
    if (id !== latest) return;
    deadline = performance.now() + SLICE_MS;
  }
  if (!builder.attached) showNew(builder, text, result.analysis);
  highlights = null; // listed by an arrow key while the article was being built
  output.setAttribute("aria-busy", "false");
  afterRender(result.ms, performance.now() - started);
}

/** Replaces the shown article with the one `builder` is building. */
function showNew(builder, text, analysis) {
  output.classList.toggle("is-long", text.length > LAZY_LAYOUT);
  clearSelection();
  builder.attach();
  current = { text, analysis, counts: builder.counts };
  highlights = null;
  // The panels are listed when the whole article is shown.
  for (const box of [$("#entity-groups"), $("#quote-groups")]) box.replaceChildren(helpText("Listed when the whole article is shown."));
}

/** Lets the browser handle input and paint before the next slice. */
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel(); // not throttled like setTimeout(0)
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function afterRender(analysisMs, totalMs) {
  const first = output.querySelector(HIGHLIGHT);
  if (first) first.tabIndex = 0;
  const counts = updateLegend(current.counts);
  buildEntityPanel();
  buildQuotePanel();
  const parts = Object.keys(NOUNS).map((code) => plural(code, counts[code]));
  let message = `Found ${parts.join(", ")} (${Math.max(1, Math.round(totalMs))} ms).`;
  if (current.counts.chunks) {
    message += ` Paragraphs over ${LONG_PARAGRAPH.toLocaleString("en")} characters are shown in blocks of about ${CHUNK_CHARS.toLocaleString("en")}, so that the page stays fast.`;
  }
  if (englishShare(current.text) < ENGLISH_SHARE) {
    message += " This does not look like English: the highlighter is made for English news and will miss or mislabel most names.";
  }
  status.textContent = message;
  status.dataset.analysisMs = String(Math.round(analysisMs));
  document.documentElement.dataset.ready = "true";
}

/** The `options` of the page's analysis: no sentences or tokens, and speakers guessed unless
 * the reader turned that off. */
function analysisOptions() {
  return { ...PAGE_PARTS, guessSpeakers: guessSpeakers.checked };
}

function scheduleHighlight() {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(highlight, TYPING_DELAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Legend: one toggle per label and one for quotations, with counts.

function buildLegend() {
  const entries = [...labelWords].map(([code, words]) => [code, words]);
  entries.push(["QUOTE", "Quotation"]);
  for (const [code, words] of entries) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.filter = code;
    button.setAttribute("aria-pressed", "true");
    const swatch = document.createElement(code === "QUOTE" ? "span" : "mark");
    if (code === "QUOTE") swatch.dataset.quote = "statement";
    else swatch.dataset.label = code;
    swatch.className = "swatch";
    swatch.setAttribute("aria-hidden", "true");
    swatch.textContent = "Abc";
    const name = document.createElement("span");
    name.textContent = words;
    const number = document.createElement("span");
    number.className = "count";
    number.textContent = "0";
    button.append(swatch, " ", name, " ", number);
    button.addEventListener("click", () => toggleFilter(button));
    const item = document.createElement("li");
    item.append(button);
    legend.append(item);
  }
}

function toggleFilter(button) {
  const shown = button.getAttribute("aria-pressed") !== "true";
  button.setAttribute("aria-pressed", String(shown));
  const hidden = [...legend.querySelectorAll('button[aria-pressed="false"]')].map((b) => b.dataset.filter);
  if (hidden.length) output.dataset.hide = hidden.join(" ");
  else delete output.dataset.hide;
}

/** Counts of the shown highlights by code (quotations counted once over paragraphs), from
 *  the counts of render.js's Builder (null: nothing shown). */
function updateLegend(shown) {
  const counts = {};
  for (const code of labelWords.keys()) counts[code] = shown?.labels.get(code) ?? 0;
  counts.QUOTE = shown?.groups.size ?? 0;
  for (const button of legend.querySelectorAll("button")) {
    const n = counts[button.dataset.filter] ?? 0;
    button.querySelector(".count").textContent = String(n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Selection: the mentions of one name or the quotations of one speaker, stepped through.

let selection = { elements: [], at: 0, name: "", noun: "" };
/** Every highlight of the shown article in order, listed at the first arrow key. */
let highlights = null;

function select(elements, name, noun) {
  clearSelection();
  if (!elements.length) return;
  selection = { elements, at: 0, name, noun };
  for (const e of elements) e.classList.add("is-selected");
  $("#selection").hidden = false;
  goTo(0);
}

function goTo(at) {
  const { elements, name, noun } = selection;
  if (!elements.length) return;
  selection.at = (at + elements.length) % elements.length;
  const element = elements[selection.at];
  output.querySelectorAll(".is-current").forEach((e) => e.classList.remove("is-current"));
  element.classList.add("is-current");
  focusHighlight(element);
  $("#selection-text").textContent = `${name}: ${noun} ${selection.at + 1} of ${elements.length}`;
}

function clearSelection() {
  for (const e of selection.elements) e.classList.remove("is-selected", "is-current");
  selection = { elements: [], at: 0, name: "", noun: "" };
  $("#selection").hidden = true;
  for (const b of document.querySelectorAll(".panels button[aria-pressed]")) b.setAttribute("aria-pressed", "false");
}

/** Moves keyboard focus to a highlight (roving tabindex: only one is in the tab order). */
function focusHighlight(element) {
  for (const e of output.querySelectorAll('[tabindex="0"]')) e.tabIndex = -1;
  element.tabIndex = 0;
  const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;
  element.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
  element.focus({ preventScroll: true });
}

// ---------------------------------------------------------------------------------------------
// Panels.

/** A panel button: the name, a count, and the count's noun for screen readers only (so the
 *  accessible name contains the visible text, WCAG 2.5.3). */
function panelButton(text, number, onClick, nouns) {
  const button = document.createElement("button");
  button.type = "button";
  button.setAttribute("aria-pressed", "false");
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = text;
  button.append(name);
  if (number !== undefined) {
    const n = document.createElement("span");
    n.className = "count";
    n.textContent = String(number);
    button.append(" ", n);
    if (nouns) {
      const words = document.createElement("span");
      words.className = "sr-only";
      words.textContent = ` ${number === 1 ? nouns[0] : nouns[1]}`;
      button.append(words);
    }
  }
  button.addEventListener("click", () => {
    onClick();
    if (selection.elements.length) button.setAttribute("aria-pressed", "true");
  });
  return button;
}

function buildEntityPanel() {
  const box = $("#entity-groups");
  box.replaceChildren();
  const clusters = current?.analysis.clusters ?? [];
  const byLabel = new Map([...labelWords.keys()].map((code) => [code, []]));
  for (const cluster of clusters) {
    const shown = current.counts.clusters.get(cluster.id) ?? 0;
    if (shown) byLabel.get(cluster.label)?.push({ cluster, shown });
  }
  for (const [code, items] of byLabel) {
    if (!items.length) continue;
    items.sort((a, b) => b.shown - a.shown || a.cluster.name.localeCompare(b.cluster.name));
    const heading = document.createElement("h3");
    heading.textContent = `${labelWords.get(code)} (${items.length})`;
    heading.dataset.label = code;
    const list = document.createElement("ul");
    for (const { cluster, shown } of items) {
      const li = document.createElement("li");
      const button = panelButton(cluster.name, shown, () => selectCluster(cluster.id), ["mention", "mentions"]);
      button.dataset.cluster = String(cluster.id);
      li.append(button);
      list.append(li);
    }
    box.append(heading, list);
  }
  if (!box.childElementCount) box.append(helpText("No names found."));
}

function selectCluster(id) {
  const cluster = current?.analysis.clusters[id];
  if (!cluster) return;
  select([...output.querySelectorAll(`mark[data-cluster="${id}"]`)], cluster.name, "mention");
}

/** Quotations (groups of segments) shown, by speaker name; unattributed ones last. From the
 *  analysis, not the DOM: a long article has hundreds of thousands of quotation spans. */
function quotationsBySpeaker() {
  const groups = new Map();
  for (const index of current?.counts.quotes ?? []) {
    const quote = current.analysis.quotes[index];
    const group = groups.get(quote.group) ?? { id: String(quote.group), quotes: [], speaker: null };
    group.quotes.push(quote);
    group.speaker ??= quote.speaker?.name ?? null;
    groups.set(quote.group, group);
  }
  const bySpeaker = new Map();
  for (const group of groups.values()) {
    const key = group.speaker ?? "";
    if (!bySpeaker.has(key)) bySpeaker.set(key, []);
    bySpeaker.get(key).push(group);
  }
  return [...bySpeaker].sort(([a, x], [b, y]) => (a === "") - (b === "") || y.length - x.length || a.localeCompare(b));
}

function buildQuotePanel() {
  const box = $("#quote-groups");
  box.replaceChildren();
  for (const [speaker, groups] of quotationsBySpeaker()) {
    const name = speaker || "Speaker unknown";
    const heading = document.createElement("h3");
    heading.append(panelButton(name, groups.length, () => select(firstSpans(groups), name, "quotation"), NOUNS.QUOTE));
    heading.firstChild.dataset.speaker = speaker;
    const list = document.createElement("ul");
    for (const group of groups.slice(0, PANEL_QUOTES)) {
      const words = group.quotes.map((q) => current.text.slice(q.start, q.end)).join(" ");
      const li = document.createElement("li");
      const button = panelButton(words.length > 90 ? `${words.slice(0, 88).trimEnd()}…` : words, undefined,
        () => select([...output.querySelectorAll(`[data-quote][data-group="${group.id}"]`)], name, "part"));
      button.classList.add("quote-button");
      button.dataset.group = group.id;
      li.append(button);
      list.append(li);
    }
    if (groups.length > PANEL_QUOTES) {
      const li = document.createElement("li");
      li.append(helpText(`and ${groups.length - PANEL_QUOTES} more: press ${name} to step through all.`));
      list.append(li);
    }
    box.append(heading, list);
  }
  if (!box.childElementCount) box.append(helpText("No quotations found."));
}

/** The first span of each quotation group in `groups`, in the order of the article. */
function firstSpans(groups) {
  const ids = new Set(groups.map((g) => g.id));
  const first = new Map();
  for (const span of output.querySelectorAll("[data-quote]")) {
    const id = span.dataset.group;
    if (ids.has(id) && !first.has(id)) first.set(id, span);
  }
  return [...first.values()];
}

function helpText(text) {
  const p = document.createElement("p");
  p.className = "help";
  p.textContent = text;
  return p;
}

function visibleText(element) {
  const clone = element.cloneNode(true);
  clone.querySelectorAll(".sr-only").forEach((hidden) => hidden.remove());
  return clone.textContent;
}

// ---------------------------------------------------------------------------------------------
// Tooltips (hover and keyboard focus) and keyboard movement between highlights.

function describe(element) {
  if (element.matches("mark[data-label]")) {
    const words = labelWords.get(element.dataset.label) ?? element.dataset.label;
    const cluster = current?.analysis.clusters[Number(element.dataset.cluster)];
    const mentions = cluster ? current.counts.clusters.get(cluster.id) ?? 0 : 0;
    return cluster && mentions > 1 ? `${words}: ${cluster.name} (${count(mentions, ["mention", "mentions"])})` : `${words}: ${cluster?.name ?? visibleText(element)}`;
  }
  if (!element.dataset.speaker) return "Quotation: speaker unknown";
  const guessed = element.dataset.evidence === "guess" ? " (a guess: the text does not say)" : "";
  return `Quotation: said by ${element.dataset.speaker}${guessed}`;
}

function showTooltip(element) {
  tooltip.textContent = describe(element);
  tooltip.hidden = false;
  const box = element.getClientRects()[0] ?? element.getBoundingClientRect();
  const width = tooltip.offsetWidth;
  const left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function hideTooltip() {
  tooltip.hidden = true;
}

function highlightAt(target) {
  return target instanceof Element ? target.closest(HIGHLIGHT) : null;
}

function wireOutput() {
  output.addEventListener("mouseover", (e) => {
    const h = highlightAt(e.target);
    if (h) showTooltip(h);
  });
  output.addEventListener("mouseout", (e) => {
    if (highlightAt(e.target) && !highlightAt(e.relatedTarget)) hideTooltip();
  });
  output.addEventListener("focusin", (e) => {
    const h = highlightAt(e.target);
    if (!h) return;
    showTooltip(h);
    h.setAttribute("aria-describedby", "tooltip");
  });
  output.addEventListener("focusout", (e) => {
    highlightAt(e.target)?.removeAttribute("aria-describedby");
    hideTooltip();
  });
  output.addEventListener("keydown", (e) => {
    const h = highlightAt(e.target);
    if (!h) return;
    highlights ??= [...output.querySelectorAll(HIGHLIGHT)];
    const all = highlights;
    const at = all.indexOf(h);
    const moves = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      const next = all[Math.max(0, Math.min(all.length - 1, moves[e.key]))];
      if (next) {
        for (const x of output.querySelectorAll('[tabindex="0"]')) x.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
        next.scrollIntoView({ block: "nearest" });
      }
    } else if (e.key === "Enter" && h.matches("mark[data-cluster]")) {
      e.preventDefault();
      selectCluster(Number(h.dataset.cluster));
    } else if (e.key === "Escape") {
      hideTooltip();
    }
  });
  output.addEventListener("click", (e) => {
    const mark = e.target instanceof Element ? e.target.closest("mark[data-cluster]") : null;
    if (mark) selectCluster(Number(mark.dataset.cluster));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hideTooltip();
  });
}

// ---------------------------------------------------------------------------------------------
// Input: typing, Ctrl/Cmd+Enter, rich paste, dropped files.

function replaceSelection(text) {
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function wireInput() {
  $("#highlight").addEventListener("click", highlight);
  guessSpeakers.addEventListener("change", highlight);
  input.addEventListener("input", scheduleHighlight);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      highlight();
    }
  });
  input.addEventListener("paste", (event) => {
    const html = event.clipboardData?.getData("text/html");
    if (!html) return; // plain text: the browser pastes it as it is
    event.preventDefault();
    replaceSelection(htmlToText(html));
  });
  const drop = $(".input");
  drop.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    drop.classList.add("is-dropping");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("is-dropping"));
  drop.addEventListener("drop", async (event) => {
    const file = event.dataTransfer?.files[0];
    drop.classList.remove("is-dropping");
    if (!file) return;
    event.preventDefault();
    try {
      input.value = await fileToText(file);
      highlight();
    } catch (error) {
      status.textContent = error.message;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Exports.

function wireExports() {
  const done = (message) => { status.textContent = message; };
  const needResult = () => {
    if (!current) done("Nothing to export yet: paste an article first.");
    return current;
  };
  $("#copy-html").addEventListener("click", async () => {
    if (!needResult()) return;
    try {
      await copy(visibleText(output), selfContainedHtml(output, labelWords));
      done("Copied the highlighted article as HTML.");
    } catch (error) {
      done(`Could not copy: ${error.message}`);
    }
  });
  $("#copy-markers").addEventListener("click", async () => {
    if (!needResult()) return;
    try {
      await copy(markers(current.text, analysisOptions()));
      done("Copied the article as text with markers such as [Angela Merkel|PER].");
    } catch (error) {
      done(`Could not copy: ${error.message}`);
    }
  });
  $("#download-json").addEventListener("click", () => {
    if (!needResult()) return;
    download("article-analysis.json", JSON.stringify({ text: current.text, ...analyze(current.text, { guessSpeakers: guessSpeakers.checked }) }, null, 2), "application/json");
    done("Downloaded article-analysis.json (offsets in UTF-16 code units).");
  });
  $("#download-annotations").addEventListener("click", async () => {
    if (!needResult()) return;
    const collection = webAnnotations(current.text, current.analysis, labelWords, await textIri(current.text));
    download("article-annotations.jsonld", JSON.stringify(collection, null, 2), "application/ld+json");
    done(`Downloaded article-annotations.jsonld (${collection.total} W3C Web Annotations).`);
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let module;
  try {
    module = await compileModule();
    await init({ module_or_path: module });
  } catch (error) {
    status.textContent = "The analyser could not be loaded. Serve this page over HTTP (scripts/serve.sh), not from a file.";
    console.error(error);
    return;
  }
  try {
    analyser = workerAnalyser(module);
  } catch {
    analyser = mainThreadAnalyser();
  }
  labelWords = new Map(labels().map(({ code, name }) => [code, name]));
  buildLegend();
  wireInput();
  wireOutput();
  wireExports();
  $("#selection-prev").addEventListener("click", () => goTo(selection.at - 1));
  $("#selection-next").addEventListener("click", () => goTo(selection.at + 1));
  $("#selection-clear").addEventListener("click", clearSelection);
  await highlight();
  registerServiceWorker();
}

/** Lets the page open offline after one visit (sw.js: network first, cache as fallback). */
function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register(new URL("../sw.js", import.meta.url)).catch((error) => {
    console.warn("offline use unavailable:", error); // e.g. a host that forbids workers
  });
}

main();
