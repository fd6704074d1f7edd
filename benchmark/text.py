"""Text utilities every stage shares: one sentence splitter, one word counter, one truncation rule.

Sentence splitting uses ``nupunkt`` (Punkt with a model trained on legal and news text; no downloads),
which handles abbreviations such as "U.S." and "Nov. 26" and closing quotes. Paragraph breaks are
always sentence breaks.
"""

from __future__ import annotations

import re
from functools import lru_cache

SPLITTER_NAME = "nupunkt"

_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _splitter_version() -> str:
    import nupunkt

    return getattr(nupunkt, "__version__", "unknown")


def splitter_signature() -> str:
    """Name and version of the sentence splitter, for score signatures."""
    return f"{SPLITTER_NAME}-{_splitter_version()}"


@lru_cache(maxsize=4096)
def _split_paragraph(paragraph: str) -> tuple[str, ...]:
    import nupunkt

    return tuple(s.strip() for s in nupunkt.sent_tokenize(paragraph) if s.strip())


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; line breaks separate paragraphs (and so sentences)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = _WS.sub(" ", para).strip()
        if para:
            out.extend(_split_paragraph(para))
    return out


def words(text: str) -> list[str]:
    """Whitespace-delimited words: the unit of every word budget and length figure."""
    return text.split()


def count_words(text: str) -> int:
    return len(text.split())


def truncate_words(text: str, max_words: int) -> str:
    """Keep the first ``max_words`` words, preserving the original line breaks between them."""
    if max_words <= 0:
        return ""
    count = 0
    out_lines: list[str] = []
    for line in text.splitlines():
        toks = line.split()
        if not toks:
            continue
        room = max_words - count
        if room <= 0:
            break
        out_lines.append(" ".join(toks[:room]))
        count += min(room, len(toks))
    return "\n".join(out_lines)
