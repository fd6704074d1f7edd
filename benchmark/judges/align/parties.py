"""Who does what in a clause, for the ``align`` judge's contradiction checks.

Parties are runs of capitalised words ("NATO and Russia" is one party, joined by "and"); weekday and
month names are not parties. Around a word, the party named nearest before it is its subject and the
one nearest after it its object; in a passive ("X was accused by Y") the agent after "by" is the
subject and the name before the verb the object. Lower-cased text has no parties, so every check
built on them is silent there.
"""

from __future__ import annotations

from dataclasses import replace

from .lexicon import BE_FORMS, CALENDAR, CLAUSE_WORDS, FILLERS, Analysed

PARTY_REACH = 8  # a party is at most this many tokens from the verb it belongs to
ATTRIBUTE_REACH = 2  # a name modifies a noun at most this many tokens before it ("U.S. air strike")
PARTY_JOINERS: frozenset[str] = frozenset({"and", "&"})
_AUXILIARIES: frozenset[str] = frozenset({"has", "have", "had", "will", "would", "could", "may", "might", "must",
                                           "should", "shall", "can"})
IRREGULAR_PARTICIPLES: frozenset[str] = frozenset({
    "held", "hit", "shot", "hurt", "cut", "put", "set", "told", "sold", "made", "left", "led", "met", "sent",
    "built", "caught", "brought", "bought", "fought", "sought", "taught", "thought", "found", "won", "lost",
    "paid", "said", "kept", "struck", "hung", "run", "read", "spent", "bound", "heard", "gave", "took", "began",
    "came", "went", "saw", "knew", "grew", "chose", "spoke", "wrote", "broke", "stood", "withdrew", "drew",
})


def party_at(a: Analysed, start: int, step: int, clause: int, limit: int) -> frozenset[str]:
    """The run of capitalised words nearest to ``start`` in direction ``step`` (joined by "and")."""
    i, n = start, len(a.tokens)
    while 0 <= i < n and abs(i - start) <= limit and a.clauses[i] == clause:
        if a.caps[i] and a.tokens[i] not in CALENDAR:
            run: set[str] = set()
            j = i
            while 0 <= j < n and a.clauses[j] == clause and (
                (a.caps[j] and a.tokens[j] not in CALENDAR) or a.tokens[j] in PARTY_JOINERS
            ):
                if a.caps[j]:
                    run.add(a.stems[j])
                j += step
            return frozenset(run)
        i += step
    return frozenset()


def is_participle(token: str) -> bool:
    """A past participle, as far as its spelling tells ("accused", "taken", "held")."""
    return token.endswith(("ed", "en")) or token in IRREGULAR_PARTICIPLES


def _passive(a: Analysed, verb: int) -> bool:
    """Whether the word at ``verb`` is a participle after a form of "to be" ("was killed")."""
    return verb > 0 and is_participle(a.tokens[verb]) and bool(set(a.tokens[max(0, verb - 2) : verb]) & BE_FORMS)


def roles(a: Analysed, verb: int) -> tuple[frozenset[str], frozenset[str]]:
    """(subject, object) parties of the word at ``verb``: nearest names before and after it; in a
    passive, the agent after "by" and the name before the verb, or no subject when no agent is named
    ("24 soldiers were killed in a U.S. strike": the names after the verb do not receive the act)."""
    clause = a.clauses[verb]
    subject = party_at(a, verb - 1, -1, clause, PARTY_REACH)
    after = a.tokens[verb + 1 : verb + 4]
    if "by" in after and verb > 0 and set(a.tokens[max(0, verb - 2) : verb]) & BE_FORMS:
        agent = party_at(a, verb + 1 + after.index("by"), 1, clause, PARTY_REACH)
        return agent, subject
    if _passive(a, verb):
        return frozenset(), subject
    return subject, party_at(a, verb + 1, 1, clause, PARTY_REACH)


def active(a: Analysed) -> Analysed:
    """``a`` with every passive that names its agent read in active order: "Y was accused by X of Z"
    -> "X accused Y of Z" (the same tokens, the form of "to be" and "by" dropped), so that word order
    says who did what; ``a`` itself when it has no such passive."""
    order = list(range(len(a.tokens)))
    changed = False
    for by in range(len(a.tokens) - 1, 0, -1):
        if a.tokens[by] != "by":
            continue
        found = _passive_with_agent(a, by, order)
        if found is not None:
            order, changed = found, True
    if not changed:
        return a
    return replace(
        a,
        text=" ".join(a.tokens[i] for i in order),
        tokens=tuple(a.tokens[i] for i in order),
        stems=tuple(a.stems[i] for i in order),
        caps=tuple(a.caps[i] for i in order),
        clauses=tuple(a.clauses[i] for i in order),
    )


def _passive_with_agent(a: Analysed, by: int, order: list[int]) -> list[int] | None:
    """``order`` with the passive whose "by" stands at ``by`` turned active, or None."""
    clause = a.clauses[by]
    verb = next((v for v in range(by - 1, max(-1, by - 3), -1) if a.clauses[v] == clause and _passive(a, v)), None)
    if verb is None:
        return None
    end = by + 1
    while end < len(a.tokens) and a.clauses[end] == clause and a.tokens[end] in ("the", "a", "an"):
        end += 1
    start_agent = end
    while end < len(a.tokens) and a.clauses[end] == clause and (a.caps[end] or a.tokens[end] in PARTY_JOINERS):
        end += 1
    if end == start_agent or not a.caps[end - 1]:
        return None
    be = verb - 1
    while be > 0 and a.clauses[be - 1] == clause and a.tokens[be - 1] in _AUXILIARIES | BE_FORMS:
        be -= 1
    if a.tokens[be] not in _AUXILIARIES | BE_FORMS:
        be = verb  # an adverb between the form of "to be" and the participle: keep it
    first = next(i for i in range(len(a.tokens)) if a.clauses[i] == clause)
    if a.tokens[first] in CLAUSE_WORDS:
        first += 1
    if first >= be:
        return None
    positions = order[:]
    agent, subject = list(range(by + 1, end)), list(range(first, be))
    between = [i for i in range(verb + 1, by)]
    new = agent + [verb] + subject + between
    index = {p: k for k, p in enumerate(positions)}
    lo, hi = index[first], index[end - 1]
    if sorted(index[i] for i in range(first, end)) != list(range(lo, hi + 1)):
        return None  # already reordered around here
    return positions[:lo] + new + positions[hi + 1 :]


def attributes(a: Analysed) -> dict[str, frozenset[str]]:
    """Noun stem -> the names written just before it ("Pakistani soldiers", "U.S. air strike")."""
    out: dict[str, frozenset[str]] = {}
    for i, s in enumerate(a.stems):
        if a.caps[i] or s not in a.weights or s[0].isdigit() or s in out:
            continue
        for j in range(i - 1, max(-1, i - 1 - ATTRIBUTE_REACH), -1):
            if a.clauses[j] != a.clauses[i] or a.tokens[j][0].isdigit():
                break
            if a.caps[j] and a.tokens[j] not in CALENDAR:
                out[s] = party_at(a, j, -1, a.clauses[i], ATTRIBUTE_REACH + 2)
                break
            if a.stems[j] not in a.weights or a.tokens[j] in FILLERS:
                break
    return out
