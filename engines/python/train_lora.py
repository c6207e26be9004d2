#!/usr/bin/env python3
"""train_lora: (Q)LoRA fine-tuning of a causal language model, an external engine of `ladder`.

Inputs:  data  a dataset directory (subset, transpile or translate output: manifest.jsonl + files)
         base  the base model: a directory (config.json, weights, tokenizer) or a source with a `model` id
Params:  every hyperparameter comes from the request (the ladder is the single source of truth);
         a missing one is an error. See PARAMETERS below and engines/python/README.md.
Outputs: adapter_config.json, adapter_model.safetensors (PEFT layout), training_metrics.json
         (loss curve, tokens, library versions, hyperparameters) and truncation.json (per file:
         tokens and tokens lost to truncation).
Metrics: wall time, GPU, peak GPU memory, final loss — the attempt's record, not the outputs.

4-bit NF4 loading through bitsandbytes needs a CUDA GPU; without one the engine fails unless
the request sets `cpu_fallback: true` (then fp32, no quantization, torch's AdamW). `backend:
unsloth` uses Unsloth (fails when it cannot be imported); `auto` uses it when importable.
GPU training is not bit-reproducible: seeds are set everywhere, but nothing downstream may
assume equal bytes from two GPU runs.
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ladder_engine as le  # noqa: E402
import model_support as ms  # noqa: E402
import train_data  # noqa: E402

ENGINE = "train_lora"
PROJECTIONS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
SCHEDULERS = ("linear", "cosine", "constant", "constant_with_warmup")
OPTIMIZERS = ("adamw_torch", "paged_adamw_8bit", "adamw_8bit")
BACKENDS = ("transformers", "unsloth", "auto")


class Settings:
    """Every hyperparameter, read from the request (required unless a default is stated)."""

    def __init__(self, p):
        self.seed = p.int("seed")
        self.r = p.int("r", aliases=("lora_r",), minimum=1)
        alpha = p.number("lora_alpha", minimum=0)
        self.lora_alpha = int(alpha) if alpha.is_integer() else alpha  # PEFT writes 32, not 32.0
        self.lora_dropout = p.number("lora_dropout", minimum=0, maximum=0.999)
        self.target_modules = p.strings("target_modules", allowed=PROJECTIONS)
        self.learning_rate = p.number("learning_rate", aliases=("lr",), minimum=0)
        self.epochs = p.int("epochs", aliases=("num_train_epochs",), minimum=1)
        self.batch_size = p.int("batch_size", aliases=("per_device_train_batch_size",), minimum=1)
        self.accumulation = p.int("gradient_accumulation_steps", 1, minimum=1)
        self.warmup_ratio = p.number("warmup_ratio", minimum=0, maximum=1)
        self.scheduler = p.string("lr_scheduler_type", allowed=SCHEDULERS)
        self.weight_decay = p.number("weight_decay", minimum=0)
        self.max_grad_norm = p.number("max_grad_norm", minimum=0)
        self.max_seq_length = p.int("max_seq_length", minimum=2)
        self.packing = p.bool("packing")
        self.optim = p.string("optim", aliases=("optimizer",), allowed=OPTIMIZERS)
        self.precision = p.string("precision", allowed=ms.PRECISIONS)
        self.quantization = p.string("quantization", allowed=ms.QUANTIZATIONS)
        self.double_quant = p.bool("bnb_4bit_use_double_quant", True)
        self.backend = p.string("backend", "transformers", allowed=BACKENDS)
        self.cpu_fallback = p.bool("cpu_fallback", False)
        self.max_steps = p.int("max_steps", 0, minimum=0)
        self.logging_steps = p.int("logging_steps", 1, minimum=1)
        self.adapter_name = p.string("adapter_name", None)
        self.base_model_name = p.string("base_model_name_or_path", None)
        self.config_name = p.string("config", None)
        p.reject_unknown()

    def as_json(self):
        return {k: v for k, v in sorted(vars(self).items())}


def tokenize_dataset(rows, tokenizer):
    train, held, items = [], [], []
    for file_path, split, text in rows:
        if not text:
            items.append({"id": file_path, "status": "skipped", "error": "empty file"})
            continue
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        if split in train_data.VALIDATION_SPLITS:
            held.append((file_path, ids))
        elif split == "train":
            train.append((file_path, ids))
        else:
            items.append({"id": file_path, "status": "skipped", "error": f"split '{split}' is neither train nor validation"})
    return train, held, items


def build_model(s, device, location, local):
    """The base model with fresh LoRA adapters (PEFT, or Unsloth when asked and importable)."""
    use_unsloth = s.backend == "unsloth"
    if s.backend in ("unsloth", "auto"):
        try:
            from unsloth import FastLanguageModel
            use_unsloth = True
        except ImportError as e:
            if s.backend == "unsloth":
                raise le.BadInput(f"{ENGINE}: backend unsloth was asked for but cannot be imported ({e}); "
                                  f"install it or set backend: transformers")
            use_unsloth = False
    if use_unsloth:
        if not device.cuda:
            raise le.BadInput(f"{ENGINE}: backend unsloth needs a CUDA GPU")
        model, tokenizer = FastLanguageModel.from_pretrained(
            model_name=location, max_seq_length=s.max_seq_length, dtype=device.dtype,
            load_in_4bit=device.quantization == "nf4", local_files_only=local)
        model = FastLanguageModel.get_peft_model(
            model, r=s.r, lora_alpha=s.lora_alpha, lora_dropout=s.lora_dropout, target_modules=s.target_modules,
            bias="none", random_state=s.seed, use_gradient_checkpointing=False)
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        return model, tokenizer, "unsloth"
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    model, tokenizer = ms.load_base(ENGINE, location, local, device, s.double_quant)
    if device.quantization == "nf4":
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    config = LoraConfig(r=s.r, lora_alpha=s.lora_alpha, lora_dropout=s.lora_dropout, target_modules=list(s.target_modules),
                        bias="none", task_type="CAUSAL_LM")
    return get_peft_model(model, config), tokenizer, "transformers+peft"


def make_optimizer(s, params, device):
    import torch
    if s.optim == "adamw_torch" or not device.cuda:
        return torch.optim.AdamW(params, lr=s.learning_rate, weight_decay=s.weight_decay), "adamw_torch"
    import bitsandbytes as bnb
    if s.optim == "paged_adamw_8bit":
        return bnb.optim.PagedAdamW8bit(params, lr=s.learning_rate, weight_decay=s.weight_decay), s.optim
    return bnb.optim.AdamW8bit(params, lr=s.learning_rate, weight_decay=s.weight_decay), s.optim


def collate(batch, pad_id, device):
    """Right-padded input ids, attention mask and labels (-100 on padding)."""
    import torch
    width = max(len(x) for x in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    for i, seq in enumerate(batch):
        ids[i, :len(seq)] = torch.tensor(seq)
        mask[i, :len(seq)] = 1
        labels[i, :len(seq)] = torch.tensor(seq)
    return ids.to(device), mask.to(device), labels.to(device)


def train(s, model, tokenizer, sequences, device):
    """The training loop: shuffled micro-batches, gradient accumulation, warm-up and schedule,
    fp16 loss scaling, gradient clipping. Returns the loss curve and the tokens seen."""
    import torch
    from transformers import get_scheduler
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer, optim_used = make_optimizer(s, params, device)
    total = train_data.schedule_steps(len(sequences), s.batch_size, s.accumulation, s.epochs)
    if s.max_steps:
        total = min(total, s.max_steps)
    warmup = math.ceil(s.warmup_ratio * total)
    scheduler = get_scheduler(s.scheduler, optimizer, num_warmup_steps=warmup, num_training_steps=total)
    scaler = torch.amp.GradScaler("cuda", enabled=device.cuda and device.precision == "fp16")
    autocast = device.cuda and device.precision in ("fp16", "bf16")
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    generator = torch.Generator().manual_seed(s.seed)
    model.train()
    curve, tokens_seen, step, micro_losses = [], 0, 0, []
    for epoch in range(s.epochs):
        order = torch.randperm(len(sequences), generator=generator).tolist()
        micro_batches = train_data.batches(order, s.batch_size)
        for index, batch_ids in enumerate(micro_batches):
            ids, mask, labels = collate([sequences[i] for i in batch_ids], pad_id, device.name)
            with torch.autocast(device_type="cuda", dtype=device.dtype, enabled=autocast):
                loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            value = float(loss.detach())
            if not math.isfinite(value):
                raise le.EngineError(f"{ENGINE}: the loss is not finite ({value}) at step {step + 1}, epoch {epoch + 1}; "
                                     f"lower learning_rate or check the data (precision {device.precision})")
            scaler.scale(loss / s.accumulation).backward()
            micro_losses.append(value)
            tokens_seen += int(mask.sum())
            last = index == len(micro_batches) - 1
            if len(micro_losses) < s.accumulation and not last:
                continue
            scaler.unscale_(optimizer)
            grad_norm = float(torch.nn.utils.clip_grad_norm_(params, s.max_grad_norm if s.max_grad_norm > 0 else float("inf")))
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            scheduler.step()
            step += 1
            if step % s.logging_steps == 0 or step == total:
                curve.append({"step": step, "epoch": epoch + 1, "loss": round(sum(micro_losses) / len(micro_losses), 6),
                              "learning_rate": scheduler.get_last_lr()[0],
                              "grad_norm": round(grad_norm, 6) if math.isfinite(grad_norm) else None})
                le.log(f"step {step}/{total} loss {curve[-1]['loss']:.4f} lr {curve[-1]['learning_rate']:.3g}")
            micro_losses = []
            if step >= total:
                return curve, tokens_seen, step, optim_used
    return curve, tokens_seen, step, optim_used


def held_out_loss(model, tokenizer, sequences, s, device):
    import torch
    if not sequences:
        return None
    model.eval()
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in train_data.batches(sequences, s.batch_size):
            ids, mask, labels = collate(batch, pad_id, device.name)
            with torch.autocast(device_type="cuda", dtype=device.dtype, enabled=device.cuda and device.precision != "fp32"):
                loss = float(model(input_ids=ids, attention_mask=mask, labels=labels).loss)
            total += loss * len(batch)
            count += len(batch)
    return round(total / count, 6)


def save_adapter(model, out_dir, base_name):
    """PEFT's files only (no model card), with a base model name that does not depend on paths."""
    for config in model.peft_config.values():
        config.base_model_name_or_path = base_name
        # PEFT keeps target_modules as a set, whose order changes with each process's hash seed:
        # a sorted list keeps adapter_config.json's bytes a function of the request.
        if isinstance(config.target_modules, (set, frozenset)):
            config.target_modules = sorted(config.target_modules)
    model.save_pretrained(out_dir)
    card = os.path.join(out_dir, "README.md")
    if os.path.exists(card):
        os.unlink(card)
    for name in ("adapter_config.json", "adapter_model.safetensors"):
        if not os.path.isfile(os.path.join(out_dir, name)):
            raise le.EngineError(f"{ENGINE}: PEFT did not write {name}")


