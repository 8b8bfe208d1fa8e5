#!/usr/bin/env bash
# make test-trainer: genki's shards through their real consumers. Generates 30.000-s sources at
# 22.05/44.1/48/96 kHz (plus a 47-s piece and an exact copy) with sox, writes shards (default,
# --flac, --clip 30, --clip 10, --keep-duplicates), unpacks each, and loads every flat folder
# with audiocraft 1.3.0's MusicDataset (defaults) and the genki-dama trainer's steps
# (tools/trainer_loader.py); every shard folder also goes through Hugging Face datasets 3 with
# its Audio feature decoding every sample (bench/read_shards.py datasets-audio).
# Usage: tools/trainer_check.sh [GENKI] [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
genki=$(realpath "${1:-.build/debug/genki}")
python="${2:-.venv-trainer/bin/python}"
python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")"  # absolute, symlink kept (a venv)
export AUDIOCRAFT_CONFIG="$PWD/tools/audiocraft-team.yaml" AUDIOCRAFT_CLUSTER=default
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
i=0
for spec in "22050 sine 220-880" "44100 square 330" "48000 sawtooth 110-440" "96000 triangle 523" "48000 pluck E3" "44100 sine 700-300"; do
  set -- $spec
  i=$((i + 1))
  sox -n -r "$1" -c 2 -b 16 "$work/src/p$i.wav" synth 30 "$2" "$3" tremolo $((i + 2)) 60
done
sox -n -r 44100 -c 1 -b 16 "$work/src/long.wav" synth 47 pluck A2 tremolo 5 40
sox "$work/src/p2.wav" "$work/src/p2.flac"
cp "$work/src/p5.wav" "$work/src/copy-of-p5.wav"
status=0
echo "| folder | loader | samples found | loaded | batch shape | result |"
echo "|---|---|---:|---:|---|---|"
for variant in "plain:30:" "flac:30:--flac" "clip30:30:--clip 30" "clip10:10:--clip 10" "keepdup:30:--keep-duplicates"; do
  IFS=: read -r name seconds flags <<<"$variant"
  # shellcheck disable=SC2086
  "$genki" shard "$work/src" --out "$work/$name" --secret-file "$work/secret" --quiet $flags >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err"; status=1; continue; }
  "$genki" shard unpack "$work/$name" "$work/flat-$name" >/dev/null || { status=1; continue; }
  mv "$work/flat-$name" "$work/$name-flat"
  "$python" tools/trainer_loader.py "$work/$name-flat" "$seconds" || status=1
  if [ "$name" != flac ]; then
    n=$("$python" bench/read_shards.py datasets-audio "$work/$name" | wc -l) || { echo "| $name | HF datasets Audio | FAILED |"; status=1; continue; }
    echo "| $name | Hugging Face datasets 3 Audio feature | $n | $n | decoded | ok |"
  fi
done
exit $status
