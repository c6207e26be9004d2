#!/usr/bin/env python3
"""The reliability campaign of `make reliability` (and, shortened, of `make test`).

Every fault is injected into a real `ladder` binary on a real ladder (the demo
ladder unless RELIABILITY_LADDER names another; `--quick`, for `make test`, uses
the small ladder in scripts/reliability/), and every recovery is checked
against one uninterrupted run of the same ladder in a fresh store:

  kill        SIGKILL `ladder run` at random moments, then run it again; repeated
              until the ladder finishes, in fresh stores, until --kills kills
              (moments uniform in 0.02 s .. an eighth of an uninterrupted run, 1 to 10 s).
  concurrent  two `ladder run` started together on one fresh store.
  corrupt     one byte of a stored object flipped; `fsck` must see it, a run must repair it.
  truncate    a stored object cut to half its size; the same.
  enospc      the store on a size-limited tmpfs smaller than the ladder needs
              (where mounting is allowed): the run must fail with a reason,
              leave a consistent store, and finish once space is back.
  fuzz        the libFuzzer targets (ladder YAML, Python tokenizer and transpiler
              round trip, results-JSON reader) for a fixed time each (--fuzz-seconds).

A recovery counts when, afterwards, every step's outputs are the objects the
uninterrupted run made (same execution keys, same content hashes: byte for byte),
`ladder fsck` is clean, and no step that had finished ran again (no attempt
started after a succeeded attempt of the same step). The table goes to stdout and
to --out. Exit status 1 when anything failed.
"""
import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Campaign:
    def __init__(self, args):
        self.args = args
        self.ladder = str(Path(args.ladder).resolve())
        self.binary = str(Path(args.ladder_bin).resolve())
        self.work = Path(tempfile.mkdtemp(prefix="ladder-reliability-"))
        self.random = random.Random(args.seed)
        self.rows = []  # (fault, injected, recovered, objects verified, crashes, re-executed, note)
        self.problems = []
        self.reference = None
        self.reference_seconds = None
        self.allowed_reexecutions = 0

    # -- running the binary ------------------------------------------------

    def ladder_cmd(self, *argv, store, check=True, timeout=900):
        p = subprocess.run([self.binary, *argv, "--store", str(store)], capture_output=True, text=True,
                           timeout=timeout, cwd=str(self.work))
        if check and p.returncode != 0:
            raise RuntimeError(f"ladder {' '.join(argv)} exited {p.returncode}: {p.stderr.strip()[-400:]}")
        return p

    def run(self, store, check=True):
        return self.ladder_cmd("run", self.ladder, "--jobs", "2", store=store, check=check)

    def fsck(self, store):
        p = self.ladder_cmd("fsck", "--json", store=store, check=False)
        try:
            report = json.loads(p.stdout)
        except json.JSONDecodeError:
            return False, 0, f"fsck printed no JSON (exit {p.returncode}): {p.stderr.strip()[-300:]}"
        return bool(report.get("clean")), int(report.get("objects_checked", 0)), p.stdout.strip()[-300:]

    # -- what a store holds ------------------------------------------------

    @staticmethod
    def db(store):
        return sqlite3.connect(f"file:{store}/state.sqlite?mode=ro", uri=True)

    def outputs(self, store):
        with self.db(store) as c:
            return set(c.execute("SELECT step_key, name, hash FROM outputs"))

    def reexecuted(self, store):
        """Attempts started after the same step had already succeeded."""
        with self.db(store) as c:
            rows = c.execute("""SELECT COUNT(*) FROM attempts a JOIN
                                (SELECT step_key, MIN(number) AS n FROM attempts WHERE status = 'succeeded' GROUP BY step_key) s
                                ON a.step_key = s.step_key AND a.number > s.n""").fetchone()
        return rows[0]

    def verify(self, store, what):
        """Outputs equal the reference, fsck clean; returns (ok, objects checked, re-executed)."""
        ok = True
        got = self.outputs(store)
        if got != self.reference:
            ok = False
            # Which steps: engine and identity of the differing execution keys; the store is kept.
            with self.db(store) as c:
                extra = sorted({k for k, _, _ in got - self.reference})
                names = [f"{e} {i[:160]}" for k in extra for e, i in c.execute("SELECT engine, identity FROM steps WHERE key = ?", (k,))]
            kept = Path(tempfile.gettempdir()) / f"reliability-failed-{store.name}"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(store, kept, symlinks=True)
            self.problems.append(f"{what}: outputs differ from the uninterrupted run "
                                 f"({len(got - self.reference)} extra, {len(self.reference - got)} missing; store kept at {kept}): "
                                 + "; ".join(names[:12]))
        clean, checked, text = self.fsck(store)
        if not clean:
            ok = False
            self.problems.append(f"{what}: fsck not clean: {text}")
        again = max(0, self.reexecuted(store) - self.allowed_reexecutions)
        if again:
            ok = False
            self.problems.append(f"{what}: {again} attempts re-ran finished steps")
        return ok, checked, again

    def fresh_store(self, name):
        store = self.work / name
        shutil.rmtree(store, ignore_errors=True)
        return store

    # -- the faults --------------------------------------------------------

    def prepare_reference(self):
        store = self.fresh_store("reference")
        t0 = time.monotonic()
        self.run(store)
        self.reference_seconds = time.monotonic() - t0
        self.reference = self.outputs(store)
        clean, checked, text = self.fsck(store)
        if not clean:
            raise RuntimeError(f"the uninterrupted run's store is not clean: {text}")
        print(f"reference: {len(self.reference)} outputs, {checked} objects, {self.reference_seconds:.1f} s", flush=True)

    def kills(self):
        target = self.args.kills
        kills = recovered = crashes = reexec = verified = 0
        rounds = 0
        # Kill moments: uniform over a window that is a small part of an uninterrupted run (an
        # eighth, between 1 and 10 s), so each run is killed several times on its way (start-up,
        # planning, steps, records, views) and still gets through steps longer than the start-up.
        horizon = min(10.0, max(1.0, self.reference_seconds / 8))
        while kills < target:
            rounds += 1
            store = self.fresh_store(f"kill-{rounds}")
            finished = False
            while not finished:
                proc = subprocess.Popen([self.binary, "run", self.ladder, "--jobs", "2", "--store", str(store)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=str(self.work))
                delay = self.random.uniform(0.02, horizon)
                try:
                    proc.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    if kills < target:
                        proc.send_signal(signal.SIGKILL)
                        kills += 1
                    proc.wait()
                err = proc.stderr.read()
                proc.stderr.close()
                if proc.returncode == 0:
                    finished = True
                elif proc.returncode == -signal.SIGKILL:
                    recovered += 1  # counted now, checked when the round's store is verified
                else:
                    crashes += 1
                    self.problems.append(f"kill round {rounds}: a resumed run exited {proc.returncode}: {err.strip()[-300:]}")
                    finished = True
            ok, checked, again = self.verify(store, f"kill round {rounds}")
            verified += checked
            reexec += again
            if not ok:
                recovered -= 1
            shutil.rmtree(store, ignore_errors=True)
        self.rows.append(("SIGKILL of `ladder run`, then run again", kills, recovered, verified, crashes, reexec,
                          f"{rounds} fresh stores, each run to completion through the kills"))

    def concurrent(self):
        store = self.fresh_store("concurrent")
        procs = [subprocess.Popen([self.binary, "run", self.ladder, "--jobs", "2", "--store", str(store)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=str(self.work))
                 for _ in range(2)]
        codes, errs = [], []
        for p in procs:
            _, err = p.communicate()
            codes.append(p.returncode)
            errs.append(err.strip())
        # A run either finishes or refuses because the other holds the store's lock, saying so.
        refused = [c != 0 and "lock" in e.lower() for c, e in zip(codes, errs)]
        crashes = sum(1 for c, r in zip(codes, refused) if c != 0 and not r)
        for c, e, r in zip(codes, errs, refused):
            if c != 0 and not r:
                self.problems.append(f"concurrent: a run exited {c} without naming the lock: {e[-300:]}")
        # Whatever the second did (wait for the lock, or refuse), one more run finishes the ladder.
        self.run(store)
        ok, checked, again = self.verify(store, "concurrent")
        how = ", ".join("finished" if c == 0 else f"refused, exit {c}: the store is locked" if r else f"exit {c}"
                        for c, r in zip(codes, refused))
        self.rows.append(("two `ladder run` on one store at once", 1, int(ok), checked, crashes, again, how))

    def damage(self, kind):
        # A copy of the uninterrupted run's store (relative view links kept) takes the damage.
        store = self.fresh_store(kind)
        shutil.copytree(self.work / "reference", store, symlinks=True)
        # A file inside one step output object (named by its hash under objects/xx/).
        with self.db(store) as c:
            hashes = sorted({h for (h,) in c.execute("SELECT hash FROM outputs")})
        candidates = []
        for h in hashes:
            top = store / "objects" / h[:2] / h
            files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file() and not p.is_symlink())
            candidates += [(h, f) for f in files if f.stat().st_size > 1]
        damaged, victim = self.random.choice(candidates)
        with self.db(store) as c:
            owners = c.execute("SELECT COUNT(DISTINCT step_key) FROM outputs WHERE hash = ?", (damaged,)).fetchone()[0]
        os.chmod(victim, 0o644)
        data = victim.read_bytes()
        if kind == "corrupt":
            i = self.random.randrange(len(data))
            data = data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1:]
        else:
            data = data[: len(data) // 2]
        victim.write_bytes(data)
        clean, _, text = self.fsck(store)
        noticed = not clean
        if not noticed:
            self.problems.append(f"{kind}: fsck did not notice {victim.relative_to(store)}")
        self.run(store)
        # The steps whose output was damaged must run again; any other re-run is a fault.
        self.allowed_reexecutions = owners
        ok, checked, again = self.verify(store, kind)
        self.allowed_reexecutions = 0
        label = "one stored object with a byte flipped" if kind == "corrupt" else "one stored object truncated to half"
        self.rows.append((label, 1, int(ok and noticed), checked, 0, again,
                          (f"fsck reported it; the next run re-made it ({owners} step re-run, as it must)" if noticed
                           else "fsck missed it")))

    def enospc(self):
        mnt = self.work / "tmpfs"
        mnt.mkdir()
        need = sum(p.stat().st_size for p in (self.work / "reference").rglob("*") if p.is_file())
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode != 0:
            self.rows.append(("store on a full filesystem (ENOSPC)", 0, 0, 0, 0, 0,
                              "not run: mounting a tmpfs is not permitted here"))
            return
        injected = recovered = verified = crashes = reexec = 0
        try:
            sizes = sorted({max(64, int(need * f / 1024)) for f in self.args.enospc_fractions})
            for kib in sizes:
                for p in mnt.iterdir():
                    shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
                subprocess.run(["mount", "-o", f"remount,size={kib}k", str(mnt)], check=True)
                store = mnt / "store"
                p = self.run(store, check=False)
                if p.returncode == 0:
                    continue  # fitted after all (compression of the estimate); not a fault
                injected += 1
                if p.returncode not in (1, 2):
                    crashes += 1
                    self.problems.append(f"enospc {kib} KiB: exit {p.returncode}: {p.stderr.strip()[-300:]}")
                else:
                    said = [l for l in (p.stderr + p.stdout).splitlines() if "space" in l.lower() or "full" in l.lower()]
                    if not said:
                        self.problems.append(f"enospc {kib} KiB: the failure does not say the disk is full: "
                                             f"{(p.stderr + p.stdout).strip()[-300:]}")
                subprocess.run(["mount", "-o", f"remount,size={max(4 * need // 1024, 65536)}k", str(mnt)], check=True)
                if (store / "state.sqlite").exists():
                    clean, _, text = self.fsck(store)
                    if not clean:
                        self.problems.append(f"enospc {kib} KiB: store not clean right after the failure: {text}")
                self.run(store)
                ok, checked, again = self.verify(store, f"enospc {kib} KiB")
                verified += checked
                reexec += again
                recovered += int(ok)
        finally:
            # A process still finishing inside keeps it busy: then detach it lazily.
            if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        self.rows.append(("store on a tmpfs too small for the ladder (ENOSPC)", injected, recovered, verified, crashes,
                          reexec, f"sizes {sizes[0]}–{sizes[-1]} KiB of the {need // 1024} KiB needed; then space given back"))

    def fuzz(self):
        fuzzer = ROOT / "Fuzz/.build/release/ladder-fuzz"
        if not fuzzer.exists():
            self.rows.append(("fuzz targets", 0, 0, 0, 0, 0, "not run: Fuzz/ is not built (make fuzz-build)"))
            return
        # Leak detection is off for the results reader only: Foundation's memory-mapped read of an
        # empty file (Data(contentsOf:options:.alwaysMapped), swift-corelibs) leaks its 4 KiB buffer,
        # which LeakSanitizer reports on the first empty input; that is not this project's code.
        leaks = {"results-json": ["-detect_leaks=0"]}
        for target in self.args.fuzz_targets.split(","):
            corpus = self.work / f"corpus-{target}"
            shutil.copytree(ROOT / "Fuzz/corpus" / target, corpus)
            env = dict(os.environ, LADDER_FUZZ_TARGET=target)
            if target in leaks:
                env["ASAN_OPTIONS"] = "detect_leaks=0"
            p = subprocess.run([str(fuzzer), str(corpus), f"-max_total_time={self.args.fuzz_seconds}", "-timeout=10",
                                f"-artifact_prefix={self.work}/crash-{target}-", "-print_final_stats=1", *leaks.get(target, [])],
                               capture_output=True, text=True, env=env)
            runs = 0
            for line in p.stderr.splitlines():
                if line.startswith("stat::number_of_executed_units:"):
                    runs = int(line.split(":")[-1])
            crashed = 0 if p.returncode == 0 else 1
            if crashed:
                self.problems.append(f"fuzz {target}: exit {p.returncode}: {p.stderr.strip()[-500:]}")
            self.rows.append((f"fuzz `{target}` for {self.args.fuzz_seconds} s", runs, runs if not crashed else 0, 0, crashed, 0,
                              "inputs executed; corpus in Fuzz/corpus/" + target
                              + ("; leak detection off (a Foundation leak on empty files)" if target in leaks else "")))

    # -- the table -----------------------------------------------------------

    def table(self):
        head = ("| fault | faults injected | runs recovered | objects verified | crashes | finished steps re-executed | note |\n"
                "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
        body = "".join(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} |\n" for r in self.rows)
        return head + body


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ladder", default=os.environ.get("RELIABILITY_LADDER", str(ROOT / "ladders/demo.yaml")))
    ap.add_argument("--ladder-bin", default=os.environ.get("RELIABILITY_BIN", str(ROOT / ".build/debug/ladder")))
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--fuzz-seconds", type=int, default=60)
    ap.add_argument("--enospc-fractions", type=lambda t: [float(x) for x in t.split(",")], default=[0.05, 0.3, 0.6, 0.9],
                    help="filesystem sizes, as fractions of what the ladder's store needs")
    ap.add_argument("--fuzz-targets", default="ladder-yaml,python-roundtrip,results-json")
    ap.add_argument("--only", default="kill,concurrent,corrupt,truncate,enospc,fuzz")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--quick", action="store_true", help="the small ladder of scripts/reliability/ (make test)")
    ap.add_argument("--out", help="markdown file the table is written to")
    args = ap.parse_args()
    if args.quick:
        args.ladder = str(ROOT / "scripts/reliability/quick.yaml")
    c = Campaign(args)
    started = time.monotonic()
    try:
        only = args.only.split(",")
        if set(only) - {"fuzz"}:
            c.prepare_reference()
        if "kill" in only: c.kills()
        if "concurrent" in only: c.concurrent()
        if "corrupt" in only: c.damage("corrupt")
        if "truncate" in only: c.damage("truncate")
        if "enospc" in only: c.enospc()
        if "fuzz" in only: c.fuzz()
    finally:
        shutil.rmtree(c.work, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    table = c.table()
    print(table)
    for p in c.problems:
        print("PROBLEM:", p)
    if args.out:
        ladder = os.path.relpath(c.ladder, ROOT)
        reference = (f" ({len(c.reference)} outputs, {c.reference_seconds:.1f} s)" if c.reference is not None else "")
        text = ("# Reliability\n\nWritten by `make reliability` (`scripts/reliability.py`): every fault injected into the "
                f"`ladder` binary ({os.path.relpath(c.binary, ROOT)}) running `{ladder}` (RELIABILITY_LADDER), each recovery checked against one uninterrupted "
                f"run in a fresh store{reference}: same outputs byte for byte "
                "(execution keys and content hashes), `ladder fsck` clean (every object re-hashed: *objects verified*), and no "
                "attempt started for a step that had already succeeded (*finished steps re-executed*). "
                f"The campaign took {minutes:.1f} minutes.\n\n" + table + "\n")
        text += "No problems.\n" if not c.problems else "Problems:\n\n" + "".join(f"- {p}\n" for p in c.problems)
        Path(args.out).write_text(text)
    sys.exit(1 if c.problems else 0)


if __name__ == "__main__":
    main()
