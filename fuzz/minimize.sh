#!/usr/bin/env bash
# Merges seed folders and work corpora into fuzz/corpus/<target> with libFuzzer's -merge=1
# (keeps the smallest set of inputs covering the same features). Inputs are cut to the
# committed corpus's size cap (max_len below) so the corpora stay small. Usage:
#   fuzz/minimize.sh TARGET DIR...     e.g. fuzz/minimize.sh midi .build-fuzz/work/fuzzer/midi
set -euo pipefail
cd "$(dirname "$0")/.."
t="$1"; shift
bin=$(FUZZ_TARGETS="$t" fuzz/build.sh "${FUZZ_SANITIZER:-fuzzer}")
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0
case "$t" in audio) cap=8192;; tar) cap=16384;; json) cap=8192;; gme) cap=70000;; *) cap=4096;; esac
new=$(mktemp -d)
mkdir -p "fuzz/corpus/$t"
old=$(mktemp -d); cp -r "fuzz/corpus/$t/." "$old/"
"$bin/fuzz-$t" -merge=1 -max_len="$cap" -timeout=20 -rss_limit_mb=4096 "$new" "$old" "$@" 2>&1 | grep -E "MERGE-OUTER: [0-9]+ new files" || true
rm -rf "fuzz/corpus/$t"
mkdir -p "fuzz/corpus/$t"
cp "$new"/* "fuzz/corpus/$t/"
rm -rf "$new" "$old"
echo "fuzz/corpus/$t: $(ls "fuzz/corpus/$t" | wc -l) files, $(du -sb "fuzz/corpus/$t" | cut -f1) bytes"
