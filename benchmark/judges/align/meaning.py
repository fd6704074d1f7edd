"""What a summary says about a key fact beyond shared words, for the ``align`` judge (since version 6).

A fact is given as *variants*: its text and its accepted wordings (``JudgeItem.wordings``), each
analysed with word variants merged (``synonyms.canonical``). Four checks, all in general English:

* **outcome** (``outcome_decision``): for a fact that states an outcome (``outcome.fact_outcome``: "did
  not reach an agreement", "will keep talking"), the summary's sentences that speak of the same
  outcome (``outcome.concerns``) and of the same matter - at least ``REST_MATCH`` of a variant's other
  content words (outcome words, negations and light verbs such as "reach" left out), in the sentence or,
  for a sentence that names no other party, in the whole summary - either *support* the fact (the
  same polarity) or *oppose* it. Support without opposition states the fact; opposition without
  support contradicts it; a fact whose agreement or talks outcome the summary never states at all
  cannot be stated by shared words alone ("the two sides met" does not say whether they agreed). A
  stance ("accused", "praised") is about the parties only: the opposite stance by the same parties
  contradicts the fact, the same stance does not by itself state it. Since version 8 a stance is
  its holder's (the first name before it in its clause, or a common noun the checklist uses as a
  name - "the alliance"): only the sentence's stances that may be the fact's party's count, another
  named actor's stance on the fact's matter neither states nor contradicts it, and it keeps the fact
  from being stated by shared words when the summary never names the fact's party.
* **attribution** (``misattributed``): a fact about what someone said ("X said ...") is not stated by a
  sentence that puts the words in another speaker's mouth - a name or a role ("the chief mediator
  said") that no variant gives the speaker; when that speaker is named and the sentence holds nearly
  all of the claim (``CLAIM_MATCH``, outcome words included) it contradicts the fact - for a fact with
  an outcome, only when the sentence states that outcome too (``same_outcome``). The fact's speaker
  is named by any of its variants ("Clinton", "the Secretary of State"), so roles come from the
  checklist.
* **places** (``place_conflict``, ``names_its_place``): a fact that places something "in X" (a name) is
  contradicted by a sentence that states the same matter (``PLACE_MATCH`` of the fact's other content)
  "in Y", where no variant names Y and the summary never names X (for a meeting's place, in a clause
  about a meeting); a variant naming a place states the fact only in a summary that names that place.
* **denials** (``keeps_denial``, used by the predicate gate): a fact that denies something ("... is
  not directed against X") is stated only by a summary that denies something too or names the word
  the fact's negation governs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from .polarity import governed
from .lexicon import CALENDAR, CLAUSE_WORDS, FILLERS, Analysed, stem, weight
from .outcome import ATTITUDE, STANCE, Cue, concerns, cue_stems, fact_outcome, outcomes, required
from .synonyms import canonical_stem

REST_MATCH = 0.6  # share of a variant's other content a sentence needs to speak of the fact's matter
CLAIM_MATCH = 0.75  # share of a claim a sentence needs for a wrong speaker to contradict the fact
PLACE_MATCH = 0.6  # share of a fact's other content a sentence needs for a wrong place to contradict it
REST_MIN_WEIGHT = 1.2  # words below this rarity ("are", "over", "did") say nothing about the matter
NAMES_MATCH = 0.75  # share of a variant's names a sentence needs to speak of the same parties' stance
LONE_MATCH = 0.4  # ... or this share, when the sentence says nothing else (``_foreign``)
FOREIGN_WEIGHT = 2.0  # a word at least this rare that no variant has is news of something else
PARTY_REACH = 8
ROLE_REACH = 3  # the head of a speaker's role stands at most this many tokens before the speech verb
_NOT_ROLES = frozenset({"has", "have", "had", "also", "later", "then", "would", "will", "once", "again",
                        "previously", "earlier", "repeatedly", "publicly", "reportedly", "officially"})

_SPEECH = frozenset(stem(w) for w in (
    "say", "said", "says", "tell", "told", "stress", "warn", "insist", "argue", "claim", "add", "note",
    "declare", "announce", "concede", "admit", "acknowledge", "assert", "maintain", "explain", "reply",
    "respond", "emphasise", "emphasize", "underline", "complain", "contend", "remark", "observe", "repeat",
    "reiterate", "predict", "promise", "pledge", "vow",
))
_EVENT_STEMS = frozenset(stem(w) for w in (
    "held", "hold", "holds", "meet", "met", "meets", "meeting", "took", "take", "takes", "gather", "gathered",
    "convene", "convened", "host", "hosted", "talks", "summit", "conference",
))  # words of a meeting: a place in a fact that holds one is where it happened
_PLACE_PREPOSITIONS = frozenset({"in"})  # not "at": "aimed at Russia", "angry at Washington"
# words that may follow a place name and start a phrase of their own ("in Zurich between the two sides")
_AFTER_PLACE = frozenset({"between", "with", "on", "for", "over", "after", "before", "during", "since", "until",
                          "amid", "among", "against", "about", "from", "to", "at", "by", "near", "last", "this",
                          "next", "earlier", "later"})


@dataclass(frozen=True)
class Decision:
    label: str  # "stated" | "contradicted"
    sentence: int


# -- shared helpers -----------------------------------------------------------------------------------


def _rest(variant: Analysed, drop: frozenset[str] = frozenset(), outcome_words: bool = False) -> dict[str, float]:
    """Content stems of a variant (canonical) with their rarity weights, outcome words left out (kept
    with ``outcome_words``)."""
    skip = (frozenset() if outcome_words else cue_stems(variant)) | drop
    out: dict[str, float] = {}
    for s, w in variant.weights.items():
        if s in skip or s[0].isdigit() or w < REST_MIN_WEIGHT:
            continue
        c = canonical_stem(s)
        out[c] = max(out.get(c, 0.0), w)
    return out


def _recall(part: dict[str, float], stems: set[str] | frozenset[str]) -> float:
    total = sum(part.values())
    return sum(w for s, w in part.items() if s in stems) / total if total else 0.0


def canonical_set(a: Analysed) -> frozenset[str]:
    return frozenset(canonical_stem(s) for s in a.stems)


def _parties(a: Analysed) -> list[tuple[int, frozenset[str]]]:
    """Runs of capitalised words (names), with their start, weekday and month names left out."""
    out: list[tuple[int, frozenset[str]]] = []
    i = 0
    while i < len(a.tokens):
        if a.caps[i] and a.tokens[i] not in CALENDAR:
            j, run = i, set()
            while j < len(a.tokens) and a.clauses[j] == a.clauses[i] and a.caps[j] and a.tokens[j] not in CALENDAR:
                run.add(canonical_stem(a.stems[j]))
                j += 1
            out.append((i, frozenset(run)))
            i = j
        else:
            i += 1
    return out


def _names_part(variant: Analysed) -> dict[str, float]:
    """The variant's names (capitalised words) with their rarity weights."""
    return {canonical_stem(variant.stems[i]): variant.weights.get(variant.stems[i], 0.0)
            for i in range(len(variant.tokens)) if variant.caps[i] and variant.stems[i] in variant.weights}


