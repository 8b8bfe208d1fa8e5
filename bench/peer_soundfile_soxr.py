#!/usr/bin/env python3
"""Peer for `make bench`: decode with soundfile (libsndfile) and resample with soxr, per file.

Reads file paths from argv, downmixes to mono and resamples to the target rate (first argument),
the same work genki's ingest does before its stats and hashes. Prints the frames produced.
"""
import sys

import numpy as np
import soundfile as sf
import soxr


def main() -> int:
    rate = int(sys.argv[1])
    produced = 0
    for path in sys.argv[2:]:
        data, sr = sf.read(path, dtype="float32", always_2d=True)
        mono = data.mean(axis=1)
        out = soxr.resample(mono, sr, rate) if sr != rate else mono
        produced += len(out)
    print(produced)
    return 0


if __name__ == "__main__":
    sys.exit(main())
