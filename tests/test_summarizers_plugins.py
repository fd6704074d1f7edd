"""Third-party plug-ins through real entry points, and the ``bench models`` / ``bench judges`` listings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN_PKG = Path(__file__).parent / "plugin_pkg"
TESTS = Path(__file__).parent


def bench(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``bench`` CLI in a fresh interpreter, with ``pythonpath`` in front of the import path."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pythonpath), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "benchmark.cli.main", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory) -> Path:
    """``tests/plugin_pkg`` really installed (wheel built by pip, entry points in its dist-info)."""
    target = tmp_path_factory.mktemp("site")
    # pip builds a local project in place: build from a copy so the source tree stays clean.
    source = tmp_path_factory.mktemp("src") / "plugin_pkg"
    shutil.copytree(PLUGIN_PKG, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(source)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert list(target.glob("newsbench_echo_plugin-*.dist-info/entry_points.txt"))
    return target


def test_models_lists_the_builtins_with_their_origin():
    done = bench("models", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)}
    for name in ("lead", "random", "textrank", "lexrank", "oracle", "reference", "file", "py", "cmd"):
        assert rows[name]["origin"] == "builtin"
        assert rows[name]["help"]
    assert rows["lead"]["usage"] == "lead-N"
    assert rows["file"]["usage"] == "file:PATH"
    assert "echo" not in rows


def test_an_installed_plugin_is_listed_and_runs(installed_plugin):
    done = bench("models", pythonpath=installed_plugin)
    assert done.returncode == 0, done.stderr
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("echo "))
    assert "plugin:newsbench-echo-plugin" in line
    assert "Echoes the first -M words=N words" in line

    script = f"""
import json, sys
sys.path.insert(0, {str(TESTS)!r})
from test_summarizers_baselines import seed_tasks
from benchmark.summarizers import create_summarizer, summarizers
s = create_summarizer("echo", {{"words": "6"}})
print(json.dumps({{"origin": summarizers.get("echo").origin, "spec": s.spec().to_dict(),
                  "out": s.summarize(seed_tasks()[:2])}}))
"""
    env = {**os.environ, "PYTHONPATH": str(installed_plugin)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["origin"] == "plugin:newsbench-echo-plugin"
    assert result["spec"]["name"] == "echo" and result["spec"]["options"] == {"words": 6}
    assert result["out"] == [
        "NATO and Russia failed to resolve",
        "BRUSSELS (AP) ― Russia and NATO",
    ]


def test_a_misspelt_name_suggests_the_plugin_too(installed_plugin):
    script = """
from benchmark.errors import UnknownComponent
from benchmark.summarizers import create_summarizer
try:
    create_summarizer("ecko")
except UnknownComponent as exc:
    print(exc)
"""
    env = {**os.environ, "PYTHONPATH": str(installed_plugin)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert "unknown summarizer 'ecko'. Did you mean 'echo'?" in run.stdout, run.stderr
    assert "Available: cmd, echo, file" in run.stdout


def test_a_broken_plugin_warns_and_the_cli_still_works(tmp_path):
    # A real distribution on the import path whose entry point names a module that does not exist.
    dist = tmp_path / "newsbench_broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: newsbench-broken-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[benchmark.summarizers]\nbroken = newsbench_missing_module_xyz:Factory\n", encoding="utf-8"
    )
    done = bench("models", pythonpath=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: plug-in 'broken' (package newsbench-broken-plugin) is installed but failed to import" in done.stderr
    assert "No module named 'newsbench_missing_module_xyz'" in done.stderr
    assert any(ln.startswith("lead-N ") for ln in done.stdout.splitlines())
    assert "broken" not in done.stdout


def test_judges_lists_the_registered_judges():
    done = bench("judges", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and all(r["origin"] == "builtin" and r["name"] for r in rows)
    text = bench("judges")
    assert text.stdout.splitlines()[0].split()[:2] == ["JUDGE", "ORIGIN"]
