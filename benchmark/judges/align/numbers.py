"""Numbers written any way become one canonical digit string: "a thousand" = "1,000" = "1000".

Number words are turned into digits by ``text2num`` (``alpha2digit``; it leaves "one of them" alone);
this module then drops thousands separators and multiplies out scale words ("1.5 million" ->
"1500000", "two dozen" -> "24"), so that a judge can compare quantities as plain tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

NUMBER_RE = r"\d+(?:\.\d+)?"

_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
_SCALED = re.compile(
    rf"(?P<num>{NUMBER_RE})\s*(?P<scale>thousand|million|billion|trillion|1000|1000000|1000000000)\b",
    re.IGNORECASE,
)
_ARTICLE_BEFORE_NUMBER = re.compile(r"\b(?:a|an)\s+(?=(?:1000|1000000|1000000000|100)\b)", re.IGNORECASE)
_DOZEN = re.compile(r"\b(?:a|one)\s+dozen\b", re.IGNORECASE)
_SMALL = {w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 2)}
_DOZENS = re.compile(rf"\b(?P<num>{NUMBER_RE}|{'|'.join(_SMALL)})\s+dozen\b", re.IGNORECASE)  # "two dozen" -> 24


def _scale(match: re.Match[str]) -> str:
    scale = match.group("scale").lower()
    factor = _SCALES.get(scale) or int(scale)
    value = float(match.group("num")) * factor
    return _format(value)


def _format(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


@lru_cache(maxsize=100_000)
def normalize(text: str) -> str:
    """``text`` with every number as a bare digit string (no separators, scale words multiplied out)."""
    from text_to_num import alpha2digit

    out = _DOZEN.sub("12", text)
    try:
        out = alpha2digit(out, "en")
    except Exception:  # text2num rejects some odd inputs; the text is then compared as written
        pass
    out = _SEPARATOR.sub("", out)
    out = _DOZENS.sub(lambda m: _format(float(_SMALL.get(m.group("num").lower(), m.group("num"))) * 12), out)
    out = _ARTICLE_BEFORE_NUMBER.sub("", out)
    return _SCALED.sub(_scale, out)


def numbers_in(text: str) -> tuple[str, ...]:
    """The canonical numbers of ``text``, in order."""
    return tuple(re.findall(NUMBER_RE, normalize(text)))
