"""The two engines end to end through the protocol, without torch: bad input is reported
before any model is loaded, and generate_eval resumes from its row store (the model is faked)."""
import json
import os
import shutil

import pytest

import eval_formats
import generate_eval
import ladder_engine as le
import model_support as ms
import train_lora
from conftest import FIXTURES, SIB200, needs_torch, read_result

STUDY = {"seed": 42, "r": 16, "lora_alpha": 32, "lora_dropout": 0.0,
         "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         "learning_rate": 2e-4, "epochs": 1, "batch_size": 8, "warmup_ratio": 0.05, "lr_scheduler_type": "cosine",
         "weight_decay": 0.01, "max_grad_norm": 1.0, "max_seq_length": 1024, "packing": True,
         "optim": "paged_adamw_8bit", "precision": "fp16", "quantization": "nf4"}


def dataset(tmp_path):
    d = tmp_path / "data"
    (d / "files").mkdir(parents=True)
    (d / "files" / "a.py").write_text("def f():\n    return 1\n")
    (d / "manifest.jsonl").write_text(json.dumps({"file_path": "a.py", "filename": "files/a.py", "split": "train"}) + "\n")
    return str(d)


@pytest.mark.parametrize("name", ["lora_dropout", "target_modules", "warmup_ratio", "optim", "max_seq_length", "packing"])
def test_train_lora_refuses_a_request_missing_a_hyperparameter(make_request, tmp_path, name):
    params = {k: v for k, v in STUDY.items() if k != name}
    path, raw = make_request("train", params, {"data": (dataset(tmp_path), {}), "base": (str(tmp_path), {})})
    assert le.execute(train_lora.main, ["train_lora.py", path]) == 2
    result = read_result(raw)
    assert result["status"] == "failed" and f"no parameter '{name}'" in result["message"]
    assert os.listdir(raw["output_dir"]) == []


def test_train_lora_names_a_missing_model_path(make_request, tmp_path):
    path, raw = make_request("train", STUDY, {"data": (dataset(tmp_path), {}), "base": (str(tmp_path / "nope"), {})})
    assert le.execute(train_lora.main, ["train_lora.py", path]) == 2
    assert "the base model" in read_result(raw)["message"] and "nope" in read_result(raw)["message"]


def test_train_lora_refuses_an_unknown_hyperparameter(make_request, tmp_path):
    path, raw = make_request("train", dict(STUDY, lora_dropuot=0.1), {"data": (dataset(tmp_path), {}), "base": (str(tmp_path), {})})
    assert le.execute(train_lora.main, ["train_lora.py", path]) == 2
    assert "lora_dropuot" in read_result(raw)["message"]


def test_an_adapter_for_another_base_model_is_named():
    dims = {"model.layers.0.self_attn.q_proj": (128, 128), "model.layers.0.mlp.down_proj": (256, 128)}
    fits = {"base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight": [16, 128],
            "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight": [128, 16]}
    assert ms.adapter_mismatches(fits, dims, 16) == []
    other = dict(fits, **{"base_model.model.model.layers.0.mlp.down_proj.lora_A.weight": [16, 512],
                          "base_model.model.model.layers.5.mlp.up_proj.lora_A.weight": [16, 128]})
    problems = ms.adapter_mismatches(other, dims, 16)
    assert problems == ["base_model.model.model.layers.0.mlp.down_proj.lora_A.weight: shape [16, 512], the base model needs [16, 256]",
                        "base_model.model.model.layers.5.mlp.up_proj.lora_A.weight: the base model has no module model.layers.5.mlp.up_proj"]


EVAL = {"benchmarks": ["sib200"], "templates": ["template1", "template2"], "data_langs": ["en", "ur"],
        "instr_langs": ["en", "zh"], "mode": "generate", "max_new_tokens": 10, "batch_size": 4, "precision": "fp16",
        "limit": 6}


class FakeDevice:
    def __init__(self, *a):
        self.notes, self.cuda, self.name, self.precision = [], False, "cpu", "fp32"

    def figures(self):
        return {"seconds": 0.0, "device": "cpu"}


class FakeModel:
    def eval(self):
        return self


