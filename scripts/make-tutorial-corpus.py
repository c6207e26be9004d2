#!/usr/bin/env python3
"""Writes the tutorial's small Python corpus: 48 short synthetic modules
(functions, a class, loops, branches, exceptions, comments and strings, so
the subset filters keep them and the transpiler has keywords to translate).

The modules are generated here, for this project (CC0); nothing is copied.
The output is deterministic, so the committed file can be regenerated:

    python3 scripts/make-tutorial-corpus.py ladders/tutorial-data/corpus.jsonl
"""
import json
import sys

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
         "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"]


def module(i):
    a, b, c = WORDS[i % 16], WORDS[(i * 7 + 3) % 16], WORDS[(i * 5 + 1) % 16]
    s = f'"""Module {i}: helpers for {a} and {b}."""\n\nimport os\nimport sys\n\n'
    s += f"LIMIT_{i} = {i * 13 + 7}\n\n\n"
    s += f"def {a}_{i}(items, factor={i % 4 + 1}):\n"
    s += f"    # scale every {c} item that passes the limit\n"
    s += "    result = []\n    for item in items:\n        if item is None:\n            continue\n"
    s += f"        elif item > LIMIT_{i}:\n            result.append(item * factor)\n"
    s += f"        else:\n            result.append(item - {i})\n    return result\n\n\n"
    s += f'class {b.capitalize()}{i}:\n    """A {c} counter."""\n\n'
    s += f'    def __init__(self, name="{c}-{i}"):\n        self.name = name\n        self.count = {i % 9}\n\n'
    s += f"    def step(self, n):\n        while n > 0 and self.count < LIMIT_{i}:\n            self.count += n\n            n -= 1\n"
    s += "        return self.count\n\n"
    s += "    def read(self, path):\n        try:\n            with open(path) as handle:\n                return handle.read()\n"
    s += '        except OSError as error:\n            raise ValueError(f"cannot read {path}: {error}") from error\n'
    s += "        finally:\n            self.count -= 1\n\n\n"
    if i % 2 == 0:
        s += f"def {c}_pairs_{i}(values):\n    return {{k: v for k, v in zip(values, values[1:]) if k != v}}\n\n\n"
    else:
        s += f'def {c}_filter_{i}(values):\n    return [v for v in values if not isinstance(v, str) or v.startswith("{a}")]\n\n\n'
    if i % 3 == 0:
        s += f'async def fetch_{b}_{i}(client):\n    async with client as session:\n        return await session.get("/{a}/{i}")\n\n\n'
    s += f'if __name__ == "__main__":\n    print({a}_{i}([{i}, {i + 1}, None, {i * 3}]), file=sys.stderr)\n'
    return s


def main(out):
    with open(out, "w", encoding="utf-8") as f:
        for i in range(48):
            row = {"content": module(i), "license": "CC0-1.0", "path": f"pkg{i % 5}/module_{i}.py", "repo": f"tutorial/repo{i % 3}"}
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "ladders/tutorial-data/corpus.jsonl")