_GENERIC_PAIR = (("both", "sides"), ("two", "sides"), ("each", "other"), ("both", "countries"),
                 ("two", "countries"), ("the", "two"))


def _names_generic_pair(a: Analysed) -> bool:
    return any(a.tokens[i : i + 2] == pair for i in range(len(a.tokens) - 1) for pair in _GENERIC_PAIR)


def _foreign(sentence: Analysed, known: frozenset[str]) -> bool:
    """Whether the sentence holds a rare word that no variant of the fact has (outcome words aside)."""
    skip = cue_stems(sentence)
    return any(
        w >= FOREIGN_WEIGHT and s not in skip and canonical_stem(s) not in known and not s[0].isdigit()
        for s, w in sentence.weights.items()
    )


# -- denials ------------------------------------------------------------------------------------------


def keeps_denial(variant: Analysed, summary: frozenset[str], summary_denies: bool) -> bool:
    """A variant that denies something ("... is not directed against X") is stated only by a summary
    that denies something too (``summary_denies``) or names what it denies (the word its negation
    governs, word variants merged): sharing the rest of its words says nothing about the denial."""
    if not variant.negated or summary_denies:
        return True
    denied = [canonical_stem(variant.stems[j]) for j in governed(variant) if not variant.caps[j]]
    return not denied or any(g in summary for g in denied)


