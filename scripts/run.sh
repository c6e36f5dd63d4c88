#!/usr/bin/env bash
# One command from a fresh checkout to Leernet at http://127.0.0.1:3000 on
# SQLite with demo data. Configuration: see the README (all optional).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh
cargo leptos build
export LEERNET_SITE_ROOT="${LEERNET_SITE_ROOT:-target/site}"
# Demo data goes only into an empty database; an existing one is left alone.
target/debug/leernet-server demo-data
# The demo pays online through the built-in fake Stripe unless real keys are set.
if [ -z "${STRIPE_SECRET_KEY:-}" ]; then export LEERNET_FAKE_STRIPE="${LEERNET_FAKE_STRIPE:-1}"; fi
exec target/debug/leernet-server serve
