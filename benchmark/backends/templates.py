"""Prompt templates for chat models: a named text identified by its hash, read from a user's file,
rendered into chat messages. The summarize prompt (``summarizers/prompt.py``) and the LLM judge's
prompt (``judges/llm.py``) are both ``TextTemplate``s.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import PluginError


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