# -- outcome ------------------------------------------------------------------------------------------


def outcome_decision(
    fact: Analysed,
    variants: Sequence[Analysed],
    sentences: Sequence[Analysed],
    aliases: frozenset[str] = frozenset(),
    story_names: frozenset[str] = frozenset(),
) -> Decision | None | bool:
    """For a fact with an outcome: ``Decision`` when the summary supports or opposes it (not both),
    ``False`` when it never states the outcome at all and the outcome must be stated
    (``outcome.required``), or states the stance only as another party's; ``None``
    otherwise (no outcome, a mixed summary, or an outcome a paraphrase may leave implicit)."""
    fact_cue = fact_outcome(fact)
    if fact_cue is None:
        return None
    # the cues of the variants that state the fact's outcome: any of their activities will do
    fact_cues = [c for c in (fact_outcome(v) for v in variants) if c and c.frame == fact_cue.frame
                 and c.polarity == fact_cue.polarity] or [fact_cue]
    if fact_cue.frame == ATTITUDE:
        # a stance is about the parties: the matter may differ ("accused X of A", "thanked X for B")
        rests = [r for r in (_names_part(v) for v in variants) if r]
    elif fact_cue.frame == STANCE:
        # a stance on a proposal is about the proposal: its common words, not the names around it
        rests = [r for r in (_rest(v, drop=frozenset(_names_part(v))) for v in variants) if r]
    else:
        rests = [r for r in (_rest(v) for v in variants) if r]
    known = frozenset(s for v in variants for s in canonical_set(v)) | frozenset(s for v in variants for s in cue_stems(v))
    names = frozenset(s for v in variants for _, run in _parties(v) for s in run)
    stances = [(v, c.position) for v in variants for c in outcomes(v) if c.frame == STANCE]
    holders = (frozenset().union(*(_holder(v, i) for v, i in stances))
               or frozenset().union(*(_holder(v, i, names_only=False) for v, i in stances)))
    holders = holders | aliases if holders else holders  # the stance's holder by any of its names
    summary = frozenset().union(*(canonical_set(s) for s in sentences)) if sentences else frozenset()
    summary_match = max((_recall(r, summary) for r in rests), default=1.0) >= REST_MATCH
    support: list[int] = []
    oppose: list[int] = []
    said = False  # the outcome is stated somewhere, whatever the matter
    others = False  # another party's stance on the fact's matter
    for k, sent in enumerate(sentences):
        cues = [c for c in outcomes(sent) if any(concerns(c, fc) for fc in fact_cues)]
        if not cues:
            continue
        said = said or any(c.polarity == fact_cue.polarity for c in cues)
        stems = canonical_set(sent)
        if _names_generic_pair(sent):
            stems = stems | names  # "both sides", "the two sides": the fact's parties
        match = max((_recall(r, stems) for r in rests), default=1.0)
        if fact_cue.frame == STANCE:
            # a stance is on what its own part of the sentence names ("X wants A, but Y offers only B")
            cues = [c for c in cues
                    if max((_recall(r, _segment(sent, c.position)) for r in rests), default=1.0) >= REST_MATCH]
            if not cues:
                continue
        if fact_cue.frame == ATTITUDE and match < NAMES_MATCH:
            continue  # a stance towards other parties, in this very sentence, says nothing of the fact's
        if fact_cue.frame == STANCE:
            mine = _own_cues(sent, cues, holders, story_names)
            if not mine:
                others = True
                continue  # another party's stance on the same matter says nothing of the fact's party
            cues = mine
        if match < REST_MATCH and not (match >= LONE_MATCH and not _foreign(sent, known)):
            # the matter named elsewhere in the summary, and no other party named here
            strangers = any(not run & names for _, run in _parties(sent))
            if not summary_match or strangers:
                continue
        same = sum(1 for c in cues if c.polarity == fact_cue.polarity)
        other = len(cues) - same
        if same > other:
            support.append(k)
        elif other > same:
            oppose.append(k)
    if support and not oppose:
        # the same stance towards the same parties need not be about the same thing
        return Decision("stated", support[0]) if fact_cue.frame not in (ATTITUDE, STANCE) else None
    if oppose and not support:
        return Decision("contradicted", oppose[0])
    if not support and not oppose:
        holder_named = bool(holders & summary)
        return False if (required(fact_cue) and not said) or (others and not holder_named) else None
    return None


