"""The one instruction given to every LLM summarizer, versioned by its hash.

The default template ships as ``summarize_prompt.txt`` next to this module. ``-M prompt=FILE`` replaces
it; either way the template's sha256 goes into the summarizer's signature fields, so runs made with
different prompts are never ranked in the same leaderboard table.

Templates use ``str.format`` fields: ``{article}`` (the task's source text), ``{word_budget}``,
``{n_documents}``. A line ``---`` on its own splits a system message (above) from the user message
(below); without it the whole template is the user message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import PluginError
from ..types import Task

DEFAULT_PROMPT_PATH = Path(__file__).with_name("summarize_prompt.txt")
_FIELDS = ("article", "word_budget", "n_documents")


@dataclass(frozen=True)
class TextTemplate:
    """A named prompt text, identified in signatures by its hash."""

    name: str  # "default" or the file name the user gave
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def signature(self) -> str:
        """``default@1a2b3c4d`` — what the run signature shows as ``prompt:``."""
        return f"{self.name}@{self.sha256[:8]}"


def read_template_file(path: str, what: str) -> tuple[str, str]:
    """``(file name, text)`` of a user's template file, or a PluginError saying what is wrong."""
    p = Path(path)
    try:
        return p.name, p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PluginError(f"{what} file {path} does not exist; pass -M prompt=PATH to a text file") from None
    except UnicodeDecodeError:
        raise PluginError(f"{what} file {path} is not UTF-8 text") from None


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


def render_chat_template(
    text: str, values: dict[str, object], what: str, fields: tuple[str, ...]
) -> list[dict[str, str]]:
    """Fill a template's ``str.format`` fields; a ``---`` line splits system (above) from user (below)."""
    try:
        if "\n---\n" in text:
            system, user = text.split("\n---\n", 1)
            return [
                {"role": "system", "content": system.strip().format(**values)},
                {"role": "user", "content": user.strip().format(**values)},
            ]
        return [{"role": "user", "content": text.strip().format(**values)}]
    except (KeyError, IndexError, ValueError) as exc:
        raise PluginError(
            f"{what}: bad template field {exc}; templates may use "
            + ", ".join("{" + f + "}" for f in fields)
            + " (write {{ and }} for literal braces)"
        ) from None


def load_prompt(path: str | None = None) -> PromptTemplate:
    """The default template, or the one in ``path`` (the ``-M prompt=FILE`` option)."""
    if path is None:
        return PromptTemplate("default", DEFAULT_PROMPT_PATH.read_text(encoding="utf-8"))
    return PromptTemplate(*read_template_file(path, "prompt"))
