// End-to-end tests of www/embed.js (in-place, reversible highlighting of published pages) in
// Debian's Chromium, driven by playwright-core under node --test. Serves the repository root
// itself (python3 http.server on a free port); www/pkg must be built first:
//   PATH=$PWD/node_modules/.bin:$PATH wasm-pack build --release --target web --out-dir www/pkg --mode no-install
//   node --test tests/e2e/embed.test.mjs
// Test pages are served from a route that exists only in the browser (page.route), so the
// fixtures live in this file. Every text is written for these tests; the assertions rely only
// on plain cases ("“We will not back down,” said Angela Merkel in Berlin.") because the entity
// and quote finders keep improving.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, useBrowser } from "./helpers.mjs";

const MERKEL = "“We will not back down,” said Angela Merkel in Berlin.";

let origin, browser;
useBrowser((env) => ({ origin, browser } = env));

/** A page whose body is `body`, with www/embed.js imported as window.embed. */
async function openPage(body, { head = "" } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  page.on("pageerror", (err) => errors.push(String(err)));
  const url = `${origin}/__embed_test__/page.html`;
  await page.route(url, (route) => route.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`,
  }));
  await page.goto(url);
  await page.evaluate(async () => { window.embed = await import("/www/embed.js"); });
  return { page, context, errors };
}

/** Marks under `selector` as { label, entity, cluster, text, inQuote, parent }. */
function marks(page, selector = "body") {
  return page.$$eval(`${selector} mark[data-entity]`, (ms) => ms.map((m) => ({
    label: m.dataset.label, entity: m.dataset.entity, cluster: m.dataset.cluster ?? null,
    text: m.textContent, inQuote: m.closest("[data-quote]")?.dataset.quote ?? null,
    parent: m.parentElement.localName,
  })));
}

const ARTICLE = `
<article id="a">
  <h1>Flood barrier holds in Rotterdam</h1>
  <p class="lede">${MERKEL}</p>
  <p>The <em>Water Ministry</em> said on Tuesday that engineers in <a href="#more">Rotterdam</a>
     would inspect the barrier. Mark Rutte visited the site.</p>
  <ul><li>Berlin</li><li>Lisbon &amp; Porto</li></ul>
  <table><tr><td>Angela</td><td>Merkel</td></tr></table>
  <p>Line one<br>Amsterdam is on line two.</p>
</article>`;

test("textContent is identical before and after highlighting", async () => {
  const { page, context, errors } = await openPage(ARTICLE);
  const before = await page.evaluate(() => document.querySelector("#a").textContent);
  const summary = await page.evaluate(() => embed.highlightElement(document.querySelector("#a")));
  assert.ok(summary.entities >= 3, JSON.stringify(summary));
  assert.equal(await page.evaluate(() => document.querySelector("#a").textContent), before);
  assert.ok((await marks(page)).some((m) => m.label === "PER" && m.text === "Angela Merkel"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("unhighlightElement restores innerHTML exactly, merging back only what it split", async () => {
  const { page, context, errors } = await openPage(ARTICLE);
  const result = await page.evaluate(async () => {
    const a = document.querySelector("#a");
    // The page's own adjacent text nodes must stay separate (no blanket normalize()).
    const p = document.createElement("p");
    p.append("Angela ", "Merkel met ", "Mark Rutte in Lisbon.");
    a.append(p);
    const before = a.innerHTML;
    const count = p.childNodes.length;
    await embed.highlightElement(a);
    const changed = a.innerHTML !== before;
    const removed = embed.unhighlightElement(a);
    return { changed, removed, same: a.innerHTML === before, count, after: p.childNodes.length,
      again: embed.unhighlightElement(a) };
  });
  assert.deepEqual(result, { changed: true, removed: true, same: true, count: 3, after: 3, again: false });
  assert.deepEqual(errors, []);
  await context.close();
});

test("an entity split by <b> becomes fragments sharing one data-entity", async () => {
  const { page, context } = await openPage(
    `<article><p>“We will not back down,” said <b>Angela</b> Merkel in Berlin.</p><p>Angela Merkel left.</p></article>`);
  await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  const ms = await marks(page);
  const first = ms.filter((m) => m.text === "Angela" || m.text === " Merkel");
  assert.equal(first.length, 2, JSON.stringify(ms));
  assert.equal(first[0].entity, first[1].entity);
  assert.equal(first[0].label, "PER");
  assert.equal(first[0].parent, "b"); // the fragment is inside the page's <b>, which stays
  // Another mention of the same person: another data-entity, the same data-cluster.
  const second = ms.find((m) => m.text === "Angela Merkel");
  assert.ok(second, JSON.stringify(ms));
  assert.notEqual(second.entity, first[0].entity);
  assert.equal(second.cluster, first[0].cluster);
  // data-entity values are unique per mention across the document, also across calls.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", `<section><p>Angela Merkel visited Berlin.</p></section>`);
    return embed.highlightElement(document.querySelector("section"));
  });
  const all = await marks(page);
  const mentions = new Map();
  for (const m of all) mentions.set(m.entity, (mentions.get(m.entity) ?? "") + m.text);
  assert.equal(new Set(mentions.values()).size < mentions.size, true); // repeated names…
  assert.equal([...mentions.values()].filter((t) => t === "Angela Merkel").length, 3); // …distinct ids
  await context.close();
});

test("block elements separate text, inline elements do not", async () => {
  const { page, context } = await openPage(`<article>
    <ul><li>Angela</li><li>Merkel spoke in Berlin.</li></ul>
    <table><tr><td>Mark</td><td>Rutte spoke in Lisbon.</td></tr></table>
    <p>Angela<br>Merkel spoke in Porto.</p>
    <p><i>Angela</i> <a href="#">Merkel</a> spoke in Madrid.</p></article>`);
  await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  const spans = await page.$$eval("mark[data-entity]", (ms) => {
    const blocks = new Map();
    for (const m of ms) {
      const block = m.parentElement.closest("li, td, p");
      const br = block.querySelector("br");
      const side = br ? (br.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING ? "after" : "before") : "";
      const key = m.dataset.entity;
      blocks.set(key, [...(blocks.get(key) ?? []), [block.outerHTML.slice(0, 30), side, m.textContent]]);
    }
    return [...blocks.values()];
  });
  for (const fragments of spans) {
    const places = new Set(fragments.map(([b, side]) => b + side));
    assert.equal(places.size, 1, `a mention crosses a block boundary: ${JSON.stringify(fragments)}`);
  }
  const joined = spans.filter((f) => f.length === 3 || f.map((x) => x[2]).join("") === "Angela Merkel");
  assert.ok(joined.some((f) => f.map((x) => x[2]).join("") === "Angela Merkel"), JSON.stringify(spans));
  await context.close();
});

test("textOf: blocks give blank lines, inline tags nothing, skipped inline elements a space", async () => {
  const { page, context } = await openPage(`
    <div id="t1"><ul><li>Angela</li><li>Mer<b>kel</b></li></ul><p>Line one<br>line two</p></div>
    <div id="t2"><p>Run <code>make</code> now,\n  said <i>A</i>nn.</p><pre>x</pre><p>End<script>var x</script>.</p></div>
    <div id="t3"><p><span>“We</span> <em>will</em>”</p><table><tr><td>a</td><td>b</td></tr></table></div>`);
  const texts = await page.evaluate(() => ["t1", "t2", "t3"].map((id) => embed.textOf(document.getElementById(id))));
  assert.deepEqual(texts, [
    "Angela\n\nMerkel\n\nLine one\n\nline two",
    "Run   now,   said Ann.\n\nEnd.",
    "“We will”\n\na\n\nb",
  ]);
  await context.close();
});

test("code, pre, textarea, inputs, contenteditable and data-no-highlight are untouched", async () => {
  const { page, context } = await openPage(`<article>
    <p>${MERKEL} Run <code>Angela Merkel in Berlin</code> now.</p>
    <pre><code>print("Angela Merkel visited Berlin")</code></pre>
    <textarea>Angela Merkel visited Berlin.</textarea>
    <input value="Angela Merkel">
    <div contenteditable="true"><p>Angela Merkel visited Berlin.</p></div>
    <aside data-no-highlight><p>${MERKEL}</p></aside>
    <script type="text/plain">Angela Merkel visited Berlin.</script>
    <style>.x::after { content: "Angela Merkel in Berlin" }</style></article>`);
  const guarded = "code, pre, textarea, input, [contenteditable], [data-no-highlight], script, style";
  const before = await page.$$eval(guarded, (els) => els.map((e) => e.outerHTML));
  await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  assert.deepEqual(await page.$$eval(guarded, (els) => els.map((e) => e.outerHTML)), before);
  const ms = await marks(page);
  assert.ok(ms.some((m) => m.text === "Angela Merkel"), JSON.stringify(ms));
  assert.equal(await page.locator("article > p > mark, article > p > [data-quote]").count() >= 2, true);
  // Inside a skipped element, or empty: nothing to do, and no error.
  const inside = await page.evaluate(async () => {
    const p = document.querySelector("aside p");
    const before = p.innerHTML;
    const summary = await embed.highlightElement(p);
    const empty = await embed.highlightElement(document.createElement("div"));
    return { n: summary.entities + summary.quotes + empty.entities + empty.quotes, same: p.innerHTML === before };
  });
  assert.deepEqual(inside, { n: 0, same: true });
  await context.close();
});

test("a click listener on a link inside the article still fires; nodes and form state survive", async () => {
  const { page, context, errors } = await openPage(`<article>
    <p>${MERKEL} <a id="link" href="#details">Read what Angela Merkel said in Berlin</a>.</p>
    <form><label>Name <input id="name"></label> <select id="pick"><option>Berlin</option><option>Lisbon</option></select></form>
  </article>`);
  await page.evaluate(() => {
    window.clicks = 0;
    window.link = document.querySelector("#link");
    window.link.addEventListener("click", (event) => { event.preventDefault(); window.clicks++; });
  });
  await page.fill("#name", "typed by the reader");
  await page.selectOption("#pick", "Lisbon");
  await page.focus("#name");
  await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  assert.equal(await page.evaluate(() => document.activeElement?.id), "name"); // focus stays
  // The link now contains marks; clicking on a mark inside it reaches the link's listener.
  assert.ok(await page.locator("#link mark").count() >= 1);
  await page.locator("#link mark").first().click();
  const state = await page.evaluate(() => ({
    clicks: window.clicks,
    same: document.querySelector("#link") === window.link,
    name: document.querySelector("#name").value,
    pick: document.querySelector("#pick").value,
  }));
  assert.deepEqual(state, { clicks: 1, same: true, name: "typed by the reader", pick: "Lisbon" });
  assert.deepEqual(errors, []);
  await context.close();
});

test("highlighting twice leaves one set of highlights (also when the calls overlap)", async () => {
  const { page, context } = await openPage(ARTICLE);
  const shape = () => page.evaluate(() => {
    const a = document.querySelector("#a");
    const clone = a.cloneNode(true);
    // Ids differ between runs by design (unique in the document); the structure must not.
    for (const e of clone.querySelectorAll("[data-entity], [data-quote]")) {
      e.removeAttribute("data-entity"); e.removeAttribute("data-quote");
      e.removeAttribute("data-cluster"); e.removeAttribute("data-speaker-cluster");
    }
    return { html: clone.innerHTML, nested: a.querySelectorAll("mark mark, [data-quote] [data-quote]").length };
  });
  const original = await page.evaluate(() => document.querySelector("#a").innerHTML);
  await page.evaluate(() => embed.highlightElement(document.querySelector("#a")));
  const once = await shape();
  assert.equal(once.nested, 0);
  await page.evaluate(() => embed.highlightElement(document.querySelector("#a")));
  assert.deepEqual(await shape(), once);
  await page.evaluate(() => {
    const a = document.querySelector("#a");
    return Promise.all([embed.highlightElement(a), embed.highlightElement(a), embed.highlightElement(a)]);
  });
  assert.deepEqual(await shape(), once);
  // Highlighting an ancestor replaces the highlights of the element inside it.
  await page.evaluate(() => embed.highlightElement(document.body));
  assert.equal((await shape()).nested, 0);
  await page.evaluate(() => embed.unhighlightElement(document.body));
  assert.equal(await page.evaluate(() => document.querySelector("#a").innerHTML), original);
  await context.close();
});

test("unhighlighting mid-way stops and restores; text changed during analysis is left alone", async () => {
  const { page, context, errors } = await openPage(`<article id="a"></article>`);
  const result = await page.evaluate(async () => {
    const a = document.querySelector("#a");
    for (let i = 0; i < 3000; i++) {
      const p = document.createElement("p");
      p.textContent = `“We will not back down,” said Angela Merkel in Berlin on day ${i}.`;
      a.append(p);
    }
    const before = a.innerHTML;
    // Cancelled before the analysis returns.
    const early = embed.highlightElement(a);
    embed.unhighlightElement(a);
    const earlySummary = await early;
    const earlySame = a.innerHTML === before;
    // Cancelled while wrapping: wait until some marks exist, then undo.
    const late = embed.highlightElement(a);
    while (!a.querySelector("mark")) await new Promise((r) => requestAnimationFrame(r));
    const partial = a.querySelectorAll("mark").length;
    embed.unhighlightElement(a);
    const lateSummary = await late;
    const lateSame = a.innerHTML === before;
    // The page rewrites a paragraph while the analysis runs: that text node is skipped.
    const done = embed.highlightElement(a);
    a.firstChild.firstChild.data = "Angela Merkel left Berlin.";
    await done;
    return { early: earlySummary.cancelled, earlySame, late: lateSummary.cancelled, partial, lateSame,
      changed: a.firstChild.querySelectorAll("mark").length, others: a.children[1].querySelectorAll("mark").length };
  });
  assert.equal(result.early, true);
  assert.equal(result.earlySame, true);
  assert.equal(result.late, true);
  assert.ok(result.partial > 0 && result.partial < 6000, `partial ${result.partial}`);
  assert.equal(result.lateSame, true);
  assert.equal(result.changed, 0);
  assert.ok(result.others >= 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("property: random markup and random ranges (custom analyser) wrap exactly and undo exactly", async () => {
  const { page, context, errors } = await openPage(`<article id="a"></article>`);
  const failures = await page.evaluate(async () => {
    // mulberry32: a seeded generator, so a failure names a reproducible case.
    const rng = (seed) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const WORDS = ["Angela", "Merkel", "said", "“We", "will”", "in", "Berlin.", "😀", "東京", "a", "—", "é"];
    const INLINE = ["b", "i", "a", "em", "span", "strong"];
    const BLOCK = ["p", "div", "li", "h2", "blockquote"];
    const failures = [];
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(seed);
      const pick = (xs) => xs[Math.floor(r() * xs.length)];
      const a = document.querySelector("#a");
      a.replaceChildren();
      // Random tree: blocks holding runs of text, inline elements (nested) and <br>.
      const fill = (parent, depth) => {
        const n = 1 + Math.floor(r() * 4);
        for (let i = 0; i < n; i++) {
          const x = r();
          if (x < 0.45 || depth > 3) {
            const words = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(WORDS));
            parent.append(document.createTextNode((r() < 0.5 ? " " : "") + words.join(" ")));
          } else if (x < 0.75) fill(parent.appendChild(document.createElement(pick(INLINE))), depth + 1);
          else if (x < 0.8) parent.append(document.createElement("br"));
          else fill(parent.appendChild(document.createElement(pick(BLOCK))), depth + 1);
        }
      };
      fill(a, 0);
      const before = a.innerHTML;
      const nodesBefore = [];
      for (const w = document.createTreeWalker(a); w.nextNode();) nodesBefore.push(w.currentNode);
      const textBefore = a.textContent;
      let seen = "";
      const ranges = (text, count) => {
        const cuts = Array.from({ length: count * 2 }, () => Math.floor(r() * (text.length + 1))).sort((x, y) => x - y);
        const out = [];
        for (let i = 0; i + 1 < cuts.length; i += 2) if (cuts[i] < cuts[i + 1]) out.push([cuts[i], cuts[i + 1]]);
        return out;
      };
      let shown = null;
      const analyze = (text) => {
        seen = text;
        shown = {
          quotes: ranges(text, 3).map(([start, end], k) => ({ start, end, kind: "statement", group: k, speaker: { name: `S${k}` } })),
          entities: ranges(text, 6).map(([start, end], k) => ({ start, end, label: ["PER", "ORG", "LOC", "MISC"][k % 4], cluster: k })),
        };
        return shown;
      };
      const result = await embed.highlightElement(a, { analyze, worker: false });
      const fail = (why) => failures.push(`seed ${seed}: ${why}`);
      if (result.cancelled) fail("cancelled");
      if (a.textContent !== textBefore) fail("textContent changed");
      // Separators are "\n\n" (blocks) and the generated text has no line breaks, so the text a
      // range covers on the page is the analysed slice without them.
      const expected = (x) => seen.slice(x.start, x.end).replace(/\n/g, "");
      if (a.querySelector("mark mark, mark [data-quote], [data-quote] [data-quote]")) fail("bad nesting");
      const marks = [...a.querySelectorAll("mark[data-entity]")];
      const ids = new Map();
      const texts = new Map();
      for (const m of marks) {
        const k = Number(m.dataset.cluster.split("-").pop());
        texts.set(k, (texts.get(k) ?? "") + m.textContent);
        ids.set(k, new Set([...(ids.get(k) ?? []), m.dataset.entity]));
        const q = m.closest("[data-quote]");
        if (q) {
          const j = Number(q.dataset.speaker.slice(1));
          const [e, quote] = [shown.entities[k], shown.quotes[j]];
          if (!(e.start < quote.end && quote.start < e.end)) fail(`entity ${k} nested in quote ${j} it does not overlap`);
        }
      }
      shown.entities.forEach((e, k) => {
        if ((texts.get(k) ?? "") !== expected(e)) fail(`entity ${k}: ${JSON.stringify(texts.get(k))} != ${JSON.stringify(expected(e))}`);
        if (ids.has(k) && ids.get(k).size !== 1) fail(`entity ${k}: fragments with different data-entity`);
      });
      const quoteTexts = new Map();
      const quoteIds = new Map();
      for (const q of a.querySelectorAll("[data-quote]")) {
        quoteTexts.set(q.dataset.speaker, (quoteTexts.get(q.dataset.speaker) ?? "") + q.textContent);
        quoteIds.set(q.dataset.speaker, new Set([...(quoteIds.get(q.dataset.speaker) ?? []), q.dataset.quote]));
      }
      shown.quotes.forEach((q, j) => {
        if ((quoteTexts.get(`S${j}`) ?? "") !== expected(q)) fail(`quote ${j}: ${JSON.stringify(quoteTexts.get(`S${j}`))} != ${JSON.stringify(expected(q))}`);
        if (quoteIds.has(`S${j}`) && quoteIds.get(`S${j}`).size !== 1) fail(`quote ${j}: fragments with different data-quote`);
      });
      embed.unhighlightElement(a);
      if (a.innerHTML !== before) fail("innerHTML not restored");
      const nodesAfter = [];
      for (const w = document.createTreeWalker(a); w.nextNode();) nodesAfter.push(w.currentNode);
      if (nodesAfter.length !== nodesBefore.length || nodesAfter.some((n, i) => n !== nodesBefore[i])) fail("nodes not the same objects");
    }
    return failures;
  });
  assert.deepEqual(failures, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("one text node with 40,000 entities and 10,000 quotes is wrapped in linear time", async () => {
  const { page, context, errors } = await openPage(`<article id="a"></article>`);
  const r = await page.evaluate(async () => {
    const a = document.querySelector("#a");
    a.append(document.createElement("p"));
    a.firstChild.append("Angela Merkel spoke. ".repeat(40_000)); // 840,000 chars, one node
    const before = a.innerHTML;
    const analyze = (text) => ({
      entities: Array.from({ length: 40_000 }, (_, i) => ({ start: i * 21, end: i * 21 + 13, label: "PER", cluster: 0 })),
      // Every quote crosses the edges of two entities, which are cut there.
      quotes: Array.from({ length: 10_000 }, (_, i) => ({ start: i * 84 + 7, end: i * 84 + 28, kind: "statement", group: i })),
    });
    const started = performance.now();
    const summary = await embed.highlightElement(a, { analyze });
    const ms = performance.now() - started;
    const marks = a.querySelectorAll("mark").length;
    const quotes = a.querySelectorAll("[data-quote]").length;
    embed.unhighlightElement(a);
    return { ms, summary: [summary.entities, summary.quotes], marks, quotes, same: a.innerHTML === before };
  });
  console.log(`# one text node, 40,000 entities, 10,000 quotes: wrapped in ${Math.round(r.ms)} ms`);
  assert.deepEqual(r.summary, [40_000, 10_000]);
  assert.equal(r.marks, 60_000); // 40,000 mentions, 20,000 of them cut in two by a quote edge
  assert.equal(r.quotes, 10_000);
  assert.ok(r.same);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a text node over 100,000 characters is wrapped in blocks, built off the page and swapped in at once", async () => {
  const { page, context, errors } = await openPage(`<article id="a"><p id="p"><b>Before.</b></p></article>`);
  const r = await page.evaluate(async () => {
    const SENTENCE = "Angela Merkel said “yes” in Berlin. "; // 36 chars
    const p = document.querySelector("#p");
    const node = document.createTextNode(SENTENCE.repeat(30_000)); // 1,080,000 chars
    p.append(node, document.createElement("br"), "After.");
    const a = document.querySelector("#a");
    const before = a.innerHTML;
    const text = embed.textOf(a);
    const at = text.indexOf(SENTENCE); // the node's offset in the analysed text
    // One quotation of 20,000 sentences' worth of characters, so blocks must cut it; no short
    // quote inside it (a kind never overlaps itself).
    const LONG_FROM = at + 100 * 36, LONG_TO = at + (100 + 560) * 36 - 1;
    const analyze = () => {
      const entities = [], quotes = [];
      for (let i = 0; i < 30_000; i++) {
        const s = at + i * 36;
        entities.push({ start: s, end: s + 13, label: "PER", cluster: 0 }, { start: s + 28, end: s + 34, label: "LOC", cluster: 1 });
        if (s + 19 < LONG_FROM || s > LONG_TO) quotes.push({ start: s + 19, end: s + 24, kind: "statement", group: i });
      }
      quotes.push({ start: LONG_FROM, end: LONG_TO, kind: "statement", group: "long" });
      quotes.sort((x, y) => x.start - y.start);
      return { entities, quotes, shortQuotes: quotes.length - 1 };
    };
    // Every change to the article while highlighting, by callback (each slice is its own task).
    const batches = [];
    const observer = new MutationObserver((records) => batches.push(records.length));
    observer.observe(a, { childList: true, subtree: true, characterData: true });
    // A selection across many blocks is carried over (copied, a block's end reads as a line break).
    const sel = getSelection();
    sel.setBaseAndExtent(node, 100_003, node, 150_020);
    const selected = sel.toString();
    const summary = await embed.highlightElement(a, { analyze });
    await new Promise((r) => setTimeout(r, 0));
    const selectedAfter = sel.toString();
    const blocks = [...a.querySelectorAll(".ah-block")];
    const marks = [...a.querySelectorAll("mark")];
    const longQuote = [...a.querySelectorAll("[data-quote]")].filter((q) => q.textContent.length > 100);
    const shortQuotes = a.querySelectorAll("[data-quote]").length - longQuote.length;
    const out = {
      summary: [summary.entities, summary.quotes], slices: summary.timings.slices, batches: batches.slice(),
      sameText: a.textContent === "Before." + SENTENCE.repeat(30_000) + "After.",
      nodeKept: node.parentNode !== null && a.contains(node) && node.data === "Angela Merkel".slice(0, node.data.length) && node === blocks[0].querySelector("mark").firstChild,
      blockCount: blocks.length, blockParents: [...new Set(blocks.map((b) => b.parentNode.id))],
      blockSizes: blocks.map((b) => b.textContent.length), blockEnds: blocks.slice(0, -1).map((b) => b.textContent.at(-1)),
      display: getComputedStyle(blocks[0]).display, visibility: getComputedStyle(blocks[0]).contentVisibility,
      markTexts: [...new Set(marks.map((m) => m.textContent))], markCount: marks.length,
      longIds: [...new Set(longQuote.map((q) => q.dataset.quote))], longParts: longQuote.length,
      longText: longQuote.map((q) => q.textContent).join("") === text.slice(LONG_FROM, LONG_TO), shortQuotes,
      selection: selectedAfter !== selected && selectedAfter.replace(/\n/g, " ") === selected,
    };
    batches.length = 0;
    embed.unhighlightElement(a);
    out.selectionBack = sel.anchorNode === node && sel.anchorOffset === 100_003 && sel.focusNode === node && sel.focusOffset === 150_020;
    out.restored = a.innerHTML === before && p.childNodes[1] === node && node.data === SENTENCE.repeat(30_000);
    // Cancelled while the blocks are being built: the article was never touched.
    await new Promise((r) => setTimeout(r, 0));
    batches.length = 0;
    const late = embed.highlightElement(a, { analyze });
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    embed.unhighlightElement(a);
    out.cancelled = (await late).cancelled;
    await new Promise((r) => setTimeout(r, 0));
    out.cancelBatches = batches.slice();
    out.cancelRestored = a.innerHTML === before && p.childNodes[1] === node;
    observer.disconnect();
    return out;
  });
  assert.deepEqual(r.summary, [60_000, 29_441]);
  assert.ok(r.slices > 3, `${r.slices} slices`);
  // The node's replacement is built in slices, but the article changes in one step.
  assert.equal(r.batches.length, 1, `mutations by callback: ${r.batches}`);
  assert.ok(r.sameText);
  assert.ok(r.nodeKept, "the original text node is the first piece");
  assert.deepEqual(r.blockParents, ["p"]);
  assert.ok(r.blockCount >= 200 && r.blockCount <= 300, `${r.blockCount} blocks`);
  const last = r.blockSizes.pop();
  assert.ok(r.blockSizes.every((n) => n >= 4000 && n <= 8000), `block sizes ${Math.min(...r.blockSizes)}..${Math.max(...r.blockSizes)}`);
  assert.ok(last > 0 && last <= 6000, `last block ${last}`);
  assert.deepEqual([...new Set(r.blockEnds)], [" "], "blocks end after white space");
  assert.equal(r.display, "block");
  assert.equal(r.visibility, "auto");
  // No name is cut by a block; the long quotation is, into parts sharing one id.
  assert.deepEqual(r.markTexts.sort(), ["Angela Merkel", "Berlin"]);
  assert.equal(r.markCount, 60_000);
  assert.equal(r.longIds.length, 1);
  assert.ok(r.longParts >= 4, `${r.longParts} parts`);
  assert.ok(r.longText);
  assert.equal(r.shortQuotes, 29_440, "short quotes are not cut");
  assert.ok(r.selection, "the selection is carried over");
  assert.ok(r.selectionBack, "the selection is back in the node");
  assert.ok(r.restored, "innerHTML and the node restored");
  assert.equal(r.cancelled, true);
  assert.deepEqual(r.cancelBatches, []);
  assert.ok(r.cancelRestored);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an entity inside a quote nests; quote fragments share an id and the speaker", async () => {
  const { page, context } = await openPage(`<article>
    <p>“The people of <b>Berlin</b> will not <em>back down</em>,” said Angela Merkel in Berlin.</p></article>`);
  await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  const quotes = await page.$$eval("[data-quote]", (qs) => qs.map((q) => ({
    id: q.dataset.quote, speaker: q.dataset.speaker ?? null, kind: q.dataset.kind, text: q.textContent,
  })));
  assert.ok(quotes.length >= 3, JSON.stringify(quotes)); // before <b>, in <b>, between, in <em>, after
  assert.equal(new Set(quotes.map((q) => q.id)).size, 1);
  assert.ok(quotes.every((q) => q.speaker === "Angela Merkel"), JSON.stringify(quotes));
  assert.equal(quotes.map((q) => q.text).join(""), "“The people of Berlin will not back down,”");
  const ms = await marks(page);
  const inside = ms.find((m) => m.text === "Berlin" && m.inQuote);
  assert.ok(inside, JSON.stringify(ms));
  assert.equal(inside.parent, "span"); // mark inside the quote's span, inside the page's <b>
  assert.equal(await page.locator("b > [data-quote] > mark[data-label=LOC]").count(), 1);
  const speaker = ms.find((m) => m.text === "Angela Merkel");
  assert.equal(speaker.inQuote, null);
  await context.close();
});