_CONTRASTS = frozenset({"but", "while", "whereas", "although", "though", "however"})


def _segment(a: Analysed, i: int) -> frozenset[str]:
    """The canonical stems of the part of ``a`` around token ``i`` between contrasting conjunctions."""
    start = max((j + 1 for j in range(i) if a.tokens[j] in _CONTRASTS), default=0)
    end = min((j for j in range(i + 1, len(a.tokens)) if a.tokens[j] in _CONTRASTS), default=len(a.tokens))
    return frozenset(canonical_stem(a.stems[j]) for j in range(start, end))


def same_outcome(variants: Sequence[Analysed], sentence: Analysed) -> bool:
    """Whether the sentence asserts the fact's outcome, of the same kind and sign - for a stance, in one
    of the variants' own words (True for a fact with none): another speaker's claim contradicts the
    fact only when it is the same claim ("Moscow insists on a binding treaty" is not "the US says a
    treaty is unworkable" in another mouth)."""
    mine = fact_outcome(variants[0])
    if mine is None:
        return True
    words = frozenset(v.stems[c.position] for v in variants for c in outcomes(v) if c.frame == mine.frame)
    return _asserts(sentence, mine, words if mine.frame == STANCE else None)


def states_reversal(fact: Analysed, probe: Analysed, sentence: Analysed) -> bool:
    """For a probe that reverses the fact's outcome (``reverses_outcome``): whether the sentence asserts
    an outcome of the probe's kind and sign about anything ("talks ended inconclusively" asserts no
    stop); True for any other probe."""
    return not reverses_outcome(fact, probe) or _asserts(sentence, fact_outcome(probe))


def _asserts(sentence: Analysed, cue: Cue, words: frozenset[str] | None = None) -> bool:
    """Whether the sentence asserts an outcome of ``cue``'s kind and sign (in one of ``words``, if given)."""
    return any(c.frame == cue.frame and c.polarity == cue.polarity
               and (words is None or sentence.stems[c.position] in words) for c in outcomes(sentence))


def _holder(a: Analysed, position: int, names_only: bool = True) -> frozenset[str]:
    """Who holds a stance: the first name before its cue in its clause ("the United States says a treaty
    with Russia is unworkable"); with ``names_only=False``, else the first content word there ("the
    council says ...": used when no variant of the fact names the holder)."""
    runs = [run for start, run in _parties(a) if start < position and a.clauses[start] == a.clauses[position]]
    if runs or names_only:
        return runs[0] if runs else frozenset()
    words = [j for j in range(position) if a.clauses[j] == a.clauses[position] and a.stems[j] in a.weights
             and a.tokens[j] not in FILLERS]
    return frozenset({canonical_stem(a.stems[words[0]])}) if words else frozenset()


