// The object `analyze(text)` returns, built in JavaScript from the flat form that
// src/wasm.rs (`Flat`) writes. Setting properties one at a time across the WebAssembly
// boundary cost more than analysing a short article; here V8 builds plain objects of one shape
// each. Offsets are UTF-16 code units of `text`, the caller's own string, so every `text`
// field is `text.slice(start, end)` of it.
//
// `nums` (Uint32Array), read in order:
//   paragraphs  count, then `start end` per paragraph; sentences and tokens the same, each
//               only when its bit is set in `parts` (1 = sentences, 2 = tokens);
//   entities    count, then `start end label cluster` per entity (scores[i] is its score);
//   quotes      count, then `start end contentStart contentEnd kind group hasSpeaker` per
//               quote, followed when hasSpeaker is 1 by `start end cluster name evidence`;
//   clusters    count, then `id name label mentionCount mention…` per cluster.
// `cluster` values are the index + 1, 0 for none. `unit`, `label`, `kind`, `evidence` and `name` values
// index the strings cut from `names` at the UTF-16 lengths `lens`; a speaker's `name` is the
// index + 1, and 0 means the mention's own text. `unit` is the first string.

// (Building `sentences` and `tokens` on first read, with getters, was tried: defining accessor
// properties cost V8 more than creating the few hundred token objects outright.)

// The flags of `analyze`'s options as bits: 1 `sentences`, 2 `tokens`, 4 `guessSpeakers`
// (a missing flag is true); -1 when `options` is not an object, -2 - k when flag k is not a
// boolean (read in this order, stopping there). One call from WebAssembly instead of one
// `Reflect.get` per flag.
const OPTION_NAMES = ['sentences', 'tokens', 'guessSpeakers'];

export function optionBits(options) {
  if (typeof options !== 'object' || options === null) return -1;
  let bits = 0;
  for (let k = 0; k < OPTION_NAMES.length; k++) {
    const value = options[OPTION_NAMES[k]];
    if (value === undefined || value === true) bits |= 1 << k;
    else if (value !== false) return -2 - k;
  }
  return bits;
}

export function buildAnalysis(text, parts, nums, scores, names, lens) {
  const strings = new Array(lens.length);
  for (let i = 0, from = 0; i < lens.length; i++) {
    strings[i] = names.slice(from, (from += lens[i]));
  }
  let at = 0;
  const spans = () => {
    const out = new Array(nums[at++]);
    for (let i = 0; i < out.length; i++, at += 2) {
      out[i] = { start: nums[at], end: nums[at + 1] };
    }
    return out;
  };
  const cluster = (value) => (value === 0 ? null : value - 1);

  const paragraphs = spans();
  const sentences = parts & 1 ? spans() : undefined;
  const tokens = parts & 2 ? spans() : undefined;

  const entities = new Array(nums[at++]);
  for (let i = 0; i < entities.length; i++, at += 4) {
    const start = nums[at];
    const end = nums[at + 1];
    entities[i] = {
      start,
      end,
      label: strings[nums[at + 2]],
      text: text.slice(start, end),
      score: scores[i],
      cluster: cluster(nums[at + 3]),
    };
  }

  const quotes = new Array(nums[at++]);
  for (let i = 0; i < quotes.length; i++) {
    const start = nums[at];
    const end = nums[at + 1];
    const quote = {
      start,
      end,
      text: text.slice(start, end),
      content: { start: nums[at + 2], end: nums[at + 3] },
      kind: strings[nums[at + 4]],
      group: nums[at + 5],
      speaker: null,
    };
    const hasSpeaker = nums[at + 6] === 1;
    at += 7;
    if (hasSpeaker) {
      const s = nums[at];
      const e = nums[at + 1];
      const mention = text.slice(s, e);
      const name = nums[at + 3];
      quote.speaker = {
        start: s,
        end: e,
        text: mention,
        cluster: cluster(nums[at + 2]),
        name: name === 0 ? mention : strings[name - 1],
        evidence: strings[nums[at + 4]],
      };
      at += 5;
    }
    quotes[i] = quote;
  }

  const clusters = new Array(nums[at++]);
  for (let i = 0; i < clusters.length; i++) {
    const mentions = new Array(nums[at + 3]);
    const c = { id: nums[at], name: strings[nums[at + 1]], label: strings[nums[at + 2]], mentions };
    at += 4;
    for (let m = 0; m < mentions.length; m++) mentions[m] = nums[at++];
    clusters[i] = c;
  }

  if (parts === 3) {
    return { unit: strings[0], paragraphs, sentences, tokens, entities, quotes, clusters };
  }
  // Parts turned off by `options` are left out (not `undefined`), in the same order.
  const analysis = { unit: strings[0], paragraphs };
  if (sentences !== undefined) analysis.sentences = sentences;
  if (tokens !== undefined) analysis.tokens = tokens;
  analysis.entities = entities;
  analysis.quotes = quotes;
  analysis.clusters = clusters;
  return analysis;
}
