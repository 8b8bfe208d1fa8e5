"""Peer for genki's shard-writing benchmark: webdataset.ShardWriter writing the same samples.

Usage: peer_webdataset.py FLAT_DIR OUT_DIR MAXCOUNT
FLAT_DIR holds NAME.wav + NAME.json pairs. Prints "<wall s> <cpu s> <samples> <bytes>".
"""
import os
import sys
import time

import webdataset as wds

flat, out, maxcount = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
names = sorted(n[:-4] for n in os.listdir(flat) if n.endswith(".wav"))
start_wall, start_cpu = time.perf_counter(), time.process_time()
total = 0
with wds.ShardWriter(os.path.join(out, "peer-%06d.tar"), maxcount=maxcount, maxsize=1 << 40, verbose=0) as sink:
    for name in names:
        with open(os.path.join(flat, name + ".wav"), "rb") as f:
            wav = f.read()
        with open(os.path.join(flat, name + ".json"), "rb") as f:
            meta = f.read()
        total += len(wav) + len(meta)
        sink.write({"__key__": name, "wav": wav, "json": meta})
print(f"{time.perf_counter() - start_wall:.3f} {time.process_time() - start_cpu:.3f} {len(names)} {total}")
