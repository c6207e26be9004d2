"""Template files, benchmark loaders, the matrix, the row store and the results layout."""
import json
import os

import pytest

import eval_formats as ef
from conftest import FIXTURES, SIB200
from ladder_engine import BadInput

TEMPLATES = os.path.join(FIXTURES, "templates")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def test_placeholders_and_literal_braces_render():
    parts = ef.parse_template("{{json}} {text}!}}", ("text",), "t")
    assert ef.render(parts, {"text": "hi"}) == "{json} hi!}"


@pytest.mark.parametrize("text,message", [("{label}", "not one of this benchmark's fields"),
                                          ("a { b", "unmatched '{'"), ("a } b", "unmatched '}'")])
def test_bad_placeholders_are_errors(text, message):
    with pytest.raises(BadInput, match=message):
        ef.parse_template(text, ("text",), "sib200.json: template1.en")


def test_choices_render_one_line_per_option():
    parts = ef.parse_template("Q: {question}\n{choices}\nAnswer:", ("question", "choices"), "t")
    assert ef.render(parts, {"question": "Why?", "choices": [("A", "yes"), ("B", "no")]}) == "Q: Why?\nA. yes\nB. no\nAnswer:"


def test_the_sib200_fixture_renders_a_prompt_in_each_instruction_language():
    ts = ef.TemplateSet(os.path.join(TEMPLATES, "sib200.json"))
    assert ts.benchmark == "sib200" and ts.options[0] == "science/technology" and len(ts.sha256) == 64
    for lang in ("en", "zh", "es", "ur"):
        prompt = ts.prompt("template1", lang, {"text": "The match ended 2-1."})
        assert "The match ended 2-1." in prompt and prompt.endswith("Category:")
    assert ts.prompt("template2", "en", {"text": "x"}).endswith("Topic:")


def test_a_missing_instruction_language_or_template_is_an_error(tmp_path):
    ts = ef.TemplateSet(os.path.join(TEMPLATES, "sib200.json"))
    with pytest.raises(BadInput, match="has no instruction language de"):
        ts.require("template1", ["en", "de"])
    with pytest.raises(BadInput, match="no template template9"):
        ts.require("template9", ["en"])
    bad = write(tmp_path / "xnli.json", json.dumps({"benchmark": "xnli", "fields": ["premise"], "options": ["a"],
                                                    "templates": {"t": {"en": "{premise}"}}}))
    with pytest.raises(BadInput, match="fields"):
        ef.TemplateSet(bad)


@pytest.mark.skipif(not os.path.isdir(os.path.join(SIB200, "sib200")), reason="ladders/demo-data/sib200 is absent")
def test_sib200_loads_with_ids_in_file_order():
    path, examples = ef.load_benchmark(SIB200, "sib200", "zh")
    assert path.endswith("sib200/zho_Hans/test.tsv")
    assert len(examples) == 204
    assert examples[0].id == "1523" and examples[0].gold == "science/technology"
    _, english = ef.load_benchmark(SIB200, "sib200", "en")
    assert [e.id for e in english] == [e.id for e in examples]


def test_the_jsonl_benchmarks_load(tmp_path):
    write(tmp_path / "xnli/en/test.jsonl", '{"premise": "p", "hypothesis": "h", "label": 2}\n'
                                           '{"id": "x7", "premise": "p", "hypothesis": "h", "label": "neutral"}\n')
    _, xs = ef.load_benchmark(str(tmp_path), "xnli", "en")
    assert [(x.id, x.gold) for x in xs] == [("1", "contradiction"), ("x7", "neutral")]
    write(tmp_path / "csqa/zh/test.jsonl", json.dumps({"id": "q1", "answerKey": "B", "question": {
        "stem": "S", "choices": [{"label": "A", "text": "a"}, {"label": "B", "text": "b"}]}}) + "\n")
    _, cs = ef.load_benchmark(str(tmp_path), "csqa", "zh")
    assert cs[0].gold == "B" and cs[0].values["choices"] == [("A", "a"), ("B", "b")]
    row = {"link": "L", "question_number": 2, "flores_passage": "P", "question": "Q", "mc_answer1": "1",
           "mc_answer2": "2", "mc_answer3": "3", "mc_answer4": "4", "correct_answer_num": "3"}
    write(tmp_path / "belebele/urd_Arab/test.jsonl", json.dumps(row) + "\n")
    _, bs = ef.load_benchmark(str(tmp_path), "belebele", "ur")
    assert bs[0].id == "L#2" and bs[0].gold == "C" and bs[0].values["passage"] == "P"


