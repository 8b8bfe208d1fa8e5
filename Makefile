# genki — build, test, demo and benchmark entry points.
SHELL := /bin/bash
SWIFT ?= swift
# Debian packages the build needs (system-library targets) and the benchmark's peers.
APT_PACKAGES := pkg-config libsndfile1-dev libsamplerate0-dev libsoxr-dev libxxhash-dev libfftw3-dev libsqlite3-dev libsecp256k1-dev libopenmpt-dev libgme-dev libsidplayfp-dev zlib1g-dev libstdc++-12-dev python3-venv
# fpcalc for the Chromaprint peer; sox, lame, oggenc and opusenc for bench/disguise_grid.py.
BENCH_APT_PACKAGES := libchromaprint-tools sox libsox-fmt-all lame vorbis-tools opus-tools openmpt123 sidplayfp gbsplay
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
GENKI := .build/debug/genki

.PHONY: all setup deps bench-deps test-deps build test test-bittensor test-trainer demo bench fixtures fuzz clean

all: build

# Installs the Debian packages in $(1) that are missing (idempotent: nothing runs when all are there).
define apt_install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install_missing,$(APT_PACKAGES))

bench-deps: deps
	$(call apt_install_missing,$(BENCH_APT_PACKAGES))
	@[ -x .venv-bench/bin/python ] && .venv-bench/bin/python -c "import webdataset, numpy" 2>/dev/null || { python3 -m venv .venv-bench && .venv-bench/bin/pip install -q soundfile soxr numpy symusic mido datasketch webdataset; }

# Python loaders the shard integration test reads genki's shards with (PyPI).
test-deps: deps
	@[ -x .venv-test/bin/python ] && .venv-test/bin/python -c "import webdataset, soundfile, datasets" 2>/dev/null || \
	  { python3 -m venv .venv-test && .venv-test/bin/pip install -q webdataset soundfile numpy datasets; }

# Regenerates the Bittensor golden vectors with the real SDK (pinned) and compares genki with them
# live; then runs the real SDK submitter against an unreachable endpoint. Not part of `make test`.
BITTENSOR_SDK := bittensor==10.5.0
test-bittensor: deps
	@[ -x .venv-bittensor/bin/python ] || { python3 -m venv .venv-bittensor && .venv-bittensor/bin/pip install -q "$(BITTENSOR_SDK)"; }
	mkdir -p .build
	.venv-bittensor/bin/python fixtures/bittensor/generate_vectors.py $(CURDIR)/.build/bittensor-vectors.json 1100 2>/dev/null
	$(SWIFT) build --build-tests
	GENKI_BITTENSOR_VECTORS=$(CURDIR)/.build/bittensor-vectors.json $(SWIFT) test --skip-build --disable-xctest --filter GenkiBittensorTests
	cmp .build/bittensor-vectors.json fixtures/bittensor/weight-vectors.json && echo "the committed vectors are current"
	bash tools/bittensor_unreachable_check.sh

# genki's shards through their real consumers: audiocraft 1.3.0's MusicDataset, the genki-dama
# trainer's loading steps and Hugging Face datasets' Audio feature (PyPI, in .venv-trainer:
# about 5 GB with torch 2.1.0's CUDA wheels). Not part of `make test`.
TRAINER_PACKAGES := spacy num2words transformers sentencepiece flashy hydra-core hydra_colorlog julius einops omegaconf soundfile pyyaml tqdm huggingface_hub librosa torchmetrics datasets pyarrow
test-trainer: deps
	$(call apt_install_missing,sox)
	@[ -x .venv-trainer/bin/python ] && .venv-trainer/bin/python -c "import audiocraft.data.music_dataset, datasets" 2>/dev/null || { \
	  python3 -m venv .venv-trainer && \
	  .venv-trainer/bin/pip install -q -c tools/trainer-constraints.txt torch torchaudio numpy && \
	  .venv-trainer/bin/pip install -q --no-deps audiocraft==1.3.0 av==12.0.0 xformers==0.0.22.post7 && \
	  .venv-trainer/bin/pip install -q -c tools/trainer-constraints.txt $(TRAINER_PACKAGES); }
	$(SWIFT) build
	bash tools/trainer_check.sh .build/debug/genki .venv-trainer/bin/python

