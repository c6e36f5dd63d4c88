#!/usr/bin/env bash
# Fuzzes the JSON API from its own description: Schemathesis (PyPI, installed
# by scripts/setup.sh --test into .venv-schemathesis) reads
# /api/v1/openapi.json of the built server, started here on a free port with a
# fresh SQLite database and demo data, and sends what the document allows and
# what it does not, with an organiser's API token. It fails on any 5xx and on
# any answer the document does not describe (status, content type, body,
# headers; 429 included). Bounded: at most SCHEMATHESIS_MAX_TIME seconds.
#
#   scripts/schemathesis.sh [extra schemathesis options]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

server_bin="$root/target/debug/leernet-server"
schemathesis="$root/.venv-schemathesis/bin/schemathesis"
[ -x "$server_bin" ] || { echo "schemathesis: $server_bin is missing; run cargo leptos build first" >&2; exit 1; }
[ -x "$schemathesis" ] || { echo "schemathesis: not installed; run scripts/setup.sh --test" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export DATABASE_URL="sqlite://$work/leernet.db"
export LEERNET_ADDR="127.0.0.1:$port"
export LEERNET_BASE_URL="http://127.0.0.1:$port"
export LEERNET_SITE_ROOT="$root/target/site"
export LEERNET_MAIL_OUTBOX="$work/outbox"
export LEERNET_FAKE_STRIPE=1
unset SMTP_URL
# The per-address request limit would answer most of the run with 429 and
# test little else; it is off here (its 429 is documented on every operation
# and tested in server/tests/api/operations.rs). The registration limit stays
# on, low enough that the run meets it: after that many POSTs, registering
# answers 429 as documented.
export LEERNET_RATE_LIMIT=0
export LEERNET_REGISTRATIONS_PER_IP="${SCHEMATHESIS_REGISTRATIONS:-1000}"

"$server_bin" demo-data --today "$(date +%F)" >"$work/demo.log"
token=$("$server_bin" api-token biz-kempen schemathesis 2>>"$work/demo.log")
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

status=0
# Run from the scratch folder: Schemathesis keeps its replay data (.schemathesis/) there.
cd "$work"
"$schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,ignored_auth \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-60}" \
  --max-time "${SCHEMATHESIS_MAX_TIME:-120}" \
  --request-timeout 20 \
  --workers 2 \
  --seed "${SCHEMATHESIS_SEED:-20261207}" \
  --generation-database none \
  --no-color \
  --report junit --report-dir "$work/report" \
  "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis: the API answered outside its description (see above); server log:" >&2
  grep -E '"level":"(ERROR|WARN)"|ERROR|panicked' "$work/server.log" | tail -n 40 >&2 || true
fi
exit "$status"
