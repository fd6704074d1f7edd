"""Who does what in a clause, for the ``align`` judge's contradiction checks.

Parties are runs of capitalised words ("NATO and Russia" is one party, joined by "and"); weekday and
month names are not parties. Around a word, the party named nearest before it is its subject and the
one nearest after it its object; in a passive ("X was accused by Y") the agent after "by" is the
subject and the name before the verb the object. Lower-cased text has no parties, so every check
built on them is silent there.
"""

from __future__ import annotations

from .lexicon import BE_FORMS, CALENDAR, FILLERS, Analysed

PARTY_REACH = 8  # a party is at most this many tokens from the verb it belongs to
ATTRIBUTE_REACH = 2  # a name modifies a noun at most this many tokens before it ("U.S. air strike")
PARTY_JOINERS: frozenset[str] = frozenset({"and", "&"})


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


def roles(a: Analysed, verb: int) -> tuple[frozenset[str], frozenset[str]]:
    """(subject, object) parties of the word at ``verb``: nearest names before and after it."""
    clause = a.clauses[verb]
    subject = party_at(a, verb - 1, -1, clause, PARTY_REACH)
    after = a.tokens[verb + 1 : verb + 4]
    if "by" in after and verb > 0 and set(a.tokens[max(0, verb - 2) : verb]) & BE_FORMS:
        agent = party_at(a, verb + 1 + after.index("by"), 1, clause, PARTY_REACH)
        return agent, subject
    return subject, party_at(a, verb + 1, 1, clause, PARTY_REACH)


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
