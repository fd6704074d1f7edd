"""Does a summary sentence state the opposite of a key fact?

Checked on the sentences that share most of the fact's content (the caller decides which):

* **probe** - the sentence matches one of the fact's probes (statements that contradict it) better than
  it matches the fact, judged on the words where probe and fact differ;
* **negation** - exactly one of fact and sentence carries a negation cue ("no deal was reached" against
  "the union reached a deal");
* **opposite outcome** - fact and sentence sit on the two sides of a pair such as continue/abandon
  ("will keep talking" against "walked away for good");
* **number** - a quantity attached to the same word differs ("1000 people" against "5000 people");
* **roles** - the two parties around a shared verb swap places ("A accused B" against "B accused A";
  the passive "B was accused by A" is recognised as agreeing).
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import weighted_recall
from .lexicon import Analysed, is_negated

_ROLE_MIN_WEIGHT = 1.5  # a party must be a content word at least this rare
_PASSIVE_WINDOW = 3  # "by" within this many words after the verb marks a passive clause
_NEGATION_REACH = 3  # a negation cue governs a shared word at most this many tokens after it


@dataclass(frozen=True)
class Conflict:
    kind: str  # "probe" | "negation" | "opposite" | "number" | "roles"
    detail: str


def probe_conflict(fact: Analysed, probe: Analysed, sentence: Analysed, min_match: float) -> Conflict | None:
    stems = set(sentence.stems)
    if weighted_recall(probe, stems) < min_match:
        return None
    only_probe = {s: w for s, w in probe.weights.items() if s not in fact.weights}
    only_fact = {s: w for s, w in fact.weights.items() if s not in probe.weights}
    probe_side = sum(w for s, w in only_probe.items() if s in stems) / (sum(only_probe.values()) or 1.0)
    fact_side = sum(w for s, w in only_fact.items() if s in stems) / (sum(only_fact.values()) or 1.0)
    if only_probe or only_fact:
        if probe_side > fact_side:
            return Conflict("probe", probe.text)
        if probe_side == fact_side and probe.negated != fact.negated and sentence.negated == probe.negated:
            return Conflict("probe", probe.text)
        return None
    if probe.negated != fact.negated and sentence.negated == probe.negated:
        return Conflict("probe", probe.text)
    return None


def _negated_near_match(fact: Analysed, sentence: Analysed) -> bool:
    """Whether a negation cue sits just before (or on) a word the sentence shares with the fact.

    Negation scopes forward over a few words ("did not reach a deal", "failed to resolve"); a cue in
    another clause ("... Carmela and not Dr. Melfi") does not negate what the fact states.
    """
    for i, s in enumerate(sentence.stems):
        if s in fact.weights and is_negated(sentence.tokens[max(0, i - _NEGATION_REACH) : i + 1]):
            return True
    return False


def negation_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    """A negated fact against a sentence with no negation at all, or an affirmed fact against a
    sentence that negates one of the fact's words."""
    if fact.negated and not sentence.negated:
        return Conflict("negation", "affirmed")
    if not fact.negated and _negated_near_match(fact, sentence):
        return Conflict("negation", "negated")
    return None


def opposite_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    for side in fact.polarity:
        if -side in sentence.polarity and side not in sentence.polarity:
            return Conflict("opposite", f"outcome pair {abs(side)}")
    return None


def _number_contexts(a: Analysed) -> dict[str, set[str]]:
    """number -> the content stems right before and after it."""
    content = [(i, s) for i, s in enumerate(a.stems) if s in a.weights and not s[0].isdigit()]
    out: dict[str, set[str]] = {}
    for i, tok in enumerate(a.tokens):
        if not tok[0].isdigit():
            continue
        before = [s for j, s in content if j < i][-1:]
        after = [s for j, s in content if j > i][:1]
        out.setdefault(tok, set()).update(before + after)
    return out


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and 1800 <= int(number) <= 2100


def number_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    if not fact.numbers or not sentence.numbers:
        return None
    fact_ctx = _number_contexts(fact)
    sent_ctx = _number_contexts(sentence)
    for number, ctx in fact_ctx.items():
        if number in sentence.numbers:
            continue
        for other, octx in sent_ctx.items():
            if other not in fact.numbers and _is_year(other) == _is_year(number) and ctx & octx:
                return Conflict("number", f"{other} instead of {number}")
    return None


def _is_passive(a: Analysed, verb_pos: int) -> bool:
    return "by" in a.tokens[verb_pos + 1 : verb_pos + 1 + _PASSIVE_WINDOW]


def role_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    """Two named parties that flank a shared word in the fact flank it the other way round."""
    first: dict[str, int] = {}
    for i, s in enumerate(sentence.stems):
        first.setdefault(s, i)
    fpos: dict[str, int] = {}
    for i, s in enumerate(fact.stems):
        fpos.setdefault(s, i)
    parties = [s for s in fact.names if s in first and s in fpos]
    verbs = [
        s for s, w in fact.weights.items()
        if w >= _ROLE_MIN_WEIGHT and s in first and s not in fact.names and not s[0].isdigit()
    ]
    for verb in verbs:
        fv, sv = fpos[verb], first[verb]
        for a in (p for p in parties if fpos[p] < fv):
            for b in (p for p in parties if fpos[p] > fv):
                sent_a, sent_b = first[a], first[b]
                if not (min(sent_a, sent_b) < sv < max(sent_a, sent_b)):
                    continue
                sent_order = sent_a < sv < sent_b
                if _is_passive(fact, fv) != _is_passive(sentence, sv):
                    sent_order = not sent_order
                if not sent_order:
                    return Conflict("roles", f"{b} {verb} {a}")
    return None
