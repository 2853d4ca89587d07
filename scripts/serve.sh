#!/usr/bin/env bash
# Builds the WebAssembly package for the page (www/pkg) and serves the repository root at a
# local URL. Port from $PORT (default 8000). Installs what is missing first (scripts/setup.sh).
#   scripts/serve.sh              build and serve
#   scripts/serve.sh --build-only build www/pkg and exit
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

wasm-pack --quiet build --release --target web --out-dir www/pkg --mode no-install
[ "${1:-}" = "--build-only" ] && exit 0

PORT="${PORT:-8000}"
echo "Article Highlighter: http://127.0.0.1:$PORT/  (Ctrl+C to stop)"
exec python3 -u -m http.server "$PORT" --bind 127.0.0.1
