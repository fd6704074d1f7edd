"""``bench diff`` and ``benchmark.records.diff``: per task and per fact changes between two real runs, and the
paired tests that only speak when there are enough tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.records.diff import paired_test
from benchmark.records.baseline import save_baseline
from benchmark.pipeline.runner import RunOptions, run_benchmark
from benchmark.pipeline.score import ScoringSettings
from benchmark.records.store import RunDir
from helpers import bench


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("diff")
    out = {}
    for name, spec, scoring in (
        ("lead-1", "lead-1", ScoringSettings()),
        ("lead-3", "lead-3", ScoringSettings()),
        ("lead-3-full", "lead-3", ScoringSettings(truncate=False)),
    ):
        result = run_benchmark(RunOptions(model=spec, runs_dir=root / name, use_cache=False, scoring=scoring, progress=False))
        out[name] = result.run_dir
    return out


def invoke(*args: object):
    return bench("diff", *args, exit_code=None)


def test_paired_test_is_silent_below_the_minimum_number_of_tasks():
    t = paired_test([0.1, 0.2, 0.3], [0.2, 0.4, 0.5], min_tasks=10)
    assert t.n == 3
    assert t.mean_delta == pytest.approx((0.1 + 0.2 + 0.2) / 3)
    assert t.low is None and t.high is None and t.p_value is None
    assert t.note == "too few tasks to tell (n=3; a paired test needs at least 10)"


def test_paired_permutation_test_is_exact_for_ten_tasks():
    a = [0.10, 0.20, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80, 0.90, 1.00]
    b = [x + d for x, d in zip(a, (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10))]
    t = paired_test(a, b, min_tasks=10, seed=0)
    # 2**10 sign assignments; only "all up" and "all down" are as extreme as the observed one
    assert t.p_value == pytest.approx(2 / 1024)
    assert t.mean_delta == pytest.approx(0.055)
    assert 0.01 <= t.low < 0.055 < t.high <= 0.10
    # seeded: the same inputs give the same interval
    assert paired_test(a, b, min_tasks=10, seed=0) == t


def test_paired_test_of_no_change_is_p_one():
    a = [0.1 * i for i in range(12)]
    t = paired_test(a, list(a), min_tasks=10)
    assert t.p_value == 1.0 and t.low == t.high == 0.0


def test_paired_test_of_mixed_changes_is_not_significant():
    a = [0.5] * 12
    b = [0.5 + d for d in (0.1, -0.1, 0.05, -0.05, 0.02, -0.02, 0.1, -0.1, 0.05, -0.05, 0.02, -0.02)]
    t = paired_test(a, b, min_tasks=10)
    assert t.p_value > 0.9  # the changes cancel out (exactly 1 but for float rounding of the mean)
    assert t.low < 0 < t.high


def test_diff_of_two_real_runs_matches_their_score_files(runs):
    r = invoke(runs["lead-1"], runs["lead-3"], "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    a = {row["id"]: row for row in RunDir(runs["lead-1"]).scores()}
    b = {row["id"]: row for row in RunDir(runs["lead-3"]).scores()}
    assert [t["id"] for t in data["tasks"]] == sorted(a)
    for task in data["tasks"]:
        tid = task["id"]
        assert task["deltas"]["rouge1_f"] == pytest.approx(b[tid]["rouge1_f"] - a[tid]["rouge1_f"])
        assert task["deltas"]["fact_coverage"] == pytest.approx(b[tid]["fact_coverage"] - a[tid]["fact_coverage"])
        la = {f["id"]: f["label"] for f in a[tid]["facts"]}
        lb = {f["id"]: f["label"] for f in b[tid]["facts"]}
        gained = {f["fact"] for f in task["facts"] if f["kind"] == "gained"}
        assert gained == {k for k in lb if lb[k] == "stated" and la[k] != "stated"}
        lost = {f["fact"] for f in task["facts"] if f["kind"] == "lost"}
        assert lost == {k for k in lb if la[k] == "stated" and lb[k] == "missing"}
        contradicted = {f["fact"] for f in task["facts"] if f["kind"] == "contradicted"}
        assert contradicted == {k for k in lb if lb[k] == "contradicted" and la[k] != "contradicted"}
    rouge1 = next(m for m in data["metrics"] if m["metric"] == "rouge1_f")
    assert rouge1["n"] == 3 and rouge1["p_value"] is None
    assert rouge1["note"].startswith("too few tasks to tell (n=3")


def test_diff_report_is_readable(runs):
    r = invoke(runs["lead-1"], runs["lead-3"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert out.startswith("A  lead-1")
    assert "too few tasks to tell (n=3; a paired test needs at least 10)" in out
    for tid in ("000_e5ebca9a67f22be0", "002_cff157bd56992ef1", "event-nato-russia-2011-12-08"):
        assert f"task {tid}" in out
    assert "facts: " in out and " gained" in out


def test_diff_refuses_runs_with_different_signatures_unless_forced(runs):
    r = invoke(runs["lead-3"], runs["lead-3-full"])
    assert r.exit_code == 1
    assert "different signatures (trunc: A 75w vs B none)" in r.output
    assert len(r.output.strip().splitlines()) == 1
    r = invoke(runs["lead-3"], runs["lead-3-full"], "--force")
    assert r.exit_code == 0, r.output
    assert "signatures differ" in r.output


def test_a_baseline_file_can_be_diffed_against_a_run(runs, tmp_path):
    saved = save_baseline(RunDir(runs["lead-3"]).record(), tmp_path / "lead3.json")
    r = invoke(saved, runs["lead-3"], "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert all(t["facts"] == [] for t in data["tasks"])
    assert all(m["delta"] == 0 for m in data["metrics"])


def test_a_folder_that_is_not_a_run_is_a_clear_error(tmp_path, runs):
    r = invoke(tmp_path, runs["lead-3"])
    assert r.exit_code == 1
    assert "not a run directory" in r.output


def test_a_damaged_or_foreign_baseline_file_is_a_clear_error(tmp_path, runs):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    r = invoke(broken, runs["lead-3"])
    assert r.exit_code == 1 and "is not valid JSON" in r.output
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"scores": {}}')
    r = invoke(foreign, runs["lead-3"])
    assert r.exit_code == 1 and "is not a newsbench baseline" in r.output


def test_a_runs_results_json_is_read_as_its_run(runs):
    r = invoke(Path(runs["lead-3"]) / "results.json", runs["lead-3"], "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["a"]["run"] == str(runs["lead-3"])