def _own_cues(sentence: Analysed, cues: Sequence[Cue], holders: frozenset[str], known: frozenset[str]) -> list[Cue]:
    """The stance cues of a sentence that may be the fact's party's: not one whose possible holders (the
    names before it in its clause, else the sentence's first name) are other actors the checklist
    knows (``known``) and none of the fact's (``holders``); a name the checklist never uses may be
    another name for the fact's party."""
    if not holders:
        return list(cues)
    # a common word the checklist uses as an actor's name is one here ("the alliance refused ...",
    # "Washington has agreed ..." at the start of a sentence)
    named_words = holders | known
    caps = tuple(c or canonical_stem(st) in named_words for c, st in zip(sentence.caps, sentence.stems))
    parties = _parties(replace(sentence, caps=caps))
    subject = parties[0][1] if parties else frozenset()
    out = []
    for c in cues:
        named = frozenset(s for start, run in parties if start < c.position
                          and sentence.clauses[start] == sentence.clauses[c.position] for s in run) or subject
        if not named or named & holders or not named & known:
            out.append(c)
    return out


def reverses_outcome(fact: Analysed, probe: Analysed) -> bool:
    """Whether a probe states the fact's outcome reversed ("talks collapsed" for "will keep talking")."""
    mine, theirs = fact_outcome(fact), fact_outcome(probe)
    return bool(mine and theirs and mine.frame == theirs.frame and mine.polarity != theirs.polarity)


# -- attribution --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    stems: frozenset[str]  # the name's stems, or the head word of a role ("mediator", "diplomat")
    named: bool  # a name (capitalised) rather than a role


def speakers(a: Analysed) -> list[Speaker]:
    """Who says something in ``a``: for each speech verb, the name nearest before it in its clause or
    right after it ("..., said Clinton"), else the head word of the role before it ("the chief
    mediator said")."""
    parties = _parties(a)
    out: list[Speaker] = []
    for i, st in enumerate(a.stems):
        if st not in _SPEECH or a.caps[i]:
            continue
        clause = a.clauses[i]
        before = [run for start, run in parties if start < i and a.clauses[start] == clause and i - start <= PARTY_REACH]
        after = [run for start, run in parties if start == i + 1 and a.clauses[start] == clause]
        head: frozenset[str] = frozenset()
        for j in range(i - 1, max(-1, i - 1 - ROLE_REACH), -1):
            if a.clauses[j] != clause:
                break
            if a.weights.get(a.stems[j], 0.0) >= REST_MIN_WEIGHT and a.tokens[j] not in _NOT_ROLES:
                head = frozenset() if a.caps[j] else frozenset({canonical_stem(a.stems[j])})
                break
        if before or after:
            # "the Russian opposition says": the name and the head of the role both name the speaker
            out.append(Speaker((before[-1:] or after)[0] | head, True))
        elif head:
            out.append(Speaker(head, False))
    return out


def fact_speakers(variants: Sequence[Analysed]) -> frozenset[str]:
    """Every stem that names the fact's speaker, or its role, in any variant; empty when the fact
    itself (the first variant) reports no speech."""
    if not variants or not speakers(variants[0]):
        return frozenset()
    return frozenset(s for v in variants for sp in speakers(v) for s in sp.stems)


def misattributed(
    variants: Sequence[Analysed],
    sentence: Analysed,
    salience: Mapping[str, float] | None = None,
    aliases: frozenset[str] = frozenset(),
) -> tuple[float, bool] | None:
    """When ``sentence`` gives the words to a speaker (a name or a role) that no variant names, and
    names none of the fact's speakers (nor their ``aliases``, the other names the checklist gives them,
    ``roles.actor_aliases``): the share of the claim it holds (the best variant's content,
    speakers left out, each word's weight times its checklist factor ``salience`` so that the claim's
    own words count most), and whether that speaker is named. None otherwise."""
    mine = fact_speakers(variants)
    if not mine:
        return None
    theirs = speakers(sentence)
    stems = canonical_set(sentence)
    # the fact's own speaker named anywhere, or another name for it as the speaker
    if not theirs or stems & mine or any(sp.stems & (mine | aliases) for sp in theirs):
        return None
    mine |= aliases
    speech = frozenset(s for v in variants for s in v.stems if s in _SPEECH)
    claims = [_rest(v, drop=mine | speech, outcome_words=True) for v in variants]  # "... is unworkable"
    factor = salience or {}
    claims = [{s: w * factor.get(s, 1.0) for s, w in c.items() if s not in mine} for c in claims]
    return max((_recall(c, stems) for c in claims if c), default=0.0), any(sp.named for sp in theirs)


