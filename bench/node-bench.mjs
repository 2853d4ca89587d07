// Article Highlighter (WebAssembly, `--target nodejs` build in ../pkg-node) against the npm
// package compromise, in one Node process over the same corpus (bench/corpus/*.txt, articles
// written for this project). Each engine gets every article as one document and does the same
// job: find people, places, organisations and quotations and hand them to JavaScript.
//
//   wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install   (repo root)
//   (cd bench && npm install && node node-bench.mjs [--seconds 5])
//
// Prints MB/s (UTF-8 bytes of input per CPU second, the engines taking turns) for each and the
// ratio; --json prints one JSON line instead.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import nlp from 'compromise';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
/** CPU seconds of measurement per engine, after warm-up. */
const SECONDS = Number(arg('--seconds', '5'));
/** Warm-up passes over the corpus before timing (JIT, wasm tier-up). */
const WARMUP_PASSES = 3;

const require = createRequire(import.meta.url);
const pkgDir = join(here, '..', 'pkg-node');
let highlighter;
try {
  highlighter = require(join(pkgDir, 'article_highlighter.js'));
} catch (e) {
  console.error(`node-bench: cannot load ${pkgDir}: build it first with\n  wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install\n(${e.message})`);
  process.exit(1);
}

const corpusDir = join(here, 'corpus');
const articles = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(corpusDir, f), 'utf8'));
if (articles.length === 0) {
  console.error('node-bench: no articles in bench/corpus');
  process.exit(1);
}
const corpusBytes = articles.reduce((n, a) => n + Buffer.byteLength(a, 'utf8'), 0);

const engines = {
  'article-highlighter (wasm)': (text) => {
    const a = highlighter.analyze(text);
    return a.entities.length + a.quotes.length;
  },
  // What the page and the embed ask for: the same analysis without the sentence and token
  // objects, which they do not read (`analyze`'s `options`).
  'article-highlighter (no tokens)': (text) => {
    const a = highlighter.analyze(text, { sentences: false, tokens: false });
    return a.entities.length + a.quotes.length;
  },
  // The same analysis handed over as one string (the marker rendering) instead of JS objects:
  // shows what building the objects costs. Not used for the ratio.
  ...(typeof highlighter.markers === 'function'
    ? { 'article-highlighter (markers)': (text) => highlighter.markers(text).length }
    : {}),
  compromise: (text) => {
    const doc = nlp(text);
    return (
      doc.people().json().length +
      doc.places().json().length +
      doc.organizations().json().length +
      doc.quotations().json().length
    );
  },
};

/** CPU time of this process in seconds (user + system): the machine may be shared, and wall
 * time would count the moments the process waits for a core. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Each engine runs in turns of about this long, alternating, so both see the same conditions. */
const TURN_SECONDS = 0.25;

const results = {};
for (const [name, run] of Object.entries(engines)) {
  let found = 0;
  for (let p = 0; p < WARMUP_PASSES; p++) for (const a of articles) found += run(a);
  results[name] = { passes: 0, seconds: 0, found: found > 0 };
}
while (Object.values(results).some((r) => r.seconds < SECONDS)) {
  for (const [name, run] of Object.entries(engines)) {
    const r = results[name];
    if (r.seconds >= SECONDS) continue;
    const start = cpuSeconds();
    let took = 0;
    do {
      for (const a of articles) run(a);
      r.passes += 1;
      took = cpuSeconds() - start;
    } while (took < TURN_SECONDS);
    r.seconds += took;
  }
}
for (const r of Object.values(results)) r.mbPerSec = (r.passes * corpusBytes) / r.seconds / 1e6;
const ours = results['article-highlighter (wasm)'];
const theirs = results.compromise;
const ratio = ours.mbPerSec / theirs.mbPerSec;
const light = results['article-highlighter (no tokens)'];
const ratioNoTokens = light.mbPerSec / theirs.mbPerSec;

const machine = `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const compromiseVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'compromise', 'package.json'), 'utf8')).version;
if (args.includes('--json')) {
  console.log(JSON.stringify({ machine, compromiseVersion, articles: articles.length, corpusBytes, results, ratio, ratioNoTokens }));
} else {
  console.log(`corpus: ${articles.length} articles, ${corpusBytes} bytes; ${machine}; compromise ${compromiseVersion}`);
  for (const [name, r] of Object.entries(results)) {
    const msPerArticle = (r.seconds * 1000) / (r.passes * articles.length);
    console.log(`${name.padEnd(32)} ${r.mbPerSec.toFixed(2).padStart(8)} MB/s  ${msPerArticle.toFixed(3).padStart(8)} ms/article  (${r.passes} passes in ${r.seconds.toFixed(2)} s)`);
  }
  console.log(`ratio: article-highlighter is ${ratio.toFixed(1)}x compromise`);
  console.log(`ratio without sentence and token objects (as the page and embed call it): ${ratioNoTokens.toFixed(1)}x`);
}
