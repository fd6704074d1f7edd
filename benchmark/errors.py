"""One exception family. Every message says what went wrong and what to do next.

The CLI turns any ``BenchError`` into a one-line ``click.ClickException``; anything else is a bug.
"""

from __future__ import annotations


class BenchError(Exception):
    """Base class: a problem the user can act on."""


class DataError(BenchError):
    """A seeds/references file or a built dataset is malformed. Message names file, task and field."""


class ValidationFailed(DataError):
    """``bench data validate`` found problems; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(problems))


class UnknownComponent(BenchError):
    """A spec string names no registered summarizer or judge."""


class PluginError(BenchError):
    """A summarizer or judge could not be built from its spec/options, or failed as a whole."""


class PredictionsError(BenchError):
    """A ``file:`` predictions file is malformed. Message names the file, line and field."""


class MissingDependency(BenchError):
    """An optional dependency is not installed."""

    def __init__(self, feature: str, extra: str | None, packages: str, install: str | None = None):
        if install is not None:
            super().__init__(f"{feature} requires {packages}, which is not installed. Install it with: {install}")
        elif extra is None:
            super().__init__(f"{feature} requires {packages}, which is not installed. Install it with: pip install {packages}")
        else:
            super().__init__(
                f"{feature} requires optional dependencies ({packages}). "
                f"Install them with: pip install 'newsbench[{extra}]'"
            )


class OfflineError(BenchError):
    """Something needed the network (a model or dataset hub) and could not reach it."""


class RunError(BenchError):
    """A run directory is missing, unreadable or inconsistent."""


class CacheError(BenchError):
    """The prediction cache cannot be opened, read or written."""
