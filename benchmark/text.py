"""Text utilities every stage shares: one sentence splitter, one word counter, one truncation rule,
and the script (Latin, Cyrillic, ...) a text is mostly written in.

Sentence splitting uses ``nupunkt`` (Punkt with a model trained on legal and news text; no downloads),
which handles abbreviations such as "U.S." and "Nov. 26" and closing quotes. Paragraph breaks are
always sentence breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
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


def main_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in ("Latin", "Cyrillic", "Cjk", ...); None if no letters."""
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split()[0].title() for ch in text if ch.isalpha())
    return scripts.most_common(1)[0][0] if scripts else None


def unsupported_script(text: str, supported: tuple[str, ...] | None) -> str | None:
    """The main script of ``text`` when a component reading only ``supported`` scripts cannot read it."""
    if not supported:
        return None
    script = main_script(text)
    return script if script is not None and script not in supported else None
