#!/usr/bin/env python3
"""Peer for `make bench` (ResampleBench): resample raw mono float32 with soxr.

Usage: peer_resampler.py IN.f32 IN_RATE OUT_RATE QUALITY OUT.f32
QUALITY is a soxr quality name (HQ, VHQ). Times only the resample call (process CPU time) and
prints the CPU seconds; writes the output as raw float32 for genki-bench to score.
"""
import sys
import time

import numpy as np
import soxr


def main() -> int:
    src, in_rate, out_rate, quality, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    x = np.fromfile(src, dtype=np.float32)
    t0 = time.process_time()
    y = soxr.resample(x, in_rate, out_rate, quality=quality)
    cpu = time.process_time() - t0
    y.astype(np.float32).tofile(dst)
    print(f"{cpu:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
