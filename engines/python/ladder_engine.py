"""ladder_engine: the external-engine protocol of `ladder` (docs/engines.md) for Python engines.

A whole engine is a function from a `Request` to an `Outcome`:

    import ladder_engine as le

    def main(request):
        n = request.params.int("n")                 # typed; missing or ill-typed -> a clear error
        text = open(request.input("texts").path, encoding="utf-8").read()
        le.write_json(request.output_path("count.json"), {"words": len(text.split())[:n]})
        return le.Outcome(metrics={"words": len(text.split())})

    if __name__ == "__main__":
        le.run(main)

`run` reads the request named by the last argument, calls `main`, and writes
the result JSON where the request says. Errors become a failed result with a
message and a non-zero exit: `BadInput` exits 2, `ResourceFailure` (and any
CUDA out-of-memory error) exits 75 so a ladder's `retry: {on_exit: [75]}` can
retry it, anything else exits 1 with the traceback in the attempt's log. A
failed attempt leaves `output_dir` empty, so nothing half-written is kept.

Only the standard library; no torch needed to import it.
"""

import json
import math
import os
import shutil
import sys
import tempfile
import traceback

PROTOCOL_VERSION = 1
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_RETRY = 75  # EX_TEMPFAIL: a resource failure a retry may fix (CUDA OOM, a preempted GPU)


class EngineError(Exception):
    """A failure the engine explains; `exit_code` is the process's exit status."""

    exit_code = EXIT_FAILED

    def __init__(self, message, items=None):
        super().__init__(message)
        self.message = message
        self.items = items or []


class BadInput(EngineError):
    """The request is wrong (a missing input or hyperparameter, a bad path): exit 2."""

    exit_code = EXIT_BAD_INPUT


class ResourceFailure(EngineError):
    """Out of GPU memory or another resource: exit 75, which a ladder's retry rule may handle."""

    exit_code = EXIT_RETRY


class Outcome:
    """What a successful engine reports: metrics (any JSON), per-item records and a message."""

    def __init__(self, metrics=None, items=None, message=None):
        self.metrics = metrics or {}
        self.items = items or []
        self.message = message


# ---------------------------------------------------------------- JSON and files

def canonical_json(value):
    """The project's JSON spelling: sorted keys, UTF-8 text, no spaces (as LadderCore's writer)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _atomic_write(path, data):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes(path, data):
    """Writes through a temporary file and a rename: a killed engine never leaves half a file."""
    _atomic_write(path, data)


def write_text(path, text):
    _atomic_write(path, text.encode("utf-8"))


def write_json(path, value):
    """Canonical JSON plus a newline, written atomically. Non-finite numbers are refused."""
    _atomic_write(path, (canonical_json(value) + "\n").encode("utf-8"))


def log(message):
    """A line for the attempt's log (stderr): timings, GPU, memory — never outputs."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- parameters

_MISSING = object()


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "object"


