#!/usr/bin/env python3
"""Builds raw seed inputs for each fuzz target into OUT/<target>/ from the repo's fixtures.

Usage: fuzz/seed.py OUT [GENKI]   (GENKI: a built genki binary, default .build/debug/genki)

audio: short clips of fixtures/audio in every container/codec sox, lame, oggenc and opusenc
write (libsndfile's parsers), plus fixtures/bad. midi: fixtures/midi. tar: small shards in
genki's tar layout built from the members of a real `genki shard` run. json: sidecars, manifest
lines, dataset.json, a sealed manifest, an audit sketch and response (and both together), and
a sketch's landmark text, each behind its reader's selector byte (FuzzTarget.JSONReader).
fingerprint: the fingerprint blobs of a registry that ingested the fixtures. chip: generated
MODs and PSID tunes behind their selector byte (`genki-fixtures --chip-seeds`). gme: small NSF,
NSFe, VGM, VGZ, GYM, SPC, GBS, HES, KSS, AY and SAP files behind theirs (`genki-fixtures --gme-seeds`).
`fuzz/seed.sh` then merges them (libFuzzer -merge=1) into fuzz/corpus/<target>.
"""
import json, os, shutil, sqlite3, subprocess, sys, tarfile, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.abspath(sys.argv[1])
genki = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, ".build/debug/genki"))
fx = os.path.join(root, "fixtures")
work = tempfile.mkdtemp(prefix="genki-seed-")

def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)

def run(*args, **kw):
    return subprocess.run(list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)

# audio ----------------------------------------------------------------------------------
src = os.path.join(work, "src.wav")
run("sox", os.path.join(fx, "audio/a-stereo-44100-pcm16.wav"), "-r", "8000", src, "trim", "0", "0.25")
mono = os.path.join(work, "mono.wav")
run("sox", src, "-c", "1", mono)
variants = [
    ("pcm16.wav", []), ("pcm8.wav", ["-b", "8"]), ("pcm24.wav", ["-b", "24"]), ("pcm32.wav", ["-b", "32"]),
    ("float.wav", ["-e", "floating-point", "-b", "32"]), ("double.wav", ["-e", "floating-point", "-b", "64"]),
    ("ulaw.wav", ["-e", "u-law"]), ("alaw.wav", ["-e", "a-law"]), ("imaadpcm.wav", ["-e", "ima-adpcm"]),
    ("msadpcm.wav", ["-e", "ms-adpcm"]), ("gsm.wav", ["-e", "gsm-full-rate", "-c", "1"]),
    ("s16.aiff", []), ("s24.aifc", ["-b", "24"]), ("s16.au", []), ("ulaw.au", ["-e", "u-law"]),
    ("s16.caf", []), ("s16.w64", []), ("s16.flac", []), ("s24.flac", ["-b", "24"]), ("s8.voc", ["-b", "8"]),
    ("s16.sf", []), ("s16.paf", []), ("s16.wavpcm", []), ("rf64.wav", ["-t", "rf64"]), ("s16.8svx", ["-b", "8"]),
    ("s16.xi", []), ("ima.vox", ["-t", "vox", "-c", "1"]),
]
for name, args in variants:
    dst = os.path.join(work, "a-" + name)
    typ = []
    if name.endswith(".wavpcm"):
        typ = ["-t", "wavpcm"]
        dst = dst[: -len("pcm")]
    if "-t" in args:
        typ, args = args[args.index("-t"):args.index("-t") + 2], args[:args.index("-t")] + args[args.index("-t") + 2:]
    try:
        run("sox", src if "-c" not in args else mono, *args, *typ, dst)
    except subprocess.CalledProcessError:
        continue
    put("audio", os.path.basename(dst), open(dst, "rb").read())