test("options: labels, quotes and classPrefix; default styles come from custom properties", async () => {
  const { page, context, errors } = await openPage(`<article><p>${MERKEL}</p></article>`,
    { head: `<style>:root { --ah-per: rgb(1, 2, 3); }</style>` });
  const a = "document.querySelector('article')";
  await page.evaluate(`embed.highlightElement(${a}, { labels: ["LOC"], quotes: false })`);
  assert.deepEqual((await marks(page)).map((m) => [m.label, m.text]), [["LOC", "Berlin"]]);
  assert.equal(await page.locator("[data-quote]").count(), 0);
  await page.evaluate(`embed.highlightElement(${a})`);
  const bg = await page.$eval("mark[data-label=PER]", (m) => getComputedStyle(m).backgroundColor);
  assert.equal(bg, "rgb(1, 2, 3)");
  assert.equal(await page.locator("mark.ah-entity").count(), 2);
  assert.equal(await page.locator("span.ah-quote[data-speaker='Angela Merkel']").count(), 1);
  await page.evaluate(`embed.highlightElement(${a}, { classPrefix: "news-", styles: false })`);
  assert.equal(await page.locator("mark.news-entity").count(), 2);
  assert.equal(await page.locator(".ah-entity").count(), 0);
  assert.match(await page.$eval("mark.news-entity", (m) => m.dataset.entity), /^news-e\d+$/);
  await assert.rejects(page.evaluate(`embed.highlightElement(${a}, { labels: ["PERSON"] })`), /labels must be/);
  await assert.rejects(page.evaluate(`embed.highlightElement(${a}, { classPrefix: "x y" })`), /classPrefix/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the reader's selection survives highlighting and unhighlighting", async () => {
  const { page, context } = await openPage(`<article><p id="p">${MERKEL}</p></article>`);
  const result = await page.evaluate(async () => {
    const text = document.querySelector("#p").firstChild;
    const start = text.data.indexOf("Angela");
    getSelection().setBaseAndExtent(text, start, text, start + "Angela Merkel in".length);
    const before = getSelection().toString();
    await embed.highlightElement(document.querySelector("article"));
    const during = getSelection().toString();
    embed.unhighlightElement(document.querySelector("article"));
    return { before, during, after: getSelection().toString(), node: getSelection().anchorNode === text };
  });
  assert.deepEqual(result, { before: "Angela Merkel in", during: "Angela Merkel in", after: "Angela Merkel in", node: true });
  await context.close();
});

test("the example site: the one-line embed highlights under a strict CSP, without errors", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (msg) => { if (msg.type() === "error" || msg.type() === "warning") errors.push(msg.text()); });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("request", (req) => requests.push(req.url()));
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto(`${origin}/www/examples/harbour-strike.html`);
  await page.waitForSelector("article mark[data-label=PER]", { timeout: 15_000 });
  assert.ok(await page.locator("article [data-quote][data-speaker]").count() >= 1);
  assert.equal(await page.locator("header mark, footer mark, nav mark, .note mark, pre mark").count(), 0);
  // The embed's own stylesheet applies (adopted, so style-src 'self' does not block it).
  const bg = await page.$eval("article mark[data-label=PER]", (m) => getComputedStyle(m).backgroundColor);
  assert.notEqual(bg, "rgba(0, 0, 0, 0)");
  // The analysis ran in the module worker, which the CSP allows ('self').
  assert.deepEqual(workers, [`${origin}/www/embed-worker.js`]);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("data:")), []);
  await context.close();
});

