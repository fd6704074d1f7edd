"""Issue 11, items 4 and 6: options, plug-in exits, file permissions and YAML that must not slip through."""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

import pytest

from conftest import bench, run_json


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_non_finite_timeout_is_rejected_before_the_run(value, counting, tmp_path):
    r = bench("run", "--model", counting.spec, "-M", f"timeout={value}", "--runs-dir", str(tmp_path / "runs"), ok=False)
    assert r.exit_code == 1
    assert f"timeout={value!r}" in r.output and "finite" in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "runs").exists()
    assert counting.calls() == []


def test_sys_exit_inside_a_py_summarizer_is_a_recorded_failure(tmp_path, monkeypatch):
    (tmp_path / "exits_mod.py").write_text(textwrap.dedent(
        """
        import sys

        def summarize(text):
            if "Rodham" in text:
                sys.exit(3)
            return " ".join(text.split()[:30])
        """
    ))
    monkeypatch.syspath_prepend(str(tmp_path))
    r = bench("run", "--model", "py:exits_mod:summarize", "--runs-dir", str(tmp_path / "runs"), "--json",
              "--allow-failures")
    import json

    out = json.loads(r.output)
    errors = {t["id"]: t["error"] for t in out["tasks"]}
    assert errors["000_e5ebca9a67f22be0"] is None
    assert "sys.exit(3)" in errors["002_cff157bd56992ef1"]
    assert out["status"] == "partial"


def test_records_are_written_with_the_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        out = run_json("--model", "lead-1", "--runs-dir", str(tmp_path / "runs"), "--no-cache")
        bench("leaderboard", "--runs-dir", str(tmp_path / "runs"), "--output", str(tmp_path / "board.md"))
    finally:
        os.umask(old)
    files = list(Path(out["run_dir"]).iterdir()) + [tmp_path / "board.md"]
    assert files
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f


def test_duplicate_yaml_keys_are_rejected(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    from benchmark.data.references import packaged_references_dir

    for p in packaged_references_dir().iterdir():
        if p.suffix in (".yaml", ".json"):
            (refs / p.name).write_bytes(p.read_bytes())
    victim = sorted(refs.glob("*.yaml"))[0]
    text = victim.read_text()
    lines = text.splitlines(keepends=True)
    title = next(i for i, ln in enumerate(lines) if ln.startswith("title:"))
    lines.insert(title + 1, "title: A second title\n")
    victim.write_text("".join(lines))
    r = bench("data", "validate", "--references", str(refs), ok=False)
    assert r.exit_code != 0
    assert victim.name in r.output and "duplicate key" in r.output and "'title'" in r.output
    assert "Traceback" not in r.output
