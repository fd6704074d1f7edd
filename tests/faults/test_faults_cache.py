"""Issue 11, items 1 and 3: caches that go stale or get damaged.

An edited ``cmd:`` script or an edited helper module imported by a ``py:`` summarizer must not be served
from the cache; a damaged cache is one line of error, and no finished record is touched.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import TASK_IDS, bench, run_json


def _records(runs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(runs)): p.read_bytes() for p in sorted(runs.rglob("*")) if p.is_file()}


def test_edited_cmd_script_invalidates_the_cache(counting, tmp_path):
    runs = str(tmp_path / "runs")
    first = run_json("--model", counting.spec, "--runs-dir", runs)
    counting.script.write_text(counting.script.read_text().replace("[:40]", "[:12]"))
    second = run_json("--model", counting.spec, "--runs-dir", runs)
    assert counting.calls() == list(TASK_IDS) * 2
    assert second["from_cache"] == 0
    assert second["scores"]["length_words"] < first["scores"]["length_words"]
    third = run_json("--model", counting.spec, "--runs-dir", runs)
    assert third["from_cache"] == 3 and len(counting.calls()) == 6


def test_cmd_version_option_is_part_of_the_key(counting, tmp_path):
    runs = str(tmp_path / "runs")
    run_json("--model", counting.spec, "--runs-dir", runs, "-M", "version=1")
    out = run_json("--model", counting.spec, "--runs-dir", runs, "-M", "version=2")
    assert out["from_cache"] == 0 and len(counting.calls()) == 6


@pytest.mark.parametrize("layout", ["module", "package"])
def test_edited_imported_module_invalidates_the_cache(layout, tmp_path, monkeypatch):
    src = tmp_path / "src"
    if layout == "module":
        (src).mkdir()
        (src / f"nbhelper_{layout}.py").write_text("N_WORDS = 40\n")
        (src / f"nbsumm_{layout}.py").write_text(textwrap.dedent(f"""
            def summarize(text):
                from nbhelper_{layout} import N_WORDS
                return " ".join(text.split("\\n\\n", 1)[-1].split()[:N_WORDS])
            """))
        spec, helper = f"py:nbsumm_{layout}:summarize", src / f"nbhelper_{layout}.py"
    else:
        pkg = src / "nbpkg_faults"
        (pkg / "util").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "util" / "__init__.py").write_text("")
        (pkg / "util" / "length.py").write_text("N_WORDS = 40\n")
        (pkg / "summ.py").write_text(textwrap.dedent("""
            from .util.length import N_WORDS

            def summarize(text):
                return " ".join(text.split("\\n\\n", 1)[-1].split()[:N_WORDS])
            """))
        spec, helper = "py:nbpkg_faults.summ:summarize", pkg / "util" / "length.py"
    monkeypatch.syspath_prepend(str(src))
    runs = str(tmp_path / "runs")
    first = run_json("--model", spec, "--runs-dir", runs)
    assert first["from_cache"] == 0
    helper.write_text("N_WORDS = 10\n")
    # a new process would import the edited helper; here the module must be imported afresh
    import sys

    for name in [m for m in sys.modules if m.startswith(("nbhelper_", "nbsumm_", "nbpkg_faults"))]:
        del sys.modules[name]
    second = run_json("--model", spec, "--runs-dir", runs)
    assert second["from_cache"] == 0
    assert second["scores"]["length_words"] == 10


def _cached_run(counting, tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    runs, cache = tmp_path / "runs", tmp_path / "cache"
    bench("run", "--model", counting.spec, "--runs-dir", str(runs), "--cache-dir", str(cache), "--quiet")
    return runs, cache / "predictions.sqlite", _records(runs)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_cache_is_one_line_and_records_stay(damage, counting, tmp_path):
    runs, db, before = _cached_run(counting, tmp_path)
    data = db.read_bytes()
    assert len(data) > 4096
    db.write_bytes(b"not a database at all " * 200 if damage == "garbage" else data[: len(data) // 3])
    r = bench("run", "--model", counting.spec, "--runs-dir", str(runs), "--cache-dir", str(db.parent), ok=False)
    assert r.exit_code == 1
    assert "Traceback" not in r.output and "sqlite3" not in r.output.split("(")[0]
    assert f"prediction cache {db} is unusable" in r.output and "--no-cache" in r.output
    assert _records(runs) == before
    assert len(counting.calls()) == 3


def test_unwritable_cache_is_one_line_and_records_stay(counting, tmp_path):
    runs, _, before = _cached_run(counting, tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    r = bench("run", "--model", counting.spec, "--runs-dir", str(runs), "--cache-dir", str(blocker / "cache"),
              ok=False)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "prediction cache" in r.output and "unusable" in r.output
    assert _records(runs) == before
