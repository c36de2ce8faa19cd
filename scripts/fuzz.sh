#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a bounded time each and prints, per target, the executions and
# the coverage libFuzzer reached; fails when any target crashed (the input is then in
# fuzz/artifacts/TARGET/, and the end of that target's log is printed). Used by mk/fuzz.mk.
#
#   scripts/fuzz.sh SECONDS CORPUS_DIR TARGET...
#
# The committed seeds (fuzz/corpus/TARGET) are read, never written: libFuzzer adds what it finds
# to CORPUS_DIR/TARGET (the first corpus directory it is given). Environment: FUZZ_JOBS (targets
# run at once, default 2), FUZZ_TOOLCHAIN (nightly), FUZZ_SANITIZER (none), FUZZ_ARGS (more
# libFuzzer flags), FUZZ_LOGS (where the logs go, default CORPUS_DIR/../logs), FUZZ_TARGET_DIR
# (the build's target directory, default fuzz/target).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1 corpus=$2
shift 2
targets=("$@")
jobs=${FUZZ_JOBS:-2}
toolchain=${FUZZ_TOOLCHAIN:-nightly}
sanitizer=${FUZZ_SANITIZER:-none}
logs=${FUZZ_LOGS:-$corpus/../logs}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)

# One build for every target (cargo-fuzz builds optimised, with debug assertions and overflow
# checks on). Its own target directory: the sanitizer-coverage flags never touch target/.
cargo_fuzz=(cargo "+$toolchain" fuzz)
common=(--fuzz-dir fuzz --sanitizer "$sanitizer" --target-dir "${FUZZ_TARGET_DIR:-fuzz/target}")
start=$SECONDS
"${cargo_fuzz[@]}" build "${common[@]}"
echo "fuzz: built ${#targets[@]} targets in $((SECONDS - start)) s; ${seconds} s each, $jobs at once"

run() {
  local t=$1
  mkdir -p "$corpus/$t"
  local dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
  # The kept regressions (tests/vectors/fuzz-regressions/TARGET) are seeds too.
  local seeds=("fuzz/corpus/$t")
  [ -d "tests/vectors/fuzz-regressions/$t" ] && seeds+=("tests/vectors/fuzz-regressions/$t")
  "${cargo_fuzz[@]}" run "${common[@]}" "$t" "$corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
    "${dict[@]}" ${FUZZ_ARGS:-} >"$logs/$t.log" 2>&1
}

# Runs the targets, $jobs at a time; each one's exit status goes to $logs/TARGET.rc.
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  (
    rc=0
    run "$t" || rc=$?
    echo "$rc" >"$logs/$t.rc"
  ) &
  pids+=($!)
done
wait "${pids[@]}" || true

failed=()
for t in "${targets[@]}"; do
  log=$logs/$t.log
  rc=$(cat "$logs/$t.rc" 2>/dev/null || echo 1)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  status=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$status")
  if [ "$rc" = 0 ]; then
    verdict=ok
  else
    verdict="FAILED (exit $rc)"
    failed+=("$t")
  fi
  printf 'fuzz %-10s %10s execs (%s/s)  cov: %s  ft: %s  corpus: %s  %s\n' \
    "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$verdict"
done

if [ "${#failed[@]}" -gt 0 ]; then
  for t in "${failed[@]}"; do
    echo "---- $t: end of $logs/$t.log ----"
    tail -n 60 "$logs/$t.log"
  done
  echo "fuzz: ${failed[*]} crashed; the inputs are in fuzz/artifacts/ (replay one with" \
    "cargo +$toolchain fuzz run --fuzz-dir fuzz -s $sanitizer TARGET FILE)"
  exit 1
fi
echo "fuzz: every target ran ${seconds} s without a crash ($((SECONDS - start)) s in all)"
