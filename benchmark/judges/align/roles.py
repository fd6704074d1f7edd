"""Roles: a summary that swaps who did what to whom contradicts the fact.

Around a word the fact and the sentence share, its
subject and object (``parties.roles``) are swapped ("Putin accused the United States" against "The
United States accused Putin"); or the names written before a shared noun are swapped between two
nouns ("U.S. air strike ... Pakistani soldiers" against "Pakistani air strike ... U.S. soldiers"),
or the same count of a noun is given to another group ("24 Afghan soldiers" against "24 Pakistani
soldiers"), or a minister another portfolio (``title_conflict``: "Defence Minister" for "Foreign
Minister"); or (``agent_conflict``, since version 6) the fact's verb has another named actor as its subject.
Since version 9 an actor may be named by any name of its group (``Cast.groups``, from the checklist):
"Washington accused Putin" swaps the parties of "Putin accused the United States".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from .contradiction import Conflict, _first_positions
from .lexicon import BE_FORMS, FILLERS, Analysed
from .meaning import fact_speakers
from .parties import IRREGULAR_PARTICIPLES, active, attributes, roles
from .synonyms import canonical_stem

AGENT_CLAIM_MATCH = 0.75  # share of the rest of a fact a sentence needs for another actor to contradict it
_CLAIM_MIN_WEIGHT = 1.2  # words below this rarity ("are", "over", "did") say nothing about the claim
_DETERMINERS = frozenset({"the", "a", "an"})
_INSIDE_NAMES = frozenset({"of", "and", "&"})
_AUXILIARIES = frozenset({"has", "have", "had", "will", "would"})
_ADVERBS = frozenset({"also", "again", "now", "then", "later", "once", "previously", "repeatedly", "reportedly"})
_JOINED = frozenset({"and", "with", "or", "nor", "both"})

# -- roles --------------------------------------------------------------------------------------------


def same_actor(a: frozenset[str], b: frozenset[str], groups: Sequence[frozenset[str]] = ()) -> bool:
    """Whether two sets of names name the same actor: they share a name, or both hold names of one of
    the checklist's actor groups (``Cast.groups``: "Washington" and "the United States")."""
    return bool(a & b) or any(a & g and b & g for g in groups)


def _swapped(
    fact_roles: tuple[frozenset[str], frozenset[str]],
    sent_roles: tuple[frozenset[str], frozenset[str]],
    groups: Sequence[frozenset[str]] = (),
) -> bool:
    (fs, fo), (ss, so) = fact_roles, sent_roles
    if not (fs and fo and ss and so) or same_actor(fs, fo, groups):
        return False
    return (same_actor(ss, fo, groups) and not same_actor(ss, fs, groups)
            and same_actor(so, fs, groups) and not same_actor(so, fo, groups))


def role_conflict(
    fact: Analysed, sentence: Analysed, groups: Sequence[frozenset[str]] = (), known: frozenset[str] = frozenset()
) -> Conflict | None:
    """The parties around a shared word swap places, or names swap the nouns they describe. With the
    checklist's actor groups (``Cast.groups``) a party may be named by another of its names
    ("Washington accused Putin" against "Putin accused the United States"), and a common word that
    opens the sentence is a name when the checklist writes it as one (``known``)."""
    fact, sentence = _first_word_named(fact, known), _first_word_named(sentence, known)
    fact_first = _first_positions(fact)
    for j, s in enumerate(sentence.stems):
        i = fact_first.get(s)
        if i is None or fact.caps[i] or sentence.caps[j] or s not in fact.weights or s[0].isdigit():
            continue
        if not (is_verb_form(fact.tokens[i]) and is_verb_form(sentence.tokens[j])):
            continue  # parties swap around an act ("X accused Y"), not around a noun ("NATO missile shield")
        if _swapped(roles(fact, i), roles(sentence, j), groups):
            return Conflict("roles", f"parties of {sentence.tokens[j]!r} swapped")
    fact_attr, sent_attr = attributes(fact), attributes(sentence)
    for noun, names in sent_attr.items():
        mine = fact_attr.get(noun)
        if not mine or names & mine:
            continue
        # the same count of another group ("24 Afghan soldiers" against "24 Pakistani soldiers")
        if _counts(fact, noun) & _counts(sentence, noun) and not mine & set(sentence.stems):
            return Conflict("roles", f"{' '.join(sorted(names))} {noun!r} instead of {' '.join(sorted(mine))}")
        # a full swap: another noun of both texts carries this noun's names in the fact and vice versa
        for other, other_names in sent_attr.items():
            theirs = fact_attr.get(other)
            if other != noun and theirs and names & theirs and other_names & mine and not other_names & theirs:
                return Conflict("roles", f"{' '.join(sorted(names))} {noun!r} instead of {' '.join(sorted(mine))}")
    return None


