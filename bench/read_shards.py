"""Reads a genki shard folder with real loaders and prints one JSON line per sample.

Usage: read_shards.py webdataset|datasets DIR

webdataset: iterates the tars with `webdataset.WebDataset`, decodes each WAV with soundfile.
datasets:   loads the tars with Hugging Face `datasets` (its webdataset builder).
Each line: {"key", "wav_sha256", "frames", "sample_rate", "json_key"}, plus "source_ext" and
"source_sha256" for a sample carrying its chip source (`genki shard --include-source`); the genki
test compares them with the manifest.
"""
import ast
import glob
import hashlib
import io
import json
import os
import sys

import soundfile

# Everything is local: never ask the Hugging Face hub.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def wav_facts(raw):
    data, rate = soundfile.read(io.BytesIO(raw), dtype="int16")
    return len(data), rate


# Chip source members genki may add (`--include-source`).
SOURCE_EXTENSIONS = ("it", "mod", "s3m", "xm")


def with_webdataset(folder):
    import webdataset as wds

    urls = sorted(glob.glob(os.path.join(folder, "*.tar")))
    for sample in wds.WebDataset(urls, shardshuffle=False):
        raw = sample["wav"]
        frames, rate = wav_facts(raw)
        sidecar = json.loads(sample["json"])
        record = {"key": sample["__key__"], "wav_sha256": hashlib.sha256(raw).hexdigest(), "frames": frames,
                  "sample_rate": rate, "json_key": sidecar["key"]}
        for ext in SOURCE_EXTENSIONS:
            if ext in sample:
                record["source_ext"] = ext
                record["source_sha256"] = hashlib.sha256(sample[ext]).hexdigest()
        yield record


def with_datasets(folder):
    import datasets

    files = sorted(glob.glob(os.path.join(folder, "*.tar")))
    # The WAV column is read as plain bytes: datasets' Audio feature needs torch + torchcodec,
    # which do not install "within reason" here. The sidecar stays a JSON string.
    # The source columns are named too: datasets infers columns from the first samples only, and
    # a folder mixes samples with and without a source.
    columns = {"__key__": datasets.Value("string"), "__url__": datasets.Value("string"),
               "wav": datasets.Value("binary"), "json": datasets.Value("string")}
    columns.update({ext: datasets.Value("binary") for ext in SOURCE_EXTENSIONS})
    features = datasets.Features(columns)
    ds = datasets.load_dataset("webdataset", data_files={"train": files}, split="train", features=features)
    for row in ds:
        raw = row["wav"]
        frames, rate = wav_facts(raw)
        # datasets decodes the JSON and, with a string feature, stores the dict's repr.
        sidecar = ast.literal_eval(row["json"]) if isinstance(row["json"], str) else row["json"]
        record = {"key": row["__key__"], "wav_sha256": hashlib.sha256(raw).hexdigest(), "frames": frames,
                  "sample_rate": rate, "json_key": sidecar["key"]}
        for ext in SOURCE_EXTENSIONS:
            if row.get(ext) is not None:
                record["source_ext"] = ext
                record["source_sha256"] = hashlib.sha256(row[ext]).hexdigest()
        yield record


def with_datasets_audio(folder):
    """Hugging Face datasets with its Audio feature decoding every WAV member.

    datasets 4 decodes Audio through torch + torchcodec (which needs FFmpeg's libraries);
    datasets 3 decodes it with soundfile. `make test-trainer` runs this in a venv with
    datasets<4 and soundfile, so the real Audio feature path is exercised without torch.
    """
    import datasets

    files = sorted(glob.glob(os.path.join(folder, "*.tar")))
    ds = datasets.load_dataset("webdataset", data_files={"train": files}, split="train")
    assert isinstance(ds.features["wav"], datasets.Audio), f"wav is typed {ds.features['wav']}, not Audio"
    raw = datasets.load_dataset("webdataset", data_files={"train": files}, split="train").cast_column("wav", datasets.Audio(decode=False))
    for row, undecoded in zip(ds, raw):
        audio = row["wav"]
        data = undecoded["wav"]["bytes"]
        frames, rate = wav_facts(data)
        assert audio["sampling_rate"] == rate and len(audio["array"]) == frames, (audio["sampling_rate"], len(audio["array"]), rate, frames)
        yield {"key": row["__key__"], "wav_sha256": hashlib.sha256(data).hexdigest(), "frames": len(audio["array"]),
               "sample_rate": audio["sampling_rate"], "json_key": row["json"]["key"]}


if __name__ == "__main__":
    reader = {"webdataset": with_webdataset, "datasets": with_datasets, "datasets-audio": with_datasets_audio}[sys.argv[1]]
    for record in reader(sys.argv[2]):
        print(json.dumps(record, sort_keys=True))
