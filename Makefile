# The only build script humans and CI use. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
export WRANGLER_SEND_METRICS := false
export DENO_NO_UPDATE_CHECK := 1
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# Chromium for wasm-bindgen-test: Debian's driver, kept off the closed network.
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON := $(CURDIR)/tests/webdriver.json

.PHONY: help setup demo test lint fmt-check clippy doc test-native test-wasm test-wasm-node \
        test-wasm-browser bench bench-native bench-native-run bench-ab size-floors vectors clean

help:
	@echo "make demo    verify and parse sample webhooks (native example), then serve the inspector page"
	@echo "make test    install what is missing, then run every test"
	@echo "make pkg     build the npm package into pkg/"
	@echo "make site    build the inspector page into target/site/"
	@echo "make bench   criterion, Node and workerd comparisons with the official helper, sizes: one table"
	@echo "make bench-ab A=DIR B=DIR [CASE=raw|dropin|json1k|json64k]  two package builds, alternating rounds"
	@echo "make size-floors  the .wasm's size by capability (verification, + diagnosis, + parsing, + lifecycle)"
	@echo "make fuzz    run each fuzz target for FUZZ_SECONDS (default 300); make test-fuzz: 30 s each"
	@echo "make vectors regenerate tests/vectors/signature with the official helpers as oracles"
	@echo "make clean   remove build output"

setup:
	scripts/setup.sh

demo-native:
	$(CARGO) run --quiet --release --example verify

test: setup lint test-native test-fuzz test-wasm test-js test-soak test-site

lint: fmt-check clippy doc

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --all-targets --features serde,http -- -D warnings
	$(CARGO) clippy --lib --test wasm --target wasm32-unknown-unknown --features wasm -- -D warnings

doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --features serde,http

test-native:
	$(CARGO) test --features serde,http

test-wasm: test-wasm-node test-wasm-browser

# wasm-bindgen tests of the JS surface, in Node and in headless Chromium.
test-wasm-node:
	$(CARGO) test --target wasm32-unknown-unknown --features wasm --test wasm

test-wasm-browser:
	WASM_BINDGEN_USE_BROWSER=1 $(CARGO) test --target wasm32-unknown-unknown --features wasm --test wasm

# The benches run one after another (never in parallel, even under -j), then one table against the
# targets of issue 8 (scripts/bench-table.mjs). Their JSON goes to $(BENCH_OUT). About 5-10 minutes.
BENCH_OUT ?= $(CURDIR)/target/bench

bench: pkg
	$(MAKE) --no-print-directory bench-native-run
	$(MAKE) --no-print-directory bench-js-run
	$(MAKE) --no-print-directory bench-workerd-run
	$(JS_NODE) scripts/bench-table.mjs --dir $(BENCH_OUT) --pkg $(JS_PKG_DIR)

# The full criterion suite (benches/signature.rs bounds its own times), then verify vs the bare
# hash in alternating rounds (benches/native-rounds.mjs).
bench-native: bench-native-run

bench-native-run:
	$(CARGO) bench --bench signature
	CARGO=$(CARGO) $(JS_NODE) benches/native-rounds.mjs --json $(BENCH_OUT)/native.json

# Two builds of the package in one Node process (benches/js/ab.mjs): A and B are package
# directories (PKG_DIR=... scripts/build-pkg.sh), CASE raw, dropin, json1k or json64k.
CASE ?= raw
ROUNDS ?= 21
bench-ab:
	$(JS_NODE) benches/js/ab.mjs $(A) $(B) $(CASE) $(ROUNDS)

# The .wasm's size by capability (verification, + diagnosis, + parsing, + lifecycle): four
# builds with fewer exports. About 2 minutes after the first.
size-floors:
	CARGO=$(CARGO) scripts/wasm-floors.sh

vectors:
	tests/vectors/setup-oracles.sh
	node tests/vectors/generate.mjs

clean:
	$(CARGO) clean
	rm -rf pkg tests/js/.work

-include mk/*.mk
