# Comparison baseline for ladder-bench's `scoring` area; not part of ladder.
#
# A plain Python re-implementation of the study's reparse for one scorer:
# json.load of the whole results file, then one extractor call per row with
# str methods and `re` (patterns compiled once, tables read once), then the
# summary written with json.dumps(indent=2, ensure_ascii=False). The rules are
# the ones Sources/LadderScoring/README.md states (strict@1, refined@1); the
# tables come from ladder's own scorer definition (written by the harness as
# {"rules": ..., "tables": {path: value}}), so both sides read the same data.
#
# usage: scoring_baseline.py RESULTS.json TABLES.json [--memo]
#   --memo  remember each raw output's answer per cell (a dict keyed on the
#           decoded raw_output string, as functools.lru_cache would be), the
#           counterpart of ladder's per-cell memo.
# Prints seconds= (json.load to summary written and the document freed,
# timed inside the process, so interpreter start-up is not in it), the
# counts, and how many rows the memo answered.
import json, re, sys, time

results_path, tables_path = sys.argv[1], sys.argv[2]
use_memo = "--memo" in sys.argv[3:]
spec = json.load(open(tables_path, encoding="utf-8"))
rules, t = spec["rules"], spec["tables"]


def first_line(s):
    return s.strip().split("\n")[0].strip()


mc = dict(t["multiple_choice"])
mc_res = {b: (re.compile(r"\b([" + re.escape(l) + r"])\b"), re.compile(r"ANSWER\s*[:\-]?\s*([" + re.escape(l) + r"])"))
          for b, l in mc.items()}


def choice(text, bench):
    line = first_line(text.strip().upper())
    for r in mc_res[bench]:
        m = r.search(line)
        if m:
            return m.group(1)
    return None


labels = t["xnli.labels"]
label_res = [(l, re.compile(r"\b" + re.escape(l) + r"\b")) for l in labels]
natives = [(k.lower(), v) for k, v in t["xnli.native_labels"]]
negations = t.get("xnli.tier2_negations", [])
paraphrases = [(re.compile(p), v) for p, v in t.get("xnli.tier3_paraphrases", [])]


def xnli(text):
    line = first_line(text)
    low = line.lower()
    for l, r in label_res:
        if r.search(low):
            return l
    for k, v in natives:
        if k in low:
            return v
    if rules == "refined":
        if not any(n in line for n in negations):
            for l in labels:
                if l in low:
                    return l
        for r, v in paraphrases:
            if r.search(line):
                return v
    return None


categories = t["sib200.categories"]
strip_chars = t["sib200.strip_characters"]

if rules == "strict":
    sci = t["sib200.scitech_category"]
    sci_prefixes = tuple(t["sib200.scitech_prefixes"])
    sci_phrases = [p.lower() for p in t["sib200.scitech_native_phrases"]]
    sci_bare = set(t["sib200.scitech_bare_subcategories"])
    aliases = {}
    for k, v in t["sib200.aliases"]:
        aliases.setdefault(k, v)  # the first pair of a key wins, as in ladder


def sib_strict(text):
    low = first_line(text).strip(strip_chars).lower()
    if low.startswith(sci_prefixes):
        return sci
    if any(p in low for p in sci_phrases):
        return sci
    if low in sci_bare:
        return sci
    for c in categories:
        if c in low:
            return c
    return aliases.get(low)


terms = {}
for k, v in t.get("sib200.term_to_category", []):
    terms.setdefault(k, v)
split_re = re.compile("[" + re.escape(t.get("sib200.split_characters", "/")) + "]")
conjunctions = t.get("sib200.conjunctions", [])


def sib_refined(text):
    line = first_line(text).strip(strip_chars)
    if not line:
        return None
    s = line
    for c in conjunctions:
        s = s.replace(c, "/")
    found = set()
    for p in split_re.split(s):
        if p.strip():
            cat = terms.get(p.strip().strip(strip_chars).strip().lower())
            if cat is not None:
                found.add(cat)
    if len(found) == 1:
        return found.pop()
    if found:
        return None  # a hedge
    hits = {c for c in categories if c in line.lower()}
    return hits.pop() if len(hits) == 1 else None


started = time.perf_counter()
with open(results_path, encoding="utf-8") as fh:
    data = json.load(fh)
summary, fails = {}, {}
n = correct = failed = memo_hits = 0
for key, rows in data.items():
    if key in ("summary", "parse_failure_rates") or not isinstance(rows, list):
        continue
    bench = key.split("_")[1]
    if bench in mc:
        f = lambda s, bench=bench: choice(s, bench)
    elif bench == "xnli":
        f = xnli
    else:
        f = sib_strict if rules == "strict" else sib_refined
    c = fl = 0
    if use_memo:
        memo = {}
        for row in rows:
            raw = row["raw_output"]
            if raw in memo:
                p = memo[raw]
                memo_hits += 1
            else:
                p = memo[raw] = f(raw)
            if p is None:
                fl += 1
            elif p == row["gold"]:
                c += 1
    else:
        for row in rows:
            p = f(row["raw_output"])
            if p is None:
                fl += 1
            elif p == row["gold"]:
                c += 1
    k = len(rows)
    summary[key + "_acc"] = c / k if k else 0.0
    summary[key + "_count"] = k
    summary[key + "_correct"] = c
    fails[key] = fl / k if k else 0.0
    n, correct, failed = n + k, correct + c, failed + fl
out = results_path.replace("_results_", "_summary_reparsed_python_", 1)
with open(out, "w", encoding="utf-8") as fh:
    fh.write(json.dumps({"summary": summary, "parse_failure_rates": fails}, indent=2, ensure_ascii=False))
rows = memo = None
del data  # freeing the parsed document is part of reading a file
print(f"seconds={time.perf_counter() - started:.6f}")
print(f"rows={n} correct={correct} failed={failed}")
print(f"memo_hits={memo_hits}")
