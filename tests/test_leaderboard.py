"""leaderboard.md: grouping by signature, ranking, intervals, flagged runs, labels, staleness check."""

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

BASE = "data:newsbench-v1@abc|split:test|config:all|stem:porter|backend:rouge-score-0.1.2|boot:1000|seed:0|v:0.1.0"


def fake_run(root: Path, name: str, system: str, signature: str, fact: float, rl: float, status="finished",
             failed: int = 0, options: dict | None = None, error: str | None = None):
    """A run record as bench run writes it (no tasks; only the aggregates the leaderboard shows)."""
    run = RunDir(root / name)
    if status in ("finished", "partial"):
        agg = {
            "fact_coverage": MeanCI(fact, fact - 0.1, fact + 0.1, n=3, missing=0, bootstrapped=True),
            "rougeL_f": MeanCI(rl, rl, rl, n=3, missing=0, bootstrapped=True),
        }
        run.write_predictions([])
        run.write_scores([])
        run.write_results(Results(signature, system, status, {"tasks": 3, "failed": failed, "judge_failed": 0},
                                  {"all": agg}))
    run.write_manifest(Manifest(run_id=name, status=status, summarizer={"text": system, "options": options or {}},
                                scoring={}, dataset=DatasetRef("newsbench", "newsbench-v1", "abc", None),
                                signature=signature, error=error))


def test_ranked_by_fact_coverage_then_rouge(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.40, 0.30)
    fake_run(tmp_path, "b", "oracle", BASE, 0.60, 0.20)
    fake_run(tmp_path, "c", "textrank", BASE, 0.40, 0.35)
    text, board = build_leaderboard(tmp_path, "results")
    assert [e.system for e in board.tables[0].entries] == ["oracle", "textrank", "lead-3"]
    assert "| 1 | `oracle` | 60.0 [50.0, 70.0] |" in text
    assert f"Signature: `{BASE.replace('|backend:rouge-score-0.1.2', '').replace('|seed:0', '')}`" in text


def test_every_interval_is_printed_beside_its_mean(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.245, 0.3277)
    text, _ = build_leaderboard(tmp_path, "results")
    row = next(line for line in text.splitlines() if "`lead-3`" in line)
    assert "24.5 [14.5, 34.5]" in row  # fact coverage: mean [low, high]
    assert "32.77 [32.77, 32.77]" in row  # ROUGE-L


def test_runs_with_failed_tasks_are_flagged_and_not_ranked(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.40, 0.30)
    fake_run(tmp_path, "b", "all-failed", BASE, 0.0, 0.0, status="partial", failed=3)
    fake_run(tmp_path, "c", "half-failed", BASE, 0.90, 0.9, status="partial", failed=1)
    text, board = build_leaderboard(tmp_path, "results")
    ranks = [(rank, e.system) for rank, e in board.tables[0].ranked()]
    assert ranks[0] == (1, "lead-3")
    assert sorted(ranks[1:]) == [(None, "all-failed"), (None, "half-failed")]
    assert "| – | `all-failed` ⚠ **partial: 3 of 3 tasks failed** |" in text
    assert "| – | `half-failed` ⚠ **partial: 1 of 3 tasks failed** |" in text
    assert "| 2 |" not in text


def test_runs_without_results_are_listed_with_their_status(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.40, 0.30)
    fake_run(tmp_path, "d", "broken", BASE, 0.99, 0.99, status="failed", error="PluginError: the server said no")
    fake_run(tmp_path, "e", "slow", BASE, 0.99, 0.99, status="started")
    text, board = build_leaderboard(tmp_path, "results")
    assert [e.system for e in board.tables[0].entries] == ["lead-3"]
    section = text.split("## Runs not ranked: failed or unfinished", 1)[1]
    assert "| d | `broken` | failed | PluginError: the server said no |" in section
    assert "| e | `slow` | started |" in section


