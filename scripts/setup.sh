#!/usr/bin/env bash
# Installs what Leernet needs to build (and, with --test, to test), skipping
# whatever is already there at the pinned version. Only crates.io, npm, PyPI (the
# Peppol validator, the SEPA schema, Schemathesis) and Debian are used; prebuilt copies in ../shared/tools are
# taken when present.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
SHARED_TOOLS="$(pwd)/../shared/tools"
with_test=false
[ "${1:-}" = "--test" ] && with_test=true

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

command -v cargo >/dev/null || { echo "setup: Rust is missing; install it with rustup (https://rustup.rs)" >&2; exit 1; }

# The browser half of the app compiles to WebAssembly.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  if ! rustup target add wasm32-unknown-unknown; then
    tarball="$SHARED_TOOLS/rust-std-$(rustc --version | awk '{print $2}')-wasm32-unknown-unknown.tar.gz"
    [ -f "$tarball" ] || { echo "setup: cannot add the wasm target" >&2; exit 1; }
    say "unpacking $tarball"
    tar -xzf "$tarball" -C "$(rustc --print sysroot)/lib/rustlib/"
  fi
fi

# install_tool NAME VERSION-LINE CARGO-INSTALL-ARGS...: a matching shared copy
# (checked against SHA256SUMS) or cargo install from crates.io.
install_tool() {
  local bin=$1 want=$2; shift 2
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -qx "$want"; then return; fi
  if [ -x "$SHARED_TOOLS/bin/$bin" ] && "$SHARED_TOOLS/bin/$bin" --version 2>/dev/null | grep -qx "$want" \
    && (cd "$SHARED_TOOLS/bin" && grep " $bin\$" SHA256SUMS | sha256sum -c --quiet -); then
    say "using the prebuilt $want"
    mkdir -p "$HOME/.cargo/bin"
    install -m 0755 "$SHARED_TOOLS/bin/$bin" "$HOME/.cargo/bin/$bin"
    return
  fi
  say "building $want from crates.io (this takes a while, once)"
  cargo install "$@"
}
install_tool cargo-leptos "cargo-leptos $CARGO_LEPTOS_VERSION" cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
# Not --locked: wasm-bindgen-cli's lock wants a crate version the registry no longer has.
install_tool wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"

if $with_test; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's Chromium for the end-to-end tests"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || ! diff -q end2end/package-lock.json end2end/node_modules/.package-lock.json >/dev/null 2>&1; then
    say "installing Playwright (npm ci)"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Saxon (PyPI's saxonche) runs the official EN16931 and Peppol rules over our
  # UBL invoices (scripts/validate_ubl.py), in a venv of the project's own.
  SAXONCHE_VERSION=13.1.1
  if ! .venv-peppol/bin/python -c "import saxonche, sys; from importlib.metadata import version; sys.exit(version('saxonche') != '$SAXONCHE_VERSION')" 2>/dev/null; then
    say "installing saxonche $SAXONCHE_VERSION (Peppol validation) into .venv-peppol"
    python3 -m venv .venv-peppol
    .venv-peppol/bin/pip install --quiet --disable-pip-version-check "saxonche==$SAXONCHE_VERSION"
  fi
  # The same venv checks our SEPA payment files (pain.001.001.09) against the
  # official ISO 20022 schema that PyPI's sepaxml ships, with lxml
  # (scripts/validate_xsd.py).
  SEPAXML_VERSION=2.7.0
  LXML_VERSION=6.1.3
  if ! .venv-peppol/bin/python -c "import sys; from importlib.metadata import version; sys.exit(version('sepaxml') != '$SEPAXML_VERSION' or version('lxml') != '$LXML_VERSION')" 2>/dev/null; then
    say "installing sepaxml $SEPAXML_VERSION and lxml $LXML_VERSION (SEPA schema validation) into .venv-peppol"
    python3 -m venv .venv-peppol
    .venv-peppol/bin/pip install --quiet --disable-pip-version-check "sepaxml==$SEPAXML_VERSION" "lxml==$LXML_VERSION"
  fi
  # Schemathesis (PyPI) fuzzes the JSON API from its OpenAPI document (scripts/schemathesis.sh).
  SCHEMATHESIS_VERSION=4.32.5
  if ! .venv-schemathesis/bin/python -c "import sys; from importlib.metadata import version; sys.exit(version('schemathesis') != '$SCHEMATHESIS_VERSION')" 2>/dev/null; then
    say "installing schemathesis $SCHEMATHESIS_VERSION (API fuzzing) into .venv-schemathesis"
    python3 -m venv .venv-schemathesis
    .venv-schemathesis/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  # A local PostgreSQL for the integration tests, when this machine has one.
  if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting the local PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
say "tools ready"
