"""Word-level analysis for the ``align`` judge: tokens, Porter stems, rarity weights and polarity cues.

* Tokens are lower-cased words and numbers; numbers are first normalised by ``numbers.normalize``.
* Stems come from NLTK's Porter stemmer (the stemmer ROUGE uses), cached per word.
* A word's weight is its rarity in general English: ``max(0, ceiling - zipf)`` where ``zipf`` is the
  word's Zipf frequency from the ``wordfreq`` package (7 for "the"-like words, about 3 for names such as
  "Rasmussen", 0 for unseen words). Function words therefore weigh (almost) nothing and names weigh
  most, with no stop-word list to maintain. Numbers get the weight of a rare word.
* Negation cues and a short list of opposite-meaning verbs ("continue" vs "abandon") let the judge tell
  a statement from its opposite when both share most of their words.
* For the contradiction checks (``contradiction``), every token also carries whether it was written
  with a capital (``caps``: names, "U.S.") and the index of the clause it sits in (``clauses``: a new
  clause starts at , ; : ( ) quotes and dashes, and at "but", "while", "although", "which", "that" and
  similar words), so that a negation or a party is only related to words of its own clause. These two
  fields never enter the alignment features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .numbers import NUMBER_RE, normalize

RARITY_CEILING = 7.0
NUMBER_WEIGHT = 5.0

_TOKEN = re.compile(rf"{NUMBER_RE}|[a-z]+(?:['’][a-z]+)?")

# Words that flip the polarity of the clause they sit in.
NEGATION_CUES: frozenset[str] = frozenset(
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
        "fail", "failed", "fails", "failing", "refuse", "refused", "refuses", "deny", "denied",
        "denies", "reject", "rejected", "rejects", "lack", "lacked", "unable", "yet",
    }
)
# "yet" alone is not a negation; it only counts together with another cue ("not yet"), see below.
_WEAK_CUES: frozenset[str] = frozenset({"yet"})

# Stems that deny the outcome they govern without a grammatical negation ("remain deadlocked", "failed").
NEGATIVE_PREDICATES: frozenset[str] = frozenset(
    {"deadlock", "impass", "stalem", "stall", "fail", "refus", "reject", "deni", "declin", "lack", "unabl"}
)
# "pulled out", "opted out", "ruled out": a particle after these stems denies like a negative predicate.
NEGATIVE_PARTICLE_VERBS: frozenset[str] = frozenset({"pull", "opt", "rule", "walk", "drop", "bow", "back"})
# Words that make what follows them wished, planned or conditional rather than asserted.
IRREALIS_CUES: frozenset[str] = frozenset(
    {
        "aim", "aimed", "aiming", "aims", "hope", "hopes", "hoped", "hoping", "seek", "seeks", "sought",
        "try", "tries", "tried", "trying", "want", "wants", "wanted", "plan", "plans", "planned", "expect",
        "expects", "expected", "intend", "intends", "propose", "proposes", "proposed", "urge", "urges",
        "urged", "demand", "demands", "demanded", "may", "might", "could", "would", "should", "if",
        "whether", "unless", "optimism", "bid", "toward", "towards", "possible", "possibly", "likely",
        "chance", "prospect", "prospects",
    }
)
# Words a negation or a party passes over: auxiliaries, determiners, pronouns, light prepositions.
FILLERS: frozenset[str] = frozenset(
    {
        "to", "be", "been", "being", "is", "are", "was", "were", "am", "have", "has", "had", "do", "does",
        "did", "yet", "a", "an", "the", "any", "ever", "even", "so", "far", "really", "just", "also", "get",
        "got", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "it", "they",
        "he", "she", "we", "you", "i", "its", "their", "his", "her", "our", "there", "this", "these", "those",
        "one", "single", "longer", "more", "much", "in", "on", "at", "of", "for", "with", "by", "from",
    }
)
BE_FORMS: frozenset[str] = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# Weekday and month names (and their abbreviations): dates, never parties or places.
CALENDAR: frozenset[str] = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
# Words that open a new clause (for the scope of negation and the parties of a verb).
CLAUSE_WORDS: frozenset[str] = frozenset(
    {"but", "while", "whereas", "although", "though", "however", "because", "despite", "unless", "which",
     "who", "whom", "whose", "that", "after", "before", "when", "as", "since"}
)
# Verbs that deny the clause they introduce: "deny that P" says "not P".
DENIAL_VERBS: frozenset[str] = frozenset(
    {"deny", "denies", "denied", "denying", "dismiss", "dismisses", "dismissed", "reject", "rejects", "rejected"}
)
_DENIAL_REACH = 3  # "denied that", "rejected claims that", "dismissed the suggestion that"
_CLAUSE_PUNCT = re.compile(r"[,;:()\[\]\"“”‘—–!?]|\s-\s|’(?![a-z])")

# Pairs of opposite outcomes that news summaries flip; each side is a set of stems.
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        frozenset({"continu", "keep", "resum", "press", "carri", "persist", "remain"}),
        frozenset({"abandon", "halt", "stop", "end", "quit", "collaps", "walk", "broke", "break", "ceas"}),
    ),
    (frozenset({"agre", "accept", "approv", "back", "endors"}), frozenset({"reject", "oppos", "veto", "refus"})),
    (frozenset({"rise", "rose", "increas", "grow", "grew", "gain", "climb"}), frozenset({"fall", "fell", "drop", "declin", "decreas", "lose", "lost", "shrink"})),
    (frozenset({"win", "won", "victori"}), frozenset({"lose", "lost", "defeat"})),
    (frozenset({"aliv", "surviv", "surviv"}), frozenset({"dead", "die", "di", "kill"})),
    (frozenset({"acquit", "clear"}), frozenset({"convict", "guilti"})),
)


_SIDES: dict[str, tuple[int, frozenset[str], frozenset[str]]] = {}
for _k, (_pos, _neg) in enumerate(_OPPOSITES):
    for _s in _pos:
        _SIDES.setdefault(_s, (_k + 1, _pos, _neg))
    for _s in _neg:
        _SIDES.setdefault(_s, (-(_k + 1), _neg, _pos))


def opposite_sides(stem: str) -> tuple[int, frozenset[str], frozenset[str]] | None:
    """For a stem on one side of an outcome pair: (signed pair number, its side, the other side)."""
    return _SIDES.get(stem)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word[0].isdigit():
        return word
    return _stemmer().stem(word.replace("’", "'").split("'")[0] or word)


@lru_cache(maxsize=200_000)
def weight(word: str) -> float:
    if word[0].isdigit():
        return NUMBER_WEIGHT
    from wordfreq import zipf_frequency

    return max(0.0, RARITY_CEILING - zipf_frequency(word, "en"))


@dataclass(frozen=True)
class Analysed:
    """One text (a sentence or a fact) reduced to what the judge compares."""

    text: str
    tokens: tuple[str, ...]  # lower-cased words and normalised numbers, in order
    stems: tuple[str, ...]  # one per token
    weights: dict[str, float]  # content stem -> weight (the largest over its words)
    numbers: frozenset[str]  # normalised numbers
    negated: bool  # carries a negation cue
    polarity: frozenset[int]  # signed indexes into _OPPOSITES: +i / -(i+1) for the two sides
    names: frozenset[str]  # stems of capitalised words not at the start of the text
    caps: tuple[bool, ...] = ()  # per token: written with a capital (and a name, see ``analyse``)
    clauses: tuple[int, ...] = ()  # per token: index of its clause

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


def _polarity(stems: tuple[str, ...]) -> frozenset[int]:
    out: set[int] = set()
    present = set(stems)
    for i, (pos, neg) in enumerate(_OPPOSITES):
        if present & pos:
            out.add(i + 1)
        if present & neg:
            out.add(-(i + 1))
    return frozenset(out)


def is_negated(tokens: Sequence[str]) -> bool:
    """Whether the tokens carry a negation cue ("not", "never", "failed", "didn't", ...)."""
    return any((t in NEGATION_CUES and t not in _WEAK_CUES) or t.endswith(("n't", "n’t")) for t in tokens)


_FIRST_WORD = re.compile(r"[A-Z][a-zA-Z]+")
_RARE_NAME_WEIGHT = 2.5  # a capitalised first word counts as a name when at least this rare
_CAPITAL = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")


@lru_cache(maxsize=100_000)
def analyse(text: str) -> Analysed:
    normal = normalize(text)
    lower = normal.lower()
    matches = list(_TOKEN.finditer(lower))
    tokens = tuple(m.group(0) for m in matches)
    stems = tuple(stem(t) for t in tokens)
    weights: dict[str, float] = {}
    for tok, st in zip(tokens, stems):
        w = weight(tok)
        if w > 0 and tok not in NEGATION_CUES:
            weights[st] = max(weights.get(st, 0.0), w)
    numbers = frozenset(t for t in tokens if t[0].isdigit())
    names = set(stem(m.group(0).lower()) for m in _CAPITAL.finditer(normal.strip()))
    head = _FIRST_WORD.match(normal.strip())
    if head and weight(head.group(0).lower()) >= _RARE_NAME_WEIGHT:
        names.add(stem(head.group(0).lower()))
    caps, clauses = _token_marks(normal, lower, matches, tokens)
    return Analysed(
        text=text,
        tokens=tokens,
        stems=stems,
        weights=weights,
        numbers=numbers,
        negated=is_negated(tokens),
        polarity=_polarity(stems),
        names=frozenset(names),
        caps=caps,
        clauses=clauses,
    )


def _token_marks(
    normal: str, lower: str, matches: list[re.Match[str]], tokens: tuple[str, ...]
) -> tuple[tuple[bool, ...], tuple[int, ...]]:
    """Per token: capitalised (a name or an abbreviation such as "U.S."), and clause index."""
    same_length = len(lower) == len(normal)
    caps: list[bool] = []
    clauses: list[int] = []
    clause = 0
    previous_end = 0
    for k, m in enumerate(matches):
        gap = lower[previous_end : m.start()]
        if k > 0 and (_CLAUSE_PUNCT.search(gap) or tokens[k] in CLAUSE_WORDS):
            clause += 1
        previous_end = m.end()
        clauses.append(clause)
        capital = same_length and normal[m.start()].isupper()
        if capital and k == 0 and not (len(tokens[k]) > 1 and normal[m.start() : m.end()].isupper()):
            capital = weight(tokens[k]) >= _RARE_NAME_WEIGHT
        caps.append(bool(capital))
    return tuple(caps), tuple(clauses)


def denied_clauses(a: Analysed) -> frozenset[int]:
    """Clauses opened by "that" shortly after a denial verb ("NATO denied that the shield is aimed at
    Moscow", "rejected claims that talks had failed"): what they say is denied."""
    out: set[int] = set()
    for i, tok in enumerate(a.tokens):
        if tok != "that" or i == 0 or a.clauses[i] == a.clauses[i - 1]:
            continue
        if any(t in DENIAL_VERBS for t in a.tokens[max(0, i - _DENIAL_REACH) : i]):
            out.add(a.clauses[i])
    return frozenset(out)


_AIM = frozenset({"aim", "aimed", "aiming", "aims"})


def is_irrealis(a: Analysed, i: int) -> bool:
    """Whether the token at ``i`` makes what follows it wished, planned or conditional
    (``IRREALIS_CUES``); "could not" reports a failure ("could not agree"); "aimed at" a thing targets
    it ("a shield aimed at Iran") and is no wish, unlike "aimed at reaching a deal"."""
    if a.tokens[i] not in IRREALIS_CUES:
        return False
    if a.tokens[i] == "could" and i + 1 < len(a.tokens) and a.tokens[i + 1] in ("not", "never"):
        return False  # "could not agree": a failure, not a possibility
    if a.tokens[i] in _AIM and i + 2 < len(a.tokens) and a.tokens[i + 1] == "at":
        return a.tokens[i + 2].endswith("ing")
    return True


_CONTRAST_OPENERS = (("rather", "than"), ("instead", "of"))


def contrast_denied(a: Analysed) -> frozenset[int]:
    """Positions a contrast denies: the words after a clause-opening "not" ("aimed at X, not Y") and
    after "rather than" or "instead of", to the end of their clause."""
    out: set[int] = set()
    toks = a.tokens
    for i, t in enumerate(toks):
        opens = (t == "not" and (i == 0 or a.clauses[i - 1] != a.clauses[i])) or \
            (i > 0 and (toks[i - 1], t) in _CONTRAST_OPENERS)
        if not opens or i + 1 >= len(toks):
            continue
        j = i + 1
        while j < len(toks) and a.clauses[j] == a.clauses[i + 1]:
            out.add(j)
            j += 1
    return frozenset(out)
