"""Damaged run records never crash a reader: score, diff, check, merge and leaderboard each say in one
line which file is damaged and what to do; check exits 2 (not the regression code 1); the leaderboard
skips a damaged run with a warning naming it. Real runs of lead-1, damaged by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import bench


def _damage_truncated_results(run: Path) -> str:
    text = (run / "results.json").read_text(encoding="utf-8")
    (run / "results.json").write_text(text[: len(text) // 2], encoding="utf-8")
    return "results.json"


def _damage_manifest_key(key: str):
    def damage(run: Path) -> str:
        manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
        del manifest[key]
        (run / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return "manifest.json"

    return damage


def _damage_prediction_row(run: Path) -> str:
    lines = (run / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    lines[0] = "[1, 2, 3]"
    (run / "predictions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "predictions.jsonl"


def _damage_non_utf8(run: Path) -> str:
    data = (run / "scores.jsonl").read_bytes()
    (run / "scores.jsonl").write_bytes(data[:40] + b"\xff\xfe" + data[40:])
    return "scores.jsonl"


def _damage_scores_row(run: Path) -> str:
    rows = [json.loads(line) for line in (run / "scores.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0]["facts"][0]["label"] = "maybe"
    (run / "scores.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return "scores.jsonl"


DAMAGES = {
    "truncated-results": _damage_truncated_results,
    "manifest-without-scoring": _damage_manifest_key("scoring"),
    "manifest-without-dataset": _damage_manifest_key("dataset"),
    "manifest-without-signature": _damage_manifest_key("signature"),
    "non-object-prediction": _damage_prediction_row,
    "non-utf8-scores": _damage_non_utf8,
    "unknown-fact-label": _damage_scores_row,
}


@pytest.fixture(scope="module")
def good_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("good")
    r = bench("run", "--model", "lead-1", "--runs-dir", root, "--no-cache", "--json")
    return Path(json.loads(r.stdout)["run_dir"])


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request, good_run, tmp_path) -> tuple[Path, str]:
    run = tmp_path / "runs" / good_run.name
    shutil.copytree(good_run, run)
    return run, DAMAGES[request.param](run)


def invoke(*args: object):
    return bench(*args, exit_code=None)


def assert_one_line_error(result, exit_code: int, run: Path, *hints: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == exit_code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(run) in lines[0], lines[0]
    for hint in hints:
        assert hint in lines[0], lines[0]


def test_score_reports_the_damage(damaged):
    run, name = damaged
    if name in ("scores.jsonl", "results.json"):  # rescoring rewrites these without reading them: a repair
        r = invoke("score", run, "--json")
        assert r.exit_code == 0, r.output
        assert invoke("diff", run, run).exit_code == 0
        return
    r = invoke("score", run)
    assert_one_line_error(r, 1, run, name)


def test_diff_reports_the_damage(damaged, good_run):
    run, name = damaged
    r = invoke("diff", good_run, run)
    assert_one_line_error(r, 1, run, name)


def test_check_exits_2_on_a_damaged_baseline(damaged, tmp_path):
    run, name = damaged
    r = invoke("check", "--model", "lead-1", "--baseline", run, "--runs-dir", tmp_path / "new")
    assert_one_line_error(r, 2, run, name)


@pytest.fixture(scope="module")
def shard_runs(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("shards")
    out = []
    for i in (1, 2):
        r = bench("run", "--model", "lead-1", "--runs-dir", root, "--no-cache", "--json", "--shard", f"{i}/2")
        out.append(Path(json.loads(r.stdout)["run_dir"]))
    return out


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_merge_reports_the_damage(damage, shard_runs, tmp_path):
    first, second = (tmp_path / p.name for p in shard_runs)
    for src, dst in zip(shard_runs, (first, second)):
        shutil.copytree(src, dst)
    name = DAMAGES[damage](second)
    r = invoke("merge", first, second, "--out", tmp_path / "merged")
    assert_one_line_error(r, 1, second, name)
    assert not (tmp_path / "merged").exists()


def test_leaderboard_skips_a_damaged_run_and_names_it(damaged, good_run, tmp_path):
    run, name = damaged
    healthy = run.parent / "healthy-run"
    shutil.copytree(good_run, healthy)
    out = tmp_path / "leaderboard.md"
    r = invoke("leaderboard", "--runs-dir", run.parent, "--output", out)
    assert r.exit_code == 0, r.output
    assert f"warning: skipped {run}:" in r.stderr and name in r.stderr
    assert "`lead-1`" in out.read_text(encoding="utf-8")  # the healthy run is still on the board
    check = invoke("leaderboard", "--runs-dir", run.parent, "--output", out, "--check")
    assert check.exit_code == 1 and "damaged run(s)" in check.stderr


def test_leaderboard_of_a_missing_runs_dir_is_an_error(tmp_path):
    out = tmp_path / "leaderboard.md"
    out.write_text("the committed table\n", encoding="utf-8")
    r = invoke("leaderboard", "--runs-dir", tmp_path / "typo", "--output", out)
    assert r.exit_code == 1 and "does not exist" in r.output
    assert out.read_text(encoding="utf-8") == "the committed table\n"  # not replaced by an empty board
    (tmp_path / "empty").mkdir()
    r = invoke("leaderboard", "--runs-dir", tmp_path / "empty")
    assert r.exit_code == 1 and "holds no run directories" in r.output
