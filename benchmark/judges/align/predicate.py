"""What a key fact says about its actors, for the ``align`` judge's predicate gate (since version 5).

A news checklist is written about one story: nearly every fact names NATO, Russia and missile defence,
and a sentence that shares a fact's actors and topic ("... said after talks between foreign ministers
... and Sergei Lavrov") can reach the alignment threshold without saying what the fact says about them
("NATO was not yet ready to cooperate", "will keep talking"). The gate asks that a summary state enough
of the fact's *predicate*, found from two sources:

* the checklist (``checklist_part``): the fact's content stems that are neither names of actors (words
  written with a capital where they stand, ``Analysed.caps``, that open the fact or that another fact
  also has) nor topic words (stems found, with or without a capital, in at least ``TOPIC_SHARE`` of
  the item's facts) nor numbers (``features.number_recall`` covers those);
* its probes (``probe_parts``): the contradicting statements a checklist author wrote for the fact
  change what it says and keep what it is about, so the checklist part's stems that a probe lacks are
  the predicate's core words ("keep" in "NATO and Russia will keep talking about missile defence"
  against "Talks between NATO and Russia on missile defence broke down for good").

Only stems with a rarity weight of at least ``MIN_WEIGHT`` count (function words say nothing about the
predicate), each weighted by its rarity. A summary passes when it holds at least ``GATE`` of the checklist part and of one probe's
part. Each part's ``predicate_recall`` is the rarity-weighted share of its stems found in the
summary, word variants merged (``synonyms``) and any word for the same outcome accepted (``lexicon``'s
outcome pairs: "press on" for "keep"); a part with no stems passes.

The gate applies only to items that carry probes - the benchmark's own checklists. On the REALSumm dev
split (no probes; ``benchmarks/fit_align.py --predicate-gate``) the checklist part, applied to every
item, turns 939 stated pairs to missing of which 57% are labelled present, and fact balanced accuracy
falls from 0.801 to 0.761: people credit a short SCU ("Charlie Adam plays for Stoke City") whose
predicate the summary paraphrases, and such SCUs hold little besides their actors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from .lexicon import Analysed, opposite_sides, weight
from .synonyms import canonical_stem

TOPIC_SHARE = 0.34  # a stem found in at least this share of the checklist's facts is a topic word
MIN_WEIGHT = 1.2  # rarity weight a stem needs to count as predicate content
GATE = 0.4  # predicate recall below which a fact cannot be stated


@dataclass(frozen=True)
class Predicate:
    """The predicate stems of one fact (merged word variants) with their plain rarity weights."""

    checklist_part: dict[str, float]
    probe_parts: tuple[dict[str, float], ...]  # one per probe: the checklist part's stems it lacks

    def passes(self, summary_stems: set[str] | frozenset[str], gate: float = GATE, strict: bool = False) -> bool:
        """Whether the summary holds at least ``gate`` of the checklist part and of the part of at least
        one probe (it tells the fact apart from one of its contradictions), or with ``strict`` of at
        least half of the probes' parts; empty parts pass."""
        if predicate_recall(self.checklist_part, summary_stems) < gate:
            return False
        # since version 6, a probe that changes none of the fact's predicate (another speaker, another
        # party) tells nothing apart: it passes only when every probe is of that kind
        parts = [p for p in self.probe_parts if p] or list(self.probe_parts)
        if not parts:
            return True
        told_apart = sum(1 for p in parts if predicate_recall(p, summary_stems) >= gate)
        # strict (for accepted wordings, since version 6): at least half of the probes told apart
        return told_apart * 2 >= len(parts) if strict else told_apart > 0


def predicate_recall(part: dict[str, float], summary_stems: set[str] | frozenset[str]) -> float:
    """Weighted share of ``part`` found in ``summary_stems`` (1 for an empty part)."""
    total = sum(part.values())
    if total <= 0:
        return 1.0
    return sum(w for s, w in part.items() if s in summary_stems or _same_outcome(s, summary_stems)) / total


def _same_outcome(stem: str, summary_stems: set[str] | frozenset[str]) -> bool:
    """Whether the summary holds another word for the same outcome (``lexicon.opposite_sides``: "press
    on" for "keep", "rose" for "increased")."""
    sides = opposite_sides(stem)
    return sides is not None and not summary_stems.isdisjoint(sides[1])


def _content(fact: Analysed, df: Counter[str]) -> dict[str, float]:
    """Canonical content stems of ``fact`` that may carry its predicate: no numbers or light words, and
    no capitalised words (actors, titles such as "Foreign Minister") unless they come after the fact's
    opening name (its subject) and no other fact of the checklist has them (``df`` 1: a place or an
    event only this fact names, "in Brussels", "in Chicago")."""
    caps = fact.caps or (False,) * len(fact.tokens)
    # the opening name may follow one word that ``caps`` leaves common ("Russian Foreign Minister ...")
    start = 1 if len(caps) > 1 and not caps[0] and caps[1] else 0
    subject = next((i for i in range(start, len(caps)) if not caps[i]), len(caps))
    out: dict[str, float] = {}
    for i, (tok, st, capital) in enumerate(zip(fact.tokens, fact.stems, caps)):
        if st not in fact.weights or tok[0].isdigit():
            continue
        c = canonical_stem(st)
        if capital and (i < subject or df[c] > 1):
            continue
        w = weight(tok)
        if w >= MIN_WEIGHT:
            out[c] = max(out.get(c, 0.0), w)
    return out


def checklist_predicates(
    facts: Sequence[Analysed], probes: Sequence[Sequence[Analysed]]
) -> list[Predicate]:
    """The ``Predicate`` of every fact of one item (``facts`` and ``probes`` as analysed, plain stems;
    ``probes`` holds one list per fact)."""
    n = len(facts)
    df = Counter(s for f in facts for s in {canonical_stem(st) for st in f.weights})
    contents = [_content(f, df) for f in facts]
    out: list[Predicate] = []
    for content, fact_probes in zip(contents, probes):
        own = {s: w for s, w in content.items() if n <= 1 or df[s] / n < TOPIC_SHARE}
        changed = []
        for probe in fact_probes:
            kept = {canonical_stem(s) for s in probe.stems}
            changed.append({s: w for s, w in own.items() if s not in kept})
        out.append(Predicate(own if n > 1 else {}, tuple(changed)))
    return out
