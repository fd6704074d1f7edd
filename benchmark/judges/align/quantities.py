"""Counted quantities: a summary that gives the same counted thing another number contradicts the fact.

A fact number and a
sentence number count the same thing when the content words right after them share a stem
("1,000 people" / "5,000 people"; "Nov. 26" / "Nov. 27" by the month), years are only compared
with years, lengths of time are compared in days ("three weeks" contradicts "three days", "72 hours"
does not), and hedges are honoured (an unhedged 25,000 does not contradict "more than 20,000", nor
1,050 "around 1,000"; "more than 2,000" does contradict "more than 20,000").
"""

from __future__ import annotations

from dataclasses import dataclass

from .contradiction import (  # shared reaches, word sets and the Conflict record
    Conflict,
    HEDGE_TOLERANCE,
    UNIT_REACH,
    _ABOUT,
    _LESS,
    _MORE,
    _ORDINAL_SUFFIXES,
)
from .lexicon import BE_FORMS, CALENDAR, FILLERS, Analysed
from .synonyms import canonical_stem

# -- numbers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Quantity:
    value: str
    units: frozenset[str]
    hedge: str  # "" | "more" | "less" | "about"


def _quantities(a: Analysed) -> list[_Quantity]:
    out: list[_Quantity] = []
    for i, tok in enumerate(a.tokens):
        if not tok[0].isdigit():
            continue
        units: set[str] = set()
        if i > 0 and a.tokens[i - 1] in CALENDAR:
            units.add("@" + a.tokens[i - 1][:3])
        else:
            for j in range(i + 1, min(len(a.tokens), i + 1 + UNIT_REACH)):
                if a.clauses[j] != a.clauses[i] or a.tokens[j][0].isdigit():
                    break
                if a.tokens[j] in CALENDAR:
                    units.add("@" + a.tokens[j][:3])
                    break
                if a.stems[j] in a.weights and not a.caps[j] and a.tokens[j] not in FILLERS:
                    units.add(canonical_stem(a.stems[j]))
                    if len(units) == 2:
                        break
            # since version 6: what happened to the counted thing counts it too ("100 protesters were
            # arrested" and "1,000 people were arrested" count arrests)
            verb = _passive_verb(a, i)
            if verb:
                units.add(verb)
        if i + 1 < len(a.tokens) and a.tokens[i + 1] in _ORDINAL_SUFFIXES:
            units.add("#ordinal")  # "35th minute" is a point, "20 minutes" an amount
        before = set(a.tokens[max(0, i - 3) : i])
        hedge = "more" if before & _MORE else "less" if before & _LESS else "about" if before & _ABOUT else ""
        if units:
            out.append(_Quantity(tok, frozenset(units), hedge))
    return out


def _passive_verb(a: Analysed, i: int) -> str | None:
    """The participle of "N people have been arrested" / "N people were killed", as a unit."""
    for j in range(i + 1, min(len(a.tokens), i + 1 + UNIT_REACH + 3)):
        if a.clauses[j] != a.clauses[i]:
            return None
        if a.tokens[j] in BE_FORMS and j + 1 < len(a.tokens) and a.clauses[j + 1] == a.clauses[i]:
            nxt = j + 1
            if a.tokens[nxt] == "been" and nxt + 1 < len(a.tokens):
                nxt += 1
            if a.stems[nxt] in a.weights and not a.caps[nxt] and a.tokens[nxt] not in FILLERS:
                return canonical_stem(a.stems[nxt])
            return None
    return None


def _is_year(q: _Quantity) -> bool:
    """A bare four-digit number from 1800 to 2100 ("more than 2,000 people" is not a year)."""
    return q.value.isdigit() and len(q.value) == 4 and 1800 <= int(q.value) <= 2100 and not q.hedge


def _compatible(fact: _Quantity, other: _Quantity) -> bool:
    """The same value, or an unhedged value inside the fact's hedge ("more than 20,000" covers 25,000;
    "more than 2,000" does not restate "more than 20,000")."""
    if fact.value == other.value:
        return True
    if other.hedge:
        return False
    value, against = float(fact.value), float(other.value)
    if fact.hedge == "more":
        return against >= value
    if fact.hedge == "less":
        return against <= value
    if fact.hedge == "about":
        return abs(against - value) <= HEDGE_TOLERANCE * value
    return False


# lengths of time in days (a night counts as a day: "three nights of protests" = "three days")
_DURATIONS: dict[str, float] = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}


def _duration(q: _Quantity) -> float | None:
    """The length of time a quantity gives, in days ("three weeks" -> 21), or None."""
    units = [_DURATIONS[u] for u in q.units if u in _DURATIONS]
    return float(q.value) * units[0] if len(units) == 1 and not _is_year(q) else None


def _duration_conflict(mine: _Quantity, theirs: list[_Quantity]) -> _Quantity | None:
    """A quantity of the sentence that gives another length of time than the fact's, when none gives
    the fact's ("three weeks" against "three days"; "72 hours" is three days)."""
    length = _duration(mine)
    if length is None:
        return None
    lengths = [(q, _duration(q)) for q in theirs]
    lengths = [(q, d) for q, d in lengths if d is not None]
    if not lengths or any(abs(d - length) <= HEDGE_TOLERANCE * length for _, d in lengths):
        return None
    return lengths[0][0]


def number_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    if not fact.numbers or not sentence.numbers:
        return None
    theirs = _quantities(sentence)
    for mine in _quantities(fact):
        other = _duration_conflict(mine, theirs)
        if other is not None:
            return Conflict("number", f"{other.value} {' '.join(sorted(other.units))} instead of {mine.value}")
        same_thing = [
            q for q in theirs
            if q.units & mine.units - {"#ordinal"}
            and ("#ordinal" in q.units) == ("#ordinal" in mine.units)
            and _is_year(q) == _is_year(mine)
        ]
        if not same_thing or any(_compatible(mine, q) for q in same_thing):
            continue
        return Conflict("number", f"{same_thing[0].value} instead of {mine.value}")
    return None