setup: deps build

build: deps
	$(SWIFT) build

# Checks that Package.swift declares exactly what each target imports and that the sources are
# formatted (.swift-format), builds everything (the CLI tests run the real binaries), then runs the
# Swift Testing suites.
test: deps test-deps
	python3 tools/check_imports.py
	bash tools/format_check.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

demo: setup
	@echo "== genki ingest fixtures/audio fixtures/midi/good (good files)"
	$(GENKI) ingest fixtures/audio fixtures/midi/good
	@echo
	@echo "== genki midi render: the MIDI fixture as chiptune audio"
	mkdir -p .build/demo
	$(GENKI) midi render fixtures/midi/good/piece-format1.mid .build/demo/piece.wav
	$(GENKI) midi compare fixtures/midi/good/piece-format1.mid fixtures/midi/good/piece-96ppq-reversed-tracks.mid
	@echo
	@echo "== genki dedup fixtures/audio fixtures/midi/good"
	$(GENKI) dedup fixtures/audio fixtures/midi/good
	@echo
	@echo "== genki shard: 1-second clips of the fixtures (the demo pieces are short) as WebDataset shards"
	rm -rf .build/demo/shards
	$(GENKI) shard fixtures/audio fixtures/midi/good --out .build/demo/shards --clip 1 --render-midi --secret-file .build/demo/secret
	$(GENKI) shard verify .build/demo/shards
	@echo
	@echo "== tracker modules and chip music (libopenmpt, libgme, libsidplayfp): a MOD and its transposed, channel-swapped copy, a VGM, a two-song SID (one item per song)"
	$(GENKI) ingest fixtures/chip
	$(GENKI) dedup fixtures/chip
	@echo
	@echo "== genki ingest fixtures/bad (every bad file gets an error record; exit code 1)"
	$(GENKI) ingest fixtures/bad || [ $$? -eq 1 ]

# Regenerates the committed fixtures from their seeds.
fixtures: deps
	$(SWIFT) build --product genki-fixtures
	rm -rf fixtures/audio fixtures/bad fixtures/midi fixtures/chip
	.build/debug/genki-fixtures --out fixtures

# Benchmarks against the named peers (fpcalc, Python soundfile+soxr); not part of `make test`.
# With DEVCORPUS=PATH (a corpus built by ../shared/devcorpus/build.sh), the real-music disguise
# grid is built under bench-data/grid first and the landmark index, the dedup comparison, the
# million-item scale run and the Chromaprint peer are measured on it; the module grid measures
# the symbolic tier on the corpus's real tracker modules.
bench: bench-deps
	$(SWIFT) build -c release
	@if [ -n "$(DEVCORPUS)" ]; then \
	  .build/release/genki-bench --module-grid "$(DEVCORPUS)/symbolic/modules" && \
	  python3 bench/disguise_grid.py "$(DEVCORPUS)" bench-data/grid && \
	  .venv-bench/bin/python bench/peer_chromaprint.py bench-data/grid && \
	  .build/release/genki-bench --genki .build/release/genki --grid bench-data/grid --grid-audit && \
	  if [ -n "$(DEDUP_SCALE)" ]; then \
	    python3 bench/disguise_grid.py "$(DEVCORPUS)" bench-data/grid10k --originals 1000 --copies-per-disguise 600 && \
	    .build/release/genki-bench --genki .build/release/genki --grid bench-data/grid10k --grid-dedup-scale 1000 --grid-only; \
	  fi; \
	else \
	  .build/release/genki-bench --genki .build/release/genki; \
	fi

# libFuzzer harnesses (fuzz/): builds each with -sanitize=fuzzer and with fuzzer,address, and
# runs each target FUZZ_SECONDS from fuzz/corpus/<target>; crashes land in fuzz/crashers/<target>
# (gme runs in fork mode; its crashes of the classes in fuzz/contained/gme are only counted).
# Not part of `make test` (which replays the corpora and crashers without the fuzzer).
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

clean:
	rm -rf .build bench-data .venv-bench .venv-test .venv-bittensor .venv-trainer
