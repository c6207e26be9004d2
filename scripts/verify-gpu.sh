#!/usr/bin/env bash
# `make verify-gpu`: the study's GPU engines through `ladder run` on a tiny Cohere2 model
# (docs/gpu-verification.md). Needs a CUDA GPU, python3 with torch, transformers, peft,
# accelerate, safetensors, tokenizers and bitsandbytes (engines/python/requirements.txt),
# and a `ladder` binary (LADDER, default .build/debug/ladder). Writes under .gpu/.
set -euo pipefail
cd "$(dirname "$0")/.."
LADDER="${LADDER:-.build/debug/ladder}"
STORE="${STORE:-.gpu/store}"
export PYTHONUNBUFFERED=1

echo "== machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || { echo "no NVIDIA GPU"; exit 1; }
python3 - <<'PY'
import sys
from importlib import metadata
import torch
print("python", sys.version.split()[0], "| cuda available", torch.cuda.is_available(), "| torch cuda", torch.version.cuda)
for name in ("torch", "transformers", "peft", "accelerate", "safetensors", "tokenizers", "bitsandbytes"):
    try:
        print(f"{name} {metadata.version(name)}")
    except metadata.PackageNotFoundError:
        print(f"{name} MISSING"); sys.exit(1)
PY

echo "== tiny model and data"
[ -f .gpu/tiny-cohere2/config.json ] || python3 engines/python/tools/make_tiny_model.py .gpu/tiny-cohere2
[ -f demo-data/stdlib-corpus.jsonl ] || python3 scripts/make-demo-corpus.py demo-data/stdlib-corpus.jsonl

echo "== ladder validate + run"
"$LADDER" validate ladders/verify-gpu.yaml
start=$(date +%s)
gpus_flag=()
if [ -z "${CUDA_VISIBLE_DEVICES+x}" ] && ! ls /dev/nvidia[0-9]* >/dev/null 2>&1; then
  n=$(nvidia-smi -L | grep -c '^GPU')
  echo "no /dev/nvidiaN device files here: ladder run --gpus $n (from nvidia-smi)"
  gpus_flag=(--gpus "$n")
fi
rc=0
"$LADDER" run ladders/verify-gpu.yaml --store "$STORE" --keep-going "${gpus_flag[@]}" || rc=$?
echo "ladder run took $(( $(date +%s) - start )) s (exit $rc)"
"$LADDER" status --store "$STORE" || true
if [ $rc -ne 0 ]; then
  for step in "condition-1[lang=en,seed=42].train" "baseline[].eval" "condition-1[lang=en,seed=42].eval"; do
    echo "== log of $step"; "$LADDER" log "$step" --store "$STORE" 2>&1 | tail -n 40 || true
  done
  exit $rc
fi
for step in "condition-1[lang=en,seed=42].train" "condition-2[lang=zh,seed=42].train" "baseline[].eval" \
            "condition-1[lang=en,seed=42].eval" "condition-2[lang=zh,seed=42].eval"; do
  echo "== $step"; "$LADDER" log "$step" --store "$STORE" | grep -E "peak GPU|trainable|truncation|rows in|step 1/|cells," || true
done
echo "== analysis"; "$LADDER" log "analysis[].analysis" --store "$STORE" | tail -n 15 || true

echo "== the adapters reloaded with PEFT outside ladder, layout against PEFT's own"
REF="${PEFT_REFERENCE:-../shared/data/peft-reference}"
[ -f "$REF/adapter_config.json" ] || REF=.gpu/peft-reference
python3 engines/python/tools/check_adapters.py .gpu/tiny-cohere2 "$STORE/views/verify-gpu-verify/tiny-cohere2" --reference "$REF"
