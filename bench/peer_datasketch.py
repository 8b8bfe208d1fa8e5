#!/usr/bin/env python3
"""Peer for `make bench`: datasketch MinHashLSH on synthetic near-duplicate sets.

Usage: peer_datasketch.py ITEMS
Builds ITEMS random 50-element sets, 1 % of them near-copies of another (20 % of elements
replaced), the same construction genki-bench uses. Times (process CPU) signing with
MinHash(num_perm=128), inserting into MinHashLSH with 32 bands × 4 rows, and querying every
item; prints "<cpu seconds> <candidate pairs> <peak RSS KiB>".
"""
import random
import resource
import sys
import time

from datasketch import MinHash, MinHashLSH


def main() -> int:
    n = int(sys.argv[1])
    rng = random.Random(1)
    sets = []
    for i in range(n):
        if i % 100 == 99:
            base = sets[i - 50]
            copy = base[:40] + [rng.getrandbits(63) for _ in range(10)]
            sets.append(copy)
        else:
            sets.append([rng.getrandbits(63) for _ in range(50)])
    start = time.process_time()
    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    signatures = []
    for i, s in enumerate(sets):
        m = MinHash(num_perm=128)
        m.update_batch([x.to_bytes(8, "little") for x in s])
        signatures.append(m)
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(signatures):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    cpu = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{cpu:.3f} {len(pairs)} {rss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
