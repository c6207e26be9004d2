#!/usr/bin/env python3
"""Cross-check LadderModel against transformers + PEFT (`make verify-hf`).

`ladder-model fixture DIR` writes a Cohere2 base model (`base/`: config.json,
model.safetensors, tokenizer.json), a LoRA adapter (`adapter/`: adapter_config.json,
adapter_model.safetensors), and LadderModel's own logits (`ours.safetensors`),
greedy generations and token ids (`ours.json`). This script gets transformers'
outputs for the same ids (`hf_reference.py`: Cohere2ForCausalLM in fp32 with eager
attention on the CPU, the adapter through PEFT, unmerged) and reports the largest
absolute logit difference; it also compares greedy generations (KV cache, sliding
window) and, when the `tokenizers` package is present, the ids Hugging Face's
tokenizer gives with our tokenizer.json.

    verify_hf.py DIR                        run transformers here and compare
    verify_hf.py DIR --reference F          compare with `hf_reference.py DIR F` run elsewhere (no torch needed)
    verify_hf.py DIR --report R.json        also write the figures as JSON

Exit status 0 when every check passes (logits within --tolerance, identical
generations and ids), 1 when one fails; 0 with a "skipped" line when torch,
transformers or peft is missing and no --reference is given.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def load_reference(path):
    from safetensors import safe_open
    out = {}
    with safe_open(path, framework="numpy") as f:
        for k, v in (f.metadata() or {}).items():
            out[k] = json.loads(v)
        for k in f.keys():
            out[k] = f.get_tensor(k)
    return out


def compare(d, ours, theirs, tolerance):
    import numpy as np
    from safetensors.numpy import load_file
    mine = load_file(os.path.join(d, "ours.safetensors"))
    report = {"tolerance": tolerance, "versions": theirs.get("versions", {}), "checks": {}}
    ok = True
    for name in ("base", "adapted"):
        a, b = np.asarray(theirs[f"logits_{name}"], dtype=np.float64), mine[f"logits_{name}"].astype(np.float64)
        diff = float(np.abs(a - b).max())
        passed = diff < tolerance
        ok &= passed
        report["checks"][f"logits_{name}"] = {"max_abs_diff": diff, "max_abs_logit": float(np.abs(a).max()), "pass": passed}
        print(f"logits, {'base model' if name == 'base' else 'base + adapter (PEFT, unmerged)'}: max abs diff {diff:.3e} "
              f"(logits up to {np.abs(a).max():.3f}) {'ok' if passed else 'FAIL'}")
        same = theirs[f"generated_{name}"] == ours[f"generated_{name}"]
        ok &= same
        report["checks"][f"generation_{name}"] = {"identical": same}
        print(f"greedy generation, {name}: {'identical' if same else 'DIFFERENT'}"
              + ("" if same else f"\n  transformers {theirs[f'generated_{name}']}\n  ours         {ours[f'generated_{name}']}"))
    return ok, report


def compare_tokenizer(d, ours, report):
    try:
        from tokenizers import Tokenizer
    except ImportError:
        print("tokenizer: skipped (the tokenizers package is not installed)")
        return True
    tok = Tokenizer.from_file(os.path.join(d, "base", "tokenizer.json"))
    theirs = [tok.encode(t, add_special_tokens=False).ids for t in ours["texts"]]
    same = theirs == ours["text_ids"]
    decodes = [tok.decode(i, skip_special_tokens=True) for i in ours["text_ids"]] == ours["texts"]
    report["checks"]["tokenizer"] = {"identical_ids": same, "decodes": decodes}
    print(f"tokenizer: {'identical' if same else 'DIFFERENT'} ids on {len(ours['texts'])} texts (en, zh, es, ur, Python, white space); "
          f"decoding {'round-trips' if decodes else 'DIFFERS'}")
    return same and decodes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fixture")
    ap.add_argument("--tolerance", type=float, default=1e-3)
    ap.add_argument("--reference", help="transformers' outputs saved by hf_reference.py")
    ap.add_argument("--report", help="write the figures as JSON here")
    args = ap.parse_args()
    d = args.fixture
    ours = json.load(open(os.path.join(d, "ours.json")))
    if args.reference:
        theirs = load_reference(args.reference)
    else:
        try:
            import torch  # noqa: F401
            import transformers  # noqa: F401
            import peft  # noqa: F401
        except ImportError as e:
            report = {"checks": {}}
            tokenizer_ok = compare_tokenizer(d, ours, report)
            print(f"verify-hf: model checks skipped: {e.name} is not installed (needs torch, transformers, peft, safetensors)")
            return 0 if tokenizer_ok else 1
        import hf_reference
        theirs = hf_reference.transformers_outputs(d, ours)
    ok, report = compare(d, ours, theirs, args.tolerance)
    ok &= compare_tokenizer(d, ours, report)
    report["pass"] = ok
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=2, sort_keys=True)
    print("verify-hf: " + ("all checks pass" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