_OFFICES = frozenset({"foreign", "defence", "defense", "interior", "home", "finance", "treasury", "justice", "health",
                      "education", "trade", "economy", "energy", "environment", "agriculture", "transport", "culture",
                      "labour", "labor", "prime"})
_OFFICE_HEADS = frozenset({"minister", "ministers", "secretary", "secretaries", "ministry"})


def _offices(a: Analysed) -> set[str]:
    """The portfolios written before "minister", "secretary" ("Foreign Minister", "defence ministers")."""
    return {a.tokens[i - 1] for i in range(1, len(a.tokens)) if a.tokens[i] in _OFFICE_HEADS and a.tokens[i - 1] in _OFFICES}


def title_conflict(fact: Analysed, sentence: Analysed) -> Conflict | None:
    """The sentence gives a minister or secretary another portfolio than the fact does ("Defence
    Minister" against "Foreign Minister"), and names the fact's nowhere."""
    mine, theirs = _offices(fact), _offices(sentence)
    if mine and theirs and not mine & set(sentence.tokens) and not theirs & mine:
        return Conflict("roles", f"{' '.join(sorted(theirs))} minister instead of {' '.join(sorted(mine))}")
    return None


def _counts(a: Analysed, noun: str) -> set[str]:
    """The numbers written just before ``noun`` (names between them allowed: "24 Pakistani soldiers")."""
    out: set[str] = set()
    for i, s in enumerate(a.stems):
        if s != noun:
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            if a.tokens[j][0].isdigit():
                out.add(a.tokens[j])
                break
            if not a.caps[j]:
                break
    return out


# -- the agent slot --------------------------------------------------------------------------------------


def _agent_slot(a: Analysed, known: frozenset[str] = frozenset()) -> tuple[frozenset[str], int] | None:
    """The named subject that opens a text and the position of its verb ("Russia wants", "The United
    States says", "Mayor Ines Okafor warned", "NATO's Secretary General wants"); None when the text
    does not open with a name and an active verb. A common word that opens the text is a name when it
    is written with a capital elsewhere in the checklist (``known``: "Russia" in "NATO and Russia")."""
    a = _first_word_named(a, known)
    i = 0
    while i < len(a.tokens) and a.tokens[i] in _DETERMINERS:
        i += 1
    names: set[str] = set()
    while i < len(a.tokens) and a.clauses[i] == a.clauses[0]:
        tok = a.tokens[i]
        capital = a.caps[i] or (not names and i + 1 < len(a.tokens) and a.caps[i + 1] and a.stems[i] in a.weights)
        if capital:  # a capitalised first word that a common word: "Russian Foreign Minister ..."
            names.add(canonical_stem(a.stems[i]))
        elif names and tok in _INSIDE_NAMES and i + 1 < len(a.tokens) and a.caps[i + 1]:
            pass  # "Secretary of State", "NATO and Russia"
        elif names and tok in _AUXILIARIES:
            pass  # "had threatened", "has put forward"
        else:
            break
        i += 1
    if not names or i >= len(a.tokens) or not _finite_verb(a, i):
        return None
    if i > 0 and a.tokens[i - 1] in BE_FORMS:
        return None  # a passive: the subject undergoes the act
    return frozenset(names), i


