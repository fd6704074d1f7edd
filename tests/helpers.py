"""Shared test helpers: a task factory and the one way tests drive the ``bench`` CLI in-process."""

from __future__ import annotations

from typing import Sequence

from click.testing import CliRunner, Result

from benchmark.cli.main import cli
from benchmark.types import Document, KeyFact, Reference, Task


def make_task(task_id: str = "t1", body: str = "First sentence of the article.\n\nSecond one.", *,
              title: str | None = None, reference: str | None = "A reference.", keyfacts: Sequence[KeyFact] = (),
              config: str = "single", word_budget: int = 75) -> Task:
    """A one-article task: ``body`` paragraphs separated by a blank line, one sentence reference."""
    title = title or f"Title {task_id}"
    refs = (Reference(f"{task_id}-r", "sentence", 30, reference),) if reference else ()
    return Task(task_id, config, title, (Document(f"{task_id}-doc", title, body),), refs, tuple(keyfacts), word_budget)


def bench(*args: object, exit_code: int | None = 0, catch_exceptions: bool = True) -> Result:
    """Invoke ``bench ARGS`` (each argument passed through ``str``); check the exit code unless None."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=catch_exceptions)
    if exit_code is not None:
        assert result.exit_code == exit_code, result.output
    return result
