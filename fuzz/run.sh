#!/usr/bin/env bash
# `make fuzz`: builds the harnesses (fuzz/build.sh) for each sanitizer set in FUZZ_SANITIZERS
# and runs each target of FUZZ_TARGETS for FUZZ_SECONDS, starting from fuzz/corpus/<target>.
# New inputs go to a work corpus under the scratch folder (the committed corpus is not grown;
# `fuzz/minimize.sh` merges back on purpose); crashes go to fuzz/crashers/<target>/ and make the
# run fail. FUZZ_RUNS (optional) also stops a harness after that many executions. FUZZ_TIMEOUT
# (default 120 s) is libFuzzer's per-input wall-clock limit: generous, because on a busy machine
# (compiles, test suites) a 0.4-s input was once starved past a 20-s limit; a real hang still ends it.
# Prints executions, CPU seconds and corpus size per harness.
# `gme` (libgme, which is not hardened) runs in libFuzzer's fork mode, so a crash ends one child,
# not the campaign; each crash it finds is replayed once more: one whose signal and top frames
# match a file of fuzz/contained/gme (a class genki cannot guard, contained by worker isolation)
# is counted and left in the work folder, any other lands in fuzz/crashers/gme and fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
runs="${FUZZ_RUNS:--1}"
targets="${FUZZ_TARGETS:-audio midi tar json fingerprint chip gme}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer fuzzer,address}"
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"
max_len() { case "$1" in audio) echo 16384;; tar) echo 131072;; chip) echo 65536;; gme) echo 70000;; *) echo 16384;; esac; }
# Harnesses run in fork mode (crashes and timeouts end one child process only).
forked() { case "$1" in gme) return 0;; *) return 1;; esac; }
# A crash's signature: its kind (signal, sanitizer report or failed assertion) and the top two
# frames inside a shared library, from a plain (non-fork) replay.
signature() {
  local out
  out=$("$1" -timeout="${FUZZ_TIMEOUT:-120}" "$2" 2>&1)
  printf '%s|%s\n' "$(grep -oE 'Assertion .* failed|ERROR: [A-Za-z]+: [A-Za-z-]+|deadly signal|timeout' <<<"$out" | head -1)" \
    "$(grep -oE '\(/[^ ]+\.so[.0-9]*\+0x[0-9a-f]+\)' <<<"$out" | grep -v 'libc\.so' | head -2 | tr '\n' ' ')"
}
status=0
for san in $sanitizers; do
  bin=$(fuzz/build.sh "$san") || { echo "fuzz: the $san build failed" >&2; status=1; continue; }
  for t in $targets; do
    work=".build-fuzz/work/${san//,/-}/$t"
    mkdir -p "$work" "fuzz/crashers/$t"
    log="$work.log"
    before=$(ls "fuzz/crashers/$t" | wc -l)
    artifacts="fuzz/crashers/$t/"
    fork=()
    if forked "$t"; then
      artifacts="$work.crashes/"
      rm -rf "$artifacts" && mkdir -p "$artifacts"
      fork=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    /usr/bin/time -f "%U %S" -o "$work.time" "$bin/fuzz-$t" "${fork[@]}" -max_total_time="$seconds" -runs="$runs" -max_len="$(max_len "$t")" \
      -timeout="${FUZZ_TIMEOUT:-120}" -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts" \
      "$work" "fuzz/corpus/$t" 2>&1 | tail -c 1000000 >"$log"
    rc=${PIPESTATUS[0]}
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if forked "$t"; then
      # Fork mode: the parent's last "#N" line counts every child's executions.
      execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
      # (A contained file that does not crash in this build gives an empty signature, which
      # must not match a crash that does not replay either.)
      known=$(for c in "fuzz/contained/$t"/*; do [ -f "$c" ] && signature "$bin/fuzz-$t" "$c"; done | grep -vx '|' | sort -u)
      contained=0
      for a in "$artifacts"*; do
        case "$(basename "$a")" in crash-* | timeout-* | oom-*) ;; *) continue ;; esac  # not slow-unit-*
        if grep -qxF "$(signature "$bin/fuzz-$t" "$a")" <<<"$known"; then
          contained=$((contained + 1))
        else
          cp "$a" "fuzz/crashers/$t/"
        fi
      done
      echo "  fuzz-$t: $contained crashes of contained classes (fuzz/contained/$t), kept in $artifacts"
    fi
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
