"""The committed leaderboard.md is exactly what the committed run records in results/ give."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.records.store import iter_runs

ROOT = Path(__file__).resolve().parent.parent


def test_leaderboard_md_is_not_stale(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        cli, ["leaderboard", "--runs-dir", "results", "--output", "leaderboard.md", "--check"]
    )
    assert result.exit_code == 0, result.output + "\nregenerate it with: make run"


def test_every_builtin_baseline_has_a_finished_committed_run():
    systems = {r.manifest()["summarizer"]["text"]: r for r in iter_runs(ROOT / "results") if r.is_trusted()}
    for name in ("lead-1", "lead-3", "random-3", "textrank", "lexrank", "oracle", "reference"):
        assert name in systems, f"results/ lacks a finished {name} run: make run"
        assert systems[name].manifest()["status"] == "finished"


def test_every_committed_run_is_shown_with_its_interval_and_report_link():
    text = (ROOT / "leaderboard.md").read_text(encoding="utf-8")
    for run in iter_runs(ROOT / "results"):
        agg = run.results()["aggregate"]["all"]["fact_coverage"]
        row = next((line for line in text.splitlines() if f"[{run.run_id}](site/runs/{run.run_id}.html)" in line), None)
        assert row is not None, f"{run.run_id} has no row linking to its report page"
        cell = f"{agg['mean'] * 100:.1f} [{agg['low'] * 100:.1f}, {agg['high'] * 100:.1f}]"
        assert f"| {cell} |" in row, f"{run.run_id}: fact coverage {cell} not in {row}"
