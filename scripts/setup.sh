#!/usr/bin/env bash
# Installs what `make test` needs and is missing; a second run takes seconds.
# Everything comes from the package registries this machine reaches (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the wasm-bindgen crate version pinned in Cargo.toml / Cargo.lock exactly.
WBG=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WBG" ]; then
  say "installing wasm-bindgen-cli $WBG (about 4 minutes, once per machine)"
  # --locked first; its lockfile pins a webpki-roots release this registry lacks, so fall back.
  cargo install wasm-bindgen-cli --version "=$WBG" --locked 2>/dev/null \
    || cargo install wasm-bindgen-cli --version "=$WBG"
fi

# TWH_NO_BROWSER=1 (make demo): everything but the test browser.
if [ "${TWH_NO_BROWSER:-0}" != 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  say "installing Debian chromium + chromium-driver (about a minute)"
  # Never install Debian's binaryen: its wasm-opt corrupts wasm-bindgen output. npm's is used.
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

# npm dev tools (runtimes, wasm-opt, playwright-core, typescript, the twilio oracle), pinned by
# package-lock.json. Reinstall only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev packages (npm ci)"
  npm ci --no-fund --no-audit
fi
# Fuzzing (make test-fuzz, make fuzz): cargo-fuzz on the nightly toolchain, which this machine
# cannot download, so it must be there already. make demo (TWH_NO_BROWSER=1) needs neither.
if [ "${TWH_NO_BROWSER:-0}" != 1 ] && [ "${TWH_NO_FUZZ:-0}" != 1 ]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    say "the nightly toolchain is missing: make test-fuzz needs it (rustup toolchain install nightly)"
    exit 1
  fi
  CARGO_FUZZ=0.13.2
  if ! command -v cargo-fuzz >/dev/null; then
    say "installing cargo-fuzz $CARGO_FUZZ (about 5 minutes, once per machine)"
    cargo install cargo-fuzz --version "=$CARGO_FUZZ" --locked
  fi
fi
say "ready: $(rustc --version | cut -d' ' -f1-2), wasm-bindgen $WBG, $(cargo fuzz --version 2>/dev/null || echo 'no cargo-fuzz'), $(chromium --version 2>/dev/null | cut -d' ' -f1-2 || echo 'no chromium'), node $(node --version)"
