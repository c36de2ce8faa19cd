#!/usr/bin/env bash
# Where the .wasm's bytes go, by capability: builds the module four times, each with fewer
# exports, and prints each build's size (wasm-opt -Oz, like `make pkg`) raw and gzip -9.
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
WASM_BINDGEN=${WASM_BINDGEN:-wasm-bindgen}
CARGO=${CARGO:-cargo}
[ -x "$WASM_OPT" ] || { echo "wasm-floors: missing $WASM_OPT: run npm ci first" >&2; exit 1; }

LIFECYCLE="lifecycleInput canTransitionInput"
PARSING="parseCallbackInput"
DIAGNOSIS="diagnoseInput"

# build LABEL EXPORTS-TO-DROP...
build() {
  local label=$1; shift
  local src=$SCRATCH/src-$label
  rm -rf "$src"
  mkdir -p "$src"
  cp -r Cargo.toml Cargo.lock README.md src examples benches "$src/"
  for name in "$@"; do
    local hits
    hits=$(grep -l "#\[wasm_bindgen(js_name = $name)\]" "$src"/src/wasm/*.rs | wc -l)
    # A renamed export would otherwise be measured as kept.
    [ "$hits" = 1 ] || { echo "wasm-floors: export $name found in $hits files" >&2; exit 1; }
    sed -i "s/#\[wasm_bindgen(js_name = $name)\]/#[allow(dead_code)]/" "$src"/src/wasm/*.rs
  done
  # With its exports gone a binding file's imports go unused: a lint, not a change to the code.
  (cd "$src" && RUSTFLAGS="${RUSTFLAGS:-} -A unused_imports" CARGO_TARGET_DIR=$SCRATCH/target \
    "$CARGO" build -q --profile wasm \
    --target wasm32-unknown-unknown --features wasm --lib)
  local out=$SCRATCH/out-$label
  rm -rf "$out"
  "$WASM_BINDGEN" --target web --out-dir "$out" --out-name twilio_webhook \
    "$SCRATCH/target/wasm32-unknown-unknown/wasm/twilio_webhook.wasm"
  "$WASM_OPT" -Oz "$out/twilio_webhook_bg.wasm" -o "$out/final.wasm"
  local raw gz
  raw=$(wc -c <"$out/final.wasm")
  gz=$(gzip -9c "$out/final.wasm" | wc -c)
  awk -v l="$label" -v r="$raw" -v g="$gz" 'BEGIN { printf "%-16s %7.1f KB  %6.1f KB gz\n", l, r / 1000, g / 1000 }'
}

echo "wasm-floors: module size by capability (wasm-opt -Oz; KB = 1000 bytes)"
build verification $DIAGNOSIS $PARSING $LIFECYCLE
build +diagnosis $PARSING $LIFECYCLE
build +parsing $LIFECYCLE
build +lifecycle
