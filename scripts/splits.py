#!/usr/bin/env python3
"""Writes the tuning splits of the entity tagger (MODEL.md, "How the figures were made").

CoNLL-2003 train (946 documents) is cut, by document number, into:
  nt.jsonl               every 10th document (n % 10 == 9): the never-tuned split. No
                         decision looks at it; it is scored once, for the figures reported.
  rest.jsonl             the other 90 %
  cv{k}-train/-test      5-fold cross-validation over rest.jsonl (k = 0..4, by rank % 5):
                         the train-cv figure that every tuning decision is made on.
conll2003-dev stays out of tuning: it is a final check only.

    python3 scripts/splits.py [--data ../shared/data] [--out target/splits]

The data files are never committed (../shared/data/README.md); the splits are rebuilt from
them, deterministically, into a git-ignored folder.
"""
import argparse
import os


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    p.add_argument("--out", default=os.path.join(here, "..", "target", "splits"))
    p.add_argument("--folds", type=int, default=5)
    a = p.parse_args()
    src = os.path.join(a.data, "conll2003-train.jsonl")
    with open(src, encoding="utf-8") as f:
        docs = [line for line in f if line.strip()]
    os.makedirs(a.out, exist_ok=True)
    nt = [d for n, d in enumerate(docs) if n % 10 == 9]
    rest = [d for n, d in enumerate(docs) if n % 10 != 9]

    def write(name, lines):
        with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
            f.writelines(lines)

    write("nt.jsonl", nt)
    write("rest.jsonl", rest)
    for k in range(a.folds):
        write(f"cv{k}-train.jsonl", [d for r, d in enumerate(rest) if r % a.folds != k])
        write(f"cv{k}-test.jsonl", [d for r, d in enumerate(rest) if r % a.folds == k])
    print(f"{len(docs)} documents: {len(nt)} never-tuned, {len(rest)} in {a.folds} folds -> {a.out}")


if __name__ == "__main__":
    main()
