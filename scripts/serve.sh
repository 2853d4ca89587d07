#!/usr/bin/env bash
# Builds the WebAssembly package for the page (www/pkg) and serves the repository root at a
# local URL. Port from $PORT (default 8000). Installs what is missing first (scripts/setup.sh).
#   scripts/serve.sh              build and serve
#   scripts/serve.sh --build-only build www/pkg and exit
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# wasm-opt must be npm's binaryen (node_modules/.bin), never Debian's: see TOOLCHAIN.md.
export PATH="$PWD/node_modules/.bin:$PATH"
if [ ! -x node_modules/.bin/wasm-opt ]; then
  echo "[serve] node_modules/.bin/wasm-opt missing: run scripts/setup.sh first" >&2
  exit 1
fi

wasm-pack --quiet build --release --target web --out-dir www/pkg --mode no-install
[ "${1:-}" = "--build-only" ] && exit 0

PORT="${PORT:-8000}"
echo "Article Highlighter: http://127.0.0.1:$PORT/  (Ctrl+C to stop)"
exec python3 -u -m http.server "$PORT" --bind 127.0.0.1
