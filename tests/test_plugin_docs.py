"""docs/plugins.md runs as written: its files are extracted into an empty folder, each `bench run` line
with a file:/py:/cmd: model is run there, and the plug-in package it spells out is built, installed
(pip, entry points in its dist-info) and run through `bench run` with its own summarizer and judge."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
FILE_BLOCK = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w*\n(?P<body>.*?)^```", re.S | re.M)
BASH_BLOCK = re.compile(r"^```bash\n(?P<body>.*?)^```", re.S | re.M)
PACKAGE = "newsbench-firstwords"


def doc_files() -> dict[str, str]:
    return {m["path"]: m["body"] for m in FILE_BLOCK.finditer(DOC.read_text(encoding="utf-8"))}


def doc_commands() -> list[str]:
    lines = []
    for block in BASH_BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        lines += [ln.strip() for ln in block["body"].splitlines() if ln.strip()]
    return lines


def write_files(folder: Path, prefix: str = "") -> None:
    for path, body in doc_files().items():
        if path.startswith(prefix):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")


def bench(line: str, cwd: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    """Run one `bench ...` line of the doc as a shell would split it, in a fresh interpreter."""
    argv = shlex.split(line, comments=True)
    assert argv[0] == "bench", line
    extra = ["--runs-dir", "runs", "--json", "--no-cache", "--bootstrap", "50"] if argv[1] == "run" else []
    env = dict(os.environ)
    # `python` in a cmd: example is the interpreter running the tests (a venv's bin may not be on PATH).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "benchmark.cli.main", *argv[1:], *extra],
                          capture_output=True, text=True, cwd=cwd, env=env)


def assert_finished(done: subprocess.CompletedProcess, line: str) -> dict:
    assert done.returncode == 0, f"{line}\n{done.stderr}"
    out = json.loads(done.stdout)
    assert out["status"] == "finished", (line, [t.get("error") for t in out["tasks"]])
    assert out["tasks"] and all(t["length_words"] > 0 for t in out["tasks"])
    return out


EXAMPLES = [ln for ln in doc_commands() if ln.startswith("bench run --model ")
            and re.search(r"--model '?(py|cmd|file):", ln)]


def test_the_doc_has_an_example_of_every_way_in():
    kinds = {re.search(r"--model '?(py|cmd|file):", ln)[1] for ln in EXAMPLES}
    assert kinds == {"py", "cmd", "file"}
    assert len(EXAMPLES) >= 6
    files = doc_files()
    assert {"my_summarizer.py", "first_words.py", "predictions.jsonl", f"{PACKAGE}/pyproject.toml"} <= set(files)


@pytest.mark.parametrize("line", EXAMPLES)
def test_each_py_cmd_and_file_example_runs_as_written(line, tmp_path):
    write_files(tmp_path)
    out = assert_finished(bench(line, tmp_path), line)
    limit = re.search(r"--limit (\d+)", line)
    task = re.search(r"--task (\S+)", line)
    if limit:
        assert len(out["tasks"]) == int(limit[1])
    if task:
        assert [t["id"] for t in out["tasks"]] == [task[1]]
    if "max_words=40" in line:
        assert all(t["length_words"] == 40 for t in out["tasks"])


@pytest.fixture(scope="module")
def installed_package(tmp_path_factory) -> Path:
    """The package spelled out in docs/plugins.md, built and installed by pip into a folder."""
    source = tmp_path_factory.mktemp("src")
    write_files(source, PACKAGE + "/")
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(site), str(source / PACKAGE)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    entry_points = next(site.glob("newsbench_firstwords-*.dist-info")) / "entry_points.txt"
    text = entry_points.read_text(encoding="utf-8")
    assert "[benchmark.summarizers]" in text and "[benchmark.judges]" in text
    return site


PACKAGE_LINES = [ln for ln in doc_commands() if ln.startswith("bench ") and ("firstwords" in ln or "overlap" in ln)
                 or ln.startswith("bench models") and ln.split("#")[0].strip() == "bench models"]


def test_the_installed_plugin_runs_every_command_the_doc_shows(installed_package, tmp_path):
    assert any(ln.startswith("pip install ./" + PACKAGE) for ln in doc_commands())
    assert len(PACKAGE_LINES) == 4, PACKAGE_LINES
    for line in PACKAGE_LINES:
        done = bench(line, tmp_path, site=installed_package)
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        assert not done.stderr.strip(), done.stderr
        if line.startswith("bench models --options"):
            rows = [r.split()[0] for r in done.stdout.splitlines()]
            assert rows == ["OPTION", "words", "skip_title"]
        elif line.startswith("bench judges --options"):
            assert [r.split()[0] for r in done.stdout.splitlines()] == ["OPTION", "threshold"]
        elif line.startswith("bench models"):
            row = next(r for r in done.stdout.splitlines() if r.startswith("firstwords "))
            assert "plugin:newsbench-firstwords" in row and "The opening words of every article" in row
        else:
            out = assert_finished(done, line)
            signature = dict(f.split(":", 1) for f in out["signature"].split("|"))
            assert signature["judge"] == "overlap@1(threshold=0.5)"
            assert out["model"] == "firstwords" and len(out["tasks"]) == 1
            assert out["tasks"][0]["length_words"] == 60
            manifest = json.loads((tmp_path / out["run_dir"] / "manifest.json").read_text())
            assert manifest["summarizer"]["options"] == {"skip_title": True, "words": 60}
            assert manifest["summarizer"]["version"] == "1"


def test_the_plugin_rejects_a_misspelt_option_as_the_doc_says(installed_package, tmp_path):
    done = bench("bench run --model firstwords -M wrods=60 --limit 1", tmp_path, site=installed_package)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    line = done.stderr.strip()
    assert line == ("Error: firstwords: unknown option(s) wrods; firstwords understands: skip_title, words "
                    "(see: bench models --options firstwords)")
    assert line.removeprefix("Error: ") in DOC.read_text(encoding="utf-8")
