"""`bench run` end to end on the packaged benchmark: records, cache, failures, resume, determinism."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.records.store import RunDir

import helpers


def bench(*args: str, ok: bool = True):
    return helpers.bench(*args, exit_code=0 if ok else None, catch_exceptions=False)


def run_json(*args: str) -> dict:
    return json.loads(bench("run", *args, "--json").output)


@pytest.fixture
def summarizer_module(tmp_path, monkeypatch):
    """A py: summarizer module on sys.path whose behaviour is steered by files in tmp_path."""
    name = f"nb_test_summarizers_{abs(hash(str(tmp_path)))}"  # fresh module per test: paths differ
    mod = tmp_path / f"{name}.py"
    mod.write_text(
        textwrap.dedent(
            f"""
            from pathlib import Path
            CALLS = Path({str(tmp_path / "calls.log")!r})
            INTERRUPT_ONCE = Path({str(tmp_path / "interrupt-once")!r})

            def _log(text):
                with CALLS.open("a") as fh:
                    fh.write(text.splitlines()[0] + "\\n")

            def first_two(text):
                _log(text)
                body = text.split("\\n\\n", 1)[1]
                return " ".join(body.split()[:40])

            def fails_on_ap(text):
                if "Rodham" in text:
                    raise RuntimeError("model crashed on the AP article")
                return first_two(text)

            def interrupts_once(text):
                if INTERRUPT_ONCE.exists() and CALLS.exists() and len(CALLS.read_text().splitlines()) >= 1:
                    INTERRUPT_ONCE.unlink()
                    raise KeyboardInterrupt
                return first_two(text)
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path, name


def test_lead3_run_writes_complete_records(tmp_path):
    out = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "runs"))
    assert out["status"] == "finished"
    for key in ("rouge1_f", "rouge2_f", "rougeL_f", "rougeLsum_f", "fact_coverage", "contradiction_rate"):
        assert 0.0 <= out["scores"][key] <= 1.0, key
    assert out["scores"]["rouge1_f"] > 0.2
    assert {t["id"] for t in out["tasks"]} == {
        "000_e5ebca9a67f22be0",
        "002_cff157bd56992ef1",
        "event-nato-russia-2011-12-08",
    }
    sig = dict(f.split(":", 1) for f in out["signature"].split("|"))
    assert sig["data"].startswith("newsbench-v1@")
    assert sig["stem"] == "porter" and sig["rougeLsum"] == "newline" and sig["agg"] == "max"
    assert sig["trunc"] == "75w" and sig["split"] == "test" and sig["judge"].startswith("align")

    run = RunDir(Path(out["run_dir"]))
    manifest = run.manifest()
    assert manifest["status"] == "finished"
    assert manifest["summarizer"]["text"] == "lead-3"
    assert {"newsbench", "datasets", "rouge-score"} <= set(manifest["versions"])
    assert len(manifest["dataset"]["hash"]) == 64
    assert [p.id for p in run.predictions()] == sorted(t["id"] for t in out["tasks"])
    rows = run.scores()
    assert all(r["facts"] and {"rouge1_p", "rouge1_r", "rouge1_f"} <= set(r) for r in rows)


def test_same_inputs_give_byte_identical_records(tmp_path):
    a = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "a"), "--no-cache")
    b = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "b"), "--no-cache")
    assert a["run_id"] == b["run_id"]
    for name in ("predictions.jsonl", "scores.jsonl", "results.json"):
        assert (Path(a["run_dir"]) / name).read_bytes() == (Path(b["run_dir"]) / name).read_bytes()
    bench("leaderboard", "--runs-dir", str(tmp_path / "a"), "-o", str(tmp_path / "la.md"))
    bench("leaderboard", "--runs-dir", str(tmp_path / "b"), "-o", str(tmp_path / "lb.md"))
    la = (tmp_path / "la.md").read_text().replace(str(tmp_path / "a"), "RUNS")
    lb = (tmp_path / "lb.md").read_text().replace(str(tmp_path / "b"), "RUNS")
    assert la == lb


def test_cache_makes_a_rerun_free(summarizer_module, tmp_path):
    summarizer_module, name = summarizer_module
    spec = f"py:{name}:first_two"
    first = run_json("--model", spec, "--runs-dir", str(tmp_path / "runs"))
    calls = (summarizer_module / "calls.log").read_text().splitlines()
    assert len(calls) == 3
    second = run_json("--model", spec, "--runs-dir", str(tmp_path / "runs"))
    assert (summarizer_module / "calls.log").read_text().splitlines() == calls  # no new calls
    assert first["scores"] == second["scores"]


