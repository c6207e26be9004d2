#!/usr/bin/env python3
"""transformers + PEFT outputs for a `ladder-model fixture` directory (the torch half of `make verify-hf`).

    hf_reference.py DIR OUT.safetensors [--rebuild]

Loads DIR/base with transformers' Cohere2ForCausalLM (fp32, eager attention, CPU)
and DIR/adapter with PEFT, runs DIR/ours.json's ids and greedy prompts, and saves
the logits (tensors) and generations (metadata, JSON) in OUT for
`verify_hf.py DIR --reference OUT`. With --rebuild, first writes (or checks) the
weight files from the formula the fixture's weights follow, so a machine without
Swift needs only the small files.
"""
import json
import os
import sys


def formula_tensors(shapes, salt):
    """The fixture's weights (see formulaValue in Sources/ladder-model/main.swift)."""
    import numpy as np
    out = {}
    mask = np.uint64(0xFFFFFFFF)
    for k, name in enumerate(sorted(shapes)):
        shape = shapes[name]
        n = int(np.prod(shape))
        i = np.arange(n, dtype=np.uint64)
        key = np.uint64(k + 1000 * salt + 1)
        h = ((i * np.uint64(2654435761)) & mask) ^ ((key * np.uint64(2246822519)) & mask)
        h ^= h >> np.uint64(15)
        h = (h * np.uint64(2246822519)) & mask
        h ^= h >> np.uint64(13)
        u = ((h >> np.uint64(8)).astype(np.int64) - 8388608).astype(np.float32) / np.float32(8388608)
        if name.endswith("norm.weight"):
            v = np.float32(1) + u / np.float32(8)
        elif salt == 1:
            v = u * np.float32(0.25 if name == "model.embed_tokens.weight" else 0.125)
        else:
            v = u * np.float32(0.125 if "lora_A" in name else 0.0625)
        out[name] = v.astype(np.float32).reshape(shape)
    return out


def shapes_of(d):
    c = json.load(open(os.path.join(d, "base", "config.json")))
    a = json.load(open(os.path.join(d, "adapter", "adapter_config.json")))
    h, i, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    hd = h // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * hd, c["num_key_value_heads"] * hd
    proj = {"q_proj": (q, h), "k_proj": (kv, h), "v_proj": (kv, h), "o_proj": (h, q),
            "gate_proj": (i, h), "up_proj": (i, h), "down_proj": (h, i)}
    module = {p: ("mlp" if p in ("gate_proj", "up_proj", "down_proj") else "self_attn") for p in proj}
    base = {"model.embed_tokens.weight": [v, h], "model.norm.weight": [h]}
    adapter = {}
    for l in range(c["num_hidden_layers"]):
        base[f"model.layers.{l}.input_layernorm.weight"] = [h]
        for p, (o, n) in proj.items():
            base[f"model.layers.{l}.{module[p]}.{p}.weight"] = [o, n]
            if p in a["target_modules"]:
                pre = f"base_model.model.model.layers.{l}.{module[p]}.{p}"
                adapter[pre + ".lora_A.weight"] = [a["r"], n]
                adapter[pre + ".lora_B.weight"] = [o, a["r"]]
    return base, adapter


def rebuild(d):
    from safetensors.numpy import load_file, save_file
    base, adapter = shapes_of(d)
    for shapes, salt, path in ((base, 1, "base/model.safetensors"), (adapter, 2, "adapter/adapter_model.safetensors")):
        tensors = formula_tensors(shapes, salt)
        full = os.path.join(d, path)
        if os.path.exists(full):
            old = load_file(full)
            same = sorted(old) == sorted(tensors) and all((old[k] == tensors[k]).all() for k in tensors)
            print(f"rebuild: {path} {'equals' if same else 'DIFFERS FROM'} the formula")
            if not same:
                return False
        else:
            save_file(tensors, full, metadata={"format": "pt"})
            print(f"rebuild: wrote {path} ({len(tensors)} tensors)")
    return True


def transformers_outputs(d, ours):
    import torch
    import transformers
    import peft
    kwargs = {"attn_implementation": "eager"}
    try:
        model = transformers.Cohere2ForCausalLM.from_pretrained(os.path.join(d, "base"), dtype=torch.float32, **kwargs)
    except TypeError:
        model = transformers.Cohere2ForCausalLM.from_pretrained(os.path.join(d, "base"), torch_dtype=torch.float32, **kwargs)
    model.eval()
    ids = torch.tensor(ours["input_ids"])
    eos, pad = model.config.eos_token_id, model.config.pad_token_id

    def generate(m):
        outs = []
        for prompt in ours["prompts"]:
            p = torch.tensor([prompt])
            g = m.generate(input_ids=p, attention_mask=torch.ones_like(p), max_new_tokens=ours["max_new_tokens"],
                           do_sample=False, eos_token_id=eos, pad_token_id=pad)
            new = g[0, len(prompt):].tolist()
            outs.append(new[:new.index(eos)] if eos in new else new)
        return outs

    out = {"versions": {"transformers": transformers.__version__, "peft": peft.__version__, "torch": torch.__version__}}
    with torch.no_grad():
        out["logits_base"] = model(ids, attention_mask=torch.ones_like(ids)).logits.float().numpy()
        out["generated_base"] = generate(model)
        adapted = peft.PeftModel.from_pretrained(model, os.path.join(d, "adapter"))
        adapted.eval()
        out["logits_adapted"] = adapted(input_ids=ids, attention_mask=torch.ones_like(ids)).logits.float().numpy()
        out["generated_adapted"] = generate(adapted)
    return out


def save_reference(theirs, path):
    from safetensors.numpy import save_file
    meta = {k: json.dumps(v) for k, v in theirs.items() if not k.startswith("logits_")}
    save_file({k: v for k, v in theirs.items() if k.startswith("logits_")}, path, metadata=meta)




def main():
    args = [a for a in sys.argv[1:] if a != "--rebuild"]
    if len(args) != 2:
        print(__doc__)
        return 2
    d, out = args
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import peft  # noqa: F401
    except ImportError as e:
        print(f"hf_reference: needs torch, transformers and peft ({e.name} is missing)")
        return 2
    if "--rebuild" in sys.argv and not rebuild(d):
        return 1
    ours = json.load(open(os.path.join(d, "ours.json")))
    save_reference(transformers_outputs(d, ours), out)
    print(f"hf_reference: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