def _first_word_named(a: Analysed, known: frozenset[str]) -> Analysed:
    """``a`` with its first word marked as a name when ``known`` holds it (or its canonical stem:
    "Russian" for "russia")."""
    if not a.tokens or a.caps[0] or (a.stems[0] not in known and canonical_stem(a.stems[0]) not in known):
        return a
    return replace(a, caps=(True, *a.caps[1:]))


def _capitalised(variants: Sequence[Analysed]) -> frozenset[str]:
    return frozenset(v.stems[i] for v in variants for i in range(len(v.tokens)) if v.caps[i])


def _finite_verb(a: Analysed, i: int) -> bool:
    return a.stems[i] in a.weights and not a.caps[i] and a.tokens[i] not in FILLERS and is_verb_form(a.tokens[i])


def _named_subject(a: Analysed, verb: int) -> frozenset[str]:
    """The name written right before a verb (auxiliaries aside) when it is the verb's subject: not a name
    that describes a noun ("the Middlesex batsman says"), not one joined to another subject ("She and
    X came"), not one followed by a pronoun ("Finn says he has regained")."""
    i = verb - 1
    while i >= 0 and a.clauses[i] == a.clauses[verb] and a.tokens[i] in _AUXILIARIES | _ADVERBS:
        i -= 1
    if i < 0 or a.clauses[i] != a.clauses[verb] or not a.caps[i]:
        return frozenset()
    names: set[str] = set()
    while i >= 0 and a.clauses[i] == a.clauses[verb] and (a.caps[i] or (a.tokens[i] in _INSIDE_NAMES and i > 0 and a.caps[i - 1])):
        if a.caps[i]:
            names.add(canonical_stem(a.stems[i]))
        i -= 1
    if i >= 0 and a.clauses[i] == a.clauses[verb] and a.tokens[i] in _JOINED:
        return frozenset()
    return frozenset(names)


def is_verb_form(token: str) -> bool:
    """Whether a word after a subject looks like a finite verb: a form in -s or -ed, or an irregular
    past ("said", "held", "sought")."""
    return token.endswith(("s", "ed")) and not token.endswith(("ss", "us", "is")) or token in IRREGULAR_PARTICIPLES


