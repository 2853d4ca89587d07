// The page's features exercised as a reader would use them, in Debian's Chromium: the legend
// filter, the name and quotation panels, tooltips, keyboard-only use, rich paste, file drop,
// typing, messages, exports, dark and phone layouts, print, offline use, axe-core, and a
// request log. Screenshots go to artifacts/. Timings are printed as diagnostics, not asserted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, assertSameOrigin, highlighted, marksOf, openPage, screenshot, useBrowser } from "./helpers.mjs";

let origin, browser;
useBrowser((env) => ({ origin, browser } = env));

const open = (options) => openPage(browser, origin, options);

/** Written for these tests. */
const ARTICLE = [
  "“We will keep the gates closed until Friday,” said Angela Merkel in Rotterdam.",
  "",
  "The Water Ministry said the barrier held. Angela Merkel thanked the engineers.",
  "",
  "“The city is safe,” Merkel said.",
].join("\n");

async function setText(page, text) {
  await page.locator("#input").fill(text);
  await page.locator("#highlight").click();
  await highlighted(page);
}

test("renderInto and the page's worker renderer build the same DOM", async () => {
  const { page, context, log } = await open();
  const texts = [
    await page.locator("#input").inputValue(),
    ARTICLE,
    "😀 <b>x</b> & “Ja,” sagte Angela Merkel in 習近平 Lisbon.\n\n\n  Lone \uD800 surrogate, Water Ministry.",
    "“An open quote over\n\n“two paragraphs,” said Angela Merkel.",
    "",
  ];
  const same = await page.evaluate(async (texts) => {
    const pkg = await import("/www/pkg/article_highlighter.js");
    const { renderEvents } = await import("/www/render.js");
    const words = new Map(pkg.labels().map((l) => [l.code, l.name]));
    return texts.map((text) => {
      const a = document.createElement("div");
      const b = document.createElement("div");
      pkg.renderInto(a, text);
      const { analysis, events } = pkg.analyzeWithEvents(text);
      renderEvents(b, text, analysis, events, words);
      // renderInto gets the text as UTF-8 (a lone surrogate became U+FFFD); the page keeps
      // the original string, so compare with that one char made the same.
      return [a.innerHTML === b.innerHTML.replaceAll("\uD800", "\uFFFD"), a.querySelectorAll("mark, [data-quote]").length, a.innerHTML.slice(0, 300), b.innerHTML.slice(0, 300)];
    });
  }, texts);
  for (const [equal, , a, b] of same) assert.ok(equal, `${a}\n${b}`);
  assert.ok(same[0][1] > 5 && same[1][1] > 3, JSON.stringify(same));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("the legend filters each type and quotations, with counts", async () => {
  const { page, context, log } = await open();
  const counts = await page.$$eval("#legend button", (bs) => Object.fromEntries(bs.map((b) => [b.dataset.filter, Number(b.querySelector(".count").textContent)])));
  const marks = await marksOf(page);
  for (const code of ["PER", "ORG", "LOC", "MISC"]) assert.equal(counts[code], marks.filter((m) => m.label === code).length, code);
  assert.ok(counts.QUOTE >= 3);
  const background = () => page.$eval('#output mark[data-label="PER"]', (m) => getComputedStyle(m).backgroundColor);
  const before = await background();
  await page.locator('#legend button[data-filter="PER"]').click();
  assert.equal(await page.locator('#legend button[data-filter="PER"]').getAttribute("aria-pressed"), "false");
  assert.equal(await background(), "rgba(0, 0, 0, 0)");
  // Keyboard: the same toggle with Space brings the highlight back.
  await page.locator('#legend button[data-filter="PER"]').focus();
  await page.keyboard.press("Space");
  assert.equal(await background(), before);
  await page.locator('#legend button[data-filter="QUOTE"]').click();
  const quoteBg = await page.$eval("#output [data-quote]", (q) => getComputedStyle(q).backgroundColor);
  assert.equal(quoteBg, "rgba(0, 0, 0, 0)");
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("names panel: a name shows all its mentions, next and previous step through them", async () => {
  const { page, context, log } = await open();
  await setText(page, ARTICLE);
  const button = page.locator("#entity-groups button", { hasText: "Angela Merkel" }).first();
  const mentions = Number(await button.locator(".count").textContent());
  assert.ok(mentions >= 2, `Angela Merkel has ${mentions} mentions`);
  await button.click();
  assert.equal(await page.locator("#output .is-selected").count(), mentions);
  assert.match(await page.locator("#selection-text").textContent(), new RegExp(`mention 1 of ${mentions}$`));
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return { index: e.dataset.index, cluster: e.dataset.cluster, tag: e.tagName };
  });
  const first = await focused();
  assert.equal(first.tag, "MARK");
  await page.locator("#selection-next").click();
  const second = await focused();
  assert.equal(second.cluster, first.cluster);
  assert.notEqual(second.index, first.index);
  await page.locator("#selection-prev").click();
  assert.deepEqual(await focused(), first);
  // Keyboard only: Enter on a panel button.
  await page.locator("#selection-clear").click();
  assert.equal(await page.locator("#output .is-selected").count(), 0);
  await button.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("#output .is-selected").count(), mentions);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("quotations panel: grouped by speaker; a quote scrolls to it, a speaker shows all theirs", async () => {
  const { page, context, log } = await open();
  await setText(page, ARTICLE);
  const speaker = page.locator("#quote-groups h3 button", { hasText: "Angela Merkel" });
  assert.equal(await speaker.count(), 1, await page.locator("#quote-groups").innerText());
  const theirs = Number(await speaker.locator(".count").textContent());
  assert.ok(theirs >= 2);
  await speaker.click();
  assert.equal(await page.locator("#output [data-quote].is-selected").count(), theirs);
  const selected = await page.$$eval("#output [data-quote].is-selected", (qs) => qs.map((q) => q.dataset.speaker));
  assert.ok(selected.every((s) => s === "Angela Merkel"));
  const quote = page.locator("#quote-groups .quote-button", { hasText: "The city is safe" });
  await quote.click();
  const active = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(active, "“The city is safe,”");
  await page.waitForFunction(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 3000 }); // the quote is scrolled into view (smoothly)
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("tooltips on hover and keyboard focus; arrows move between highlights", async () => {
  const { page, context, log } = await open();
  await setText(page, ARTICLE);
  await page.locator('#output mark[data-label="PER"]').first().hover();
  assert.ok(await page.locator("#tooltip").isVisible());
  assert.match(await page.locator("#tooltip").textContent(), /^Person: Angela Merkel/);
  await page.locator("#output [data-quote]").first().hover({ position: { x: 5, y: 5 } });
  assert.equal(await page.locator("#tooltip").textContent(), "Quotation: said by Angela Merkel");
  // Keyboard only: Tab from the last legend button lands on the first highlight.
  await page.mouse.move(0, 0);
  await page.locator('#legend button[data-filter="QUOTE"]').focus();
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement.matches("#output [data-quote], #output mark"));
  assert.ok(first, "Tab reaches the article's first highlight");
  assert.ok(await page.locator("#tooltip").isVisible());
  const tip1 = await page.locator("#tooltip").textContent();
  await page.keyboard.press("ArrowRight");
  const tip2 = await page.locator("#tooltip").textContent();
  assert.notEqual(tip1, tip2);
  assert.equal(await page.evaluate(() => document.querySelectorAll('#output [tabindex="0"]').length), 1);
  // A visible focus ring.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await page.keyboard.press("Escape");
  assert.ok(!(await page.locator("#tooltip").isVisible()));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("the speaker-guessing toggle: guessed speakers are marked, and can be left out", async () => {
  const { page, context, log } = await open();
  const text = "Lena Ortiz met the union leaders on Monday.\n\n“There will be no more delays.”\n\n“We will rebuild,” said Angela Merkel.";
  await setText(page, text);
  const speakers = () => page.$$eval("#output [data-quote]", (qs) =>
    qs.map((q) => [q.dataset.speaker ?? null, q.dataset.evidence ?? null]));
  assert.deepEqual(await speakers(), [["Lena Ortiz", "guess"], ["Angela Merkel", "verb"]]);
  await page.locator("#output [data-quote]").first().hover({ position: { x: 5, y: 5 } });
  assert.equal(await page.locator("#tooltip").textContent(), "Quotation: said by Lena Ortiz (a guess: the text does not say)");
  const badges = await page.$$eval("#output [data-quote]", (qs) => qs.map((q) => getComputedStyle(q, "::after").content));
  assert.match(badges[0], /Lena Ortiz.*\(guess\)/);
  assert.doesNotMatch(badges[1], /guess/);
  await page.mouse.move(0, 0);
  // Turning guessing off re-highlights at once: the unattributed quote loses its speaker.
  await page.locator("#guess-speakers").uncheck();
  await page.waitForFunction(() => !document.querySelector("#output [data-quote]")?.dataset.speaker);
  await highlighted(page);
  assert.deepEqual(await speakers(), [[null, null], ["Angela Merkel", "verb"]]);
  await page.locator("#output [data-quote]").first().hover({ position: { x: 5, y: 5 } });
  assert.equal(await page.locator("#tooltip").textContent(), "Quotation: speaker unknown");
  assert.match(await page.locator("#quote-groups").textContent(), /Speaker unknown/);
  await page.locator("#guess-speakers").check();
  await page.waitForFunction(() => document.querySelector("#output [data-quote]")?.dataset.speaker === "Lena Ortiz");
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("rich paste keeps paragraphs and drops markup; typing re-highlights", async () => {
  const { page, context, log } = await open();
  await page.locator("#input").fill("");
  await page.locator("#input").focus();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData("text/html", '<meta charset="utf-8"><h1>Storm <b>passes</b></h1><p>Angela Merkel visited <a href="https://example.com/x">Rotterdam</a>.<img src="https://example.com/t.png"></p><script>window.pwned = 1</script><ul><li>The Water Ministry said so.</li></ul>');
    data.setData("text/plain", "plain fallback");
    document.querySelector("#input").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  assert.equal(await page.locator("#input").inputValue(), "Storm passes\n\nAngela Merkel visited Rotterdam.\n\nThe Water Ministry said so.");
  await page.waitForFunction(() => document.querySelectorAll("#output > p").length === 3);
  await highlighted(page);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // Typing: debounced re-highlight without pressing anything.
  await page.locator("#input").press("End");
  await page.keyboard.type(" Angela Merkel left for Lisbon.");
  await page.waitForFunction(() => document.querySelector("#output").textContent.includes("left for Lisbon"));
  await highlighted(page);
  assert.ok((await marksOf(page)).some((m) => m.text === "Lisbon"));
  assertSameOrigin(log.requests, origin);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("a dropped .html or .txt file is read; other files get a message", async () => {
  const { page, context, log } = await open();
  const drop = (name, type, content) => page.evaluate(([name, type, content]) => {
    const data = new DataTransfer();
    data.items.add(new File([content], name, { type }));
    const target = document.querySelector("#input");
    target.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, type, content]);
  await drop("story.html", "text/html", "<p>Angela Merkel spoke in Lisbon.</p><p>The Water Ministry agreed.</p>");
  await page.waitForFunction(() => document.querySelector("#input").value.startsWith("Angela Merkel spoke"));
  await highlighted(page);
  assert.equal(await page.locator("#input").inputValue(), "Angela Merkel spoke in Lisbon.\n\nThe Water Ministry agreed.");
  assert.equal(await page.locator("#output > p").count(), 2);
  await drop("notes.md", "", "# Notes\n\nAngela Merkel met the Water Ministry.");
  await page.waitForFunction(() => document.querySelector("#input").value.startsWith("# Notes"));
  await drop("photo.png", "image/png", "not text");
  await page.waitForFunction(() => /not a text file/.test(document.querySelector("#status").textContent));
  assert.match(await page.locator("#input").inputValue(), /^# Notes/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("friendly messages: empty input, non-English text, text over the limit", async () => {
  const { page, context, log } = await open();
  await setText(page, "   \n\n ");
  assert.match(await page.locator("#status").textContent(), /^Paste or type an article/);
  assert.equal(await page.locator("#output").evaluate((o) => o.childElementCount), 0);
  assert.equal(await page.locator("#entity-groups").innerText(), "No names found.");
  await setText(page, "El presidente del Gobierno dijo el martes en Madrid que la reforma de las pensiones se aprobará antes del verano, y que los sindicatos y la patronal ya han firmado el acuerdo con el ministerio.");
  assert.match(await page.locator("#status").textContent(), /does not look like English/);
  await setText(page, ARTICLE);
  assert.doesNotMatch(await page.locator("#status").textContent(), /English/);
  await page.evaluate(() => {
    document.querySelector("#input").value = "Angela Merkel. ".repeat(1_400_000);
    document.querySelector("#highlight").click();
  });
  await highlighted(page);
  assert.match(await page.locator("#status").textContent(), /too long to highlight here/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("a 50,000-word article highlights in a worker; the page stays responsive (benchmark)", async (t) => {
  const { page, context, log } = await open();
  const sample = await page.locator("#input").inputValue();
  const figures = await page.evaluate(async (sample) => {
    const text = Array(250).fill(sample).join("\n\n");
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: "longtask" });
    const input = document.querySelector("#input");
    const beforeValue = performance.now();
    input.value = text;
    // Laying out 50,000 words in the textarea is the browser's own cost: measured apart.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const textareaMs = performance.now() - beforeValue;
    const started = performance.now();
    document.querySelector("#highlight").click();
    // The longest gap between 10 ms timer ticks: how long the main thread stopped answering.
    let last = performance.now(), longestPause = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestPause = Math.max(longestPause, now - last);
      last = now;
    }, 10);
    await new Promise((resolve) => {
      const check = () => (document.querySelector("#output").getAttribute("aria-busy") === "false" ? resolve() : setTimeout(check, 5));
      check();
    });
    const total = performance.now() - started;
    clearInterval(ticker);
    longestPause = Math.max(longestPause, performance.now() - last);
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return {
      words: text.split(/\s+/).length,
      total: Math.round(total),
      analysis: Number(document.querySelector("#status").dataset.analysisMs),
      longestTask: Math.round(Math.max(0, ...longTasks)),
      longestPause: Math.round(longestPause),
      textareaMs: Math.round(textareaMs),
      marks: document.querySelectorAll("#output mark").length,
    };
  }, sample);
  t.diagnostic(`50k words: ${JSON.stringify(figures)}`);
  assert.ok(figures.words > 50_000);
  assert.ok(figures.marks > 1000);
  assert.match(await page.locator("#status").textContent(), /^Found /);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("exports: HTML with inline styles, text with markers, JSON, Web Annotations", async () => {
  const { page, context, log } = await open({ acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const text = "😀 “We will rebuild Lisbon,” said Angela Merkel.\n\nThe Water Ministry agreed.";
  await setText(page, text);

  await page.locator("#copy-html").click();
  await page.waitForFunction(() => /^Copied/.test(document.querySelector("#status").textContent));
  const html = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return (await item.getType("text/html")).text();
  });
  assert.match(html, /<mark data-label="PER"[^>]*style="background:#fde3b0/);
  assert.match(html, /data-speaker="Angela Merkel"/);
  assert.doesNotMatch(html, /sr-only|class=|<script/);

  await page.locator("#copy-markers").click();
  await page.waitForFunction(() => /^Copied the article as text/.test(document.querySelector("#status").textContent));
  const marked = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(marked, /\|QUOTE:Angela Merkel\]/);
  assert.match(marked, /\[Water Ministry\|ORG\]/);

  const save = async (id) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(id).click()]);
    return JSON.parse(readFileSync(await download.path(), "utf8"));
  };
  const json = await save("#download-json");
  assert.equal(json.text, text);
  assert.equal(json.unit, "utf16");
  for (const e of json.entities) assert.equal(text.slice(e.start, e.end), e.text);

  const annotations = await save("#download-annotations");
  assert.equal(annotations.type, "AnnotationCollection");
  const items = annotations.first.items;
  assert.equal(items.length, json.entities.length + json.quotes.length);
  assert.equal(annotations.total, items.length);
  const points = [...text];
  for (const a of items) {
    assert.equal(a.type, "Annotation");
    const [quote, position] = a.target.selector;
    assert.equal(quote.type, "TextQuoteSelector");
    assert.equal(position.type, "TextPositionSelector");
    // W3C positions count code points: the emoji before every span is one, not two.
    assert.equal(points.slice(position.start, position.end).join(""), quote.exact);
    assert.ok(text.includes(quote.prefix + quote.exact + quote.suffix));
  }
  assert.ok(items.some((a) => a.body.some((b) => b.value === "Said by Angela Merkel")));
  assertSameOrigin(log.requests, origin);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("light, dark and phone layouts; print keeps highlights; axe finds nothing serious", async (t) => {
  const axe = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
  const layouts = [
    ["light.png", { viewport: { width: 1280, height: 900 }, colorScheme: "light" }],
    ["dark.png", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" }],
    ["phone.png", { viewport: { width: 360, height: 740 }, colorScheme: "light", isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ];
  for (const [name, options] of layouts) {
    const { page, context, log } = await open(options);
    await page.addScriptTag({ content: axe }); // inline: no request
    const violations = await page.evaluate(async () =>
      (await axe.run()).violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`));
    assert.deepEqual(violations, [], name);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (name === "dark.png") assert.equal(bg, "rgb(23, 24, 26)");
    if (name === "phone.png") {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `the page is ${wide}px wide at 360px`);
    }
    await screenshot(page, name);
    assertSameOrigin(log.requests, origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  }
  const { page, context } = await open();
  await page.emulateMedia({ media: "print" });
  const print = await page.evaluate(() => ({
    mark: getComputedStyle(document.querySelector("#output mark")).backgroundColor,
    panels: getComputedStyle(document.querySelector(".panels")).display,
  }));
  assert.notEqual(print.mark, "rgba(0, 0, 0, 0)");
  assert.equal(print.panels, "none");
  await context.close();
  t.diagnostic("screenshots: artifacts/light.png, artifacts/dark.png, artifacts/phone.png");
});

test("works offline once loaded; time from page load to the first highlight (benchmark)", { timeout: 90_000 }, async (t) => {
  const started = Date.now();
  const { page, context, log } = await open();
  const loadToFirst = Date.now() - started;
  const sinceNavigation = await page.evaluate(() => Math.round(performance.now()));
  t.diagnostic(`page load to the sample's first highlight: ${loadToFirst} ms (test clock), ${sinceNavigation} ms since navigation start (page clock)`);
  // "Once loaded" includes the service worker's install (it caches the page): going offline
  // before it finishes made the install fail and `ready` never resolve, on a slow run.
  const ready = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 30_000)),
    ]),
  );
  assert.ok(ready, "the service worker did not become ready within 30 s");
  await context.setOffline(true);
  await setText(page, "Angela Merkel flew to Lisbon to meet the Water Ministry.");
  assert.ok((await marksOf(page)).some((m) => m.text === "Lisbon"));
  // Opening the page again while offline: the service worker serves it from its cache.
  await page.reload();
  await page.waitForSelector("html[data-ready]", { timeout: 15_000 });
  assert.ok((await marksOf(page)).length > 5);
  assert.deepEqual(log.errors, []);
  await context.close();
});
