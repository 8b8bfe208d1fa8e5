#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/harnesses/*) as SwiftPM products with coverage
# instrumentation. Usage: fuzz/build.sh [SANITIZERS] — "fuzzer" (default) or "fuzzer,address".
# Prints the folder holding fuzz-audio, fuzz-midi, fuzz-tar, fuzz-json, fuzz-fingerprint, fuzz-chip
# and fuzz-gme.
# Each configuration has its own scratch path (FUZZ_SCRATCH, default .build-fuzz/<config>).
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers="${1:-fuzzer}"
config="${sanitizers//,/-}"
scratch="${FUZZ_SCRATCH:-.build-fuzz/$config}"
targets="${FUZZ_TARGETS:-audio midi tar json fingerprint chip gme}"
flags=(-c release --scratch-path "$scratch" -Xswiftc "-sanitize=$sanitizers" -Xswiftc -DGENKI_LIBFUZZER)
for t in $targets; do
  echo "== building fuzz-$t ($sanitizers)" >&2
  swift build "${flags[@]}" --product "fuzz-$t" >&2
done
swift build "${flags[@]}" --show-bin-path
