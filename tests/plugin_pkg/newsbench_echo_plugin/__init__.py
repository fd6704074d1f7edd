"""A third-party summarizer family, ``echo``: the first words of the first article.

It is registered only through the ``benchmark.summarizers`` entry point in this package's
``pyproject.toml``; newsbench never imports it by name.
"""

from __future__ import annotations

from typing import ClassVar

from benchmark.options import OptionReader
from benchmark.summarizers import BaseSummarizer
from benchmark.text import truncate_words
from benchmark.types import Task


class EchoSummarizer(BaseSummarizer):
    """Echoes the first -M words=N words (default 40) of the first article's body."""

    family: ClassVar[str] = "echo"
    usage: ClassVar[str] = "echo"
    version: ClassVar[str | None] = "0.1.0"

    def configure(self, options: OptionReader) -> None:
        self.words = options.int("words", 40, minimum=1)

    def summarize_one(self, task: Task) -> str:
        return truncate_words(task.documents[0].text, self.words)
