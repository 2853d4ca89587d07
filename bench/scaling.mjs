// How `analyze` scales with the size of one text in WebAssembly (the `--target nodejs` build in
// ../pkg-node): texts of 0.375 to 6 MB of news, each analysed whole in one call. The native CLI
// takes about linear time (scripts/bench-scaling.sh); this checks the wasm build: time(8x) /
// time(x) should be about 8, and 9 at most.
//
//   wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install   (repo root)
//   node bench/scaling.mjs [--runs 5] [--sizes 0.375,0.75,1.5,3,6] [--pkg pkg-node] [--json]
//
// Texts: the articles of bench/corpus/*.txt (and bench/corpus/news/*.txt when present) over and
// over, in an order that rotates every round and with every paragraph numbered, so that no text
// is one article repeated verbatim; each size is cut at a paragraph end, and a smaller text is
// the start of a larger one.
//
// Every size and call runs in a Node process of its own (a fresh wasm instance and JavaScript
// heap, so that no call pays for the garbage of another), once per run; the runs take turns over
// the sizes, so that a busy moment of the shared machine does not fall on one size only, and each
// figure is the median over the runs. Time is CPU time of the process (`process.cpuUsage`, user +
// system, which includes V8's garbage collector threads). The calls:
//   whole   `analyze(text)`;
//   light   `analyze(text, { sentences: false, tokens: false })`, as the page and the embed ask;
//   page    `analyzeWithEvents(text, { sentences: false, tokens: false })`, the page's worker.
// In each process, after a second of calls on the first 50 KB (compilation, tier-up, the model):
// one call, `first`, the instance's first large text, which grows the wasm memory and the
// JavaScript heap; then three more, whose median is the figure of the process.
//
// Phases: the generated glue is loaded with timers around `passStringToWasm0` (the copy of the
// text into wasm memory: `string in`) and around src/wasm/build.js (the JavaScript objects:
// `build.js`); `wasm` is the rest of the call: the analysis, the offset conversion and the flat
// form, all inside WebAssembly. (Without the expected glue function, the plain glue and no
// phases.)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', '5'));
const SIZES_MB = arg('--sizes', '0.375,0.75,1.5,3,6').split(',').map(Number);
const LIGHT = { sentences: false, tokens: false };
/** Calls of each kind per process after the first; their median is the process's figure. */
const REPEATS = 3;
/** CPU seconds of calls on 50 KB before the timed ones. */
const WARM_UP_SECONDS = 1;

/** The package to measure (`--pkg DIR`, e.g. a copy of an earlier build for a before/after). */
const pkgDir = resolve(arg('--pkg', join(here, '..', 'pkg-node')));
const gluePath = join(pkgDir, 'article_highlighter.js');
const require = createRequire(import.meta.url);

/** CPU seconds of this process so far (user + system). */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Paragraphs of every article, one array per article. */
function articles() {
  const dirs = [join(here, 'corpus'), join(here, 'corpus', 'news')].filter((d) => existsSync(d));
  const out = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const paragraphs = readFileSync(join(dir, f), 'utf8')
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      if (paragraphs.length > 0) out.push(paragraphs);
    }
  }
  if (out.length === 0) throw new Error('scaling: no articles in bench/corpus');
  return out;
}

/** News text of at least `bytes` UTF-8 bytes, cut at a paragraph end: the articles in an order
 * that rotates by one every round, each paragraph numbered ("17. ") through the whole text. */
function newsText(all, bytes) {
  const parts = [];
  let size = 0;
  let number = 0;
  for (let round = 0; size < bytes; round++) {
    for (let a = 0; a < all.length && size < bytes; a++) {
      for (const p of all[(round + a) % all.length]) {
        const paragraph = `${++number}. ${p}\n\n`;
        parts.push(paragraph);
        size += Buffer.byteLength(paragraph, 'utf8');
        if (size >= bytes) break;
      }
    }
  }
  return parts.join('');
}

/** The glue with timers around the text's copy into wasm memory and around build.js (and its
 * wasm memory exported); `null` when the generated code does not look as expected. */
