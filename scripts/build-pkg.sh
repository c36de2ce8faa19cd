#!/usr/bin/env bash
# Builds the npm package in pkg/ from scratch (idempotent):
#   cargo (wasm32, --features wasm) -> wasm-bindgen --target web (+ --target nodejs for CommonJS)
#   -> npm binaryen wasm-opt -Oz -> pkg-template/ copied over -> api.cjs generated from api.mjs.
# Then `npm pack ./pkg` gives the tarball.
#
# Environment:
#   TWH_WASM   use this already-built .wasm instead of running cargo (pipeline development only)
#   PKG_DIR    output directory (default: pkg)
#   CARGO_TARGET_DIR  also holds the build scratch (pkg-build/, pkg-opt-cache/; default: target),
#              so builds with different PKG_DIR and CARGO_TARGET_DIR can run at the same time
#
# Never use Debian's /usr/bin/wasm-opt (binaryen 108): it corrupts wasm-bindgen output
# (shared/TOOLCHAIN.md §4). wasm-opt comes from the pinned npm `binaryen` devDependency.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PKG_DIR=${PKG_DIR:-pkg}
NAME=twilio_webhook
TEMPLATE=pkg-template
WASM_OPT=$ROOT/node_modules/.bin/wasm-opt
WASM_BINDGEN=${WASM_BINDGEN:-wasm-bindgen}
CARGO=${CARGO:-cargo}
SCRATCH=$(mkdir -p "${CARGO_TARGET_DIR:-target}" && cd "${CARGO_TARGET_DIR:-target}" && pwd)
TMP=$SCRATCH/pkg-build

die() { echo "build-pkg: $*" >&2; exit 1; }
t0=$EPOCHREALTIME
step() { awk -v a="$t0" -v b="$EPOCHREALTIME" -v s="$1" 'BEGIN{printf "  %-34s %6.1fs\n", s, b-a}'; }

[ -x "$WASM_OPT" ] || die "missing $WASM_OPT: run npm ci first"
command -v "$WASM_BINDGEN" >/dev/null || die "wasm-bindgen CLI not found: run the setup step"
WBG_LOCK=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)
WBG_CLI=$("$WASM_BINDGEN" --version | cut -d' ' -f2)
[ -z "$WBG_LOCK" ] || [ "$WBG_LOCK" = "$WBG_CLI" ] ||
  die "wasm-bindgen CLI $WBG_CLI does not match the crate's $WBG_LOCK (Cargo.lock)"
WASM_PROFILE=${WASM_PROFILE:-wasm}
VERSION=$(awk -F'"' '/^\[package\]/{p=1} p && /^version *=/{print $2; exit}' Cargo.toml)
[ -n "$VERSION" ] || die "no version in Cargo.toml"

# 1. The wasm.
if [ -n "${TWH_WASM:-}" ]; then
  WASM=$TWH_WASM
  echo "build-pkg: using prebuilt $WASM (TWH_WASM)"
