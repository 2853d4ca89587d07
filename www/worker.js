// Runs the analysis off the main thread, so typing stays responsive on long articles.
// The page sends the compiled WebAssembly module once ({ module }), then texts ({ id, text,
// options }: the options of analyzeWithEvents, PAGE_PARTS when absent);
// each reply is { id, analysis (the fields the page uses: render.js pageAnalysis), events, ms }
// or { id, error }.
import init, { analyzeWithEvents } from "./pkg/article_highlighter.js";
import { PAGE_PARTS, pageAnalysis } from "./render.js";

let ready;

self.onmessage = async ({ data }) => {
  if (data.module) {
    ready = init({ module_or_path: data.module });
    return;
  }
  try {
    await ready;
    const started = performance.now();
    const { analysis, events } = analyzeWithEvents(data.text, data.options ?? PAGE_PARTS);
    const ms = performance.now() - started;
    self.postMessage({ id: data.id, analysis: pageAnalysis(analysis), events, ms }, [events.buffer]);
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error) });
  }
};
