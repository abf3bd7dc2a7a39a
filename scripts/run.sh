#!/usr/bin/env bash
# Runs Partage on the embedded SQLite database with demo data, at http://127.0.0.1:3000.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
./scripts/setup.sh
cargo leptos build --release --split
bin="$CARGO_TARGET_DIR/release/partage"
"$bin" seed-demo
exec "$bin" serve
