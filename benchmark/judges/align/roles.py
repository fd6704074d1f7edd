"""Roles: a summary that swaps who did what to whom contradicts the fact.

Around a word the fact and the sentence share, the
party named nearest before it (the subject; the agent after "by" in a passive) and nearest after
it in the same clause are swapped ("Putin accused the United States" against "The United States
accused Putin"); or the names written before a shared noun are swapped between two nouns
("U.S. air strike ... Pakistani soldiers" against "Pakistani air strike ... U.S. soldiers").
Parties are runs of capitalised words ("NATO and Russia" is one party); weekday and month names
are not parties. Lower-cased text has no parties, so the check is silent there.
"""

from __future__ import annotations

from .contradiction import (  # shared reaches, parties and the Conflict record
    ATTRIBUTE_REACH,
    Analysed,
    Conflict,
    _CALENDAR,
    _FILLERS,
    _first_positions,
    _party_at,
    _roles,
)

# -- roles --------------------------------------------------------------------------------------------


def _attributes(a: Analysed) -> dict[str, frozenset[str]]:
    """Noun stem -> the names written just before it ("Pakistani soldiers", "U.S. air strike")."""
    out: dict[str, frozenset[str]] = {}
    for i, s in enumerate(a.stems):
        if a.caps[i] or s not in a.weights or s[0].isdigit() or s in out:
            continue
        for j in range(i - 1, max(-1, i - 1 - ATTRIBUTE_REACH), -1):
            if a.clauses[j] != a.clauses[i] or a.tokens[j][0].isdigit():
                break
            if a.caps[j] and a.tokens[j] not in _CALENDAR:
                out[s] = _party_at(a, j, -1, a.clauses[i], ATTRIBUTE_REACH + 2)
                break
            if a.stems[j] not in a.weights or a.tokens[j] in _FILLERS:
                break
    return out


def _swapped(fact_roles: tuple[frozenset[str], frozenset[str]], sent_roles: tuple[frozenset[str], frozenset[str]]) -> bool:
    (fs, fo), (ss, so) = fact_roles, sent_roles
    if not (fs and fo and ss and so) or fs & fo:
        return False
    return bool(ss & fo) and not ss & fs and bool(so & fs) and not so & fo


def role_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    """The parties around a shared word swap places, or names swap the nouns they describe."""
    fact_first = _first_positions(fact)
    for j, s in enumerate(sentence.stems):
        i = fact_first.get(s)
        if i is None or fact.caps[i] or sentence.caps[j] or s not in fact.weights or s[0].isdigit():
            continue
        if _swapped(_roles(fact, i), _roles(sentence, j)):
            return Conflict("roles", f"parties of {sentence.tokens[j]!r} swapped")
    fact_attr, sent_attr = _attributes(fact), _attributes(sentence)
    for noun, names in sent_attr.items():
        mine = fact_attr.get(noun)
        if not mine or names & mine:
            continue
        # a full swap: another noun of both texts carries this noun's names in the fact and vice versa
        for other, other_names in sent_attr.items():
            theirs = fact_attr.get(other)
            if other != noun and theirs and names & theirs and other_names & mine and not other_names & theirs:
                return Conflict("roles", f"{' '.join(sorted(names))} {noun!r} instead of {' '.join(sorted(mine))}")
    return None
