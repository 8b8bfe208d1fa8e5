#!/usr/bin/env python3
"""Chromaprint peer on the disguise grid made by bench/disguise_grid.py.

    python3 bench/peer_chromaprint.py OUT [--json] [--jobs J] [--threshold T] [--self-test N]

Fingerprints every original and every copy listed in OUT/originals.tsv and OUT/grid.tsv with
`fpcalc -raw -json -length 0` (Debian libchromaprint-tools; `-length 0` = the whole file), caching
each fingerprint, its duration and fpcalc's CPU time as JSON under OUT/.fpcalc/ (an entry is
reused while the file's size and mtime are unchanged). fpcalc 1.5.1 as built for Debian bookworm
exits with status 3 ("Error decoding audio frame (End of file)") on files it fingerprinted
completely (a known FFmpeg-5 end-of-stream issue, fixed upstream); status 0 and 3 are accepted
when the JSON output has a fingerprint, anything else is a failure.

Similarity of a copy c to an original o: 1 - the bit error rate between their 32-bit
sub-fingerprints at the best offset d, where c[i] is compared with o[i + d] over the items both
have, |d| <= 60 % of the shorter fingerprint (covers the 20 % trims) and the overlap is at least
40 sub-fingerprints (about 5 s). Every offset in that range is scored, exactly: the bit errors at
all offsets come from one cross-correlation per pair, computed with FFTs. Each fingerprint is
turned into 32 bit planes of +1/-1 (0 past its end); for one pair, sum over the planes of
xcorr(d) = agreements - disagreements, so errors(d) = (32 * overlap(d) - xcorr(d)) / 2. The
planes of all originals are transformed once; a block of copies is scored against all originals
with one batched complex matrix product per frequency bin (summing over the 32 planes) and one
inverse FFT. 400 originals x 1,600 copies take about 10 s on 2 cores, so no offsets are
subsampled; --self-test N checks N random pairs against a direct XOR-and-popcount loop.

Report, per disguise: recall at the data-driven threshold T0 = the best wrong-pair similarity
over ALL copies (a copy counts as matched when its similarity to its true original is > T0: the
smallest threshold with no false match anywhere in the grid); recall and precision at the fixed
threshold 0.65 (precision over (copy, original) pairs with similarity > 0.65: true pairs /
all such pairs); the mean true similarity and the mean over copies of the best wrong similarity.
A copy or original that fpcalc cannot fingerprint scores 0. Also reported: fpcalc's CPU seconds
(user + sys of the fpcalc processes, one per file, so process start-up is included) per hour of
audio, over the originals, and the wrong pairs that set T0.

Prints a table; with --json, prints one JSON object per disguise on stdout instead
({"disguise", "copies", "recall", "recall_fixed", "precision_fixed", "true_mean",
"wrong_best_mean", "threshold"}) and the table on stderr.

Standard library and numpy only.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import time

import numpy as np

FIXED_THRESHOLD = 0.65
MAX_OFFSET_FRACTION = 0.6   # |offset| <= this fraction of the shorter fingerprint
MIN_OVERLAP = 40            # sub-fingerprints (~5 s at 0.124 s each)
COPY_BLOCK = 48             # copies scored per batched product (bounds memory)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


# ----------------------------------------------------------------------------- fpcalc

def fpcalc(path):
    """Run fpcalc on one file: (fingerprint list or None, duration, cpu seconds, error text)."""
    p = subprocess.Popen(["fpcalc", "-raw", "-json", "-length", "0", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)   # this child's own rusage (safe with parallel workers)
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    p.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    try:
        data = json.loads(out)
        fp = data["fingerprint"]
    except (ValueError, KeyError):
        fp, data = None, {}
    if p.returncode not in (0, 3) or not fp:
        return None, data.get("duration"), cpu, "exit %d: %s" % (p.returncode, err.decode(errors="replace").strip()[-300:])
    return fp, data.get("duration"), cpu, None


def fingerprint_all(out, rels, jobs):
    """rel path -> cache entry dict (fingerprint may be None); computes what the cache lacks."""
    cache_dir = os.path.join(out, ".fpcalc")
    os.makedirs(cache_dir, exist_ok=True)

    def one(rel):
        full = os.path.join(out, rel)
        st = os.stat(full)
        cpath = os.path.join(cache_dir, rel.replace("/", "__") + ".json")
        try:
            with open(cpath) as f:
                e = json.load(f)
            if e["size"] == st.st_size and e["mtime_ns"] == st.st_mtime_ns:
                return rel, e, True
        except (OSError, ValueError, KeyError):
            pass
        fp, dur, cpu, err = fpcalc(full)
        e = {"path": rel, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "duration": dur,
             "cpu_s": cpu, "error": err, "fingerprint": fp}
        with open(cpath + ".part", "w") as f:
            json.dump(e, f)
        os.replace(cpath + ".part", cpath)
        return rel, e, False

    res, cached = {}, 0
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for i, (rel, e, hit) in enumerate(ex.map(one, rels), 1):
            res[rel] = e
            cached += hit
            if i % 500 == 0 or i == len(rels):
                print("  fpcalc: %d/%d files (%d cached, %.0f s)" % (i, len(rels), cached, time.time() - t0),
                      file=sys.stderr, flush=True)
    return res, cached


# ----------------------------------------------------------------------------- similarity

def planes(fp, n):
    """(32, n) float64 array of +1/-1 bit planes of a fingerprint, zero-padded to n items."""
    a = np.asarray(fp, dtype=np.int64).astype(np.uint32)
    bits = ((a[None, :] >> np.arange(32, dtype=np.uint32)[:, None]) & 1).astype(np.float64)
    outp = np.zeros((32, n))
    outp[:, : len(a)] = 2 * bits - 1
    return outp


def similarity_matrix(orig_fps, copy_fps):
    """S[k, o] = similarity of copy k to original o (0 where either fingerprint is missing)."""
    lo = np.array([len(f) if f else 0 for f in orig_fps])
    lc = np.array([len(f) if f else 0 for f in copy_fps])
    n = 1 << int(np.ceil(np.log2(max(2, lo.max() + lc.max()))))   # no circular wrap-around
    nf = n // 2 + 1
    # (F, O, 32): transforms of every original's planes, frequency first for the batched matmul
    offt = np.empty((nf, len(orig_fps), 32), dtype=np.complex128)
    for j, f in enumerate(orig_fps):
        offt[:, j, :] = np.fft.rfft(planes(f or [], n), axis=1).T
    idx = np.arange(n)
    d = np.where(idx < lo.max(), idx, idx - n)                      # signed offset of each lag
    sims = np.zeros((len(copy_fps), len(orig_fps)))
    for s in range(0, len(copy_fps), COPY_BLOCK):
        block = range(s, min(s + COPY_BLOCK, len(copy_fps)))
        cfft = np.empty((nf, 32, len(block)), dtype=np.complex128)
        for b, k in enumerate(block):
            cfft[:, :, b] = np.conj(np.fft.rfft(planes(copy_fps[k] or [], n), axis=1)).T
        # xcorr[d, o, k] = sum over planes and i of c_k[i] * o[i + d]
        xcorr = np.fft.irfft(np.matmul(offt, cfft), n=n, axis=0)
        lcb = lc[list(block)]
        # overlap of c[i] with o[i + d]: i in [max(0, -d), min(lc, lo - d))
        ov = (np.minimum(lcb[None, None, :], lo[None, :, None] - d[:, None, None])
              - np.maximum(0, -d)[:, None, None])
        shorter = np.minimum(lo[:, None], lcb[None, :])
        ok = (ov >= MIN_OVERLAP) & (np.abs(d)[:, None, None] <= MAX_OFFSET_FRACTION * shorter[None])
        errors = (32 * ov - xcorr) / 2
        ber = np.where(ok, errors / np.maximum(32 * ov, 1), np.inf)
        best = ber.min(axis=0)                                          # (O, K)
        sims[list(block), :] = np.where(np.isfinite(best), 1 - best, 0.0).T
    return sims


def similarity_brute(c, o):
    """Direct computation for one pair (used by --self-test)."""
    c, o = np.asarray(c, dtype=np.uint32), np.asarray(o, dtype=np.uint32)
    best = None
    r = MAX_OFFSET_FRACTION * min(len(c), len(o))
    for d in range(-len(c) + 1, len(o)):
        i0, i1 = max(0, -d), min(len(c), len(o) - d)
        if i1 - i0 < MIN_OVERLAP or abs(d) > r:
            continue
        x = c[i0:i1] ^ o[i0 + d:i1 + d]
        ber = np.unpackbits(x.view(np.uint8)).sum() / (32.0 * (i1 - i0))
        best = ber if best is None else min(best, ber)
    return 0.0 if best is None else 1 - best


# ----------------------------------------------------------------------------- report

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="the grid folder written by disguise_grid.py")
    ap.add_argument("--json", action="store_true", help="one JSON object per disguise on stdout")
    ap.add_argument("--jobs", type=int, default=2, help="parallel fpcalc processes (default 2)")
    ap.add_argument("--threshold", type=float, default=FIXED_THRESHOLD,
                    help="the fixed threshold (default %g)" % FIXED_THRESHOLD)
    ap.add_argument("--self-test", type=int, default=0, metavar="N",
                    help="also check N random pairs against a direct computation")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    table = sys.stderr if a.json else sys.stdout
    t0 = time.time()

    originals = read_tsv(os.path.join(out, "originals.tsv"))
    grid = read_tsv(os.path.join(out, "grid.tsv"))
    orels = [r["original"] for r in originals]
    oindex = {r: i for i, r in enumerate(orels)}
    fps, cached = fingerprint_all(out, orels + [g["copy"] for g in grid], a.jobs)
    t_fp = time.time() - t0
    failed = sorted(r for r, e in fps.items() if not e["fingerprint"])
    for r in failed:
        print("fpcalc failed on %s: %s" % (r, fps[r]["error"]), file=sys.stderr)

    t1 = time.time()
    sims = similarity_matrix([fps[r]["fingerprint"] for r in orels], [fps[g["copy"]]["fingerprint"] for g in grid])
    t_sim = time.time() - t1
    truth = np.array([oindex[g["original"]] for g in grid])
    rows = np.arange(len(grid))
    true_sim = sims[rows, truth]
    wrong = sims.copy()
    wrong[rows, truth] = -np.inf
    wrong_best = wrong.max(axis=1) if len(orels) > 1 else np.zeros(len(grid))
    t0_thr = float(wrong_best.max())

    if a.self_test:
        rng = np.random.default_rng(0)
        worst = 0.0
        for _ in range(a.self_test):
            k, o = rng.integers(len(grid)), rng.integers(len(orels))
            cf, of = fps[grid[k]["copy"]]["fingerprint"], fps[orels[o]]["fingerprint"]
            if cf and of:
                worst = max(worst, abs(similarity_brute(cf, of) - sims[k, o]))
        print("self-test: %d pairs, largest difference from the direct computation %.2e"
              % (a.self_test, worst), file=sys.stderr)

    results = []
    for disguise in dict.fromkeys(g["disguise"] for g in grid):
        m = np.array([g["disguise"] == disguise for g in grid])
        ts, ws = true_sim[m], wrong[m]
        tp = int((ts > a.threshold).sum())
        fp_pairs = int((ws > a.threshold).sum())
        results.append({
            "disguise": disguise,
            "copies": int(m.sum()),
            "recall": round(float((ts > t0_thr).mean()), 4),
            "recall_fixed": round(float((ts > a.threshold).mean()), 4),
            "precision_fixed": round(tp / (tp + fp_pairs), 4) if tp + fp_pairs else None,
            "true_mean": round(float(ts.mean()), 4),
            "wrong_best_mean": round(float(wrong_best[m].mean()), 4),
            "threshold": round(t0_thr, 4),
        })

    cpu = sum(fps[r]["cpu_s"] for r in orels)
    hours = sum(float(r["duration_s"]) for r in originals) / 3600.0
    P = lambda *x: print(*x, file=table)
    P("Chromaprint (fpcalc -raw -length 0) on %s: %d originals, %d copies" % (out, len(orels), len(grid)))
    P("T0 = best wrong-pair similarity over all copies = %.4f; fixed threshold %.2f" % (t0_thr, a.threshold))
    P("")
    P("%-14s %6s %8s %10s %10s %9s %10s" % ("disguise", "copies", "recall", "rec@%.2f" % a.threshold,
                                            "prec@%.2f" % a.threshold, "true_mean", "wrong_best"))
    for r in results:
        P("%-14s %6d %8.3f %10.3f %10s %9.3f %10.3f" % (
            r["disguise"], r["copies"], r["recall"], r["recall_fixed"],
            "-" if r["precision_fixed"] is None else "%.3f" % r["precision_fixed"],
            r["true_mean"], r["wrong_best_mean"]))
    allm = {"recall": (true_sim > t0_thr).mean(), "fixed": (true_sim > a.threshold).mean()}
    P("%-14s %6d %8.3f %10.3f %10s %9.3f %10.3f" % ("all", len(grid), allm["recall"], allm["fixed"], "",
                                                  true_sim.mean(), wrong_best.mean()))
    P("")
    P("wrong pairs with the highest similarity (they set T0):")
    src = {r["original"]: r["source_path"] for r in originals}
    for k in np.argsort(-wrong_best)[:5]:
        o = int(np.argmax(wrong[k]))
        P("  %.4f  %s (copy of %s)  vs  %s" % (wrong_best[k], grid[k]["copy"], src[grid[k]["original"]], src[orels[o]]))
    P("")
    P("fpcalc: %.1f CPU s per audio hour over the originals (%.1f CPU s for %.2f h; one process per file%s)"
      % (cpu / hours if hours else float("nan"), cpu, hours,
         ", %d entries from the cache" % cached if cached else ""))
    P("fpcalc failures: %d; time: fingerprints %.0f s, similarities %.1f s" % (len(failed), t_fp, t_sim))
    if a.json:
        for r in results:
            print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
