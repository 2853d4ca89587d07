// The Article Highlighter page: plain ES module, no framework. The Rust core (WebAssembly,
// built into www/pkg by scripts/serve.sh) analyses the text and builds the highlighted DOM;
// this file wires the controls, the legend and the status line.
import init, { renderInto, labels } from "./pkg/article_highlighter.js";

const input = document.querySelector("#input");
const button = document.querySelector("#highlight");
const output = document.querySelector("#output");
const legend = document.querySelector("#legend");
const status = document.querySelector("#status");

/** Plural forms for the status line, by label code; quotes are counted separately. */
const NOUNS = {
  PER: ["person", "people"],
  ORG: ["organisation", "organisations"],
  LOC: ["place", "places"],
  MISC: ["other name", "other names"],
};

function count(n, [one, many]) {
  return `${n} ${n === 1 ? one : many}`;
}

/** One legend entry: a swatch styled like the highlight it explains, and its name. */
function legendItem(sample, name) {
  const item = document.createElement("li");
  sample.classList.add("swatch");
  sample.setAttribute("aria-hidden", "true");
  sample.textContent = "Abc";
  item.append(sample, " ", name);
  return item;
}

function buildLegend() {
  for (const { code, name } of labels()) {
    const mark = document.createElement("mark");
    mark.dataset.label = code;
    legend.append(legendItem(mark, name));
  }
  const quote = document.createElement("span");
  quote.dataset.quote = "statement";
  legend.append(legendItem(quote, "Quotation (speaker after it)"));
}

function highlight() {
  output.setAttribute("aria-busy", "true");
  const started = performance.now();
  renderInto(output, input.value);
  const ms = performance.now() - started;
  output.setAttribute("aria-busy", "false");
  if (!input.value.trim()) {
    status.textContent = "Paste or type an article above, then press Highlight.";
    return;
  }
  const parts = Object.entries(NOUNS).map(([code, nouns]) =>
    count(output.querySelectorAll(`mark[data-label="${code}"]`).length, nouns),
  );
  parts.push(count(output.querySelectorAll("[data-quote]").length, ["quotation", "quotations"]));
  status.textContent = `Found ${parts.join(", ")} in ${Math.max(1, Math.round(ms))} ms.`;
}

async function main() {
  try {
    await init();
  } catch (error) {
    status.textContent = "The analyser could not be loaded. Serve this page over HTTP (scripts/serve.sh), not from a file.";
    console.error(error);
    return;
  }
  buildLegend();
  button.addEventListener("click", highlight);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      highlight();
    }
  });
  highlight();
  document.documentElement.dataset.ready = "true";
}

main();
