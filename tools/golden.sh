#!/usr/bin/env bash
# Whole-pipeline outputs for before/after comparisons of a refactor (issue 15: "behaviour is
# byte-identical"). Usage: tools/golden.sh GENKI_BINARY OUT_DIR [COLLECTION_DIR]
# Runs ingest, dedup, shard (+verify), registry export, audit sketch/run and score on the bundled
# fixtures and on a generated 400-file collection (genki-fixtures --collection 400, made once in
# COLLECTION_DIR, default /tmp/genki-golden-collection), and writes every output under OUT_DIR;
# shard folders are reduced to a SHA-256 list of their files. Compare two runs with
#   diff -r OUT_BEFORE OUT_AFTER
set -euo pipefail
genki=$(realpath "$1")
out=$(realpath -m "$2")
collection=$(realpath -m "${3:-/tmp/genki-golden-collection}")
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures_bin="$(dirname "$genki")/genki-fixtures"
rm -rf "$out"
mkdir -p "$out"
if [ ! -f "$collection/.complete" ]; then
  rm -rf "$collection"
  "$fixtures_bin" --collection 400 --out "$collection" >/dev/null
  touch "$collection/.complete"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$root/fixtures" "$work/fixtures"
ln -s "$collection" "$work/collection"
cd "$work"
printf '%s' "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" > secret
chmod 600 secret
run() { # name, command...: stdout to OUT/name, exit code to OUT/name.rc
  local name=$1; shift
  set +e
  "$@" > "$out/$name" 2>/dev/null
  echo $? > "$out/$name.rc"
  set -e
}
digest_folder() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum) > "$out/$2"; }
run fixtures-ingest.jsonl "$genki" ingest --jsonl --quiet fixtures/audio fixtures/midi/good fixtures/bad
run fixtures-ingest-fp.jsonl "$genki" ingest --jsonl --quiet --profile fp --fingerprint fixtures/audio
run fixtures-dedup.jsonl "$genki" dedup --jsonl --quiet --cross-modal fixtures/audio fixtures/midi/good
run collection-ingest.jsonl "$genki" ingest --jsonl --quiet collection
run collection-dedup.jsonl "$genki" dedup --jsonl --quiet --cross-modal collection
run collection-dedup-exhaustive.jsonl "$genki" dedup --jsonl --quiet --audio-candidates exhaustive collection
run collection-dedup-lists.txt "$genki" dedup --quiet collection --keep-list keep.txt --drop-list drop.txt
cp keep.txt "$out/keep.txt"; cp drop.txt "$out/drop.txt"
run shard.json "$genki" shard --json --quiet collection fixtures/audio --out shards --clip 2 --render-midi --include-midi --secret-file secret --registry shard.db --miner m0
digest_folder shards shard-files.sha256
run shard-verify.txt "$genki" shard verify shards
run shard-flac.json "$genki" shard --json --quiet collection --out shards-flac --clip 5 --flac --keep-duplicates --secret-file secret
digest_folder shards-flac shard-flac-files.sha256
ls collection | LC_ALL=C sort | sed 's|^|collection/|' > all.txt
head -n 200 all.txt > a.txt
tail -n +201 all.txt > b.txt
run registry-a.txt "$genki" ingest --quiet --profile fp --fingerprint --files-from a.txt --registry reg.db --dataset a --miner hotkey-a
run registry-b.txt "$genki" ingest --quiet --profile fp --fingerprint --files-from b.txt fixtures/audio --registry reg.db --dataset b --miner hotkey-b
run registry-dedup.jsonl "$genki" dedup --jsonl --quiet collection --registry reg.db --dataset a
run registry-stats.txt "$genki" registry stats reg.db
run registry-export.jsonl "$genki" registry export reg.db
run sketch-a.json "$genki" audit sketch --registry reg.db --dataset a --miner hotkey-a --round 1 --seed 7 --out sketch-a.json
run sketch-b.json "$genki" audit sketch --registry reg.db --dataset b --miner hotkey-b --round 1 --seed 7 --out sketch-b.json
cp sketch-a.json sketch-b.json "$out/" 2>/dev/null || true
run audit.txt "$genki" audit run --registry reg.db --round 1 --seed 7 sketch-a.json sketch-b.json
run score.jsonl "$genki" score --registry reg.db --round 1 --jsonl
# The only wall-clock field: registration time.
sed -i -E 's/"registered_at":[0-9]+/"registered_at":0/g' "$out/registry-export.jsonl"
echo "golden outputs in $out ($(ls "$out" | wc -l) files)"
