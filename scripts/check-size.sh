#!/usr/bin/env bash
# The page's payload budget: builds www/pkg (wasm-pack, release, --target web) and prints the raw,
# gzip -9 and brotli (quality 11) sizes of the .wasm and the generated JS glue. Exits 1 when their
# gzip -9 total exceeds the budget (1,000,000 bytes). scripts/test.sh runs it.
#   scripts/check-size.sh            build, then measure
#   scripts/check-size.sh --no-build measure the www/pkg already built
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_GZIP_BYTES=${BUDGET_GZIP_BYTES:-1000000}

if [ "${1:-}" != "--no-build" ]; then
  wasm-pack build --release --target web --out-dir www/pkg --mode no-install >/dev/null 2>&1 || {
    echo "check-size: wasm-pack build failed; rerun for details:" >&2
    echo "  wasm-pack build --release --target web --out-dir www/pkg --mode no-install" >&2
    exit 1
  }
fi

shopt -s nullglob
files=(www/pkg/*.wasm www/pkg/*.js)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-size: no .wasm or .js in www/pkg" >&2
  exit 1
fi
# brotli from Node's zlib (no extra package needed).
brotli_size() {
  node -e 'const z=require("zlib"),fs=require("fs");process.stdout.write(String(z.brotliCompressSync(fs.readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$1"
}
printf '%-40s %10s %10s %10s\n' file raw gzip-9 brotli
total_raw=0 total_gz=0 total_br=0
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli_size "$f")
  printf '%-40s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-40s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
if [ "$total_gz" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "check-size: FAIL: gzip -9 total $total_gz bytes exceeds the budget of $BUDGET_GZIP_BYTES" >&2
  exit 1
fi
echo "check-size: ok: gzip -9 total $total_gz bytes <= budget $BUDGET_GZIP_BYTES"
