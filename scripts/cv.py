#!/usr/bin/env python3
"""train-cv: 5-fold cross-validation of the entity tagger on CoNLL-2003 train (minus the
never-tuned split), the figure tuning decisions are made on (MODEL.md). Extra arguments go to
`train` unchanged (e.g. --epochs 20). Needs scripts/splits.py to have run.

    cargo build --release --bin train && python3 scripts/cv.py [-- TRAIN ARGS]

Prints per-label and micro F1 pooled over the folds (counts summed, then F1).
"""
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
SPLITS = os.environ.get("SPLITS", os.path.join(ROOT, "target", "splits"))
DATA = os.environ.get("DATA", os.path.join(ROOT, "..", "shared", "data"))
TRAIN = os.environ.get("TRAIN", os.path.join(ROOT, "target", "release", "train"))
EXTRA = os.environ.get("EXTRA_TRAIN", os.path.join(DATA, "wikigold-all.jsonl")).split()
ROW = re.compile(r"^(PER|ORG|LOC|MISC)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)")


def fold(k, args):
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "m.bin")
        cmd = [TRAIN, os.path.join(SPLITS, f"cv{k}-train.jsonl"), *EXTRA, "--out", model,
               "--dev", os.path.join(SPLITS, f"cv{k}-test.jsonl"), *args]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    counts = {}
    for line in (out.stdout + out.stderr).splitlines():
        m = ROW.match(line)
        if m:
            p, r, gold = float(m[2]), float(m[3]), int(m[5])
            tp = r * gold
            pred = tp / p if p > 0 else 0.0
            counts[m[1]] = (tp, pred, gold)
    return counts


def f1(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    args = [a for a in sys.argv[1:] if a != "--"]
    jobs = int(os.environ.get("JOBS", "2"))
    with ThreadPoolExecutor(jobs) as ex:
        folds = list(ex.map(lambda k: fold(k, args), range(5)))
    tot = {}
    for c in folds:
        for lab, v in c.items():
            tot[lab] = tuple(a + b for a, b in zip(tot.get(lab, (0, 0, 0)), v))
    micro = tuple(sum(v[i] for v in tot.values()) for i in range(3))
    per_fold = [f1(*tuple(sum(v[i] for v in c.values()) for i in range(3))) for c in folds]
    print("train-cv " + " ".join(f"{lab} {f1(*tot[lab]):.4f}" for lab in ("PER", "ORG", "LOC", "MISC"))
          + f"  micro {f1(*micro):.4f}  folds " + " ".join(f"{x:.4f}" for x in per_fold))


if __name__ == "__main__":
    main()
