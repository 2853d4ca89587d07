#!/usr/bin/env python3
"""Lists the speaker mistakes of the analyser on a gold JSONL file (../shared/data/FORMAT.md):
for each gold quote with a speaker that the prediction gets wrong (the eval command's rule:
an overlapping predicted quote whose speaker overlaps the gold speaker), the sentence around
it with the gold and the predicted speaker.

    cargo build --release --bin highlight
    python3 scripts/speaker-errors.py GOLD.jsonl [--limit N] [--seed S]
"""
import argparse
import json
import os
import random
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("gold")
    p.add_argument("--limit", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bin", default=os.path.join(ROOT, "target", os.environ.get("PROFILE", "release"), "highlight"))
    a = p.parse_args()
    gold = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({"id": g["id"], "text": g["text"]}) + "\n" for g in gold)
    out = subprocess.run([a.bin, "--jsonl"], input=inp, capture_output=True, text=True, check=True)
    pred = {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}
    errors, total = [], 0
    for g in gold:
        text = g["text"]
        for q in g.get("quotes") or []:
            if not q.get("speaker"):
                continue
            total += 1
            ps = [pq for pq in pred[g["id"]]["quotes"] if overlaps(pq, q)]
            if any(pq.get("speaker") and overlaps(pq["speaker"], q["speaker"]) for pq in ps):
                continue
            got = ps[0]["speaker"]["text"] if ps and ps[0].get("speaker") else None
            ev = ps[0]["speaker"].get("evidence") if ps and ps[0].get("speaker") else None
            lo = max(0, min(q["start"], q["speaker"]["start"]) - 150)
            hi = min(len(text), max(q["end"], q["speaker"]["end"]) + 150)
            ctx = text[lo:hi].replace("\n", " ¶ ")
            errors.append((g["id"], q["text"][:60], q["speaker"]["text"], got, ev, ctx,
                           "missed" if not ps else "wrong"))
    print(f"{len(errors)} speaker errors of {total} gold quotes with a speaker")
    random.Random(a.seed).shuffle(errors)
    for e in errors[: a.limit]:
        print(f"\n[{e[0]}] {e[6]}  gold={e[2]!r}  pred={e[3]!r} ({e[4]})\n  quote: {e[1]!r}\n  ctx: {e[5]}")


if __name__ == "__main__":
    main()
