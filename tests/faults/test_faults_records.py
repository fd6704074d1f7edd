"""Issue 11, items 3 and 4: finished records are never overwritten, and failures never exit 0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import TASK_IDS, bench, run_json
from benchmark.records.store import RunDir


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- merge -----------------------------------------------------------------------------------------


@pytest.fixture
def shards(tmp_path):
    return [run_json("--model", "lead-3", "--runs-dir", str(tmp_path / "sh"), "--shard", f"{i}/2")["run_dir"]
            for i in (1, 2)]


def test_merge_refuses_an_existing_out(shards, tmp_path):
    other = run_json("--model", "lead-1", "--runs-dir", str(tmp_path / "other"))["run_dir"]
    before = _files(Path(other))
    r = bench("merge", *shards, "--out", other, ok=False)
    assert r.exit_code == 1 and "already exists" in r.output and "Traceback" not in r.output
    assert _files(Path(other)) == before


def test_repeated_merge_writes_a_new_attempt(shards):
    first = json.loads(bench("merge", *shards, "--json").output)
    before = _files(Path(first["run_dir"]))
    second = json.loads(bench("merge", *shards, "--json").output)
    assert second["run_dir"] != first["run_dir"]
    assert _files(Path(first["run_dir"])) == before
    assert second["scores"] == first["scores"]


def test_a_shard_repeating_an_id_is_rejected(shards, tmp_path):
    one, two = (RunDir(Path(p)) for p in shards)
    doubled = tmp_path / "doubled"
    shutil.copytree(two.path, doubled)
    extra = one.predictions()[0]
    with open(doubled / "predictions.jsonl", "a") as fh:
        fh.write(json.dumps(extra.to_dict()) + "\n")
    r = bench("merge", str(one.path), str(doubled), ok=False)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert repr(extra.id) in r.output


# -- data build ------------------------------------------------------------------------------------


def test_data_build_refuses_a_folder_holding_files_it_did_not_write(tmp_path):
    out = tmp_path / "ds"
    bench("data", "build", "--out", str(out))
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "NOTES.md").write_text("my notes\n")
    r = bench("data", "build", "--out", str(out), ok=False)
    assert r.exit_code == 1 and "did not write" in r.output and "Traceback" not in r.output
    assert (out / ".git" / "HEAD").exists() and (out / "NOTES.md").exists()
    (out / "NOTES.md").unlink()
    shutil.rmtree(out / ".git")
    bench("data", "build", "--out", str(out))  # a folder it fully owns is replaced


def test_data_build_refuses_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("mine\n")
    for out in (".", str(tmp_path), ".."):
        r = bench("data", "build", "--out", out, ok=False)
        assert r.exit_code == 1 and "Traceback" not in r.output and "current folder" in r.output, out
    assert (tmp_path / "keep.txt").read_text() == "mine\n"


# -- exit codes ------------------------------------------------------------------------------------


@pytest.fixture
def always_fails(tmp_path, monkeypatch):
    (tmp_path / "nb_always_fails.py").write_text("def summarize(text):\n    raise RuntimeError('model is down')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "py:nb_always_fails:summarize"


def test_all_failed_run_exits_non_zero_with_status_failed(always_fails, tmp_path):
    r = bench("run", "--model", always_fails, "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert r.exit_code == 1
    assert "is failed: 3 of 3 task(s) failed" in r.output and "model is down" in r.output
    (run,) = (tmp_path / "runs").iterdir()
    assert RunDir(run).manifest()["status"] == "failed"
    board = json.loads(bench("leaderboard", "--runs-dir", str(tmp_path / "runs"), "--json").output)
    assert board == []
    ok = bench("run", "--model", always_fails, "--runs-dir", str(tmp_path / "runs"), "--allow-failures")
    assert "(failed)" in ok.output


def test_check_with_bounds_fails_when_every_task_failed(always_fails, tmp_path):
    r = bench("check", "--model", always_fails, "--min", "fact_coverage=0", "--runs-dir", str(tmp_path / "runs"),
              ok=False)
    assert r.exit_code == 1
    assert "PASSED" not in r.output
    assert all(f"{t}: the summarizer failed (RuntimeError: model is down)" in r.output for t in TASK_IDS)


def test_check_against_a_baseline_fails_on_a_task_that_failed_in_both(always_fails, tmp_path):
    base = tmp_path / "base.json"
    bench("check", "--model", always_fails, "--save", str(base), "--runs-dir", str(tmp_path / "runs"), ok=False)
    r = bench("check", "--model", always_fails, "--baseline", str(base), "--runs-dir", str(tmp_path / "runs"),
              ok=False)
    assert r.exit_code == 1 and "so did the baseline" in r.output


def test_rerun_gets_its_own_folder_and_the_leaderboard_shows_the_latest(tmp_path, monkeypatch):
    words = tmp_path / "n_words.txt"
    words.write_text("40")
    (tmp_path / "nb_reads_a_file.py").write_text(
        f"from pathlib import Path\n\ndef summarize(text):\n"
        f"    n = int(Path({str(words)!r}).read_text())\n"
        f"    return ' '.join(text.split('\\n\\n', 1)[-1].split()[:n])\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    runs = str(tmp_path / "runs")
    first = run_json("--model", "py:nb_reads_a_file:summarize", "--runs-dir", runs)
    before = _files(Path(first["run_dir"]))
    words.write_text("10")  # not code: the cache cannot know, --no-cache is the user's way
    second = run_json("--model", "py:nb_reads_a_file:summarize", "--runs-dir", runs, "--no-cache")
    assert second["run_dir"] == first["run_dir"] + "-2"
    assert _files(Path(first["run_dir"])) == before
    board = json.loads(bench("leaderboard", "--runs-dir", runs, "--json").output)
    (row,) = [r for t in board for r in t["rows"]]
    assert row["run_id"] == second["run_id"] and row["scores"]["length_words"] == 10
