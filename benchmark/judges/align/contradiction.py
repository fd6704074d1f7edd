"""Does a summary sentence state the opposite of a key fact?

A contradiction needs positive evidence of the opposite; sharing words with a fact while lacking one
of its cues is never enough. Every rule works on one clause at a time (``lexicon`` marks clauses: they
end at , ; : ( ) quotes and dashes and before "but", "while", "that", "after", ...), so that "failed
to resolve the rift, but agreed to keep talking" affirms the talking and denies only the resolving.

Polarity of a word (``polarity.py``): it is *negated* when a negation cue ("not", "no", "never", "failed", "n't", ...)
or a negative predicate ("deadlocked", "impasse", "refused", ...) stands at most four words before it
in its clause ("not only" / "not just" do not negate); it is *irrealis* when a word of wish, plan or
condition ("aimed at", "hopes", "wants", "would", "if", ...) stands anywhere before it in its clause.
A clause introduced by a denial verb ("deny that ...", ``lexicon.denied_clauses``) is negative as a whole.
The word a negation *governs* is the first content word after the cue, auxiliaries and fillers
skipped ("did not yet reach" -> "reach").

Checks, each returning a ``Conflict`` or ``None``:

* **probe** (``probe_conflict``) - the sentence states one of the fact's probes (statements that
  contradict it). It must match the probe's words and at least ``min_match`` of what probe and fact
  share; then the *distinctive* content decides: the content words only the probe has against those
  only the fact has (numbers included; words below a rarity of 1 ignored). A distinctive word counts
  only where the sentence says it as its source does: next to one of the same neighbouring content
  words, in a clause that also holds a word probe and fact share, with the same negation and irrealis
  state ("Moscow demanded legally binding guarantees" does not state "NATO agreed to give a legally
  binding guarantee"). The probe wins if the sentence holds at least half of the probe's distinctive
  weight and more of it than of the fact's. When neither side wins and the two differ in negation,
  the polarity of the sentence at the word the negation governs decides ("failed to reach" sides with
  "did not reach", not with "reached"). When they differ only in word order ("A U.S. air strike
  killed 24 Pakistani soldiers" against "A Pakistani air strike killed 24 U.S. soldiers"), the
  sentence must match the probe closely and write the names before a shared noun as the probe does,
  or order the swapped words as the probe does, or give a shared verb the probe's subject or object
  ("NATO proposes ..." against "Russia proposes ..."); a passive that names its agent is read in
  active order first ("Y was accused by X" = "X accused Y", ``parties.active``).
* **negation** (``negation.negation_conflict``) - a negated fact whose governed word the sentence affirms
  (present, not negated, not irrealis, no negation or negative predicate anywhere in its clause: "did
  not reach an agreement" against "reached agreement"); or an affirmed fact one of whose words a
  negation in the sentence governs ("should enter into dialogue" against "should be denied any
  dialogue"). Either way the sentence's clause must hold another of the fact's content words, and a
  denial inside a wish ("wanted her to play Carmela and not Melfi") counts only against a fact that
  is itself a wish. A negative fact is never contradicted by a negative sentence.
* **negative prefix** (``negation.prefix_conflict``, since version 6) - a word of the fact asserted with its
  negative prefix removed or added ("workable" against "unworkable", "possible" against "impossible"),
  in a clause that holds another of the fact's content words; "not workable" agrees with "unworkable".
* **opposite outcome** (``negation.opposite_conflict``) - the fact affirms one side of a pair such as
  continue/abandon, and the sentence has no word of that side but asserts the other side (not negated,
  not irrealis) while holding at least 75% of the fact's other content.
* **number** and **roles** live in ``quantities.py`` and ``roles.py`` (they share this module's
  reaches; who does what comes from ``parties.py``).

Everything is deterministic and word-based; no model runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import weighted_recall
from .lexicon import Analysed
from .parties import active, attributes, roles as _roles
from .polarity import DISTINCT_MIN_WEIGHT, anchored, contrast_denies, contrast_only, governed, marks, objects_after

UNIT_REACH = 3  # the counted thing follows a number within this many tokens
PROBE_WIN_SHARE = 0.5  # share of the probe's distinctive weight a sentence needs
ORDER_MIN_MATCH = 0.8  # match a sentence needs with a probe that differs from the fact only in order
OPPOSITE_MIN_MATCH = 0.75  # share of the fact's other content a sentence needs for an opposite outcome
CONTEXT_REACH = 3  # a distinctive word's neighbouring content word lies within this many tokens
HEDGE_TOLERANCE = 0.1  # "around 1,000" covers 900..1,100

_ORDINAL_SUFFIXES: frozenset[str] = frozenset({"st", "nd", "rd", "th"})
_MORE = frozenset({"more", "over", "above", "least", "exceeding"})  # "more than", "over", "at least"
_LESS = frozenset({"less", "fewer", "under", "below", "most", "nearly", "almost", "up"})
_ABOUT = frozenset({"about", "around", "some", "roughly", "approximately", "nearly", "almost", "estimated"})


@dataclass(frozen=True)
class Conflict:
    kind: str  # "probe" | "negation" | "opposite" | "number" | "roles"
    detail: str


# -- probes -------------------------------------------------------------------------------------------


def _distinct(a: Analysed, other: Analysed) -> dict[str, float]:
    return {s: w for s, w in a.weights.items() if s not in other.weights and w >= DISTINCT_MIN_WEIGHT}


def _share(part: dict[str, float], stems: set[str]) -> float:
    total = sum(part.values())
    return sum(w for s, w in part.items() if s in stems) / total if total else 0.0


def _state(a: Analysed, j: int) -> tuple[bool, bool]:
    """(denied, wished) for the word at ``j``: under a negation or in a negative clause; irrealis."""
    m = marks(a)
    return m.negated[j] or a.clauses[j] in m.negative_clauses, m.irrealis[j]


def _neighbours(a: Analysed, i: int, skip: frozenset[str] = frozenset()) -> set[str]:
    """The content stems next to position ``i`` (the nearest one on each side within the clause),
    passing over the stems in ``skip`` (the rest of a changed phrase: "United States" -> "wants")."""
    out: set[str] = set()
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(a.tokens) and a.clauses[j] == a.clauses[i]:
            if a.stems[j] in skip:
                j += step
                continue
            if abs(j - i) > CONTEXT_REACH + 2:
                break
            if a.weights.get(a.stems[j], 0.0) >= DISTINCT_MIN_WEIGHT:
                out.add(a.stems[j])
                break
            j += step
    return out


def _found_share(
    source: Analysed, words: dict[str, float], sentence: Analysed, anchors: frozenset[str], context: bool = True
) -> float:
    """Share of ``words`` (distinctive words of ``source``) that the sentence says as ``source`` does:
    next to one of the same neighbouring content words (when the word has any), in a clause that also
    holds a word shared by fact and probe (when they share any), with the same negation and irrealis
    state."""
    total = sum(words.values())
    if not total:
        return 0.0
    found = 0.0
    skip = frozenset(words)
    for stem, weight in words.items():
        i = source.stems.index(stem)
        near = _neighbours(source, i, skip) if context else set()
        state = _state(source, i)
        for j, t in enumerate(sentence.stems):
            if t != stem or _state(sentence, j) != state:
                continue
            if near and not near & _neighbours(sentence, j, skip):
                continue
            if anchors and not anchored(sentence, j, anchors):
                continue
            found += weight
            break
    return found / total


def _first_positions(a: Analysed) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, s in enumerate(a.stems):
        out.setdefault(s, i)
    return out


def _polarity_side(fact: Analysed, probe: Analysed, sentence: Analysed) -> bool | None:
    """True if the sentence takes the probe's side at the word the negation governs, False if the
    fact's, None if it does not assert that word (absent, or only wished for)."""
    negative = fact if fact.negated else probe
    positions = governed(negative)
    if positions and contrast_denies(sentence, objects_after(negative, positions[0])):
        return probe.negated  # "a danger to tourists, not fishermen": the sentence denies the object
    focus = {negative.stems[j] for j in positions}
    states = [_state(sentence, j) for j, s in enumerate(sentence.stems) if s in focus]
    asserted = [denied for denied, wished in states if not wished]
    if not asserted:
        return None
    return any(asserted) == probe.negated


