#!/usr/bin/env bash
# The WebAssembly and page tests, in three layers (run scripts/setup.sh first on a fresh machine):
#   1. wasm-pack test --node              tests/wasm_node.rs     the JS object, UTF-16 offsets
#   2. wasm-pack test --headless --chrome tests/wasm_browser.rs  renderInto's DOM in Chromium
#   3. node --test tests/e2e/             the served page in Chromium (playwright-core);
#                                         screenshots in artifacts/
# --mode no-install: a missing or mismatched wasm-bindgen-cli fails at once instead of compiling.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

step() { printf '\n[test-web] %s\n' "$*"; }

step "1/3 wasm-pack test --node (tests/wasm_node.rs)"
wasm-pack test --node --mode no-install -- --test wasm_node

step "2/3 wasm-pack test --headless --chrome (tests/wasm_browser.rs)"
wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" --mode no-install -- --test wasm_browser

step "3/3 page end to end (tests/e2e/, builds www/pkg first)"
scripts/serve.sh --build-only
# No test may hang CI: each gets at most 5 minutes (the 10 MB cases take well under one).
node --test --test-timeout=300000 tests/e2e/
step "all web tests passed"
