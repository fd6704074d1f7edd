"""Outcomes in general English, for the ``align`` judge (since version 6): was an agreement reached, and
does an activity go on or stop - with the scope of negation.

News summaries state the outcome of a negotiation in many words and reverse it in many more: "no
deal", "deadlocked", "remain at odds", "made no headway" all say that no agreement was reached;
"struck a deal", "settled the dispute" that one was; "will keep talking", "talks would go on",
"promised further discussions" that talks continue; "broke off the talks", "suspended the dialogue",
"will hold no further talks" that they stop. This module reads those cues, and nothing about any one
story:

* a **cue** (the words are in ``outcome_words``) is a word or a short phrase of one of four *frames*
  - ``agreement`` (agree, deal, accord, resolve, settle, breakthrough ... against deadlock, impasse,
  stalemate, unresolved, at odds), ``continuation`` (continue, keep, go on, press on, resume, further
  talks ... against collapse, break off, suspend, end, stop, walk out), ``attitude`` (praise, thank,
  commend against accuse, blame, criticise, condemn) and ``stance`` (want, seek, demand, propose, put
  forward, invite, offer, hope against reject, refuse, rule out, turn down, drop, withdraw, satisfied,
  unworkable; a negative stance before a positive one reverses it: "dropped its demand", "withdrew its
  invitation") - with a sign: +1 (agreement reached, activity goes on, praise) or -1. A denied
  attitude ("did not criticise", "was not to blame") is read as the other side: it opposes the
  attitude, and an attitude never states a fact by itself. *Weak* positive cues (headway, progress,
  solution, bridge) count only when negated: "made progress" is not an agreement, "made no progress"
  denies one;
* its **polarity** is its sign times -1 for every negation operator before it in its clause, within
  ``NEGATION_REACH`` tokens ("not", "no", "never", "without", "failed", "unable", "n't", and the
  frame's own negative cues: "deadlocked on a deal"): "did not fail to reach an agreement" is
  positive, "no need for further talks" negative; a clause that a denial verb introduces ("denied
  that the talks had collapsed", ``lexicon.denied_clauses``) counts as one more negation, and a
  contrastive "but not" before a modifier ("a written but not legally binding agreement") as none;
* a cue in a wish, plan, offer, threat or condition ("hopes for a deal", "offers an agreement",
  "threatened to walk out", "if talks resume"; ``lexicon.IRREALIS_CUES`` except "would", which reports
  speech as often as it conditions; "could not" is a failure, not a condition) asserts nothing and is
  skipped (but an intention to go on - "plan further talks", "talks should continue" - states that
  talks go on); "agree to" + a verb is a stance for doing it, not an agreement; "deal with",
  "according to" are no cues;
* since version 8: a verb that overcomes a standoff reverses it ("broke the deadlock", "failed to
  bridge their differences"; "differences", "gap", "rift" count only after such a verb); "elusive"
  after an agreement denies it; a negative stance reverses the outcome it governs ("ruled out more
  talks", "shelved further negotiations", "refused to negotiate") unless a possessive name owns that
  outcome ("rejected Russia's call for talks"); "ended ... without a deal", "ended inconclusively" say
  how talks ended, not that they stop; multi-word cues: "far apart", "at loggerheads", "no common
  ground", "see eye to eye", "fell apart", "talks are over", "pulled the plug", "meet again", "talk
  on", "another round of talks", "keep trying"; evaluations ("unworkable", "not feasible") and offers
  are stances;
* a continuation cue concerns the activity it governs - the first content word after it, or before it
  when none follows ("talks would go on"), or the clause's subject for a passive or a subject that
  opens the clause ("talks ... have been called off") - and counts for a fact only when that activity
  is the fact's own (talk-like nouns are one activity: talks, discussions, negotiations, dialogue,
  contacts, consultations).

``outcomes`` lists the asserted cues of a text; ``fact_outcome`` gives a fact's frame and sign (None
for a fact that states no outcome, or only wishes for one).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import CLAUSE_WORDS, NEGATION_CUES, Analysed, analyse, denied_clauses, is_irrealis, stem
from .outcome_words import (
    AFTER_NEGATORS,
    AFTER_OVER,
    AFTER_TALK_ON,
    AGREEMENT,
    ATTITUDE,
    BE,
    BREAKERS,
    CONTINUATION,
    DETERMINERS,
    DETERMINERS_BEFORE_NOUN,
    EFFORT,
    FAILURES,
    INTENT,
    LIGHT,
    MEETING,
    NEGATORS_NOT_AFTER,
    NOT_IRREALIS,
    PARTICLES,
    PASSIVE_BE,
    PHRASE_CUES,
    POSSESSIVES,
    NOT_REJECTING,
    ROUNDS,
    STANCE,
    SUPPORT_VERBS,
    TALK,
    TALK_VERBS,
    TIME_BEFORE_END,
    TIME_UNITS,
    TRYING,
    UNREALISED,
    WORD_CUES,
)

NEGATION_REACH = 6  # a negation operator affects cues at most this many tokens after it, in its clause
STANCE_NEGATION_REACH = 3  # ... and a stance only from close by ("does not want", not "... not X is what Y wants")
ACTIVITY_REACH = 5  # the activity a continuation cue concerns lies within this many tokens after it
ACTIVITY_REACH_BEFORE = 6  # ... or before it ("Discussions between the two countries will continue")
PASSIVE_REACH = 4  # ... and further before a passive: its subject is the activity ("talks ... have been called off")


@dataclass(frozen=True)
class Cue:
    """One asserted outcome cue of a text."""

    frame: str  # AGREEMENT | CONTINUATION
    polarity: int  # +1 | -1, negation applied
    position: int  # token index
    window: frozenset[str]  # content stems near a continuation cue (talk-like words as "talk")
    governed: str | None  # the activity a continuation cue concerns (``_governed``)


def _activity_stem(s: str) -> str:
    return "talk" if s in TALK else s


def _works_towards(a: Analysed, j: int) -> bool:
    """"working towards / on a deal": efforts to reach an agreement are talks in all but name."""
    return a.stems[j] in EFFORT and j + 1 < len(a.tokens) and a.tokens[j + 1] in ("towards", "toward", "for")


def _is_negator(a: Analysed, i: int) -> bool:
    tok = a.tokens[i]
    if tok in ("yet",):
        return i + 1 < len(a.tokens) and a.tokens[i + 1] == "to"  # "have yet to agree"; not "not yet"
    if tok in NEGATION_CUES or tok.endswith(("n't", "n’t")):
        return not (i + 1 < len(a.tokens) and a.tokens[i + 1] in NEGATORS_NOT_AFTER)
    return False


def _contrasts_modifier(a: Analysed, j: int, cue: int) -> bool:
    """Whether the negator at ``j`` is a contrastive "but not" that denies a modifier before the cue
    ("a written but not legally binding agreement") rather than the cue ("but not yet agreed")."""
    if j == 0 or a.tokens[j - 1] != "but":
        return False
    return any(a.tokens[k] not in LIGHT for k in range(j + 1, cue))




def _special_cue(a: Analysed, i: int) -> tuple[tuple[str, int, bool], int] | None:
    """Cues that need more than a word and its neighbour: "pulled the plug on", "talks are over",
    "will talk on"."""
    tok, n = a.tokens[i], len(a.tokens)
    if a.stems[i] == stem("pull") and a.tokens[i + 1 : i + 3] == ("the", "plug"):
        return (CONTINUATION, -1, True), 3
    after = a.tokens[i + 1] if i + 1 < n and a.clauses[i + 1] == a.clauses[i] else ""
    if tok == "over" and i > 0 and a.tokens[i - 1] in BE and (not after or after in AFTER_OVER):
        return (CONTINUATION, -1, True), 1  # "the talks are over (for good)"
    if tok in TALK_VERBS and after == "on":
        then = a.tokens[i + 2] if i + 2 < n and a.clauses[i + 2] == a.clauses[i] else ""
        if not then or then in AFTER_TALK_ON:
            return (CONTINUATION, 1, True), 2  # "will talk on (about pay)", not "talk on pay"
    return None


def _ends_as(a: Analysed, i: int) -> bool:
    """Whether an "end" at ``i`` says how something ended rather than that it stopped: "ended talks in
    Geneva without a deal", "ended in failure"."""
    for j in range(i + 1, min(len(a.tokens), i + 10)):
        if a.clauses[j] != a.clauses[i]:
            break
        if a.tokens[j] == "without":
            return True
        cue = WORD_CUES.get(a.stems[j])
        if j == i + 1 and cue and cue[0] == AGREEMENT and cue[1] < 0:
            return True  # "ended inconclusively"
        if a.tokens[j] == "in" and j + 1 < len(a.tokens):
            nxt = a.tokens[j + 1]
            cue = WORD_CUES.get(stem(nxt))
            if nxt in FAILURES or cue and cue[0] == AGREEMENT and cue[1] < 0:
                return True
    return False