def _once(a: Analysed) -> dict[str, int]:
    """Stem -> position, for the stems that occur exactly once."""
    seen: dict[str, int] = {}
    twice: set[str] = set()
    for i, s in enumerate(a.stems):
        if s in seen:
            twice.add(s)
        seen.setdefault(s, i)
    return {s: i for s, i in seen.items() if s not in twice}


def _order_side(fact: Analysed, probe: Analysed, sentence: Analysed) -> bool | None:
    """Whether the sentence orders the words that fact and probe order differently as the probe does
    (words that occur once in each text, pairs within one clause of the sentence)."""
    f_pos, p_pos, s_pos = _once(fact), _once(probe), _once(sentence)
    shared = [
        s for s in probe.weights
        if s in f_pos and s in p_pos and s in s_pos
        and (probe.weights[s] >= DISTINCT_MIN_WEIGHT or s[0].isdigit() or probe.caps[p_pos[s]])
    ]
    as_probe = as_fact = 0
    for i, a in enumerate(shared):
        for b in shared[i + 1 :]:
            fact_order = f_pos[a] < f_pos[b]
            if fact_order == (p_pos[a] < p_pos[b]) or sentence.clauses[s_pos[a]] != sentence.clauses[s_pos[b]]:
                continue
            if (s_pos[a] < s_pos[b]) == fact_order:
                as_fact += 1
            else:
                as_probe += 1
    if as_probe == as_fact:
        return None
    return as_probe > as_fact