class Params:
    """Typed access to `request.params`. A missing parameter without a default, a value of
    the wrong type or outside `allowed` raises `BadInput` naming the parameter and what to do."""

    def __init__(self, engine, values):
        self.engine = engine
        self.values = dict(values or {})
        self.read = set()

    def _lookup(self, name, aliases):
        for key in (name,) + tuple(aliases):
            if key in self.values:
                self.read.add(key)
                return key, self.values[key]
        return None, _MISSING

    def _missing(self, name, what):
        return BadInput(f"{self.engine}: the request has no parameter '{name}' ({what}); declare it in the ladder "
                        f"(the engine's `settings:` or the step's `params:`)")

    def _bad(self, key, value, what):
        return BadInput(f"{self.engine}: parameter '{key}' must be {what}, not {_type_name(value)} {json.dumps(value)}")

    def _get(self, name, default, aliases, what, check):
        key, value = self._lookup(name, aliases)
        if value is _MISSING or value is None:
            if default is _MISSING:
                raise self._missing(name, what)
            return default
        ok, converted = check(value)
        if not ok:
            raise self._bad(key, value, what)
        return converted

    def int(self, name, default=_MISSING, aliases=(), minimum=None):
        def check(v):
            if isinstance(v, bool):
                return False, None
            if isinstance(v, int):
                return True, v
            if isinstance(v, float) and v.is_integer():
                return True, int(v)
            return False, None
        v = self._get(name, default, aliases, "a whole number", check)
        if minimum is not None and v is not None and v < minimum:
            raise BadInput(f"{self.engine}: parameter '{name}' must be at least {minimum}, not {v}")
        return v

    def number(self, name, default=_MISSING, aliases=(), minimum=None, maximum=None):
        def check(v):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                return False, None
            return True, float(v)
        v = self._get(name, default, aliases, "a finite number", check)
        if v is not None and ((minimum is not None and v < minimum) or (maximum is not None and v > maximum)):
            raise BadInput(f"{self.engine}: parameter '{name}' must be in [{minimum}, {maximum}], not {v}")
        return v

    def bool(self, name, default=_MISSING, aliases=()):
        return self._get(name, default, aliases, "true or false", lambda v: (isinstance(v, bool), v))

    def string(self, name, default=_MISSING, aliases=(), allowed=None):
        v = self._get(name, default, aliases, "a string" + (f" (one of {', '.join(allowed)})" if allowed else ""),
                      lambda v: (isinstance(v, str), v))
        if allowed is not None and v is not None and v not in allowed:
            raise BadInput(f"{self.engine}: parameter '{name}' is '{v}'; allowed: {', '.join(allowed)}")
        return v

    def strings(self, name, default=_MISSING, aliases=(), allowed=None, nonempty=True):
        def check(v):
            if isinstance(v, list) and all(isinstance(x, str) for x in v):
                return True, list(v)
            return False, None
        v = self._get(name, default, aliases, "a list of strings", check)
        if v is not None:
            if nonempty and not v:
                raise BadInput(f"{self.engine}: parameter '{name}' must not be empty")
            if allowed is not None:
                bad = [x for x in v if x not in allowed]
                if bad:
                    raise BadInput(f"{self.engine}: parameter '{name}' has {', '.join(bad)}; allowed: {', '.join(allowed)}")
        return v

    def any(self, name, default=_MISSING):
        return self._get(name, default, (), "a value", lambda v: (True, v))

    def reject_unknown(self, ignored=()):
        """Fails on parameters the engine never read (a misspelt name would otherwise be ignored)."""
        unknown = sorted(k for k in self.values if k not in self.read and k not in ignored)
        if unknown:
            known = sorted(self.read)
            raise BadInput(f"{self.engine}: unknown parameter(s) {', '.join(unknown)}; this engine reads {', '.join(known)}")


# ---------------------------------------------------------------- the request

class Input:
    def __init__(self, name, raw):
        self.name = name
        self.kind = raw.get("kind", "source")
        self.paths = list(raw.get("paths") or [])
        self.source = dict(raw.get("source") or {})
        self.hashes = list(raw.get("hashes") or [])
        self.items = list(raw.get("items") or [])

    @property
    def path(self):
        """The first path, or None (a source named by id only, such as a hub model)."""
        return self.paths[0] if self.paths else None


