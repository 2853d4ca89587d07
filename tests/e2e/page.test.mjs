// End-to-end test of the page in Debian's Chromium, driven by playwright-core under node --test.
// Serves the repository root itself (python3 http.server on a free port); www/pkg must be built
// first (scripts/serve.sh --build-only, or scripts/test-web.sh which does it).
//   node --test tests/e2e/
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSameOrigin as sameOrigin, highlighted, openPage as open, screenshot, useBrowser } from "./helpers.mjs";

// Written for this test; every name is fictional or a well-known place.
const ARTICLE = [
  "Flood defences hold in Rotterdam as storm passes",
  "",
  "Rotterdam — The city's new flood barrier held overnight as the storm crossed the Netherlands, the Water Ministry said on Tuesday.",
  "",
  "“The barrier did exactly what it was built to do,” said Angela Merkel, who chairs the European flood panel.",
  "",
  "Engineers in Amsterdam said the repairs would take a week.",
].join("\n");

let origin, browser;
useBrowser((env) => ({ origin, browser } = env));

const openPage = (options) => open(browser, origin, options);
const assertSameOrigin = (requests) => sameOrigin(requests, origin);

test("the sample article is highlighted on load", async () => {
  const { page, context, log } = await openPage();
  const counts = await page.$$eval("#output mark[data-label]", (marks) => marks.length);
  assert.ok(counts >= 5, `only ${counts} marks in the sample`);
  assert.ok(await page.locator("#output > p").count() >= 5);
  // The legend lives outside #output and names every label in words.
  const legend = await page.locator("#legend").innerText();
  for (const word of ["Person", "Organisation", "Place", "Quotation"]) assert.match(legend, new RegExp(word));
  assert.equal(await page.locator("#output #legend").count(), 0);
  assert.match(await page.locator("#status").innerText(), /^Found /);
  await screenshot(page, "sample.png");
  assertSameOrigin(log.requests);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("paste an article, press Highlight: marks by label and quotes with speakers", async () => {
  const { page, context, log } = await openPage({ viewport: { width: 1280, height: 900 } });
  await page.locator("#input").fill("");
  await page.locator("#input").focus();
  await page.keyboard.insertText(ARTICLE); // insertText is what a paste delivers to a textarea
  await page.locator("#highlight").click();
  await highlighted(page);

  const paragraphs = await page.$$eval("#output > p", (ps) => ps.map((p) => p.textContent));
  assert.equal(paragraphs.length, 4);
  assert.ok(paragraphs[0].startsWith("Flood defences hold in Rotterdam"));

  // Text of a mark without its visually hidden label in words.
  const marks = await page.$$eval("#output mark[data-label]", (ms) =>
    ms.map((m) => ({
      label: m.dataset.label,
      text: m.firstChild.textContent,
      words: m.querySelector(".sr-only")?.textContent,
      cluster: m.dataset.cluster,
    })),
  );
  const has = (label, text) => marks.some((m) => m.label === label && m.text === text);
  assert.ok(has("LOC", "Rotterdam"), JSON.stringify(marks));
  assert.ok(has("ORG", "Water Ministry"), JSON.stringify(marks));
  assert.ok(has("PER", "Angela Merkel"), JSON.stringify(marks));
  for (const m of marks) {
    assert.match(m.words, /^ \((Person|Organisation|Place|Other name)\)$/);
    assert.match(m.cluster, /^\d+$/);
  }

  const quotes = await page.$$eval("#output [data-quote]", (qs) =>
    qs.map((q) => ({ speaker: q.dataset.speaker ?? null, text: q.textContent, inP: q.parentElement.tagName })),
  );
  assert.ok(
    quotes.some((q) => q.speaker === "Angela Merkel" && q.text.startsWith("“The barrier did exactly")),
    JSON.stringify(quotes),
  );
  assert.ok(quotes.every((q) => q.inP === "P"));
  assert.deepEqual(log.errors, []);
  assertSameOrigin(log.requests);

  await screenshot(page, "page.png");
  await context.close();
});

test("Ctrl+Enter highlights; user text is never parsed as HTML", async () => {
  const { page, context, log } = await openPage();
  const hostile = "<img src=x onerror=\"window.pwned=1\"> Angela Merkel visited Lisbon.\n\n<b>bold</b> & “quoted,” said Angela Merkel.";
  await page.locator("#input").fill(hostile);
  await page.locator("#input").press("Control+Enter");
  await highlighted(page);
  await page.waitForFunction(() => document.querySelector("#output").textContent.includes("<img"));
  assert.equal(await page.locator("#output img, #output b").count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // Every char of each paragraph is kept (the hidden label words aside).
  const shown = await page.$$eval("#output > p", (ps) =>
    ps.map((p) => {
      const clone = p.cloneNode(true);
      clone.querySelectorAll(".sr-only").forEach((s) => s.remove());
      return clone.textContent;
    }),
  );
  assert.deepEqual(shown, hostile.split("\n\n"));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("analyze() from JavaScript: UTF-16 offsets, also after emoji and lone surrogates", async () => {
  const { page, context, log } = await openPage();
  const checks = await page.evaluate(async () => {
    const { analyze } = await import("/www/pkg/article_highlighter.js");
    const texts = ["😀🇺🇦 Angela Merkel met 習近平 in Lisbon.", "\uD800 Angela Merkel visited Lisbon.", "a\uDC00\uD83D Angela Merkel spoke."];
    return texts.map((text) => {
      const result = analyze(text);
      return {
        proto: Object.getPrototypeOf(result) === Object.prototype,
        unit: result.unit,
        spans: result.entities.map((e) => [text.slice(e.start, e.end), e.text]),
      };
    });
  });
  for (const c of checks) {
    assert.ok(c.proto);
    assert.equal(c.unit, "utf16");
    assert.ok(c.spans.length > 0);
    for (const [sliced, text] of c.spans) assert.equal(sliced, text);
  }
  assert.ok(checks.every((c) => c.spans.some(([s]) => s === "Angela Merkel")), JSON.stringify(checks));
  assert.deepEqual(log.errors, []);
  await context.close();
});
