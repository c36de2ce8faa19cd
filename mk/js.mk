# npm package: build, test in every runtime, benchmark. Included by the top-level Makefile.
#
#   make pkg        pkg/ from scratch (cargo wasm32 --features wasm, wasm-bindgen, npm wasm-opt -Oz)
#   make test-js    pack pkg/, install the tarball into $(JS_WORK)/consumer, run the KAT in Node
#                   ESM/CJS, Bun ESM/CJS, Deno, workerd (wrangler dev) and Chromium, then tsc; then the
#                   integrations (webhook() in Express, withTwilioWebhook and the README quick starts
#                   in wrangler dev, Deno, Bun, Node)
#   make bench-js   twilio-webhook vs the official `twilio` helper, one Node process
#
# Needs the setup step: wasm32 target, wasm-bindgen CLI (= the crate's version), `npm ci`, chromium.

JS_ROOT     := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
JS_NODE     ?= node
JS_NPM      ?= npm
JS_PKG_DIR  ?= $(JS_ROOT)/pkg
JS_WORK     ?= $(JS_ROOT)/tests/js/.work
KAT_VECTORS ?= $(JS_ROOT)/tests/vectors/signature

.PHONY: pkg test-js bench-js

pkg:
	PKG_DIR=$(JS_PKG_DIR) $(JS_ROOT)/scripts/build-pkg.sh

test-js: pkg
	JS_WORK=$(JS_WORK) PKG_DIR=$(JS_PKG_DIR) NPM=$(JS_NPM) $(JS_ROOT)/tests/js/install-pkg.sh
	cd $(JS_ROOT) && JS_WORK=$(JS_WORK) KAT_VECTORS=$(KAT_VECTORS) $(JS_NODE) --test tests/js/runtimes.test.mjs
	cd $(JS_ROOT) && JS_WORK=$(JS_WORK) $(JS_NODE) --test tests/js/integrations.test.mjs

bench-js: pkg
	$(JS_NODE) $(JS_ROOT)/benches/js/bench.mjs
