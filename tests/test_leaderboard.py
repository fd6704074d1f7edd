"""leaderboard.md: grouping by signature, ranking, formatting, staleness check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.records.leaderboard import build_leaderboard
from benchmark.records.manifest import DatasetRef, Manifest
from benchmark.records.record import Results
from benchmark.records.store import RunDir
from benchmark.scoring.aggregate import MeanCI

BASE = "data:newsbench-v1@abc|split:test|config:all|stem:porter|v:0.1.0"


def fake_run(root: Path, name: str, system: str, signature: str, fact: float, rl: float, status="finished"):
    """A run record as bench run writes it (no tasks; only the aggregates the leaderboard shows)."""
    run = RunDir(root / name)
    agg = {
        "fact_coverage": MeanCI(fact, fact - 0.1, fact + 0.1, n=3, missing=0, bootstrapped=True),
        "rougeL_f": MeanCI(rl, rl, rl, n=3, missing=0, bootstrapped=True),
    }
    run.write_predictions([])
    run.write_scores([])
    run.write_results(Results(signature, system, status, {"tasks": 3, "failed": 0}, {"all": agg}))
    run.write_manifest(Manifest(run_id=name, status=status, summarizer={"text": system}, scoring={},
                                dataset=DatasetRef("newsbench", "newsbench-v1", "abc", None), signature=signature))


def test_ranked_by_fact_coverage_then_rouge(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.40, 0.30)
    fake_run(tmp_path, "b", "oracle", BASE, 0.60, 0.20)
    fake_run(tmp_path, "c", "textrank", BASE, 0.40, 0.35)
    fake_run(tmp_path, "d", "broken", BASE, 0.99, 0.99, status="started")  # untrusted: ignored
    text, tabs, _ = build_leaderboard(tmp_path, "results")
    assert [e.system for e in tabs[0].entries] == ["oracle", "textrank", "lead-3"]
    assert "| 1 | `oracle` | 60.0 |" in text
    assert "`broken`" not in text
    assert f"Signature: `{BASE}`" in text


def test_different_signatures_never_share_a_table(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.4, 0.3)
    fake_run(tmp_path, "b", "lead-3", BASE.replace("porter", "none"), 0.4, 0.3)
    _, tabs, _ = build_leaderboard(tmp_path)
    assert len(tabs) == 2 and all(len(t.entries) == 1 for t in tabs)


def test_each_prompt_gets_a_table_that_includes_prompt_free_baselines(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.4, 0.3)
    fake_run(tmp_path, "b", "openai:x", BASE + "|prompt:default@11111111", 0.5, 0.3)
    fake_run(tmp_path, "c", "openai:x -M prompt=mine.txt", BASE + "|prompt:mine.txt@22222222", 0.6, 0.3)
    _, tabs, _ = build_leaderboard(tmp_path)
    assert [[e.system for e in t.entries] for t in tabs] == [
        ["openai:x", "lead-3"],
        ["openai:x -M prompt=mine.txt", "lead-3"],
    ]
    assert [t.signature.get("prompt") for t in tabs] == ["default@11111111", "mine.txt@22222222"]


def test_check_detects_a_stale_file(tmp_path):
    fake_run(tmp_path / "runs", "a", "lead-3", BASE, 0.4, 0.3)
    out = tmp_path / "leaderboard.md"
    runner = CliRunner()
    args = ["leaderboard", "--runs-dir", str(tmp_path / "runs"), "--output", str(out)]
    assert runner.invoke(cli, args).exit_code == 0
    first = out.read_bytes()
    assert runner.invoke(cli, args + ["--check"]).exit_code == 0
    fake_run(tmp_path / "runs", "b", "oracle", BASE, 0.6, 0.2)
    stale = runner.invoke(cli, args + ["--check"])
    assert stale.exit_code == 1 and "stale" in stale.output
    assert runner.invoke(cli, args).exit_code == 0
    assert out.read_bytes() != first
    as_json = json.loads(runner.invoke(cli, ["leaderboard", "--runs-dir", str(tmp_path / "runs"), "--json"]).output)
    assert [r["system"] for r in as_json[0]["rows"]] == ["oracle", "lead-3"]
