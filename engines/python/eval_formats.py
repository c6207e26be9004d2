"""The evaluation formats shared with the built-in `eval` engine (pure Python, no torch).

Template files (`{benchmark}.json`), the four benchmarks' test files, the
evaluation matrix (benchmarks x templates x data languages x instruction
languages -> cells), the resumable row store (`{state_dir}/rows.jsonl`) and
the study's results layout (`{benchmark}_results_{template}.json` plus
`eval_summary.json`). engines/python/README.md describes them; both engines
implement exactly this so either can answer a ladder's eval step.
"""

import csv
import hashlib
import json
import os
import re

from ladder_engine import BadInput, canonical_json, write_json, write_text

BENCHMARKS = ("sib200", "xnli", "csqa", "belebele")
FIELDS = {
    "sib200": ("text",),
    "xnli": ("premise", "hypothesis"),
    "csqa": ("question", "choices"),
    "belebele": ("passage", "question", "choices"),
}
FLORES = {"en": "eng_Latn", "zh": "zho_Hans", "es": "spa_Latn", "ur": "urd_Arab"}
XNLI_LABELS = ("entailment", "neutral", "contradiction")
MODES = ("generate", "loglikelihood")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- templates

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def parse_template(text, fields, where):
    """Splits a template into literal text and placeholders: a list of (is_field, text)."""
    parts, pos = [], 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            parts.append((False, text[pos:m.start()]))
        token = m.group(0)
        if token == "{{":
            parts.append((False, "{"))
        elif token == "}}":
            parts.append((False, "}"))
        elif m.group(1) is not None and m.group(1) in fields:
            parts.append((True, m.group(1)))
        elif m.group(1) is not None:
            raise BadInput(f"{where}: placeholder {token} is not one of this benchmark's fields "
                           f"({', '.join(fields)}); write {{{{ and }}}} for literal braces")
        else:
            raise BadInput(f"{where}: unmatched '{token}'; write {{{{ and }}}} for literal braces")
        pos = m.end()
    if pos < len(text):
        parts.append((False, text[pos:]))
    return parts


def render_choices(choices):
    """`{choices}`: one line per option, `A. text`, joined by newlines."""
    return "\n".join(f"{label}. {text}" for label, text in choices)


def render(parts, values):
    out = []
    for is_field, text in parts:
        if not is_field:
            out.append(text)
        elif text == "choices":
            out.append(render_choices(values["choices"]))
        else:
            out.append(values[text])
    return "".join(out)


class TemplateSet:
    """One benchmark's template file: fields, options and the templates per instruction language."""

    def __init__(self, path):
        self.path = path
        where = os.path.basename(path)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise BadInput(f"{path}: cannot read the template file ({e.strerror})")
        self.sha256 = hashlib.sha256(data).hexdigest()
        try:
            doc = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise BadInput(f"{path}: not a JSON template file: {e}")
        if not isinstance(doc, dict):
            raise BadInput(f"{path}: a template file is a JSON object")
        self.benchmark = doc.get("benchmark")
        if self.benchmark not in BENCHMARKS:
            raise BadInput(f"{path}: `benchmark` is {self.benchmark!r}; known: {', '.join(BENCHMARKS)}")
        self.fields = tuple(doc.get("fields") or ())
        if set(self.fields) != set(FIELDS[self.benchmark]):
            raise BadInput(f"{path}: `fields` of {self.benchmark} are {', '.join(FIELDS[self.benchmark])}, "
                           f"not {', '.join(self.fields) or 'none'}")
        options = doc.get("options")
        if not isinstance(options, list) or not options or not all(isinstance(o, str) and o for o in options):
            raise BadInput(f"{path}: `options` must be a non-empty list of strings")
        self.options = tuple(options)
        templates = doc.get("templates")
        if not isinstance(templates, dict) or not templates:
            raise BadInput(f"{path}: `templates` must map template names to {{language: text}}")
        self.templates = {}
        for name, by_lang in templates.items():
            if not isinstance(by_lang, dict):
                raise BadInput(f"{path}: template {name} must map instruction languages to text")
            self.templates[name] = {}
            for lang, text in by_lang.items():
                if not isinstance(text, str):
                    raise BadInput(f"{path}: template {name}.{lang} must be a string")
                self.templates[name][lang] = parse_template(text, self.fields, f"{where}: {name}.{lang}")

    def prompt(self, template, lang, values):
        return render(self.prompt_parts(template, lang), values)

    def require(self, template, langs):
        """Fails when the template or one of the instruction languages is missing."""
        for lang in langs:
            self.prompt_parts(template, lang)

    def prompt_parts(self, template, lang):
        if template not in self.templates:
            raise BadInput(f"{self.path}: no template {template}; the file has {', '.join(sorted(self.templates))}")
        if lang not in self.templates[template]:
            raise BadInput(f"{self.path}: template {template} has no instruction language {lang} "
                           f"(it has {', '.join(sorted(self.templates[template]))})")
        return self.templates[template][lang]