function instrumented() {
  const phases = { stringIn: 0, build: 0 };
  let src = readFileSync(gluePath, 'utf8');
  const pass = 'function passStringToWasm0(arg, malloc, realloc) {';
  if (!src.includes(pass)) return null;
  src = src.replace(
    pass,
    `function passStringToWasm0(arg, malloc, realloc) {
      const t = __cpu();
      try { return passStringToWasm0Untimed(arg, malloc, realloc); } finally { __phases.stringIn += __cpu() - t; }
    }
    function passStringToWasm0Untimed(arg, malloc, realloc) {`,
  );
  src += '\nmodule.exports.__memory = wasm.memory;\n';
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, __filename, __dirname, __cpu, __phases) {${src}\n})`,
    { filename: `${gluePath} (instrumented)` },
  );
  const timedRequire = (id) => {
    const real = require(id.startsWith('.') ? join(pkgDir, id) : id);
    if (!id.endsWith('build.js')) return real;
    return {
      buildAnalysis: (...a) => {
        const t = cpuSeconds();
        try {
          return real.buildAnalysis(...a);
        } finally {
          phases.build += cpuSeconds() - t;
        }
      },
    };
  };
  const module = { exports: {} };
  wrapper(module.exports, timedRequire, module, gluePath, pkgDir, cpuSeconds, phases);
  return { api: module.exports, phases };
}

/** One size and one kind of call in this process: prints one JSON line of CPU seconds. */
function child(mb, kind) {
  const probe = instrumented();
  const api = probe ? probe.api : require(gluePath);
  const text = newsText(articles(), mb * 1e6);
  const call = {
    whole: (t) => api.analyze(t),
    light: (t) => api.analyze(t, LIGHT),
    page: (t) => api.analyzeWithEvents(t, LIGHT).analysis,
  }[kind];
  // Until V8 has compiled the hot wasm functions with its optimising tier (in the background,
  // after some calls): a few calls were not enough, and the small sizes then measured slow.
  const warm = text.slice(0, 50_000);
  const warmUntil = cpuSeconds() + WARM_UP_SECONDS;
  while (cpuSeconds() < warmUntil) call(warm);
  const timed = () => {
    if (probe) {
      probe.phases.stringIn = 0;
      probe.phases.build = 0;
    }
    const start = cpuSeconds();
    const result = call(text);
    const total = cpuSeconds() - start;
    if (result.entities.length === 0) throw new Error('scaling: no entities found');
    if (!probe) return { total };
    const { stringIn, build } = probe.phases;
    return { total, stringIn, build, wasm: total - stringIn - build };
  };
  const first = timed();
  const steady = Array.from({ length: REPEATS }, timed);
  const out = { bytes: Buffer.byteLength(text, 'utf8'), first: first.total };
  for (const k of Object.keys(first)) out[k] = median(steady.map((t) => t[k]));
  if (probe) out.memoryMB = probe.api.__memory.buffer.byteLength / 1e6;
  console.log(JSON.stringify(out));
}

if (args[0] === '--child') {
  child(Number(args[1]), args[2]);
  process.exit(0);
}

try {
  require(gluePath);
} catch (e) {
  console.error(`scaling: cannot load ${pkgDir}: build it first with\n  wasm-pack build --release --target nodejs --out-dir pkg-node --mode no-install\n(${e.message})`);
  process.exit(1);
}

const KINDS = ['whole', 'light', 'page'];
const FIELDS = ['first', 'total', 'stringIn', 'build', 'wasm', 'memoryMB'];
/** samples[size][kind]: one JSON object per run. */
const samples = SIZES_MB.map(() => Object.fromEntries(KINDS.map((k) => [k, []])));
for (let run = 0; run < RUNS; run++) {
  SIZES_MB.forEach((mb, i) => {
    for (const kind of KINDS) {
      const childArgs = ['--child', String(mb), kind, '--pkg', pkgDir];
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...childArgs], {
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      samples[i][kind].push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
  });
}

const rows = SIZES_MB.map((mb, i) => {
  const row = { mb, bytes: samples[i].whole[0].bytes };
  for (const kind of KINDS) {
    const s = samples[i][kind];
    row[kind] = Object.fromEntries(
      FIELDS.filter((f) => s[0][f] !== undefined).map((f) => [f, median(s.map((x) => x[f]))]),
    );
  }
  return row;
});
// time(8x) / time(x), against the size 8 times smaller when there is one.
for (const row of rows) {
  const eighth = rows.find((r) => Math.abs(r.mb * 8 - row.mb) < 1e-9);
  if (!eighth) continue;
  row.ratio8 = Object.fromEntries(
    KINDS.map((kind) => [
      kind,
      Object.fromEntries(
        Object.keys(row[kind])
          .filter((f) => f !== 'memoryMB')
          .map((f) => [f, row[kind][f] / eighth[kind][f]]),
      ),
    ]),
  );
}

const machine = `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
if (args.includes('--json')) {
  console.log(JSON.stringify({ machine, runs: RUNS, rows }));
  process.exit(0);
}
const ms = (s) => (s * 1000).toFixed(0);
const pad = (s, n) => String(s).padStart(n);
const ratio = (r) => (r === undefined || !Number.isFinite(r) ? '-' : `${r.toFixed(2)}x`);
console.log(`${machine}; ${pkgDir}`);
console.log(
  `CPU ms, median of ${RUNS} processes per size and call; 8x: time / time of the size 8 times ` +
    'smaller; first: the first whole call of the instance, which grows its memory',
);
console.log(
  `${pad('MB', 6)} | ${pad('whole', 6)} ${pad('MB/s', 5)} ${pad('8x', 6)} | ${pad('light', 6)} ${pad('8x', 6)} | ` +
    `${pad('page', 6)} ${pad('8x', 6)} | ${pad('first', 6)} ${pad('8x', 6)}`,
);
for (const r of rows) {
  const x = r.ratio8;
  console.log(
    `${pad(r.mb, 6)} | ${pad(ms(r.whole.total), 6)} ${pad((r.bytes / r.whole.total / 1e6).toFixed(1), 5)} ${pad(ratio(x?.whole.total), 6)} | ` +
      `${pad(ms(r.light.total), 6)} ${pad(ratio(x?.light.total), 6)} | ${pad(ms(r.page.total), 6)} ${pad(ratio(x?.page.total), 6)} | ` +
      `${pad(ms(r.whole.first), 6)} ${pad(ratio(x?.whole.first), 6)}`,
  );
}
if (rows[0].whole.wasm !== undefined) {
  console.log('phases of whole and light (CPU ms): string in / build.js / wasm, with the 8x of build.js and wasm; wasm memory after whole');
  for (const r of rows) {
    const cell = (kind) => {
      const p = r[kind];
      const x = r.ratio8?.[kind];
      return `${pad(ms(p.stringIn), 3)} / ${pad(ms(p.build), 4)} / ${pad(ms(p.wasm), 4)}  ${pad(ratio(x?.build), 6)} ${pad(ratio(x?.wasm), 6)}`;
    };
    console.log(`${pad(r.mb, 6)} | whole ${cell('whole')} | light ${cell('light')} | ${pad(r.whole.memoryMB.toFixed(0), 4)} MB`);
  }
}
