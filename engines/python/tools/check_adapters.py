#!/usr/bin/env python3
"""Reloads adapters written by train_lora with PEFT, outside ladder, and compares their layout
with an adapter PEFT itself wrote (../shared/data/peft-reference/, same tiny architecture).

    check_adapters.py BASE_DIR ADAPTERS_DIR [--reference DIR]

ADAPTERS_DIR holds one adapter per folder (a ladder view such as
STORE/views/verify-gpu-verify/tiny-cohere2/). For each: the config keys, tensor names, shapes
and dtypes equal the reference's; PEFT loads it onto the base model; its logits are finite and
differ from the base model's (the adapter does something). Exit 1 on any failure.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def layout(directory):
    from safetensors import safe_open
    with open(os.path.join(directory, "adapter_config.json"), encoding="utf-8") as f:
        config = json.load(f)
    tensors = {}
    with safe_open(os.path.join(directory, "adapter_model.safetensors"), framework="pt") as f:
        metadata = f.metadata()
        for key in f.keys():
            t = f.get_slice(key)
            tensors[key] = (tuple(t.get_shape()), t.get_dtype())
    return config, tensors, metadata


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("adapters")
    parser.add_argument("--reference")
    args = parser.parse_args()

    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    reference = layout(args.reference) if args.reference else None
    folders = sorted(d for d in os.listdir(args.adapters) if os.path.isfile(os.path.join(args.adapters, d, "adapter_config.json")))
    if not folders:
        print(f"no adapters under {args.adapters}")
        return 1
    ids = torch.arange(1, 33).unsqueeze(0)
    failures = 0
    for name in folders:
        directory = os.path.join(args.adapters, name)
        config, tensors, metadata = layout(directory)
        problems = []
        if reference:
            ref_config, ref_tensors, ref_metadata = reference
            if set(config) != set(ref_config):
                problems.append(f"config keys differ: {sorted(set(config) ^ set(ref_config))}")
            for key in ("r", "lora_alpha", "lora_dropout", "bias", "task_type", "peft_type"):
                if config.get(key) != ref_config.get(key):
                    problems.append(f"{key}: {config.get(key)!r}, the reference has {ref_config.get(key)!r}")
            if sorted(config.get("target_modules") or []) != sorted(ref_config.get("target_modules") or []):
                problems.append("target_modules differ from the reference")
            if tensors != ref_tensors:
                problems.append(f"tensors differ: {len(set(tensors) ^ set(ref_tensors))} names, "
                                f"{sum(1 for k in tensors if k in ref_tensors and tensors[k] != ref_tensors[k])} shapes/dtypes")
            if metadata != ref_metadata:
                problems.append(f"safetensors metadata {metadata}, the reference has {ref_metadata}")
        base = AutoModelForCausalLM.from_pretrained(args.base, dtype=torch.float32).eval()
        with torch.no_grad():
            before = base(input_ids=ids).logits
            model = PeftModel.from_pretrained(base, directory).eval()
            after = model(input_ids=ids).logits
        change = float((after - before).abs().max())
        if not torch.isfinite(after).all():
            problems.append("non-finite logits with the adapter")
        if change == 0:
            problems.append("the adapter does not change the logits")
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print(f"{name}: {len(tensors)} tensors, r {config.get('r')}, alpha {config.get('lora_alpha')}, "
              f"base_model_name_or_path {config.get('base_model_name_or_path')!r}; PEFT reload max |logit change| "
              f"{change:.3e}; layout {'= reference' if reference and not problems else 'not compared' if not reference else ''} {status}")
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