def test_seed_and_rouge_backend_do_not_split_a_table(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.4, 0.3)
    fake_run(tmp_path, "b", "textrank", BASE.replace("seed:0", "seed:7"), 0.5, 0.3)
    fake_run(tmp_path, "c", "oracle", BASE.replace("rouge-score-0.1.2", "rouge-score-rs-0.2.1"), 0.6, 0.3)
    text, board = build_leaderboard(tmp_path, "results")
    assert len(board.tables) == 1 and len(board.tables[0].entries) == 3
    assert "seed:" not in board.tables[0].signature.format() and "backend:" not in board.tables[0].signature.format()
    assert "Made with bootstrap seed `0`, `7`; ROUGE backend `rouge-score-0.1.2`, `rouge-score-rs-0.2.1`" in text


def test_settings_that_change_a_score_still_split_tables(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.4, 0.3)
    fake_run(tmp_path, "b", "lead-3", BASE.replace("porter", "none"), 0.4, 0.3)
    fake_run(tmp_path, "c", "lead-3", BASE.replace("boot:1000", "boot:200"), 0.4, 0.3)
    _, board = build_leaderboard(tmp_path)
    assert len(board.tables) == 3 and all(len(t.entries) == 1 for t in board.tables)


def test_two_runs_of_one_spec_are_told_apart(tmp_path):
    fake_run(tmp_path, "lead-3-all-aaaa", "lead-3", BASE, 0.4, 0.3, options={"dedup": 0.8})
    fake_run(tmp_path, "lead-3-all-bbbb", "lead-3", BASE, 0.3, 0.3, options={"dedup": 0.5})
    fake_run(tmp_path, "lead-3-all-cccc", "lead-3", BASE.replace("seed:0", "seed:1"), 0.2, 0.3, options={"dedup": 0.5})
    text, board = build_leaderboard(tmp_path, "results")
    labels = [e.label for e in board.tables[0].entries]
    assert labels == ["lead-3 (dedup=0.8)", "lead-3 (dedup=0.5 run lead-3-all-bbbb)", "lead-3 (dedup=0.5 run lead-3-all-cccc)"]
    assert len(set(labels)) == 3
    assert "[lead-3-all-aaaa](site/runs/lead-3-all-aaaa.html)" in text


def test_each_prompt_gets_a_table_that_includes_prompt_free_baselines(tmp_path):
    fake_run(tmp_path, "a", "lead-3", BASE, 0.4, 0.3)
    fake_run(tmp_path, "b", "openai:x", BASE + "|prompt:default@11111111", 0.5, 0.3)
    fake_run(tmp_path, "c", "openai:x -M prompt=mine.txt", BASE + "|prompt:mine.txt@22222222", 0.6, 0.3)
    _, board = build_leaderboard(tmp_path)
    assert [[e.system for e in t.entries] for t in board.tables] == [
        ["openai:x", "lead-3"],
        ["openai:x -M prompt=mine.txt", "lead-3"],
    ]
    assert [t.signature.get("prompt") for t in board.tables] == ["default@11111111", "mine.txt@22222222"]


def test_links_to_the_html_report_follow_the_site_option(tmp_path):
    fake_run(tmp_path / "runs", "a", "lead-3", BASE, 0.4, 0.3)
    out = CliRunner().invoke(cli, ["leaderboard", "--runs-dir", str(tmp_path / "runs"), "--site", "public"]).output
    assert "[public/index.html](public/index.html)" in out and "(public/runs/a.html)" in out
    bare = CliRunner().invoke(cli, ["leaderboard", "--runs-dir", str(tmp_path / "runs"), "--site", ""]).output
    assert ".html" not in bare


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
    rows = as_json["tables"][0]["rows"]
    assert [r["system"] for r in rows] == ["oracle", "lead-3"]
    assert rows[0]["ci95"]["fact_coverage"] == [0.5, 0.7] and rows[0]["ranked"] is True
