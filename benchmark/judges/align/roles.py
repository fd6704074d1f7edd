"""Roles: a summary that swaps who did what to whom contradicts the fact.

Around a word the fact and the sentence share, its
subject and object (``parties.roles``) are swapped ("Putin accused the United States" against "The
United States accused Putin"); or the names written before a shared noun are swapped between two
nouns ("U.S. air strike ... Pakistani soldiers" against "Pakistani air strike ... U.S. soldiers").
"""

from __future__ import annotations

from .contradiction import Conflict, _first_positions
from .lexicon import Analysed
from .parties import attributes, roles

# -- roles --------------------------------------------------------------------------------------------


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
        if _swapped(roles(fact, i), roles(sentence, j)):
            return Conflict("roles", f"parties of {sentence.tokens[j]!r} swapped")
    fact_attr, sent_attr = attributes(fact), attributes(sentence)
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
