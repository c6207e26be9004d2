#!/usr/bin/env python3
"""word_count: a minimal external engine for `ladder` (see docs/engines.md).

Counts the words of every text file in its input `texts` (a file or a
directory; a source or another step's output). Each file is one *item*: the
engine reports it as ok, or as failed when it is not UTF-8, and a resumed
attempt skips the items the runner lists in `done_items`.

Inputs:  texts  (required)  file or directory of text files
         allow  (optional)  an `{items_of: ..., status: ok}` allowlist: only these files
Params:  lowercase (bool, default true), min_length (int, default 1)
Outputs: counts/<file>.json per ok file, and summary.json
Metrics: files, failed, words

Only the standard library; runs with any Python 3.8+.

For tests of resuming: when WORD_COUNT_STOP_AFTER=N is set (and the ladder
names it under `env:`), the engine stops after N new items with exit code 75,
as a preempted job would.
"""

import json
import os
import re
import shutil
import sys
from collections import Counter

EXIT_RETRY = 75  # EX_TEMPFAIL: "try again later"; a ladder can list it in retry.on_exit


def write_json(path, value):
    """Writes JSON through a temporary file, so a killed engine never leaves half a file."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, sort_keys=True, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def list_items(root):
    """Relative paths of the text files under root (or root's own name), sorted."""
    if os.path.isfile(root):
        return [os.path.basename(root)], os.path.dirname(root)
    items = []
    for parent, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            items.append(os.path.relpath(os.path.join(parent, name), root))
    return sorted(items), root


def count_words(path, lowercase, min_length):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")  # UnicodeDecodeError marks the item failed
    words = re.findall(r"\w+", text.lower() if lowercase else text)
    return Counter(w for w in words if len(w) >= min_length)


def main(argv):
    request = json.load(open(argv[-1], encoding="utf-8"))
    result_path = request["result_path"]
    out_dir, state_dir = request["output_dir"], request["state_dir"]
    params, inputs = request["params"], request["inputs"]

    if "texts" not in inputs:
        write_json(result_path, {"status": "failed", "message": "word_count needs an input named 'texts'"})
        return 2
    items, root = list_items(inputs["texts"]["paths"][0])
    if "allow" in inputs:
        allowed = set(inputs["allow"]["items"])
        items = [i for i in items if i in allowed]

    lowercase = params.get("lowercase", True)
    min_length = int(params.get("min_length", 1))
    stop_after = int(os.environ.get("WORD_COUNT_STOP_AFTER", "0"))
    done = set(request["done_items"])

    # Per-item results live in state_dir until the step succeeds: it survives a
    # failed or killed attempt, while output_dir starts empty every time.
    state_counts = os.path.join(state_dir, "counts")
    os.makedirs(state_counts, exist_ok=True)
    records, new = [], 0
    for item in items:
        saved = os.path.join(state_counts, item + ".json")
        if item in done and os.path.exists(saved):
            continue
        if stop_after and new >= stop_after:
            print(f"stopping after {new} new items; {len(items) - len(done) - new} left", flush=True)
            write_json(result_path, {"status": "failed", "message": "stopped early", "items": records})
            return EXIT_RETRY
        new += 1
        try:
            counts = count_words(os.path.join(root, item), lowercase, min_length)
        except (UnicodeDecodeError, OSError) as e:
            records.append({"id": item, "status": "failed", "error": f"{type(e).__name__}: {e}"})
            continue
        os.makedirs(os.path.dirname(saved), exist_ok=True)
        write_json(saved, {"words": sum(counts.values()), "top": counts.most_common(5)})
        records.append({"id": item, "status": "ok", "output": f"counts/{item}.json",
                        "extra": {"words": sum(counts.values())}})

    # Assemble the outputs from everything finished, in this attempt or earlier ones.
    total, ok_files = 0, 0
    for item in items:
        saved = os.path.join(state_counts, item + ".json")
        if not os.path.exists(saved):
            continue
        target = os.path.join(out_dir, "counts", item + ".json")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(saved, target)
        total += json.load(open(saved, encoding="utf-8"))["words"]
        ok_files += 1
    failed = [r["id"] for r in records if r["status"] == "failed"]
    write_json(os.path.join(out_dir, "summary.json"), {"files": ok_files, "words": total, "failed": failed})
    print(f"counted {total} words in {ok_files} files ({new} this attempt, {len(failed)} failed)", flush=True)
    write_json(result_path, {"status": "ok", "metrics": {"files": ok_files, "failed": len(failed), "words": total},
                             "items": records})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
