"""Topic words of a checklist, for the ``align`` judge: stems most of the item's key facts share.

General-English rarity (``lexicon.weight``) makes "NATO", "Russia" and "missile" heavy words, yet in a
story about NATO-Russia missile talks every sentence and nearly every key fact carries them, so a
sentence that only shares them looks as if it stated any of the facts. The checklist itself tells
which words are the topic: a stem found in many of an item's key facts says little about which of
them a sentence states.

``checklist_salience`` gives every content stem of the checklist a factor in (0, 1], an inverse
document frequency over the item's facts scaled so that a stem found in one fact keeps its whole
weight::

    factor = (log(1 + N / df) / log(1 + N)) ** TOPIC_STRENGTH

with ``N`` the number of facts and ``df`` the number of facts containing the stem. A one-fact item
keeps every weight as it is. Only the checklist is used (not the article or the reference), so the
judge behaves the same on the benchmark's tasks and on meta-evaluation data that has no article.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Mapping, Sequence

from .lexicon import Analysed

# exponent on the log-scaled IDF factor; chosen by 5-fold cross-validation on the REALSumm dev split
# (benchmarks/fit_align.py --strengths ...)
TOPIC_STRENGTH = 1.0


def checklist_salience(facts: Sequence[Analysed], strength: float = TOPIC_STRENGTH) -> dict[str, float]:
    """Per content stem of ``facts``: the factor its rarity weight is multiplied by (1 = distinctive)."""
    n = len(facts)
    if n <= 1:
        return {}
    df = Counter(s for fact in facts for s in fact.weights)
    scale = math.log1p(n)
    return {s: (math.log1p(n / d) / scale) ** strength for s, d in df.items() if d > 1}


def salient(fact: Analysed, salience: Mapping[str, float]) -> Analysed:
    """``fact`` with every content stem's weight multiplied by its checklist factor."""
    if not salience:
        return fact
    return replace(fact, weights={s: w * salience.get(s, 1.0) for s, w in fact.weights.items()})
