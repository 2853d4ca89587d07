// The analysis half of www/embed.js, run in a module worker so that analysing a long page does
// not block the page's main thread. It only forwards: text in, entities and quotes out (UTF-16
// offsets). Loaded by embed.js with `new Worker(new URL("./embed-worker.js", import.meta.url),
// { type: "module" })`, a form bundlers such as Vite recognise and bundle.
import init, { analyze } from "./pkg/article_highlighter.js";

/** Entities (and quotes) per message. The page copies each message in one task: 10 MB on one
 * line has 830,000 of them, which in one message stopped the page for a second. */
const PART = 20_000;

const ready = init();
ready.catch(() => {}); // reported per message below, not as an unhandled rejection

/** Only the fields embed.js reads (the texts and scores would double the copying). */
const entityFields = ({ start, end, label, cluster }) => ({ start, end, label, cluster });
const quoteFields = ({ start, end, kind, group, speaker }) => ({
  start, end, kind, group,
  speaker: speaker ? { name: speaker.name ?? speaker.text, cluster: speaker.cluster, evidence: speaker.evidence } : null,
});

self.addEventListener("message", async ({ data: { id, text, guessSpeakers = true } }) => {
  let result;
  try {
    await ready;
    // Only entities and quotes are sent back: the core leaves out sentences and tokens.
    result = analyze(text, { sentences: false, tokens: false, guessSpeakers });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
    return;
  }
  const { entities, quotes } = result;
  const parts = Math.max(1, Math.ceil(Math.max(entities.length, quotes.length) / PART));
  for (let k = 0; k < parts; k++) {
    const part = {
      entities: entities.slice(k * PART, (k + 1) * PART).map(entityFields),
      quotes: quotes.slice(k * PART, (k + 1) * PART).map(quoteFields),
    };
    self.postMessage({ id, part, last: k === parts - 1 });
  }
});
