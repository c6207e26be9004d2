"""The protocol helper: request parsing, typed parameters, result writing, failure mapping."""
import json
import os

import pytest

import ladder_engine as le
from conftest import read_result


def test_params_read_types_and_aliases():
    p = le.Params("t", {"lr": 2e-4, "r": 16, "packing": True, "targets": ["q_proj"], "steps": 3.0})
    assert p.number("learning_rate", aliases=("lr",)) == 2e-4
    assert p.int("r") == 16
    assert p.int("steps") == 3
    assert p.bool("packing") is True
    assert p.strings("targets", allowed=["q_proj", "k_proj"]) == ["q_proj"]
    assert p.int("absent", 7) == 7


def test_a_missing_hyperparameter_names_itself_and_what_to_do():
    p = le.Params("train_lora", {})
    with pytest.raises(le.BadInput) as e:
        p.number("lora_dropout")
    assert "no parameter 'lora_dropout'" in e.value.message and "settings" in e.value.message
    assert e.value.exit_code == 2


@pytest.mark.parametrize("call,value", [
    (lambda p: p.int("x"), "16"), (lambda p: p.int("x"), True), (lambda p: p.int("x"), 1.5),
    (lambda p: p.number("x"), "0.1"), (lambda p: p.bool("x"), 1), (lambda p: p.string("x"), 3),
    (lambda p: p.strings("x"), "q_proj"), (lambda p: p.strings("x"), [1, 2]),
])
def test_ill_typed_values_are_bad_input(call, value):
    with pytest.raises(le.BadInput) as e:
        call(le.Params("t", {"x": value}))
    assert "parameter 'x' must be" in e.value.message


def test_allowed_values_and_ranges_are_checked():
    with pytest.raises(le.BadInput, match="allowed: cosine, linear"):
        le.Params("t", {"s": "cosin"}).string("s", allowed=["cosine", "linear"])
    with pytest.raises(le.BadInput, match="has v_projj"):
        le.Params("t", {"m": ["v_projj"]}).strings("m", allowed=["v_proj"])
    with pytest.raises(le.BadInput, match="at least 1"):
        le.Params("t", {"r": 0}).int("r", minimum=1)


def test_unknown_parameters_are_refused():
    p = le.Params("t", {"lora_dropuot": 0.0, "r": 4})
    p.int("r")
    with pytest.raises(le.BadInput, match="unknown parameter.*lora_dropuot"):
        p.reject_unknown()


def test_request_parsing(make_request):
    path, raw = make_request("e", {"seed": 3}, {"data": ("/x", {}), "base": (None, {"model": "org/m"})})
    r = le.Request.load(path)
    assert r.engine == "e" and r.attempt == 1 and r.done_items == []
    assert r.input("data").path == "/x"
    assert r.input("base").path is None and r.input("base").source["model"] == "org/m"
    with pytest.raises(le.BadInput, match="needs an input named 'corpus'"):
        r.input("corpus")
    assert r.input("corpus", required=False) is None


def test_a_request_of_another_protocol_version_is_refused(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"protocol_version": 2, "engine": "e", "params": {}, "inputs": {}, "output_dir": "o",
                                "state_dir": "s", "result_path": "r"}))
    with pytest.raises(le.BadInput, match="protocol version 2"):
        le.Request.load(str(path))


def test_ok_result_is_written_canonically(make_request):
    path, raw = make_request("e", {}, {})

    def main(request):
        le.write_json(request.output_path("a.json"), {"b": 1, "a": "é"})
        return le.Outcome(metrics={"n": 1}, items=[{"id": "x", "status": "ok"}], message="done")

    assert le.execute(main, ["engine", path]) == 0
    assert read_result(raw) == {"status": "ok", "message": "done", "metrics": {"n": 1}, "items": [{"id": "x", "status": "ok"}]}
    with open(os.path.join(raw["output_dir"], "a.json"), encoding="utf-8") as f:
        assert f.read() == '{"a":"é","b":1}\n'


def test_failures_exit_non_zero_with_a_message_and_leave_no_outputs(make_request):
    path, raw = make_request("e", {}, {})

    def bad(request):
        le.write_text(request.output_path("half.txt"), "half")
        raise le.BadInput("e: no such model /models/x")

    assert le.execute(bad, ["engine", path]) == 2
    assert read_result(raw) == {"status": "failed", "message": "e: no such model /models/x"}
    assert os.listdir(raw["output_dir"]) == []


def test_cuda_out_of_memory_is_a_resource_failure_a_retry_may_handle(make_request):
    path, raw = make_request("e", {}, {})

    class OutOfMemoryError(RuntimeError):
        pass

    def oom(request):
        raise OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    assert le.execute(oom, ["engine", path]) == le.EXIT_RETRY == 75
    result = read_result(raw)
    assert result["status"] == "failed" and result["message"].startswith("resource: CUDA out of memory")
    assert "batch_size" in result["message"]


def test_an_unexpected_exception_is_reported_with_exit_one(make_request, capsys):
    path, raw = make_request("e", {}, {})

    def boom(request):
        raise ZeroDivisionError("division by zero")

    assert le.execute(boom, ["engine", path]) == 1
    assert read_result(raw)["message"] == "ZeroDivisionError: division by zero"
    assert "Traceback" in capsys.readouterr().err


def test_an_unreadable_request_exits_two_without_a_result(tmp_path):
    assert le.execute(lambda r: None, ["engine", str(tmp_path / "missing.json")]) == 2


def test_non_finite_numbers_never_reach_a_file(tmp_path):
    with pytest.raises(ValueError):
        le.write_json(str(tmp_path / "x.json"), {"loss": float("nan")})
    assert not os.path.exists(tmp_path / "x.json")
    assert [n for n in os.listdir(tmp_path)] == []
