"""The one cache root, and where predictions, LLM-judge verdicts and built datasets live under it.

``$NEWSBENCH_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/newsbench``, else ``~/.cache/newsbench``.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "NEWSBENCH_CACHE_DIR"
CACHE_HELP = f"Cache folder (default: ${CACHE_ENV}, else ~/.cache/newsbench)."


def cache_root() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsbench"


def predictions_db(cache_dir: Path | None = None) -> Path:
    """The summarizers' prediction cache (``cache_dir`` overrides the root, as ``--cache-dir`` does)."""
    return Path(cache_dir or cache_root()) / "predictions.sqlite"


def verdicts_db() -> Path:
    """The LLM judge's verdict cache."""
    return cache_root() / "llm_judge.sqlite"


def datasets_dir() -> Path:
    """Built copies of the packaged dataset, one folder per content hash."""
    return cache_root() / "datasets"