# RF64 (ds64 sizes), built from the PCM WAV: libsndfile reads it, sox may not write it.
wav = open(os.path.join(out, "audio", "a-pcm16.wav"), "rb").read()
import struct
fmt_at = wav.index(b"fmt ")
fmt = wav[fmt_at:fmt_at + 8 + struct.unpack("<I", wav[fmt_at + 4:fmt_at + 8])[0]]
data_at = wav.index(b"data")
pcm = wav[data_at + 8:]
ds64 = b"ds64" + struct.pack("<IQQQI", 28, 4 + 36 + len(fmt) + 8 + len(pcm), len(pcm), len(pcm) // 4, 0)
put("audio", "a-rf64.wav", b"RF64" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + ds64 + fmt + b"data" + struct.pack("<I", 0xFFFFFFFF) + pcm)
for tool, args, name in [("oggenc", ["-Q", "-q", "0", "-o"], "vorbis.ogg"), ("lame", ["--quiet", "-b", "32"], "mp3.mp3"),
                         ("opusenc", ["--quiet", "--bitrate", "12"], "opus.opus")]:
    dst = os.path.join(work, name)
    try:
        if tool == "oggenc":
            run(tool, *args, dst, src)
        else:
            run(tool, *args, src, dst)
        put("audio", name, open(dst, "rb").read())
    except (subprocess.CalledProcessError, FileNotFoundError):
        pass
for name in sorted(os.listdir(os.path.join(fx, "bad"))):
    data = open(os.path.join(fx, "bad", name), "rb").read()
    if len(data) <= 64 << 10:
        put("audio", "bad-" + name, data)

# midi -----------------------------------------------------------------------------------
for sub in ("good", "bad"):
    for name in sorted(os.listdir(os.path.join(fx, "midi", sub))):
        put("midi", sub + "-" + name, open(os.path.join(fx, "midi", sub, name), "rb").read())

# shards, sealed shards, registry, audit -------------------------------------------------
shards = os.path.join(work, "shards")
run(genki, "shard", os.path.join(fx, "audio/c-mono-22050-pcm16.wav"), os.path.join(fx, "midi/good"), "--out", shards,
    "--clip", "1", "--render-midi", "--include-midi", "--flac", "--secret-file", os.path.join(work, "secret"), "--jobs", "1")
pub, priv = os.path.join(work, "key.pub"), os.path.join(work, "key")
run(genki, "shard", "keygen", "--private-key", priv, "--public-key", pub)
sealed = os.path.join(work, "sealed")
run(genki, "shard", os.path.join(fx, "midi/good"), "--out", sealed, "--clip", "1", "--render-midi", "--flac",
    "--secret-file", os.path.join(work, "secret"), "--encrypt-to", pub, "--jobs", "1")
db = os.path.join(work, "r.db")
run(genki, "ingest", "--profile", "fp", "--fingerprint", "--registry", db, "--dataset", "d", "--miner", "M",
    os.path.join(fx, "audio"), os.path.join(fx, "midi/good"))
sketch = os.path.join(work, "sketch.json")
run(genki, "audit", "sketch", "--registry", db, "--dataset", "d", "--miner", "M", "--round", "R", "--seed", "S", "--out", sketch)
response = os.path.join(work, "response.json")
run(genki, "audit", "respond", "--registry", db, "--dataset", "d", "--sketch", sketch, "--round", "R", "--seed", "S",
    "--challenge-seed", "C", "--count", "3", "--out", response)

# tar: genki-layout archives (TarArchive.header) of small sample groups -----------------------
def header(name, size):
    h = bytearray(512)
    def put_(text, off, width):
        b = text.encode()[:width]
        h[off:off + len(b)] = b
    def octal(v, off, width):
        d = format(v, "o")
        put_("0" * max(0, width - 1 - len(d)) + d, off, width - 1)
    put_(name, 0, 100); octal(0o644, 100, 8); octal(0, 108, 8); octal(0, 116, 8); octal(size, 124, 12); octal(0, 136, 12)
    h[156] = ord("0"); put_("ustar", 257, 6); put_("00", 263, 2)
    h[148:156] = b" " * 8
    s = format(sum(h), "o")
    put_("0" * max(0, 6 - len(s)) + s, 148, 6)
    h[154] = 0; h[155] = ord(" ")
    return bytes(h)

def archive(members):
    out_ = b""
    for name, data in members:
        out_ += header(name, len(data)) + data + b"\0" * ((512 - len(data) % 512) % 512)
    return out_ + b"\0" * 1024

groups = {}
for name in sorted(os.listdir(shards)):
    if name.endswith(".tar"):
        with tarfile.open(os.path.join(shards, name)) as t:
            for m in t.getmembers():
                key, ext = m.name.split(".", 1)
                groups.setdefault(key, {})[ext] = t.extractfile(m).read()
small = [(k, g) for k, g in sorted(groups.items(), key=lambda kg: sum(len(v) for v in kg[1].values()))]
for i, (key, g) in enumerate(small[:3]):
    put("tar", f"sample-{i}.tar", archive([(f"{key}.{ext}", g[ext]) for ext in sorted(g)]))
key, g = small[0]
put("tar", "sidecar-and-mid.tar", archive([(f"{key}.{ext}", g[ext]) for ext in sorted(g) if ext != "flac"]))
put("tar", "two-samples-no-audio.tar", archive([(f"{k}.{ext}", gg[ext]) for k, gg in sorted(small[:2]) for ext in sorted(gg) if ext != "flac"]))
put("tar", "empty.tar", b"\0" * 1024)

# json ------------------------------------------------------------------------------------
SIDECAR, MANIFEST, CARD, SEALED, SKETCH, RESPONSE, PAIR, LANDMARKS = range(8)
for i, (key, g) in enumerate(small[:3]):
    put("json", f"sidecar-{i}.json", bytes([SIDECAR]) + g["json"])
lines = open(os.path.join(shards, "manifest.jsonl"), "rb").read().splitlines(keepends=True)
put("json", "manifest.jsonl", bytes([MANIFEST]) + b"".join(lines[:2]))
put("json", "dataset.json", bytes([CARD]) + open(os.path.join(shards, "dataset.json"), "rb").read())
for name in sorted(os.listdir(sealed)):
    if name.endswith(".json") and "seal" in name:
        put("json", "sealed-" + name, bytes([SEALED]) + open(os.path.join(sealed, name), "rb").read())
sk = open(sketch, "rb").read()
rs = open(response, "rb").read()
put("json", "sketch.json", bytes([SKETCH]) + sk)
put("json", "response.json", bytes([RESPONSE]) + rs)
put("json", "sketch-and-response.json", bytes([PAIR]) + sk.rstrip(b"\n") + b"\0" + rs)
for e in json.loads(sk)["entries"]:
    if e.get("landmarks"):
        put("json", "landmarks.txt", bytes([LANDMARKS]) + e["landmarks"].encode())
        break

# fingerprint -----------------------------------------------------------------------------
con = sqlite3.connect(db)
for i, (kind, blob) in enumerate(con.execute("SELECT kind, data FROM fingerprints ORDER BY length(data)")):
    if len(blob) <= 64 << 10:
        put("fingerprint", f"{kind}-{i}.bin", blob)
# chip ------------------------------------------------------------------------------------
run(os.path.join(os.path.dirname(genki), "genki-fixtures"), "--chip-seeds", "--out", os.path.join(out, "chip"))
# gme -------------------------------------------------------------------------------------
run(os.path.join(os.path.dirname(genki), "genki-fixtures"), "--gme-seeds", "--out", os.path.join(out, "gme"))
shutil.rmtree(work)
for t in sorted(os.listdir(out)):
    files = os.listdir(os.path.join(out, t))
    print(t, len(files), "files", sum(os.path.getsize(os.path.join(out, t, f)) for f in files), "bytes")
