# Fuzzing: the cargo-fuzz targets of fuzz/ (nightly + libFuzzer). Included by the top-level
# Makefile.
#
#   make test-fuzz   each target for FUZZ_SECONDS (default 30) from the committed seed corpus,
#                    two at a time; part of `make test`
#   make fuzz        each target for FUZZ_SECONDS (default 300), two at a time, growing a corpus
#                    kept in $(FUZZ_WORK)/corpus between runs
#   make fuzz-seeds  rewrite fuzz/corpus/ (the seeds) from tests/vectors
#
# Both print, per target, the executions and the coverage reached (libFuzzer's final stats and
# the cov:/ft: of its last status line), and fail when a target crashed (the input is written to
# fuzz/artifacts/TARGET/; keep it under tests/vectors/fuzz-regressions/TARGET/ once fixed).
# Nothing they write is tracked by git. Knobs: FUZZ_TARGETS, FUZZ_JOBS (2), FUZZ_SANITIZER
# (none; `address` for ASan), FUZZ_TOOLCHAIN (nightly), FUZZ_ARGS (more libFuzzer flags).
#
# Needs the setup step: the nightly toolchain and cargo-fuzz.

FUZZ_ROOT    := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
FUZZ_TARGETS ?= form signature callback lifecycle state
FUZZ_WORK    ?= $(FUZZ_ROOT)/target/fuzz-work

.PHONY: fuzz test-fuzz fuzz-seeds

test-fuzz: FUZZ_SECONDS ?= 30
# A fixed seed: the same mutations in the same order on every run, so `make test` does not fail
# by chance on a finding a later run would not make (`make fuzz` explores with random seeds).
test-fuzz: FUZZ_ARGS ?= -seed=20261202
test-fuzz:
	rm -rf $(FUZZ_WORK)/test
	FUZZ_ARGS="$(FUZZ_ARGS)" $(FUZZ_ROOT)/scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_WORK)/test/corpus $(FUZZ_TARGETS)

fuzz: FUZZ_SECONDS ?= 300
fuzz:
	FUZZ_LOGS=$(FUZZ_WORK)/logs $(FUZZ_ROOT)/scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_WORK)/corpus $(FUZZ_TARGETS)

fuzz-seeds:
	$(CARGO) test --features serde --test fuzz_regressions -- --ignored --exact write_seed_corpus
