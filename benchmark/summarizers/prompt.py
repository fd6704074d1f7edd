"""The one instruction given to every LLM summarizer, versioned by its hash.

The default template ships as ``summarize_prompt.txt`` next to this module. ``-M prompt=FILE`` replaces
it; either way the template's sha256 goes into the summarizer's signature fields, so runs made with
different prompts are never ranked in the same leaderboard table.

Templates use ``str.format`` fields: ``{article}`` (the task's source text), ``{word_budget}``,
``{n_documents}``. A line ``---`` on its own splits a system message (above) from the user message
(below); without it the whole template is the user message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..backends.templates import TextTemplate, read_template_file, render_chat_template
from ..types import Task

DEFAULT_PROMPT_PATH = Path(__file__).with_name("summarize_prompt.txt")
_FIELDS = ("article", "word_budget", "n_documents")


@dataclass(frozen=True)
class PromptTemplate(TextTemplate):
    """The summarization prompt."""

    def messages(self, task: Task) -> list[dict[str, str]]:
        """Chat messages for one task."""
        values = {
            "article": task.source_text,
            "word_budget": task.word_budget,
            "n_documents": len(task.documents),
        }
        return render_chat_template(self.text, values, f"prompt {self.name!r}", _FIELDS)


def load_prompt(path: str | None = None) -> PromptTemplate:
    """The default template, or the one in ``path`` (the ``-M prompt=FILE`` option)."""
    if path is None:
        return PromptTemplate("default", DEFAULT_PROMPT_PATH.read_text(encoding="utf-8"))
    return PromptTemplate(*read_template_file(path, "prompt"))
