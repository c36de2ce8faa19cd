#!/usr/bin/env bash
# Packs pkg/ with `npm pack` and installs the tarball into a fresh scratch consumer project
# ($JS_WORK/consumer, git-ignored), which tests/js/runtimes.test.mjs and the tsc check use.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${JS_WORK:-tests/js/.work}
PKG_DIR=${PKG_DIR:-pkg}
NPM=${NPM:-npm}

[ -f "$PKG_DIR/package.json" ] || { echo "install-pkg: no $PKG_DIR/package.json: run make pkg" >&2; exit 1; }
PKG_DIR=$(cd "$PKG_DIR" && pwd)
mkdir -p "$WORK"
rm -f "$WORK"/twilio-webhook-*.tgz
TGZ=$("$NPM" pack "$PKG_DIR" --pack-destination "$WORK" --json | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const [p]=JSON.parse(s);
   console.error(`install-pkg: ${p.filename}: ${p.entryCount} files, ${p.size} B packed, ${p.unpackedSize} B unpacked`);
   console.log(p.filename)})')
rm -rf "$WORK/consumer"
mkdir -p "$WORK/consumer"
printf '{ "private": true, "type": "module" }\n' >"$WORK/consumer/package.json"
(cd "$WORK/consumer" && "$NPM" install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "../$TGZ")
[ -f "$WORK/consumer/node_modules/twilio-webhook/package.json" ] || { echo "install-pkg: install failed" >&2; exit 1; }
echo "install-pkg: installed $TGZ into $WORK/consumer"
