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
echo "== the device a step asking for one GPU sees"
seen=$("$LADDER" log "devices[].devices" --store "$STORE" | grep -m1 "^CUDA_VISIBLE_DEVICES=" || true)
echo "$seen"
grep -Eq "^CUDA_VISIBLE_DEVICES=[^,]+ torch_devices=1$" <<<"$seen" || { echo "FAIL: expected one device named and one visible to torch"; exit 1; }
echo "== analysis"; "$LADDER" log "analysis[].analysis" --store "$STORE" | tail -n 15 || true

echo "== the adapters reloaded with PEFT outside ladder, layout against PEFT's own"
REF="${PEFT_REFERENCE:-../shared/data/peft-reference}"
[ -f "$REF/adapter_config.json" ] || REF=.gpu/peft-reference
python3 engines/python/tools/check_adapters.py .gpu/tiny-cohere2 "$STORE/views/verify-gpu-verify/tiny-cohere2" --reference "$REF"

echo "== a second ladder run executes nothing"
"$LADDER" run ladders/verify-gpu.yaml --store "$STORE" "${gpus_flag[@]}" | tail -n 1

echo "== log-likelihood mode: the seven SIB-200 options ranked after the prompt, base + adapter"
rm -rf .gpu/loglik
"$LADDER" engine run eval --ladder ladders/verify-gpu.yaml --out .gpu/loglik \
  --input base=.gpu/tiny-cohere2 --input "adapter=$PWD/$STORE/views/verify-gpu-verify/tiny-cohere2/condition-2-zh-seed42" \
  --input "benchmarks=$PWD/ladders/demo-data" --input "templates=$PWD/engines/python/tests/fixtures/templates" \
  --param "benchmarks=[sib200]" --param "templates=[template1, template2]" --param "data_langs=[en, ur]" \
  --param "instr_langs=[en]" --param mode=loglikelihood --param limit=16 | tail -n 3
python3 - <<'PY'
import json
doc = json.load(open(".gpu/loglik/sib200_results_template2.json"))
options = json.load(open("engines/python/tests/fixtures/templates/sib200.json"))["options"]
rows = [r for k, v in doc.items() if k.startswith("template2_") for r in v]
assert len(rows) == 32, len(rows)
assert all(len(r["option_scores"]) == 7 and r["raw_output"] in options for r in rows)
best = [options[max(range(7), key=lambda k: (r["option_scores"][k], -k))] for r in rows]
assert best == [r["raw_output"] for r in rows]
print(f"log-likelihood: {len(rows)} rows, 7 scores each, answers {sorted(set(best))}; first row {rows[0]}")
PY

echo "== failure paths: clear errors (the engine exits 2, and so does ladder engine run), CUDA OOM exits 75, nothing written"
VIEWS="$PWD/$STORE/views/verify-gpu-verify"
expect() {  # expect CODE TEXT -- command...: the command exits CODE and its output names TEXT
  local code=$1 text=$2; shift 3
  local out got=0; out=$("$@" 2>&1) || got=$?
  if [ $got -eq "$code" ] && grep -q -- "$text" <<<"$out"; then echo "ok   exit $got: $(grep -m1 -o -- "$text.*" <<<"$out" | cut -c1-150)"
  else echo "FAIL expected exit $code and '$text', got $got:"; echo "$out" | tail -n 5; failures=$((failures + 1)); fi
}
failures=0
[ -f .gpu/other-model/config.json ] || python3 engines/python/tools/make_tiny_model.py .gpu/other-model --hidden-size 64 >/dev/null
EV=(--input "benchmarks=ladders/demo-data" --input "templates=engines/python/tests/fixtures/templates")
expect 2 "made for another base model" -- "$LADDER" engine run eval --ladder ladders/verify-gpu.yaml --out .gpu/bad-1 \
  --input base=.gpu/other-model --input "adapter=$VIEWS/tiny-cohere2/condition-1-en-seed42" "${EV[@]}" \
  --param "benchmarks=[sib200]" --param "templates=[template1]" --param "data_langs=[en]" --param "instr_langs=[en]"
expect 2 "has no config.json" -- "$LADDER" engine run train --ladder ladders/verify-gpu.yaml --out .gpu/bad-2 \
  --input base=ladders --input "data=$VIEWS/datasets/condition-1-en" --param seed=1
expect 2 "no parameter 'seed'" -- "$LADDER" engine run train --ladder ladders/verify-gpu.yaml --out .gpu/bad-3 \
  --input base=.gpu/tiny-cohere2 --input "data=$VIEWS/datasets/condition-1-en"
expect 2 "need a CUDA GPU" -- env CUDA_VISIBLE_DEVICES= "$LADDER" engine run train --ladder ladders/verify-gpu.yaml \
  --out .gpu/bad-4 --input base=.gpu/tiny-cohere2 --input "data=$VIEWS/datasets/condition-1-en" --param seed=1
expect 0 "" -- env CUDA_VISIBLE_DEVICES= "$LADDER" engine run train --ladder ladders/verify-gpu.yaml --out .gpu/cpu-train \
  --input base=.gpu/tiny-cohere2 --input "data=$VIEWS/datasets/condition-1-en" --param seed=1 --param cpu_fallback=true --param max_steps=4
expect 75 "resource: CUDA out of memory" -- python3 engines/python/tools/oom_probe.py
for d in .gpu/bad-1 .gpu/bad-2 .gpu/bad-3 .gpu/bad-4; do
  [ -z "$(ls -A "$d" 2>/dev/null)" ] || { echo "FAIL $d is not empty"; failures=$((failures + 1)); }
done
echo "failure paths: $failures unexpected"
[ $failures -eq 0 ]
