"""Alignment features of one key fact against one summary, for the ``align`` judge.

Every feature is a number in [0, 1] (``FEATURE_NAMES`` gives the order the fitted weights use):

* ``sentence_recall`` - rarity-weighted share of the fact's content stems found in the best-aligned
  summary sentence (the alignment picks the sentence where this is largest).
* ``summary_recall`` - the same share over the whole summary (facts that span two sentences).
* ``bigram_recall`` - share of the fact's consecutive content-stem pairs that occur in the best
  sentence in the same order within three words of each other (word order, not just a bag of words).
* ``rare_missing`` - weight of the fact's rarest stem that the summary lacks, scaled to [0, 1]: a fact
  about "Surrey" is not stated by a summary that never says "Surrey", however many other words match.
* ``number_recall`` - share of the fact's numbers that the summary states (1 when it has none).
* ``short_fact`` - 1 for facts with almost no content words (they match too easily), falling to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import RARITY_CEILING, Analysed

FEATURE_NAMES: tuple[str, ...] = (
    "sentence_recall",
    "summary_recall",
    "bigram_recall",
    "rare_missing",
    "number_recall",
    "short_fact",
)

_BIGRAM_WINDOW = 3
_SHORT_FACT_WEIGHT = 8.0  # total rarity weight at which a fact stops counting as short


@dataclass(frozen=True)
class Alignment:
    """The features of one fact against one summary, and the sentence they point to."""

    features: tuple[float, ...]
    best: int | None  # index of the best-aligned summary sentence (None for an empty summary)
    sentence_scores: tuple[float, ...]  # sentence_recall against every sentence


def weighted_recall(fact: Analysed, other_stems: set[str] | frozenset[str]) -> float:
    total = fact.total_weight
    if total <= 0:
        return 0.0
    return sum(w for s, w in fact.weights.items() if s in other_stems) / total


def recall_without_numbers(fact: Analysed, sentence: Analysed) -> float:
    """``weighted_recall`` over the fact's words only, its numbers left out."""
    words = {s: w for s, w in fact.weights.items() if not s[0].isdigit()}
    total = sum(words.values())
    if total <= 0:
        return 0.0
    stems = set(sentence.stems)
    return sum(w for s, w in words.items() if s in stems) / total


def _content_positions(a: Analysed) -> list[tuple[int, str]]:
    return [(i, s) for i, s in enumerate(a.stems) if s in a.weights]


def bigram_recall(fact: Analysed, sentence: Analysed) -> float:
    seq = [s for _, s in _content_positions(fact)]
    pairs = list(zip(seq, seq[1:]))
    if not pairs:
        return 1.0 if seq and seq[0] in set(sentence.stems) else 0.0
    positions: dict[str, list[int]] = {}
    for i, s in enumerate(sentence.stems):
        positions.setdefault(s, []).append(i)
    hit = 0
    for a, b in pairs:
        pa, pb = positions.get(a), positions.get(b)
        if pa and pb and any(0 < j - i <= _BIGRAM_WINDOW for i in pa for j in pb):
            hit += 1
    return hit / len(pairs)


def align(fact: Analysed, sentences: list[Analysed]) -> Alignment:
    """Features of ``fact`` against a summary given as analysed sentences."""
    if not sentences or fact.total_weight <= 0:
        return Alignment((0.0, 0.0, 0.0, 1.0, 0.0, 1.0), None, tuple(0.0 for _ in sentences))
    stem_sets = [set(s.stems) for s in sentences]
    scores = tuple(weighted_recall(fact, st) for st in stem_sets)
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    union: set[str] = set().union(*stem_sets)
    missing = [w for s, w in fact.weights.items() if s not in union]
    numbers = fact.numbers
    all_numbers = set().union(*(s.numbers for s in sentences))
    number_recall = len(numbers & all_numbers) / len(numbers) if numbers else 1.0
    features = (
        scores[best],
        weighted_recall(fact, union),
        bigram_recall(fact, sentences[best]),
        (max(missing) / RARITY_CEILING) if missing else 0.0,
        number_recall,
        max(0.0, 1.0 - fact.total_weight / _SHORT_FACT_WEIGHT),
    )
    return Alignment(tuple(min(1.0, max(0.0, f)) for f in features), best, scores)
