"""Dataset reading and packing: the same truncation rules as the built-in lora-train engine."""
import json
import os

import pytest

import train_data
from ladder_engine import BadInput


def test_packing_lays_files_end_to_end_and_drops_nothing_but_a_lone_last_token():
    seqs, docs = train_data.pack([("a", [5, 6, 7]), ("b", [8])], max_length=4, packing=True, bos=1, eos=2)
    # stream: 1 5 6 7 2 1 8 2  -> [1 5 6 7] [2 1 8 2]
    assert seqs == [[1, 5, 6, 7], [2, 1, 8, 2]]
    assert [(d.id, d.tokens, d.dropped) for d in docs] == [("a", 5, 0), ("b", 3, 0)]
    seqs, docs = train_data.pack([("a", [5, 6, 7])], max_length=4, packing=True, bos=1, eos=2)
    assert seqs == [[1, 5, 6, 7]] and docs[0].dropped == 1


def test_without_packing_each_file_is_cut_and_its_loss_counted():
    seqs, docs = train_data.pack([("a", list(range(10))), ("b", [3])], max_length=5, packing=False, bos=1, eos=None)
    assert seqs == [[1, 0, 1, 2, 3], [1, 3]]
    assert [d.as_json() for d in docs] == [{"file_path": "a", "tokens": 11, "dropped": 6},
                                           {"file_path": "b", "tokens": 2, "dropped": 0}]


def test_schedule_counts_optimizer_steps():
    assert train_data.schedule_steps(17, 8, 1, 1) == 3
    assert train_data.schedule_steps(17, 8, 2, 2) == 4


def test_dataset_directory(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.py").write_text("print(1)\n")
    rows = [{"file_path": "x/a.py", "filename": "files/a.py", "split": "train"},
            {"file_path": "x/b.py", "filename": "files/a.py", "split": "validation"}]
    (tmp_path / "manifest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert train_data.read_dataset(str(tmp_path)) == [("x/a.py", "train", "print(1)\n"), ("x/b.py", "validation", "print(1)\n")]
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file_path": "x", "filename": "../etc/passwd"}) + "\n")
    with pytest.raises(BadInput, match="outside the dataset"):
        train_data.read_dataset(str(tmp_path))
    with pytest.raises(BadInput, match="no manifest.jsonl"):
        train_data.read_dataset(str(tmp_path / "files"))