else
  # The `wasm` profile (Cargo.toml): our code optimised for size, the hash crates for speed.
  "$CARGO" build --profile "$WASM_PROFILE" --target wasm32-unknown-unknown --features wasm --lib
  WASM=$("$CARGO" metadata --format-version 1 --no-deps |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/wasm32-unknown-unknown/$WASM_PROFILE/$NAME.wasm
fi
[ -f "$WASM" ] || die "no $WASM"
step "cargo build"

# 2. Glue: one web-target build for every ESM entry, the nodejs target for CommonJS.
#    The two targets write a byte-identical .wasm (TOOLCHAIN.md §2); only one is shipped.
rm -rf "$PKG_DIR" "$TMP"
mkdir -p "$PKG_DIR/dist" "$TMP/web" "$TMP/nodejs"
"$WASM_BINDGEN" --target web --out-dir "$TMP/web" --out-name "$NAME" "$WASM"
"$WASM_BINDGEN" --target nodejs --out-dir "$TMP/nodejs" --out-name "$NAME" "$WASM"
cmp -s "$TMP/web/${NAME}_bg.wasm" "$TMP/nodejs/${NAME}_bg.wasm" ||
  die "web and nodejs targets wrote different .wasm files"
step "wasm-bindgen (web, nodejs)"

# 3. wasm-opt -Oz (npm binaryen), cached by the hash of its input and version (3-4 s saved when
#    only the JS template changed).
OPT_FLAGS=-Oz
OPT_KEY=$( { sha256sum <"$TMP/web/${NAME}_bg.wasm"; "$WASM_OPT" --version; echo "$OPT_FLAGS"; } | sha256sum | cut -c1-32)
OPT_CACHE=$SCRATCH/pkg-opt-cache/$OPT_KEY.wasm
if [ ! -f "$OPT_CACHE" ]; then
  rm -rf "$SCRATCH/pkg-opt-cache"
  mkdir -p "$SCRATCH/pkg-opt-cache"
  "$WASM_OPT" $OPT_FLAGS "$TMP/web/${NAME}_bg.wasm" -o "$OPT_CACHE.tmp"
  mv "$OPT_CACHE.tmp" "$OPT_CACHE"
fi
cp "$OPT_CACHE" "$PKG_DIR/dist/${NAME}_bg.wasm"
step "wasm-opt $OPT_FLAGS"

cp "$TMP/web/$NAME.js" "$TMP/web/$NAME.d.ts" "$TMP/web/${NAME}_bg.wasm.d.ts" "$PKG_DIR/dist/"
cp "$TMP/nodejs/$NAME.js" "$PKG_DIR/dist/$NAME.cjs"

# 4. The template: package.json (version from Cargo.toml), README, entry shims, API, types.
cp "$TEMPLATE/README.md" "$PKG_DIR/"
cp "$TEMPLATE"/dist/* "$PKG_DIR/dist/"
cp "$PKG_DIR/dist/index.d.ts" "$PKG_DIR/dist/index.d.cts"
node - "$TEMPLATE/package.json" "$PKG_DIR/package.json" "$VERSION" <<'EOF'
const fs = require('node:fs');
const [src, dst, version] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(src, 'utf8'));
pkg.version = version;
fs.writeFileSync(dst, JSON.stringify(pkg, null, 2) + '\n');
EOF

# 5. api.cjs from api.mjs: the only differences are where `raw` comes from (the nodejs glue,
#    initialised when required) and the export statement. Each rewrite must match exactly once.
node - "$PKG_DIR/dist/api.mjs" "$PKG_DIR/dist/api.cjs" "$NAME" <<'EOF'
const fs = require('node:fs');
const [src, dst, name] = process.argv.slice(2);
let s = fs.readFileSync(src, 'utf8');
const swap = (re, to) => {
  const n = (s.match(new RegExp(re.source, re.flags + 'g')) || []).length;
  if (n !== 1) throw new Error(`api.mjs: expected one match of ${re}, got ${n}`);
  s = s.replace(re, to);
};
swap(new RegExp(`^import \\* as raw from '\\./${name}\\.js';$`, 'm'), `const raw = require('./${name}.cjs');`);
swap(/^import \{ ready, hostSha256 \} from '\.\/runtime\.mjs';$/m, "const ready = true;\nconst hostSha256 = require('./node-hash.cjs');");
swap(/^export \{([^}]*)\};$/m, 'module.exports = {$1};');
const left = s.match(/^\s*(import|export)\b.*$/m);
if (left) throw new Error(`api.mjs: ESM syntax left for CommonJS: ${left[0]}`);
fs.writeFileSync(dst, `'use strict';\n// Generated from api.mjs by scripts/build-pkg.sh: do not edit.\n${s}`);
EOF
for f in "$PKG_DIR"/dist/*.cjs "$PKG_DIR"/dist/node.mjs "$PKG_DIR"/dist/api.mjs; do node --check "$f"; done
step "template, api.cjs"

# 6. Sizes.
size() { printf '  %-34s %8d B  %7d B gz\n' "$(basename "$1")" "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)"; }
echo "build-pkg: $PKG_DIR/ (twilio-webhook $VERSION)"
size "$PKG_DIR/dist/${NAME}_bg.wasm"
size "$PKG_DIR/dist/$NAME.js"
size "$PKG_DIR/dist/$NAME.cjs"
size "$PKG_DIR/dist/api.mjs"
