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
* ``summary_length`` - the summary's length in words, ``log(1 + words) / log(257)``: a longer summary
  states more, and people credit a fact more readily when the summary is long. Summaries shorter than
  40 words count as 40 words long (95% of the fitting data's summaries are longer; the weights must
  not extrapolate to one-line summaries).
* ``fact_position`` - the fact's place in the item's list, 0 for the first and 1 for the last. Key
  facts are listed in the order of the text they were written from, and people find the early ones
  (the lead of a news story) more often than the late ones.
* ``fact_length`` - the fact's length in words, ``log(1 + words) / log(65)``.
* ``recall_x_length``, ``recall_x_position``, ``recall_squared`` - ``summary_recall`` times
  ``summary_length``, times ``fact_position`` and times itself: the logistic model's only interaction
  terms, so that word overlap can count for more or less depending on length and position.

Since version 4 every weight above is the checklist-adjusted one (``align_checklist``: word variants
merged, topic words of the item's checklist weighed down), so a fact made only of topic words also
counts as short. The last six were added in version 2; on the REALSumm dev split they raise 5-fold cross-validated
fact balanced accuracy from 0.743 to 0.777 (see ``benchmarks/fit_align.py``).

Since version 6 a *one-line block* follows (``ONE_LINE_FEATURES``): ``one_line`` (1 for a summary of
one sentence and fewer than ``SHORT_SUMMARY_WORDS`` words, else 0; a short extract of several sentences
is read like the longer summaries) and every feature above times it, plus two features
only one-line summaries use - ``stem_share`` (unweighted share of the fact's content stems found in
the summary) and ``stem_half`` (1 when that share is at least one half). People judge facts in a
one-sentence abstractive summary (PyrXSum) differently from a multi-sentence extract (REALSumm); the
block lets one model, fitted on both, serve both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ...text import count_words
from .lexicon import RARITY_CEILING, Analysed
from .synonyms import canonical
from .topic import TOPIC_STRENGTH, checklist_salience, salient

BASE_FEATURES: tuple[str, ...] = (
    "sentence_recall",
    "summary_recall",
    "bigram_recall",
    "rare_missing",
    "number_recall",
    "short_fact",
    "summary_length",
    "fact_position",
    "fact_length",
    "recall_x_length",
    "recall_x_position",
    "recall_squared",
)
# since version 6: one-line summaries (one sentence of fewer than ``SHORT_SUMMARY_WORDS`` words) get their own intercept,
# their own weight for every feature and two features of their own (``stem_share``, ``stem_half``)
ONE_LINE_FEATURES: tuple[str, ...] = ("one_line",) + tuple(
    f"one_line_x_{n}" for n in (*BASE_FEATURES, "stem_share", "stem_half")
)
FEATURE_NAMES: tuple[str, ...] = BASE_FEATURES + ONE_LINE_FEATURES

_BIGRAM_WINDOW = 3
_SHORT_FACT_WEIGHT = 8.0  # total rarity weight at which a fact stops counting as short
_LONG_SUMMARY = 256  # words at which summary_length reaches 1
_SHORT_SUMMARY = 40  # shorter summaries count as this long
_LONG_FACT = 64  # words at which fact_length reaches 1
SHORT_SUMMARY_WORDS = 30  # a summary this short is a one-line summary (newsbench's sentence references: <= 30)
_CONTENT_WEIGHT = 1.5  # rarity weight from which a stem counts in stem_share (not "the", "was", "has")


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


def _log_scale(n: int, ceiling: int) -> float:
    return min(1.0, math.log1p(n) / math.log1p(ceiling))


def fact_position(index: int, count: int) -> float:
    """0 for the first of ``count`` facts, 1 for the last (0 when there is only one)."""
    return index / (count - 1) if count > 1 else 0.0


def align(
    fact: Analysed, sentences: list[Analysed], position: float = 0.0, plain: dict[str, float] | None = None
) -> Alignment:
    """Features of ``fact`` (at ``position``, see ``fact_position``) against a summary given as
    analysed sentences; ``plain`` holds the fact's rarity weights before the topic factor (for
    ``stem_share``; default: ``fact.weights``)."""
    words = sum(count_words(s.text) for s in sentences)
    one_line = 1.0 if len(sentences) == 1 and words < SHORT_SUMMARY_WORDS else 0.0
    summary_words = max(_SHORT_SUMMARY, words)
    summary_length = _log_scale(summary_words, _LONG_SUMMARY)
    fact_length = _log_scale(count_words(fact.text), _LONG_FACT)
    if not sentences or fact.total_weight <= 0:
        base = (0.0, 0.0, 0.0, 1.0, 0.0, 1.0, summary_length, position, fact_length, 0.0, 0.0, 0.0)
        return Alignment(_with_one_line(base, (0.0, 0.0), one_line), None, tuple(0.0 for _ in sentences))
    stem_sets = [set(s.stems) for s in sentences]
    scores = tuple(weighted_recall(fact, st) for st in stem_sets)
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    union: set[str] = set().union(*stem_sets)
    missing = [w for s, w in fact.weights.items() if s not in union]
    numbers = fact.numbers
    all_numbers = set().union(*(s.numbers for s in sentences))
    number_recall = len(numbers & all_numbers) / len(numbers) if numbers else 1.0
    summary_recall = min(1.0, weighted_recall(fact, union))
    content = [s for s, w in (plain if plain is not None else fact.weights).items() if w >= _CONTENT_WEIGHT]
    share = sum(1 for s in content if s in union) / len(content) if content else 0.0
    features = (
        scores[best],
        summary_recall,
        bigram_recall(fact, sentences[best]),
        (max(missing) / RARITY_CEILING) if missing else 0.0,
        number_recall,
        max(0.0, 1.0 - fact.total_weight / _SHORT_FACT_WEIGHT),
        summary_length,
        position,
        fact_length,
        summary_recall * summary_length,
        summary_recall * position,
        summary_recall * summary_recall,
    )
    base = tuple(min(1.0, max(0.0, f)) for f in features)
    return Alignment(_with_one_line(base, (share, 1.0 if share >= 0.5 else 0.0), one_line), best, scores)


def _with_one_line(base: tuple[float, ...], extra: tuple[float, ...], one_line: float) -> tuple[float, ...]:
    """``base`` followed by the one-line block: the indicator, then every base and extra feature times it."""
    return base + (one_line,) + tuple(one_line * f for f in (*base, *extra))


def align_checklist(
    facts: Sequence[Analysed], sentences: list[Analysed], strength: float = TOPIC_STRENGTH
) -> list[Alignment]:
    """``align`` for every fact of one item's checklist, with word variants merged (``synonyms``) and
    the checklist's topic words weighed down (``topic.checklist_salience``): the features the fitted
    weights expect."""
    return [variants[0] for variants in align_variants(facts, (), sentences, strength)]


def align_variants(
    facts: Sequence[Analysed],
    wordings: Sequence[Sequence[Analysed]],
    sentences: list[Analysed],
    strength: float = TOPIC_STRENGTH,
) -> list[list[Alignment]]:
    """``align_checklist`` for every fact and, after it, for each of its accepted wordings (since
    version 6): a wording is aligned as if it stood in its fact's place - the same position, the
    checklist's own topic factors (wordings never change which words count as the topic)."""
    canon = [canonical(f) for f in facts]
    sentences = [canonical(s) for s in sentences]
    salience = checklist_salience(canon, strength)
    n = len(canon)
    out = []
    for k, fact in enumerate(canon):
        ws = wordings[k] if k < len(wordings) else ()
        out.append([
            align(salient(v, salience), sentences, fact_position(k, n), v.weights) for v in (fact, *map(canonical, ws))
        ])
    return out