def _cue_at(a: Analysed, i: int) -> tuple[tuple[str, int, bool], int] | None:
    """The cue starting at token ``i`` and its length in tokens, or None."""
    tok, st = a.tokens[i], a.stems[i]
    nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else ""
    special = _special_cue(a, i)
    if special:
        return special
    phrase = PHRASE_CUES.get((st, nxt))
    if phrase and a.clauses[i + 1] == a.clauses[i]:
        return phrase, 2
    cue = WORD_CUES.get(st)
    if cue is None:
        return None
    if tok in ("according", "accordance", "accordingly") or (st == stem("deal") and nxt in ("with", "of")):
        return None
    if st == stem("agree") and nxt == "to" and i + 2 < len(a.tokens) and a.tokens[i + 2] not in DETERMINERS:
        # agreeing to do something is no agreement reached: a stance for doing it ("agreed to sign a
        # treaty"), or nothing of its own before an outcome cue ("agreed to keep talking")
        return None if _cue_at(a, i + 2) else ((STANCE, 1, True), 1)
    if frame_of(cue) == AGREEMENT and _sought(a, i):
        return None  # "time is running out for a deal", "pushed for an agreement": sought, not reached
    if st == stem("charged") and nxt in ("with", "for", "by", "to"):
        return None  # "charged with murder", "charged for", "charged to": not an accusation of someone
    if st in (stem("need"), stem("offer")) and i > 0 and a.tokens[i - 1] in DETERMINERS:
        return None  # "no need for further talks", "turned the offer down": the noun, not a stance
    if st in (stem("more"), stem("further"), stem("another")) and not _talks_follow(a, i):
        return None  # "more", "further", "another" only as in "more talks", "another round of talks"
    if st == stem("end") and i > 1 and a.tokens[i - 1] == "the" and a.tokens[i - 2] in TIME_BEFORE_END:
        return None  # "by the end of the year"
    if st == stem("end") and (nxt in ("in", "without", "with") or _ends_as(a, i)):
        return None  # "the round ended in stalemate / without a deal": how it ended, not that talks stop
    return cue, 1


