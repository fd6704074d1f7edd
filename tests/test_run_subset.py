"""``--task ID`` and ``--limit N``: part of the benchmark, recorded in the signature so a partial run
never shares a leaderboard table with a full one."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from benchmark.cli.main import cli

EVENT = "event-nato-russia-2011-12-08"
ALL = ["000_e5ebca9a67f22be0", "002_cff157bd56992ef1", EVENT]


def run_json(tmp_path: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["run", "--model", "lead-3", "--runs-dir", str(tmp_path), "--json",
                                      "--bootstrap", "50", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fields(signature: str) -> dict[str, str]:
    return dict(f.split(":", 1) for f in signature.split("|"))


def test_task_runs_one_task_and_limit_the_first(tmp_path):
    full = run_json(tmp_path)
    one = run_json(tmp_path, "--task", EVENT)
    first = run_json(tmp_path, "--limit", "1")
    assert [t["id"] for t in full["tasks"]] == ALL
    assert [t["id"] for t in one["tasks"]] == [EVENT]
    assert [t["id"] for t in first["tasks"]] == ALL[:1]

    assert "subset" not in fields(full["signature"])
    assert fields(one["signature"])["subset"].startswith("1of3@")
    assert fields(first["signature"])["subset"].startswith("1of3@")
    assert fields(one["signature"])["subset"] != fields(first["signature"])["subset"]
    assert len({full["run_id"], one["run_id"], first["run_id"]}) == 3
    assert {k: v for k, v in fields(one["signature"]).items() if k != "subset"} == fields(full["signature"])

    # The task's own scores are those of the full run: only the selection differs.
    event_full = next(t for t in full["tasks"] if t["id"] == EVENT)
    assert one["tasks"][0]["rouge1_f"] == event_full["rouge1_f"]

    board = CliRunner().invoke(cli, ["leaderboard", "--runs-dir", str(tmp_path), "--json"])
    assert board.exit_code == 0, board.output
    assert len(json.loads(board.stdout)) == 3  # three signatures, three tables


def test_repeated_task_and_limit_combine(tmp_path):
    out = run_json(tmp_path, "--task", EVENT, "--task", ALL[1], "--limit", "1")
    assert [t["id"] for t in out["tasks"]] == [ALL[1]]
    manifest = json.loads((Path(out["run_dir"]) / "manifest.json").read_text())
    assert manifest["subset"] == {"task_ids": [EVENT, ALL[1]], "limit": 1}
    rescored = CliRunner().invoke(cli, ["score", out["run_dir"], "--json"])
    assert json.loads(rescored.stdout)["signature"] == out["signature"]


def test_an_unknown_task_is_one_line_with_a_suggestion(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--model", "lead-3", "--runs-dir", str(tmp_path),
                                      "--task", "event-nato-russia-2011-12-09"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --task 'event-nato-russia-2011-12-09' is no task of config 'all'. Did you mean "
        f"'{EVENT}'? Tasks: {', '.join(ALL)}"
    ]
    assert not any(tmp_path.iterdir())
    result = CliRunner().invoke(cli, ["run", "--model", "lead-3", "--config", "single", "--task", EVENT])
    assert "is no task of config 'single'" in result.output