@dataclass(frozen=True)
class Cast:
    """The story's actors as the checklist names them: the actors that open its facts, and per fact the
    other names of its own actor (``actor_aliases``)."""

    actors: tuple[frozenset[str], ...]
    aliases: tuple[frozenset[str], ...]
    groups: tuple[frozenset[str], ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """Every name the checklist gives any of its actors."""
        return frozenset().union(*self.actors, *self.aliases)


def story_cast(facts: Sequence[Analysed], wordings: Sequence[Sequence[Analysed]]) -> Cast:
    keys, pools = _keys_and_pools(facts, wordings)
    return Cast(tuple(story_actors(facts)), tuple(_pooled(keys, pools)), actor_groups(keys, pools))


def actor_groups(keys: Sequence[frozenset[str]], pools: Sequence[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """One group of names per actor that opens a fact: the names of its key that no other actor's key
    has (unless that key holds this whole key: "Russia" stays Russia's, not Lavrov's of "Russian Foreign
    Minister Sergei Lavrov"), and the other names the variants of its facts give it that no other
    actor's facts give (a place or a title shared by two actors names neither)."""
    own: dict[frozenset[str], set[str]] = {}
    for key, pool in zip(keys, pools):
        key = frozenset(n for n in key if not n[0].isdigit())
        if key:
            own.setdefault(key, set()).update(n for n in pool - key if not n[0].isdigit())
    all_keys = frozenset().union(*own)
    groups = []
    for key, extra in own.items():
        shared = frozenset().union(*(k for k in own if k != key and not k >= key))
        others = [e for k, e in own.items() if k != key]
        mine = (key - shared) | {n for n in extra if n not in all_keys and not any(n in e for e in others)}
        if mine:
            groups.append(frozenset(mine))
    return tuple(groups)


def actor_aliases(facts: Sequence[Analysed], wordings: Sequence[Sequence[Analysed]]) -> list[frozenset[str]]:
    """Per fact: every name its variants, and the variants of facts whose actor it names too, give the
    actor or speaker ("Russia" also "Moscow", "the Kremlin"; "Hillary Clinton" also "the US Secretary of
    State", "America's top diplomat"; "NATO" also "the alliance" that opens a variant as its subject),
    with the initials of multi-word names ("United States" -> "US").
    A fact whose actor names include another fact's ("Russian Foreign Minister Sergei Lavrov" and
    "Russia") takes that fact's names as well, not the other way round."""
    return _pooled(*_keys_and_pools(facts, wordings))


def _keys_and_pools(
    facts: Sequence[Analysed], wordings: Sequence[Sequence[Analysed]]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Per fact: the names of its actor or speaker in its own text (its key), and every name its
    variants give them (its pool). A common word that opens a text is a name when the checklist writes
    it with a capital elsewhere, in a fact or a wording."""
    known = _capitalised([*facts, *(w for ws in wordings for w in ws)])
    keys, names = [], []
    for k, fact in enumerate(facts):
        variants = [fact, *(wordings[k] if k < len(wordings) else ())]
        slot = _agent_slot(fact, known)
        keys.append((slot[0] if slot else frozenset()) | fact_speakers([fact]))
        pool: set[str] = set()
        for v in variants:
            found = _agent_slot(v, known)
            pool |= found[0] if found else frozenset()
            pool |= fact_speakers([v])
            pool |= _initials(v)
            pool |= _common_subject(v)
        names.append(frozenset(pool))
    return keys, names


def _pooled(keys: Sequence[frozenset[str]], names: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    out = []
    for key in keys:
        pooled = frozenset().union(*(n for other, n in zip(keys, names) if key and other and other <= key))
        out.append(pooled)
    return out


def _common_subject(a: Analysed) -> frozenset[str]:
    """A common noun after "the" that opens a text as the subject of an active verb: the actor's other
    name in "The alliance says ...", "The alliance has offered ..." (not "The talks were held")."""
    if len(a.tokens) < 3 or a.tokens[0] != "the" or a.caps[1] or a.tokens[1] in FILLERS or a.stems[1] not in a.weights:
        return frozenset()
    j = 2
    while j < len(a.tokens) and a.tokens[j] in _AUXILIARIES:
        j += 1
    if j >= len(a.tokens) or not _finite_verb(a, j) or a.tokens[j - 1] in BE_FORMS:
        return frozenset()
    return frozenset({canonical_stem(a.stems[1])})


def _initials(a: Analysed) -> frozenset[str]:
    """The initials of every run of two or more capitalised words ("United States" -> "us")."""
    out: set[str] = set()
    run: list[str] = []
    for tok, cap in (*zip(a.tokens, a.caps), ("", False)):
        if cap and tok.isalpha():
            run.append(tok)
            continue
        if len(run) >= 2:
            out.add("".join(t[0] for t in run))
        run = []
    return frozenset(out)


def story_actors(facts: Sequence[Analysed]) -> list[frozenset[str]]:
    """The named actors that open the checklist's facts ("NATO insists ...", "Sergei Lavrov said ...")."""
    known = _capitalised(facts)
    return [slot[0] for slot in (_agent_slot(f, known) for f in facts) if slot]


def agent_conflict(
    variants: Sequence[Analysed],
    sentences: Sequence[Analysed],
    actors: Sequence[frozenset[str]],
    salience: Mapping[str, float] | None = None,
    aliases: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
) -> int | None:
    """The index of a sentence that gives the fact's verb to another of the story's actors: the fact
    opens with its actor and verb ("Russia proposes ...", "Anders Fogh Rasmussen hopes ..."), and a
    sentence gives the same verb a named subject that no variant of the fact gives it and that opens
    another fact of the checklist (``actors``: "NATO proposes ..."; passives read with their agent
    after "by"; a name the checklist never puts first, such as another name for the fact's own actor,
    is not enough), while it holds at least ``AGENT_CLAIM_MATCH`` of the
    rest of what the fact says (each word's weight times its checklist factor ``salience``, so that the
    claim's own words count most). Doing what the fact says is a different claim when someone else does
    it: the checklist's other ways of naming the actor ("Moscow", "the Kremlin") come from its
    wordings. A common word that opens the sentence is a name when the checklist writes it as one
    (``names``: "Russian Foreign Minister ...")."""
    known = _capitalised(variants)
    found = [(v, _agent_slot(v, known)) for v in variants]
    if found[0][1] is None:
        return None
    own = frozenset().union(*(slot[0] for _, slot in found if slot)) | aliases
    others = [a for a in actors if a - own]  # actors with a name of their own ("Velmar Harbour Master Reyes")
    if not others:
        return None
    verbs = {canonical_stem(v.stems[slot[1]]) for v, slot in found if slot}
    factor = salience or {}
    claims = []
    for v in variants:
        rest = {canonical_stem(s): w * factor.get(s, 1.0) for s, w in v.weights.items()
                if w >= _CLAIM_MIN_WEIGHT and not s[0].isdigit()}
        claims.append({s: w for s, w in rest.items() if s not in own and s not in verbs})
    claims = [c for c in claims if len(c) >= 2]  # "plays for Chelsea" says too little to be claimed
    if not claims:
        return None
    for k, sent in enumerate(sentences):
        stems = frozenset(canonical_stem(s) for s in sent.stems)
        named_own = own & stems
        mentions_own = bool(named_own) and not _only_after_verb(sent, own, verbs)
        sent = _first_word_named(active(sent), known | names)
        for j, s in enumerate(sent.stems):
            if canonical_stem(s) not in verbs or not _finite_verb(sent, j):
                continue
            subject = _named_subject(sent, j)
            if not subject or not any(subject & a for a in others) or not _another_actor(subject, own, others):
                continue
            if mentions_own and named_own - subject:
                continue  # the fact's actor named here besides the subject's shared words
            if max((_share(c, stems) for c in claims if c), default=0.0) >= AGENT_CLAIM_MATCH:
                return k
    return None


def _another_actor(subject: frozenset[str], own: frozenset[str], others: Sequence[frozenset[str]]) -> bool:
    """Whether a named subject is another actor of the story: it shares no name with the fact's actor,
    or only words that another actor's name has too (a place or a title: "Russian Foreign Minister
    Sergei Lavrov" against "Russian Prime Minister Vladimir Putin") besides a name of its own."""
    shared = subject & own
    return not shared or any(shared <= a and subject & a - own for a in others)


def _only_after_verb(sent: Analysed, own: frozenset[str], verbs: set[str]) -> bool:
    """Whether the fact's actor is named only after the sentence's first use of the fact's verb (as an
    object or a party of the claim: "NATO proposes that NATO and Russia ...")."""
    first = next((j for j, s in enumerate(sent.stems) if canonical_stem(s) in verbs and not sent.caps[j]), None)
    if first is None:
        return False
    return not any(canonical_stem(s) in own for s in sent.stems[:first])


def _share(part: dict[str, float], stems: frozenset[str]) -> float:
    total = sum(part.values())
    return sum(w for s, w in part.items() if s in stems) / total if total else 0.0
