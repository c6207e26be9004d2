# ladder — two commands set everything up on a fresh Debian machine with Swift:
#   make run    install what is missing, build, run the demo ladder end to end
#   make test   install what is missing, build, run the tests
SWIFT     ?= swift
LADDER    := .build/debug/ladder
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := libssl-dev libsqlite3-dev libyaml-dev libopenblas-dev pkg-config python3
DEMO      ?= ladders/demo.yaml
# OpenBLAS 0.3.21 (Debian 12) does not recognise some CPUs (a virtualised Xeon reports a
# generic model) and falls back to its slowest kernels (Prescott: 32 instead of 151
# GFLOP/s for sgemm here); choose its kernels from the CPU's flags unless set already.
OPENBLAS_CORETYPE ?= $(shell grep -qw avx512bw /proc/cpuinfo 2>/dev/null && echo SkylakeX || { grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell; })
ifneq ($(OPENBLAS_CORETYPE),)
export OPENBLAS_CORETYPE
endif

.PHONY: all deps build run test bench fuzz manifest clean demo-data verify-hf

all: build

# Debian packages the build and tests need; installed only when missing.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

build: deps
	$(SWIFT) build

demo-data: deps
	python3 scripts/make-demo-corpus.py demo-data/stdlib-corpus.jsonl

run: build demo-data
	$(LADDER) run $(DEMO)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	cd Benchmarks && $(SWIFT) build -c release && $(SWIFT) build -c release --product ladder
	Benchmarks/.build/release/ladder-bench --out BENCHMARKS.md

fuzz: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address
	mkdir -p fuzz-corpus && cp ladders/*.yaml fuzz-corpus/
	Fuzz/.build/release/ladder-fuzz fuzz-corpus -max_total_time=$${FUZZ_SECONDS:-60} -timeout=10

# LadderModel against transformers + PEFT on the same ids (skips cleanly without torch).
verify-hf: build
	rm -rf .build/verify-hf
	.build/debug/ladder-model fixture .build/verify-hf
	python3 scripts/verify_hf.py .build/verify-hf

manifest: build
	$(LADDER) manifest ladders/language-decoded-phase2.yaml ladders/language-decoded-phase3.yaml > MANIFEST.md

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build