test("the highlighted example pages pass axe (no serious or critical violations)", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const name of ["harbour-strike", "barrier-test"]) {
    await page.goto(`${origin}/www/examples/${name}.html`);
    await page.waitForSelector("article mark[data-entity]", { timeout: 15_000 });
    await page.evaluate(() => import("/www/embed.js").then((m) => m.autoHighlighted));
    await page.addScriptTag({ url: "/node_modules/axe-core/axe.min.js" }); // same origin: the CSP allows it
    const serious = await page.evaluate(async () =>
      (await axe.run()).violations.filter((v) => ["serious", "critical"].includes(v.impact))
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`));
    assert.deepEqual(serious, [], name);
  }
  await context.close();
});

test("the CSP as a header on every response, the worker's included, is enough", async () => {
  const context = await browser.newContext();
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
  await context.route(`${origin}/**`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
  });
  const page = await context.newPage();
  const errors = [];
  const workers = [];
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto(`${origin}/www/examples/harbour-strike.html`);
  await page.waitForSelector("article mark[data-label=PER]", { timeout: 15_000 });
  assert.equal(workers.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a CSP that forbids workers: the analysis falls back to the main thread", async () => {
  const { page, context, errors } = await openPage(`<article><p>${MERKEL}</p></article>`, {
    head: `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'none'">`,
  });
  const summary = await page.evaluate(() => embed.highlightElement(document.querySelector("article")));
  assert.equal(summary.entities, 2, JSON.stringify(summary));
  assert.equal(await page.locator("mark[data-label=PER]").innerText(), "Angela Merkel");
  // The only complaint is the browser's own report of the blocked worker.
  assert.ok(errors.every((e) => /Content Security Policy|worker/i.test(e)), JSON.stringify(errors));
  await context.close();
});

test("auto mode reads data-labels, data-quotes and data-observe from its script tag", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  page.on("pageerror", (err) => errors.push(String(err)));
  await page.goto(`${origin}/www/examples/barrier-test.html`);
  await page.waitForSelector("article mark[data-entity]", { timeout: 15_000 });
  await page.evaluate(() => import("/www/embed.js").then((m) => m.autoHighlighted));
  const labels = await page.$$eval("mark[data-entity]", (ms) => [...new Set(ms.map((m) => m.dataset.label))].sort());
  assert.ok(labels.length >= 1 && labels.every((l) => l === "PER" || l === "LOC"), JSON.stringify(labels));
  assert.equal(await page.locator("[data-quote]").count(), 0);
  // data-observe: an article added later is highlighted too, and announced by an event.
  const detail = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener("articlehighlighted", (e) => resolve({ id: e.target.id, ...e.detail }), { once: true });
    const added = document.createElement("article");
    added.id = "late";
    added.innerHTML = "<p>“We will not back down,” said Angela Merkel in Berlin.</p>";
    document.querySelector("main").append(added);
  }));
  assert.equal(detail.id, "late");
  assert.ok(await page.locator("#late mark[data-label=PER]").count() >= 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("www/embed.css is the stylesheet embed.js adopts", async () => {
  const { stylesheetText } = await import("../../www/embed.js");
  const css = readFileSync(path.join(ROOT, "www/embed.css"), "utf8");
  assert.ok(css.endsWith(stylesheetText()), "regenerate www/embed.css from stylesheetText()");
});

test("benchmark: a 5,000-paragraph page highlights without freezing", async () => {
  // Five sentences written for this test, varied by paragraph number.
  const { page, context, errors } = await openPage(`<article id="long"></article>`);
  const run = (options) => page.evaluate(async (options) => {
    const sentences = [
      "“We will not back down,” said Angela Merkel in Berlin on day NUM.",
      "The Water Ministry in Rotterdam said engineers would inspect barrier NUM.",
      "Mark Rutte met <b>Ingrid</b> Halvorsen of the European Commission in Brussels.",
      "Dock workers in Lisbon voted to end strike number NUM, the union said.",
      "Shipping lines diverted cargo to <a href=\"#v\">Valencia</a> and Porto for week NUM.",
    ];
    const long = document.querySelector("#long");
    long.innerHTML = Array.from({ length: 5000 }, (_, i) =>
      `<p>${sentences[i % 5].replace("NUM", String(i))} ${sentences[(i + 2) % 5].replace("NUM", String(i + 1))}</p>`).join("");
    const before = long.innerHTML;
    // Let the page's own first layout of 5,000 paragraphs finish before measuring.
    for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    // Long animation frames (tasks plus the rendering they cause, over 50 ms): the longest is
    // the longest time the reader could not scroll or type.
    const frames = [];
    const observer = new PerformanceObserver((list) => frames.push(...list.getEntries()));
    observer.observe({ type: "long-animation-frame" });
    const started = performance.now();
    const summary = await embed.highlightElement(long, options);
    const ms = performance.now() - started;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    frames.push(...observer.takeRecords());
    observer.disconnect();
    const during = frames.filter((f) => f.startTime + f.duration >= started);
    const longest = Math.max(0, ...during.map((f) => f.duration));
    const unStarted = performance.now();
    embed.unhighlightElement(long);
    const unMs = performance.now() - unStarted;
    return { ms, longest, unMs, summary, chars: long.textContent.length, restored: long.innerHTML === before,
      longFrames: during.length };
  }, options);
  const results = {};
  for (const [name, options] of [["worker", {}], ["main thread", { worker: false }]]) {
    const r = await run(options);
    results[name === "worker" ? "worker" : "main"] = r;
    assert.ok(r.restored);
    assert.ok(r.summary.entities > 5000, JSON.stringify(r.summary));
    console.log(`# benchmark (${name}): 5,000 paragraphs, ${r.chars} chars, ${r.summary.entities} entities, ` +
      `${r.summary.quotes} quotes: highlighted in ${Math.round(r.ms)} ms, longest main-thread block ` +
      `${Math.round(r.longest)} ms (${r.longFrames} frames over 50 ms); unhighlighted in ${Math.round(r.unMs)} ms`);
  }
  // The peer: mark.js (the usual DOM highlighter) wrapping the same entity ranges with
  // markRanges(), on request (EMBED_PEER=1; it takes ~40 s) and when it is installed
  // (npm install --no-save mark.js@8.11.1); it cannot nest
  // quotes, so it gets the entities only. Its offsets count text nodes joined without
  // separators, so the core's offsets are shifted back by the blank lines between paragraphs.
  const peerInstalled = existsSync(path.join(ROOT, "node_modules/mark.js/dist/mark.es6.min.js"));
  if (process.env.EMBED_PEER && peerInstalled) {
    await page.addScriptTag({ url: "/node_modules/mark.js/dist/mark.es6.min.js" });
    const peer = await page.evaluate(async () => {
      const { default: init, analyze } = await import("/www/pkg/article_highlighter.js");
      await init();
      const long = document.querySelector("#long");
      const paragraphs = [...long.children].map((p) => p.textContent);
      const text = paragraphs.join("\n\n");
      const starts = [];
      let at = 0;
      for (const p of paragraphs) { starts.push(at); at += p.length + 2; }
      const ranges = analyze(text).entities.map((e) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= e.start) lo = mid; else hi = mid - 1; }
        return { start: e.start - 2 * lo, length: e.end - e.start };
      });
      const instance = new Mark(long);
      const started = performance.now();
      await new Promise((done) => instance.markRanges(ranges, { done }));
      const ms = performance.now() - started;
      const marks = long.querySelectorAll("mark").length;
      instance.unmark();
      return { ms, marks, ranges: ranges.length };
    });
    const ours = results.worker;
    console.log(`# benchmark (peer): mark.js 8.11.1 markRanges of the same ${peer.ranges} entity ranges: ` +
      `${Math.round(peer.ms)} ms in one block (${peer.marks} marks). Embed/peer: wrapping work ` +
      `${(ours.summary.timings.wrap / peer.ms).toFixed(2)}x, longest block ${(ours.longest / peer.ms).toFixed(2)}x, ` +
      `end to end ${(ours.ms / peer.ms).toFixed(2)}x (analysis included)`);
  } else {
    console.log("# benchmark (peer): skipped; EMBED_PEER=1 with mark.js installed (npm install --no-save " +
      "mark.js@8.11.1) measures mark.js on the same ranges");
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("guessSpeakers: false leaves quotes the text does not attribute without a speaker", async () => {
  const body = `<article><p>Lena Ortiz met the union leaders on Monday.</p>
    <p>“There will be no more delays.”</p><p>${MERKEL}</p></article>`;
  const { page, context, errors } = await openPage(body);
  const speakers = () => page.$$eval("article [data-quote]", (qs) =>
    qs.map((q) => [q.dataset.speaker ?? null, q.dataset.evidence ?? null]));
  for (const worker of [true, false]) {
    await page.evaluate((worker) => embed.highlightElement(document.querySelector("article"), { worker }), worker);
    assert.deepEqual(await speakers(), [["Lena Ortiz", "guess"], ["Angela Merkel", "verb"]]);
    await page.evaluate((worker) => embed.highlightElement(document.querySelector("article"), { worker, guessSpeakers: false }), worker);
    assert.deepEqual(await speakers(), [[null, null], ["Angela Merkel", "verb"]]);
  }
  const message = await page.evaluate(() => embed.highlightElement(document.querySelector("article"), { guessSpeakers: "no" }).catch((e) => e.message));
  assert.equal(message, "guessSpeakers must be true or false");
  assert.deepEqual(errors, []);
  await context.close();
});
