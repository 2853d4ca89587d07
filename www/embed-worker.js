// The analysis half of www/embed.js, run in a module worker so that analysing a long page does
// not block the page's main thread. It only forwards: text in, entities and quotes out (UTF-16
// offsets). Loaded by embed.js with `new Worker(new URL("./embed-worker.js", import.meta.url),
// { type: "module" })`, a form bundlers such as Vite recognise and bundle.
import init, { analyze } from "./pkg/article_highlighter.js";

const ready = init();
ready.catch(() => {}); // reported per message below, not as an unhandled rejection

self.addEventListener("message", async ({ data: { id, text } }) => {
  try {
    await ready;
    const { entities, quotes } = analyze(text);
    self.postMessage({ id, result: { entities, quotes } });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
});