# -- places -------------------------------------------------------------------------------------------


def places(a: Analysed) -> list[tuple[int, frozenset[str]]]:
    """Names that follow "in" ("in Brussels"; not "in NATO headquarters": a name followed by a common
    noun describes the noun; a preposition or a past-tense verb after the name starts a phrase of its
    own: "in Brussels between the two sides", "the talks in Zurich ended")."""
    out = []
    for start, run in _parties(a):
        if start == 0 or a.tokens[start - 1] not in _PLACE_PREPOSITIONS:
            continue
        end = start + len(run)
        while end < len(a.tokens) and a.caps[end]:
            end += 1
        if end < len(a.tokens) and a.clauses[end] == a.clauses[start] and not a.caps[end] \
                and a.stems[end] in a.weights and weight(a.tokens[end]) >= 1.0 and a.tokens[end] not in CLAUSE_WORDS \
                and a.tokens[end] not in _AFTER_PLACE and not a.tokens[end].endswith("ed") \
                and not a.tokens[end][0].isdigit():
            continue
        out.append((start, run))
    return out


def names_its_place(variant: Analysed, summary: frozenset[str]) -> bool:
    """Whether a summary (its canonical stems) names the place where a variant says a meeting or talks
    took place ("talks held in Geneva", "met in Geneva"), if it says so: where the meeting happened is
    the point of such a fact, and the rest of its words (the parties, the talks) are shared by every
    fact of the story. A place that only describes a thing ("a missile shield in Europe") is not."""
    if not any(s in _EVENT_STEMS for s in variant.stems):
        return True
    mine = [run for _, run in places(variant)]
    return not mine or any(run & summary for run in mine)


def place_conflict(variants: Sequence[Analysed], sentences: Sequence[Analysed]) -> int | None:
    """The index of a sentence that states the fact's matter in another place, or None."""
    mine = [run for v in variants for _, run in places(v)]
    if not mine:
        return None
    known = frozenset().union(*mine)
    summary = frozenset().union(*(canonical_set(s) for s in sentences)) if sentences else frozenset()
    if summary & known:
        return None
    rests = [_rest(v, drop=frozenset(known)) for v in variants]
    rests = [{s: w for s, w in r.items() if s not in known} for r in rests]
    # the fact's meeting words ("talks", "held", "summit"): a place in their clause is where it happened
    events = frozenset(canonical_stem(s) for v in variants for s in v.stems if s in _EVENT_STEMS)
    summary_match = max((_recall(r, summary) for r in rests if r), default=0.0) >= PLACE_MATCH
    for k, sent in enumerate(sentences):
        theirs = [(start, run) for start, run in places(sent) if not run & known]
        if not theirs:
            continue
        here = max((_recall(r, canonical_set(sent)) for r in rests if r), default=0.0) >= PLACE_MATCH
        for start, _run in theirs:
            clause = sent.clauses[start]
            common = {canonical_stem(s) for j, s in enumerate(sent.stems)
                      if sent.clauses[j] == clause and not sent.caps[j] and s in sent.weights}
            # a fact that places a meeting is contradicted by a place in a clause about a meeting
            if here and any(common & set(r) for r in rests) and (not events or common & events):
                return k
            # "... failed to agree. The talks in Zurich ended ...": the matter named elsewhere in the summary
            if summary_match and common & events:
                return k
    return None


def no_outcome_support(decision: Decision | None | bool) -> bool:
    return decision is False


__all__ = ["Cue", "Decision", "misattributed", "outcome_decision", "place_conflict", "speakers"]
