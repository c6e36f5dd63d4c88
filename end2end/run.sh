#!/usr/bin/env bash
# Starts the built server on a free port with a fresh SQLite database and demo
# data, runs the Playwright journeys against it, and stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

server_bin="$root/target/debug/leernet-server"
[ -x "$server_bin" ] || { echo "end2end: $server_bin is missing; run cargo leptos build first" >&2; exit 1; }
[ -f "$root/target/site/pkg/leernet.wasm" ] || { echo "end2end: target/site has no wasm; run cargo leptos build first" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DATABASE_URL="sqlite://$work/leernet.db"
export LEERNET_ADDR="127.0.0.1:$port"
export LEERNET_BASE_URL="http://127.0.0.1:$port"
export LEERNET_SITE_ROOT="$root/target/site"
# No SMTP here: mail lands as .eml files that the journeys read.
export LEERNET_MAIL_OUTBOX="$work/outbox"
unset SMTP_URL
# Online payment through the built-in fake Stripe (no money moves; refused on https).
export LEERNET_FAKE_STRIPE=1
# Every journey comes from 127.0.0.1, some with the same booker: the per-address
# limits stay on, with room for the three projects' journeys.
export LEERNET_REGISTRATIONS_PER_EMAIL=100
export LEERNET_SEATS_HELD=100
# Every journey's sign-in link is asked from 127.0.0.1 too (each address keeps its own limit).
export LEERNET_SIGN_IN_LINKS_PER_IP=1000

"$server_bin" demo-data --today "${LEERNET_E2E_TODAY:-$(date +%F)}" >"$work/demo.log"
"$server_bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
cleanup() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.2
done

cd "$root/end2end"
LEERNET_E2E_URL="http://127.0.0.1:$port" LEERNET_E2E_OUTBOX="$LEERNET_MAIL_OUTBOX" npx --no-install playwright test "$@"
