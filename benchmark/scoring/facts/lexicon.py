"""Word-level analysis for the ``align`` judge: tokens, Porter stems, rarity weights and polarity cues.

* Tokens are lower-cased words and numbers; numbers are first normalised by ``numbers.normalize``.
* Stems come from NLTK's Porter stemmer (the stemmer ROUGE uses), cached per word.
* A word's weight is its rarity in general English: ``max(0, ceiling - zipf)`` where ``zipf`` is the
  word's Zipf frequency from the ``wordfreq`` package (7 for "the"-like words, about 3 for names such as
  "Rasmussen", 0 for unseen words). Function words therefore weigh (almost) nothing and names weigh
  most, with no stop-word list to maintain. Numbers get the weight of a rare word.
* Negation cues and a short list of opposite-meaning verbs ("continue" vs "abandon") let the judge tell
  a statement from its opposite when both share most of their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .numbers import NUMBER_RE, normalize

RARITY_CEILING = 7.0
NUMBER_WEIGHT = 5.0

_TOKEN = re.compile(rf"{NUMBER_RE}|[a-z]+(?:['’][a-z]+)?")

# Words that flip the polarity of the clause they sit in.
NEGATION_CUES: frozenset[str] = frozenset(
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
        "fail", "failed", "fails", "failing", "refuse", "refused", "refuses", "deny", "denied",
        "denies", "reject", "rejected", "rejects", "lack", "lacked", "unable", "yet",
    }
)
# "yet" alone is not a negation; it only counts together with another cue ("not yet"), see below.
_WEAK_CUES: frozenset[str] = frozenset({"yet"})

# Pairs of opposite outcomes that news summaries flip; each side is a set of stems.
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        frozenset({"continu", "keep", "resum", "press", "carri", "persist", "remain"}),
        frozenset({"abandon", "halt", "stop", "end", "quit", "collaps", "walk", "broke", "break", "ceas"}),
    ),
    (frozenset({"agre", "accept", "approv", "back", "endors"}), frozenset({"reject", "oppos", "veto", "refus"})),
    (frozenset({"rise", "rose", "increas", "grow", "grew", "gain", "climb"}), frozenset({"fall", "fell", "drop", "declin", "decreas", "lose", "lost", "shrink"})),
    (frozenset({"win", "won", "victori"}), frozenset({"lose", "lost", "defeat"})),
    (frozenset({"aliv", "surviv", "surviv"}), frozenset({"dead", "die", "di", "kill"})),
    (frozenset({"releas", "freed", "free"}), frozenset({"arrest", "detain", "jail", "imprison"})),
    (frozenset({"acquit", "clear"}), frozenset({"convict", "guilti"})),
)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word[0].isdigit():
        return word
    return _stemmer().stem(word.replace("’", "'").split("'")[0] or word)


@lru_cache(maxsize=200_000)
def weight(word: str) -> float:
    if word[0].isdigit():
        return NUMBER_WEIGHT
    from wordfreq import zipf_frequency

    return max(0.0, RARITY_CEILING - zipf_frequency(word, "en"))


@dataclass(frozen=True)
class Analysed:
    """One text (a sentence or a fact) reduced to what the judge compares."""

    text: str
    tokens: tuple[str, ...]  # lower-cased words and normalised numbers, in order
    stems: tuple[str, ...]  # one per token
    weights: dict[str, float]  # content stem -> weight (the largest over its words)
    numbers: frozenset[str]  # normalised numbers
    negated: bool  # carries a negation cue
    polarity: frozenset[int]  # signed indexes into _OPPOSITES: +i / -(i+1) for the two sides
    names: frozenset[str]  # stems of capitalised words not at the start of the text

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


def _polarity(stems: tuple[str, ...]) -> frozenset[int]:
    out: set[int] = set()
    present = set(stems)
    for i, (pos, neg) in enumerate(_OPPOSITES):
        if present & pos:
            out.add(i + 1)
        if present & neg:
            out.add(-(i + 1))
    return frozenset(out)


def is_negated(tokens: Sequence[str]) -> bool:
    """Whether the tokens carry a negation cue ("not", "never", "failed", "didn't", ...)."""
    return any((t in NEGATION_CUES and t not in _WEAK_CUES) or t.endswith(("n't", "n’t")) for t in tokens)


_FIRST_WORD = re.compile(r"[A-Z][a-zA-Z]+")
_RARE_NAME_WEIGHT = 2.5  # a capitalised first word counts as a name when at least this rare
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")


@lru_cache(maxsize=100_000)
def analyse(text: str) -> Analysed:
    normal = normalize(text)
    tokens = tuple(_TOKEN.findall(normal.lower()))
    stems = tuple(stem(t) for t in tokens)
    weights: dict[str, float] = {}
    for tok, st in zip(tokens, stems):
        w = weight(tok)
        if w > 0 and tok not in NEGATION_CUES:
            weights[st] = max(weights.get(st, 0.0), w)
    numbers = frozenset(t for t in tokens if t[0].isdigit())
    names = set(stem(m.group(0).lower()) for m in _CAPITAL.finditer(normal.strip()))
    head = _FIRST_WORD.match(normal.strip())
    if head and weight(head.group(0).lower()) >= _RARE_NAME_WEIGHT:
        names.add(stem(head.group(0).lower()))
    return Analysed(
        text=text,
        tokens=tokens,
        stems=stems,
        weights=weights,
        numbers=numbers,
        negated=is_negated(tokens),
        polarity=_polarity(stems),
        names=frozenset(names),
    )
