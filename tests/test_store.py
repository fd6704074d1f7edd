"""Run records: atomic writes, trusted statuses, damaged files."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from benchmark.errors import RunError
from benchmark.records.store import RunDir, atomic_write_text, iter_runs
from benchmark.types import Prediction
from records_factory import record, task


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "scores.jsonl"
    target.write_text("old\n")

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.jsonl"]  # no temp file left behind


def test_only_finished_runs_are_trusted(tmp_path):
    rec = record([task("a", error="boom", summary=None), task("b")])
    run = RunDir(tmp_path / "r1")
    run.write_manifest(replace(rec.manifest, status="started"))
    assert not run.is_trusted()
    with pytest.raises(RunError, match="status 'started'"):
        run.require_trusted()
    run.write_predictions([Prediction("b", "x"), Prediction("a", None, error="boom")])
    run.write_scores(rec.tasks)
    run.write_results(rec.results)
    run.write_manifest(rec.manifest)
    assert run.is_trusted()
    # predictions are stored sorted by id, with the error kept
    lines = [json.loads(l) for l in (run.path / "predictions.jsonl").read_text().splitlines()]
    assert [l["id"] for l in lines] == ["a", "b"]
    assert lines[0]["error"] == "boom" and lines[0]["summary"] is None
    assert [r.run_id for r in iter_runs(tmp_path)] == ["r1"]


def test_damaged_records_give_clear_errors(tmp_path):
    run = RunDir(tmp_path / "r")
    with pytest.raises(RunError, match="not a run directory"):
        run.manifest()
    run.path.mkdir()
    (run.path / "manifest.json").write_text("{not json")
    with pytest.raises(RunError, match="damaged"):
        run.manifest()
    (run.path / "predictions.jsonl").write_text('{"id": "a", "summary": "x"}\n{broken\n')
    with pytest.raises(RunError, match=r"predictions.jsonl:2: not valid JSON"):
        run.predictions()


def test_records_written_before_fact_texts_still_load_unchanged():
    from pathlib import Path

    # a newsbench.run/1 record as bench run wrote it before fact texts were recorded (a copy of a
    # committed baseline run, kept here so that regenerating results/ does not remove the old format)
    run = RunDir(Path(__file__).resolve().parent / "data" / "records" / "lead-1-v1")
    before = {p.name: p.read_bytes() for p in run.path.iterdir()}
    rec = run.record()
    assert rec.version == 1 and rec.manifest.schema == "newsbench.run/1" and rec.model == "lead-1"
    assert len(rec.tasks) == 3 and all(f.text is None for t in rec.tasks for f in t.facts)
    assert rec.tasks[0].summary and rec.mean("fact_coverage") is not None
    assert {p.name: p.read_bytes() for p in run.path.iterdir()} == before  # reading never rewrites


def test_a_new_run_records_version_2_with_every_fact_text(tmp_path):
    from benchmark.pipeline.runner import RunOptions, run_benchmark

    made = run_benchmark(RunOptions(model="lead-1", runs_dir=tmp_path, use_cache=False, progress=False))
    rec = RunDir(made.run_dir).record()
    assert rec.version == 2 and rec.manifest.schema == "newsbench.run/2"
    assert all(f.text for t in rec.tasks for f in t.facts)
    assert rec.tasks == made.tasks and rec.results == made.results  # what is read is what was written
