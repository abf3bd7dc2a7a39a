#!/usr/bin/env bash
# Benchmarks whose figures go in the README: the catalogue with 100,000 resources and 2,000 needs
# on SQLite and PostgreSQL (the catalogue page with and without words, search p95, matching,
# catalogue HTML size; server/benches/catalogue.rs),
# bookings with 200 resources and 50,000 bookings (availability p95, writes per second at
# concurrency 1 and 8, « Réservations » HTML size; server/benches/bookings.rs),
# the inbox with 1,000 websockets (delivery p95 at 100 messages a second, sends per second,
# memory per idle connection; server/benches/inbox.rs),
# the planning board with 200 resources and 5,000 bookings in a week (server render p95 and
# size, a move's round trip, 200 open boards hearing of a move; server/benches/board.rs),
# then the first-load size of the home page on a phone (HTML + CSS + JS + WASM, brotli quality
# 11): goal 250 KB, enforced ceiling in end2end/tests/budget.spec.ts.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
./scripts/setup.sh
# The release profile (not `cargo bench`'s own), so it reuses the release build below.
LEPTOS_OUTPUT_NAME=partage cargo test --release -p server --bench catalogue
LEPTOS_OUTPUT_NAME=partage cargo test --release -p server --bench bookings
LEPTOS_OUTPUT_NAME=partage cargo test --release -p server --bench inbox
LEPTOS_OUTPUT_NAME=partage cargo test --release -p server --bench board
cargo leptos build --release --split
wasm="$LEPTOS_SITE_ROOT/pkg/partage.wasm"
echo "release main WASM: $(stat -c %s "$wasm") bytes raw ($wasm)"
cd end2end
PARTAGE_BIN="$CARGO_TARGET_DIR/release/partage" npx playwright test tests/budget.spec.ts --project phone
cat size-report.json
