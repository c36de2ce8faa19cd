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
        test-wasm-browser bench bench-native vectors clean

help:
	@echo "make demo    verify and parse sample webhooks (native example), then serve the inspector page"
	@echo "make test    install what is missing, then run every test"
	@echo "make pkg     build the npm package into pkg/"
	@echo "make site    build the inspector page into target/site/"
	@echo "make bench   criterion benches and the Node comparison with the official helper"
	@echo "make vectors regenerate tests/vectors/signature with the official helpers as oracles"
	@echo "make clean   remove build output"

setup:
	scripts/setup.sh

demo-native:
	$(CARGO) run --quiet --release --example verify

test: setup lint test-native test-wasm test-js test-site

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

bench: bench-native bench-js

bench-native:
	$(CARGO) bench --bench signature

vectors:
	tests/vectors/setup-oracles.sh
	node tests/vectors/generate.mjs

clean:
	$(CARGO) clean
	rm -rf pkg tests/js/.work

-include mk/*.mk
