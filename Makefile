# ladder — two commands set everything up on a fresh Debian machine with Swift:
#   make run    install what is missing, build, run the demo ladder end to end
#   make test   install what is missing, build, run the tests
SWIFT     ?= swift
LADDER    := .build/debug/ladder
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := libssl-dev libsqlite3-dev libyaml-dev libopenblas-dev pkg-config python3
DEMO      ?= ladders/demo.yaml
# The ladder the reliability campaign kills and damages (the demo ladder unless set).
RELIABILITY_LADDER ?= $(DEMO)
RELIABILITY_KILLS  ?= 100
# The binary it kills (default: the debug build `make build` makes).
RELIABILITY_BIN    ?= $(LADDER)
export RELIABILITY_BIN
FUZZ_SECONDS       ?= 60
# OpenBLAS 0.3.21 (Debian 12) does not recognise some CPUs (a virtualised Xeon reports a
# generic model) and falls back to its slowest kernels (Prescott: 32 instead of 151
# GFLOP/s for sgemm here); choose its kernels from the CPU's flags unless set already.
OPENBLAS_CORETYPE ?= $(shell grep -qw avx512bw /proc/cpuinfo 2>/dev/null && echo SkylakeX || { grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell; })
ifneq ($(OPENBLAS_CORETYPE),)
export OPENBLAS_CORETYPE
endif

.PHONY: all deps build run test test-python bench bench-peers fuzz fuzz-build reliability reliability-quick manifest clean demo-data verify-hf verify-gpu embed-data

all: build

# Debian packages the build and tests need; installed only when missing.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c 'import pytest' >/dev/null 2>&1 || dpkg -s python3-pytest >/dev/null 2>&1 || missing="$$missing python3-pytest"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

build: deps
	$(SWIFT) build

demo-data: deps
	python3 scripts/make-demo-corpus.py demo-data/stdlib-corpus.jsonl

run: build demo-data
	$(LADDER) run $(DEMO)
	@echo "A model this small scores near chance (one over the number of answer options; the report draws it per benchmark):"
	@echo "the demo shows every stage of the study running for real, not findings (ladders/demo.yaml says what each stage is)."

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory reliability-quick

# The Python engines' tests (engines/python/tests): no torch needed; torch-dependent tests skip.
test-python:
	@py=python3; $$py -c 'import pytest' 2>/dev/null || py=/usr/bin/python3; \
	$$py -m pytest -q -p no:cacheprovider engines/python/tests

# The scorer tables, language packs and prompt templates compiled into the binary (a test checks them).
embed-data:
	python3 scripts/embed-data.py

# The shortened campaign `make test` runs (a few seconds, on a small ladder): kills, two runs at once, damaged objects.
reliability-quick:
	python3 scripts/reliability.py --quick --kills 6 --only kill,concurrent,corrupt

# The whole campaign: >= 100 SIGKILLs with resumes, two runs at once, a corrupted and a truncated
# object, a full filesystem, each fuzz target for FUZZ_SECONDS; the table goes to docs/reliability.md.
reliability: build demo-data fuzz-build
	python3 scripts/reliability.py --ladder $(RELIABILITY_LADDER) --kills $(RELIABILITY_KILLS) \
	  --fuzz-seconds $(FUZZ_SECONDS) --out docs/reliability.md

bench: deps
	cd Benchmarks && $(SWIFT) build -c release && $(SWIFT) build -c release --product ladder
	Benchmarks/.build/release/ladder-bench --out BENCHMARKS.md

# ladder and Snakemake (PyPI, in a venv under .build/) on the same generated workflow at ~1k and
# ~10k steps, interleaved, 3 repetitions: plan, full run, no-op, early cutoff; ratios into BENCHMARKS.md.
PEERS_VENV := .build/peers-venv
SNAKEMAKE_VERSION ?= 9.27.0
PEERS_REPS ?= 3
PEERS_SIZES ?= 1k 10k
bench-peers: deps
	cd Benchmarks && $(SWIFT) build -c release --product ladder
	[ -x $(PEERS_VENV)/bin/snakemake ] || { python3 -m venv $(PEERS_VENV) || { $(SUDO) apt-get install -y -qq python3-venv && python3 -m venv $(PEERS_VENV); }; }
	[ -x $(PEERS_VENV)/bin/snakemake ] || $(PEERS_VENV)/bin/pip install -q snakemake==$(SNAKEMAKE_VERSION)
	python3 scripts/bench-peers.py --ladder-bin Benchmarks/.build/release/ladder --snakemake $(PEERS_VENV)/bin/snakemake \
	  --sizes $(PEERS_SIZES) --reps $(PEERS_REPS)

fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address

# One fuzz target (FUZZ_TARGET: ladder-yaml, python-roundtrip, results-json) from its corpus in Fuzz/corpus/.
FUZZ_TARGET ?= ladder-yaml
fuzz: fuzz-build
	rm -rf fuzz-corpus && mkdir -p fuzz-corpus && cp Fuzz/corpus/$(FUZZ_TARGET)/* fuzz-corpus/
	LADDER_FUZZ_TARGET=$(FUZZ_TARGET) Fuzz/.build/release/ladder-fuzz fuzz-corpus -max_total_time=$(FUZZ_SECONDS) -timeout=10

# LadderModel against transformers + PEFT on the same ids (skips cleanly without torch).
verify-hf: build
	rm -rf .build/verify-hf
	.build/debug/ladder-model fixture .build/verify-hf
	python3 scripts/verify_hf.py .build/verify-hf

# The study's GPU engines through `ladder run` on a tiny Cohere2 model (needs a CUDA GPU, torch and
# bitsandbytes; docs/gpu-verification.md). LADDER_BIN=path uses another binary (e.g. a relocated release one).
verify-gpu:
	@[ -n "$(LADDER_BIN)" ] || $(MAKE) build
	LADDER=$(or $(LADDER_BIN),$(LADDER)) scripts/verify-gpu.sh

manifest: build
	$(LADDER) manifest ladders/language-decoded-phase2.yaml ladders/language-decoded-phase3.yaml > MANIFEST.md

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build
