#!/usr/bin/env bash
# Installs what Article Highlighter needs to build and test, skipping what is already present.
# Idempotent: safe to run again; a warm machine finishes in about a second.
#   scripts/setup.sh          everything (Rust wasm target, wasm-pack, wasm-bindgen-cli,
#                             Chromium + ChromeDriver, npm dev dependencies)
#   scripts/setup.sh --core   only what the CLI needs (cargo is assumed present)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
  say "cargo not found: install Rust from rustup first"; exit 1
fi
[ "${1:-}" = "--core" ] && { say "core toolchain present"; exit 0; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

WASM_PACK_VERSION=0.15.1
if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 4 minutes, once)"
  cargo install --locked "wasm-pack@$WASM_PACK_VERSION"
fi

# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock exactly, or wasm-pack
# tries to download its own copy (which fails here). No --locked: see TOOLCHAIN.md.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 4 minutes, once)"
  cargo install --force "wasm-bindgen-cli@$BINDGEN_VERSION"
fi

if ! dpkg -s chromium chromium-driver >/dev/null 2>&1; then
  say "installing Debian chromium and chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  npm install --no-audit --no-fund --loglevel=error
fi
say "toolchain ready"
