"""Negation, negative prefixes and opposite outcomes: contradictions a key fact needs no probe for.

* ``negation_conflict`` - a negated fact whose governed word the sentence affirms, or an affirmed fact
  word that a negation in the sentence governs, in a clause holding another of the fact's words;
* ``prefix_conflict`` - a word asserted with its negative prefix removed or added ("workable" against
  "unworkable");
* ``opposite_conflict`` - the other side of a pair such as continue/abandon, with most of the fact's
  other content.
The rules are described in full in ``contradiction.py``'s docstring.
"""

from __future__ import annotations

from functools import lru_cache

from .contradiction import OPPOSITE_MIN_MATCH, Conflict
from .lexicon import Analysed, opposite_sides
from .outcome import STANCE, fact_outcome
from .polarity import (
    DISTINCT_MIN_WEIGHT,
    affirmed,
    anchored,
    contrast_denies,
    governed,
    governed_by,
    marks,
    objects_after,
)


def _fact_anchors(fact: Analysed, but: str) -> frozenset[str]:
    return frozenset(s for s, w in fact.weights.items() if s != but and w >= DISTINCT_MIN_WEIGHT)


def negation_conflict(
    fact: Analysed, sentence: Analysed, words: frozenset[str] | None = None, ignore: frozenset[str] = frozenset()
) -> Conflict | None:
    """A negated fact whose governed word the sentence affirms, or an affirmed fact word that a
    negation in the sentence governs; either way in a clause of the sentence that holds another of
    the fact's content words. ``words``, when given, limits the check to those fact stems (a fact whose
    outcome ``outcome`` reads: its outcome's own words, not its matter's - "without a missile-defence
    agreement" does not deny the missile talks); negation cues in ``ignore`` are passed over (a stance
    fact: another actor's "rejected X's demand" does not deny the demand)."""
    fact_marks = marks(fact)
    if fact.negated:
        for i in governed(fact):
            word = fact.stems[i]
            if words is not None and word not in words:
                continue
            if fact.caps[i] or contrast_denies(sentence, objects_after(fact, i)):
                continue
            anchors = _fact_anchors(fact, word)
            for j, s in enumerate(sentence.stems):
                if s == word and affirmed(sentence, j) and anchored(sentence, j, anchors):
                    return Conflict("negation", f"affirms {sentence.tokens[j]!r}")
    sentence_marks = marks(sentence)
    verdict = _negative_stance(fact)
    for cue, j in governed_by(sentence):
        word = sentence.stems[j]
        if words is not None and word not in words or sentence.tokens[cue] in ignore:
            continue
        if sentence.caps[j] or not anchored(sentence, j, _fact_anchors(fact, word)):
            continue
        if _restored(sentence, j):
            continue  # "not about X but about Y": the word denied with X is said again with Y
        if verdict and verdict in sentence.stems:
            continue  # "rejected the plan as unworkable" repeats the fact's "the plan is unworkable"
        for i, s in enumerate(fact.stems):
            if s != word or fact_marks.negated[i] or fact.clauses[i] in fact_marks.negative_clauses:
                continue
            # "wanted her to play X and not Y" denies nothing unless the fact too is a wish or plan
            if sentence_marks.irrealis[j] == fact_marks.irrealis[i]:
                return Conflict("negation", f"denies {sentence.tokens[j]!r}")
    return None


def _restored(sentence: Analysed, j: int) -> bool:
    """Whether the word at ``j`` comes back after a "but" later in the sentence ("not about X but about Y")."""
    later = sentence.tokens.index("but", j) if "but" in sentence.tokens[j:] else -1
    return later > 0 and sentence.stems[j] in sentence.stems[later + 1 :]


def _negative_stance(fact: Analysed) -> str | None:
    """The stem of the fact's negative stance ("unworkable", "rejects"), if its outcome is one."""
    cue = fact_outcome(fact)
    return fact.stems[cue.position] if cue and cue.frame == STANCE and cue.polarity < 0 else None


_NEGATIVE_PREFIXES = ("un", "non")
_LATINATE_PREFIXES = ("in", "im", "il", "ir")
_LATINATE_SUFFIXES = ("able", "ible", "al", "ate", "ent", "ant")
_BASE_MIN_ZIPF = 3.0  # the word without its prefix must be a common word ("workable", "possible")


@lru_cache(maxsize=50_000)
def unprefixed(token: str) -> str | None:
    """The word a negative prefix reverses ("unworkable" -> "workable", "impossible" -> "possible",
    "non-binding" is two tokens already), or None."""
    from wordfreq import zipf_frequency

    for prefix in _NEGATIVE_PREFIXES + _LATINATE_PREFIXES:
        base = token[len(prefix):]
        if not token.startswith(prefix) or len(base) < 4:
            continue
        if prefix in _LATINATE_PREFIXES and not base.endswith(_LATINATE_SUFFIXES):
            continue
        if zipf_frequency(base, "en") >= _BASE_MIN_ZIPF:
            return base
    return None


def prefix_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    """A word of the fact asserted with the negative prefix removed or added ("workable" against
    "unworkable"), in a clause of the sentence that holds another of the fact's content words."""
    for i, tok in enumerate(fact.tokens):
        for j, other in enumerate(sentence.tokens):
            if unprefixed(tok) == other or unprefixed(other) == tok:
                if affirmed(sentence, j) and affirmed(fact, i) and anchored(sentence, j, _fact_anchors(fact, fact.stems[i])):
                    return Conflict("negation", f"{other!r} against {tok!r}")
    return None


def opposite_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    fact_marks = marks(fact)
    sentence_stems = set(sentence.stems)
    for i, s in enumerate(fact.stems):
        side = opposite_sides(s)
        if not side or fact_marks.negated[i]:
            continue
        pair, same, other = side
        if sentence_stems & same:
            continue
        hits = [j for j, t in enumerate(sentence.stems) if t in other and affirmed(sentence, j)]
        if not hits:
            continue
        rest = {t: w for t, w in fact.weights.items() if not opposite_sides(t)}
        total = sum(rest.values())
        if total and sum(w for t, w in rest.items() if t in sentence_stems) / total >= OPPOSITE_MIN_MATCH:
            return Conflict("opposite", f"{sentence.tokens[hits[0]]!r} against {fact.tokens[i]!r} (pair {pair})")
    return None