def _talks_follow(a: Analysed, i: int) -> bool:
    """Whether talks follow the word at ``i``: "more talks", "further pay negotiations", "another round
    of negotiations"."""
    nxt = a.tokens[i + 1] if i + 1 < len(a.tokens) else ""
    if nxt in ROUNDS:
        return any(s in TALK for s in a.stems[i + 2 : i + 5])
    return any(s in TALK for s in a.stems[i + 1 : i + 3])


def _overcome(a: Analysed, i: int) -> bool:
    """Whether a verb that overcomes a standoff (``BREAKERS``) governs the word at ``i`` ("broke the
    deadlock", "could not bridge their differences"; not an adverb: "ended inconclusively")."""
    if a.tokens[i].endswith("ly"):
        return False
    j = i - 1
    while j >= 0 and a.clauses[j] == a.clauses[i] and i - j <= 3 and a.tokens[j] in POSSESSIVES:
        j -= 1
    return j >= 0 and a.clauses[j] == a.clauses[i] and a.stems[j] in BREAKERS


def _denied_after(a: Analysed, i: int, length: int) -> bool:
    """Whether a word after the cue denies it ("a deal remains elusive")."""
    return any(a.tokens[j] in AFTER_NEGATORS and a.clauses[j] == a.clauses[i] for j in range(i + length, len(a.tokens)))


def _owned_between(a: Analysed, k: int, i: int) -> bool:
    """Whether a possessive name stands between a stance or negation at ``k`` and a cue at ``i``: the cue
    is that party's ("rejected Russia's call for talks": the call stays Russia's)."""
    return any(a.caps[j] and a.tokens[j].endswith(("'s", "’s")) for j in range(k + 1, i))