def main(request):
    s = Settings(request.params)
    data = request.input("data")
    if data.path is None:
        raise le.BadInput(f"{ENGINE}: input 'data' has no path")
    rows = train_data.read_dataset(data.path)
    base = request.input("base")
    location, local = ms.model_location(ENGINE, base)
    ms.require_torch(ENGINE)
    device = ms.Device(ENGINE, s.precision, s.quantization, s.cpu_fallback)
    for note in device.notes:
        le.log(note)
    ms.seed_everything(s.seed)
    model, tokenizer, backend = build_model(s, device, location, local)
    ms.seed_everything(s.seed)

    train_docs, held_docs, items = tokenize_dataset(rows, tokenizer)
    if not train_docs:
        raise le.BadInput(f"{ENGINE}: the dataset at {data.path} has no non-empty train files ({len(rows)} rows)")
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    sequences, docs = train_data.pack(train_docs, s.max_seq_length, s.packing, bos, eos)
    held_sequences, _ = train_data.pack(held_docs, s.max_seq_length, s.packing, bos, eos) if held_docs else ([], [])
    dropped = sum(d.dropped for d in docs)
    if dropped:
        le.log(f"truncation: {sum(1 for d in docs if d.dropped)} of {len(docs)} files lost {dropped} of "
               f"{sum(d.tokens for d in docs)} tokens (max_seq_length {s.max_seq_length}, packing {s.packing})")
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    le.log(f"{ENGINE}: {backend}, {device.name} {device.precision} quantization {device.quantization}; r {s.r}, alpha "
           f"{s.lora_alpha}, targets {','.join(s.target_modules)}: {trainable} trainable parameters; "
           f"{len(sequences)} sequences of at most {s.max_seq_length} tokens")

    curve, tokens_seen, steps, optim_used = train(s, model, tokenizer, sequences, device)
    loss_after = held_out_loss(model, tokenizer, held_sequences, s, device)

    base_name = s.base_model_name or base.source.get("model") or os.path.basename(os.path.normpath(location))
    save_adapter(model, request.output_dir, base_name)
    le.write_json(request.output_path("truncation.json"),
                  {"max_seq_length": s.max_seq_length, "packing": s.packing, "files": [d.as_json() for d in docs]})
    le.write_json(request.output_path("training_metrics.json"), {
        "adapter_name": s.adapter_name,
        "backend": backend,
        "base_model": base_name,
        "dataset_tokens": sum(d.tokens for d in docs),
        "dropped_tokens": dropped,
        "held_out_loss": loss_after,
        "held_out_sequences": len(held_sequences),
        "hyperparameters": s.as_json(),
        "libraries": ms.library_versions(),
        "loss_curve": curve,
        "optimizer": optim_used,
        "optimizer_steps": steps,
        "precision": device.precision,
        "quantization": device.quantization,
        "tokens_seen": tokens_seen,
        "trainable_parameters": trainable,
        "training_files": len(docs),
        "training_sequences": len(sequences),
        "truncated_files": sum(1 for d in docs if d.dropped),
    })
    figures = device.figures()
    le.log(f"trained {steps} steps in {figures['seconds']} s on {figures.get('gpu', 'cpu')}; peak GPU memory "
           f"{figures.get('peak_gpu_memory_bytes', 0) / 2**20:.1f} MiB")
    for d in docs:
        items.append({"id": d.id, "status": "ok", "extra": {"tokens": d.tokens, "dropped": d.dropped}})
    for doc_id, _ in held_docs:
        items.append({"id": doc_id, "status": "ok", "extra": {"split": "validation"}})
    metrics = dict(figures)
    metrics.update({"optimizer_steps": steps, "tokens_seen": tokens_seen, "trainable_parameters": trainable,
                    "final_loss": curve[-1]["loss"] if curve else None, "held_out_loss": loss_after,
                    "dropped_tokens": dropped, "backend": backend})
    return le.Outcome(metrics=metrics, items=items,
                      message=f"{steps} steps, final loss {metrics['final_loss']}")


if __name__ == "__main__":
    le.run(main)
