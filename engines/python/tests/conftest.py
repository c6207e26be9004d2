"""Shared helpers for the engines' tests: the engines folder on sys.path, request files, fixtures."""
import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(ENGINES))
sys.path.insert(0, ENGINES)

FIXTURES = os.path.join(HERE, "fixtures")
SIB200 = os.path.join(REPO, "ladders", "demo-data")  # holds sib200/{flores}/test.tsv


def has_torch():
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import peft  # noqa: F401
        return True
    except ImportError:
        return False


needs_torch = pytest.mark.skipif(not has_torch(), reason="torch, transformers and peft are not installed (pip install -r engines/python/requirements.txt)")


@pytest.fixture
def make_request(tmp_path):
    """Writes a request.json as the runner does and returns its path and the parsed dict."""
    def make(engine, params, inputs, attempt=1, done_items=()):
        out, state, scratch = tmp_path / "out", tmp_path / "state", tmp_path / "scratch"
        for d in (out, state, scratch):
            d.mkdir(exist_ok=True)
        raw = {"protocol_version": 1, "step": "0" * 64, "plan_key": "1" * 64, "engine": engine, "params": params,
               "inputs": {name: {"kind": "source", "paths": [p] if p else [], "hashes": [], "source": src}
                          for name, (p, src) in inputs.items()},
               "output_dir": str(out), "scratch_dir": str(scratch), "state_dir": str(state),
               "result_path": str(tmp_path / "result.json"), "resources": {"cpus": 1, "gpus": 0},
               "done_items": list(done_items), "attempt": attempt}
        path = tmp_path / "request.json"
        path.write_text(json.dumps(raw, sort_keys=True, indent=2) + "\n", encoding="utf-8")
        return str(path), raw
    return make


def read_result(raw):
    with open(raw["result_path"], encoding="utf-8") as f:
        return json.load(f)