def _rejected_talks(a: Analysed, found: list[tuple[int, tuple[str, int, bool], int]]) -> list[int]:
    """Positions of talk-like words right after a negative stance that no cue of their own marks:
    "refused to negotiate", "turned down talks" (the stance reverses them; ``outcomes``)."""
    taken = {k for k, _, length in found for k in range(k, k + length)}
    out = []
    for i, (frame, sign, _), length in found:
        if frame != STANCE or sign > 0 or a.stems[i] in NOT_REJECTING:
            continue
        for j in range(i + length, min(len(a.tokens), i + length + 3)):
            if a.clauses[j] != a.clauses[i] or j in taken:
                break
            if a.stems[j] in TALK:
                out.append(j)
                break
            if a.tokens[j] not in LIGHT:
                break
    return out


def frame_of(cue: tuple[str, int, bool]) -> str:
    return cue[0]


def _sought(a: Analysed, i: int) -> bool:
    """Whether an outcome noun at ``i`` is the object of "for" ("for a deal", "for an agreement")."""
    j = i - 1
    while j >= 0 and a.tokens[j] in DETERMINERS_BEFORE_NOUN:
        j -= 1
    return j >= 0 and a.tokens[j] == "for" and a.clauses[j] == a.clauses[i]


def _window(a: Analysed, i: int, length: int) -> frozenset[str]:
    """The content stems within ``ACTIVITY_REACH_BEFORE`` tokens before and ``ACTIVITY_REACH`` after a
    cue at ``i``, in its clause (talk-like words as "talk"; numbers and time units left out)."""
    clause = a.clauses[i]
    out: set[str] = {"talk"} if a.stems[i] in TALK else set()  # "refused to negotiate" (``_rejected_talks``)
    reach = ACTIVITY_REACH_BEFORE + (PASSIVE_REACH if i and a.tokens[i - 1] in PASSIVE_BE else 0)
    for j in range(max(0, i - reach), min(len(a.tokens), i + length + ACTIVITY_REACH)):
        if i <= j < i + length or a.clauses[j] != clause:
            continue
        if j == i + length and a.stems[j] in TRYING or a.stems[i] in MEETING:
            out.add("talk")  # "keep trying", "meet again"
        st = a.stems[j]
        tok = a.tokens[j]
        if st in a.weights and tok not in LIGHT and tok not in CLAUSE_WORDS and not st[0].isdigit() and st not in TIME_UNITS:
            out.add("talk" if _works_towards(a, j) else _activity_stem(st))
    subject = next((j for j in range(i) if a.clauses[j] == clause and a.tokens[j] not in LIGHT
                    and a.stems[j] in a.weights), None)
    if subject is not None and a.stems[subject] in TALK:
        out.add("talk")  # the clause's subject: "Talks between the two sides on pay broke down for good"
    return frozenset(out)


def _governed(a: Analysed, i: int, length: int) -> str | None:
    """The activity a continuation cue of a fact concerns: a talk-like word near it, else the first
    content word after it in its clause, else the nearest before it."""
    window = _window(a, i, length)
    if "talk" in window:
        return "talk"
    clause = a.clauses[i]
    for j in range(i + length, len(a.tokens)):
        if a.clauses[j] != clause:
            break
        st = a.stems[j]
        if a.tokens[j] in LIGHT or a.tokens[j] in PARTICLES or st not in a.weights:
            continue
        if st[0].isdigit() or st in TIME_UNITS:
            break
        return st
    before = [
        j for j in range(i - 1, -1, -1)
        if a.clauses[j] == clause and a.tokens[j] not in LIGHT and a.stems[j] in a.weights and not _is_negator(a, j)
    ]
    common = [j for j in before if not a.caps[j]]
    return a.stems[(common or before)[0]] if before else None


@lru_cache(maxsize=100_000)
def _outcomes_of_text(text: str) -> tuple[Cue, ...]:
    return outcomes(analyse(text))


