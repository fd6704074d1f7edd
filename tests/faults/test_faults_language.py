"""Issue 11, item 6: the default judge reads Latin script only, and says so instead of a silent zero."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import bench
from benchmark.records.store import RunDir

FACT = "NATO and Russia did not agree on missile defence"
SUMMARIES = {
    "cyrillic": ("НАТО и Россия не договорились о противоракетной обороне.", "Cyrillic"),
    "chinese": ("北约与俄罗斯未能就导弹防御达成协议。", "Cjk"),
}


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_bench_judge_warns_on_a_non_latin_summary(name):
    summary, script = SUMMARIES[name]
    lines = [
        json.dumps({"id": "en", "summary": "NATO and Russia did not agree on missile defence.", "keyfacts": [FACT]}),
        json.dumps({"id": name, "summary": summary, "keyfacts": [FACT]}, ensure_ascii=False),
    ]
    r = bench("judge", input="\n".join(lines) + "\n")
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1
    assert "line 2: language not supported" in warnings[0] and f"{script} script" in warnings[0]
    assert [json.loads(ln)["id"] for ln in r.stdout.splitlines()] == ["en", name]


def test_bench_run_records_the_warning(tmp_path, monkeypatch):
    (tmp_path / "nb_cyrillic.py").write_text(textwrap.dedent(f"""
        def summarize(text):
            return {SUMMARIES["cyrillic"][0]!r}
        """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    r = bench("run", "--model", "py:nb_cyrillic:summarize", "--runs-dir", str(tmp_path / "runs"))
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "language not supported" in warnings[0] and "Cyrillic" in warnings[0]
    (run,) = (tmp_path / "runs").iterdir()
    rows = RunDir(run).scores()
    assert all("language not supported" in r["warnings"][0] for r in rows)


def test_english_runs_carry_no_warning(tmp_path):
    r = bench("run", "--model", "lead-3", "--runs-dir", str(tmp_path / "runs"))
    assert "warning" not in r.stderr
    (run,) = (tmp_path / "runs").iterdir()
    assert not any("warnings" in row for row in RunDir(run).scores())
