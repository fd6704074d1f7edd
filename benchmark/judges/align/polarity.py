"""Polarity of the words of a sentence, for the ``align`` judge's contradiction checks.

A word is *negated* when a negation cue ("not", "no", "never", "failed", "n't", ...) or a negative
predicate ("deadlocked", "impasse", "refused", ...) stands at most ``NEGATION_REACH`` words before it in
its clause ("not only" / "not just" do not negate); it is *irrealis* when a word of wish, plan or
condition stands anywhere before it in its clause. A clause introduced by a denial verb ("deny that
...") is negative as a whole. The word a negation *governs* is the first content word after the cue
("did not yet reach" -> "reach"). A contrast ("X, not Y", "X rather than Y") denies what follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    FILLERS,
    NEGATION_CUES,
    NEGATIVE_PARTICLE_VERBS,
    NEGATIVE_PREDICATES,
    Analysed,
    analyse,
    contrast_denied,
    denied_clauses,
    is_irrealis,
    is_negated,
)

NEGATION_REACH = 4  # a cue affects a word at most this many tokens after it, in the same clause
DISTINCT_MIN_WEIGHT = 1.0  # differences in rarer words only; "do", "the" do not count

_NOT_NEGATING_NEXT: frozenset[str] = frozenset({"only", "just", "merely", "least"})


def _is_cue(a: Analysed, i: int) -> bool:
    tok = a.tokens[i]
    if not is_negated((tok,)):
        return False
    return not (i + 1 < len(a.tokens) and a.tokens[i + 1] in _NOT_NEGATING_NEXT)


def _is_negative(a: Analysed, i: int) -> bool:
    """A negation cue or a negative predicate ("deadlocked", "impasse", "pulled out")."""
    if a.tokens[i] == "out" and i > 0 and a.stems[i - 1] in NEGATIVE_PARTICLE_VERBS:
        return True
    return _is_cue(a, i) or a.stems[i] in NEGATIVE_PREDICATES


@dataclass(frozen=True)
class Marks:
    negated: tuple[bool, ...]
    irrealis: tuple[bool, ...]
    negative_clauses: frozenset[int]  # clauses holding a negation cue or a negative predicate


def marks(a: Analysed) -> Marks:
    return _marks_of_text(a.text) if analyse(a.text) is a else _compute_marks(a)


@lru_cache(maxsize=100_000)
def _marks_of_text(text: str) -> Marks:
    return _compute_marks(analyse(text))


def _compute_marks(a: Analysed) -> Marks:
    n = len(a.tokens)
    negated = [False] * n
    irrealis = [False] * n
    negative_clauses: set[int] = set()
    for i in range(n):
        negative = _is_negative(a, i)
        if negative:
            negative_clauses.add(a.clauses[i])
        wish = is_irrealis(a, i)
        if not (negative or wish):
            continue
        for j in range(i + 1, n):
            if a.clauses[j] != a.clauses[i]:
                break
            if negative and j - i <= NEGATION_REACH:
                negated[j] = True
            if wish:
                irrealis[j] = True
    return Marks(tuple(negated), tuple(irrealis), frozenset(negative_clauses) | denied_clauses(a))


def governed(a: Analysed) -> list[int]:
    """Positions of the content words that a negation cue of ``a`` governs ("did not yet reach" ->
    "reach")."""
    return [j for _, j in governed_by(a)]


def governed_by(a: Analysed) -> list[tuple[int, int]]:
    """(negation cue, governed content word) position pairs of ``a`` (``governed``)."""
    out: list[tuple[int, int]] = []
    for i in range(len(a.tokens)):
        if not _is_cue(a, i):
            continue
        for j in range(i + 1, min(len(a.tokens), i + 1 + NEGATION_REACH)):
            if a.clauses[j] != a.clauses[i]:
                break
            tok = a.tokens[j]
            if tok in FILLERS or tok in NEGATION_CUES or a.stems[j] not in a.weights:
                continue
            out.append((i, j))
            break
    return out


def affirmed(a: Analysed, j: int) -> bool:
    m = marks(a)
    return not m.negated[j] and not m.irrealis[j] and a.clauses[j] not in m.negative_clauses


def anchored(sentence: Analysed, j: int, anchors: frozenset[str]) -> bool:
    """Whether the clause of position ``j`` holds one of ``anchors`` (besides the word at ``j``)."""
    clause = sentence.clauses[j]
    return any(
        sentence.clauses[k] == clause and s in anchors for k, s in enumerate(sentence.stems) if k != j
    )


def objects_after(a: Analysed, j: int) -> frozenset[str]:
    """The rarer content stems after position ``j`` in its clause: what a negated word is denied of
    ("not a danger to local fishermen" -> local, fishermen)."""
    return frozenset(a.stems[k] for k in range(j + 1, len(a.tokens))
                     if a.clauses[k] == a.clauses[j] and a.weights.get(a.stems[k], 0.0) >= DISTINCT_MIN_WEIGHT)


def contrast_only(a: Analysed, stems: frozenset[str]) -> frozenset[str]:
    """Those of ``stems`` that ``a`` names only in a contrast that denies them ("X, not Y", "X rather
    than Y", "X instead of Y")."""
    denied = contrast_denied(a)
    inside = {s for j, s in enumerate(a.stems) if s in stems and j in denied}
    outside = {s for j, s in enumerate(a.stems) if s in stems and j not in denied}
    return frozenset(inside - outside)


def contrast_denies(sentence: Analysed, objects: frozenset[str]) -> bool:
    """Whether the sentence names ``objects`` only in a contrast that denies them."""
    named = objects & frozenset(sentence.stems)
    return bool(named) and named <= contrast_only(sentence, objects)
