#!/usr/bin/env bash
# `make fuzz`: builds the harnesses (fuzz/build.sh) for each sanitizer set in FUZZ_SANITIZERS
# and runs each target of FUZZ_TARGETS for FUZZ_SECONDS, starting from fuzz/corpus/<target>.
# New inputs go to a work corpus under the scratch folder (the committed corpus is not grown;
# `fuzz/minimize.sh` merges back on purpose); crashes go to fuzz/crashers/<target>/ and make the
# run fail. FUZZ_RUNS (optional) also stops a harness after that many executions. FUZZ_TIMEOUT
# (default 120 s) is libFuzzer's per-input wall-clock limit: generous, because on a busy machine
# (compiles, test suites) a 0.4-s input was once starved past a 20-s limit; a real hang still ends it.
# Prints executions, CPU seconds and corpus size per harness.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
runs="${FUZZ_RUNS:--1}"
targets="${FUZZ_TARGETS:-audio midi tar json fingerprint chip}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer fuzzer,address}"
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"
max_len() { case "$1" in audio) echo 16384;; tar) echo 131072;; chip) echo 65536;; *) echo 16384;; esac; }
status=0
for san in $sanitizers; do
  bin=$(fuzz/build.sh "$san") || { echo "fuzz: the $san build failed" >&2; status=1; continue; }
  for t in $targets; do
    work=".build-fuzz/work/${san//,/-}/$t"
    mkdir -p "$work" "fuzz/crashers/$t"
    log="$work.log"
    before=$(ls "fuzz/crashers/$t" | wc -l)
    /usr/bin/time -f "%U %S" -o "$work.time" "$bin/fuzz-$t" -max_total_time="$seconds" -runs="$runs" -max_len="$(max_len "$t")" \
      -timeout="${FUZZ_TIMEOUT:-120}" -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="fuzz/crashers/$t/" \
      "$work" "fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    cpu=$(awk '{printf "%.0f", $1 + $2}' "$work.time" 2>/dev/null)
    files=$(ls "$work" | wc -l)
    after=$(ls "fuzz/crashers/$t" | wc -l)
    printf 'fuzz-%-12s %-15s %10s execs %6s CPU-s  work corpus %5s files  exit %s\n' "$t" "$san" "${execs:-?}" "${cpu:-?}" "$files" "$rc"
    if [ "$rc" -ne 0 ] || [ "$after" -ne "$before" ]; then
      echo "  crash or error: see $log and fuzz/crashers/$t/" >&2
      tail -30 "$log" >&2
      status=1
    fi
  done
done
exit $status