def test_benchmark_errors_are_located(tmp_path):
    write(tmp_path / "xnli/es/test.jsonl", '{"id": "a", "premise": "p", "hypothesis": "h", "label": 0}\n'
                                           '{"id": "a", "premise": "p", "hypothesis": "h", "label": 1}\n')
    with pytest.raises(BadInput, match=r"xnli/es/test.jsonl:2: duplicate id 'a' \(first on line 1\)"):
        ef.load_benchmark(str(tmp_path), "xnli", "es")
    write(tmp_path / "xnli/ur/test.jsonl", '{"premise": "p", "hypothesis": "h"}\n')
    with pytest.raises(BadInput, match=r"test.jsonl:1: the row has no label"):
        ef.load_benchmark(str(tmp_path), "xnli", "ur")
    with pytest.raises(BadInput, match="missing"):
        ef.load_benchmark(str(tmp_path), "csqa", "en")


def test_cells_follow_the_study_keys():
    keys = [c[4] for c in ef.cells(["sib200"], ["template1", "template2"], ["en", "zh"], ["en"])]
    assert keys == ["template1_sib200_data=en_instr=en", "template1_sib200_data=zh_instr=en",
                    "template2_sib200_data=en_instr=en", "template2_sib200_data=zh_instr=en"]


def test_the_row_store_resumes_and_ignores_a_torn_last_line(tmp_path):
    path = str(tmp_path / "rows.jsonl")
    store = ef.RowStore(path)
    store.append([{"cell": "c", "example_id": "1", "gold": "g", "raw_output": "a"}])
    with open(path, "ab") as f:
        f.write(b'{"cell": "c", "example_id": "2", "go')  # killed mid-write
    again = ef.RowStore(path)
    assert again.has("c", "1") and not again.has("c", "2")
    again.append([{"cell": "c", "example_id": "2", "gold": "g", "raw_output": "b"}])
    third = ef.RowStore(path)
    assert third.get("c", "2")["raw_output"] == "b"
    with open(path, encoding="utf-8") as f:
        assert len(f.read().splitlines()) == 2


def test_results_layout_and_summary(tmp_path):
    ts = ef.TemplateSet(os.path.join(TEMPLATES, "sib200.json"))
    examples = [ef.Example("9", {"text": "t"}, "travel"), ef.Example("3", {"text": "u"}, "sports")]
    plan = [("sib200", "template1", "en", "en", "template1_sib200_data=en_instr=en", examples)]
    store = ef.RowStore(str(tmp_path / "rows.jsonl"))
    store.append([{"cell": plan[0][4], "example_id": "3", "gold": "sports", "raw_output": " sports", "hit_max_new_tokens": False},
                  {"cell": plan[0][4], "example_id": "9", "gold": "travel", "raw_output": " x y z", "hit_max_new_tokens": True}])
    out = tmp_path / "out"
    written = ef.write_results(str(out), plan, store, "generate", 10, {"sib200": ts}, {"sib200/eng_Latn/test.tsv": "ab"})
    assert written == ["sib200_results_template1.json"]
    text = (out / "sib200_results_template1.json").read_text(encoding="utf-8")
    assert text == ('{"parse_failure_rates":{},"summary":{},"template1_sib200_data=en_instr=en":['
                    '{"example_id":"9","gold":"travel","raw_output":" x y z"},'
                    '{"example_id":"3","gold":"sports","raw_output":" sports"}]}')
    summary = json.loads((out / "eval_summary.json").read_text(encoding="utf-8"))
    assert summary["cells"] == {"template1_sib200_data=en_instr=en": {"rows": 2, "hit_max_new_tokens": 1}}
    assert summary["template_files_sha256"] == {"sib200": ts.sha256} and summary["mode"] == "generate"


def test_a_limit_is_balanced_over_the_gold_answers_like_the_builtin_engine():
    # SIB-200's test files are sorted by category; the built-in engine's test expects
    # the first example of each of the first three topics for a limit of 3.
    _, rows = ef.load_benchmark(SIB200, "sib200", "en")
    assert len({r.gold for r in rows[:7]}) == 1
    three = ef.balanced(rows, 3)
    assert [r.id for r in three] == ["1523", "1874", "1172"]
    fourteen = ef.balanced(rows, 14)
    assert sorted({r.gold: 0 for r in fourteen}) == sorted({r.gold for r in rows})
    assert all(sum(1 for r in fourteen if r.gold == g) == 2 for g in {r.gold for r in rows})
    index = {r.id: i for i, r in enumerate(rows)}
    assert [index[r.id] for r in fourteen] == sorted(index[r.id] for r in fourteen)
    assert ef.balanced(rows, 0) == rows and ef.balanced(rows, 10_000) == rows
