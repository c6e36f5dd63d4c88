#!/usr/bin/env bash
# Every test: unit and integration tests (SQLite, and PostgreSQL when one is
# reachable — required on CI), then the end-to-end journeys in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)
step() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$*" "$(( $(date +%s) - started ))"; }

step "installing tools"
scripts/setup.sh --test

if [ "${CI:-}" = "true" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export LEERNET_REQUIRE_POSTGRES=1
fi

step "unit and integration tests"
cargo test --workspace

step "building the app (server and wasm)"
cargo leptos build

step "end-to-end journeys in Chromium"
end2end/run.sh

step "all tests passed"
