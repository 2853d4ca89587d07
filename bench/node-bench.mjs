// Article Highlighter (WebAssembly, `--target nodejs` build in ../pkg-node) against the npm
// package compromise, in one Node process over the same texts. Each engine gets every article
// as one document and does the same job: find people, places, organisations and quotations and
// hand them to JavaScript.
//
// Texts: bench/corpus/news/*.txt (real-style news written for this project, 338 KB), reported
// per kind (the file name's first word: wire, sports, feature, politics), and the four short
// articles of bench/corpus/*.txt as the kind `project` (the earlier benchmark; compromise is
// unusually slow on them, so they are left out of the news figures).
//
//   wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install   (repo root)
//   (cd bench && npm install && node node-bench.mjs [--seconds 5] [--kinds wire,sports] [--json])
//
// Prints, per kind, MB/s (UTF-8 bytes of input per CPU second, the engines taking turns) for
// each engine and the ratios to compromise, then the range over the news kinds and the pooled
// news figure; --json prints one JSON line instead.
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
/** CPU seconds of measurement per engine and kind, after warm-up. */
const SECONDS = Number(arg('--seconds', '5'));
/** Warm-up passes over each kind's articles before timing (JIT, wasm tier-up). */
const WARMUP_PASSES = 2;
/** Each engine runs in turns of about this long, alternating, so all see the same conditions. */
const TURN_SECONDS = 0.25;

const require = createRequire(import.meta.url);
const pkgDir = join(here, '..', 'pkg-node');
let highlighter;
try {
  highlighter = require(join(pkgDir, 'article_highlighter.js'));
} catch (e) {
  console.error(`node-bench: cannot load ${pkgDir}: build it first with\n  wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install\n(${e.message})`);
  process.exit(1);
}

/** The `.txt` files of `dir`, sorted, as [name, text]. */
const texts = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

/** kind → articles. */
const kinds = new Map();
for (const [name, text] of texts(join(here, 'corpus', 'news'))) {
  const kind = name.split('-')[0];
  if (!kinds.has(kind)) kinds.set(kind, []);
  kinds.get(kind).push(text);
}
kinds.set('project', texts(join(here, 'corpus')).map(([, t]) => t));
const wanted = arg('--kinds', null)?.split(',');
for (const kind of [...kinds.keys()]) if (wanted && !wanted.includes(kind)) kinds.delete(kind);
if (kinds.size === 0) {
  console.error('node-bench: no articles (bench/corpus/news/*.txt, bench/corpus/*.txt)');
  process.exit(1);
}

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

/** Measures every engine on `articles`: { engine: { passes, seconds, mbPerSec, msPerArticle } }. */
function measure(articles) {
  const bytes = articles.reduce((n, a) => n + Buffer.byteLength(a, 'utf8'), 0);
  const results = {};
  for (const [name, run] of Object.entries(engines)) {
    let found = 0;
    for (let p = 0; p < WARMUP_PASSES; p++) for (const a of articles) found += run(a);
    if (found === 0) throw new Error(`${name} found nothing`);
    results[name] = { passes: 0, seconds: 0 };
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
  for (const r of Object.values(results)) {
    r.mbPerSec = (r.passes * bytes) / r.seconds / 1e6;
    r.msPerArticle = (r.seconds * 1000) / (r.passes * articles.length);
  }
  return { articles: articles.length, bytes, results };
}

const ratio = (m, name) => m.results[name].mbPerSec / m.results.compromise.mbPerSec;
const WHOLE = 'article-highlighter (wasm)';
const PAGE = 'article-highlighter (no tokens)';

const byKind = {};
for (const [kind, articles] of kinds) {
  const m = measure(articles);
  m.ratio = ratio(m, WHOLE);
  m.ratioNoTokens = ratio(m, PAGE);
  byKind[kind] = m;
}
// The news kinds pooled: bytes over CPU seconds, each kind weighted by its size.
const news = Object.entries(byKind).filter(([k]) => k !== 'project');
const pooled = {};
for (const name of Object.keys(engines)) {
  const seconds = news.reduce((s, [, m]) => s + m.bytes / m.results[name].mbPerSec / 1e6, 0);
  const bytes = news.reduce((s, [, m]) => s + m.bytes, 0);
  pooled[name] = bytes / seconds / 1e6;
}
const range = (key) => {
  const values = news.map(([, m]) => m[key]);
  return [Math.min(...values), Math.max(...values)];
};
const summary = news.length
  ? {
      ratio: range('ratio'),
      ratioNoTokens: range('ratioNoTokens'),
      pooledRatio: pooled[WHOLE] / pooled.compromise,
      pooledRatioNoTokens: pooled[PAGE] / pooled.compromise,
      pooledMbPerSec: pooled,
    }
  : null;

const machine = `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const compromiseVersion = JSON.parse(readFileSync(join(here, 'node_modules', 'compromise', 'package.json'), 'utf8')).version;
if (args.includes('--json')) {
  console.log(JSON.stringify({ machine, compromiseVersion, seconds: SECONDS, byKind, summary }));
} else {
  console.log(`${machine}; compromise ${compromiseVersion}; ${SECONDS} CPU s per engine and kind`);
  for (const [kind, m] of Object.entries(byKind)) {
    console.log(`\n${kind}: ${m.articles} articles, ${m.bytes} bytes`);
    for (const [name, r] of Object.entries(m.results)) {
      console.log(`  ${name.padEnd(32)} ${r.mbPerSec.toFixed(2).padStart(8)} MB/s  ${r.msPerArticle.toFixed(3).padStart(9)} ms/article  (${r.passes} passes in ${r.seconds.toFixed(2)} s)`);
    }
    console.log(`  ratio to compromise: whole object ${m.ratio.toFixed(1)}x, as the page and embed call it ${m.ratioNoTokens.toFixed(1)}x`);
  }
  if (summary) {
    const [lo, hi] = summary.ratio;
    const [plo, phi] = summary.ratioNoTokens;
    console.log(`\nnews (${news.map(([k]) => k).join(', ')}): whole object ${lo.toFixed(1)}-${hi.toFixed(1)}x compromise (pooled ${summary.pooledRatio.toFixed(1)}x); page/embed call ${plo.toFixed(1)}-${phi.toFixed(1)}x (pooled ${summary.pooledRatioNoTokens.toFixed(1)}x)`);
    console.log(`news pooled MB/s: ${Object.entries(pooled).map(([n, v]) => `${n} ${v.toFixed(2)}`).join('; ')}`);
  }
}
