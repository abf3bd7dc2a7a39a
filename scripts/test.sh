#!/usr/bin/env bash
# Runs every test: format and lint, unit tests, HTTP-level tests against SQLite and
# PostgreSQL, the release build with its first-load size budget, and browser journeys in
# Chromium at a phone and a desktop viewport. Ends with one "N passed, N failed" line.
set -uo pipefail
source "$(dirname "$0")/env.sh"
# No incremental compilation here: its caches are written per build and never pruned (one
# session of the HTTP test binary is about 2.7 GB; they filled a 90 GB disk in one day of
# work). A test run compiles each crate once anyway.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
cd "$root"
./scripts/setup.sh || exit 1

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    printf '\033[1;32m<== %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - start))
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf '\033[1;31m<== %s: FAILED (%ss)\033[0m\n' "$name" $((SECONDS - start))
  fi
}

postgres_url="${PARTAGE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
postgres_up() {
  # PostgreSQL is required: the HTTP tests run on it as well as on SQLite.
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -d "$postgres_url"
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

step "rustfmt" cargo fmt --all --check
step "layers (ARCHITECTURE.md)" python3 scripts/layers.py
step "PostgreSQL reachable at $postgres_url" postgres_up
step "clippy (server and app, ssr; tests and benchmarks)" cargo clippy -p server -p app --features app/ssr --tests --benches -- -D warnings
step "clippy (browser, hydrate)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
step "unit tests (app, server)" cargo test -p app --features ssr --lib
step "HTTP tests on SQLite and PostgreSQL" cargo test -p server
step "release build (cargo leptos, WASM split by route)" cargo leptos build --release --split
if [ -x "$CARGO_TARGET_DIR/release/partage" ]; then
  step "browser journeys and first-load budget (Playwright, Chromium)" \
    bash -c 'cd end2end && PARTAGE_BIN="$CARGO_TARGET_DIR/release/partage" npx playwright test'
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  printf 'failed steps: %s\n' "${failures[*]}"
fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
