#!/usr/bin/env bash
# Where the .wasm's bytes go, by capability: builds the module four times, each with fewer
# exports, and prints each build's size raw and gzip -9 (each built by scripts/build-pkg.sh, as `make pkg` is).
#
#   verification     verifyInput, expectedSignatureInput, signingStringInput, bodyHashInput
#                    (and the staging and error exports they need)
#   + diagnosis      diagnoseInput
#   + parsing        parseCallbackInput
#   + lifecycle      lifecycleInput, canTransitionInput: the npm package's module
#
# An export left out is the same source with its #[wasm_bindgen] attribute removed, so the
# linker drops what only it reached. The copies live in $SCRATCH (default target/floors) and
# share one cargo target directory there, so only the first build compiles the dependencies.
# The issue 2/8 size budgets are measured against these rows (README "Where the bytes go").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCRATCH=${SCRATCH:-$ROOT/target/floors}
WASM_OPT=$ROOT/node_modules/.bin/wasm-opt
CARGO=${CARGO:-cargo}
[ -x "$WASM_OPT" ] || { echo "wasm-floors: missing $WASM_OPT: run npm ci first" >&2; exit 1; }

LIFECYCLE="lifecycleInput canTransitionInput"
PARSING="parseCallbackInput"
DIAGNOSIS="diagnoseInput"

# build LABEL EXPORTS-TO-DROP...: the copy is built by its own scripts/build-pkg.sh, the
# package's pipeline as it is (the one wasm-opt, its flags), into $SCRATCH/pkg-LABEL.
build() {
  local label=$1; shift
  local src=$SCRATCH/src-$label
  rm -rf "$src"
  mkdir -p "$src"
  cp -r Cargo.toml Cargo.lock README.md src examples benches scripts pkg-template "$src/"
  ln -s "$ROOT/node_modules" "$src/node_modules"
  for name in "$@"; do
    local hits
    hits=$(grep -l "#\[wasm_bindgen(js_name = $name)\]" "$src"/src/wasm/*.rs | wc -l)
    # A renamed export would otherwise be measured as kept.
    [ "$hits" = 1 ] || { echo "wasm-floors: export $name found in $hits files" >&2; exit 1; }
    sed -i "s/#\[wasm_bindgen(js_name = $name)\]/#[allow(dead_code)]/" "$src"/src/wasm/*.rs
  done
  # With its exports gone a binding file's imports go unused: a lint, not a change to the code.
  RUSTFLAGS="${RUSTFLAGS:-} -A unused_imports" CARGO="$CARGO" CARGO_TARGET_DIR=$SCRATCH/target \
    PKG_DIR=$SCRATCH/pkg-$label "$src/scripts/build-pkg.sh" >"$SCRATCH/build-$label.log" 2>&1 ||
    { cat "$SCRATCH/build-$label.log" >&2; exit 1; }
  local wasm=$SCRATCH/pkg-$label/dist/twilio_webhook_bg.wasm raw gz
  raw=$(wc -c <"$wasm")
  gz=$(gzip -9c "$wasm" | wc -c)
  awk -v l="$label" -v r="$raw" -v g="$gz" 'BEGIN { printf "%-16s %7.1f KB  %6.1f KB gz\n", l, r / 1000, g / 1000 }'
}

echo "wasm-floors: module size by capability (wasm-opt -Oz; KB = 1000 bytes)"
build verification $DIAGNOSIS $PARSING $LIFECYCLE
build +diagnosis $PARSING $LIFECYCLE
build +parsing $LIFECYCLE
build +lifecycle
