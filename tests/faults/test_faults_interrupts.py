"""Issue 11, items 2 and 3: a real ``bench run`` killed mid-run resumes with zero repeated calls.

The run uses the default ``--batch-size 16``, so all three tasks are in one batch: only per-task
caching lets the two finished tasks survive. The summarizer counts its own finished calls.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import TASK_IDS, bench, process_gone, start_bench, wait_for
from benchmark.records.store import RunDir


def _wait_until_cached(db: Path, n: int, proc, limit: float = 120.0) -> None:
    end = time.monotonic() + limit
    while True:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
                if con.execute("SELECT count(*) FROM predictions").fetchone()[0] >= n:
                    return
        except sqlite3.Error:
            pass
        assert proc.poll() is None and time.monotonic() < end, "the finished tasks never reached the cache"
        time.sleep(0.05)


def _run_args(counting, tmp_path) -> list[str]:
    # timeout=900: the blocked task must still be running when the signal comes (the default 60 s
    # would end it as a failure first)
    return ["run", "--model", counting.spec, "-M", "timeout=900", "--runs-dir", str(tmp_path / "runs"),
            "--cache-dir", str(tmp_path / "cache"), "--quiet"]


def _interrupt_on_last_task(counting, tmp_path, sig: int, *extra: str):
    counting.block_on(TASK_IDS[2])
    proc = start_bench(*_run_args(counting, tmp_path), *extra, env=counting.env)
    wait_for(counting.folder / "blocked", proc)
    child = int((counting.folder / "blocked").read_text())
    _wait_until_cached(tmp_path / "cache" / "predictions.sqlite", 2, proc)  # with concurrency=2, task 2 may lag
    os.kill(proc.pid, sig)
    out, err = proc.communicate(timeout=120)
    return proc, child, out, err


@pytest.mark.parametrize(
    "sig, jobs",
    [(signal.SIGINT, "1"), (signal.SIGTERM, "1"), (signal.SIGKILL, "1"), (signal.SIGTERM, "2"), (signal.SIGKILL, "2")],
    ids=["INT", "TERM", "KILL", "TERM-jobs2", "KILL-jobs2"],
)
def test_killed_run_resumes_with_zero_repeated_calls(sig, jobs, counting, tmp_path):
    proc, child, out, err = _interrupt_on_last_task(counting, tmp_path, sig, "-M", f"concurrency={jobs}")
    assert proc.returncode != 0
    assert sorted(counting.calls()) == list(TASK_IDS[:2])
    assert process_gone(child), "the cmd: child outlived bench"
    (attempt,) = (tmp_path / "runs").iterdir()
    status = RunDir(attempt).manifest()["status"]
    if sig == signal.SIGKILL:
        assert status == "started"
    else:
        assert status == "interrupted"
        assert "Traceback" not in err and "resume" in err

    counting.block_on(None)
    bench(*_run_args(counting, tmp_path), "-M", f"concurrency={jobs}")
    assert sorted(counting.calls()) == sorted(TASK_IDS)  # each task summarized exactly once


def test_killed_rerun_never_hides_the_finished_run(counting, tmp_path):
    bench(*_run_args(counting, tmp_path))
    (finished,) = (tmp_path / "runs").iterdir()
    before = {p.name: p.read_bytes() for p in finished.iterdir()}
    (tmp_path / "cache").rename(tmp_path / "old-cache")  # force real calls on the re-run

    _interrupt_on_last_task(counting, tmp_path, signal.SIGKILL)
    assert {p.name: p.read_bytes() for p in finished.iterdir()} == before
    board = bench("leaderboard", "--runs-dir", str(tmp_path / "runs"), "--json").output
    rows = [r for t in json.loads(board) for r in t["rows"]]
    assert [r["run_id"] for r in rows] == [finished.name]


def test_interrupted_no_cache_rerun_keeps_the_finished_run(counting, tmp_path):
    bench(*_run_args(counting, tmp_path))
    (finished,) = (tmp_path / "runs").iterdir()
    before = {p.name: p.read_bytes() for p in finished.iterdir()}
    counting.block_on(TASK_IDS[1])
    proc = start_bench(*_run_args(counting, tmp_path), "--no-cache", env=counting.env)
    wait_for(counting.folder / "blocked", proc)
    os.kill(proc.pid, signal.SIGINT)
    proc.communicate(timeout=120)
    assert {p.name: p.read_bytes() for p in finished.iterdir()} == before
    assert RunDir(finished).manifest()["status"] == "finished"
