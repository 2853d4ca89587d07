#!/usr/bin/env bash
# Runs every test of Article Highlighter, installing what is missing first (scripts/setup.sh):
#   1. Rust: formatting check, unit, integration, golden (tests/data), property, hostile-input,
#      fuzz-corpus and doc tests
#   2. WebAssembly and browser: wasm-pack test --node, wasm-pack test --headless --chrome,
#      and the end-to-end page tests in Chromium (scripts/test-web.sh)
#   3. The payload budget: the gzip -9 size of the page's .wasm + JS glue must stay <= 1 MB
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n[test] %s\n' "$*"; }

scripts/setup.sh

say "cargo fmt --check"
cargo fmt --check

say "cargo test (unit, integration, golden, property, hostile-input, fuzz-corpus and doc tests)"
cargo test --locked

say "browser and WebAssembly tests"
scripts/test-web.sh

say "payload budget (gzip -9 of www/pkg .wasm + JS glue <= 1 MB)"
scripts/check-size.sh --no-build

say "all tests passed"
