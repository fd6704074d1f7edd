"""newsbench: a news-summarization benchmark that checks the facts, not just the words."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_dataset"]


def load_dataset(config: str | None = None):
    """The packaged benchmark as a ``datasets.DatasetDict`` (or one config of it)."""
    from .data.load import load_packaged_dataset

    return load_packaged_dataset(config)