def _attribute_side(fact: Analysed, probe: Analysed, sentence: Analysed) -> bool | None:
    """Whether the sentence writes the names before a shared noun as the probe does rather than as the
    fact does ("Velmar ship ... Danish passengers" against "Danish ship ... Velmar passengers", in
    whatever order the nouns come)."""
    f_attr, p_attr = attributes(fact), attributes(probe)
    as_probe = as_fact = 0
    for noun, names in attributes(sentence).items():
        mine, theirs = f_attr.get(noun, frozenset()), p_attr.get(noun, frozenset())
        if mine == theirs:
            continue
        if names & theirs - mine and not names & mine - theirs:
            as_probe += 1
        elif names & mine - theirs and not names & theirs - mine:
            as_fact += 1
    if as_probe == as_fact:
        return None
    return as_probe > as_fact


def _role_side(fact: Analysed, probe: Analysed, sentence: Analysed) -> bool | None:
    """Whether the sentence gives a shared word the probe's subject/object rather than the fact's
    ("NATO proposes ..." against "Russia proposes ...")."""
    f_pos, p_pos = _once(fact), _once(probe)
    as_probe = as_fact = 0
    for stem, i in f_pos.items():
        k = p_pos.get(stem)
        if k is None or fact.caps[i] or stem not in fact.weights or fact.weights[stem] < DISTINCT_MIN_WEIGHT:
            continue
        fact_roles, probe_roles = _roles(fact, i), _roles(probe, k)
        for j, t in enumerate(sentence.stems):
            if t != stem:
                continue
            for f, p, got in zip(fact_roles, probe_roles, _roles(sentence, j)):
                probe_only, fact_only = p - f, f - p
                if got & probe_only and not got & fact_only:
                    as_probe += 1
                elif got & fact_only and not got & probe_only:
                    as_fact += 1
    if as_probe == as_fact:
        return None
    return as_probe > as_fact


def probe_conflict(fact: Analysed, probe: Analysed, sentence: Analysed, min_match: float) -> Conflict | None:
    stems = set(sentence.stems)
    if weighted_recall(probe, stems) < min_match:
        return None
    shared = {s: w for s, w in probe.weights.items() if s in fact.weights}
    if shared and _share(shared, stems) < min_match:
        return None  # the sentence is not about what probe and fact share
    rare = frozenset(s for s, w in probe.weights.items() if w >= DISTINCT_MIN_WEIGHT)
    if contrast_only(sentence, rare - contrast_only(probe, rare)):
        return None  # "aimed at X, not Y" does not state the probe "aimed at Y"
    only_probe, only_fact = _distinct(probe, fact), _distinct(fact, probe)
    anchors = frozenset(s for s, w in shared.items() if w >= DISTINCT_MIN_WEIGHT)
    probe_side = _found_share(probe, only_probe, sentence, anchors)
    # the fact's side needs no neighbours: "aimed at Iran" holds the "Iran" of "is about Iran"
    fact_side = _found_share(fact, only_fact, sentence, anchors, context=False)
    if probe_side > fact_side and probe_side >= PROBE_WIN_SHARE:
        return Conflict("probe", probe.text)
    if probe_side != fact_side:
        return None
    if probe.negated != fact.negated:
        side = _polarity_side(fact, probe, sentence)
    elif not only_probe and not only_fact and weighted_recall(probe, stems) >= ORDER_MIN_MATCH:
        # passives read in active order ("Y was accused by X" = "X accused Y"); names on nouns first
        fact, probe, sentence = active(fact), active(probe), active(sentence)
        side = _attribute_side(fact, probe, sentence)
        if side is None:
            side = _order_side(fact, probe, sentence)
        if side is None:
            side = _role_side(fact, probe, sentence)
    else:
        side = None
    return Conflict("probe", probe.text) if side else None


def variant_holds(variant: Analysed, probe: Analysed, sentence: Analysed) -> bool:
    """Whether the sentence says what sets ``variant`` (an accepted wording of the fact) apart from the
    probe at least as fully as what sets the probe apart (since version 6: a probe must beat every
    accepted way of stating the fact, not only the fact's own words)."""
    only_probe, only_variant = _distinct(probe, variant), _distinct(variant, probe)
    if not only_variant:
        return False
    shared = {s: w for s, w in probe.weights.items() if s in variant.weights}
    anchors = frozenset(s for s, w in shared.items() if w >= DISTINCT_MIN_WEIGHT)
    held = _found_share(variant, only_variant, sentence, anchors)
    return held > 0 and held >= _found_share(probe, only_probe, sentence, anchors)