# ---------------------------------------------------------------- benchmark data

class Example:
    __slots__ = ("id", "values", "gold")

    def __init__(self, example_id, values, gold):
        self.id = example_id
        self.values = values
        self.gold = gold


def benchmark_file(root, benchmark, lang):
    if benchmark in ("sib200", "belebele"):
        if lang not in FLORES:
            raise BadInput(f"{benchmark}: no FLORES code for data language {lang}; known: {', '.join(sorted(FLORES))}")
        folder = FLORES[lang]
    else:
        folder = lang
    name = "test.tsv" if benchmark == "sib200" else "test.jsonl"
    return os.path.join(root, benchmark, folder, name)


def _jsonl(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                raise BadInput(f"{path}:{number}: not JSON: {e}")
            if not isinstance(row, dict):
                raise BadInput(f"{path}:{number}: a row is a JSON object")
            yield number, row


def _need(row, key, path, number):
    value = row.get(key)
    if value is None or value == "":
        raise BadInput(f"{path}:{number}: the row has no `{key}`")
    return value


def _sib200(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quotechar='"')
        header = next(reader, None)
        if header is None or not {"index_id", "category", "text"} <= set(header):
            raise BadInput(f"{path}:1: the header must name index_id, category and text")
        col = {name: header.index(name) for name in ("index_id", "category", "text")}
        for row in reader:
            number = reader.line_num
            if not row or row == [""]:
                continue
            if len(row) < len(header):
                raise BadInput(f"{path}:{number}: {len(row)} columns, the header has {len(header)}")
            example_id, gold = row[col["index_id"]], row[col["category"]]
            if not example_id:
                raise BadInput(f"{path}:{number}: the row has no index_id")
            if not gold:
                raise BadInput(f"{path}:{number}: the row has no category")
            yield number, Example(example_id, {"text": row[col["text"]]}, gold)


def _xnli(path):
    for number, row in _jsonl(path):
        label = row.get("label")
        if isinstance(label, bool) or label is None:
            raise BadInput(f"{path}:{number}: the row has no label")
        if isinstance(label, int) and 0 <= label <= 2:
            gold = XNLI_LABELS[label]
        elif isinstance(label, str) and label in XNLI_LABELS:
            gold = label
        else:
            raise BadInput(f"{path}:{number}: label {label!r} is not 0, 1, 2 or one of {', '.join(XNLI_LABELS)}")
        example_id = str(row["id"]) if row.get("id") not in (None, "") else str(number)
        yield number, Example(example_id, {"premise": _need(row, "premise", path, number),
                                           "hypothesis": _need(row, "hypothesis", path, number)}, gold)


def _csqa(path):
    for number, row in _jsonl(path):
        example_id = str(_need(row, "id", path, number))
        question = row.get("question")
        if not isinstance(question, dict):
            raise BadInput(f"{path}:{number}: `question` must hold `stem` and `choices`")
        choices = [(c.get("label"), c.get("text")) for c in question.get("choices") or []]
        if not choices or any(not label or text is None for label, text in choices):
            raise BadInput(f"{path}:{number}: `question.choices` must list {{label, text}} objects")
        gold = _need(row, "answerKey", path, number)
        yield number, Example(example_id, {"question": _need(question, "stem", path, number), "choices": choices}, gold)


def _belebele(path):
    for number, row in _jsonl(path):
        link, qn = _need(row, "link", path, number), _need(row, "question_number", path, number)
        answer = str(_need(row, "correct_answer_num", path, number))
        if answer not in ("1", "2", "3", "4"):
            raise BadInput(f"{path}:{number}: correct_answer_num {answer!r} is not 1..4")
        choices = [(letter, _need(row, f"mc_answer{i}", path, number)) for i, letter in enumerate("ABCD", 1)]
        yield number, Example(f"{link}#{qn}", {"passage": _need(row, "flores_passage", path, number),
                                               "question": _need(row, "question", path, number),
                                               "choices": choices}, "ABCD"[int(answer) - 1])


_READERS = {"sib200": _sib200, "xnli": _xnli, "csqa": _csqa, "belebele": _belebele}


def load_benchmark(root, benchmark, lang):
    """The examples of one benchmark in one data language, in file order; ids unique."""
    path = benchmark_file(root, benchmark, lang)
    if not os.path.isfile(path):
        raise BadInput(f"{path}: missing ({benchmark} in data language {lang})")
    examples, seen = [], {}
    for number, example in _READERS[benchmark](path):
        if example.id in seen:
            raise BadInput(f"{path}:{number}: duplicate id {example.id!r} (first on line {seen[example.id]})")
        seen[example.id] = number
        examples.append(example)
    return path, examples


# ---------------------------------------------------------------- the matrix

def balanced(examples, limit):
    """`limit` examples taken round-robin over the gold answers (answers in order of
    first appearance, each answer's examples in file order), returned in file order:
    the same sample as the built-in eval engine's `limit` (SIB-200's test files are
    sorted by category, so the first N would be one topic)."""
    if not limit or limit >= len(examples):
        return list(examples)
    order, by_gold = [], {}
    for i, e in enumerate(examples):
        if e.gold not in by_gold:
            order.append(e.gold)
            by_gold[e.gold] = []
        by_gold[e.gold].append(i)
    picked, rnd = [], 0
    while len(picked) < limit:
        for gold in order:
            if len(picked) < limit and rnd < len(by_gold[gold]):
                picked.append(by_gold[gold][rnd])
        rnd += 1
    return [examples[i] for i in sorted(picked)]


def cell_key(template, benchmark, data_lang, instr_lang):
    return f"{template}_{benchmark}_data={data_lang}_instr={instr_lang}"


def cells(benchmarks, templates, data_langs, instr_langs):
    """(benchmark, template, data_lang, instr_lang, key) in a stable order."""
    out = []
    for b in benchmarks:
        for t in templates:
            for d in data_langs:
                for i in instr_langs:
                    out.append((b, t, d, i, cell_key(t, b, d, i)))
    return out


# ---------------------------------------------------------------- resumable rows

class RowStore:
    """`{state_dir}/rows.jsonl`: one line per answered example, appended and flushed per batch.
    Reading it back skips a torn last line (a killed attempt), so a resumed attempt answers
    only what is missing."""

    def __init__(self, path):
        self.path = path
        self.rows = {}
        if os.path.exists(path):
            self._load()

    def _load(self):
        with open(self.path, "rb") as f:
            data = f.read()
        lines = data.split(b"\n")
        good = 0
        for index, line in enumerate(lines):
            if not line.strip():
                good += len(line) + 1
                continue
            try:
                row = json.loads(line.decode("utf-8"))
                key = (row["cell"], row["example_id"])
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                if index == len(lines) - 1 or all(not x.strip() for x in lines[index + 1:]):
                    break  # a torn last line: the attempt was killed while writing it
                raise BadInput(f"{self.path}:{index + 1}: a row that is not JSON with cell and example_id")
            self.rows[key] = row
            good += len(line) + 1
        if good < len(data):
            with open(self.path, "r+b") as f:
                f.truncate(min(good, len(data)))

    def has(self, cell, example_id):
        return (cell, example_id) in self.rows

    def get(self, cell, example_id):
        return self.rows.get((cell, example_id))

    def append(self, rows):
        """Appends rows and makes them durable before returning."""
        if not rows:
            return
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        with open(self.path, "ab") as f:
            for row in rows:
                f.write((canonical_json(row) + "\n").encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        for row in rows:
            self.rows[(row["cell"], row["example_id"])] = row


# ---------------------------------------------------------------- results

def results_document(cell_rows, loglikelihood):
    """`{"parse_failure_rates": {}, "summary": {}, cell: [rows]}` for one benchmark and template."""
    doc = {"parse_failure_rates": {}, "summary": {}}
    for key, rows in cell_rows:
        out = []
        for r in rows:
            row = {"example_id": r["example_id"], "gold": r["gold"], "raw_output": r["raw_output"]}
            if loglikelihood:
                row["option_scores"] = r["option_scores"]
            out.append(row)
        doc[key] = out
    return doc


def write_results(out_dir, plan, store, mode, max_new_tokens, template_sets, benchmark_files):
    """Writes `{benchmark}_results_{template}.json` for every (benchmark, template) of `plan`
    (a list of (benchmark, template, data_lang, instr_lang, key, examples)) and
    `eval_summary.json`. Every row must be in `store`."""
    loglikelihood = mode == "loglikelihood"
    grouped, summary_cells = {}, {}
    for benchmark, template, _d, _i, key, examples in plan:
        rows = []
        for ex in examples:
            row = store.get(key, ex.id)
            if row is None:
                raise BadInput(f"internal: cell {key} has no row for example {ex.id}")
            rows.append(row)
        grouped.setdefault((benchmark, template), []).append((key, rows))
        counts = {"rows": len(rows)}
        if not loglikelihood:
            counts["hit_max_new_tokens"] = sum(1 for r in rows if r.get("hit_max_new_tokens"))
        summary_cells[key] = counts
    written = []
    for (benchmark, template), cell_rows in grouped.items():
        name = f"{benchmark}_results_{template}.json"
        write_text(os.path.join(out_dir, name), canonical_json(results_document(cell_rows, loglikelihood)))
        written.append(name)
    summary = {
        "cells": summary_cells,
        "mode": mode,
        "max_new_tokens": max_new_tokens if not loglikelihood else None,
        "template_files_sha256": {b: ts.sha256 for b, ts in sorted(template_sets.items())},
        "benchmark_files_sha256": dict(sorted(benchmark_files.items())),
    }
    write_json(os.path.join(out_dir, "eval_summary.json"), summary)
    return sorted(written)