def outcomes(a: Analysed) -> tuple[Cue, ...]:
    """The asserted outcome cues of ``a``, in order, with their polarity after negation."""
    n = len(a.tokens)
    found: list[tuple[int, tuple[str, int, bool], int]] = []
    i = 0
    while i < n:
        hit = _cue_at(a, i)
        if hit:
            found.append((i, hit[0], hit[1]))
            i += hit[1]
        else:
            i += 1
    if not found:
        return ()
    found += [(j, (CONTINUATION, 1, True), 1) for j in _rejected_talks(a, found)]
    found.sort(key=lambda hit: hit[0])
    out: list[Cue] = []
    denied = denied_clauses(a)
    for i, (frame, sign, strong), length in found:
        clause = a.clauses[i]
        flips = 1 if clause in denied else 0  # "denied that the talks had collapsed"
        irrealis = False
        for j in range(i - 1, -1, -1):
            if a.clauses[j] != clause:
                break
            if ((is_irrealis(a, j) or a.tokens[j] in UNREALISED) and a.tokens[j] not in NOT_IRREALIS
                    and not (frame == CONTINUATION and a.tokens[j] in INTENT)):
                irrealis = True
            if i - j > (STANCE_NEGATION_REACH if frame == STANCE else NEGATION_REACH):
                continue
            if _is_negator(a, j) and not _contrasts_modifier(a, j, i) and not _owned_between(a, j, i):
                flips += 1
        overcome = frame == AGREEMENT and sign < 0 and _overcome(a, i)
        flips += overcome  # "broke the deadlock"
        if frame == AGREEMENT and _denied_after(a, i, length):
            flips += 1  # "a deal remains elusive"
        for k, (frame2, sign2, _), _len in found:
            if (frame == AGREEMENT and k < i and frame2 == frame and sign2 < 0 and a.clauses[k] == clause
                    and i - k <= NEGATION_REACH and "and" not in a.tokens[k:i]):
                flips += 1  # "deadlocked on a deal"
            if (frame != ATTITUDE and k < i and frame2 == STANCE and sign2 < 0 and a.clauses[k] == clause
                    and i - k <= NEGATION_REACH and not _is_negator(a, k) and a.stems[k] not in NOT_REJECTING
                    and not _owned_between(a, k, i)):
                flips += 1  # "dropped its demand", "withdrew its invitation", "ruled out more talks"
        if irrealis:
            continue
        polarity = sign * (-1) ** flips
        if not strong and (polarity > 0 if sign > 0 else not overcome):
            continue  # "made progress" is no agreement; "differences" alone say nothing
        # a denied attitude ("did not criticise", "was not to blame") is read as the other side: it
        # opposes the attitude, and the decision never lets an attitude state a fact by itself
        if frame == CONTINUATION:
            out.append(Cue(frame, polarity, i, _window(a, i, length), _governed(a, i, length)))
        else:
            out.append(Cue(frame, polarity, i, frozenset(), None))
    return tuple(out)


def text_outcomes(text: str) -> tuple[Cue, ...]:
    """``outcomes`` of a text, cached."""
    return _outcomes_of_text(text)


def fact_outcome(a: Analysed) -> Cue | None:
    """A fact's first asserted outcome cue, or None (a fact that states no outcome, or wishes for one);
    an agreement, attitude or continuation of talks before a stance ("wants talks to continue" is about
    talks), and a stance before the continuation of anything else ("renewed its invitation" is an
    invitation)."""
    cues = outcomes(a)
    if not cues:
        return None
    main = [c for c in cues if c.frame != STANCE and (c.frame != CONTINUATION or c.governed == "talk")]
    stances = [c for c in cues if c.frame == STANCE]
    return (main or stances or list(cues))[0]


def concerns(cue: Cue, fact_cue: Cue) -> bool:
    """Whether a summary's cue speaks of the fact's outcome: the same frame, and for a continuation the
    same activity ("talks would go on" for "will keep talking", not "keep two separate systems")."""
    if cue.frame != fact_cue.frame:
        return False
    return cue.frame != CONTINUATION or fact_cue.governed is None or fact_cue.governed in cue.window


def cue_stems(a: Analysed) -> frozenset[str]:
    """Stems of ``a`` that belong to outcome cues (both words of a phrase), negations, talk-like
    activities and light verbs ("reach", "struck"): left out when matching the rest of a fact."""
    out: set[str] = set()
    for i, st in enumerate(a.stems):
        hit = _cue_at(a, i)
        if hit or _is_negator(a, i):
            out.update(a.stems[i : i + (hit[1] if hit else 1)])
        if st in TALK or st in SUPPORT_VERBS:
            out.add(st)
    return frozenset(out)


def required(fact_cue: Cue) -> bool:
    """Whether a summary must state this outcome to state the fact: an agreement reached or not, and
    talks that go on or stop ("three days of demonstrations" states that protests went on for three
    days; "NATO and Russia met" does not say whether they will keep talking)."""
    return fact_cue.frame == AGREEMENT or fact_cue.governed == "talk"
