#!/usr/bin/env python3
"""Loads a `genki shard unpack` folder the way its real consumers do (make test-trainer).

Usage: trainer_loader.py FOLDER SEGMENT_SECONDS

1. audiocraft's own MusicDataset (audiocraft 1.3.0 from PyPI) with its defaults, notably
   info_fields_required=True: every KEY.json must carry every MusicInfo field. Items are fetched
   one by one and batched with the dataset's own collater.
2. The upstream genki-dama trainer's steps: list the .wav files, audio_info, audio_read of
   SEGMENT_SECONDS, convert_audio to 32 kHz mono, MusicInfo.from_dict(fields_required=True),
   then torch.stack of the whole folder as one batch (the trainer fails when one clip is a
   sample short).

Prints one line per loader and exits 1 on any failure.
"""
import json
import sys
from pathlib import Path

import torch
from audiocraft.data.audio import audio_info, audio_read
from audiocraft.data.audio_dataset import AudioMeta, find_audio_files
from audiocraft.data.info_audio_dataset import AudioInfo
from audiocraft.data.audio_utils import convert_audio
from audiocraft.data.music_dataset import MusicDataset, MusicInfo

RATE, CHANNELS = 32_000, 1


def with_music_dataset(folder: Path, seconds: float):
    meta = find_audio_files(folder, exts=[".wav"], resolve=True, minimal=False, progress=False)
    # Defaults, except that one epoch visits every file once (a permutation) instead of drawing
    # files at random, so every sample is loaded.
    ds = MusicDataset(meta, segment_duration=seconds, sample_rate=RATE, channels=CHANNELS, shuffle=True,
                      num_samples=len(meta), pad=True, min_segment_ratio=1.0, permutation_on_files=True,
                      sample_on_duration=False, sample_on_weight=False)
    ds.current_epoch = 0
    items, failures = [], []
    for i in range(len(meta)):
        try:
            items.append(ds[i])
        except Exception as e:  # report every item, not only the first
            failures.append(f"item {i}: {type(e).__name__}: {e}")
    shape = None
    if items:
        wav, infos = ds.collater(items)
        shape = tuple(wav.shape)
        assert all(isinstance(x, MusicInfo) for x in infos)
        if not failures and len({x.meta.path for x in infos}) != len(meta):
            failures.append("the epoch did not visit every file once")
    return len(meta), len(items), shape, failures


def with_trainer_steps(folder: Path, seconds: float):
    wavs = sorted(folder.glob("*.wav"))
    tensors, failures = [], []
    for path in wavs:
        try:
            info = audio_info(path)
            wav, sr = audio_read(path, 0, seconds, pad=False)
            wav = convert_audio(wav, sr, RATE, CHANNELS)
            attributes = json.loads(path.with_suffix(".json").read_text())
            meta = AudioMeta(path=str(path), duration=info.duration, sample_rate=info.sample_rate)
            segment = AudioInfo(meta, seek_time=0.0, n_frames=wav.shape[-1], total_frames=wav.shape[-1],
                                  sample_rate=RATE, channels=CHANNELS)
            attributes.update(segment.to_dict())
            # The strict form (the trainer's default is lenient): every MusicInfo field present.
            MusicInfo.from_dict(attributes, fields_required=True)
            assert info.sample_rate == sr
            tensors.append(wav)
        except Exception as e:
            failures.append(f"{path.name}: {type(e).__name__}: {e}")
    shape = None
    if tensors:
        try:
            shape = tuple(torch.stack(tensors).shape)
        except RuntimeError as e:
            failures.append(f"torch.stack: {e}")
    return len(wavs), len(tensors), shape, failures


def main() -> int:
    folder, seconds = Path(sys.argv[1]), float(sys.argv[2])
    ok = True
    for name, loader in [("audiocraft MusicDataset", with_music_dataset), ("genki-dama trainer steps", with_trainer_steps)]:
        found, loaded, shape, failures = loader(folder, seconds)
        good = found > 0 and loaded == found and shape is not None and not failures
        ok &= good
        print(f"| {folder.name} | {name} | {found} | {loaded} | {shape} | {'ok' if good else 'FAILED'} |")
        for f in failures[:10]:
            print(f"    {f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