def test_failure_on_one_task_is_recorded_and_the_run_goes_on(summarizer_module, tmp_path):
    _, name = summarizer_module
    out = run_json("--model", f"py:{name}:fails_on_ap", "--runs-dir", str(tmp_path / "runs"), "--allow-failures")
    assert out["status"] == "partial"
    by_id = {t["id"]: t for t in out["tasks"]}
    failed = by_id["002_cff157bd56992ef1"]
    assert "model crashed on the AP article" in failed["error"]
    assert failed["rouge1_f"] == 0.0 and failed["fact_coverage"] == 0.0
    assert by_id["000_e5ebca9a67f22be0"]["error"] is None
    assert by_id["000_e5ebca9a67f22be0"]["rouge1_f"] > 0
    preds = RunDir(Path(out["run_dir"])).predictions()
    assert [p.ok for p in preds] == [True, False, False]  # the event task includes the AP article too
    assert out["counts"]["failed"] == 2


def test_interrupted_run_resumes_from_cache(summarizer_module, tmp_path):
    summarizer_module, name = summarizer_module
    (summarizer_module / "interrupt-once").touch()
    spec = f"py:{name}:interrupts_once"
    runner = CliRunner()
    interrupted = runner.invoke(
        cli, ["run", "--model", spec, "--runs-dir", str(tmp_path / "runs"), "--batch-size", "1", "--json"]
    )
    assert interrupted.exit_code != 0
    run_dirs = list((tmp_path / "runs").iterdir())
    assert len(run_dirs) == 1
    assert RunDir(run_dirs[0]).manifest()["status"] == "interrupted"
    assert len((summarizer_module / "calls.log").read_text().splitlines()) == 1

    out = run_json("--model", spec, "--runs-dir", str(tmp_path / "runs"), "--batch-size", "1")
    assert out["status"] == "finished"
    # the first task came from the cache: only the two others were summarized on resume
    assert len((summarizer_module / "calls.log").read_text().splitlines()) == 3


def test_bad_predictions_file_loses_nothing_already_recorded(tmp_path):
    good = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "lead"))
    preds = tmp_path / "preds.jsonl"
    preds.write_text(
        "".join(
            json.dumps({"id": t["id"], "summary": "NATO and Russia did not agree on missile defence."}) + "\n"
            for t in good["tasks"]
        )
    )
    first = run_json("--model", f"file:{preds}", "--runs-dir", str(tmp_path / "runs"))
    run_dir = Path(first["run_dir"])
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}

    preds.write_text(preds.read_text() + '{"id": "extra", "summary": \n')
    result = bench("run", "--model", f"file:{preds}", "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert "preds.jsonl:4" in message and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before


def test_rescore_reproduces_scores(tmp_path):
    out = run_json("--model", "lead-1", "--runs-dir", str(tmp_path / "runs"))
    run_dir = Path(out["run_dir"])
    before = (run_dir / "scores.jsonl").read_bytes(), (run_dir / "results.json").read_bytes()
    rescored = json.loads(bench("score", str(run_dir), "--json").output)
    assert rescored["scores"] == out["scores"] and rescored["signature"] == out["signature"]
    assert ((run_dir / "scores.jsonl").read_bytes(), (run_dir / "results.json").read_bytes()) == before


def test_no_truncate_changes_the_signature(tmp_path):
    out = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "runs"), "--no-truncate")
    assert "|trunc:none|" in out["signature"]


def test_shards_merge_into_the_unsharded_run(tmp_path):
    whole = run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "whole"))
    shards = [
        run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "sh"), "--shard", f"{i}/2") for i in (1, 2)
    ]
    assert sorted(t["id"] for s in shards for t in s["tasks"]) == sorted(t["id"] for t in whole["tasks"])
    assert all(s["signature"] == whole["signature"] for s in shards)
    merged = json.loads(bench("merge", shards[0]["run_dir"], shards[1]["run_dir"], "--json").output)
    assert merged["signature"] == whole["signature"]
    assert merged["scores"] == whole["scores"]
    for name in ("predictions.jsonl", "scores.jsonl", "results.json"):
        assert (Path(merged["run_dir"]) / name).read_bytes() == (Path(whole["run_dir"]) / name).read_bytes()

    incomplete = bench("merge", shards[0]["run_dir"], ok=False)
    assert incomplete.exit_code == 1 and "missing [2]" in incomplete.output


def test_bad_shard_and_unknown_model_are_one_line_errors(tmp_path):
    r = bench("run", "--model", "lead-3", "--shard", "3/2", "--runs-dir", str(tmp_path), ok=False)
    assert r.exit_code == 1 and "--shard '3/2'" in r.output
    r = bench("run", "--model", "textrnak", "--runs-dir", str(tmp_path), ok=False)
    assert r.exit_code == 1 and "Did you mean 'textrank'" in r.output
