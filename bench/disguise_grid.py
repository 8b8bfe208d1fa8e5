#!/usr/bin/env python3
"""Build a grid of disguised copies of real music for the fingerprint benchmark.

    python3 bench/disguise_grid.py DEVCORPUS OUT [--originals N] [--copies-per-disguise M]
                                                 [--seed S] [--jobs J]

DEVCORPUS is the development corpus built by shared/devcorpus/build.sh (it has manifest.tsv and
relations.tsv; see its README.md). The script

1. picks N "originals" (default 400) among the corpus's WAV files (kinds `wav_clip` and
   `wav_render_*`) that last at least 20 s and are not silent (overall RMS above -50 dBFS and at
   least half of the 1-s windows above -60 dBFS), spread over kinds and source packages: kinds
   take turns, and within a kind its packages take turns (package order and the files within each
   package are shuffled with the seed). No two originals are related: every row of relations.tsv
   is an edge, so are files with the same sha256, and at most one file is taken from each
   connected component (a MIDI file's two soundfont renders, say, are one component). Relations
   the corpus does not label (a game shipping one tune as MIDI and as audio, example files that
   are variants of one another) are not known here. The selection is a prefix of one seeded
   order, so a larger N keeps the smaller N's originals.
2. writes them as OUT/originals/oNNNN.wav (16-bit PCM at the file's own rate, through sox);
3. for each disguise below, takes the first M originals (default 100) of a seeded shuffle of the
   originals (one shuffle per disguise) and writes a disguised copy OUT/copies/<disguise>/oNNNN.<ext>;
4. writes OUT/originals.tsv (original, source_path, kind, source_package, duration_s; source_path
   is relative to DEVCORPUS) and OUT/grid.tsv (original, copy, disguise; paths relative to OUT).

Disguises (Debian packages sox, libsox-fmt-all, lame, vorbis-tools, opus-tools):

    mp3_32k, mp3_64k     lame -b 32 / -b 64 (CBR)
    ogg_q1               oggenc -q 1 (fixed stream serial)
    opus_min             opusenc --bitrate 6 (its minimum; fixed stream serial)
    resample_16k         sox rate 16000
    gain_up12            sox gain +12 (clipping allowed)
    gain_down12          sox gain -12
    trim_start20         drop the first 20 % of the samples
    trim_end20           drop the last 20 % of the samples
    noise_20db           add Gaussian white noise 20 dB below the clip's RMS (numpy, seeded)
    pitch_up1, pitch_down1        sox pitch +100 / -100 cents (tempo kept)
    speed_0.97, speed_1.03        sox speed (pitch and tempo together)
    tempo_0.95, tempo_1.05        sox tempo (pitch kept)

Deterministic: the same corpus, arguments and tool versions give byte-identical files. sox runs
with -R (repeatable) and -D (no dither), single-threaded; oggenc and opusenc get a fixed
--serial (they pick a random one otherwise); the noise comes from numpy's PCG64 seeded with the
seed and the original's name. Checked on Debian bookworm (sox 14.4.2, LAME 3.100, vorbis-tools
1.4.2, opus-tools 0.2 with libopus 1.3.1): two builds of the full 400 x 1,600 grid were
byte-identical, encoders included. Idempotent: outputs that exist are kept (files are written under
a temporary name and renamed when complete), so an interrupted run can be resumed. Up to --jobs
(default 2) tools run at once. Exits 1 if any output could not be made (grid.tsv then lists the
copies that exist).

Standard library and numpy only.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import os
import random
import subprocess
import sys
import time
import wave

import numpy as np

MIN_DURATION_S = 20.0
# "Not silent": overall RMS above -50 dBFS and at least half of the 1-s windows above -60 dBFS
# (drops renders that are silence with a click, or a short sting followed by silence).
SILENT_RMS_DBFS = -50.0
WINDOW_ACTIVE_DBFS = -60.0
MIN_ACTIVE_FRACTION = 0.5
STREAM_SERIAL = 1234567  # oggenc/opusenc stream serial number (random by default)

SOX = ["sox", "-R", "-D", "--single-threaded", "-V1"]
# name -> (extension, command with {src} {dst} {start20} {keep80} filled in; None = made here).
# sox: -R repeatable, -D no dither, -V1 errors only (gain_up12's clipping warnings are expected).
DISGUISES = collections.OrderedDict([
    ("mp3_32k", ("mp3", ["lame", "--quiet", "-b", "32", "{src}", "{dst}"])),
    ("mp3_64k", ("mp3", ["lame", "--quiet", "-b", "64", "{src}", "{dst}"])),
    ("ogg_q1", ("ogg", ["oggenc", "--quiet", "-q", "1", "--serial", str(STREAM_SERIAL), "-o", "{dst}", "{src}"])),
    ("opus_min", ("opus", ["opusenc", "--quiet", "--bitrate", "6", "--serial", str(STREAM_SERIAL), "{src}", "{dst}"])),
    ("resample_16k", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "rate", "16000"])),
    ("gain_up12", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "gain", "12"])),
    ("gain_down12", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "gain", "-12"])),
    ("trim_start20", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "trim", "{start20}s"])),
    ("trim_end20", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "trim", "0s", "{keep80}s"])),
    ("noise_20db", ("wav", None)),  # numpy, see add_noise()
    ("pitch_up1", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "pitch", "100"])),
    ("pitch_down1", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "pitch", "-100"])),
    ("speed_0.97", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "speed", "0.97"])),
    ("speed_1.03", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "speed", "1.03"])),
    ("tempo_0.95", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "tempo", "0.95"])),
    ("tempo_1.05", ("wav", SOX + ["{src}", "-b", "16", "{dst}", "tempo", "1.05"])),
])


# ----------------------------------------------------------------------------- corpus

def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def components(paths, relations, sha):
    """Union-find over relations.tsv edges and equal sha256: path -> component root."""
    parent = {p: p for p in paths}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in relations:
        union(r["a"], r["b"])
    first_with = {}
    for p in paths:
        h = sha.get(p)
        if h:
            union(p, first_with.setdefault(h, p))
    return {p: find(p) for p in paths}


def candidate_order(rows, seed, accept):
    """The rows that accept() takes, in the order originals are picked: kinds take turns and,
    within a kind, its packages take turns; a turn goes on down the package's (shuffled) files,
    then to the kind's next package, until a file is accepted, so files passed over do not cost
    their kind a turn."""
    rng = random.Random("%s:originals" % seed)
    by_kind = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in rows:
        by_kind[r["kind"]][r["source_package"]].append(r)
    kinds = []
    for kind in sorted(by_kind):
        packages = sorted(by_kind[kind])
        rng.shuffle(packages)
        queues = []
        for p in packages:
            files = sorted(by_kind[kind][p], key=lambda r: r["path"])
            rng.shuffle(files)
            queues.append(collections.deque(files))
        kinds.append(collections.deque(queues))
    rng.shuffle(kinds)
    kinds = collections.deque(kinds)
    while kinds:
        queues, got = kinds.popleft(), None
        while queues and got is None:
            q = queues.popleft()
            while q and got is None:
                r = q.popleft()
                if accept(r):
                    got = r
            if q:
                queues.append(q)
        if got is not None:
            yield got
        if queues:
            kinds.append(queues)


def read_pcm16(path):
    """Mono int16 samples and rate of a WAV file (sox converts anything that is not 16-bit)."""
    try:
        with wave.open(path, "rb") as w:
            if w.getsampwidth() == 2:
                rate, ch = w.getframerate(), w.getnchannels()
                x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
                return x.reshape(-1, ch), rate
    except (wave.Error, EOFError):
        pass
    rate = int(subprocess.run(["soxi", "-r", path], capture_output=True, text=True, check=True).stdout)
    ch = int(subprocess.run(["soxi", "-c", path], capture_output=True, text=True, check=True).stdout)
    raw = subprocess.run(SOX + [path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").reshape(-1, ch), rate


def loudness(path):
    """(RMS in dBFS, fraction of 1-s windows above WINDOW_ACTIVE_DBFS) of a WAV file."""
    x, rate = read_pcm16(path)
    mono = x.astype(np.float64).mean(axis=1) / 32768.0
    if mono.size == 0:
        return -np.inf, 0.0
    rms = np.sqrt(np.mean(mono ** 2))
    n = mono.size // rate
    if n == 0:
        return 20 * np.log10(rms + 1e-12), 0.0
    win = np.sqrt(np.mean(mono[: n * rate].reshape(n, rate) ** 2, axis=1))
    active = np.mean(20 * np.log10(win + 1e-12) > WINDOW_ACTIVE_DBFS)
    return 20 * np.log10(rms + 1e-12), float(active)


def pick_originals(corpus, n, seed):
    """The originals (manifest rows, with 'rms_dbfs'), counts of what was passed over, and the
    number of WAV files long enough."""
    manifest = read_tsv(os.path.join(corpus, "manifest.tsv"))
    relations = read_tsv(os.path.join(corpus, "relations.tsv"))
    comp = components([r["path"] for r in manifest], relations, {r["path"]: r["sha256"] for r in manifest})
    skipped = collections.Counter()
    eligible = []
    for r in manifest:
        if not (r["kind"] == "wav_clip" or r["kind"].startswith("wav_render_")) or not r["path"].endswith(".wav"):
            continue
        try:
            d = float(r["duration_s"])
        except ValueError:
            skipped["no duration"] += 1
            continue
        if d < MIN_DURATION_S:
            skipped["shorter than %g s" % MIN_DURATION_S] += 1
            continue
        eligible.append(r)
    used = set()

    def accept(r):
        if comp[r["path"]] in used:
            skipped["related to an original"] += 1
            return False
        rms, active = loudness(os.path.join(corpus, r["path"]))
        if rms < SILENT_RMS_DBFS or active < MIN_ACTIVE_FRACTION:
            skipped["silent or mostly silent"] += 1
            print("  silent: %s (RMS %.1f dBFS, %.0f %% of seconds active)" % (r["path"], rms, 100 * active))
            return False
        used.add(comp[r["path"]])
        r["rms_dbfs"] = rms
        return True

    chosen = []
    for r in candidate_order(eligible, seed, accept):
        chosen.append(r)
        if len(chosen) == n:
            break
    return chosen, skipped, len(eligible)


# ----------------------------------------------------------------------------- outputs

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (cmd[0], p.returncode, p.stderr.strip()[-500:]))


def tmp_name(dst):
    d, b = os.path.split(dst)
    stem, ext = os.path.splitext(b)
    return os.path.join(d, ".%s.part%s" % (stem, ext))  # keeps the extension the tools go by


def add_noise(src, dst, seed, name):
    """White Gaussian noise at 20 dB SNR relative to the clip's RMS, seeded by (seed, name)."""
    x, rate = read_pcm16(src)
    xf = x.astype(np.float64)
    rms = np.sqrt(np.mean(xf ** 2))
    key = int.from_bytes(hashlib.sha256(("%s:noise_20db:%s" % (seed, name)).encode()).digest()[:8], "little")
    noise = np.random.default_rng(key).standard_normal(xf.shape) * (rms / 10.0)
    y = np.clip(np.rint(xf + noise), -32768, 32767).astype("<i2")
    with wave.open(dst, "wb") as w:
        w.setnchannels(x.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(y.tobytes())


def make(task):
    """Write one output file; returns (task, status) with status 'made', 'kept' or an error."""
    kind, src, dst, extra = task
    if os.path.exists(dst) and os.path.getsize(dst) > 0:
        return task, "kept"
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    tmp = tmp_name(dst)
    try:
        if kind == "original":
            run(SOX + [src, "-b", "16", "-e", "signed-integer", "-t", "wav", tmp])
        elif kind == "noise_20db":
            add_noise(src, tmp, extra["seed"], extra["name"])
        else:
            with wave.open(src, "rb") as w:
                frames = w.getnframes()
            fields = {"src": src, "dst": tmp, "start20": int(round(0.2 * frames)),
                      "keep80": frames - int(round(0.2 * frames))}
            run([a.format(**fields) for a in DISGUISES[kind][1]])
        if not os.path.exists(tmp) or os.path.getsize(tmp) == 0:
            raise RuntimeError("no output")
        os.replace(tmp, dst)
        return task, "made"
    except Exception as e:  # any tool or I/O failure is reported, the rest of the grid goes on
        if os.path.exists(tmp):
            os.remove(tmp)
        return task, "failed: %s" % e


def run_tasks(tasks, jobs, label):
    status = {}
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for i, (task, st) in enumerate(ex.map(make, tasks), 1):
            status[task[2]] = st
            if st.startswith("failed"):
                print("  %s: %s" % (os.path.basename(task[2]), st), file=sys.stderr)
            if i % 200 == 0 or i == len(tasks):
                print("  %s: %d/%d (%.0f s)" % (label, i, len(tasks), time.time() - t0), flush=True)
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("devcorpus")
    ap.add_argument("out")
    ap.add_argument("--originals", type=int, default=400, help="number of originals (default 400)")
    ap.add_argument("--copies-per-disguise", type=int, default=100, help="copies per disguise (default 100)")
    ap.add_argument("--seed", default="1", help="seed of every random choice (default 1)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel workers (default 2)")
    a = ap.parse_args()
    corpus, out = os.path.abspath(a.devcorpus), os.path.abspath(a.out)
    t0 = time.time()

    print("picking %d originals from %s (seed %s)" % (a.originals, corpus, a.seed), flush=True)
    chosen, skipped, n_eligible = pick_originals(corpus, a.originals, a.seed)
    if len(chosen) < a.originals:
        print("warning: only %d unrelated, non-silent originals available" % len(chosen), file=sys.stderr)
    names = ["o%04d" % i for i in range(len(chosen))]

    # Refuse to mix two selections in one OUT (outputs are kept, so they would go stale).
    otsv = os.path.join(out, "originals.tsv")
    if os.path.exists(otsv):
        before = {r["original"]: r["source_path"] for r in read_tsv(otsv)}
        for name, r in zip(names, chosen):
            rel = "originals/%s.wav" % name
            if rel in before and before[rel] != r["path"]:
                sys.exit("error: %s was built from another selection (%s is %s, now %s); use a new OUT"
                         % (out, rel, before[rel], r["path"]))

    tasks = [("original", os.path.join(corpus, r["path"]), os.path.join(out, "originals", n + ".wav"), None)
             for n, r in zip(names, chosen)]
    print("writing %d originals" % len(tasks), flush=True)
    status = run_tasks(tasks, a.jobs, "originals")
    os.makedirs(out, exist_ok=True)
    with open(otsv + ".part", "w", encoding="utf-8") as f:
        f.write("original\tsource_path\tkind\tsource_package\tduration_s\n")
        for n, r in zip(names, chosen):
            f.write("originals/%s.wav\t%s\t%s\t%s\t%s\n" % (n, r["path"], r["kind"], r["source_package"], r["duration_s"]))
    os.replace(otsv + ".part", otsv)

    ok = [n for n in names if not status[os.path.join(out, "originals", n + ".wav")].startswith("failed")]
    copy_tasks, grid = [], []
    for disguise, (ext, _) in DISGUISES.items():
        order = list(ok)
        random.Random("%s:copies:%s" % (a.seed, disguise)).shuffle(order)
        for n in sorted(order[: a.copies_per_disguise]):
            src = os.path.join(out, "originals", n + ".wav")
            dst = os.path.join(out, "copies", disguise, "%s.%s" % (n, ext))
            copy_tasks.append((disguise, src, dst, {"seed": a.seed, "name": n}))
            grid.append(("originals/%s.wav" % n, os.path.relpath(dst, out), disguise))
    print("writing %d copies (%d disguises)" % (len(copy_tasks), len(DISGUISES)), flush=True)
    status.update(run_tasks(copy_tasks, a.jobs, "copies"))

    gtsv = os.path.join(out, "grid.tsv")
    with open(gtsv + ".part", "w", encoding="utf-8") as f:
        f.write("original\tcopy\tdisguise\n")
        for o, c, d in grid:
            if not status[os.path.join(out, c)].startswith("failed"):
                f.write("%s\t%s\t%s\n" % (o, c, d))
    os.replace(gtsv + ".part", gtsv)

    # ------------------------------------------------------------------ summary
    print()
    short = skipped.pop("shorter than %g s" % MIN_DURATION_S, 0) + skipped.pop("no duration", 0)
    print("corpus: %d WAV files of at least %g s (%d shorter); passed over while picking: %s"
          % (n_eligible, MIN_DURATION_S, short, ", ".join("%s %d" % kv for kv in sorted(skipped.items())) or "none"))
    print("originals: %d from %d source packages" % (len(chosen), len({r["source_package"] for r in chosen})))
    for kind, k in sorted(collections.Counter(r["kind"] for r in chosen).items()):
        print("  %-22s %4d" % (kind, k))
    print("%-14s %6s %6s %6s" % ("disguise", "made", "kept", "failed"))
    by_d = collections.defaultdict(collections.Counter)
    for disguise, _, dst, _ in copy_tasks:
        by_d[disguise][status[dst].split(":")[0]] += 1
    for disguise in DISGUISES:
        c = by_d[disguise]
        print("%-14s %6d %6d %6d" % (disguise, c["made"], c["kept"], c["failed"]))
    failed = sum(1 for s in status.values() if s.startswith("failed"))
    print("%d originals, %d copies in grid.tsv, %d failed; %.0f s; output in %s"
          % (len(ok), sum(1 for o, c, d in grid if not status[os.path.join(out, c)].startswith("failed")),
             failed, time.time() - t0, out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
