# npm package: build, test in every runtime, benchmark. Included by the top-level Makefile.
#
#   make pkg        pkg/ from scratch (cargo wasm32 --features wasm, wasm-bindgen, npm wasm-opt -Oz)
#   make test-js    pack pkg/, install the tarball into $(JS_WORK)/consumer, run the KAT in Node
#                   ESM/CJS, Bun ESM/CJS, Deno, workerd (wrangler dev) and Chromium, then tsc; then the
#                   integrations (webhook() in Express, withTwilioWebhook and the README quick starts
#                   in wrangler dev, Deno, Bun, Node)
#                   then the robustness suite (seeded mutated and wrong-typed inputs through every
#                   public function) and the secrets check, in Node
#   make test-soak  pack and install into $(SOAK_WORK)/consumer, then 200k validations and 200k
#                   tracker updates in Node and in workerd (wrangler dev, a bounded loopback client):
#                   wasm memory, RSS and heap must stay flat after warm-up (tests/js/soak.test.mjs)
#   make bench-js   twilio-webhook vs the official `twilio` helper, one Node process
#   make bench-workerd  the same in workerd (wrangler dev): ours vs twilio (nodejs_compat) vs a
#                   hand-written Web Crypto validator, and cold start (benches/workerd/bench.mjs)
#
# Needs the setup step: wasm32 target, wasm-bindgen CLI (= the crate's version), `npm ci`, chromium.

JS_ROOT     := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
JS_NODE     ?= node
JS_NPM      ?= npm
JS_PKG_DIR  ?= $(JS_ROOT)/pkg
JS_WORK     ?= $(JS_ROOT)/tests/js/.work
KAT_VECTORS ?= $(JS_ROOT)/tests/vectors/signature
# Its own consumer project: test-soak may run beside test-js (make -j).
SOAK_WORK   ?= $(JS_WORK)/soak

.PHONY: pkg test-js test-soak bench-js bench-js-run bench-workerd bench-workerd-run

pkg:
	PKG_DIR=$(JS_PKG_DIR) $(JS_ROOT)/scripts/build-pkg.sh

test-js: pkg
	JS_WORK=$(JS_WORK) PKG_DIR=$(JS_PKG_DIR) NPM=$(JS_NPM) $(JS_ROOT)/tests/js/install-pkg.sh
	cd $(JS_ROOT) && JS_WORK=$(JS_WORK) KAT_VECTORS=$(KAT_VECTORS) $(JS_NODE) --test tests/js/runtimes.test.mjs
	cd $(JS_ROOT) && JS_WORK=$(JS_WORK) $(JS_NODE) --test tests/js/integrations.test.mjs
	cd $(JS_ROOT) && JS_WORK=$(JS_WORK) $(JS_NODE) --test tests/js/robust.test.mjs tests/js/secrets.test.mjs

test-soak: pkg
	JS_WORK=$(SOAK_WORK) PKG_DIR=$(JS_PKG_DIR) NPM=$(JS_NPM) $(JS_ROOT)/tests/js/install-pkg.sh
	cd $(JS_ROOT) && JS_WORK=$(SOAK_WORK) $(JS_NODE) --test tests/js/soak.test.mjs

# The *-run targets do not rebuild pkg/ (`make bench` builds it once for all of them); the JSON
# they write is for scripts/bench-table.mjs. BENCH_OUT is set by the top-level Makefile.
bench-js: pkg
	$(MAKE) --no-print-directory bench-js-run

bench-js-run:
	PKG_DIR=$(JS_PKG_DIR) $(JS_NODE) $(JS_ROOT)/benches/js/bench.mjs --json $(BENCH_OUT)/node.json

bench-workerd: pkg
	$(MAKE) --no-print-directory bench-workerd-run

bench-workerd-run:
	PKG_DIR=$(JS_PKG_DIR) $(JS_NODE) $(JS_ROOT)/benches/workerd/bench.mjs --json $(BENCH_OUT)/workerd.json
