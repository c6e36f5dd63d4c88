#!/usr/bin/env bash
# `make bench`: the benchmark suite (bench/README.md). Installs wrk when it is
# missing, builds the release server and wasm (cargo reuses an up-to-date
# build; BENCH_SKIP_BUILD=1 skips the step), then runs leernet-bench: a
# release server with demo data on a free port against a fresh SQLite file,
# then against a fresh PostgreSQL database, one table at the end (also in
# bench/out/latest.md). A missed target is reported, never a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export NO_COLOR=1 CARGO_TERM_COLOR=never
say() { printf 'bench: %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo

if ! command -v wrk >/dev/null; then
  say "installing wrk (Debian)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# cargo-leptos shrinks the release wasm with binaryen's wasm-opt. Debian's (108)
# is too old for the features Rust's wasm uses; npm's build of binaryen, pinned,
# goes into target/ (nothing is installed system-wide).
BINARYEN_VERSION=123.0.0
binaryen="$(pwd)/target/binaryen"
if ! "$binaryen/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen $BINARYEN_VERSION (npm) for wasm-opt"
  npm install --prefix "$binaryen" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >/dev/null
fi
export PATH="$binaryen/node_modules/.bin:$PATH"

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  scripts/setup.sh
  say "building the release server and wasm (the first time takes long on 2 cores)"
  cargo leptos build --release
fi
# The driver (load generation is wrk's; the rush client mostly waits on the
# server) as a debug build beside the debug server, so its dependencies get
# the features they have there and `make run`'s artefacts are reused (built
# alone, a dozen proc-macro crates would be compiled again).
say "building the bench driver"
cargo build -p leernet-server -p leernet-bench
# The machine's limit (issue 21): a bare axum handler, in release like the server.
say "building the bare handler"
cargo build --release -p leernet-bare

# PostgreSQL as the tests use it: the local cluster, started when it is down.
if [[ ",${BENCH_BACKENDS:-sqlite,postgres}," == *",postgres,"* ]] && command -v pg_ctlcluster >/dev/null \
  && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  say "starting the local PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi

# The rush opens a thousand connections at once.
ulimit -n 8192 2>/dev/null || true
exec target/debug/leernet-bench all --server target/release/leernet-server --site target/site --out bench/out
