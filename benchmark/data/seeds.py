"""Parse a seed article file (``seeds/<id>.txt``) into an ``Article`` record.

The format is what the files hold, nothing more:

* line 1 is the title;
* then a header block of short lines before the first body paragraph. ``Published : <date>`` and
  ``Updated : <date>`` lines are parsed into ISO timestamps; any other header line (article 000 has
  ``0`` and ``147``) is kept verbatim in ``metadata_lines`` and given no meaning;
* the body: one paragraph per non-empty line. A leading wire dateline such as ``BRUSSELS (AP) ―`` is
  split off the first paragraph into ``dateline`` and ``outlet``.

A task's ``Document.text`` is the body paragraphs joined by a blank line (see ``Article.text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import DataError

# "BRUSSELS (AP) ― Russia and NATO ..." -> place, outlet, separator (em dash, horizontal bar, hyphens).
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .,'-]*[A-Z])\s+\((?P<outlet>[A-Za-z][\w&. -]*)\)\s*[―—–-]+\s*")
_STAMP = re.compile(r"^(?P<key>Published|Updated)\s*:\s*(?P<value>.+?)\s*$")
# A header line is short and is not prose: at most 40 characters and no sentence-ending punctuation.
_HEADER_MAX = 40


@dataclass(frozen=True)
class Article:
    """One seed article as its file states it."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    outlet: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO 8601 local time as printed, no time zone given
    updated: str | None = None
    metadata_lines: tuple[str, ...] = ()  # header lines kept verbatim, uninterpreted
    path: str | None = None

    @property
    def text(self) -> str:
        """The body as a task presents it: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def searchable(self) -> str:
        """Title and body: where an evidence quote must occur verbatim."""
        return f"{self.title}\n\n{self.text}"

    def metadata(self) -> dict[str, Any]:
        """The dataset's ``sources`` record for this article."""
        return {
            "id": self.id,
            "outlet": self.outlet,
            "dateline": self.dateline,
            "published": self.published,
            "updated": self.updated,
            "metadata_lines": list(self.metadata_lines),
            "n_paragraphs": len(self.paragraphs),
        }


def _parse_stamp(value: str, path: Path, line_no: int) -> str:
    for fmt in ("%b %d, %Y - %H:%M", "%B %d, %Y - %H:%M", "%b %d, %Y"):
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return parsed.isoformat(timespec="minutes") if "%H" in fmt else parsed.date().isoformat()
    raise DataError(
        f"{path}: line {line_no}: cannot read the date {value!r}; write it like 'Dec 9, 2011 - 18:52'"
    )


def _is_header_line(line: str) -> bool:
    return len(line) <= _HEADER_MAX and not line.rstrip().endswith((".", "?", "!", "”", '"'))


def parse_article_text(raw: str, article_id: str, path: Path | None = None) -> Article:
    """Parse the text of one seed file."""
    where = path or Path(f"{article_id}.txt")
    lines = raw.splitlines()
    if not lines or not lines[0].strip():
        raise DataError(f"{where}: the first line must be the article's title; the file starts empty")
    title = lines[0].strip()
    stamps: dict[str, str] = {}
    metadata: list[str] = []
    i = 1
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        m = _STAMP.match(line)
        if m:
            stamps[m.group("key").lower()] = _parse_stamp(m.group("value"), where, i + 1)
        elif _is_header_line(line) and not _DATELINE.match(line):
            metadata.append(line)
        else:
            break
        i += 1
    paragraphs = [ln.strip() for ln in lines[i:] if ln.strip()]
    if not paragraphs:
        raise DataError(f"{where}: no body text after the title and header lines; add the article's paragraphs")
    outlet = dateline = None
    m = _DATELINE.match(paragraphs[0])
    if m:
        dateline, outlet = m.group("place"), m.group("outlet")
        paragraphs[0] = paragraphs[0][m.end():]
    return Article(
        id=article_id,
        title=title,
        paragraphs=tuple(paragraphs),
        outlet=outlet,
        dateline=dateline,
        published=stamps.get("published"),
        updated=stamps.get("updated"),
        metadata_lines=tuple(metadata),
        path=str(path) if path else None,
    )


def parse_article(path: str | Path) -> Article:
    """Parse ``path``; the article id is the file stem."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read the seed article ({exc}); it must be a UTF-8 text file") from None
    return parse_article_text(raw, path.stem, path)


def load_articles(seeds_dir: str | Path) -> dict[str, Article]:
    """Every ``*.txt`` in ``seeds_dir``, keyed by id (file stem), in id order."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise DataError(f"seeds folder {seeds_dir} does not exist; pass --seeds DIR with one .txt file per article")
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise DataError(f"seeds folder {seeds_dir} holds no .txt articles; add one file per article, named <id>.txt")
    return {p.stem: parse_article(p) for p in files}
