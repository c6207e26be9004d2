#!/usr/bin/env python3
"""generate_eval: a base model (plus an optional PEFT adapter) answers the study's benchmarks;
an external engine of `ladder`, interchangeable with the built-in `eval` engine.

Inputs:  base        the base model: a directory or a source with a `model` id
         adapter     (optional) a train_lora output (adapter_config.json, adapter_model.safetensors)
         benchmarks  the benchmark directory (sib200/{flores}/test.tsv, xnli/{lang}/test.jsonl, ...)
         templates   the template directory ({benchmark}.json), the same files the built-in engine reads
Params:  benchmarks, templates, data_langs, instr_langs (lists), mode (generate | loglikelihood),
         max_new_tokens, batch_size, precision, quantization, limit (N examples balanced over the gold answers, as the built-in eval; 0 = all),
         cpu_fallback. Missing ones are errors.
Outputs: {benchmark}_results_{template}.json (the study's layout with example ids) and eval_summary.json.

Prompts are batched with left padding and answered greedily. Every answered row is appended
to {state_dir}/rows.jsonl (flushed per batch), so a killed attempt resumes where it stopped;
the result files are written from that file at the end.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import eval_formats as ef  # noqa: E402
import ladder_engine as le  # noqa: E402
import model_support as ms  # noqa: E402

ENGINE = "generate_eval"


class Settings:
    def __init__(self, p):
        self.benchmarks = p.strings("benchmarks", allowed=ef.BENCHMARKS)
        self.templates = p.strings("templates")
        self.data_langs = p.strings("data_langs")
        self.instr_langs = p.strings("instr_langs")
        self.mode = p.string("mode", allowed=ef.MODES)
        self.max_new_tokens = p.int("max_new_tokens", minimum=1)
        self.batch_size = p.int("batch_size", minimum=1)
        self.precision = p.string("precision", allowed=ms.PRECISIONS)
        self.quantization = p.string("quantization", "none", allowed=ms.QUANTIZATIONS)
        self.limit = p.int("limit", 0, minimum=0)
        self.cpu_fallback = p.bool("cpu_fallback", False)
        p.reject_unknown(ignored=("seed",))


def plan_cells(s, templates_dir, benchmarks_dir):
    """Loads template files and benchmark files and expands the matrix:
    [(benchmark, template, data_lang, instr_lang, key, examples)], checking everything first."""
    template_sets, files, examples = {}, {}, {}
    for b in s.benchmarks:
        template_sets[b] = ef.TemplateSet(os.path.join(templates_dir, f"{b}.json"))
        for t in s.templates:
            template_sets[b].require(t, s.instr_langs)
        for d in s.data_langs:
            path, rows = ef.load_benchmark(benchmarks_dir, b, d)
            rows = ef.balanced(rows, s.limit)
            examples[(b, d)] = rows
            files[os.path.relpath(path, benchmarks_dir)] = ef.sha256_file(path)
    plan = [(b, t, d, i, key, examples[(b, d)]) for b, t, d, i, key in
            ef.cells(s.benchmarks, s.templates, s.data_langs, s.instr_langs)]
    return plan, template_sets, files


def pending_work(plan, template_sets, store):
    """(cell, example, prompt) for every row not yet in the store, in plan order."""
    work = []
    for b, t, d, i, key, examples in plan:
        for ex in examples:
            if not store.has(key, ex.id):
                work.append((key, ex, template_sets[b].prompt(t, i, ex.values), template_sets[b].options))
    return work


def generate_batch(model, tokenizer, prompts, s, device):
    """Greedy continuations of `prompts` (left-padded); (text, hit_max_new_tokens) each."""
    import torch
    enc = tokenizer(prompts, return_tensors="pt", padding=True, return_token_type_ids=False).to(device.name)
    with torch.inference_mode(), torch.autocast(device_type="cuda", dtype=device.dtype,
                                                enabled=device.cuda and device.precision != "fp32"):
        out = model.generate(**enc, max_new_tokens=s.max_new_tokens, do_sample=False, num_beams=1,
                             pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    new = out[:, enc["input_ids"].shape[1]:].tolist()
    eos = tokenizer.eos_token_id
    answers = []
    for ids in new:
        stopped = eos in ids
        if stopped:
            ids = ids[:ids.index(eos)]
        answers.append((tokenizer.decode(ids, skip_special_tokens=True), not stopped and len(ids) >= s.max_new_tokens))
    return answers


def option_scores(model, tokenizer, prompt, options, device):
    """Sum of token log-probabilities of `" " + option` after `prompt`, one per option."""
    import torch
    context = tokenizer(prompt)["input_ids"]
    continuations = [tokenizer(" " + o, add_special_tokens=False)["input_ids"] for o in options]
    seqs = [context + c for c in continuations]
    width = max(len(x) for x in seqs)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    ids = torch.tensor([x + [pad] * (width - len(x)) for x in seqs], device=device.name)
    mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in seqs], device=device.name)
    with torch.inference_mode(), torch.autocast(device_type="cuda", dtype=device.dtype,
                                                enabled=device.cuda and device.precision != "fp32"):
        logits = model(input_ids=ids, attention_mask=mask).logits.float()
    logprobs = torch.log_softmax(logits, dim=-1)
    scores = []
    for row, c in enumerate(continuations):
        start = len(context)
        total = 0.0
        for k, token in enumerate(c):
            total += float(logprobs[row, start + k - 1, token])
        scores.append(round(total, 6))
    return scores


def main(request):
    s = Settings(request.params)
    templates_in, benchmarks_in = request.input("templates"), request.input("benchmarks")
    if templates_in.path is None or not os.path.isdir(templates_in.path):
        raise le.BadInput(f"{ENGINE}: input 'templates' must be a directory of {{benchmark}}.json files")
    if benchmarks_in.path is None or not os.path.isdir(benchmarks_in.path):
        raise le.BadInput(f"{ENGINE}: input 'benchmarks' must be the benchmark directory")
    plan, template_sets, files = plan_cells(s, templates_in.path, benchmarks_in.path)
    base = request.input("base")
    location, local = ms.model_location(ENGINE, base)
    adapter = request.input("adapter", required=False)
    if adapter is not None and adapter.path is None:
        raise le.BadInput(f"{ENGINE}: input 'adapter' has no path")

    store = ef.RowStore(request.state_path("rows.jsonl"))
    work = pending_work(plan, template_sets, store)
    total_rows = sum(len(p[5]) for p in plan)
    le.log(f"{ENGINE}: {len(plan)} cells, {total_rows} rows; {total_rows - len(work)} already answered "
           f"(attempt {request.attempt}), {len(work)} to go")
    figures = {}
    if work:
        ms.require_torch(ENGINE)
        device = ms.Device(ENGINE, s.precision, s.quantization, s.cpu_fallback)
        for note in device.notes:
            le.log(note)
        ms.seed_everything(0)
        model, tokenizer = ms.load_base(ENGINE, location, local, device)
        if adapter is not None:
            model = ms.attach_adapter(ENGINE, model, adapter.path)
        model.eval()
        tokenizer.padding_side = "left"
        for start in range(0, len(work), s.batch_size):
            batch = work[start:start + s.batch_size]
            rows = []
            if s.mode == "generate":
                answers = generate_batch(model, tokenizer, [w[2] for w in batch], s, device)
                for (key, ex, _prompt, _options), (text, hit) in zip(batch, answers):
                    rows.append({"cell": key, "example_id": ex.id, "gold": ex.gold, "raw_output": text,
                                 "hit_max_new_tokens": hit})
            else:
                for key, ex, prompt, options in batch:
                    scores = option_scores(model, tokenizer, prompt, options, device)
                    best = max(range(len(options)), key=lambda k: (scores[k], -k))
                    rows.append({"cell": key, "example_id": ex.id, "gold": ex.gold, "raw_output": options[best],
                                 "option_scores": scores})
            store.append(rows)
            le.log(f"answered {min(start + s.batch_size, len(work))}/{len(work)}")
        figures = device.figures()
        le.log(f"{ENGINE}: {len(work)} rows in {figures['seconds']} s on {figures.get('gpu', 'cpu')}; peak GPU "
               f"memory {figures.get('peak_gpu_memory_bytes', 0) / 2**20:.1f} MiB")

    written = ef.write_results(request.output_dir, plan, store, s.mode, s.max_new_tokens, template_sets, files)
    items = [{"id": key, "status": "ok", "extra": {"rows": len(examples)}} for _b, _t, _d, _i, key, examples in plan]
    metrics = dict(figures)
    metrics.update({"cells": len(plan), "rows": total_rows, "answered_this_attempt": len(work),
                    "results_files": len(written)})
    return le.Outcome(metrics=metrics, items=items, message=f"{total_rows} rows in {len(plan)} cells")


if __name__ == "__main__":
    le.run(main)