class FakeTokenizer:
    padding_side = "right"


@pytest.fixture
def fake_model(monkeypatch):
    calls = {"prompts": 0, "stop_after": None}
    monkeypatch.setattr(ms, "require_torch", lambda engine: None)
    monkeypatch.setattr(ms, "Device", FakeDevice)
    monkeypatch.setattr(ms, "seed_everything", lambda seed: None)
    monkeypatch.setattr(ms, "load_base", lambda *a, **k: (FakeModel(), FakeTokenizer()))

    def generate(model, tokenizer, prompts, s, device):
        if calls["stop_after"] is not None and calls["prompts"] >= calls["stop_after"]:
            raise le.ResourceFailure("preempted")
        calls["prompts"] += len(prompts)
        return [(" travel" if "Category" in p else " sports", len(p) % 3 == 0) for p in prompts]

    monkeypatch.setattr(generate_eval, "generate_batch", generate)
    return calls


needs_sib200 = pytest.mark.skipif(not os.path.isdir(os.path.join(SIB200, "sib200")), reason="ladders/demo-data/sib200 is absent")


def eval_inputs():
    return {"base": (None, {"model": "org/tiny"}), "templates": (os.path.join(FIXTURES, "templates"), {}),
            "benchmarks": (SIB200, {})}


@needs_sib200
def test_generate_eval_resumes_where_a_killed_attempt_stopped(make_request, tmp_path, fake_model):
    path, raw = make_request("eval", EVAL, eval_inputs())
    fake_model["stop_after"] = 20
    assert le.execute(generate_eval.main, ["generate_eval.py", path]) == 75
    assert fake_model["prompts"] == 20 and os.listdir(raw["output_dir"]) == []
    fake_model["stop_after"] = None
    assert le.execute(generate_eval.main, ["generate_eval.py", path]) == 0
    assert fake_model["prompts"] == 2 * 2 * 2 * 6  # templates x data langs x instr langs x rows: each answered once
    resumed = {n: open(os.path.join(raw["output_dir"], n), "rb").read() for n in sorted(os.listdir(raw["output_dir"]))}
    assert sorted(resumed) == ["eval_summary.json", "sib200_results_template1.json", "sib200_results_template2.json"]

    # An uninterrupted run in a fresh state directory writes the same bytes.
    shutil.rmtree(raw["state_dir"]); os.makedirs(raw["state_dir"])
    shutil.rmtree(raw["output_dir"]); os.makedirs(raw["output_dir"])
    assert le.execute(generate_eval.main, ["generate_eval.py", path]) == 0
    fresh = {n: open(os.path.join(raw["output_dir"], n), "rb").read() for n in sorted(os.listdir(raw["output_dir"]))}
    assert fresh == resumed
    doc = json.loads(resumed["sib200_results_template1.json"])
    rows = doc["template1_sib200_data=ur_instr=zh"]
    _, urdu = eval_formats.load_benchmark(SIB200, "sib200", "ur")
    assert [r["example_id"] for r in rows] == [e.id for e in eval_formats.balanced(urdu, 6)]
    assert all(set(r) == {"example_id", "gold", "raw_output"} for r in rows)
    assert read_result(raw)["metrics"]["rows"] == 48


@needs_sib200
def test_generate_eval_without_torch_and_nothing_answered_says_what_is_missing(make_request):
    path, raw = make_request("eval", EVAL, eval_inputs())
    try:
        import torch  # noqa: F401
        pytest.skip("torch is installed here")
    except ImportError:
        pass
    assert le.execute(generate_eval.main, ["generate_eval.py", path]) == 2
    assert "needs torch" in read_result(raw)["message"]


@needs_sib200
def test_generate_eval_checks_templates_before_loading_a_model(make_request):
    path, raw = make_request("eval", dict(EVAL, instr_langs=["en", "de"]), eval_inputs())
    assert le.execute(generate_eval.main, ["generate_eval.py", path]) == 2
    assert "no instruction language de" in read_result(raw)["message"]


@needs_torch
def test_the_torch_stack_imports():
    ms.require_torch("test")
    assert ms.library_versions()["torch"] is not None