class Request:
    """The parsed `request.json` (docs/engines.md, protocol version 1)."""

    REQUIRED = ("engine", "params", "inputs", "output_dir", "state_dir", "result_path")

    def __init__(self, raw, path=None):
        if not isinstance(raw, dict):
            raise BadInput("the request is not a JSON object")
        missing = [k for k in self.REQUIRED if k not in raw]
        if missing:
            raise BadInput(f"the request lacks {', '.join(missing)} (is this a ladder request.json?)")
        version = raw.get("protocol_version", PROTOCOL_VERSION)
        if version != PROTOCOL_VERSION:
            raise BadInput(f"the request speaks protocol version {version}; this engine speaks {PROTOCOL_VERSION}")
        self.path = path
        self.raw = raw
        self.engine = raw["engine"]
        self.step = raw.get("step", "")
        self.plan_key = raw.get("plan_key", "")
        self.params = Params(self.engine, raw["params"])
        self.inputs = {name: Input(name, v) for name, v in (raw["inputs"] or {}).items()}
        self.output_dir = raw["output_dir"]
        self.scratch_dir = raw.get("scratch_dir") or raw["state_dir"]
        self.state_dir = raw["state_dir"]
        self.result_path = raw["result_path"]
        self.seed = raw.get("seed")
        self.resources = dict(raw.get("resources") or {})
        self.done_items = list(raw.get("done_items") or [])
        self.attempt = raw.get("attempt", 1)

    @classmethod
    def load(cls, path):
        try:
            with open(path, encoding="utf-8") as f:
                raw = json.load(f)
        except OSError as e:
            raise BadInput(f"cannot read the request {path}: {e.strerror}")
        except ValueError as e:
            raise BadInput(f"the request {path} is not JSON: {e}")
        return cls(raw, path)

    def input(self, name, required=True):
        value = self.inputs.get(name)
        if value is None and required:
            known = ", ".join(sorted(self.inputs)) or "none"
            raise BadInput(f"{self.engine}: needs an input named '{name}' (the request has: {known})")
        return value

    def output_path(self, *parts):
        return os.path.join(self.output_dir, *parts)

    def state_path(self, *parts):
        os.makedirs(self.state_dir, exist_ok=True)
        return os.path.join(self.state_dir, *parts)


# ---------------------------------------------------------------- running

def is_out_of_memory(error):
    """True for torch's CUDA out-of-memory errors (checked by name: torch need not be imported)."""
    name = type(error).__name__
    return name in ("OutOfMemoryError",) or "CUDA out of memory" in str(error) or "CUBLAS_STATUS_ALLOC_FAILED" in str(error)


def _empty_directory(path):
    if not path or not os.path.isdir(path):
        return
    for entry in os.listdir(path):
        full = os.path.join(path, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            shutil.rmtree(full, ignore_errors=True)
        else:
            try:
                os.unlink(full)
            except OSError:
                pass


def result_document(status, message=None, metrics=None, items=None):
    doc = {"status": status}
    if message:
        doc["message"] = message
    if metrics:
        doc["metrics"] = metrics
    if items:
        doc["items"] = items
    return doc


def run(main, argv=None):
    """Runs `main(request)` under the protocol and exits with the protocol's status."""
    sys.exit(execute(main, argv if argv is not None else sys.argv))


def execute(main, argv):
    """Like `run` but returns the exit status (for tests)."""
    if len(argv) < 2:
        log("usage: ENGINE REQUEST.json (ladder appends the request's path)")
        return EXIT_BAD_INPUT
    try:
        request = Request.load(argv[-1])
    except EngineError as e:
        # Without a readable request there is no result_path to write to: say it in the log.
        log(f"error: {e.message}")
        return e.exit_code
    try:
        outcome = main(request)
        if outcome is None:
            outcome = Outcome()
        write_json(request.result_path, result_document("ok", outcome.message, outcome.metrics, outcome.items))
        return 0
    except EngineError as e:
        failure, code, items = e.message, e.exit_code, e.items
    except MemoryError:
        failure, code, items = "resource: out of host memory", EXIT_RETRY, []
    except Exception as e:  # noqa: BLE001 — every failure must reach the result file
        if is_out_of_memory(e):
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            failure, code, items = f"resource: CUDA out of memory ({first}); retry with a smaller batch_size", EXIT_RETRY, []
        else:
            traceback.print_exc(file=sys.stderr)
            failure, code, items = f"{type(e).__name__}: {e}", EXIT_FAILED, []
    _empty_directory(request.output_dir)
    log(f"error: {failure}")
    try:
        write_json(request.result_path, result_document("failed", failure, None, items))
    except (OSError, ValueError) as e:
        log(f"error: cannot write the result file {request.result_path}: {e}")
    return code
