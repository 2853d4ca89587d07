// The object `analyze(text)` returns, built in JavaScript from the flat form that
// src/wasm.rs (`Flat`) writes. Setting properties one at a time across the WebAssembly
// boundary cost more than analysing a short article; here V8 builds plain objects of one shape
// each. Offsets are UTF-16 code units of `text`, the caller's own string, so every `text`
// field is `text.slice(start, end)` of it.
//
// `nums` (Uint32Array), read in order:
//   paragraphs  count, then `start end` per paragraph; sentences and tokens the same;
//   entities    count, then `start end label cluster` per entity (scores[i] is its score);
//   quotes      count, then `start end contentStart contentEnd kind group hasSpeaker` per
//               quote, followed when hasSpeaker is 1 by `start end cluster name`;
//   clusters    count, then `id name label mentionCount mention…` per cluster.
// `cluster` values are the index + 1, 0 for none. `unit`, `label`, `kind` and `name` values
// index the strings cut from `names` at the UTF-16 lengths `lens`; a speaker's `name` is the
// index + 1, and 0 means the mention's own text. `unit` is the first string.

// `sentences` and `tokens` (hundreds of objects per article, which most callers never read)
// are built on first access, from a copy of their numbers: each is an enumerable property
// whose getter replaces itself with the array, so JSON.stringify, structuredClone,
// postMessage, spreading and `delete` all behave as with a plain value.

export function buildAnalysis(text, nums, scores, names, lens) {
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
  // Sentences and tokens: one copy of their numbers (`nums` is a view of WebAssembly memory,
  // valid only during this call).
  const sentencesAt = at;
  at += 1 + 2 * nums[at];
  const tokensAt = at;
  at += 1 + 2 * nums[at];
  const later = nums.slice(sentencesAt, at);

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
      };
      at += 4;
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

  const result = {
    unit: strings[0],
    paragraphs,
    sentences: null,
    tokens: null,
    entities,
    quotes,
    clusters,
  };
  lazy(result, "sentences", later, 0);
  lazy(result, "tokens", later, tokensAt - sentencesAt);
  return result;
}

/**
 * Makes `object[key]` the spans in `flat` at `at` (a count, then start, end, start, end, …),
 * built when first read.
 */
function lazy(object, key, flat, at) {
  const settle = (value) => {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(object, key, {
    get() {
      const out = new Array(flat[at]);
      for (let i = 0, k = at + 1; i < out.length; i++, k += 2) out[i] = { start: flat[k], end: flat[k + 1] };
      return settle(out);
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}
