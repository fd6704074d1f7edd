"""The ``newsbench`` pytest fixture, used the way a team would: a small project on disk with its own
summarizer and a test file, run with pytest in a subprocess (the plugin is active through the installed
``pytest11`` entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gate_summaries import CLAIMS_AGREEMENT, DROPS_TALKS, GOOD

USER_TEST = '''
def test_summarizer_keeps_the_facts(newsbench):
    result = newsbench.run("py:my_pkg.summarize:summarize")
    assert result.core_fact_coverage >= 0.5
    assert result.stated("no-agreement")
    result.assert_no_regression(baseline="results/my_model.json", tolerance=0.02)
'''


class Project:
    """A user's project: ``my_pkg/summarize.py`` and ``tests/test_summarizer.py``."""

    def __init__(self, root: Path):
        self.root = root
        (root / "my_pkg").mkdir(parents=True)
        (root / "my_pkg" / "__init__.py").write_text("", encoding="utf-8")
        (root / "tests").mkdir()
        (root / "tests" / "test_summarizer.py").write_text(USER_TEST, encoding="utf-8")
        (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', encoding="utf-8")
        self.runs = 0

    def use_summary(self, text: str) -> None:
        (self.root / "my_pkg" / "summarize.py").write_text(
            f"SUMMARY = {text!r}\n\n\ndef summarize(text):\n    return SUMMARY\n", encoding="utf-8"
        )

    def pytest(self, *args: str) -> subprocess.CompletedProcess:
        self.runs += 1
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env["NEWSBENCH_CACHE_DIR"] = str(self.root.parent / "cache")
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # summarize.py is rewritten between runs
        cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               "--basetemp", str(self.root.parent / f"basetemp{self.runs}"), *args]
        return subprocess.run(cmd, cwd=self.root, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    proj = Project(tmp_path_factory.mktemp("user") / "proj")
    proj.use_summary(GOOD)
    created = proj.pytest("--newsbench-update-baselines")
    assert created.returncode == 0, created.stdout + created.stderr
    assert "newsbench: wrote baseline" in created.stdout
    assert (proj.root / "results" / "my_model.json").is_file()
    return proj


def test_a_missing_baseline_fails_with_the_command_that_creates_it(tmp_path):
    proj = Project(tmp_path / "fresh")
    proj.use_summary(GOOD)
    out = proj.pytest()
    assert out.returncode == 1
    assert "results/my_model.json does not exist" in out.stdout
    assert "pytest --newsbench-update-baselines tests/test_summarizer.py::test_summarizer_keeps_the_facts" in out.stdout
    assert not (proj.root / "results").exists()


def test_a_good_summarizer_passes(project):
    project.use_summary(GOOD)
    out = project.pytest()
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 passed" in out.stdout
    assert "newsbench: 1 run(s)" in out.stdout


def test_dropping_talks_continue_fails_with_the_fact_level_report(project):
    project.use_summary(DROPS_TALKS)
    out = project.pytest()
    assert out.returncode == 1, out.stdout
    text = out.stdout
    assert "RegressionFailure" in text
    assert "newsbench regression check FAILED" in text
    for task in ("000_e5ebca9a67f22be0", "002_cff157bd56992ef1", "event-nato-russia-2011-12-08"):
        assert f"task {task}" in text
        assert f"{task}: fact 'talks-continue' lost (weight 3)" in text
    assert "LOST" in text and "talks-continue (weight 3): NATO and Russia will keep talking about missile defence" in text
    assert "baseline stated it in: “NATO and Russia will keep talking about missile defence.”" in text


def test_claiming_an_agreement_fails_on_the_contradicted_fact(project):
    project.use_summary(CLAIMS_AGREEMENT)
    out = project.pytest()
    assert out.returncode == 1, out.stdout
    text = out.stdout
    # the compact answer pytest prints after `assert result.stated("no-agreement")` ...
    assert "<fact 'no-agreement' not stated: contradicted in 000_e5eb, 002_cff1, event-na by “NATO and Russia reached" in text
    # ... and the full explanation the plugin adds to the failing test's report
    assert "newsbench: fact verdicts of this test's runs" in text
    assert "fact 'no-agreement' is not stated in every task that has it:" in text
    assert "000_e5ebca9a67f22be0: contradicted by “NATO and Russia reached an agreement on missile defence on Thursday.”" in text


def test_regression_is_caught_even_without_a_fact_assertion(project, tmp_path):
    """With only the baseline gate, claiming an agreement fails as a new contradiction."""
    test_file = project.root / "tests" / "test_gate_only.py"
    test_file.write_text(
        "def test_gate(newsbench):\n"
        "    newsbench.run('py:my_pkg.summarize:summarize').assert_no_regression('results/my_model.json')\n",
        encoding="utf-8",
    )
    try:
        project.use_summary(CLAIMS_AGREEMENT)
        out = project.pytest("tests/test_gate_only.py")
    finally:
        test_file.unlink()
    assert out.returncode == 1, out.stdout
    assert "CONTRADICTED" in out.stdout and "no-agreement (weight 3)" in out.stdout
    assert "contradicted by: “NATO and Russia reached an agreement on missile defence on Thursday.”" in out.stdout


def test_plugin_is_registered_through_the_entry_point():
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert eps.get("newsbench") == "benchmark.pytest_plugin"
