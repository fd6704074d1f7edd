"""A transparent, conservative lexical test: does a reference summary state a key fact?

Used only by validation (``every core fact is stated by a reference``), never for scoring. A fact
counts as stated by a text when

* every number in the fact (``1,000``, ``2012``, ``24``) appears in the text, and
* at least ``MIN_COVERAGE`` of the fact's distinct content-word stems appear among the text's stems
  (content words: not in sumy's English stop-word list; stems: NLTK's Porter stemmer).

It is deliberately strict about wording: an annotator who paraphrases a core fact in every reference
will be told so, and can either reword a reference or accept the finding and reword the fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MIN_COVERAGE = 0.75

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def content_stems(text: str) -> frozenset[str]:
    """Distinct stems of the content words and numbers of ``text`` (single letters dropped)."""
    stops = _stop_words()
    out: set[str] = set()
    for tok in _TOKEN.findall(text.replace("’", "'").lower()):
        if _NUMBER.match(tok):
            out.add(tok)
        elif len(tok) > 1 and tok not in stops:
            out.add(_stem(tok))
    return frozenset(out)


@dataclass(frozen=True)
class Coverage:
    fraction: float  # share of the fact's content stems found in the text
    missing: tuple[str, ...]  # fact stems not found, sorted
    missing_numbers: tuple[str, ...]

    @property
    def states(self) -> bool:
        return not self.missing_numbers and self.fraction >= MIN_COVERAGE


def coverage(fact: str, text: str) -> Coverage:
    fact_stems = content_stems(fact)
    text_stems = content_stems(text)
    if not fact_stems:
        return Coverage(0.0, (), ())
    missing = sorted(fact_stems - text_stems)
    numbers = sorted(s for s in missing if _NUMBER.match(s))
    return Coverage(1 - len(missing) / len(fact_stems), tuple(missing), tuple(numbers))
