#!/usr/bin/env bash
# Installs what building and testing Partage needs, only when it is missing:
# the wasm32 target, cargo-leptos, the wasm-bindgen CLI matching Cargo.lock,
# Debian's Chromium, and the npm packages of end2end/ (Playwright, binaryen's wasm-opt).
# Safe to run again: each step checks first. Slow steps (cargo-leptos ≈ 24 min) run once per machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.11
tools_build="${PARTAGE_TOOLS_BUILD_DIR:-$HOME/.cache/partage/tools-build}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos: its lock file pins cargo-util-schemas 0.14.2 (needs rustc 1.96); build from the
# unpacked registry source with that one crate pinned to 0.14.1.
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION from source (about 24 minutes on 2 cores, once)"
  # The first attempt fails on the rustc pin but leaves the source unpacked in the registry.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked >/dev/null 2>&1 || true
  src=$(ls -d "$HOME"/.cargo/registry/src/*/cargo-leptos-"$CARGO_LEPTOS_VERSION" 2>/dev/null | head -n1)
  [ -n "$src" ] || { log "cargo-leptos source was not fetched"; exit 1; }
  work="$tools_build/cargo-leptos-src"
  rm -rf "$work" && mkdir -p "$work" && cp -r "$src"/. "$work"/
  (cd "$work" && cargo update -p cargo-util-schemas --precise 0.14.1 \
    && CARGO_TARGET_DIR="$tools_build/target" cargo install --path . --locked --features no_downloads)
fi

# wasm-bindgen CLI: must equal the wasm-bindgen version in Cargo.lock.
want_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
if [ -n "$want_wb" ] && ! wasm-bindgen --version 2>/dev/null | grep -q " $want_wb\$"; then
  log "installing wasm-bindgen-cli $want_wb"
  if ! cargo install wasm-bindgen-cli --version "$want_wb" --locked; then
    src=$(ls -d "$HOME"/.cargo/registry/src/*/wasm-bindgen-cli-"$want_wb" 2>/dev/null | head -n1)
    [ -n "$src" ] || { log "wasm-bindgen-cli source was not fetched"; exit 1; }
    work="$tools_build/wasm-bindgen-cli-src"
    rm -rf "$work" && mkdir -p "$work" && cp -r "$src"/. "$work"/
    (cd "$work" && { cargo update -p webpki-roots --precise 1.0.10 || true; } \
      && CARGO_TARGET_DIR="$tools_build/target" cargo install --path . --locked)
  fi
fi

# Chromium for the browser tests (Debian's; Playwright never downloads one here).
if ! [ -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm packages: Playwright (driver only) and binaryen, whose wasm-opt cargo-leptos uses.
if [ -f end2end/package.json ] && ! [ -x end2end/node_modules/.bin/wasm-opt ]; then
  log "installing end2end npm packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
log "tools ready"
