#!/usr/bin/env python3
"""Asks the GPU for more memory than it has inside an engine run by ladder_engine and exits
with the protocol's status: 75 and a "resource: CUDA out of memory" result (verify-gpu checks it)."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import ladder_engine as le  # noqa: E402


def main(request):
    import torch
    torch.empty(1 << 46, dtype=torch.uint8, device="cuda")  # 64 TiB
    return le.Outcome()


if __name__ == "__main__":
    d = tempfile.mkdtemp()
    request = {"engine": "oom", "params": {}, "inputs": {}, "output_dir": d, "state_dir": d,
               "result_path": os.path.join(d, "..", os.path.basename(d) + "-result.json")}
    path = os.path.join(d + "-request.json")
    with open(path, "w") as f:
        json.dump(request, f)
    code = le.execute(main, ["oom_probe", path])
    print(json.load(open(request["result_path"]))["message"])
    sys.exit(code)
