"""``bench check``: exit 0 when the gate holds, 1 on a regression (with the fact-level report), 2 when
the check cannot be made. Real runs of real summarizers on the packaged dataset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli

import helpers
from gate_summaries import CLAIMS_AGREEMENT, DROPS_TALKS, GOOD


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("check")
    (root / "summ.py").write_text(
        f"GOOD = {GOOD!r}\nBAD = {CLAIMS_AGREEMENT!r}\nDROP = {DROPS_TALKS!r}\n\n"
        "def good(text):\n    return GOOD\n\n"
        "def drops_talks(text):\n    return DROP\n\n"
        "def claims_agreement(text):\n    return BAD\n\n"
        "def fails_on_events(text):\n"
        "    if '\\n-----\\n' in text:\n"
        "        raise RuntimeError('model server timed out')\n"
        "    return GOOD\n",
        encoding="utf-8",
    )
    return root


def bench(project: Path, *args: str):
    common = ["--runs-dir", str(project / "runs"), "--cache-dir", str(project / "cache")]
    return helpers.bench("check", *args, *common, exit_code=None)


@pytest.fixture(scope="module")
def baseline(project) -> Path:
    path = project / "baseline.json"
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--save", str(path))
    assert r.exit_code == 0, r.output
    return path


def test_save_writes_a_baseline_with_the_fact_verdicts(baseline):
    data = json.loads(baseline.read_text())
    assert data["schema"] == "newsbench.baseline/1"
    assert len(data["tasks"]) == 3
    for task in data["tasks"]:
        facts = {f["id"]: f for f in task["facts"]}
        assert facts["no-agreement"]["label"] == "stated"
        assert facts["talks-continue"]["label"] == "stated"
        assert facts["talks-continue"]["evidence"] == "NATO and Russia will keep talking about missile defence."


def test_same_summarizer_passes_with_exit_0(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--baseline", str(baseline))
    assert r.exit_code == 0, r.output
    assert "PASSED" in r.output
    assert "no fact changed its verdict" in r.output


def test_claiming_an_agreement_is_a_regression_with_exit_1(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:claims_agreement", "--baseline", str(baseline))
    assert r.exit_code == 1, r.output
    out = r.output
    assert "FAILED" in out
    # per task, the fact, what it became, and the summary sentence that contradicts it
    for task in ("000_e5ebca9a67f22be0", "002_cff157bd56992ef1"):
        assert f"task {task}" in out
    assert "CONTRADICTED" in out and "no-agreement (weight 3)" in out
    assert "contradicted by: “NATO and Russia reached an agreement on missile defence on Thursday.”" in out
    assert "baseline stated it in: “NATO and Russia did not reach an agreement on missile defence on Thursday.”" in out
    assert "contradiction_rate rose from 0.0000" in out


def test_losing_a_core_fact_is_a_regression_with_exit_1(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:drops_talks", "--baseline", str(baseline))
    assert r.exit_code == 1, r.output
    assert "LOST" in r.output and "talks-continue (weight 3): NATO and Russia will keep talking about missile defence" in r.output
    assert "baseline stated it in: “NATO and Russia will keep talking about missile defence.”" in r.output
    assert "event-nato-russia-2011-12-08: fact 'talks-continue' lost (weight 3)" in r.output


def test_lost_facts_below_the_gating_weight_are_only_reported(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:drops_talks", "--baseline", str(baseline),
              "--fail-on-lost-weight", "4", "--max-drop", "1")
    assert r.exit_code == 0, r.output
    assert "    lost " in r.output and "LOST" not in r.output


def test_a_task_the_summarizer_now_fails_on_is_a_regression(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:fails_on_events", "--baseline", str(baseline))
    assert r.exit_code == 1, r.output
    assert "FAILED TASK            the summarizer failed: RuntimeError: model server timed out" in r.output
    assert "event-nato-russia-2011-12-08: the summarizer failed (RuntimeError: model server timed out)" in r.output


def test_json_outcome_lists_the_failing_facts(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:claims_agreement", "--baseline", str(baseline), "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["ok"] is False
    failing = {(f["task"], f["fact"], f["kind"]) for f in data["facts"] if f["failed"]}
    assert ("000_e5ebca9a67f22be0", "no-agreement", "contradicted") in failing


def test_allow_contradictions_and_a_loose_tolerance_let_it_pass(project, baseline):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:claims_agreement", "--baseline", str(baseline),
              "--allow-contradictions", "--max-drop", "1")
    assert r.exit_code == 0, r.output
    assert "contradicted" in r.output  # still reported, in lower case: not gating


def test_a_minimum_that_is_not_met_is_exit_1(project):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--min", "fact_coverage=0.99")
    assert r.exit_code == 1, r.output
    assert "fact_coverage >= 0.99" in r.output and "FAIL" in r.output


def test_a_run_directory_works_as_baseline(project, baseline):
    runs = sorted((project / "runs").iterdir())
    assert runs
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--baseline", str(runs[0]))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--baseline", "does/not/exist.json"], "baseline does/not/exist.json does not exist"),
        (["--min", "fact_coverag=0.7"], "unknown metric 'fact_coverag'"),
        (["--min", "fact_coverage"], "is not METRIC=VALUE"),
        ([], "nothing to check against"),
    ],
)
def test_unusable_checks_exit_2_with_one_line(project, args, message):
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", *args)
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_a_baseline_from_another_signature_is_refused(project, baseline, tmp_path):
    data = json.loads(baseline.read_text())
    data["signature"] = data["signature"].replace("stem:porter", "stem:none")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--baseline", str(other))
    assert r.exit_code == 2
    assert "another signature (stem: baseline none vs current porter)" in r.output
    r = bench(project, "--model", f"py:{project / 'summ.py'}:good", "--baseline", str(other), "--allow-signature-change")
    assert r.exit_code == 0, r.output
    assert "signatures differ" in r.output


def test_click_usage_error_is_exit_2():
    r = CliRunner().invoke(cli, ["check", "--baseline", "x.json"])  # --model missing
    assert r.exit_code == 2


def test_installed_command_exit_codes(project, baseline):
    """The `bench` console script, as CI calls it."""
    bench_exe = Path(sys.executable).with_name("bench")
    common = ["--runs-dir", str(project / "runs"), "--cache-dir", str(project / "cache")]
    bad = subprocess.run(
        [str(bench_exe), "check", "--model", f"py:{project / 'summ.py'}:claims_agreement", "--baseline", str(baseline), *common],
        capture_output=True, text=True, timeout=300,
    )
    assert bad.returncode == 1, bad.stderr
    assert "no-agreement" in bad.stdout
    missing = subprocess.run(
        [str(bench_exe), "check", "--model", "lead-3", "--baseline", str(project / "nope.json"), *common],
        capture_output=True, text=True, timeout=300,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().startswith("Error: baseline")
