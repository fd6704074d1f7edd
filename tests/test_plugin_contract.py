"""Contract checks with one-line errors: a factory that returns no summarizer, a plug-in that is
installed but cannot be imported, and an unknown -M/-J option on every family (``py:`` included),
each rejected before the run writes anything."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli
from benchmark.judges import judges
from benchmark.summarizers import summarizers


def _install_fake_dist(site: Path, dist: str, group: str, line: str, module: str | None = None,
                       source: str = "") -> None:
    """A real distribution on the import path: dist-info with METADATA and entry_points.txt."""
    info = site / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{group}]\n{line}\n", encoding="utf-8")
    if module:
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")


def _bench(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "benchmark.cli.main", *args], capture_output=True,
                          text=True, env=env, cwd=cwd)


def _one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    errors = [ln for ln in lines if not ln.startswith("warning: ")]
    assert len(errors) == 1, done.stderr
    return errors[0]


def test_a_factory_returning_a_function_is_named_in_one_line(tmp_path):
    site = tmp_path / "site"
    _install_fake_dist(site, "newsbench-fn-plugin", "benchmark.summarizers", "fnplug = newsbench_fn_plugin:factory",
                       "newsbench_fn_plugin", """
        def factory(argument, options):
            def summarize(text):
                return text[:100]
            return summarize
        """)
    done = _bench(site, tmp_path, "run", "--model", "fnplug", "--runs-dir", "runs", "--limit", "1")
    assert _one_line_error(done) == (
        "Error: plug-in 'fnplug' (package newsbench-fn-plugin) returned a function, expected an object "
        "with spec() and summarize(); see docs/plugins.md"
    )
    assert not (tmp_path / "runs").exists()


def test_a_plugin_that_fails_to_import_names_its_package_and_the_error(tmp_path):
    site = tmp_path / "site"
    _install_fake_dist(site, "newsbench-needs-z", "benchmark.summarizers", "needsz = newsbench_needs_z:Factory",
                       "newsbench_needs_z", "import zzz_not_installed_module\n")
    done = _bench(site, tmp_path, "run", "--model", "needsz", "--runs-dir", "runs")
    assert _one_line_error(done) == (
        "Error: plug-in 'needsz' (package newsbench-needs-z) is installed but failed to import: "
        "ModuleNotFoundError: No module named 'zzz_not_installed_module'; fix or reinstall that package"
    )
    assert not (tmp_path / "runs").exists()


def test_a_plugin_factory_that_crashes_is_one_line(tmp_path):
    site = tmp_path / "site"
    _install_fake_dist(site, "newsbench-crash", "benchmark.summarizers", "crash = newsbench_crash:factory",
                       "newsbench_crash", """
        def factory(argument, options):
            return {}["missing"]
        """)
    done = _bench(site, tmp_path, "run", "--model", "crash", "--runs-dir", "runs")
    assert _one_line_error(done) == (
        "Error: plug-in 'crash' (package newsbench-crash) failed to build 'crash': KeyError: 'missing'; "
        "its entry point must name a factory (argument, options) -> summarizer, see docs/plugins.md"
    )


def _families(registry) -> list[str]:
    return [e.name for e in registry.entries() if not e.is_plugin]


SUMMARIZER_SPECS = {
    "lead": "lead-3", "random": "random-3", "textrank": "textrank", "lexrank": "lexrank", "oracle": "oracle",
    "reference": "reference", "file": "file:preds.jsonl", "py": "py:mod_for_options.py:summarize",
    "cmd": 'cmd:"python -c pass"', "hf": "hf:/no/such/model", "openai": "openai:some-model", "smollm2": "smollm2",
}
JUDGE_SPECS = {"align": "align", "llm": "llm:some-model", "nli": "nli:/no/such/model"}


def test_every_builtin_family_is_covered_below():
    assert set(_families(summarizers)) == set(SUMMARIZER_SPECS)
    assert set(_families(judges)) == set(JUDGE_SPECS)


@pytest.mark.parametrize("family", sorted(SUMMARIZER_SPECS))
def test_an_unknown_model_option_stops_every_family_before_the_run(family, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("preds.jsonl").write_text('{"id": "x", "summary": "y"}\n', encoding="utf-8")
    Path("mod_for_options.py").write_text("def summarize(text, max_words='40'):\n    return text\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", "--model", SUMMARIZER_SPECS[family], "-M", "max_wrods=3",
                                      "--runs-dir", "runs"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "unknown option(s) max_wrods" in lines[0]
    assert f"{family} understands:" in lines[0]
    assert not Path("runs").exists()


def test_the_py_error_lists_the_function_parameters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("mod_for_options.py").write_text("def summarize(text, max_words='40'):\n    return text\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", "--model", "py:mod_for_options.py:summarize", "-M", "max_wrods=3"])
    assert result.output.strip() == (
        "Error: py:mod_for_options.py:summarize: unknown option(s) max_wrods; py understands: input, batch, "
        "max_words (input and batch, then the function's keyword parameters; see: bench models --options py)"
    )


@pytest.mark.parametrize("family", sorted(JUDGE_SPECS))
def test_an_unknown_judge_option_stops_every_judge_before_the_run(family, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "--model", "lead-3", "--judge", JUDGE_SPECS[family],
                                      "-J", "treshold=0.5", "--runs-dir", "runs"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "unknown option(s) treshold" in lines[0], result.output
    assert f"see: bench judges --options {family}" in lines[0]
    assert not Path("runs").exists()


def test_a_bad_option_value_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "--model", 'cmd:"python -c pass"', "-M", "concurrency=0"])
    assert result.output.strip() == "Error: cmd:python -c pass: option concurrency=0 must be at least 1"
    result = CliRunner().invoke(cli, ["run", "--model", "textrank", "-M", "sentences=many"])
    assert result.output.strip() == "Error: textrank: option sentences='many' must be an integer"


def test_options_listing_comes_from_the_declaration():
    result = CliRunner().invoke(cli, ["models", "--options", "lead-3"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0].split() == ["OPTION", "TYPE", "DEFAULT", "DESCRIPTION"]
    declared = summarizers.get("lead").options
    assert [r.split()[0] for r in rows[1:]] == [o.name for o in declared]
    result = CliRunner().invoke(cli, ["judges", "--options", "nli", "--json"])
    import json

    listed = json.loads(result.output)["options"]
    assert [o["name"] for o in listed] == [o.name for o in judges.get("nli").options]
    assert all(o["help"] for o in listed)


def test_every_declared_option_has_help_and_a_type():
    for registry in (summarizers, judges):
        for entry in registry.entries():
            if entry.is_plugin:
                continue
            assert entry.options is not None, entry.name
            for o in entry.options:
                assert o.help.strip(), f"{entry.name}: {o.name}"
