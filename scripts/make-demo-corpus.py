#!/usr/bin/env python3
"""Write the demo ladder's Python corpus: N .py files of the local CPython
standard library as JSONL rows {"path", "content", "license", "repo"}.

Usage: make-demo-corpus.py OUT.jsonl [N]   (N defaults to 600)

The selection is deterministic for a given Python installation: files are
sorted by their path relative to the standard library and the first N that
decode as UTF-8 are kept. site-packages, dist-packages, test/ and idlelib/
are left out (tests are not the kind of code the study trains on; idlelib
and installed packages differ from machine to machine). The file is written
to a temporary name in the same directory and renamed into place, so a
reader never sees half a corpus.
"""

import json
import os
import sys
import sysconfig
import tempfile

EXCLUDED_PARTS = {"site-packages", "dist-packages", "test", "tests", "idlelib", "__pycache__"}
DEFAULT_COUNT = 600


def candidate_paths(stdlib):
    """Relative paths of all .py files under stdlib, sorted, exclusions applied."""
    found = []
    for root, dirs, files in os.walk(stdlib):
        rel_root = os.path.relpath(root, stdlib)
        parts = [] if rel_root == "." else rel_root.split(os.sep)
        if any(p in EXCLUDED_PARTS for p in parts):
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if d not in EXCLUDED_PARTS]
        for name in files:
            if name.endswith(".py"):
                found.append("/".join(parts + [name]))
    return sorted(found)


def read_utf8(path):
    """The file's text, or None when it is not valid UTF-8."""
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def main(argv):
    if len(argv) < 2 or len(argv) > 3:
        sys.stderr.write("usage: make-demo-corpus.py OUT.jsonl [N]\n")
        return 2
    out_path = argv[1]
    try:
        count = int(argv[2]) if len(argv) == 3 else DEFAULT_COUNT
    except ValueError:
        sys.stderr.write("make-demo-corpus.py: N must be a whole number, got %r\n" % argv[2])
        return 2
    if count <= 0:
        sys.stderr.write("make-demo-corpus.py: N must be positive, got %d\n" % count)
        return 2

    stdlib = sysconfig.get_paths()["stdlib"]
    rows = []
    skipped = 0
    for rel in candidate_paths(stdlib):
        if len(rows) == count:
            break
        text = read_utf8(os.path.join(stdlib, *rel.split("/")))
        if text is None:
            skipped += 1
            continue
        rows.append({"path": rel, "content": text, "license": "PSF-2.0", "repo": "cpython-stdlib"})
    if not rows:
        sys.stderr.write("make-demo-corpus.py: no .py files found under %s\n" % stdlib)
        return 1

    out_dir = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(out_dir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-corpus-", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True))
                handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    sys.stderr.write("make-demo-corpus.py: wrote %d files from %s to %s (%d skipped: not UTF-8)\n"
                     % (len(rows), stdlib, out_path, skipped))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
