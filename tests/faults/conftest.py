"""Helpers for the fault suite: a real ``bench`` subprocess and a cmd: summarizer that counts its calls.

The summarizer script appends each task id to ``calls.log`` when it has produced that task's summary,
so "zero repeated calls" is counted by the summarizer itself. When ``block-on`` names a task id, the
script writes ``blocked`` (its pid) and sleeps instead of answering that task: the moment a test
interrupts the run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli.main import cli

TASK_IDS = ("000_e5ebca9a67f22be0", "002_cff157bd56992ef1", "event-nato-russia-2011-12-08")

COUNTING_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    text = sys.stdin.read()
    here = Path(os.environ["NB_FAULT_DIR"])
    task = os.environ["NEWSBENCH_TASK_ID"]
    block = here / "block-on"
    if block.exists() and block.read_text().strip() == task:
        (here / "blocked").write_text(str(os.getpid()))
        time.sleep(600)
    with open(here / "calls.log", "a") as fh:
        fh.write(task + "\\n")
    body = text.split("\\n\\n", 1)[-1]
    print(" ".join(body.split()[:40]))
    """
)


def bench(*args: str, ok: bool = True, input: str | None = None):
    """``bench ARGS`` in this process (click's runner); asserts exit 0 unless ``ok=False``."""
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def bench_command() -> list[str]:
    return [sys.executable, "-m", "benchmark.cli.main"]


def start_bench(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A real ``bench`` process. SIGINT is reset to its default so Python installs its own handler."""
    return subprocess.Popen(
        [*bench_command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for(path: Path, proc: subprocess.Popen | None = None, limit: float = 120.0) -> None:
    """Poll until ``path`` exists (fails if the process ends first, or after ``limit`` seconds)."""
    end = time.monotonic() + limit
    while not path.exists():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"bench ended (exit {proc.returncode}) before {path.name} appeared:\n{out}\n{err}")
        if time.monotonic() > end:
            pytest.fail(f"{path} never appeared")
        time.sleep(0.05)


def process_gone(pid: int, limit: float = 30.0) -> bool:
    """True once ``pid`` no longer runs (a zombie counts as gone)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


class Counting:
    """A cmd: summarizer in ``folder`` that logs each task it finished."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.script = folder / "summarize.py"
        self.script.write_text(COUNTING_SCRIPT)
        self.env = {"NB_FAULT_DIR": str(folder)}

    @property
    def spec(self) -> str:
        return f'cmd:{sys.executable} {self.script}'

    def calls(self) -> list[str]:
        log = self.folder / "calls.log"
        return log.read_text().splitlines() if log.exists() else []

    def block_on(self, task_id: str | None) -> None:
        block = self.folder / "block-on"
        if task_id is None:
            block.unlink(missing_ok=True)
        else:
            block.write_text(task_id)


@pytest.fixture
def counting(tmp_path, monkeypatch) -> Counting:
    folder = tmp_path / "summarizer"
    folder.mkdir()
    monkeypatch.setenv("NB_FAULT_DIR", str(folder))
    return Counting(folder)


def run_json(*args: str) -> dict:
    return json.loads(bench("run", *args, "--json").output)
