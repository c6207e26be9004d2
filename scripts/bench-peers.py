#!/usr/bin/env python3
"""`make bench-peers`: ladder and Snakemake side by side on the same workflow, in one run.

Both tools get the same ladder-shaped workflow of trivial steps, each writing its
output from its inputs (the study's shape: subset per tier, transpile per language
and tier, train per condition (language) x tier x seed, eval per benchmark x
template, reparse per scorer), at about 1k and 10k steps. For each size and each
repetition, the two tools take turns (interleaved) on fresh directories:

  plan      dry run of the whole workflow in a fresh directory
            (`ladder plan`, `snakemake -n`)
  full      the full run with 2 cores (`ladder run --jobs 2`, `snakemake --cores 2 --scheduler greedy`:
            Snakemake's fast built-in scheduler, not its default ilp one, which was ~10x slower at 10k)
  no-op     the same command again on the finished workflow
  cutoff    one upstream parameter of every transpile step changes, but not the
            bytes the steps write; then what each tool re-runs, and how long it takes

Figures are medians with the spread (min-max) of the repetitions; ratios are
Snakemake's median over ladder's. The table is printed and written into
BENCHMARKS.md (the "peers" section is replaced; the rest of the file is kept).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ["xnli-t1", "xnli-t2", "xcsqa-t1", "xcsqa-t2", "sib200-t1", "sib200-t2", "belebele-t1", "belebele-t2"]
SCORERS = ["strict-v1", "refined-v1"]
TIERS = {"5k": 5000, "20k": 20000}


class Shape:
    """Languages (besides en) and seeds; eight benchmark x template cells and two scorers per trained model."""

    def __init__(self, langs, seeds):
        self.langs = [f"l{i:02d}" for i in range(langs)]
        self.seeds = [42 + i for i in range(seeds)]

    @property
    def trains(self):
        return (len(self.langs) + 1) * len(TIERS) * len(self.seeds)

    @property
    def steps(self):
        return len(TIERS) + len(self.langs) * len(TIERS) + self.trains * (1 + len(BENCHES) * (1 + len(SCORERS)))


SIZES = {"1k": Shape(langs=3, seeds=5), "10k": Shape(langs=9, seeds=20)}

STEP_SH = r"""#!/bin/sh
# One trivial step: writes its inputs' bytes and its `word` parameter (never `verbose`),
# reading the request with shell built-ins only (as Snakemake's rules run `cat` and `echo`).
inputs=""
while IFS= read -r line; do
  case $line in
    *'"output_dir"'*) out=${line#*: \"}; out=${out%\"*} ;;
    *'"result_path"'*) res=${line#*: \"}; res=${res%\"*} ;;
    *'"scratch_dir"'*|*'"state_dir"'*) ;;
    *'"word"'*) word=${line#*: \"}; word=${word%\"*} ;;
    *'["/'*) p=${line#*[\"}; p=${p%%\"*}; inputs="$inputs $p" ;;
    *'"/'*) p=${line#*\"}; p=${p%\"*}; inputs="$inputs $p" ;;
  esac
done < "$1"
{ for p in $inputs; do if [ -d "$p" ]; then cat "$p/out.txt"; else cat "$p"; fi; done; printf '%s\n' "$word"; } > "$out/out.txt"
printf '{"status": "ok"}\n' > "$res"
"""


def ladder_yaml(shape, verbose):
    langs = ", ".join(["en"] + shape.langs)
    seeds = ", ".join(str(s) for s in shape.seeds)
    return f"""# Written by scripts/bench-peers.py: the study's shape with trivial steps.
ladder: peers
axes:
  lang: [{langs}]
  tier: {{5k: 5000, 20k: 20000}}
  seed: [{seeds}]
  bench: [{", ".join(BENCHES)}]
sources:
  corpus: {{path: data/corpus.txt}}
engines:
  st: {{run: [sh, step.sh], version: "1"}}
steps:
  subset: {{engine: st, inputs: {{corpus: source.corpus}}, params: {{word: "subset ${{tier}}"}}}}
  transpile: {{engine: st, inputs: {{files: previous}}, params: {{word: "transpile ${{lang}} ${{tier}}", verbose: {verbose}}}}}
  train: {{engine: st, inputs: {{data: previous}}, params: {{word: "train ${{lang}} ${{tier}} ${{seed}}"}}}}
  eval: {{engine: st, inputs: {{model: train}}, params: {{word: "eval ${{lang}} ${{tier}} ${{seed}} ${{bench}}"}}}}
  reparse: {{engine: st, for_each: {{scorer: [{", ".join(SCORERS)}]}}, inputs: {{results: eval}},
            params: {{word: "reparse ${{lang}} ${{tier}} ${{seed}} ${{bench}} ${{scorer}}"}}}}
conditions:
  condition-1: {{cells: {{lang: [en], tier: [5k, 20k], seed: [{seeds}], bench: [{", ".join(BENCHES)}]}},
                pipeline: [subset, train, eval, reparse]}}
  condition-2: {{cells: {{lang: [{", ".join(shape.langs)}], tier: [5k, 20k], seed: [{seeds}], bench: [{", ".join(BENCHES)}]}},
                pipeline: [subset, transpile, train, eval, reparse]}}
"""


def snakefile(shape, verbose):
    return f"""# Written by scripts/bench-peers.py: the same workflow as peers.yaml.
LANGS = {shape.langs!r}
SEEDS = {shape.seeds!r}
TIERS = {list(TIERS)!r}
BENCHES = {BENCHES!r}
SCORERS = {SCORERS!r}

rule all:
    input:
        expand("reparse/{{lang}}/{{tier}}/{{seed}}/{{bench}}/{{scorer}}.txt", lang=["en"] + LANGS, tier=TIERS, seed=SEEDS,
               bench=BENCHES, scorer=SCORERS)

rule subset:
    input: "data/corpus.txt"
    output: "subset/{{tier}}.txt"
    params: word=lambda w: f"subset {{w.tier}}"
    shell: "cat {{input}} > {{output}}; echo '{{params.word}}' >> {{output}}"

rule transpile:
    input: "subset/{{tier}}.txt"
    output: "transpile/{{lang}}/{{tier}}.txt"
    params: word=lambda w: f"transpile {{w.lang}} {{w.tier}}", verbose={verbose}
    shell: "cat {{input}} > {{output}}; echo '{{params.word}}' >> {{output}}"

def train_input(w):
    return f"subset/{{w.tier}}.txt" if w.lang == "en" else f"transpile/{{w.lang}}/{{w.tier}}.txt"

rule train:
    input: train_input
    output: "train/{{lang}}/{{tier}}/{{seed}}.txt"
    params: word=lambda w: f"train {{w.lang}} {{w.tier}} {{w.seed}}"
    shell: "cat {{input}} > {{output}}; echo '{{params.word}}' >> {{output}}"

rule eval:
    input: "train/{{lang}}/{{tier}}/{{seed}}.txt"
    output: "eval/{{lang}}/{{tier}}/{{seed}}/{{bench}}.txt"
    params: word=lambda w: f"eval {{w.lang}} {{w.tier}} {{w.seed}} {{w.bench}}"
    shell: "cat {{input}} > {{output}}; echo '{{params.word}}' >> {{output}}"

rule reparse:
    input: "eval/{{lang}}/{{tier}}/{{seed}}/{{bench}}.txt"
    output: "reparse/{{lang}}/{{tier}}/{{seed}}/{{bench}}/{{scorer}}.txt"
    params: word=lambda w: f"reparse {{w.lang}} {{w.tier}} {{w.seed}} {{w.bench}} {{w.scorer}}"
    shell: "cat {{input}} > {{output}}; echo '{{params.word}}' >> {{output}}"
"""


def snakemake_jobs(summary):
    """Jobs in the first "Job stats" table of a dry run, the `all` target and the total left out."""
    block = summary[summary.index("Job stats:"):]
    block = block[: block.index("\ntotal")]
    return sum(int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)\s*$", block, re.M) if m.group(1) != "all")


class Bench:
    def __init__(self, args):
        self.args = args
        self.ladder = str(Path(args.ladder_bin).resolve())
        self.snakemake = str(Path(args.snakemake).resolve())
        self.work = Path(tempfile.mkdtemp(prefix="ladder-peers-"))
        self.results = {}  # (size, measure, tool) -> [seconds]
        self.reruns = {}  # (size, tool) -> [steps re-run]
        self.version = subprocess.run([self.snakemake, "--version"], capture_output=True, text=True).stdout.strip()

    def write(self, d, verbose, shape):
        if d.exists():
            shutil.rmtree(d)
        (d / "data").mkdir(parents=True)
        (d / "data/corpus.txt").write_text("corpus\n")
        (d / "peers.yaml").write_text(ladder_yaml(shape, verbose))
        (d / "step.sh").write_text(STEP_SH)
        (d / "Snakefile").write_text(snakefile(shape, verbose))

    def timed(self, argv, cwd):
        t0 = time.monotonic()
        p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
        seconds = time.monotonic() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {p.returncode}: {(p.stderr or p.stdout)[-600:]}")
        return seconds, p.stdout + p.stderr

    def ladder_cmd(self, d, what):
        base = [self.ladder, what, "peers.yaml", "--store", "store"]
        return base + (["--jobs", "2", "--json"] if what == "run" else [])

    def snake_cmd(self, what):
        # Snakemake's own fast scheduler: its default (ilp) solves a program per scheduling
        # round and took ~1,400 s for the 10k full run here against ~145 s with greedy.
        base = [self.snakemake, "--cores", "2", "--scheduler", "greedy", "--quiet", "all"]
        return base + (["-n"] if what == "plan" else [])

    def record(self, size, measure, tool, seconds):
        self.results.setdefault((size, measure, tool), []).append(seconds)
        print(f"{size} {measure:7s} {tool:9s} {seconds:8.3f} s", flush=True)

    def one_repetition(self, size, shape, rep):
        # The order of the tools alternates between repetitions.
        tools = ["ladder", "snakemake"] if rep % 2 == 0 else ["snakemake", "ladder"]
        for tool in tools:
            d = self.work / f"{size}-{tool}"
            self.write(d, verbose=1, shape=shape)
            if tool == "ladder":
                self.record(size, "plan", tool, self.timed(self.ladder_cmd(d, "plan"), d)[0])
                self.record(size, "full", tool, self.timed(self.ladder_cmd(d, "run"), d)[0])
                self.record(size, "no-op", tool, self.timed(self.ladder_cmd(d, "run"), d)[0])
                (d / "peers.yaml").write_text(ladder_yaml(shape, verbose=2))
                seconds, out = self.timed(self.ladder_cmd(d, "run"), d)
                executed = int(re.search(r'"executed"\s*:\s*(\d+)', out).group(1))
            else:
                self.record(size, "plan", tool, self.timed(self.snake_cmd("plan"), d)[0])
                self.record(size, "full", tool, self.timed(self.snake_cmd("run"), d)[0])
                self.record(size, "no-op", tool, self.timed(self.snake_cmd("run"), d)[0])
                (d / "Snakefile").write_text(snakefile(shape, verbose=2))
                # What Snakemake would re-run (its dry-run summary), then the re-run itself.
                _, summary = self.timed([self.snakemake, "--cores", "2", "--scheduler", "greedy", "-n", "--quiet", "rules", "all"], d)
                executed = snakemake_jobs(summary)
                seconds = self.timed(self.snake_cmd("run"), d)[0]
            self.record(size, "cutoff", tool, seconds)
            self.reruns.setdefault((size, tool), []).append(executed)
            print(f"{size} re-run  {tool:9s} {executed:8d} steps", flush=True)
            shutil.rmtree(d)

    def table(self):
        def fmt(xs):
            m = statistics.median(xs)
            return f"{m:.2f} s ({min(xs):.2f}–{max(xs):.2f})"
        out = ("| workflow | measure | ladder | Snakemake | Snakemake ÷ ladder |\n| --- | --- | ---: | ---: | ---: |\n")
        names = {"plan": "dry run (plan)", "full": "full run, 2 cores", "no-op": "no-op re-run",
                 "cutoff": "re-run after a transpile parameter that changes no output bytes"}
        for size in self.args.sizes:
            shape = SIZES[size]
            for measure in ("plan", "full", "no-op", "cutoff"):
                lad, snk = self.results.get((size, measure, "ladder")), self.results.get((size, measure, "snakemake"))
                if not lad or not snk:
                    continue
                ratio = statistics.median(snk) / statistics.median(lad)
                out += f"| {shape.steps} steps | {names[measure]} | {fmt(lad)} | {fmt(snk)} | {ratio:.1f}× |\n"
            lr, sr = self.reruns.get((size, "ladder")), self.reruns.get((size, "snakemake"))
            if lr and sr:
                out += (f"| {shape.steps} steps | steps re-run after that change | {statistics.median(lr):.0f} | "
                        f"{statistics.median(sr):.0f} | {statistics.median(sr) / max(1, statistics.median(lr)):.1f}× |\n")
        return out


def replay(bench, log):
    """Reads the figures a run printed (its `SIZE MEASURE TOOL SECONDS s` and `SIZE re-run TOOL N steps`
    lines) back into `bench`, for a run stopped before it wrote BENCHMARKS.md."""
    line = re.compile(r"^(\S+) (plan|full|no-op|cutoff)\s+(ladder|snakemake)\s+([\d.]+) s$")
    rerun = re.compile(r"^(\S+) re-run\s+(ladder|snakemake)\s+(\d+) steps$")
    for text in Path(log).read_text().splitlines():
        if m := line.match(text.strip()):
            bench.results.setdefault((m[1], m[2], m[3]), []).append(float(m[4]))
        elif m := rerun.match(text.strip()):
            bench.reruns.setdefault((m[1], m[2]), []).append(int(m[3]))


def repetitions(bench, sizes):
    """`3` when every size ran as often, else per size (`1k: 3, 10k: 1`), counted from the ladder's full runs."""
    counts = {size: len(bench.results.get((size, "full", "ladder"), [])) for size in sizes}
    if len(set(counts.values())) == 1:
        return f"{next(iter(counts.values()))} repetitions"
    return "repetitions per workflow " + ", ".join(f"{size}: {n}" for size, n in counts.items())


def write_benchmarks(path, table, bench, reps, started, note=""):
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    host = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2; nproc"], capture_output=True,
                          text=True).stdout.split("\n")
    load = os.getloadavg()
    section = ("## peers\n\n"
               f"Written by `make bench-peers` (`scripts/bench-peers.py`) in one run: the release `ladder` binary and "
               f"Snakemake {bench.version} (PyPI, in `.build/peers-venv`) on the same generated workflow of trivial "
               "steps (the study's shape: subset per tier, transpile per language and tier, train per condition × tier × "
               "seed, eval per benchmark × template, reparse per scorer; each step writes its inputs' bytes and one word), "
               f"{reps}, the tools interleaved, each repetition in fresh directories. Median (min–max). Snakemake runs with "
               "`--cores 2 --scheduler greedy`, its fast built-in scheduler: with its default (`ilp`) an earlier run here "
               "took 1,409 s for the 10k full run instead of about 145 s. "
               f"Host:{host[0]}, {host[1].strip()} cores; load average {load[0]:.1f} when the run ended, "
               + (f"{(time.monotonic() - started) / 60:.0f} minutes in all" if started is not None else "figures read back from the run's printed lines")
               + ": other builds may share the machine, so compare ratios rather than absolute figures. The parameter change sets `verbose` of every transpile step, which "
               "neither tool writes into the outputs: ladder re-runs those steps, finds identical bytes and reuses "
               "everything downstream (early cutoff); Snakemake re-runs them and, their outputs being newer, everything "
               "downstream." + (" " + note if note else "") + "\n\n" + table + "\n")
    if "## peers\n" in text:
        start = text.index("## peers\n")
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ladder-bin", default=str(ROOT / "Benchmarks/.build/release/ladder"))
    ap.add_argument("--snakemake", default=str(ROOT / ".build/peers-venv/bin/snakemake"))
    ap.add_argument("--sizes", nargs="+", default=["1k", "10k"], choices=list(SIZES))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="markdown file whose `## peers` section is replaced")
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    ap.add_argument("--replay", metavar="LOG", help="measure nothing: write the table from the lines a run printed")
    ap.add_argument("--note", default="", help="a sentence added to the section (what the run covered, and why)")
    args = ap.parse_args()
    started = time.monotonic()
    bench = Bench(args)
    try:
        if args.replay:
            started = None
            replay(bench, args.replay)
        else:
            for size in args.sizes:
                for rep in range(args.reps):
                    bench.one_repetition(size, SIZES[size], rep)
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    table = bench.table()
    print(table)
    if not args.no_write:
        write_benchmarks(Path(args.out), table, bench, repetitions(bench, args.sizes), started, args.note)


if __name__ == "__main__":
    main()
