#!/usr/bin/env bash
# Benchmarks whose figures go in the README. Today: the first-load size of the home page on a
# phone (HTML + CSS + JS + WASM, brotli quality 11): goal 250 KB, enforced ceiling in end2end/tests/budget.spec.ts.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
./scripts/setup.sh
cargo leptos build --release --split
wasm=$(ls "$LEPTOS_SITE_ROOT"/pkg/*.wasm | head -n1)
echo "release WASM: $(stat -c %s "$wasm") bytes raw ($wasm)"
cd end2end
PARTAGE_BIN="$CARGO_TARGET_DIR/release/partage" npx playwright test tests/budget.spec.ts --project phone
cat size-report.json
