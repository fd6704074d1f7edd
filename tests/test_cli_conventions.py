"""CLI conventions every command follows: each option is described, each command shows an example,
options can come from NEWSBENCH_* environment variables, and the seed of a bootstrap is --bootstrap-seed."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from benchmark.cli.docs import all_contexts
from benchmark.cli.main import cli


def _commands() -> list[click.Context]:
    return [ctx for ctx in all_contexts() if ctx.parent is not None]


def test_every_option_of_every_command_has_a_description():
    missing = []
    for ctx in all_contexts():
        for param in ctx.command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip():
                missing.append(f"{ctx.command_path} {'/'.join(param.opts)}")
    assert not missing, f"options without a help description: {missing}"


def test_every_command_has_a_description_and_an_example():
    names = []
    for ctx in _commands():
        if isinstance(ctx.command, click.Group):
            continue
        names.append(ctx.command_path)
        text = ctx.get_help()
        assert (ctx.command.help or "").strip(), ctx.command_path
        example = re.search(rf"Examples?:\n(\s+.*\b{re.escape(ctx.command_path)}( .*)?\n)+", text)
        assert example, f"{ctx.command_path} shows no example"
    assert len(names) >= 12  # run, score, check, … and the three data commands


def test_no_option_has_two_long_names():
    for ctx in all_contexts():
        for param in ctx.command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden:
                longs = [o for o in param.opts if o.startswith("--")]
                assert len(longs) <= 1, f"{ctx.command_path}: {param.opts}"


def test_options_come_from_newsbench_environment_variables(tmp_path):
    runs = tmp_path / "from-env"
    result = CliRunner().invoke(
        cli, ["run", "--model", "lead-1", "--limit", "1", "--quiet", "--no-cache", "--bootstrap", "10"],
        env={"NEWSBENCH_RUN_RUNS_DIR": str(runs)},
    )
    assert result.exit_code == 0, result.output
    assert len(list(runs.iterdir())) == 1


def test_seed_is_a_deprecated_alias_of_bootstrap_seed(tmp_path):
    import json

    args = ["run", "--model", "lead-1", "--limit", "1", "--json", "--no-cache", "--bootstrap", "10"]
    new = CliRunner().invoke(cli, [*args, "--runs-dir", str(tmp_path / "new"), "--bootstrap-seed", "3"])
    old = CliRunner().invoke(cli, [*args, "--runs-dir", str(tmp_path / "old"), "--seed", "3"])
    assert new.exit_code == 0 and old.exit_code == 0, new.output + old.output
    a, b = json.loads(new.stdout), json.loads(old.stdout)
    assert "|seed:3|" in a["signature"] and a["signature"] == b["signature"]
    assert a["ci95"] == b["ci95"] and a["run_id"] == b["run_id"]
    assert "--seed is deprecated; use --bootstrap-seed" in old.stderr
    assert "deprecated" not in new.stderr


def test_json_output_names_metrics_as_the_stored_records_do(tmp_path):
    import json
    from pathlib import Path

    from benchmark.records.baseline import load_baseline, to_baseline

    result = CliRunner().invoke(cli, ["run", "--model", "lead-1", "--limit", "1", "--json", "--no-cache",
                                      "--bootstrap", "10", "--runs-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    stored = json.loads((Path(out["run_dir"]) / "results.json").read_text())["aggregate"]["all"]
    assert set(out["scores"]) == set(out["ci95"]) and set(out["scores"]) <= set(stored)
    assert {"rouge1_f", "fact_coverage"} <= set(out["scores"])
    board = json.loads(CliRunner().invoke(cli, ["leaderboard", "--runs-dir", str(tmp_path), "--json"]).stdout)
    assert set(out["scores"]) <= set(board[0]["rows"][0]["ci95"])
    baseline = to_baseline(load_baseline(Path(out["run_dir"])))
    assert set(out["scores"]) <= set(baseline["aggregate"]["all"])
