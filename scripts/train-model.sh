#!/usr/bin/env bash
# Trains the shipped entity model and prints the figures MODEL.md reports, all from
# ../shared/data (never committed; see MODEL.md):
#   1. train-cv     5-fold cross-validation on CoNLL-2003 train minus the never-tuned split:
#                   the figure every tuning decision was made on (scripts/cv.py)
#   2. never-tuned  trained on the rest of train (+ wikigold), scored on the never-tuned tenth
#                   of train, which no decision looked at (scripts/splits.py)
#   3. dev          trained on all of train (+ wikigold), scored on conll2003-dev: a final check
#   4. the shipped model, data/model/ner.bin: trained on train + dev + wikigold
#   scripts/train-model.sh [--no-write]   (--no-write: figures only, the model file untouched)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data}
cargo build --release --bin train --quiet
# The binary just built, also when CARGO_TARGET_DIR puts it elsewhere (a stale
# target/release/train once scored a whole session's rules; MODEL.md).
TRAIN=${CARGO_TARGET_DIR:-target}/release/train
export TRAIN
python3 scripts/splits.py --data "$DATA" >/dev/null
micro() { awk '/^micro/ {print $4}'; }
labels() { awk '/^(PER|ORG|LOC|MISC) / {printf "%s %s  ", $1, $4}'; }

echo "train-cv:    $(python3 scripts/cv.py)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$($TRAIN target/splits/rest.jsonl "$DATA/wikigold-all.jsonl" --out "$tmp/nt.bin" \
  --dev target/splits/nt.jsonl 2>/dev/null)
echo "never-tuned: $(echo "$out" | labels) micro $(echo "$out" | micro)"
out=$($TRAIN "$DATA/conll2003-train.jsonl" "$DATA/wikigold-all.jsonl" --out "$tmp/dev.bin" \
  --dev "$DATA/conll2003-dev.jsonl" 2>/dev/null)
echo "dev:         $(echo "$out" | labels) micro $(echo "$out" | micro)"
if [ "${1:-}" != "--no-write" ]; then
  $TRAIN "$DATA/conll2003-train.jsonl" "$DATA/conll2003-dev.jsonl" "$DATA/wikigold-all.jsonl" \
    --out data/model/ner.bin 2>&1 | tail -1
fi
