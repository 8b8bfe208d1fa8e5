#!/usr/bin/env bash
# Fails (listing the files) when a Swift source is not as `swift format` (.swift-format) would
# write it. Fix with: swift format -i -r Sources Tests fuzz/harnesses Package.swift
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r -d '' f; do
  if ! swift format "$f" 2>/dev/null | cmp -s - "$f"; then
    echo "not formatted: $f"
    bad=$((bad + 1))
  fi
done < <(find Sources Tests fuzz/harnesses Package.swift -name '*.swift' -print0 | sort -z)
if [ "$bad" -gt 0 ]; then
  echo "format_check: $bad files differ from swift format's output; run: swift format -i -r Sources Tests fuzz/harnesses Package.swift" >&2
  exit 1
fi
echo "format_check: every Swift file is formatted"
